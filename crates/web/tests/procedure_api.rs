//! The foreign-cooperation procedure walked through the HTTP API by the people who take
//! each step: Kabupaten Kutai Kartanegara (64.02) and Kitakyushu, via the Governor of
//! Kalimantan Timur, from initiative to in force — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Server;
use jalin_domain::eligibility::REQUIRED_CLAUSES;
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

fn reasons(body: &Value) -> String {
    body["reasons"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    format!(
                        "{} | {} | {} [{}]",
                        x["code"], x["message_id"], x["message_en"], x["article"]
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn kutai_kartanegara_and_kitakyushu_walk_to_in_force_through_the_api() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let officer = s.token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02")).await;
        let approver = s.token_for("sekda@kukarkab.go.id", "regional_approver", Some("64.02")).await;
        let governor = s.token_for("biro.kerjasama@kaltimprov.go.id", "province_officer", Some("64")).await;
        let kemendagri = s.token_for("pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;
        let kemlu = s.token_for("kerjasama@kemlu.go.id", "kemlu_reviewer", None).await;

        // The proposal first: eligible, P1 passes for Japan.
        let proposal = json!({
            "form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
            "partner": {"geonameid": 1859307}, "objects": ["cultural_exchange", "government_capacity"],
            "fields": ["2.11"], "declarations": {"opens_representative_office": false}
        });
        let (status, report) = s.call(Method::POST, "/api/v1/eligibility", None, Some(&proposal)).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        let p1 = report["results"].as_array().unwrap().iter().find(|r| r["rule"] == "P1").unwrap();
        assert_eq!(p1["outcome"], "pass", "{p1}");
        assert!(p1["article"].as_str().unwrap().contains("PP 28/2018"));

        let (status, view) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&officer),
                Some(&json!({
                    "form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
                    "partner": {"geonameid": 1859307},
                    "title_id": "Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu",
                    "title_en": "Sister city cooperation Kutai Kartanegara–Kitakyushu",
                    "objects": ["cultural_exchange", "government_capacity"], "fields": ["2.11", "3.26"], "sdgs": ["11.6"],
                    "declarations": {
                        "opens_representative_office": false,
                        "plan_links": ["RPJMD Kutai Kartanegara 2021–2026, Misi 3"],
                        "complementarity": "Teknologi lingkungan Kitakyushu; wisata hutan dan sungai Kutai Kartanegara.",
                        "people_to_people": "Pertukaran pelajar dan festival budaya tahunan."
                    }
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{view}");
        let id = view["case"]["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/cases/{id}/transitions");
        assert_eq!(view["stage"]["code"], "prakarsa");
        assert_eq!(view["case"]["partner"]["name"], "Kitakyushu");
        let first = view["next_steps"].as_array().unwrap().iter().find(|s| s["transition"] == "mulai_penjajakan").unwrap();
        assert_eq!(first["allowed_for_you"], true);
        assert!(first["documents"].as_array().unwrap().contains(&json!("surat_minat")));

        // A refusal explains itself with its article, in both languages.
        let (status, body) = s.call(Method::POST, &path, Some(&officer), Some(&step("mulai_penjajakan", &[], &[]))).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let text = reasons(&body);
        assert!(text.contains("missing_document") && text.contains("Pasal 10") && text.contains("Missing document"), "{text}");
        let (status, body) = s
            .call(Method::POST, &path, Some(&kemendagri), Some(&step("mulai_penjajakan", &["surat_minat"], &[])))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(reasons(&body).contains("role_not_allowed"));

        let walk: Vec<(&str, Value, &str)> = vec![
            (&officer, step("mulai_penjajakan", &["surat_minat"], &[]), "penjajakan"),
            (&approver, step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]), "konsultasi_menteri"),
            (&kemendagri, step("tanggapi_konsultasi", &["tanggapan_menteri"], &[]), "persiapan_loi"),
            (&officer, step("tandatangani_loi", &["loi", "tembusan_loi"], &[("loi_signed_on", "2026-11-20")]), "loi_ditandatangani"),
            (&officer, step("susun_rencana", &["rencana_kerja_sama"], &[]), "rencana_disusun"),
            (
                &approver,
                step("ajukan_dprd", &["surat_permohonan_dprd"], &[("dprd_received_on", "2026-11-21")]),
                "diajukan_dprd",
            ),
            (&officer, step("catat_persetujuan_dprd", &["persetujuan_dprd"], &[]), "disetujui_dprd"),
        ];
        for (token, input, expected) in walk {
            let (status, v) = s.call(Method::POST, &path, Some(token), Some(&input)).await;
            assert_eq!(status, StatusCode::OK, "{}: {}", input["transition"], reasons(&v));
            assert_eq!(v["stage"]["code"], expected);
        }
        // A kabupaten goes through the Governor (Pasal 18).
        let (status, body) = s
            .call(Method::POST, &path, Some(&approver), Some(&step("ajukan_ke_menteri", &["surat_pengajuan_menteri"], &[])))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(reasons(&body).contains("Gubernur"), "{}", reasons(&body));
        let (status, v) = s
            .call(Method::POST, &path, Some(&approver), Some(&step("ajukan_ke_gubernur", &["surat_pengajuan_menteri"], &[])))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));
        assert_eq!(v["stage"]["holder_label_en"], "Governor");
        let timer = v["timers"].as_array().unwrap().iter().find(|t| t["code"] == "gubernur_5_hari").unwrap();
        assert_eq!(timer["expired"], false);
        assert!(timer["deadline"].is_string());
        // The Governor of another province may not forward it.
        let other_governor = s.token_for("biro@jabarprov.go.id", "province_officer", Some("32")).await;
        let (status, _) = s
            .call(Method::POST, &path, Some(&other_governor), Some(&step("teruskan_ke_menteri", &["surat_pengantar_gubernur"], &[])))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, v) = s
            .call(Method::POST, &path, Some(&governor), Some(&step("teruskan_ke_menteri", &["surat_pengantar_gubernur"], &[])))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));
        assert_eq!(v["stage"]["code"], "verifikasi");

        // Verification: the reviewers' attestations.
        let (status, body) = s
            .call(Method::POST, &path, Some(&kemendagri), Some(&step("setujui_verifikasi", &["pertimbangan_menteri"], &[])))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(reasons(&body).contains("P8"));
        for rule in ["P2", "P4", "P5", "P8", "P9"] {
            let (status, v) = s
                .call(
                    Method::POST,
                    &format!("/api/v1/cases/{id}/decisions"),
                    Some(&kemendagri),
                    Some(&json!({"rule": rule, "outcome": "pass", "reason": "Dinilai dalam rapat verifikasi"})),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{rule}: {v}");
        }
        let (status, v) = s
            .call(Method::POST, &path, Some(&kemendagri), Some(&step("setujui_verifikasi", &["pertimbangan_menteri"], &[])))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));
        assert_eq!(v["stage"]["code"], "penyusunan_naskah");

        // The draft text with every clause of Pasal 20(5).
        let mut draft = step("ajukan_naskah_ke_gubernur", &["rancangan_naskah"], &[]);
        let (status, body) = s.call(Method::POST, &path, Some(&approver), Some(&draft)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(reasons(&body).contains("Pasal 20 ayat (5)"));
        let mut declarations = v["case"]["declarations"].clone();
        declarations["draft_clauses"] = json!(REQUIRED_CLAUSES.iter().map(|c| c.0).collect::<Vec<_>>());
        draft["declarations"] = declarations;
        let (status, v) = s.call(Method::POST, &path, Some(&approver), Some(&draft)).await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));

        let rest: Vec<(&str, Value, &str)> = vec![
            (&governor, step("teruskan_naskah", &["surat_pengantar_gubernur"], &[]), "naskah_diajukan"),
            (&kemendagri, step("jadwalkan_rapat", &[], &[("meeting_on", "2026-11-25")]), "rapat_interkementerian"),
            (&kemendagri, step("catat_notulen", &["notulen_rapat_interkementerian"], &[]), "negosiasi_kemlu"),
            (&kemlu, step("terbitkan_surat_konfirmasi", &["surat_konfirmasi"], &[]), "menunggu_persetujuan_menteri"),
            (&kemendagri, step("setujui_naskah", &["persetujuan_menteri"], &[]), "disetujui_menteri"),
        ];
        for (token, input, expected) in rest {
            let (status, v) = s.call(Method::POST, &path, Some(token), Some(&input)).await;
            assert_eq!(status, StatusCode::OK, "{}: {}", input["transition"], reasons(&v));
            assert_eq!(v["stage"]["code"], expected);
        }
        // More than five years is refused (Pasal 32); then signing registers the agreement.
        let (status, body) = s
            .call(
                Method::POST,
                &path,
                Some(&officer),
                Some(&step("tandatangani", &["naskah_kerja_sama"], &[("signed_on", "2026-11-28"), ("expires_on", "2032-01-01")])),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(reasons(&body).contains("Pasal 32"));
        let (status, v) = s
            .call(
                Method::POST,
                &path,
                Some(&officer),
                Some(&step("tandatangani", &["naskah_kerja_sama"], &[("signed_on", "2026-11-28"), ("expires_on", "2031-11-27")])),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));
        let agreement_id = v["case"]["agreement_id"].as_str().expect("signing registers the agreement").to_owned();
        let (status, v) = s
            .call(Method::POST, &path, Some(&officer), Some(&step("serahkan_naskah_asli", &["tanda_terima_naskah_asli"], &[])))
            .await;
        assert_eq!(status, StatusCode::OK, "{}", reasons(&v));
        assert_eq!(v["stage"]["code"], "berlaku");
        assert_eq!(v["documents"].as_array().unwrap().len(), 19);

        // In the public registry, in force, with both parties.
        let (status, a) = s.get(&format!("/api/v1/agreements/{agreement_id}")).await;
        assert_eq!(status, StatusCode::OK, "{a}");
        assert_eq!(a["status"], "in_force");
        assert_eq!(a["legal_basis"], "pmdn_25_2020");
        assert_eq!(a["parties"].as_array().unwrap().len(), 2);
        assert_eq!(a["expires_on"], "2031-11-27");

        // The case's history and its audit trail tell the same story.
        let (_, trail) = s.call(Method::GET, &format!("/api/v1/cases/{id}/audit?limit=500"), Some(&officer), None).await;
        let transitions = trail["items"].as_array().unwrap().iter().filter(|e| e["action"] == "case.transitioned").count();
        let steps = v["history"].as_array().unwrap().iter().filter(|e| e["kind"] == "transition").count();
        assert_eq!(transitions, steps);
        assert_eq!(steps, 18);
    })
    .await;
}

