//! What partners are sought for: the query place, the filter and the request.

use crate::features::Level;
use crate::network::PartnershipGraph;
use crate::pool::{Candidate, PlaceRef};
use jalin_domain::codes::{CountryCode, SdgCode, UrusanCode};
use jalin_domain::reference::{PlaceKind, Region, RegionType};
use serde::{Deserialize, Serialize};

/// What a query place is, for the level rule and for the texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    Region(RegionType),
    City,
    Subdivision,
}

/// The place partners are sought for, with the features the recommender uses: an
/// Indonesian region ([`QueryPlace::from_region`]) or, for evaluation, any city or
/// subdivision ([`QueryPlace::from_candidate`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryPlace {
    /// The place itself, if it is known (it is then never recommended to itself, and its
    /// partnerships in the network are its existing partners).
    pub key: Option<PlaceRef>,
    pub name: String,
    pub kind: QueryKind,
    pub country_iso2: CountryCode,
    pub population: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub area_km2: Option<f64>,
    /// A 3T region (border, outermost small islands or *daerah tertinggal*).
    pub is_3t: bool,
    /// ISO's category of a subdivision, for the texts.
    pub category: Option<String>,
}

impl QueryPlace {
    pub fn from_region(r: &Region) -> Self {
        Self {
            key: Some(PlaceRef::Region(r.code.clone())),
            name: r.name.clone(),
            kind: QueryKind::Region(r.region_type),
            country_iso2: CountryCode::indonesia(),
            population: r.population,
            latitude: r.latitude,
            longitude: r.longitude,
            area_km2: r.area_km2,
            is_3t: r.is_3t(),
            category: None,
        }
    }

    pub fn from_candidate(c: &Candidate) -> Self {
        Self {
            key: c.place_ref(),
            name: c.name.clone(),
            kind: match c.kind {
                PlaceKind::City => QueryKind::City,
                PlaceKind::Subdivision => QueryKind::Subdivision,
            },
            country_iso2: c.country_iso2.clone(),
            population: c.population,
            latitude: c.latitude,
            longitude: c.longitude,
            area_km2: c.area_km2,
            is_3t: false,
            category: c.category.clone(),
        }
    }

    pub fn level(&self) -> Level {
        match self.kind {
            QueryKind::Region(t) => Level::of_region(t),
            QueryKind::City => Level::Local,
            QueryKind::Subdivision => Level::FirstLevel,
        }
    }

    /// The level's name in Indonesian and English ("kota" / "city").
    pub fn level_label(&self) -> (String, String) {
        match self.kind {
            QueryKind::Region(RegionType::Provinsi) => ("provinsi".into(), "province".into()),
            QueryKind::Region(RegionType::Kabupaten) => ("kabupaten".into(), "regency".into()),
            QueryKind::Region(RegionType::Kota) | QueryKind::City => ("kota".into(), "city".into()),
            QueryKind::Subdivision => subdivision_label(self.category.as_deref()),
        }
    }
}

fn subdivision_label(category: Option<&str>) -> (String, String) {
    let cat = category.unwrap_or("").trim().to_ascii_lowercase();
    let known: &[(&str, &str, &str)] = &[
        ("province", "provinsi", "province"),
        ("state", "negara bagian", "state"),
        ("prefecture", "prefektur", "prefecture"),
        ("metropolitan city", "kota metropolitan", "metropolitan city"),
        ("special city", "kota khusus", "special city"),
        ("municipality", "munisipalitas", "municipality"),
        ("region", "region", "region"),
        ("county", "county", "county"),
        ("oblast", "oblast", "oblast"),
        ("department", "departemen", "department"),
        ("district", "distrik", "district"),
        ("autonomous region", "daerah otonom", "autonomous region"),
    ];
    known
        .iter()
        .find(|(k, _, _)| cat == *k)
        .map(|(_, id, en)| ((*id).to_owned(), (*en).to_owned()))
        .unwrap_or_else(|| ("wilayah tingkat I".into(), "first-level subdivision".into()))
}

pub(super) fn candidate_label(c: &Candidate) -> (String, String) {
    match c.kind {
        PlaceKind::City => ("kota".into(), "city".into()),
        PlaceKind::Subdivision => subdivision_label(c.category.as_deref()),
    }
}

/// Which candidates to rank.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only cities or only subdivisions.
    pub kind: Option<PlaceKind>,
    /// Only these countries (empty: all eligible countries).
    pub countries: Vec<CountryCode>,
}

/// A request for recommendations.
#[derive(Debug, Clone)]
pub struct Query<'a> {
    pub place: QueryPlace,
    pub wished_fields: Vec<UrusanCode>,
    pub wished_sdgs: Vec<SdgCode>,
    /// Partners the place already has (besides those the network knows); never
    /// recommended, and used as seeds of the network signals.
    pub existing_partners: Vec<PlaceRef>,
    /// Places never to recommend.
    pub exclude: Vec<PlaceRef>,
    pub network: Option<&'a PartnershipGraph>,
    pub filter: Filter,
    /// Whether the region already has foreign cooperation, for the opportunity-board
    /// priority; `None` derives it from the known partners.
    pub has_foreign_cooperation: Option<bool>,
}

impl<'a> Query<'a> {
    pub fn new(place: QueryPlace) -> Self {
        Self {
            place,
            wished_fields: Vec::new(),
            wished_sdgs: Vec::new(),
            existing_partners: Vec::new(),
            exclude: Vec::new(),
            network: None,
            filter: Filter::default(),
            has_foreign_cooperation: None,
        }
    }

    pub fn region(region: &Region) -> Self {
        Self::new(QueryPlace::from_region(region))
    }

    pub fn with_network(mut self, network: &'a PartnershipGraph) -> Self {
        self.network = Some(network);
        self
    }
}
