//! Form values as the pages use them: trimmed, empty meaning absent. Most forms arrive as
//! serde structs (axum-extra's `Form` and `Query`); the case page's multipart step form,
//! whose field names are only known at run time, is read by name ([`first`], [`all`]).

/// The first value of a field, trimmed (empty when missing).
pub fn first(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

/// The non-empty values of a repeated field, trimmed.
pub fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect()
}

/// `None` for an empty value.
pub fn some(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// A text field as typed: trimmed, `None` when empty.
pub fn filled(value: &str) -> Option<String> {
    Some(value.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

/// The non-empty values of a repeated field (a checkbox group), trimmed.
pub fn filled_all(values: &[String]) -> Vec<String> {
    values.iter().filter_map(|v| filled(v)).collect()
}

/// [`filled_all`], `None` when nothing was chosen.
pub fn chosen(values: &[String]) -> Option<Vec<String>> {
    Some(filled_all(values)).filter(|v| !v.is_empty())
}
