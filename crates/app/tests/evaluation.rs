//! The two-sided evaluation and agreement health through the use cases, on SQLite and
//! PostgreSQL: health reasons follow the facts, a partner guest reaches only the agreement
//! it was invited to evaluate, and another region's officer is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::accounts::UserInput;
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::registry::ActivityInput;
use jalin_app::{App, AppError};
use jalin_domain::agreement::AgreementInput;
use jalin_domain::monitoring::evaluation::EvaluationInput;
use jalin_domain::monitoring::health::Band;
use jalin_testkit::each_backend;
use serde_json::json;

/// An in-force KSDPL of `region` signed in 2022 (dormant by the test date: nothing recorded).
async fn agreement(app: &App, region: &str, title: &str) -> String {
    let input: AgreementInput = serde_json::from_value(json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": title, "parties": [{"region_code": region}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"], "fields": ["2.11"], "signed_on": "2022-01-10",
        "expires_on": "2027-01-09",
    }))
    .unwrap();
    app.registry
        .create_agreement(&app.system_ctx("test"), &input)
        .await
        .unwrap()
        .id
        .to_string()
}

/// A signed-in user of `role` (created if needed), as a context.
async fn person(app: &App, email: &str, role: &str, region: Option<&str>) -> Ctx {
    let input = UserInput {
        email: Some(email.into()),
        role: Some(role.into()),
        region_code: region.map(str::to_owned),
        ..UserInput::default()
    };
    let _ = app.accounts.create_user(&app.system_ctx("test"), &input).await;
    let actor = app.accounts.act_as(email).await.unwrap();
    app.ctx(Actor::User(actor), "test")
}

fn rubric(recommendation: &str) -> EvaluationInput {
    EvaluationInput {
        efficiency: Some("4".into()),
        effectiveness: Some("3".into()),
        mutual_benefit: Some("5".into()),
        sustainability: Some("3".into()),
        people_to_people: Some("4".into()),
        people_to_people_comment: Some("Student exchanges every year".into()),
        recommendation: Some(recommendation.into()),
        justification: Some("Worth continuing".into()),
        ..EvaluationInput::default()
    }
}

#[tokio::test]
async fn health_reasons_follow_activity_and_open_obligations() {
    each_backend(|db| async move {
        let app = db.app().await;
        let kukar = agreement(&app, "64.02", "Kukar–Kitakyushu").await;
        let officer = person(&app, "officer@kukar.test", "regional_officer", Some("64.02")).await;

        let h = app.monitoring.health(&officer, &kukar).await.unwrap();
        assert_eq!(h.health.band, Band::Dormant);
        let codes: Vec<&str> = h.health.reasons.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes[0], "dormant", "{codes:?}");
        assert!(codes.contains(&"no_activity"), "{codes:?}");
        // The registry's flag says the same.
        let view = app.registry.get_agreement_view(&officer, &kukar).await.unwrap();
        assert!(view.flags.dormant);
        let list = app.monitoring.dormant(&officer, None, None).await.unwrap();
        assert_eq!(list.region.as_ref().map(|r| r.to_string()).as_deref(), Some("64.02"));
        assert!(
            list.dormant
                .iter()
                .any(|r| r.agreement.agreement.id.to_string() == kukar)
        );

        // An activity this month: no longer dormant, the reasons go.
        app.registry
            .record_activity(
                &officer,
                &kukar,
                &ActivityInput {
                    occurred_on: Some("2026-11-02".into()),
                    title: Some("Kunjungan pelajar".into()),
                },
            )
            .await
            .unwrap();
        let h = app.monitoring.health(&officer, &kukar).await.unwrap();
        assert_ne!(h.health.band, Band::Dormant);
        assert!(
            h.health
                .reasons
                .iter()
                .all(|r| r.code != "dormant" && r.code != "no_activity")
        );
        assert!(
            !app.registry
                .get_agreement_view(&officer, &kukar)
                .await
                .unwrap()
                .flags
                .dormant
        );
        let before = h.health.score;

        // A past year's round left incomplete is an open obligation.
        app.monitoring.open_round(&officer, &kukar, Some(2025)).await.unwrap();
        let h = app.monitoring.health(&officer, &kukar).await.unwrap();
        let open = h.health.reasons.iter().find(|r| r.code == "open_obligations").unwrap();
        assert_eq!(open.value, 1);
        assert!(h.health.score < before);

        // Taking a revival prompt needs an agreement of one's own region, and is recorded.
        let taken = app
            .monitoring
            .take_revival(&officer, &kukar, "schedule_meeting", Some("Rapat daring Januari"))
            .await
            .unwrap();
        let h = app.monitoring.health(&officer, &kukar).await.unwrap();
        assert_eq!(h.revivals, vec![taken]);
        let bad = app.monitoring.take_revival(&officer, &kukar, "ignore", None).await;
        assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");
    })
    .await;
}

