//! A node survives its own bugs: a panicking background worker is reported and restarted,
//! and a panicking request is answered with a 500 while the server keeps serving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_app::ports::clock::Clock;
use jalin_app::workers::Backoff;
use jalin_cli::WorkerSelection;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;

/// The log lines of the test, captured (the test runtime runs every task on its thread).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::INFO)
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

async fn eventually(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen in time");
}

#[tokio::test]
async fn a_panicking_indexer_is_reported_restarted_and_indexes_again() {
    let logs = Captured::default();
    let _logging = logs.install();
    jalin_testkit::each_backend(|db| {
        let logs = logs.clone();
        async move {
            let s = Server::launch(&db, |_, options| {
                options.faults.indexer_panics.store(1, Ordering::SeqCst);
                options.backoff = Backoff {
                    initial: Duration::from_millis(20),
                    ..Backoff::default()
                };
            })
            .await;
            eventually("the indexer's restart", || s.restarts.get("indexer") == 1).await;
            let text = logs.text();
            let failure = text
                .lines()
                .find(|l| l.contains("background worker failed"))
                .unwrap_or_else(|| panic!("no report of the failure: {text}"));
            assert!(
                failure.contains("indexer") && failure.contains("injected fault"),
                "{failure}"
            );

            let (status, created) = s
                .send(
                    Method::POST,
                    "/api/v1/agreements",
                    &json!({
                        "form": "KSDPL",
                        "subtype": "sister_city",
                        "tier": "mou",
                        "status": "draft",
                        "title_id": "Kerja sama pengelolaan sampah Samarinda Wakayama",
                        "parties": [{"region_code": "64.72"}, {"geonameid": 1859307}],
                        "objects": ["cultural_exchange"],
                        "fields": ["2.11"]
                    }),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::CREATED, "{created}");
            // The restarted indexer applies the write by itself (woken by it, or within
            // its half-second poll), so nothing is left for a sync to do.
            tokio::time::sleep(Duration::from_secs(2)).await;
            let left = s.app.search.sync_search().await.unwrap();
            assert_eq!(left, 0, "the restarted indexer did not index the new agreement");
            let (status, found) = s.get_as("/api/v1/search?q=Wakayama", &s.admin).await;
            assert_eq!(status, StatusCode::OK, "{found}");
            assert_eq!(found["total"], 1, "{found}");
            let id = created["id"].as_str().unwrap();
            assert_eq!(found["hits"][0]["id"], format!("agreement:{id}"), "{found}");
            assert_eq!(s.restarts.get("indexer"), 1, "one injected panic, one restart");
            s.stop.cancel();
        }
    })
    .await;
}

/// The test clock, which panics once when armed: every request asks the clock for the
/// time, so an armed clock makes the next request's handling panic.
struct PanickingClock {
    now: OffsetDateTime,
    armed: AtomicBool,
}

impl Clock for PanickingClock {
    fn now(&self) -> OffsetDateTime {
        if self.armed.swap(false, Ordering::SeqCst) {
            panic!("injected fault: the clock broke");
        }
        self.now
    }
}

#[tokio::test]
async fn a_panicking_request_gets_a_500_with_the_error_body_and_the_server_keeps_serving() {
    let logs = Captured::default();
    let _logging = logs.install();
    jalin_testkit::each_backend(|db| {
        let logs = logs.clone();
        async move {
            let clock = Arc::new(PanickingClock {
                now: jalin_testkit::test_now(),
                armed: AtomicBool::new(false),
            });
            let with_clock = clock.clone();
            let s = Server::launch(&db, move |_, options| {
                options.clock = with_clock;
                // Nothing in the background may trip over the armed clock.
                options.workers = WorkerSelection {
                    warm_up: false,
                    indexer: false,
                    jobs: false,
                    timers: false,
                };
            })
            .await;
            clock.armed.store(true, Ordering::SeqCst);
            let r = s
                .client
                .get(format!("{}/api/v1/agreements", s.base))
                .header("x-request-id", "panic-probe-1")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(r.headers()["x-request-id"], "panic-probe-1");
            assert_eq!(r.headers()["x-content-type-options"], "nosniff");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"], "internal", "{body}");
            assert!(body["message"].as_str().unwrap().contains("internal error"), "{body}");
            assert!(
                !body.to_string().contains("clock broke"),
                "no panic message to the client"
            );
            // The panic is logged inside the request's span: method, route and request id.
            let text = logs.text();
            let line = text
                .lines()
                .find(|l| l.contains("request handler panicked"))
                .unwrap_or_else(|| panic!("{text}"));
            assert!(line.contains("clock broke"), "{line}");
            assert!(line.contains("panic-probe-1"), "{line}");
            assert!(line.contains("/api/v1/agreements") && line.contains("GET"), "{line}");

            let (status, list) = s.get_as("/api/v1/agreements", &s.admin).await;
            assert_eq!(status, StatusCode::OK, "the server keeps serving: {list}");
            let (status, _) = s.call(Method::GET, "/healthz", None, None).await;
            assert_eq!(status, StatusCode::OK);
            s.stop.cancel();
        }
    })
    .await;
}
