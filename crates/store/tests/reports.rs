//! Storage stories for reports and monitoring visits, on SQLite and (when configured)
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::ports::store::{Page, ReportFilter, StoreError};
use jalin_domain::ids::{AgreementId, ReportId, VisitId};
use jalin_domain::monitoring::report::{
    Report, ReportEvent, ReportItem, ReportPeriod, ReportSchedule, ReportStatus, Visit,
};
use jalin_domain::role::Role;
use jalin_testkit::{each_backend, test_now};
use time::macros::date;

fn report(agreement: AgreementId, region: &str, period: ReportPeriod) -> Report {
    Report {
        id: ReportId::new(),
        agreement_id: agreement,
        region_code: region.parse().unwrap(),
        period,
        items: [
            (ReportItem::Title, "Judul".to_owned()),
            (ReportItem::Progress, "- 2025-05-10: Kunjungan".to_owned()),
        ]
        .into_iter()
        .collect(),
        status: ReportStatus::Draft,
        due_on: date!(2026 - 01 - 07),
        submitted_at: None,
        submitted_by: None,
        reviewed_at: None,
        reviewed_by: None,
        review_comment: None,
        created_by: "user:a@test".into(),
        created_at: test_now(),
        updated_at: test_now(),
        version: 1,
    }
}

fn event(seq: i64, action: &str) -> ReportEvent {
    ReportEvent {
        seq,
        action: action.into(),
        actor: "user:a@test".into(),
        role: Role::RegionalOfficer,
        comment: Some("catatan".into()),
        at: test_now(),
    }
}

#[tokio::test]
async fn reports_are_stored_versioned_listed_and_counted() {
    each_backend(|db| async move {
        let app = db.app().await;
        let system = app.system_ctx("test");
        let agreement = app
            .registry
            .create_agreement(
                &system,
                &serde_json::from_value(serde_json::json!({
                    "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
                    "title_id": "Kota kembar", "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
                    "objects": ["cultural_exchange"], "fields": ["2.11"],
                    "signed_on": "2023-03-01", "expires_on": "2028-02-28"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let a = agreement.id;
        let mut first = report(a, "64.02", ReportPeriod::annual(2025));
        let mut tx = db.store.write().await.unwrap();
        tx.reports().insert_report(&first, &event(1, "drafted")).await.unwrap();
        tx.commit().await.unwrap();
        // One report per region, agreement and period (the refused write is rolled back).
        let mut tx = db.store.write().await.unwrap();
        let again = report(a, "64.02", ReportPeriod::annual(2025));
        assert!(matches!(
            tx.reports().insert_report(&again, &event(1, "drafted")).await,
            Err(StoreError::Conflict(_))
        ));
        drop(tx);

        let mut tx = db.store.write().await.unwrap();
        assert_eq!(tx.reports().get_report(first.id).await.unwrap().unwrap(), first);
        first.status = ReportStatus::Submitted;
        first.submitted_at = Some(test_now());
        first.submitted_by = Some("user:a@test".into());
        first.version = 2;
        tx.reports()
            .update_report(&first, 1, &event(2, "submitted"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        // A change from a stale version is a conflict.
        let mut tx = db.store.write().await.unwrap();
        assert!(matches!(
            tx.reports().update_report(&first, 1, &event(3, "edited")).await,
            Err(StoreError::Conflict(_))
        ));
        drop(tx);

        let mut tx = db.store.read().await.unwrap();
        assert_eq!(tx.reports().get_report(first.id).await.unwrap().unwrap(), first);
        let events = tx.reports().report_events(first.id).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["drafted", "submitted"]
        );
        assert_eq!(events[0], event(1, "drafted"));
        let filed = tx
            .reports()
            .filed_annual_reports(&"64.02".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(filed, vec![(a, 2025)]);
        let cases = [
            (
                ReportFilter {
                    province: Some("64".parse().unwrap()),
                    ..Default::default()
                },
                1,
            ),
            (
                ReportFilter {
                    province: Some("32".parse().unwrap()),
                    ..Default::default()
                },
                0,
            ),
            (
                ReportFilter {
                    by_province: Some(true),
                    ..Default::default()
                },
                0,
            ),
            (
                ReportFilter {
                    statuses: vec![ReportStatus::Submitted],
                    year: Some(2025),
                    ..Default::default()
                },
                1,
            ),
        ];
        for (filter, total) in cases {
            assert_eq!(
                tx.reports().list_reports(&filter, Page::all()).await.unwrap().total,
                total,
                "{filter:?}"
            );
        }
        // 2024 is owed and overdue, 2025 filed on the test day.
        let facts = tx
            .reports()
            .report_facts(
                &[a, AgreementId::new()],
                &ReportSchedule::default(),
                date!(2026 - 11 - 28),
            )
            .await
            .unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].1.overdue_reports, 1);
        assert_eq!(facts[0].1.last_report_on, Some(date!(2026 - 11 - 28)));
        drop(tx);

        // Visits.
        let visit = |on| Visit {
            id: VisitId::new(),
            agreement_id: a,
            region_code: "64.02".parse().unwrap(),
            visited_on: on,
            visitors: "Tim Kemendagri".into(),
            findings: "Berjalan".into(),
            follow_ups: None,
            recorded_by: "user:k@test".into(),
            recorded_at: test_now(),
        };
        let (old, recent) = (visit(date!(2025 - 01 - 10)), visit(date!(2026 - 06 - 01)));
        let mut tx = db.store.write().await.unwrap();
        tx.reports().insert_visit(&old).await.unwrap();
        tx.reports().insert_visit(&recent).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.store.read().await.unwrap();
        assert_eq!(tx.reports().visits(a).await.unwrap(), vec![recent.clone(), old]);
        assert_eq!(
            tx.reports().visit_days(&[a], date!(2025 - 11 - 28)).await.unwrap(),
            vec![(a, date!(2026 - 06 - 01))]
        );
    })
    .await;
}
