//! Cases over HTTP where they touch the registry and domestic cooperation, on SQLite and
//! PostgreSQL: `POST /api/v1/cases` renewing a legacy registry agreement (and refusing one
//! it may not renew); the KSDD partner region reading the case and taking its own step;
//! funding instead of `needs_dprd`; refused decisions and future dates as 422 with codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_testkit::each_backend;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn step(transition: &str, docs: &[&str], data: &[(&str, &str)]) -> Value {
    json!({
        "transition": transition,
        "documents": docs.iter().map(|d| json!({"kind": d, "number": format!("{d}/2026"), "issued_on": "2026-11-20"})).collect::<Vec<_>>(),
        "data": data.iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>(),
    })
}

fn ksdd(renews: Option<&str>) -> Value {
    json!({
        "form": "KSDD", "subtype": "mandatory", "region_code": "32.73",
        "partner": {"region_code": "32.04"},
        "title_id": "Pembaruan PKS Pengelolaan Sampah Regional",
        "fields": ["2.11"],
        "funding": {"budgeted_in_current_apbd": true, "apbd_amount": 750000000, "budget_years": 1},
        "renews": renews,
    })
}

#[tokio::test]
async fn a_ksdd_renewal_of_a_legacy_agreement_answered_by_the_partner_region_over_http() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let kota = s
            .token_for("kerjasama@bandung.go.id", "regional_officer", Some("32.73"))
            .await;
        let kabupaten = s
            .token_for("kerjasama@bandungkab.go.id", "regional_officer", Some("32.04"))
            .await;
        let bogor = s
            .token_for("kerjasama@kotabogor.go.id", "regional_officer", Some("32.71"))
            .await;
        let kemendagri = s.token_for("pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;

        let legacy = s
            .app
            .registry
            .create_agreement(
                &s.app.system_ctx("test"),
                &serde_json::from_value(json!({
                    "form": "KSDD", "subtype": "mandatory", "tier": "pks", "status": "in_force",
                    "title_id": "PKS Pengelolaan Sampah Regional Kota dan Kabupaten Bandung",
                    "parties": [{"region_code": "32.73"}, {"region_code": "32.04"}],
                    "fields": ["2.11"], "signed_on": "2021-03-10", "expires_on": "2026-12-31"
                }))
                .unwrap(),
            )
            .await
            .unwrap()
            .id
            .to_string();

        // Another region cannot renew it; an unknown id is refused with its code.
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&bogor),
                Some(&json!({
                    "form": "KSDD", "subtype": "voluntary", "region_code": "32.71",
                    "partner": {"region_code": "32.04"}, "title_id": "Bukan milik Bogor", "renews": legacy,
                })),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["codes"]["renews"], "not_a_party", "{body}");
        let (status, body) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&kota),
                Some(&ksdd(Some("0190f5d2-0000-7000-8000-000000000000"))),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["codes"]["renews"], "unknown_reference", "{body}");

        let (status, view) = s
            .call(Method::POST, "/api/v1/cases", Some(&kota), Some(&ksdd(Some(&legacy))))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        let id = view["case"]["id"].as_str().unwrap().to_owned();
        assert_eq!(view["case"]["renews"], legacy);
        assert_eq!(view["case"]["funding"]["budgeted_in_current_apbd"], true);
        let path = format!("/api/v1/cases/{id}");

        // The partner region reads the case and finds it in its list; Bogor does not.
        let (status, seen) = s.get_as(&path, &kabupaten).await;
        assert_eq!(status, StatusCode::OK, "{seen}");
        let (_, listed) = s.get_as("/api/v1/cases", &kabupaten).await;
        assert!(
            listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["case"]["id"] == id),
            "{listed}"
        );
        let (status, _) = s.get_as(&path, &bogor).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        let transitions = format!("{path}/transitions");
        let (status, body) = s
            .call(
                Method::POST,
                &transitions,
                Some(&kota),
                Some(&step("kirim_penawaran", &["surat_penawaran"], &[])),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, seen) = s.get_as(&path, &kabupaten).await;
        let answer_step = seen["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["transition"] == "catat_tanggapan")
            .unwrap();
        assert_eq!(answer_step["side"], "partner_region");
        assert_eq!(answer_step["allowed_for_you"], true);
        // The initiator may not answer for the partner; the partner does.
        let answer = step("catat_tanggapan", &["tanggapan_penawaran"], &[]);
        let (status, body) = s.call(Method::POST, &transitions, Some(&kota), Some(&answer)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(
            body["reasons"][0]["message_en"]
                .as_str()
                .unwrap()
                .contains("partner region"),
            "{body}"
        );
        let (status, body) = s
            .call(Method::POST, &transitions, Some(&kabupaten), Some(&answer))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["stage"]["code"], "penyusunan_kesepakatan");
        // …and only its own steps.
        let sign = step(
            "tandatangani_kesepakatan",
            &["kesepakatan_bersama"],
            &[("signed_on", "2026-11-20"), ("expires_on", "2031-11-19")],
        );
        let (status, body) = s.call(Method::POST, &transitions, Some(&kabupaten), Some(&sign)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");

        // A date that has not happened yet is a 422 with its code.
        let future = step(
            "tandatangani_kesepakatan",
            &["kesepakatan_bersama"],
            &[("signed_on", "2099-01-01"), ("expires_on", "2100-01-01")],
        );
        let (status, body) = s.call(Method::POST, &transitions, Some(&kota), Some(&future)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["codes"]["data.signed_on"], "in_future", "{body}");

        // A decision Jalin would ignore (P1 does not apply to KSDD) is refused, not recorded.
        let (status, body) = s
            .call(
                Method::POST,
                &format!("{path}/decisions"),
                Some(&kemendagri),
                Some(&json!({"rule": "P1", "outcome": "pass", "reason": "x"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["codes"]["rule"], "not_applicable", "{body}");

        // The case page shows the renewed agreement with a link, and the funding.
        let (status, page) = s
            .call_text(Method::GET, &format!("/kasus/{id}"), Some(&kota), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains(&format!("/kerja-sama/{legacy}")), "renewal link missing");
        assert!(page.contains("PKS Pengelolaan Sampah Regional Kota dan Kabupaten Bandung"));
        assert!(page.contains("PP 28/2018 Pasal 6 ayat (2)"));
    })
    .await;
}
