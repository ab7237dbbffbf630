//! Importing existing agreements from a file in the web application (`/kerja-sama/impor`):
//! an XLSX or CSV upload is checked as a dry run, every row error is listed with nothing
//! written, a clean file is imported on confirmation, rows outside the officer's region are
//! refused, and a staged upload cannot be confirmed by another user — on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::{TestDbRef, each_backend};
use reqwest::StatusCode;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const HEADER: &str = "form,subtype,tier,status,title_id,regions,partner_geonameids,partner_subdivision_codes,objects,signed_on,expires_on";

/// A CSV row of a sister city of `region` with `partner` (`geonameid` or subdivision code).
fn csv_row(region: &str, title: &str, geonameid: &str, subdivision: &str) -> String {
    format!(
        "KSDPL,sister_city,mou,in_force,{title},{region},{geonameid},{subdivision},cultural_exchange,2023-03-01,2028-02-28"
    )
}

/// A workbook with the CSV header and one sister city of Kutai Kartanegara with
/// Kitakyushu: the GeoNames id a number cell, the signing date a date cell.
fn kukar_workbook(title: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    let date = Format::new().set_num_format("d mmm yyyy");
    let cells = ["KSDPL", "sister_city", "mou", "in_force", title, "64.02"];
    for (c, v) in cells.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).unwrap();
    }
    sheet.write_number(1, 6, 1859307.0).unwrap();
    sheet.write_string(1, 8, "cultural_exchange").unwrap();
    let signed = ExcelDateTime::from_ymd(2023, 3, 1).unwrap();
    sheet.write_datetime_with_format(1, 9, &signed, &date).unwrap();
    sheet.write_string(1, 10, "2028-02-28").unwrap();
    book.save_to_buffer().unwrap()
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

    /// Uploads a file to the preview; the status and the page.
    async fn upload(&self, filename: &str, bytes: &[u8]) -> (StatusCode, String) {
        let boundary = "----jalin-import-boundary";
        // The CSRF token travels in the form body, never in the URL.
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            self.csrf
        )
        .into_bytes();
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let r = self
            .server
            .client
            .post(format!("{}/kerja-sama/impor", self.server.base))
            .header("Cookie", &self.cookie)
            .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// Posts the confirm form with the hidden fields of `preview`; the status and location.
    async fn confirm(&self, preview: &str) -> (StatusCode, String) {
        let mut fields: Vec<String> = ["sha256", "format", "issued", "tag"]
            .iter()
            .map(|name| format!("{name}={}", hidden(preview, name)))
            .collect();
        fields.push(format!("_csrf={}", self.csrf));
        let r = self
            .server
            .client
            .post(format!("{}/kerja-sama/impor/konfirmasi", self.server.base))
            .header("Cookie", &self.cookie)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(fields.join("&"))
            .send()
            .await
            .unwrap();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (r.status(), location)
    }
}

/// The value of a hidden input of the page (hex, digits or a format code: URL-safe).
fn hidden(page: &str, name: &str) -> String {
    page.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no hidden {name} in {page}"))
        .to_owned()
}

async fn session<'a>(server: &'a Server, email: &str, role: &str, region: Option<&str>) -> Session<'a> {
    let (cookie, csrf) = server.sign_in(email, role, region).await;
    Session { server, cookie, csrf }
}

async fn registered(server: &Server) -> u64 {
    server
        .app
        .registry
        .key_figures(&server.app.system_ctx("t"))
        .await
        .unwrap()
        .registered
}

