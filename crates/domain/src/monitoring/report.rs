//! Reports. Minimal copy for the evaluation branch (helper B owns this file; the lead
//! resolves the duplicate at merge).

use time::Date;

/// What an agreement's reports say, for its health.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFacts {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_report_on: Option<Date>,
    pub overdue_reports: u32,
}
