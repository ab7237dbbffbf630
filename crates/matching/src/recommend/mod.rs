//! The partner recommender: ranks every eligible foreign city and first-level subdivision
//! for one place (an Indonesian region, or any place for evaluation) by a weighted sum of
//! signals, each in `[0, 1]`, and explains every result in Indonesian and English.
//!
//! The score of a candidate is `Σ weightᵢ · signalᵢ`; its reasons list exactly the
//! non-zero terms of that sum (so the reason weights add up to the score), plus
//! zero-weight notes such as a level mismatch. See `docs/matching.md` for the formulas.

use crate::features::{
    ClimateBand, Level, chord_km, climate_similarity, format_population, great_circle_km, kernel, ln_or_nan,
    log_ratio_similarity, unit_vector,
};
use crate::network::{PartnershipGraph, field_mask, sdg_mask};
use crate::pool::{Candidate, CandidatePool, NONE, PlaceRef};
use jalin_domain::codes::{CountryCode, GeonameId, SdgCode, SubdivisionCode, UrusanCode};
use jalin_domain::reference::{PlaceKind, Region, RegionType};
use serde::{Deserialize, Serialize};

/// Signal weights and the shapes of the similarity functions. Everything is data: load it
/// from TOML or JSON (missing keys keep their defaults, unknown keys are an error).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Equal administrative level (P7): province ↔ first-level subdivision, kabupaten/kota ↔ city.
    pub level: f64,
    /// Population similarity (log ratio).
    pub population: f64,
    /// Area similarity (log ratio), where both areas are known.
    pub area: f64,
    /// Latitude band and latitude difference (a proxy for climate).
    pub climate: f64,
    /// Geographic proximity.
    pub proximity: f64,
    /// Partnerships already recorded between the query's country and the candidate's.
    pub country_pair: f64,
    /// Partnerships the candidate's country has in the network overall.
    pub country_activity: f64,
    /// The candidate's first-level division hosts partners of the query or of places near it.
    pub region_affinity: f64,
    /// The candidate partners one of the query's partners.
    pub partners_of_partners: f64,
    /// The candidate partners a place that shares a partner with the query.
    pub co_partners: f64,
    /// The candidate partners a place similar to the query (same country, near, similar size).
    pub similar_places: f64,
    /// The candidate already has partnerships.
    pub partner_activity: f64,
    /// Share of the wished fields (*urusan*) found in the candidate's existing agreements.
    pub fields: f64,
    /// Share of the wished SDG goals found in the candidate's existing agreements.
    pub sdgs: f64,
    /// Opportunity-board priority for a 3T (border, outermost or underdeveloped) region.
    pub boost_3t: f64,
    /// Opportunity-board priority for a region without any foreign cooperation.
    pub boost_no_cooperation: f64,
    /// A population this many times larger or smaller scores ½.
    pub population_ratio_scale: f64,
    /// An area this many times larger or smaller scores ½.
    pub area_ratio_scale: f64,
    /// A latitude difference of this many degrees scores ½ (of the latitude half).
    pub latitude_scale_deg: f64,
    /// A candidate this far away scores ½ on proximity.
    pub proximity_scale_km: f64,
    /// A place this far from the query counts ½ as a "similar place".
    pub neighbour_scale_km: f64,
    /// How many similar places to draw partners from.
    pub neighbours: usize,
    /// Network signals are `raw / (raw + saturation)`.
    pub network_saturation: f64,
    /// Region affinity is `raw / (raw + saturation)`.
    pub region_saturation: f64,
}

impl Default for Weights {
    /// Tuned by hand on the world twin-town graph (5 folds, seed 7, 600 queries per fold);
    /// see `docs/matching.md`.
    fn default() -> Self {
        Self {
            level: 1.0,
            population: 0.35,
            area: 0.2,
            climate: 0.1,
            proximity: 0.4,
            country_pair: 0.9,
            country_activity: 0.1,
            region_affinity: 0.6,
            partners_of_partners: 3.0,
            co_partners: 2.0,
            similar_places: 0.3,
            partner_activity: 0.5,
            fields: 0.5,
            sdgs: 0.3,
            boost_3t: 1.0,
            boost_no_cooperation: 1.0,
            population_ratio_scale: 3.0,
            area_ratio_scale: 3.0,
            latitude_scale_deg: 10.0,
            proximity_scale_km: 1000.0,
            neighbour_scale_km: 100.0,
            neighbours: 30,
            network_saturation: 1.0,
            region_saturation: 2.0,
        }
    }
}

/// Why a candidate scored what it did, or a note about the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    Level,
    Population,
    Area,
    Climate,
    Proximity,
    CountryPair,
    CountryActivity,
    RegionAffinity,
    PartnersOfPartners,
    CoPartners,
    SimilarPlaces,
    PartnerActivity,
    Fields,
    Sdgs,
    /// Not the equal level: possible only as "other cooperation" (zero weight).
    LevelMismatch,
    /// A 3T region: priority on the opportunity board (query note).
    Region3t,
    /// No foreign cooperation yet: priority on the opportunity board (query note).
    NoForeignCooperation,
}

impl ReasonCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::Population => "population",
            Self::Area => "area",
            Self::Climate => "climate",
            Self::Proximity => "proximity",
            Self::CountryPair => "country_pair",
            Self::CountryActivity => "country_activity",
            Self::RegionAffinity => "region_affinity",
            Self::PartnersOfPartners => "partners_of_partners",
            Self::CoPartners => "co_partners",
            Self::SimilarPlaces => "similar_places",
            Self::PartnerActivity => "partner_activity",
            Self::Fields => "fields",
            Self::Sdgs => "sdgs",
            Self::LevelMismatch => "level_mismatch",
            Self::Region3t => "region_3t",
            Self::NoForeignCooperation => "no_foreign_cooperation",
        }
    }
}

/// The scored signals, in the order of their index in the signal vector.
const SIGNALS: [ReasonCode; NSIG] = [
    ReasonCode::Level,
    ReasonCode::Population,
    ReasonCode::Area,
    ReasonCode::Climate,
    ReasonCode::Proximity,
    ReasonCode::CountryPair,
    ReasonCode::CountryActivity,
    ReasonCode::RegionAffinity,
    ReasonCode::PartnersOfPartners,
    ReasonCode::CoPartners,
    ReasonCode::SimilarPlaces,
    ReasonCode::PartnerActivity,
    ReasonCode::Fields,
    ReasonCode::Sdgs,
];
const NSIG: usize = 14;
const S_LEVEL: usize = 0;
const S_POP: usize = 1;
const S_AREA: usize = 2;
const S_CLIMATE: usize = 3;
const S_PROX: usize = 4;
const S_CPAIR: usize = 5;
const S_CACT: usize = 6;
const S_REGION: usize = 7;
const S_POP2: usize = 8;
const S_CO: usize = 9;
const S_SIM: usize = 10;
const S_ACT: usize = 11;
const S_FIELDS: usize = 12;
const S_SDGS: usize = 13;

