//! The signal vector of a candidate and the scoring loop over the pool.

use super::Recommender;
use super::context::{Ctx, Scratch};
use super::weights::Compiled;
use crate::features::{chord_km, climate_similarity, kernel, log_ratio_similarity};
use crate::pool::{CandidatePool, NONE};

/// How many signals a candidate has; their indices follow.
pub(super) const NSIG: usize = 14;
pub(super) const S_LEVEL: usize = 0;
pub(super) const S_POP: usize = 1;
pub(super) const S_AREA: usize = 2;
pub(super) const S_CLIMATE: usize = 3;
pub(super) const S_PROX: usize = 4;
pub(super) const S_CPAIR: usize = 5;
pub(super) const S_CACT: usize = 6;
pub(super) const S_REGION: usize = 7;
pub(super) const S_POP2: usize = 8;
pub(super) const S_CO: usize = 9;
pub(super) const S_SIM: usize = 10;
pub(super) const S_ACT: usize = 11;
pub(super) const S_FIELDS: usize = 12;
pub(super) const S_SDGS: usize = 13;

/// The signal values (each in `[0, 1]`) of candidate `c`. One function for both the hot
/// loop and the reasons, so the reasons always add up to the score.
#[inline(always)]
pub(super) fn signals(pool: &CandidatePool, q: &Ctx<'_>, s: &Scratch, c_: &Compiled, c: usize) -> [f32; NSIG] {
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

impl Recommender<'_> {
    /// Scores every eligible, allowed candidate into `scores` and `order`.
    pub(super) fn score_loop(&mut self, ctx: &Ctx<'_>) {
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
}
