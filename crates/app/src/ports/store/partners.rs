//! Partners: the regions, cities and organisations agreements are made with.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use jalin_domain::ids::PartnerId;
use jalin_domain::partner::{Partner, PartnerKind};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnerFilter {
    pub kind: Option<PartnerKind>,
    pub country: Option<CountryCode>,
    /// Folded name substring.
    pub q: Option<String>,
    /// Which partners the reader may see: those named by an agreement or case it may see
    /// (a partner named only in private drafts is not public).
    pub visibility: super::Visibility,
    /// Only this partner.
    pub id: Option<PartnerId>,
}

/// Who may see a partner (see [`PartnerRepo::reach`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerReach {
    /// A signed agreement names it: it is public.
    pub public: bool,
    /// Regions and provinces of drafts, agreements in procedure and cases that name it.
    pub regions: Vec<RegionCode>,
    pub provinces: Vec<RegionCode>,
}

/// The identifiers a partner can be found by, strongest first.
#[derive(Debug, Clone, PartialEq)]
pub enum PartnerIdentity {
    Region(RegionCode),
    Geoname(GeonameId),
    Subdivision(SubdivisionCode),
    /// Same kind, same country (or none), same folded name.
    Name {
        kind: PartnerKind,
        country: Option<CountryCode>,
        name_key: String,
    },
}

#[async_trait]
pub trait PartnerRepo: Send {
    /// Waits until this transaction alone may create partners, until it ends. Taken before
    /// a write looks up the partners it may create: two writers needing the same new
    /// partner would otherwise both miss it and the second fail on the unique index
    /// (PostgreSQL: a transaction-scoped advisory lock; SQLite writers are serial anyway).
    async fn lock_creation(&mut self) -> StoreResult<()>;
    async fn insert(&mut self, partners: &[Partner]) -> StoreResult<()>;
    async fn update(&mut self, partner: &Partner) -> StoreResult<()>;
    async fn get(&mut self, id: PartnerId) -> StoreResult<Option<Partner>>;
    async fn find(&mut self, identity: &PartnerIdentity) -> StoreResult<Vec<Partner>>;
    /// Partners of a kind in a country (or without a country), for fuzzy duplicate checks.
    async fn same_kind_and_country(
        &mut self,
        kind: PartnerKind,
        country: Option<&CountryCode>,
        limit: i64,
    ) -> StoreResult<Vec<Partner>>;
    async fn list(&mut self, filter: &PartnerFilter, page: Page) -> StoreResult<Listing<Partner>>;
    /// Who may see a partner: whether a signed agreement names it, and the regions and
    /// provinces of the other agreements and the cases that name it.
    async fn reach(&mut self, id: PartnerId) -> StoreResult<PartnerReach>;
    /// Every partner (for bulk imports).
    async fn all(&mut self) -> StoreResult<Vec<Partner>>;
}