/// One reason, with its share of the score and texts in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// This reason's contribution to the score (0 for notes).
    pub weight: f64,
    pub text_id: String,
    pub text_en: String,
}

/// One recommended partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// 1-based.
    pub rank: u32,
    pub kind: PlaceKind,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
    pub name: String,
    pub country_iso2: CountryCode,
    pub admin1_name: Option<String>,
    pub population: Option<i64>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub score: f64,
    /// Largest contribution first.
    pub reasons: Vec<Reason>,
}

/// The ranking for one query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub items: Vec<Recommendation>,
    /// How many candidates were ranked (eligible, not excluded, passing the filter).
    pub candidates: usize,
    /// Opportunity-board priority of the query region (3T, no foreign cooperation); it does
    /// not change the order of `items`.
    pub priority: f64,
    /// Notes about the query (the reasons for `priority`).
    pub notes: Vec<Reason>,
}

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

fn candidate_label(c: &Candidate) -> (String, String) {
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

/// Weights as used in the hot loop.
#[derive(Debug, Clone, Copy)]
struct Compiled {
    w: [f32; NSIG],
    ln_pop_scale: f32,
    ln_area_scale: f32,
    lat_scale: f32,
    prox_scale: f32,
    neighbour_scale: f32,
    neighbours: usize,
    net_sat: f32,
    region_sat: f32,
}

impl Compiled {
    fn new(w: &Weights) -> Self {
        let ln_scale = |r: f64| (r.max(1.0001)).ln() as f32;
        Self {
            w: [
                w.level as f32,
                w.population as f32,
                w.area as f32,
                w.climate as f32,
                w.proximity as f32,
                w.country_pair as f32,
                w.country_activity as f32,
                w.region_affinity as f32,
                w.partners_of_partners as f32,
                w.co_partners as f32,
                w.similar_places as f32,
                w.partner_activity as f32,
                w.fields as f32,
                w.sdgs as f32,
            ],
            ln_pop_scale: ln_scale(w.population_ratio_scale),
            ln_area_scale: ln_scale(w.area_ratio_scale),
            lat_scale: w.latitude_scale_deg.max(1e-3) as f32,
            prox_scale: w.proximity_scale_km.max(1e-3) as f32,
            neighbour_scale: w.neighbour_scale_km.max(1e-3) as f32,
            neighbours: w.neighbours,
            net_sat: w.network_saturation.max(1e-6) as f32,
            region_sat: w.region_saturation.max(1e-6) as f32,
        }
    }
}

/// The query's features, resolved against the pool and the network.
struct Ctx<'g> {
    level: Level,
    ln_pop: f32,
    ln_area: f32,
    abs_lat: f32,
    band: u8,
    unit: [f32; 3],
    country: Option<u16>,
    graph: Option<&'g PartnershipGraph>,
    q_node: Option<u32>,
    wished_fields: u64,
    n_wished_fields: u32,
    wished_sdgs: u32,
    n_wished_sdgs: u32,
    kind: Option<PlaceKind>,
}

/// Reusable buffers, so ranking does not allocate per candidate.
#[derive(Debug, Default)]
struct Scratch {
    scores: Vec<f32>,
    excluded: Vec<bool>,
    excluded_list: Vec<u32>,
    /// Per pool index: raw → saturated partners-of-partners, co-partners, similar places.
    net: Vec<[f32; 3]>,
    net_touched: Vec<u32>,
    region_raw: Vec<f32>,
    region: Vec<f32>,
    region_touched: Vec<u32>,
    country_pair: Vec<f32>,
    country_allowed: Vec<bool>,
    order: Vec<(f32, u32)>,
    seeds: Vec<u32>,
    similar: Vec<(u32, f32)>,
}

/// Ranks candidates for queries, reusing its buffers between queries. Not `Sync`: use one
/// per thread.
#[derive(Debug)]
pub struct Recommender<'p> {
    pool: &'p CandidatePool,
    weights: Weights,
    c: Compiled,
    s: Scratch,
}

impl<'p> Recommender<'p> {
    pub fn new(pool: &'p CandidatePool, weights: &Weights) -> Self {
        let n = pool.len();
        let s = Scratch {
            scores: vec![f32::NEG_INFINITY; n],
            excluded: vec![false; n],
            net: vec![[0.0; 3]; n],
            region_raw: vec![0.0; pool.admin1_keys.len()],
            region: vec![0.0; pool.admin1_keys.len()],
            country_pair: vec![0.0; pool.countries.len()],
            country_allowed: vec![true; pool.countries.len()],
            ..Scratch::default()
        };
        Self {
            pool,
            weights: weights.clone(),
            c: Compiled::new(weights),
            s,
        }
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    pub fn pool(&self) -> &'p CandidatePool {
        self.pool
    }

    /// The `top_k` best candidates with their reasons.
    pub fn recommend(&mut self, query: &Query<'_>, top_k: usize) -> Ranking {
        let ctx = self.prepare(query);
        self.score_loop(&ctx);
        let candidates = self.s.order.len();
        let cmp = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let k = top_k.min(self.s.order.len());
        if k > 0 && k < self.s.order.len() {
            self.s.order.select_nth_unstable_by(k - 1, cmp);
        }
        self.s.order.truncate(k);
        self.s.order.sort_unstable_by(cmp);
        let top: Vec<(f32, u32)> = self.s.order.clone();
        let items = top
            .iter()
            .enumerate()
            .map(|(rank, &(score, c))| self.explain(query, &ctx, c as usize, score, rank as u32 + 1))
            .collect();
        let (priority, notes) = self.priority(query, &ctx);
        self.reset();
        Ranking {
            items,
            candidates,
            priority,
            notes,
        }
    }

    /// Scores every place in the pool for `query` (`-∞` for places that are not eligible,
    /// excluded or filtered out), for evaluation and analysis. The slice is valid until the
    /// next call.
    pub fn score_all(&mut self, query: &Query<'_>) -> &[f32] {
        let ctx = self.prepare(query);
        self.score_loop(&ctx);
        self.reset();
        &self.s.scores
    }

