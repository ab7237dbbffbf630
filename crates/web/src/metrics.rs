//! `/metrics`: the node's metrics in the Prometheus/OpenMetrics text format (ADR 0014).
//!
//! Request latency is recorded per matched route pattern (never the path, which carries
//! identifiers), method and status class by [`track`], a route layer around the guard (so
//! refused requests count too; requests that match no route are not recorded). The gauges —
//! database pools, the job queue, the search index's lag, worker restarts — are read when
//! the scraper asks. Nothing in here names a record or a person.

use crate::AppState;
use crate::policy::Access::Open;
use crate::routes::Routes;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use jalin_app::workers::Restarts;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

/// The content type of the OpenMetrics text format (Prometheus reads it).
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Upper bounds of the latency buckets, in seconds: 5 ms to 10 s.
const LATENCY_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    /// `2xx`, `3xx`, `4xx` or `5xx`.
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WorkerLabels {
    worker: String,
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// Every metric of one router, with the registry that encodes them.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Histogram, fn() -> Histogram>,
    pool_connections: Family<PoolLabels, Gauge>,
    pool_idle: Family<PoolLabels, Gauge>,
    pool_max: Family<PoolLabels, Gauge>,
    jobs_pending: Gauge,
    oldest_job_age: FloatGauge,
    search_log_head: Gauge,
    search_applied: Gauge,
    search_lag: Gauge,
    database_up: Gauge,
    worker_restarts: Family<WorkerLabels, Counter>,
}

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut m = Self {
            registry: Registry::with_prefix("jalin"),
            requests: Family::new_with_constructor(latency_histogram),
            pool_connections: Family::default(),
            pool_idle: Family::default(),
            pool_max: Family::default(),
            jobs_pending: Gauge::default(),
            oldest_job_age: FloatGauge::default(),
            search_log_head: Gauge::default(),
            search_applied: Gauge::default(),
            search_lag: Gauge::default(),
            database_up: Gauge::default(),
            worker_restarts: Family::default(),
        };
        let r = &mut m.registry;
        r.register(
            "http_request_duration_seconds",
            "Time to answer a request, by matched route pattern, method and status class",
            m.requests.clone(),
        );
        r.register(
            "db_pool_connections",
            "Open database connections (idle or in use), by pool",
            m.pool_connections.clone(),
        );
        r.register(
            "db_pool_idle",
            "Idle database connections, by pool",
            m.pool_idle.clone(),
        );
        r.register(
            "db_pool_max",
            "The most connections a database pool opens",
            m.pool_max.clone(),
        );
        r.register(
            "database_up",
            "1 when the database answered this scrape",
            m.database_up.clone(),
        );
        r.register(
            "jobs_pending",
            "Jobs in the queue (due or waiting for a retry)",
            m.jobs_pending.clone(),
        );
        r.register(
            "jobs_oldest_pending_age_seconds",
            "How long the oldest pending job has waited (0 when none is pending)",
            m.oldest_job_age.clone(),
        );
        r.register(
            "search_log_head",
            "The last sequence number of the search log (the change head all nodes follow)",
            m.search_log_head.clone(),
        );
        r.register(
            "search_index_applied",
            "The last search-log entry this node's index applied",
            m.search_applied.clone(),
        );
        r.register(
            "search_index_lag",
            "Search-log entries this node's index has not applied (the whole log while a rebuild is due)",
            m.search_lag.clone(),
        );
        r.register(
            "worker_restarts",
            "Restarts of a supervised background worker after a failure or panic",
            m.worker_restarts.clone(),
        );
        m
    }

    /// Records one answered request.
    fn observe(&self, route: &str, method: &str, status: StatusCode, seconds: f64) {
        let class = format!("{}xx", status.as_u16() / 100);
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status: class,
            })
            .observe(seconds);
    }

    /// Reads the gauges from the application and encodes everything.
    async fn scrape(&self, state: &AppState) -> Result<String, std::fmt::Error> {
        let gauges = state.app.gauges().await;
        for pool in &gauges.pools {
            let labels = PoolLabels {
                pool: pool.name.to_owned(),
            };
            self.pool_connections.get_or_create(&labels).set(i64::from(pool.size));
            self.pool_idle.get_or_create(&labels).set(i64::from(pool.idle));
            self.pool_max.get_or_create(&labels).set(i64::from(pool.max));
        }
        self.database_up.set(i64::from(gauges.queue.is_some()));
        if let Some(queue) = gauges.queue {
            self.jobs_pending.set(queue.pending);
            self.oldest_job_age
                .set(queue.oldest_age.map_or(0.0, |age| age.as_seconds_f64()));
        }
        if let Some(search) = gauges.search {
            self.search_log_head.set(search.head.seq);
            self.search_applied.set(search.applied.seq);
            self.search_lag.set(search.lag());
        }
        self.count_restarts(&state.config.restarts);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }

    /// Brings the restart counters up to the supervisor's counts (which only grow).
    fn count_restarts(&self, restarts: &Restarts) {
        for (worker, count) in restarts.snapshot() {
            let counter = self.worker_restarts.get_or_create(&WorkerLabels {
                worker: worker.to_owned(),
            });
            let seen = counter.get();
            if count > seen {
                counter.inc_by(count - seen);
            }
        }
    }
}

/// Route layer: times each matched request and records it under its route pattern.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(no route)".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    metrics.observe(&route, &method, response.status(), started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics` (open: see docs/operations.md on keeping it off the public address).
async fn metrics_handler(State(state): State<AppState>, Extension(metrics): Extension<Arc<Metrics>>) -> Response {
    if !state.config.metrics {
        return StatusCode::NOT_FOUND.into_response();
    }
    match metrics.scrape(&state).await {
        Ok(text) => ([(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The operations routes outside the API, with their access.
pub fn routes() -> Routes {
    Routes::new().get("/metrics", metrics_handler, Open)
}

/// The operations router.
pub fn router() -> Router<AppState> {
    routes().into_router()
}
