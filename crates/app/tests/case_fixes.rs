//! Cases where they touch the registry and domestic cooperation, on SQLite and PostgreSQL:
//! a KSDD renewal of a legacy registry agreement answered by the partner region itself;
//! the funding that decides the DPRD's part; DPRD windows that lapse; refusals that name
//! their articles; dates that cannot lie in the future; decisions without effect refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::cases::{CaseInput, DecisionInput, DocumentInput, TransitionInput};
use jalin_app::ctx::{Actor, Ctx, UserActor};
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::store::{CaseFilter, Page};
use jalin_app::{App, AppError};
use jalin_domain::agreement::{AgreementStatus, PartyInput};
use jalin_domain::eligibility::{Declarations, Outcome};
use jalin_domain::ids::UserId;
use jalin_domain::procedure::funding::Funding;
use jalin_domain::procedure::{CaseFlag, ProcedureConfig};
use jalin_domain::role::Role;
use jalin_testkit::{TestDbRef, each_backend};
use std::sync::Arc;
use time::OffsetDateTime;
use time::macros::datetime;

fn user(app: &App, role: Role, region: Option<&str>) -> Ctx {
    app.ctx(
        Actor::User(UserActor {
            id: UserId::new(),
            name: format!("{}@{}", role.as_str(), region.unwrap_or("pusat")),
            role,
            region: region.map(|r| r.parse().unwrap()),
            cases: vec![],
            token_scopes: None,
        }),
        "test",
    )
}

fn step(transition: &str, docs: &[&str], data: &[(&str, &str)]) -> TransitionInput {
    TransitionInput {
        transition: transition.into(),
        documents: docs
            .iter()
            .map(|k| DocumentInput {
                kind: (*k).into(),
                number: Some(format!("No. {k}/2026")),
                ..Default::default()
            })
            .collect(),
        data: data.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        ..Default::default()
    }
}

async fn app_at(db: &TestDbRef, at: OffsetDateTime, config: ProcedureConfig) -> App {
    App::builder(db.store.clone(), Arc::new(FixedClock(at)))
        .with_procedure_config(config)
        .build()
        .await
        .unwrap()
}

