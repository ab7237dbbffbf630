//! Who is calling: the guard that runs before every routed handler. It authenticates the
//! request (an API token in `Authorization: Bearer`, or the session cookie), checks the
//! CSRF token of state-changing requests made with the cookie, looks the route up in the
//! [policy](crate::policy) and refuses early what the caller's role may never do. Handlers
//! receive the resulting [`Caller`].

use crate::AppState;
use crate::error::{ApiError, refuse};
use crate::policy::{self, Access};
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use jalin_app::ctx::{Actor, Ctx};
use serde::Deserialize;
use std::convert::Infallible;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "jalin_session";
/// The header that carries the CSRF token of cookie-authenticated API calls.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field that carries it for HTML forms (URL-encoded or multipart; never the URL).
pub const CSRF_FIELD: &str = "_csrf";
/// Form bodies read for their CSRF field are at most this large.
const MAX_FORM_BYTES: usize = 1 << 20;
/// Multipart forms (with uploads) are read for their CSRF field up to the request body limit.
const MAX_MULTIPART_BYTES: usize = crate::MAX_BODY_BYTES;

/// The authenticated context of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub ctx: Ctx,
    /// The session's CSRF token, for forms rendered to a signed-in browser.
    pub csrf: Option<String>,
    /// The session cookie's secret, when signed in with one.
    pub session: Option<String>,
    /// The client's address (for login throttling).
    pub address: Option<String>,
    /// Whether the request came over TLS (as the trusted proxy reports it).
    pub https: bool,
    /// The interface language (pages).
    pub lang: crate::i18n::Lang,
}

impl Caller {
    pub fn is_signed_in(&self) -> bool {
        matches!(self.ctx.actor, Actor::User(_))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(match parts.extensions.get::<Caller>() {
            Some(c) => c.clone(),
            // Routes outside the guard (none today) act anonymously.
            None => Caller {
                ctx: state.app.ctx(Actor::Anonymous, request_id(&parts.headers)),
                csrf: None,
                session: None,
                address: None,
                https: false,
                lang: crate::i18n::Lang::from_headers(&parts.headers),
            },
        })
    }
}

/// The client's address: behind a trusted reverse proxy the first `X-Forwarded-For` hop,
/// otherwise the connection's address (a client could forge the header).
pub fn client_address(request: &Request, behind_proxy: bool) -> Option<String> {
    let forwarded = behind_proxy
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        // The hop the trusted proxy appended is the last one; earlier ones are whatever the
        // client sent.
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    forwarded.or_else(|| {
        request
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
    })
}

pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(crate::REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned()
}

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    CookieJar::from_headers(headers).get(name).map(|c| c.value().to_owned())
}

/// Whether the request reached the trusted reverse proxy over TLS (Jalin itself serves
/// plain HTTP).
pub fn is_https(headers: &HeaderMap, behind_proxy: bool) -> bool {
    behind_proxy
        && headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(secret: &str, max_age_seconds: i64, https: bool) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
        if https { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends it.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Constant-time comparison of two tokens.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The CSRF token of a URL-encoded form; other fields are ignored.
#[derive(Deserialize)]
struct CsrfField {
    /// [`CSRF_FIELD`].
    #[serde(rename = "_csrf")]
    csrf: Option<String>,
}

/// The guard. Runs after routing (so the matched route is known) and before the handler.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let not_allowed = |request: &Request, allowed: &[&str]| {
        let mut response = refuse(
            &path,
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("{} is not allowed here", request.method()),
            ),
        );
        if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
            response.headers_mut().insert(header::ALLOW, v);
        }
        response
    };
    let Some(route) = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()) else {
        // Only a route's method fallback reaches the guard without a matched path (unknown
        // paths go to the router's fallback, outside the guard).
        return not_allowed(&request, &[]);
    };
    let Some(access) = policy::access(request.method(), &route) else {
        let allowed = policy::methods(&route);
        if !allowed.is_empty() {
            // Another method of a known route: answered here, so that no handler ever runs
            // without a policy.
            return not_allowed(&request, &allowed);
        }
        tracing::error!(%route, method = %request.method(), "route without an authorization policy");
        return refuse(
            &path,
            ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "this route has no authorization policy",
            ),
        );
    };
    let (caller, request) = match authenticate(&state, request).await {
        Ok(pair) => pair,
        Err(e) => return refuse(&path, e),
    };
    if let Access::Requires(action) = access
        && let Err(e) = jalin_app::authz::require(&caller.ctx, action)
    {
        return refuse(&path, e.into());
    }
    let mut request = request;
    request.extensions_mut().insert(caller);
    next.run(request).await
}

