//! Activities of an agreement: recorded with their kind, outputs, cost and participants,
//! linked to an action-plan item, with evidence files; and the whole implementation
//! picture of one agreement (plan, activities, trips and their facts).

use super::travel::TravelView;
use super::{Monitoring, record_id};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::Tx;
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::case::DocumentFile;
use jalin_domain::files::{self, FileRefusal};
use jalin_domain::monitoring::PlanFacts;
use jalin_domain::monitoring::activity::{ActivityInput, ActivityRecord};
use jalin_domain::monitoring::plan::PlanItem;
use sha2::{Digest, Sha256};
use time::Date;

/// An agreement's implementation as its page shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Implementation {
    pub plan: Vec<PlanItem>,
    pub activities: Vec<ActivityRecord>,
    pub travels: Vec<TravelView>,
    pub facts: PlanFacts,
    /// Whether the reader may change them (`monitoring.write` over the agreement).
    pub can_write: bool,
}

/// Refuses an activity of an unsigned agreement or dated before its signing.
pub(super) fn check_activity_date(agreement: &Agreement, field: &str, on: Date) -> AppResult<()> {
    if !agreement.status.is_signed() {
        return Err(AppError::invalid(
            field,
            "not_signed",
            "activities are recorded for signed agreements",
        ));
    }
    if agreement.signed_on.or(agreement.effective_on).is_some_and(|s| on < s) {
        return Err(AppError::invalid(
            field,
            "before_signing",
            "the activity is dated before the signing",
        ));
    }
    Ok(())
}

/// Refuses a link to a plan item of another agreement (or none).
pub(super) async fn check_plan_item(tx: &mut dyn Tx, agreement: &Agreement, item: Option<uuid::Uuid>) -> AppResult<()> {
    if let Some(item) = item
        && tx
            .implementation()
            .plan_item(item)
            .await?
            .is_none_or(|p| p.agreement_id != agreement.id)
    {
        return Err(AppError::invalid(
            "plan_item_id",
            "unknown_reference",
            "no such item in this agreement's action plan",
        ));
    }
    Ok(())
}

impl Monitoring {
    /// Whether the actor may change the agreement's implementation records.
    pub fn can_write(&self, ctx: &Ctx, agreement: &Agreement) -> bool {
        require(ctx, Action::MonitoringWrite).is_ok_and(|g| g.covers_agreement(agreement))
    }

