//! Jalin's HTTP interface: the JSON API under `/api/v1` (described by the OpenAPI document
//! at `/api/openapi.json`, readable at `/api/docs`) and the server-rendered pages. This
//! crate talks only to `jalin-app`; it never touches SQL or the search index.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod pages;
pub mod policy;
pub mod routes;
pub mod state;
pub mod svg;

use axum::Router;
use axum::http::HeaderName;
use jalin_app::App;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// What the web layer needs to know besides the application.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Jalin's version, shown on the About page.
    pub version: String,
    /// Whether the demo dataset was requested (a banner says so on every page).
    pub demo: bool,
    /// The address users reach Jalin at (for links in e-mail), e.g. `https://jalin.example.go.id`.
    pub public_url: String,
    /// Whether Jalin runs behind a reverse proxy whose `X-Forwarded-For` and
    /// `X-Forwarded-Proto` headers are trusted (client address, TLS).
    pub behind_proxy: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub config: Arc<WebConfig>,
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole HTTP service.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(api_router)
        .merge(api::docs_router(openapi))
        .merge(pages::router())
        // After routing, before every handler: who calls, CSRF, and the route's policy.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard))
        .with_state(state.clone())
        .layer(axum::middleware::from_fn_with_state(state, auth::security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(64 * 1024 * 1024))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}
