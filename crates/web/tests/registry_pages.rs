//! The registry kept in the web application (issue 12): the form registers, edits,
//! extends and terminates an agreement with its signed text, refuses rule P1 with the rule
//! named, shows the history, and Kemendagri's queue verifies records — on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::{TestDbRef, each_backend};
use reqwest::StatusCode;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A multipart body of text fields and an optional file (`signed_text`).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----jalin-test-boundary";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").bytes());
    }
    if let Some((name, bytes)) = file {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"signed_text\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn urlencoded(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

struct Session<'a> {
    server: &'a Server,
    cookie: String,
    csrf: String,
}

impl Session<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .server
            .client
            .get(format!("{}{path}", self.server.base))
            .header("Cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> (StatusCode, String, String) {
        // The CSRF token travels in the form body, never in the URL.
        let mut all = vec![("_csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let (ct, body) = multipart(&all, file);
        let r = self
            .server
            .client
            .post(format!("{}{path}", self.server.base))
            .header("Cookie", &self.cookie)
            .header("Content-Type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (r.status(), location, r.text().await.unwrap())
    }

    async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut all = fields.to_vec();
        all.push(("_csrf", &self.csrf));
        let r = self
            .server
            .client
            .post(format!("{}{path}", self.server.base))
            .header("Cookie", &self.cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(urlencoded(&all))
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.text().await.unwrap())
    }
}

async fn session<'a>(server: &'a Server, email: &str, role: &str, region: Option<&str>) -> Session<'a> {
    let (cookie, csrf) = server.sign_in(email, role, region).await;
    Session { server, cookie, csrf }
}

fn sister_city<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("form", "KSDPL"),
        ("subtype", "sister_city"),
        ("tier", "mou"),
        ("status", "in_force"),
        ("region", "64.02"),
        ("partner", "city:1859307"),
        ("title_id", "Kerja sama Kutai Kartanegara–Kitakyushu"),
        ("objects", "cultural_exchange"),
        ("fields", "2.11"),
        ("sdgs", "4, 11"),
        ("signed_on", "2023-03-01"),
        ("expires_on", "2028-02-28"),
    ];
    for (k, v) in extra {
        f.retain(|(x, _)| x != k);
        f.push((k, v));
    }
    f
}

