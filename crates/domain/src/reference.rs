//! Reference data: Indonesian regions, countries, foreign subdivisions and cities, SDGs,
//! government affairs and holidays. These are read-only facts loaded from versioned
//! datasets; the types here are what the rest of Jalin sees of them.

use crate::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode, UrusanCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use time::Date;

/// The level of an Indonesian region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RegionType {
    Provinsi,
    Kabupaten,
    Kota,
}

impl RegionType {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Provinsi => "provinsi",
            Self::Kabupaten => "kabupaten",
            Self::Kota => "kota",
        }
    }
}

impl FromStr for RegionType {
    type Err = crate::error::CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "provinsi" | "province" => Ok(Self::Provinsi),
            "kabupaten" | "regency" => Ok(Self::Kabupaten),
            "kota" | "city" => Ok(Self::Kota),
            other => Err(crate::error::CodeError::invalid(format!(
                "'{other}' is not a region type (provinsi, kabupaten or kota)"
            ))),
        }
    }
}

impl fmt::Display for RegionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An Indonesian province, kabupaten or kota (Kepmendagri 300.2.2-2138/2025).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub short_name: String,
    #[serde(rename = "type")]
    pub region_type: RegionType,
    /// One of Jakarta's six administrative units: not an autonomous *daerah*, so it cannot
    /// itself be a party to regional cooperation.
    pub is_administrative: bool,
    pub province_code: RegionCode,
    pub province_name: String,
    pub province_name_en: Option<String>,
    pub province_iso_3166_2: Option<String>,
    pub capital: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub elevation_m: Option<f64>,
    /// Hours ahead of UTC: 7 (WIB), 8 (WITA) or 9 (WIT).
    pub utc_offset: Option<i32>,
    pub population: Option<i64>,
    pub population_male: Option<i64>,
    pub population_female: Option<i64>,
    pub area_km2: Option<f64>,
    /// Listed as *daerah tertinggal* 2020–2024 (Perpres 63/2020).
    pub is_daerah_tertinggal: bool,
    /// Countries this region shares a land border with.
    pub land_border_countries: Vec<CountryCode>,
    /// Number of outermost small islands (Keppres 6/2017).
    pub outermost_small_islands: i32,
}

impl Region {
    /// A border region: a land border or outermost small islands.
    pub fn is_border(&self) -> bool {
        !self.land_border_countries.is_empty() || self.outermost_small_islands > 0
    }

    /// Remote, border or underdeveloped (*terdepan, terluar, tertinggal*).
    pub fn is_3t(&self) -> bool {
        self.is_daerah_tertinggal || self.is_border()
    }

    /// An autonomous region (*daerah otonom*), which may be a party to cooperation.
    pub fn is_autonomous(&self) -> bool {
        !self.is_administrative
    }
}

/// Whether Indonesia has diplomatic relations with a country (hand-compiled, with a note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DiplomaticRelations {
    Yes,
    No,
    Unknown,
    /// A territory, not a sovereign state: relations are those of its sovereign.
    NotApplicable,
    /// Indonesia itself.
    #[serde(rename = "self")]
    Itself,
}

impl FromStr for DiplomaticRelations {
    type Err = crate::error::CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "yes" => Ok(Self::Yes),
            "no" => Ok(Self::No),
            "unknown" | "" => Ok(Self::Unknown),
            "n/a" | "not_applicable" => Ok(Self::NotApplicable),
            "self" => Ok(Self::Itself),
            other => Err(crate::error::CodeError::invalid(format!(
                "'{other}' is not a diplomatic-relations value"
            ))),
        }
    }
}

