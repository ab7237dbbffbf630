//! Implementation of an agreement through the use cases, on SQLite and PostgreSQL: the
//! action plan, activities with evidence, a PDLN trip with its permit and report, the
//! reminder sweep; refusals (another region, the future, the wrong agreement).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ctx::{Actor, Ctx, UserActor};
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::store::{AuditFilter, Page};
use jalin_app::{App, AppError};
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::ids::UserId;
use jalin_domain::monitoring::activity::{ActivityInput, ActivityKind};
use jalin_domain::monitoring::plan::{IndicatorInput, PlanItemInput};
use jalin_domain::monitoring::travel::{
    DelegateInput, PermitInput, PermitStatus, TravelInput, TripReportInput, TripReportStatus,
};
use jalin_domain::role::Role;
use jalin_testkit::{each_backend, test_now};
use std::sync::Arc;
use time::macros::datetime;

fn user(app: &App, role: Role, region: &str) -> Ctx {
    app.ctx(
        Actor::User(UserActor {
            id: UserId::new(),
            name: format!("{}@test", role.as_str()),
            role,
            region: Some(region.parse().unwrap()),
            cases: vec![],
            token_scopes: None,
        }),
        "test",
    )
}

/// A signed sister-city agreement of Kota Bandung.
fn bandung() -> AgreementInput {
    AgreementInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        tier: Some("mou".into()),
        status: Some("in_force".into()),
        title_id: Some("Kerja Sama Kota Kembar Bandung–Suwon".into()),
        parties: Some(vec![
            PartyInput {
                region_code: Some("32.73".into()),
                ..Default::default()
            },
            PartyInput {
                geonameid: Some(1_835_553),
                ..Default::default()
            },
        ]),
        objects: Some(vec!["cultural_exchange".into()]),
        signed_on: Some("2023-03-01".into()),
        expires_on: Some("2028-02-28".into()),
        ..Default::default()
    }
}

fn plan() -> PlanItemInput {
    PlanItemInput {
        field: Some("1.01".into()),
        activity: Some("Pertukaran guru".into()),
        lead_opd: Some("Dinas Pendidikan".into()),
        start_on: Some("2027-01-01".into()),
        end_on: Some("2027-12-31".into()),
        budget_source: Some("apbd".into()),
        budget_planned: Some(40_000_000),
        indicators: Some(vec![IndicatorInput {
            text: Some("20 guru".into()),
            sdg_indicators: Some(vec!["4.c.1".into()]),
        }]),
        ..Default::default()
    }
}

fn trip(departure: &str, back: &str) -> TravelInput {
    TravelInput {
        delegation: Some(vec![DelegateInput {
            name: Some("Ir. Budi".into()),
            position: Some("Kepala Bappelitbang".into()),
        }]),
        country: Some("KR".into()),
        city: Some("Suwon".into()),
        departure_on: Some(departure.into()),
        return_on: Some(back.into()),
        permit_reference: Some("B-77/2026".into()),
        cost: Some(75_000_000),
        ..Default::default()
    }
}

