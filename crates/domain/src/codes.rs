//! Stable external codes, parsed at the edge: Kemendagri region codes, ISO 3166 country
//! codes, SDG goal/target/indicator codes, government-affair (*urusan*) codes, first-level
//! subdivision codes and GeoNames ids.

use crate::error::CodeError;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! string_code {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

string_code!(
    /// A Kemendagri region code: `32` for a province, `32.73` for a kabupaten/kota.
    RegionCode
);

impl FromStr for RegionCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        let b = s.as_bytes();
        let ok = match b.len() {
            2 => b.iter().all(u8::is_ascii_digit),
            5 => b[..2].iter().all(u8::is_ascii_digit) && b[2] == b'.' && b[3..].iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(CodeError::invalid(format!(
                "'{s}' is not a Kemendagri region code (expected NN for a province or NN.NN for a kabupaten/kota)"
            )))
        }
    }
}

impl RegionCode {
    /// True for a province code (`32`), false for a kabupaten/kota (`32.73`).
    pub fn is_province(&self) -> bool {
        self.0.len() == 2
    }

    /// The code of the province this region belongs to (itself for a province).
    pub fn province(&self) -> RegionCode {
        RegionCode(self.0[..2].to_owned())
    }
}

string_code!(
    /// An ISO 3166-1 alpha-2 country code, upper case (`KR`, `DE`; `XK` for Kosovo).
    CountryCode
);

impl FromStr for CountryCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        if s.len() == 2 && s.bytes().all(|c| c.is_ascii_alphabetic()) {
            Ok(Self(s.to_ascii_uppercase()))
        } else {
            Err(CodeError::invalid(format!(
                "'{s}' is not an ISO 3166-1 alpha-2 country code"
            )))
        }
    }
}

impl CountryCode {
    /// Indonesia.
    pub fn indonesia() -> Self {
        Self("ID".to_owned())
    }

    pub fn is_indonesia(&self) -> bool {
        self.0 == "ID"
    }
}

string_code!(
    /// A first-level subdivision outside Indonesia: an ISO 3166-2 code (`KR-41`) or, where
    /// ISO has none, a GeoNames admin1 code (`NO.46`).
    SubdivisionCode
);

impl FromStr for SubdivisionCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        let b = s.as_bytes();
        let ok = b.len() >= 4
            && b.len() <= 14
            && b[..2].iter().all(u8::is_ascii_alphabetic)
            && (b[2] == b'-' || b[2] == b'.')
            && b[3..].iter().all(u8::is_ascii_alphanumeric);
        if ok {
            let (country, rest) = s.split_at(2);
            Ok(Self(format!(
                "{}{}",
                country.to_ascii_uppercase(),
                rest.to_ascii_uppercase()
            )))
        } else {
            Err(CodeError::invalid(format!(
                "'{s}' is not a subdivision code (ISO 3166-2 like KR-41, or GeoNames admin1 like NO.46)"
            )))
        }
    }
}

impl SubdivisionCode {
    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    pub fn is_iso(&self) -> bool {
        self.0.as_bytes()[2] == b'-'
    }

    /// Builds a code from trusted reference data without re-validating it.
    pub fn from_reference(code: &str) -> Self {
        Self(code.to_owned())
    }
}

string_code!(
    /// A government affair (*urusan pemerintahan*) code from UU 23/2014 with the
    /// Permendagri 90/2019 numbering, e.g. `1.01` (Pendidikan). Used as the "field" of a
    /// cooperation.
    UrusanCode
);

impl FromStr for UrusanCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() == 4 && b[0].is_ascii_digit() && b[1] == b'.' && b[2..].iter().all(u8::is_ascii_digit) {
            Ok(Self(s.to_owned()))
        } else {
            Err(CodeError::invalid(format!(
                "'{s}' is not a government-affair code (expected N.NN, e.g. 1.01)"
            )))
        }
    }
}

/// A GeoNames feature id (cities and first-level divisions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
pub struct GeonameId(pub i64);

impl FromStr for GeonameId {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        match s.trim().parse::<i64>() {
            Ok(n) if n > 0 => Ok(Self(n)),
            _ => Err(CodeError::invalid(format!(
                "'{s}' is not a GeoNames id (a positive integer)"
            ))),
        }
    }
}