impl DiplomaticRelations {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::No => "no",
            Self::Unknown => "unknown",
            Self::NotApplicable => "not_applicable",
            Self::Itself => "self",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Country {
    pub iso2: CountryCode,
    pub iso3: String,
    pub numeric: String,
    pub name_en: String,
    pub official_name_en: Option<String>,
    pub name_id: String,
    pub is_un_member: bool,
    /// For a territory, the sovereign state's code.
    pub sovereign_iso2: Option<CountryCode>,
    pub diplomatic_relations: DiplomaticRelations,
    pub relations_note: Option<String>,
    pub continent: Option<String>,
    pub capital: Option<String>,
    pub population: Option<i64>,
    pub area_km2: Option<f64>,
    pub currency: Option<String>,
    pub languages: Vec<String>,
    pub neighbours: Vec<CountryCode>,
    pub geonameid: Option<GeonameId>,
}

/// A first-level subdivision of a country (state, province, prefecture, region, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subdivision {
    /// ISO 3166-2 code where known, else the GeoNames admin1 code.
    pub code: SubdivisionCode,
    pub country_iso2: CountryCode,
    pub name: String,
    /// ISO's category (`Province`, `State`, `Prefecture`, …), where known.
    pub category: Option<String>,
    pub iso_code: Option<String>,
    pub geonames_code: Option<String>,
    pub geonameid: Option<GeonameId>,
    /// Other names (ISO's local-language name where GeoNames gives an English one).
    pub alternate_names: Vec<String>,
}

/// A city or town with at least 5,000 inhabitants (GeoNames cities5000).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct City {
    pub geonameid: GeonameId,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub country_iso2: CountryCode,
    pub admin1_code: Option<String>,
    pub admin1_name: Option<String>,
    pub population: i64,
    pub timezone: Option<String>,
    pub alternate_names: Vec<String>,
}

/// What kind of place a [`Place`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PlaceKind {
    City,
    Subdivision,
}

impl PlaceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Subdivision => "subdivision",
        }
    }
}

/// A foreign (or Indonesian) place found by name: a city or a first-level subdivision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub kind: PlaceKind,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
    pub name: String,
    /// The name that matched the query when it was an alternate name.
    pub matched_name: Option<String>,
    pub country_iso2: CountryCode,
    /// The first-level division a city lies in.
    pub admin1_name: Option<String>,
    pub population: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgGoal {
    pub goal: i32,
    pub short_name_en: String,
    pub title_en: String,
    pub short_name_id: String,
    pub color_hex: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgTarget {
    pub target: String,
    pub goal: i32,
    pub title_en: String,
    pub is_means_of_implementation: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgIndicator {
    pub indicator: String,
    pub target: String,
    pub goal: i32,
    pub title_en: String,
    pub unsd_code: Option<String>,
    /// Other codes that carry the same UNSD indicator.
    pub repeated_as: Vec<String>,
}

/// Which level of government holds a concurrent affair (UU 23/2014 annex).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Urusan {
    pub code: UrusanCode,
    pub name_id: String,
    pub name_en: String,
    /// `wajib_pelayanan_dasar`, `wajib_non_pelayanan_dasar` or `pilihan`.
    pub category: String,
    /// Levels holding part of the affair: `pusat`, `provinsi`, `kabupaten_kota`.
    pub held_by: Vec<String>,
    pub notes: Option<String>,
}

/// A national holiday or collective leave day, for working-day calendars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holiday {
    pub date: Date,
    /// `libur_nasional` or `cuti_bersama`.
    pub kind: String,
    pub name_id: String,
    pub name_en: String,
    pub legal_basis: Option<String>,
}

/// A twin-town pair between two places outside Indonesia (run-time data only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Twinning {
    pub city_a: String,
    pub country_a: CountryCode,
    pub city_b: String,
    pub country_b: CountryCode,
    pub geonameid_a: Option<GeonameId>,
    pub geonameid_b: Option<GeonameId>,
}

/// The JRC SDG Mapper keyword list of one target (run-time data only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SdgTargetKeywords {
    pub target: String,
    pub keywords: Vec<String>,
}

/// Version record of one loaded reference dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetVersion {
    pub name: String,
    /// SHA-256 of the source file's bytes.
    pub version: String,
    /// `embedded` or the path it was read from.
    pub source: String,
    /// Source and licence attribution to show with the data.
    pub attribution: String,
    pub rows: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub loaded_at: time::OffsetDateTime,
}
