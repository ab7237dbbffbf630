//! Full-text search over what the caller may see.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use jalin_app::ports::search::{SearchHit, SearchResults};
use jalin_app::search::SearchQuery;
use jalin_domain::authz::Action;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchParams {
    /// Words to find (Indonesian words match their other forms: "pendidikan" finds
    /// "mendidik"); place and partner names match with a typo or two.
    pub q: Option<String>,
    /// `agreement`, `partner`, `case`, `document` (comma-separated).
    pub kind: Option<String>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub province: Option<String>,
    pub region: Option<String>,
    pub country: Option<String>,
    pub field: Option<String>,
    /// An SDG goal (`4`); a target or indicator counts for its goal.
    pub sdg: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Searches agreements, partners, cases and document text the caller may see, with
/// highlighted snippets and facet counts.
#[utoipa::path(get, path = "/api/v1/search", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<SearchParams>,
) -> ApiResult<Json<SearchResults>> {
    let query = SearchQuery {
        q: p.q,
        kind: p.kind,
        form: p.form,
        status: p.status,
        year: p.year,
        province: p.province,
        region: p.region,
        country: p.country,
        field: p.field,
        sdg: p.sdg,
        limit: p.limit,
        offset: p.offset,
    };
    Ok(Json(s.app.search.search(&caller.ctx, &query).await?))
}

/// Agreements similar to this one (by their text), that the caller may see.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/similar", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "search",
    params(("id" = String, Path, description = "Agreement id")),
    responses((status = 200, body = super::ListResponse<SearchHit>), (status = 404, body = ErrorBody)))]
pub async fn similar(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<super::ListResponse<SearchHit>>> {
    let items = s.app.search.similar_agreements(&caller.ctx, &id, 8).await?;
    Ok(Json(super::ListResponse {
        total: items.len() as i64,
        items,
    }))
}
