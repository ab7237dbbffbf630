//! Reference data endpoints.

use super::{ListResponse, Paging};
use crate::AppState;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiQuery;
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use jalin_app::reference::Reference;
use jalin_app::reference::RegionQuery;
use jalin_domain::authz::Action;
use jalin_domain::legal_basis::LegalBasis;
use jalin_domain::reference::{Country, DatasetVersion, Place, Region, SdgGoal, SdgIndicator, SdgTarget, Urusan};
use serde::Deserialize;
use std::sync::Arc;
use utoipa::IntoParams;

/// Indonesian provinces, kabupaten and kota.
#[utoipa::path(get, path = "/api/v1/regions", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", params(RegionQuery, Paging),
    responses((status = 200, body = ListResponse<Region>), (status = 422, body = ErrorBody)))]
pub async fn list_regions(
    State(reference): State<Arc<Reference>>,
    ApiQuery(query): ApiQuery<RegionQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Region>>> {
    Ok(Json(reference.list_regions(&query, paging.into()).await?.into()))
}

/// One region by its Kemendagri code (`32.73`).
#[utoipa::path(get, path = "/api/v1/regions/{code}", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    params(("code" = String, Path, description = "Kemendagri code")),
    responses((status = 200, body = Region), (status = 404, body = ErrorBody)))]
pub async fn get_region(State(reference): State<Arc<Reference>>, Path(code): Path<String>) -> ApiResult<Json<Region>> {
    Ok(Json(reference.get_region(&code).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountryParams {
    /// Part of the English or Indonesian name.
    pub q: Option<String>,
    /// Continent code: AF, AN, AS, EU, NA, OC, SA.
    pub continent: Option<String>,
    /// Diplomatic relations with Indonesia: `yes`, `no`, `unknown`, `not_applicable`.
    pub relations: Option<String>,
}

/// Countries and territories (ISO 3166-1) with their diplomatic relations with Indonesia.
#[utoipa::path(get, path = "/api/v1/countries", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", params(CountryParams, Paging),
    responses((status = 200, body = ListResponse<Country>), (status = 422, body = ErrorBody)))]
pub async fn list_countries(
    State(reference): State<Arc<Reference>>,
    ApiQuery(p): ApiQuery<CountryParams>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Country>>> {
    Ok(Json(
        reference
            .list_countries(
                p.q.as_deref(),
                p.continent.as_deref(),
                p.relations.as_deref(),
                paging.into(),
            )
            .await?
            .into(),
    ))
}

/// One country by its ISO 3166-1 alpha-2 code.
#[utoipa::path(get, path = "/api/v1/countries/{iso2}", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    params(("iso2" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    responses((status = 200, body = Country), (status = 404, body = ErrorBody)))]
pub async fn get_country(
    State(reference): State<Arc<Reference>>,
    Path(iso2): Path<String>,
) -> ApiResult<Json<Country>> {
    Ok(Json(reference.get_country(&iso2).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceParams {
    /// The start of a name or alternate name, case- and accent-insensitive (`munc` finds München).
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `city` or `subdivision`.
    pub kind: Option<String>,
}

/// Cities (≥ 5,000 inhabitants) and first-level subdivisions by name prefix, most populous first.
#[utoipa::path(get, path = "/api/v1/places", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", params(PlaceParams, Paging),
    responses((status = 200, body = ListResponse<Place>), (status = 422, body = ErrorBody)))]
pub async fn search_places(
    State(reference): State<Arc<Reference>>,
    ApiQuery(p): ApiQuery<PlaceParams>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Place>>> {
    Ok(Json(
        reference
            .search_places(
                p.q.as_deref().unwrap_or(""),
                p.country.as_deref(),
                p.kind.as_deref(),
                paging.into(),
            )
            .await?
            .into(),
    ))
}

/// The 17 Sustainable Development Goals.
#[utoipa::path(get, path = "/api/v1/sdg/goals", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    responses((status = 200, body = ListResponse<SdgGoal>)))]
pub async fn list_sdg_goals(State(s): State<AppState>) -> ApiResult<Json<ListResponse<SdgGoal>>> {
    let items = s.app.reference.sdg_goals().await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SdgParams {
    /// Goal number (1–17).
    pub goal: Option<i32>,
    /// Target code (`4.1`), for indicators.
    pub target: Option<String>,
}

/// The 169 SDG targets, optionally of one goal.
#[utoipa::path(get, path = "/api/v1/sdg/targets", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", params(SdgParams),
    responses((status = 200, body = ListResponse<SdgTarget>), (status = 422, body = ErrorBody)))]
pub async fn list_sdg_targets(
    State(reference): State<Arc<Reference>>,
    ApiQuery(p): ApiQuery<SdgParams>,
) -> ApiResult<Json<ListResponse<SdgTarget>>> {
    let items = reference.sdg_targets(p.goal).await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}

/// SDG indicators, optionally of one goal or target.
#[utoipa::path(get, path = "/api/v1/sdg/indicators", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference", params(SdgParams),
    responses((status = 200, body = ListResponse<SdgIndicator>), (status = 422, body = ErrorBody)))]
pub async fn list_sdg_indicators(
    State(reference): State<Arc<Reference>>,
    ApiQuery(p): ApiQuery<SdgParams>,
) -> ApiResult<Json<ListResponse<SdgIndicator>>> {
    let items = reference.sdg_indicators(p.goal, p.target.as_deref()).await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}

/// Fields of cooperation: the 32 concurrent government affairs (*urusan*) of UU 23/2014.
#[utoipa::path(get, path = "/api/v1/fields", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    responses((status = 200, body = ListResponse<Urusan>)))]
pub async fn list_fields(State(s): State<AppState>) -> ApiResult<Json<ListResponse<Urusan>>> {
    let items = s.app.reference.urusan().await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}

/// Legal bases an agreement can be registered under, including pre-2020 ones.
#[utoipa::path(get, path = "/api/v1/legal-bases", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    responses((status = 200, body = ListResponse<LegalBasis>)))]
pub async fn list_legal_bases(State(s): State<AppState>) -> Json<ListResponse<LegalBasis>> {
    let items = s.app.reference.legal_bases().to_vec();
    Json(ListResponse {
        total: items.len() as i64,
        items,
    })
}

/// The loaded reference datasets: version (SHA-256), source and attribution.
#[utoipa::path(get, path = "/api/v1/reference/datasets", extensions(("x-access" = json!(Requires(Action::ReferenceRead)))), tag = "reference",
    responses((status = 200, body = ListResponse<DatasetVersion>)))]
pub async fn list_datasets(State(s): State<AppState>) -> ApiResult<Json<ListResponse<DatasetVersion>>> {
    let items = s.app.reference.dataset_versions().await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}
