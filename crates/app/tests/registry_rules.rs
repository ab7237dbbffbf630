//! Registry records obey the law on every path (issue 12): rule P1 on create, patch and
//! import; dates that must lie in the past; 2020-rules foreign records lacking approvals
//! are to verify, left out of the verified counts, and verified or rejected by Kemendagri
//! with an audit event — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::accounts::UserInput;
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::ports::store::PartnerIdentity;
use jalin_app::registry::{ExchangeFormat, ImportOptions, VerificationInput};
use jalin_app::{App, AppError};
use jalin_domain::agreement::{AgreementInput, VerificationStatus};
use jalin_domain::codes::GeonameId;
use jalin_testkit::{TestDbRef, each_backend};
use serde_json::json;

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

/// An in-force 2020-rules sister city of Kutai Kartanegara with Kitakyushu, with extra fields.
fn sister_city(extra: serde_json::Value) -> AgreementInput {
    let mut v = json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": "Kerja sama Kutai Kartanegara–Kitakyushu",
        "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"],
        "signed_on": "2023-03-01", "expires_on": "2028-02-28"
    });
    jalin_app::registry::merge_patch(&mut v, &extra);
    serde_json::from_value(v).unwrap()
}

fn approvals() -> serde_json::Value {
    json!({
        "kemlu_confirmation_ref": "B-123/KS/02/2023", "kemlu_confirmation_on": "2023-02-01",
        "minister_approval_ref": "100.4.2/456/SJ", "minister_approval_on": "2023-02-20",
        "dprd_decision_ref": "Keputusan DPRD 12/2022", "dprd_decision_on": "2022-11-10"
    })
}

/// Israel: no diplomatic relations with Indonesia.
fn haifa() -> serde_json::Value {
    json!({"parties": [{"region_code": "64.02"}, {"subdivision_code": "IL-HA"}]})
}

fn field_error(err: &AppError, field: &str) -> (String, String) {
    match err {
        AppError::Invalid(e) => e
            .iter()
            .find(|x| x.field == field)
            .map(|x| (x.code.clone(), x.message.clone()))
            .unwrap_or_else(|| panic!("no error on {field}: {e}")),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn assert_p1(code: &str, message: &str) {
    assert_eq!(code, "no_diplomatic_relations");
    assert!(message.contains("P1"), "{message}");
    assert!(message.contains("PP 28/2018 Pasal 27"), "{message}");
    assert!(message.contains("Israel"), "{message}");
}

#[tokio::test]
async fn a_partner_without_diplomatic_relations_is_refused_on_every_path() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;

        // Create.
        let err = app
            .registry
            .create_agreement(&officer, &sister_city(haifa()))
            .await
            .unwrap_err();
        let (code, message) = field_error(&err, "parties[1]");
        assert_p1(&code, &message);

        // Patch.
        let a = app
            .registry
            .create_agreement(&officer, &sister_city(approvals()))
            .await
            .unwrap();
        let err = app
            .registry
            .patch_agreement(&officer, &a.id.to_string(), &haifa(), None)
            .await
            .unwrap_err();
        let (code, message) = field_error(&err, "parties[1]");
        assert_p1(&code, &message);

        // Import (all or nothing: the good row is not written either).
        let rows = json!([sister_city(approvals()), sister_city(haifa())]);
        let before = app.registry.key_figures(&officer).await.unwrap().registered;
        let err = app
            .registry
            .import_agreements(
                &app.system_ctx("test"),
                rows.to_string().as_bytes(),
                ExchangeFormat::Json,
                ImportOptions::add(),
                &|_| {},
            )
            .await
            .unwrap_err();
        let AppError::ImportRejected(rows) = err else {
            panic!("expected a rejected import, got {err:?}")
        };
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].row, 2);
        assert!(rows[0].message.contains("P1"), "{}", rows[0].message);
        assert_eq!(app.registry.key_figures(&officer).await.unwrap().registered, before);

        // The same agreement with a partner in Japan is accepted.
        let ok = app.registry.create_agreement(&officer, &sister_city(json!({}))).await;
        assert!(ok.is_ok(), "{ok:?}");
    })
    .await;
}

