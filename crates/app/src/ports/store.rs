//! The storage port. One trait family, implemented for SQLite and PostgreSQL by
//! `jalin-store` and checked by one conformance suite on both.
//!
//! Work happens in a [`Tx`]: [`Store::read`] gives a connection for queries,
//! [`Store::write`] an exclusive write transaction (on SQLite `BEGIN IMMEDIATE` on the
//! single writer connection). A write transaction that is dropped without
//! [`Tx::commit`] is rolled back, so a failed use case leaves nothing half-written.

use async_trait::async_trait;
use jalin_domain::account::{ApiToken, Session, User};
use jalin_domain::agreement::{Agreement, AgreementStatus, Form};
use jalin_domain::audit::{AuditEvent, NewAuditEvent};
use jalin_domain::case::{Alert, Case, CaseDocument, CaseEvent};
use jalin_domain::codes::{CountryCode, GeonameId, RegionCode, SdgCode, SubdivisionCode, UrusanCode};
use jalin_domain::ids::{AgreementId, PartnerId};
use jalin_domain::ids::{CaseId, UserId};
use jalin_domain::partner::{Partner, PartnerKind};
use jalin_domain::reference::{
    City, Country, DatasetVersion, Holiday, Place, Region, RegionType, SdgGoal, SdgIndicator, SdgTarget,
    SdgTargetKeywords, Subdivision, Twinning, Urusan,
};
use time::Date;

/// Failures of the storage layer, as the application sees them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule or optimistic version check failed.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// A connection for reads.
    async fn read(&self) -> StoreResult<Box<dyn Tx>>;
    /// An exclusive write transaction.
    async fn write(&self) -> StoreResult<Box<dyn Tx>>;
    /// Updates the query planner's statistics after a bulk change.
    async fn refresh_statistics(&self) -> StoreResult<()>;
}

#[async_trait]
pub trait Tx: Send {
    fn reference(&mut self) -> &mut dyn ReferenceRepo;
    fn partners(&mut self) -> &mut dyn PartnerRepo;
    fn agreements(&mut self) -> &mut dyn AgreementRepo;
    fn cases(&mut self) -> &mut dyn CaseRepo;
    fn accounts(&mut self) -> &mut dyn AccountRepo;
    fn audit(&mut self) -> &mut dyn AuditRepo;
    fn jobs(&mut self) -> &mut dyn JobRepo;
    fn opportunities(&mut self) -> &mut dyn OpportunityRepo;
    fn partnerships(&mut self) -> &mut dyn PartnershipRepo;
    /// Makes the transaction's changes durable. Without it they are rolled back.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// Offset pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub const DEFAULT_LIMIT: i64 = 20;
    pub const MAX_LIMIT: i64 = 500;

    /// Clamps client values into the allowed range.
    pub fn new(limit: Option<i64>, offset: Option<i64>) -> Self {
        Self {
            limit: limit.unwrap_or(Self::DEFAULT_LIMIT).clamp(1, Self::MAX_LIMIT),
            offset: offset.unwrap_or(0).max(0),
        }
    }

    pub fn all() -> Self {
        Self {
            limit: i64::MAX,
            offset: 0,
        }
    }
}

/// A page of results and the total number of matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// One reference dataset's rows, ready to be stored.
#[derive(Debug, Clone)]
pub enum DatasetRows {
    Regions(Vec<Region>),
    Countries(Vec<Country>),
    Subdivisions(Vec<Subdivision>),
    Cities(Vec<City>),
    SdgGoals(Vec<SdgGoal>),
    SdgTargets(Vec<SdgTarget>),
    SdgIndicators(Vec<SdgIndicator>),
    SdgTargetKeywords(Vec<SdgTargetKeywords>),
    Urusan(Vec<Urusan>),
    Holidays(Vec<Holiday>),
    Twinnings(Vec<Twinning>),
}

