//! Defects found by probing the server as an attacker and an operator would, kept fixed:
//! case files are owned by their case, the search index belongs to its database, query
//! syntax cannot break search, and uploads up to the documented limit are accepted — on
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_cli::settings::Settings;
use jalin_cli::{LaunchOptions, SearchPlacement};
use jalin_testkit::{TestDb, each_backend};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

/// A PDF of about `size` bytes whose text names `marker`.
fn pdf(marker: &str, size: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {marker}\n").into_bytes();
    while bytes.len() + 20 < size {
        bytes.extend_from_slice(b"% padding padding padding padding padding padding padding\n");
    }
    bytes.extend_from_slice(b"trailer << >>\n%%EOF\n");
    bytes
}

async fn new_case(s: &Server, token: &str, region: &str) -> String {
    let (status, view) = s
        .call(
            Method::POST,
            "/api/v1/cases",
            Some(token),
            Some(
                &json!({"form": "KSDPL", "subtype": "sister_city", "region_code": region,
                "partner": {"geonameid": 1859307}, "title_id": "Kerja sama", "objects": ["cultural_exchange"]}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{view}");
    view["case"]["id"].as_str().unwrap().to_owned()
}

/// The first step of a sister-city case, with a letter of intent naming `file`.
fn first_step(file: &str) -> Value {
    json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat", "file": file}]})
}

#[tokio::test]
async fn a_case_names_only_files_uploaded_to_it() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let kukar = s
            .token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let bandung = s
            .token_for("kerjasama@bandung.go.id", "regional_officer", Some("32.73"))
            .await;
        let kukar_case = new_case(&s, &kukar, "64.02").await;
        let bandung_case = new_case(&s, &bandung, "32.73").await;
        let secret = pdf("rahasia Kutai Kartanegara", 2_000);
        let (status, file) = s
            .upload_case_file(&kukar, &kukar_case, "surat.pdf", secret.clone())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{file}");
        let sha = file["sha256"].as_str().unwrap().to_owned();

        // Bandung names Kukar's file on its own case: refused exactly as a file that does
        // not exist, so the answer neither grants access nor tells that the file exists.
        let steps = format!("/api/v1/cases/{bandung_case}/transitions");
        let (status, foreign) = s
            .call(Method::POST, &steps, Some(&bandung), Some(&first_step(&sha)))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{foreign}");
        let (status, unknown) = s
            .call(Method::POST, &steps, Some(&bandung), Some(&first_step(&"f".repeat(64))))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{unknown}");
        assert_eq!(foreign, unknown, "a foreign file must answer like an unknown one");
        let (_, case) = s.get_as(&format!("/api/v1/cases/{bandung_case}"), &bandung).await;
        assert_eq!(case["documents"].as_array().map(Vec::len).unwrap_or(0), 0, "{case}");

        // The case it was uploaded to may name it.
        let (status, moved) = s
            .call(
                Method::POST,
                &format!("/api/v1/cases/{kukar_case}/transitions"),
                Some(&kukar),
                Some(&first_step(&sha)),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        // Whoever holds the same bytes may upload them to their own case and use them there.
        let (status, again) = s.upload_case_file(&bandung, &bandung_case, "surat.pdf", secret).await;
        assert_eq!(status, StatusCode::CREATED, "{again}");
        let (status, moved) = s
            .call(Method::POST, &steps, Some(&bandung), Some(&first_step(&sha)))
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
    })
    .await;
}

/// Launch settings of a node whose index lives in `dir` on disk.
fn index_in(dir: PathBuf) -> impl FnOnce(&mut Settings, &mut LaunchOptions) {
    move |settings, options| {
        settings.search.dir = Some(dir);
        options.search = SearchPlacement::OnDisk;
    }
}

/// Waits until no node holds the index directory any more (its writer lock is released
/// when the stopped node's application is dropped).
async fn until_released(dir: &std::path::Path) {
    for _ in 0..100 {
        if jalin_search::TantivyIndex::open(dir).is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the index directory stayed locked");
}

#[tokio::test]
async fn an_index_left_by_another_database_is_rebuilt_before_it_answers() {
    each_backend(|db| async move {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("search");
        let search = "/api/v1/search?q=Zebrafishkarya&kind=agreement";
        {
            let a = Server::launch(&db, index_in(index_dir.clone())).await;
            let body = json!({
                "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
                "title_id": "Kerja Sama Budidaya Zebrafishkarya Kota Surabaya",
                "parties": [{"region_code": "35.78"}, {"geonameid": 1859307}],
                "objects": ["science_technology"], "fields": ["2.11"],
                "signed_on": "2024-11-20", "expires_on": "2029-11-19"
            });
            let (status, created) = a.send(Method::POST, "/api/v1/agreements", &body, None).await;
            assert_eq!(status, StatusCode::CREATED, "{created}");
            let (status, found) = a.get(search).await;
            assert_eq!((status, found["total"].clone()), (StatusCode::OK, json!(1)), "{found}");
            a.stop.cancel();
        }
        until_released(&index_dir).await;

        // A node on another (empty) database, given the same directory, must not answer
        // with the first database's agreements.
        let other = TestDb::same_backend(db.backend).await;
        {
            let b = Server::launch(&other.handle(), index_in(index_dir.clone())).await;
            let (status, found) = b.get(search).await;
            assert_eq!(status, StatusCode::OK, "{found}");
            assert_eq!(found["total"], 0, "hits from another database: {found}");
            b.stop.cancel();
        }
        until_released(&index_dir).await;
        other.cleanup().await;

        // Back on the first database, the index is rebuilt again and finds its agreement.
        let a = Server::launch(&db, index_in(index_dir.clone())).await;
        let (_, found) = a.get(search).await;
        assert_eq!(found["total"], 1, "{found}");
        a.stop.cancel();
    })
    .await;
}

#[tokio::test]
async fn field_syntax_in_a_query_is_just_words() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        for q in ["title:*", "foo:*", "vis:*", "*:*", "title:", "id:agreement:*"] {
            let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
            let (status, body) = s.get(&format!("/api/v1/search?q={encoded}")).await;
            assert_eq!(status, StatusCode::OK, "{q}: {body}");
            let r = s
                .client
                .get(format!("{}/cari?q={encoded}", s.base))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "/cari?q={q}");
        }
    })
    .await;
}

