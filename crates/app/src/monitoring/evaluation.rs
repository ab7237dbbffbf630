//! The two-sided evaluation: a region opens a round (one per agreement and year) and files
//! its side; the foreign partner, invited as a guest to evaluate that agreement (see
//! `Accounts::invite_evaluation_guest`), files the other side. The latest round is what the
//! next renewal case shows.

use super::Monitoring;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::{Grant, require};
use crate::ctx::Ctx;
use crate::ports::store::Tx;
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::ids::{AgreementId, EvaluationRoundId};
use jalin_domain::monitoring::evaluation::{EvaluationInput, EvaluationRound, FiledSide, Side};
use serde::Serialize;

/// The latest evaluation of an agreement: both sides' scores and recommendations, as a
/// renewal case shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvaluationSummary {
    pub agreement_id: AgreementId,
    pub round_id: EvaluationRoundId,
    pub year: i32,
    /// Both sides filed.
    pub complete: bool,
    pub region: Option<FiledSide>,
    pub partner: Option<FiledSide>,
}

impl EvaluationSummary {
    pub fn of(round: &EvaluationRound) -> Self {
        Self {
            agreement_id: round.agreement_id,
            round_id: round.id,
            year: round.year,
            complete: round.is_complete(),
            region: round.region.clone(),
            partner: round.partner.clone(),
        }
    }
}

/// An agreement a partner guest was invited to evaluate, with its rounds.
#[derive(Debug, Clone)]
pub struct GuestAgreement {
    pub agreement: Agreement,
    pub rounds: Vec<EvaluationRound>,
}

fn not_found(what: &str) -> AppError {
    AppError::NotFound(what.to_owned())
}

/// The side the grant files, after checking that it reaches the agreement: a partner guest
/// only the agreements it was invited to evaluate, everyone else by region.
pub(crate) async fn side_for(tx: &mut dyn Tx, grant: &Grant, agreement: &Agreement) -> AppResult<Side> {
    if grant.scope() == Scope::Invited {
        let invited = match grant.user() {
            Some(u) => tx.evaluations().is_guest(agreement.id, u).await?,
            None => false,
        };
        grant.check(invited, "this agreement")?;
        Ok(Side::Partner)
    } else {
        grant.check(grant.covers_agreement(agreement), "this agreement")?;
        Ok(Side::Region)
    }
}

impl Monitoring {
    /// An agreement as the registry shows it to the actor (404 if not visible).
    async fn visible_agreement(&self, ctx: &Ctx, id: &str) -> AppResult<Agreement> {
        self.registry.get_agreement(ctx, id).await
    }

