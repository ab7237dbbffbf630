//! Regions import their own agreements: every row must have one of the caller's regions
//! among its Indonesian parties (a row error otherwise), only adding, and a staged
//! (previewed) file can be confirmed only by its uploader in the same session — on SQLite
//! and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jalin_app::accounts::UserInput;
use jalin_app::ctx::{Actor, Ctx};
use jalin_app::registry::{ExchangeFormat, ImportMode, ImportOptions};
use jalin_app::{App, AppError};
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

/// A sister city of `region` with Kitakyushu, as a JSON import record.
fn row(region: &str) -> serde_json::Value {
    json!({
        "form": "KSDPL", "subtype": "sister_city", "tier": "mou", "status": "in_force",
        "title_id": format!("Kerja sama {region}–Kitakyushu"),
        "parties": [{"region_code": region}, {"geonameid": 1859307}],
        "objects": ["cultural_exchange"],
        "signed_on": "2023-03-01", "expires_on": "2028-02-28"
    })
}

async fn registered(app: &App) -> i64 {
    app.registry.key_figures(&app.system_ctx("t")).await.unwrap().registered as i64
}

async fn import(app: &App, ctx: &Ctx, rows: serde_json::Value, options: ImportOptions) -> Result<usize, AppError> {
    app.registry
        .import_agreements(ctx, rows.to_string().as_bytes(), ExchangeFormat::Json, options, &|_| {})
        .await
        .map(|r| r.inserted)
}

#[tokio::test]
async fn a_row_outside_the_callers_region_is_a_row_error() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let kukar = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let before = registered(&app).await;
        let err = import(&app, &kukar, json!([row("64.02"), row("32.73")]), ImportOptions::add())
            .await
            .unwrap_err();
        let AppError::ImportRejected(rows) = err else {
            panic!("expected a rejected import, got {err:?}")
        };
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!((rows[0].row, rows[0].column.as_str()), (2, "regions"));
        assert!(rows[0].message.contains("outside your region"), "{}", rows[0].message);
        assert_eq!(registered(&app).await, before, "nothing written");

        assert_eq!(
            import(&app, &kukar, json!([row("64.02")]), ImportOptions::add())
                .await
                .unwrap(),
            1
        );
        assert_eq!(registered(&app).await, before + 1);

        // The province reaches its kabupaten/kota, not another province's.
        let kaltim = as_user(&app, "officer@kaltimprov.go.id", "province_officer", Some("64")).await;
        let dry = ImportOptions {
            dry_run: true,
            ..ImportOptions::add()
        };
        assert!(import(&app, &kaltim, json!([row("64.02")]), dry).await.is_ok());
        let err = import(&app, &kaltim, json!([row("32.73")]), dry).await.unwrap_err();
        let AppError::ImportRejected(rows) = err else {
            panic!("{err:?}")
        };
        assert!(rows[0].message.contains("outside your province"), "{rows:?}");

        // Replacing the registry stays with administrators.
        let replace = ImportOptions {
            mode: ImportMode::Replace,
            ..ImportOptions::add()
        };
        let err = import(&app, &kukar, json!([row("64.02")]), replace).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
        // Operator tasks named by the same action are not regional.
        assert!(matches!(
            app.search.request_reindex(&kukar).await,
            Err(AppError::Forbidden(_))
        ));
        // A Kemlu reviewer may not import at all.
        let kemlu = as_user(&app, "reviewer@kemlu.go.id", "kemlu_reviewer", None).await;
        let err = import(&app, &kemlu, json!([row("64.02")]), dry).await.unwrap_err();
        assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    })
    .await;
}

#[tokio::test]
async fn a_staged_file_is_confirmed_only_by_its_uploader_in_the_same_session() {
    each_backend(|db: TestDbRef| async move {
        let app = db.app().await;
        let kukar = as_user(&app, "officer@kukar.go.id", "regional_officer", Some("64.02")).await;
        let other = as_user(&app, "second@kukar.go.id", "regional_officer", Some("64.02")).await;
        let bytes = json!([row("64.02")]).to_string();
        let before = registered(&app).await;
        let (report, ticket) = app
            .registry
            .stage_import(&kukar, bytes.as_bytes(), ExchangeFormat::Json, "session-a")
            .await
            .unwrap();
        assert_eq!((report.rows, report.dry_run), (1, true));
        assert_eq!(registered(&app).await, before, "the preview writes nothing");

        for (ctx, secret) in [(&other, "session-a"), (&kukar, "session-b")] {
            let err = app.registry.import_staged(ctx, &ticket, secret).await.unwrap_err();
            assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
        }
        let mut forged = ticket.clone();
        forged.issued += 1;
        assert!(app.registry.import_staged(&kukar, &forged, "session-a").await.is_err());
        assert_eq!(registered(&app).await, before);

        let report = app.registry.import_staged(&kukar, &ticket, "session-a").await.unwrap();
        assert_eq!(report.inserted, 1);
        assert_eq!(registered(&app).await, before + 1);
    })
    .await;
}
