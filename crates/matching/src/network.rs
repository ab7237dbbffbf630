//! The partnership network: who already partners with whom. Built from the registry's
//! agreements (Indonesian region ↔ foreign place, with fields and SDGs) and from known
//! partnerships between foreign places (the world twin-town list), tied to one
//! [`CandidatePool`].

use crate::features::{Level, ln_or_nan, unit_vector};
use crate::pool::{CandidatePool, NONE, PlaceRef};
use crate::recommend::QueryPlace;
use jalin_domain::agreement::{Agreement, AgreementStatus, Form};
use jalin_domain::codes::{RegionCode, SdgCode, UrusanCode};
use jalin_domain::partner::PartnerKind;
use jalin_domain::reference::{Region, Twinning};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One known partnership between two places, with what it is about where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partnership {
    pub a: PlaceRef,
    pub b: PlaceRef,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
}

impl Partnership {
    pub fn new(a: PlaceRef, b: PlaceRef) -> Self {
        Self {
            a,
            b,
            fields: Vec::new(),
            sdgs: Vec::new(),
        }
    }
}

/// What happened to the input while building a graph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BuildStats {
    /// Distinct partnerships in the graph.
    pub edges: usize,
    /// Places with at least one partnership.
    pub nodes: usize,
    /// Input pairs with a side that is not in the pool (no GeoNames id, unknown id or code,
    /// an Indonesian region that was not registered).
    pub skipped_unresolved: usize,
    /// Input pairs whose two sides are the same place.
    pub skipped_self: usize,
    /// Input pairs already in the graph (fields and SDGs are merged).
    pub duplicates: usize,
    /// Agreements left out: not KSDPL, or draft, withdrawn or rejected.
    pub skipped_agreements: usize,
}

/// A node: a place with at least one partnership.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) place: QueryPlace,
    pub(crate) pool: u32,
    pub(crate) country: u16,
    pub(crate) level: Level,
    pub(crate) ln_pop: f32,
    pub(crate) unit: [f32; 3],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EdgeRec {
    pub(crate) a: u32,
    pub(crate) b: u32,
    pub(crate) fields: u64,
    pub(crate) sdgs: u32,
}

/// Collects partnerships, resolves them against the pool and builds the graph.
#[derive(Debug)]
pub struct GraphBuilder<'p> {
    pool: &'p CandidatePool,
    regions: BTreeMap<RegionCode, QueryPlace>,
    pending: Vec<Partnership>,
    stats: BuildStats,
}

impl<'p> GraphBuilder<'p> {
    pub fn new(pool: &'p CandidatePool) -> Self {
        Self {
            pool,
            regions: BTreeMap::new(),
            pending: Vec::new(),
            stats: BuildStats::default(),
        }
    }

    /// Registers Indonesian regions, so partnerships that name them can be resolved and
    /// the recommender can find regions similar to a query region.
    pub fn regions(&mut self, regions: &[Region]) -> &mut Self {
        for r in regions {
            self.regions.insert(r.code.clone(), QueryPlace::from_region(r));
        }
        self
    }

    /// Adds twin-town pairs; pairs without a GeoNames id on both sides are skipped.
    pub fn twinnings(&mut self, twinnings: &[Twinning]) -> &mut Self {
        for t in twinnings {
            match (t.geonameid_a, t.geonameid_b) {
                (Some(a), Some(b)) => self
                    .pending
                    .push(Partnership::new(PlaceRef::City(a), PlaceRef::City(b))),
                _ => self.stats.skipped_unresolved += 1,
            }
        }
        self
    }