#[tokio::test]
async fn dates_that_must_lie_in_the_past_are_refused() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let refused = |extra: serde_json::Value, field: &'static str| {
            let app = &app;
            let officer = &officer;
            async move {
                let err = app
                    .registry
                    .create_agreement(officer, &sister_city(extra))
                    .await
                    .unwrap_err();
                assert_eq!(field_error(&err, field).0, "in_future", "{field}");
            }
        };
        refused(json!({"signed_on": "2027-01-01", "expires_on": null}), "signed_on").await;
        refused(
            json!({"minister_approval_ref": "X/1", "minister_approval_on": "2099-01-01"}),
            "minister_approval_on",
        )
        .await;
        refused(
            json!({"status": "terminated", "terminated_on": "2027-01-05", "termination_reason": "ended"}),
            "terminated_on",
        )
        .await;
        // Entry into force may lie ahead only for a signed agreement in force.
        refused(
            json!({"status": "draft", "signed_on": null, "effective_on": "2027-02-01"}),
            "effective_on",
        )
        .await;
        let waiting = app
            .registry
            .create_agreement(
                &officer,
                &sister_city(
                    json!({"signed_on": "2026-11-01", "effective_on": "2027-01-01", "expires_on": "2031-12-31"}),
                ),
            )
            .await;
        assert!(waiting.is_ok(), "{waiting:?}");
        // A termination date belongs to a terminated agreement only.
        let err = app
            .registry
            .create_agreement(&officer, &sister_city(json!({"terminated_on": "2025-01-01"})))
            .await
            .unwrap_err();
        assert_eq!(field_error(&err, "terminated_on").0, "not_allowed");
    })
    .await;
}

#[tokio::test]
async fn records_lacking_approvals_are_to_verify_and_left_out_of_the_verified_counts() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let reviewer = as_user(&app, "pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;
        let before = app.registry.key_figures(&officer).await.unwrap();

        let complete = app
            .registry
            .create_agreement(&officer, &sister_city(approvals()))
            .await
            .unwrap();
        assert_eq!(complete.verification, VerificationStatus::Verified);
        let bare = app
            .registry
            .create_agreement(&officer, &sister_city(json!({})))
            .await
            .unwrap();
        assert_eq!(bare.verification, VerificationStatus::ToVerify);
        // A pre-2020 basis needs none of the 2020 approvals.
        let legacy = app
            .registry
            .create_agreement(
                &officer,
                &sister_city(json!({"legal_basis": "pmdn_3_2008", "signed_on": "2015-05-01", "expires_on": null, "open_ended": true})),
            )
            .await
            .unwrap();
        assert_eq!(legacy.verification, VerificationStatus::Verified);

        let after = app.registry.key_figures(&officer).await.unwrap();
        assert_eq!(after.in_force, before.in_force + 2, "the record to verify is not counted");
        assert_eq!(after.in_force_to_verify, before.in_force_to_verify + 1);
        let queue = app
            .registry
            .verification_queue(&reviewer, jalin_app::ports::store::Page::all())
            .await
            .unwrap();
        assert!(queue.items.iter().any(|a| a.id == bare.id));
        assert!(!queue.items.iter().any(|a| a.id == complete.id));

        // Adding the approvals later makes the record complete.
        let fixed = app
            .registry
            .patch_agreement(&officer, &bare.id.to_string(), &approvals(), None)
            .await
            .unwrap();
        assert_eq!(fixed.verification, VerificationStatus::Verified);
        let removed = app
            .registry
            .patch_agreement(&officer, &bare.id.to_string(), &json!({"dprd_decision_ref": null, "dprd_decision_on": null}), None)
            .await
            .unwrap();
        assert_eq!(removed.verification, VerificationStatus::ToVerify);
    })
    .await;
}

