//! Action plans. Minimal copy for the evaluation branch (helper A owns this file; the lead
//! resolves the duplicate at merge).

/// What an agreement's action plan says about its implementation, for its health.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanFacts {
    pub plan_items: u32,
    pub plan_items_with_activity: u32,
    /// Rupiah.
    pub budget_planned: i64,
    /// Rupiah.
    pub budget_spent: i64,
    pub overdue_trip_reports: u32,
}
