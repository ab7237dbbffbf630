//! The candidate pool: every foreign city and first-level subdivision, with its features
//! computed once, and the P1 filter (diplomatic relations with Indonesia) applied.

use crate::features::{ClimateBand, Level, ln_or_nan, unit_vector};
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::reference::{City, Country, DiplomaticRelations, PlaceKind, Subdivision};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// "No index" in the compact `u32`/`u16` index arrays.
pub(crate) const NONE: u32 = u32::MAX;

/// A reference to a place that can take part in a partnership: a city, a foreign
/// first-level subdivision, or an Indonesian region.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PlaceRef {
    City(GeonameId),
    Subdivision(SubdivisionCode),
    Region(RegionCode),
}

/// One place that can be recommended (or, when its country is excluded, only looked up).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub kind: PlaceKind,
    /// The GeoNames id of a city (and of a subdivision, where known).
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
    pub name: String,
    pub country_iso2: CountryCode,
    /// GeoNames admin1 key (`DE.02`) of the first-level division the place lies in (for a
    /// subdivision: itself).
    pub admin1: Option<String>,
    pub admin1_name: Option<String>,
    /// For a subdivision: the sum of its cities with at least 5,000 inhabitants (a lower
    /// bound; the data has no subdivision populations).
    pub population: Option<i64>,
    /// For a subdivision: the population-weighted centre of those cities.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Not in the reference data for any candidate today; used when set.
    pub area_km2: Option<f64>,
    pub level: Level,
    /// ISO's category of a subdivision (`State`, `Prefecture`, …).
    pub category: Option<String>,
    /// May be recommended: its country has diplomatic relations with Indonesia (P1) and is
    /// not Indonesia.
    pub eligible: bool,
}

impl Candidate {
    pub fn place_ref(&self) -> Option<PlaceRef> {
        match self.kind {
            PlaceKind::City => self.geonameid.map(PlaceRef::City),
            PlaceKind::Subdivision => self.subdivision_code.clone().map(PlaceRef::Subdivision),
        }
    }

    /// The stable key results are ordered by when scores tie.
    pub fn stable_key(&self) -> String {
        match (&self.subdivision_code, self.geonameid) {
            (Some(code), _) if self.kind == PlaceKind::Subdivision => format!("subdivision:{code}"),
            (_, Some(id)) => format!("city:{:012}", id.0),
            _ => format!("name:{}", self.name),
        }
    }
}

/// A country as the recommender sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountryInfo {
    pub iso2: CountryCode,
    pub name_id: String,
    pub name_en: String,
    pub relations: DiplomaticRelations,
}

/// All places with their features, precomputed once. Places are ordered by kind (cities,
/// then subdivisions) and then by GeoNames id / subdivision code, whatever the input
/// order; that order is the tie-break of every ranking.
#[derive(Debug, Clone)]
pub struct CandidatePool {
    pub(crate) places: Vec<Candidate>,
    /// Indices of the eligible places, ascending.
    pub(crate) eligible: Vec<u32>,
    pub(crate) countries: Vec<CountryInfo>,
    country_index: BTreeMap<CountryCode, u16>,
    pub(crate) admin1_keys: Vec<String>,
    pub(crate) admin1_names: Vec<Option<String>>,
    admin1_index: BTreeMap<String, u32>,
    by_geonameid: BTreeMap<GeonameId, u32>,
    by_subdivision: BTreeMap<SubdivisionCode, u32>,
    // Hot features, one entry per place.
    pub(crate) country: Vec<u16>,
    pub(crate) admin1: Vec<u32>,
    pub(crate) level: Vec<Level>,
    pub(crate) ln_pop: Vec<f32>,
    pub(crate) ln_area: Vec<f32>,
    pub(crate) abs_lat: Vec<f32>,
    pub(crate) band: Vec<u8>,
    pub(crate) unit: Vec<[f32; 3]>,
}

/// Subdivision aggregates from their cities.
#[derive(Default)]
struct Agg {
    population: i64,
    lat_w: f64,
    lon_w: f64,
}

/// Indonesia's relations are `Itself`; every other country keeps `given`.
fn relations_of(code: &CountryCode, given: DiplomaticRelations) -> DiplomaticRelations {
    if code.is_indonesia() {
        DiplomaticRelations::Itself
    } else {
        given
    }
}

