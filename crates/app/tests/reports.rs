//! Reports on agreements through the use cases, on SQLite and PostgreSQL: a kabupaten with a
//! registry KSDPL in force last year fails P17, drafts its annual report from the recorded
//! activities, submits it and passes; the Governor returns it with comments and accepts it
//! after the fix; semester reports for KSDD; monitoring visits; the region's report status.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::cases::ProposalInput;
use jalin_app::ctx::{Actor, Ctx, UserActor};
use jalin_app::monitoring::{NewReportInput, ReportEditInput, ReportQuery, ReviewInput, SubmitInput, VisitInput};
use jalin_app::ports::store::{AuditFilter, Page};
use jalin_app::{App, AppError};
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::{Outcome, RuleCode};
use jalin_domain::ids::UserId;
use jalin_domain::monitoring::activity::ActivityInput;
use jalin_domain::monitoring::report::{ReportItem, ReportStatus};
use jalin_domain::role::Role;
use jalin_testkit::each_backend;
use serde_json::json;
use std::collections::BTreeMap;
use time::macros::date;

fn user(app: &App, role: Role, region: Option<&str>) -> Ctx {
    app.ctx(
        Actor::User(UserActor {
            id: UserId::new(),
            name: format!("{}-{}@test", role.as_str(), region.unwrap_or("pusat")),
            role,
            region: region.map(|r| r.parse().unwrap()),
            cases: vec![],
            token_scopes: None,
        }),
        "test",
    )
}

async fn registry_agreement(app: &App, body: serde_json::Value) -> String {
    let system = app.system_ctx("test");
    app.registry
        .create_agreement(&system, &serde_json::from_value(body).unwrap())
        .await
        .unwrap()
        .id
        .to_string()
}

async fn kukar_ksdpl(app: &App) -> String {
    registry_agreement(
        app,
        json!({
            "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
            "title_id": "Kerja Sama Kota Kembar Kutai Kartanegara dan Kitakyushu",
            "description_id": "Pengelolaan lingkungan dan pertukaran budaya",
            "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
            "objects": ["cultural_exchange"], "fields": ["2.11"],
            "signed_on": "2023-03-01", "expires_on": "2028-02-28"
        }),
    )
    .await
}

