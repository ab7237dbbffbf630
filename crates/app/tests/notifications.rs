//! Notifications through the use cases, on SQLite and PostgreSQL: a case hand-off reaches
//! the office that now holds the case (in its inbox and by e-mail) and comes back to the
//! region; an expiring agreement raises only its nearest reminder, once, for the region and
//! (foreign) Kemendagri; a dormant agreement raises one notice; marking read; nobody else
//! hears of any of it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::account;
use jalin_app::App;
use jalin_app::cases::{CaseInput, DocumentInput, TransitionInput};
use jalin_app::ctx::Ctx;
use jalin_app::ports::clock::FixedClock;
use jalin_app::ports::mailer::MemoryMailer;
use jalin_app::ports::store::{InboxFilter, Page};
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::Declarations;
use jalin_domain::notification::NotificationKind;
use jalin_domain::role::Role;
use jalin_testkit::{TestDbRef, each_backend};
use std::sync::Arc;
use time::OffsetDateTime;
use time::macros::datetime;

async fn app_at(db: &TestDbRef, at: OffsetDateTime) -> App {
    App::new(db.store.clone(), Arc::new(FixedClock(at))).await.unwrap()
}

/// An application whose mail the test reads.
async fn app_with_mail(db: &TestDbRef, at: OffsetDateTime) -> (App, Arc<MemoryMailer>) {
    let mailer = Arc::new(MemoryMailer::default());
    let app = App::builder(db.store.clone(), Arc::new(FixedClock(at)))
        .with_mailer(mailer.clone())
        .build()
        .await
        .unwrap();
    (app, mailer)
}

/// Subjects of the mail sent to `to`.
fn mailed(mailer: &MemoryMailer, to: &str) -> Vec<String> {
    mailer
        .sent
        .lock()
        .iter()
        .filter(|m| m.to == to)
        .map(|m| m.subject.clone())
        .collect()
}

async fn inbox(app: &App, ctx: &Ctx) -> Vec<(NotificationKind, String, bool)> {
    app.notifications
        .inbox(ctx, &InboxFilter::default(), Page::all())
        .await
        .unwrap()
        .entries
        .items
        .into_iter()
        .map(|e| (e.kind, e.alert.message_id, e.read_at.is_some()))
        .collect()
}

fn step(transition: &str, docs: &[&str]) -> TransitionInput {
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
        ..Default::default()
    }
}

