//! Per-query preparation: the query's features, the candidates it excludes, and the
//! network signals spread from its partners and from places similar to it.

use super::weights::Compiled;
use super::{Query, Recommender, top_k_sorted};
use crate::features::{ClimateBand, Level, chord_km, kernel, ln_or_nan, log_ratio_similarity, unit_vector};
use crate::network::{PartnershipGraph, field_mask, log_share, sdg_mask};
use crate::pool::{CandidatePool, NONE};
use jalin_domain::reference::PlaceKind;

/// Slots of [`Scratch::net`].
const NET_PARTNERS_OF_PARTNERS: usize = 0;
const NET_CO_PARTNERS: usize = 1;
const NET_SIMILAR_PLACES: usize = 2;

/// The query's features, resolved against the pool and the network.
pub(super) struct Ctx<'g> {
    pub(super) level: Level,
    pub(super) ln_pop: f32,
    pub(super) ln_area: f32,
    pub(super) abs_lat: f32,
    pub(super) band: u8,
    pub(super) unit: [f32; 3],
    pub(super) country: Option<u16>,
    pub(super) graph: Option<&'g PartnershipGraph>,
    pub(super) q_node: Option<u32>,
    pub(super) wished_fields: u64,
    pub(super) n_wished_fields: u32,
    pub(super) wished_sdgs: u32,
    pub(super) n_wished_sdgs: u32,
    pub(super) kind: Option<PlaceKind>,
}

impl<'g> Ctx<'g> {
    /// The place features of the query (the network part is filled in later).
    fn of_query(pool: &CandidatePool, query: &Query<'g>) -> Self {
        let q = &query.place;
        let (abs_lat, band, unit) = match (q.latitude, q.longitude) {
            (Some(la), Some(lo)) => (la.abs() as f32, ClimateBand::of_latitude(la) as u8, unit_vector(la, lo)),
            _ => (f32::NAN, u8::MAX - 1, [f32::NAN; 3]),
        };
        Ctx {
            level: q.level(),
            ln_pop: ln_or_nan(q.population.map(|p| p as f64)),
            ln_area: ln_or_nan(q.area_km2),
            abs_lat,
            band,
            unit,
            country: pool.country_idx(&q.country_iso2),
            graph: query.network.filter(|g| g.fits(pool)),
            q_node: None,
            wished_fields: 0,
            n_wished_fields: 0,
            wished_sdgs: 0,
            n_wished_sdgs: 0,
            kind: query.filter.kind,
        }
    }

    /// The query's node and its wished fields and goals as network masks.
    fn resolve_network(&mut self, pool: &CandidatePool, g: &PartnershipGraph, query: &Query<'_>) {
        self.q_node = query.place.key.as_ref().and_then(|k| g.node_of_resolved(pool, k));
        self.wished_fields = field_mask(&g.field_dict, &query.wished_fields);
        self.n_wished_fields = {
            let mut f = query.wished_fields.clone();
            f.sort();
            f.dedup();
            f.len() as u32
        };
        self.wished_sdgs = sdg_mask(&query.wished_sdgs);
        self.n_wished_sdgs = self.wished_sdgs.count_ones();
    }
}

/// Reusable buffers, so ranking does not allocate per candidate.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    pub(super) scores: Vec<f32>,
    pub(super) excluded: Vec<bool>,
    excluded_list: Vec<u32>,
    /// Per pool index: raw → saturated partners-of-partners, co-partners, similar places.
    pub(super) net: Vec<[f32; 3]>,
    net_touched: Vec<u32>,
    region_raw: Vec<f32>,
    pub(super) region: Vec<f32>,
    region_touched: Vec<u32>,
    pub(super) country_pair: Vec<f32>,
    pub(super) country_allowed: Vec<bool>,
    pub(super) order: Vec<(f32, u32)>,
    /// The query's partners (network nodes), ascending.
    pub(super) seeds: Vec<u32>,
    /// The places most similar to the query (network nodes), most similar first.
    pub(super) similar: Vec<(u32, f32)>,
}

