//! Files on cases: checked by content, stored once, downloaded only by those who may read
//! the case — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn files_are_checked_stored_once_and_served_only_to_readers() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let officer = s.token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02")).await;
        let stranger = s.token_for("kerjasama@bandung.go.id", "regional_officer", Some("32.73")).await;
        let (_, view) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&officer),
                Some(&json!({"form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
                    "partner": {"geonameid": 1859307}, "title_id": "Kerja sama", "objects": ["cultural_exchange"]})),
            )
            .await;
        let case = view["case"]["id"].as_str().unwrap().to_owned();

        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
        // The name says .exe; the content is a PDF: the content decides.
        let (status, first) = s.upload_case_file(&officer, &case, "surat%20minat.exe", pdf.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        assert_eq!(first["content_type"], "application/pdf");
        assert_eq!(first["filename"], "surat minat.pdf");
        let (_, again) = s.upload_case_file(&officer, &case, "copy.pdf", pdf.clone()).await;
        assert_eq!(again["sha256"], first["sha256"], "equal content, one address");

        // Hostile or broken files fail cleanly with a message.
        for (name, bytes) in [
            ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec()),
            ("empty.pdf", Vec::new()),
            ("zip.docx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00evil.exe".to_vec()),
            ("binary.txt", vec![0u8, 159, 146, 150, 0, 1, 2]),
        ] {
            let (status, body) = s.upload_case_file(&officer, &case, name, bytes).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
            assert!(body["fields"]["file"].is_string(), "{name}: {body}");
        }
        // Someone who may not act on the case may not upload to it.
        let (status, _) = s.upload_case_file(&stranger, &case, "x.pdf", pdf.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // An unknown file address is refused; a known one is registered with the step.
        let path = format!("/api/v1/cases/{case}/transitions");
        let (status, body) = s
            .call(Method::POST, &path, Some(&officer),
                Some(&json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat", "file": "0".repeat(64)}]})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, moved) = s
            .call(Method::POST, &path, Some(&officer),
                Some(&json!({"transition": "mulai_penjajakan", "documents": [{"kind": "surat_minat", "number": "005/1/2026", "file": first["sha256"], "filename": "Surat minat Kukar.pdf"}]})))
            .await;
        assert_eq!(status, StatusCode::OK, "{moved}");
        let doc = &moved["documents"][0];
        assert_eq!(doc["file"]["sha256"], first["sha256"]);
        let download = format!("/api/v1/cases/{case}/documents/{}/file", doc["id"].as_str().unwrap());
        let r = s.client.get(format!("{}{download}", s.base)).bearer_auth(&officer).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let headers = r.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        let disposition = headers["content-disposition"].to_str().unwrap();
        assert!(disposition.starts_with("attachment;") && disposition.contains("Surat minat Kukar.pdf"), "{disposition}");
        assert!(headers["content-security-policy"].to_str().unwrap().contains("sandbox"));
        assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
        // Another region's officer may not download it; anonymous callers must sign in.
        let r = s.client.get(format!("{}{download}", s.base)).bearer_auth(&stranger).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = s.client.get(format!("{}{download}", s.base)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        // The same through the page route.
        let r = s.client.get(format!("{}/kasus/{case}/dokumen/{}", s.base, doc["id"].as_str().unwrap())).bearer_auth(&officer).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    })
    .await;
}