fn refusal_text(e: AppError) -> String {
    match e {
        AppError::Refused(reasons) => reasons
            .into_iter()
            .map(|r| format!("{} | {} | {} [{}]", r.code, r.message_id, r.message_en, r.article))
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The field and code of a 422.
fn invalid(e: AppError) -> Vec<(String, String, String)> {
    match e {
        AppError::Invalid(errors) => errors.0.into_iter().map(|e| (e.field, e.code, e.message)).collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn ksdd(region: &str, partner: &str, funding: Option<Funding>) -> CaseInput {
    CaseInput {
        form: Some("KSDD".into()),
        subtype: Some("mandatory".into()),
        region_code: Some(region.into()),
        partner: Some(PartyInput {
            region_code: Some(partner.into()),
            ..Default::default()
        }),
        title_id: Some("Kerja Sama Pengelolaan Sampah Regional".into()),
        fields: vec!["2.11".into()],
        funding,
        ..Default::default()
    }
}

fn budgeted() -> Funding {
    Funding {
        budgeted_in_current_apbd: true,
        apbd_amount: Some(750_000_000),
        budget_years: Some(1),
        ..Default::default()
    }
}

async fn registry_agreement(app: &App, json: serde_json::Value) -> String {
    let system = app.system_ctx("test");
    app.registry
        .create_agreement(&system, &serde_json::from_value(json).unwrap())
        .await
        .unwrap()
        .id
        .to_string()
}

#[tokio::test]
async fn a_ksdd_case_renews_a_legacy_agreement_and_the_partner_region_answers_its_own_steps() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-03-02 02:00 UTC), ProcedureConfig::default()).await;
        let kota = user(&app, Role::RegionalOfficer, Some("32.73"));
        let kota_head = user(&app, Role::RegionalApprover, Some("32.73"));
        let kabupaten = user(&app, Role::RegionalOfficer, Some("32.04"));
        let province = user(&app, Role::ProvinceOfficer, Some("32"));
        let stranger = user(&app, Role::RegionalOfficer, Some("32.71"));
        let other_province = user(&app, Role::ProvinceOfficer, Some("64"));

        // A legacy record (signed before Jalin, no case), and three that cannot be renewed.
        let legacy = registry_agreement(
            &app,
            serde_json::json!({
                "form": "KSDD", "subtype": "mandatory", "tier": "pks", "status": "in_force",
                "title_id": "PKS Pengelolaan Sampah Regional Kota dan Kabupaten Bandung",
                "parties": [{"region_code": "32.73"}, {"region_code": "32.04"}],
                "fields": ["2.11"], "signed_on": "2021-03-10", "expires_on": "2026-06-30"
            }),
        )
        .await;
        let draft = registry_agreement(
            &app,
            serde_json::json!({
                "form": "KSDD", "subtype": "mandatory", "tier": "pks", "status": "draft",
                "title_id": "Rancangan kerja sama", "parties": [{"region_code": "32.73"}, {"region_code": "32.04"}]
            }),
        )
        .await;
        let elsewhere = registry_agreement(
            &app,
            serde_json::json!({
                "form": "KSDD", "subtype": "voluntary", "tier": "pks", "status": "in_force",
                "title_id": "Kerja sama Kaltim", "parties": [{"region_code": "64.02"}, {"region_code": "64.72"}],
                "signed_on": "2024-01-10", "expires_on": "2027-01-09"
            }),
        )
        .await;
        for (renews, code) in [
            (draft.as_str(), "not_renewable"),
            (elsewhere.as_str(), "not_a_party"),
            ("0190f5d2-0000-7000-8000-000000000000", "unknown_reference"),
            ("nonsense", "invalid_format"),
        ] {
            let mut input = ksdd("32.73", "32.04", Some(budgeted()));
            input.renews = Some(renews.into());
            let errors = invalid(app.cases.open_case(&kota, &input).await.unwrap_err());
            assert!(
                errors.iter().any(|(f, c, _)| f == "renews" && c == code),
                "{renews}: {errors:?}"
            );
        }

        let mut input = ksdd("32.73", "32.04", Some(budgeted()));
        input.renews = Some(legacy.clone());
        let v = app.cases.open_case(&kota, &input).await.unwrap();
        let id = v.case.id.to_string();
        assert_eq!(v.case.renews.map(|a| a.to_string()), Some(legacy.clone()));
        assert_eq!(v.case.funding, Some(budgeted()));
        assert!(!v.case.has_flag(CaseFlag::NeedsDprd));
        let p12 = v.requirements.iter().find(|r| r.rule.as_str() == "P12").unwrap();
        assert_eq!(p12.outcome, Outcome::NotApplicable);
        assert!(p12.article.contains("PP 28/2018 Pasal 6 ayat (2)"), "{}", p12.article);
        assert!(
            v.requirements.iter().all(|r| !r.article.contains("25/2020")),
            "{:?}",
            v.requirements
        );

        // The partner region, and the province over both, read the case; others do not.
        assert_eq!(app.cases.get_case(&kabupaten, &id).await.unwrap().case.id, v.case.id);
        assert!(app.cases.get_case(&province, &id).await.is_ok());
        for outsider in [&stranger, &other_province] {
            assert!(matches!(
                app.cases.get_case(outsider, &id).await,
                Err(AppError::Forbidden(_))
            ));
        }
        for (ctx, seen) in [(&kabupaten, true), (&province, true), (&stranger, false)] {
            let listed = app
                .cases
                .list_cases(ctx, CaseFilter::default(), Page::all())
                .await
                .unwrap();
            assert_eq!(listed.items.iter().any(|c| c.case.id == v.case.id), seen);
        }

        app.cases
            .transition_case(&kota, &id, &step("kirim_penawaran", &["surat_penawaran"], &[]))
            .await
            .unwrap();
        // The initiator no longer types in the partner's answer.
        let answer = step("catat_tanggapan", &["tanggapan_penawaran"], &[]);
        let text = refusal_text(app.cases.transition_case(&kota, &id, &answer).await.unwrap_err());
        assert!(
            text.contains("role_not_allowed") && text.contains("partner region"),
            "{text}"
        );
        let seen = app.cases.get_case(&kabupaten, &id).await.unwrap();
        let offered = seen
            .next_steps
            .iter()
            .find(|s| s.transition == "catat_tanggapan")
            .unwrap();
        assert!(offered.allowed_for_you);
        let v = app.cases.transition_case(&kabupaten, &id, &answer).await.unwrap();
        assert_eq!(v.stage.code, "penyusunan_kesepakatan");
        assert!(
            v.history
                .iter()
                .any(|e| e.transition.as_deref() == Some("catat_tanggapan") && e.actor.contains("32.04"))
        );
        // The partner region answers only its own steps.
        let sign = |expires: &str| {
            step(
                "tandatangani_kesepakatan",
                &["kesepakatan_bersama"],
                &[("signed_on", "2026-03-02"), ("expires_on", expires)],
            )
        };
        let text = refusal_text(
            app.cases
                .transition_case(&kabupaten, &id, &sign("2031-03-01"))
                .await
                .unwrap_err(),
        );
        assert!(text.contains("region that opened the case"), "{text}");
        // The joint agreement runs at most five years (Permendagri 22/2020 Pasal 9 ayat (3)).
        let text = refusal_text(
            app.cases
                .transition_case(&kota, &id, &sign("2032-03-02"))
                .await
                .unwrap_err(),
        );
        assert!(
            text.contains("R-JANGKA") && text.contains("Permendagri 22/2020 Pasal 9 ayat (3)"),
            "{text}"
        );
        app.cases
            .transition_case(&kota, &id, &sign("2031-03-01"))
            .await
            .unwrap();
        // Budgeted funding: no DPRD step, and asking for one names the article.
        let text = refusal_text(
            app.cases
                .transition_case(
                    &kota_head,
                    &id,
                    &step(
                        "ajukan_dprd",
                        &["rancangan_pks", "surat_permohonan_dprd"],
                        &[("dprd_received_on", "2026-03-02")],
                    ),
                )
                .await
                .unwrap_err(),
        );
        assert!(text.contains("PP 28/2018 Pasal 6 ayat (2)"), "{text}");
        app.cases
            .transition_case(&kota, &id, &step("siapkan_pks", &["rancangan_pks"], &[]))
            .await
            .unwrap();
        let v = app
            .cases
            .transition_case(
                &kota,
                &id,
                &step(
                    "tandatangani_pks",
                    &["perjanjian_kerja_sama"],
                    &[("signed_on", "2026-03-02"), ("expires_on", "2031-03-01")],
                ),
            )
            .await
            .unwrap();
        assert_eq!(v.stage.code, "berlaku");
        assert!(!v.timers.is_empty());
        assert!(
            v.timers.iter().all(|t| t.article.contains("Permendagri 22/2020")),
            "{:?}",
            v.timers
        );
        // The new agreement records what it renews; the legacy record it replaces has ended.
        let new = app
            .registry
            .get_agreement(&kota, &v.case.agreement_id.unwrap().to_string())
            .await
            .unwrap();
        assert_eq!(new.renews.map(|a| a.to_string()), Some(legacy.clone()));
        let old = app.registry.get_agreement(&kota, &legacy).await.unwrap();
        assert_eq!(old.status, AgreementStatus::Terminated);
    })
    .await;
}

