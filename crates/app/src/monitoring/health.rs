//! Agreement health and dormancy: the score of one agreement with its reasons, the dormant
//! and at-risk lists of a region, a province (with its kabupaten/kota) or the nation, and
//! the revival prompts an officer takes for a dormant agreement (recorded and audited).

use super::Monitoring;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::{Grant, require};
use crate::ctx::Ctx;
use crate::ports::store::{Page, RevivalAction, Tx, Watch};
use crate::registry::AgreementView;
use crate::{AppError, AppResult};
use jalin_domain::agreement::{Agreement, AgreementStatus};
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::calendar::add_months;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::AgreementId;
use jalin_domain::monitoring::health::{Band, Health, HealthFacts, RevivalKind, assess};
use jalin_domain::monitoring::{PlanFacts, ReportFacts};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// How many agreements a dormant or at-risk list shows.
pub const LIST_LIMIT: i64 = 50;
/// How many quiet agreements are scored to find those at risk.
const AT_RISK_CANDIDATES: i64 = 200;

/// One agreement's health with the prompts taken for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementHealth {
    pub agreement_id: AgreementId,
    #[serde(flatten)]
    pub health: Health,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_activity: Option<Date>,
    /// Revival prompts taken, newest first.
    pub revivals: Vec<RevivalAction>,
}

/// A row of a dormant or at-risk list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthRow {
    pub agreement: AgreementView,
    pub health: AgreementHealth,
}

/// The dormant and at-risk agreements of a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DormantList {
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub region: Option<RegionCode>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub province: Option<RegionCode>,
    /// At most 50, with the total.
    pub dormant: Vec<HealthRow>,
    pub dormant_total: i64,
    /// Agreements quiet for half the dormancy threshold whose score is below 60 (among the
    /// 200 quietest candidates).
    pub at_risk: Vec<HealthRow>,
}

/// The region and province a list is limited to: what was asked, within the grant's scope.
fn list_scope(
    grant: &Grant,
    region: Option<&str>,
    province: Option<&str>,
) -> AppResult<(Option<RegionCode>, Option<RegionCode>)> {
    let parse = |field: &str, v: Option<&str>| -> AppResult<Option<RegionCode>> {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse::<RegionCode>()
                .map(Some)
                .map_err(|_| AppError::invalid(field, "invalid_format", format!("'{v}' is not a region code"))),
        }
    };
    let region = parse("region", region)?;
    let province = parse("province", province)?;
    if province.as_ref().is_some_and(|p| !p.is_province()) {
        return Err(AppError::invalid(
            "province",
            "invalid_choice",
            "a province code (two digits)",
        ));
    }
    for r in region.iter().chain(province.iter()) {
        grant.check(grant.covers_region(r), "this region")?;
    }
    Ok(match grant.scope() {
        Scope::OwnRegion => (grant.region_limit().0, None),
        Scope::OwnProvince if region.is_none() => (None, grant.region_limit().1),
        _ => (region, province),
    })
}

impl Monitoring {
    /// The facts of each agreement's health, in order.
    pub(super) async fn health_of(
        &self,
        tx: &mut dyn Tx,
        agreements: &[Agreement],
        today: Date,
    ) -> AppResult<Vec<AgreementHealth>> {
        let ids: Vec<AgreementId> = agreements.iter().map(|a| a.id).collect();
        let last: HashMap<AgreementId, Date> = tx.cases().last_activities(&ids).await?.into_iter().collect();
        let open: HashMap<AgreementId, u32> = tx
            .evaluations()
            .incomplete_rounds(&ids, today.year())
            .await?
            .into_iter()
            .collect();
        let mut plans: HashMap<AgreementId, PlanFacts> = tx
            .implementation()
            .plan_facts_as_of(&ids, today)
            .await?
            .into_iter()
            .collect();
        let mut reports: HashMap<AgreementId, ReportFacts> =
            self.report_facts(tx, &ids, today).await?.into_iter().collect();
        let mut revivals: HashMap<AgreementId, Vec<RevivalAction>> = HashMap::new();
        for r in tx.evaluations().revivals(&ids).await? {
            revivals.entry(r.agreement_id).or_default().push(r);
        }
        Ok(agreements
            .iter()
            .map(|a| {
                let reports = reports.remove(&a.id);
                let facts = HealthFacts {
                    today,
                    in_force: a.status == AgreementStatus::InForce,
                    signed_on: a.signed_on,
                    effective_on: a.effective_on,
                    last_activity: last.get(&a.id).copied(),
                    last_report: reports.as_ref().and_then(|r| r.last_report_on),
                    plan: plans.remove(&a.id),
                    reports,
                    open_obligations: open.get(&a.id).copied().unwrap_or(0),
                };
                AgreementHealth {
                    agreement_id: a.id,
                    health: assess(&facts, self.procedure.dormant_months),
                    last_activity: facts.last_activity,
                    revivals: revivals.remove(&a.id).unwrap_or_default(),
                }
            })
            .collect())
    }

