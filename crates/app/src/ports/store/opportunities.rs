//! The opportunity board: offers and needs.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::codes::{CountryCode, RegionCode, UrusanCode};
use time::Date;

/// Which offers to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferFilter {
    pub status: Option<jalin_domain::opportunity::OpportunityStatus>,
    /// Only offers whose deadline is on or after this day.
    pub deadline_from: Option<Date>,
    pub country: Option<CountryCode>,
    pub publisher_kind: Option<jalin_domain::opportunity::PublisherKind>,
    pub field: Option<UrusanCode>,
    /// Offers naming this SDG goal (or a target or indicator under it).
    pub sdg_goal: Option<u8>,
}

/// Which needs to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedFilter {
    pub status: Option<jalin_domain::opportunity::OpportunityStatus>,
    pub region: Option<RegionCode>,
    /// Needs of the province and of the kabupaten/kota in it.
    pub province: Option<RegionCode>,
    pub field: Option<UrusanCode>,
    pub sdg_goal: Option<u8>,
}

/// The opportunity board: offers and needs. Lists are newest first.
#[async_trait]
pub trait OpportunityRepo: Send {
    async fn insert_offer(&mut self, offer: &jalin_domain::opportunity::Offer) -> StoreResult<()>;
    /// Replaces an offer if its version is still `expected_version`; otherwise
    /// [`StoreError::Conflict`](super::StoreError::Conflict).
    async fn update_offer(
        &mut self,
        offer: &jalin_domain::opportunity::Offer,
        expected_version: i64,
    ) -> StoreResult<()>;
    async fn offer(&mut self, id: jalin_domain::ids::OfferId) -> StoreResult<Option<jalin_domain::opportunity::Offer>>;
    async fn offers(
        &mut self,
        filter: &OfferFilter,
        page: Page,
    ) -> StoreResult<Listing<jalin_domain::opportunity::Offer>>;
    async fn insert_need(&mut self, need: &jalin_domain::opportunity::Need) -> StoreResult<()>;
    async fn update_need(&mut self, need: &jalin_domain::opportunity::Need, expected_version: i64) -> StoreResult<()>;
    async fn need(&mut self, id: jalin_domain::ids::NeedId) -> StoreResult<Option<jalin_domain::opportunity::Need>>;
    async fn needs(&mut self, filter: &NeedFilter, page: Page)
    -> StoreResult<Listing<jalin_domain::opportunity::Need>>;
}
