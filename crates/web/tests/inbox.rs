//! The inbox over HTTP, on SQLite and (when configured) PostgreSQL: the API and the page
//! show the reader's own notifications with their filters; bad filters are refused with a
//! field error; marking read works from both; another region sees nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn the_inbox_shows_filters_and_marks_the_readers_own_notifications() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        // Signed in first: the page test needs the account's password.
        let (cookie, csrf) = s
            .sign_in("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let officer = s
            .token_for("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let stranger = s
            .token_for("petugas@paserkab.go.id", "regional_officer", Some("64.01"))
            .await;
        s.expiring_agreement("64.02", "Kerja Sama Kota Kembar Tenggarong dan Kitakyushu", 20)
            .await;
        s.app.cases.run_timers().await.unwrap();
        s.app.cases.run_timers().await.unwrap();

        let (status, body) = s.get_as("/api/v1/notifications", &officer).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["total"], 1, "one reminder, the nearest threshold: {body}");
        assert_eq!(body["unread"], 1);
        let item = &body["items"][0];
        assert_eq!(item["kind"], "expiry");
        assert_eq!(item["read"], false);
        assert!(item["link"].as_str().unwrap().starts_with("/kerja-sama/"), "{item}");
        assert!(
            item["alert"]["message_id"].as_str().unwrap().contains("Tenggarong"),
            "{item}"
        );

        let (_, other) = s.get_as("/api/v1/notifications", &stranger).await;
        assert_eq!(other["total"], 0, "{other}");
        let (_, none) = s.get_as("/api/v1/notifications?kind=dormancy", &officer).await;
        assert_eq!(none["total"], 0);
        for (query, field) in [
            ("kind=everything", "kind"),
            ("from=2026-13-40", "from"),
            ("region=Kaltim", "region"),
        ] {
            let (status, body) = s.get_as(&format!("/api/v1/notifications?{query}"), &officer).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert!(body.to_string().contains(field), "{query}: {body}");
        }

        // The page, in Indonesian, with the same filters.
        let page = |path: &str| {
            s.client
                .get(format!("{}{path}", s.base))
                .header("cookie", cookie.clone())
                .send()
        };
        let r = page("/notifikasi?kind=expiry").await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("Tenggarong") && html.contains("1 belum dibaca"), "{html}");
        let r = page("/notifikasi?kind=handoff").await.unwrap();
        assert!(!r.text().await.unwrap().contains("Tenggarong"));
        let r = page("/notifikasi?from=kemarin").await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let r = s
            .client
            .post(format!("{}/notifikasi/dibaca", s.base))
            .header("cookie", cookie.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                serde_urlencoded::to_string([
                    ("_csrf", csrf.as_str()),
                    ("ids", ""),
                    ("back", "/notifikasi?kind=expiry"),
                ])
                .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        let (_, after) = s.get_as("/api/v1/notifications", &officer).await;
        assert_eq!(after["unread"], 0, "{after}");
        assert_eq!(after["items"][0]["read"], true);
        let (status, marked) = s
            .call(
                Method::POST,
                "/api/v1/notifications/read",
                Some(&officer),
                Some(&json!({})),
            )
            .await;
        assert_eq!((status, marked["marked"].as_i64()), (StatusCode::OK, Some(0)));
    })
    .await;
}
