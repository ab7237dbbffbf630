//! The procedure as shared cases, eligibility checks, alerts and the procedure definitions.

use super::{ListResponse, Paging};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::accounts::Accounts;
use jalin_app::cases::Cases;
use jalin_app::cases::{
    CaseInput, CaseSummary, CaseView, DecisionInput, EligibilityReport, ProcedureRef, ProposalInput, TransitionInput,
};
use jalin_app::ports::store::{CaseFilter, Page};
use jalin_domain::authz::Action;
use jalin_domain::case::Alert;
use jalin_domain::procedure::definitions::PROCEDURES;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseParams {
    /// Only cases in this stage (state code).
    pub state: Option<String>,
    /// Only cases following this procedure (`luar_negeri_pmdn25`, `ksdd_pmdn22`, …).
    pub procedure: Option<String>,
}

/// The cases the caller may see (their region, province, invitations, or all), most
/// recently changed first.
#[utoipa::path(get, path = "/api/v1/cases", extensions(("x-access" = json!(Requires(Action::CaseRead)))), tag = "cases", params(CaseParams, Paging),
    responses((status = 200, body = ListResponse<CaseSummary>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_cases(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<CaseParams>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<CaseSummary>>> {
    let filter = CaseFilter {
        states: p.state.into_iter().filter(|s| !s.trim().is_empty()).collect(),
        procedure: p.procedure.filter(|s| !s.trim().is_empty()),
        ..CaseFilter::default()
    };
    Ok(Json(
        s.app.cases.list_cases(&caller.ctx, filter, paging.into()).await?.into(),
    ))
}

/// Opens a case at the first stage of the procedure for its form and sub-type.
#[utoipa::path(post, path = "/api/v1/cases", extensions(("x-access" = json!(Requires(Action::CaseOpen)))), tag = "cases", request_body = CaseInput,
    responses((status = 201, body = CaseView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    ApiJson(input): ApiJson<CaseInput>,
) -> ApiResult<Response> {
    let view = cases.open_case(&caller.ctx, &input).await?;
    let location = format!("/api/v1/cases/{}", view.case.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(view)).into_response())
}

/// A case: its stage and who holds the ball, the steps offered and what each is missing,
/// running timers, requirement results, documents and history.
#[utoipa::path(get, path = "/api/v1/cases/{id}", extensions(("x-access" = json!(Requires(Action::CaseRead)))), tag = "cases",
    params(("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(cases.get_case(&caller.ctx, &id).await?))
}

/// Takes a procedure step. A step that is not offered, lacks documents or fails a
/// requirement is refused with 409 and every reason with its article; a step based on an
/// outdated `expected_version` with 409 `version_mismatch`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transitions", extensions(("x-access" = json!(Requires(Action::CaseTransition)))), tag = "cases",
    params(("id" = String, Path, description = "Case id")), request_body = TransitionInput,
    responses((status = 200, body = CaseView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn transition(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TransitionInput>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(cases.transition_case(&caller.ctx, &id, &input).await?))
}

/// Records an attestation (pass/fail) or a waiver of a requirement by a role allowed to.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decisions", extensions(("x-access" = json!(Requires(Action::CaseDecide)))), tag = "cases",
    params(("id" = String, Path, description = "Case id")), request_body = DecisionInput,
    responses((status = 200, body = CaseView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> ApiResult<Json<CaseView>> {
    Ok(Json(cases.decide_requirement(&caller.ctx, &id, &input).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestInput {
    /// The e-mail address of a foreign-partner guest account.
    pub email: String,
}

/// Invites a foreign-partner guest to read a case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/guests", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "cases",
    params(("id" = String, Path, description = "Case id")), request_body = GuestInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn invite_guest(
    State(accounts): State<Arc<Accounts>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<GuestInput>,
) -> ApiResult<StatusCode> {
    accounts.invite_guest(&caller.ctx, &input.email, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Evaluates a proposed cooperation against the eligibility rules without opening a case.
#[utoipa::path(post, path = "/api/v1/eligibility", extensions(("x-access" = json!(Requires(Action::EligibilityEvaluate)))), tag = "cases", request_body = ProposalInput,
    responses((status = 200, body = EligibilityReport), (status = 422, body = ErrorBody)))]
pub async fn eligibility(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    ApiJson(input): ApiJson<ProposalInput>,
) -> ApiResult<Json<EligibilityReport>> {
    Ok(Json(cases.evaluate_proposal(&caller.ctx, &input).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertParams {
    /// At most this many (default 100).
    #[serde(default, deserialize_with = "alert_limit")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

fn alert_limit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    super::in_range(d, 1..=Page::MAX_LIMIT)
}

/// Open alerts (deadlines, expiry, dormancy, missing reports) of the caller's scope.
#[utoipa::path(get, path = "/api/v1/alerts", extensions(("x-access" = json!(Requires(Action::AlertRead)))), tag = "cases", params(AlertParams),
    responses((status = 200, body = ListResponse<Alert>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_alerts(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    ApiQuery(p): ApiQuery<AlertParams>,
) -> ApiResult<Json<ListResponse<Alert>>> {
    let alerts = cases.list_alerts(&caller.ctx, p.limit.unwrap_or(100)).await?;
    let total = alerts.len() as i64;
    Ok(Json(ListResponse { items: alerts, total }))
}

/// The procedures Jalin runs, each versioned by its legal basis.
#[utoipa::path(get, path = "/api/v1/procedures", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "cases",
    responses((status = 200, body = ListResponse<ProcedureRef>)))]
pub async fn list_procedures() -> Json<ListResponse<ProcedureRef>> {
    let items: Vec<ProcedureRef> = PROCEDURES.iter().map(|p| jalin_app::cases::procedure_ref(p)).collect();
    let total = items.len() as i64;
    Json(ListResponse { items, total })
}

/// A procedure definition: states, transitions with their roles, documents, guards and
/// articles, and timers.
#[utoipa::path(get, path = "/api/v1/procedures/{code}", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "cases",
    params(("code" = String, Path, description = "Procedure code")),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn get_procedure(Path(code): Path<String>) -> ApiResult<Json<serde_json::Value>> {
    let def = PROCEDURES
        .iter()
        .filter(|p| p.code == code)
        .max_by_key(|p| p.version)
        .ok_or_else(|| ApiError::not_found(&format!("procedure {code}")))?;
    Ok(Json(
        serde_json::to_value(def).map_err(|e| jalin_app::AppError::Internal(e.into()))?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The file's name as the user knows it (the format is told from the content).
    pub filename: Option<String>,
}

/// Uploads a file for a case (the raw bytes as the body). The answer's `sha256` is then
/// named as `documents[].file` of the step that registers the document. PDF, DOCX, ODT,
/// plain text, PNG, JPEG and TIFF are accepted, told from the content; the size limit is
/// configurable (default 20 MB). Equal files are stored once.
#[utoipa::path(post, path = "/api/v1/cases/{id}/files", extensions(("x-access" = json!(Requires(Action::CaseTransition)))), tag = "cases",
    params(("id" = String, Path, description = "Case id"), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = jalin_domain::case::DocumentFile), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_file(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(p): ApiQuery<UploadParams>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let file = cases
        .upload_file(&caller.ctx, &id, &body, p.filename.as_deref().unwrap_or("dokumen"))
        .await?;
    Ok((StatusCode::CREATED, Json(file)).into_response())
}

/// A case document's file, for those who may read the case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{doc}/file", extensions(("x-access" = json!(Requires(Action::CaseRead)))), tag = "cases",
    params(("id" = String, Path, description = "Case id"), ("doc" = String, Path, description = "Document id")),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody)))]
pub async fn download_file(
    State(cases): State<Arc<Cases>>,
    caller: Caller,
    Path((id, doc)): Path<(String, String)>,
) -> ApiResult<Response> {
    let (file, bytes) = cases.document_content(&caller.ctx, &id, &doc).await?;
    Ok(file_response(&file, bytes))
}

/// A stored file as a download: its content type, an attachment disposition with the
/// cleaned name, and a sandboxing policy so a hostile file cannot run in Jalin's origin.
pub fn file_response(file: &jalin_domain::case::DocumentFile, bytes: Vec<u8>) -> Response {
    let ascii: String = file
        .filename
        .chars()
        .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = file
        .filename
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, file.content_type.as_str()),
        (header::CONTENT_DISPOSITION, disposition.as_str()),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"),
        (header::CACHE_CONTROL, "private, max-age=0"),
    ] {
        if let Ok(v) = axum::http::HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    }
    response
}
