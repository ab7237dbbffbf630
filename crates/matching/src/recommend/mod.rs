//! The partner recommender: ranks every eligible foreign city and first-level subdivision
//! for one place (an Indonesian region, or any place for evaluation) by a weighted sum of
//! signals, each in `[0, 1]`, and explains every result in Indonesian and English.
//!
//! The score of a candidate is `Σ weightᵢ · signalᵢ`; its reasons list exactly the
//! non-zero terms of that sum (so the reason weights add up to the score), plus
//! zero-weight notes such as a level mismatch. See `docs/matching.md` for the formulas.

mod context;
mod query;
mod reasons;
mod signals;
mod texts;
mod weights;

pub use query::{Filter, Query, QueryKind, QueryPlace};
pub use reasons::{Reason, ReasonCode};
pub use weights::Weights;

use crate::pool::{Candidate, CandidatePool};
use context::Scratch;
use jalin_domain::codes::{CountryCode, GeonameId, SubdivisionCode};
use jalin_domain::reference::PlaceKind;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use weights::Compiled;

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

impl Recommendation {
    fn of(cand: &Candidate, rank: u32, score: f64, reasons: Vec<Reason>) -> Self {
        Self {
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
            score,
            reasons,
        }
    }
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
        Self {
            pool,
            weights: weights.clone(),
            c: Compiled::new(weights),
            s: Scratch::new(pool),
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
        top_k_sorted(&mut self.s.order, top_k, cmp);
        let top: Vec<(f32, u32)> = self.s.order.clone();
        let items = top
            .iter()
            .enumerate()
            .map(|(rank, &(score, c))| self.explain(query, &ctx, c as usize, score, rank as u32 + 1))
            .collect();
        let (priority, notes) = self.priority(query, &ctx);
        self.s.reset();
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
        self.s.reset();
        &self.s.scores
    }
}

/// Keeps the `k` first items of `v` in `cmp` order, sorted (a partial selection, so a
/// long list is not sorted whole).
fn top_k_sorted<T>(v: &mut Vec<T>, k: usize, cmp: impl Fn(&T, &T) -> Ordering + Copy) {
    let k = k.min(v.len());
    if k > 0 && k < v.len() {
        v.select_nth_unstable_by(k - 1, cmp);
    }
    v.truncate(k);
    v.sort_unstable_by(cmp);
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

#[cfg(test)]
mod reason_pins;

#[cfg(test)]
mod tests;