impl Scratch {
    pub(super) fn new(pool: &CandidatePool) -> Self {
        let n = pool.len();
        Scratch {
            scores: vec![f32::NEG_INFINITY; n],
            excluded: vec![false; n],
            net: vec![[0.0; 3]; n],
            region_raw: vec![0.0; pool.admin1_keys.len()],
            region: vec![0.0; pool.admin1_keys.len()],
            country_pair: vec![0.0; pool.countries.len()],
            country_allowed: vec![true; pool.countries.len()],
            ..Scratch::default()
        }
    }

    fn exclude(&mut self, i: usize) {
        if let Some(e) = self.excluded.get_mut(i)
            && !*e
        {
            *e = true;
            self.excluded_list.push(i as u32);
        }
    }

    /// Excludes the place itself, its given partners and the explicit exclusions, and
    /// applies the country filter.
    fn exclude_known(&mut self, pool: &CandidatePool, query: &Query<'_>) {
        let q = &query.place;
        for r in q.key.iter().chain(&query.existing_partners).chain(&query.exclude) {
            if let Some(i) = pool.index_of(r) {
                self.exclude(i);
            }
        }
        if !query.filter.countries.is_empty() {
            self.country_allowed.iter_mut().for_each(|a| *a = false);
            for code in &query.filter.countries {
                if let Some(ci) = pool.country_idx(code) {
                    self.country_allowed[ci as usize] = true;
                }
            }
        }
    }

    /// Seeds: the place's partners in the network and the existing partners given; they
    /// are excluded too.
    fn collect_seeds(&mut self, pool: &CandidatePool, g: &PartnershipGraph, query: &Query<'_>, q_node: Option<u32>) {
        self.seeds.clear();
        if let Some(qn) = q_node {
            self.seeds.extend_from_slice(g.neighbours(qn));
        }
        for r in &query.existing_partners {
            if let Some(n) = g.node_of_resolved(pool, r) {
                self.seeds.push(n);
            }
        }
        self.seeds.sort_unstable();
        self.seeds.dedup();
        for k in 0..self.seeds.len() {
            let pi = g.nodes[self.seeds[k] as usize].pool;
            if pi != NONE {
                self.exclude(pi as usize);
            }
        }
    }

    /// Adds `v` to one network slot of the node's place (if it is in the pool).
    fn touch(&mut self, g: &PartnershipGraph, node: u32, slot: usize, v: f32) {
        let pi = g.nodes[node as usize].pool;
        if pi == NONE {
            return;
        }
        let e = &mut self.net[pi as usize];
        if e[0] == 0.0 && e[1] == 0.0 && e[2] == 0.0 {
            self.net_touched.push(pi);
        }
        e[slot] += v;
    }

    /// Adds `v` to the region affinity of the node's first-level division.
    fn region_add(&mut self, pool: &CandidatePool, g: &PartnershipGraph, node: u32, v: f32) {
        let pi = g.nodes[node as usize].pool;
        if pi == NONE {
            return;
        }
        let a = pool.admin1[pi as usize];
        if a == NONE {
            return;
        }
        let r = &mut self.region_raw[a as usize];
        if *r == 0.0 {
            self.region_touched.push(a);
        }
        *r += v;
    }

    /// Partners of partners, and partners of places that share a partner (co-partners).
    fn spread_from_seeds(&mut self, pool: &CandidatePool, g: &PartnershipGraph, q_node: Option<u32>) {
        let seeds = std::mem::take(&mut self.seeds);
        for &p in &seeds {
            let wp = 1.0 / (2.0 + g.degree(p) as f32).ln();
            self.region_add(pool, g, p, 1.0);
            for &m in g.neighbours(p) {
                if Some(m) == q_node {
                    continue;
                }
                self.touch(g, m, NET_PARTNERS_OF_PARTNERS, wp);
                let wm = wp / (2.0 + g.degree(m) as f32).ln();
                for &cand in g.neighbours(m) {
                    if cand != p && Some(cand) != q_node {
                        self.touch(g, cand, NET_CO_PARTNERS, wm);
                    }
                }
            }
        }
        self.seeds = seeds;
    }

