//! After the signature: action plans, activities and official travel, reports, the
//! two-sided evaluation and an agreement's health. Pure types and rules; the `Monitoring`
//! service in `jalin-app` stores and authorizes them.

pub mod report;

pub use report::ReportFacts;
