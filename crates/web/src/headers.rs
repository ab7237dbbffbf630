//! Security headers on every response.

use crate::AppState;
use crate::auth::is_https;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue};
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