fn kukar_kitakyushu() -> CaseInput {
    CaseInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        region_code: Some("64.02".into()),
        partner: Some(PartyInput {
            geonameid: Some(1_859_307),
            ..Default::default()
        }),
        title_id: Some("Kerja Sama Kabupaten Kembar Kutai Kartanegara dan Kitakyushu".into()),
        title_en: Some("Sister city cooperation Kutai Kartanegara–Kitakyushu".into()),
        objects: vec!["cultural_exchange".into()],
        fields: vec!["2.11".into()],
        sdgs: vec!["11.6".into()],
        declarations: Declarations {
            opens_representative_office: Some(false),
            plan_links: vec!["RPJMD Kutai Kartanegara 2021–2026, Misi 3".into()],
            complementarity: Some("Environmental technology and river tourism.".into()),
            people_to_people: Some("Student exchanges.".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test]
async fn a_hand_off_tells_the_office_that_now_holds_the_case_and_the_region_when_it_returns() {
    each_backend(|db| async move {
        // 02:00 UTC is 09:00 WIB: past the national reviewers' default digest hour.
        let (app, mailer) = app_with_mail(&db, datetime!(2026-01-05 02:00 UTC)).await;
        let officer = account(&app, "petugas@kukarkab.go.id", Role::RegionalOfficer, Some("64.02")).await;
        let approver = account(&app, "sekda@kukarkab.go.id", Role::RegionalApprover, Some("64.02")).await;
        let kemendagri = account(&app, "pfks@kemendagri.go.id", Role::KemendagriReviewer, None).await;
        let kemlu = account(&app, "reviewer@kemlu.go.id", Role::KemluReviewer, None).await;
        let stranger = account(&app, "petugas@paserkab.go.id", Role::RegionalOfficer, Some("64.01")).await;

        let id = app
            .cases
            .open_case(&officer, &kukar_kitakyushu())
            .await
            .unwrap()
            .case
            .id
            .to_string();
        app.cases
            .transition_case(&officer, &id, &step("mulai_penjajakan", &["surat_minat"]))
            .await
            .unwrap();
        assert!(inbox(&app, &kemendagri).await.is_empty(), "the region kept the case");
        app.cases
            .transition_case(
                &approver,
                &id,
                &step("ajukan_konsultasi", &["kajian", "surat_konsultasi_menteri"]),
            )
            .await
            .unwrap();
        let k = inbox(&app, &kemendagri).await;
        assert_eq!(k.len(), 1, "{k:?}");
        assert_eq!(k[0].0, NotificationKind::Handoff);
        assert!(k[0].1.contains("Kutai Kartanegara dan Kitakyushu"), "{}", k[0].1);
        assert!(k[0].1.contains("Kemendagri"), "{}", k[0].1);
        assert!(inbox(&app, &officer).await.is_empty(), "the region handed the case on");
        // By e-mail: Kemendagri reads it in its daily digest (the national default).
        app.jobs.run(50).await.unwrap();
        assert!(mailed(&mailer, "pfks@kemendagri.go.id").is_empty());
        assert_eq!(app.notifications.queue_digests().await.unwrap(), 1);
        app.jobs.run(50).await.unwrap();
        let digest = mailer
            .sent
            .lock()
            .iter()
            .find(|m| m.to == "pfks@kemendagri.go.id")
            .cloned()
            .unwrap();
        assert!(
            digest.body.contains("Kutai Kartanegara dan Kitakyushu"),
            "{}",
            digest.body
        );

        app.cases
            .transition_case(&kemendagri, &id, &step("tanggapi_konsultasi", &["tanggapan_menteri"]))
            .await
            .unwrap();
        let back = inbox(&app, &officer).await;
        assert_eq!(back.len(), 1, "{back:?}");
        app.jobs.run(50).await.unwrap();
        let to_officer = mailed(&mailer, "petugas@kukarkab.go.id");
        assert_eq!(to_officer.len(), 1, "{to_officer:?}");
        assert!(to_officer[0].contains("Perpindahan kasus"), "{to_officer:?}");
        assert_eq!(back[0].0, NotificationKind::Handoff);
        assert_eq!(inbox(&app, &approver).await.len(), 1);
        assert_eq!(
            inbox(&app, &kemendagri).await.len(),
            1,
            "Kemendagri is not told of its own answer"
        );
        assert!(inbox(&app, &kemlu).await.is_empty());
        assert!(inbox(&app, &stranger).await.is_empty());

        // Marking read is per reader.
        assert_eq!(app.notifications.mark_read(&officer, None).await.unwrap(), 1);
        assert!(inbox(&app, &officer).await[0].2);
        assert!(!inbox(&app, &approver).await[0].2);
        assert_eq!(app.notifications.unread(&approver).await.unwrap(), 1);
        assert_eq!(app.notifications.unread(&officer).await.unwrap(), 0);
    })
    .await;
}

async fn registry_agreement(app: &App, json: serde_json::Value) {
    let system = app.system_ctx("test");
    app.registry
        .create_agreement(&system, &serde_json::from_value(json).unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_expiring_agreement_raises_its_nearest_reminder_once_and_a_dormant_one_its_notice() {
    each_backend(|db| async move {
        let app = app_at(&db, datetime!(2026-12-05 02:00 UTC)).await;
        let officer = account(&app, "petugas@kukarkab.go.id", Role::RegionalOfficer, Some("64.02")).await;
        let province = account(&app, "biro@kaltimprov.go.id", Role::ProvinceOfficer, Some("64")).await;
        let kemendagri = account(&app, "pfks@kemendagri.go.id", Role::KemendagriReviewer, None).await;
        let stranger = account(&app, "petugas@bandung.go.id", Role::RegionalOfficer, Some("32.73")).await;
        // Foreign, 20 days before its end: inside the 180-, 90-, 60- and 30-day windows.
        registry_agreement(
            &app,
            serde_json::json!({
                "form": "KSDPL", "subtype": "sister_city", "tier": "pks", "status": "in_force",
                "title_id": "Kerja Sama Kutai Kartanegara dan Kitakyushu",
                "parties": [{"region_code": "64.02"}, {"geonameid": 1_859_307}],
                "fields": ["2.11"], "signed_on": "2026-06-01", "effective_on": "2026-06-01",
                "expires_on": "2026-12-25"
            }),
        )
        .await;
        // Domestic and quiet since 2021: dormant.
        registry_agreement(
            &app,
            serde_json::json!({
                "form": "KSDD", "subtype": "voluntary", "tier": "pks", "status": "in_force",
                "title_id": "Kerja Sama Pariwisata Sungai Mahakam",
                "parties": [{"region_code": "64.02"}, {"region_code": "64.72"}],
                "fields": ["2.11"], "signed_on": "2021-02-01", "expires_on": "2031-01-31"
            }),
        )
        .await;
        for _ in 0..2 {
            app.cases.run_timers().await.unwrap();
            app.monitoring.dormancy_sweep().await.unwrap();
        }
        let mine = inbox(&app, &officer).await;
        let expiry: Vec<_> = mine.iter().filter(|n| n.0 == NotificationKind::Expiry).collect();
        assert_eq!(expiry.len(), 1, "{mine:?}");
        assert!(
            expiry[0].1.contains("Kitakyushu") && expiry[0].1.contains("30 hari"),
            "{}",
            expiry[0].1
        );
        let dormant: Vec<_> = mine.iter().filter(|n| n.0 == NotificationKind::Dormancy).collect();
        assert!(dormant.iter().any(|n| n.1.contains("Sungai Mahakam")), "{mine:?}");
        assert!(
            dormant.iter().all(|n| !n.1.contains("Kitakyushu")),
            "an agreement in force since June is not dormant: {mine:?}"
        );

        // The province hears of its kabupaten; Kemendagri only of the foreign agreement.
        assert_eq!(inbox(&app, &province).await.len(), mine.len());
        let national = inbox(&app, &kemendagri).await;
        assert!(national.iter().all(|n| n.1.contains("Kitakyushu")), "{national:?}");
        assert!(national.iter().any(|n| n.0 == NotificationKind::Expiry));
        assert!(inbox(&app, &stranger).await.is_empty());

        // Filters.
        let only_expiry = app
            .notifications
            .inbox(
                &officer,
                &InboxFilter {
                    kind: Some(NotificationKind::Expiry),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap();
        assert_eq!(only_expiry.entries.total, 1);
        let elsewhere = app
            .notifications
            .inbox(
                &province,
                &InboxFilter {
                    region: Some("64.01".parse().unwrap()),
                    ..Default::default()
                },
                Page::all(),
            )
            .await
            .unwrap();
        assert_eq!(elsewhere.entries.total, 0);
    })
    .await;
}
