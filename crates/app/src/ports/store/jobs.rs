//! The job queue, the search log and extracted document text.

use super::StoreResult;
use async_trait::async_trait;
use jalin_domain::ids::CaseId;

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
    /// When the oldest pending job was queued (none pending: `None`), for `/metrics`.
    async fn oldest_pending(&mut self) -> StoreResult<Option<time::OffsetDateTime>>;
    /// Appends search-index documents to re-read (`agreement:ID`, `case:ID`, …).
    async fn log_search(&mut self, docs: &[String], at: time::OffsetDateTime) -> StoreResult<()>;
    /// Up to `limit` search-log entries after `after_seq`, in order.
    async fn search_changes(&mut self, after_seq: i64, limit: i64) -> StoreResult<Vec<(i64, String)>>;
    /// The search log's head: this database's identity, its generation and last sequence
    /// number. A new generation asks every index to rebuild.
    async fn search_head(&mut self) -> StoreResult<crate::ports::search::SearchCursor>;
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
