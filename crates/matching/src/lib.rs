//! Similarity and ranking. Everything here is pure and deterministic: the same inputs give
//! the same scores in the same order on every run and every machine.
//!
//! - [`names`]: name similarity for partner duplicate detection.
//! - [`pool`], [`features`], [`network`], [`recommend`]: the partner recommender. Build a
//!   [`CandidatePool`] once from the reference data, a [`PartnershipGraph`] from the
//!   registry's agreements and known twinnings, then rank with a [`Recommender`].
//! - [`eval`]: k-fold evaluation of the recommender against baselines.
//! - [`board`]: two-sided matching of the opportunity board (offers ↔ regions).

pub mod board;
pub mod eval;
pub mod features;
pub mod network;
pub mod pool;
pub mod recommend;

#[cfg(test)]
mod testutil;

/// Name similarity lives in the domain (reference data needs it too); kept here so
/// `jalin_matching::names` paths keep working.
pub use jalin_domain::text::names;

pub use board::{BoardReason, BoardReasonCode, BoardWeights, RegionFit, RegionProfile, match_offer};
pub use eval::{EvalConfig, EvalReport, Method, Metrics, evaluate};
pub use features::{ClimateBand, Level};
pub use network::{BuildStats, GraphBuilder, Partnership, PartnershipGraph};
pub use pool::{Candidate, CandidatePool, CountryInfo, PlaceRef};
pub use recommend::{
    Filter, Query, QueryKind, QueryPlace, Ranking, Reason, ReasonCode, Recommendation, Recommender, Weights,
    board_order, recommend,
};
