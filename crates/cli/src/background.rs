//! The background workers of a serving node, and the only place where the assembly calls
//! into the application's background operations (warm-up, indexing, jobs, timers).
//! Supervision — restart with back-off, counting — is `jalin_app::workers` (ADR 0011).

use crate::launch::LaunchOptions;
use crate::settings::Settings;
use jalin_app::App;
use jalin_app::workers::Workers;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the indexer and the job runner sleep when idle (they also wake on this node's
/// writes); other nodes' and commands' writes are seen within this time.
const IDLE_POLL: Duration = Duration::from_millis(500);

/// The workers `options` selects, each restarted by the supervisor when it fails.
pub(crate) fn workers(app: &Arc<App>, settings: &Settings, options: &LaunchOptions) -> Workers {
    let chosen = options.workers;
    let mut workers = Workers::new().with_backoff(options.backoff);
    if chosen.warm_up {
        let app = app.clone();
        workers = workers.add("warm-up", move || warm_up(app.clone()));
    }
    if chosen.indexer {
        let app = app.clone();
        #[cfg(feature = "fault-injection")]
        let faults = options.faults.clone();
        workers = workers.add("indexer", move || {
            #[cfg(feature = "fault-injection")]
            let inject = take_indexer_fault(&faults);
            let app = app.clone();
            async move {
                #[cfg(feature = "fault-injection")]
                if inject {
                    panic!("injected fault: the indexer panics (tests only)");
                }
                index(app).await
            }
        });
    }
    if chosen.jobs {
        let app = app.clone();
        workers = workers.add("jobs", move || run_jobs(app.clone()));
    }
    if chosen.timers {
        let app = app.clone();
        let interval = Duration::from_secs(settings.server.timer_interval_seconds.max(10));
        workers = workers.add("timers", move || run_timers(app.clone(), interval));
    }
    workers
}

/// Builds the registry index, then the partner recommender (for the region pages), so
/// that the first visitor does not wait. Failing here is not fatal: both are built on
/// first use, so the worker reports and finishes.
async fn warm_up(app: Arc<App>) -> anyhow::Result<()> {
    let started = Instant::now();
    match app.registry.warm_registry_index().await {
        Ok(n) => tracing::info!(
            agreements = n,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "registry index ready"
        ),
        Err(e) => tracing::warn!(error = %e, "registry index not built at start; it will be built on first use"),
    }
    if let Err(e) = app.recommendations.warm_matching().await {
        tracing::warn!(error = %e, "partner recommender not built at start; it will be built on first use");
    }
    Ok(())
}

/// Follows the search log into this node's index: woken by this node's writes, and every
/// half second for other nodes' and commands'. A failure goes to the supervisor, which
/// retries with back-off.
async fn index(app: Arc<App>) -> anyhow::Result<()> {
    loop {
        app.search.sync_search().await?;
        app.search.wait(IDLE_POLL).await;
    }
}

/// Runs queued jobs, ten at a time, sleeping when there are none (uploads wake it).
async fn run_jobs(app: Arc<App>) -> anyhow::Result<()> {
    loop {
        if app.jobs.run(10).await? == 0 {
            app.search.wait(IDLE_POLL).await;
        }
    }
}

/// Timers: deadlines, deemed approvals, expiry and alerts, every few minutes. On several
/// nodes each runs them; every step they take is guarded by optimistic versions. A failed
/// round is retried at the next tick, as the timers are periodic anyway.
async fn run_timers(app: Arc<App>, interval: Duration) -> anyhow::Result<()> {
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match app.cases.run_timers().await {
            Ok(r) if !r.fired.is_empty() || r.alerts_raised > 0 || r.agreements_expired > 0 => tracing::info!(
                fired = r.fired.len(),
                alerts = r.alerts_raised,
                expired = r.agreements_expired,
                "timers ran"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "timers failed; retrying at the next tick"),
        }
        // Trip-report reminders run beside the case timers; a failure of one leaves the other.
        match app.monitoring.run_sweep().await {
            Ok(n) if n > 0 => tracing::info!(alerts = n, "trip-report reminders raised"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "trip-report reminders failed; retrying at the next tick"),
        }
        match app.monitoring.dormancy_sweep().await {
            Ok(n) if n > 0 => tracing::info!(alerts = n, "dormancy notices raised"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "dormancy notices failed; retrying at the next tick"),
        }
        match app.notifications.queue_digests().await {
            Ok(n) if n > 0 => tracing::info!(digests = n, "notice digests queued"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "notice digests failed; retrying at the next tick"),
        }
    }
}

/// Whether this run of the indexer is to panic (a robustness test asked for it).
#[cfg(feature = "fault-injection")]
fn take_indexer_fault(faults: &crate::launch::Faults) -> bool {
    use std::sync::atomic::Ordering;
    faults
        .indexer_panics
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}