fn kukar() -> CaseInput {
    CaseInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        region_code: Some("64.02".into()),
        partner: Some(PartyInput {
            geonameid: Some(1_859_307),
            ..Default::default()
        }),
        title_id: Some("Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu".into()),
        objects: vec!["cultural_exchange".into()],
        fields: vec!["2.11".into()],
        declarations: Declarations {
            opens_representative_office: Some(false),
            plan_links: vec!["RPJMD Kutai Kartanegara 2021–2026".into()],
            complementarity: Some("Teknologi lingkungan dan pariwisata sungai.".into()),
            people_to_people: Some("Pertukaran pelajar.".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn refusals_name_their_articles_future_dates_and_idle_decisions_are_refused() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-01-05 02:00 UTC), ProcedureConfig::default()).await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let approver = user(&app, Role::RegionalApprover, Some("64.02"));
        let kemendagri = user(&app, Role::KemendagriReviewer, None);
        let id = app
            .cases
            .open_case(&officer, &kukar())
            .await
            .unwrap()
            .case
            .id
            .to_string();

        // Signing without the Minister's approval letter: refused by Pasal 24.
        let text = refusal_text(
            app.cases
                .transition_case(
                    &officer,
                    &id,
                    &step(
                        "tandatangani",
                        &["naskah_kerja_sama"],
                        &[("signed_on", "2026-01-05"), ("expires_on", "2031-01-04")],
                    ),
                )
                .await
                .unwrap_err(),
        );
        assert!(
            text.contains("wrong_state") && text.contains("Permendagri 25/2020 Pasal 24"),
            "{text}"
        );

        for (ctx, input) in [
            (&officer, step("mulai_penjajakan", &["surat_minat"], &[])),
            (
                &approver,
                step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]),
            ),
            (&kemendagri, step("tanggapi_konsultasi", &["tanggapan_menteri"], &[])),
        ] {
            app.cases.transition_case(ctx, &id, &input).await.unwrap();
        }
        // A LoI "signed" next month, or a copy issued in 2099, did not happen yet.
        let err = app
            .cases
            .transition_case(
                &officer,
                &id,
                &step(
                    "tandatangani_loi",
                    &["loi", "tembusan_loi"],
                    &[("loi_signed_on", "2026-02-01")],
                ),
            )
            .await
            .unwrap_err();
        assert_eq!(
            invalid(err).into_iter().map(|(f, c, _)| (f, c)).collect::<Vec<_>>(),
            vec![("data.loi_signed_on".to_owned(), "in_future".to_owned())]
        );
        let mut future_copy = step(
            "tandatangani_loi",
            &["loi", "tembusan_loi"],
            &[("loi_signed_on", "2026-01-05")],
        );
        future_copy.documents[1].issued_on = Some("2099-01-01".into());
        let errors = invalid(
            app.cases
                .transition_case(&officer, &id, &future_copy)
                .await
                .unwrap_err(),
        );
        assert!(
            errors
                .iter()
                .any(|(f, c, _)| f == "documents[1].issued_on" && c == "in_future"),
            "{errors:?}"
        );
        future_copy.documents[1].issued_on = Some("2026-01-05".into());
        app.cases.transition_case(&officer, &id, &future_copy).await.unwrap();
        app.cases
            .transition_case(&officer, &id, &step("susun_rencana", &["rencana_kerja_sama"], &[]))
            .await
            .unwrap();
        let errors = invalid(
            app.cases
                .transition_case(
                    &approver,
                    &id,
                    &step(
                        "ajukan_dprd",
                        &["surat_permohonan_dprd"],
                        &[("dprd_received_on", "2099-01-01")],
                    ),
                )
                .await
                .unwrap_err(),
        );
        assert!(
            errors
                .iter()
                .any(|(f, c, _)| f == "data.dprd_received_on" && c == "in_future")
        );

        // A decision Jalin would ignore is refused, with the rule's article.
        let decide = |rule: &str, outcome: &str| DecisionInput {
            rule: rule.into(),
            outcome: outcome.into(),
            reason: Some("Ditinjau".into()),
            ..Default::default()
        };
        let before = app.cases.get_case(&kemendagri, &id).await.unwrap().history.len();
        let errors = invalid(
            app.cases
                .decide_requirement(&kemendagri, &id, &decide("P1", "fail"))
                .await
                .unwrap_err(),
        );
        assert_eq!(errors[0].1, "evaluated_by_system", "{errors:?}");
        assert!(errors[0].2.contains("PP 28/2018 Pasal 27"), "{errors:?}");
        let errors = invalid(
            app.cases
                .decide_requirement(&kemendagri, &id, &decide("P17", "waived"))
                .await
                .unwrap_err(),
        );
        assert_eq!(errors[0].1, "nothing_to_waive", "{errors:?}");
        assert!(errors[0].2.contains("Pasal 35–38"), "{errors:?}");
        assert_eq!(
            app.cases.get_case(&kemendagri, &id).await.unwrap().history.len(),
            before
        );
        // A decision that counts is still recorded.
        let v = app
            .cases
            .decide_requirement(&kemendagri, &id, &decide("P4", "pass"))
            .await
            .unwrap();
        assert_eq!(v.history.len(), before + 1);
    })
    .await;
}