    /// The activities of an agreement the actor may see, newest first, with evidence.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn activities(&self, ctx: &Ctx, id: &str) -> AppResult<Vec<ActivityRecord>> {
        let agreement = self.registry.get_agreement(ctx, id).await?;
        let mut tx = self.store.read().await?;
        Ok(tx.implementation().activities(agreement.id).await?)
    }

    /// Plan, activities, trips and facts of an agreement the actor may see.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn implementation(&self, ctx: &Ctx, id: &str) -> AppResult<Implementation> {
        let agreement = self.registry.get_agreement(ctx, id).await?;
        let mut tx = self.store.read().await?;
        let repo = tx.implementation();
        let plan = repo.plan_items(agreement.id).await?;
        let activities = repo.activities(agreement.id).await?;
        let travels = repo.travels(agreement.id).await?;
        let facts = repo
            .plan_facts_as_of(&[agreement.id], ctx.today)
            .await?
            .pop()
            .map(|(_, f)| f)
            .unwrap_or_default();
        Ok(Implementation {
            plan,
            travels: travels
                .into_iter()
                .map(|t| TravelView::new(t, &activities, ctx.today))
                .collect(),
            activities,
            facts,
            can_write: self.can_write(ctx, &agreement),
        })
    }

    /// Records an activity of a signed agreement (dormancy is measured from the latest).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn record_activity(&self, ctx: &Ctx, id: &str, input: &ActivityInput) -> AppResult<ActivityRecord> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let draft = input.parse(ctx.today)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        check_activity_date(&agreement, "occurred_on", draft.occurred_on)?;
        check_plan_item(tx.as_mut(), &agreement, draft.plan_item_id).await?;
        let activity = draft.into_record(agreement.id, ctx.actor.label(), ctx.now);
        tx.implementation().insert_activity(&activity).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::ACTIVITY_RECORDED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"activity": activity.id.to_string(),
                        "occurred_on": activity.occurred_on, "title": activity.title, "kind": activity.kind,
                        "cost": activity.cost})),
            )
            .await?;
        tx.commit().await?;
        Ok(activity)
    }

    /// Stores an evidence file of an activity (a trip report's document is one). The
    /// format is told from the content; the name only labels it.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn add_evidence(
        &self,
        ctx: &Ctx,
        id: &str,
        activity_id: &str,
        bytes: &[u8],
        filename: &str,
    ) -> AppResult<DocumentFile> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let activity_uuid = record_id("activity", activity_id)?;
        let format = files::check(bytes, crate::DEFAULT_UPLOAD_LIMIT).map_err(|r| {
            let code = match r {
                FileRefusal::Empty => "empty",
                FileRefusal::TooLarge { .. } => "too_large",
                FileRefusal::UnknownFormat => "unsupported_format",
            };
            AppError::invalid("file", code, r.to_string())
        })?;
        let file = DocumentFile {
            sha256: Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect(),
            size: bytes.len() as i64,
            content_type: format.content_type().to_owned(),
            filename: files::clean_filename(filename, format),
        };
        // Check the scope before storing anything.
        {
            let mut tx = self.store.read().await?;
            let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
            self.activity_of(tx.as_mut(), agreement.id, activity_uuid, activity_id)
                .await?;
        }
        // Bytes first, then the record: a record never points at missing bytes.
        self.blobs.put(&file.sha256, bytes).await.map_err(AppError::Internal)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        self.activity_of(tx.as_mut(), agreement.id, activity_uuid, activity_id)
            .await?;
        tx.cases()
            .register_blob(&file.sha256, file.size, &file.content_type, ctx.now)
            .await?;
        tx.implementation()
            .add_evidence(activity_uuid, &file, &ctx.actor.label(), ctx.now)
            .await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::EVIDENCE_ADDED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"activity": activity_id, "sha256": file.sha256,
                        "filename": file.filename})),
            )
            .await?;
        tx.commit().await?;
        Ok(file)
    }

    /// An activity of the agreement, or not found.
    pub(super) async fn activity_of(
        &self,
        tx: &mut dyn Tx,
        agreement: jalin_domain::ids::AgreementId,
        activity: uuid::Uuid,
        shown: &str,
    ) -> AppResult<ActivityRecord> {
        tx.implementation()
            .activity(activity)
            .await?
            .filter(|a| a.agreement_id == agreement)
            .ok_or_else(|| AppError::NotFound(format!("activity {shown}")))
    }

    /// An evidence file and its bytes, for those who may see the agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn evidence_content(
        &self,
        ctx: &Ctx,
        id: &str,
        activity_id: &str,
        sha256: &str,
    ) -> AppResult<(DocumentFile, Vec<u8>)> {
        let agreement = self.registry.get_agreement(ctx, id).await?;
        let activity_uuid = record_id("activity", activity_id)?;
        let activity = {
            let mut tx = self.store.read().await?;
            self.activity_of(tx.as_mut(), agreement.id, activity_uuid, activity_id)
                .await?
        };
        let file = activity
            .evidence
            .into_iter()
            .find(|f| f.sha256.eq_ignore_ascii_case(sha256))
            .ok_or_else(|| AppError::NotFound(format!("file {sha256}")))?;
        let bytes = self
            .blobs
            .get(&file.sha256)
            .await
            .map_err(AppError::Internal)?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the bytes of file {} are missing", file.sha256)))?;
        Ok((file, bytes))
    }
}
