//! Escaping of the caller's text for XML (element content and attribute values) and element
//! ids. (URL path segments: [`crate::url::path_segment`].)

/// `s` made safe for XML text and for attribute values in either quote: `& < > " '` become
/// entities, and characters XML 1.0 does not allow (most control characters, U+FFFE,
/// U+FFFF) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` as an element id: ASCII letters, digits, `-` and `_` kept, anything else becomes `-`;
/// starts with a letter (`svg-` is put in front otherwise).
pub fn dom_id(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.starts_with(|c: char| c.is_ascii_alphabetic()) {
        cleaned
    } else {
        format!("svg-{cleaned}")
    }
}

/// `s` as a CSS class token: lower-case ASCII letters and digits, anything else `-`.
pub(crate) fn class_token(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(escape(r#"<&>"'"#), "&lt;&amp;&gt;&quot;&#39;");
        assert_eq!(
            escape("Kab. Bandung & Kota <Bandung>"),
            "Kab. Bandung &amp; Kota &lt;Bandung&gt;"
        );
        assert_eq!(escape("'a' \"b\""), "&#39;a&#39; &quot;b&quot;");
    }

    #[test]
    fn keeps_other_text_and_drops_what_xml_forbids() {
        assert_eq!(
            escape("Sulawesi Tenggara — Kōbe, 東京"),
            "Sulawesi Tenggara — Kōbe, 東京"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
        assert_eq!(escape("x\u{FFFE}\u{FFFF}y"), "xy");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(dom_id("peta-dunia"), "peta-dunia");
        assert_eq!(dom_id("a b\"<c>"), "a-b--c-");
        assert_eq!(dom_id("2024"), "svg-2024");
        assert_eq!(dom_id(""), "svg-");
    }

    #[test]
    fn class_tokens_are_plain() {
        assert_eq!(class_token("KSDPK"), "ksdpk");
        assert_eq!(class_token("a b\"c"), "a-b-c");
    }
}