#[tokio::test]
async fn two_concurrent_steps_on_one_case_never_both_succeed() {
    each_backend(|db| async move {
        let s = Server::start(&db).await;
        let officer = s
            .token_for("kerjasama@kukarkab.go.id", "regional_officer", Some("64.02"))
            .await;
        let approver = s
            .token_for("sekda@kukarkab.go.id", "regional_approver", Some("64.02"))
            .await;
        let (_, view) = s
            .call(
                Method::POST,
                "/api/v1/cases",
                Some(&officer),
                Some(&json!({
                    "form": "KSDPL", "subtype": "sister_city", "region_code": "64.02",
                    "partner": {"geonameid": 1859307}, "title_id": "Kerja sama", "objects": ["cultural_exchange"],
                    "declarations": {"opens_representative_office": false}
                })),
            )
            .await;
        let id = view["case"]["id"].as_str().unwrap().to_owned();
        let version = view["case"]["version"].as_i64().unwrap();
        let path = format!("/api/v1/cases/{id}/transitions");
        let mut a = step("mulai_penjajakan", &["surat_minat"], &[]);
        a["expected_version"] = json!(version);
        let mut b = a.clone();
        b["note"] = json!("the approver's attempt");
        let (ra, rb) = tokio::join!(
            s.call(Method::POST, &path, Some(&officer), Some(&a)),
            s.call(Method::POST, &path, Some(&approver), Some(&b)),
        );
        let ok = [ra.0, rb.0].iter().filter(|st| st.is_success()).count();
        assert_eq!(ok, 1, "exactly one wins: {:?} {:?}", ra, rb);
        let loser = if ra.0.is_success() { rb } else { ra };
        assert!(
            matches!(loser.0, StatusCode::PRECONDITION_FAILED | StatusCode::CONFLICT),
            "{loser:?}"
        );
        let (_, now) = s
            .call(Method::GET, &format!("/api/v1/cases/{id}"), Some(&officer), None)
            .await;
        assert_eq!(now["case"]["version"], version + 1);
        assert_eq!(now["history"].as_array().unwrap().len(), 2, "opened + one step");
    })
    .await;
}