    /// Similar places: same country, near, similar size and level, with partners; their
    /// partners are touched in proportion to the similarity.
    fn spread_from_similar_places(&mut self, pool: &CandidatePool, g: &PartnershipGraph, ctx: &Ctx<'_>, c: &Compiled) {
        self.similar.clear();
        let Some(list) = ctx.country.and_then(|cq| g.nodes_by_country.get(cq as usize)) else {
            return;
        };
        for &n in list {
            if Some(n) == ctx.q_node {
                continue;
            }
            let sim = similarity(ctx, g, n, c);
            if sim > 0.0 {
                self.similar.push((n, sim));
            }
        }
        let cmp = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        top_k_sorted(&mut self.similar, c.neighbours, cmp);
        let similar = std::mem::take(&mut self.similar);
        for &(n, sim) in &similar {
            for &cand in g.neighbours(n) {
                if Some(cand) != ctx.q_node {
                    self.touch(g, cand, NET_SIMILAR_PLACES, sim);
                    self.region_add(pool, g, cand, sim);
                }
            }
        }
        self.similar = similar;
    }

    /// Turns the raw network and region sums into `raw / (raw + saturation)`.
    fn saturate(&mut self, c: &Compiled) {
        for &i in &self.net_touched {
            let e = &mut self.net[i as usize];
            for v in e.iter_mut() {
                *v /= *v + c.net_sat;
            }
        }
        for &a in &self.region_touched {
            let r = self.region_raw[a as usize];
            self.region[a as usize] = r / (r + c.region_sat);
        }
    }

    /// Country pair: partnerships between the query's country and each other country.
    fn fill_country_pair(&mut self, g: &PartnershipGraph, country: Option<u16>) {
        if let Some(cq) = country {
            let row = g.country_pair_row(cq);
            let max = row.iter().copied().max().unwrap_or(0);
            for (dst, &n) in self.country_pair.iter_mut().zip(row) {
                *dst = log_share(n, max);
            }
        }
    }

    /// Clears the per-query buffers (keeps `scores` for [`Recommender::score_all`]).
    pub(super) fn reset(&mut self) {
        for &i in &self.excluded_list {
            self.excluded[i as usize] = false;
        }
        self.excluded_list.clear();
        for &i in &self.net_touched {
            self.net[i as usize] = [0.0; 3];
        }
        self.net_touched.clear();
        for &a in &self.region_touched {
            self.region_raw[a as usize] = 0.0;
            self.region[a as usize] = 0.0;
        }
        self.region_touched.clear();
        self.country_pair.iter_mut().for_each(|v| *v = 0.0);
        self.country_allowed.iter_mut().for_each(|v| *v = true);
    }
}

/// How similar network node `n` (of the query's country) is to the query: size, distance
/// and level.
fn similarity(ctx: &Ctx<'_>, g: &PartnershipGraph, n: u32, c: &Compiled) -> f32 {
    let node = &g.nodes[n as usize];
    let pop = if ctx.ln_pop.is_nan() || node.ln_pop.is_nan() {
        0.5
    } else {
        log_ratio_similarity(ctx.ln_pop, node.ln_pop, c.ln_pop_scale)
    };
    let d = chord_km(&ctx.unit, &node.unit);
    let near = if d.is_nan() { 0.5 } else { kernel(d, c.neighbour_scale) };
    let lvl = if node.level == ctx.level { 1.0 } else { 0.3 };
    pop * near * lvl
}

impl Recommender<'_> {
    /// Resolves `query` and fills the per-query buffers the signals read.
    pub(super) fn prepare<'g>(&mut self, query: &Query<'g>) -> Ctx<'g> {
        let pool = self.pool;
        let mut ctx = Ctx::of_query(pool, query);
        let s = &mut self.s;
        s.seeds.clear();
        s.similar.clear();
        s.exclude_known(pool, query);
        let Some(g) = ctx.graph else {
            return ctx;
        };
        ctx.resolve_network(pool, g, query);
        s.collect_seeds(pool, g, query, ctx.q_node);
        s.spread_from_seeds(pool, g, ctx.q_node);
        s.spread_from_similar_places(pool, g, &ctx, &self.c);
        s.saturate(&self.c);
        s.fill_country_pair(g, ctx.country);
        ctx
    }
}
