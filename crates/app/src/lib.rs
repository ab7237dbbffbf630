//! Jalin's use cases, one service per bounded context: [`Registry`](registry::Registry),
//! [`Cases`](cases::Cases), [`Accounts`](accounts::Accounts), [`Audit`](audit::Audit),
//! [`Search`](search::Search), [`Reference`](reference::Reference), [`Board`](board::Board)
//! and [`Recommendations`](recommendations::Recommendations), plus the job runner. Each
//! service owns only the ports it uses; [`App`] merely composes them. Commands take a
//! [`Ctx`](ctx::Ctx) naming the actor. Storage and time come through the ports in
//! [`ports`], so this crate knows nothing of SQL, HTTP or the file system. How to add a
//! context: `docs/architecture.md`.

pub mod accounts;
pub mod audit;
pub mod authz;
pub mod board;
pub mod cases;
pub mod ctx;
pub mod error;
pub mod jobs;
pub mod monitoring;
pub mod notifications;
pub mod ports;
pub mod recommendations;
pub mod reference;
pub mod registry;
pub mod search;
pub mod shared;
pub mod status;
pub mod workers;

use ctx::{Actor, Ctx};
use jalin_domain::procedure::ProcedureConfig;
use ports::blobs::{BlobStore, MemoryBlobStore};
use ports::clock::Clock;
use ports::mailer::{Mailer, MemoryMailer};
use ports::sdg::SdgSuggester;
use ports::search::{SearchIndex, TextExtractor};
use ports::store::Store;
use shared::{IndexerSignal, ReferenceCache};
use std::sync::Arc;

pub use error::{AppError, AppResult};

/// The default upload limit: 20 MB (scanned letters are rarely larger).
pub const DEFAULT_UPLOAD_LIMIT: u64 = 20_000_000;
/// Where links in mail point when the builder is given no address: the server's default.
pub const DEFAULT_LINK_BASE: &str = "http://127.0.0.1:8080";

/// The application: the services of every bounded context, wired to one set of ports.
pub struct App {
    pub reference: Arc<reference::Reference>,
    pub registry: Arc<registry::Registry>,
    pub cases: Arc<cases::Cases>,
    pub accounts: Arc<accounts::Accounts>,
    pub audit: Arc<audit::Audit>,
    pub search: Arc<search::Search>,
    pub board: Arc<board::Board>,
    pub recommendations: Arc<recommendations::Recommendations>,
    pub jobs: Arc<jobs::Jobs>,
    pub monitoring: Arc<monitoring::Monitoring>,
    pub notifications: Arc<notifications::Notifications>,
    pub calendar: Arc<notifications::calendar::CalendarFeeds>,
    clock: Arc<dyn Clock>,
    /// For the node's status (database reachable, pool use); use cases go through services.
    store: Arc<dyn Store>,
}

/// The ports and settings an [`App`] is built from; every port but the store and the
/// clock has a default (in-memory mail and files; no search index, extractor or SDG
/// suggester).
pub struct AppBuilder {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    procedure: ProcedureConfig,
    mailer: Arc<dyn Mailer>,
    blobs: Arc<dyn BlobStore>,
    upload_limit: u64,
    search: Option<Arc<dyn SearchIndex>>,
    extractor: Option<Arc<dyn TextExtractor>>,
    sdg: Option<Arc<dyn SdgSuggester>>,
    matching_weights: jalin_matching::Weights,
    link_base: String,
}

impl AppBuilder {
    /// Sets the configurable points of the procedures.
    pub fn with_procedure_config(mut self, config: ProcedureConfig) -> Self {
        self.procedure = config;
        self
    }

    /// Sets how e-mail leaves Jalin.
    pub fn with_mailer(mut self, mailer: Arc<dyn Mailer>) -> Self {
        self.mailer = mailer;
        self
    }

    /// Sets where uploaded files are kept.
    pub fn with_blob_store(mut self, blobs: Arc<dyn BlobStore>) -> Self {
        self.blobs = blobs;
        self
    }