#[tokio::test]
async fn kemendagri_verifies_or_rejects_with_an_audit_event_and_others_cannot() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let officer = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let other = as_user(&app, "officer@bandung.go.id", "regional_officer", Some("32.73")).await;
        let reviewer = as_user(&app, "pfks@kemendagri.go.id", "kemendagri_reviewer", None).await;
        let a = app
            .registry
            .create_agreement(&officer, &sister_city(json!({})))
            .await
            .unwrap();
        let b = app
            .registry
            .create_agreement(&officer, &sister_city(json!({"title_id": "Kerja sama kedua"})))
            .await
            .unwrap();
        let id = a.id.to_string();

        // The region cannot verify its own record; another region cannot even edit it.
        let verify = VerificationInput {
            decision: Some("verified".into()),
            reason: Some("Surat persetujuan Menteri ada di arsip".into()),
        };
        assert!(matches!(
            app.registry.verify_agreement(&officer, &id, &verify, None).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.registry
                .patch_agreement(&other, &id, &json!({"title_en": "Taken over"}), None)
                .await,
            Err(AppError::Forbidden(_))
        ));
        // Rejecting needs a reason.
        let err = app
            .registry
            .verify_agreement(
                &reviewer,
                &b.id.to_string(),
                &VerificationInput {
                    decision: Some("rejected".into()),
                    reason: None,
                },
                None,
            )
            .await
            .unwrap_err();
        assert_eq!(field_error(&err, "reason").0, "required");

        let verified = app
            .registry
            .verify_agreement(&reviewer, &id, &verify, Some(a.version))
            .await
            .unwrap();
        assert_eq!(verified.verification, VerificationStatus::Verified);
        assert_eq!(verified.verified_by.as_deref(), Some("user:pfks@kemendagri.go.id"));
        let rejected = app
            .registry
            .verify_agreement(
                &reviewer,
                &b.id.to_string(),
                &VerificationInput {
                    decision: Some("rejected".into()),
                    reason: Some("Tidak ada persetujuan DPRD".into()),
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(rejected.verification, VerificationStatus::Rejected);
        // A later edit by the region keeps Kemendagri's decision.
        let edited = app
            .registry
            .patch_agreement(&officer, &id, &json!({"title_en": "Sister city"}), None)
            .await
            .unwrap();
        assert_eq!(edited.verification, VerificationStatus::Verified);

        let mut tx = db.store.read().await.unwrap();
        let events = tx.audit().after(0, 10_000).await.unwrap();
        drop(tx);
        let verified_event = events
            .iter()
            .find(|e| e.action == "agreement.verified")
            .expect("verification audited");
        assert!(
            verified_event.actor.contains("pfks@kemendagri.go.id"),
            "{}",
            verified_event.actor
        );
        let rejected_event = events
            .iter()
            .find(|e| e.action == "agreement.rejected")
            .expect("rejection audited");
        let after = rejected_event.after.clone().unwrap();
        assert_eq!(after["reason"], "Tidak ada persetujuan DPRD");
        assert_eq!(
            after["lacking"],
            json!(["kemlu_confirmation", "minister_approval", "dprd_decision"])
        );
        assert_eq!(
            app.audit.verify_audit(&app.system_ctx("test")).await.unwrap().broken_at,
            None
        );
    })
    .await;
}

/// Writers that each need the same partner created (the first agreement of a region with
/// a city) all succeed, and the partner exists once — also on PostgreSQL, where their
/// transactions run at once.
#[tokio::test]
async fn concurrent_writers_needing_the_same_new_partner_all_succeed() {
    each_backend(|db: TestDbRef| async move {
        let app = std::sync::Arc::new(db.app().await);
        let writers: Vec<_> = (0..8)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    let system = app.system_ctx("test");
                    app.registry
                        .create_agreement(&system, &sister_city(json!({"title_id": format!("Kerja sama {i}")})))
                        .await
                })
            })
            .collect();
        for w in writers {
            let result = w.await.unwrap();
            assert!(result.is_ok(), "[{}] {:?}", db.backend, result.err());
        }
        let mut tx = db.store.read().await.unwrap();
        for identity in [
            PartnerIdentity::Region("64.02".parse().unwrap()),
            PartnerIdentity::Geoname(GeonameId(1859307)),
        ] {
            let found = tx.partners().find(&identity).await.unwrap();
            assert_eq!(found.len(), 1, "[{}] {identity:?}: {found:?}", db.backend);
        }
    })
    .await;
}
