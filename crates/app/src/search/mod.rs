//! Search: every change appends the documents it touches to the search log in its own
//! transaction; each node's index follows the log (so a rolled-back change never shows and a
//! committed one shows within a second), and a rebuild replays everything. Text is
//! extracted from uploaded files once, by a job queued with the upload.

use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::blobs::BlobStore;
use crate::ports::clock::Clock;
use crate::ports::search::{SearchDoc, SearchHit, SearchKind, SearchRequest, SearchResults};
use crate::ports::search::{SearchIndex, TextExtractor};
use crate::ports::store::Store;
use crate::ports::store::Tx;
use crate::reference::ReferenceSnapshot;
use crate::registry::Registry;
use crate::shared::{IndexerSignal, ReferenceCache};
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::case::Case;
use jalin_domain::ids::{AgreementId, CaseId, DocumentId, PartnerId};
use jalin_domain::partner::Partner;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

/// How long text extraction of one file may take before it counts as failed.
pub const EXTRACTION_TIMEOUT: Duration = Duration::from_secs(20);
/// How many log entries one sync applies at most.
const SYNC_BATCH: i64 = 5_000;
/// The generation an index records while it is rebuilt — one the log never has (like a new
/// index's). Only the rebuild's last commit records the real generation, so a rebuild cut
/// short by a crash is started again instead of taken for complete.
const REBUILDING: i64 = -1;

/// Search-log keys.
pub fn agreement_key(id: AgreementId) -> String {
    format!("agreement:{id}")
}

pub fn partner_key(id: PartnerId) -> String {
    format!("partner:{id}")
}

pub fn case_key(id: CaseId) -> String {
    format!("case:{id}")
}

pub fn document_key(case: CaseId, id: DocumentId) -> String {
    format!("document:{case}:{id}")
}

/// A search as a client asks it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct SearchQuery {
    /// Words to find (Indonesian words match their other forms: "pendidikan" finds
    /// "mendidik"); place and partner names match with a typo or two.
    pub q: Option<String>,
    /// `agreement`, `partner`, `case`, `document` (comma-separated).
    pub kind: Option<String>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub field: Option<String>,
    /// An SDG goal (`4`); a target or indicator counts for its goal.
    pub sdg: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// Visibility tokens of an agreement: signed ones are public; others belong to their regions.
fn agreement_visibility(a: &Agreement) -> Vec<String> {
    if a.status.is_signed() {
        return vec!["public".to_owned()];
    }
    let mut v: Vec<String> = Vec::new();
    for p in &a.parties {
        if let Some(r) = &p.region_code {
            v.push(format!("region:{r}"));
        }
        if let Some(p) = &p.province_code {
            v.push(format!("province:{p}"));
        }
    }
    v.sort();
    v.dedup();
    v
}

fn case_visibility(c: &Case) -> Vec<String> {
    vec![
        format!("region:{}", c.region_code),
        format!("province:{}", c.province_code),
        format!("case:{}", c.id),
    ]
}

/// The ports and shared handles the search context works with.
pub struct SearchPorts {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub reference: ReferenceCache,
    /// This node's index; without one, searches answer 503 and syncing does nothing.
    pub index: Option<Arc<dyn SearchIndex>>,
    pub extractor: Option<Arc<dyn TextExtractor>>,
    pub blobs: Arc<dyn BlobStore>,
    pub signal: IndexerSignal,
    /// For the agreement whose similar agreements are asked (scope checked there).
    pub registry: Arc<Registry>,
}

/// The search context: this node's full-text index, kept in step with the search log
/// (ADR 0008), the queries over it, and text extraction from uploaded files.
pub struct Search {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    reference: ReferenceCache,
    index: Option<Arc<dyn SearchIndex>>,
    extractor: Option<Arc<dyn TextExtractor>>,
    blobs: Arc<dyn BlobStore>,
    signal: IndexerSignal,
    registry: Arc<Registry>,
    /// One sync of the index at a time on this node.
    sync_lock: tokio::sync::Mutex<()>,
}

