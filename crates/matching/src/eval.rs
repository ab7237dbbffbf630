//! Offline evaluation of the recommender by held-out partnerships.
//!
//! The partnerships of a [`PartnershipGraph`] are split into `k` folds with a seeded
//! shuffle. For each fold, its partnerships are removed from the network; for each place
//! with a removed partnership (the query, either side of the pair), every eligible
//! candidate is ranked, and the rank of each removed partner is recorded. Candidates
//! that are the query itself or its remaining (training) partners are not ranked, and
//! neither are the query's other removed partners when one is being ranked ("filtered"
//! ranking). Pairs whose target may not be recommended (P1, Indonesia) are skipped.
//!
//! Metrics: hit@10 and hit@50 (share of removed partners ranked in the top 10 / 50) and
//! MRR (mean of 1/rank). The same candidates are ranked by three baselines:
//! - random order (seeded), over all of them;
//!
//! and two that rank candidates of the query's level first (as the P7 rule would):
//! - most populous first, in the countries of the query's training partners (or, for a
//!   query without any, the ten countries with the most partnership ends), then the rest
//!   by population;
//! - nearest population first (smallest |ln ratio|).

use crate::features::Level;
use crate::network::PartnershipGraph;
use crate::pool::{CandidatePool, NONE, PlaceRef};
use crate::recommend::{Query, Recommender, Weights};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The only randomness in this crate; it lives in the domain, re-exported so
/// `jalin_matching::eval::SplitMix64` keeps working.
pub use jalin_domain::rng::SplitMix64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EvalConfig {
    pub folds: usize,
    pub seed: u64,
    /// Evaluate at most this many query places per fold (a seeded sample), to bound the
    /// run time; `None` evaluates all.
    pub max_queries_per_fold: Option<usize>,
    /// Query from both sides of each removed pair (else only from its first side).
    pub both_directions: bool,
    /// Keep every ranked pair in [`EvalReport::pairs`] (for analysis).
    pub record_pairs: bool,
}

impl Default for EvalConfig {
    fn default() -> Self {
        Self {
            folds: 5,
            seed: 42,
            max_queries_per_fold: None,
            both_directions: true,
            record_pairs: false,
        }
    }
}

/// A ranking method under evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Model,
    Random,
    PopularInPreferredCountries,
    NearestPopulation,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Model,
        Method::Random,
        Method::PopularInPreferredCountries,
        Method::NearestPopulation,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Random => "random",
            Self::PopularInPreferredCountries => "popular_in_preferred_countries",
            Self::NearestPopulation => "nearest_population",
        }
    }
}

/// The metrics of one method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Removed pairs ranked.
    pub evaluated: usize,
    pub hits_at_10: usize,
    pub hits_at_50: usize,
    pub reciprocal_rank_sum: f64,
}

impl Metrics {
    fn add(&mut self, rank: u64) {
        self.evaluated += 1;
        if rank <= 10 {
            self.hits_at_10 += 1;
        }
        if rank <= 50 {
            self.hits_at_50 += 1;
        }
        self.reciprocal_rank_sum += 1.0 / rank as f64;
    }

    fn share(&self, n: usize) -> f64 {
        if self.evaluated == 0 {
            0.0
        } else {
            n as f64 / self.evaluated as f64
        }
    }

    pub fn hit_at_10(&self) -> f64 {
        self.share(self.hits_at_10)
    }

    pub fn hit_at_50(&self) -> f64 {
        self.share(self.hits_at_50)
    }

    pub fn mrr(&self) -> f64 {
        if self.evaluated == 0 {
            0.0
        } else {
            self.reciprocal_rank_sum / self.evaluated as f64
        }
    }
}

/// One ranked held-out pair (kept when [`EvalConfig::record_pairs`] is set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairRank {
    pub fold: usize,
    pub query: Option<PlaceRef>,
    pub target: Option<PlaceRef>,
    /// Partners the query still has in the training network.
    pub query_partners: u32,
    /// Partners the target still has in the training network.
    pub target_partners: u32,
    /// 1-based rank of the target under each method, in [`Method::ALL`] order.
    pub ranks: [u64; 4],
}

/// The outcome of an evaluation run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub config: EvalConfig,
    /// Partnerships in the graph.
    pub partnerships: usize,
    /// Query places ranked for (summed over folds).
    pub queries: usize,
    /// Removed pairs whose target may not be recommended (P1, Indonesia), not ranked.
    pub skipped_ineligible: usize,
    /// One entry per [`Method`], in [`Method::ALL`] order.
    pub results: Vec<(Method, Metrics)>,
    /// Every ranked pair, if [`EvalConfig::record_pairs`] was set.
    pub pairs: Vec<PairRank>,
}

