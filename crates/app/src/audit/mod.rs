//! The audit trail: building events (written by each use case in its own transaction),
//! reading them per case and per user, and verifying the hash chain.

use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{AuditFilter, Listing, Page, Store};
use crate::{AppError, AppResult};
use jalin_domain::audit::{AuditEvent, BrokenLink, NewAuditEvent};
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{CaseId, UserId};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// An event by the context's actor about one target.
pub fn event(ctx: &Ctx, action: &'static str, target_type: &'static str, target_id: impl ToString) -> NewAuditEvent {
    NewAuditEvent {
        at: ctx.now,
        actor: ctx.actor.label(),
        role: ctx.actor.role(),
        action,
        target_type,
        target_id: target_id.to_string(),
        region_code: None,
        before: None,
        after: None,
        request_id: ctx.request_id.clone(),
    }
}

impl NewAuditEventExt for NewAuditEvent {
    fn region(mut self, region: Option<&RegionCode>) -> Self {
        self.region_code = region.cloned();
        self
    }

    fn after(mut self, after: Value) -> Self {
        self.after = Some(after);
        self
    }

    fn changes(mut self, before: &Value, after: &Value) -> Self {
        let (b, a) = changed_fields(before, after);
        self.before = Some(b);
        self.after = Some(a);
        self
    }
}

/// Builder steps for audit events.
pub trait NewAuditEventExt {
    /// The region the target belongs to (who may read the event).
    fn region(self, region: Option<&RegionCode>) -> Self;
    fn after(self, after: Value) -> Self;
    /// Before/after summaries holding only the top-level fields that changed.
    fn changes(self, before: &Value, after: &Value) -> Self;
}

/// The top-level fields of two JSON objects that differ, as `(before, after)` objects.
pub fn changed_fields(before: &Value, after: &Value) -> (Value, Value) {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return (before.clone(), after.clone());
    };
    let mut old = serde_json::Map::new();
    let mut new = serde_json::Map::new();
    for key in b.keys().chain(a.keys().filter(|k| !b.contains_key(*k))) {
        if matches!(key.as_str(), "updated_at" | "version") {
            continue;
        }
        let (x, y) = (b.get(key).unwrap_or(&Value::Null), a.get(key).unwrap_or(&Value::Null));
        if x != y {
            old.insert(key.clone(), x.clone());
            new.insert(key.clone(), y.clone());
        }
    }
    (Value::Object(old), Value::Object(new))
}

/// The outcome of `jalin audit verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    /// Events checked.
    pub checked: i64,
    /// The first broken link, if any.
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

/// How many events [`App::verify_audit`] reads per query.
const VERIFY_BATCH: i64 = 5_000;

/// The audit context: reading a case's or a user's trail and verifying the hash chain.
/// Every other context writes its events itself, in the transaction of the change.
pub struct Audit {
    store: Arc<dyn Store>,
}

impl Audit {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The audit trail of a case, newest first, to those who may read the case's trail.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn case_audit(&self, ctx: &Ctx, id: &str, page: Page) -> AppResult<Listing<AuditEvent>> {
        let grant = require(ctx, Action::AuditReadCase)?;
        let case_id: CaseId = id.parse().map_err(|_| AppError::NotFound(format!("case {id}")))?;
        let mut tx = self.store.read().await?;
        let case = tx
            .cases()
            .get(case_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("case {id}")))?;
        grant.check(grant.covers_case(&case), "this case")?;
        let filter = AuditFilter {
            target_type: Some("case".to_owned()),
            target_id: Some(case_id.to_string()),
            ..AuditFilter::default()
        };
        Ok(tx.audit().list(&filter, page).await?)
    }

    /// What a user did and what was done to their account: to the user
    /// themself and to administrators. Newest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn user_audit(&self, ctx: &Ctx, id: &str, page: Page) -> AppResult<Listing<AuditEvent>> {
        let grant = require(ctx, Action::AuditReadUser)?;
        let user_id: UserId = id.parse().map_err(|_| AppError::NotFound(format!("user {id}")))?;
        grant.check(grant.covers_user(user_id), "this user")?;
        let mut tx = self.store.read().await?;
        let user = tx
            .accounts()
            .user(user_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("user {id}")))?;
        let filter = AuditFilter {
            actor_or_user: Some((crate::ctx::user_label(&user.email), user_id.to_string())),
            ..AuditFilter::default()
        };
        Ok(tx.audit().list(&filter, page).await?)
    }

    /// Walks the whole chain and reports the first broken link.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn verify_audit(&self, ctx: &Ctx) -> AppResult<AuditVerification> {
        require(ctx, Action::AuditVerify)?;
        let mut tx = self.store.read().await?;
        let (head_seq, head_hash) = tx.audit().head().await?;
        let mut prev = jalin_domain::audit::GENESIS.to_owned();
        let mut after = 0;
        let mut checked = 0;
        loop {
            let batch = tx.audit().after(after, VERIFY_BATCH).await?;
            let Some(last) = batch.last() else { break };
            let last_seq = last.seq;
            match jalin_domain::audit::verify_from(&batch, &prev, after + 1) {
                Ok(_) => {}
                Err(BrokenLink { seq, reason }) => {
                    return Ok(AuditVerification {
                        checked: checked + (seq - after - 1),
                        broken_at: Some(seq),
                        reason: Some(reason),
                    });
                }
            }
            checked += batch.len() as i64;
            prev = last.hash.clone();
            after = last_seq;
        }
        // Removing the newest events leaves an intact chain; the recorded head tells.
        if after < head_seq {
            return Ok(AuditVerification {
                checked,
                broken_at: Some(after + 1),
                reason: Some(format!("events {} to {head_seq} are missing", after + 1)),
            });
        }
        if after > 0 && prev != head_hash {
            return Ok(AuditVerification {
                checked,
                broken_at: Some(after),
                reason: Some("the newest event does not match the recorded head of the chain".to_owned()),
            });
        }
        Ok(AuditVerification {
            checked,
            broken_at: None,
            reason: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_summarised() {
        let (b, a) = changed_fields(
            &json!({"title": "A", "status": "draft", "version": 1, "same": [1]}),
            &json!({"title": "B", "status": "draft", "version": 2, "same": [1], "new": true}),
        );
        assert_eq!(b, json!({"title": "A", "new": null}));
        assert_eq!(a, json!({"title": "B", "new": true}));
    }
}
