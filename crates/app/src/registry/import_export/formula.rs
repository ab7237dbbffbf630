//! Spreadsheet formula injection: a CSV cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return is read as a formula by spreadsheets (`=HYPERLINK(…)`). Exports write such
//! a text cell with a leading `'`, which spreadsheets show as text; imports drop that `'`
//! again, so export → import → export keeps the same bytes. Numeric columns are left as
//! they are.

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell`, after any leading `'`s, starts a formula.
fn quoted_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(TRIGGERS)
}

/// A text cell as exported: a leading `'` when a spreadsheet would read it as a formula (and
/// when it already starts with `'` before one, so that [`restore`] gives it back unchanged).
pub(super) fn neutralise(cell: String) -> String {
    if quoted_formula(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A cell as imported: the `'` that [`neutralise`] added is dropped.
pub(super) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if quoted_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back() {
        for (value, written) in [
            (
                "=HYPERLINK(\"http://evil.example\",\"klik\")",
                "'=HYPERLINK(\"http://evil.example\",\"klik\")",
            ),
            ("+62 21 555", "'+62 21 555"),
            ("-1+1", "'-1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1", "''=1"),
            ("Kota Surabaya", "Kota Surabaya"),
            ("'quoted'", "'quoted'"),
            ("2024-11-20", "2024-11-20"),
            ("", ""),
        ] {
            assert_eq!(neutralise(value.to_owned()), written, "{value:?}");
            assert_eq!(restore(written), value, "{written:?}");
        }
    }
}
