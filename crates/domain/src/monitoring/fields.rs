//! Parsing shared by the monitoring inputs: dates (some must lie in the past) and amounts
//! in rupiah.

use crate::error::{CodeError, FieldErrors};
use crate::text::non_empty;
use time::Date;

/// The longest free text (outputs, reports, descriptions).
pub(crate) const MAX_TEXT: usize = 20_000;
/// The longest one-line value (titles, names, references).
pub(crate) const MAX_LINE: usize = 300;

/// A `YYYY-MM-DD` date; `required` records `required` when it is missing.
pub(crate) fn date(errors: &mut FieldErrors, field: &str, value: Option<&str>, required: bool) -> Option<Date> {
    let Some(v) = non_empty(value) else {
        if required {
            errors.push(field, "required", format!("{field} is required (YYYY-MM-DD)"));
        }
        return None;
    };
    match Date::parse(&v, time::macros::format_description!("[year]-[month]-[day]")) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(
                field,
                "invalid_date",
                format!("'{v}' is not a date of the form YYYY-MM-DD"),
            );
            None
        }
    }
}

/// A date that must not lie after `today` (something that already happened).
pub(crate) fn past_date(
    errors: &mut FieldErrors,
    field: &str,
    value: Option<&str>,
    required: bool,
    today: Date,
) -> Option<Date> {
    match date(errors, field, value, required) {
        Some(d) if d > today => {
            errors.push(field, "in_future", "this date cannot lie in the future");
            None
        }
        other => other,
    }
}

/// A non-negative amount in rupiah.
pub(crate) fn amount(errors: &mut FieldErrors, field: &str, value: Option<i64>) -> Option<i64> {
    match value {
        Some(v) if v < 0 => {
            errors.push(field, "negative", "an amount cannot be negative");
            None
        }
        other => other,
    }
}

/// A one-line text, trimmed, at most [`MAX_LINE`] characters.
pub(crate) fn line(errors: &mut FieldErrors, field: &str, value: Option<&str>, required: bool) -> Option<String> {
    let v = if required {
        errors.required(field, value)
    } else {
        non_empty(value)
    };
    errors.check_max_chars(field, v.as_deref(), MAX_LINE);
    v
}

/// A free text, trimmed, at most [`MAX_TEXT`] characters.
pub(crate) fn text(errors: &mut FieldErrors, field: &str, value: Option<&str>, required: bool) -> Option<String> {
    let v = if required {
        errors.required(field, value)
    } else {
        non_empty(value)
    };
    errors.check_max_chars(field, v.as_deref(), MAX_TEXT);
    v
}

/// An amount in rupiah as people type it: `1500000`, `1.500.000`, `Rp 1.500.000`
/// (dots, commas and spaces are read as thousands separators; there are no sen).
pub fn parse_rupiah(input: &str) -> Result<i64, CodeError> {
    let trimmed = input.trim();
    let body = trimmed
        .strip_prefix("Rp")
        .or_else(|| trimmed.strip_prefix("rp"))
        .or_else(|| trimmed.strip_prefix("RP"))
        .unwrap_or(trimmed);
    let digits: String = body.chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::new(
            "invalid_number",
            format!("'{trimmed}' is not an amount in rupiah"),
        ));
    }
    digits
        .parse()
        .map_err(|_| CodeError::new("invalid_number", format!("'{trimmed}' is too large")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_amounts_read_as_typed() {
        assert_eq!(parse_rupiah("1500000"), Ok(1_500_000));
        assert_eq!(parse_rupiah("Rp 1.500.000"), Ok(1_500_000));
        assert_eq!(parse_rupiah("2,000"), Ok(2_000));
        assert!(parse_rupiah("-5").is_err());
        assert!(parse_rupiah("").is_err());
        assert!(parse_rupiah("12a").is_err());
    }

    #[test]
    fn past_dates_refuse_the_future() {
        let today = time::macros::date!(2026 - 11 - 28);
        let mut e = FieldErrors::new();
        assert_eq!(past_date(&mut e, "d", Some("2026-11-28"), true, today), Some(today));
        assert!(e.is_empty());
        assert_eq!(past_date(&mut e, "d", Some("2026-11-29"), true, today), None);
        assert_eq!(e.0[0].code, "in_future");
    }
}