/// The countries, sorted by code: those given, plus every country a place names and
/// Indonesia (named by their code, relations unknown).
fn country_list(countries: &[Country], cities: &[City], subdivisions: &[Subdivision]) -> Vec<CountryInfo> {
    let mut list: Vec<CountryInfo> = countries
        .iter()
        .map(|c| CountryInfo {
            iso2: c.iso2.clone(),
            name_id: c.name_id.clone(),
            name_en: c.name_en.clone(),
            relations: relations_of(&c.iso2, c.diplomatic_relations),
        })
        .collect();
    let mut seen: BTreeSet<CountryCode> = list.iter().map(|c| c.iso2.clone()).collect();
    let indonesia = CountryCode::indonesia();
    let extra = cities
        .iter()
        .map(|c| &c.country_iso2)
        .chain(subdivisions.iter().map(|s| &s.country_iso2))
        .chain(std::iter::once(&indonesia));
    for code in extra {
        if seen.insert(code.clone()) {
            list.push(CountryInfo {
                iso2: code.clone(),
                name_id: code.to_string(),
                name_en: code.to_string(),
                relations: relations_of(code, DiplomaticRelations::Unknown),
            });
        }
    }
    list.sort_by(|a, b| a.iso2.cmp(&b.iso2));
    list.dedup_by(|a, b| a.iso2 == b.iso2);
    list
}

/// The cities as candidates, and their population-weighted sums per first-level
/// division (for the subdivisions).
fn city_candidates(cities: &[&City]) -> (Vec<Candidate>, BTreeMap<String, Agg>) {
    let mut aggs: BTreeMap<String, Agg> = BTreeMap::new();
    let mut places = Vec::with_capacity(cities.len());
    for c in cities {
        let admin1 = c.admin1_code.as_ref().map(|a| format!("{}.{a}", c.country_iso2));
        if let Some(key) = &admin1 {
            let agg = aggs.entry(key.clone()).or_default();
            let w = c.population.max(0) as f64;
            agg.population += c.population.max(0);
            agg.lat_w += w * c.latitude;
            agg.lon_w += w * c.longitude;
        }
        places.push(Candidate {
            kind: PlaceKind::City,
            geonameid: Some(c.geonameid),
            subdivision_code: None,
            name: c.name.clone(),
            country_iso2: c.country_iso2.clone(),
            admin1,
            admin1_name: c.admin1_name.clone(),
            population: Some(c.population).filter(|p| *p > 0),
            latitude: Some(c.latitude),
            longitude: Some(c.longitude),
            area_km2: None,
            level: Level::Local,
            category: None,
            eligible: false,
        });
    }
    (places, aggs)
}

/// A subdivision as a candidate, with the population and centre of its cities.
fn subdivision_candidate(s: &Subdivision, aggs: &BTreeMap<String, Agg>) -> Candidate {
    let agg = s
        .geonames_code
        .as_ref()
        .and_then(|k| aggs.get(k))
        .filter(|a| a.population > 0);
    let (population, latitude, longitude) = match agg {
        Some(a) => {
            let w = a.population as f64;
            // Longitudes are averaged naively: no subdivision with cities of 5,000+
            // straddles the antimeridian except parts of Fiji, Kiribati and Russia's
            // Chukotka, where the centre is then approximate.
            (Some(a.population), Some(a.lat_w / w), Some(a.lon_w / w))
        }
        None => (None, None, None),
    };
    Candidate {
        kind: PlaceKind::Subdivision,
        geonameid: s.geonameid,
        subdivision_code: Some(s.code.clone()),
        name: s.name.clone(),
        country_iso2: s.country_iso2.clone(),
        admin1: s.geonames_code.clone(),
        admin1_name: Some(s.name.clone()),
        population,
        latitude,
        longitude,
        area_km2: None,
        level: Level::FirstLevel,
        category: s.category.clone(),
        eligible: false,
    }
}

/// Admin1 keys: every city's division and every subdivision's GeoNames code, with the
/// subdivision's name where there is one. Returns the sorted keys and their names.
fn admin1_table(places: &[Candidate]) -> (Vec<String>, Vec<Option<String>>) {
    let mut admin1_names: BTreeMap<String, Option<String>> = BTreeMap::new();
    for p in places {
        if let Some(k) = &p.admin1 {
            let slot = admin1_names.entry(k.clone()).or_insert(None);
            if slot.is_none() || p.kind == PlaceKind::Subdivision {
                *slot = p.admin1_name.clone().or(slot.take());
            }
        }
    }
    let keys = admin1_names.keys().cloned().collect();
    (keys, admin1_names.into_values().collect())
}

