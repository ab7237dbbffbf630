//! The audit trail: every change writes its event in the same transaction, the chain
//! verifies, and tampering with stored rows is detected — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::App;
use jalin_app::AppError;
use jalin_app::accounts::UserInput;
use jalin_app::cases::{CaseInput, DocumentInput, TransitionInput};
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::ports::store::Page;
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::eligibility::Declarations;
use jalin_testkit::{TestDbRef, each_backend};

async fn as_user(app: &App, email: &str, role: &str, region: Option<&str>) -> Ctx {
    let system = app.system_ctx("test");
    app.accounts
        .create_user(
            &system,
            &UserInput {
                email: Some(email.into()),
                role: Some(role.into()),
                region_code: region.map(str::to_owned),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    app.ctx(
        Actor::User(app.accounts.act_as(email).await.unwrap()),
        format!("req-{email}"),
    )
}

fn kukar_case() -> CaseInput {
    CaseInput {
        form: Some("KSDPL".into()),
        subtype: Some("sister_city".into()),
        region_code: Some("64.02".into()),
        partner: Some(PartyInput {
            geonameid: Some(1_859_307),
            ..Default::default()
        }),
        title_id: Some("Kerja Sama Kutai Kartanegara–Kitakyushu".into()),
        objects: vec!["cultural_exchange".into()],
        fields: vec!["2.11".into()],
        declarations: Declarations {
            opens_representative_office: Some(false),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn draft_agreement() -> AgreementInput {
    serde_json::from_value(serde_json::json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "draft",
        "title_id": "Rancangan kerja sama Kutai Kartanegara",
        "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"]
    }))
    .unwrap()
}

async fn actions(db: &TestDbRef, app: &App) -> Vec<String> {
    let system = app.system_ctx("test");
    let mut tx = db.store.read().await.unwrap();
    let all = tx.audit().after(0, 10_000).await.unwrap();
    drop(tx);
    assert_eq!(app.audit.verify_audit(&system).await.unwrap().broken_at, None);
    all.into_iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn every_change_writes_its_event_and_refused_changes_write_none() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let before = actions(&db, &app).await.len();

        let created = app
            .registry
            .create_agreement(&officer, &draft_agreement())
            .await
            .unwrap();
        app.registry
            .patch_agreement(
                &officer,
                &created.id.to_string(),
                &serde_json::json!({"title_en": "Draft"}),
                None,
            )
            .await
            .unwrap();
        let case = app.cases.open_case(&officer, &kukar_case()).await.unwrap();
        let id = case.case.id.to_string();
        // Refused: no document. Nothing may be written, not even an audit event.
        let refused = app
            .cases
            .transition_case(
                &officer,
                &id,
                &TransitionInput {
                    transition: "mulai_penjajakan".into(),
                    ..Default::default()
                },
            )
            .await;
        assert!(matches!(refused, Err(AppError::Refused(_))));
        app.cases
            .transition_case(
                &officer,
                &id,
                &TransitionInput {
                    transition: "mulai_penjajakan".into(),
                    documents: vec![DocumentInput {
                        kind: "surat_minat".into(),
                        number: Some("005/123/2026".into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let failed = app
            .accounts
            .login(
                &app.ctx(Actor::Anonymous, "req-login"),
                "officer@kukar.go.id",
                "wrong password",
                Some("10.0.0.1"),
            )
            .await
            .unwrap();
        assert!(failed.is_err());

        let trail = actions(&db, &app).await;
        assert_eq!(
            trail[before..],
            [
                "agreement.created",
                "agreement.updated",
                "case.opened",
                "case.transitioned",
                "document.uploaded",
                "auth.login_failed"
            ]
        );

        // Who, what, where, which request: the case's trail, newest first.
        let events = app
            .audit
            .case_audit(&officer, &id, Page::new(Some(10), None))
            .await
            .unwrap();
        assert_eq!(events.total, 3);
        let moved = &events.items[1];
        assert_eq!(moved.action, "case.transitioned");
        assert_eq!(moved.actor, "user:officer@kukar.go.id");
        assert_eq!(moved.request_id, "req-officer@kukar.go.id");
        assert_eq!(moved.region_code.as_ref().map(|r| r.as_str()), Some("64.02"));
        assert_eq!(moved.after.as_ref().unwrap()["to"], "penjajakan");
        let patch = {
            let mut tx = db.store.read().await.unwrap();
            tx.audit()
                .after(0, 10_000)
                .await
                .unwrap()
                .into_iter()
                .find(|e| e.action == "agreement.updated")
                .unwrap()
        };
        assert_eq!(
            patch.before.unwrap(),
            serde_json::json!({"title_en": null}),
            "only changed fields are kept"
        );
        assert_eq!(patch.after.unwrap(), serde_json::json!({"title_en": "Draft"}));

        // Another region's officer may not read the case's trail; a user reads their own.
        let stranger = as_user(&app, "officer@bandung.go.id", "regional_officer", Some("32.73")).await;
        assert!(matches!(
            app.audit.case_audit(&stranger, &id, Page::new(None, None)).await,
            Err(AppError::Forbidden(_))
        ));
        let officer_id = officer.actor.user().unwrap().id.to_string();
        let own = app
            .audit
            .user_audit(&officer, &officer_id, Page::new(Some(100), None))
            .await
            .unwrap();
        assert!(own.items.iter().any(|e| e.action == "case.opened"));
        assert!(
            own.items.iter().any(|e| e.action == "user.created"),
            "what was done to the account counts too"
        );
        assert!(matches!(
            app.audit
                .user_audit(&stranger, &officer_id, Page::new(None, None))
                .await,
            Err(AppError::Forbidden(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn tampering_with_stored_events_is_detected() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        for _ in 0..3 {
            app.registry
                .create_agreement(&officer, &draft_agreement())
                .await
                .unwrap();
        }
        let system = app.system_ctx("test");
        let intact = app.audit.verify_audit(&system).await.unwrap();
        assert_eq!(intact.broken_at, None);
        let n = intact.checked;
        assert!(n >= 4);

        // A changed summary.
        assert_eq!(
            db.execute(r#"UPDATE audit_events SET after_json = '{"title_id":"something else"}' WHERE seq = 3"#)
                .await,
            1
        );
        let report = app.audit.verify_audit(&system).await.unwrap();
        assert_eq!(report.broken_at, Some(3), "{report:?}");
        assert_eq!(report.checked, 2);
        assert!(report.reason.unwrap().contains("changed"));
    })
    .await;
}

#[tokio::test]
async fn removed_or_relinked_events_are_detected() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        for _ in 0..4 {
            app.registry
                .create_agreement(&officer, &draft_agreement())
                .await
                .unwrap();
        }
        let system = app.system_ctx("test");
        // A removed event in the middle.
        assert_eq!(db.execute("DELETE FROM audit_events WHERE seq = 2").await, 1);
        let report = app.audit.verify_audit(&system).await.unwrap();
        assert_eq!(report.broken_at, Some(2), "{report:?}");
        assert!(report.reason.unwrap().contains("missing"));
    })
    .await;
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        for _ in 0..3 {
            app.registry
                .create_agreement(&officer, &draft_agreement())
                .await
                .unwrap();
        }
        let system = app.system_ctx("test");
        // The newest event removed: the chain left behind is intact, but the head says more.
        let last = app.audit.verify_audit(&system).await.unwrap().checked;
        assert_eq!(
            db.execute(&format!("DELETE FROM audit_events WHERE seq = {last}"))
                .await,
            1
        );
        let report = app.audit.verify_audit(&system).await.unwrap();
        assert_eq!(report.broken_at, Some(last), "{report:?}");
        // An actor rewritten together with a recomputed-looking hash still breaks the next link.
        assert_eq!(
            db.execute("UPDATE audit_events SET actor = 'user:mallory', hash = 'ff' WHERE seq = 1")
                .await,
            1
        );
        assert_eq!(app.audit.verify_audit(&system).await.unwrap().broken_at, Some(1));
    })
    .await;
}
