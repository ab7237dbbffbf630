//! Which action every route performs. The guard in [`crate::auth`] looks each request's
//! route up here before the handler runs: a route without an entry is refused, and a test
//! fails if any route of the OpenAPI document or of the pages lacks one. The use cases then
//! check the scope (region, province, invited case) of what the request touches.

use axum::http::Method;
use jalin_domain::authz::Action;

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (health, sign-in, documentation, static files).
    Open,
    /// The actor's role must be allowed the action (`docs/authorization.md`).
    Requires(Action),
}

use Access::*;
use Action::*;

/// `(method, route pattern, access)` for every route Jalin serves.
pub static ROUTES: &[(&str, &str, Access)] = &[
    // System and documentation.
    ("GET", "/healthz", Open),
    ("GET", "/api/openapi.json", Open),
    ("GET", "/api/docs", Open),
    // Sign-in.
    ("POST", "/api/v1/auth/login", Open),
    ("POST", "/api/v1/auth/logout", Requires(SessionOwn)),
    ("GET", "/api/v1/auth/me", Requires(SessionOwn)),
    ("POST", "/api/v1/auth/password-reset", Open),
    ("POST", "/api/v1/auth/password-reset/confirm", Open),
    // Reference data.
    ("GET", "/api/v1/regions", Requires(ReferenceRead)),
    ("GET", "/api/v1/regions/{code}", Requires(ReferenceRead)),
    ("GET", "/api/v1/countries", Requires(ReferenceRead)),
    ("GET", "/api/v1/countries/{iso2}", Requires(ReferenceRead)),
    ("GET", "/api/v1/places", Requires(ReferenceRead)),
    ("GET", "/api/v1/sdg/goals", Requires(ReferenceRead)),
    ("GET", "/api/v1/sdg/targets", Requires(ReferenceRead)),
    ("GET", "/api/v1/sdg/indicators", Requires(ReferenceRead)),
    ("POST", "/api/v1/sdg/suggest", Requires(ReferenceRead)),
    ("GET", "/api/v1/fields", Requires(ReferenceRead)),
    ("GET", "/api/v1/legal-bases", Requires(ReferenceRead)),
    ("GET", "/api/v1/reference/datasets", Requires(ReferenceRead)),
    ("GET", "/api/v1/procedures", Requires(ReferenceRead)),
    ("GET", "/api/v1/procedures/{code}", Requires(ReferenceRead)),
    // The registry.
    ("GET", "/api/v1/partners", Requires(RegistryRead)),
    ("POST", "/api/v1/partners", Requires(RegistryWrite)),
    ("GET", "/api/v1/partners/{id}", Requires(RegistryRead)),
    ("GET", "/api/v1/agreements", Requires(RegistryRead)),
    ("POST", "/api/v1/agreements", Requires(RegistryWrite)),
    ("GET", "/api/v1/agreements/{id}", Requires(RegistryRead)),
    ("PATCH", "/api/v1/agreements/{id}", Requires(RegistryWrite)),
    ("GET", "/api/v1/agreements/{id}/activities", Requires(RegistryRead)),
    ("GET", "/api/v1/agreements/{id}/similar", Requires(RegistryRead)),
    ("GET", "/api/v1/search", Requires(RegistryRead)),
    ("POST", "/api/v1/agreements/{id}/activities", Requires(RegistryWrite)),
    ("GET", "/api/v1/agreements/{id}/sdg-suggestions", Requires(RegistryRead)),
    (
        "PUT",
        "/api/v1/agreements/{id}/sdg-decisions/{target}",
        Requires(RegistryWrite),
    ),
    // Partner recommendations and the opportunity board (public reading).
    ("GET", "/api/v1/regions/{code}/recommendations", Requires(RegistryRead)),
    ("GET", "/api/v1/regions/{code}/opportunities", Requires(RegistryRead)),
    ("GET", "/api/v1/opportunities/offers", Requires(RegistryRead)),
    ("POST", "/api/v1/opportunities/offers", Requires(OpportunityOffer)),
    ("GET", "/api/v1/opportunities/offers/{id}", Requires(RegistryRead)),
    (
        "POST",
        "/api/v1/opportunities/offers/{id}/close",
        Requires(OpportunityOffer),
    ),
    (
        "GET",
        "/api/v1/opportunities/offers/{id}/matches",
        Requires(RegistryRead),
    ),
    ("GET", "/api/v1/opportunities/needs", Requires(RegistryRead)),
    ("POST", "/api/v1/opportunities/needs", Requires(OpportunityNeed)),
    ("GET", "/api/v1/opportunities/needs/{id}", Requires(RegistryRead)),
    (
        "POST",
        "/api/v1/opportunities/needs/{id}/close",
        Requires(OpportunityNeed),
    ),
    // Eligibility and cases.
    ("POST", "/api/v1/eligibility", Requires(EligibilityEvaluate)),
    ("GET", "/api/v1/cases", Requires(CaseRead)),
    ("POST", "/api/v1/cases", Requires(CaseOpen)),
    ("GET", "/api/v1/cases/{id}", Requires(CaseRead)),
    ("POST", "/api/v1/cases/{id}/transitions", Requires(CaseTransition)),
    ("POST", "/api/v1/cases/{id}/decisions", Requires(CaseDecide)),
    ("GET", "/api/v1/cases/{id}/audit", Requires(AuditReadCase)),
    ("POST", "/api/v1/cases/{id}/guests", Requires(UserManage)),
    ("POST", "/api/v1/cases/{id}/files", Requires(CaseTransition)),
    ("GET", "/api/v1/cases/{id}/documents/{doc}/file", Requires(CaseRead)),
    ("GET", "/api/v1/alerts", Requires(AlertRead)),
    // Accounts, tokens, audit.
    ("GET", "/api/v1/users", Requires(UserManage)),
    ("POST", "/api/v1/users", Requires(UserManage)),
    ("GET", "/api/v1/users/{id}", Requires(UserManage)),
    ("POST", "/api/v1/users/{id}/grant", Requires(UserManage)),
    ("POST", "/api/v1/users/{id}/revoke", Requires(UserManage)),
    ("GET", "/api/v1/users/{id}/audit", Requires(AuditReadUser)),
    ("GET", "/api/v1/tokens", Requires(TokenManageOwn)),
    ("POST", "/api/v1/tokens", Requires(TokenManageOwn)),
    ("DELETE", "/api/v1/tokens/{id}", Requires(TokenManageOwn)),
    ("GET", "/api/v1/audit/verify", Requires(AuditVerify)),
    // Pages: the public registry.
    ("GET", "/", Open),
    ("GET", "/about", Open),
    ("GET", "/static/style.css", Open),
    ("GET", "/static/htmx.min.js", Open),
    ("GET", "/static/app.js", Open),
    ("GET", "/bahasa/{code}", Open),
    ("GET", "/kerja-sama", Requires(RegistryRead)),
    ("GET", "/kerja-sama/{id}", Requires(RegistryRead)),
    ("POST", "/kerja-sama/{id}/sdg/{target}", Requires(RegistryWrite)),
    ("GET", "/daerah/{code}", Requires(RegistryRead)),
    ("GET", "/negara/{iso2}", Requires(RegistryRead)),
    ("GET", "/sdg", Requires(RegistryRead)),
    ("GET", "/sdg/{goal}", Requires(RegistryRead)),
    ("GET", "/peta", Requires(RegistryRead)),
    ("GET", "/cari", Requires(RegistryRead)),
    // Pages: the opportunity board.
    ("GET", "/peluang", Requires(RegistryRead)),
    ("GET", "/peluang/tawaran/baru", Requires(OpportunityOffer)),
    ("POST", "/peluang/tawaran/baru", Requires(OpportunityOffer)),
    ("GET", "/peluang/tawaran/{id}", Requires(RegistryRead)),
    ("POST", "/peluang/tawaran/{id}/tutup", Requires(OpportunityOffer)),
    ("GET", "/peluang/kebutuhan/baru", Requires(OpportunityNeed)),
    ("POST", "/peluang/kebutuhan/baru", Requires(OpportunityNeed)),
    ("GET", "/peluang/kebutuhan/{id}", Requires(RegistryRead)),
    ("POST", "/peluang/kebutuhan/{id}/tutup", Requires(OpportunityNeed)),
    // Pages: the officers' workspace and the national dashboard.
    ("GET", "/kasus", Requires(CaseRead)),
    ("GET", "/kasus/baru", Requires(CaseOpen)),
    ("POST", "/kasus/baru", Requires(CaseOpen)),
    ("GET", "/kasus/baru/mitra", Requires(CaseOpen)),
    ("GET", "/kasus/baru/kelayakan", Requires(CaseOpen)),
    ("GET", "/kasus/baru/sdg", Requires(CaseOpen)),
    ("GET", "/kasus/{id}", Requires(CaseRead)),
    ("POST", "/kasus/{id}/langkah", Requires(CaseTransition)),
    ("POST", "/kasus/{id}/keputusan", Requires(CaseDecide)),
    ("GET", "/kasus/{id}/dokumen/{doc}", Requires(CaseRead)),
    ("GET", "/notifikasi", Requires(AlertRead)),
    ("GET", "/dasbor", Requires(DashboardRead)),
    // Pages: signing in.
    ("GET", "/login", Open),
    ("POST", "/login", Open),
    ("POST", "/logout", Requires(SessionOwn)),
    ("GET", "/reset-password", Open),
    ("POST", "/reset-password", Open),
];