impl Search {
    pub fn new(ports: SearchPorts) -> Self {
        let SearchPorts {
            store,
            clock,
            reference,
            index,
            extractor,
            blobs,
            signal,
            registry,
        } = ports;
        Self {
            store,
            clock,
            reference,
            index,
            extractor,
            blobs,
            signal,
            registry,
            sync_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn reference(&self) -> Arc<ReferenceSnapshot> {
        self.reference.get()
    }

    /// The visibility tokens the actor holds (`None`: sees everything).
    fn search_scope(&self, ctx: &Ctx) -> AppResult<Option<Vec<String>>> {
        let grant = require(ctx, Action::RegistryRead)?;
        let mut tokens = vec!["public".to_owned()];
        match require(ctx, Action::CaseRead).map(|g| g.scope()) {
            Ok(Scope::All) => return Ok(None),
            Ok(Scope::OwnRegion) => {
                if let (Some(r), _) = grant_limits(&grant, ctx) {
                    tokens.push(format!("region:{r}"));
                }
            }
            Ok(Scope::OwnProvince) => {
                if let (_, Some(p)) = grant_limits(&grant, ctx) {
                    tokens.push(format!("province:{p}"));
                }
            }
            Ok(Scope::Invited) => {
                if let Some(u) = ctx.actor.user() {
                    tokens.extend(u.cases.iter().map(|c| format!("case:{c}")));
                }
            }
            _ => {}
        }
        // Registry drafts follow the registry's visibility.
        match grant.registry_visibility() {
            crate::authz::Visibility::Everything => return Ok(None),
            crate::authz::Visibility::PublicAndRegion(r) => tokens.push(format!("region:{r}")),
            crate::authz::Visibility::PublicAndProvince(p) => tokens.push(format!("province:{p}")),
            crate::authz::Visibility::Public => {}
        }
        tokens.sort();
        tokens.dedup();
        Ok(Some(tokens))
    }

    /// Full-text search over what the actor may see, with facet counts and snippets.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn search(&self, ctx: &Ctx, query: &SearchQuery) -> AppResult<SearchResults> {
        let visible_to = self.search_scope(ctx)?;
        let Some(index) = &self.index else {
            return Err(AppError::Conflict(
                "search is not available on this installation".to_owned(),
            ));
        };
        let mut errors = jalin_domain::FieldErrors::new();
        let q = given(&query.q).unwrap_or_default();
        if q.chars().count() > 500 {
            errors.push("q", "too_long", "at most 500 characters");
        }
        let mut kinds = Vec::new();
        for k in given(&query.kind)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            match k {
                "agreement" => kinds.push(SearchKind::Agreement),
                "partner" => kinds.push(SearchKind::Partner),
                "case" => kinds.push(SearchKind::Case),
                "document" => kinds.push(SearchKind::Document),
                other => errors.push(
                    "kind",
                    "invalid_choice",
                    format!("'{other}' is not one of: agreement, partner, case, document"),
                ),
            }
        }
        let year = match given(&query.year) {
            Some(y) => match y.parse::<i64>() {
                Ok(n) if (1945..=2100).contains(&n) => Some(n),
                _ => {
                    errors.push("year", "invalid_format", "a year such as 2024");
                    None
                }
            },
            None => None,
        };
        errors.finish(())?;
        // Wait briefly for the index to catch up with what this node just wrote.
        self.sync_search().await?;
        let request = SearchRequest {
            q,
            kinds,
            form: given(&query.form),
            status: given(&query.status),
            year,
            province: given(&query.province),
            region: given(&query.region),
            country: given(&query.country).map(|c| c.to_ascii_uppercase()),
            field: given(&query.field),
            sdg_goal: given(&query.sdg).map(|s| s.split('.').next().unwrap_or_default().to_owned()),
            visible_to,
            limit: query.limit.unwrap_or(20).clamp(1, 100),
            offset: query.offset.unwrap_or(0).min(10_000),
        };
        index.search(&request).await.map_err(AppError::Internal)
    }