    /// Sets the search index this node keeps.
    pub fn with_search(mut self, index: Arc<dyn SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// Sets how text is read from uploaded files.
    pub fn with_extractor(mut self, extractor: Arc<dyn TextExtractor>) -> Self {
        self.extractor = Some(extractor);
        self
    }

    /// Sets how SDG targets are suggested from text.
    pub fn with_sdg_suggester(mut self, suggester: Arc<dyn SdgSuggester>) -> Self {
        self.sdg = Some(suggester);
        self
    }

    /// Sets the recommender's weights (`docs/matching.md`).
    pub fn with_matching_weights(mut self, weights: jalin_matching::Weights) -> Self {
        self.matching_weights = weights;
        self
    }

    /// Sets the address users reach Jalin at (no trailing slash), for links in mail that
    /// no request carries: account invitations and failed sign-in notices.
    pub fn with_link_base(mut self, link_base: impl Into<String>) -> Self {
        self.link_base = link_base.into().trim_end_matches('/').to_owned();
        self
    }

    /// Sets the largest accepted upload.
    pub fn with_upload_limit(mut self, bytes: u64) -> Self {
        self.upload_limit = bytes;
        self
    }

    /// Wires the services and reads the reference snapshot from the (migrated) store.
    pub async fn build(self) -> AppResult<App> {
        let Self {
            store,
            clock,
            procedure,
            mailer,
            blobs,
            upload_limit,
            search,
            extractor,
            sdg,
            matching_weights,
            link_base,
        } = self;
        let cache = ReferenceCache::default();
        let signal = IndexerSignal::default();
        let procedure = Arc::new(procedure);
        let registry_index = Arc::new(registry::RegistryIndex::default());
        let reference = Arc::new(reference::Reference::new(store.clone(), clock.clone(), cache.clone()));
        reference.refresh().await?;
        let registry = Arc::new(registry::Registry::new(registry::RegistryPorts {
            store: store.clone(),
            reference: cache.clone(),
            index: registry_index.clone(),
            signal: signal.clone(),
            procedure: procedure.clone(),
            sdg,
            blobs: blobs.clone(),
            upload_limit,
        }));
        let recommendations = Arc::new(recommendations::Recommendations::new(
            store.clone(),
            cache.clone(),
            matching_weights,
        ));
        let board = Arc::new(board::Board::new(board::BoardPorts {
            store: store.clone(),
            clock: clock.clone(),
            reference: cache.clone(),
            index: registry_index,
            signal: signal.clone(),
            recommendations: recommendations.clone(),
        }));
        let cases = Arc::new(cases::Cases::new(cases::CasePorts {
            store: store.clone(),
            clock: clock.clone(),
            reference: cache.clone(),
            signal: signal.clone(),
            procedure: procedure.clone(),
            blobs: blobs.clone(),
            upload_limit,
            registry: registry.clone(),
        }));
        let monitoring = Arc::new(monitoring::Monitoring::new(monitoring::MonitoringPorts {
            store: store.clone(),
            clock: clock.clone(),
            reference: cache.clone(),
            procedure: procedure.clone(),
            blobs: blobs.clone(),
            registry: registry.clone(),
        }));
        let search = Arc::new(search::Search::new(search::SearchPorts {
            store: store.clone(),
            clock: clock.clone(),
            reference: cache.clone(),
            index: search,
            extractor,
            blobs,
            signal,
            registry: registry.clone(),
        }));
        let calendar = Arc::new(notifications::calendar::CalendarFeeds::new(
            notifications::calendar::CalendarPorts {
                store: store.clone(),
                clock: clock.clone(),
                reference: cache.clone(),
                cases: cases.clone(),
                registry: registry.clone(),
                monitoring: monitoring.clone(),
            },
        ));
        let notifications = Arc::new(notifications::Notifications::new(
            store.clone(),
            clock.clone(),
            mailer.clone(),
            &link_base,
        ));
        let jobs = Arc::new(jobs::Jobs::new(jobs::JobPorts {
            store: store.clone(),
            clock: clock.clone(),
            search: search.clone(),
            board: board.clone(),
            notifications: notifications.clone(),
        }));
        Ok(App {
            accounts: Arc::new(accounts::Accounts::new(
                store.clone(),
                clock.clone(),
                mailer,
                cache.clone(),
                link_base,
            )),
            audit: Arc::new(audit::Audit::new(store.clone())),
            reference,
            registry,
            cases,
            search,
            board,
            recommendations,
            jobs,
            monitoring,
            notifications,
            calendar,
            clock,
            store,
        })
    }
}

impl App {
    /// The builder of an application over a migrated store.
    pub fn builder(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> AppBuilder {
        AppBuilder {
            store,
            clock,
            procedure: ProcedureConfig::default(),
            mailer: Arc::new(MemoryMailer::default()),
            blobs: Arc::new(MemoryBlobStore::default()),
            upload_limit: DEFAULT_UPLOAD_LIMIT,
            search: None,
            extractor: None,
            sdg: None,
            matching_weights: jalin_matching::Weights::default(),
            link_base: DEFAULT_LINK_BASE.to_owned(),
        }
    }

    /// An application with the default ports (see [`AppBuilder`]).
    pub async fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> AppResult<Self> {
        Self::builder(store, clock).build().await
    }

    /// A context for the given actor at the clock's current time.
    pub fn ctx(&self, actor: Actor, request_id: impl Into<String>) -> Ctx {
        ctx::at(self.clock.as_ref(), actor, request_id)
    }

    /// A context for an operator command (`jalin import`, the demo seeder, …).
    pub fn system_ctx(&self, name: &str) -> Ctx {
        ctx::system(self.clock.as_ref(), name)
    }
}