async fn p17(app: &App, ctx: &Ctx) -> Outcome {
    let report = app
        .cases
        .evaluate_proposal(
            ctx,
            &ProposalInput {
                form: Some("KSDPL".into()),
                subtype: Some("sister_city".into()),
                region_code: Some("64.02".into()),
                partner: Some(PartyInput {
                    geonameid: Some(1_835_553),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    report.results.iter().find(|r| r.rule == RuleCode::P17).unwrap().outcome
}

fn all_items() -> BTreeMap<String, String> {
    ReportItem::ALL
        .iter()
        .map(|i| (i.as_str().to_owned(), format!("Isi {}", i.label_id())))
        .collect()
}

fn expect_invalid(result: Result<impl std::fmt::Debug, AppError>, field: &str, code: &str) {
    match result {
        Err(AppError::Invalid(e)) => assert!(
            e.0.iter().any(|f| f.field == field && f.code == code),
            "{field}/{code} not in {e:?}"
        ),
        other => panic!("expected {field}/{code}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_region_that_files_its_annual_report_passes_p17() {
    each_backend(|db| async move {
        let app = db.app().await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let province = user(&app, Role::ProvinceOfficer, Some("64"));
        let id = kukar_ksdpl(&app).await;
        for (on, title) in [
            ("2025-05-10", "Kunjungan delegasi Kitakyushu"),
            ("2026-02-01", "Rapat kelompok kerja"),
        ] {
            let input = ActivityInput {
                occurred_on: Some(on.into()),
                title: Some(title.into()),
                ..Default::default()
            };
            app.monitoring.record_activity(&officer, &id, &input).await.unwrap();
        }
        assert_eq!(p17(&app, &officer).await, Outcome::Fail, "no 2025 report yet");

        // The status shows the 2025 report as owed and overdue (due 7 January 2026).
        let status = app.monitoring.region_report_status(&officer, "64.02").await.unwrap();
        let owed = status.obligations.iter().find(|o| o.period.year == 2025).unwrap();
        assert_eq!(owed.due_on, date!(2026 - 01 - 07));
        assert!(owed.overdue && owed.status.is_none());
        let facts = app
            .monitoring
            .report_facts(
                db.store.read().await.unwrap().as_mut(),
                &[id.parse().unwrap()],
                date!(2026 - 11 - 28),
            )
            .await
            .unwrap();
        assert_eq!(facts[0].1.overdue_reports, 2, "2024 and 2025: {facts:?}");
        assert_eq!(facts[0].1.last_report_on, None);

        // Drafted from the activities of 2025 only.
        let new = NewReportInput {
            year: Some(2025),
            ..Default::default()
        };
        let report = app.monitoring.draft_report(&officer, &id, &new).await.unwrap();
        assert_eq!(report.status, ReportStatus::Draft);
        assert_eq!(report.due_on, date!(2026 - 01 - 07));
        let progress = report.items.get(&ReportItem::Progress).unwrap();
        assert!(
            progress.contains("2025-05-10: Kunjungan delegasi Kitakyushu (kegiatan lain)"),
            "{progress}"
        );
        assert!(!progress.contains("Rapat kelompok kerja"), "{progress}");
        assert!(report.items[&ReportItem::Title].contains("Kitakyushu"));
        let rid = report.id.to_string();
        // One report per region, agreement and period.
        assert!(matches!(
            app.monitoring.draft_report(&officer, &id, &new).await,
            Err(AppError::Conflict(_))
        ));

        // Submitting needs all nine items.
        expect_invalid(
            app.monitoring
                .submit_report(&officer, &rid, &SubmitInput::default())
                .await,
            "items.funding",
            "required",
        );
        let edit = ReportEditInput {
            items: all_items(),
            expected_version: Some(1),
        };
        let edited = app.monitoring.edit_report(&officer, &rid, &edit).await.unwrap();
        assert_eq!(edited.version, 2);
        assert!(matches!(
            app.monitoring.edit_report(&officer, &rid, &edit).await,
            Err(AppError::VersionMismatch { current: 2 })
        ));
        let submitted = app
            .monitoring
            .submit_report(&officer, &rid, &SubmitInput::default())
            .await
            .unwrap();
        assert_eq!(submitted.status, ReportStatus::Submitted);
        assert_eq!(p17(&app, &officer).await, Outcome::Pass, "the filed report counts");

        // The Governor returns it with comments: not filed any more.
        expect_invalid(
            app.monitoring
                .review_report(
                    &province,
                    &rid,
                    &ReviewInput {
                        decision: "return".into(),
                        ..Default::default()
                    },
                )
                .await,
            "comment",
            "required",
        );
        let returned = app
            .monitoring
            .review_report(
                &province,
                &rid,
                &ReviewInput {
                    decision: "return".into(),
                    comment: Some("Lengkapi rincian pembiayaan APBD".into()),
                    expected_version: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(returned.status, ReportStatus::Returned);
        assert_eq!(p17(&app, &officer).await, Outcome::Fail);
        let status = app.monitoring.region_report_status(&officer, "64.02").await.unwrap();
        let owed = status.obligations.iter().find(|o| o.period.year == 2025).unwrap();
        assert_eq!(owed.review_comment.as_deref(), Some("Lengkapi rincian pembiayaan APBD"));

        // Fixed, resubmitted, accepted.
        let mut items = BTreeMap::new();
        items.insert("funding".to_owned(), "APBD 2025: Rp 150.000.000".to_owned());
        let fix = ReportEditInput {
            items,
            expected_version: None,
        };
        app.monitoring.edit_report(&officer, &rid, &fix).await.unwrap();
        app.monitoring
            .submit_report(&officer, &rid, &SubmitInput::default())
            .await
            .unwrap();
        let accept = ReviewInput {
            decision: "accept".into(),
            ..Default::default()
        };
        // A regional officer does not review.
        assert!(matches!(
            app.monitoring.review_report(&officer, &rid, &accept).await,
            Err(AppError::Forbidden(_))
        ));
        let accepted = app.monitoring.review_report(&province, &rid, &accept).await.unwrap();
        assert_eq!(accepted.status, ReportStatus::Accepted);
        assert!(matches!(
            app.monitoring.edit_report(&officer, &rid, &fix).await,
            Err(AppError::Conflict(_))
        ));
        assert_eq!(p17(&app, &officer).await, Outcome::Pass);

        let view = app.monitoring.get_report(&officer, &rid).await.unwrap();
        let actions: Vec<&str> = view.history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "drafted",
                "edited",
                "submitted",
                "returned",
                "edited",
                "resubmitted",
                "accepted"
            ]
        );
        assert!(!view.can_edit && !view.can_review);
        let facts = app
            .monitoring
            .report_facts(
                db.store.read().await.unwrap().as_mut(),
                &[id.parse().unwrap()],
                date!(2026 - 11 - 28),
            )
            .await
            .unwrap();
        assert_eq!(facts[0].1.overdue_reports, 1, "2024 is still owed");
        assert_eq!(facts[0].1.last_report_on, Some(date!(2026 - 11 - 28)));

        // Every step is in the audit trail.
        let mut tx = db.store.read().await.unwrap();
        let trail = tx
            .audit()
            .list(
                &AuditFilter {
                    target_type: Some("report".into()),
                    target_id: Some(rid.clone()),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap();
        assert_eq!(trail.total, 7);
    })
    .await;
}

#[tokio::test]
async fn scopes_and_reviewers_follow_the_regulation() {
    each_backend(|db| async move {
        let app = db.app().await;
        let id = kukar_ksdpl(&app).await;
        let bandung = user(&app, Role::RegionalOfficer, Some("32.73"));
        let kemendagri = user(&app, Role::KemendagriReviewer, None);
        let province = user(&app, Role::ProvinceOfficer, Some("64"));
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let new = NewReportInput {
            year: Some(2025),
            ..Default::default()
        };
        assert!(matches!(
            app.monitoring.draft_report(&bandung, &id, &new).await,
            Err(AppError::Forbidden(_))
        ));
        // Only periods of the agreement's kind, begun, while it was in force.
        let semester = NewReportInput {
            kind: Some("semester".into()),
            ..new.clone()
        };
        expect_invalid(
            app.monitoring.draft_report(&officer, &id, &semester).await,
            "kind",
            "invalid_choice",
        );
        let future = NewReportInput {
            year: Some(2027),
            ..Default::default()
        };
        expect_invalid(
            app.monitoring.draft_report(&officer, &id, &future).await,
            "year",
            "in_future",
        );
        let before = NewReportInput {
            year: Some(2022),
            ..Default::default()
        };
        expect_invalid(
            app.monitoring.draft_report(&officer, &id, &before).await,
            "year",
            "not_in_force",
        );

        // A province's own report is due in the second week and reviewed by Kemendagri.
        let own = registry_agreement(
            &app,
            json!({
                "form": "KSDPL", "subtype": "sister_province", "tier": "mou", "status": "in_force",
                "title_id": "Kerja Sama Provinsi Kembar Kalimantan Timur dan Fukuoka",
                "parties": [{"region_code": "64"}, {"subdivision_code": "JP-40"}],
                "objects": ["cultural_exchange"], "fields": ["2.11"],
                "signed_on": "2022-03-01", "expires_on": "2027-02-28"
            }),
        )
        .await;
        let report = app.monitoring.draft_report(&province, &own, &new).await.unwrap();
        assert_eq!(report.due_on, date!(2026 - 01 - 14));
        let rid = report.id.to_string();
        app.monitoring
            .edit_report(
                &province,
                &rid,
                &ReportEditInput {
                    items: all_items(),
                    expected_version: None,
                },
            )
            .await
            .unwrap();
        app.monitoring
            .submit_report(&province, &rid, &SubmitInput::default())
            .await
            .unwrap();
        let accept = ReviewInput {
            decision: "accept".into(),
            ..Default::default()
        };
        assert!(matches!(
            app.monitoring.review_report(&province, &rid, &accept).await,
            Err(AppError::Forbidden(_))
        ));
        // The province's queue holds its kabupaten/kota's reports, Kemendagri's everything.
        let queue = ReportQuery {
            queue: Some(true),
            ..Default::default()
        };
        assert_eq!(
            app.monitoring
                .list_reports(&province, &queue, Page::all())
                .await
                .unwrap()
                .total,
            0
        );
        assert_eq!(
            app.monitoring
                .list_reports(&kemendagri, &queue, Page::all())
                .await
                .unwrap()
                .total,
            1
        );
        app.monitoring.review_report(&kemendagri, &rid, &accept).await.unwrap();
        // A regional officer lists its own region's reports only.
        assert_eq!(
            app.monitoring
                .list_reports(&officer, &ReportQuery::default(), Page::all())
                .await
                .unwrap()
                .total,
            0
        );
        assert!(app.monitoring.region_report_status(&bandung, "64.02").await.is_err());
    })
    .await;
}

#[tokio::test]
async fn ksdd_owes_semester_reports_and_visits_are_counted() {
    each_backend(|db| async move {
        let app = db.app().await;
        let officer = user(&app, Role::RegionalOfficer, Some("64.02"));
        let kemendagri = user(&app, Role::KemendagriReviewer, None);
        let ksdd = registry_agreement(
            &app,
            json!({
                "form": "KSDD", "subtype": "voluntary", "tier": "pks", "status": "in_force",
                "title_id": "Kerja Sama Pengelolaan Sampah Regional",
                "parties": [{"region_code": "64.02"}, {"region_code": "64.72"}],
                "objects": ["government_capacity"], "fields": ["2.11"],
                "signed_on": "2025-02-01", "expires_on": "2029-01-31"
            }),
        )
        .await;
        expect_invalid(
            app.monitoring
                .draft_report(
                    &officer,
                    &ksdd,
                    &NewReportInput {
                        year: Some(2026),
                        ..Default::default()
                    },
                )
                .await,
            "semester",
            "required",
        );
        let report = app
            .monitoring
            .draft_report(
                &officer,
                &ksdd,
                &NewReportInput {
                    year: Some(2026),
                    semester: Some(1),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(report.region_code.as_str(), "64.02");
        assert_eq!(report.due_on, date!(2026 - 07 - 30));
        let status = app.monitoring.region_report_status(&officer, "64.02").await.unwrap();
        let periods: Vec<String> = status.obligations.iter().map(|o| o.period.label()).collect();
        assert_eq!(periods, ["2025-S1", "2025-S2", "2026-S1"]);

        // Monitoring visits: the foreign agreement has too few until the second one.
        let ksdpl = kukar_ksdpl(&app).await;
        let visit = |on: &str| VisitInput {
            visited_on: Some(on.into()),
            visitors: Some("Tim Pusat Fasilitasi Kerja Sama".into()),
            findings: Some("Kegiatan berjalan".into()),
            ..Default::default()
        };
        expect_invalid(
            app.monitoring
                .record_visit(&kemendagri, &ksdpl, &visit("2026-12-01"))
                .await,
            "visited_on",
            "in_future",
        );
        assert!(matches!(
            app.monitoring
                .record_visit(&officer, &ksdpl, &visit("2026-03-01"))
                .await,
            Err(AppError::Forbidden(_))
        ));
        app.monitoring
            .record_visit(&kemendagri, &ksdpl, &visit("2026-03-01"))
            .await
            .unwrap();
        let check = |s: &jalin_app::monitoring::ReportStatusView| {
            s.visits
                .iter()
                .find(|v| v.agreement_id.to_string() == ksdpl)
                .unwrap()
                .clone()
        };
        let status = app.monitoring.region_report_status(&officer, "64.02").await.unwrap();
        assert!(check(&status).too_few);
        app.monitoring
            .record_visit(&kemendagri, &ksdpl, &visit("2026-09-15"))
            .await
            .unwrap();
        let status = app.monitoring.region_report_status(&officer, "64.02").await.unwrap();
        assert_eq!(check(&status).visits_last_12_months, 2);
        assert!(!check(&status).too_few);
        assert_eq!(app.monitoring.list_visits(&officer, &ksdpl).await.unwrap().len(), 2);
        // The overview of Kemendagri spans the country.
        let overview = app.monitoring.report_overview(&kemendagri).await.unwrap();
        assert!(overview.counts.owed >= 4, "{:?}", overview.counts);
    })
    .await;
}
