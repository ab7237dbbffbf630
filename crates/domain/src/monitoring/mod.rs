//! After the signature: action plans, activities and official travel, reports, the
//! two-sided evaluation and an agreement's health. Pure types and rules; the `Monitoring`
//! service in `jalin-app` stores and authorizes them.

pub mod evaluation;
pub mod health;
pub mod plan;
pub mod report;

pub use plan::PlanFacts;

pub use report::ReportFacts;
pub mod activity;
mod fields;
pub mod travel;

pub use fields::parse_rupiah;
