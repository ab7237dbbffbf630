//! Reports on agreements (Permendagri 25/2020 Pasal 35–38, Permendagri 22/2020 Pasal 17,
//! 39), their review, a region's report status, and monitoring visits.

use super::{ListResponse, Paging};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jalin_app::monitoring::{
    Monitoring, NewReportInput, ReportEditInput, ReportQuery, ReportStatusView, ReportView, ReviewInput, SubmitInput,
    VisitInput,
};
use jalin_domain::authz::Action;
use jalin_domain::monitoring::report::{Report, Visit};
use std::sync::Arc;

/// The reports on an agreement that the caller may read, the latest period first.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/reports", extensions(("x-access" = json!(Requires(Action::ReportRead)))), tag = "reports",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<Report>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn agreement_reports(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<Report>>> {
    let items = monitoring.agreement_reports(&caller.ctx, &id).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Drafts a report on an agreement for a period (`year`, and `semester` for KSDD/KSDPK),
/// pre-filled from the agreement and the activities recorded in the period.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/reports", extensions(("x-access" = json!(Requires(Action::ReportSubmit)))), tag = "reports",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = NewReportInput,
    responses((status = 201, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn draft_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NewReportInput>,
) -> ApiResult<Response> {
    let report = monitoring.draft_report(&caller.ctx, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

/// Reports in the caller's scope, filtered; `queue=true` lists the submitted reports the
/// caller may review.
#[utoipa::path(get, path = "/api/v1/reports", extensions(("x-access" = json!(Requires(Action::ReportRead)))), tag = "reports",
    params(ReportQuery, Paging),
    responses((status = 200, body = ListResponse<Report>), (status = 422, body = ErrorBody)))]
pub async fn list_reports(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReportQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Report>>> {
    Ok(Json(
        monitoring
            .list_reports(&caller.ctx, &query, paging.into())
            .await?
            .into(),
    ))
}

/// One report with its history, the items still missing, and what the caller may do.
#[utoipa::path(get, path = "/api/v1/reports/{id}", extensions(("x-access" = json!(Requires(Action::ReportRead)))), tag = "reports",
    params(("id" = String, Path, description = "Report id (UUID)")),
    responses((status = 200, body = ReportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ReportView>> {
    Ok(Json(monitoring.get_report(&caller.ctx, &id).await?))
}

/// Changes the items of a draft or returned report (`expected_version` guards against lost
/// updates: 409 `version_mismatch`).
#[utoipa::path(patch, path = "/api/v1/reports/{id}", extensions(("x-access" = json!(Requires(Action::ReportSubmit)))), tag = "reports",
    params(("id" = String, Path, description = "Report id (UUID)")), request_body = ReportEditInput,
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReportEditInput>,
) -> ApiResult<Json<Report>> {
    Ok(Json(monitoring.edit_report(&caller.ctx, &id, &input).await?))
}

/// Submits a draft or returned report to its reviewer (the Governor for a kabupaten/kota,
/// Kemendagri for a province). All nine items are needed for an annual report. The body
/// (`{"expected_version": N}`) may be left out.
#[utoipa::path(post, path = "/api/v1/reports/{id}/submit", extensions(("x-access" = json!(Requires(Action::ReportSubmit)))), tag = "reports",
    params(("id" = String, Path, description = "Report id (UUID)")), request_body(content = Option<SubmitInput>),
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<Report>> {
    let input: SubmitInput = if body.iter().all(u8::is_ascii_whitespace) {
        SubmitInput::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("the body is not a submission: {e}"),
            )
        })?
    };
    Ok(Json(monitoring.submit_report(&caller.ctx, &id, &input).await?))
}

/// Accepts a submitted report, or returns it with comments (`decision`: `accept` or
/// `return`; a return needs its `comment`).
#[utoipa::path(post, path = "/api/v1/reports/{id}/review", extensions(("x-access" = json!(Requires(Action::ReportReview)))), tag = "reports",
    params(("id" = String, Path, description = "Report id (UUID)")), request_body = ReviewInput,
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn review_report(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> ApiResult<Json<Report>> {
    Ok(Json(monitoring.review_report(&caller.ctx, &id, &input).await?))
}

/// The reports a region owes (annual for its foreign agreements, semester for KSDD/KSDPK)
/// and where each stands — not started, draft, submitted, accepted, returned, overdue —
/// with the monitoring visits to its foreign agreements in the last twelve months.
#[utoipa::path(get, path = "/api/v1/regions/{code}/report-status", extensions(("x-access" = json!(Requires(Action::ReportRead)))), tag = "reports",
    params(("code" = String, Path, description = "Kemendagri code")),
    responses((status = 200, body = ReportStatusView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn region_report_status(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<ReportStatusView>> {
    Ok(Json(monitoring.region_report_status(&caller.ctx, &code).await?))
}

/// The monitoring-and-evaluation visits to an agreement, latest first.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/visits", extensions(("x-access" = json!(Requires(Action::ReportRead)))), tag = "reports",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = ListResponse<Visit>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_visits(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ListResponse<Visit>>> {
    let items = monitoring.list_visits(&caller.ctx, &id).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Records a monitoring-and-evaluation visit (Permendagri 25/2020 Pasal 39(5): at least
/// twice a year), by the province for its kabupaten/kota or by Kemendagri.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/visits", extensions(("x-access" = json!(Requires(Action::ReportReview)))), tag = "reports",
    params(("id" = String, Path, description = "Agreement id (UUID)")), request_body = VisitInput,
    responses((status = 201, body = Visit), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn record_visit(
    State(monitoring): State<Arc<Monitoring>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VisitInput>,
) -> ApiResult<Response> {
    let visit = monitoring.record_visit(&caller.ctx, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(visit)).into_response())
}
