//! Validation errors. Parsing collects every problem of an input at once, so a form or an
//! import row can report all of them, each tied to the field it concerns.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as the client sent it (`title_id`, `parties[1].region_code`).
    pub field: String,
    /// A stable machine-readable code (`required`, `invalid_format`, `unknown_reference`, …).
    pub code: String,
    /// A human-readable explanation in English.
    pub message: String,
}

/// An accumulator of [`FieldError`]s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.push(field, code, message);
        errors
    }

    pub fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// Adds every error of `other`, prefixing its field names (`parties[0].` + `region_code`).
    pub fn extend_prefixed(&mut self, prefix: &str, other: FieldErrors) {
        for e in other.0 {
            self.0.push(FieldError {
                field: format!("{prefix}{}", e.field),
                ..e
            });
        }
    }

    /// Records the error of a parse attempt and returns its value, if any.
    pub fn take<T>(&mut self, field: &str, result: Result<T, CodeError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, e.code, e.message);
                None
            }
        }
    }

    /// The trimmed value of a field that must be given, recording `required` when it is
    /// missing or blank.
    pub fn required(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = crate::text::non_empty(value);
        if value.is_none() {
            self.push(field, "required", format!("{field} is required"));
        }
        value
    }

    /// Records `too_long` when a value has more than `max` characters.
    pub fn check_max_chars(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value
            && v.chars().count() > max
        {
            self.push(field, "too_long", format!("at most {max} characters"));
        }
    }

    /// Parses a list of codes: blank entries are skipped, a bad entry is recorded as
    /// `field[i]` (`i` its position in the input, blanks included), and repeats are dropped
    /// so each value keeps the place of its first occurrence.
    pub fn parse_list<T>(&mut self, field: &str, values: Option<&[String]>) -> Vec<T>
    where
        T: std::str::FromStr<Err = CodeError> + Ord + Clone,
    {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (i, raw) in values.unwrap_or_default().iter().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            if let Some(v) = self.take(&format!("{field}[{i}]"), raw.parse::<T>())
                && seen.insert(v.clone())
            {
                out.push(v);
            }
        }
        out
    }

    /// `Ok(value)` when nothing was recorded, else all recorded errors.
    pub fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

/// The failure of parsing one value: a code and a message, without a field name yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CodeError {
    pub code: &'static str,
    pub message: String,
}

impl CodeError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("invalid_format", message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::SdgCode;

    #[test]
    fn a_list_skips_blanks_drops_repeats_and_names_bad_entries_by_position() {
        let mut errors = FieldErrors::new();
        let raw: Vec<String> = ["4", " ", "4.1", "19", "4"].map(String::from).to_vec();
        let sdgs: Vec<SdgCode> = errors.parse_list("sdgs", Some(&raw));
        let codes: Vec<&str> = sdgs.iter().map(SdgCode::as_str).collect();
        assert_eq!(codes, ["4", "4.1"]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["sdgs[3]"]);
        assert!(FieldErrors::new().parse_list::<SdgCode>("sdgs", None).is_empty());
    }
}
