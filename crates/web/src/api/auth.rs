//! Signing in and out, the current user, password resets.

use crate::AppState;
use crate::auth::{Caller, clear_session_cookie, same_origin, session_cookie};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::policy::Access::{Open, Requires};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::accounts::Accounts;
use jalin_app::accounts::{LoginRefusal, SESSION_HOURS};
use jalin_domain::account::User;
use jalin_domain::authz::Action;
use jalin_domain::role::Role;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// The signed-in user and the CSRF token to send in `X-CSRF-Token` with state-changing
/// requests made with the session cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionInfo {
    pub user: Option<User>,
    /// The role's label in Indonesian and English.
    pub role_label_id: String,
    pub role_label_en: String,
    pub csrf_token: Option<String>,
    /// Cases a foreign-partner guest was invited to.
    pub cases: Vec<String>,
    /// Set when the caller used an API token: its scopes.
    pub token_scopes: Option<Vec<jalin_domain::account::TokenScope>>,
}

/// Signs in with e-mail and password. Sets the session cookie (a new session every time:
/// any session the browser had is ended). Wrong e-mail and wrong password fail alike (401);
/// too many failures give 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/v1/auth/login", extensions(("x-access" = json!(Open))), tag = "auth", request_body = LoginInput,
    responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(s): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiJson(input): ApiJson<LoginInput>,
) -> ApiResult<Response> {
    if !same_origin(&headers, &s.config.public_url) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "sign-in from another site is not accepted",
        ));
    }
    let outcome = s
        .app
        .accounts
        .login(&caller.ctx, &input.email, &input.password, caller.address.as_deref())
        .await?;
    let outcome = match outcome {
        Ok(o) => o,
        Err(refusal) => return Err(login_refused(refusal)),
    };
    if let Some(old) = &caller.session {
        s.app.accounts.logout(&caller.ctx, old).await?;
    }
    let cookie = session_cookie(&outcome.session_secret, SESSION_HOURS * 3600, caller.https);
    let info = SessionInfo {
        role_label_id: outcome.user.role.label_id().to_owned(),
        role_label_en: outcome.user.role.label_en().to_owned(),
        user: Some(outcome.user),
        csrf_token: Some(outcome.csrf_token),
        cases: vec![],
        token_scopes: None,
    };
    let mut response = Json(info).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub fn login_refused(refusal: LoginRefusal) -> ApiError {
    match refusal {
        LoginRefusal::Invalid => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "the e-mail address or the password is wrong",
        ),
        LoginRefusal::Throttled { retry_after } => {
            let mut e = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                format!(
                    "too many failed sign-ins; try again in {} minute(s)",
                    (retry_after + 59) / 60
                ),
            );
            e.retry_after = Some(retry_after);
            e
        }
    }
}

/// Ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", extensions(("x-access" = json!(Requires(Action::SessionOwn)))), tag = "auth", responses((status = 204)))]
pub async fn logout(State(accounts): State<Arc<Accounts>>, caller: Caller) -> ApiResult<Response> {
    if let Some(secret) = &caller.session {
        accounts.logout(&caller.ctx, secret).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear_session_cookie())]).into_response())
}

/// Who is signed in (by session or API token).
#[utoipa::path(get, path = "/api/v1/auth/me", extensions(("x-access" = json!(Requires(Action::SessionOwn)))), tag = "auth",
    responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody)))]
pub async fn me(State(accounts): State<Arc<Accounts>>, caller: Caller) -> ApiResult<Json<SessionInfo>> {
    let Some(actor) = caller.ctx.actor.user() else {
        return Err(jalin_app::AppError::Unauthorized.into());
    };
    let user = accounts.own_account(&caller.ctx).await?;
    let role: Role = actor.role;
    Ok(Json(SessionInfo {
        user: Some(user),
        role_label_id: role.label_id().to_owned(),
        role_label_en: role.label_en().to_owned(),
        csrf_token: caller.csrf.clone(),
        cases: actor.cases.iter().map(ToString::to_string).collect(),
        token_scopes: actor.token_scopes.clone(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
}

/// Sends a password-reset link if the account exists. Always 202, so the answer does not
/// tell whether it does; past 3 requests per account or 10 per client address within an
/// hour no mail is sent (the answer stays 202). A successful reset voids the account's other
/// unused links and ends all its sessions.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", extensions(("x-access" = json!(Open))), tag = "auth", request_body = ResetRequest,
    responses((status = 202)))]
pub async fn request_reset(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ResetRequest>,
) -> ApiResult<StatusCode> {
    s.app
        .accounts
        .request_password_reset(
            &caller.ctx,
            &input.email,
            caller.address.as_deref(),
            &s.config.public_url,
        )
        .await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirm {
    /// The token from the reset link.
    pub token: String,
    pub password: String,
}

/// Sets a new password with the token from a reset link; every session of the user ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", extensions(("x-access" = json!(Open))), tag = "auth", request_body = ResetConfirm,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn confirm_reset(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    ApiJson(input): ApiJson<ResetConfirm>,
) -> ApiResult<StatusCode> {
    accounts
        .reset_password(&caller.ctx, &input.token, &input.password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