impl EvalReport {
    pub fn metrics(&self, m: Method) -> Metrics {
        self.results
            .iter()
            .find(|(k, _)| *k == m)
            .map(|(_, v)| *v)
            .unwrap_or_default()
    }

    /// The baseline with the highest hit@50 (ties: the first in [`Method::ALL`] order).
    pub fn best_baseline(&self) -> (Method, Metrics) {
        let mut best = (Method::Random, self.metrics(Method::Random));
        for (m, v) in &self.results {
            if *m != Method::Model && v.hit_at_50() > best.1.hit_at_50() {
                best = (*m, *v);
            }
        }
        best
    }

    /// A Markdown table of the results.
    pub fn to_markdown(&self) -> String {
        let mut s = format!(
            "{} partnerships, {} folds, seed {}, {} query places, {} pairs ranked ({} skipped: target not eligible)\n\n| method | hit@10 | hit@50 | MRR |\n|---|---:|---:|---:|\n",
            self.partnerships,
            self.config.folds,
            self.config.seed,
            self.queries,
            self.metrics(Method::Model).evaluated,
            self.skipped_ineligible,
        );
        for (m, v) in &self.results {
            s.push_str(&format!(
                "| {} | {:.4} | {:.4} | {:.4} |\n",
                m.as_str(),
                v.hit_at_10(),
                v.hit_at_50(),
                v.mrr()
            ));
        }
        s
    }
}

/// The fold (`0..folds`) of each of `n` items: a seeded shuffle dealt round-robin, so
/// fold sizes differ by at most one.
pub fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
    let folds = folds.max(1);
    let mut order: Vec<usize> = (0..n).collect();
    SplitMix64::new(seed).shuffle(&mut order);
    let mut fold = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        fold[i] = pos % folds;
    }
    fold
}

/// The running totals of an evaluation.
struct Tally {
    metrics: BTreeMap<Method, Metrics>,
    queries: usize,
    skipped: usize,
    pairs: Vec<PairRank>,
}

impl Tally {
    fn new() -> Self {
        Self {
            metrics: Method::ALL.iter().map(|m| (*m, Metrics::default())).collect(),
            queries: 0,
            skipped: 0,
            pairs: Vec::new(),
        }
    }

    /// Records one target's ranks, in [`Method::ALL`] order.
    fn add(&mut self, ranks: [u64; 4]) {
        for (m, r) in Method::ALL.iter().zip(ranks) {
            if let Some(v) = self.metrics.get_mut(m) {
                v.add(r);
            }
        }
    }

    fn into_report(self, config: &EvalConfig, partnerships: usize) -> EvalReport {
        EvalReport {
            config: config.clone(),
            partnerships,
            queries: self.queries,
            skipped_ineligible: self.skipped,
            results: Method::ALL
                .iter()
                .map(|m| (*m, self.metrics.get(m).copied().unwrap_or_default()))
                .collect(),
            pairs: self.pairs,
        }
    }
}

/// The held-out partners of each query node (both sides of each pair, if asked).
fn held_out_by_query(
    graph: &PartnershipGraph,
    held: &BTreeSet<usize>,
    both_directions: bool,
) -> BTreeMap<u32, Vec<u32>> {
    let mut by_query: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &i in held {
        let e = graph.edges[i];
        by_query.entry(e.a).or_default().push(e.b);
        if both_directions {
            by_query.entry(e.b).or_default().push(e.a);
        }
    }
    by_query
}

/// The query nodes to evaluate: all, or a seeded sample of at most `max`, ascending.
fn sample_queries(by_query: &BTreeMap<u32, Vec<u32>>, max: Option<usize>, rng: &mut SplitMix64) -> Vec<u32> {
    let mut queries: Vec<u32> = by_query.keys().copied().collect();
    if let Some(max) = max
        && max < queries.len()
    {
        rng.shuffle(&mut queries);
        queries.truncate(max);
        queries.sort_unstable();
    }
    queries
}

/// Fallback preferred countries: the ten with the most partnership ends.
fn most_active_countries(train: &PartnershipGraph, n_countries: usize) -> Vec<bool> {
    let mut by_total: Vec<(u32, usize)> = train
        .country_total
        .iter()
        .enumerate()
        .filter(|(_, t)| **t > 0)
        .map(|(i, t)| (*t, i))
        .collect();
    by_total.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut top = vec![false; n_countries];
    for &(_, i) in by_total.iter().take(10) {
        top[i] = true;
    }
    top
}