#[tokio::test]
async fn the_form_registers_edits_extends_and_terminates_with_a_history() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let (status, page) = officer.get("/kerja-sama/baru").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("id=\"agreement-form\"") && page.contains("id=\"save-record\""));

        // Refused: no diplomatic relations (P1) and a signing date in the future; the
        // errors are shown next to their fields in Indonesian, and nothing is stored.
        let before = server
            .app
            .registry
            .key_figures(&server.app.system_ctx("t"))
            .await
            .unwrap()
            .registered;
        let (status, _, page) = officer
            .post_multipart(
                "/kerja-sama/baru",
                &sister_city(&[("partner", "subdivision:IL-HA")]),
                Some(("naskah.pdf", PDF)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.contains("Ditolak menurut P1 (PP 28/2018 Pasal 27"), "{page}");
        let (status, _, page) = officer
            .post_multipart("/kerja-sama/baru", &sister_city(&[("signed_on", "2027-01-01")]), None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.contains("id=\"err-signed_on\">Tanggal ini tidak boleh di masa depan."),
            "{page}"
        );
        let after = server
            .app
            .registry
            .key_figures(&server.app.system_ctx("t"))
            .await
            .unwrap()
            .registered;
        assert_eq!(before, after, "nothing stored on error");

        // Registered, with its signed text; to verify (no approvals under the 2020 rules).
        let (status, location, _) = officer
            .post_multipart("/kerja-sama/baru", &sister_city(&[]), Some(("naskah.pdf", PDF)))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let id = location.trim_start_matches("/kerja-sama/").to_owned();
        let (_, page) = officer.get(&location).await;
        assert!(page.contains("id=\"verification-badge\""), "{page}");
        assert!(page.contains("Perlu verifikasi"));
        assert!(page.contains(&format!("/kerja-sama/{id}/ubah")));
        let doc_href = page
            .split("href=\"")
            .find(|s| s.starts_with(&format!("/kerja-sama/{id}/dokumen/")))
            .and_then(|s| s.split('"').next())
            .expect("the signed text is listed")
            .to_owned();
        let (status, bytes) = officer.get(&doc_href).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bytes.as_bytes(), PDF);

        // Edited with the approvals: now verified; the version guards lost updates.
        let (status, page) = officer.get(&format!("/kerja-sama/{id}/ubah")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("name=\"version\" value=\"1\""), "{page}");
        // The partner is kept (a hidden field) unless another one is chosen.
        let partner_id = page
            .split("name=\"partner_id\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the current partner is kept")
            .to_owned();
        let edit = sister_city(&[
            ("version", "1"),
            ("partner", ""),
            ("partner_id", &partner_id),
            ("title_en", "Kutai Kartanegara–Kitakyushu sister city"),
            ("kemlu_confirmation_ref", "B-1/KS/2023"),
            ("kemlu_confirmation_on", "2023-02-01"),
            ("minister_approval_ref", "100.4.2/1/SJ"),
            ("minister_approval_on", "2023-02-20"),
            ("dprd_decision_ref", "12/2022"),
            ("dprd_decision_on", "2022-11-10"),
        ]);
        let (status, _, page) = officer
            .post_multipart(&format!("/kerja-sama/{id}/ubah"), &edit, None)
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let (status, _, _) = officer
            .post_multipart(&format!("/kerja-sama/{id}/ubah"), &edit, None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "stale version refused");
        let (_, page) = officer.get(&format!("/kerja-sama/{id}")).await;
        assert!(page.contains("Terverifikasi"), "{page}");

        // Extended, then terminated.
        let (status, _) = officer
            .post_form(
                &format!("/kerja-sama/{id}/perpanjang"),
                &[("expires_on", "2028-02-29"), ("version", "2")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = officer
            .post_form(
                &format!("/kerja-sama/{id}/akhiri"),
                &[
                    ("terminated_on", "2026-06-30"),
                    ("termination_reason", "Disepakati para pihak"),
                    ("version", "3"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let a = server
            .app
            .registry
            .get_agreement(&server.app.system_ctx("t"), &id)
            .await
            .unwrap();
        assert_eq!(a.status.as_str(), "terminated");
        assert_eq!(a.expires_on.unwrap().to_string(), "2028-02-29");

        // The history: who, when, which fields before → after.
        let (status, page) = officer.get(&format!("/kerja-sama/{id}/riwayat")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("officer@kukar.go.id"), "{page}");
        // Fields are named in the reader's language, not by their storage names.
        assert!(
            page.contains("Alasan pengakhiran") && page.contains("Disepakati para pihak"),
            "{page}"
        );
        assert!(!page.contains("<td>termination_reason</td>"), "{page}");
        assert!(page.contains("2028-02-28") && page.contains("2028-02-29"), "{page}");

        // Another region's officer may neither edit nor read the history.
        let other = session(&server, "officer@bandung.go.id", "regional_officer", Some("32.73")).await;
        let (status, _) = other.get(&format!("/kerja-sama/{id}/ubah")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = other.get(&format!("/kerja-sama/{id}/riwayat")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn kemendagri_verifies_and_rejects_from_the_queue() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let mut ids = Vec::new();
        for title in ["Kerja sama pertama", "Kerja sama kedua"] {
            let (status, location, _) = officer
                .post_multipart("/kerja-sama/baru", &sister_city(&[("title_id", title)]), None)
                .await;
            assert_eq!(status, StatusCode::SEE_OTHER);
            ids.push(location.trim_start_matches("/kerja-sama/").to_owned());
        }
        let (status, _) = officer.get("/verifikasi").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "regions do not verify");

        let reviewer = session(&server, "pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;
        let (status, page) = reviewer.get("/verifikasi").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("id=\"to-verify-count\">2<"), "{page}");
        assert!(page.contains("Persetujuan Menteri Dalam Negeri"));
        let (status, page) = reviewer
            .post_form(
                &format!("/verifikasi/{}", ids[1]),
                &[("decision", "rejected"), ("version", "1")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "a rejection without reason is shown again");
        assert!(page.contains("Wajib diisi"), "{page}");
        let (status, _) = reviewer
            .post_form(
                &format!("/verifikasi/{}", ids[0]),
                &[("decision", "verified"), ("reason", "Arsip lengkap")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _) = reviewer
            .post_form(
                &format!("/verifikasi/{}", ids[1]),
                &[("decision", "rejected"), ("reason", "Tanpa persetujuan DPRD")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, page) = reviewer.get("/verifikasi").await;
        assert!(page.contains("id=\"to-verify-count\">0<"), "{page}");
        let (_, page) = reviewer.get(&format!("/kerja-sama/{}", ids[1])).await;
        assert!(
            page.contains("Ditolak Kemendagri") && page.contains("Tanpa persetujuan DPRD"),
            "{page}"
        );
        // The directory shows the rejected record as such.
        let (_, page) = reviewer.get("/kerja-sama?region=64.02").await;
        assert!(page.contains("verification-rejected"), "{page}");
    })
    .await;
}

#[tokio::test]
async fn the_api_refuses_p1_and_serves_the_verification() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = server
            .token_for("officer@kukar.go.id", "regional_officer", Some("64.02"))
            .await;
        let reviewer = server
            .token_for("pfks@kemendagri.go.id", "kemendagri_reviewer", None)
            .await;
        let body = serde_json::json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": "Kerja sama dengan Haifa",
            "parties": [{"region_code": "64.02"}, {"subdivision_code": "IL-HA"}],
            "objects": ["cultural_exchange"], "signed_on": "2023-03-01", "expires_on": "2028-02-28"
        });
        let (status, error) = server
            .call(reqwest::Method::POST, "/api/v1/agreements", Some(&officer), Some(&body))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        let text = error.to_string();
        assert!(
            error["fields"]["parties[1]"]
                .as_str()
                .is_some_and(|m| m.starts_with("P1 (PP 28/2018 Pasal 27") && m.contains("Israel")),
            "{text}"
        );

        let mut ok = body.clone();
        ok["parties"] = serde_json::json!([{"region_code": "64.02"}, {"geonameid": 1859307}]);
        let (status, created) = server
            .call(reqwest::Method::POST, "/api/v1/agreements", Some(&officer), Some(&ok))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        assert_eq!(created["verification"], "to_verify");
        let id = created["id"].as_str().unwrap();
        let (status, queue) = server.get_as("/api/v1/agreements/to-verify", &reviewer).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(queue["total"], 1);
        let (status, verified) = server
            .call(
                reqwest::Method::POST,
                &format!("/api/v1/agreements/{id}/verification"),
                Some(&reviewer),
                Some(&serde_json::json!({"decision": "verified", "reason": "Arsip lengkap"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{verified}");
        assert_eq!(verified["verification"], "verified");
    })
    .await;
}

/// The CSRF token of a form travels in its body, never in its address (which ends up in
/// logs, histories and `Referer` headers): pages put none in a form's `action`, and the
/// guard does not read one from the query string.
#[tokio::test]
async fn the_csrf_token_never_travels_in_the_url() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        for page in ["/kerja-sama/baru", "/kerja-sama/impor"] {
            let (status, html) = officer.get(page).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert!(!html.contains("_csrf="), "{page} puts the CSRF token in a URL");
            assert!(html.contains("name=\"_csrf\""), "{page} has the CSRF field");
        }
        let (ct, body) = multipart(&sister_city(&[]), None);
        let r = server
            .client
            .post(format!("{}/kerja-sama/baru?_csrf={}", server.base, officer.csrf))
            .header("Cookie", &officer.cookie)
            .header("Content-Type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            StatusCode::FORBIDDEN,
            "a token in the query string is not read"
        );
        let (status, location, _) = officer
            .post_multipart("/kerja-sama/baru", &sister_city(&[]), None)
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "the token in the multipart body is");
        assert!(location.starts_with("/kerja-sama/"), "{location}");
    })
    .await;
}
