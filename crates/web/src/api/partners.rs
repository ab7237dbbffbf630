//! Partner endpoints.

use super::ListResponse;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::ports::store::Page;
use jalin_app::registry::PartnerQuery;
use jalin_domain::authz::Action;
use jalin_domain::partner::{Partner, PartnerInput};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PartnerParams {
    /// `foreign_regional_government`, `foreign_institution`, `indonesian_region`, `third_party`.
    pub kind: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Registered partners.
#[utoipa::path(get, path = "/api/v1/partners", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "partners", params(PartnerParams),
    responses((status = 200, body = ListResponse<Partner>), (status = 422, body = ErrorBody)))]
pub async fn list_partners(
    State(s): State<AppState>,
    ApiQuery(p): ApiQuery<PartnerParams>,
) -> ApiResult<Json<ListResponse<Partner>>> {
    let query = PartnerQuery {
        kind: p.kind,
        country: p.country,
        q: p.q,
    };
    Ok(Json(
        s.app
            .registry
            .list_partners(&query, Page::new(p.limit, p.offset))
            .await?
            .into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CreatePartnerParams {
    /// Register even though a partner with a similar name exists (never overrides an
    /// identical identifier).
    #[serde(default)]
    pub allow_similar: bool,
}

/// Registers a partner. 409 lists existing partners that look the same.
#[utoipa::path(post, path = "/api/v1/partners", extensions(("x-access" = json!(Requires(Action::RegistryWrite)))), tag = "partners", params(CreatePartnerParams),
    request_body = PartnerInput,
    responses((status = 201, body = Partner), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_partner(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<CreatePartnerParams>,
    ApiJson(input): ApiJson<PartnerInput>,
) -> ApiResult<Response> {
    let ctx = caller.ctx;
    let partner = s.app.registry.create_partner(&ctx, &input, p.allow_similar).await?;
    let location = format!("/api/v1/partners/{}", partner.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(partner)).into_response())
}

/// One partner.
#[utoipa::path(get, path = "/api/v1/partners/{id}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "partners",
    params(("id" = String, Path, description = "Partner id (UUID)")),
    responses((status = 200, body = Partner), (status = 404, body = ErrorBody)))]
pub async fn get_partner(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Partner>> {
    Ok(Json(s.app.registry.get_partner(&id).await?))
}
