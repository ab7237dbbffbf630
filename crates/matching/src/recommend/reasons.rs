//! Why a candidate scored what it did: one reason per non-zero term of its score, worded
//! from the templates in `texts.rs`, plus zero-weight notes (level mismatch, board
//! priority).

use super::context::Ctx;
use super::query::{Query, QueryKind, QueryPlace, candidate_label};
use super::signals::{NSIG, signals};
use super::texts::{Bilingual, Facts, Wording, int, latitude, partnerships};
use super::{Recommendation, Recommender};
use crate::features::{ClimateBand, comma_list, format_population, great_circle_km};
use crate::network::PartnershipGraph;
use crate::pool::{Candidate, CandidatePool, NONE};
use jalin_domain::codes::CountryCode;
use jalin_domain::reference::PlaceKind;
use serde::{Deserialize, Serialize};

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

/// One reason, with its share of the score and texts in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    /// This reason's contribution to the score (0 for notes).
    pub weight: f64,
    pub text_id: String,
    pub text_en: String,
}

impl Reason {
    fn new(code: ReasonCode, weight: f64, (text_id, text_en): Bilingual) -> Self {
        Self {
            code,
            weight,
            text_id,
            text_en,
        }
    }
}

/// What a reason's facts are gathered from: one candidate of one query, and the value of
/// the signal being explained.
struct Subject<'a> {
    pool: &'a CandidatePool,
    query: &'a QueryPlace,
    ctx: &'a Ctx<'a>,
    seeds: &'a [u32],
    similar: &'a [(u32, f32)],
    c: usize,
    cand: &'a Candidate,
    value: f32,
}

impl Subject<'_> {
    /// The network and the candidate's node in it, if it has partnerships.
    fn network(&self) -> Option<(&PartnershipGraph, u32)> {
        let g = self.ctx.graph?;
        let node = g.pool_node[self.c];
        (node != NONE).then_some((g, node))
    }

    fn country(&self, code: &CountryCode) -> Bilingual {
        self.pool
            .country(code)
            .map(|ci| (ci.name_id.clone(), ci.name_en.clone()))
            .unwrap_or_else(|| (code.to_string(), code.to_string()))
    }

    /// The first wording if the signal is strong (at least ½), else the second.
    fn strong_or(&self, strong: Wording, weak: Wording) -> Wording {
        if self.value >= 0.5 { strong } else { weak }
    }
}

