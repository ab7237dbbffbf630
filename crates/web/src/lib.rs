//! Jalin's HTTP interface: the JSON API under `/api/v1` (described by the OpenAPI document
//! at `/api/openapi.json`, readable at `/api/docs`) and the server-rendered pages. This
//! crate talks only to `jalin-app`; it never touches SQL or the search index.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod headers;
pub mod i18n;
pub mod metrics;
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
use tower_http::trace::{DefaultOnResponse, TraceLayer};

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
    /// Whether `/metrics` answers (it is open: keep it off the public address).
    pub metrics: bool,
    /// Restarts of the node's background workers, reported on `/metrics`.
    pub restarts: jalin_app::workers::Restarts,
}

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub config: Arc<WebConfig>,
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The most the guard reads of a form body for its CSRF field; the request body limit
/// ([`body_limit`]: the upload limit plus 1 MiB) cuts larger bodies off before.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The whole HTTP service.
pub fn router(state: AppState) -> Router {
    let upload_limit = state.app.cases.upload_limit();
    let body_limit = body_limit(upload_limit);
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    let metrics = Arc::new(metrics::Metrics::new());
    Router::new()
        .merge(api_router)
        .merge(api::docs_router(openapi))
        .merge(pages::router())
        .merge(metrics::router())
        // After routing, before every handler: who calls, CSRF, and the route's policy.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::guard))
        // Around the guard, so that refused requests are timed and counted too.
        .route_layer(axum::middleware::from_fn_with_state(metrics.clone(), metrics::track))
        .layer(axum::Extension(metrics))
        .with_state(state.clone())
        // Uploads up to the configured limit reach the handlers, which refuse larger files
        // with their own message; bodies beyond it are cut off by the limit below.
        .layer(axum::extract::DefaultBodyLimit::max(body_limit))
        // A panicking handler answers 500 with the usual error body (inside the security
        // headers, the request id and the request's span, which all still apply).
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            upload_limit,
            headers::payload_too_large,
        ))
        .layer(axum::middleware::from_fn_with_state(state, headers::security_headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                // One line per answered request (status, latency) in the request's span.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
}

/// The largest request body: the upload limit plus room for a form's other fields and
/// multipart framing.
pub fn body_limit(upload_limit: u64) -> usize {
    const FORM_OVERHEAD: u64 = 1024 * 1024;
    usize::try_from(upload_limit.saturating_add(FORM_OVERHEAD)).unwrap_or(usize::MAX)
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
