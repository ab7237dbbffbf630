//! The JSON API.

pub mod agreements;
pub mod auth;
pub mod calendar;
pub mod cases;
pub mod docs;
pub mod implementation;
pub mod monitoring;
pub mod notifications;
pub mod opportunities;
pub mod partners;
pub mod reference;
pub mod reports;
pub mod sdg;
pub mod search;
pub mod users;
pub mod verification;

use crate::AppState;
use crate::policy::Access::Open;
use crate::policy::RouteAccess;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jalin_app::ports::store::Page;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jalin API",
        description = "The registry of Indonesian regional cooperation (kerja sama daerah): reference data \
                       (regions, countries, places, SDGs), partners and agreements. List endpoints return \
                       `{\"items\": [...], \"total\": N}` and take `limit` (1–500, default 20) and `offset`. \
                       A `limit` or `offset` outside its range is a 422, never silently changed. \
                       Errors are JSON `{\"error\": code, \"message\": ...}`: unreadable JSON is 400, a JSON \
                       body without `Content-Type: application/json` 415, validation errors 422 with one \
                       message per field (and a stable code per field in `codes`); unknown ids are 404. \
                       A change based on a stale version is 412 when the version came in `If-Match` and \
                       409 `version_mismatch` when it came in the body (`expected_version`). \
                       Authenticate with `Authorization: Bearer <token>` (API tokens) or the session cookie \
                       set by `/api/v1/auth/login`; cookie-authenticated changes need the session's CSRF token \
                       in `X-CSRF-Token`. Anonymous callers get 401 on protected routes, callers whose role \
                       or region does not reach the record get 403 (docs/authorization.md).",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "reference", description = "Regions, countries, places, SDGs (and SDG target suggestions from text), government affairs, legal bases"),
        (name = "partners", description = "Partners of Indonesian regions"),
        (name = "agreements", description = "The cooperation registry"),
        (name = "cases", description = "The legal procedure as shared cases; eligibility; alerts"),
        (name = "notifications", description = "The caller's own notifications: inbox, filters, read state; calendar feeds of deadlines"),
        (name = "auth", description = "Signing in (session cookie + CSRF token) and password resets"),
        (name = "accounts", description = "Users (administrators) and API tokens"),
        (name = "audit", description = "The hash-chained audit trail"),
        (name = "search", description = "Full-text search in Indonesian and English"),
        (name = "recommendations", description = "Foreign partners recommended to a region, with reasons (docs/matching.md)"),
        (name = "opportunities", description = "The opportunity board: offers by foreign partners, embassies and programmes; needs of regions; two-sided matching"),
        (name = "monitoring", description = "After the signature: the two-sided evaluation, agreement health, dormancy and revival prompts"),
        (name = "reports", description = "Reports on agreements (annual, semester), their review, report status and monitoring visits"),
        (name = "system", description = "Health and metadata")
    )
)]
struct ApiDoc;

/// A page of results and the total number of matches.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListResponse<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
}

impl<T: ToSchema> From<jalin_app::ports::store::Listing<T>> for ListResponse<T> {
    fn from(l: jalin_app::ports::store::Listing<T>) -> Self {
        Self {
            items: l.items,
            total: l.total,
        }
    }
}

/// `limit` and `offset` of every list endpoint: extracted beside the endpoint's filters from
/// the same query string (each ignores the other's keys), as flattening would read numbers
/// as strings.
///
/// A `limit` outside 1–500 or a negative `offset` is a 422 (`validation_failed`, the field
/// named), never silently changed.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// How many items (default 20).
    #[serde(default, deserialize_with = "page_limit")]
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// How many matches to skip (default 0).
    #[serde(default, deserialize_with = "page_offset")]
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

/// How the message of a number outside its range begins (its code is `out_of_range`).
pub(crate) const OUT_OF_RANGE: &str = "must be ";

/// A whole number in `range`, or the error that names the range.
pub(crate) fn in_range<'de, D: serde::Deserializer<'de>>(
    d: D,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, D::Error> {
    // Query values arrive as text.
    let text = String::deserialize(d)?;
    let n: i64 = text
        .trim()
        .parse()
        .map_err(|_| serde::de::Error::custom(format!("'{text}' is not a whole number")))?;
    if !range.contains(&n) {
        let message = if *range.end() == i64::MAX {
            format!("{OUT_OF_RANGE}at least {}, not {n}", range.start())
        } else {
            format!("{OUT_OF_RANGE}between {} and {}, not {n}", range.start(), range.end())
        };
        return Err(serde::de::Error::custom(message));
    }
    Ok(Some(n))
}

fn page_limit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    in_range(d, 1..=Page::MAX_LIMIT)
}

fn page_offset<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    in_range(d, 0..=i64::MAX)
}

impl From<Paging> for Page {
    fn from(p: Paging) -> Self {
        Page::new(p.limit, p.offset)
    }
}

// Not `Health`: that is an agreement's health, and two schemas of one name overwrite each
// other in the OpenAPI document (schemathesis found `/healthz` documented as the other).
/// The answer of `/healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Liveness {
    /// Always `ok` when the server answers.
    pub status: String,
}

/// Liveness: the server answers.
#[utoipa::path(get, path = "/healthz", extensions(("x-access" = json!(Open))), tag = "system", responses((status = 200, body = Liveness)))]
pub async fn healthz() -> Json<Liveness> {
    Json(Liveness {
        status: "ok".to_owned(),
    })
}