/// Gathers the facts of one signal's reason; `None` gives empty texts.
type FactsFn = fn(&Subject<'_>) -> Option<(Wording, Facts)>;

/// The scored signals in the order of the signal vector, each with its facts.
const SIGNAL_REASONS: [(ReasonCode, FactsFn); NSIG] = [
    (ReasonCode::Level, level),
    (ReasonCode::Population, population),
    (ReasonCode::Area, area),
    (ReasonCode::Climate, climate),
    (ReasonCode::Proximity, proximity),
    (ReasonCode::CountryPair, country_pair),
    (ReasonCode::CountryActivity, country_activity),
    (ReasonCode::RegionAffinity, region_affinity),
    (ReasonCode::PartnersOfPartners, partners_of_partners),
    (ReasonCode::CoPartners, co_partners),
    (ReasonCode::SimilarPlaces, similar_places),
    (ReasonCode::PartnerActivity, partner_activity),
    (ReasonCode::Fields, fields),
    (ReasonCode::Sdgs, sdgs),
];

/// The levels of the query and the candidate ("kota ↔ negara bagian").
fn levels(query: &QueryPlace, cand: &Candidate) -> Facts {
    Facts::default()
        .with("q", query.level_label())
        .with("c", candidate_label(cand))
}

fn level(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    Some((Wording::Level, levels(s.query, s.cand)))
}

fn population(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let estimated = match s.cand.kind {
        PlaceKind::Subdivision => Wording::EstimatedFromCities.text(),
        PlaceKind::City => Default::default(),
    };
    let facts = Facts::default()
        .with("q", format_population(s.query.population.unwrap_or(0)))
        .with("c", format_population(s.cand.population.unwrap_or(0)))
        .with("estimated", estimated);
    Some((s.strong_or(Wording::PopulationComparable, Wording::Population), facts))
}

fn area(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let facts = Facts::default()
        .with("q", int(s.query.area_km2.unwrap_or(0.0)))
        .with("c", int(s.cand.area_km2.unwrap_or(0.0)));
    Some((s.strong_or(Wording::AreaComparable, Wording::Area), facts))
}

fn climate(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let qb = ClimateBand::of_latitude(s.query.latitude.unwrap_or(0.0));
    let cb = ClimateBand::of_latitude(s.cand.latitude.unwrap_or(0.0));
    let band = |b: ClimateBand| (b.name_id().to_owned(), b.name_en().to_owned());
    if qb == cb {
        let facts = Facts::default()
            .with("band", band(qb))
            .with("q", latitude(s.query.latitude))
            .with("c", latitude(s.cand.latitude));
        Some((Wording::ClimateSameBand, facts))
    } else {
        let facts = Facts::default().with("q", band(qb)).with("c", band(cb));
        Some((Wording::ClimateBands, facts))
    }
}

fn proximity(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let (q, c) = (s.query, s.cand);
    let d = match (q.latitude, q.longitude, c.latitude, c.longitude) {
        (Some(a), Some(b), Some(c2), Some(d2)) => great_circle_km(a, b, c2, d2),
        _ => 0.0,
    };
    let d = (d / 10.0).round() * 10.0;
    let facts = Facts::default().with("km", int(d));
    Some((s.strong_or(Wording::ProximityClose, Wording::Proximity), facts))
}

fn country_pair(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let n = match (s.ctx.graph, s.ctx.country) {
        (Some(g), Some(cq)) => g.country_pair_by_index(cq, s.pool.country[s.c]),
        _ => 0,
    };
    let facts = Facts::default()
        .same("n", n)
        .with("partnerships", partnerships(n))
        .with("q", s.country(&s.query.country_iso2))
        .with("c", s.country(&s.cand.country_iso2));
    if s.query.country_iso2 == s.cand.country_iso2 {
        Some((Wording::CountryPairWithin, facts))
    } else {
        Some((Wording::CountryPairBetween, facts))
    }
}

fn country_activity(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let n = s
        .ctx
        .graph
        .and_then(|g| g.country_total.get(s.pool.country[s.c] as usize).copied())
        .unwrap_or(0);
    let facts = Facts::default().same("n", n).with("c", s.country(&s.cand.country_iso2));
    Some((Wording::CountryActivity, facts))
}

fn region_affinity(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let c = s.cand;
    let region = c.admin1_name.as_ref().or(c.admin1.as_ref()).unwrap_or(&c.name);
    Some((Wording::RegionAffinity, Facts::default().same("region", region)))
}

/// Up to three node names, then "…".
fn node_list(nodes: &[u32], g: &PartnershipGraph) -> String {
    let mut v: Vec<&str> = nodes.iter().take(3).map(|&n| g.node_name(n)).collect();
    if nodes.len() > 3 {
        v.push("…");
    }
    v.join(", ")
}

fn partners_of_partners(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let (g, cn) = s.network()?;
    let via: Vec<u32> = s.seeds.iter().copied().filter(|&p| g.is_partner(p, cn)).collect();
    Some((
        Wording::PartnersOfPartners,
        Facts::default().same("via", node_list(&via, g)),
    ))
}

fn co_partners(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let (g, cn) = s.network()?;
    // Paths you — p — m — candidate: m shares partner p with you.
    let mut paths: Vec<(u32, u32)> = Vec::new();
    'outer: for &p in s.seeds {
        for &m in g.neighbours(p) {
            if Some(m) != s.ctx.q_node && m != cn && g.is_partner(m, cn) {
                paths.push((m, p));
                if paths.len() >= 2 {
                    break 'outer;
                }
            }
        }
    }
    let (id, en): (Vec<String>, Vec<String>) = paths
        .iter()
        .map(|&(m, p)| {
            let facts = Facts::default()
                .same("place", g.node_name(m))
                .same("partner", g.node_name(p));
            Wording::CoPartnerPath.fill(&facts)
        })
        .unzip();
    Some((
        Wording::CoPartners,
        Facts::default().with("via", (id.join("; "), en.join("; "))),
    ))
}

fn similar_places(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let (g, cn) = s.network()?;
    let via: Vec<u32> = s
        .similar
        .iter()
        .map(|&(n, _)| n)
        .filter(|&n| g.is_partner(n, cn))
        .collect();
    Some((Wording::SimilarPlaces, Facts::default().same("via", node_list(&via, g))))
}

fn partner_activity(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let n = s.network().map(|(g, cn)| g.degree(cn)).unwrap_or(0);
    let facts = Facts::default().same("n", n).with("partnerships", partnerships(n));
    Some((Wording::PartnerActivity, facts))
}

