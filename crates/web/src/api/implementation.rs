//! Implementation of an agreement: its action plan, activities with evidence files, and
//! official foreign travel (PDLN) with permits and trip reports.

use super::ListResponse;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::monitoring::{Monitoring, TravelView};
use jalin_domain::authz::Action;
use jalin_domain::case::DocumentFile;
use jalin_domain::monitoring::activity::{ActivityInput, ActivityRecord};
use jalin_domain::monitoring::plan::{PlanItem, PlanItemInput};
use jalin_domain::monitoring::travel::{PermitInput, TravelInput, TripReportInput};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

fn list<T: utoipa::ToSchema>(items: Vec<T>) -> Json<ListResponse<T>> {
    let total = items.len() as i64;
    Json(ListResponse { items, total })
}

/// Implementation activities of an agreement, newest first (dormancy is measured from the
/// latest), with their evidence files.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/activities", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<ActivityRecord>), (status = 404, body = ErrorBody)))]
pub async fn list_activities(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<ActivityRecord>>> {
    Ok(list(monitoring.activities(&caller.ctx, &id).await?))
}

/// Records an implementation activity of a signed agreement. `title` and `occurred_on`
/// are enough; kind, outputs, cost, participants, plan item and grant reference are optional.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/activities", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = ActivityInput,
    responses((status = 201, body = ActivityRecord), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn record_activity(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActivityInput>,
) -> ApiResult<Response> {
    let activity = monitoring.record_activity(&caller.ctx, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(activity)).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceParams {
    /// The file's name as the user knows it (the format is told from the content).
    pub filename: Option<String>,
}

/// Uploads an evidence file of an activity (the raw bytes as the body): minutes, photos,
/// attendance lists, a trip report. Same formats and size limit as case files.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/activities/{activity}/evidence", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("activity" = String, Path, description = "Activity id"), EvidenceParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = DocumentFile), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn add_evidence(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, activity)): Path<(String, String)>,
    ApiQuery(p): ApiQuery<EvidenceParams>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let name = p.filename.as_deref().unwrap_or("bukti");
    let file = monitoring
        .add_evidence(&caller.ctx, &id, &activity, &body, name)
        .await?;
    Ok((StatusCode::CREATED, Json(file)).into_response())
}

/// An evidence file of an activity, for those who may see the agreement.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/activities/{activity}/evidence/{sha256}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("activity" = String, Path, description = "Activity id"),
           ("sha256" = String, Path, description = "The file's SHA-256")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ErrorBody)))]
pub async fn download_evidence(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, activity, sha256)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let (file, bytes) = monitoring
        .evidence_content(&caller.ctx, &id, &activity, &sha256)
        .await?;
    Ok(super::cases::file_response(&file, bytes))
}

/// The agreement's action plan, by start date.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/action-plan", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<PlanItem>), (status = 404, body = ErrorBody)))]
pub async fn list_plan(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<PlanItem>>> {
    Ok(list(monitoring.action_plan(&caller.ctx, &id).await?))
}

/// Adds an item to the action plan (field, activity, lead OPD, partner unit, timeline,
/// budget source and planned budget, indicators with SDG indicator codes).
#[utoipa::path(post, path = "/api/v1/agreements/{id}/action-plan", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = PlanItemInput,
    responses((status = 201, body = PlanItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create_plan_item(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PlanItemInput>,
) -> ApiResult<Response> {
    let item = monitoring.create_plan_item(&caller.ctx, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(item)).into_response())
}

/// The version an `If-Match` header names, if any. A value that is not a number reads as
/// version 0, which never exists, so the change is refused rather than applied unguarded.
fn if_match(headers: &HeaderMap) -> Option<i64> {
    headers.get(header::IF_MATCH).map(|v| {
        v.to_str()
            .unwrap_or("")
            .trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .parse()
            .unwrap_or(0)
    })
}

/// Replaces an item of the action plan; `If-Match` (its version) guards against lost updates.
#[utoipa::path(put, path = "/api/v1/agreements/{id}/action-plan/{item}", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("item" = String, Path, description = "Plan item id"),
           ("If-Match" = Option<String>, Header, description = "The item's version")),
    request_body = PlanItemInput,
    responses((status = 200, body = PlanItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_plan_item(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    ApiJson(input): ApiJson<PlanItemInput>,
) -> ApiResult<Json<PlanItem>> {
    let expected = if_match(&headers);
    Ok(Json(
        monitoring
            .update_plan_item(&caller.ctx, &id, &item, &input, expected)
            .await
            .map_err(ApiError::precondition)?,
    ))
}

/// Removes an item of the action plan; its activities stay, unlinked.
#[utoipa::path(delete, path = "/api/v1/agreements/{id}/action-plan/{item}", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("item" = String, Path, description = "Plan item id")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_plan_item(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    monitoring.delete_plan_item(&caller.ctx, &id, &item).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Official foreign travel (PDLN) of the agreement, latest departure first, with permit
/// status and the trip report's state (`pending`, `due_soon`, `overdue`, `filed`).
#[utoipa::path(get, path = "/api/v1/agreements/{id}/travels", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<TravelView>), (status = 404, body = ErrorBody)))]
pub async fn list_travels(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<TravelView>>> {
    Ok(list(monitoring.travels(&caller.ctx, &id).await?))
}

/// Records a trip abroad (a `visit_out` activity): delegation, destination, dates (may lie
/// ahead), the travel permit's reference and status as issued outside Jalin. The trip
/// report falls due `trip_report_days` (default 14) after the return.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/travels", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = TravelInput,
    responses((status = 201, body = TravelView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn record_travel(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TravelInput>,
) -> ApiResult<Response> {
    let travel = monitoring.record_travel(&caller.ctx, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(travel)).into_response())
}

/// Records the travel permit's status and reference as the authority decided.
#[utoipa::path(put, path = "/api/v1/agreements/{id}/travels/{activity}/permit", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("activity" = String, Path, description = "The trip's activity id")),
    request_body = PermitInput,
    responses((status = 200, body = TravelView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update_permit(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, activity)): Path<(String, String)>,
    ApiJson(input): ApiJson<PermitInput>,
) -> ApiResult<Json<TravelView>> {
    Ok(Json(
        monitoring.update_permit(&caller.ctx, &id, &activity, &input).await?,
    ))
}

/// Files the trip report (after the return). A document is uploaded first as evidence of
/// the trip and named by its SHA-256.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/travels/{activity}/report", extensions(("x-access" = json!(Requires(Action::MonitoringWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"), ("activity" = String, Path, description = "The trip's activity id")),
    request_body = TripReportInput,
    responses((status = 200, body = TravelView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn file_trip_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path((id, activity)): Path<(String, String)>,
    ApiJson(input): ApiJson<TripReportInput>,
) -> ApiResult<Json<TravelView>> {
    Ok(Json(
        monitoring.file_trip_report(&caller.ctx, &id, &activity, &input).await?,
    ))
}