fn field_code(e: &AppError) -> Vec<(String, String)> {
    match e {
        AppError::Invalid(f) => f.iter().map(|e| (e.field.clone(), e.code.clone())).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_officer_plans_records_travels_and_reports_and_others_are_refused() {
    each_backend(|db| async move {
        let app = db.app().await;
        let system = app.system_ctx("test");
        let a = app.registry.create_agreement(&system, &bandung()).await.unwrap();
        let id = a.id.to_string();
        let officer = user(&app, Role::RegionalOfficer, "32.73");
        let province = user(&app, Role::ProvinceOfficer, "32");
        let stranger = user(&app, Role::RegionalOfficer, "64.02");

        // The plan: an item by the officer, changed by the province.
        let item = app.monitoring.create_plan_item(&officer, &id, &plan()).await.unwrap();
        let mut changed = plan();
        changed.budget_planned = Some(45_000_000);
        let item = app
            .monitoring
            .update_plan_item(&province, &id, &item.id.to_string(), &changed, Some(1))
            .await
            .unwrap();
        assert_eq!((item.version, item.budget_planned), (2, 45_000_000));
        assert!(matches!(
            app.monitoring
                .update_plan_item(&officer, &id, &item.id.to_string(), &changed, Some(1))
                .await,
            Err(AppError::VersionMismatch { current: 2 })
        ));
        let mut bad = plan();
        bad.field = Some("9.99".into());
        let e = app.monitoring.create_plan_item(&officer, &id, &bad).await.unwrap_err();
        assert_eq!(field_code(&e), vec![("field".into(), "unknown_reference".into())]);

        // Another region's officer may read but not change.
        assert!(matches!(
            app.monitoring.create_plan_item(&stranger, &id, &plan()).await,
            Err(AppError::Forbidden(_))
        ));
        assert_eq!(app.monitoring.action_plan(&stranger, &id).await.unwrap().len(), 1);

        // An exchange under the plan item, with evidence; a future one is refused.
        let activity = ActivityInput {
            occurred_on: Some("2026-11-02".into()),
            title: Some("Pertukaran guru gelombang 1".into()),
            kind: Some("exchange".into()),
            cost: Some(5_000_000),
            participants: Some(12),
            plan_item_id: Some(item.id.to_string()),
            ..Default::default()
        };
        let recorded = app.monitoring.record_activity(&officer, &id, &activity).await.unwrap();
        assert_eq!(recorded.kind, ActivityKind::Exchange);
        let file = app
            .monitoring
            .add_evidence(&officer, &id, &recorded.id.to_string(), b"Daftar hadir", "hadir.txt")
            .await
            .unwrap();
        let (_, bytes) = app
            .monitoring
            .evidence_content(&stranger, &id, &recorded.id.to_string(), &file.sha256)
            .await
            .unwrap();
        assert_eq!(bytes, b"Daftar hadir");
        let future = ActivityInput {
            occurred_on: Some("2026-12-01".into()),
            ..activity.clone()
        };
        let e = app
            .monitoring
            .record_activity(&officer, &id, &future)
            .await
            .unwrap_err();
        assert!(field_code(&e).contains(&("occurred_on".into(), "in_future".into())));
        assert!(matches!(
            app.monitoring.record_activity(&stranger, &id, &activity).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.monitoring
                .add_evidence(&stranger, &id, &recorded.id.to_string(), b"x", "x.txt")
                .await,
            Err(AppError::Forbidden(_))
        ));
        // A plan item of another agreement is not this one's.
        let other = app.registry.create_agreement(&system, &bandung()).await.unwrap();
        let e = app
            .monitoring
            .record_activity(&officer, &other.id.to_string(), &activity)
            .await
            .unwrap_err();
        assert_eq!(
            field_code(&e),
            vec![("plan_item_id".into(), "unknown_reference".into())]
        );

        // A trip planned ahead is accepted; one back on 1 November owes its report on the 15th.
        let planned = app
            .monitoring
            .record_travel(&officer, &id, &trip("2027-02-01", "2027-02-05"))
            .await
            .unwrap();
        assert_eq!(planned.report_status, TripReportStatus::Pending);
        let made = app
            .monitoring
            .record_travel(&officer, &id, &trip("2026-10-27", "2026-11-01"))
            .await
            .unwrap();
        assert_eq!(made.travel.report_due_on.to_string(), "2026-11-15");
        assert!(made.report_overdue);
        let trip_id = made.travel.activity_id.to_string();
        let e = app
            .monitoring
            .record_travel(&officer, &id, &trip("2027-02-10", "2027-02-01"))
            .await
            .unwrap_err();
        assert!(field_code(&e).contains(&("return_on".into(), "before_departure".into())));
        let e = app
            .monitoring
            .file_trip_report(
                &officer,
                &id,
                &planned.travel.activity_id.to_string(),
                &TripReportInput {
                    text: Some("Belum".into()),
                    document: None,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field_code(&e), vec![("text".into(), "not_returned".into())]);

        // The sweep raises one overdue alert for the region, once.
        assert_eq!(app.monitoring.run_sweep().await.unwrap(), 1);
        assert_eq!(app.monitoring.run_sweep().await.unwrap(), 0);
        let alerts = app.cases.list_alerts(&officer, 50).await.unwrap();
        assert!(
            alerts
                .iter()
                .any(|al| al.code.starts_with("laporan_perjalanan_terlambat:") && al.agreement_id == Some(a.id)),
            "{alerts:?}"
        );
        let facts = app.monitoring.implementation(&officer, &id).await.unwrap().facts;
        assert_eq!(
            (
                facts.plan_items,
                facts.plan_items_with_activity,
                facts.budget_spent,
                facts.overdue_trip_reports
            ),
            (1, 1, 155_000_000, 1)
        );

        // The permit is issued; the report filed with a document of the trip.
        let t = app
            .monitoring
            .update_permit(
                &officer,
                &id,
                &trip_id,
                &PermitInput {
                    permit_status: Some("issued".into()),
                    permit_reference: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(t.travel.permit_status, PermitStatus::Issued);
        assert_eq!(t.travel.permit_reference.as_deref(), Some("B-77/2026"));
        let doc = app
            .monitoring
            .add_evidence(&officer, &id, &trip_id, b"Laporan perjalanan", "laporan.txt")
            .await
            .unwrap();
        let filed = app
            .monitoring
            .file_trip_report(
                &officer,
                &id,
                &trip_id,
                &TripReportInput {
                    text: Some("Delegasi bertemu Wali Kota Suwon.".into()),
                    document: Some(doc.sha256.clone()),
                },
            )
            .await
            .unwrap();
        assert_eq!(filed.report_status, TripReportStatus::Filed);
        assert!(!filed.report_overdue);

        // Every change was audited in its transaction.
        let mut tx = db.store.read().await.unwrap();
        let events = tx
            .audit()
            .list(
                &AuditFilter {
                    target_id: Some(id.clone()),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap();
        let actions: Vec<&str> = events.items.iter().map(|e| e.action.as_str()).collect();
        for code in [
            "plan_item.created",
            "plan_item.updated",
            "activity.recorded",
            "activity.evidence_added",
            "travel.recorded",
            "travel.permit_updated",
            "travel.report_filed",
        ] {
            assert!(actions.contains(&code), "{code} in {actions:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_report_falling_due_raises_a_reminder_and_the_plan_item_can_go() {
    each_backend(|db| async move {
        // On 13 November the report of a trip back on 1 November is due within three days.
        let at = datetime!(2026-11-13 03:00 UTC);
        let app = App::new(db.store.clone(), Arc::new(FixedClock(at))).await.unwrap();
        let system = app.system_ctx("test");
        let a = app.registry.create_agreement(&system, &bandung()).await.unwrap();
        let id = a.id.to_string();
        let officer = user(&app, Role::RegionalApprover, "32.73");
        let made = app
            .monitoring
            .record_travel(&officer, &id, &trip("2026-10-27", "2026-11-01"))
            .await
            .unwrap();
        assert_eq!(made.report_status, TripReportStatus::DueSoon);
        assert_eq!(app.monitoring.run_sweep().await.unwrap(), 1);
        let alerts = app.cases.list_alerts(&officer, 50).await.unwrap();
        assert!(
            alerts.iter().any(|al| al.code.starts_with("laporan_perjalanan:")),
            "{alerts:?}"
        );

        let item = app.monitoring.create_plan_item(&officer, &id, &plan()).await.unwrap();
        app.monitoring
            .delete_plan_item(&officer, &id, &item.id.to_string())
            .await
            .unwrap();
        assert!(matches!(
            app.monitoring
                .delete_plan_item(&officer, &id, &item.id.to_string())
                .await,
            Err(AppError::NotFound(_))
        ));
        assert!(test_now() > at);
    })
    .await;
}
