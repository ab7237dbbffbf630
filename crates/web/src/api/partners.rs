//! Partner endpoints.

use super::{ListResponse, Paging};
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::registry::PartnerQuery;
use jalin_app::registry::Registry;
use jalin_domain::authz::Action;
use jalin_domain::partner::{Partner, PartnerInput};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

/// Registered partners the caller may see: a partner named only in drafts, agreements in
/// procedure or cases is visible to their regions (and provinces) and national roles, and
/// becomes public once a signed agreement names it.
#[utoipa::path(get, path = "/api/v1/partners", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "partners", params(PartnerQuery, Paging),
    responses((status = 200, body = ListResponse<Partner>), (status = 422, body = ErrorBody)))]
pub async fn list_partners(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<PartnerQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Partner>>> {
    Ok(Json(
        registry.list_partners(&caller.ctx, &query, paging.into()).await?.into(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiQuery(p): ApiQuery<CreatePartnerParams>,
    ApiJson(input): ApiJson<PartnerInput>,
) -> ApiResult<Response> {
    let ctx = caller.ctx;
    let partner = registry.create_partner(&ctx, &input, p.allow_similar).await?;
    let location = format!("/api/v1/partners/{}", partner.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(partner)).into_response())
}

/// One partner (404 when the caller may not see it, as in the list).
#[utoipa::path(get, path = "/api/v1/partners/{id}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "partners",
    params(("id" = String, Path, description = "Partner id (UUID)")),
    responses((status = 200, body = Partner), (status = 404, body = ErrorBody)))]
pub async fn get_partner(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Partner>> {
    Ok(Json(registry.get_partner(&caller.ctx, &id).await?))
}
