//! Implementation of agreements: action-plan items, activities with their evidence, and
//! official foreign travel (PDLN) with its trip report.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::case::DocumentFile;
use jalin_domain::ids::AgreementId;
use jalin_domain::monitoring::PlanFacts;
use jalin_domain::monitoring::activity::ActivityRecord;
use jalin_domain::monitoring::plan::PlanItem;
use jalin_domain::monitoring::travel::Travel;
use time::{Date, OffsetDateTime};

#[async_trait]
pub trait ImplementationRepo: Send {
    async fn insert_plan_item(&mut self, item: &PlanItem) -> StoreResult<()>;
    /// Replaces an item if its version is still `expected_version`; otherwise
    /// [`StoreError::Conflict`](super::StoreError::Conflict) (or `NotFound`).
    async fn update_plan_item(&mut self, item: &PlanItem, expected_version: i64) -> StoreResult<()>;
    /// Deletes an item of the agreement; its activities stay, unlinked. False when absent.
    async fn delete_plan_item(&mut self, agreement: AgreementId, id: uuid::Uuid) -> StoreResult<bool>;
    async fn plan_item(&mut self, id: uuid::Uuid) -> StoreResult<Option<PlanItem>>;
    /// The agreement's plan, by start date.
    async fn plan_items(&mut self, agreement: AgreementId) -> StoreResult<Vec<PlanItem>>;

    /// Stores an activity (its evidence is added with [`Self::add_evidence`]).
    async fn insert_activity(&mut self, activity: &ActivityRecord) -> StoreResult<()>;
    async fn activity(&mut self, id: uuid::Uuid) -> StoreResult<Option<ActivityRecord>>;
    /// The activities of an agreement with their evidence, newest first.
    async fn activities(&mut self, agreement: AgreementId) -> StoreResult<Vec<ActivityRecord>>;
    /// Attaches a stored file to an activity (once per content).
    async fn add_evidence(
        &mut self,
        activity: uuid::Uuid,
        file: &DocumentFile,
        added_by: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;

    async fn insert_travel(&mut self, travel: &Travel) -> StoreResult<()>;
    /// Replaces the permit and report of a travel if its version is still
    /// `expected_version`.
    async fn update_travel(&mut self, travel: &Travel, expected_version: i64) -> StoreResult<()>;
    async fn travel(&mut self, activity: uuid::Uuid) -> StoreResult<Option<Travel>>;
    /// The agreement's trips, latest departure first.
    async fn travels(&mut self, agreement: AgreementId) -> StoreResult<Vec<Travel>>;
    /// Trips of any agreement whose report is not filed and falls due on or before `due_by`.
    async fn travels_awaiting_report(&mut self, due_by: Date) -> StoreResult<Vec<Travel>>;

    /// Plan and spending facts of each of these agreements that has a plan item, an
    /// activity with a cost, or a trip; `today` decides which trip reports are overdue.
    async fn plan_facts_as_of(
        &mut self,
        agreements: &[AgreementId],
        today: Date,
    ) -> StoreResult<Vec<(AgreementId, PlanFacts)>>;

    /// [`Self::plan_facts_as_of`] today (UTC). Use-case code that has a clock passes its
    /// own day to `plan_facts_as_of`.
    async fn plan_facts(&mut self, agreements: &[AgreementId]) -> StoreResult<Vec<(AgreementId, PlanFacts)>> {
        let today = OffsetDateTime::now_utc().date();
        self.plan_facts_as_of(agreements, today).await
    }
}
