//! Hand-made reference data for the unit tests.

use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::reference::{City, Country, DiplomaticRelations, Region, RegionType, Subdivision};

pub fn cc(s: &str) -> CountryCode {
    s.parse().expect("country code")
}

pub fn country(iso2: &str, relations: DiplomaticRelations) -> Country {
    Country {
        iso2: cc(iso2),
        iso3: format!("{iso2}X"),
        numeric: "000".into(),
        name_en: format!("Country {iso2}"),
        official_name_en: None,
        name_id: format!("Negara {iso2}"),
        is_un_member: relations == DiplomaticRelations::Yes,
        sovereign_iso2: None,
        diplomatic_relations: relations,
        relations_note: None,
        continent: None,
        capital: None,
        population: None,
        area_km2: None,
        currency: None,
        languages: Vec::new(),
        neighbours: Vec::new(),
        geonameid: None,
    }
}

pub fn city(id: i64, name: &str, iso2: &str, admin1: &str, population: i64, lat: f64, lon: f64) -> City {
    City {
        geonameid: GeonameId(id),
        name: name.into(),
        latitude: lat,
        longitude: lon,
        country_iso2: cc(iso2),
        admin1_code: Some(admin1.into()),
        admin1_name: Some(format!("Admin {iso2}.{admin1}")),
        population,
        timezone: None,
        alternate_names: Vec::new(),
    }
}

pub fn subdivision(code: &str, iso2: &str, admin1: &str, name: &str, category: &str) -> Subdivision {
    Subdivision {
        code: SubdivisionCode::from_reference(code),
        country_iso2: cc(iso2),
        name: name.into(),
        category: Some(category.into()),
        iso_code: Some(code.into()),
        geonames_code: Some(format!("{iso2}.{admin1}")),
        geonameid: None,
        alternate_names: Vec::new(),
    }
}

pub fn region(code: &str, name: &str, t: RegionType, population: i64, lat: f64, lon: f64) -> Region {
    let code: RegionCode = code.parse().expect("region code");
    Region {
        province_code: code.province(),
        code,
        name: name.into(),
        short_name: name.into(),
        region_type: t,
        is_administrative: false,
        province_name: "Provinsi Uji".into(),
        province_name_en: None,
        province_iso_3166_2: None,
        capital: None,
        latitude: Some(lat),
        longitude: Some(lon),
        elevation_m: None,
        utc_offset: Some(7),
        population: Some(population),
        population_male: None,
        population_female: None,
        area_km2: Some(100.0),
        is_daerah_tertinggal: false,
        land_border_countries: Vec::new(),
        outermost_small_islands: 0,
    }
}

/// The standard countries of the tests: AA, BB, CC with relations; IL and TW without;
/// HK a territory; ID itself.
pub fn countries() -> Vec<Country> {
    use DiplomaticRelations::*;
    vec![
        country("AA", Yes),
        country("BB", Yes),
        country("CC", Yes),
        country("IL", No),
        country("TW", No),
        country("HK", NotApplicable),
        country("ID", Itself),
    ]
}
