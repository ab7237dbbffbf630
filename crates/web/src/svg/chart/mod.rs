//! Bar charts: stacked bars per year by series, and horizontal bars by label.

use super::escape::{class_token, escape};
use super::table::{Cell, Column, Table};
use super::{count, num, open_svg, text_width, truncate, w};
use std::collections::BTreeMap;

/// One series of a stacked bar chart (one form of cooperation: KSDD, KSDPK…).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// A short key, also a class (`series-ksdd`) so its colour can be fixed in CSS.
    pub key: String,
    /// The name in the legend and the table.
    pub name: String,
    /// `(year, value)`; a year given twice is added up.
    pub values: Vec<(i32, u64)>,
}

/// The words a chart needs, in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLabels {
    /// A prefix for element ids, unique on the page.
    pub id: String,
    /// The chart's title (`<title>`, and the table's caption).
    pub title: String,
    /// A sentence saying what the chart shows (`<desc>`); may be empty.
    pub description: String,
    /// Title under the horizontal axis (the years, or the values of an `hbar_chart`); may
    /// be empty.
    pub x_axis: String,
    /// Title beside the vertical axis of `bar_chart_by_year` (the values); may be empty.
    pub y_axis: String,
    /// Heading of the table's first column (`"Tahun"`, `"Negara"`, `"TPB"`).
    pub label_header: String,
    /// Heading of the value column of `hbar_table`.
    pub value_header: String,
    /// Heading of the total column and row of `bar_chart_table`.
    pub total: String,
    /// Shown instead of bars when there is nothing to draw.
    pub empty: String,
    /// Thousands separator in numbers (`"."` in Indonesian, `","` in English).
    pub thousands_sep: String,
}

impl ChartLabels {
    /// Labels with Indonesian words for a chart by year.
    pub fn new(id: impl Into<String>, title: impl Into<String>, description: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            title: title.into(),
            description: description.into(),
            x_axis: "Tahun".into(),
            y_axis: "Jumlah kerja sama".into(),
            label_header: "Tahun".into(),
            value_header: "Jumlah".into(),
            total: "Total".into(),
            empty: "Belum ada data".into(),
            thousands_sep: ".".into(),
        }
    }
}

/// Default fills of `series-0`…`series-7` (Okabe–Ito, readable with colour blindness).
const SERIES_FILL: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999",
];
const TEXT_FILL: &str = "#374151";

/// The smallest step of 1, 2 or 5 × 10ⁿ that reaches `max` in at most `target` steps.
fn nice_step(max: u64, target: u64) -> u64 {
    let mut mag: u64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = mag.saturating_mul(m);
            if max.div_ceil(step) <= target {
                return step;
            }
        }
        if mag > u64::MAX / 10 {
            return max.max(1);
        }
        mag *= 10;
    }
}

/// `(step, axis maximum)` for values up to `max`.
fn axis(max: u64) -> (u64, u64) {
    let step = nice_step(max.max(1), 5);
    (step, max.max(1).div_ceil(step).saturating_mul(step))
}

/// The years to draw (every year from the first to the last, or only those with a value
/// when they span more than two centuries) and each series' value per year.
fn by_year(series: &[Series]) -> (Vec<i32>, BTreeMap<i32, Vec<u64>>) {
    let mut map: BTreeMap<i32, Vec<u64>> = BTreeMap::new();
    for (i, s) in series.iter().enumerate() {
        for &(year, v) in &s.values {
            let row = map.entry(year).or_insert_with(|| vec![0; series.len()]);
            row[i] = row[i].saturating_add(v);
        }
    }
    let years: Vec<i32> = match (map.keys().next(), map.keys().next_back()) {
        (Some(&first), Some(&last)) if i64::from(last) - i64::from(first) <= 200 => (first..=last).collect(),
        _ => map.keys().copied().collect(),
    };
    (years, map)
}

fn empty_chart(out: &mut String, width: f64, height: f64, labels: &ChartLabels) {
    w!(
        *out,
        "<text class=\"chart-empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" fill=\"{TEXT_FILL}\">{}</text>\n</svg>\n",
        num(width / 2.0),
        num(height / 2.0),
        escape(&labels.empty)
    );
}

