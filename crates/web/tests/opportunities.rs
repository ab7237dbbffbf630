//! Partner recommendations and the opportunity board over HTTP, on SQLite and (when
//! configured) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A signed sister-city agreement of a region with a city.
fn sister_city(region: &str, geonameid: i64) -> Value {
    json!({
        "form": "KSDPL",
        "subtype": "sister_city",
        "tier": "mou",
        "status": "in_force",
        "title_id": "Kerja sama kota kembar",
        "parties": [{"region_code": region}, {"geonameid": geonameid}],
        "objects": ["cultural_exchange"],
        "fields": ["2.11"],
        "signed_on": "2024-03-01",
        "expires_on": "2029-02-28"
    })
}

/// A URL-encoded form body, as a browser sends it.
fn form(r: reqwest::RequestBuilder, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
    r.header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap())
}

fn ids(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i["geonameid"]
                .as_i64()
                .map(|g| format!("city:{g}"))
                .or_else(|| i["subdivision_code"].as_str().map(|c| format!("subdivision:{c}")))
                .unwrap()
        })
        .collect()
}

#[tokio::test]
async fn recommendations_are_explained_deterministic_and_leave_out_partners() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (status, first) = s.get("/api/v1/regions/32.73/recommendations?top=5").await;
        assert_eq!(status, StatusCode::OK, "{first}");
        let items = first["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        assert!(first["total"].as_i64().unwrap() > 70_000, "{}", first["total"]);
        for (i, item) in items.iter().enumerate() {
            assert_eq!(item["rank"], i + 1);
            assert_eq!(item["kind"], "city", "a kota gets cities first: {item}");
            let reasons = item["reasons"].as_array().unwrap();
            assert_eq!(reasons[0]["code"], "level");
            let sum: f64 = reasons.iter().map(|r| r["weight"].as_f64().unwrap()).sum();
            assert!((sum - item["score"].as_f64().unwrap()).abs() < 0.001, "{item}");
            assert!(
                reasons
                    .iter()
                    .all(|r| r["text_id"].is_string() && r["text_en"].is_string())
            );
            assert_ne!(item["country_iso2"], "ID");
        }
        let (_, again) = s.get("/api/v1/regions/32.73/recommendations?top=5").await;
        assert_eq!(first, again, "the same data gives the same list");

        // A province gets first-level subdivisions.
        let (_, province) = s.get("/api/v1/regions/32/recommendations?top=3&kind=subdivision").await;
        assert!(
            province["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["kind"] == "subdivision")
        );
        // Filters.
        let (_, japan) = s
            .get("/api/v1/regions/32.73/recommendations?top=3&country=JP&fields=2.11&sdgs=11")
            .await;
        assert!(
            japan["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["country_iso2"] == "JP"),
            "{japan}"
        );

        // The top place becomes a partner: it is no longer recommended, and its own partners
        // are not recommended for other reasons than before.
        let top: i64 = items[0]["geonameid"].as_i64().unwrap();
        let (status, body) = s
            .send(Method::POST, "/api/v1/agreements", &sister_city("32.73", top), None)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (_, after) = s.get("/api/v1/regions/32.73/recommendations?top=5").await;
        assert!(!ids(&after).contains(&format!("city:{top}")), "{after}");
        // So is a place of a draft, which does not show among the reasons either.
        let second: i64 = after["items"][0]["geonameid"].as_i64().unwrap();
        let mut draft = sister_city("32.73", second);
        draft["status"] = json!("draft");
        draft["signed_on"] = Value::Null;
        draft["expires_on"] = Value::Null;
        let (status, _) = s.send(Method::POST, "/api/v1/agreements", &draft, None).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, later) = s.get("/api/v1/regions/32.73/recommendations?top=20").await;
        assert!(!ids(&later).contains(&format!("city:{second}")));

        // Errors.
        let (status, body) = s.get("/api/v1/regions/99.99/recommendations").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::NOT_FOUND, Some("not_found"))
        );
        for (query, field) in [
            ("top=0", "top"),
            ("top=lots", "top"),
            ("fields=9.99", "fields[0]"),
            ("sdgs=18", "sdgs[0]"),
            ("country=IL", "country[0]"),
            ("country=XX", "country[0]"),
            ("kind=town", "kind"),
        ] {
            let (status, body) = s.get(&format!("/api/v1/regions/32.73/recommendations?{query}")).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
            assert!(body["fields"][field].is_string(), "{query}: {body}");
        }
        let (status, body) = s.get("/api/v1/regions/31.71/recommendations").await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "an administrative unit: {body}"
        );

        // The region page shows the panel with reasons, in both languages.
        let html = s
            .client
            .get(format!("{}/daerah/32.73", s.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Calon mitra luar negeri"), "panel heading");
        assert!(html.contains("Setara: kota"), "reasons in Indonesian");
        let html = s
            .client
            .get(format!("{}/daerah/32.73", s.base))
            .header("cookie", "jalin_lang=en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Possible foreign partners") && html.contains("Equal level: city"));
    })
    .await;
}