impl DatasetRows {
    pub fn len(&self) -> usize {
        match self {
            Self::Regions(v) => v.len(),
            Self::Countries(v) => v.len(),
            Self::Subdivisions(v) => v.len(),
            Self::Cities(v) => v.len(),
            Self::SdgGoals(v) => v.len(),
            Self::SdgTargets(v) => v.len(),
            Self::SdgIndicators(v) => v.len(),
            Self::SdgTargetKeywords(v) => v.len(),
            Self::Urusan(v) => v.len(),
            Self::Holidays(v) => v.len(),
            Self::Twinnings(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegionFilter {
    pub region_type: Option<RegionType>,
    pub province: Option<RegionCode>,
    /// Folded name prefix or substring.
    pub q: Option<String>,
    pub is_3t: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountryFilter {
    /// Folded name substring (English or Indonesian).
    pub q: Option<String>,
    pub continent: Option<String>,
    pub relations: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceQuery {
    /// Folded name prefix (at least one character), or the whole folded name with `exact`.
    pub prefix: String,
    /// Match the whole name (or alternate name) instead of its start.
    pub exact: bool,
    pub country: Option<CountryCode>,
    pub kind: Option<jalin_domain::reference::PlaceKind>,
}

#[async_trait]
pub trait ReferenceRepo: Send {
    async fn dataset_versions(&mut self) -> StoreResult<Vec<DatasetVersion>>;
    /// Replaces all rows of one dataset and records its version, in this transaction.
    async fn replace_dataset(&mut self, rows: &DatasetRows, version: &DatasetVersion) -> StoreResult<()>;

    async fn list_regions(&mut self, filter: &RegionFilter, page: Page) -> StoreResult<Listing<Region>>;
    async fn get_region(&mut self, code: &RegionCode) -> StoreResult<Option<Region>>;
    async fn list_countries(&mut self, filter: &CountryFilter, page: Page) -> StoreResult<Listing<Country>>;
    async fn get_country(&mut self, iso2: &CountryCode) -> StoreResult<Option<Country>>;
    async fn search_places(&mut self, query: &PlaceQuery, page: Page) -> StoreResult<Listing<Place>>;
    async fn cities_by_ids(&mut self, ids: &[GeonameId]) -> StoreResult<Vec<City>>;
    /// Every city, by GeoNames id, without alternate names (for the recommender's
    /// candidate pool, which does not use them).
    async fn all_cities(&mut self) -> StoreResult<Vec<City>>;
    /// Every first-level subdivision, by code.
    async fn all_subdivisions(&mut self) -> StoreResult<Vec<Subdivision>>;
    async fn subdivisions_by_codes(&mut self, codes: &[SubdivisionCode]) -> StoreResult<Vec<Subdivision>>;
    async fn sdg_goals(&mut self) -> StoreResult<Vec<SdgGoal>>;
    async fn sdg_targets(&mut self, goal: Option<i32>) -> StoreResult<Vec<SdgTarget>>;
    async fn sdg_indicators(&mut self, goal: Option<i32>, target: Option<&str>) -> StoreResult<Vec<SdgIndicator>>;
    async fn urusan(&mut self) -> StoreResult<Vec<Urusan>>;
    async fn holidays(&mut self, from: Date, to: Date) -> StoreResult<Vec<Holiday>>;
    async fn twinnings(&mut self) -> StoreResult<Vec<Twinning>>;
    async fn sdg_target_keywords(&mut self) -> StoreResult<Vec<SdgTargetKeywords>>;
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnerFilter {
    pub kind: Option<PartnerKind>,
    pub country: Option<CountryCode>,
    /// Folded name substring.
    pub q: Option<String>,
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
    /// Every partner (for bulk imports).
    async fn all(&mut self) -> StoreResult<Vec<Partner>>;
}

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
    /// [`StoreError::Conflict`].
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

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    pub region: Option<RegionCode>,
    /// Cases of the province and of the kabupaten/kota in it.
    pub province: Option<RegionCode>,
    pub states: Vec<String>,
    pub procedure: Option<String>,
    /// Only cases whose state is one of the open (non-terminal) ones listed.
    pub open_states: Option<Vec<String>>,
    /// Only these cases.
    pub ids: Option<Vec<CaseId>>,
}

/// An implementation activity of an agreement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: uuid::Uuid,
    pub agreement_id: AgreementId,
    pub case_id: Option<CaseId>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub occurred_on: Date,
    pub title: String,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
}

#[async_trait]
pub trait CaseRepo: Send {
    async fn insert(&mut self, case: &Case, opened: &CaseEvent) -> StoreResult<()>;
    async fn get(&mut self, id: CaseId) -> StoreResult<Option<Case>>;
    /// Stores a change made from `expected_version` with its history entry and documents.
    /// Fails with a conflict when someone else changed the case meanwhile.
    async fn record(
        &mut self,
        case: &Case,
        expected_version: i64,
        event: &CaseEvent,
        documents: &[CaseDocument],
    ) -> StoreResult<()>;
    async fn events(&mut self, id: CaseId) -> StoreResult<Vec<CaseEvent>>;
    async fn documents(&mut self, id: CaseId) -> StoreResult<Vec<CaseDocument>>;
    async fn document(&mut self, case: CaseId, id: jalin_domain::ids::DocumentId) -> StoreResult<Option<CaseDocument>>;
    /// Records an uploaded file's content address (idempotent).
    async fn register_blob(
        &mut self,
        sha256: &str,
        size: i64,
        content_type: &str,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Size and content type of a registered file.
    async fn blob(&mut self, sha256: &str) -> StoreResult<Option<(i64, String)>>;
    /// Keeps a file's bytes in the database (the database blob store).
    async fn put_blob_data(
        &mut self,
        sha256: &str,
        bytes: &[u8],
        content_type: &str,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    async fn blob_data(&mut self, sha256: &str) -> StoreResult<Option<Vec<u8>>>;
    async fn list(&mut self, filter: &CaseFilter, page: Page) -> StoreResult<Listing<Case>>;
    /// How many agreements are linked to cases (they cannot be replaced by an import).
    async fn linked_agreements(&mut self) -> StoreResult<i64>;
    async fn add_annual_report(
        &mut self,
        region: &RegionCode,
        year: i32,
        case: CaseId,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// The years for which the region sent an annual report.
    async fn annual_report_years(&mut self, region: &RegionCode) -> StoreResult<Vec<i32>>;
    async fn add_activity(&mut self, activity: &Activity) -> StoreResult<()>;
    /// The activities of an agreement, newest first.
    async fn activities(&mut self, agreement: AgreementId) -> StoreResult<Vec<Activity>>;
    /// The latest activity date of each of these agreements that has one.
    async fn last_activities(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<(AgreementId, Date)>>;
    /// Stores an alert unless one with the same key exists; true when it was new.
    async fn raise_alert(&mut self, alert: &Alert, dedup_key: &str) -> StoreResult<bool>;
    /// Alerts of a region, of a province (and the kabupaten/kota in it), or of a case.
    async fn alerts(
        &mut self,
        region: Option<&RegionCode>,
        province: Option<&RegionCode>,
        case: Option<CaseId>,
        limit: i64,
    ) -> StoreResult<Vec<Alert>>;
}

#[async_trait]
pub trait AccountRepo: Send {
    /// Fails with a conflict when the e-mail address is taken.
    async fn insert_user(&mut self, user: &User, password_hash: Option<&str>) -> StoreResult<()>;
    async fn update_user(&mut self, user: &User, expected_version: i64) -> StoreResult<()>;
    async fn set_password(&mut self, user: UserId, password_hash: &str) -> StoreResult<()>;
    async fn user(&mut self, id: UserId) -> StoreResult<Option<User>>;
    /// The user with this (folded) e-mail address and the stored password hash.
    async fn user_by_email(&mut self, email_key: &str) -> StoreResult<Option<(User, Option<String>)>>;
    async fn users(&mut self) -> StoreResult<Vec<User>>;
    async fn invite(&mut self, user: UserId, case: CaseId) -> StoreResult<()>;
    async fn invited_cases(&mut self, user: UserId) -> StoreResult<Vec<CaseId>>;
    async fn insert_session(&mut self, session: &Session) -> StoreResult<()>;
    async fn session(&mut self, token_hash: &str) -> StoreResult<Option<Session>>;
    async fn touch_session(&mut self, token_hash: &str, at: time::OffsetDateTime) -> StoreResult<()>;
    async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()>;
    async fn delete_sessions_of(&mut self, user: UserId) -> StoreResult<()>;
    async fn insert_token(&mut self, token: &ApiToken, token_hash: &str) -> StoreResult<()>;
    async fn token_by_hash(&mut self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn tokens_of(&mut self, user: UserId) -> StoreResult<Vec<ApiToken>>;
    async fn token(&mut self, id: uuid::Uuid) -> StoreResult<Option<ApiToken>>;
    async fn revoke_token(&mut self, id: uuid::Uuid, at: time::OffsetDateTime) -> StoreResult<bool>;
    async fn touch_token(&mut self, id: uuid::Uuid, at: time::OffsetDateTime) -> StoreResult<()>;
    /// Failed logins counted under `key` since the window started, if any.
    async fn login_failures(&mut self, key: &str) -> StoreResult<Option<(time::OffsetDateTime, i64)>>;
    async fn set_login_failures(
        &mut self,
        key: &str,
        window_start: time::OffsetDateTime,
        failures: i64,
    ) -> StoreResult<()>;
    async fn clear_login_failures(&mut self, key: &str) -> StoreResult<()>;
    async fn insert_reset(
        &mut self,
        token_hash: &str,
        user: UserId,
        at: time::OffsetDateTime,
        expires: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Marks an unexpired, unused reset token used and returns its user.
    async fn take_reset(&mut self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<Option<UserId>>;
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditFilter {
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub actor: Option<String>,
    pub region: Option<RegionCode>,
    /// Events by this actor label, or about this user id.
    pub actor_or_user: Option<(String, String)>,
}

#[async_trait]
pub trait AuditRepo: Send {
    /// Appends an event to the chain, in this transaction.
    async fn append(&mut self, event: &NewAuditEvent) -> StoreResult<AuditEvent>;
    async fn list(&mut self, filter: &AuditFilter, page: Page) -> StoreResult<Listing<AuditEvent>>;
    /// The chain's head as recorded when the last event was appended: `(seq, hash)`.
    async fn head(&mut self) -> StoreResult<(i64, String)>;
    /// Events after `after_seq` in sequence order (for verification).
    async fn after(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEvent>>;
}

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub target: String,
    pub attempts: i64,
}

/// Work queued in the same transaction as the change that needs it, the search log, and
/// extracted document text.
#[async_trait]
pub trait JobRepo: Send {
    /// Queues a job unless the same one is already pending.
    async fn enqueue(&mut self, kind: &str, target: &str, at: time::OffsetDateTime) -> StoreResult<()>;
    /// Leases up to `limit` due jobs until `lease_until` (PostgreSQL: `FOR UPDATE SKIP
    /// LOCKED`, so several workers never take the same job).
    async fn claim(
        &mut self,
        now: time::OffsetDateTime,
        lease_until: time::OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<Job>>;
    async fn finish(&mut self, id: i64) -> StoreResult<()>;
    /// Releases a failed job to run again after `retry_at`, keeping the error.
    async fn fail(&mut self, id: i64, error: &str, retry_at: time::OffsetDateTime) -> StoreResult<()>;
    /// Jobs still pending (for tests and status).
    async fn pending(&mut self) -> StoreResult<i64>;
    /// Appends search-index documents to re-read (`agreement:ID`, `case:ID`, …).
    async fn log_search(&mut self, docs: &[String], at: time::OffsetDateTime) -> StoreResult<()>;
    /// Up to `limit` search-log entries after `after_seq`, in order.
    async fn search_changes(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<(i64, String)>>;
    /// The search log's head: `(generation, last_seq)`. A new generation asks every index
    /// to rebuild.
    async fn search_head(&mut self) -> StoreResult<(i64, i64)>;
    async fn bump_search_generation(&mut self) -> StoreResult<i64>;
    async fn put_document_text(
        &mut self,
        sha256: &str,
        text: Option<&str>,
        error: Option<&str>,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// `(text, error)` extracted from a file, if extraction ran.
    async fn document_text(&mut self, sha256: &str) -> StoreResult<Option<(Option<String>, Option<String>)>>;
    /// Case documents carrying this file.
    async fn documents_with_file(&mut self, sha256: &str) -> StoreResult<Vec<(CaseId, jalin_domain::ids::DocumentId)>>;
    /// The case a document belongs to.
    async fn document_case(&mut self, id: jalin_domain::ids::DocumentId) -> StoreResult<Option<CaseId>>;
    /// Every id of a kind, for a full rebuild: agreements, partners, cases, documents.
    async fn all_ids(&mut self, kind: &str, after: Option<&str>, limit: i64) -> StoreResult<Vec<String>>;
}

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
    /// [`StoreError::Conflict`].
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
