//! SDG suggestions as use cases, with a stand-in suggester: what text reaches it, what is
//! left out (tagged, confirmed, rejected targets), who may decide, and that a decision is
//! stored and audited with the agreement change — on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::AppError;
use jalin_app::accounts::UserInput;
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::ports::sdg::{SdgCatalog, SdgSuggester, SdgSuggestion, TextPart, TextRole};
use jalin_app::ports::store::SdgDecisionKind;
use jalin_app::registry::{DraftText, SuggestInput};
use jalin_app::{App, AppResult};
use jalin_testkit::{TestDbRef, each_backend};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// Suggests a target per word it knows, strongest first, and remembers what it was given.
#[derive(Default)]
struct WordSuggester {
    seen: Mutex<Vec<TextPart>>,
}

impl SdgSuggester for WordSuggester {
    fn suggest(
        &self,
        catalog: &SdgCatalog,
        text: &[TextPart],
        limit: usize,
        excluded: &BTreeSet<String>,
    ) -> Vec<SdgSuggestion> {
        assert!(catalog.targets.len() >= 169, "the catalog holds the targets");
        self.seen.lock().unwrap().extend(text.iter().cloned());
        let all: String = text.iter().map(|p| p.text.to_lowercase()).collect::<Vec<_>>().join(" ");
        [
            ("sampah", "11.6", 9.0),
            ("daur ulang", "12.5", 8.0),
            ("sekolah", "4.1", 7.0),
        ]
        .into_iter()
        .filter(|(word, target, _)| all.contains(word) && !excluded.contains(*target))
        .take(limit)
        .map(|(word, target, score)| SdgSuggestion {
            target: target.into(),
            goal: target.split('.').next().unwrap().parse().unwrap(),
            title_en: String::new(),
            score,
            matched: vec![word.into()],
        })
        .collect()
    }
}

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

fn codes(s: &AppResult<Vec<SdgSuggestion>>) -> Vec<String> {
    s.as_ref().unwrap().iter().map(|x| x.target.clone()).collect()
}