    /// Opens an evaluation round of a signed agreement for a year (default: this year).
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn open_round(&self, ctx: &Ctx, agreement_id: &str, year: Option<i32>) -> AppResult<EvaluationRound> {
        let grant = require(ctx, Action::EvaluationFill)?;
        if grant.scope() == Scope::Invited {
            return Err(AppError::Forbidden(
                "evaluation.fill: the region opens a round; a partner guest files its side".to_owned(),
            ));
        }
        let agreement = self.visible_agreement(ctx, agreement_id).await?;
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        let year = year.unwrap_or(ctx.today.year());
        if !agreement.status.is_signed() {
            return Err(AppError::invalid(
                "year",
                "not_signed",
                "only a signed agreement is evaluated",
            ));
        }
        if year > ctx.today.year() {
            return Err(AppError::invalid("year", "in_future", "a year that has begun"));
        }
        if agreement.year().is_some_and(|y| year < y) {
            return Err(AppError::invalid(
                "year",
                "before_signing",
                "the year is before the signing",
            ));
        }
        let round = EvaluationRound {
            id: EvaluationRoundId::new(),
            agreement_id: agreement.id,
            year,
            opened_by: ctx.actor.label(),
            opened_at: ctx.now,
            region: None,
            partner: None,
        };
        let mut tx = self.store.write().await?;
        tx.evaluations().insert_round(&round).await.map_err(|e| match e {
            crate::ports::store::StoreError::Conflict(_) => {
                AppError::invalid("year", "duplicate", format!("the {year} round is already open"))
            }
            other => other.into(),
        })?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::EVALUATION_OPENED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"round": round.id.to_string(), "year": year})),
            )
            .await?;
        tx.commit().await?;
        Ok(round)
    }

    /// Files the actor's side of a round: the region's, or (a partner guest) the partner's.
    /// A side may be filed again until the round is complete. `language` is the form's.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn file_side(
        &self,
        ctx: &Ctx,
        round_id: &str,
        input: &EvaluationInput,
        language: &str,
    ) -> AppResult<EvaluationRound> {
        let grant = require(ctx, Action::EvaluationFill)?;
        let id: EvaluationRoundId = round_id.parse().map_err(|_| not_found("evaluation round"))?;
        let parsed = input.parse();
        let mut tx = self.store.write().await?;
        let round = tx
            .evaluations()
            .round(id)
            .await?
            .ok_or_else(|| not_found("evaluation round"))?;
        let agreement = tx
            .agreements()
            .get(round.agreement_id)
            .await?
            .filter(|a| grant.registry_visibility().shows(a.status, a.region_codes()))
            .ok_or_else(|| not_found("evaluation round"))?;
        let side = side_for(tx.as_mut(), &grant, &agreement).await?;
        let (scores, recommendation, justification) = parsed?;
        if round.is_complete() {
            return Err(AppError::invalid(
                "round",
                "complete",
                "both sides filed; the round is closed",
            ));
        }
        let filed = FiledSide {
            side,
            scores,
            recommendation,
            justification,
            language: if language == "en" { "en" } else { "id" }.to_owned(),
            filed_by: ctx.actor.label(),
            filed_at: ctx.now,
        };
        tx.evaluations().file_side(round.id, &filed).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::EVALUATION_FILED, "agreement", agreement.id)
                    .region(agreement.region_codes().next())
                    .after(serde_json::json!({"round": round.id.to_string(), "year": round.year, "side": filed})),
            )
            .await?;
        let round = tx
            .evaluations()
            .round(id)
            .await?
            .ok_or_else(|| not_found("evaluation round"))?;
        tx.commit().await?;
        Ok(round)
    }

    /// The rounds of an agreement, newest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn rounds(&self, ctx: &Ctx, agreement_id: &str) -> AppResult<Vec<EvaluationRound>> {
        let grant = require(ctx, Action::EvaluationRead)?;
        let agreement = self.visible_agreement(ctx, agreement_id).await?;
        let mut tx = self.store.read().await?;
        side_for(tx.as_mut(), &grant, &agreement).await?;
        Ok(tx.evaluations().rounds(agreement.id).await?)
    }

    /// One round with its agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn round(&self, ctx: &Ctx, round_id: &str) -> AppResult<(Agreement, EvaluationRound)> {
        let grant = require(ctx, Action::EvaluationRead)?;
        let id: EvaluationRoundId = round_id.parse().map_err(|_| not_found("evaluation round"))?;
        let round = {
            let mut tx = self.store.read().await?;
            tx.evaluations()
                .round(id)
                .await?
                .ok_or_else(|| not_found("evaluation round"))?
        };
        let agreement = self
            .visible_agreement(ctx, &round.agreement_id.to_string())
            .await
            .map_err(|_| not_found("evaluation round"))?;
        let mut tx = self.store.read().await?;
        side_for(tx.as_mut(), &grant, &agreement).await?;
        Ok((agreement, round))
    }

    /// The latest round with at least one side filed, for the renewal case.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn latest_recommendation(
        &self,
        ctx: &Ctx,
        agreement_id: AgreementId,
    ) -> AppResult<Option<EvaluationSummary>> {
        let rounds = self.rounds(ctx, &agreement_id.to_string()).await?;
        Ok(rounds
            .iter()
            .find(|r| r.region.is_some() || r.partner.is_some())
            .map(EvaluationSummary::of))
    }

    /// The agreements the acting partner guest was invited to evaluate, with their rounds.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn guest_agreements(&self, ctx: &Ctx) -> AppResult<Vec<GuestAgreement>> {
        let grant = require(ctx, Action::EvaluationRead)?;
        let Some(user) = grant.user().filter(|_| grant.scope() == Scope::Invited) else {
            return Ok(Vec::new());
        };
        let mut tx = self.store.read().await?;
        let ids = tx.evaluations().guest_agreements(user).await?;
        let mut out = Vec::new();
        for a in tx.agreements().get_many(&ids).await? {
            let rounds = tx.evaluations().rounds(a.id).await?;
            out.push(GuestAgreement { agreement: a, rounds });
        }
        Ok(out)
    }

    /// The e-mail addresses of the partner guests invited to evaluate an agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn evaluation_guests(&self, ctx: &Ctx, agreement_id: &str) -> AppResult<Vec<String>> {
        let grant = require(ctx, Action::EvaluationFill)?;
        let agreement = self.visible_agreement(ctx, agreement_id).await?;
        if grant.scope() == Scope::Invited {
            return Ok(Vec::new());
        }
        grant.check(grant.covers_agreement(&agreement), "this agreement")?;
        let mut tx = self.store.read().await?;
        Ok(tx.evaluations().guests(agreement.id).await?)
    }
}