#[tokio::test]
async fn funding_decides_the_dprd_and_a_lapsed_window_alerts_the_region_and_the_province() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-03-02 02:00 UTC), ProcedureConfig::default()).await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let approver = user(&app, Role::RegionalApprover, Some("64.02"));
        let partner = user(&app, Role::RegionalOfficer, Some("64.72"));
        let province = user(&app, Role::ProvinceOfficer, Some("64"));

        // Older clients' `needs_dprd` still works; sent with funding, the two must agree;
        // funding is for domestic cooperation only.
        let mut old_style = ksdd("64.02", "64.72", None);
        old_style.needs_dprd = true;
        let v = app.cases.open_case(&officer, &old_style).await.unwrap();
        assert!(v.case.has_flag(CaseFlag::NeedsDprd) && v.case.funding.is_none());
        let mut both = ksdd("64.02", "64.72", Some(budgeted()));
        both.needs_dprd = true;
        let errors = invalid(app.cases.open_case(&officer, &both).await.unwrap_err());
        assert_eq!(
            (errors[0].0.as_str(), errors[0].1.as_str()),
            ("needs_dprd", "inconsistent")
        );
        let mut foreign = kukar();
        foreign.funding = Some(budgeted());
        let errors = invalid(app.cases.open_case(&officer, &foreign).await.unwrap_err());
        assert_eq!(
            (errors[0].0.as_str(), errors[0].1.as_str()),
            ("funding", "not_applicable")
        );

        // Three years of APBD money: the later years are not in this year's APBD.
        let funding = Funding {
            budget_years: Some(3),
            ..budgeted()
        };
        let v = app
            .cases
            .open_case(&officer, &ksdd("64.02", "64.72", Some(funding)))
            .await
            .unwrap();
        assert!(v.case.has_flag(CaseFlag::NeedsDprd));
        let id = v.case.id.to_string();
        for (ctx, input) in [
            (&officer, step("kirim_penawaran", &["surat_penawaran"], &[])),
            (&partner, step("catat_tanggapan", &["tanggapan_penawaran"], &[])),
            (
                &officer,
                step(
                    "tandatangani_kesepakatan",
                    &["kesepakatan_bersama"],
                    &[("signed_on", "2026-03-02"), ("expires_on", "2029-03-01")],
                ),
            ),
        ] {
            app.cases.transition_case(ctx, &id, &input).await.unwrap();
        }
        let text = refusal_text(
            app.cases
                .transition_case(&officer, &id, &step("siapkan_pks", &["rancangan_pks"], &[]))
                .await
                .unwrap_err(),
        );
        assert!(
            text.contains("DPRD approval is needed") && text.contains("PP 28/2018 Pasal 6 ayat (2)"),
            "{text}"
        );
        app.cases
            .transition_case(
                &approver,
                &id,
                &step(
                    "ajukan_dprd",
                    &["rancangan_pks", "surat_permohonan_dprd"],
                    &[("dprd_received_on", "2026-03-02")],
                ),
            )
            .await
            .unwrap();

        // 45 calendar days later, configured so that silence is not approval: nothing fires,
        // and the region and the province are told to record the DPRD's decision.
        let strict = ProcedureConfig {
            dprd_silence_is_approval: false,
            ..ProcedureConfig::default()
        };
        let later = app_at(&db, datetime!(2026-04-20 02:00 UTC), strict).await;
        let report = later.cases.run_timers().await.unwrap();
        assert!(report.fired.is_empty(), "{report:?}");
        let v = later.cases.get_case(&officer, &id).await.unwrap();
        assert_eq!(v.stage.code, "diajukan_dprd");
        assert!(v.next_steps.iter().all(|s| s.transition != "dprd_dianggap_menyetujui"));
        for reader in [&officer, &province] {
            let alerts = later.cases.list_alerts(reader, 50).await.unwrap();
            let lapse = alerts
                .iter()
                .find(|a| a.code == "dprd_45_hari:terlewati" && a.case_id == Some(v.case.id))
                .unwrap_or_else(|| panic!("{alerts:?}"));
            assert!(
                lapse.message_en.contains("record the DPRD's decision"),
                "{}",
                lapse.message_en
            );
            assert!(lapse.message_en.contains("Permendagri 22/2020 Pasal 12 ayat (4)"));
        }

        // With the regulation's default the same silence is deemed approval, with an alert.
        let default = app_at(&db, datetime!(2026-04-20 02:00 UTC), ProcedureConfig::default()).await;
        let report = default.cases.run_timers().await.unwrap();
        assert_eq!(report.fired.len(), 1, "{report:?}");
        let v = default.cases.get_case(&officer, &id).await.unwrap();
        assert_eq!(v.stage.code, "siap_ditandatangani");
        let p12 = v.requirements.iter().find(|r| r.rule.as_str() == "P12").unwrap();
        assert_eq!(p12.outcome, Outcome::Pass);
        assert!(p12.explanation_en.contains("45 days"), "{}", p12.explanation_en);
        let alerts = default.cases.list_alerts(&province, 50).await.unwrap();
        assert!(
            alerts.iter().any(|a| a.code == "dprd_45_hari:dianggap_menyetujui"),
            "{alerts:?}"
        );
    })
    .await;
}