    /// Agreements like this one (by their text), that the actor may see.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn similar_agreements(&self, ctx: &Ctx, id: &str, limit: usize) -> AppResult<Vec<SearchHit>> {
        let agreement = self.registry.get_agreement(ctx, id).await?;
        let visible_to = self.search_scope(ctx)?;
        let Some(index) = &self.index else {
            return Ok(Vec::new());
        };
        self.sync_search().await?;
        index
            .similar(&agreement_key(agreement.id), visible_to, limit.clamp(1, 50))
            .await
            .map_err(AppError::Internal)
    }

    /// Applies the search log to this node's index; returns how many entries it applied.
    #[tracing::instrument(skip_all)]
    pub async fn sync_search(&self) -> AppResult<usize> {
        let Some(index) = self.index.clone() else { return Ok(0) };
        let _guard = self.sync_lock.lock().await;
        let (generation, head) = {
            let mut tx = self.store.read().await?;
            tx.jobs().search_head().await?
        };
        let (mut seq, applied_generation) = index.cursor().await.map_err(AppError::Internal)?;
        if applied_generation != generation {
            return self.rebuild_search_locked(generation).await;
        }
        let mut applied = 0;
        while seq < head {
            let mut tx = self.store.read().await?;
            let changes = tx.jobs().search_changes(seq, SYNC_BATCH).await?;
            let Some(last) = changes.last().map(|(s, _)| *s) else {
                break;
            };
            let mut keys: Vec<String> = changes.into_iter().map(|(_, k)| k).collect();
            keys.sort();
            keys.dedup();
            let (upserts, deletes) = self.search_docs(tx.as_mut(), &keys).await?;
            drop(tx);
            applied += keys.len();
            index
                .apply(upserts, deletes, generation, last)
                .await
                .map_err(AppError::Internal)?;
            seq = last;
        }
        Ok(applied)
    }

    /// Rebuilds this node's index from the database (`jalin reindex`).
    #[tracing::instrument(skip_all)]
    pub async fn rebuild_search(&self) -> AppResult<usize> {
        let _guard = self.sync_lock.lock().await;
        let generation = {
            let mut tx = self.store.read().await?;
            tx.jobs().search_head().await?.0
        };
        self.rebuild_search_locked(generation).await
    }

    async fn rebuild_search_locked(&self, generation: i64) -> AppResult<usize> {
        let Some(index) = self.index.clone() else { return Ok(0) };
        let head = {
            let mut tx = self.store.read().await?;
            tx.jobs().search_head().await?.1
        };
        index.clear(REBUILDING, head).await.map_err(AppError::Internal)?;
        let mut total = 0;
        for kind in ["agreement", "partner", "case", "document"] {
            let mut after: Option<String> = None;
            loop {
                let mut tx = self.store.read().await?;
                let ids = tx.jobs().all_ids(kind, after.as_deref(), 2_000).await?;
                let Some(last) = ids.last().cloned() else { break };
                let keys: Vec<String> = if kind == "document" {
                    let mut keys = Vec::new();
                    for id in &ids {
                        if let Some(k) = document_key_of(tx.as_mut(), id).await? {
                            keys.push(k);
                        }
                    }
                    keys
                } else {
                    ids.iter().map(|i| format!("{kind}:{i}")).collect()
                };
                let (upserts, _) = self.search_docs(tx.as_mut(), &keys).await?;
                drop(tx);
                total += upserts.len();
                index
                    .apply(upserts, Vec::new(), REBUILDING, head)
                    .await
                    .map_err(AppError::Internal)?;
                after = Some(last);
            }
        }
        // Complete: now the index may say which generation it holds.
        index
            .apply(Vec::new(), Vec::new(), generation, head)
            .await
            .map_err(AppError::Internal)?;
        tracing::info!(documents = total, "search index rebuilt");
        Ok(total)
    }

    /// The index documents for log keys: `(to store, to remove)`.
    async fn search_docs(&self, tx: &mut dyn Tx, keys: &[String]) -> AppResult<(Vec<SearchDoc>, Vec<String>)> {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        let reference = self.reference();
        for key in keys {
            let doc = match key.split_once(':') {
                Some(("agreement", id)) => match id.parse::<AgreementId>() {
                    Ok(id) => tx.agreements().get(id).await?.map(|a| agreement_doc(&a, &reference)),
                    Err(_) => None,
                },
                Some(("partner", id)) => match id.parse::<PartnerId>() {
                    Ok(id) => tx.partners().get(id).await?.map(|p| partner_doc(&p)),
                    Err(_) => None,
                },
                Some(("case", id)) => match id.parse::<CaseId>() {
                    Ok(id) => tx.cases().get(id).await?.map(|c| case_doc(&c)),
                    Err(_) => None,
                },
                Some(("document", rest)) => {
                    let parsed = rest
                        .split_once(':')
                        .and_then(|(c, d)| Some((c.parse::<CaseId>().ok()?, d.parse::<DocumentId>().ok()?)));
                    match parsed {
                        Some((case_id, doc_id)) => match (
                            tx.cases().get(case_id).await?,
                            tx.cases().document(case_id, doc_id).await?,
                        ) {
                            (Some(case), Some(doc)) => {
                                let text = match &doc.file {
                                    Some(f) => tx.jobs().document_text(&f.sha256).await?.and_then(|(t, _)| t),
                                    None => None,
                                };
                                Some(document_doc(&case, &doc, text.as_deref()))
                            }
                            _ => None,
                        },
                        None => None,
                    }
                }
                _ => None,
            };
            match doc {
                Some(d) => upserts.push(d),
                None => deletes.push(key.clone()),
            }
        }
        Ok((upserts, deletes))
    }

    /// Extracts a file's text (in a blocking thread, with a time limit; a hostile file gives
    /// an error, never a crash or a hang of the server) and queues its documents for the index.
    pub async fn extract_text(&self, sha256: &str) -> AppResult<()> {
        let Some(extractor) = self.extractor.clone() else {
            return Ok(());
        };
        let (bytes, content_type) = {
            let mut tx = self.store.read().await?;
            let Some((_, content_type)) = tx.cases().blob(sha256).await? else {
                return Ok(());
            };
            drop(tx);
            let bytes = self.blobs.get(sha256).await.map_err(AppError::Internal)?;
            let Some(bytes) = bytes else {
                return Err(AppError::Internal(anyhow::anyhow!("the bytes of {sha256} are missing")));
            };
            (bytes, content_type)
        };
        let format = jalin_domain::files::FileFormat::from_content_type(&content_type)
            .or_else(|| jalin_domain::files::sniff(&bytes));
        let outcome: Result<String, String> = match format {
            None => Err("unknown format".to_owned()),
            Some(format) => {
                let task = tokio::task::spawn_blocking(move || {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extractor.extract(format, &bytes)))
                        .unwrap_or_else(|_| Err("the file could not be read (the reader failed on it)".to_owned()))
                });
                match tokio::time::timeout(EXTRACTION_TIMEOUT, task).await {
                    Ok(Ok(r)) => r,
                    Ok(Err(e)) => Err(format!("extraction failed: {e}")),
                    Err(_) => Err(format!(
                        "extraction took longer than {} s",
                        EXTRACTION_TIMEOUT.as_secs()
                    )),
                }
            }
        };
        let now = self.clock.now();
        let mut tx = self.store.write().await?;
        match &outcome {
            Ok(text) => tx.jobs().put_document_text(sha256, Some(text), None, now).await?,
            Err(e) => tx.jobs().put_document_text(sha256, None, Some(e), now).await?,
        }
        let docs: Vec<String> = tx
            .jobs()
            .documents_with_file(sha256)
            .await?
            .into_iter()
            .map(|(c, d)| document_key(c, d))
            .collect();
        tx.jobs().log_search(&docs, now).await?;
        tx.commit().await?;
        self.signal.wake();
        Ok(())
    }

    /// Wakes the node's indexer (after a write that logged search changes).
    pub fn wake(&self) {
        self.signal.wake();
    }

    /// Waits until something may need indexing (or `timeout` passes).
    pub async fn wait(&self, timeout: Duration) {
        self.signal.wait(timeout).await;
    }

    /// Asks every node to rebuild its index (a new generation of the search log).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn request_reindex(&self, ctx: &Ctx) -> AppResult<i64> {
        crate::authz::require_all(ctx, Action::RegistryImport)?;
        let mut tx = self.store.write().await?;
        let generation = tx.jobs().bump_search_generation().await?;
        tx.audit()
            .append(&crate::audit::event(
                ctx,
                "search.reindex_requested",
                "search",
                generation,
            ))
            .await?;
        tx.commit().await?;
        self.wake();
        Ok(generation)
    }
}

