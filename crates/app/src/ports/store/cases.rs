//! Procedure cases, their history, documents, files, activities and alerts.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::case::{Alert, Case, CaseDocument, CaseEvent};
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{AgreementId, CaseId};
use time::Date;

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
    /// `region`/`province` also match the partner region of a KSDD case.
    pub with_partner_region: bool,
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
    /// Records that a file was uploaded to a case (idempotent): only its own uploads may be
    /// named by the case's documents.
    async fn record_case_upload(&mut self, case: CaseId, sha256: &str, at: time::OffsetDateTime) -> StoreResult<()>;
    /// Size and content type of a file uploaded to this case; `None` for files of other
    /// cases as for unknown ones.
    async fn case_upload(&mut self, case: CaseId, sha256: &str) -> StoreResult<Option<(i64, String)>>;
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