async fn exported(server: &Server) -> String {
    let mut out = Vec::new();
    server
        .app
        .registry
        .export_agreements(jalin_app::registry::ExchangeFormat::Csv, &mut out)
        .await
        .unwrap();
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn an_officer_previews_and_confirms_an_xlsx_file_of_their_region() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;

        // The page (Indonesian by default), its template, and the link from the registry.
        let (status, page) = officer.get("/kerja-sama/impor").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Impor kerja sama dari berkas") && page.contains("id=\"import-form\""),
            "{page}"
        );
        assert!(page.contains("accept=\".csv,.xlsx"), "{page}");
        let (status, template) = officer.get("/kerja-sama/impor/templat.csv").await;
        assert_eq!(status, StatusCode::OK);
        assert!(template.starts_with("id,form,subtype,tier,status,"), "{template}");
        let (_, directory) = officer.get("/kerja-sama").await;
        assert!(
            directory.contains("href=\"/kerja-sama/impor\""),
            "linked from the registry"
        );

        let before = registered(&server).await;
        let title = "Kerja sama Kutai Kartanegara–Kitakyushu (impor)";
        let (status, preview) = officer.upload("kerja-sama.xlsx", &kukar_workbook(title)).await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        assert!(preview.contains("id=\"import-confirm\""), "{preview}");
        assert!(preview.contains("id=\"import-rows\">1<"), "{preview}");
        assert_eq!(registered(&server).await, before, "the preview writes nothing");

        let (status, location) = officer.confirm(&preview).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        assert!(location.starts_with("/kerja-sama/impor?hasil=1"), "{location}");
        assert_eq!(registered(&server).await, before + 1);
        let csv = exported(&server).await;
        let line = csv
            .lines()
            .find(|l| l.contains(title))
            .expect("the agreement is registered");
        assert!(line.contains("2023-03-01") && line.contains("64.02"), "{line}");

        let (_, done) = officer.get(&location).await;
        assert!(done.contains("Impor selesai: 1 kerja sama didaftarkan"), "{done}");
        assert!(done.contains("href=\"/kerja-sama?region=64.02\""), "{done}");
    })
    .await;
}

#[tokio::test]
async fn every_row_error_is_listed_and_nothing_is_written() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let officer = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        // Haifa (Israel): no diplomatic relations with Indonesia, rule P1.
        let csv = format!(
            "{HEADER}\n{}\n{}\n",
            csv_row("64.02", "Kukar–Kitakyushu", "1859307", ""),
            csv_row("64.02", "Kukar–Haifa", "", "IL-HA"),
        );
        let before = registered(&server).await;
        let (status, page) = officer.upload("kerja-sama.csv", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("id=\"import-errors\""), "{page}");
        assert!(
            page.contains("Baris / Row") && page.contains("Kolom / Column"),
            "{page}"
        );
        let table = page.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
        assert_eq!(table.matches("<tr>").count(), 1, "{table}");
        assert!(table.contains("<td class=\"num\">2</td>"), "{table}");
        assert!(table.contains("P1") && table.contains("PP 28/2018 Pasal 27"), "{table}");
        assert!(
            !page.contains("id=\"import-confirm\""),
            "no confirmation for a refused file"
        );
        assert_eq!(registered(&server).await, before, "nothing written");

        // A file that is not a workbook is refused as such; English on request.
        let english = Session {
            cookie: format!("{}; jalin_lang=en", officer.cookie),
            server: &server,
            csrf: officer.csrf.clone(),
        };
        let (status, page) = english.upload("kerja-sama.xlsx", b"PK\x03\x04 not really").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.contains("id=\"import-bad-file\"") && page.contains("The file cannot be read"),
            "{page}"
        );
        assert_eq!(registered(&server).await, before);
    })
    .await;
}

#[tokio::test]
async fn rows_of_another_region_are_refused_and_a_staged_upload_is_its_uploaders() {
    each_backend(|db: TestDbRef| async move {
        let server = Server::start(&db).await;
        let kukar = session(&server, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let before = registered(&server).await;

        // Bandung (32.73) is not Kutai Kartanegara's: a row error, nothing written.
        let csv = format!("{HEADER}\n{}\n", csv_row("32.73", "Bandung–Kitakyushu", "1859307", ""));
        let (status, page) = kukar.upload("bandung.csv", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(
            page.contains("<code>regions</code>") && page.contains("outside your region"),
            "{page}"
        );
        assert_eq!(registered(&server).await, before);

        // Another officer (same region, own session) cannot confirm Kukar's staged file.
        let csv = format!("{HEADER}\n{}\n", csv_row("64.02", "Kukar–Kitakyushu", "1859307", ""));
        let (status, preview) = kukar.upload("kukar.csv", csv.as_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{preview}");
        let other = session(&server, "second@kukar.go.id", "regional_officer", Some("64.02")).await;
        let (status, _) = other.confirm(&preview).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(registered(&server).await, before, "nothing written by the other user");
        let (status, location) = kukar.confirm(&preview).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        assert_eq!(registered(&server).await, before + 1);

        // A Kemlu reviewer may not import, nor sees the link.
        let kemlu = session(&server, "reviewer@kemlu.go.id", "kemlu_reviewer", None).await;
        let (status, _) = kemlu.get("/kerja-sama/impor").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, directory) = kemlu.get("/kerja-sama").await;
        assert!(!directory.contains("href=\"/kerja-sama/impor\""));
    })
    .await;
}
