//! The HTTP API against the real application on port 0, on SQLite and (when configured)
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn sister_city() -> Value {
    json!({
        "form": "KSDPL",
        "subtype": "sister_city",
        "tier": "mou",
        "status": "in_force",
        "title_id": "Kerja Sama Kota Kembar Kota Surabaya dan Kota Kitakyushu",
        "title_en": "Sister city cooperation between Surabaya and Kitakyushu",
        "parties": [{"region_code": "35.78"}, {"geonameid": 1859307}],
        "objects": ["science_technology"],
        "fields": ["2.11"],
        "sdgs": ["11.6", "12"],
        "signed_on": "2024-11-20",
        "expires_on": "2029-11-19"
    })
}

#[tokio::test]
async fn reference_endpoints() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        assert_eq!(s.get("/healthz").await, (StatusCode::OK, json!({"status": "ok"})));
        for (kind, n) in [("provinsi", 38), ("kabupaten", 416), ("kota", 98)] {
            let (status, body) = s.get(&format!("/api/v1/regions?type={kind}&limit=1")).await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(body["total"], n, "{kind} on {}", db.backend);
            assert_eq!(body["items"].as_array().unwrap().len(), 1);
        }
        let (_, jatim) = s.get("/api/v1/regions?province=35&type=kota&limit=500").await;
        assert_eq!(jatim["total"], 9);
        let (status, region) = s.get("/api/v1/regions/35.78").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(region["name"], "Kota Surabaya");
        let (status, body) = s.get("/api/v1/regions/99.99").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
        let (status, body) = s.get("/api/v1/regions?type=desa").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["type"].as_str().unwrap().contains("desa"));
        let (status, body) = s.get("/api/v1/regions?limit=many").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["limit"].is_string(), "{body}");
        // Filters and paging are two extractors over one query string: either names its field.
        let (status, body) = s.get("/api/v1/regions?is_3t=maybe&offset=1").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["is_3t"].is_string(), "{body}");
        let (status, body) = s.get("/api/v1/agreements?q=kota&offset=later").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["offset"].is_string(), "{body}");

        let (_, countries) = s.get("/api/v1/countries?limit=500").await;
        assert_eq!(countries["total"], 249);
        let (_, jp) = s.get("/api/v1/countries/jp").await;
        assert_eq!(
            (jp["name_id"].as_str(), jp["diplomatic_relations"].as_str()),
            (Some("Jepang"), Some("yes"))
        );
        assert_eq!(s.get("/api/v1/countries/zz").await.0, StatusCode::NOT_FOUND);
        let (_, no_relations) = s.get("/api/v1/countries?relations=no").await;
        assert_eq!(no_relations["total"], 3);

        let (_, places) = s.get("/api/v1/places?q=kitaky&country=JP").await;
        assert_eq!(places["items"][0]["geonameid"], 1859307);
        assert_eq!(s.get("/api/v1/places").await.0, StatusCode::UNPROCESSABLE_ENTITY);

        let (_, goals) = s.get("/api/v1/sdg/goals").await;
        assert_eq!(
            (goals["total"].as_i64(), goals["items"][3]["short_name_id"].as_str()),
            (Some(17), Some("Pendidikan Berkualitas"))
        );
        let (_, targets) = s.get("/api/v1/sdg/targets").await;
        assert_eq!(targets["total"], 169);
        let (_, indicators) = s.get("/api/v1/sdg/indicators?target=4.1").await;
        assert_eq!(indicators["total"], 2);
        let (_, fields) = s.get("/api/v1/fields").await;
        assert_eq!(fields["total"], 32);
        let (_, bases) = s.get("/api/v1/legal-bases").await;
        assert!(
            bases["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b["code"] == "pmdn_25_2020")
        );
        let (_, datasets) = s.get("/api/v1/reference/datasets").await;
        assert!(
            datasets["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["name"] == "cities")
        );
    })
    .await;
}

