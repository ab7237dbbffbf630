//! Reference datasets: regions, countries, places, SDGs, urusan, holidays, twinnings.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::reference::{
    City, Country, DatasetVersion, Holiday, Place, Region, RegionType, SdgGoal, SdgIndicator, SdgTarget,
    SdgTargetKeywords, Subdivision, Twinning, Urusan,
};
use time::Date;

/// One reference dataset's rows, ready to be stored.
#[derive(Debug, Clone)]
pub enum DatasetRows {
    Regions(Vec<Region>),
    Countries(Vec<Country>),
    Subdivisions(Vec<Subdivision>),
    Cities(Vec<City>),
    SdgGoals(Vec<SdgGoal>),
    SdgTargets(Vec<SdgTarget>),
    SdgIndicators(Vec<SdgIndicator>),
    SdgTargetKeywords(Vec<SdgTargetKeywords>),
    Urusan(Vec<Urusan>),
    Holidays(Vec<Holiday>),
    Twinnings(Vec<Twinning>),
}

impl DatasetRows {
    pub fn len(&self) -> usize {
        match self {
            Self::Regions(v) => v.len(),
            Self::Countries(v) => v.len(),
            Self::Subdivisions(v) => v.len(),
            Self::Cities(v) => v.len(),
            Self::SdgGoals(v) => v.len(),
            Self::SdgTargets(v) => v.len(),
            Self::SdgIndicators(v) => v.len(),
            Self::SdgTargetKeywords(v) => v.len(),
            Self::Urusan(v) => v.len(),
            Self::Holidays(v) => v.len(),
            Self::Twinnings(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionFilter {
    pub region_type: Option<RegionType>,
    pub province: Option<RegionCode>,
    /// Folded name prefix or substring.
    pub q: Option<String>,
    pub is_3t: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountryFilter {
    /// Folded name substring (English or Indonesian).
    pub q: Option<String>,
    pub continent: Option<String>,
    pub relations: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceQuery {
    /// Folded name prefix (at least one character), or the whole folded name with `exact`.
    pub prefix: String,
    /// Match the whole name (or alternate name) instead of its start.
    pub exact: bool,
    pub country: Option<CountryCode>,
    pub kind: Option<jalin_domain::reference::PlaceKind>,
}

#[async_trait]
pub trait ReferenceRepo: Send {
    async fn dataset_versions(&mut self) -> StoreResult<Vec<DatasetVersion>>;
    /// Replaces all rows of one dataset and records its version, in this transaction.
    async fn replace_dataset(&mut self, rows: &DatasetRows, version: &DatasetVersion) -> StoreResult<()>;

    async fn list_regions(&mut self, filter: &RegionFilter, page: Page) -> StoreResult<Listing<Region>>;
    async fn get_region(&mut self, code: &RegionCode) -> StoreResult<Option<Region>>;
    async fn list_countries(&mut self, filter: &CountryFilter, page: Page) -> StoreResult<Listing<Country>>;
    async fn get_country(&mut self, iso2: &CountryCode) -> StoreResult<Option<Country>>;
    async fn search_places(&mut self, query: &PlaceQuery, page: Page) -> StoreResult<Listing<Place>>;
    async fn cities_by_ids(&mut self, ids: &[GeonameId]) -> StoreResult<Vec<City>>;
    /// Every city, by GeoNames id, without alternate names (for the recommender's
    /// candidate pool, which does not use them).
    async fn all_cities(&mut self) -> StoreResult<Vec<City>>;
    /// Every first-level subdivision, by code.
    async fn all_subdivisions(&mut self) -> StoreResult<Vec<Subdivision>>;
    async fn subdivisions_by_codes(&mut self, codes: &[SubdivisionCode]) -> StoreResult<Vec<Subdivision>>;
    async fn sdg_goals(&mut self) -> StoreResult<Vec<SdgGoal>>;
    async fn sdg_targets(&mut self, goal: Option<i32>) -> StoreResult<Vec<SdgTarget>>;
    async fn sdg_indicators(&mut self, goal: Option<i32>, target: Option<&str>) -> StoreResult<Vec<SdgIndicator>>;
    async fn urusan(&mut self) -> StoreResult<Vec<Urusan>>;
    async fn holidays(&mut self, from: Date, to: Date) -> StoreResult<Vec<Holiday>>;
    async fn twinnings(&mut self) -> StoreResult<Vec<Twinning>>;
    async fn sdg_target_keywords(&mut self) -> StoreResult<Vec<SdgTargetKeywords>>;
}