fn offer(title: &str) -> Value {
    json!({
        "publisher_kind": "programme",
        "publisher_name": "Program Air Bersih Asia",
        "country": "JP",
        "title_id": title,
        "title_en": "Clean water partnership",
        "fields": ["1.03"],
        "sdgs": ["6"],
        "region_types": ["kabupaten"],
        "criteria": ["3t"],
        "deadline": "2027-03-31",
        "contact": "water@programme.example"
    })
}

#[tokio::test]
async fn the_board_matches_offers_and_needs_and_notifies_fitting_regions() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let app = s.app.clone();
        let kemlu = s.token_for("kemlu@jalin.test", "kemlu_reviewer", None).await;
        let guest = s.token_for("guest@jalin.test", "partner_guest", None).await;
        let natuna = s.token_for("officer_natuna@jalin.test", "regional_officer", Some("21.03")).await;
        let bandung = s.token_for("officer_bandung@jalin.test", "regional_officer", Some("32.73")).await;

        // Needs: Natuna (3T, outermost islands, no foreign cooperation) needs water works;
        // Bandung (not 3T) too; an officer cannot publish for another region.
        let need = |region: &str| json!({"region_code": region, "title": "Air bersih pulau", "fields": ["1.03"], "sdgs": ["6.1"]});
        let (status, natuna_need) = s
            .call(Method::POST, "/api/v1/opportunities/needs", Some(&natuna), Some(&need("21.03")))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{natuna_need}");
        let (status, _) = s
            .call(Method::POST, "/api/v1/opportunities/needs", Some(&bandung), Some(&need("32.73")))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, body) = s
            .call(Method::POST, "/api/v1/opportunities/needs", Some(&bandung), Some(&need("21.03")))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, body) = s
            .call(Method::POST, "/api/v1/opportunities/needs", Some(&natuna), Some(&json!({"region_code": "21.03", "title": "x"})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a need names a topic: {body}");

        // Offers: Kemlu publishes one for 3T kabupaten; an officer may not; anonymous must sign in.
        let (status, published) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&kemlu), Some(&offer("Kemitraan air bersih")))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{published}");
        let offer_id = published["id"].as_str().unwrap().to_owned();
        assert_eq!(published["status"], "open");
        let (status, _) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&natuna), Some(&offer("x")))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = s.call(Method::POST, "/api/v1/opportunities/offers", None, Some(&offer("x"))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let mut bad = offer("x");
        bad["country"] = json!("IL");
        bad["deadline"] = json!("2020-01-01");
        bad["criteria"] = json!(["coastal"]);
        let (status, body) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&kemlu), Some(&bad))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        for f in ["deadline", "criteria[0]"] {
            assert!(body["fields"][f].is_string(), "{f}: {body}");
        }
        let mut israel = offer("x");
        israel["country"] = json!("IL");
        let (_, body) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&kemlu), Some(&israel))
            .await;
        assert!(body["fields"]["country"].as_str().unwrap().contains("diplomatic"), "{body}");

        // Matching: Natuna fits (3T kabupaten with a matching need); Bandung (a kota, not
        // 3T) does not.
        let (status, matches) = s.get(&format!("/api/v1/opportunities/offers/{offer_id}/matches")).await;
        assert_eq!(status, StatusCode::OK, "{matches}");
        assert_eq!(matches["total"], 1, "{matches}");
        let m = &matches["items"][0];
        assert_eq!(m["region_code"], "21.03");
        assert_eq!(m["is_3t"], true);
        assert_eq!(m["has_foreign_cooperation"], false);
        assert_eq!(m["needs"][0], natuna_need["id"]);
        let codes: Vec<&str> = m["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
        assert_eq!(codes, vec!["need_fields", "need_sdgs", "region3t", "no_foreign_cooperation"], "{m}");
        assert_eq!(m["score"], 3.0);
        assert_eq!(m["suggested_partner"]["country_iso2"], "JP", "{m}");
        let (_, fitting) = s.get("/api/v1/regions/21.03/opportunities").await;
        assert_eq!(fitting["items"][0]["offer"]["id"], json!(offer_id));
        let (_, none) = s.get("/api/v1/regions/32.73/opportunities").await;
        assert_eq!(none["total"], 0);

        // Notification: the job raises an inbox alert for Natuna only, once.
        let ran = app.jobs.run(10).await.unwrap();
        assert!(ran >= 3, "two needs and one offer queued their jobs: {ran}");
        let (_, alerts) = s.call(Method::GET, "/api/v1/alerts", Some(&natuna), None).await;
        let ours: Vec<&Value> = alerts["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["code"] == json!(format!("peluang:{offer_id}")))
            .collect();
        assert_eq!(ours.len(), 1, "{alerts}");
        assert_eq!(ours[0]["due_on"], "2027-03-31");
        let (_, alerts) = s.call(Method::GET, "/api/v1/alerts", Some(&bandung), None).await;
        assert!(alerts["items"].as_array().unwrap().is_empty(), "{alerts}");
        // The inbox links the alert to the offer's page.
        let inbox = s
            .client
            .get(format!("{}/notifikasi", s.base))
            .bearer_auth(&natuna)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(inbox.contains(&format!("/peluang/tawaran/{offer_id}")), "{inbox}");

        // A need published later still hears of the open offer.
        let (status, later) = s
            .call(
                Method::POST,
                "/api/v1/opportunities/needs",
                Some(&s.token_for("officer_anambas@jalin.test", "regional_officer", Some("21.05")).await),
                Some(&need("21.05")),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{later}");
        app.jobs.run(10).await.unwrap();
        let anambas = app.cases.list_alerts(&app.system_ctx("t"), 500).await.unwrap();
        assert!(anambas.iter().any(|a| a.region_code.as_ref().map(|r| r.as_str()) == Some("21.05")
            && a.code == format!("peluang:{offer_id}")));

        // Lists and filters.
        let (_, open) = s.get("/api/v1/opportunities/offers?field=1.03&sdg=6").await;
        assert_eq!(open["total"], 1);
        let (_, other) = s.get("/api/v1/opportunities/offers?field=2.11").await;
        assert_eq!(other["total"], 0);
        let (status, _) = s.get("/api/v1/opportunities/offers?status=maybe").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, needs) = s.get("/api/v1/opportunities/needs?province=21").await;
        assert_eq!(needs["total"], 2);

        // A partner guest speaks for no organisation: it publishes no offer and closes none.
        let (status, _) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&guest), Some(&offer("Tawaran mitra")))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = s
            .call(Method::POST, &format!("/api/v1/opportunities/offers/{offer_id}/close"), Some(&guest), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, second) = s
            .call(Method::POST, "/api/v1/opportunities/offers", Some(&kemlu), Some(&offer("Tawaran kedua")))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{second}");
        let second_id = second["id"].as_str().unwrap();
        let (status, closed) = s
            .call(Method::POST, &format!("/api/v1/opportunities/offers/{second_id}/close"), Some(&kemlu), None)
            .await;
        assert_eq!((status, closed["status"].as_str()), (StatusCode::OK, Some("closed")));
        let (_, closed_list) = s.get("/api/v1/opportunities/offers?status=closed").await;
        assert_eq!(closed_list["total"], 1);
        // Needs are closed by their region.
        let need_id = natuna_need["id"].as_str().unwrap();
        let (status, _) = s
            .call(Method::POST, &format!("/api/v1/opportunities/needs/{need_id}/close"), Some(&bandung), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = s
            .call(Method::POST, &format!("/api/v1/opportunities/needs/{need_id}/close"), Some(&natuna), None)
            .await;
        assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("closed")), "{body}");

        // Every change left its audit event.
        let kemlu_id = app.accounts.get_user(&app.system_ctx("t"), "kemlu@jalin.test").await.unwrap().id;
        let (_, trail) = s.get_as(&format!("/api/v1/users/{kemlu_id}/audit?limit=100"), &s.admin).await;
        let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"offer.published"), "{actions:?}");
        let natuna_id = app.accounts.get_user(&app.system_ctx("t"), "officer_natuna@jalin.test").await.unwrap().id;
        let (_, trail) = s.get_as(&format!("/api/v1/users/{natuna_id}/audit?limit=100"), &s.admin).await;
        let actions: Vec<&str> = trail["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"need.published") && actions.contains(&"need.closed"), "{actions:?}");

        // Pages.
        for (path, text) in [
            ("/peluang".to_owned(), "Kemitraan air bersih"),
            (format!("/peluang/tawaran/{offer_id}"), "Kepulauan Anambas"),
            (format!("/peluang/kebutuhan/{need_id}"), "Air bersih pulau"),
            ("/daerah/21.05".to_owned(), "Kemitraan air bersih"),
        ] {
            let r = s.client.get(format!("{}{path}", s.base)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert!(r.text().await.unwrap().contains(text), "{path} shows {text}");
        }
    })
    .await;
}

