//! Calendar feeds over HTTP, on SQLite and (when configured) PostgreSQL: an officer's feed,
//! fetched without a session, holds their region's deadlines and no other region's; a
//! revoked or unknown address is 404; nobody revokes another user's feed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use icalendar::{Calendar, Component};
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The path of a feed address (the public address of the test server may differ).
fn feed_path(url: &str) -> String {
    let at = url.find("/kalender/").expect("a feed address");
    url[at..].to_owned()
}

/// GET without any cookie or token, as a calendar client does.
async fn fetch(s: &Server, path: &str) -> (StatusCode, Option<String>, String) {
    let r = reqwest::Client::new()
        .get(format!("{}{path}", s.base))
        .send()
        .await
        .unwrap();
    let ctype = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    (r.status(), ctype, r.text().await.unwrap())
}

#[tokio::test]
async fn an_officers_feed_holds_their_regions_deadlines_only() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let officer = s
            .token_for("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let stranger = s
            .token_for("petugas@paserkab.go.id", "regional_officer", Some("64.01"))
            .await;
        let own = s
            .expiring_agreement("64.02", "Kota Kembar Tenggarong dan Kitakyushu", 40)
            .await;
        let other = s
            .expiring_agreement("64.01", "Kota Kembar Tanah Grogot dan Kitakyushu", 50)
            .await;

        let (status, created) = s
            .call(
                Method::POST,
                "/api/v1/calendar-feeds",
                Some(&officer),
                Some(&json!({"label": "Ponsel"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let path = feed_path(created["url"].as_str().unwrap());
        let id = created["feed"]["id"].as_str().unwrap().to_owned();
        assert!(
            path.ends_with(".ics") && path.len() > "/kalender/.ics".len() + 40,
            "{path}"
        );

        let (status, ctype, text) = fetch(&s, &path).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        assert_eq!(ctype.as_deref(), Some("text/calendar; charset=utf-8"));
        let cal: Calendar = text.parse().unwrap();
        let events: Vec<_> = cal.components.iter().filter_map(|c| c.as_event()).collect();
        let uid = format!("agreement-{own}-expiry@jalin");
        let event = events
            .iter()
            .find(|e| e.get_uid() == Some(uid.as_str()))
            .unwrap_or_else(|| panic!("the own region's expiry: {text}"));
        assert!(event.get_summary().unwrap().contains("Tenggarong"), "{text}");
        assert!(
            event.get_url().unwrap().ends_with(&format!("/kerja-sama/{own}")),
            "{text}"
        );
        assert_eq!(event.get_sequence(), Some(0));
        assert!(event.get_timestamp().is_some(), "DTSTAMP: {text}");
        assert!(text.contains("DTSTART;VALUE=DATE:"), "{text}");
        assert!(!text.contains(&other) && !text.contains("Tanah Grogot"), "{text}");

        // The list names the feed; the secret is never listed.
        let (_, list) = s.get_as("/api/v1/calendar-feeds", &officer).await;
        assert_eq!(list["total"], 1, "{list}");
        assert!(
            !list
                .to_string()
                .contains(path.trim_end_matches(".ics").trim_start_matches("/kalender/"))
        );

        // Another user's feed is not theirs to revoke, nor to learn about.
        let (status, _) = s
            .call(
                Method::DELETE,
                &format!("/api/v1/calendar-feeds/{id}"),
                Some(&stranger),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(fetch(&s, &path).await.0, StatusCode::OK);

        let (status, _) = s
            .call(
                Method::DELETE,
                &format!("/api/v1/calendar-feeds/{id}"),
                Some(&officer),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(fetch(&s, &path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(fetch(&s, "/kalender/0123abcd.ics").await.0, StatusCode::NOT_FOUND);
        assert_eq!(fetch(&s, "/kalender/0123abcd").await.0, StatusCode::NOT_FOUND);
        let (_, list) = s.get_as("/api/v1/calendar-feeds", &officer).await;
        assert!(list["items"][0]["revoked_at"].is_string(), "{list}");

        // Creating needs an account; a long label is a field error.
        let (status, _) = s
            .call(Method::POST, "/api/v1/calendar-feeds", None, Some(&json!({})))
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/calendar-feeds",
                Some(&officer),
                Some(&json!({"label": "x".repeat(81)})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    })
    .await;
}

#[tokio::test]
async fn the_calendar_page_creates_shows_and_revokes_a_feed() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (cookie, csrf) = s
            .sign_in("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let r = s
            .client
            .get(format!("{}/kalender", s.base))
            .header("cookie", cookie.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Kalender tenggat") && html.contains("href=\"/kalender\""),
            "{html}"
        );

        let r = s
            .client
            .post(format!("{}/kalender", s.base))
            .header("cookie", cookie.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("_csrf={csrf}&label=Laptop+kantor"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(html.contains("Laptop kantor") && html.contains(".ics\""), "{html}");
        let at = html.find("/kalender/").unwrap();
        let end = at + html[at..].find(".ics").unwrap() + 4;
        let path = html[at..end].to_owned();
        assert_eq!(fetch(&s, &path).await.0, StatusCode::OK);

        let form_at = html.find("/cabut").unwrap();
        let start = html[..form_at].rfind("/kalender/").unwrap();
        let revoke = html[start..form_at + "/cabut".len()].to_owned();
        let r = s
            .client
            .post(format!("{}{revoke}", s.base))
            .header("cookie", cookie.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("_csrf={csrf}"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
        assert_eq!(fetch(&s, &path).await.0, StatusCode::NOT_FOUND);
    })
    .await;
}

#[tokio::test]
async fn a_region_feed_holds_that_region_only_and_stays_within_the_owners_scope() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let reviewer = s.token_for("pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;
        let officer = s
            .token_for("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let kukar = s
            .expiring_agreement("64.02", "Kota Kembar Tenggarong dan Kitakyushu", 40)
            .await;
        let paser = s
            .expiring_agreement("64.01", "Kota Kembar Tanah Grogot dan Kitakyushu", 50)
            .await;
        let bandung = s
            .expiring_agreement("32.73", "Kota Kembar Bandung dan Kitakyushu", 60)
            .await;
        // A trip abroad of Kutai Kartanegara whose report is still owed.
        let system = s.app.system_ctx("test");
        let back = system.today - time::Duration::days(2);
        let trip = s
            .app
            .monitoring
            .record_travel(
                &system,
                &kukar,
                &jalin_domain::monitoring::travel::TravelInput {
                    delegation: Some(vec![jalin_domain::monitoring::travel::DelegateInput {
                        name: Some("Utusan".into()),
                        position: Some("Kepala Dinas".into()),
                    }]),
                    country: Some("JP".into()),
                    city: Some("Kitakyushu".into()),
                    departure_on: Some((back - time::Duration::days(4)).to_string()),
                    return_on: Some(back.to_string()),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
            .travel
            .activity_id;

        let create = |token: &String, body: serde_json::Value| {
            let token = token.clone();
            let s = &s;
            async move {
                s.call(Method::POST, "/api/v1/calendar-feeds", Some(&token), Some(&body))
                    .await
            }
        };
        // A province feed of Kalimantan Timur: its kabupaten, not Bandung.
        let (status, created) = create(&reviewer, json!({"label": "Kaltim", "region": "64"})).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["feed"]["region"], "64");
        let (_, _, text) = fetch(&s, &feed_path(created["url"].as_str().unwrap())).await;
        assert!(text.contains(&kukar) && text.contains(&paser), "{text}");
        assert!(!text.contains(&bandung), "{text}");
        assert!(
            text.contains(&format!("UID:trip-{trip}-report@jalin")),
            "the trip report: {text}"
        );
        // A kabupaten feed: that kabupaten only.
        let (_, created) = create(&reviewer, json!({"region": "64.02"})).await;
        let (_, _, text) = fetch(&s, &feed_path(created["url"].as_str().unwrap())).await;
        assert!(text.contains(&kukar) && !text.contains(&paser), "{text}");

        // Refused: a malformed or unknown code, and a region outside the officer's.
        for (token, region, code) in [
            (&reviewer, "Kaltim", "invalid_region"),
            (&reviewer, "99.99", "unknown_region"),
            (&officer, "64.01", "outside_scope"),
        ] {
            let (status, body) = create(token, json!({"region": region})).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{region}: {body}");
            assert!(body.to_string().contains(code), "{region}: {body}");
        }
    })
    .await;
}
