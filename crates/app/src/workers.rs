//! Supervised background work (ADR 0011): named workers run in a [`JoinSet`] until
//! shutdown. A worker that panics or returns an error is logged with its name and cause
//! and started again after an exponential back-off; one that returns `Ok(())` is done
//! (one-shot work such as warming caches). Restarts are counted per worker.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::{JoinError, JoinSet};
use tokio_util::sync::CancellationToken;

/// The future of one run of a worker.
pub type WorkerFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

type Factory = Box<dyn Fn() -> WorkerFuture + Send + Sync>;

/// How long a failed worker waits before its next run.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// The wait after the first failure.
    pub initial: Duration,
    /// The longest wait; each failure doubles the previous one up to this.
    pub max: Duration,
    /// A run that lasted this long counts as healthy: the next failure waits `initial` again.
    pub healthy_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(30),
            healthy_after: Duration::from_secs(60),
        }
    }
}

/// Restarts per worker name, shared with whoever reports them (a later `/metrics`).
#[derive(Debug, Clone, Default)]
pub struct Restarts(Arc<Mutex<BTreeMap<&'static str, u64>>>);

impl Restarts {
    /// How often the named worker was restarted.
    pub fn get(&self, name: &str) -> u64 {
        self.with(|m| m.get(name).copied().unwrap_or(0))
    }

    /// Every worker with its restarts, by name.
    pub fn snapshot(&self) -> Vec<(&'static str, u64)> {
        self.with(|m| m.iter().map(|(k, v)| (*k, *v)).collect())
    }

    fn register(&self, name: &'static str) {
        self.with(|m| {
            m.entry(name).or_insert(0);
        });
    }

    fn bump(&self, name: &'static str) {
        self.with(|m| *m.entry(name).or_insert(0) += 1);
    }

    fn with<T>(&self, f: impl FnOnce(&mut BTreeMap<&'static str, u64>) -> T) -> T {
        // A counter map stays usable even if a holder panicked.
        let mut guard = match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }
}

struct Worker {
    name: &'static str,
    start: Factory,
}

/// The set of background workers of a node, before they run.
#[derive(Default)]
pub struct Workers {
    workers: Vec<Worker>,
    backoff: Backoff,
    restarts: Restarts,
}

impl Workers {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Adds a worker; `start` makes the future of one run (it is called again on restart).
    pub fn add<F, Fut>(mut self, name: &'static str, start: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        self.restarts.register(name);
        self.workers.push(Worker {
            name,
            start: Box::new(move || Box::pin(start())),
        });
        self
    }

    /// The restart counters (they keep counting while the workers run).
    pub fn restarts(&self) -> Restarts {
        self.restarts.clone()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.workers.iter().map(|w| w.name).collect()
    }
}

/// One worker's place in the supervisor: its back-off state.
struct Slot {
    worker: Worker,
    next_delay: Duration,
}

/// A run in flight: which worker, and when it started.
struct Run {
    slot: usize,
    started: Instant,
}

/// Runs the workers until `shutdown` is cancelled (then stops them all and returns), or
/// until every worker has finished.
pub async fn run_workers(workers: Workers, shutdown: CancellationToken) {
    let Workers {
        workers,
        backoff,
        restarts,
    } = workers;
    let mut slots: Vec<Slot> = workers
        .into_iter()
        .map(|worker| Slot {
            worker,
            next_delay: backoff.initial,
        })
        .collect();
    let mut set = JoinSet::new();
    let mut runs: HashMap<tokio::task::Id, Run> = HashMap::new();
    for slot in 0..slots.len() {
        spawn_run(&mut set, &mut runs, &slots, slot, Duration::ZERO);
    }
    loop {
        let joined = tokio::select! {
            _ = shutdown.cancelled() => break,
            joined = set.join_next_with_id() => joined,
        };
        let (id, failure) = match joined {
            None => break,
            Some(Ok((id, Ok(())))) => (id, None),
            Some(Ok((id, Err(e)))) => (id, Some(format!("{e:#}"))),
            Some(Err(e)) => (e.id(), Some(panic_cause(e))),
        };
        let Some(run) = runs.remove(&id) else { continue };
        let name = slots[run.slot].worker.name;
        let Some(cause) = failure else {
            tracing::info!(worker = name, "background worker finished");
            continue;
        };
        let delay = next_delay(&mut slots[run.slot], &backoff, run.started.elapsed());
        restarts.bump(name);
        tracing::error!(
            worker = name,
            cause = %cause,
            restart_in_ms = delay.as_millis() as u64,
            "background worker failed; restarting it"
        );
        spawn_run(&mut set, &mut runs, &slots, run.slot, delay);
    }
    set.shutdown().await;
    tracing::info!("background workers stopped");
}

/// Starts one run of a worker after `delay` (the delay is part of the task, so the
/// supervisor keeps watching the others meanwhile).
fn spawn_run(
    set: &mut JoinSet<anyhow::Result<()>>,
    runs: &mut HashMap<tokio::task::Id, Run>,
    slots: &[Slot],
    slot: usize,
    delay: Duration,
) {
    let run = (slots[slot].worker.start)();
    let handle = set.spawn(async move {
        tokio::time::sleep(delay).await;
        run.await
    });
    runs.insert(
        handle.id(),
        Run {
            slot,
            started: Instant::now() + delay,
        },
    );
}

/// The wait before the next run: `initial` after a healthy run, else doubling up to `max`.
fn next_delay(slot: &mut Slot, backoff: &Backoff, ran_for: Duration) -> Duration {
    if ran_for >= backoff.healthy_after {
        slot.next_delay = backoff.initial;
    }
    let delay = slot.next_delay;
    slot.next_delay = delay.saturating_mul(2).min(backoff.max);
    delay
}

fn panic_cause(e: JoinError) -> String {
    if !e.is_panic() {
        return format!("the task was stopped: {e}");
    }
    let payload = e.into_panic();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    format!("panicked: {message}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn quick() -> Backoff {
        Backoff {
            initial: Duration::from_millis(5),
            max: Duration::from_millis(20),
            healthy_after: Duration::from_secs(60),
        }
    }

    /// Waits (up to five seconds) until `done` holds.
    async fn eventually(done: impl Fn() -> bool) {
        for _ in 0..500 {
            if done() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the condition did not come true in time");
    }

    /// A worker whose first run fails (by `fail`), and whose later runs count and then idle.
    fn flaky(runs: Arc<AtomicU32>, fail: fn() -> anyhow::Result<()>) -> impl Fn() -> WorkerFuture + Send + Sync {
        move || {
            let runs = runs.clone();
            Box::pin(async move {
                if runs.fetch_add(1, Ordering::SeqCst) == 0 {
                    return fail();
                }
                std::future::pending::<()>().await;
                Ok(())
            })
        }
    }

    async fn restarted_once(fail: fn() -> anyhow::Result<()>) {
        let runs = Arc::new(AtomicU32::new(0));
        let workers = Workers::new()
            .with_backoff(quick())
            .add("flaky", flaky(runs.clone(), fail));
        let restarts = workers.restarts();
        let shutdown = CancellationToken::new();
        let supervisor = tokio::spawn(run_workers(workers, shutdown.clone()));
        eventually(|| runs.load(Ordering::SeqCst) >= 2).await;
        assert_eq!(restarts.get("flaky"), 1);
        assert_eq!(restarts.snapshot(), vec![("flaky", 1)]);
        shutdown.cancel();
        supervisor.await.unwrap();
    }

    #[tokio::test]
    async fn a_worker_that_panics_is_restarted() {
        restarted_once(|| panic!("injected")).await;
    }

    #[tokio::test]
    async fn a_worker_that_returns_an_error_is_restarted() {
        restarted_once(|| Err(anyhow::anyhow!("injected"))).await;
    }

    #[tokio::test]
    async fn a_finished_worker_is_not_restarted() {
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        let workers = Workers::new().with_backoff(quick()).add("once", move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async { Ok(()) }
        });
        let restarts = workers.restarts();
        // With every worker done, the supervisor returns by itself.
        tokio::time::timeout(Duration::from_secs(5), run_workers(workers, CancellationToken::new()))
            .await
            .unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(restarts.get("once"), 0);
    }

    #[tokio::test]
    async fn shutdown_stops_every_worker() {
        let stopped = Arc::new(AtomicU32::new(0));
        /// Counts when its future is dropped: the worker was stopped.
        struct OnDrop(Arc<AtomicU32>);
        impl Drop for OnDrop {
            fn drop(&mut self) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let mut workers = Workers::new().with_backoff(quick());
        for name in ["a", "b", "c"] {
            let stopped = stopped.clone();
            workers = workers.add(name, move || {
                let guard = OnDrop(stopped.clone());
                async move {
                    let _guard = guard;
                    std::future::pending::<()>().await;
                    Ok(())
                }
            });
        }
        let shutdown = CancellationToken::new();
        let supervisor = tokio::spawn(run_workers(workers, shutdown.clone()));
        tokio::time::sleep(Duration::from_millis(20)).await;
        shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(5), supervisor)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stopped.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn the_back_off_doubles_up_to_its_limit_and_resets_after_a_healthy_run() {
        let backoff = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_millis(350),
            healthy_after: Duration::from_secs(60),
        };
        let mut slot = Slot {
            worker: Worker {
                name: "w",
                start: Box::new(|| Box::pin(async { Ok(()) })),
            },
            next_delay: backoff.initial,
        };
        let short = Duration::from_secs(1);
        let waits: Vec<u64> = (0..4)
            .map(|_| next_delay(&mut slot, &backoff, short).as_millis() as u64)
            .collect();
        assert_eq!(waits, vec![100, 200, 350, 350]);
        assert_eq!(
            next_delay(&mut slot, &backoff, Duration::from_secs(61)).as_millis(),
            100
        );
    }
}
