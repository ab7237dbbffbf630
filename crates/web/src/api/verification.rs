//! Kemendagri's verification of registry records made outside Jalin (issue 12).

use super::{ListResponse, Paging};
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use jalin_app::ports::store::Page;
use jalin_app::registry::{AgreementView, Registry, VerificationInput};
use jalin_domain::authz::Action;
use std::sync::Arc;

/// Records to verify (2020-rules foreign agreements lacking Kemlu's confirmation, the
/// Minister's approval or the DPRD decision, not born of a Jalin case), least recently
/// changed last.
#[utoipa::path(get, path = "/api/v1/agreements/to-verify", extensions(("x-access" = json!(Requires(Action::RegistryVerify)))), tag = "agreements",
    params(Paging),
    responses((status = 200, body = ListResponse<AgreementView>), (status = 403, body = ErrorBody)))]
pub async fn queue(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<AgreementView>>> {
    let listing = registry.verification_queue(&caller.ctx, Page::from(paging)).await?;
    let items = registry.views(&caller.ctx, listing.items).await?;
    Ok(Json(ListResponse {
        items,
        total: listing.total,
    }))
}

/// Verifies (`verified`) or rejects (`rejected`, with a reason) a registry record; the
/// decision is audited and only verified records count in the official figures.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/verification", extensions(("x-access" = json!(Requires(Action::RegistryVerify)))), tag = "agreements",
    params(("id" = String, Path, description = "Agreement id (UUID)")),
    request_body = VerificationInput,
    responses((status = 200, body = AgreementView), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(registry): State<Arc<Registry>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<VerificationInput>,
) -> ApiResult<Json<AgreementView>> {
    let a = registry.verify_agreement(&caller.ctx, &id, &input, None).await?;
    Ok(Json(registry.views(&caller.ctx, vec![a]).await?.remove(0)))
}
