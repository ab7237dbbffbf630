//! The text alternative of a map or chart: a plain table.

use super::escape::escape;
use super::w;

/// A table that says what a map or chart shows. Render it with [`Table::to_html`] or walk
/// its fields in a template.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// A closing row (totals), if any.
    pub footer: Option<Vec<Cell>>,
}

/// A column heading; numeric columns are right-aligned (class `num`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Column {
    pub header: String,
    pub numeric: bool,
}

/// One cell: its text and, optionally, where it links to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
}

impl Column {
    pub fn text(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            numeric: false,
        }
    }

    pub fn numeric(header: impl Into<String>) -> Self {
        Self {
            header: header.into(),
            numeric: true,
        }
    }
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            href: None,
        }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            href: Some(href.into()),
        }
    }
}

impl Table {
    /// `<table class="data-table">` with caption, header row, body and footer; the first
    /// cell of each row is its header (`<th scope="row">`). All text is escaped.
    pub fn to_html(&self) -> String {
        let mut out = String::from("<table class=\"data-table\">\n");
        if !self.caption.is_empty() {
            w!(out, "<caption>{}</caption>\n", escape(&self.caption));
        }
        out.push_str("<thead><tr>");
        for c in &self.columns {
            let class = if c.numeric { " class=\"num\"" } else { "" };
            w!(out, "<th scope=\"col\"{class}>{}</th>", escape(&c.header));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            self.row(&mut out, row);
        }
        out.push_str("</tbody>\n");
        if let Some(footer) = &self.footer {
            out.push_str("<tfoot>\n");
            self.row(&mut out, footer);
            out.push_str("</tfoot>\n");
        }
        out.push_str("</table>\n");
        out
    }

    fn row(&self, out: &mut String, row: &[Cell]) {
        out.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let numeric = self.columns.get(i).is_some_and(|c| c.numeric);
            let (tag, scope) = if i == 0 { ("th", " scope=\"row\"") } else { ("td", "") };
            let class = if numeric { " class=\"num\"" } else { "" };
            let text = escape(&cell.text);
            match &cell.href {
                Some(href) => w!(
                    *out,
                    "<{tag}{scope}{class}><a href=\"{}\">{text}</a></{tag}>",
                    escape(href)
                ),
                None => w!(*out, "<{tag}{scope}{class}>{text}</{tag}>"),
            }
        }
        out.push_str("</tr>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_escaped_html() {
        let t = Table {
            caption: "A & B".into(),
            columns: vec![Column::text("Daerah"), Column::numeric("Jumlah")],
            rows: vec![vec![Cell::link("Kota <Bandung>", "/daerah/32.73"), Cell::new("3")]],
            footer: Some(vec![Cell::new("Jumlah"), Cell::new("3")]),
        };
        let html = t.to_html();
        assert!(html.contains("<caption>A &amp; B</caption>"));
        assert!(html.contains("<th scope=\"col\" class=\"num\">Jumlah</th>"));
        assert!(html.contains("<th scope=\"row\"><a href=\"/daerah/32.73\">Kota &lt;Bandung&gt;</a></th>"));
        assert!(html.contains("<td class=\"num\">3</td>"));
        assert!(html.contains("<tfoot>\n<tr><th scope=\"row\">Jumlah</th><td class=\"num\">3</td></tr>\n</tfoot>"));
        crate::svg::xmlcheck::check(&html).expect("well-formed");
    }
}
