//! What operators watch: `/healthz`, `/readyz` and `/metrics`, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_app::workers::Backoff;
use reqwest::{Method, StatusCode};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Polls `check` for up to ten seconds.
async fn eventually<F: AsyncFnMut() -> bool>(what: &str, mut check: F) {
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen");
}

/// The value of one sample line of an exposition (`name{labels} value`).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .split(' ')
            .next()?
            .parse()
            .ok()
    })
}

async fn scrape(s: &Server) -> String {
    let r = s.client.get(format!("{}/metrics", s.base)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    r.text().await.unwrap()
}

#[tokio::test]
async fn readyz_waits_for_the_registry_index_and_says_so() {
    jalin_testkit::each_backend(|db| async move {
        // No warm-up: the registry index loads on the first registry read.
        let s = Server::start(&db).await;
        let (status, body) = s.get("/healthz").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = s.get("/readyz").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["status"], "not_ready");
        let components: Vec<&str> = body["waiting"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["component"].as_str().unwrap())
            .collect();
        assert!(components.contains(&"registry_index"), "{body}");
        assert!(!components.contains(&"database"), "{body}");
        assert!(body["waiting"][0]["reason"].as_str().unwrap().len() > 10, "{body}");

        let (status, _) = s.get("/api/v1/agreements").await;
        assert_eq!(status, StatusCode::OK);
        // The indexer builds this node's search index in the background.
        eventually("readiness", async || s.get("/readyz").await.0 == StatusCode::OK).await;
        let (_, body) = s.get("/readyz").await;
        assert_eq!(body, serde_json::json!({"status": "ready", "waiting": []}));
    })
    .await;
}

#[tokio::test]
async fn metrics_count_requests_per_route_and_report_the_node() {
    jalin_testkit::each_backend(|db| async move {
        let s = Server::launch(&db, |_, options| {
            options.faults.indexer_panics.store(1, Ordering::SeqCst);
            options.backoff = Backoff {
                initial: Duration::from_millis(20),
                ..Backoff::default()
            };
        })
        .await;
        eventually("the indexer's restart", async || s.restarts.get("indexer") == 1).await;
        for _ in 0..3 {
            assert_eq!(s.get("/api/v1/regions?limit=1").await.0, StatusCode::OK);
        }
        let (status, _) = s.get("/api/v1/cases/0190a000-0000-7000-8000-000000000000").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = s
            .call(Method::GET, "/api/v1/cases/nonsense-id", Some(&s.admin), None)
            .await;
        assert!(status.is_client_error(), "{status}");

        let text = scrape(&s).await;
        let regions = r#"jalin_http_request_duration_seconds_count{route="/api/v1/regions",method="GET",status="2xx"}"#;
        assert_eq!(sample(&text, regions), Some(3.0), "{text}");
        assert!(
            text.contains(r#"jalin_http_request_duration_seconds_bucket{le="0.005",route="/api/v1/regions""#)
                || text.contains(r#"route="/api/v1/regions",method="GET",status="2xx",le="0.005"}"#),
            "latency buckets: {text}"
        );
        // The route pattern, never the path with its identifier; refusals count as 4xx.
        let cases =
            r#"jalin_http_request_duration_seconds_count{route="/api/v1/cases/{id}",method="GET",status="4xx"}"#;
        assert_eq!(sample(&text, cases), Some(2.0), "{text}");
        assert!(!text.contains("nonsense-id") && !text.contains("0190a000"), "{text}");

        assert_eq!(
            sample(&text, r#"jalin_worker_restarts_total{worker="indexer"}"#),
            Some(1.0),
            "{text}"
        );
        assert_eq!(sample(&text, "jalin_database_up"), Some(1.0), "{text}");
        assert!(sample(&text, "jalin_jobs_pending").is_some(), "{text}");
        assert!(
            sample(&text, "jalin_jobs_oldest_pending_age_seconds").is_some(),
            "{text}"
        );
        let pool = if db.url.starts_with("sqlite") { "reader" } else { "main" };
        let max = sample(&text, &format!(r#"jalin_db_pool_max{{pool="{pool}"}}"#)).expect("pool max");
        let open = sample(&text, &format!(r#"jalin_db_pool_connections{{pool="{pool}"}}"#)).expect("pool size");
        assert!(max >= 1.0 && open <= max, "{text}");
        let head = sample(&text, "jalin_search_log_head").expect("log head");
        let applied = sample(&text, "jalin_search_index_applied").expect("applied");
        assert_eq!(sample(&text, "jalin_search_index_lag"), Some(head - applied), "{text}");
        assert!(text.trim_end().ends_with("# EOF"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn the_metrics_route_can_be_switched_off() {
    jalin_testkit::each_backend(|db| async move {
        let s = Server::launch(&db, |settings, _| settings.server.metrics = false).await;
        let r = s.client.get(format!("{}/metrics", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
