//! Conformance stories for the implementation repository (action plans, activities with
//! evidence, travels), on SQLite and, when configured, PostgreSQL.

use jalin_app::ports::store::StoreError;
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::case::DocumentFile;
use jalin_domain::ids::AgreementId;
use jalin_domain::monitoring::PlanFacts;
use jalin_domain::monitoring::activity::{ActivityInput, ActivityKind};
use jalin_domain::monitoring::plan::{IndicatorInput, PlanItemInput};
use jalin_domain::monitoring::travel::{DelegateInput, PermitStatus, TravelInput, TripReport};
use jalin_testkit::{each_backend, test_now};
use time::macros::date;

fn sister_city() -> AgreementInput {
    AgreementInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        tier: Some("mou".into()),
        status: Some("in_force".into()),
        title_id: Some("Kerja Sama Kota Kembar Kota Bandung dan Suwon".into()),
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
        effective_on: Some("2023-03-01".into()),
        expires_on: Some("2028-02-28".into()),
        ..Default::default()
    }
}

fn plan_input(budget: i64) -> PlanItemInput {
    PlanItemInput {
        field: Some("1.01".into()),
        activity: Some("Pertukaran guru".into()),
        lead_opd: Some("Dinas Pendidikan".into()),
        partner_unit: Some("Suwon Office of Education".into()),
        start_on: Some("2026-01-01".into()),
        end_on: Some("2027-12-31".into()),
        budget_source: Some("apbd".into()),
        budget_planned: Some(budget),
        indicators: Some(vec![IndicatorInput {
            text: Some("20 guru".into()),
            sdg_indicators: Some(vec!["4.c.1".into()]),
        }]),
    }
}

