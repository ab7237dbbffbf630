//! Report status for dashboards: which reports a region (a province, the country) owes,
//! which are drafted, submitted, accepted, returned or overdue, and which foreign agreements
//! had fewer monitoring visits than Permendagri 25/2020 Pasal 39(5) asks.

use super::Monitoring;
use super::reports::ReportQuery;
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::clock::WIB;
use crate::ports::store::{AgreementFilter, Page, Tx};
use crate::{AppError, AppResult};
use jalin_domain::agreement::Agreement;
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::{AgreementId, ReportId};
use jalin_domain::monitoring::ReportFacts;
use jalin_domain::monitoring::report::{
    Obligation, Report, ReportPeriod, ReportSchedule, ReportStatus, in_force_during, too_few_visits,
};
use std::collections::BTreeMap;
use time::Date;

/// A report owed, and where it stands.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObligationView {
    pub agreement_id: AgreementId,
    pub agreement_title: String,
    pub region_code: RegionCode,
    pub period: ReportPeriod,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// Absent: not started.
    pub status: Option<ReportStatus>,
    pub report_id: Option<ReportId>,
    /// Past its due day and not filed.
    pub overdue: bool,
    /// The reviewer's comments on a returned report.
    pub review_comment: Option<String>,
}

/// Monitoring visits to a foreign agreement in force, over the last twelve months.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitCheck {
    pub agreement_id: AgreementId,
    pub agreement_title: String,
    pub visits_last_12_months: u32,
    /// Fewer than the two a year of Pasal 39(5).
    pub too_few: bool,
}

/// How many owed reports stand where.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCounts {
    pub owed: u32,
    pub not_started: u32,
    pub draft: u32,
    pub submitted: u32,
    pub accepted: u32,
    pub returned: u32,
    pub overdue: u32,
    /// Submitted reports the caller may review.
    pub awaiting_review: u32,
    pub too_few_visits: u32,
}

/// The report status of a region, or of the caller's scope.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportStatusView {
    /// The region, when the status is one region's.
    pub region_code: Option<RegionCode>,
    pub counts: ReportCounts,
    /// The owed reports, oldest period first (for a scope wider than a region: the ones
    /// that need attention, at most [`ATTENTION_ROWS`]).
    pub obligations: Vec<ObligationView>,
    pub visits: Vec<VisitCheck>,
}

/// How many rows a scope's overview lists.
pub const ATTENTION_ROWS: usize = 50;

impl Monitoring {
    /// When reports fall due, from the `[procedure]` settings.
    pub fn report_schedule(&self) -> ReportSchedule {
        self.procedure.report_schedule()
    }

    /// Reporting facts per agreement for health scores (`ReportRepo::report_facts` under the
    /// configured schedule).
    pub async fn report_facts(
        &self,
        tx: &mut dyn Tx,
        agreements: &[AgreementId],
        today: Date,
    ) -> AppResult<Vec<(AgreementId, ReportFacts)>> {
        Ok(tx
            .reports()
            .report_facts(agreements, &self.report_schedule(), today)
            .await?)
    }