/// The pool indices of the held-out partners that may be recommended, ascending; the
/// others are counted as skipped.
fn eligible_targets(graph: &PartnershipGraph, nodes: &[u32], eligible: &[bool], skipped: &mut usize) -> Vec<usize> {
    let mut targets: Vec<usize> = Vec::new();
    for &t in nodes {
        let pi = graph.nodes[t as usize].pool;
        if pi == NONE || !eligible[pi as usize] {
            *skipped += 1;
        } else {
            targets.push(pi as usize);
        }
    }
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// Preferred countries for the popularity baseline: those of the query's training
/// partners, or `fallback` when it has none.
fn preferred_countries(train: &PartnershipGraph, q: u32, fallback: &[bool]) -> Vec<bool> {
    let mut preferred = vec![false; fallback.len()];
    let mut any = false;
    for &p in train.neighbours(q) {
        let c = train.nodes[p as usize].country as usize;
        if c < preferred.len() {
            preferred[c] = true;
            any = true;
        }
    }
    if !any {
        preferred.clone_from_slice(fallback);
    }
    preferred
}

/// The baselines' keys for one query; smaller is better.
struct Baselines<'a> {
    pool: &'a CandidatePool,
    level: Level,
    ln_pop: f32,
    preferred: Vec<bool>,
}

impl Baselines<'_> {
    /// (level mismatch, not preferred, −population).
    fn popular(&self, c: usize) -> (bool, bool, i64) {
        let pool = self.pool;
        (
            pool.level[c] != self.level,
            !self.preferred[pool.country[c] as usize],
            -pool.places[c].population.unwrap_or(0),
        )
    }

    /// (level mismatch, |ln population ratio|).
    fn nearest(&self, c: usize) -> (bool, f32) {
        let d = (self.pool.ln_pop[c] - self.ln_pop).abs();
        (
            self.pool.level[c] != self.level,
            if d.is_nan() { f32::INFINITY } else { d },
        )
    }
}

/// How many rankable candidates each of the model and the two key baselines put before
/// target `t` (ties go to the smaller index), and how many candidates are rankable.
fn count_better(scores: &[f32], targets: &[usize], t: usize, b: &Baselines<'_>) -> ([u64; 3], u64) {
    let (st, pt, nt) = (scores[t], b.popular(t), b.nearest(t));
    let mut better = [0u64; 3];
    let mut rankable = 0u64;
    for &ci in &b.pool.eligible {
        let c = ci as usize;
        let sc = scores[c];
        if sc == f32::NEG_INFINITY || (c != t && targets.binary_search(&c).is_ok()) {
            continue;
        }
        rankable += 1;
        if c == t {
            continue;
        }
        let before = c < t;
        if sc > st || (sc == st && before) {
            better[0] += 1;
        }
        let pc = b.popular(c);
        if pc < pt || (pc == pt && before) {
            better[1] += 1;
        }
        let nc = b.nearest(c);
        let ord = nc.0.cmp(&nt.0).then(nc.1.total_cmp(&nt.1));
        if ord.is_lt() || (ord.is_eq() && before) {
            better[2] += 1;
        }
    }
    (better, rankable)
}

