//! Reports over HTTP, on SQLite and (when configured) PostgreSQL: the API (draft, edit,
//! submit, review, region status, visits) and the pages' forms (draft, save and submit,
//! return with comments shown prominently, accept), with the eligibility rule P17 reading
//! the filed report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn kukar_ksdpl() -> Value {
    json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": "Kerja Sama Kota Kembar Kutai Kartanegara dan Kitakyushu",
        "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"], "fields": ["2.11"],
        "signed_on": "2023-03-01", "expires_on": "2028-02-28"
    })
}

fn form(r: reqwest::RequestBuilder, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    r.header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap())
}

fn all_items() -> Value {
    json!({
        "title": "Kota kembar Kukar–Kitakyushu", "background": "Latar", "purpose": "Tujuan",
        "scope": "Lingkungan", "progress": "Dua kunjungan", "beneficiaries": "Pelajar",
        "funding": "APBD", "obstacles": "Bahasa", "follow_up": "Rencana 2026"
    })
}

async fn p17(s: &Server, token: &str) -> String {
    let (status, body) = s
        .call(
            Method::POST,
            "/api/v1/eligibility",
            Some(token),
            Some(&json!({"form": "KSDPL", "subtype": "sister_city", "region_code": "64.02", "partner": {"geonameid": 1835553}})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "P17")
        .unwrap()["outcome"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn reports_are_drafted_submitted_and_reviewed_through_the_api() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (st, agreement) = s.send(Method::POST, "/api/v1/agreements", &kukar_ksdpl(), None).await;
        assert_eq!(st, StatusCode::CREATED, "{agreement}");
        let id = agreement["id"].as_str().unwrap().to_owned();
        let officer = s
            .token_for("officer@jalin.test", "regional_officer", Some("64.02"))
            .await;
        let province = s.token_for("province@jalin.test", "province_officer", Some("64")).await;
        let bandung = s
            .token_for("bandung@jalin.test", "regional_officer", Some("32.73"))
            .await;
        assert_eq!(p17(&s, &officer).await, "fail");

        let path = format!("/api/v1/agreements/{id}/reports");
        let (st, body) = s
            .call(Method::POST, &path, Some(&bandung), Some(&json!({"year": 2025})))
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN, "{body}");
        let (st, body) = s
            .call(
                Method::POST,
                &path,
                Some(&officer),
                Some(&json!({"year": 2025, "colour": 1})),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (st, report) = s
            .call(Method::POST, &path, Some(&officer), Some(&json!({"year": 2025})))
            .await;
        assert_eq!(st, StatusCode::CREATED, "{report}");
        assert_eq!(report["status"], "draft");
        assert_eq!(report["due_on"], "2026-01-07");
        let rid = report["id"].as_str().unwrap().to_owned();
        let (st, _) = s
            .call(Method::POST, &path, Some(&officer), Some(&json!({"year": 2025})))
            .await;
        assert_eq!(st, StatusCode::CONFLICT);

        // Submitting without the nine items: 422 naming them.
        let submit = format!("/api/v1/reports/{rid}/submit");
        let (st, body) = s.call(Method::POST, &submit, Some(&officer), None).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.to_string().contains("items.funding"), "{body}");
        let (st, body) = s
            .call(
                Method::PATCH,
                &format!("/api/v1/reports/{rid}"),
                Some(&officer),
                Some(&json!({"items": all_items(), "expected_version": 1})),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        let (st, body) = s
            .call(
                Method::PATCH,
                &format!("/api/v1/reports/{rid}"),
                Some(&officer),
                Some(&json!({"items": {}, "expected_version": 1})),
            )
            .await;
        assert_eq!(
            (st, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("version_mismatch")),
            "{body}"
        );
        let (st, body) = s.call(Method::POST, &submit, Some(&officer), Some(&json!({}))).await;
        assert_eq!(st, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "submitted");
        assert_eq!(p17(&s, &officer).await, "pass");

        // Review: the officer may not, the province may; a return needs comments.
        let review = format!("/api/v1/reports/{rid}/review");
        let (st, _) = s
            .call(
                Method::POST,
                &review,
                Some(&officer),
                Some(&json!({"decision": "accept"})),
            )
            .await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, body) = s
            .call(
                Method::POST,
                &review,
                Some(&province),
                Some(&json!({"decision": "return"})),
            )
            .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (st, body) = s
            .call(
                Method::POST,
                &review,
                Some(&province),
                Some(&json!({"decision": "return", "comment": "Rinci pembiayaan"})),
            )
            .await;
        assert_eq!(st, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "returned");
        let (st, view) = s.get_as(&format!("/api/v1/reports/{rid}"), &officer).await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(view["report"]["review_comment"], "Rinci pembiayaan");
        assert_eq!(view["can_edit"], true);
        let (st, _) = s.get_as(&format!("/api/v1/reports/{rid}"), &bandung).await;
        assert_eq!(st, StatusCode::FORBIDDEN);

        // Lists and the region's status.
        let (_, queue) = s.get_as("/api/v1/reports?queue=true", &province).await;
        assert_eq!(queue["total"], 0);
        let (_, listed) = s.get_as(&path, &officer).await;
        assert_eq!(listed["total"], 1);
        let (st, status) = s.get_as("/api/v1/regions/64.02/report-status", &officer).await;
        assert_eq!(st, StatusCode::OK, "{status}");
        assert_eq!(status["counts"]["returned"], 1);
        let (st, _) = s.get_as("/api/v1/regions/64.02/report-status", &bandung).await;
        assert_eq!(st, StatusCode::FORBIDDEN);

        // Visits.
        let visits = format!("/api/v1/agreements/{id}/visits");
        let visit = json!({"visited_on": "2026-10-01", "visitors": "Biro Pemerintahan Kaltim", "findings": "Berjalan"});
        let (st, _) = s.call(Method::POST, &visits, Some(&officer), Some(&visit)).await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, body) = s.call(Method::POST, &visits, Some(&province), Some(&visit)).await;
        assert_eq!(st, StatusCode::CREATED, "{body}");
        let (_, listed) = s.get_as(&visits, &officer).await;
        assert_eq!(listed["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn the_report_pages_draft_submit_return_and_accept() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (_, agreement) = s.send(Method::POST, "/api/v1/agreements", &kukar_ksdpl(), None).await;
        let id = agreement["id"].as_str().unwrap().to_owned();
        let (officer, officer_csrf) = s.sign_in("officer@jalin.test", "regional_officer", Some("64.02")).await;
        let (province, province_csrf) = s.sign_in("province@jalin.test", "province_officer", Some("64")).await;
        let page = format!("{}/kerja-sama/{id}/laporan", s.base);
        let get = |cookie: &str, url: &str| s.client.get(url.to_owned()).header("cookie", cookie.to_owned()).send();

        // The agreement page links the reports; the page offers the new-report form.
        let html = get(&officer, &format!("{}/kerja-sama/{id}", s.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(&format!("href=\"/kerja-sama/{id}/laporan\"")), "tab link");
        assert!(
            html.contains("<a href=\"/laporan\""),
            "the navigation offers the reports"
        );
        let public = s
            .client
            .get(format!("{}/kerja-sama/{id}", s.base))
            .send()
            .await
            .unwrap();
        assert!(
            !public.text().await.unwrap().contains("<a href=\"/laporan\""),
            "no reports entry for the public"
        );
        let html = get(&officer, &page).await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"report-new-form\""), "{html}");

        let r = form(
            s.client.post(&page).header("cookie", &officer),
            &[("_csrf", &officer_csrf), ("year", "2025")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let rid = location
            .split("laporan=")
            .nth(1)
            .unwrap()
            .split('#')
            .next()
            .unwrap()
            .to_owned();
        let html = get(&officer, &format!("{}{location}", s.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("id=\"report-form\"") && html.contains("name=\"item_funding\""),
            "{html}"
        );

        // Submitting with items missing keeps the typed text and names the problem.
        let save = format!("{page}/{rid}");
        let r = form(
            s.client.post(&save).header("cookie", &officer),
            &[
                ("_csrf", &officer_csrf),
                ("item_background", "Latar belakang kerja sama"),
                ("action", "submit"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("items.funding") && html.contains("Latar belakang kerja sama"),
            "{html}"
        );

        let mut fields: Vec<(String, String)> = all_items()
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (format!("item_{k}"), v.as_str().unwrap().to_owned()))
            .collect();
        fields.push(("_csrf".into(), officer_csrf.clone()));
        fields.push(("action".into(), "submit".into()));
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = form(s.client.post(&save).header("cookie", &officer), &refs)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());

        // The province returns it from the page; the officer sees the comments prominently.
        let selected = format!("{page}?laporan={rid}");
        let html = get(&province, &selected).await.unwrap().text().await.unwrap();
        assert!(html.contains("id=\"report-review-form\""), "{html}");
        let review = format!("{page}/{rid}/tinjau");
        let r = form(
            s.client.post(&review).header("cookie", &province),
            &[
                ("_csrf", &province_csrf),
                ("decision", "return"),
                ("comment", "Lengkapi rincian APBD 2025"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
        let html = get(&officer, &selected).await.unwrap().text().await.unwrap();
        let alert = html
            .find("id=\"report-review-comment\"")
            .expect("the comments are shown");
        assert!(html[alert..].contains("Lengkapi rincian APBD 2025"));
        assert!(
            html.contains("id=\"report-submit\""),
            "a returned report is edited again"
        );

        // Resubmitted, then accepted; the dashboard of the province and /laporan show it.
        let r = form(s.client.post(&save).header("cookie", &officer), &refs)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let html = get(&province, &format!("{}/laporan", s.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"report-queue\"") && html.contains(&rid), "{html}");
        let r = form(
            s.client.post(&review).header("cookie", &province),
            &[("_csrf", &province_csrf), ("decision", "accept"), ("comment", "")],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, view) = s.get_as(&format!("/api/v1/reports/{rid}"), &s.admin).await;
        assert_eq!(view["report"]["status"], "accepted");
        let html = get(&province, &format!("{}/dasbor", s.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("id=\"report-status-panel\""), "{html}");
        // In English too.
        let html = s
            .client
            .get(&page)
            .header("cookie", format!("{officer}; jalin_lang=en"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Cooperation reports") && html.contains("Accepted"),
            "{html}"
        );
    })
    .await;
}
