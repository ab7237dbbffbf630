//! Partner recommendations for Indonesian regions (`jalin-matching` wired to the data).
//!
//! The candidate pool (every foreign city and first-level subdivision) and the partnership
//! network (the registry's signed KSDPL agreements, the known partnerships imported with
//! `jalin import partnerships`, and the world twin towns when the data directory holds
//! them) are built once and kept in memory. Before each use, a few small queries compare
//! the versions they were built from (reference datasets, the registry's change counter,
//! the number of known partnerships) and rebuild what is stale. Building and ranking are
//! CPU work: they run on the blocking pool, never on the async workers.
//!
//! RegionRecommendations are public, like the region page: the network holds signed (public)
//! agreements only, so no reason ever names a partnership still in procedure.

pub mod partnerships;

pub use partnerships::*;

use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::Store;
use crate::ports::store::{AgreementFilter, AgreementOrder, Page, RegistryVersion, Visibility};
use crate::reference::ReferenceSnapshot;
use crate::shared::ReferenceCache;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementStatus, Form};
use jalin_domain::authz::Action;
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SdgCode, SubdivisionCode, UrusanCode};
use jalin_domain::partner::PartnerKind;
use jalin_domain::reference::{PlaceKind, Region, Twinning};
use jalin_matching::{
    CandidatePool, EvalConfig, EvalReport, Filter, GraphBuilder, Partnership, PartnershipGraph, PlaceRef, Query,
    Recommender, Weights,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The most recommendations one request may ask for.
pub const MAX_TOP: usize = 200;
/// How many recommendations a request gets by default.
pub const DEFAULT_TOP: usize = 10;

/// Why a place is recommended: one signal's share of the score, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestionReason {
    /// `level`, `population`, `partners_of_partners`, … (docs/matching.md).
    pub code: String,
    /// This reason's share of the score (the weights add up to the score).
    pub weight: f64,
    pub text_id: String,
    pub text_en: String,
}

/// One recommended foreign partner.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerSuggestion {
    /// 1-based.
    pub rank: u32,
    /// `city` or `subdivision`.
    pub kind: PlaceKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<GeonameId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<SubdivisionCode>,
    pub name: String,
    pub country_iso2: CountryCode,
    /// The first-level division a city lies in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1_name: Option<String>,
    pub score: f64,
    /// Largest contribution first.
    pub reasons: Vec<SuggestionReason>,
}

/// The recommendations for one region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionRecommendations {
    pub region_code: RegionCode,
    pub items: Vec<PartnerSuggestion>,
    /// How many places were ranked (eligible, not already partners, passing the filters).
    pub total: usize,
}

/// A request for recommendations, as the client wrote it. List values may also be
/// comma-separated (`1.01,1.02`).
#[derive(Debug, Clone, Default)]
pub struct RecommendationQuery {
    pub top: Option<usize>,
    /// *Urusan* codes the region wants to cooperate in.
    pub fields: Vec<String>,
    /// SDG goals (or targets) the cooperation should serve.
    pub sdgs: Vec<String>,
    /// Only places in these countries.
    pub countries: Vec<String>,
    /// Only `city` or only `subdivision`.
    pub kind: Option<String>,
}