    fn prepare<'g>(&mut self, query: &Query<'g>) -> Ctx<'g> {
        let pool = self.pool;
        let q = &query.place;
        let graph = query.network.filter(|g| g.fits(pool));
        let (abs_lat, band, unit) = match (q.latitude, q.longitude) {
            (Some(la), Some(lo)) => (la.abs() as f32, ClimateBand::of_latitude(la) as u8, unit_vector(la, lo)),
            _ => (f32::NAN, u8::MAX - 1, [f32::NAN; 3]),
        };
        let mut ctx = Ctx {
            level: q.level(),
            ln_pop: ln_or_nan(q.population.map(|p| p as f64)),
            ln_area: ln_or_nan(q.area_km2),
            abs_lat,
            band,
            unit,
            country: pool.country_idx(&q.country_iso2),
            graph,
            q_node: None,
            wished_fields: 0,
            n_wished_fields: 0,
            wished_sdgs: 0,
            n_wished_sdgs: 0,
            kind: query.filter.kind,
        };

        // Exclusions: the place itself, its partners, explicit exclusions.
        let s = &mut self.s;
        s.seeds.clear();
        s.similar.clear();
        let exclude = |i: usize, s: &mut Scratch| {
            if let Some(e) = s.excluded.get_mut(i)
                && !*e
            {
                *e = true;
                s.excluded_list.push(i as u32);
            }
        };
        for r in q.key.iter().chain(&query.existing_partners).chain(&query.exclude) {
            if let Some(i) = pool.index_of(r) {
                exclude(i, s);
            }
        }
        if !query.filter.countries.is_empty() {
            s.country_allowed.iter_mut().for_each(|a| *a = false);
            for code in &query.filter.countries {
                if let Some(ci) = pool.country_idx(code) {
                    s.country_allowed[ci as usize] = true;
                }
            }
        }

        let Some(g) = graph else {
            return ctx;
        };
        ctx.q_node = q.key.as_ref().and_then(|k| g.node_of_resolved(pool, k));
        let dict = &g.field_dict;
        ctx.wished_fields = field_mask(dict, &query.wished_fields);
        ctx.n_wished_fields = {
            let mut f = query.wished_fields.clone();
            f.sort();
            f.dedup();
            f.len() as u32
        };
        ctx.wished_sdgs = sdg_mask(&query.wished_sdgs);
        ctx.n_wished_sdgs = ctx.wished_sdgs.count_ones();

        // Seeds: the place's partners in the network and the existing partners given.
        s.seeds.clear();
        if let Some(qn) = ctx.q_node {
            s.seeds.extend_from_slice(g.neighbours(qn));
        }
        for r in &query.existing_partners {
            if let Some(n) = g.node_of_resolved(pool, r) {
                s.seeds.push(n);
            }
        }
        s.seeds.sort_unstable();
        s.seeds.dedup();
        for k in 0..s.seeds.len() {
            let pi = g.nodes[s.seeds[k] as usize].pool;
            if pi != NONE {
                exclude(pi as usize, s);
            }
        }

        let c = self.c;
        let touch = |s: &mut Scratch, node: u32, slot: usize, v: f32| {
            let pi = g.nodes[node as usize].pool;
            if pi == NONE {
                return;
            }
            let e = &mut s.net[pi as usize];
            if e[0] == 0.0 && e[1] == 0.0 && e[2] == 0.0 {
                s.net_touched.push(pi);
            }
            e[slot] += v;
        };
        let region_add = |s: &mut Scratch, node: u32, v: f32| {
            let pi = g.nodes[node as usize].pool;
            if pi == NONE {
                return;
            }
            let a = pool.admin1[pi as usize];
            if a == NONE {
                return;
            }
            let r = &mut s.region_raw[a as usize];
            if *r == 0.0 {
                s.region_touched.push(a);
            }
            *r += v;
        };

        // Partners of partners, and partners of places that share a partner (co-partners).
        let seeds = std::mem::take(&mut s.seeds);
        for &p in &seeds {
            let wp = 1.0 / (2.0 + g.degree(p) as f32).ln();
            region_add(s, p, 1.0);
            for &m in g.neighbours(p) {
                if Some(m) == ctx.q_node {
                    continue;
                }
                touch(s, m, 0, wp);
                let wm = wp / (2.0 + g.degree(m) as f32).ln();
                for &cand in g.neighbours(m) {
                    if cand != p && Some(cand) != ctx.q_node {
                        touch(s, cand, 1, wm);
                    }
                }
            }
        }
        s.seeds = seeds;

        // Similar places: same country, near, similar size and level, with partners.
        s.similar.clear();
        if let Some(cq) = ctx.country
            && let Some(list) = g.nodes_by_country.get(cq as usize)
        {
            for &n in list {
                if Some(n) == ctx.q_node {
                    continue;
                }
                let node = &g.nodes[n as usize];
                let pop = if ctx.ln_pop.is_nan() || node.ln_pop.is_nan() {
                    0.5
                } else {
                    log_ratio_similarity(ctx.ln_pop, node.ln_pop, c.ln_pop_scale)
                };
                let d = chord_km(&ctx.unit, &node.unit);
                let near = if d.is_nan() { 0.5 } else { kernel(d, c.neighbour_scale) };
                let lvl = if node.level == ctx.level { 1.0 } else { 0.3 };
                let sim = pop * near * lvl;
                if sim > 0.0 {
                    s.similar.push((n, sim));
                }
            }
            let cmp = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            let m = c.neighbours.min(s.similar.len());
            if m > 0 && m < s.similar.len() {
                s.similar.select_nth_unstable_by(m - 1, cmp);
            }
            s.similar.truncate(m);
            s.similar.sort_unstable_by(cmp);
            let similar = std::mem::take(&mut s.similar);
            for &(n, sim) in &similar {
                for &cand in g.neighbours(n) {
                    if Some(cand) != ctx.q_node {
                        touch(s, cand, 2, sim);
                        region_add(s, cand, sim);
                    }
                }
            }
            s.similar = similar;
        }

        // Saturate.
        for &i in &s.net_touched {
            let e = &mut s.net[i as usize];
            for v in e.iter_mut() {
                *v /= *v + c.net_sat;
            }
        }
        for &a in &s.region_touched {
            let r = s.region_raw[a as usize];
            s.region[a as usize] = r / (r + c.region_sat);
        }

        // Country pair: partnerships between the query's country and each other country.
        if let Some(cq) = ctx.country {
            let row = g.country_pair_row(cq);
            let max = row.iter().copied().max().unwrap_or(0);
            for (dst, &n) in s.country_pair.iter_mut().zip(row) {
                *dst = crate::network::log_share(n, max);
            }
        }
        ctx
    }

    fn score_loop(&mut self, ctx: &Ctx<'_>) {
        let pool = self.pool;
        let w = self.c.w;
        let s = &mut self.s;
        s.order.clear();
        s.order.reserve(pool.eligible.len());
        for &ci in &pool.eligible {
            let c = ci as usize;
            let allowed = !s.excluded[c]
                && s.country_allowed[pool.country[c] as usize]
                && ctx.kind.is_none_or(|k| k == pool.places[c].kind);
            if !allowed {
                s.scores[c] = f32::NEG_INFINITY;
                continue;
            }
            let v = signals(pool, ctx, s, &self.c, c);
            let mut score = 0.0f32;
            for i in 0..NSIG {
                score += w[i] * v[i];
            }
            s.scores[c] = score;
            s.order.push((score, ci));
        }
    }

    /// Clears the per-query buffers (keeps `scores` for [`Self::score_all`]).
    fn reset(&mut self) {
        let s = &mut self.s;
        for &i in &s.excluded_list {
            s.excluded[i as usize] = false;
        }
        s.excluded_list.clear();
        for &i in &s.net_touched {
            s.net[i as usize] = [0.0; 3];
        }
        s.net_touched.clear();
        for &a in &s.region_touched {
            s.region_raw[a as usize] = 0.0;
            s.region[a as usize] = 0.0;
        }
        s.region_touched.clear();
        s.country_pair.iter_mut().for_each(|v| *v = 0.0);
        s.country_allowed.iter_mut().for_each(|v| *v = true);
    }

    fn priority(&self, query: &Query<'_>, ctx: &Ctx<'_>) -> (f64, Vec<Reason>) {
        let mut notes = Vec::new();
        let mut priority = 0.0;
        if !matches!(query.place.kind, QueryKind::Region(_)) {
            return (priority, notes);
        }
        if query.place.is_3t {
            priority += self.weights.boost_3t;
            notes.push(Reason {
                code: ReasonCode::Region3t,
                weight: self.weights.boost_3t,
                text_id: "Daerah 3T (terdepan, terluar, tertinggal): diprioritaskan di papan peluang".into(),
                text_en: "3T region (frontier, outermost or underdeveloped): prioritised on the opportunity board"
                    .into(),
            });
        }
        let has = query
            .has_foreign_cooperation
            .unwrap_or_else(|| !self.s.seeds.is_empty() && ctx.graph.is_some() || !query.existing_partners.is_empty());
        if !has {
            priority += self.weights.boost_no_cooperation;
            notes.push(Reason {
                code: ReasonCode::NoForeignCooperation,
                weight: self.weights.boost_no_cooperation,
                text_id: "Belum memiliki kerja sama luar negeri: diprioritaskan di papan peluang".into(),
                text_en: "No foreign cooperation yet: prioritised on the opportunity board".into(),
            });
        }
        (priority, notes)
    }

    fn explain(&self, query: &Query<'_>, ctx: &Ctx<'_>, c: usize, score: f32, rank: u32) -> Recommendation {
        let pool = self.pool;
        let cand = &pool.places[c];
        let v = signals(pool, ctx, &self.s, &self.c, c);
        let mut reasons: Vec<Reason> = Vec::new();
        for (i, code) in SIGNALS.iter().enumerate() {
            let contrib = self.c.w[i] * v[i];
            if contrib <= 1e-6 {
                continue;
            }
            let (text_id, text_en) = self.reason_text(query, ctx, c, i, v[i]);
            reasons.push(Reason {
                code: *code,
                weight: contrib as f64,
                text_id,
                text_en,
            });
        }
        reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.code.cmp(&b.code)));
        if cand.level != ctx.level {
            let (qi, qe) = query.place.level_label();
            let (ci, ce) = candidate_label(cand);
            reasons.push(Reason {
                code: ReasonCode::LevelMismatch,
                weight: 0.0,
                text_id: format!(
                    "Tidak setara: {qi} ↔ {ci}; hanya sebagai kerja sama lainnya, bukan kota/provinsi kembar (PP 28/2018 Pasal 27)"
                ),
                text_en: format!(
                    "Not an equal level: {qe} ↔ {ce}; only as \"other cooperation\", not as a sister city/province (PP 28/2018 Art. 27)"
                ),
            });
        }
        Recommendation {
            rank,
            kind: cand.kind,
            geonameid: cand.geonameid,
            subdivision_code: cand.subdivision_code.clone(),
            name: cand.name.clone(),
            country_iso2: cand.country_iso2.clone(),
            admin1_name: cand.admin1_name.clone(),
            population: cand.population,
            latitude: cand.latitude,
            longitude: cand.longitude,
            score: score as f64,
            reasons,
        }
    }

    fn reason_text(&self, query: &Query<'_>, ctx: &Ctx<'_>, c: usize, signal: usize, value: f32) -> (String, String) {
        let pool = self.pool;
        let cand = &pool.places[c];
        let q = &query.place;
        let country = |code: &CountryCode| {
            pool.country(code)
                .map(|ci| (ci.name_id.clone(), ci.name_en.clone()))
                .unwrap_or_else(|| (code.to_string(), code.to_string()))
        };
        let names = |nodes: &[u32], g: &PartnershipGraph| -> String {
            let mut v: Vec<&str> = nodes.iter().take(3).map(|&n| g.node_name(n)).collect();
            if nodes.len() > 3 {
                v.push("…");
            }
            v.join(", ")
        };
        let cand_node = ctx.graph.map(|g| g.pool_node[c]).filter(|&n| n != NONE);
        match signal {
            S_LEVEL => {
                let (qi, qe) = q.level_label();
                let (ci, ce) = candidate_label(cand);
                (
                    format!("Setara: {qi} ↔ {ci} (PP 28/2018 Pasal 27)"),
                    format!("Equal level: {qe} ↔ {ce} (PP 28/2018 Art. 27)"),
                )
            }
            S_POP => {
                let (qi, qe) = format_population(q.population.unwrap_or(0));
                let (ci, ce) = format_population(cand.population.unwrap_or(0));
                let approx_id = if cand.kind == PlaceKind::Subdivision {
                    " (perkiraan dari kotanya)"
                } else {
                    ""
                };
                let approx_en = if cand.kind == PlaceKind::Subdivision {
                    " (estimated from its cities)"
                } else {
                    ""
                };
                if value >= 0.5 {
                    (
                        format!("Jumlah penduduk sebanding: {qi} ↔ {ci}{approx_id}"),
                        format!("Comparable population: {qe} ↔ {ce}{approx_en}"),
                    )
                } else {
                    (
                        format!("Jumlah penduduk: {qi} ↔ {ci}{approx_id}"),
                        format!("Population: {qe} ↔ {ce}{approx_en}"),
                    )
                }
            }
            S_AREA => (
                format!(
                    "Luas wilayah{}: {} km² ↔ {} km²",
                    if value >= 0.5 { " sebanding" } else { "" },
                    fmt_int_id(q.area_km2.unwrap_or(0.0)),
                    fmt_int_id(cand.area_km2.unwrap_or(0.0))
                ),
                format!(
                    "{}: {} km² ↔ {} km²",
                    if value >= 0.5 { "Comparable area" } else { "Area" },
                    fmt_int_en(q.area_km2.unwrap_or(0.0)),
                    fmt_int_en(cand.area_km2.unwrap_or(0.0))
                ),
            ),
            S_CLIMATE => {
                let qb = ClimateBand::of_latitude(q.latitude.unwrap_or(0.0));
                let cb = ClimateBand::of_latitude(cand.latitude.unwrap_or(0.0));
                if qb == cb {
                    (
                        format!(
                            "Sama-sama {} (lintang {}° dan {}°)",
                            qb.name_id(),
                            fmt_lat_id(q.latitude),
                            fmt_lat_id(cand.latitude)
                        ),
                        format!(
                            "Both {} (latitude {}° and {}°)",
                            qb.name_en(),
                            fmt_lat_en(q.latitude),
                            fmt_lat_en(cand.latitude)
                        ),
                    )
                } else {
                    (
                        format!("Zona lintang: {} ↔ {}", qb.name_id(), cb.name_id()),
                        format!("Latitude band: {} ↔ {}", qb.name_en(), cb.name_en()),
                    )
                }
            }
            S_PROX => {
                let d = match (q.latitude, q.longitude, cand.latitude, cand.longitude) {
                    (Some(a), Some(b), Some(c2), Some(d2)) => great_circle_km(a, b, c2, d2),
                    _ => 0.0,
                };
                let d = (d / 10.0).round() * 10.0;
                if value >= 0.5 {
                    (
                        format!("Relatif dekat: sekitar {} km", fmt_int_id(d)),
                        format!("Relatively close: about {} km", fmt_int_en(d)),
                    )
                } else {
                    (
                        format!("Jarak sekitar {} km", fmt_int_id(d)),
                        format!("About {} km away", fmt_int_en(d)),
                    )
                }
            }
            S_CPAIR => {
                let n = match (ctx.graph, ctx.country) {
                    (Some(g), Some(cq)) => g.country_pair_by_index(cq, pool.country[c]),
                    _ => 0,
                };
                let (qi, qe) = country(&q.country_iso2);
                let (ci, ce) = country(&cand.country_iso2);
                if q.country_iso2 == cand.country_iso2 {
                    (
                        format!("{n} kemitraan tercatat antardaerah di {ci}"),
                        format!("{n} recorded {} within {ce}", plural(n, "partnership")),
                    )
                } else {
                    (
                        format!("{n} kemitraan tercatat antara {qi} dan {ci}"),
                        format!("{n} recorded {} between {qe} and {ce}", plural(n, "partnership")),
                    )
                }
            }
            S_CACT => {
                let n = ctx
                    .graph
                    .and_then(|g| g.country_total.get(pool.country[c] as usize).copied())
                    .unwrap_or(0);
                let (ci, ce) = country(&cand.country_iso2);
                (
                    format!("{ci} aktif bermitra: {n} kemitraan tercatat"),
                    format!("{ce} is active in partnerships: {n} recorded"),
                )
            }
            S_REGION => {
                let region = cand
                    .admin1_name
                    .clone()
                    .or_else(|| cand.admin1.clone())
                    .unwrap_or_else(|| cand.name.clone());
                (
                    format!("Wilayah {region} sudah sering menjadi mitra Anda atau daerah di sekitar Anda"),
                    format!("The {region} area already partners with you or with places near you"),
                )
            }
            S_POP2 => {
                let (Some(g), Some(cn)) = (ctx.graph, cand_node) else {
                    return Default::default();
                };
                let via: Vec<u32> = self.s.seeds.iter().copied().filter(|&p| g.is_partner(p, cn)).collect();
                let list = names(&via, g);
                (
                    format!("Sudah bermitra dengan mitra Anda: {list}"),
                    format!("Already a partner of your partner: {list}"),
                )
            }
            S_CO => {
                let (Some(g), Some(cn)) = (ctx.graph, cand_node) else {
                    return Default::default();
                };
                // Paths you — p — m — candidate: m shares partner p with you.
                let mut paths: Vec<(u32, u32)> = Vec::new();
                'outer: for &p in &self.s.seeds {
                    for &m in g.neighbours(p) {
                        if Some(m) != ctx.q_node && m != cn && g.is_partner(m, cn) {
                            paths.push((m, p));
                            if paths.len() >= 2 {
                                break 'outer;
                            }
                        }
                    }
                }
                let id: Vec<String> = paths
                    .iter()
                    .map(|&(m, p)| format!("{} (sesama mitra {})", g.node_name(m), g.node_name(p)))
                    .collect();
                let en: Vec<String> = paths
                    .iter()
                    .map(|&(m, p)| format!("{} (also a partner of {})", g.node_name(m), g.node_name(p)))
                    .collect();
                (
                    format!("Mitra dari daerah yang berbagi mitra dengan Anda: {}", id.join("; ")),
                    format!("Partner of places that share a partner with you: {}", en.join("; ")),
                )
            }
            S_SIM => {
                let (Some(g), Some(cn)) = (ctx.graph, cand_node) else {
                    return Default::default();
                };
                let via: Vec<u32> = self
                    .s
                    .similar
                    .iter()
                    .map(|&(n, _)| n)
                    .filter(|&n| g.is_partner(n, cn))
                    .collect();
                let list = names(&via, g);
                (
                    format!("Mitra dari daerah yang mirip dengan Anda: {list}"),
                    format!("Partner of places similar to you: {list}"),
                )
            }
            S_ACT => {
                let d = match (ctx.graph, cand_node) {
                    (Some(g), Some(cn)) => g.degree(cn),
                    _ => 0,
                };
                (
                    format!("Berpengalaman: sudah memiliki {d} kemitraan tercatat"),
                    format!("Experienced: already has {d} recorded {}", plural(d, "partnership")),
                )
            }
            S_FIELDS => {
                let codes = match (ctx.graph, cand_node) {
                    (Some(g), Some(cn)) => {
                        let m = g.node_fields[cn as usize] & ctx.wished_fields;
                        g.field_dict
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| m & (1u64 << i) != 0)
                            .map(|(_, f)| f.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                    _ => String::new(),
                };
                (
                    format!("Bidang (urusan) yang sama dengan kerja samanya yang ada: {codes}"),
                    format!("Same fields (urusan) as its existing cooperation: {codes}"),
                )
            }
            S_SDGS => {
                let goals = match (ctx.graph, cand_node) {
                    (Some(g), Some(cn)) => {
                        let m = g.node_sdgs[cn as usize] & ctx.wished_sdgs;
                        (1..=17u32)
                            .filter(|b| m & (1 << b) != 0)
                            .map(|b| b.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                    _ => String::new(),
                };
                (
                    format!("TPB/SDG yang sama dengan kerja samanya yang ada: tujuan {goals}"),
                    format!("Same SDGs as its existing cooperation: goal {goals}"),
                )
            }
            _ => Default::default(),
        }
    }
}

/// The signal values (each in `[0, 1]`) of candidate `c`. One function for both the hot
/// loop and the reasons, so the reasons always add up to the score.
#[inline(always)]
fn signals(pool: &CandidatePool, q: &Ctx<'_>, s: &Scratch, c_: &Compiled, c: usize) -> [f32; NSIG] {
    let mut v = [0.0f32; NSIG];
    v[S_LEVEL] = if pool.level[c] == q.level { 1.0 } else { 0.0 };
    v[S_POP] = log_ratio_similarity(q.ln_pop, pool.ln_pop[c], c_.ln_pop_scale);
    v[S_AREA] = log_ratio_similarity(q.ln_area, pool.ln_area[c], c_.ln_area_scale);
    v[S_CLIMATE] = climate_similarity(q.abs_lat, q.band, pool.abs_lat[c], pool.band[c], c_.lat_scale);
    let d = chord_km(&q.unit, &pool.unit[c]);
    v[S_PROX] = if d.is_nan() { 0.0 } else { kernel(d, c_.prox_scale) };
    if let Some(g) = q.graph {
        let ci = pool.country[c] as usize;
        v[S_CPAIR] = s.country_pair[ci];
        v[S_CACT] = g.country_activity.get(ci).copied().unwrap_or(0.0);
        let a = pool.admin1[c];
        if a != NONE {
            v[S_REGION] = s.region[a as usize];
        }
        let n = s.net[c];
        v[S_POP2] = n[0];
        v[S_CO] = n[1];
        v[S_SIM] = n[2];
        let node = g.pool_node[c];
        if node != NONE {
            let node = node as usize;
            v[S_ACT] = g.activity[node];
            if q.n_wished_fields > 0 {
                v[S_FIELDS] = (g.node_fields[node] & q.wished_fields).count_ones() as f32 / q.n_wished_fields as f32;
            }
            if q.n_wished_sdgs > 0 {
                v[S_SDGS] = (g.node_sdgs[node] & q.wished_sdgs).count_ones() as f32 / q.n_wished_sdgs as f32;
            }
        }
    }
    v
}

/// Ranks candidates for one query with a fresh [`Recommender`] (allocates its buffers;
/// reuse a `Recommender` for many queries).
pub fn recommend(pool: &CandidatePool, query: &Query<'_>, weights: &Weights, top_k: usize) -> Ranking {
    Recommender::new(pool, weights).recommend(query, top_k)
}

/// Orders rankings for the opportunity board: by priority (3T, no foreign cooperation),
/// then by the best candidate's score, then by the query's name. Returns indices into
/// `rankings`.
pub fn board_order(rankings: &[(&QueryPlace, &Ranking)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..rankings.len()).collect();
    idx.sort_by(|&a, &b| {
        let (qa, ra) = rankings[a];
        let (qb, rb) = rankings[b];
        let top = |r: &Ranking| r.items.first().map(|i| i.score).unwrap_or(0.0);
        rb.priority
            .total_cmp(&ra.priority)
            .then(top(rb).total_cmp(&top(ra)))
            .then_with(|| qa.name.cmp(&qb.name))
            .then(a.cmp(&b))
    });
    idx
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 { word.to_owned() } else { format!("{word}s") }
}

fn group_thousands(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

fn fmt_int_id(x: f64) -> String {
    group_thousands(x.max(0.0).round() as u64, '.')
}

fn fmt_int_en(x: f64) -> String {
    group_thousands(x.max(0.0).round() as u64, ',')
}

fn fmt_lat_en(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}", v.abs())).unwrap_or_default()
}

fn fmt_lat_id(x: Option<f64>) -> String {
    fmt_lat_en(x).replace('.', ",")
}

#[cfg(test)]
mod reason_pins;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{GraphBuilder, Partnership};
    use crate::testutil::*;
    use jalin_domain::reference::DiplomaticRelations;

    fn names(r: &Ranking) -> Vec<&str> {
        r.items.iter().map(|i| i.name.as_str()).collect()
    }

    #[test]
    fn a_kota_prefers_cities_and_a_province_prefers_subdivisions() {
        // One city that is the only city of its subdivision: both have exactly the same
        // population and centre, so only the level differs.
        let cities = vec![city(100, "Alpha", "AA", "01", 1_000_000, 10.0, 100.0)];
        let subs = vec![subdivision("AA-01", "AA", "01", "Alpha Province", "Province")];
        let pool = CandidatePool::build(&cities, &subs, &countries());
        assert_eq!(pool.eligible_len(), 2);
        let w = Weights::default();
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 1_000_000, 10.0, 100.0);
        let prov = region("32", "Provinsi Uji", RegionType::Provinsi, 1_000_000, 10.0, 100.0);
        let rk = recommend(&pool, &Query::region(&kota), &w, 10);
        let rp = recommend(&pool, &Query::region(&prov), &w, 10);
        assert_eq!(names(&rk), ["Alpha", "Alpha Province"]);
        assert_eq!(names(&rp), ["Alpha Province", "Alpha"]);
        // The difference is exactly the level weight.
        for r in [&rk, &rp] {
            assert!((r.items[0].score - r.items[1].score - w.level).abs() < 1e-5, "{r:?}");
            assert_eq!(r.items[0].reasons[0].code, ReasonCode::Level);
            assert!(r.items[1].reasons.iter().any(|x| x.code == ReasonCode::LevelMismatch));
        }
        assert!(
            rk.items[0].reasons[0].text_id.contains("kota ↔ kota"),
            "{:?}",
            rk.items[0].reasons
        );
        assert!(rk.items[0].reasons[0].text_id.contains("PP 28/2018 Pasal 27"));
        assert!(rp.items[0].reasons[0].text_en.contains("province ↔ province"));
    }

    #[test]
    fn countries_without_relations_and_indonesia_are_never_recommended() {
        // Every city is a perfect match for the query; only AA may be recommended.
        let mk = |id, cc: &str| city(id, &format!("City {cc}"), cc, "01", 500_000, -6.9, 107.6);
        let cities = vec![
            mk(1, "IL"),
            mk(2, "TW"),
            mk(3, "HK"),
            mk(4, "ID"),
            mk(5, "ZZ"),
            mk(6, "AA"),
        ];
        let pool = CandidatePool::build(&cities, &[], &countries());
        assert_eq!(pool.eligible_len(), 1);
        assert!(!pool.country_is_eligible(&cc("IL")) && !pool.country_is_eligible(&cc("ZZ")));
        assert_eq!(
            pool.country(&cc("ZZ")).map(|c| c.relations),
            Some(DiplomaticRelations::Unknown)
        );
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 500_000, -6.9, 107.6);
        let r = recommend(&pool, &Query::region(&kota), &Weights::default(), 100);
        assert_eq!(names(&r), ["City AA"]);
        let mut q = Query::region(&kota);
        q.filter.countries = vec![cc("IL"), cc("TW")];
        assert!(recommend(&pool, &q, &Weights::default(), 100).items.is_empty());
    }

    #[test]
    fn existing_partners_and_the_place_itself_are_excluded() {
        let cities: Vec<_> = (1..=5)
            .map(|i| city(i, &format!("C{i}"), "AA", "01", 100_000 * i, 0.0, 0.0))
            .collect();
        let pool = CandidatePool::build(&cities, &[], &countries());
        let me = pool
            .index_of(&PlaceRef::City(GeonameId(3)))
            .and_then(|i| pool.get(i))
            .cloned();
        let Some(me) = me else { panic!("C3 in pool") };
        // C1 is a partner in the network, C2 is given as an existing partner.
        let mut b = GraphBuilder::new(&pool);
        b.partnership(Partnership::new(
            PlaceRef::City(GeonameId(3)),
            PlaceRef::City(GeonameId(1)),
        ));
        let g = b.build();
        let mut q = Query::new(QueryPlace::from_candidate(&me)).with_network(&g);
        q.existing_partners = vec![PlaceRef::City(GeonameId(2))];
        let r = recommend(&pool, &q, &Weights::default(), 10);
        assert_eq!(r.candidates, 2);
        let mut got = names(&r);
        got.sort();
        assert_eq!(got, ["C4", "C5"]);
        q.exclude = vec![PlaceRef::City(GeonameId(5))];
        assert_eq!(names(&recommend(&pool, &q, &Weights::default(), 10)), ["C4"]);
    }

    #[test]
    fn order_is_deterministic_and_ties_go_to_the_smaller_geonameid() {
        // Twelve identical cities (all tie) and a few different ones, in scrambled order.
        let mut cities: Vec<_> = (0..12)
            .map(|i| city(1000 - i * 7, &format!("Tie{i}"), "BB", "02", 200_000, 1.0, 1.0))
            .collect();
        cities.push(city(5, "Big", "AA", "01", 9_000_000, 50.0, 10.0));
        cities.push(city(6, "Near", "CC", "03", 210_000, 1.1, 1.1));
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 200_000, 1.0, 1.0);
        let w = Weights::default();
        let pool = CandidatePool::build(&cities, &[], &countries());
        let first = recommend(&pool, &Query::region(&kota), &w, 8);
        let ids: Vec<i64> = first.items.iter().filter_map(|i| i.geonameid.map(|g| g.0)).collect();
        // The ties come out in ascending id order, whatever the input order.
        let ties: Vec<i64> = ids.iter().copied().filter(|&i| i > 6).collect();
        let mut sorted = ties.clone();
        sorted.sort();
        assert_eq!(ties, sorted);
        assert_eq!(ids.len(), 8);
        for rotation in 1..cities.len() {
            let mut c = cities.clone();
            c.rotate_left(rotation);
            c.reverse();
            let pool = CandidatePool::build(&c, &[], &countries());
            let again = recommend(&pool, &Query::region(&kota), &w, 8);
            assert_eq!(again, first, "rotation {rotation}");
        }
        // The same recommender gives the same answer on every call.
        let mut rec = Recommender::new(&pool, &w);
        let a = rec.recommend(&Query::region(&kota), 8);
        let b = rec.recommend(&Query::region(&kota), 8);
        assert_eq!(a, b);
        assert_eq!(a, first);
    }

    #[test]
    fn reasons_are_bilingual_and_add_up_to_the_score() {
        let cities = vec![
            city(1, "Partner", "AA", "01", 1_000_000, 10.0, 100.0),
            city(2, "Friend", "BB", "01", 900_000, 12.0, 102.0),
            city(3, "Other", "BB", "02", 300_000, 40.0, 10.0),
        ];
        let subs = vec![subdivision("BB-01", "BB", "01", "Bravo State", "State")];
        let pool = CandidatePool::build(&cities, &subs, &countries());
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 1_000_000, 10.0, 100.0);
        let mut b = GraphBuilder::new(&pool);
        b.regions(std::slice::from_ref(&kota));
        b.partnership(Partnership::new(
            PlaceRef::Region(kota.code.clone()),
            PlaceRef::City(GeonameId(1)),
        ));
        b.partnership(Partnership::new(
            PlaceRef::City(GeonameId(1)),
            PlaceRef::City(GeonameId(2)),
        ));
        let g = b.build();
        let r = recommend(&pool, &Query::region(&kota).with_network(&g), &Weights::default(), 10);
        assert_eq!(names(&r)[0], "Friend");
        for item in &r.items {
            assert!(!item.reasons.is_empty());
            for reason in &item.reasons {
                assert!(
                    !reason.text_id.trim().is_empty() && !reason.text_en.trim().is_empty(),
                    "{reason:?}"
                );
                assert_ne!(reason.text_id, reason.text_en, "{reason:?}");
            }
            let sum: f64 = item.reasons.iter().map(|x| x.weight).sum();
            assert!((sum - item.score).abs() < 1e-4, "{sum} vs {}", item.score);
        }
        let friend = &r.items[0];
        let pop2 = friend.reasons.iter().find(|x| x.code == ReasonCode::PartnersOfPartners);
        let Some(pop2) = pop2 else { panic!("{friend:?}") };
        assert!(pop2.text_id.contains("Partner") && pop2.text_en.contains("your partner: Partner"));
        let state = r.items.iter().find(|i| i.name == "Bravo State");
        let Some(state) = state else {
            panic!("subdivision ranked")
        };
        let mismatch = state.reasons.iter().find(|x| x.code == ReasonCode::LevelMismatch);
        assert!(mismatch.is_some_and(|m| m.text_en.contains("city ↔ state") && m.weight == 0.0));
    }

    #[test]
    fn weights_load_from_toml_and_json_over_the_defaults() {
        let w: Weights = toml::from_str("population = 0.9\nneighbours = 7\n").expect("toml");
        assert_eq!(w.population, 0.9);
        assert_eq!(w.neighbours, 7);
        assert_eq!(w.level, Weights::default().level);
        let j: Weights = serde_json::from_str(r#"{"level": 0.0, "country_pair": 2.5}"#).expect("json");
        assert_eq!((j.level, j.country_pair), (0.0, 2.5));
        assert_eq!(j.population, Weights::default().population);
        assert!(
            toml::from_str::<Weights>("populaton = 1.0").is_err(),
            "misspelt keys are refused"
        );
        // And they change the ranking: with population weighted heavily, size wins over
        // proximity.
        let cities = vec![
            city(1, "SameSizeFar", "AA", "01", 100_000, -40.0, -60.0),
            city(2, "BigNear", "BB", "01", 5_000_000, 0.5, 0.5),
        ];
        let pool = CandidatePool::build(&cities, &[], &countries());
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 100_000, 0.0, 0.0);
        let q = Query::region(&kota);
        let near: Weights = toml::from_str("population = 0.0\nproximity = 1.0").expect("toml");
        let size: Weights = toml::from_str("population = 1.0\nproximity = 0.0").expect("toml");
        assert_eq!(names(&recommend(&pool, &q, &near, 1)), ["BigNear"]);
        assert_eq!(names(&recommend(&pool, &q, &size, 1)), ["SameSizeFar"]);
    }

    #[test]
    fn shared_fields_and_sdgs_lift_a_candidate() {
        // Two identical candidates; the one with the larger id (which would lose a tie)
        // already cooperates in the wished field and SDG.
        let cities = vec![
            city(10, "Plain", "AA", "01", 300_000, 5.0, 5.0),
            city(20, "Match", "AA", "01", 300_000, 5.0, 5.0),
        ];
        let pool = CandidatePool::build(&cities, &[], &countries());
        let r1 = region("32.73", "Kota Satu", RegionType::Kota, 300_000, 5.0, 5.0);
        let r2 = region("32.74", "Kota Dua", RegionType::Kota, 300_000, 5.0, 5.0);
        let r3 = region("32.75", "Kota Tiga", RegionType::Kota, 300_000, 5.0, 5.0);
        let mut b = GraphBuilder::new(&pool);
        b.regions(&[r1.clone(), r2.clone(), r3.clone()]);
        let with = |a: &Region, id: i64, field: &str, sdg: &str| Partnership {
            a: PlaceRef::Region(a.code.clone()),
            b: PlaceRef::City(GeonameId(id)),
            fields: vec![field.parse().expect("field")],
            sdgs: vec![sdg.parse().expect("sdg")],
        };
        b.partnership(with(&r2, 20, "1.01", "4.1"));
        b.partnership(with(&r3, 10, "3.26", "8"));
        let g = b.build();
        let mut q = Query::region(&r1).with_network(&g);
        let plain = recommend(&pool, &q, &Weights::default(), 2);
        assert_eq!(
            names(&plain),
            ["Plain", "Match"],
            "without wishes the tie goes to the smaller id"
        );
        q.wished_fields = vec!["1.01".parse().expect("field")];
        q.wished_sdgs = vec!["4".parse().expect("sdg")];
        let r = recommend(&pool, &q, &Weights::default(), 2);
        assert_eq!(names(&r), ["Match", "Plain"]);
        let w = Weights::default();
        assert!((r.items[0].score - r.items[1].score - w.fields - w.sdgs).abs() < 1e-5);
        let f = r.items[0].reasons.iter().find(|x| x.code == ReasonCode::Fields);
        assert!(f.is_some_and(|f| f.text_id.contains("1.01")));
        let s = r.items[0].reasons.iter().find(|x| x.code == ReasonCode::Sdgs);
        assert!(s.is_some_and(|s| s.text_en.contains("goal 4")));
    }

    #[test]
    fn priority_notes_for_3t_regions_without_cooperation() {
        let cities = vec![city(1, "A", "AA", "01", 100_000, 0.0, 0.0)];
        let pool = CandidatePool::build(&cities, &[], &countries());
        let mut border = region(
            "53.21",
            "Kabupaten Perbatasan",
            RegionType::Kabupaten,
            100_000,
            -9.0,
            124.0,
        );
        border.land_border_countries = vec![cc("TL")];
        let plain = region("32.04", "Kabupaten Biasa", RegionType::Kabupaten, 100_000, -7.0, 107.0);
        let w = Weights::default();
        let rb = recommend(&pool, &Query::region(&border), &w, 1);
        let rp = recommend(&pool, &Query::region(&plain), &w, 1);
        assert_eq!(rb.priority, w.boost_3t + w.boost_no_cooperation);
        assert_eq!(rp.priority, w.boost_no_cooperation);
        let codes: Vec<ReasonCode> = rb.notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, [ReasonCode::Region3t, ReasonCode::NoForeignCooperation]);
        let mut q = Query::region(&plain);
        q.existing_partners = vec![PlaceRef::City(GeonameId(1))];
        assert_eq!(recommend(&pool, &q, &w, 1).priority, 0.0);
        // The board puts the 3T region first; the priority does not change a region's own order.
        let order = board_order(&[
            (&QueryPlace::from_region(&plain), &rp),
            (&QueryPlace::from_region(&border), &rb),
        ]);
        assert_eq!(order, [1, 0]);
    }

    #[test]
    fn a_graph_from_another_pool_is_ignored() {
        let a = CandidatePool::build(&[city(1, "A", "AA", "01", 1000, 0.0, 0.0)], &[], &countries());
        let b = CandidatePool::build(
            &[
                city(1, "A", "AA", "01", 1000, 0.0, 0.0),
                city(2, "B", "AA", "01", 1000, 0.0, 0.0),
            ],
            &[],
            &countries(),
        );
        let g = GraphBuilder::new(&a).build();
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 1000, 0.0, 0.0);
        let r = recommend(&b, &Query::region(&kota).with_network(&g), &Weights::default(), 5);
        assert_eq!(r.items.len(), 2);
    }
}