    /// Adds the KSDPL agreements of the registry that are in process, in force, expired
    /// or terminated (an ended partnership still shows affinity): one partnership per
    /// Indonesian region × foreign regional government among the parties, with the
    /// agreement's fields and SDGs. Register the regions first ([`Self::regions`]).
    pub fn agreements(&mut self, agreements: &[Agreement]) -> &mut Self {
        for ag in agreements {
            let counted = ag.form == Form::Ksdpl
                && matches!(
                    ag.status,
                    AgreementStatus::InProcess
                        | AgreementStatus::InForce
                        | AgreementStatus::Expired
                        | AgreementStatus::Terminated
                );
            if !counted {
                self.stats.skipped_agreements += 1;
                continue;
            }
            let ours: Vec<PlaceRef> = ag
                .parties
                .iter()
                .filter(|p| p.kind == PartnerKind::IndonesianRegion)
                .filter_map(|p| p.region_code.clone().map(PlaceRef::Region))
                .collect();
            let theirs: Vec<Option<PlaceRef>> = ag
                .parties
                .iter()
                .filter(|p| p.kind == PartnerKind::ForeignRegionalGovernment)
                .map(|p| {
                    p.subdivision_code
                        .clone()
                        .map(PlaceRef::Subdivision)
                        .or(p.geonameid.map(PlaceRef::City))
                })
                .collect();
            for a in &ours {
                for b in &theirs {
                    match b {
                        Some(b) => self.pending.push(Partnership {
                            a: a.clone(),
                            b: b.clone(),
                            fields: ag.fields.clone(),
                            sdgs: ag.sdgs.clone(),
                        }),
                        None => self.stats.skipped_unresolved += 1,
                    }
                }
            }
        }
        self
    }

    /// Adds one partnership.
    pub fn partnership(&mut self, p: Partnership) -> &mut Self {
        self.pending.push(p);
        self
    }

    /// Resolves a reference to its canonical key and node features.
    fn resolve(&self, r: &PlaceRef) -> Option<(PlaceRef, QueryPlace, u32)> {
        match r {
            PlaceRef::Region(code) => self.regions.get(code).map(|q| (r.clone(), q.clone(), NONE)),
            _ => {
                let i = self.pool.index_of(r)?;
                let c = self.pool.get(i)?;
                Some((c.place_ref()?, QueryPlace::from_candidate(c), i as u32))
            }
        }
    }

