//! After the signature: action plans, activities and official travel, reports, the
//! two-sided evaluation and an agreement's health. Pure types and rules; the `Monitoring`
//! service in `jalin-app` stores and authorizes them.

pub mod activity;
mod fields;
pub mod plan;
pub mod travel;

pub use fields::parse_rupiah;
pub use plan::PlanFacts;
