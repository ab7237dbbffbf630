//! Interface strings in Indonesian (the default) and English, from `locales/id.toml` and
//! `locales/en.toml` (embedded). A test checks that both files have the same keys and that
//! every key the templates use exists. Dates are written the Indonesian way
//! ("28 November 2026"), times with WIB, WITA or WIT.

use axum::http::HeaderMap;
use std::collections::HashMap;
use std::sync::LazyLock;
use time::{Date, OffsetDateTime, UtcOffset};

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Id,
    En,
}

/// The cookie that remembers the reader's language.
pub const LANG_COOKIE: &str = "jalin_lang";

impl Lang {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim().to_ascii_lowercase().as_str() {
            "id" | "in" => Some(Self::Id),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language a request asks for: the cookie, else Indonesian (the default, whatever
    /// the browser prefers, because officials share links).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        crate::auth::cookie(headers, LANG_COOKIE)
            .and_then(|c| Self::parse(&c))
            .unwrap_or_default()
    }

    pub fn other(&self) -> Self {
        match self {
            Self::Id => Self::En,
            Self::En => Self::Id,
        }
    }
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut HashMap<String, String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
        }
        other => {
            out.insert(prefix.to_owned(), other.to_string());
        }
    }
}

fn load(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    match text.parse::<toml::Table>() {
        Ok(table) => flatten("", &toml::Value::Table(table), &mut out),
        Err(e) => tracing::error!(error = %e, "a locale file does not parse"),
    }
    out
}

static ID: LazyLock<HashMap<String, String>> = LazyLock::new(|| load(include_str!("../locales/id.toml")));
static EN: LazyLock<HashMap<String, String>> = LazyLock::new(|| load(include_str!("../locales/en.toml")));

/// The name of Indonesia's time zone at `utc_offset_hours`: WIB (+7, and the default),
/// WITA (+8), WIT (+9).
pub fn zone_name(utc_offset_hours: i32) -> &'static str {
    use jalin_domain::timezone::{ZONES, for_utc_offset};
    for_utc_offset(utc_offset_hours).unwrap_or(&ZONES[0]).label
}

pub use jalin_domain::text::group_thousands;

/// Translations for one language, handed to every template as `t`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub lang: Lang,
}

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Tr {
    pub fn new(lang: Lang) -> Self {
        Self { lang }
    }

    fn map(&self) -> &'static HashMap<String, String> {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }

    /// The string for `key`; the key itself when missing (a test prevents that).
    pub fn t<'a>(&self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.map().get(key).map(String::as_str).unwrap_or(key)
    }

    /// The string for `prefix.code` (enumerations: `form.KSDPL`, `status.in_force`, …).
    pub fn code(&self, prefix: &str, code: &str) -> String {
        let key = format!("{prefix}.{code}");
        self.map().get(&key).cloned().unwrap_or_else(|| code.to_owned())
    }

    /// `{name}` placeholders replaced.
    pub fn fmt(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut s = self.t(key).to_owned();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), &value.to_string());
        }
        s
    }

    /// "28 November 2026" / "28 November 2026".
    pub fn date(&self, d: &Date) -> String {
        let month = usize::from(u8::from(d.month())) - 1;
        let name = match self.lang {
            Lang::Id => MONTHS_ID[month],
            Lang::En => MONTHS_EN[month],
        };
        format!("{} {} {}", d.day(), name, d.year())
    }

    pub fn opt_date(&self, d: &Option<Date>) -> String {
        d.as_ref().map(|d| self.date(d)).unwrap_or_else(|| "—".to_owned())
    }

    /// A moment in the zone of a region: "28 November 2026 10.00 WIB".
    pub fn datetime(&self, at: &OffsetDateTime, utc_offset_hours: i32) -> String {
        let hours = utc_offset_hours.clamp(7, 9);
        let offset = UtcOffset::from_hms(hours as i8, 0, 0).unwrap_or(UtcOffset::UTC);
        let local = at.to_offset(offset);
        let zone = zone_name(hours);
        let sep = if self.lang == Lang::Id { '.' } else { ':' };
        format!(
            "{} {:02}{sep}{:02} {zone}",
            self.date(&local.date()),
            local.hour(),
            local.minute()
        )
    }

    /// The language's thousands separator.
    pub fn thousands_sep(&self) -> &'static str {
        if self.lang == Lang::Id { "." } else { "," }
    }

    /// A number with the language's thousands separator (1.234 / 1,234).
    pub fn number(&self, n: impl Into<i128>) -> String {
        let n: i128 = n.into();
        let out = group_thousands(n.unsigned_abs(), self.thousands_sep());
        if n < 0 { format!("-{out}") } else { out }
    }

    pub fn is_id(&self) -> bool {
        self.lang == Lang::Id
    }

    /// The Indonesian or the English one of a pair, by the reader's language.
    pub fn either<'a, T: ?Sized>(&self, id: &'a T, en: &'a T) -> &'a T {
        if self.is_id() { id } else { en }
    }

    /// Picks the Indonesian or English text of a bilingual pair (falling back to Indonesian).
    pub fn pick<'a>(&self, id: &'a str, en: Option<&'a str>) -> &'a str {
        match (self.lang, en) {
            (Lang::En, Some(e)) if !e.is_empty() => e,
            _ => id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_languages_have_the_same_keys() {
        let id: BTreeSet<_> = ID.keys().collect();
        let en: BTreeSet<_> = EN.keys().collect();
        assert!(!id.is_empty());
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(
            only_id.is_empty() && only_en.is_empty(),
            "only in id: {only_id:?}; only in en: {only_en:?}"
        );
    }

    /// Every `t.t("…")` in the templates and the pages' code names a key that exists.
    #[test]
    fn every_key_used_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src/pages")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path)
                } else {
                    files.push(path)
                }
            }
        }
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("t.t(\"") {
                let rest = &text[i + 5..];
                let key = &rest[..rest.find('"').unwrap()];
                if !ID.contains_key(key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not translated: {missing:?}");
    }

    #[test]
    fn dates_numbers_and_zones_read_as_expected() {
        let id = Tr::new(Lang::Id);
        let en = Tr::new(Lang::En);
        let d = time::macros::date!(2026 - 11 - 28);
        assert_eq!(id.date(&d), "28 November 2026");
        assert_eq!(id.date(&time::macros::date!(2027 - 08 - 17)), "17 Agustus 2027");
        assert_eq!(en.date(&time::macros::date!(2027 - 08 - 17)), "17 August 2027");
        let at = time::macros::datetime!(2026-11-28 03:00 UTC);
        assert_eq!(id.datetime(&at, 7), "28 November 2026 10.00 WIB");
        assert_eq!(id.datetime(&at, 8), "28 November 2026 11.00 WITA");
        assert_eq!(en.datetime(&at, 9), "28 November 2026 12:00 WIT");
        assert_eq!(id.number(1234567), "1.234.567");
        assert_eq!(en.number(1234567), "1,234,567");
        assert_eq!(id.t("nav.registry"), "Registri");
        assert_eq!(en.t("nav.registry"), "Registry");
        assert_eq!(
            id.code("form", "KSDPL"),
            "Kerja sama daerah dengan pemerintah daerah di luar negeri"
        );
    }
}
