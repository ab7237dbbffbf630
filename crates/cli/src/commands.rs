//! The commands of the `jalin` binary.

use crate::progress::Bar;
use crate::settings::{Log, Settings};
use crate::{FormatArg, ModeArg};
use anyhow::Context;
use jalin_app::ports::clock::SystemClock;
use jalin_app::registry::{ExchangeFormat, ImportMode, ImportOptions};
use jalin_app::{App, AppError};
use jalin_cli::launch::load_all_reference;
use jalin_cli::{LaunchOptions, build_app, launch};
use jalin_devdata::generate::{GeneratorReference, generate as generate_records};
use std::path::Path;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

pub fn init_logging(log: &Log) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(&log.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let result = if log.format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    if let Err(e) = result {
        eprintln!("warning: logging not initialised: {e}");
    }
}

/// Opens the database, migrates it and loads any reference data that changed.
pub async fn open_app(settings: &Settings) -> anyhow::Result<Arc<App>> {
    build_app(settings, None, &LaunchOptions::default()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Runs the node until SIGTERM or Ctrl-C.
pub async fn serve(settings: Settings, port_file: Option<&Path>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&settings.server.addr)
        .await
        .with_context(|| format!("cannot listen on {}", settings.server.addr))?;
    let shutdown = CancellationToken::new();
    let running = launch(&settings, listener, shutdown.clone()).await?;
    if let Some(path) = port_file {
        write_port_file(path, running.addr)?;
    }
    tokio::spawn(async move {
        shutdown_signal().await;
        shutdown.cancel();
    });
    running.wait().await
}

/// Writes the bound address under a temporary name and renames it, so a reader never sees
/// half of it.
fn write_port_file(path: &Path, addr: std::net::SocketAddr) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, format!("{addr}\n")).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn exchange_format(arg: Option<FormatArg>, path: &Path) -> anyhow::Result<ExchangeFormat> {
    match arg {
        Some(FormatArg::Csv) => Ok(ExchangeFormat::Csv),
        Some(FormatArg::Json) => Ok(ExchangeFormat::Json),
        None => ExchangeFormat::from_path(&path.to_string_lossy())
            .with_context(|| format!("cannot tell the format of {}: use --format csv|json", path.display())),
    }
}

pub(crate) fn report_import_error(e: AppError) -> anyhow::Error {
    match e {
        AppError::ImportRejected(rows) => {
            for r in &rows {
                eprintln!("{r}");
            }
            anyhow::anyhow!(
                "the file was rejected ({} problem(s) listed above); nothing was written",
                rows.len()
            )
        }
        other => anyhow::Error::new(other),
    }
}

