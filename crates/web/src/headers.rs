//! Security headers on every response.

use crate::AppState;
use crate::auth::is_https;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Adds the security headers a response does not set itself (the Content-Security-Policy
/// forbids inline script and style; HSTS only over TLS).
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = is_https(request.headers(), state.config.behind_proxy);
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=()");
    if https {
        set(h, "strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    response
}

/// A body over the limit, refused by the body limit or an extractor with a bare 413, gets
/// the usual error: JSON with code `too_large` on the API, a page for browsers, in the
/// caller's language.
pub async fn payload_too_large(State(upload_limit): State<u64>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let tr = crate::i18n::Tr::new(crate::i18n::Lang::from_headers(request.headers()));
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    let megabytes = upload_limit / 1_000_000;
    let message = tr.fmt("error.too_large", &[("mb", &megabytes)]);
    crate::error::refuse(
        &path,
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message),
    )
}
