//! Which action every route performs. Each route declares it where it is registered
//! ([`crate::routes`]); the guard in [`crate::auth`] looks each request's route up in the
//! [`table`] built from those registrations before the handler runs: a route without an
//! entry is refused. The use cases then check the scope (region, province, invited case) of
//! what the request touches.

use axum::http::Method;
use jalin_domain::authz::Action;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::LazyLock;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health, sign-in, documentation, static files).
    Open,
    /// The actor's role must be allowed the action (`docs/authorization.md`).
    Requires(Action),
}

/// The word for [`Access::Open`] in an OpenAPI annotation; the other values are action codes.
const OPEN: &str = "open";

// As a plain string (`"open"` or an action code) so that an OpenAPI annotation reads well.
impl Serialize for Access {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Open => serializer.serialize_str(OPEN),
            Self::Requires(action) => serializer.serialize_str(action.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Access {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        if code == OPEN {
            return Ok(Self::Open);
        }
        code.parse::<Action>()
            .map(Self::Requires)
            .map_err(|e| serde::de::Error::custom(e.message))
    }
}

/// One registered route and what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteAccess {
    pub method: Method,
    /// The route pattern as registered, e.g. `/api/v1/cases/{id}`.
    pub path: String,
    pub access: Access,
}

/// Every route Jalin serves, with its access.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<RouteAccess>,
}

impl RouteTable {
    pub fn new(routes: Vec<RouteAccess>) -> Self {
        Self { routes }
    }

    /// The access rule of a matched route (HEAD is served by GET routes).
    pub fn access(&self, method: &Method, route: &str) -> Option<Access> {
        let method = if *method == Method::HEAD { &Method::GET } else { method };
        self.routes
            .iter()
            .find(|r| r.method == *method && r.path == route)
            .map(|r| r.access)
    }

    /// The methods a route pattern has a policy for.
    pub fn methods(&self, route: &str) -> Vec<&str> {
        self.routes
            .iter()
            .filter(|r| r.path == route)
            .map(|r| r.method.as_str())
            .collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = &RouteAccess> {
        self.routes.iter()
    }

    /// The routes outside the API — pages and `/metrics` (the API routes are listed by the
    /// OpenAPI document).
    pub fn pages(&self) -> impl Iterator<Item = &RouteAccess> {
        self.routes
            .iter()
            .filter(|r| !r.path.starts_with("/api/") && r.path != "/healthz" && r.path != "/readyz")
    }
}

/// The table of every route, read once from the registrations: the handlers' OpenAPI
/// annotations, the documentation routes and the page router.
pub fn table() -> &'static RouteTable {
    static TABLE: LazyLock<RouteTable> = LazyLock::new(|| {
        let mut routes = crate::api::route_access();
        routes.extend(crate::api::docs::routes(Default::default()).access().iter().cloned());
        routes.extend(crate::pages::routes().access().iter().cloned());
        routes.extend(crate::metrics::routes().access().iter().cloned());
        RouteTable::new(routes)
    });
    &TABLE
}

/// The access rule of a matched route (HEAD is served by GET routes).
pub fn access(method: &Method, route: &str) -> Option<Access> {
    table().access(method, route)
}

/// The methods a route pattern has a policy for.
pub fn methods(route: &str) -> Vec<&'static str> {
    table().methods(route)
}

/// The page routes (the API routes are listed by the OpenAPI document).
pub fn page_routes() -> impl Iterator<Item = (&'static str, &'static str)> {
    table().pages().map(|r| (r.method.as_str(), r.path.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Access::*;
    use Action::*;

    #[test]
    fn every_route_appears_once() {
        let mut seen = std::collections::BTreeSet::new();
        for r in table().iter() {
            assert!(
                seen.insert((r.method.as_str(), r.path.as_str())),
                "{} {} listed twice",
                r.method,
                r.path
            );
        }
    }

    #[test]
    fn head_follows_get() {
        assert_eq!(access(&Method::HEAD, "/healthz"), Some(Open));
        assert_eq!(access(&Method::GET, "/api/v1/cases"), Some(Requires(CaseRead)));
        assert_eq!(access(&Method::PUT, "/api/v1/cases"), None);
    }

    #[test]
    fn access_reads_as_open_or_an_action_code() {
        for access in [Open, Requires(CaseRead), Requires(OpportunityNeed)] {
            let json = serde_json::to_value(access).unwrap();
            assert_eq!(serde_json::from_value::<Access>(json).unwrap(), access);
        }
        assert_eq!(serde_json::to_value(Requires(CaseRead)).unwrap(), "case.read");
        assert!(serde_json::from_value::<Access>("case.raed".into()).is_err());
    }
}
