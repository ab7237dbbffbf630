//! Reports on agreements (annual and semester) with their history, and monitoring visits.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{AgreementId, ReportId};
use jalin_domain::monitoring::ReportFacts;
use jalin_domain::monitoring::report::{Report, ReportEvent, ReportKind, ReportSchedule, ReportStatus, Visit};
use time::Date;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFilter {
    /// Reports by this region.
    pub region: Option<RegionCode>,
    /// Reports by the province or a kabupaten/kota in it.
    pub province: Option<RegionCode>,
    pub agreement: Option<AgreementId>,
    /// Any of these statuses (empty: all).
    pub statuses: Vec<ReportStatus>,
    pub kind: Option<ReportKind>,
    pub year: Option<i32>,
    /// Only reports of kabupaten/kota (true) or of provinces (false).
    pub by_province: Option<bool>,
}

#[async_trait]
pub trait ReportRepo: Send {
    /// Stores a new report with its first history entry; a conflict when the region already
    /// has a report on the agreement for the period.
    async fn insert_report(&mut self, report: &Report, event: &ReportEvent) -> StoreResult<()>;
    async fn get_report(&mut self, id: ReportId) -> StoreResult<Option<Report>>;
    /// Stores a change made from `expected_version` with its history entry; a conflict when
    /// someone else changed the report meanwhile.
    async fn update_report(&mut self, report: &Report, expected_version: i64, event: &ReportEvent) -> StoreResult<()>;
    /// The history of a report, oldest first.
    async fn report_events(&mut self, id: ReportId) -> StoreResult<Vec<ReportEvent>>;
    /// Reports under a filter, the latest period first.
    async fn list_reports(&mut self, filter: &ReportFilter, page: Page) -> StoreResult<Listing<Report>>;
    /// Every report on these agreements.
    async fn agreement_reports(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<Report>>;
    /// The years for which `region` filed (submitted or had accepted) an annual report, with
    /// the agreement each was on.
    async fn filed_annual_reports(&mut self, region: &RegionCode) -> StoreResult<Vec<(AgreementId, i32)>>;
    /// Reporting facts per agreement (for its health): the latest filed report and how many
    /// owed reports are overdue on `today` under `schedule`. Agreements that do not exist
    /// are left out.
    async fn report_facts(
        &mut self,
        agreements: &[AgreementId],
        schedule: &ReportSchedule,
        today: Date,
    ) -> StoreResult<Vec<(AgreementId, ReportFacts)>>;
    async fn insert_visit(&mut self, visit: &Visit) -> StoreResult<()>;
    /// The monitoring visits to an agreement, latest first.
    async fn visits(&mut self, agreement: AgreementId) -> StoreResult<Vec<Visit>>;
    /// The days of the visits to these agreements since `since`.
    async fn visit_days(&mut self, agreements: &[AgreementId], since: Date) -> StoreResult<Vec<(AgreementId, Date)>>;
}