    pub fn build(&self) -> PartnershipGraph {
        let mut stats = self.stats;
        let mut nodes: BTreeMap<PlaceRef, (QueryPlace, u32)> = BTreeMap::new();
        let mut raw_edges: Vec<(PlaceRef, PlaceRef, &[UrusanCode], &[SdgCode])> = Vec::new();
        for p in &self.pending {
            let (Some(a), Some(b)) = (self.resolve(&p.a), self.resolve(&p.b)) else {
                stats.skipped_unresolved += 1;
                continue;
            };
            if a.0 == b.0 {
                stats.skipped_self += 1;
                continue;
            }
            let (ka, kb) = (a.0.clone(), b.0.clone());
            nodes.entry(a.0).or_insert((a.1, a.2));
            nodes.entry(b.0).or_insert((b.1, b.2));
            raw_edges.push((ka, kb, &p.fields, &p.sdgs));
        }
        let field_dict: Vec<UrusanCode> = raw_edges
            .iter()
            .flat_map(|e| e.2.iter().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .take(64)
            .collect();
        let keys: BTreeMap<PlaceRef, u32> = nodes.keys().enumerate().map(|(i, k)| (k.clone(), i as u32)).collect();
        let node_list: Vec<Node> = nodes
            .into_values()
            .map(|(place, pool)| make_node(self.pool, place, pool))
            .collect();
        let mut merged: BTreeMap<(u32, u32), (u64, u32)> = BTreeMap::new();
        for (ka, kb, fields, sdgs) in raw_edges {
            let (Some(&a), Some(&b)) = (keys.get(&ka), keys.get(&kb)) else {
                continue;
            };
            let key = (a.min(b), a.max(b));
            let fmask = field_mask(&field_dict, fields);
            let smask = sdg_mask(sdgs);
            match merged.get_mut(&key) {
                Some(m) => {
                    stats.duplicates += 1;
                    m.0 |= fmask;
                    m.1 |= smask;
                }
                None => {
                    merged.insert(key, (fmask, smask));
                }
            }
        }
        let edges: Vec<EdgeRec> = merged
            .into_iter()
            .map(|((a, b), (fields, sdgs))| EdgeRec { a, b, fields, sdgs })
            .collect();
        PartnershipGraph::assemble(self.pool, node_list, keys, edges, field_dict, stats)
    }
}

fn make_node(pool: &CandidatePool, place: QueryPlace, pool_idx: u32) -> Node {
    let unit = match (place.latitude, place.longitude) {
        (Some(la), Some(lo)) => unit_vector(la, lo),
        _ => [f32::NAN; 3],
    };
    Node {
        pool: pool_idx,
        country: pool.country_idx(&place.country_iso2).unwrap_or(u16::MAX),
        level: place.level(),
        ln_pop: ln_or_nan(place.population.map(|p| p as f64)),
        unit,
        place,
    }
}

pub(crate) fn field_mask(dict: &[UrusanCode], fields: &[UrusanCode]) -> u64 {
    fields
        .iter()
        .filter_map(|f| dict.binary_search(f).ok())
        .fold(0u64, |m, i| m | (1u64 << i))
}

pub(crate) fn sdg_mask(sdgs: &[SdgCode]) -> u32 {
    sdgs.iter()
        .map(|s| s.goal())
        .filter(|g| (1..=17).contains(g))
        .fold(0u32, |m, g| m | (1u32 << g))
}

/// The partnership network, tied to the [`CandidatePool`] it was built with (using it with
/// another pool ignores it).
#[derive(Debug, Clone)]
pub struct PartnershipGraph {
    pub(crate) nodes: Vec<Node>,
    keys: BTreeMap<PlaceRef, u32>,
    offsets: Vec<u32>,
    adj: Vec<u32>,
    pub(crate) edges: Vec<EdgeRec>,
    /// Pool index → node (or `NONE`).
    pub(crate) pool_node: Vec<u32>,
    /// Pool country index → nodes of that country with a partnership, ascending.
    pub(crate) nodes_by_country: Vec<Vec<u32>>,
    n_countries: usize,
    /// `n_countries²` partnership counts between two countries.
    country_pair: Vec<u32>,
    /// Partnership ends per country.
    pub(crate) country_total: Vec<u32>,
    /// `ln(1 + total) / ln(1 + max total)` per country.
    pub(crate) country_activity: Vec<f32>,
    /// `ln(1 + degree) / ln(1 + max degree)` per node.
    pub(crate) activity: Vec<f32>,
    pub(crate) node_fields: Vec<u64>,
    pub(crate) node_sdgs: Vec<u32>,
    pub(crate) field_dict: Vec<UrusanCode>,
    stats: BuildStats,
}

/// The graph's adjacency in compressed rows (`adj[offsets[i]..offsets[i + 1]]` are the
/// partners of node `i`, ascending), with each node's degree and the union of the
/// fields and goals of its partnerships.
struct Adjacency {
    deg: Vec<u32>,
    offsets: Vec<u32>,
    adj: Vec<u32>,
    node_fields: Vec<u64>,
    node_sdgs: Vec<u32>,
}

impl Adjacency {
    fn of(n: usize, edges: &[EdgeRec]) -> Self {
        let mut deg = vec![0u32; n];
        for e in edges {
            deg[e.a as usize] += 1;
            deg[e.b as usize] += 1;
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        for d in &deg {
            let last = offsets.last().copied().unwrap_or(0);
            offsets.push(last + d);
        }
        let mut fill: Vec<u32> = offsets[..n].to_vec();
        let mut adj = vec![0u32; edges.len() * 2];
        let mut node_fields = vec![0u64; n];
        let mut node_sdgs = vec![0u32; n];
        for e in edges {
            adj[fill[e.a as usize] as usize] = e.b;
            fill[e.a as usize] += 1;
            adj[fill[e.b as usize] as usize] = e.a;
            fill[e.b as usize] += 1;
            for x in [e.a, e.b] {
                node_fields[x as usize] |= e.fields;
                node_sdgs[x as usize] |= e.sdgs;
            }
        }
        for i in 0..n {
            adj[offsets[i] as usize..offsets[i + 1] as usize].sort_unstable();
        }
        Self {
            deg,
            offsets,
            adj,
            node_fields,
            node_sdgs,
        }
    }
}

/// Partnerships between each pair of countries (`nc × nc`, symmetric) and partnership
/// ends per country.
fn country_counts(nodes: &[Node], edges: &[EdgeRec], nc: usize) -> (Vec<u32>, Vec<u32>) {
    let mut country_pair = vec![0u32; nc * nc];
    let mut country_total = vec![0u32; nc];
    for e in edges {
        let (ca, cb) = (
            nodes[e.a as usize].country as usize,
            nodes[e.b as usize].country as usize,
        );
        if ca >= nc || cb >= nc {
            continue;
        }
        country_pair[ca * nc + cb] += 1;
        if ca != cb {
            country_pair[cb * nc + ca] += 1;
        }
        country_total[ca] += 1;
        country_total[cb] += 1;
    }
    (country_pair, country_total)
}

impl PartnershipGraph {
    /// A graph without partnerships (recommendations then rest on place features alone).
    pub fn empty(pool: &CandidatePool) -> Self {
        GraphBuilder::new(pool).build()
    }

