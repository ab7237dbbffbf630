//! Monitoring-and-evaluation visits (Permendagri 25/2020 Pasal 39(5)): the Minister, and the
//! Governor for a kabupaten/kota, at least twice a year. Recorded by the reviewers of the
//! region's reports.

use super::Monitoring;
use super::reports::may_review;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::VisitId;
use jalin_domain::monitoring::report::Visit;
use jalin_domain::text::non_empty;

/// A visit as recorded.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    /// The day of the visit (YYYY-MM-DD, not in the future).
    pub visited_on: Option<String>,
    /// Who visited (names, offices).
    pub visitors: Option<String>,
    pub findings: Option<String>,
    pub follow_ups: Option<String>,
    /// The region visited; by default the agreement's first region.
    pub region_code: Option<String>,
}

const MAX_TEXT: usize = 20_000;

impl Monitoring {
    /// Records a monitoring visit to an agreement.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn record_visit(&self, ctx: &Ctx, agreement_id: &str, input: &VisitInput) -> AppResult<Visit> {
        let grant = require(ctx, Action::ReportReview)?;
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        let mut e = FieldErrors::new();
        let visited_on = match non_empty(input.visited_on.as_deref()) {
            None => {
                e.push("visited_on", "required", "the day of the visit (YYYY-MM-DD)");
                None
            }
            Some(d) => match time::Date::parse(&d, time::macros::format_description!("[year]-[month]-[day]")) {
                Ok(day) if day > ctx.today => {
                    e.push("visited_on", "in_future", "a visit is recorded once it took place");
                    None
                }
                Ok(day) => Some(day),
                Err(_) => {
                    e.push("visited_on", "invalid_date", format!("'{d}' is not YYYY-MM-DD"));
                    None
                }
            },
        };
        let visitors = e.required("visitors", input.visitors.as_deref());
        let findings = e.required("findings", input.findings.as_deref());
        let follow_ups = non_empty(input.follow_ups.as_deref());
        for (field, text) in [
            ("visitors", &visitors),
            ("findings", &findings),
            ("follow_ups", &follow_ups),
        ] {
            if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
                e.push(field, "too_long", format!("at most {MAX_TEXT} characters"));
            }
        }
        let parties: Vec<&RegionCode> = agreement.region_codes().collect();
        let region = match non_empty(input.region_code.as_deref()) {
            Some(r) => e.take("region_code", r.parse::<RegionCode>()),
            None => parties.first().map(|r| (*r).clone()),
        };
        if let Some(r) = &region
            && !parties.contains(&r)
        {
            e.push(
                "region_code",
                "not_a_party",
                format!("{r} is not a party to the agreement"),
            );
        }
        e.finish(())?;
        let (Some(visited_on), Some(visitors), Some(findings), Some(region)) = (visited_on, visitors, findings, region)
        else {
            return Err(AppError::invalid(
                "region_code",
                "required",
                "the agreement has no Indonesian region",
            ));
        };
        grant.check(may_review(&grant, &region), "a visit to this region")?;
        let visit = Visit {
            id: VisitId::new(),
            agreement_id: agreement.id,
            region_code: region,
            visited_on,
            visitors,
            findings,
            follow_ups,
            recorded_by: ctx.actor.label(),
            recorded_at: ctx.now,
        };
        let mut tx = self.store.write().await?;
        tx.reports().insert_visit(&visit).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::VISIT_RECORDED, "agreement", agreement.id)
                    .region(Some(&visit.region_code))
                    .after(serde_json::json!({
                        "visit": visit.id.to_string(),
                        "visited_on": visit.visited_on,
                        "visitors": visit.visitors,
                    })),
            )
            .await?;
        tx.commit().await?;
        Ok(visit)
    }

    /// The monitoring visits to an agreement, latest first.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_visits(&self, ctx: &Ctx, agreement_id: &str) -> AppResult<Vec<Visit>> {
        let grant = require(ctx, Action::ReportRead)?;
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        grant.check(grant.covers_agreement(&agreement), "this agreement's visits")?;
        let mut tx = self.store.read().await?;
        Ok(tx.reports().visits(agreement.id).await?)
    }
}