/// The access rule of a matched route (HEAD is served by GET routes).
pub fn access(method: &Method, route: &str) -> Option<Access> {
    let method = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ROUTES
        .iter()
        .find(|(m, r, _)| *m == method && *r == route)
        .map(|(_, _, a)| *a)
}

/// The methods a route pattern has a policy for.
pub fn methods(route: &str) -> Vec<&'static str> {
    ROUTES
        .iter()
        .filter(|(_, r, _)| *r == route)
        .map(|(m, _, _)| *m)
        .collect()
}

/// The page routes (the API routes are listed by the OpenAPI document).
pub fn page_routes() -> impl Iterator<Item = (&'static str, &'static str)> {
    ROUTES
        .iter()
        .filter(|(_, r, _)| !r.starts_with("/api/") && *r != "/healthz")
        .map(|(m, r, _)| (*m, *r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_appears_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (m, r, _) in ROUTES {
            assert!(seen.insert((*m, *r)), "{m} {r} listed twice");
        }
    }

    #[test]
    fn head_follows_get() {
        assert_eq!(access(&Method::HEAD, "/healthz"), Some(Open));
        assert_eq!(access(&Method::GET, "/api/v1/cases"), Some(Requires(CaseRead)));
        assert_eq!(access(&Method::PUT, "/api/v1/cases"), None);
    }
}
