//! Notice e-mail over HTTP, on SQLite and (when configured) PostgreSQL: the settings page
//! saves a reader's choices and refuses bad ones; a mailed notice carries a one-click
//! unsubscribe link that works with no session (page button and RFC 8058 POST) and refuses
//! a forged secret; the delivery log (account mail too) is for administrators only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::StatusCode;
use serde_json::json;

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

#[tokio::test]
async fn readers_choose_their_notice_mail_and_a_mailed_link_stops_it() {
    each_backend(|db| async move {
        let s = Server::launch(&db, |_, _| {}).await;
        let (cookie, csrf) = s
            .sign_in("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let officer = s
            .token_for("petugas@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let admin = s.token_for("admin@jalin.test", "administrator", None).await;
        let post = |path: &str, body: String, with_cookie: bool| {
            let mut r = s
                .client
                .post(format!("{}{path}", s.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body);
            if with_cookie {
                r = r.header("cookie", cookie.clone());
            }
            r.send()
        };

        let page = s
            .client
            .get(format!("{}/notifikasi/pengaturan", s.base))
            .header("cookie", cookie.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.unwrap().contains("Sekali sehari"));

        let saved = form(&[
            ("_csrf", &csrf),
            ("mode", "digest"),
            ("digest_hour", "9"),
            ("zone", "WITA"),
            ("lang", "en"),
            ("kinds", "expiry"),
            ("kinds", "handoff"),
        ]);
        let r = post("/notifikasi/pengaturan", saved, true).await.unwrap();
        assert!(r.status().is_redirection(), "{}", r.status());
        let (_, settings) = s.get_as("/api/v1/notifications/settings", &officer).await;
        assert_eq!(settings["mode"], "digest", "{settings}");
        assert_eq!(settings["zone"], "WITA");
        let muted = settings["muted"].as_array().unwrap();
        assert_eq!(muted.len(), 5, "{settings}");
        assert!(!muted.contains(&json!("expiry")));
        let bad = form(&[
            ("_csrf", &csrf),
            ("mode", "digest"),
            ("digest_hour", "25"),
            ("zone", "WITA"),
            ("lang", "en"),
        ]);
        let r = post("/notifikasi/pengaturan", bad, true).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

        // Back to immediate mail, then an expiring agreement mails the officer once.
        let (status, _) = s
            .call(
                reqwest::Method::PUT,
                "/api/v1/notifications/settings",
                Some(&officer),
                Some(&json!({"lang": "id", "mode": "immediate", "digest_hour": 7, "zone": "WIB", "muted": []})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        s.expiring_agreement("64.02", "Kerja Sama Kota Kembar Tenggarong dan Kitakyushu", 20)
            .await;
        s.app.cases.run_timers().await.unwrap();
        s.app.jobs.run(50).await.unwrap();
        let mails: Vec<_> = s
            .mailer
            .sent
            .lock()
            .iter()
            .filter(|m| m.to == "petugas@kukarkab.go.id")
            .cloned()
            .collect();
        assert_eq!(mails.len(), 1, "{mails:?}");
        let link = mails[0].list_unsubscribe.clone().unwrap();
        let path = link
            .split_once("/notifikasi/berhenti")
            .map(|(_, q)| format!("/notifikasi/berhenti{q}"))
            .unwrap();

        // The link opens a page with a button; following it changes nothing.
        let r = s.client.get(format!("{}{path}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("Akan berakhir"));
        let (_, still) = s.get_as("/api/v1/notifications/settings", &officer).await;
        assert_eq!(still["muted"], json!([]));
        // A forged secret is refused; the mail program's one-click POST works.
        let forged = path.replace("&t=", "&t=00");
        let r = post(&forged, "List-Unsubscribe=One-Click".into(), false).await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = post(&path, "List-Unsubscribe=One-Click".into(), false).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let (_, after) = s.get_as("/api/v1/notifications/settings", &officer).await;
        assert_eq!(after["muted"], json!(["expiry"]), "{after}");

        // The delivery log, with account mail beside notices: administrators only.
        let r = s
            .client
            .post(format!("{}/api/v1/auth/password-reset", s.base))
            .json(&json!({"email": "petugas@kukarkab.go.id"}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let (status, log) = s.get_as("/api/v1/mail-deliveries", &admin).await;
        assert_eq!(status, StatusCode::OK, "{log}");
        let to_officer: Vec<&str> = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["address"] == "petugas@kukarkab.go.id" && d["status"] == "sent")
            .map(|d| d["what"].as_str().unwrap())
            .collect();
        assert_eq!(to_officer, ["password_reset", "notice"], "{log}");
        let (status, _) = s.get_as("/api/v1/mail-deliveries", &officer).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let r = s
            .client
            .get(format!("{}/notifikasi/pengiriman", s.base))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.text().await.unwrap().contains("petugas@kukarkab.go.id"));
    })
    .await;
}
