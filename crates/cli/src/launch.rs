//! The assembly of a serving node: the application built from the settings, its supervised
//! background workers (ADR 0011), and the HTTP service on a given listener until shutdown.

use crate::background;
use crate::settings::Settings;
use anyhow::{Context, bail};
use jalin_app::App;
use jalin_app::ports::clock::{Clock, SystemClock};
use jalin_app::ports::mailer::Mailer;
use jalin_app::ports::search::SearchIndex;
use jalin_app::reference::LoadedDataset;
use jalin_app::workers::{Backoff, Restarts, run_workers};
use jalin_devdata::generate::GeneratorReference;
use jalin_web::{AppState, WebConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Where this node keeps its search index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchPlacement {
    /// In `[search] dir` (the server's normal place).
    #[default]
    OnDisk,
    /// In memory, gone with the process (tests, throwaway nodes).
    InMemory,
}

/// Which background workers run. A server runs them all; tests that drive jobs and timers
/// themselves switch those off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerSelection {
    /// Builds the registry index and the partner recommender at start.
    pub warm_up: bool,
    /// Follows the search log into this node's index.
    pub indexer: bool,
    /// Runs queued jobs (text extraction, opportunity notifications).
    pub jobs: bool,
    /// Runs the procedure timers every `[server] timer_interval_seconds`.
    pub timers: bool,
}

impl WorkerSelection {
    pub const ALL: Self = Self {
        warm_up: true,
        indexer: true,
        jobs: true,
        timers: true,
    };
}

impl Default for WorkerSelection {
    fn default() -> Self {
        Self::ALL
    }
}

/// Faults to inject into a node, for robustness tests only.
#[cfg(feature = "fault-injection")]
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// How many runs of the indexer panic at their start (counts down).
    pub indexer_panics: Arc<std::sync::atomic::AtomicU32>,
}

/// What a caller may choose beyond the settings: the defaults make the node `jalin serve`
/// runs; tests replace the clock, the mailer, the index placement and the workers.
#[derive(Clone)]
pub struct LaunchOptions {
    pub clock: Arc<dyn Clock>,
    /// The mailer; by default the `[mail]` outbox.
    pub mailer: Option<Arc<dyn Mailer>>,
    pub search: SearchPlacement,
    pub workers: WorkerSelection,
    pub backoff: Backoff,
    /// The version shown on the About page.
    pub version: String,
    #[cfg(feature = "fault-injection")]
    pub faults: Faults,
}

impl Default for LaunchOptions {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            mailer: None,
            search: SearchPlacement::OnDisk,
            workers: WorkerSelection::ALL,
            backoff: Backoff::default(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            #[cfg(feature = "fault-injection")]
            faults: Faults::default(),
        }
    }
}

/// A node that serves: its application, address and worker restarts.
pub struct Running {
    pub app: Arc<App>,
    pub addr: SocketAddr,
    /// Restarts per background worker (for `/metrics` and tests).
    pub restarts: Restarts,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Waits until the node stopped (after shutdown, or when the server failed).
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("the server task")?
    }
}

