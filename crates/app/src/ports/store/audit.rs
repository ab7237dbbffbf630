//! The hash-chained audit log.

use super::{Listing, Page, StoreResult};
use async_trait::async_trait;
use jalin_domain::audit::{AuditEvent, NewAuditEvent};
use jalin_domain::codes::RegionCode;

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
