//! Full-text search over what the caller may see.

use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use jalin_app::ports::search::{SearchHit, SearchResults};
use jalin_app::search::Search;
use jalin_app::search::SearchQuery;
use jalin_domain::authz::Action;
use std::sync::Arc;

/// Searches agreements, partners, cases and document text the caller may see, with
/// highlighted snippets and facet counts.
#[utoipa::path(get, path = "/api/v1/search", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "search", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(search): State<Arc<Search>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    Ok(Json(search.search(&caller.ctx, &query).await?))
}

/// Agreements similar to this one (by their text), that the caller may see.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/similar", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "search",
    params(("id" = String, Path, description = "Agreement id")),
    responses((status = 200, body = super::ListResponse<SearchHit>), (status = 404, body = ErrorBody)))]
pub async fn similar(
    State(search): State<Arc<Search>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<super::ListResponse<SearchHit>>> {
    let items = search.similar_agreements(&caller.ctx, &id, 8).await?;
    Ok(Json(super::ListResponse {
        total: items.len() as i64,
        items,
    }))
}