impl CandidatePool {
    /// Builds the pool. Places in a country whose diplomatic relations with Indonesia are
    /// not `yes` (P1: Israel, Taiwan, Western Sahara; territories, whose relations are
    /// their sovereign's; unknown), in a country missing from `countries`, and in
    /// Indonesia itself are kept for look-ups (e.g. as nodes of the partnership network)
    /// but are never recommended.
    pub fn build(cities: &[City], subdivisions: &[Subdivision], countries: &[Country]) -> Self {
        let country_list = country_list(countries, cities, subdivisions);
        let mut sorted_cities: Vec<&City> = cities.iter().collect();
        sorted_cities.sort_by_key(|c| c.geonameid);
        sorted_cities.dedup_by_key(|c| c.geonameid);
        let mut sorted_subs: Vec<&Subdivision> = subdivisions.iter().collect();
        sorted_subs.sort_by(|a, b| a.code.cmp(&b.code));
        sorted_subs.dedup_by(|a, b| a.code == b.code);

        let (mut places, aggs) = city_candidates(&sorted_cities);
        places.extend(sorted_subs.iter().map(|s| subdivision_candidate(s, &aggs)));
        let (admin1_keys, admin1_names) = admin1_table(&places);
        let n = places.len();
        let mut pool = Self {
            eligible: Vec::new(),
            country: Vec::with_capacity(n),
            admin1: Vec::with_capacity(n),
            level: Vec::with_capacity(n),
            ln_pop: Vec::with_capacity(n),
            ln_area: Vec::with_capacity(n),
            abs_lat: Vec::with_capacity(n),
            band: Vec::with_capacity(n),
            unit: Vec::with_capacity(n),
            by_geonameid: BTreeMap::new(),
            by_subdivision: BTreeMap::new(),
            country_index: country_list
                .iter()
                .enumerate()
                .map(|(i, c)| (c.iso2.clone(), i as u16))
                .collect(),
            countries: country_list,
            admin1_index: admin1_keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i as u32))
                .collect(),
            admin1_keys,
            admin1_names,
            places: Vec::new(),
        };
        let eligible_country: Vec<bool> = pool
            .countries
            .iter()
            .map(|c| c.relations == DiplomaticRelations::Yes && !c.iso2.is_indonesia())
            .collect();
        for (i, p) in places.iter_mut().enumerate() {
            let ci = pool.country_index.get(&p.country_iso2).copied().unwrap_or(0);
            p.eligible = eligible_country.get(ci as usize).copied().unwrap_or(false);
            pool.push_features(i as u32, ci, p);
        }
        pool.places = places;
        pool
    }

    /// Appends the hot features and look-up entries of place `i`.
    fn push_features(&mut self, i: u32, country: u16, p: &Candidate) {
        if p.eligible {
            self.eligible.push(i);
        }
        self.country.push(country);
        let admin1 = p.admin1.as_ref().and_then(|k| self.admin1_index.get(k).copied());
        self.admin1.push(admin1.unwrap_or(NONE));
        self.level.push(p.level);
        self.ln_pop.push(ln_or_nan(p.population.map(|v| v as f64)));
        self.ln_area.push(ln_or_nan(p.area_km2));
        match (p.latitude, p.longitude) {
            (Some(lat), Some(lon)) => {
                self.abs_lat.push(lat.abs() as f32);
                self.band.push(ClimateBand::of_latitude(lat) as u8);
                self.unit.push(unit_vector(lat, lon));
            }
            _ => {
                self.abs_lat.push(f32::NAN);
                self.band.push(u8::MAX);
                self.unit.push([f32::NAN; 3]);
            }
        }
        if let Some(id) = p.geonameid {
            // A city wins over a subdivision with the same id (ids do not collide in
            // GeoNames; this only guards against bad input).
            self.by_geonameid.entry(id).or_insert(i);
        }
        if let Some(code) = &p.subdivision_code {
            self.by_subdivision.insert(code.clone(), i);
        }
    }

    /// Every place, eligible or not, in pool order.
    pub fn places(&self) -> &[Candidate] {
        &self.places
    }

    /// The places that may be recommended, in pool order.
    pub fn eligible(&self) -> impl Iterator<Item = &Candidate> + '_ {
        self.eligible.iter().map(|&i| &self.places[i as usize])
    }

    /// How many places may be recommended.
    pub fn eligible_len(&self) -> usize {
        self.eligible.len()
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Candidate> {
        self.places.get(index)
    }

    /// The pool index of a city or subdivision (Indonesian regions are not in the pool).
    pub fn index_of(&self, place: &PlaceRef) -> Option<usize> {
        match place {
            PlaceRef::City(id) => self.by_geonameid.get(id).map(|&i| i as usize),
            PlaceRef::Subdivision(code) => self.by_subdivision.get(code).map(|&i| i as usize),
            PlaceRef::Region(_) => None,
        }
    }

    /// The pool index of the place with this GeoNames id (city or subdivision).
    pub fn index_of_geonameid(&self, id: GeonameId) -> Option<usize> {
        self.by_geonameid.get(&id).map(|&i| i as usize)
    }

    pub fn country(&self, code: &CountryCode) -> Option<&CountryInfo> {
        self.country_index
            .get(code)
            .and_then(|&i| self.countries.get(i as usize))
    }

    pub(crate) fn country_idx(&self, code: &CountryCode) -> Option<u16> {
        self.country_index.get(code).copied()
    }

    /// The name of a first-level division by its GeoNames key (`DE.02`).
    pub fn admin1_name(&self, key: &str) -> Option<&str> {
        self.admin1_index
            .get(key)
            .and_then(|&i| self.admin1_names.get(i as usize))
            .and_then(|n| n.as_deref())
    }

    /// Whether places in this country may be recommended (P1 and not Indonesia).
    pub fn country_is_eligible(&self, code: &CountryCode) -> bool {
        self.country(code)
            .is_some_and(|c| c.relations == DiplomaticRelations::Yes && !c.iso2.is_indonesia())
    }
}
