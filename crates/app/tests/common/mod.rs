//! Helpers shared by the application tests.
#![allow(dead_code, clippy::unwrap_used)]

use jalin_app::App;
use jalin_app::accounts::UserInput;
use jalin_app::ctx::{Actor, Ctx, UserActor};
use jalin_domain::role::Role;

/// A stored account and its context (notifications go to stored, active accounts).
pub async fn account(app: &App, email: &str, role: Role, region: Option<&str>) -> Ctx {
    let user = app
        .accounts
        .create_user(
            &app.system_ctx("test"),
            &UserInput {
                email: Some(email.into()),
                name: Some(email.into()),
                role: Some(role.as_str().into()),
                region_code: region.map(Into::into),
                password: Some("kata-sandi-yang-panjang-sekali".into()),
            },
        )
        .await
        .unwrap();
    app.ctx(
        Actor::User(UserActor {
            id: user.id,
            name: email.into(),
            role,
            region: region.map(|r| r.parse().unwrap()),
            cases: vec![],
            token_scopes: None,
        }),
        "test",
    )
}