/// The log key of a case document by its id.
async fn document_key_of(tx: &mut dyn Tx, doc_id: &str) -> AppResult<Option<String>> {
    let Ok(doc_id) = doc_id.parse::<DocumentId>() else {
        return Ok(None);
    };
    Ok(tx
        .jobs()
        .document_case(doc_id)
        .await?
        .map(|case| document_key(case, doc_id)))
}

fn grant_limits(grant: &crate::authz::Grant, ctx: &Ctx) -> (Option<String>, Option<String>) {
    let region = ctx.actor.user().and_then(|u| u.region.clone()).map(|r| r.to_string());
    match grant.registry_visibility() {
        crate::authz::Visibility::PublicAndProvince(p) => (None, Some(p.to_string())),
        _ => (region, None),
    }
}

fn agreement_doc(a: &Agreement, reference: &crate::reference::ReferenceSnapshot) -> SearchDoc {
    let names: Vec<&str> = a.parties.iter().map(|p| p.name.as_str()).collect();
    let fields_id: Vec<String> = a
        .fields
        .iter()
        .filter_map(|f| reference.urusan.get(f.as_str()).map(|u| u.name_id.clone()))
        .collect();
    let fields_en: Vec<String> = a
        .fields
        .iter()
        .filter_map(|f| reference.urusan.get(f.as_str()).map(|u| u.name_en.clone()))
        .collect();
    let mut provinces: Vec<String> = a
        .parties
        .iter()
        .filter_map(|p| p.province_code.as_ref().map(|c| c.to_string()))
        .collect();
    provinces.sort();
    provinces.dedup();
    let mut goals: Vec<String> = a.sdgs.iter().map(|s| s.goal().to_string()).collect();
    goals.sort();
    goals.dedup();
    SearchDoc {
        id: agreement_key(a.id),
        kind: Some(SearchKind::Agreement),
        title: a.title_id.clone(),
        text_id: [
            a.title_id.as_str(),
            a.description_id.as_deref().unwrap_or_default(),
            a.other_object.as_deref().unwrap_or_default(),
            &fields_id.join(". "),
        ]
        .join("\n"),
        text_en: [
            a.title_en.as_deref().unwrap_or_default(),
            a.description_en.as_deref().unwrap_or_default(),
            a.title_partner.as_deref().unwrap_or_default(),
            &fields_en.join(". "),
        ]
        .join("\n"),
        names: names.join(" · "),
        href: format!("/kerja-sama/{}", a.id),
        form: Some(a.form.as_str().to_owned()),
        status: Some(a.status.as_str().to_owned()),
        year: a.year().map(i64::from),
        provinces,
        regions: a
            .parties
            .iter()
            .filter_map(|p| p.region_code.as_ref().map(|c| c.to_string()))
            .collect(),
        countries: a
            .parties
            .iter()
            .filter_map(|p| {
                p.country_iso2
                    .as_ref()
                    .filter(|c| !c.is_indonesia())
                    .map(|c| c.to_string())
            })
            .collect(),
        fields: a.fields.iter().map(|f| f.to_string()).collect(),
        sdg_goals: goals,
        visibility: agreement_visibility(a),
    }
}

