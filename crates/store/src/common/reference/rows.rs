//! The stored rows of the reference tables and their columns, read back into domain types.

use super::super::rows::parse;
use jalin_app::ports::store::StoreResult;
use jalin_domain::codes::{GeonameId, SubdivisionCode};
use jalin_domain::reference::{City, Country, DatasetVersion, DiplomaticRelations, Region, RegionType, Subdivision};
use sqlx::FromRow;
use sqlx::types::Json;
use time::OffsetDateTime;

#[derive(FromRow)]
pub(super) struct DatasetRow {
    name: String,
    version: String,
    source: String,
    attribution: String,
    row_count: i64,
    loaded_at: OffsetDateTime,
}

impl DatasetRow {
    pub(super) fn into_version(self) -> DatasetVersion {
        DatasetVersion {
            name: self.name,
            version: self.version,
            source: self.source,
            attribution: self.attribution,
            rows: self.row_count,
            loaded_at: self.loaded_at,
        }
    }
}

#[derive(FromRow)]
pub(super) struct RegionRow {
    code: String,
    name: String,
    short_name: String,
    region_type: String,
    is_administrative: bool,
    province_code: String,
    province_name: String,
    province_name_en: Option<String>,
    province_iso: Option<String>,
    capital: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    elevation_m: Option<f64>,
    utc_offset: Option<i64>,
    population: Option<i64>,
    population_male: Option<i64>,
    population_female: Option<i64>,
    area_km2: Option<f64>,
    is_daerah_tertinggal: bool,
    land_border_countries: Json<Vec<String>>,
    outermost_small_islands: i64,
}

impl RegionRow {
    pub(super) fn into_region(self) -> StoreResult<Region> {
        Ok(Region {
            code: parse("region code", &self.code)?,
            name: self.name,
            short_name: self.short_name,
            region_type: parse::<RegionType>("region type", &self.region_type)?,
            is_administrative: self.is_administrative,
            province_code: parse("province code", &self.province_code)?,
            province_name: self.province_name,
            province_name_en: self.province_name_en,
            province_iso_3166_2: self.province_iso,
            capital: self.capital,
            latitude: self.latitude,
            longitude: self.longitude,
            elevation_m: self.elevation_m,
            utc_offset: self.utc_offset.map(|o| o as i32),
            population: self.population,
            population_male: self.population_male,
            population_female: self.population_female,
            area_km2: self.area_km2,
            is_daerah_tertinggal: self.is_daerah_tertinggal,
            land_border_countries: self
                .land_border_countries
                .0
                .iter()
                .map(|c| parse("country code", c))
                .collect::<StoreResult<_>>()?,
            outermost_small_islands: self.outermost_small_islands as i32,
        })
    }
}

pub(super) const REGION_COLUMNS: &str = "code, name, short_name, region_type, is_administrative, province_code, province_name, \
     province_name_en, province_iso, capital, latitude, longitude, elevation_m, utc_offset, population, \
     population_male, population_female, area_km2, is_daerah_tertinggal, land_border_countries, outermost_small_islands";

#[derive(FromRow)]
pub(super) struct CountryRow {
    iso2: String,
    iso3: String,
    numeric_code: String,
    name_en: String,
    official_name_en: Option<String>,
    name_id: String,
    is_un_member: bool,
    sovereign_iso2: Option<String>,
    diplomatic_relations: String,
    relations_note: Option<String>,
    continent: Option<String>,
    capital: Option<String>,
    population: Option<i64>,
    area_km2: Option<f64>,
    currency: Option<String>,
    languages: Json<Vec<String>>,
    neighbours: Json<Vec<String>>,
    geonameid: Option<i64>,
}

impl CountryRow {
    pub(super) fn into_country(self) -> StoreResult<Country> {
        let relations = match self.diplomatic_relations.as_str() {
            "not_applicable" => DiplomaticRelations::NotApplicable,
            other => parse::<DiplomaticRelations>("relations", other)?,
        };
        Ok(Country {
            iso2: parse("country code", &self.iso2)?,
            iso3: self.iso3,
            numeric: self.numeric_code,
            name_en: self.name_en,
            official_name_en: self.official_name_en,
            name_id: self.name_id,
            is_un_member: self.is_un_member,
            sovereign_iso2: self.sovereign_iso2.map(|c| parse("country code", &c)).transpose()?,
            diplomatic_relations: relations,
            relations_note: self.relations_note,
            continent: self.continent,
            capital: self.capital,
            population: self.population,
            area_km2: self.area_km2,
            currency: self.currency,
            languages: self.languages.0,
            neighbours: self
                .neighbours
                .0
                .iter()
                .map(|c| parse("country code", c))
                .collect::<StoreResult<_>>()?,
            geonameid: self.geonameid.map(GeonameId),
        })
    }
}

pub(super) const COUNTRY_COLUMNS: &str = "iso2, iso3, numeric_code, name_en, official_name_en, name_id, is_un_member, \
     sovereign_iso2, diplomatic_relations, relations_note, continent, capital, population, area_km2, currency, \
     languages, neighbours, geonameid";

#[derive(FromRow)]
pub(super) struct SubdivisionRow {
    code: String,
    country_iso2: String,
    name: String,
    category: Option<String>,
    iso_code: Option<String>,
    geonames_code: Option<String>,
    geonameid: Option<i64>,
    alternate_names: Json<Vec<String>>,
}

impl SubdivisionRow {
    pub(super) fn into_subdivision(self) -> StoreResult<Subdivision> {
        Ok(Subdivision {
            code: SubdivisionCode::from_reference(&self.code),
            country_iso2: parse("country code", &self.country_iso2)?,
            name: self.name,
            category: self.category,
            iso_code: self.iso_code,
            geonames_code: self.geonames_code,
            geonameid: self.geonameid.map(GeonameId),
            alternate_names: self.alternate_names.0,
        })
    }
}

pub(super) const SUBDIVISION_COLUMNS: &str =
    "code, country_iso2, name, category, iso_code, geonames_code, geonameid, alternate_names";

#[derive(FromRow)]
pub(super) struct CityRow {
    geonameid: i64,
    name: String,
    latitude: f64,
    longitude: f64,
    country_iso2: String,
    admin1_code: Option<String>,
    admin1_name: Option<String>,
    population: i64,
    timezone: Option<String>,
    alternate_names: Json<Vec<String>>,
}

impl CityRow {
    pub(super) fn into_city(self) -> StoreResult<City> {
        Ok(City {
            geonameid: GeonameId(self.geonameid),
            name: self.name,
            latitude: self.latitude,
            longitude: self.longitude,
            country_iso2: parse("country code", &self.country_iso2)?,
            admin1_code: self.admin1_code,
            admin1_name: self.admin1_name,
            population: self.population,
            timezone: self.timezone,
            alternate_names: self.alternate_names.0,
        })
    }
}

pub(super) const CITY_COLUMNS: &str = "geonameid, name, latitude, longitude, country_iso2, admin1_code, admin1_name, population, \
     timezone, alternate_names";