/// The values of the grid lines: 0, `step`, 2·`step`… up to the axis maximum.
fn tick_values(step: u64, axis_max: u64) -> impl Iterator<Item = u64> {
    std::iter::successors(Some(0u64), move |v| v.checked_add(step)).take_while(move |v| *v <= axis_max)
}

/// The grid lines, then their labels (aligned by `anchor`).
fn write_grid(out: &mut String, lines: &str, ticks: &str, anchor: &str) {
    w!(
        *out,
        "<g class=\"svg-grid\" stroke=\"#e5e7eb\" stroke-width=\"1\">\n{lines}</g>\n"
    );
    w!(
        *out,
        "<g class=\"svg-ticks\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"{TEXT_FILL}\">\n{ticks}</g>\n"
    );
}

/// The line of the axis the bars stand on.
fn write_axis_line(out: &mut String, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) {
    w!(
        *out,
        "<line class=\"svg-axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9ca3af\" stroke-width=\"1\"/>\n",
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    );
}

/// The title of the horizontal axis centred at (`x`, `y`), when there is one.
fn write_x_axis_title(out: &mut String, labels: &ChartLabels, x: f64, y: f64) {
    if !labels.x_axis.is_empty() {
        w!(
            *out,
            "<text class=\"svg-axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TEXT_FILL}\">{}</text>\n",
            num(x),
            num(y),
            escape(&labels.x_axis)
        );
    }
}

/// Width of [`bar_chart_by_year`]'s view.
const YEAR_CHART_W: f64 = 720.0;
/// Height of [`bar_chart_by_year`]'s view.
const YEAR_CHART_H: f64 = 360.0;

/// Where [`bar_chart_by_year`] draws its bars, and the scale of their values.
struct YearPlot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    axis_max: u64,
}

impl YearPlot {
    /// The plot below the legend, right of the value labels (and the axis title).
    fn new(labels: &ChartLabels, legend_bottom: f64, axis_max: u64) -> Self {
        let tick_w = text_width(&count(axis_max, &labels.thousands_sep), 11.0);
        Self {
            left: if labels.y_axis.is_empty() { 8.0 } else { 26.0 } + tick_w + 8.0,
            right: YEAR_CHART_W - 12.0,
            top: legend_bottom + 18.0 + 20.0,
            bottom: if labels.x_axis.is_empty() {
                YEAR_CHART_H - 24.0
            } else {
                YEAR_CHART_H - 40.0
            },
            axis_max,
        }
    }

    fn y_of(&self, v: u64) -> f64 {
        self.bottom - v as f64 / self.axis_max as f64 * (self.bottom - self.top)
    }
}

