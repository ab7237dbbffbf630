//! The tests' XML well-formedness check (one root element, balanced tags, well-formed
//! names, quoted and unique attributes, known entities, no stray `<` or `&`), by roxmltree.

pub(crate) fn check(xml: &str) -> Result<(), String> {
    roxmltree::Document::parse(xml).map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_well_formed() {
        assert_eq!(check("<a x=\"1\" y='&amp;'><b/>t &lt; &#39;<!-- c --></a>"), Ok(()));
    }

    #[test]
    fn rejects_broken() {
        for bad in [
            "<a>",
            "<a></b>",
            "<a x=1/>",
            "<a x=\"1\" x=\"2\"/>",
            "<a>&nbsp;</a>",
            "<a>&</a>",
            "<a>x < y</a>",
            "<a/><b/>",
            "<a x=\"<\"/>",
            "text<a/>",
            "<a x=\"1\"y=\"2\"/>",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
