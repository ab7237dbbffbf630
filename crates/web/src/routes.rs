//! Registering a route declares its access, once; the guard's [table](crate::policy::table)
//! is read from the registrations.
//!
//! - An API handler states its access in its `#[utoipa::path]` attribute, next to its method
//!   and path: `extensions(("x-access" = json!(Requires(Action::CaseRead))))` (or
//!   `json!(Open)`). `utoipa_axum::routes!` registers it; [`api_access`] reads the
//!   annotations and [`strip_access`] removes them from the served OpenAPI document.
//! - A page (or any other non-API route) is registered through [`Routes`], whose methods
//!   take the access as an argument, so it cannot be registered without one.

use crate::AppState;
use crate::policy::{Access, RouteAccess};
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};

/// The OpenAPI extension that carries an operation's [`Access`].
pub const ACCESS_EXTENSION: &str = "x-access";

/// A router that records what each of its routes needs.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    access: Vec<RouteAccess>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// A `GET` (and `HEAD`) route.
    pub fn get<H, T>(self, path: &str, handler: H, access: Access) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::GET, path, routing::get(handler), access)
    }

    /// A `POST` route.
    pub fn post<H, T>(self, path: &str, handler: H, access: Access) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(Method::POST, path, routing::post(handler), access)
    }

    fn add(mut self, method: Method, path: &str, endpoint: MethodRouter<AppState>, access: Access) -> Self {
        // Two methods of one path become one route (axum merges them).
        self.router = self.router.route(path, endpoint);
        self.access.push(RouteAccess {
            method,
            path: path.to_owned(),
            access,
        });
        self
    }

    /// What each route needs, in the order they were registered.
    pub fn access(&self) -> &[RouteAccess] {
        &self.access
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// The operations of a path with their methods.
fn operations(item: &mut PathItem) -> [(Method, &mut Option<Operation>); 8] {
    [
        (Method::GET, &mut item.get),
        (Method::PUT, &mut item.put),
        (Method::POST, &mut item.post),
        (Method::DELETE, &mut item.delete),
        (Method::OPTIONS, &mut item.options),
        (Method::HEAD, &mut item.head),
        (Method::PATCH, &mut item.patch),
        (Method::TRACE, &mut item.trace),
    ]
}

/// The access each operation of `openapi` declares. An operation without a readable
/// declaration is left out, so the guard refuses it, and logged.
pub fn api_access(openapi: &OpenApi) -> Vec<RouteAccess> {
    let mut found = Vec::new();
    let mut paths = openapi.paths.paths.clone();
    for (path, item) in &mut paths {
        for (method, operation) in operations(item) {
            let Some(operation) = operation else { continue };
            match declared_access(operation) {
                Some(access) => found.push(RouteAccess {
                    method,
                    path: path.clone(),
                    access,
                }),
                None => {
                    tracing::error!(%method, %path, "API route without `{ACCESS_EXTENSION}` in its #[utoipa::path]")
                }
            }
        }
    }
    found
}

fn declared_access(operation: &Operation) -> Option<Access> {
    let value = operation.extensions.as_ref()?.get(ACCESS_EXTENSION)?;
    serde_json::from_value(value.clone()).ok()
}

/// Removes the access declarations from the document (clients learn the rules from
/// `docs/authorization.md` and the 401/403 answers).
pub fn strip_access(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for (_, operation) in operations(item) {
            let Some(extensions) = operation.as_mut().and_then(|o| o.extensions.as_mut()) else {
                continue;
            };
            extensions.remove(ACCESS_EXTENSION);
            if extensions.is_empty()
                && let Some(o) = operation.as_mut()
            {
                o.extensions = None;
            }
        }
    }
}

/// The error answers every operation can give but few declare by hand, added to each
/// operation that lacks them (with the [`ErrorBody`](crate::error::ErrorBody) schema):
///
/// - 401: an `Authorization` header with an unknown, expired or revoked token (on any
///   route), or no caller on a protected one;
/// - 403: a protected route the caller's role or region does not reach, or a change made
///   with the session cookie without its CSRF token;
/// - 400 and 422 for a request body that is not JSON or does not fit its schema, 415 for a
///   JSON body sent with another content type;
/// - 422 for a query parameter that does not fit its schema.
///
/// Reads the access declarations, so it runs before [`strip_access`].
pub fn document_errors(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for (method, operation) in operations(item) {
            if let Some(operation) = operation.as_mut() {
                add_error_responses(&method, operation);
            }
        }
    }
}

fn add_error_responses(method: &Method, operation: &mut Operation) {
    use utoipa::openapi::path::ParameterIn;
    use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
    let open = declared_access(operation) == Some(Access::Open);
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    let (has_body, json_body) = match &operation.request_body {
        Some(RefOr::T(body)) => (true, body.content.contains_key("application/json")),
        Some(RefOr::Ref(_)) => (true, false),
        None => (false, false),
    };
    let has_query = operation.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.parameter_in == ParameterIn::Query,
        RefOr::Ref(_) => false,
    });
    let mut add: Vec<(&str, &str)> = vec![(
        "401",
        "Not signed in on a protected route, or the API token is unknown, expired or revoked",
    )];
    if !open || !safe {
        add.push((
            "403",
            "The caller's role or region does not reach this, or a change made with the session cookie lacks its CSRF token",
        ));
    }
    if has_body {
        add.push(("400", "The body cannot be read (not JSON)"));
    }
    if json_body {
        add.push(("415", "The body was not sent as `Content-Type: application/json`"));
    }
    if has_body || has_query {
        add.push(("422", "Invalid input: one message per field"));
    }
    for (status, description) in add {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                        )
                        .build(),
                )
            });
    }
}