#[tokio::test]
async fn offers_and_needs_are_published_with_the_forms() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let (cookie, csrf) = s.sign_in("kemendagri@jalin.test", "kemendagri_reviewer", None).await;
        let fields = [
            ("_csrf", csrf.as_str()),
            ("publisher_kind", "embassy"),
            ("publisher_name", "Kedutaan Besar Korea"),
            ("country", "KR"),
            ("title_id", "Program pertukaran tata kelola"),
            ("fields", "1.01"),
            ("fields", "2.11"),
            ("region_types", "kota"),
            ("deadline", "2027-01-31"),
            ("contact", "culture@korea.example"),
        ];
        let r = form(
            s.client
                .post(format!("{}/peluang/tawaran/baru", s.base))
                .header("cookie", &cookie),
            &fields,
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/peluang/tawaran/"));
        let id = location.trim_start_matches("/peluang/tawaran/");
        let (_, offer) = s.get(&format!("/api/v1/opportunities/offers/{id}")).await;
        assert_eq!(offer["fields"], json!(["1.01", "2.11"]));
        assert_eq!(offer["region_types"], json!(["kota"]));
        // A form with problems comes back with them and the values kept.
        let r = form(
            s.client
                .post(format!("{}/peluang/tawaran/baru", s.base))
                .header("cookie", &cookie),
            &[
                ("_csrf", csrf.as_str()),
                ("publisher_name", "Tanpa jenis"),
                ("deadline", "2020-01-01"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains("Tanpa jenis") && html.contains("deadline"), "{html}");
        // Closing from the offer page.
        let r = form(
            s.client
                .post(format!("{}/peluang/tawaran/{id}/tutup", s.base))
                .header("cookie", &cookie),
            &[("_csrf", csrf.as_str())],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, offer) = s.get(&format!("/api/v1/opportunities/offers/{id}")).await;
        assert_eq!(offer["status"], "closed");

        // A regional officer publishes a need of its region.
        let (cookie, csrf) = s.sign_in("officer@jalin.test", "regional_officer", Some("35.78")).await;
        let form_page = s
            .client
            .get(format!("{}/peluang/kebutuhan/baru", s.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            form_page.contains("Kota Surabaya") && !form_page.contains("Kota Bandung"),
            "only its region"
        );
        let r = form(
            s.client
                .post(format!("{}/peluang/kebutuhan/baru", s.base))
                .header("cookie", &cookie),
            &[
                ("_csrf", csrf.as_str()),
                ("region_code", "35.78"),
                ("title", "Pengelolaan sampah"),
                ("sdgs", "11"),
            ],
        )
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap());
        let (_, needs) = s.get("/api/v1/opportunities/needs?region=35.78").await;
        assert_eq!(needs["items"][0]["title"], "Pengelolaan sampah");
        // Without a session the form asks to sign in.
        let r = s
            .client
            .get(format!("{}/peluang/kebutuhan/baru", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    })
    .await;
}
