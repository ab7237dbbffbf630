//! Agreements, the registry index's change feed and decisions on suggested SDG targets.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::agreement::{Agreement, AgreementStatus, Form, VerificationStatus};
use jalin_domain::codes::{CountryCode, RegionCode, SdgCode, UrusanCode};
use jalin_domain::ids::{AgreementId, PartnerId};
use time::Date;

/// How to order agreement lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgreementOrder {
    /// Newest signing (or entry into force) first; undated last.
    #[default]
    Newest,
    /// Most recently changed first.
    RecentlyUpdated,
    /// Title A–Z.
    Title,
    /// Identifier order (stable, for exports).
    Id,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgreementFilter {
    pub form: Option<Form>,
    /// An Indonesian region among the parties.
    pub region: Option<RegionCode>,
    /// A party region in this province (the province itself or a kabupaten/kota in it).
    pub province: Option<RegionCode>,
    /// A party from this country.
    pub country: Option<CountryCode>,
    pub field: Option<UrusanCode>,
    /// A goal matches every target and indicator under it; a target its indicators.
    pub sdg: Option<SdgCode>,
    pub status: Option<AgreementStatus>,
    /// Only records with this verification status (`verified` for the official counts).
    pub verification: Option<VerificationStatus>,
    pub year: Option<i32>,
    pub partner: Option<PartnerId>,
    /// Folded search words; every word must occur in the agreement's search text.
    pub words: Vec<String>,
    /// Only agreements whose id comes after this one in id order (keyset pagination).
    pub after_id: Option<AgreementId>,
    pub order: AgreementOrder,
    /// Which agreements the reader may see at all.
    pub visibility: Visibility,
}

/// Which part of the registry a reader sees: signed agreements are public; drafts and
/// agreements still in procedure only to the regions that are party to them and to
/// national roles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Visibility {
    #[default]
    Everything,
    /// Signed agreements only.
    Public,
    /// Signed agreements and every agreement of this region.
    PublicAndRegion(RegionCode),
    /// Signed agreements and every agreement of this province or a kabupaten/kota in it.
    PublicAndProvince(RegionCode),
}

impl Visibility {
    /// Whether an agreement with this status and these party regions is visible.
    pub fn shows<'a>(&self, status: AgreementStatus, regions: impl IntoIterator<Item = &'a RegionCode>) -> bool {
        match self {
            Self::Everything => true,
            _ if status.is_signed() => true,
            Self::Public => false,
            Self::PublicAndRegion(r) => regions.into_iter().any(|x| x == r),
            Self::PublicAndProvince(p) => regions.into_iter().any(|x| x.province() == *p),
        }
    }
}

/// Which agreements in force need attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// Ending on or before the cutoff.
    ExpiringBy(Date),
    /// No recorded activity (nor signing) since the cutoff.
    QuietSince(Date),
}

/// Where the registry's change counter stands (see `registry_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RegistryVersion {
    /// Bumped when agreements are deleted: projections then reload everything.
    pub generation: i64,
    /// The change number of the latest insert or update.
    pub last_seq: i64,
}

/// What the in-process registry index needs of one agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistryEntry {
    pub id: AgreementId,
    pub change_seq: i64,
    pub form: Form,
    pub status: AgreementStatus,
    pub year: Option<i32>,
    /// `YYYY-MM-DD` of signing or entry into force, `0000-00-00` when undated.
    pub sort_key: String,
    pub updated_at: time::OffsetDateTime,
    /// The folded Indonesian title.
    pub title_key: String,
    /// The folded text that `q` words are matched against.
    pub search_text: String,
    pub is_demo: bool,
    pub verification: VerificationStatus,
    pub regions: Vec<RegionCode>,
    pub provinces: Vec<RegionCode>,
    pub countries: Vec<CountryCode>,
    pub partners: Vec<PartnerId>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
}

#[async_trait]
pub trait AgreementRepo: Send {
    /// Inserts new agreements with their parties, fields and SDG tags.
    async fn insert(&mut self, agreements: &[Agreement]) -> StoreResult<()>;
    /// Replaces a stored agreement if its version is still `expected_version`; otherwise
    /// [`StoreError::Conflict`](super::StoreError::Conflict).
    async fn update(&mut self, agreement: &Agreement, expected_version: i64) -> StoreResult<()>;
    async fn get(&mut self, id: AgreementId) -> StoreResult<Option<Agreement>>;
    /// Which of `ids` exist.
    async fn existing_ids(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<AgreementId>>;
    async fn list(&mut self, filter: &AgreementFilter, page: Page) -> StoreResult<Listing<Agreement>>;
    /// Deletes every agreement; returns how many.
    async fn delete_all(&mut self) -> StoreResult<u64>;
    /// The agreements with these ids, in the order given (unknown ids are skipped).
    async fn get_many(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<Agreement>>;
    async fn registry_version(&mut self) -> StoreResult<RegistryVersion>;
    /// Agreements in force that need attention, soonest first, within a region or
    /// province when given.
    async fn watch(
        &mut self,
        watch: Watch,
        region: Option<&RegionCode>,
        province: Option<&RegionCode>,
        page: Page,
    ) -> StoreResult<Listing<Agreement>>;
    /// Up to `limit` entries changed after `after_seq`, in change order.
    async fn registry_entries(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<RegistryEntry>>;
    /// Which of `ids` came out of a Jalin case (their procedure ran in Jalin).
    async fn case_born(&mut self, ids: &[AgreementId]) -> StoreResult<Vec<AgreementId>>;
    /// Documents attached to a registry record (the signed text), oldest first.
    async fn documents(&mut self, agreement: AgreementId) -> StoreResult<Vec<AgreementDocument>>;
    async fn add_document(&mut self, document: &AgreementDocument) -> StoreResult<()>;
    /// What people decided about suggested SDG targets of an agreement, by target.
    async fn sdg_decisions(&mut self, agreement: AgreementId) -> StoreResult<Vec<SdgDecision>>;
    /// Records the decision on one suggested target, replacing an earlier one.
    async fn record_sdg_decision(&mut self, decision: &SdgDecision) -> StoreResult<()>;
}

/// What a person decided about a suggested SDG target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SdgDecisionKind {
    /// The target was added to the agreement's SDG tags.
    Confirmed,
    /// Not to be suggested again for this agreement.
    Rejected,
}

impl SdgDecisionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "confirmed" => Some(Self::Confirmed),
            "rejected" => Some(Self::Rejected),
            _ => None,
        }
    }
}

/// A decision on one suggested SDG target of one agreement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SdgDecision {
    pub agreement_id: AgreementId,
    /// Target code (`11.6`).
    pub target: String,
    pub decision: SdgDecisionKind,
    pub decided_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub decided_at: time::OffsetDateTime,
}

/// A file attached to a registry record (its bytes are in the blob store by SHA-256).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementDocument {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: uuid::Uuid,
    pub agreement_id: AgreementId,
    /// `signed_text` (the signed agreement), or another kind of document.
    pub kind: String,
    pub sha256: String,
    pub size: i64,
    pub content_type: String,
    pub filename: String,
    pub uploaded_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub uploaded_at: time::OffsetDateTime,
}
