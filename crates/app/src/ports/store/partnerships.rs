//! Known partnerships imported from lists.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::codes::RegionCode;

/// Known partnerships imported from lists (not registry agreements).
#[async_trait]
pub trait PartnershipRepo: Send {
    /// Inserts the partnerships whose (region, place) pair is not stored yet; returns how
    /// many were new.
    async fn insert(&mut self, partnerships: &[jalin_domain::partnership::KnownPartnership]) -> StoreResult<usize>;
    /// The partnerships of one region, or all, by region and place.
    async fn list(
        &mut self,
        region: Option<&RegionCode>,
    ) -> StoreResult<Vec<jalin_domain::partnership::KnownPartnership>>;
    /// How many are stored. Partnerships are only ever added, so the count changes with
    /// every change (caches compare it).
    async fn count(&mut self) -> StoreResult<i64>;
}