#[tokio::test]
async fn agreements_and_partners_over_http() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (status, created) = s.send(reqwest::Method::POST, "/api/v1/agreements", &sister_city(), None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(created["parties"][1]["name"], "Kitakyushu");
        assert_eq!(created["signed_on"], "2024-11-20");
        let (status, read) = s.get(&format!("/api/v1/agreements/{id}")).await;
        assert_eq!((status, &read), (StatusCode::OK, &created));
        let (_, list) = s.get("/api/v1/agreements?country=JP&sdg=12&form=KSDPL&year=2024&q=kitakyushu").await;
        assert_eq!(list["total"], 1);
        let (_, none) = s.get("/api/v1/agreements?region=32.73").await;
        assert_eq!(none, json!({"items": [], "total": 0}));
        let (status, body) = s.get("/api/v1/agreements?sdg=99&status=alive").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["sdg"].is_string() && body["fields"]["status"].is_string());

        let path = format!("/api/v1/agreements/{id}");
        let (status, patched) = s
            .send(reqwest::Method::PATCH, &path, &json!({"title_en": "Surabaya–Kitakyushu"}), Some("\"1\""))
            .await;
        assert_eq!(status, StatusCode::OK, "{patched}");
        assert_eq!((patched["version"].as_i64(), patched["title_en"].as_str()), (Some(2), Some("Surabaya–Kitakyushu")));
        let (status, stale) = s.send(reqwest::Method::PATCH, &path, &json!({"title_en": "x"}), Some("\"1\"")).await;
        assert_eq!((status, stale["error"].as_str()), (StatusCode::PRECONDITION_FAILED, Some("version_mismatch")));
        let (status, invalid) = s
            .send(reqwest::Method::PATCH, &path, &json!({"signed_on": "2024-13-01", "status": "dormant"}), None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(invalid["fields"]["signed_on"].is_string() && invalid["fields"]["status"].is_string(), "{invalid}");
        assert_eq!(s.get(&path).await.1, patched, "a rejected change leaves the agreement as it was");
        let (status, _) = s
            .send(reqwest::Method::PATCH, "/api/v1/agreements/018f0000-0000-7000-8000-000000000000", &json!({}), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(s.get("/api/v1/agreements/not-an-id").await.0, StatusCode::NOT_FOUND);

        let mut bad = sister_city();
        bad["colour"] = json!("red");
        let (status, body) = s.send(reqwest::Method::POST, "/api/v1/agreements", &bad, None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = s.send(reqwest::Method::POST, "/api/v1/agreements", &json!({"form": "KSDPL"}), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["subtype", "tier", "status", "title_id", "parties"] {
            assert!(body["fields"][field].is_string(), "{field} missing in {body}");
        }
        let raw = s
            .client
            .post(format!("{}/api/v1/agreements", s.base))
            .bearer_auth(&s.admin)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), StatusCode::BAD_REQUEST);

        let partner = json!({"kind": "foreign_institution", "name": "Japan International Cooperation Agency", "country": "JP", "category": "development_partner"});
        let (status, p) = s.send(reqwest::Method::POST, "/api/v1/partners", &partner, None).await;
        assert_eq!(status, StatusCode::CREATED, "{p}");
        let (status, dup) = s.send(reqwest::Method::POST, "/api/v1/partners", &partner, None).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(dup["duplicates"][0]["partner"]["id"], p["id"]);
        let (_, partners) = s.get_as("/api/v1/partners?country=JP", &s.admin).await;
        assert_eq!(partners["total"], 2, "Kitakyushu and JICA");
        // JICA is named by no agreement yet: not public (issue 13).
        let (_, public) = s.get("/api/v1/partners?country=JP").await;
        assert_eq!(public["total"], 1, "Kitakyushu of the signed agreement: {public}");
    })
    .await;
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let doc: Value = serde_json::from_str(&jalin_web::api::docs::openapi_json()).unwrap();
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    for p in [
        "/healthz",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/countries",
        "/api/v1/countries/{iso2}",
        "/api/v1/places",
        "/api/v1/sdg/goals",
        "/api/v1/sdg/targets",
        "/api/v1/sdg/indicators",
        "/api/v1/agreements",
        "/api/v1/agreements/{id}",
        "/api/v1/partners",
    ] {
        assert!(paths.contains(&p), "{p} is not documented");
    }
    insta::assert_json_snapshot!("openapi", doc);
}