/// Starts the node `jalin serve` runs, on `listener`, until `shutdown` is cancelled.
pub async fn launch(
    settings: &Settings,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> anyhow::Result<Running> {
    launch_with(settings, LaunchOptions::default(), listener, shutdown).await
}

/// [`launch`] with the caller's choices of clock, mailer, index placement and workers.
pub async fn launch_with(
    settings: &Settings,
    options: LaunchOptions,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> anyhow::Result<Running> {
    let addr = listener.local_addr()?;
    // Links in mail point at the bound address when no public one is configured.
    let mut settings = settings.clone();
    settings.server.bound_to(addr);
    let settings = &settings;
    let index = open_index(settings, options.search)?;
    let app = build_app(settings, Some(index), &options).await?;
    if settings.demo.enabled {
        seed_demo(&app, settings).await?;
    }
    let workers = background::workers(&app, settings, &options);
    let restarts = workers.restarts();
    let state = AppState {
        app: app.clone(),
        config: Arc::new(WebConfig {
            version: options.version.clone(),
            demo: settings.demo.enabled,
            public_url: settings.server.link_base(),
            behind_proxy: settings.server.behind_proxy,
            metrics: settings.server.metrics,
            restarts: restarts.clone(),
        }),
    };
    tracing::info!("Jalin is listening on http://{addr}");
    let service = jalin_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
    // The server and the workers stop together: on shutdown, or when the server fails.
    let stop = shutdown.child_token();
    let task = tokio::spawn(async move {
        let serving = axum::serve(listener, service).with_graceful_shutdown(stop.clone().cancelled_owned());
        let server = async {
            let result = serving.await.context("server");
            stop.cancel();
            result
        };
        let (result, ()) = tokio::join!(server, run_workers(workers, stop.clone()));
        result
    });
    Ok(Running {
        app,
        addr,
        restarts,
        task,
    })
}

/// Opens this node's search index, or explains who holds it.
pub(crate) fn open_index(settings: &Settings, placement: SearchPlacement) -> anyhow::Result<Arc<dyn SearchIndex>> {
    let index = match placement {
        SearchPlacement::InMemory => jalin_search::TantivyIndex::in_memory()?,
        SearchPlacement::OnDisk => jalin_search::TantivyIndex::open(&settings.search_dir())
            .with_context(|| format!("search index {}", settings.search_dir().display()))?,
    };
    Ok(Arc::new(index))
}

/// The application, with this node's search index when given (only `serve` and `reindex`
/// hold the index; other commands append to the search log, which the server follows).
/// Opens and migrates the database and loads any reference data that changed.
pub async fn build_app(
    settings: &Settings,
    search: Option<Arc<dyn SearchIndex>>,
    options: &LaunchOptions,
) -> anyhow::Result<Arc<App>> {
    // Mail settings are checked first: a mistake there needs no database to be reported.
    let mailer: Arc<dyn Mailer> = match &options.mailer {
        Some(mailer) => mailer.clone(),
        None => crate::mail::from_settings(&settings.mail)?,
    };
    let store = jalin_store::open(&settings.database.url)
        .await
        .with_context(|| format!("database {}", jalin_store::redact(&settings.database.url)))?;
    let blobs: Arc<dyn jalin_app::ports::blobs::BlobStore> = match settings.documents.store.as_str() {
        "filesystem" => Arc::new(jalin_store::blobs::FsBlobStore {
            dir: settings.documents.dir.clone(),
        }),
        "database" => Arc::new(jalin_store::blobs::DatabaseBlobStore::new(
            store.clone(),
            options.clock.clone(),
        )),
        other => bail!("[documents] store must be \"filesystem\" or \"database\", not \"{other}\""),
    };
    let mut builder = App::builder(store, options.clock.clone())
        .with_procedure_config(settings.procedure.clone())
        .with_mailer(mailer)
        .with_link_base(settings.server.link_base())
        .with_blob_store(blobs)
        .with_upload_limit(settings.documents.max_upload_mb.saturating_mul(1_000_000))
        .with_extractor(Arc::new(jalin_search::Extractor))
        .with_sdg_suggester(Arc::new(jalin_search::KeywordSdgSuggester::new()));
    if let Some(index) = search {
        builder = builder.with_search(index);
    }
    let app = builder.build().await?;
    load_changed_reference(&app, settings).await?;
    Ok(Arc::new(app))
}

async fn load_changed_reference(app: &App, settings: &Settings) -> anyhow::Result<()> {
    let stored = app.reference.dataset_versions().await?;
    let dir = settings.data.dir.clone();
    if let Some(d) = &dir
        && !d.is_dir()
    {
        bail!("the data directory {} does not exist", d.display());
    }
    let changed = tokio::task::spawn_blocking(move || jalin_refdata::load_changed(dir.as_deref(), &stored))
        .await
        .context("reference data loader")??;
    if !changed.is_empty() {
        let names: Vec<&str> = changed.iter().map(|d| d.name.as_str()).collect();
        tracing::info!(datasets = ?names, "loading reference data");
        app.reference
            .install_datasets(&app.system_ctx("refdata"), &changed)
            .await?;
    }
    Ok(())
}

/// Every reference dataset (embedded, or newer copies from `[data] dir`).
pub async fn load_all_reference(settings: &Settings) -> anyhow::Result<Vec<LoadedDataset>> {
    let dir = settings.data.dir.clone();
    Ok(tokio::task::spawn_blocking(move || jalin_refdata::load(dir.as_deref()))
        .await
        .context("reference data loader")??)
}

async fn seed_demo(app: &App, settings: &Settings) -> anyhow::Result<()> {
    let datasets = load_all_reference(settings).await?;
    let report = jalin_devdata::seed_demo(
        app,
        &GeneratorReference::from_datasets(&datasets),
        settings.demo.generated,
    )
    .await?;
    if report.seeded {
        tracing::info!(agreements = report.agreements, "demo dataset seeded");
    }
    Ok(())
}