/// Runs the k-fold evaluation of the model with `weights` and of the baselines on the
/// partnerships of `graph` (built with `pool`).
pub fn evaluate(pool: &CandidatePool, graph: &PartnershipGraph, weights: &Weights, config: &EvalConfig) -> EvalReport {
    let folds = config.folds.max(1);
    let fold_of = fold_assignment(graph.edges.len(), folds, config.seed);
    let mut rng_random = SplitMix64::new(config.seed ^ 0xA5A5_5A5A_0F0F_F0F0);
    let mut rng_sample = SplitMix64::new(config.seed.rotate_left(17) ^ 0x1234_5678_9ABC_DEF0);
    let mut rec = Recommender::new(pool, weights);
    let mut tally = Tally::new();
    let eligible_mask: Vec<bool> = pool.places.iter().map(|c| c.eligible).collect();

    for f in 0..folds {
        let held: BTreeSet<usize> = (0..graph.edges.len()).filter(|&i| fold_of[i] == f).collect();
        if held.is_empty() {
            continue;
        }
        let train = graph.without(pool, &held);
        let by_query = held_out_by_query(graph, &held, config.both_directions);
        let queries = sample_queries(&by_query, config.max_queries_per_fold, &mut rng_sample);
        let top_countries = most_active_countries(&train, pool.countries.len());
        for q in queries {
            let Some(targets_nodes) = by_query.get(&q) else {
                continue;
            };
            let targets = eligible_targets(graph, targets_nodes, &eligible_mask, &mut tally.skipped);
            if targets.is_empty() {
                continue;
            }
            tally.queries += 1;
            let node = &train.nodes[q as usize];
            let baselines = Baselines {
                pool,
                level: node.level,
                ln_pop: node.ln_pop,
                preferred: preferred_countries(&train, q, &top_countries),
            };
            let scores = rec.score_all(&Query::new(node.place.clone()).with_network(&train));
            for &t in &targets {
                let (better, rankable) = count_better(scores, &targets, t, &baselines);
                let ranks = [
                    better[0] + 1,
                    rng_random.below(rankable.max(1)) + 1,
                    better[1] + 1,
                    better[2] + 1,
                ];
                tally.add(ranks);
                if config.record_pairs {
                    let tn = train.pool_node[t];
                    tally.pairs.push(PairRank {
                        fold: f,
                        query: node.place.key.clone(),
                        target: pool.places[t].place_ref(),
                        query_partners: train.degree(q),
                        target_partners: if tn == NONE { 0 } else { train.degree(tn) },
                        ranks,
                    });
                }
            }
        }
    }
    tally.into_report(config, graph.edges.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{GraphBuilder, Partnership};
    use crate::testutil::*;
    use jalin_domain::codes::GeonameId;

    /// The hand-made world of `hand_computed_metrics` (see the comment there).
    fn tiny() -> (CandidatePool, PartnershipGraph) {
        let mut cities = vec![
            city(1, "T1", "TW", "01", 10_000, 0.0, 0.0),  // no relations: never ranked
            city(10, "I1", "ID", "01", 10_000, 0.0, 0.0), // Indonesia: never ranked
        ];
        for id in 2..=9 {
            cities.push(city(id, &format!("F{id}"), "CC", "01", 1_000_000, 0.0, 0.0));
        }
        for (id, cc, pop) in [
            (11, "AA", 10_000),
            (12, "AA", 20_000),
            (13, "AA", 38_000),
            (14, "BB", 12_000),
            (15, "BB", 50_000),
            (16, "BB", 45_000),
        ] {
            cities.push(city(id, &format!("R{id}"), cc, "01", pop, 0.0, 0.0));
        }
        let pool = CandidatePool::build(&cities, &[], &countries());
        let mut b = GraphBuilder::new(&pool);
        for (x, y) in [(11, 14), (11, 15), (14, 12), (12, 15), (13, 16), (11, 12)] {
            b.partnership(Partnership::new(
                PlaceRef::City(GeonameId(x)),
                PlaceRef::City(GeonameId(y)),
            ));
        }
        let graph = b.build();
        (pool, graph)
    }

    fn only_partners_of_partners() -> Weights {
        Weights {
            level: 0.0,
            population: 0.0,
            area: 0.0,
            climate: 0.0,
            proximity: 0.0,
            country_pair: 0.0,
            country_activity: 0.0,
            region_affinity: 0.0,
            partners_of_partners: 1.0,
            co_partners: 0.0,
            similar_places: 0.0,
            partner_activity: 0.0,
            fields: 0.0,
            sdgs: 0.0,
            ..Weights::default()
        }
    }

    /// Leave-one-out (6 folds for 6 partnerships, so the shuffle does not matter), both
    /// directions: 12 ranked pairs. Candidates: F2–F9 (CC, 1,000,000 each) and R11–R16;
    /// T1 (Taiwan) and I1 (Indonesia) sort first and would take ties if they were ranked.
    ///
    /// Model (partners of partners only; ties by id): a removed partner is a partner of
    /// another partner in every fold but the R13–R16 one, so it ranks 1st in 10 pairs.
    /// R13–R16: no partners left, all scores 0; R16 comes after F2–F9, R11, R12, R14, R15
    /// (rank 13), R13 after F2–F9, R11, R12 (rank 11).
    ///
    /// Nearest population (|ln ratio|), pair by pair (query→target: rank):
    /// 11→14: 1, 14→11: 1, 11→15: 3, 15→11: 4, 14→12: 1, 12→14: 1, 12→15: 3, 15→12: 3,
    /// 13→16: 1, 16→13: 2, 11→12: 1, 12→11: 2.
    ///
    /// Most populous in preferred countries (countries of the query's remaining partners;
    /// for R13/R16, which have none, the countries with partnerships: AA and BB):
    /// 11→14: 3, 14→11: 2, 11→15: 1, 15→11: 2, 14→12: 2, 12→14: 3, 12→15: 1, 15→12: 2,
    /// 13→16: 2, 16→13: 2, and 11→12 / 12→11: 11 (the partners left are in BB, so R16,
    /// then the eight CC fillers and R13 come first).
    #[test]
    fn hand_computed_metrics() {
        let (pool, graph) = tiny();
        assert_eq!(graph.len_edges(), 6);
        let config = EvalConfig {
            folds: 6,
            seed: 99,
            max_queries_per_fold: None,
            both_directions: true,
            record_pairs: true,
        };
        let report = evaluate(&pool, &graph, &only_partners_of_partners(), &config);
        assert_eq!(report.skipped_ineligible, 0);
        assert_eq!(report.queries, 12);
        let model = report.metrics(Method::Model);
        assert_eq!((model.evaluated, model.hits_at_10, model.hits_at_50), (12, 10, 12));
        let mrr = (10.0 + 1.0 / 13.0 + 1.0 / 11.0) / 12.0;
        assert!((model.mrr() - mrr).abs() < 1e-12, "{} vs {mrr}", model.mrr());

        let near = report.metrics(Method::NearestPopulation);
        assert_eq!((near.evaluated, near.hits_at_10, near.hits_at_50), (12, 12, 12));
        let mrr = (6.0 + 3.0 / 3.0 + 1.0 / 4.0 + 2.0 / 2.0) / 12.0;
        assert!((near.mrr() - mrr).abs() < 1e-12, "{} vs {mrr}", near.mrr());

        let pop = report.metrics(Method::PopularInPreferredCountries);
        assert_eq!((pop.evaluated, pop.hits_at_10, pop.hits_at_50), (12, 10, 12));
        let mrr = (2.0 / 3.0 + 6.0 / 2.0 + 2.0 + 2.0 / 11.0) / 12.0;
        assert!((pop.mrr() - mrr).abs() < 1e-12, "{} vs {mrr}", pop.mrr());

        // Random: 13 rankable candidates per query (14 eligible minus the query; minus
        // its remaining partners).
        let random = report.metrics(Method::Random);
        assert_eq!(random.evaluated, 12);
        assert!(report.pairs.iter().all(|p| (1..=13).contains(&p.ranks[1])));

        // The recorded pairs agree with the totals.
        assert_eq!(report.pairs.len(), 12);
        let pair = |q: i64, t: i64| {
            report
                .pairs
                .iter()
                .find(|p| {
                    p.query == Some(PlaceRef::City(GeonameId(q))) && p.target == Some(PlaceRef::City(GeonameId(t)))
                })
                .map(|p| p.ranks)
        };
        assert_eq!(pair(13, 16).map(|r| (r[0], r[2], r[3])), Some((13, 2, 1)));
        assert_eq!(pair(16, 13).map(|r| (r[0], r[2], r[3])), Some((11, 2, 2)));
        assert_eq!(pair(15, 11).map(|r| (r[0], r[2], r[3])), Some((1, 2, 4)));
        assert_eq!(pair(12, 11).map(|r| (r[0], r[2], r[3])), Some((1, 11, 2)));
        assert_eq!(
            report.best_baseline().0,
            Method::Random,
            "all baselines tie at hit@50 = 1"
        );
    }

    #[test]
    fn evaluation_is_reproducible_and_depends_on_the_seed() {
        let (pool, graph) = tiny();
        let config = EvalConfig {
            folds: 3,
            seed: 5,
            record_pairs: true,
            ..EvalConfig::default()
        };
        let a = evaluate(&pool, &graph, &Weights::default(), &config);
        let b = evaluate(&pool, &graph, &Weights::default(), &config);
        assert_eq!(a, b);
        let folds_a = fold_assignment(100, 3, 5);
        assert_eq!(folds_a, fold_assignment(100, 3, 5));
        assert_ne!(folds_a, fold_assignment(100, 3, 6));
        for f in 0..3 {
            let n = folds_a.iter().filter(|&&x| x == f).count();
            assert!((33..=34).contains(&n), "{n}");
        }
        assert!(a.to_markdown().contains("| model |"));
    }
}