/// Something that keeps the node from serving.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotReady {
    /// `database`, `registry_index` or `search_index`.
    pub component: String,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready`, or `not_ready` with what is waiting.
    pub status: String,
    pub waiting: Vec<NotReady>,
}

/// Readiness: the database answers, the registry index is loaded and this node's search
/// index is built. A load balancer sends traffic only to nodes that answer 200.
#[utoipa::path(get, path = "/readyz", extensions(("x-access" = json!(Open))), tag = "system", responses(
    (status = 200, description = "Ready to serve", body = Readiness),
    (status = 503, description = "Not ready: `waiting` says what", body = Readiness)
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let waiting: Vec<NotReady> = state
        .app
        .readiness()
        .await
        .into_iter()
        .map(|n| NotReady {
            component: n.component.to_owned(),
            reason: n.reason,
        })
        .collect();
    let (status, word) = if waiting.is_empty() {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not_ready")
    };
    (
        status,
        Json(Readiness {
            status: word.to_owned(),
            waiting,
        }),
    )
}

/// Every API route as its handler's `#[utoipa::path]` declares it: method, path, OpenAPI
/// entry and access (see [`crate::routes`]).
fn declared() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(healthz))
        .routes(routes!(readyz))
        .routes(routes!(reference::list_regions))
        .routes(routes!(reference::get_region))
        .routes(routes!(reference::list_countries))
        .routes(routes!(reference::get_country))
        .routes(routes!(reference::search_places))
        .routes(routes!(reference::list_sdg_goals))
        .routes(routes!(reference::list_sdg_targets))
        .routes(routes!(reference::list_sdg_indicators))
        .routes(routes!(sdg::suggest))
        .routes(routes!(reference::list_fields))
        .routes(routes!(reference::list_legal_bases))
        .routes(routes!(reference::list_datasets))
        .routes(routes!(partners::list_partners, partners::create_partner))
        .routes(routes!(partners::get_partner))
        .routes(routes!(agreements::list_agreements, agreements::create_agreement))
        .routes(routes!(agreements::get_agreement, agreements::patch_agreement))
        .routes(routes!(
            implementation::list_activities,
            implementation::record_activity
        ))
        .routes(routes!(implementation::add_evidence))
        .routes(routes!(implementation::download_evidence))
        .routes(routes!(implementation::list_plan, implementation::create_plan_item))
        .routes(routes!(
            implementation::update_plan_item,
            implementation::delete_plan_item
        ))
        .routes(routes!(implementation::list_travels, implementation::record_travel))
        .routes(routes!(implementation::update_permit))
        .routes(routes!(implementation::file_trip_report))
        .routes(routes!(sdg::agreement_suggestions))
        .routes(routes!(sdg::decide))
        .routes(routes!(search::search))
        .routes(routes!(search::similar))
        .routes(routes!(opportunities::recommendations))
        .routes(routes!(opportunities::region_opportunities))
        .routes(routes!(opportunities::list_offers, opportunities::publish_offer))
        .routes(routes!(opportunities::get_offer))
        .routes(routes!(opportunities::close_offer))
        .routes(routes!(opportunities::offer_matches))
        .routes(routes!(opportunities::list_needs, opportunities::publish_need))
        .routes(routes!(opportunities::get_need))
        .routes(routes!(opportunities::close_need))
        .routes(routes!(cases::list_procedures))
        .routes(routes!(cases::get_procedure))
        .routes(routes!(cases::eligibility))
        .routes(routes!(cases::list_cases, cases::open_case))
        .routes(routes!(cases::get_case))
        .routes(routes!(cases::transition))
        .routes(routes!(cases::decide))
        .routes(routes!(cases::invite_guest))
        .routes(routes!(cases::upload_file))
        .routes(routes!(cases::download_file))
        .routes(routes!(users::case_audit))
        .routes(routes!(cases::list_alerts))
        .routes(routes!(notifications::list_notifications))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(notifications::get_settings, notifications::put_settings))
        .routes(routes!(notifications::list_deliveries))
        .routes(routes!(calendar::list_feeds, calendar::create_feed))
        .routes(routes!(calendar::revoke_feed))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::request_reset))
        .routes(routes!(auth::confirm_reset))
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(users::get_user))
        .routes(routes!(users::grant))
        .routes(routes!(users::revoke))
        .routes(routes!(users::user_audit))
        .routes(routes!(users::list_tokens, users::create_token))
        .routes(routes!(users::revoke_token))
        .routes(routes!(users::verify_audit))
        .routes(routes!(monitoring::list_evaluations, monitoring::open_evaluation))
        .routes(routes!(monitoring::file_evaluation_side))
        .routes(routes!(monitoring::invite_evaluation_guest))
        .routes(routes!(monitoring::agreement_health))
        .routes(routes!(monitoring::dormant))
        .routes(routes!(monitoring::take_revival))
        .routes(routes!(reports::agreement_reports, reports::draft_report))
        .routes(routes!(reports::list_reports))
        .routes(routes!(reports::get_report, reports::edit_report))
        .routes(routes!(reports::submit_report))
        .routes(routes!(reports::review_report))
        .routes(routes!(reports::region_report_status))
        .routes(routes!(reports::list_visits, reports::record_visit))
        .routes(routes!(verification::queue))
        .routes(routes!(verification::decide))
}

/// The API routes, ready to serve: the common error answers are added to the OpenAPI
/// document and the access declarations left out.
pub fn router() -> OpenApiRouter<AppState> {
    let mut router = declared();
    crate::routes::document_errors(router.get_openapi_mut());
    crate::routes::strip_access(router.get_openapi_mut());
    router
}

/// What each API route needs, as the handlers declare it.
pub fn route_access() -> Vec<RouteAccess> {
    crate::routes::api_access(declared().get_openapi())
}

/// `/api/openapi.json` and the human-readable `/api/docs`.
pub fn docs_router(openapi: Arc<OpenApiDoc>) -> axum::Router<AppState> {
    docs::router(openapi)
}