#[tokio::test]
async fn a_partner_guest_evaluates_only_the_agreement_it_was_invited_to() {
    each_backend(|db| async move {
        let app = db.app().await;
        let x = agreement(&app, "64.02", "Agreement X").await;
        let y = agreement(&app, "64.02", "Agreement Y").await;
        let officer = person(&app, "officer@kukar.test", "regional_officer", Some("64.02")).await;
        let new_account = app
            .accounts
            .invite_evaluation_guest(
                &officer,
                &x,
                "partner@kitakyushu.example",
                Some("Partner"),
                "http://jalin.test",
            )
            .await
            .unwrap();
        assert!(new_account);
        let round_x = app.monitoring.open_round(&officer, &x, Some(2026)).await.unwrap();
        let round_y = app.monitoring.open_round(&officer, &y, Some(2026)).await.unwrap();
        let again = app.monitoring.open_round(&officer, &x, Some(2026)).await;
        assert!(
            matches!(again, Err(AppError::Invalid(_))),
            "one round per year: {again:?}"
        );
        let future = app.monitoring.open_round(&officer, &x, Some(2027)).await;
        assert!(
            matches!(&future, Err(AppError::Invalid(e)) if e.iter().any(|e| e.code == "in_future")),
            "{future:?}"
        );

        let guest = person(&app, "partner@kitakyushu.example", "partner_guest", None).await;
        let filed = app
            .monitoring
            .file_side(&guest, &round_x.id.to_string(), &rubric("expand"), "en")
            .await
            .unwrap();
        assert_eq!(filed.partner.as_ref().unwrap().language, "en");
        assert!(filed.region.is_none());
        // Agreement Y: neither its rounds nor its form.
        let refused = app
            .monitoring
            .file_side(&guest, &round_y.id.to_string(), &rubric("end"), "en")
            .await;
        assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
        assert!(matches!(
            app.monitoring.rounds(&guest, &y).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.monitoring.open_round(&guest, &x, None).await,
            Err(AppError::Forbidden(_))
        ));
        assert!(matches!(
            app.monitoring.health(&guest, &x).await,
            Err(AppError::Forbidden(_))
        ));
        let mine = app.monitoring.guest_agreements(&guest).await.unwrap();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].agreement.id.to_string(), x);

        // The region files its side; the round is complete and closed.
        let done = app
            .monitoring
            .file_side(&officer, &round_x.id.to_string(), &rubric("continue"), "id")
            .await
            .unwrap();
        assert!(done.is_complete());
        let closed = app
            .monitoring
            .file_side(&guest, &round_x.id.to_string(), &rubric("end"), "en")
            .await;
        assert!(
            matches!(&closed, Err(AppError::Invalid(e)) if e.iter().any(|e| e.code == "complete")),
            "{closed:?}"
        );
        let summary = app
            .monitoring
            .latest_recommendation(&officer, x.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(summary.complete);
        assert_eq!(summary.partner.unwrap().recommendation.as_str(), "expand");
        assert_eq!(summary.region.unwrap().recommendation.as_str(), "continue");
        assert!(
            app.monitoring
                .latest_recommendation(&officer, y.parse().unwrap())
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn an_officer_of_another_region_is_refused() {
    each_backend(|db| async move {
        let app = db.app().await;
        let kukar = agreement(&app, "64.02", "Kukar–Kitakyushu").await;
        let officer = person(&app, "officer@kukar.test", "regional_officer", Some("64.02")).await;
        let round = app.monitoring.open_round(&officer, &kukar, None).await.unwrap();
        let bandung = person(&app, "officer@bandung.test", "regional_officer", Some("32.73")).await;
        let forbidden = |r: Result<_, AppError>| matches!(r, Err(AppError::Forbidden(_)));
        assert!(forbidden(
            app.monitoring
                .open_round(&bandung, &kukar, Some(2025))
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            app.monitoring
                .file_side(&bandung, &round.id.to_string(), &rubric("end"), "id")
                .await
                .map(|_| ())
        ));
        assert!(forbidden(app.monitoring.rounds(&bandung, &kukar).await.map(|_| ())));
        assert!(forbidden(app.monitoring.health(&bandung, &kukar).await.map(|_| ())));
        assert!(forbidden(
            app.monitoring
                .take_revival(&bandung, &kukar, "end_formally", None)
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            app.accounts
                .invite_evaluation_guest(&bandung, &kukar, "x@example.org", None, "http://jalin.test")
                .await
                .map(|_| ())
        ));
        assert!(forbidden(
            app.monitoring.dormant(&bandung, Some("64.02"), None).await.map(|_| ())
        ));
        // Their own list holds nothing of Kukar; the province of Kalimantan Timur sees it.
        let own = app.monitoring.dormant(&bandung, None, None).await.unwrap();
        assert!(
            own.dormant
                .iter()
                .all(|r| r.agreement.agreement.id.to_string() != kukar)
        );
        let province = person(&app, "province@kaltim.test", "province_officer", Some("64")).await;
        let list = app.monitoring.dormant(&province, None, None).await.unwrap();
        assert!(
            list.dormant
                .iter()
                .any(|r| r.agreement.agreement.id.to_string() == kukar)
        );
        let national = person(&app, "pusat@kemendagri.test", "kemendagri_reviewer", None).await;
        let list = app.monitoring.dormant(&national, None, Some("64")).await.unwrap();
        assert!(
            list.dormant
                .iter()
                .any(|r| r.agreement.agreement.id.to_string() == kukar)
        );
    })
    .await;
}