    fn assemble(
        pool: &CandidatePool,
        nodes: Vec<Node>,
        keys: BTreeMap<PlaceRef, u32>,
        edges: Vec<EdgeRec>,
        field_dict: Vec<UrusanCode>,
        mut stats: BuildStats,
    ) -> Self {
        let adjacency = Adjacency::of(nodes.len(), &edges);
        let nc = pool.countries.len();
        let mut pool_node = vec![NONE; pool.len()];
        let mut nodes_by_country = vec![Vec::new(); nc];
        for (i, node) in nodes.iter().enumerate() {
            if node.pool != NONE {
                pool_node[node.pool as usize] = i as u32;
            }
            if adjacency.deg[i] > 0 && (node.country as usize) < nc {
                nodes_by_country[node.country as usize].push(i as u32);
            }
        }
        let (country_pair, country_total) = country_counts(&nodes, &edges, nc);
        let max_total = country_total.iter().copied().max().unwrap_or(0);
        let country_activity = country_total.iter().map(|&t| log_share(t, max_total)).collect();
        let deg = &adjacency.deg;
        let max_deg = deg.iter().copied().max().unwrap_or(0);
        let activity = deg.iter().map(|&d| log_share(d, max_deg)).collect();
        stats.edges = edges.len();
        stats.nodes = deg.iter().filter(|&&d| d > 0).count();
        Self {
            nodes,
            keys,
            offsets: adjacency.offsets,
            adj: adjacency.adj,
            edges,
            pool_node,
            nodes_by_country,
            n_countries: nc,
            country_pair,
            country_total,
            country_activity,
            activity,
            node_fields: adjacency.node_fields,
            node_sdgs: adjacency.node_sdgs,
            field_dict,
            stats,
        }
    }

    /// The same graph without some of its partnerships (indices into [`Self::partnerships`]),
    /// for held-out evaluation. Places keep their node (with fewer or no partnerships).
    pub fn without(&self, pool: &CandidatePool, removed: &BTreeSet<usize>) -> Self {
        let edges: Vec<EdgeRec> = self
            .edges
            .iter()
            .enumerate()
            .filter(|(i, _)| !removed.contains(i))
            .map(|(_, e)| *e)
            .collect();
        let mut stats = self.stats;
        stats.edges = edges.len();
        Self::assemble(
            pool,
            self.nodes.clone(),
            self.keys.clone(),
            edges,
            self.field_dict.clone(),
            stats,
        )
    }

    pub fn stats(&self) -> BuildStats {
        self.stats
    }

    /// Whether the graph was built with this pool (same size and country table).
    pub(crate) fn fits(&self, pool: &CandidatePool) -> bool {
        self.pool_node.len() == pool.len() && self.n_countries == pool.countries.len()
    }

    pub(crate) fn node_of(&self, r: &PlaceRef) -> Option<u32> {
        self.keys.get(r).copied()
    }

    /// The node of a reference, also when a city's GeoNames id names a subdivision.
    pub(crate) fn node_of_resolved(&self, pool: &CandidatePool, r: &PlaceRef) -> Option<u32> {
        self.node_of(r).or_else(|| {
            let i = pool.index_of(r)?;
            let n = *self.pool_node.get(i)?;
            (n != NONE).then_some(n)
        })
    }

    #[inline]
    pub(crate) fn neighbours(&self, node: u32) -> &[u32] {
        let i = node as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.adj[a as usize..b as usize],
            _ => &[],
        }
    }

