//! The action plan of an agreement: list, add, change and remove its items.

use super::{Monitoring, record_id};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::{AppError, AppResult};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::monitoring::plan::{PlanItem, PlanItemDraft, PlanItemInput};

impl Monitoring {
    /// The action plan of an agreement the actor may see, by start date.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn action_plan(&self, ctx: &Ctx, id: &str) -> AppResult<Vec<PlanItem>> {
        let agreement = self.registry.get_agreement(ctx, id).await?;
        let mut tx = self.store.read().await?;
        Ok(tx.implementation().plan_items(agreement.id).await?)
    }

    /// Parses an item and checks its field against the reference data.
    fn parse_plan_item(&self, input: &PlanItemInput) -> AppResult<PlanItemDraft> {
        let draft = input.parse()?;
        if !self.reference.get().urusan.contains_key(draft.field.as_str()) {
            return Err(AppError::invalid(
                "field",
                "unknown_reference",
                format!("'{}' is not an urusan code (GET /api/v1/fields)", draft.field),
            ));
        }
        Ok(draft)
    }

    /// Adds an item to an agreement's action plan.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn create_plan_item(&self, ctx: &Ctx, id: &str, input: &PlanItemInput) -> AppResult<PlanItem> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let draft = self.parse_plan_item(input)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        let item = draft.into_item(agreement.id, ctx.actor.label(), ctx.now);
        tx.implementation().insert_plan_item(&item).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::PLAN_ITEM_CREATED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(
                        serde_json::json!({"plan_item": item.id.to_string(), "activity": item.activity,
                        "budget_source": item.budget_source, "budget_planned": item.budget_planned}),
                    ),
            )
            .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Replaces an item of the plan; `expected_version`, when given, must be current.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn update_plan_item(
        &self,
        ctx: &Ctx,
        id: &str,
        item_id: &str,
        input: &PlanItemInput,
        expected_version: Option<i64>,
    ) -> AppResult<PlanItem> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let item_uuid = record_id("plan item", item_id)?;
        let draft = self.parse_plan_item(input)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        let current = tx
            .implementation()
            .plan_item(item_uuid)
            .await?
            .filter(|i| i.agreement_id == agreement.id)
            .ok_or_else(|| AppError::NotFound(format!("plan item {item_id}")))?;
        if let Some(v) = expected_version
            && v != current.version
        {
            return Err(AppError::VersionMismatch {
                current: current.version,
            });
        }
        let item = draft.apply_to(&current, ctx.now);
        tx.implementation().update_plan_item(&item, current.version).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::PLAN_ITEM_UPDATED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(
                        serde_json::json!({"plan_item": item.id.to_string(), "activity": item.activity,
                        "budget_planned": item.budget_planned, "version": item.version}),
                    ),
            )
            .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Removes an item of the plan; activities that implemented it stay, unlinked.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn delete_plan_item(&self, ctx: &Ctx, id: &str, item_id: &str) -> AppResult<()> {
        let grant = require(ctx, Action::MonitoringWrite)?;
        let item_uuid = record_id("plan item", item_id)?;
        let mut tx = self.store.write().await?;
        let agreement = self.agreement_in_scope(tx.as_mut(), &grant, id).await?;
        if !tx.implementation().delete_plan_item(agreement.id, item_uuid).await? {
            return Err(AppError::NotFound(format!("plan item {item_id}")));
        }
        tx.audit()
            .append(
                &audit::event(ctx, codes::PLAN_ITEM_DELETED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"plan_item": item_uuid.to_string()})),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
