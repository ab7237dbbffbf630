//! Jalin's use cases. Each public method of [`App`] is one command or query; commands take
//! a [`Ctx`] naming the actor. Storage and time come through the ports in [`ports`], so
//! this crate knows nothing of SQL, HTTP or the file system.

pub mod agreements;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod cases;
pub mod ctx;
pub mod demo;
pub mod documents;
pub mod error;
pub mod exchange;
pub mod generate;
pub mod opportunities;
pub mod partners;
pub mod partnerships;
pub mod ports;
pub mod recommend;
pub mod reference;
pub mod registry_index;
mod resolve;
pub mod sdg;
pub mod search;
pub mod stats;
pub mod timers;
pub mod workers;

use ctx::{Actor, Ctx};
use ports::clock::Clock;
use ports::store::Store;
use reference::ReferenceSnapshot;
use std::sync::{Arc, RwLock};

pub use error::{AppError, AppResult};

/// The default upload limit: 20 MB (scanned letters are rarely larger).
pub const DEFAULT_UPLOAD_LIMIT: u64 = 20_000_000;

/// The application: ports plus the in-memory snapshot of reference data used for
/// validation.
pub struct App {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    snapshot: RwLock<Arc<ReferenceSnapshot>>,
    registry: registry_index::RegistryIndex,
    procedure: jalin_domain::procedure::ProcedureConfig,
    mailer: Arc<dyn ports::mailer::Mailer>,
    blobs: Arc<dyn ports::blobs::BlobStore>,
    /// The largest accepted upload, in bytes.
    upload_limit: u64,
    search: Option<Arc<dyn ports::search::SearchIndex>>,
    extractor: Option<Arc<dyn ports::search::TextExtractor>>,
    sdg: Option<Arc<dyn ports::sdg::SdgSuggester>>,
    /// One sync of the search index at a time on this node.
    search_sync: tokio::sync::Mutex<()>,
    /// Wakes the indexer after a write.
    search_wakeup: tokio::sync::Notify,
    /// The partner recommender's candidate pool and network, rebuilt when stale.
    matching: recommend::MatchingCache,
    matching_weights: jalin_matching::Weights,
}

impl App {
    /// Builds the application over a migrated store and reads the reference snapshot.
    pub async fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> AppResult<Self> {
        let app = Self {
            store,
            clock,
            snapshot: RwLock::new(Arc::new(ReferenceSnapshot::default())),
            registry: registry_index::RegistryIndex::default(),
            procedure: jalin_domain::procedure::ProcedureConfig::default(),
            mailer: Arc::new(ports::mailer::MemoryMailer::default()),
            blobs: Arc::new(ports::blobs::MemoryBlobStore::default()),
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            search: None,
            extractor: None,
            sdg: None,
            search_sync: tokio::sync::Mutex::new(()),
            search_wakeup: tokio::sync::Notify::new(),
            matching: recommend::MatchingCache::default(),
            matching_weights: jalin_matching::Weights::default(),
        };
        app.refresh_reference().await?;
        Ok(app)
    }

    /// Sets the configurable points of the procedures.
    pub fn with_procedure_config(mut self, config: jalin_domain::procedure::ProcedureConfig) -> Self {
        self.procedure = config;
        self
    }

    /// Sets how e-mail leaves Jalin.
    pub fn with_mailer(mut self, mailer: Arc<dyn ports::mailer::Mailer>) -> Self {
        self.mailer = mailer;
        self
    }

    /// Sets where uploaded files are kept.
    pub fn with_blob_store(mut self, blobs: Arc<dyn ports::blobs::BlobStore>) -> Self {
        self.blobs = blobs;
        self
    }

    /// Sets the search index this node keeps.
    pub fn with_search(mut self, index: Arc<dyn ports::search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// Sets how text is read from uploaded files.
    pub fn with_extractor(mut self, extractor: Arc<dyn ports::search::TextExtractor>) -> Self {
        self.extractor = Some(extractor);
        self
    }

    /// Sets how SDG targets are suggested from text.
    pub fn with_sdg_suggester(mut self, suggester: Arc<dyn ports::sdg::SdgSuggester>) -> Self {
        self.sdg = Some(suggester);
        self
    }

    /// Sets the recommender's weights (`docs/matching.md`).
    pub fn with_matching_weights(mut self, weights: jalin_matching::Weights) -> Self {
        self.matching_weights = weights;
        self
    }

    /// Sets the largest accepted upload.
    pub fn with_upload_limit(mut self, bytes: u64) -> Self {
        self.upload_limit = bytes;
        self
    }

    pub fn upload_limit(&self) -> u64 {
        self.upload_limit
    }

    pub fn procedure_config(&self) -> &jalin_domain::procedure::ProcedureConfig {
        &self.procedure
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// A context for the given actor at the clock's current time.
    pub fn ctx(&self, actor: Actor, request_id: impl Into<String>) -> Ctx {
        let now = ports::clock::to_micros(self.clock.now());
        Ctx {
            actor,
            request_id: request_id.into(),
            now,
            today: now.to_offset(ports::clock::WIB).date(),
        }
    }

    /// A context for an operator command (`jalin import`, the demo seeder, …).
    pub fn system_ctx(&self, name: &str) -> Ctx {
        self.ctx(Actor::System(name.to_owned()), uuid::Uuid::now_v7().to_string())
    }

    /// The reference data as of the last load.
    pub fn reference(&self) -> Arc<ReferenceSnapshot> {
        match self.snapshot.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-reads the reference snapshot from the store.
    pub async fn refresh_reference(&self) -> AppResult<()> {
        let mut tx = self.store.read().await?;
        let snapshot = Arc::new(ReferenceSnapshot::read(tx.as_mut()).await?);
        match self.snapshot.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        Ok(())
    }
}