    #[inline]
    pub(crate) fn degree(&self, node: u32) -> u32 {
        self.neighbours(node).len() as u32
    }

    pub(crate) fn is_partner(&self, a: u32, b: u32) -> bool {
        self.neighbours(a).binary_search(&b).is_ok()
    }

    pub(crate) fn node_key(&self, node: u32) -> Option<&PlaceRef> {
        self.nodes.get(node as usize).and_then(|n| n.place.key.as_ref())
    }

    pub(crate) fn node_name(&self, node: u32) -> &str {
        self.nodes
            .get(node as usize)
            .map(|n| n.place.name.as_str())
            .unwrap_or("?")
    }

    pub(crate) fn country_pair_by_index(&self, a: u16, b: u16) -> u32 {
        let (a, b) = (a as usize, b as usize);
        if a >= self.n_countries || b >= self.n_countries {
            return 0;
        }
        self.country_pair[a * self.n_countries + b]
    }

    pub(crate) fn country_pair_row(&self, a: u16) -> &[u32] {
        let a = a as usize;
        if a >= self.n_countries {
            return &[];
        }
        &self.country_pair[a * self.n_countries..(a + 1) * self.n_countries]
    }

    /// Number of places with at least one partnership.
    pub fn len_nodes(&self) -> usize {
        self.stats.nodes
    }

    /// Number of partnerships.
    pub fn len_edges(&self) -> usize {
        self.edges.len()
    }

    /// The partnerships, in a stable order (by the places' keys).
    pub fn partnerships(&self) -> impl Iterator<Item = (&PlaceRef, &PlaceRef)> + '_ {
        self.edges
            .iter()
            .filter_map(|e| Some((self.node_key(e.a)?, self.node_key(e.b)?)))
    }

