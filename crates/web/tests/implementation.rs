//! Implementation of an agreement over HTTP, on SQLite and PostgreSQL: the API for the
//! action plan, activities with evidence, PDLN trips, permits and trip reports; and the
//! `/kerja-sama/{id}/pelaksanaan` page with its forms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A signed sister-city agreement of Kota Bandung, registered by the administrator.
async fn bandung_agreement(s: &Server) -> String {
    let body = json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": "Kerja Sama Kota Kembar Bandung–Suwon",
        "parties": [{"region_code": "32.73"}, {"geonameid": 1835553}],
        "objects": ["cultural_exchange"], "signed_on": "2023-03-01", "expires_on": "2028-02-28",
    });
    let (status, created) = s.send(Method::POST, "/api/v1/agreements", &body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

/// A `multipart/form-data` body of text fields and at most one file.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "jalin-test-boundary-7d2f";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((name, filename, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

struct Browser<'a> {
    s: &'a Server,
    cookie: String,
    csrf: String,
}

impl Browser<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .s
            .client
            .get(format!("{}{path}", self.s.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> (StatusCode, String) {
        // The CSRF token travels in the form body, never in the URL.
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let (content_type, body) = multipart(&all, file);
        let r = self
            .s
            .client
            .post(format!("{}{path}", self.s.base))
            .header("cookie", &self.cookie)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }
}

#[tokio::test]
async fn the_api_keeps_plans_activities_trips_and_reports() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let id = bandung_agreement(&s).await;
        let officer = s
            .token_for("officer@bandung.test", "regional_officer", Some("32.73"))
            .await;
        let stranger = s
            .token_for("officer@kukar.test", "regional_officer", Some("64.02"))
            .await;
        let base = format!("/api/v1/agreements/{id}");

        let plan = json!({"field": "1.01", "activity": "Pertukaran guru", "lead_opd": "Dinas Pendidikan",
            "start_on": "2027-01-01", "end_on": "2027-12-31", "budget_source": "apbd", "budget_planned": 40000000,
            "indicators": [{"text": "20 guru", "sdg_indicators": ["4.c.1"]}]});
        let (status, item) = s
            .call(
                Method::POST,
                &format!("{base}/action-plan"),
                Some(&officer),
                Some(&plan),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{item}");
        let (status, body) = s
            .call(
                Method::POST,
                &format!("{base}/action-plan"),
                Some(&stranger),
                Some(&plan),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "another region's officer: {body}");
        let mut bad = plan.clone();
        bad["budget_source"] = json!("loan");
        let (status, body) = s
            .call(Method::POST, &format!("{base}/action-plan"), Some(&officer), Some(&bad))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["budget_source"].is_string(), "{body}");
        let (_, listed) = s.get(&format!("{base}/action-plan")).await;
        assert_eq!(listed["items"][0]["indicators"][0]["sdg_indicators"][0], "4.c.1");

        // The old two-field body still records an activity; the new fields are optional.
        let (status, old) = s
            .call(
                Method::POST,
                &format!("{base}/activities"),
                Some(&officer),
                Some(&json!({"occurred_on": "2026-10-05", "title": "Rapat"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{old}");
        assert_eq!(old["kind"], "other");
        let (status, grant) = s
            .call(
                Method::POST,
                &format!("{base}/activities"),
                Some(&officer),
                Some(
                    &json!({"occurred_on": "2026-11-02", "title": "Hibah alat", "kind": "grant_received",
                    "grant_reference": "REG-123", "cost": 0, "plan_item_id": item["id"]}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{grant}");
        let (status, body) = s
            .call(
                Method::POST,
                &format!("{base}/activities"),
                Some(&officer),
                Some(&json!({"occurred_on": "2099-01-01", "title": "Nanti"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["occurred_on"].is_string());
        // Evidence, uploaded and downloaded.
        let upload = s
            .client
            .post(format!(
                "{}{base}/activities/{}/evidence?filename=notulen.txt",
                s.base,
                grant["id"].as_str().unwrap()
            ))
            .bearer_auth(&officer)
            .body("Notulen serah terima")
            .send()
            .await
            .unwrap();
        assert_eq!(upload.status(), StatusCode::CREATED);
        let file: Value = upload.json().await.unwrap();
        let download = s
            .client
            .get(format!(
                "{}{base}/activities/{}/evidence/{}",
                s.base,
                grant["id"].as_str().unwrap(),
                file["sha256"].as_str().unwrap()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), StatusCode::OK);
        assert_eq!(download.text().await.unwrap(), "Notulen serah terima");
        let (_, activities) = s.get(&format!("{base}/activities")).await;
        assert_eq!(activities["total"], 2);
        assert_eq!(activities["items"][0]["evidence"][0]["filename"], "notulen.txt");

        // A trip back on 1 November: its report (due the 15th) is overdue on the 28th.
        let (status, trip) = s
            .call(
                Method::POST,
                &format!("{base}/travels"),
                Some(&officer),
                Some(
                    &json!({"delegation": [{"name": "Budi", "position": "Kepala Bappelitbang"}], "country": "KR",
                    "city": "Suwon", "departure_on": "2026-10-27", "return_on": "2026-11-01"}),
                ),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{trip}");
        assert_eq!(trip["permit_status"], "requested");
        assert_eq!(trip["report_due_on"], "2026-11-15");
        assert_eq!(trip["report_status"], "overdue");
        let trip_id = trip["activity_id"].as_str().unwrap();
        let (status, permit) = s
            .call(
                Method::PUT,
                &format!("{base}/travels/{trip_id}/permit"),
                Some(&officer),
                Some(&json!({"permit_status": "issued", "permit_reference": "B-77/2026"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{permit}");
        let (status, filed) = s
            .call(
                Method::POST,
                &format!("{base}/travels/{trip_id}/report"),
                Some(&officer),
                Some(&json!({"text": "Delegasi bertemu Wali Kota Suwon."})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{filed}");
        assert_eq!(filed["report_status"], "filed");
        let (_, travels) = s.get(&format!("{base}/travels")).await;
        assert_eq!(travels["items"][0]["permit_reference"], "B-77/2026");
        assert_eq!(
            travels["items"][0]["report"]["text"],
            "Delegasi bertemu Wali Kota Suwon."
        );

        // Changing and deleting a plan item; a stale version is refused.
        let item_path = format!("{base}/action-plan/{}", item["id"].as_str().unwrap());
        let r = s
            .client
            .put(format!("{}{item_path}", s.base))
            .bearer_auth(&officer)
            .header("if-match", "\"7\"")
            .json(&plan)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
        let r = s
            .client
            .put(format!("{}{item_path}", s.base))
            .bearer_auth(&officer)
            .header("if-match", "\"1\"")
            .json(&plan)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let (status, _) = s.call(Method::DELETE, &item_path, Some(&officer), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    })
    .await;
}

#[tokio::test]
async fn the_page_shows_and_takes_the_plan_activities_and_trips() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let id = bandung_agreement(&s).await;
        let page = format!("/kerja-sama/{id}/pelaksanaan");
        // The agreement page links to it; an anonymous reader sees it without forms.
        let (_, agreement) = s.call_text(Method::GET, &format!("/kerja-sama/{id}"), None, None).await;
        assert!(agreement.contains(&format!("href=\"{page}\"")), "the tab link");
        let (status, public) = s.call_text(Method::GET, &page, None, None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(public.contains("Rencana aksi") && !public.contains("id=\"form-rencana\""));

        let (cookie, csrf) = s
            .sign_in("officer@bandung.test", "regional_officer", Some("32.73"))
            .await;
        let b = Browser { s: &s, cookie, csrf };
        let (status, html) = b.get(&page).await;
        assert_eq!(status, StatusCode::OK);
        for form in ["form-rencana", "form-kegiatan", "form-perjalanan"] {
            assert!(html.contains(&format!("id=\"{form}\"")), "{form}");
        }

        let (status, body) = b
            .post(
                &format!("{page}/rencana"),
                &[
                    ("field", "1.01"),
                    ("activity", "Pertukaran guru"),
                    ("lead_opd", "Dinas Pendidikan"),
                    ("start_on", "2027-01-01"),
                    ("end_on", "2027-12-31"),
                    ("budget_source", "apbd"),
                    ("budget_planned", "40.000.000"),
                    ("indicator", "20 guru"),
                    ("indicator_sdgs", "4.c.1"),
                ],
                None,
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (status, body) = b
            .post(
                &format!("{page}/kegiatan"),
                &[
                    ("title", "Pentas seni"),
                    ("occurred_on", "2026-11-20"),
                    ("kind", "event"),
                    ("cost", "2.500.000"),
                    ("participants", "150"),
                ],
                Some(("evidence", "foto.txt", b"Foto pentas")),
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        // A future date is refused, with the values kept.
        let (status, body) = b
            .post(
                &format!("{page}/kegiatan"),
                &[("title", "Pentas nanti"), ("occurred_on", "2027-01-20")],
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains("occurred_on") && body.contains("value=\"Pentas nanti\""),
            "{body}"
        );
        let (status, body) = b
            .post(
                &format!("{page}/perjalanan"),
                &[
                    ("delegate_name", "Budi"),
                    ("delegate_position", "Kepala Dinas"),
                    ("delegate_name", ""),
                    ("delegate_position", ""),
                    ("country", "kr"),
                    ("city", "Suwon"),
                    ("departure_on", "2026-10-27"),
                    ("return_on", "2026-11-01"),
                    ("permit_status", "issued"),
                    ("permit_reference", "B-77/2026"),
                ],
                None,
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        let (_, html) = b.get(&page).await;
        assert!(
            html.contains("Pertukaran guru") && html.contains("Rp 40.000.000"),
            "the plan item"
        );
        assert!(
            html.contains("Pentas seni") && html.contains("foto.txt"),
            "the activity and its evidence"
        );
        assert!(
            html.contains("Laporan terlambat") && html.contains("Terbit"),
            "the trip, overdue, permit issued"
        );
        let trips = s.app.monitoring.travels(&s.app.system_ctx("t"), &id).await.unwrap();
        let trip = trips[0].travel.activity_id.to_string();
        assert!(html.contains(&format!("id=\"form-laporan-{trip}\"")));
        let href = html
            .split("href=\"")
            .find(|h| h.contains("/bukti/"))
            .and_then(|h| h.split('"').next())
            .unwrap()
            .to_owned();
        let (status, bytes) = b.get(&href).await;
        assert_eq!((status, bytes.as_str()), (StatusCode::OK, "Foto pentas"));

        let (status, body) = b
            .post(
                &format!("{page}/perjalanan/{trip}/laporan"),
                &[("text", "Delegasi bertemu Wali Kota.")],
                Some(("document", "laporan.txt", b"Laporan perjalanan")),
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let (_, html) = b.get(&page).await;
        assert!(html.contains("Laporan disampaikan") && html.contains("Delegasi bertemu Wali Kota."));
        assert!(!html.contains(&format!("id=\"form-laporan-{trip}\"")), "filed once");

        // Another region's officer cannot post.
        let (cookie, csrf) = s.sign_in("officer@kukar.test", "regional_officer", Some("64.02")).await;
        let other = Browser { s: &s, cookie, csrf };
        let (_, html) = other.get(&page).await;
        assert!(!html.contains("id=\"form-kegiatan\""));
        let (status, _) = other
            .post(
                &format!("{page}/kegiatan"),
                &[("title", "x"), ("occurred_on", "2026-11-20")],
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}
