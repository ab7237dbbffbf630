//! Monitoring endpoints of the evaluation and health part: evaluation rounds and their
//! sides, partner guests invited to evaluate, an agreement's health, dormant and at-risk
//! lists, and revival prompts.

use super::ListResponse;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jalin_app::monitoring::{AgreementHealth, DormantList, Monitoring};
use jalin_app::ports::store::RevivalAction;
use jalin_domain::authz::Action;
use jalin_domain::monitoring::evaluation::{EvaluationInput, EvaluationRound};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

/// The evaluation rounds of an agreement, newest year first.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/evaluations", extensions(("x-access" = json!(Requires(Action::EvaluationRead)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<EvaluationRound>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_evaluations(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<EvaluationRound>>> {
    let items = monitoring.rounds(&caller.ctx, &id).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    /// The year evaluated (default: this year; not in the future).
    pub year: Option<i32>,
}

/// Opens an evaluation round (one per agreement and year) of a signed agreement.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/evaluations", extensions(("x-access" = json!(Requires(Action::EvaluationFill)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = RoundInput,
    responses((status = 201, body = EvaluationRound), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn open_evaluation(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RoundInput>,
) -> ApiResult<Response> {
    let round = monitoring.open_round(&caller.ctx, &id, input.year).await?;
    Ok((StatusCode::CREATED, Json(round)).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangParam {
    /// The language the side is written in: `id` (default) or `en`.
    pub lang: Option<String>,
}

/// Files the caller's side of a round: the region's (its officers and approvers) or the
/// partner's (a partner guest invited to evaluate the agreement). Filed again until both
/// sides are in.
#[utoipa::path(put, path = "/api/v1/agreements/{id}/evaluations/{round}/side", extensions(("x-access" = json!(Requires(Action::EvaluationFill)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("round" = String, Path, description = "Round id (UUID)"), LangParam),
    request_body = EvaluationInput,
    responses((status = 200, body = EvaluationRound), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn file_evaluation_side(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, round)): Path<(String, String)>,
    ApiQuery(lang): ApiQuery<LangParam>,
    ApiJson(input): ApiJson<EvaluationInput>,
) -> ApiResult<Json<EvaluationRound>> {
    let (agreement, _) = monitoring.round(&caller.ctx, &round).await?;
    if agreement.id.to_string() != id.trim() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such round of this agreement",
        ));
    }
    let language = lang.lang.unwrap_or_else(|| "id".to_owned());
    Ok(Json(
        monitoring.file_side(&caller.ctx, &round, &input, &language).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationGuestInput {
    /// The partner's contact; an account is made (and mailed a link) if there is none.
    pub email: String,
    pub name: Option<String>,
}

/// Invites the foreign partner's contact to evaluate this agreement (and only this one).
#[utoipa::path(post, path = "/api/v1/agreements/{id}/evaluation-guests", extensions(("x-access" = json!(Requires(Action::EvaluationFill)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = EvaluationGuestInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invite_evaluation_guest(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EvaluationGuestInput>,
) -> ApiResult<StatusCode> {
    state
        .app
        .accounts
        .invite_evaluation_guest(
            &caller.ctx,
            &id,
            &input.email,
            input.name.as_deref(),
            &state.config.public_url,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// An agreement's health: score 0–100, band (healthy, at risk, dormant), the reasons with
/// the number behind each, and the revival prompts taken.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/health", extensions(("x-access" = json!(Requires(Action::HealthRead)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = AgreementHealth), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agreement_health(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AgreementHealth>> {
    Ok(Json(monitoring.health(&caller.ctx, &id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DormantParams {
    /// A region code (regional officers always get their own region).
    pub region: Option<String>,
    /// A province code: the province and its kabupaten/kota (province officers: their own).
    pub province: Option<String>,
}

/// Dormant and at-risk agreements of a region, a province or the nation, with their reasons.
#[utoipa::path(get, path = "/api/v1/dormant", extensions(("x-access" = json!(Requires(Action::HealthRead)))), tag = "monitoring",
    params(DormantParams),
    responses((status = 200, body = DormantList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn dormant(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    ApiQuery(params): ApiQuery<DormantParams>,
) -> ApiResult<Json<DormantList>> {
    Ok(Json(
        monitoring
            .dormant(&caller.ctx, params.region.as_deref(), params.province.as_deref())
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevivalInput {
    /// `propose_activity`, `schedule_meeting` or `end_formally`.
    pub kind: String,
    pub note: Option<String>,
}

/// Records that a revival prompt was taken for an agreement in force.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/revivals", extensions(("x-access" = json!(Requires(Action::RevivalTake)))), tag = "monitoring",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = RevivalInput,
    responses((status = 201, body = RevivalAction), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn take_revival(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RevivalInput>,
) -> ApiResult<Response> {
    let action = monitoring
        .take_revival(&caller.ctx, &id, &input.kind, input.note.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(action)).into_response())
}
