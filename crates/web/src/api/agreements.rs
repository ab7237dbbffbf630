//! Agreement endpoints.

use super::{ListResponse, Paging};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::AgreementView;
use jalin_app::registry::Registry;
use jalin_domain::agreement::AgreementInput;
use jalin_domain::authz::Action;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The registry of agreements, filtered.
#[utoipa::path(get, path = "/api/v1/agreements", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements", params(AgreementQuery, Paging),
    responses((status = 200, body = ListResponse<AgreementView>), (status = 422, body = ErrorBody)))]
pub async fn list_agreements(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AgreementQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<AgreementView>>> {
    Ok(Json(
        registry
            .list_agreement_views(&caller.ctx, &query, paging.into())
            .await?
            .into(),
    ))
}

fn with_etag(status: StatusCode, agreement: AgreementView, location: Option<String>) -> Response {
    let etag = format!("\"{}\"", agreement.agreement.version);
    let mut response = (status, Json(agreement)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    if let Some(l) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, l);
    }
    response
}

/// Registers an agreement. Parties are named by `region_code`, `geonameid`,
/// `subdivision_code`, `partner_id` or a full `partner` description.
#[utoipa::path(post, path = "/api/v1/agreements", extensions(("x-access" = json!(Requires(Action::RegistryWrite)))), tag = "agreements", request_body = AgreementInput,
    responses((status = 201, body = AgreementView), (status = 422, body = ErrorBody)))]
pub async fn create_agreement(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiJson(input): ApiJson<AgreementInput>,
) -> ApiResult<Response> {
    let ctx = caller.ctx;
    let agreement = registry.create_agreement(&ctx, &input).await?;
    let location = format!("/api/v1/agreements/{}", agreement.id);
    let view = registry.views(&ctx, vec![agreement]).await?.remove(0);
    Ok(with_etag(StatusCode::CREATED, view, Some(location)))
}

/// One agreement. The `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    responses((status = 200, body = AgreementView), (status = 404, body = ErrorBody)))]
pub async fn get_agreement(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(with_etag(
        StatusCode::OK,
        registry.get_agreement_view(&caller.ctx, &id).await?,
        None,
    ))
}

/// Changes an agreement with a JSON merge patch (RFC 7396) of its input fields. Send the
/// `ETag` back in `If-Match` to refuse the change if someone else changed it meanwhile
/// (412).
#[utoipa::path(patch, path = "/api/v1/agreements/{id}", extensions(("x-access" = json!(Requires(Action::RegistryWrite)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)"),
           ("If-Match" = Option<String>, Header, description = "The version (ETag) the change is based on")),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json",
                 description = "Fields of AgreementInput to change; null removes an optional field"),
    responses((status = 200, body = AgreementView), (status = 404, body = ErrorBody),
              (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn patch_agreement(
    State(s): State<AppState>,
    Path(id): Path<String>,
    caller: Caller,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let patch: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the body is not JSON: {e}"),
        )
    })?;
    let expected = match headers.get(header::IF_MATCH) {
        None => None,
        Some(v) => {
            let text = v
                .to_str()
                .unwrap_or("")
                .trim()
                .trim_start_matches("W/")
                .trim_matches('"');
            match text.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Err(ApiError::validation(BTreeMap::from([(
                        "If-Match".to_owned(),
                        "send the agreement's ETag (its version number)".to_owned(),
                    )])));
                }
            }
        }
    };
    let ctx = caller.ctx;
    let agreement = s
        .app
        .registry
        .patch_agreement(&ctx, &id, &patch, expected)
        .await
        .map_err(ApiError::precondition)?;
    let view = s.app.registry.views(&ctx, vec![agreement]).await?.remove(0);
    Ok(with_etag(StatusCode::OK, view, None))
}
