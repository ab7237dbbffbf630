//! Partner recommendations and the opportunity board.

use super::{ListResponse, Paging};
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jalin_app::board::Board;
use jalin_app::board::{NeedQuery, OfferMatch, OfferQuery, RegionMatch};
use jalin_app::recommendations::Recommendations;
use jalin_app::recommendations::{PartnerSuggestion, RecommendationQuery};
use jalin_domain::authz::Action;
use jalin_domain::opportunity::{Need, NeedInput, Offer, OfferInput};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecommendationParams {
    /// How many partners (1–200, default 10).
    pub top: Option<usize>,
    /// Wished fields (*urusan* codes), comma-separated: `1.01,2.11`.
    pub fields: Option<String>,
    /// Wished SDG goals or targets, comma-separated: `4,11`.
    pub sdgs: Option<String>,
    /// Only places in these countries (ISO codes), comma-separated: `JP,KR`.
    pub country: Option<String>,
    /// `city` or `subdivision`.
    pub kind: Option<String>,
}

/// Recommended partners and how many places were ranked.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationList {
    pub items: Vec<PartnerSuggestion>,
    /// Places ranked (eligible, not already partners, passing the filters).
    pub total: i64,
}

/// Foreign cities (for a kabupaten/kota) or first-level subdivisions (for a province)
/// recommended as partners, best first, each with the reasons of its score in Indonesian
/// and English. Existing partners are left out. The same data gives the same list.
#[utoipa::path(get, path = "/api/v1/regions/{code}/recommendations", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "recommendations",
    params(("code" = String, Path, description = "Kemendagri code"), RecommendationParams),
    responses((status = 200, body = RecommendationList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn recommendations(
    State(recommendations): State<Arc<Recommendations>>,
    caller: Caller,
    Path(code): Path<String>,
    ApiQuery(p): ApiQuery<RecommendationParams>,
) -> ApiResult<Json<RecommendationList>> {
    let list = |v: Option<String>| v.into_iter().collect::<Vec<_>>();
    let query = RecommendationQuery {
        top: p.top,
        fields: list(p.fields),
        sdgs: list(p.sdgs),
        countries: list(p.country),
        kind: p.kind,
    };
    let r = recommendations.recommend_partners(&caller.ctx, &code, &query).await?;
    Ok(Json(RecommendationList {
        total: r.total as i64,
        items: r.items,
    }))
}

/// Open offers of the opportunity board that fit a region, best first.
#[utoipa::path(get, path = "/api/v1/regions/{code}/opportunities", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities",
    params(("code" = String, Path, description = "Kemendagri code")),
    responses((status = 200, body = ListResponse<OfferMatch>), (status = 404, body = ErrorBody)))]
pub async fn region_opportunities(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(code): Path<String>,
) -> ApiResult<Json<ListResponse<OfferMatch>>> {
    let items = board.region_opportunities(&caller.ctx, &code).await?;
    Ok(Json(ListResponse {
        total: items.len() as i64,
        items,
    }))
}

/// Offers of the opportunity board, newest first.
#[utoipa::path(get, path = "/api/v1/opportunities/offers", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities", params(OfferQuery, Paging),
    responses((status = 200, body = ListResponse<Offer>), (status = 422, body = ErrorBody)))]
pub async fn list_offers(
    State(board): State<Arc<Board>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<OfferQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Offer>>> {
    Ok(Json(
        board.list_offers(&caller.ctx, &query, paging.into()).await?.into(),
    ))
}

/// Publishes an offer (Kemendagri, Kemlu, administrators on behalf of a partner; or a
/// foreign-partner guest). The regions it fits are notified in their inbox.
#[utoipa::path(post, path = "/api/v1/opportunities/offers", extensions(("x-access" = json!(Requires(Action::OpportunityOffer)))), tag = "opportunities", request_body = OfferInput,
    responses((status = 201, body = Offer), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn publish_offer(
    State(board): State<Arc<Board>>,
    caller: Caller,
    ApiJson(input): ApiJson<OfferInput>,
) -> ApiResult<Response> {
    let offer = board.publish_offer(&caller.ctx, &input).await?;
    let location = format!("/api/v1/opportunities/offers/{}", offer.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(offer)).into_response())
}

/// One offer.
#[utoipa::path(get, path = "/api/v1/opportunities/offers/{id}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities",
    params(("id" = String, Path, description = "Offer id")),
    responses((status = 200, body = Offer), (status = 404, body = ErrorBody)))]
pub async fn get_offer(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Offer>> {
    Ok(Json(board.get_offer(&caller.ctx, &id).await?))
}

/// Closes an offer (national roles and administrators; a guest only its own).
#[utoipa::path(post, path = "/api/v1/opportunities/offers/{id}/close", extensions(("x-access" = json!(Requires(Action::OpportunityOffer)))), tag = "opportunities",
    params(("id" = String, Path, description = "Offer id")),
    responses((status = 200, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn close_offer(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Offer>> {
    Ok(Json(board.close_offer(&caller.ctx, &id).await?))
}

/// The regions an offer fits: 3T regions and regions without foreign cooperation first,
/// then by score; each with its reasons and the recommender's best place in the offer's
/// country for it.
#[utoipa::path(get, path = "/api/v1/opportunities/offers/{id}/matches", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities",
    params(("id" = String, Path, description = "Offer id"), Paging),
    responses((status = 200, body = ListResponse<RegionMatch>), (status = 404, body = ErrorBody)))]
pub async fn offer_matches(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<RegionMatch>>> {
    Ok(Json(board.offer_matches(&caller.ctx, &id, paging.into()).await?.into()))
}

/// Needs regions published, newest first.
#[utoipa::path(get, path = "/api/v1/opportunities/needs", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities", params(NeedQuery, Paging),
    responses((status = 200, body = ListResponse<Need>), (status = 422, body = ErrorBody)))]
pub async fn list_needs(
    State(board): State<Arc<Board>>,
    caller: Caller,
    ApiQuery(query): ApiQuery<NeedQuery>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<ListResponse<Need>>> {
    Ok(Json(board.list_needs(&caller.ctx, &query, paging.into()).await?.into()))
}

/// Publishes a need of the caller's region; the region is told of open offers it fits.
#[utoipa::path(post, path = "/api/v1/opportunities/needs", extensions(("x-access" = json!(Requires(Action::OpportunityNeed)))), tag = "opportunities", request_body = NeedInput,
    responses((status = 201, body = Need), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn publish_need(
    State(board): State<Arc<Board>>,
    caller: Caller,
    ApiJson(input): ApiJson<NeedInput>,
) -> ApiResult<Response> {
    let need = board.publish_need(&caller.ctx, &input).await?;
    let location = format!("/api/v1/opportunities/needs/{}", need.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(need)).into_response())
}

/// One need.
#[utoipa::path(get, path = "/api/v1/opportunities/needs/{id}", extensions(("x-access" = json!(Requires(Action::RegistryRead)))), tag = "opportunities",
    params(("id" = String, Path, description = "Need id")),
    responses((status = 200, body = Need), (status = 404, body = ErrorBody)))]
pub async fn get_need(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Need>> {
    Ok(Json(board.get_need(&caller.ctx, &id).await?))
}

/// Closes a need (the region's officers).
#[utoipa::path(post, path = "/api/v1/opportunities/needs/{id}/close", extensions(("x-access" = json!(Requires(Action::OpportunityNeed)))), tag = "opportunities",
    params(("id" = String, Path, description = "Need id")),
    responses((status = 200, body = Need), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn close_need(
    State(board): State<Arc<Board>>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Need>> {
    Ok(Json(board.close_need(&caller.ctx, &id).await?))
}
