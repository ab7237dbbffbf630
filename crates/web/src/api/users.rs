//! Accounts (administrators), API tokens (their owners) and the audit trail.

use super::{ListResponse, Paging};
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::accounts::Accounts;
use jalin_app::accounts::UserInput;
use jalin_app::audit::Audit;
use jalin_app::audit::AuditVerification;
use jalin_domain::account::{ApiToken, TokenScope, User};
use jalin_domain::audit::AuditEvent;
use jalin_domain::authz::Action;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

/// Every account.
#[utoipa::path(get, path = "/api/v1/users", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "accounts",
    responses((status = 200, body = ListResponse<User>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(State(accounts): State<Arc<Accounts>>, caller: Caller) -> ApiResult<Json<ListResponse<User>>> {
    let users = accounts.list_users(&caller.ctx).await?;
    let total = users.len() as i64;
    Ok(Json(ListResponse { items: users, total }))
}

/// Creates an account. Without a password the user sets one through a reset link.
#[utoipa::path(post, path = "/api/v1/users", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "accounts", request_body = UserInput,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    ApiJson(input): ApiJson<UserInput>,
) -> ApiResult<Response> {
    let user = accounts.create_user(&caller.ctx, &input).await?;
    let location = format!("/api/v1/users/{}", user.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(user)).into_response())
}

/// One account, by id or e-mail address.
#[utoipa::path(get, path = "/api/v1/users/{id}", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "accounts",
    params(("id" = String, Path, description = "User id or e-mail address")),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<User>> {
    Ok(Json(accounts.get_user(&caller.ctx, &id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantInput {
    pub role: String,
    /// Region (regional roles) or province (province officers).
    pub region_code: Option<String>,
}

/// Gives a user a role (and region); their sessions end.
#[utoipa::path(post, path = "/api/v1/users/{id}/grant", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "accounts",
    params(("id" = String, Path, description = "User id or e-mail address")), request_body = GrantInput,
    responses((status = 200, body = User), (status = 404, body = ErrorBody),
        (status = 409, description = "`last_administrator`: the account is the last active administrator", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn grant(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GrantInput>,
) -> ApiResult<Json<User>> {
    Ok(Json(
        accounts
            .grant(&caller.ctx, &id, &input.role, input.region_code.as_deref())
            .await?,
    ))
}

/// Deactivates a user: sessions end, tokens are revoked.
#[utoipa::path(post, path = "/api/v1/users/{id}/revoke", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "accounts",
    params(("id" = String, Path, description = "User id or e-mail address")),
    responses((status = 200, body = User), (status = 404, body = ErrorBody),
        (status = 409, description = "`last_administrator`: the account is the last active administrator", body = ErrorBody)))]
pub async fn revoke(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<User>> {
    Ok(Json(accounts.revoke_user(&caller.ctx, &id).await?))
}

/// What a user did and what was done to their account, newest first (the user themself,
/// or administrators).
#[utoipa::path(get, path = "/api/v1/users/{id}/audit", extensions(("x-access" = json!(Requires(Action::AuditReadUser)))), tag = "audit",
    params(("id" = String, Path, description = "User id"), Paging),
    responses((status = 200, body = ListResponse<AuditEvent>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_audit(
    State(audit): State<Arc<Audit>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<AuditEvent>>> {
    Ok(Json(audit.user_audit(&caller.ctx, &id, paging.into()).await?.into()))
}

/// The audit trail of a case, newest first.
#[utoipa::path(get, path = "/api/v1/cases/{id}/audit", extensions(("x-access" = json!(Requires(Action::AuditReadCase)))), tag = "audit",
    params(("id" = String, Path, description = "Case id"), Paging),
    responses((status = 200, body = ListResponse<AuditEvent>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn case_audit(
    State(audit): State<Arc<Audit>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<AuditEvent>>> {
    Ok(Json(audit.case_audit(&caller.ctx, &id, paging.into()).await?.into()))
}

/// Walks the whole hash chain of the audit trail and names the first broken link.
#[utoipa::path(get, path = "/api/v1/audit/verify", extensions(("x-access" = json!(Requires(Action::AuditVerify)))), tag = "audit",
    responses((status = 200, body = AuditVerification), (status = 403, body = ErrorBody)))]
pub async fn verify_audit(State(audit): State<Arc<Audit>>, caller: Caller) -> ApiResult<Json<AuditVerification>> {
    Ok(Json(audit.verify_audit(&caller.ctx).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    /// What uses the token.
    pub name: String,
    /// `read`, `write`, `admin` (administrators only).
    pub scopes: Vec<String>,
    /// 1–730; default 90.
    pub valid_days: Option<i64>,
}

/// A new token: the secret is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewToken {
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. Jalin keeps only its hash.
    pub secret: String,
}

/// The caller's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", extensions(("x-access" = json!(Requires(Action::TokenManageOwn)))), tag = "accounts",
    responses((status = 200, body = ListResponse<ApiToken>), (status = 401, body = ErrorBody)))]
pub async fn list_tokens(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
) -> ApiResult<Json<ListResponse<ApiToken>>> {
    let tokens = accounts.list_tokens(&caller.ctx).await?;
    let total = tokens.len() as i64;
    Ok(Json(ListResponse { items: tokens, total }))
}

/// Creates an API token for the caller.
#[utoipa::path(post, path = "/api/v1/tokens", extensions(("x-access" = json!(Requires(Action::TokenManageOwn)))), tag = "accounts", request_body = TokenInput,
    responses((status = 201, body = NewToken), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    ApiJson(input): ApiJson<TokenInput>,
) -> ApiResult<Response> {
    let mut errors = jalin_domain::FieldErrors::new();
    let scopes: Vec<TokenScope> = input
        .scopes
        .iter()
        .filter_map(|v| errors.take("scopes", v.parse::<TokenScope>()))
        .collect();
    errors.finish(()).map_err(jalin_app::AppError::Invalid)?;
    let (token, secret) = accounts
        .create_token(&caller.ctx, None, &input.name, &scopes, input.valid_days)
        .await?;
    Ok((StatusCode::CREATED, Json(NewToken { token, secret })).into_response())
}

/// Revokes one of the caller's tokens (administrators: anyone's).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", extensions(("x-access" = json!(Requires(Action::TokenManageOwn)))), tag = "accounts",
    params(("id" = String, Path, description = "Token id")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    accounts.revoke_token(&caller.ctx, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