fn partner_doc(p: &Partner) -> SearchDoc {
    SearchDoc {
        id: partner_key(p.id),
        kind: Some(SearchKind::Partner),
        title: p.name.clone(),
        text_id: p.name.clone(),
        text_en: p.name_en.clone().unwrap_or_default(),
        names: [p.name.as_str(), p.name_en.as_deref().unwrap_or_default()].join(" "),
        href: format!("/kerja-sama?partner={}", p.id),
        countries: p.country_iso2.iter().map(|c| c.to_string()).collect(),
        regions: p.region_code.iter().map(|c| c.to_string()).collect(),
        visibility: vec!["public".to_owned()],
        ..SearchDoc::default()
    }
}

fn case_doc(c: &Case) -> SearchDoc {
    SearchDoc {
        id: case_key(c.id),
        kind: Some(SearchKind::Case),
        title: c.title_id.clone(),
        text_id: [
            c.title_id.as_str(),
            c.partner.name.as_str(),
            c.other_object.as_deref().unwrap_or_default(),
        ]
        .join("\n"),
        text_en: c.title_en.clone().unwrap_or_default(),
        names: c.partner.name.clone(),
        href: format!("/kasus/{}", c.id),
        form: Some(c.form.as_str().to_owned()),
        provinces: vec![c.province_code.to_string()],
        regions: vec![c.region_code.to_string()],
        countries: c
            .partner
            .country_iso2
            .iter()
            .filter(|x| !x.is_indonesia())
            .map(|x| x.to_string())
            .collect(),
        fields: c.fields.iter().map(|f| f.to_string()).collect(),
        sdg_goals: c.sdgs.iter().map(|s| s.goal().to_string()).collect(),
        visibility: case_visibility(c),
        ..SearchDoc::default()
    }
}

fn document_doc(c: &Case, d: &jalin_domain::case::CaseDocument, text: Option<&str>) -> SearchDoc {
    let (kind_id, kind_en, _) = d.kind.describe();
    SearchDoc {
        id: document_key(c.id, d.id),
        kind: Some(SearchKind::Document),
        title: format!("{} — {}", d.title, c.title_id),
        text_id: [
            d.title.as_str(),
            kind_id,
            d.number.as_deref().unwrap_or_default(),
            text.unwrap_or_default(),
        ]
        .join("\n"),
        text_en: kind_en.to_owned(),
        names: d.file.as_ref().map(|f| f.filename.clone()).unwrap_or_default(),
        href: match &d.file {
            Some(_) => format!("/kasus/{}/dokumen/{}", c.id, d.id),
            None => format!("/kasus/{}", c.id),
        },
        provinces: vec![c.province_code.to_string()],
        regions: vec![c.region_code.to_string()],
        visibility: case_visibility(c),
        ..SearchDoc::default()
    }
}

/// Appends the search documents a change touched, in the change's transaction.
pub(crate) async fn log(tx: &mut dyn Tx, keys: Vec<String>, at: OffsetDateTime) -> AppResult<()> {
    tx.jobs().log_search(&keys, at).await?;
    Ok(())
}