pub async fn import_agreements(
    settings: &Settings,
    file: &Path,
    mode: ModeArg,
    dry_run: bool,
    format: Option<FormatArg>,
) -> anyhow::Result<()> {
    let format = exchange_format(format, file)?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let app = open_app(settings).await?;
    let ctx = app.system_ctx("import");
    let options = ImportOptions {
        mode: match mode {
            ModeArg::Add => ImportMode::Add,
            ModeArg::Replace => ImportMode::Replace,
        },
        dry_run,
        is_demo: false,
    };
    let bar = Bar::new();
    let result = app
        .registry
        .import_agreements(&ctx, &bytes, format, options, &|p| bar.update(p))
        .await;
    bar.finish();
    let report = result.map_err(report_import_error)?;
    if report.dry_run {
        println!(
            "dry run: {} agreement(s) and {} new partner(s) would be imported{}; nothing was written",
            report.rows,
            report.new_partners,
            if options.mode == ImportMode::Replace {
                ", replacing the registry"
            } else {
                ""
            }
        );
    } else {
        println!(
            "imported {} agreement(s), {} new partner(s){}",
            report.inserted,
            report.new_partners,
            if report.deleted > 0 {
                format!(", {} replaced", report.deleted)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

pub async fn export_agreements(settings: &Settings, format: FormatArg, output: Option<&Path>) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    let format = match format {
        FormatArg::Csv => ExchangeFormat::Csv,
        FormatArg::Json => ExchangeFormat::Json,
    };
    let count = match output {
        Some(path) => {
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            let n = app.registry.export_agreements(format, &mut writer).await?;
            std::io::Write::flush(&mut writer)?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let n = app.registry.export_agreements(format, &mut lock).await?;
            std::io::Write::flush(&mut lock)?;
            n
        }
    };
    eprintln!("exported {count} agreement(s)");
    Ok(())
}

pub async fn refdata_load(settings: &Settings) -> anyhow::Result<()> {
    let app = open_app(settings).await?;
    for v in app.reference.dataset_versions().await? {
        println!(
            "{:<22} {:>7} rows  {}  {}",
            v.name,
            v.rows,
            &v.version[..12.min(v.version.len())],
            v.source
        );
    }
    Ok(())
}

pub async fn refdata_status(settings: &Settings) -> anyhow::Result<()> {
    let store = jalin_store::open(&settings.database.url).await?;
    let app = App::new(store, Arc::new(SystemClock)).await?;
    let versions = app.reference.dataset_versions().await?;
    if versions.is_empty() {
        println!("no reference data loaded (run `jalin refdata load` or `jalin serve`)");
    }
    for v in versions {
        println!(
            "{:<22} {:>7} rows  {}  {}  loaded {}",
            v.name,
            v.rows,
            &v.version[..12.min(v.version.len())],
            v.source,
            v.loaded_at
        );
    }
    Ok(())
}

pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    jalin_store::open(&settings.database.url).await?;
    println!("database {} is up to date", jalin_store::redact(&settings.database.url));
    Ok(())
}

pub async fn generate(settings: &Settings, n: usize, seed: u64, output: Option<&Path>) -> anyhow::Result<()> {
    let datasets = load_all_reference(settings).await?;
    let today = jalin_app::ports::clock::Clock::today(&SystemClock);
    let records = generate_records(&GeneratorReference::from_datasets(&datasets), n, seed, today);
    match output {
        Some(path) => {
            let format = exchange_format(None, path)?;
            let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            let mut writer = std::io::BufWriter::new(file);
            jalin_app::registry::write_inputs(&records, format, &mut writer)?;
            std::io::Write::flush(&mut writer)?;
            println!("wrote {} generated agreement(s) to {}", records.len(), path.display());
        }
        None => {
            drop(datasets);
            let app = open_app(settings).await?;
            let ctx = app.system_ctx("generate");
            let bar = Bar::new();
            let result = app
                .registry
                .import_inputs(&ctx, records, ImportOptions::add(), &|p| bar.update(p))
                .await;
            bar.finish();
            let report = result.map_err(report_import_error)?;
            println!(
                "generated {} agreement(s) with {} new partner(s)",
                report.inserted, report.new_partners
            );
        }
    }
    Ok(())
}

/// Rebuilds the search index: into a fresh directory that then replaces the old one; with
/// a server running (it holds the index), asks the server to rebuild instead.
pub async fn reindex(settings: &Settings) -> anyhow::Result<()> {
    let dir = settings.search_dir();
    match jalin_search::TantivyIndex::open(&dir) {
        Ok(index) => drop(index),
        Err(e) if e.downcast_ref::<jalin_search::IndexBusy>().is_some() => {
            let app = open_app(settings).await?;
            let generation = app.search.request_reindex(&app.system_ctx("reindex")).await?;
            println!("a running server holds the index; it rebuilds it now (generation {generation})");
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    let fresh = dir.with_extension("new");
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh).with_context(|| format!("cannot remove {}", fresh.display()))?;
    }
    let started = std::time::Instant::now();
    let count = {
        let index: Arc<dyn jalin_app::ports::search::SearchIndex> = Arc::new(jalin_search::TantivyIndex::open(&fresh)?);
        let app = build_app(settings, Some(index), &LaunchOptions::default()).await?;
        app.search.rebuild_search().await?
    };
    let old = dir.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    if dir.exists() {
        std::fs::rename(&dir, &old)?;
    }
    std::fs::rename(&fresh, &dir)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    println!(
        "search index rebuilt: {count} document(s) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
