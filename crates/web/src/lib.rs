//! Jalin's HTTP interface: the JSON API under `/api/v1` (described by the OpenAPI document
//! at `/api/openapi.json`, readable at `/api/docs`) and the server-rendered pages. This
//! crate talks only to `jalin-app`; it never touches SQL or the search index.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod headers;
pub mod i18n;
pub mod pages;
pub mod policy;
pub mod routes;
pub mod state;
pub mod svg;
pub mod url;

use axum::Router;
use axum::http::HeaderName;
use jalin_app::App;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
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

/// No request body is larger (uploads have their own, smaller limit in the application).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

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
        // A panicking handler answers 500 with the usual error body (inside the security
        // headers, the request id and the request's span, which all still apply).
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::from_fn_with_state(state, headers::security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The span of one request: every log line of the request names its method, route and id.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    // The route pattern, not the path: no identifiers or tokens from the URL in the logs.
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", axum::extract::MatchedPath::as_str);
    let request_id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!("request", method = %request.method(), route, request_id)
}

/// The answer to a handler that panicked: logged with its message, `internal` to the client.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    tracing::error!(panic = %message, "request handler panicked");
    axum::response::IntoResponse::into_response(error::ApiError::new(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "an internal error occurred; it has been logged",
    ))
}