#[tokio::test]
async fn pages_render() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        for path in ["/", "/about", "/api/docs"] {
            let r = s.client.get(format!("{}{path}", s.base)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let html = r.text().await.unwrap();
            assert!(html.contains("<html lang=\"id\">"), "{path}");
            if path == "/about" {
                assert!(html.contains("GeoNames") && html.contains("cahyadsn/wilayah") && html.contains("ODbL"));
            }
            if path == "/api/docs" {
                assert!(html.contains("/api/v1/agreements/{id}"));
            }
        }
        let openapi = s
            .client
            .get(format!("{}/api/openapi.json", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(openapi.headers()["content-type"], "application/json");
    })
    .await;
}

#[tokio::test]
async fn agreements_carry_monitoring_flags_and_activities_wake_dormant_ones() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        // Signed in 2023, no activity since: dormant; ends in 2027-03: expiring (< 180 days).
        let mut a = sister_city();
        a["signed_on"] = json!("2023-01-10");
        a["expires_on"] = json!("2027-03-31");
        let (status, created) = s.send(reqwest::Method::POST, "/api/v1/agreements", &a, None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let flags = &created["flags"];
        assert_eq!(flags["expiring"], true, "{flags}");
        assert_eq!(flags["days_to_expiry"], 123);
        assert_eq!(flags["extension_deadline"], "2026-09-30");
        assert_eq!(flags["dormant"], true);
        assert_eq!(flags["last_activity"], Value::Null);

        let path = format!("/api/v1/agreements/{id}/activities");
        let (status, body) = s
            .send(
                reqwest::Method::POST,
                &path,
                &json!({"occurred_on": "2026-12-01", "title": "Kunjungan"}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a future activity: {body}");
        assert!(body["fields"]["occurred_on"].is_string());
        let (status, body) = s
            .send(
                reqwest::Method::POST,
                &path,
                &json!({"occurred_on": "2022-12-01", "title": "x"}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "before signing: {body}");
        let (status, body) = s
            .send(
                reqwest::Method::POST,
                &path,
                &json!({"occurred_on": "2026-10-05", "title": "Pertukaran pelajar"}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (_, list) = s.get(&path).await;
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["title"], "Pertukaran pelajar");
        let (_, read) = s.get(&format!("/api/v1/agreements/{id}")).await;
        assert_eq!(read["flags"]["dormant"], false);
        assert_eq!(read["flags"]["last_activity"], "2026-10-05");
        // The list carries the same flags.
        let (_, listed) = s.get("/api/v1/agreements?q=kitakyushu").await;
        assert_eq!(listed["items"][0]["flags"]["last_activity"], "2026-10-05");

        // Drafts take no activities.
        let mut draft = sister_city();
        draft["status"] = json!("draft");
        draft["signed_on"] = Value::Null;
        draft["expires_on"] = Value::Null;
        let (_, d) = s.send(reqwest::Method::POST, "/api/v1/agreements", &draft, None).await;
        let (status, body) = s
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/agreements/{}/activities", d["id"].as_str().unwrap()),
                &json!({"occurred_on": "2026-10-05", "title": "x"}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    })
    .await;
}

#[tokio::test]
async fn search_over_http_with_snippets_facets_and_the_page() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let mut a = sister_city();
        a["description_id"] = json!("Program pendidikan vokasi dan pertukaran guru antara kedua kota.");
        let (status, created) = s.send(reqwest::Method::POST, "/api/v1/agreements", &a, None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let (status, r) = s.get("/api/v1/search?q=mendidik").await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["total"], 1);
        assert_eq!(
            r["hits"][0]["id"],
            format!("agreement:{}", created["id"].as_str().unwrap())
        );
        // The snippet is plain text with the byte ranges of the matches, not HTML.
        let snippet = &r["hits"][0]["snippet"];
        let text = snippet["text"].as_str().unwrap();
        let first = &snippet["highlights"][0];
        let marked = &text[first["start"].as_u64().unwrap() as usize..first["end"].as_u64().unwrap() as usize];
        assert_eq!(marked, "pendidikan", "{snippet}");
        let forms = r["facets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["facet"] == "form")
            .unwrap();
        assert_eq!(forms["values"][0], json!(["KSDPL", 1]));
        // A typo in the partner's name.
        let (_, r) = s.get("/api/v1/search?q=Kitakyusyu&kind=agreement").await;
        assert_eq!(r["total"], 1, "{r}");
        let (status, r) = s.get("/api/v1/search?kind=treaty").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        let (status, r) = s
            .get(&format!(
                "/api/v1/agreements/{}/similar",
                created["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["total"], 0, "nothing like it yet: {r}");
        // A second, similar agreement: each is listed as similar to the other, on the page too.
        let mut b = sister_city();
        b["title_id"] = json!("Kerja Sama Pendidikan Vokasi Kota Surabaya dan Kota Kitakyushu");
        b["title_en"] = json!("Vocational education cooperation between Surabaya and Kitakyushu");
        b["description_id"] = json!("Pertukaran guru dan pendidikan vokasi kedua kota.");
        b["signed_on"] = json!("2025-03-01");
        let (status, second) = s.send(reqwest::Method::POST, "/api/v1/agreements", &b, None).await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let (_, r) = s
            .get(&format!(
                "/api/v1/agreements/{}/similar",
                created["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(
            r["items"][0]["id"],
            format!("agreement:{}", second["id"].as_str().unwrap()),
            "{r}"
        );
        let html = s
            .client
            .get(format!("{}/kerja-sama/{}", s.base, created["id"].as_str().unwrap()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Kerja sama serupa") && html.contains("Pendidikan Vokasi Kota Surabaya"),
            "the agreement page lists the similar one"
        );
        let page = s
            .client
            .get(format!("{}/cari?q=pendidikan", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Surabaya") && html.contains("<mark>"),
            "the hit and its highlighted snippet"
        );
    })
    .await;
}

#[tokio::test]
async fn sdg_targets_are_suggested_confirmed_and_rejected_over_http() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        // Free text.
        let (status, r) = s
            .call(
                reqwest::Method::POST,
                "/api/v1/sdg/suggest",
                None,
                Some(&json!({"text": "Pengelolaan sampah regional, bank sampah dan daur ulang", "limit": 3})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        let items = r["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() <= 3, "{r}");
        let waste = items.iter().find(|i| i["target"] == "11.6").expect("11.6 suggested");
        assert!(items.iter().any(|i| i["target"] == "12.5"), "{r}");
        assert_eq!(waste["goal"], 11);
        assert!(waste["title_en"].as_str().unwrap().contains("cities"), "{r}");
        assert!(
            waste["matched"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m == "Pengelolaan sampah"),
            "{r}"
        );
        assert!(items[0]["score"].as_f64().unwrap() >= items[1]["score"].as_f64().unwrap());
        assert!(
            items.iter().all(|i| i["target"] != "8.10"),
            "a waste bank is not banking: {r}"
        );
        for body in [
            json!({"text": "  "}),
            json!({"text": "sampah", "limit": 99}),
            json!({"txt": "sampah"}),
        ] {
            let (status, r) = s
                .call(reqwest::Method::POST, "/api/v1/sdg/suggest", None, Some(&body))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {r}");
        }

        // An agreement tagged 11.6: the tag is not suggested, the other targets are.
        let mut a = sister_city();
        a["title_id"] = json!("Kerja Sama Kota Kembar Surabaya dan Kitakyushu tentang Pengelolaan Sampah");
        a["description_id"] = json!(
            "Pengurangan sampah melalui bank sampah, daur ulang dan pengomposan, serta pelatihan guru sekolah dasar."
        );
        a["sdgs"] = json!(["11.6"]);
        let (status, created) = s.send(reqwest::Method::POST, "/api/v1/agreements", &a, None).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let suggestions = format!("/api/v1/agreements/{id}/sdg-suggestions");
        let (status, r) = s.get(&suggestions).await;
        assert_eq!(status, StatusCode::OK, "{r}");
        let targets: Vec<&str> = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["target"].as_str().unwrap())
            .collect();
        assert!(!targets.contains(&"11.6") && targets.contains(&"12.5"), "{targets:?}");
        let (status, _) = s.get(&format!("{suggestions}?limit=0")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Deciding needs the right to change the agreement.
        let decide = |target: &str| format!("/api/v1/agreements/{id}/sdg-decisions/{target}");
        let outsider = s
            .token_for("officer@bandung.go.id", "regional_officer", Some("32.73"))
            .await;
        let officer = s
            .token_for("officer@surabaya.go.id", "regional_officer", Some("35.78"))
            .await;
        let (status, _) = s
            .call(
                reqwest::Method::PUT,
                &decide("12.5"),
                None,
                Some(&json!({"decision": "confirmed"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = s
            .call(
                reqwest::Method::PUT,
                &decide("12.5"),
                Some(&outsider),
                Some(&json!({"decision": "confirmed"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, r) = s
            .call(
                reqwest::Method::PUT,
                &decide("12.5"),
                Some(&officer),
                Some(&json!({"decision": "perhaps"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{r}");
        assert!(r["fields"]["decision"].is_string(), "{r}");
        let (status, _) = s
            .call(
                reqwest::Method::PUT,
                &decide("11.99"),
                Some(&officer),
                Some(&json!({"decision": "confirmed"})),
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, r) = s
            .call(
                reqwest::Method::PUT,
                &decide("11.6"),
                Some(&officer),
                Some(&json!({"decision": "rejected"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{r}");

        // Confirm: the tag is added (a new version of the agreement).
        let (status, r) = s
            .call(
                reqwest::Method::PUT,
                &decide("12.5"),
                Some(&officer),
                Some(&json!({"decision": "confirmed"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        assert_eq!(r["decision"]["decision"], "confirmed");
        assert_eq!(r["sdgs"], json!(["11.6", "12.5"]));
        assert_eq!(r["version"], 2);
        let (_, agreement) = s.get(&format!("/api/v1/agreements/{id}")).await;
        assert_eq!(agreement["sdgs"], json!(["11.6", "12.5"]));
        let (_, r) = s.get(&suggestions).await;
        assert!(
            r["items"].as_array().unwrap().iter().all(|i| i["target"] != "12.5"),
            "{r}"
        );

        // The agreement page shows the panel to those who may change it, with trigger words
        // and forms; a rejection from the page is remembered.
        let page = |token: Option<String>| {
            let mut req = s.client.get(format!("{}/kerja-sama/{id}", s.base));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req
        };
        let public_html = page(None).send().await.unwrap().text().await.unwrap();
        assert!(!public_html.contains("saran-sdg"), "no panel for the public");
        let outsider_html = page(Some(outsider.clone())).send().await.unwrap().text().await.unwrap();
        assert!(!outsider_html.contains("saran-sdg"), "no panel for other regions");
        let html = page(Some(officer.clone())).send().await.unwrap().text().await.unwrap();
        assert!(
            html.contains("Saran target TPB/SDG") && html.contains("<mark>"),
            "{html}"
        );
        let (_, r) = s.get(&suggestions).await;
        let next = r["items"][0]["target"].as_str().unwrap().to_owned();
        let form_action = format!("/kerja-sama/{id}/sdg/{next}");
        assert!(html.contains(&format!("action=\"{form_action}\"")), "{html}");
        let reply = s
            .client
            .post(format!("{}{form_action}", s.base))
            .bearer_auth(&officer)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("decision=rejected")
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::SEE_OTHER);
        assert_eq!(reply.headers()["location"], format!("/kerja-sama/{id}#saran-sdg"));
        let (_, r) = s.get(&suggestions).await;
        assert!(
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["target"] != next.as_str()),
            "{r}"
        );
        let (_, agreement) = s.get(&format!("/api/v1/agreements/{id}")).await;
        assert_eq!(agreement["sdgs"], json!(["11.6", "12.5"]), "a rejection changes no tag");

        // The wizard suggests from the typed text, leaves out what is typed, and adds a
        // target without JavaScript.
        let wizard = |query: &str| s.client.get(format!("{}{query}", s.base)).bearer_auth(&officer).send();
        let fragment = wizard("/kasus/baru/sdg?title_id=Pengelolaan+sampah+regional+dan+daur+ulang&sdgs=11.6")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(fragment.contains("data-add-sdg=\"12.5\""), "{fragment}");
        assert!(!fragment.contains("data-add-sdg=\"11.6\""), "{fragment}");
        let empty = wizard("/kasus/baru/sdg").await.unwrap().text().await.unwrap();
        assert!(empty.contains("Isi judul"), "{empty}");
        let form = wizard("/kasus/baru?title_id=Sampah&sdgs=11.6&add_sdg=12.5")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("value=\"11.6, 12.5\""), "{form}");
    })
    .await;
}