    /// The known partners of a place, in key order.
    pub fn partners_of(&self, place: &PlaceRef) -> Vec<PlaceRef> {
        self.node_of(place)
            .map(|n| {
                self.neighbours(n)
                    .iter()
                    .filter_map(|&m| self.node_key(m).cloned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Partnerships recorded between two countries (by ISO alpha-2 code).
    pub fn country_pair_count(
        &self,
        pool: &CandidatePool,
        a: &jalin_domain::codes::CountryCode,
        b: &jalin_domain::codes::CountryCode,
    ) -> u32 {
        match (pool.country_idx(a), pool.country_idx(b)) {
            (Some(a), Some(b)) => self.country_pair_by_index(a, b),
            _ => 0,
        }
    }
}

/// `ln(1 + x) / ln(1 + max)`, 0 when `max` is 0.
pub(crate) fn log_share(x: u32, max: u32) -> f32 {
    if max == 0 {
        0.0
    } else {
        ((x as f32).ln_1p() / (max as f32).ln_1p()).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;
    use jalin_domain::codes::{GeonameId, SubdivisionCode};
    use jalin_domain::reference::RegionType;

    fn agreement(form: &str, status: &str, region: &str, foreign: serde_json::Value, fields: &[&str]) -> Agreement {
        let json = serde_json::json!({
            "id": "018f0000-0000-7000-8000-000000000001",
            "form": form, "subtype": "sister_city", "tier": "mou", "status": status,
            "legal_basis": "pmdn25_2020", "legal_basis_note": null,
            "title_id": "Kerja sama", "title_en": null, "title_partner": null, "partner_language": null,
            "description_id": null, "description_en": null, "description_partner": null,
            "parties": [
                {"partner_id": "018f0000-0000-7000-8000-000000000002", "kind": "indonesian_region",
                 "name": "Kota Uji", "region_code": region, "province_code": &region[..2],
                 "country_iso2": "ID", "geonameid": null, "subdivision_code": null},
                foreign
            ],
            "objects": [], "other_object": null, "fields": fields, "sdgs": ["11"],
            "signed_on": null, "effective_on": null, "expires_on": null, "open_ended": false,
            "amends": null, "renews": null, "source": null, "is_demo": false,
            "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z", "version": 1
        });
        serde_json::from_value(json).expect("agreement JSON")
    }

    fn foreign(geonameid: Option<i64>, subdivision: Option<&str>) -> serde_json::Value {
        serde_json::json!({"partner_id": "018f0000-0000-7000-8000-000000000003",
            "kind": "foreign_regional_government", "name": "Partner", "region_code": null,
            "province_code": null, "country_iso2": "AA", "geonameid": geonameid,
            "subdivision_code": subdivision})
    }

    #[test]
    fn agreements_and_twinnings_build_one_network() {
        let cities = vec![
            city(1, "One", "AA", "01", 100_000, 0.0, 0.0),
            city(2, "Two", "AA", "01", 100_000, 0.0, 0.0),
            city(3, "Three", "BB", "01", 100_000, 0.0, 0.0),
        ];
        let subs = vec![subdivision("AA-01", "AA", "01", "Alpha", "Province")];
        let pool = CandidatePool::build(&cities, &subs, &countries());
        let kota = region("32.73", "Kota Uji", RegionType::Kota, 100_000, 0.0, 0.0);
        let prov = region("32", "Provinsi Uji", RegionType::Provinsi, 1_000_000, 0.0, 0.0);
        let agreements = vec![
            agreement("KSDPL", "in_force", "32.73", foreign(Some(1), None), &["1.01", "3.26"]),
            agreement("KSDPL", "expired", "32", foreign(None, Some("AA-01")), &[]),
            agreement("KSDPL", "draft", "32.73", foreign(Some(2), None), &[]),
            agreement("KSDPL", "withdrawn", "32.73", foreign(Some(2), None), &[]),
            agreement("KSDD", "in_force", "32.73", foreign(Some(2), None), &[]),
            agreement("KSDPL", "in_process", "32.73", foreign(None, None), &[]),
            agreement("KSDPL", "in_force", "99.99", foreign(Some(3), None), &[]),
        ];
        let twinnings = vec![Twinning {
            city_a: "One".into(),
            country_a: cc("AA"),
            city_b: "Three".into(),
            country_b: cc("BB"),
            geonameid_a: Some(GeonameId(1)),
            geonameid_b: Some(GeonameId(3)),
        }];
        let unresolved = Twinning {
            geonameid_b: None,
            ..twinnings[0].clone()
        };
        let g = GraphBuilder::new(&pool)
            .regions(&[kota.clone(), prov.clone()])
            .agreements(&agreements)
            .twinnings(&twinnings)
            .twinnings(&[unresolved])
            .build();
        let stats = g.stats();
        assert_eq!((stats.edges, stats.nodes), (3, 5), "{stats:?}");
        assert_eq!(stats.skipped_agreements, 3, "draft, withdrawn, KSDD");
        // No foreign id; region 99.99 not registered; one twinning side without id.
        assert_eq!(stats.skipped_unresolved, 3, "{stats:?}");
        let kota_ref = PlaceRef::Region(kota.code.clone());
        assert_eq!(g.partners_of(&kota_ref), [PlaceRef::City(GeonameId(1))]);
        assert_eq!(
            g.partners_of(&PlaceRef::Region(prov.code.clone())),
            [PlaceRef::Subdivision(SubdivisionCode::from_reference("AA-01"))]
        );
        assert_eq!(
            g.partners_of(&PlaceRef::City(GeonameId(1))),
            [PlaceRef::City(GeonameId(3)), kota_ref.clone()]
        );
        assert_eq!(g.country_pair_count(&pool, &cc("ID"), &cc("AA")), 2);
        assert_eq!(g.country_pair_count(&pool, &cc("AA"), &cc("BB")), 1);
        let node = g
            .node_of(&PlaceRef::City(GeonameId(1)))
            .map(|n| g.node_fields[n as usize]);
        assert_eq!(node.map(u64::count_ones), Some(2));
        // Without the twinning, only the agreements remain.
        let twin = g
            .partnerships()
            .position(|(a, b)| *a == PlaceRef::City(GeonameId(1)) && *b == PlaceRef::City(GeonameId(3)));
        let Some(twin) = twin else { panic!("twinning edge") };
        let less = g.without(&pool, &[twin].into_iter().collect());
        assert_eq!(less.len_edges(), 2);
        assert_eq!(less.partners_of(&PlaceRef::City(GeonameId(1))), [kota_ref]);
    }
}