impl fmt::Display for GeonameId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The level an SDG code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SdgLevel {
    Goal,
    Target,
    Indicator,
}

string_code!(
    /// An SDG goal (`4`), target (`4.1`, `4.a`) or indicator (`4.1.1`, `4.a.1`) code.
    SdgCode
);

impl FromStr for SdgCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, CodeError> {
        let s = s.trim().to_ascii_lowercase();
        let err = || {
            CodeError::invalid(format!(
                "'{s}' is not an SDG code (goal 1–17, target like 4.1 or 4.a, indicator like 4.1.1)"
            ))
        };
        let parts: Vec<&str> = s.split('.').collect();
        let goal: u8 = parts.first().and_then(|g| g.parse().ok()).ok_or_else(err)?;
        if !(1..=17).contains(&goal) || parts[0].starts_with('0') {
            return Err(err());
        }
        let target_ok = |t: &str| {
            (!t.is_empty() && t.len() <= 2 && t.bytes().all(|c| c.is_ascii_digit()) && !t.starts_with('0'))
                || (t.len() == 1 && t.as_bytes()[0].is_ascii_lowercase())
        };
        let indicator_ok =
            |i: &str| !i.is_empty() && i.len() <= 2 && i.bytes().all(|c| c.is_ascii_digit()) && !i.starts_with('0');
        let ok = match parts.len() {
            1 => true,
            2 => target_ok(parts[1]),
            3 => target_ok(parts[1]) && indicator_ok(parts[2]),
            _ => false,
        };
        if ok { Ok(Self(s)) } else { Err(err()) }
    }
}

impl SdgCode {
    pub fn level(&self) -> SdgLevel {
        match self.0.matches('.').count() {
            0 => SdgLevel::Goal,
            1 => SdgLevel::Target,
            _ => SdgLevel::Indicator,
        }
    }

    /// The goal number (1–17).
    pub fn goal(&self) -> u8 {
        self.0.split('.').next().and_then(|g| g.parse().ok()).unwrap_or(0)
    }

    /// The target code for a target or indicator (`4.1`), `None` for a goal.
    pub fn target(&self) -> Option<String> {
        let mut it = self.0.split('.');
        match (it.next(), it.next()) {
            (Some(g), Some(t)) => Some(format!("{g}.{t}")),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes() {
        assert!("32".parse::<RegionCode>().unwrap().is_province());
        let kota: RegionCode = "32.73".parse().unwrap();
        assert!(!kota.is_province());
        assert_eq!(kota.province().as_str(), "32");
        for bad in ["3", "32.7", "32-73", "ab", "32.73.01", ""] {
            assert!(bad.parse::<RegionCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn sdg_codes() {
        let g: SdgCode = "4".parse().unwrap();
        assert_eq!((g.level(), g.goal(), g.target()), (SdgLevel::Goal, 4, None));
        let t: SdgCode = "4.A".parse().unwrap();
        assert_eq!(t.as_str(), "4.a");
        assert_eq!((t.level(), t.target()), (SdgLevel::Target, Some("4.a".to_owned())));
        let i: SdgCode = "17.19.2".parse().unwrap();
        assert_eq!(
            (i.level(), i.goal(), i.target()),
            (SdgLevel::Indicator, 17, Some("17.19".to_owned()))
        );
        for bad in ["0", "18", "04", "4.", "4.ab", "4.1.1.1", "x", "4.0"] {
            assert!(bad.parse::<SdgCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn country_and_subdivision_codes() {
        assert_eq!("kr".parse::<CountryCode>().unwrap().as_str(), "KR");
        assert!("KOR".parse::<CountryCode>().is_err());
        let iso: SubdivisionCode = "kr-41".parse().unwrap();
        assert_eq!((iso.as_str(), iso.country(), iso.is_iso()), ("KR-41", "KR", true));
        let gn: SubdivisionCode = "NO.46".parse().unwrap();
        assert!(!gn.is_iso());
        assert!("K-41".parse::<SubdivisionCode>().is_err());
        assert!("1.01".parse::<UrusanCode>().is_ok());
        assert!("1.1".parse::<UrusanCode>().is_err());
    }
}