#[tokio::test]
async fn uploads_up_to_the_configured_limit_are_accepted() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let officer = s
            .token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let case = new_case(&s, &officer, "64.02").await;

        // 3 MB, well under the documented 20 MB: accepted by the API and by the page form.
        let (status, body) = s
            .upload_case_file(&officer, &case, "surat.pdf", pdf("tiga", 3_000_000))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let boundary = "jalin-trust-boundary";
        let mut form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"transition\"\r\n\r\nmulai_penjajakan\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file.surat_minat\"; filename=\"surat.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        form.extend_from_slice(&pdf("formulir", 3_500_000));
        form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let r = s
            .client
            .post(format!("{}/kasus/{case}/langkah", s.base))
            .bearer_auth(&officer)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
        let (_, view) = s.get_as(&format!("/api/v1/cases/{case}"), &officer).await;
        assert!(
            view["documents"][0]["file"]["size"].as_i64().unwrap() > 3_000_000,
            "{view}"
        );

        // Over the limit: a file just over it is refused by its check, a body far over it
        // by the body limit; both with the usual JSON error in the caller's language.
        let (status, body) = s
            .upload_case_file(&officer, &case, "surat.pdf", pdf("besar", 20_500_000))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let r = s
            .client
            .post(format!("{}/api/v1/cases/{case}/files?filename=x.pdf", s.base))
            .bearer_auth(&officer)
            .header("accept-language", "en")
            .body(pdf("raksasa", 30_000_000))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "too_large", "{body}");
        assert!(body["message"].as_str().unwrap().contains("20 MB"), "{body}");
    })
    .await;
}