    /// The health of one agreement, with its reasons.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn health(&self, ctx: &Ctx, agreement_id: &str) -> AppResult<AgreementHealth> {
        let grant = require(ctx, Action::HealthRead)?;
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        let mut tx = self.store.read().await?;
        let mut out = self.health_of(tx.as_mut(), &[agreement], ctx.today).await?;
        out.pop()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no health computed")))
    }

    /// The dormant and at-risk agreements of a region, a province (with its kabupaten/kota)
    /// or the nation, within the actor's scope (a region's officers see their region).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn dormant(&self, ctx: &Ctx, region: Option<&str>, province: Option<&str>) -> AppResult<DormantList> {
        let grant = require(ctx, Action::HealthRead)?;
        let (region, province) = list_scope(&grant, region, province)?;
        let months = self.procedure.dormant_months as i32;
        let mut tx = self.store.read().await?;
        let dormant = tx
            .agreements()
            .watch(
                Watch::QuietSince(add_months(ctx.today, -months)),
                region.as_ref(),
                province.as_ref(),
                Page::new(Some(LIST_LIMIT), None),
            )
            .await?;
        let quiet = tx
            .agreements()
            .watch(
                Watch::QuietSince(add_months(ctx.today, -(months / 2).max(1))),
                region.as_ref(),
                province.as_ref(),
                Page::new(Some(AT_RISK_CANDIDATES), None),
            )
            .await?;
        let dormant_health = self.health_of(tx.as_mut(), &dormant.items, ctx.today).await?;
        let quiet_health = self.health_of(tx.as_mut(), &quiet.items, ctx.today).await?;
        drop(tx);
        let (at_risk, at_risk_health): (Vec<Agreement>, Vec<AgreementHealth>) = quiet
            .items
            .into_iter()
            .zip(quiet_health)
            .filter(|(_, h)| h.health.band == Band::AtRisk)
            .take(LIST_LIMIT as usize)
            .unzip();
        Ok(DormantList {
            region,
            province,
            dormant: self.rows(ctx, dormant.items, dormant_health).await?,
            dormant_total: dormant.total,
            at_risk: self.rows(ctx, at_risk, at_risk_health).await?,
        })
    }

    async fn rows(
        &self,
        ctx: &Ctx,
        agreements: Vec<Agreement>,
        health: Vec<AgreementHealth>,
    ) -> AppResult<Vec<HealthRow>> {
        let views = self.registry.views(ctx, agreements).await?;
        Ok(views
            .into_iter()
            .zip(health)
            .map(|(agreement, health)| HealthRow { agreement, health })
            .collect())
    }

    /// Records that an officer took a revival prompt for an agreement in force.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn take_revival(
        &self,
        ctx: &Ctx,
        agreement_id: &str,
        kind: &str,
        note: Option<&str>,
    ) -> AppResult<RevivalAction> {
        let grant = require(ctx, Action::RevivalTake)?;
        let kind: RevivalKind = kind
            .parse()
            .map_err(|e: jalin_domain::error::CodeError| AppError::invalid("kind", e.code, e.message))?;
        let note = jalin_domain::text::non_empty(note);
        if note.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            return Err(AppError::invalid("note", "too_long", "at most 2000 characters"));
        }
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        if agreement.status != AgreementStatus::InForce {
            return Err(AppError::invalid(
                "kind",
                "not_in_force",
                "only an agreement in force is revived",
            ));
        }
        let action = RevivalAction {
            id: uuid::Uuid::now_v7(),
            agreement_id: agreement.id,
            kind,
            note,
            taken_by: ctx.actor.label(),
            taken_at: ctx.now,
        };
        let mut tx = self.store.write().await?;
        tx.evaluations().insert_revival(&action).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::REVIVAL_TAKEN, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"revival": action.id.to_string(), "kind": kind, "note": action.note})),
            )
            .await?;
        tx.commit().await?;
        Ok(action)
    }
}