    /// The reports one region owes and where they stand, with its monitoring visits.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn region_report_status(&self, ctx: &Ctx, code: &str) -> AppResult<ReportStatusView> {
        let grant = require(ctx, Action::ReportRead)?;
        let region: RegionCode = code.parse().map_err(|_| AppError::NotFound(format!("region {code}")))?;
        if self.reference.get().region(&region).is_none() {
            return Err(AppError::NotFound(format!("region {code}")));
        }
        grant.check(grant.covers_region(&region), "this region's reports")?;
        let filter = AgreementFilter {
            region: Some(region.clone()),
            ..Default::default()
        };
        let mut view = self.status_over(ctx, filter, Some(&region), usize::MAX).await?;
        view.region_code = Some(region);
        Ok(view)
    }

    /// The report status of the caller's scope (their region, their province, or the
    /// country), for dashboards of any role that reads reports.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn report_overview(&self, ctx: &Ctx) -> AppResult<ReportStatusView> {
        let grant = require(ctx, Action::ReportRead)?;
        let (region, province) = grant.region_limit();
        let filter = AgreementFilter {
            region: region.clone(),
            province,
            ..Default::default()
        };
        let mut view = self.status_over(ctx, filter, region.as_ref(), ATTENTION_ROWS).await?;
        view.region_code = region;
        Ok(view)
    }

    async fn status_over(
        &self,
        ctx: &Ctx,
        filter: AgreementFilter,
        only: Option<&RegionCode>,
        rows: usize,
    ) -> AppResult<ReportStatusView> {
        let schedule = self.report_schedule();
        let today = ctx.today;
        let mut tx = self.store.read().await?;
        let agreements: Vec<Agreement> = tx
            .agreements()
            .list(&filter, Page::all())
            .await?
            .items
            .into_iter()
            .filter(|a| a.status.is_signed())
            .collect();
        let ids: Vec<AgreementId> = agreements.iter().map(|a| a.id).collect();
        let reports = tx.reports().agreement_reports(&ids).await?;
        let since = today - time::Duration::days(365);
        let mut visit_days: BTreeMap<AgreementId, Vec<Date>> = BTreeMap::new();
        for (a, d) in tx.reports().visit_days(&ids, since).await? {
            visit_days.entry(a).or_default().push(d);
        }
        let awaiting_review = self.awaiting_review(ctx).await;
        drop(tx);
        let in_scope = |r: &RegionCode| only.is_none_or(|o| o == r);
        let mut counts = ReportCounts {
            awaiting_review,
            ..Default::default()
        };
        let mut obligations = Vec::new();
        let mut visits = Vec::new();
        for a in &agreements {
            for o in schedule
                .obligations(a, today)
                .into_iter()
                .filter(|o| in_scope(&o.region_code))
            {
                let view = obligation_view(a, &o, &reports, today);
                count(&mut counts, &view);
                obligations.push(view);
            }
            if a.form.is_foreign() && in_force_during(a, today, today) {
                let days = visit_days.get(&a.id).cloned().unwrap_or_default();
                let too_few = too_few_visits(&schedule, &days, today);
                counts.too_few_visits += u32::from(too_few);
                visits.push(VisitCheck {
                    agreement_id: a.id,
                    agreement_title: a.title_id.clone(),
                    visits_last_12_months: days.iter().filter(|d| **d > since && **d <= today).count() as u32,
                    too_few,
                });
            }
        }
        obligations.sort_by(|a, b| (a.due_on, &a.agreement_title).cmp(&(b.due_on, &b.agreement_title)));
        if rows < obligations.len() {
            // A wide scope lists what needs someone's attention, overdue and returned first.
            obligations.retain(|o| o.status != Some(ReportStatus::Accepted));
            obligations.sort_by_key(|o| (!o.overdue, o.status != Some(ReportStatus::Returned), o.due_on));
            obligations.truncate(rows);
            visits.retain(|v| v.too_few);
            visits.truncate(rows);
        }
        Ok(ReportStatusView {
            region_code: None,
            counts,
            obligations,
            visits,
        })
    }

    /// How many submitted reports the caller may review (0 for a role that reviews none).
    async fn awaiting_review(&self, ctx: &Ctx) -> u32 {
        if require(ctx, Action::ReportReview).is_err() {
            return 0;
        }
        let query = ReportQuery {
            queue: Some(true),
            ..Default::default()
        };
        self.list_reports(ctx, &query, Page::new(Some(1), None))
            .await
            .map_or(0, |l| l.total as u32)
    }
}

fn obligation_view(a: &Agreement, o: &Obligation, reports: &[Report], today: Date) -> ObligationView {
    let report = reports
        .iter()
        .find(|r| r.agreement_id == a.id && r.region_code == o.region_code && r.period == o.period);
    let status = report.map(|r| r.status);
    ObligationView {
        agreement_id: a.id,
        agreement_title: a.title_id.clone(),
        region_code: o.region_code.clone(),
        period: o.period,
        due_on: o.due_on,
        status,
        report_id: report.map(|r| r.id),
        overdue: o.due_on < today && !status.is_some_and(|s| s.is_filed()),
        review_comment: report
            .filter(|r| r.status == ReportStatus::Returned)
            .and_then(|r| r.review_comment.clone()),
    }
}

fn count(c: &mut ReportCounts, o: &ObligationView) {
    c.owed += 1;
    match o.status {
        None => c.not_started += 1,
        Some(ReportStatus::Draft) => c.draft += 1,
        Some(ReportStatus::Submitted) => c.submitted += 1,
        Some(ReportStatus::Accepted) => c.accepted += 1,
        Some(ReportStatus::Returned) => c.returned += 1,
    }
    c.overdue += u32::from(o.overdue);
}

/// The WIB date of a filed report (kept for callers that show "reported on").
pub fn reported_on(r: &Report) -> Option<Date> {
    r.submitted_at.map(|t| t.to_offset(WIB).date())
}