#[tokio::test]
async fn suggestions_leave_out_decided_targets_and_decisions_are_authorized_and_audited() {
    each_backend(|db: TestDbRef| async move {
        let suggester = Arc::new(WordSuggester::default());
        let app = db
            .app_builder()
            .with_sdg_suggester(suggester.clone())
            .build()
            .await
            .unwrap();
        let system = app.system_ctx("test");
        let anonymous = app.ctx(Actor::Anonymous, "anon");

        // Free text: validated at the edge.
        let err = app
            .registry
            .suggest_sdg_targets(&anonymous, &SuggestInput::default())
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(e) if e.0[0].field == "text"),
            "{err:?}"
        );
        let err = app
            .registry
            .suggest_sdg_targets(
                &anonymous,
                &SuggestInput {
                    text: Some("sampah".into()),
                    limit: Some(0),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(
            matches!(&err, AppError::Invalid(e) if e.0[0].field == "limit"),
            "{err:?}"
        );
        let free = app.registry.suggest_sdg_targets(
            &anonymous,
            &SuggestInput {
                title: Some("Pengelolaan sampah".into()),
                text: Some("dan daur ulang".into()),
                limit: Some(1),
            },
        );
        assert_eq!(codes(&free), vec!["11.6"]);

        // An agreement tagged 11.6: its title, description, activities and field names reach
        // the suggester; the tagged target does not come back.
        let agreement = app
            .registry
            .create_agreement(
                &system,
                &serde_json::from_value(serde_json::json!({
                    "form": "KSDD", "subtype": "voluntary", "tier": "pks", "status": "in_force",
                    "title_id": "Kerja Sama Pengelolaan Sampah Regional",
                    "description_id": "Bank sampah, daur ulang dan edukasi di sekolah",
                    "parties": [{"region_code": "64.02"}, {"region_code": "64.72"}],
                    "objects": ["government_capacity"], "fields": ["2.11"], "sdgs": ["11.6"],
                    "signed_on": "2025-02-01", "expires_on": "2029-01-31"
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let id = agreement.id.to_string();
        let suggested = app.registry.agreement_sdg_suggestions(&anonymous, &id, None).await;
        assert_eq!(codes(&suggested), vec!["12.5", "4.1"]);
        {
            let seen = suggester.seen.lock().unwrap();
            assert!(
                seen.iter()
                    .any(|p| p.role == TextRole::Title && p.text.contains("Sampah Regional"))
            );
            assert!(
                seen.iter()
                    .any(|p| p.role == TextRole::Field && p.text == "Lingkungan Hidup")
            );
            assert!(
                seen.iter()
                    .any(|p| p.role == TextRole::Field && p.text.contains("manajemen pemerintahan"))
            );
        }

        // Who may decide: the agreement's regions (and national roles), nobody else.
        let kukar = as_user(&app, "officer@kukarkab.go.id", "regional_officer", Some("64.02")).await;
        let bandung = as_user(&app, "officer@bandung.go.id", "regional_officer", Some("32.73")).await;
        let err = app
            .registry
            .decide_sdg_suggestion(&bandung, &id, "12.5", SdgDecisionKind::Confirmed)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
        let err = app
            .registry
            .decide_sdg_suggestion(&anonymous, &id, "12.5", SdgDecisionKind::Confirmed)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Unauthorized), "{err:?}");
        assert!(
            app.registry.can_edit_agreement(&kukar, &agreement)
                && !app.registry.can_edit_agreement(&bandung, &agreement)
        );
        for bad in ["11", "11.6.1", "11.99", "abc"] {
            let err = app
                .registry
                .decide_sdg_suggestion(&kukar, &id, bad, SdgDecisionKind::Rejected)
                .await
                .unwrap_err();
            assert!(matches!(err, AppError::NotFound(_)), "{bad}: {err:?}");
        }

        // Confirming adds the tag through the change path; rejecting remembers.
        let confirmed = app
            .registry
            .decide_sdg_suggestion(&kukar, &id, "12.5", SdgDecisionKind::Confirmed)
            .await
            .unwrap();
        let tags: Vec<&str> = confirmed.sdgs.iter().map(|s| s.as_str()).collect();
        assert_eq!(tags, vec!["11.6", "12.5"]);
        assert_eq!(confirmed.version, agreement.version + 1);
        let stored = app.registry.get_agreement(&kukar, &id).await.unwrap();
        assert_eq!(stored.sdgs, confirmed.sdgs);
        app.registry
            .decide_sdg_suggestion(&kukar, &id, "4.1", SdgDecisionKind::Rejected)
            .await
            .unwrap();
        assert!(codes(&app.registry.agreement_sdg_suggestions(&anonymous, &id, None).await).is_empty());
        let err = app
            .registry
            .decide_sdg_suggestion(&kukar, &id, "11.6", SdgDecisionKind::Rejected)
            .await
            .unwrap_err();
        assert!(
            matches!(err, AppError::Conflict(_)),
            "a tagged target is not rejected: {err:?}"
        );
        // Confirming a tagged target changes nothing but is remembered.
        let again = app
            .registry
            .decide_sdg_suggestion(&kukar, &id, "11.6", SdgDecisionKind::Confirmed)
            .await
            .unwrap();
        assert_eq!(again.version, confirmed.version);

        let mut tx = db.store.read().await.unwrap();
        let decisions = tx.agreements().sdg_decisions(agreement.id).await.unwrap();
        let events = tx.audit().after(0, 10_000).await.unwrap();
        drop(tx);
        let decided: Vec<(&str, SdgDecisionKind)> = decisions.iter().map(|d| (d.target.as_str(), d.decision)).collect();
        assert_eq!(
            decided,
            vec![
                ("11.6", SdgDecisionKind::Confirmed),
                ("12.5", SdgDecisionKind::Confirmed),
                ("4.1", SdgDecisionKind::Rejected)
            ]
        );
        assert!(decisions.iter().all(|d| d.decided_by == kukar.actor.label()));
        let mine: Vec<&str> = events
            .iter()
            .filter(|e| e.target_id == id && e.request_id == "req-officer@kukarkab.go.id")
            .map(|e| e.action.as_str())
            .collect();
        assert_eq!(
            mine,
            vec![
                "agreement.updated",
                "sdg_suggestion.confirmed",
                "sdg_suggestion.rejected",
                "sdg_suggestion.confirmed"
            ]
        );
        assert_eq!(app.audit.verify_audit(&system).await.unwrap().broken_at, None);

        // The wizard's draft text: titles, notes, objects and fields.
        let draft = app
            .registry
            .suggest_sdg_for_draft(
                &kukar,
                &DraftText {
                    title_id: "Sekolah bersih".into(),
                    notes: vec!["daur ulang".into()],
                    ..Default::default()
                },
                5,
                &BTreeSet::from(["4.1".to_owned()]),
            )
            .unwrap();
        assert_eq!(
            draft.iter().map(|d| d.target.as_str()).collect::<Vec<_>>(),
            vec!["12.5"]
        );
    })
    .await;
}

#[tokio::test]
async fn drafts_stay_hidden_and_a_missing_suggester_is_an_error() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let system = app.system_ctx("test");
        let draft = app
            .registry
            .create_agreement(
                &system,
                &serde_json::from_value(serde_json::json!({
                    "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "draft",
                    "title_id": "Rancangan kerja sama sampah",
                    "parties": [{"region_code": "64.02"}, {"geonameid": 1859307}]
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        let anonymous = app.ctx(Actor::Anonymous, "anon");
        let err = app
            .registry
            .agreement_sdg_suggestions(&anonymous, &draft.id.to_string(), None)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
        let err = app
            .registry
            .agreement_sdg_suggestions(&system, &draft.id.to_string(), None)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Internal(_)), "{err:?}");
    })
    .await;
}
