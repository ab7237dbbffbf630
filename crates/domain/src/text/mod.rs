//! Text normalisation shared by search keys, duplicate detection and name resolution.

pub mod names;

/// Folds text for accent- and case-insensitive comparison: transliterates to ASCII,
/// lowercases, and turns every run of characters that are not letters or digits into a
/// single space (trimmed at both ends). `"Sant Julià de Lòria"` → `"sant julia de loria"`,
/// `"Bağcılar"` → `"bagcilar"`.
pub fn fold(input: &str) -> String {
    let ascii = deunicode::deunicode(input);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Trims a user-supplied string and maps an empty result to `None`.
pub fn non_empty(input: Option<&str>) -> Option<String> {
    input.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// The exclusive upper bound of all strings that start with `prefix`, for index-friendly
/// prefix range scans (`key >= prefix AND key < upper`). Works on folded ASCII keys.
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < 0x7f {
            bytes.push(last + 1);
            return String::from_utf8(bytes).unwrap_or_else(|_| "\u{7f}".to_owned());
        }
    }
    "\u{7f}".to_owned()
}

/// `n` with its thousands grouped by `sep` (`1.234.567` with `"."`, `1,234,567` with `","`).
pub fn group_thousands(n: u128, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Sant Julià de Lòria"), "sant julia de loria");
        assert_eq!(fold("Bağcılar"), "bagcilar");
        assert_eq!(fold("  São  Paulo!! "), "sao paulo");
        assert_eq!(fold("Ehskal'des-Ehndzhordani"), "ehskal des ehndzhordani");
        assert_eq!(fold("KOTA Bandung"), "kota bandung");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn prefix_bound_is_strictly_greater_than_every_extension() {
        let upper = prefix_upper_bound("ban");
        assert_eq!(upper, "bao");
        assert!("ban" < upper.as_str());
        assert!("banzzzz" < upper.as_str());
        assert!("bao" >= upper.as_str());
    }
}
