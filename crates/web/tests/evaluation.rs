//! The evaluation and health pages over HTTP on both databases: a region opens a round and
//! invites its foreign partner, the partner guest fills the rubric in English through the
//! page, and a dormant agreement shows on the region's dashboard with its revival prompts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn form(r: reqwest::RequestBuilder, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    r.header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap())
}

/// An in-force KSDPL of `region`, signed in 2022 and quiet since.
async fn agreement(s: &Server, region: &str, title: &str) -> String {
    let body = json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": title, "title_en": format!("{title} (EN)"),
        "parties": [{"region_code": region}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"], "fields": ["2.11"],
        "signed_on": "2022-01-10", "expires_on": "2026-12-20",
    });
    let (status, a): (StatusCode, Value) = s.send(Method::POST, "/api/v1/agreements", &body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    a["id"].as_str().unwrap().to_owned()
}

async fn page(s: &Server, path: &str, cookie: &str) -> (StatusCode, String) {
    let r = s
        .client
        .get(format!("{}{path}", s.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn post(s: &Server, path: &str, cookie: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let r = form(
        s.client.post(format!("{}{path}", s.base)).header("cookie", cookie),
        fields,
    )
    .send()
    .await
    .unwrap();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        if status == StatusCode::SEE_OTHER {
            location
        } else {
            text
        },
    )
}

#[tokio::test]
async fn a_partner_guest_fills_the_evaluation_in_english() {
    each_backend(|db| async move {
        let launched = Server::launch(&db, |_, _| {}).await;
        let s = &launched.server;
        let x = agreement(s, "64.02", "Kukar–Kitakyushu").await;
        let y = agreement(s, "64.02", "Kukar–Lain").await;
        let (cookie, csrf) = s.sign_in("officer@kukar.test", "regional_officer", Some("64.02")).await;

        // The region's page: health with its reasons, the round and invitation forms.
        let (status, html) = page(s, &format!("/kerja-sama/{x}/evaluasi"), &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("id=\"open-round-form\"") && html.contains("id=\"invite-partner-form\""));
        assert!(html.contains("data-code=\"dormant\""), "dormant reason shown");
        assert!(html.contains(&format!("id=\"revive-schedule_meeting-{x}\"")));
        let (status, to) = post(
            s,
            &format!("/kerja-sama/{x}/evaluasi/putaran"),
            &cookie,
            &[("_csrf", &csrf), ("year", "2026")],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (
                StatusCode::SEE_OTHER,
                format!("/kerja-sama/{x}/evaluasi?ok=opened").as_str()
            )
        );
        let (status, html) = post(
            s,
            &format!("/kerja-sama/{x}/evaluasi/putaran"),
            &cookie,
            &[("_csrf", &csrf), ("year", "2099")],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("a year that has begun"), "{html}");
        let (status, _) = post(
            s,
            &format!("/kerja-sama/{x}/evaluasi/tamu"),
            &cookie,
            &[
                ("_csrf", &csrf),
                ("email", "partner@kitakyushu.example"),
                ("name", "Partner"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        // The partner sets a password from the mailed link and signs in.
        let mail = launched.mailer.sent.lock().last().cloned().unwrap();
        assert_eq!(mail.to, "partner@kitakyushu.example");
        let token = mail
            .body
            .split("token=")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned();
        let password = "a long partner passphrase";
        s.app
            .accounts
            .reset_password(&s.app.system_ctx("test"), &token, password)
            .await
            .unwrap();
        let r = s
            .client
            .post(format!("{}/api/v1/auth/login", s.base))
            .json(&json!({"email": "partner@kitakyushu.example", "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let guest_cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("jalin_session="))
            .and_then(|v| v.split(';').next())
            .unwrap()
            .to_owned();
        let guest_csrf = r.json::<Value>().await.unwrap()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();

        // English by default: the list, then the form.
        let (status, html) = page(s, "/evaluasi", &guest_cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Cooperation evaluations") && html.contains("id=\"evaluate-2026\""),
            "{html}"
        );
        let round = html
            .split("href=\"/evaluasi/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let (status, html) = page(s, &format!("/evaluasi/{round}"), &guest_cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Submit the evaluation") && html.contains("People-to-people ties"),
            "{html}"
        );
        let fields = [
            ("_csrf", guest_csrf.as_str()),
            ("efficiency", "4"),
            ("effectiveness", "3"),
            ("mutual_benefit", "5"),
            ("sustainability", "3"),
            ("people_to_people", "5"),
            ("people_to_people_comment", "Students visit every summer"),
            ("recommendation", "expand"),
            ("justification", "Add a trade mission"),
        ];
        // A missing score is named, in a form shown again.
        let (status, html) = post(s, &format!("/evaluasi/{round}"), &guest_cookie, &fields[..3]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("mutual_benefit"), "{html}");
        let (status, to) = post(s, &format!("/evaluasi/{round}"), &guest_cookie, &fields).await;
        assert_eq!(
            (status, to.clone()),
            (StatusCode::SEE_OTHER, format!("/evaluasi/{round}"))
        );
        let (_, html) = page(s, &format!("/evaluasi/{round}"), &guest_cookie).await;
        assert!(
            html.contains("Your evaluation is saved.") && html.contains("data-code=\"expand\""),
            "{html}"
        );

        // The guest reaches agreement X only.
        let (status, _) = page(s, &format!("/kerja-sama/{y}/evaluasi"), &guest_cookie).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(
            s,
            &format!("/kerja-sama/{x}/evaluasi/putaran"),
            &guest_cookie,
            &[("_csrf", &guest_csrf)],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The region sees the partner's side, stored in English, through the API.
        let officer = s
            .token_for("officer@kukar.test", "regional_officer", Some("64.02"))
            .await;
        let (status, rounds) = s.get_as(&format!("/api/v1/agreements/{x}/evaluations"), &officer).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(rounds["items"][0]["partner"]["recommendation"], "expand");
        assert_eq!(rounds["items"][0]["partner"]["language"], "en");
        assert!(rounds["items"][0]["region"].is_null());

        // A renewal case of X shows the partner's recommendation on its page.
        let (status, view) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&officer),
                Some(&json!({
                    "form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
                    "partner": {"geonameid": 1859307}, "title_id": "Pembaruan Kukar–Kitakyushu",
                    "objects": ["cultural_exchange"], "renews": x,
                    "declarations": {"opens_representative_office": false}
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        let case = view["case"]["id"].as_str().unwrap();
        let (status, html) = page(s, &format!("/kasus/{case}"), &cookie).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("id=\"renewal-evaluation\"")
                && html.contains("class=\"recommendation-partner\" data-code=\"expand\"")
                && html.contains("Add a trade mission"),
            "{html}"
        );
    })
    .await;
}

#[tokio::test]
async fn dormant_agreements_show_on_the_regions_province_and_national_dashboards() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let x = agreement(&s, "64.02", "Kukar–Kitakyushu").await;
        let button = format!("id=\"revive-end_formally-{x}\"");
        let (officer, csrf) = s.sign_in("officer@kukar.test", "regional_officer", Some("64.02")).await;
        for (email, role, region) in [
            ("officer@kukar.test", "regional_officer", Some("64.02")),
            ("province@kaltim.test", "province_officer", Some("64")),
            ("pusat@kemendagri.test", "kemendagri_reviewer", None),
        ] {
            let (cookie, _) = s.sign_in(email, role, region).await;
            let (status, html) = page(&s, "/dasbor", &cookie).await;
            assert_eq!(status, StatusCode::OK, "{email}");
            assert!(
                html.contains("Kukar–Kitakyushu") && html.contains("data-code=\"dormant\""),
                "{email}"
            );
            assert!(html.contains(&button), "{email}: revival prompts");
        }
        // Another region's dashboard does not list it.
        let (bandung, _) = s
            .sign_in("officer@bandung.test", "regional_officer", Some("32.73"))
            .await;
        let (status, html) = page(&s, "/dasbor", &bandung).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("Kukar–Kitakyushu"));

        // Taking a prompt is recorded; ending formally leads to the registry's edit page.
        let (status, to) = post(
            &s,
            &format!("/kerja-sama/{x}/revitalisasi"),
            &officer,
            &[("_csrf", &csrf), ("kind", "end_formally")],
        )
        .await;
        assert_eq!((status, to), (StatusCode::SEE_OTHER, format!("/kerja-sama/{x}/ubah")));
        let token = s
            .token_for("officer@kukar.test", "regional_officer", Some("64.02"))
            .await;
        let (_, health) = s.get_as(&format!("/api/v1/agreements/{x}/health"), &token).await;
        assert_eq!(health["band"], "dormant");
        assert_eq!(health["revivals"][0]["kind"], "end_formally");
        let (_, list) = s.get_as("/api/v1/dormant", &token).await;
        assert_eq!(list["region"], "64.02");
        assert_eq!(list["dormant"][0]["agreement"]["id"], x.as_str());
        let (status, _) = s.get_as("/api/v1/dormant?region=32.73", &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}
