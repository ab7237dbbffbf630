//! Kemendagri's verification of registry records made outside Jalin: the queue of records
//! to verify, and the decision (verified, or rejected with a reason), audited.

use super::Registry;
use super::agreements::AgreementQuery;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::{Listing, Page};
use crate::{AppError, AppResult};
use jalin_domain::agreement::{Agreement, VerificationStatus, missing_approvals};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::ids::AgreementId;

/// Kemendagri's decision on a record to verify.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationInput {
    /// `verified` or `rejected`.
    pub decision: Option<String>,
    /// Why; required when rejecting.
    pub reason: Option<String>,
}

impl Registry {
    /// Records to verify, oldest change first (Kemendagri's queue).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn verification_queue(&self, ctx: &Ctx, page: Page) -> AppResult<Listing<Agreement>> {
        require(ctx, Action::RegistryVerify)?;
        let query = AgreementQuery {
            verification: Some(VerificationStatus::ToVerify.as_str().to_owned()),
            sort: Some("updated".to_owned()),
            ..Default::default()
        };
        let filter = query.parse()?;
        self.list_agreements_filtered(&filter, page).await
    }

    /// Verifies or rejects a record; the decision, the reason and the approvals it lacked
    /// are audited.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn verify_agreement(
        &self,
        ctx: &Ctx,
        id: &str,
        input: &VerificationInput,
        expected_version: Option<i64>,
    ) -> AppResult<Agreement> {
        require(ctx, Action::RegistryVerify)?;
        let decision = match input.decision.as_deref().map(str::trim) {
            Some("verified") => VerificationStatus::Verified,
            Some("rejected") => VerificationStatus::Rejected,
            None | Some("") => return Err(AppError::invalid("decision", "required", "verified or rejected")),
            Some(other) => {
                return Err(AppError::invalid(
                    "decision",
                    "invalid_choice",
                    format!("'{other}' is not one of: verified, rejected"),
                ));
            }
        };
        let reason = jalin_domain::text::non_empty(input.reason.as_deref());
        if decision == VerificationStatus::Rejected && reason.is_none() {
            return Err(AppError::invalid(
                "reason",
                "required",
                "say why the record is rejected",
            ));
        }
        if reason.as_ref().is_some_and(|r| r.chars().count() > 2000) {
            return Err(AppError::invalid("reason", "too_long", "at most 2000 characters"));
        }
        let id: AgreementId = id.parse().map_err(|_| AppError::NotFound(format!("agreement {id}")))?;
        let mut tx = self.store.write().await?;
        let current = tx
            .agreements()
            .get(id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("agreement {id}")))?;
        if let Some(v) = expected_version
            && v != current.version
        {
            return Err(AppError::VersionMismatch {
                current: current.version,
            });
        }
        let mut updated = current.clone();
        updated.verification = decision;
        updated.verification_note = reason.clone();
        updated.verified_by = Some(ctx.actor.label());
        updated.verified_at = Some(ctx.now);
        updated.updated_at = ctx.now;
        updated.version = current.version + 1;
        tx.agreements().update(&updated, current.version).await?;
        let code = match decision {
            VerificationStatus::Rejected => codes::AGREEMENT_REJECTED,
            _ => codes::AGREEMENT_VERIFIED,
        };
        let lacking: Vec<&str> = missing_approvals(&current).iter().map(|a| a.as_str()).collect();
        tx.audit()
            .append(
                &audit::event(ctx, code, "agreement", id)
                    .region(updated.region_codes().next())
                    .changes(
                        &serde_json::json!({"verification": current.verification.as_str(), "reason": current.verification_note}),
                        &serde_json::json!({"verification": decision.as_str(), "reason": reason, "lacking": lacking}),
                    ),
            )
            .await?;
        crate::search::log(tx.as_mut(), vec![crate::search::agreement_key(id)], ctx.now).await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(agreement = %id, decision = %decision, actor = %ctx.actor.label(), "agreement verification");
        Ok(updated)
    }
}