/// Stacked bars per year (viewBox `0 0 720 360`): one bar per year from the first to the
/// last (missing years are empty), one segment per series in the given order (classes
/// `bar series-{index} series-{key}`, each with `data-value` and a `<title>`), the total
/// above each bar, a value axis with grid lines, year labels, axis titles and a legend.
pub fn bar_chart_by_year(series: &[Series], labels: &ChartLabels) -> String {
    let sep = labels.thousands_sep.as_str();
    let mut out = String::with_capacity(8_000);
    open_svg(
        &mut out,
        &labels.id,
        "jalin-chart bar-chart",
        "0 0 720 360",
        "img",
        &labels.title,
        &labels.description,
    );
    let (years, values) = by_year(series);
    if years.is_empty() {
        empty_chart(&mut out, YEAR_CHART_W, YEAR_CHART_H, labels);
        return out;
    }
    let totals = years.iter().map(|y| {
        values
            .get(y)
            .map_or(0, |v| v.iter().fold(0u64, |a, b| a.saturating_add(*b)))
    });
    let (step, axis_max) = axis(totals.max().unwrap_or(0));
    let (legend, legend_bottom) = series_legend(series);
    let plot = YearPlot::new(labels, legend_bottom, axis_max);
    w!(
        out,
        "<g class=\"svg-legend\" font-size=\"12\" fill=\"{TEXT_FILL}\">\n{legend}</g>\n"
    );
    let (mut lines, mut ticks) = (String::new(), String::new());
    for v in tick_values(step, axis_max) {
        let y = num(plot.y_of(v));
        w!(
            lines,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\n",
            num(plot.left),
            num(plot.right)
        );
        w!(
            ticks,
            "<text x=\"{}\" y=\"{}\">{}</text>\n",
            num(plot.left - 6.0),
            num(plot.y_of(v) + 4.0),
            count(v, sep)
        );
    }
    write_grid(&mut out, &lines, &ticks, "end");
    let (total_labels, year_labels) = write_year_bars(&mut out, series, &years, &values, &plot, sep);
    write_axis_line(&mut out, (plot.left, plot.bottom), (plot.right, plot.bottom));
    if !total_labels.is_empty() {
        w!(
            out,
            "<g class=\"bar-totals\" font-size=\"10\" text-anchor=\"middle\" fill=\"{TEXT_FILL}\">\n{total_labels}</g>\n"
        );
    }
    w!(
        out,
        "<g class=\"svg-years\" font-size=\"11\" text-anchor=\"middle\" fill=\"{TEXT_FILL}\">\n{year_labels}</g>\n"
    );
    write_x_axis_title(&mut out, labels, (plot.left + plot.right) / 2.0, YEAR_CHART_H - 6.0);
    if !labels.y_axis.is_empty() {
        w!(
            out,
            "<text class=\"svg-axis-title\" transform=\"translate(14,{}) rotate(-90)\" text-anchor=\"middle\" font-size=\"11\" fill=\"{TEXT_FILL}\">{}</text>\n",
            num((plot.top + plot.bottom) / 2.0),
            escape(&labels.y_axis)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The legend's entries in rows at the top, wrapping when they run out of width; and the
/// `y` of its last row.
fn series_legend(series: &[Series]) -> (String, f64) {
    let mut legend = String::new();
    let (mut lx, mut ly) = (12.0, 4.0);
    for (i, s) in series.iter().enumerate() {
        let item = 16.0 + text_width(&s.name, 12.0) + 18.0;
        if lx > 12.0 && lx + item > YEAR_CHART_W - 12.0 {
            lx = 12.0;
            ly += 18.0;
        }
        w!(
            legend,
            "<rect class=\"series-{} series-{}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
            i % 8,
            class_token(&s.key),
            num(lx),
            num(ly),
            SERIES_FILL[i % 8],
            num(lx + 16.0),
            num(ly + 10.5),
            escape(&s.name)
        );
        lx += item;
    }
    (legend, ly)
}

/// The bars, one stacked bar per year; returns the labels of the totals above the bars
/// (none when there are too many bars) and of the years under them (thinned to fit).
fn write_year_bars(
    out: &mut String,
    series: &[Series],
    years: &[i32],
    values: &BTreeMap<i32, Vec<u64>>,
    plot: &YearPlot,
    sep: &str,
) -> (String, String) {
    let n = years.len() as f64;
    let slot = (plot.right - plot.left) / n;
    let bar_w = (slot * 0.7).max(1.0);
    let label_every = ((n * 40.0) / (plot.right - plot.left)).ceil().max(1.0) as usize;
    out.push_str("<g class=\"svg-bars\">\n");
    let mut year_labels = String::new();
    let mut total_labels = String::new();
    for (i, year) in years.iter().enumerate() {
        let x = plot.left + slot * i as f64 + (slot - bar_w) / 2.0;
        let cx = num(x + bar_w / 2.0);
        let row = values.get(year).map_or(&[][..], Vec::as_slice);
        let total = write_stack(out, series, *year, row, (x, bar_w), plot, sep);
        if total > 0 && years.len() <= 30 {
            w!(
                total_labels,
                "<text x=\"{cx}\" y=\"{}\">{}</text>\n",
                num(plot.y_of(total) - 4.0),
                count(total, sep)
            );
        }
        if i.is_multiple_of(label_every) {
            w!(
                year_labels,
                "<text x=\"{cx}\" y=\"{}\">{year}</text>\n",
                num(plot.bottom + 16.0)
            );
        }
    }
    out.push_str("</g>\n");
    (total_labels, year_labels)
}

/// One year's bar: a segment per series with a value, stacked from the axis at `x` with
/// the given width; returns the bar's total.
fn write_stack(
    out: &mut String,
    series: &[Series],
    year: i32,
    row: &[u64],
    (x, bar_w): (f64, f64),
    plot: &YearPlot,
    sep: &str,
) -> u64 {
    let mut cum = 0u64;
    for (j, &v) in row.iter().enumerate() {
        if v == 0 {
            continue;
        }
        let next = cum.saturating_add(v);
        let (y0, y1) = (plot.y_of(cum), plot.y_of(next));
        let s = &series[j];
        let title = format!("{} {year}: {}", s.name, count(v, sep));
        w!(
            *out,
            "<rect class=\"bar series-{} series-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" data-value=\"{v}\"><title>{}</title></rect>\n",
            j % 8,
            class_token(&s.key),
            num(x),
            num(y1),
            num(bar_w),
            num(y0 - y1),
            SERIES_FILL[j % 8],
            escape(&title)
        );
        cum = next;
    }
    cum
}

/// The stacked bar chart as a table: a row per year (as drawn), a column per series and the
/// total; the footer adds up each column.
pub fn bar_chart_table(series: &[Series], labels: &ChartLabels) -> Table {
    let sep = labels.thousands_sep.as_str();
    let (years, values) = by_year(series);
    let mut columns = vec![Column::text(&labels.label_header)];
    columns.extend(series.iter().map(|s| Column::numeric(&s.name)));
    columns.push(Column::numeric(&labels.total));
    let mut sums = vec![0u64; series.len()];
    let mut rows = Vec::with_capacity(years.len());
    for year in &years {
        let zero = vec![0; series.len()];
        let row = values.get(year).unwrap_or(&zero);
        let mut cells = vec![Cell::new(year.to_string())];
        let mut total = 0u64;
        for (j, &v) in row.iter().enumerate() {
            sums[j] = sums[j].saturating_add(v);
            total = total.saturating_add(v);
            cells.push(Cell::new(count(v, sep)));
        }
        cells.push(Cell::new(count(total, sep)));
        rows.push(cells);
    }
    let grand = sums.iter().fold(0u64, |a, b| a.saturating_add(*b));
    let mut footer = vec![Cell::new(&labels.total)];
    footer.extend(sums.iter().map(|&s| Cell::new(count(s, sep))));
    footer.push(Cell::new(count(grand, sep)));
    Table {
        caption: labels.title.clone(),
        columns,
        rows,
        footer: Some(footer),
    }
}

/// Longest label drawn in full by [`hbar_chart`]; longer ones are cut (the `<title>` has
/// them whole).
const HBAR_LABEL_CHARS: usize = 32;

/// Height of a row of [`hbar_chart`].
const HBAR_ROW: f64 = 24.0;
/// Thickness of a bar of [`hbar_chart`].
const HBAR_BAR: f64 = 16.0;

/// Where [`hbar_chart`] draws its bars, and the scale of their values.
struct HbarPlot {
    left: f64,
    right: f64,
    axis_max: u64,
}

impl HbarPlot {
    fn x_of(&self, v: u64) -> f64 {
        self.left + v as f64 / self.axis_max as f64 * (self.right - self.left)
    }
}

/// Horizontal bars (by country, by SDG…), one row per item in the given order (viewBox
/// `0 0 720 H`, H growing with the items): the label, the bar (class `bar series-0`, with
/// `data-value`) and its value, a value axis with grid lines, and `x_axis` as its title.
pub fn hbar_chart<S: AsRef<str>>(items: &[(S, u64)], labels: &ChartLabels) -> String {
    const W: f64 = 720.0;
    let sep = labels.thousands_sep.as_str();
    let top = 8.0;
    let bottom = top + HBAR_ROW * items.len().max(1) as f64;
    let height = bottom + if labels.x_axis.is_empty() { 24.0 } else { 40.0 };
    let mut out = String::with_capacity(4_000 + 400 * items.len());
    let view = format!("0 0 720 {}", num(height));
    open_svg(
        &mut out,
        &labels.id,
        "jalin-chart hbar-chart",
        &view,
        "img",
        &labels.title,
        &labels.description,
    );
    if items.is_empty() {
        empty_chart(&mut out, W, height, labels);
        return out;
    }
    let (step, axis_max) = axis(items.iter().map(|i| i.1).max().unwrap_or(0));
    let shown: Vec<String> = items
        .iter()
        .map(|(l, _)| truncate(l.as_ref(), HBAR_LABEL_CHARS))
        .collect();
    let label_w = shown
        .iter()
        .map(|l| text_width(l, 12.0))
        .fold(0.0, f64::max)
        .min(W * 0.4);
    let left = 8.0 + label_w + 8.0;
    let plot = HbarPlot {
        left,
        right: W - 12.0 - text_width(&count(axis_max, sep), 11.0) - 6.0,
        axis_max,
    };
    let (mut lines, mut ticks) = (String::new(), String::new());
    for v in tick_values(step, axis_max) {
        let x = num(plot.x_of(v));
        w!(
            lines,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\n",
            num(top),
            num(bottom)
        );
        w!(
            ticks,
            "<text x=\"{x}\" y=\"{}\">{}</text>\n",
            num(bottom + 16.0),
            count(v, sep)
        );
    }
    write_grid(&mut out, &lines, &ticks, "middle");
    w!(out, "<g class=\"svg-bars\" font-size=\"12\" fill=\"{TEXT_FILL}\">\n");
    for (i, ((label, v), shown)) in items.iter().zip(&shown).enumerate() {
        write_hbar_row(
            &mut out,
            (label.as_ref(), shown),
            *v,
            top + HBAR_ROW * i as f64,
            &plot,
            sep,
        );
    }
    out.push_str("</g>\n");
    write_axis_line(&mut out, (left, top), (left, bottom));
    write_x_axis_title(&mut out, labels, (plot.left + plot.right) / 2.0, height - 6.0);
    out.push_str("</svg>\n");
    out
}

/// One row of [`hbar_chart`] at `y`: its label (`shown`, cut; `label` whole in the
/// `<title>`), its bar and its value.
fn write_hbar_row(out: &mut String, (label, shown): (&str, &str), v: u64, y: f64, plot: &HbarPlot, sep: &str) {
    let title = escape(&format!("{label}: {}", count(v, sep)));
    w!(
        *out,
        "<g class=\"hbar-row\"><title>{title}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        num(plot.left - 8.0),
        num(y + HBAR_ROW / 2.0 + 4.0),
        escape(shown)
    );
    w!(
        *out,
        "<rect class=\"bar series-0\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" data-value=\"{v}\"/>",
        num(plot.left),
        num(y + (HBAR_ROW - HBAR_BAR) / 2.0),
        num(plot.x_of(v) - plot.left),
        num(HBAR_BAR),
        SERIES_FILL[0]
    );
    w!(
        *out,
        "<text class=\"bar-value\" x=\"{}\" y=\"{}\" font-size=\"11\">{}</text></g>\n",
        num(plot.x_of(v) + 4.0),
        num(y + HBAR_ROW / 2.0 + 4.0),
        count(v, sep)
    );
}

/// The horizontal bar chart as a table: label and value, in the given order.
pub fn hbar_table<S: AsRef<str>>(items: &[(S, u64)], labels: &ChartLabels) -> Table {
    Table {
        caption: labels.title.clone(),
        columns: vec![
            Column::text(&labels.label_header),
            Column::numeric(&labels.value_header),
        ],
        rows: items
            .iter()
            .map(|(l, v)| vec![Cell::new(l.as_ref()), Cell::new(count(*v, &labels.thousands_sep))])
            .collect(),
        footer: None,
    }
}

#[cfg(test)]
mod tests;
