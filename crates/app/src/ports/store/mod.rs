//! The storage port. One trait family, implemented for SQLite and PostgreSQL by
//! `jalin-store` and checked by one conformance suite on both.
//!
//! Work happens in a [`Tx`]: [`Store::read`] gives a connection for queries,
//! [`Store::write`] an exclusive write transaction (on SQLite `BEGIN IMMEDIATE` on the
//! single writer connection). A write transaction that is dropped without
//! [`Tx::commit`] is rolled back, so a failed use case leaves nothing half-written.
//!
//! Each repository trait lives in its own module with the row and filter types that belong
//! to it; everything is re-exported here, so callers name `ports::store::X`.

mod accounts;
mod agreements;
mod audit;
mod calendar;
mod cases;
mod evaluations;
mod implementation;
mod jobs;
mod notice_mail;
mod notifications;
mod opportunities;
mod partners;
mod partnerships;
mod reference;
mod reports;

pub use accounts::AccountRepo;
pub use agreements::{
    AgreementDocument, AgreementFilter, AgreementOrder, AgreementRepo, RegistryEntry, RegistryVersion, SdgDecision,
    SdgDecisionKind, Visibility, Watch,
};
pub use audit::{AuditFilter, AuditRepo};
pub use calendar::{CalendarFeed, CalendarFeedRepo};
pub use cases::{Activity, CaseFilter, CaseRepo};
pub use evaluations::{EvaluationRepo, RevivalAction};
pub use implementation::ImplementationRepo;
pub use jobs::{Job, JobRepo};
pub use notice_mail::{MailDelivery, MailRecipient, NoticeMailRepo, StoredNoticeSettings};
pub use notifications::{InboxEntry, InboxFilter, NotificationRepo, Recipients};
pub use opportunities::{NeedFilter, OfferFilter, OpportunityRepo};
pub use partners::{PartnerFilter, PartnerIdentity, PartnerReach, PartnerRepo};
pub use partnerships::PartnershipRepo;
pub use reference::{CountryFilter, DatasetRows, PlaceQuery, ReferenceRepo, RegionFilter};
pub use reports::{ReportFilter, ReportRepo};

use async_trait::async_trait;

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
    /// The connection pools and their use, by name (for `/metrics`).
    fn pools(&self) -> Vec<PoolUse>;
}

/// The use of one connection pool of a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// `main` (PostgreSQL), `writer` or `reader` (SQLite).
    pub name: &'static str,
    /// Open connections (idle or in use).
    pub size: u32,
    pub idle: u32,
    /// The most connections the pool opens.
    pub max: u32,
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
    fn evaluations(&mut self) -> &mut dyn EvaluationRepo;
    fn reports(&mut self) -> &mut dyn ReportRepo;
    fn implementation(&mut self) -> &mut dyn ImplementationRepo;
    fn notifications(&mut self) -> &mut dyn NotificationRepo;
    fn notice_mail(&mut self) -> &mut dyn NoticeMailRepo;
    fn calendar_feeds(&mut self) -> &mut dyn CalendarFeedRepo;
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