fn fields(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let codes = match s.network() {
        Some((g, cn)) => {
            let m = g.node_fields[cn as usize] & s.ctx.wished_fields;
            let shared = g.field_dict.iter().enumerate().filter(|(i, _)| m & (1u64 << i) != 0);
            comma_list(shared.map(|(_, f)| f))
        }
        None => String::new(),
    };
    Some((Wording::Fields, Facts::default().same("codes", codes)))
}

fn sdgs(s: &Subject<'_>) -> Option<(Wording, Facts)> {
    let goals = match s.network() {
        Some((g, cn)) => {
            let m = g.node_sdgs[cn as usize] & s.ctx.wished_sdgs;
            comma_list((1..=17u32).filter(|b| m & (1 << b) != 0))
        }
        None => String::new(),
    };
    Some((Wording::Sdgs, Facts::default().same("goals", goals)))
}

/// The zero-weight note that a candidate is not of the query's level.
fn level_mismatch(query: &QueryPlace, cand: &Candidate) -> Reason {
    let text = Wording::LevelMismatch.fill(&levels(query, cand));
    Reason::new(ReasonCode::LevelMismatch, 0.0, text)
}

impl Recommender<'_> {
    /// Candidate `c` as a recommendation, with its reasons.
    pub(super) fn explain(&self, query: &Query<'_>, ctx: &Ctx<'_>, c: usize, score: f32, rank: u32) -> Recommendation {
        let cand = &self.pool.places[c];
        let mut reasons = self.signal_reasons(&query.place, ctx, c);
        if cand.level != ctx.level {
            reasons.push(level_mismatch(&query.place, cand));
        }
        Recommendation::of(cand, rank, score as f64, reasons)
    }

    /// One reason per non-zero term of the score, largest first.
    fn signal_reasons(&self, query: &QueryPlace, ctx: &Ctx<'_>, c: usize) -> Vec<Reason> {
        let v = signals(self.pool, ctx, &self.s, &self.c, c);
        let mut subject = Subject {
            pool: self.pool,
            query,
            ctx,
            seeds: &self.s.seeds,
            similar: &self.s.similar,
            c,
            cand: &self.pool.places[c],
            value: 0.0,
        };
        let mut reasons: Vec<Reason> = Vec::new();
        for (i, (code, facts)) in SIGNAL_REASONS.iter().enumerate() {
            let contrib = self.c.w[i] * v[i];
            if contrib <= 1e-6 {
                continue;
            }
            subject.value = v[i];
            let text = facts(&subject).map(|(w, f)| w.fill(&f)).unwrap_or_default();
            reasons.push(Reason::new(*code, contrib as f64, text));
        }
        reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.code.cmp(&b.code)));
        reasons
    }

    /// The opportunity-board priority of the query region, with its notes.
    pub(super) fn priority(&self, query: &Query<'_>, ctx: &Ctx<'_>) -> (f64, Vec<Reason>) {
        let mut notes = Vec::new();
        let mut priority = 0.0;
        if !matches!(query.place.kind, QueryKind::Region(_)) {
            return (priority, notes);
        }
        if query.place.is_3t {
            priority += self.weights.boost_3t;
            let text = Wording::Region3t.text();
            notes.push(Reason::new(ReasonCode::Region3t, self.weights.boost_3t, text));
        }
        let has = query
            .has_foreign_cooperation
            .unwrap_or_else(|| !self.s.seeds.is_empty() && ctx.graph.is_some() || !query.existing_partners.is_empty());
        if !has {
            priority += self.weights.boost_no_cooperation;
            let text = Wording::NoForeignCooperation.text();
            notes.push(Reason::new(
                ReasonCode::NoForeignCooperation,
                self.weights.boost_no_cooperation,
                text,
            ));
        }
        (priority, notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::signals::*;

    #[test]
    fn the_signal_table_follows_the_signal_vector() {
        let order = [
            (S_LEVEL, ReasonCode::Level),
            (S_POP, ReasonCode::Population),
            (S_AREA, ReasonCode::Area),
            (S_CLIMATE, ReasonCode::Climate),
            (S_PROX, ReasonCode::Proximity),
            (S_CPAIR, ReasonCode::CountryPair),
            (S_CACT, ReasonCode::CountryActivity),
            (S_REGION, ReasonCode::RegionAffinity),
            (S_POP2, ReasonCode::PartnersOfPartners),
            (S_CO, ReasonCode::CoPartners),
            (S_SIM, ReasonCode::SimilarPlaces),
            (S_ACT, ReasonCode::PartnerActivity),
            (S_FIELDS, ReasonCode::Fields),
            (S_SDGS, ReasonCode::Sdgs),
        ];
        for (i, code) in order {
            assert_eq!(SIGNAL_REASONS[i].0, code);
        }
    }
}