async fn authenticate(state: &AppState, request: Request) -> Result<(Caller, Request), ApiError> {
    let request_id = request_id(request.headers());
    let behind_proxy = state.config.behind_proxy;
    let address = client_address(&request, behind_proxy);
    let https = is_https(request.headers(), behind_proxy);
    let lang = crate::i18n::Lang::from_headers(request.headers());
    let anonymous = |session: Option<String>| Caller {
        ctx: state.app.ctx(Actor::Anonymous, request_id.clone()),
        csrf: None,
        session,
        address: address.clone(),
        https,
        lang,
    };
    if let Some(value) = request.headers().get(header::AUTHORIZATION) {
        let secret = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| unauthorized("send the token as 'Authorization: Bearer <token>'"))?;
        return match state
            .app
            .accounts
            .authenticate_token(secret)
            .await
            .map_err(ApiError::from)?
        {
            Some(actor) => Ok((
                Caller {
                    ctx: state.app.ctx(Actor::User(actor), request_id.clone()),
                    csrf: None,
                    session: None,
                    address: address.clone(),
                    https,
                    lang,
                },
                request,
            )),
            None => Err(unauthorized("the API token is unknown, expired or revoked")),
        };
    }
    let Some(secret) = cookie(request.headers(), SESSION_COOKIE).filter(|s| !s.is_empty()) else {
        return Ok((anonymous(None), request));
    };
    let Some((actor, session)) = state
        .app
        .accounts
        .authenticate_session(&secret)
        .await
        .map_err(ApiError::from)?
    else {
        // An expired or unknown cookie: carry on anonymously.
        return Ok((anonymous(None), request));
    };
    let request = if is_safe(request.method()) {
        request
    } else {
        check_csrf(request, &session.csrf_token).await?
    };
    Ok((
        Caller {
            ctx: state.app.ctx(Actor::User(actor), request_id),
            csrf: Some(session.csrf_token),
            session: Some(secret),
            address,
            https,
            lang,
        },
        request,
    ))
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

/// A state-changing request made with the session cookie must carry the session's CSRF
/// token: in the `X-CSRF-Token` header, or the `_csrf` field of a URL-encoded or multipart
/// form body. Never in the URL: addresses end up in logs, histories and `Referer` headers,
/// so a `_csrf` query parameter is not read.
async fn check_csrf(request: Request, expected: &str) -> Result<Request, ApiError> {
    let refused = || {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "the CSRF token is missing or wrong; reload the page",
        )
    };
    if let Some(v) = request.headers().get(CSRF_HEADER) {
        return if v.to_str().is_ok_and(|v| same_token(v, expected)) {
            Ok(request)
        } else {
            Err(refused())
        };
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (limit, multipart) = if content_type.starts_with("application/x-www-form-urlencoded") {
        (MAX_FORM_BYTES, false)
    } else if content_type.starts_with("multipart/form-data") {
        (MAX_MULTIPART_BYTES, true)
    } else {
        return Err(refused());
    };
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the form is too large"))?;
    let field = if multipart {
        multipart_csrf(&parts, bytes.clone()).await
    } else {
        serde_urlencoded::from_bytes::<CsrfField>(&bytes)
            .ok()
            .and_then(|f| f.csrf)
    };
    match field {
        Some(v) if same_token(&v, expected) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(refused()),
    }
}

/// The `_csrf` field of a buffered multipart body (the forms put it first; file fields
/// before it are skipped).
async fn multipart_csrf(parts: &Parts, bytes: axum::body::Bytes) -> Option<String> {
    let mut copy = Request::builder().method(parts.method.clone()).uri(parts.uri.clone());
    if let Some(v) = parts.headers.get(header::CONTENT_TYPE) {
        copy = copy.header(header::CONTENT_TYPE, v);
    }
    let request = copy.body(Body::from(bytes)).ok()?;
    let mut form = axum::extract::Multipart::from_request(request, &()).await.ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(CSRF_FIELD) {
            return field.text().await.ok();
        }
    }
    None
}

/// A cross-site form may not sign a browser in (login CSRF): when the browser names the
/// origin of a sign-in request, it must be this site.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
    // The configured public address counts too: a proxy may rewrite `Host`.
    let public = public_url.trim_end_matches('/');
    (!host.is_empty() && origin_host.eq_ignore_ascii_case(host))
        || (!public.is_empty() && origin.eq_ignore_ascii_case(public))
}