fn split_codes(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split([',', ' ']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The fields (urusan) asked for, known to the reference data, without repeats.
fn query_fields(reference: &ReferenceSnapshot, codes: &[String], errors: &mut FieldErrors) -> Vec<UrusanCode> {
    let mut fields = Vec::new();
    for (i, code) in split_codes(codes).iter().enumerate() {
        if let Some(f) = errors.take(&format!("fields[{i}]"), code.parse::<UrusanCode>()) {
            if !reference.urusan.contains_key(f.as_str()) {
                errors.push(
                    format!("fields[{i}]"),
                    "unknown_reference",
                    format!("there is no government affair (urusan) {f}"),
                );
            } else if !fields.contains(&f) {
                fields.push(f);
            }
        }
    }
    fields
}

/// The SDG codes asked for, known to the reference data, without repeats.
fn query_sdgs(reference: &ReferenceSnapshot, codes: &[String], errors: &mut FieldErrors) -> Vec<SdgCode> {
    let mut sdgs = Vec::new();
    for (i, code) in split_codes(codes).iter().enumerate() {
        if let Some(s) = errors.take(&format!("sdgs[{i}]"), code.parse::<SdgCode>()) {
            if !reference.sdg_codes.contains(s.as_str()) {
                errors.push(
                    format!("sdgs[{i}]"),
                    "unknown_reference",
                    format!("there is no SDG goal, target or indicator {s}"),
                );
            } else if !sdgs.contains(&s) {
                sdgs.push(s);
            }
        }
    }
    sdgs
}

/// The partner countries asked for: foreign countries Indonesia has relations with.
fn query_countries(reference: &ReferenceSnapshot, codes: &[String], errors: &mut FieldErrors) -> Vec<CountryCode> {
    let mut countries = Vec::new();
    for (i, code) in split_codes(codes).iter().enumerate() {
        let field = format!("country[{i}]");
        if let Some(c) = errors.take(&field, code.parse::<CountryCode>()) {
            match reference.country(&c) {
                None => errors.push(field, "unknown_reference", format!("there is no country {c}")),
                Some(country) if c.is_indonesia() => errors.push(
                    field,
                    "invalid_choice",
                    format!("{} is Indonesia: partners come from abroad", country.name_en),
                ),
                Some(country) if country.diplomatic_relations != jalin_domain::reference::DiplomaticRelations::Yes => {
                    errors.push(
                        field,
                        "no_relations",
                        format!(
                            "Indonesia has no diplomatic relations with {} (PP 28/2018 Pasal 27): no partner there is recommended",
                            country.name_en
                        ),
                    )
                }
                Some(_) if !countries.contains(&c) => countries.push(c),
                Some(_) => {}
            }
        }
    }
    countries
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The reference datasets the pool and the network are built from.
const POOL_DATASETS: [&str; 3] = ["cities", "subdivisions", "countries"];
const GRAPH_DATASETS: [&str; 2] = ["regions", "twinnings"];

/// What the in-memory recommender was built from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Versions {
    pool: Vec<Option<String>>,
    graph: Vec<Option<String>>,
    registry: RegistryVersion,
    partnerships: i64,
}

/// The recommender's data, built from one set of versions.
pub(crate) struct MatchingState {
    versions: Versions,
    pub(crate) pool: Arc<CandidatePool>,
    pub(crate) graph: PartnershipGraph,
    /// The foreign places each region partners with publicly (signed agreements, known
    /// partnerships): never recommended to it, and the seeds of the network signals.
    pub(crate) partners: BTreeMap<RegionCode, Vec<PlaceRef>>,
    /// Foreign places of the region's agreements still in draft or in procedure: never
    /// recommended, but not used as seeds (they are not public).
    pub(crate) pending: BTreeMap<RegionCode, Vec<PlaceRef>>,
    pub(crate) weights: Weights,
}

impl MatchingState {
    /// Ranks partners for a region (CPU work: call from a blocking thread).
    fn recommend(&self, region: &Region, request: &ParsedRequest) -> RegionRecommendations {
        self.recommend_with(&mut Recommender::new(&self.pool, &self.weights), region, request)
    }

    /// Like [`Self::recommend`], reusing a recommender's buffers (batches).
    fn recommend_with(
        &self,
        rec: &mut Recommender<'_>,
        region: &Region,
        request: &ParsedRequest,
    ) -> RegionRecommendations {
        let mut query = Query::region(region).with_network(&self.graph);
        query.wished_fields = request.fields.clone();
        query.wished_sdgs = request.sdgs.clone();
        query.existing_partners = self.partners.get(&region.code).cloned().unwrap_or_default();
        query.exclude = self.pending.get(&region.code).cloned().unwrap_or_default();
        query.filter = Filter {
            kind: request.kind,
            countries: request.countries.clone(),
        };
        let ranking = rec.recommend(&query, request.top);
        RegionRecommendations {
            region_code: region.code.clone(),
            total: ranking.candidates,
            items: ranking
                .items
                .into_iter()
                .map(|r| PartnerSuggestion {
                    rank: r.rank,
                    kind: r.kind,
                    geonameid: r.geonameid,
                    subdivision_code: r.subdivision_code,
                    name: r.name,
                    country_iso2: r.country_iso2,
                    admin1_name: r.admin1_name,
                    score: round4(r.score),
                    reasons: r
                        .reasons
                        .into_iter()
                        .map(|x| SuggestionReason {
                            code: x.code.as_str().to_owned(),
                            weight: round4(x.weight),
                            text_id: x.text_id,
                            text_en: x.text_en,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A validated request.
#[derive(Debug, Clone)]
struct ParsedRequest {
    top: usize,
    fields: Vec<UrusanCode>,
    sdgs: Vec<SdgCode>,
    countries: Vec<CountryCode>,
    kind: Option<PlaceKind>,
}

/// The recommender's data, rebuilt when stale.
#[derive(Default)]
struct MatchingCache {
    state: tokio::sync::Mutex<Option<Arc<MatchingState>>>,
}

/// The place of a foreign regional-government party, if it names one.
fn party_place(p: &jalin_domain::agreement::Party) -> Option<PlaceRef> {
    if p.kind != PartnerKind::ForeignRegionalGovernment {
        return None;
    }
    p.subdivision_code
        .clone()
        .map(PlaceRef::Subdivision)
        .or(p.geonameid.map(PlaceRef::City))
}

/// The recommendations context: explained partner suggestions for a region, from the
/// candidate pool and the partnership network (docs/matching.md), and the known
/// partnerships they learn from.
pub struct Recommendations {
    store: Arc<dyn Store>,
    reference: ReferenceCache,
    matching: MatchingCache,
    matching_weights: jalin_matching::Weights,
}

impl Recommendations {
    pub fn new(store: Arc<dyn Store>, reference: ReferenceCache, weights: jalin_matching::Weights) -> Self {
        Self {
            store,
            reference,
            matching: MatchingCache::default(),
            matching_weights: weights,
        }
    }

    fn reference(&self) -> Arc<crate::reference::ReferenceSnapshot> {
        self.reference.get()
    }

    /// The versions the recommender's data would be built from now.
    async fn matching_versions(&self) -> AppResult<Versions> {
        let mut tx = self.store.read().await?;
        let datasets = tx.reference().dataset_versions().await?;
        let version_of = |name: &str| datasets.iter().find(|d| d.name == name).map(|d| d.version.clone());
        Ok(Versions {
            pool: POOL_DATASETS.iter().map(|n| version_of(n)).collect(),
            graph: GRAPH_DATASETS.iter().map(|n| version_of(n)).collect(),
            registry: tx.agreements().registry_version().await?,
            partnerships: tx.partnerships().count().await?,
        })
    }

    /// The recommender's data, rebuilt first if anything it comes from changed.
    pub(crate) async fn matching_state(&self) -> AppResult<Arc<MatchingState>> {
        let mut guard = self.matching.state.lock().await;
        let versions = self.matching_versions().await?;
        if let Some(state) = guard.as_ref()
            && state.versions == versions
        {
            return Ok(state.clone());
        }
        let reference = self.reference();
        if reference.is_empty() {
            return Err(AppError::Conflict(
                "reference data is not loaded; run `jalin serve` or `jalin refdata load` first".to_owned(),
            ));
        }
        let started = std::time::Instant::now();
        let pool = match guard.as_ref() {
            Some(state) if state.versions.pool == versions.pool => state.pool.clone(),
            _ => {
                let (cities, subdivisions) = {
                    let mut tx = self.store.read().await?;
                    (
                        tx.reference().all_cities().await?,
                        tx.reference().all_subdivisions().await?,
                    )
                };
                let countries: Vec<_> = reference.countries.values().cloned().collect();
                tokio::task::spawn_blocking(move || Arc::new(CandidatePool::build(&cities, &subdivisions, &countries)))
                    .await
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("building the candidate pool: {e}")))?
            }
        };
        let (agreements, known, twinnings) = {
            let mut tx = self.store.read().await?;
            let filter = AgreementFilter {
                form: Some(Form::Ksdpl),
                order: AgreementOrder::Id,
                visibility: Visibility::Everything,
                ..AgreementFilter::default()
            };
            let agreements = tx.agreements().list(&filter, Page::all()).await?.items;
            let known = tx.partnerships().list(None).await?;
            let twinnings = tx.reference().twinnings().await?;
            (agreements, known, twinnings)
        };
        let regions: Vec<Region> = reference.regions.values().cloned().collect();
        let weights = self.matching_weights.clone();
        let build_pool = pool.clone();
        let state = tokio::task::spawn_blocking(move || {
            build_state(versions, build_pool, &regions, &agreements, &known, &twinnings, weights)
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("building the partnership network: {e}")))?;
        tracing::info!(
            places = state.pool.len(),
            partnerships = state.graph.len_edges(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "partner recommender ready"
        );
        let state = Arc::new(state);
        *guard = Some(state.clone());
        Ok(state)
    }

    /// Builds the recommender's data ahead of the first request (server start).
    pub async fn warm_matching(&self) -> AppResult<()> {
        self.matching_state().await.map(|_| ())
    }

    fn parse_recommendation_query(&self, query: &RecommendationQuery) -> Result<ParsedRequest, FieldErrors> {
        let reference = self.reference();
        let mut errors = FieldErrors::new();
        let top = query.top.unwrap_or(DEFAULT_TOP);
        if !(1..=MAX_TOP).contains(&top) {
            errors.push("top", "out_of_range", format!("top is 1 to {MAX_TOP}"));
        }
        let fields = query_fields(&reference, &query.fields, &mut errors);
        let sdgs = query_sdgs(&reference, &query.sdgs, &mut errors);
        let countries = query_countries(&reference, &query.countries, &mut errors);
        let kind = match query.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => None,
            Some("city") => Some(PlaceKind::City),
            Some("subdivision") => Some(PlaceKind::Subdivision),
            Some(other) => {
                errors.push(
                    "kind",
                    "invalid_choice",
                    format!("'{other}' is not one of: city, subdivision"),
                );
                None
            }
        };
        errors.finish(ParsedRequest {
            top,
            fields,
            sdgs,
            countries,
            kind,
        })
    }

    /// The region a recommendation is for: 404 when unknown, 422 when it may not cooperate.
    fn recommendation_region(&self, code: &str) -> AppResult<Region> {
        let parsed: RegionCode = code
            .parse()
            .map_err(|_| AppError::NotFound(format!("region {}", code.trim())))?;
        let region = self
            .reference()
            .region(&parsed)
            .cloned()
            .ok_or_else(|| AppError::NotFound(format!("region {parsed}")))?;
        if region.is_administrative {
            return Err(AppError::invalid(
                "region",
                "not_autonomous",
                format!(
                    "{} is an administrative unit of Jakarta, not an autonomous region; ask for 31 (Provinsi DKI Jakarta)",
                    region.name
                ),
            ));
        }
        Ok(region)
    }

    /// Foreign partners recommended to a region, best first, each with its reasons.
    /// Public (the same data as the region page). The same data gives the same list.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn recommend_partners(
        &self,
        ctx: &Ctx,
        region_code: &str,
        query: &RecommendationQuery,
    ) -> AppResult<RegionRecommendations> {
        require(ctx, Action::RegistryRead)?;
        let region = self.recommendation_region(region_code)?;
        let request = self.parse_recommendation_query(query)?;
        let state = self.matching_state().await?;
        tokio::task::spawn_blocking(move || state.recommend(&region, &request))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("ranking partners: {e}")))
    }

    /// RegionRecommendations for every autonomous region, in code order, ranked on all cores.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn recommend_partners_for_all(
        &self,
        ctx: &Ctx,
        query: &RecommendationQuery,
    ) -> AppResult<Vec<RegionRecommendations>> {
        require(ctx, Action::RegistryRead)?;
        let request = self.parse_recommendation_query(query)?;
        let regions: Vec<Region> = self
            .reference()
            .regions
            .values()
            .filter(|r| r.is_autonomous())
            .cloned()
            .collect();
        let state = self.matching_state().await?;
        tokio::task::spawn_blocking(move || {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
            let chunk = regions.len().div_ceil(threads).max(1);
            std::thread::scope(|scope| {
                let workers: Vec<_> = regions
                    .chunks(chunk)
                    .map(|part| {
                        let (state, request) = (&state, &request);
                        scope.spawn(move || {
                            let mut rec = Recommender::new(&state.pool, &state.weights);
                            part.iter()
                                .map(|r| state.recommend_with(&mut rec, r, request))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .map(|w| {
                        w.join()
                            .map_err(|_| AppError::Internal(anyhow::anyhow!("a ranking thread failed")))
                    })
                    .collect::<AppResult<Vec<_>>>()
                    .map(|parts| parts.into_iter().flatten().collect())
            })
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("ranking partners: {e}")))?
    }

    /// The best-ranked place in `country` for each region (for the opportunity board).
    pub(crate) async fn best_in_country(
        &self,
        regions: Vec<Region>,
        country: CountryCode,
    ) -> AppResult<Vec<Option<PartnerSuggestion>>> {
        let state = self.matching_state().await?;
        let request = ParsedRequest {
            top: 1,
            fields: Vec::new(),
            sdgs: Vec::new(),
            countries: vec![country],
            kind: None,
        };
        tokio::task::spawn_blocking(move || {
            let mut rec = Recommender::new(&state.pool, &state.weights);
            regions
                .iter()
                .map(|r| state.recommend_with(&mut rec, r, &request).items.into_iter().next())
                .collect()
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("ranking partners: {e}")))
    }

    /// Runs the k-fold evaluation of the recommender (and its baselines) on a list of
    /// known pairs, over the loaded candidate pool. Returns the report and how many pairs
    /// made it into the evaluation graph.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn evaluate_matching(
        &self,
        ctx: &Ctx,
        pairs: Vec<Twinning>,
        config: EvalConfig,
        weights: Weights,
    ) -> AppResult<(EvalReport, jalin_matching::BuildStats)> {
        require(ctx, Action::RegistryRead)?;
        let state = self.matching_state().await?;
        tokio::task::spawn_blocking(move || {
            let graph = GraphBuilder::new(&state.pool).twinnings(&pairs).build();
            let report = jalin_matching::evaluate(&state.pool, &graph, &weights, &config);
            (report, graph.stats())
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("evaluation: {e}")))
    }
}

/// Builds the network and the per-region partner lists (CPU work).
fn build_state(
    versions: Versions,
    pool: Arc<CandidatePool>,
    regions: &[Region],
    agreements: &[Agreement],
    known: &[jalin_domain::partnership::KnownPartnership],
    twinnings: &[Twinning],
    weights: Weights,
) -> MatchingState {
    // Only signed agreements feed the network: recommendations are public.
    let signed: Vec<Agreement> = agreements.iter().filter(|a| a.status.is_signed()).cloned().collect();
    let mut partners: BTreeMap<RegionCode, BTreeSet<PlaceRef>> = BTreeMap::new();
    let mut pending: BTreeMap<RegionCode, BTreeSet<PlaceRef>> = BTreeMap::new();
    for a in agreements {
        if matches!(a.status, AgreementStatus::Withdrawn | AgreementStatus::Rejected) {
            continue;
        }
        let signed = a.status.is_signed();
        for ours in a.region_codes() {
            for p in &a.parties {
                if let Some(place) = party_place(p) {
                    let into = if signed { &mut partners } else { &mut pending };
                    into.entry(ours.clone()).or_default().insert(place);
                }
            }
        }
    }
    let graph = {
        let mut builder = GraphBuilder::new(&pool);
        builder.regions(regions).agreements(&signed).twinnings(twinnings);
        for k in known {
            let place = match (k.kind, &k.subdivision_code, k.geonameid) {
                (PlaceKind::Subdivision, Some(code), _) => PlaceRef::Subdivision(code.clone()),
                (_, _, Some(id)) => PlaceRef::City(id),
                _ => continue,
            };
            partners.entry(k.region_code.clone()).or_default().insert(place.clone());
            builder.partnership(Partnership::new(PlaceRef::Region(k.region_code.clone()), place));
        }
        builder.build()
    };
    MatchingState {
        versions,
        pool,
        graph,
        partners: partners
            .into_iter()
            .map(|(r, s)| (r, s.into_iter().collect()))
            .collect(),
        pending: pending.into_iter().map(|(r, s)| (r, s.into_iter().collect())).collect(),
        weights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_on_commas_and_spaces() {
        assert_eq!(
            split_codes(&["1.01,1.02".into(), " 2.11 ".into(), "".into()]),
            vec!["1.01", "1.02", "2.11"]
        );
    }
}
