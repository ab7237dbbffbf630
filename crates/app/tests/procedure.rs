//! The cooperation procedure end to end through the use cases, on SQLite and PostgreSQL:
//! a KSDPL case for Kabupaten Kutai Kartanegara with a Japanese city, walked from initiative
//! to in force through the Governor of Kalimantan Timur; refusals with their articles;
//! deemed DPRD approval across the 2026 holiday period; concurrency.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::cases::{CaseInput, DecisionInput, DocumentInput, ProposalInput, TransitionInput};
use jalin_app::ctx::{Actor, Ctx, UserActor};
use jalin_app::ports::clock::{FixedClock, WIB};
use jalin_app::{App, AppError};
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::{Declarations, Outcome, REQUIRED_CLAUSES};
use jalin_domain::ids::UserId;
use jalin_domain::role::Role;
use jalin_testkit::{TestDbRef, each_backend};
use std::sync::Arc;
use time::OffsetDateTime;
use time::macros::datetime;

fn user(app: &App, role: Role, region: Option<&str>) -> Ctx {
    app.ctx(
        Actor::User(UserActor {
            id: UserId::new(),
            name: format!("{}@test", role.as_str()),
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

fn kukar_with(geonameid: i64) -> CaseInput {
    CaseInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        region_code: Some("64.02".into()),
        partner: Some(PartyInput {
            geonameid: Some(geonameid),
            ..Default::default()
        }),
        title_id: Some("Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu".into()),
        title_en: Some("Sister city cooperation Kutai Kartanegara–Kitakyushu".into()),
        objects: vec!["cultural_exchange".into(), "government_capacity".into()],
        fields: vec!["2.11".into(), "3.26".into()],
        sdgs: vec!["11.6".into()],
        declarations: Declarations {
            opens_representative_office: Some(false),
            plan_links: vec!["RPJMD Kutai Kartanegara 2021–2026, Misi 3".into()],
            complementarity: Some(
                "Kitakyushu's environmental technology; Kutai Kartanegara's forest and river tourism.".into(),
            ),
            people_to_people: Some("Student exchanges and a yearly cultural festival.".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

const KITAKYUSHU: i64 = 1_859_307;
const TEL_AVIV: i64 = 293_397;

async fn app_at(db: &TestDbRef, at: OffsetDateTime) -> App {
    App::new(db.store.clone(), Arc::new(FixedClock(at))).await.unwrap()
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

#[tokio::test]
async fn kutai_kartanegara_and_kitakyushu_from_initiative_to_in_force_via_the_governor() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-01-05 02:00 UTC)).await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let approver = user(&app, Role::RegionalApprover, Some("64.02"));
        let governor = user(&app, Role::ProvinceOfficer, Some("64"));
        let kemendagri = user(&app, Role::KemendagriReviewer, None);
        let kemlu = user(&app, Role::KemluReviewer, None);

        let view = app.cases.open_case(&officer, &kukar_with(KITAKYUSHU)).await.unwrap();
        let id = view.case.id.to_string();
        assert_eq!(view.stage.code, "prakarsa");
        assert_eq!(view.procedure.code, "luar_negeri_pmdn25");
        assert_eq!(view.case.partner.name, "Kitakyushu");
        let p1 = view.requirements.iter().find(|r| r.rule.as_str() == "P1").unwrap();
        assert_eq!(p1.outcome, Outcome::Pass);

        // Another region's officer may neither read nor move the case.
        let stranger = user(&app, Role::RegionalOfficer, Some("64.01"));
        assert!(matches!(
            app.cases.get_case(&stranger, &id).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.cases
                .transition_case(&stranger, &id, &step("mulai_penjajakan", &[], &[]))
                .await,
            Err(AppError::Forbidden(_))
        ));

        // A step without its documents is refused with the article that asks for them.
        let err = app
            .cases
            .transition_case(&officer, &id, &step("mulai_penjajakan", &[], &[]))
            .await
            .unwrap_err();
        let text = refusal_text(err);
        assert!(text.contains("missing_document") && text.contains("Pasal 10"), "{text}");
        // The wrong role is refused too.
        let err = app
            .cases
            .transition_case(&kemendagri, &id, &step("mulai_penjajakan", &["surat_minat"], &[]))
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("role_not_allowed"));

        let walk: Vec<(&Ctx, TransitionInput, &str)> = vec![
            (&officer, step("mulai_penjajakan", &["surat_minat"], &[]), "penjajakan"),
            (
                &approver,
                step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]),
                "konsultasi_menteri",
            ),
            (
                &kemendagri,
                step("tanggapi_konsultasi", &["tanggapan_menteri"], &[]),
                "persiapan_loi",
            ),
            (
                &officer,
                step(
                    "tandatangani_loi",
                    &["loi", "tembusan_loi"],
                    &[("loi_signed_on", "2026-01-05")],
                ),
                "loi_ditandatangani",
            ),
            (
                &officer,
                step("susun_rencana", &["rencana_kerja_sama"], &[]),
                "rencana_disusun",
            ),
            (
                &approver,
                step(
                    "ajukan_dprd",
                    &["surat_permohonan_dprd"],
                    &[("dprd_received_on", "2026-01-05")],
                ),
                "diajukan_dprd",
            ),
            (
                &officer,
                step("catat_persetujuan_dprd", &["persetujuan_dprd"], &[]),
                "disetujui_dprd",
            ),
        ];
        for (ctx, input, expected) in walk {
            let v = app
                .cases
                .transition_case(ctx, &id, &input)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", input.transition));
            assert_eq!(v.stage.code, expected, "{}", input.transition);
        }
        // A kabupaten cannot submit straight to the Minister; it goes through the Governor.
        let err = app
            .cases
            .transition_case(
                &approver,
                &id,
                &step("ajukan_ke_menteri", &["surat_pengajuan_menteri"], &[]),
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("Gubernur"));
        let v = app
            .cases
            .transition_case(
                &approver,
                &id,
                &step("ajukan_ke_gubernur", &["surat_pengajuan_menteri"], &[]),
            )
            .await
            .unwrap();
        assert_eq!(
            (v.stage.code.as_str(), v.stage.holder_label_en.as_str()),
            ("diajukan_gubernur", "Governor")
        );
        let timer = v.timers.iter().find(|t| t.code == "gubernur_5_hari").unwrap();
        assert!(!timer.expired);
        // Direct submission waits for the Governor's five working days.
        let err = app
            .cases
            .transition_case(&approver, &id, &step("ajukan_langsung", &[], &[]))
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("Pasal 18 ayat (5)"));
        let v = app
            .cases
            .transition_case(
                &governor,
                &id,
                &step("teruskan_ke_menteri", &["surat_pengantar_gubernur"], &[]),
            )
            .await
            .unwrap();
        assert_eq!(v.stage.code, "verifikasi");

        // Verification needs the reviewers' attestations.
        let err = app
            .cases
            .transition_case(
                &kemendagri,
                &id,
                &step("setujui_verifikasi", &["pertimbangan_menteri"], &[]),
            )
            .await
            .unwrap_err();
        let text = refusal_text(err);
        assert!(text.contains("P4") && text.contains("P8"), "{text}");
        for rule in ["P2", "P4", "P5", "P8", "P9"] {
            app.cases
                .decide_requirement(
                    &kemendagri,
                    &id,
                    &DecisionInput {
                        rule: rule.into(),
                        outcome: "pass".into(),
                        reason: Some("Dinilai dalam rapat verifikasi".into()),
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
        }
        // A regional officer cannot attest for Kemendagri, nor Kemlu for a rule only
        // Kemendagri attests.
        let err = app
            .cases
            .decide_requirement(
                &officer,
                &id,
                &DecisionInput {
                    rule: "P4".into(),
                    outcome: "pass".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
        let err = app
            .cases
            .decide_requirement(
                &kemlu,
                &id,
                &DecisionInput {
                    rule: "P5".into(),
                    outcome: "pass".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("role_not_allowed"));

        let v = app
            .cases
            .transition_case(
                &kemendagri,
                &id,
                &step("setujui_verifikasi", &["pertimbangan_menteri"], &[]),
            )
            .await
            .unwrap();
        assert_eq!(v.stage.code, "penyusunan_naskah");
        // The draft must have every clause of Pasal 20(5).
        let err = app
            .cases
            .transition_case(
                &approver,
                &id,
                &step("ajukan_naskah_ke_gubernur", &["rancangan_naskah"], &[]),
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("Pasal 20 ayat (5)"));
        let mut with_clauses = step("ajukan_naskah_ke_gubernur", &["rancangan_naskah"], &[]);
        with_clauses.declarations = Some(Declarations {
            draft_clauses: REQUIRED_CLAUSES.iter().map(|c| c.0.to_owned()).collect(),
            ..v.case.declarations.clone()
        });
        app.cases.transition_case(&approver, &id, &with_clauses).await.unwrap();
        let rest: Vec<(&Ctx, TransitionInput, &str)> = vec![
            (
                &governor,
                step("teruskan_naskah", &["surat_pengantar_gubernur"], &[]),
                "naskah_diajukan",
            ),
            (
                &kemendagri,
                step("jadwalkan_rapat", &[], &[("meeting_on", "2026-01-05")]),
                "rapat_interkementerian",
            ),
            (
                &kemendagri,
                step("catat_notulen", &["notulen_rapat_interkementerian"], &[]),
                "negosiasi_kemlu",
            ),
            (
                &kemlu,
                step("terbitkan_surat_konfirmasi", &["surat_konfirmasi"], &[]),
                "menunggu_persetujuan_menteri",
            ),
            (
                &kemendagri,
                step("setujui_naskah", &["persetujuan_menteri"], &[]),
                "disetujui_menteri",
            ),
        ];
        for (ctx, input, expected) in rest {
            let v = app
                .cases
                .transition_case(ctx, &id, &input)
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", input.transition));
            assert_eq!(v.stage.code, expected, "{}", input.transition);
        }
        // A term over five years is refused (Pasal 32).
        let err = app
            .cases
            .transition_case(
                &officer,
                &id,
                &step(
                    "tandatangani",
                    &["naskah_kerja_sama"],
                    &[("signed_on", "2026-01-05"), ("expires_on", "2031-02-01")],
                ),
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("Pasal 32"));
        let v = app
            .cases
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
            .unwrap();
        assert_eq!(v.stage.code, "ditandatangani");
        let agreement_id = v.case.agreement_id.expect("signing registers the agreement");
        let agreement = app
            .registry
            .get_agreement(&jalin_testkit::operator(), &agreement_id.to_string())
            .await
            .unwrap();
        assert_eq!(agreement.status.as_str(), "in_force");
        assert_eq!(agreement.parties.len(), 2);
        assert_eq!(agreement.legal_basis, "pmdn_25_2020");
        let v = app
            .cases
            .transition_case(
                &officer,
                &id,
                &step("serahkan_naskah_asli", &["tanda_terima_naskah_asli"], &[]),
            )
            .await
            .unwrap();
        assert_eq!(v.stage.code, "berlaku");
        // The history replays to the current state.
        let steps: Vec<_> = v
            .history
            .iter()
            .filter(|e| e.kind == jalin_domain::case::EventKind::Transition)
            .map(|e| jalin_domain::procedure::engine::Step {
                transition: e.transition.clone().unwrap(),
                from: e.from_state.clone().unwrap(),
                to: e.to_state.clone().unwrap(),
            })
            .collect();
        let def = jalin_domain::procedure::definitions::find("luar_negeri_pmdn25", 1).unwrap();
        assert_eq!(jalin_domain::procedure::engine::replay(def, &steps), Ok("berlaku"));
        assert_eq!(v.documents.len(), 19, "every document of the walk is on file");
    })
    .await;
}

#[tokio::test]
async fn refusals_explain_themselves_p1_p7_and_waivers() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-02-02 02:00 UTC)).await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let approver = user(&app, Role::RegionalApprover, Some("64.02"));
        let kemendagri = user(&app, Role::KemendagriReviewer, None);

        // P1: a partner in Israel cannot get past the consultation before the LoI.
        let v = app.cases.open_case(&officer, &kukar_with(TEL_AVIV)).await.unwrap();
        let id = v.case.id.to_string();
        app.cases
            .transition_case(&officer, &id, &step("mulai_penjajakan", &["surat_minat"], &[]))
            .await
            .unwrap();
        let err = app
            .cases
            .transition_case(
                &approver,
                &id,
                &step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]),
            )
            .await
            .unwrap_err();
        let text = refusal_text(err);
        assert!(
            text.contains("P1") && text.contains("Israel") && text.contains("Pasal 27"),
            "{text}"
        );
        // P1 cannot be waived.
        let err = app
            .cases
            .decide_requirement(
                &kemendagri,
                &id,
                &DecisionInput {
                    rule: "P1".into(),
                    outcome: "waived".into(),
                    reason: Some("x".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("cannot be waived"));

        // The same check without a case.
        let report = app
            .cases
            .evaluate_proposal(
                &officer,
                &ProposalInput {
                    form: Some("KSDPL".into()),
                    subtype: Some("sister_city".into()),
                    region_code: Some("64.02".into()),
                    partner: Some(PartyInput {
                        geonameid: Some(1_668_341),
                        ..Default::default()
                    }),
                    objects: vec!["cultural_exchange".into()],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(!report.eligible);
        let p1 = report.results.iter().find(|r| r.rule.as_str() == "P1").unwrap();
        assert_eq!(p1.outcome, Outcome::Fail);
        assert!(p1.explanation_id.contains("Taiwan") && p1.explanation_en.contains("Taiwan"));

        // P7: a province paired with a city fails unless Kemendagri waives it.
        let mut province = kukar_with(KITAKYUSHU);
        province.region_code = Some("64".into());
        province.subtype = Some("other_foreign_government".into());
        let province_officer = user(&app, Role::RegionalOfficer, Some("64"));
        let province_approver = user(&app, Role::RegionalApprover, Some("64"));
        let v = app.cases.open_case(&province_officer, &province).await.unwrap();
        let id = v.case.id.to_string();
        app.cases
            .transition_case(&province_officer, &id, &step("mulai_penjajakan", &["surat_minat"], &[]))
            .await
            .unwrap();
        let consult = step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]);
        let err = app
            .cases
            .transition_case(&province_approver, &id, &consult)
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("P7"));
        let err = app
            .cases
            .decide_requirement(
                &province_approver,
                &id,
                &DecisionInput {
                    rule: "P7".into(),
                    outcome: "waived".into(),
                    reason: Some("x".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
        let err = app
            .cases
            .decide_requirement(
                &kemendagri,
                &id,
                &DecisionInput {
                    rule: "P7".into(),
                    outcome: "waived".into(),
                    reason: None,
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "a waiver needs a reason");
        let v = app
            .cases
            .decide_requirement(
                &kemendagri,
                &id,
                &DecisionInput {
                    rule: "P7".into(),
                    outcome: "waived".into(),
                    reason: Some("Kitakyushu setara wilayah dengan kawasan industri Kaltim".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let p7 = v.requirements.iter().find(|r| r.rule.as_str() == "P7").unwrap();
        assert_eq!(p7.outcome, Outcome::Waived);
        assert!(p7.decided_by.as_deref().unwrap().contains("kemendagri_reviewer"));
        let v = app
            .cases
            .transition_case(&province_approver, &id, &consult)
            .await
            .unwrap();
        assert_eq!(v.stage.code, "konsultasi_menteri");

        // An illegal step from the wrong stage.
        let err = app
            .cases
            .transition_case(
                &province_officer,
                &id,
                &step("tandatangani", &["naskah_kerja_sama"], &[]),
            )
            .await
            .unwrap_err();
        assert!(refusal_text(err).contains("wrong_state"));
    })
    .await;
}

#[tokio::test]
async fn dprd_silence_for_45_working_days_across_lebaran_is_deemed_approval_on_the_right_date() {
    each_backend(|db| async move {
        // The day the DPRD Secretariat receives the request: a receipt cannot be recorded
        // before it happened.
        let start = app_at(&db, datetime!(2026-02-27 02:00 UTC)).await;
        let officer = user(&start, Role::RegionalOfficer, Some("64.02"));
        let approver = user(&start, Role::RegionalApprover, Some("64.02"));
        let kemendagri = user(&start, Role::KemendagriReviewer, None);
        let id = start
            .cases
            .open_case(&officer, &kukar_with(KITAKYUSHU))
            .await
            .unwrap()
            .case
            .id
            .to_string();
        for (ctx, input) in [
            (&officer, step("mulai_penjajakan", &["surat_minat"], &[])),
            (
                &approver,
                step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"], &[]),
            ),
            (&kemendagri, step("tanggapi_konsultasi", &["tanggapan_menteri"], &[])),
            (
                &officer,
                step(
                    "tandatangani_loi",
                    &["loi", "tembusan_loi"],
                    &[("loi_signed_on", "2026-02-02")],
                ),
            ),
            (&officer, step("susun_rencana", &["rencana_kerja_sama"], &[])),
            // Received by the DPRD Secretariat on Friday 27 February 2026.
            (
                &approver,
                step(
                    "ajukan_dprd",
                    &["surat_permohonan_dprd"],
                    &[("dprd_received_on", "2026-02-27")],
                ),
            ),
        ] {
            start.cases.transition_case(ctx, &id, &input).await.unwrap();
        }
        let v = start.cases.get_case(&officer, &id).await.unwrap();
        let timer = v.timers.iter().find(|t| t.code == "dprd_45_hari_kerja").unwrap();
        // 45 working days, skipping weekends, Nyepi, Idul Fitri with its collective leave,
        // Good Friday and Labour Day: the last day is Tuesday 12 May 2026.
        assert_eq!(timer.deadline.unwrap().to_string(), "2026-05-12");
        assert!(timer.calendar_complete);

        let on_deadline = app_at(&db, datetime!(2026-05-12 10:00 UTC).to_offset(WIB)).await;
        let report = on_deadline.cases.run_timers().await.unwrap();
        assert!(report.fired.is_empty(), "{report:?}");
        assert_eq!(
            on_deadline.cases.get_case(&officer, &id).await.unwrap().stage.code,
            "diajukan_dprd"
        );

        let day_after = app_at(&db, datetime!(2026-05-13 01:00 UTC)).await;
        let report = day_after.cases.run_timers().await.unwrap();
        assert_eq!(report.fired.len(), 1, "{report:?}");
        let v = day_after.cases.get_case(&officer, &id).await.unwrap();
        assert_eq!(v.stage.code, "disetujui_dprd");
        let deemed = v
            .history
            .iter()
            .find(|e| e.transition.as_deref() == Some("dprd_dianggap_menyetujui"))
            .unwrap();
        assert_eq!(deemed.role, Role::System);
        assert_eq!(deemed.at.to_offset(WIB).date().to_string(), "2026-05-13");
        let p12 = v.requirements.iter().find(|r| r.rule.as_str() == "P12").unwrap();
        assert_eq!(p12.outcome, Outcome::Pass);
        assert!(p12.explanation_en.contains("deemed"));
        // Running the timers again changes nothing.
        assert!(day_after.cases.run_timers().await.unwrap().fired.is_empty());
    })
    .await;
}

#[tokio::test]
async fn concurrent_transitions_never_both_succeed_and_no_update_is_lost() {
    each_backend(|db| async move {
        let app = Arc::new(app_at(&db, datetime!(2026-02-02 02:00 UTC)).await);
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let id = app
            .cases
            .open_case(&officer, &kukar_with(KITAKYUSHU))
            .await
            .unwrap()
            .case
            .id
            .to_string();
        // Two clients, both from version 1, race for the same step.
        let mut attempt = step("mulai_penjajakan", &["surat_minat"], &[]);
        attempt.expected_version = Some(1);
        let (a, b) = tokio::join!(
            app.cases.transition_case(&officer, &id, &attempt),
            app.cases.transition_case(&officer, &id, &attempt)
        );
        assert_eq!(
            [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
            1,
            "exactly one wins on {}",
            db.backend
        );
        let loser = if a.is_ok() { b } else { a };
        assert!(
            matches!(loser, Err(AppError::VersionMismatch { .. }) | Err(AppError::Refused(_))),
            "{loser:?}"
        );
        let v = app.cases.get_case(&officer, &id).await.unwrap();
        assert_eq!(v.case.version, 2);
        assert_eq!(v.history.len(), 2);

        // Without a version, concurrent decisions are serialised on SQLite (one writer): all
        // succeed and none is lost. On PostgreSQL they race for the case's version: the first
        // to commit wins and each that read the version before it gets the conflict.
        let kemendagri = user(&app, Role::KemendagriReviewer, None);
        let decide = |rule: &'static str| {
            let app = app.clone();
            let ctx = kemendagri.clone();
            let id = id.clone();
            async move {
                app.cases
                    .decide_requirement(
                        &ctx,
                        &id,
                        &DecisionInput {
                            rule: rule.into(),
                            outcome: "pass".into(),
                            ..Default::default()
                        },
                    )
                    .await
            }
        };
        let results =
            futures_util::future::join_all(vec![decide("P4"), decide("P5"), decide("P8"), decide("P9")]).await;
        let ok = results.iter().filter(|r| r.is_ok()).count();
        let expected = if db.backend == "sqlite" { 4..=4 } else { 1..=4 };
        assert!(
            expected.contains(&ok),
            "{ok} of 4 decisions succeeded on {}: {results:?}",
            db.backend
        );
        let v = app.cases.get_case(&officer, &id).await.unwrap();
        assert_eq!(v.case.version, 2 + ok as i64);
        assert_eq!(v.history.len(), 2 + ok);
        for r in results.iter().filter(|r| r.is_err()) {
            assert!(matches!(r, Err(AppError::VersionMismatch { .. })), "{r:?}");
        }
        let seqs: Vec<i64> = v.history.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=v.history.len() as i64).collect::<Vec<_>>());
    })
    .await;
}