#[tokio::test]
async fn plans_activities_evidence_and_travels_are_stored_and_add_up() {
    each_backend(|db| async move {
        let app = db.app().await;
        let ctx = app.system_ctx("test");
        let a = app.registry.create_agreement(&ctx, &sister_city()).await.unwrap();
        let now = test_now();
        let today = now.date();

        // Two plan items; one is changed, with an optimistic version check.
        let item = plan_input(50_000_000)
            .parse()
            .unwrap()
            .into_item(a.id, "officer".into(), now);
        let other = plan_input(10_000_000)
            .parse()
            .unwrap()
            .into_item(a.id, "officer".into(), now);
        let mut tx = db.store.write().await.unwrap();
        tx.implementation().insert_plan_item(&item).await.unwrap();
        tx.implementation().insert_plan_item(&other).await.unwrap();
        let mut changed = plan_input(60_000_000).parse().unwrap().apply_to(&item, now);
        changed.partner_unit = None;
        tx.implementation().update_plan_item(&changed, 1).await.unwrap();
        assert!(matches!(
            tx.implementation().update_plan_item(&changed, 1).await,
            Err(StoreError::Conflict(_))
        ));
        tx.commit().await.unwrap();

        // An activity under the first item, with evidence; and an old-style one.
        let mut activity = ActivityInput {
            occurred_on: Some("2026-10-05".into()),
            title: Some("Pertukaran guru gelombang 1".into()),
            kind: Some("exchange".into()),
            outputs: Some("10 guru".into()),
            cost: Some(12_500_000),
            participants: Some(10),
            plan_item_id: Some(item.id.to_string()),
            ..Default::default()
        }
        .parse(today)
        .unwrap()
        .into_record(a.id, "officer".into(), now);
        let file = DocumentFile {
            sha256: "ab".repeat(32),
            size: 3,
            content_type: "application/pdf".into(),
            filename: "notulen.pdf".into(),
        };
        let mut tx = db.store.write().await.unwrap();
        tx.implementation().insert_activity(&activity).await.unwrap();
        tx.cases()
            .register_blob(&file.sha256, 3, "application/pdf", now)
            .await
            .unwrap();
        tx.implementation()
            .add_evidence(activity.id, &file, "officer", now)
            .await
            .unwrap();
        tx.implementation()
            .add_evidence(activity.id, &file, "officer", now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        activity.evidence = vec![file.clone()];

        // A trip abroad, back on 1 November: its report was due on the 15th.
        let (trip, mut travel) = TravelInput {
            delegation: Some(vec![DelegateInput {
                name: Some("Budi".into()),
                position: Some("Kepala Bappeda".into()),
            }]),
            country: Some("KR".into()),
            city: Some("Suwon".into()),
            departure_on: Some("2026-10-27".into()),
            return_on: Some("2026-11-01".into()),
            cost: Some(80_000_000),
            ..Default::default()
        }
        .parse(a.id, 14, "officer".into(), now)
        .unwrap();
        let mut tx = db.store.write().await.unwrap();
        tx.implementation().insert_activity(&trip).await.unwrap();
        tx.implementation().insert_travel(&travel).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = db.store.read().await.unwrap();
        let items = tx.implementation().plan_items(a.id).await.unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            tx.implementation().plan_item(item.id).await.unwrap(),
            Some(changed.clone())
        );
        let listed = tx.implementation().activities(a.id).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].kind, ActivityKind::VisitOut, "newest first");
        assert_eq!(listed[1], activity);
        assert_eq!(tx.implementation().travel(trip.id).await.unwrap(), Some(travel.clone()));
        assert_eq!(tx.implementation().travels(a.id).await.unwrap(), vec![travel.clone()]);
        assert_eq!(
            tx.implementation().travels_awaiting_report(today).await.unwrap(),
            vec![travel.clone()]
        );
        assert!(
            tx.implementation()
                .travels_awaiting_report(date!(2026 - 11 - 14))
                .await
                .unwrap()
                .is_empty()
        );
        let facts = tx
            .implementation()
            .plan_facts_as_of(&[a.id, AgreementId::new()], today)
            .await
            .unwrap();
        assert_eq!(
            facts,
            vec![(
                a.id,
                PlanFacts {
                    plan_items: 2,
                    plan_items_with_activity: 1,
                    budget_planned: 70_000_000,
                    budget_spent: 92_500_000,
                    overdue_trip_reports: 1,
                }
            )]
        );
        let before_due = tx
            .implementation()
            .plan_facts_as_of(&[a.id], date!(2026 - 11 - 15))
            .await
            .unwrap();
        assert_eq!(before_due[0].1.overdue_trip_reports, 0);
        drop(tx);

        // The permit is issued and the report filed; the old version is refused.
        let old = travel.version;
        travel.permit_status = PermitStatus::Issued;
        travel.permit_reference = Some("B-123/KSP/2026".into());
        travel.report = Some(TripReport {
            text: "Laporan".into(),
            filed_on: today,
            filed_by: "officer".into(),
            document: Some(file.sha256.clone()),
        });
        travel.version += 1;
        let mut tx = db.store.write().await.unwrap();
        tx.implementation().update_travel(&travel, old).await.unwrap();
        assert!(matches!(
            tx.implementation().update_travel(&travel, old).await,
            Err(StoreError::Conflict(_))
        ));
        // Deleting a plan item leaves its activity, unlinked.
        assert!(tx.implementation().delete_plan_item(a.id, item.id).await.unwrap());
        assert!(!tx.implementation().delete_plan_item(a.id, item.id).await.unwrap());
        tx.commit().await.unwrap();
        let mut tx = db.store.read().await.unwrap();
        assert_eq!(tx.implementation().travel(trip.id).await.unwrap(), Some(travel));
        assert!(
            tx.implementation()
                .travels_awaiting_report(today)
                .await
                .unwrap()
                .is_empty()
        );
        let unlinked = tx.implementation().activity(activity.id).await.unwrap().unwrap();
        assert_eq!(unlinked.plan_item_id, None);
        assert_eq!(unlinked.evidence, vec![file]);
        let facts = tx.implementation().plan_facts(&[a.id]).await.unwrap();
        assert_eq!(facts[0].1.plan_items, 1);
        assert_eq!(facts[0].1.overdue_trip_reports, 0);
        // The old activity list (dormancy) sees every kind.
        assert_eq!(tx.cases().activities(a.id).await.unwrap().len(), 2);
    })
    .await;
}
