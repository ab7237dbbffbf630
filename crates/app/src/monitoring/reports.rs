//! Report use cases: draft (pre-filled from the recorded activities), edit, submit, review
//! (accept, or return with comments), read and list.

use super::Monitoring;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::{Grant, require};
use crate::ctx::Ctx;
use crate::ports::store::{Listing, Page, ReportFilter, StoreError, Tx};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::Agreement;
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::ReportId;
use jalin_domain::monitoring::report::{
    Report, ReportEvent, ReportItem, ReportKind, ReportPeriod, ReportStatus, ReviewDecision, draft_items,
    in_force_during, parse_items,
};
use jalin_domain::role::Role;
use jalin_domain::text::non_empty;
use std::collections::BTreeMap;

/// A new report: which period, and (for an agreement between two regions) which region
/// reports. The kind follows the agreement's form when left out.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReportInput {
    /// `annual` (KSDPL, KSDLL) or `semester` (KSDD, KSDPK).
    pub kind: Option<String>,
    pub year: Option<i32>,
    /// 1 or 2, for a semester report.
    pub semester: Option<u8>,
    /// The reporting region; by default the caller's, else the agreement's first region.
    pub region_code: Option<String>,
}

/// Changed items of a report: each given key is replaced, an empty text removes it.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportEditInput {
    /// `title`, `background`, `purpose`, `scope`, `progress`, `beneficiaries`, `funding`,
    /// `obstacles`, `follow_up`.
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    /// The version the change is based on (refused with 412 when it changed meanwhile).
    pub expected_version: Option<i64>,
}

/// Submitting a report.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitInput {
    pub expected_version: Option<i64>,
}

/// A reviewer's decision.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// `accept` or `return`.
    pub decision: String,
    /// Required when returning: what the region must change.
    pub comment: Option<String>,
    pub expected_version: Option<i64>,
}

/// Report list filters, as query-string values.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ReportQuery {
    /// `draft`, `submitted`, `accepted` or `returned`.
    pub status: Option<String>,
    /// The reporting region's code.
    pub region: Option<String>,
    pub year: Option<i32>,
    /// `annual` or `semester`.
    pub kind: Option<String>,
    /// `true`: only the submitted reports the caller may review.
    pub queue: Option<bool>,
}

/// A report with its agreement's title, its history and what the caller may do with it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub report: Report,
    pub agreement_title: String,
    pub history: Vec<ReportEvent>,
    /// Items still empty that submitting needs.
    pub missing_items: Vec<ReportItem>,
    pub overdue: bool,
    pub can_edit: bool,
    pub can_review: bool,
}

fn not_found(id: &str) -> AppError {
    AppError::NotFound(format!("report {id}"))
}

fn version_conflict(e: StoreError, expected: i64) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::VersionMismatch { current: expected + 1 },
        other => other.into(),
    }
}

fn check_version(report: &Report, expected: Option<i64>) -> AppResult<()> {
    match expected {
        Some(v) if v != report.version => Err(AppError::VersionMismatch {
            current: report.version,
        }),
        _ => Ok(()),
    }
}

/// Whether `grant` (of `report.review`) may review a report by `region`: the province its
/// kabupaten/kota's, Kemendagri any (the province's own report goes to the Minister).
pub(super) fn may_review(grant: &Grant, region: &RegionCode) -> bool {
    grant.covers_region(region) && !(grant.role() == Role::ProvinceOfficer && region.is_province())
}

impl Monitoring {
    /// The reports on an agreement that the caller may read.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn agreement_reports(&self, ctx: &Ctx, agreement_id: &str) -> AppResult<Vec<Report>> {
        let grant = require(ctx, Action::ReportRead)?;
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        grant.check(grant.covers_agreement(&agreement), "this agreement's reports")?;
        let mut tx = self.store.read().await?;
        let reports = tx.reports().agreement_reports(&[agreement.id]).await?;
        let mut out: Vec<Report> = reports
            .into_iter()
            .filter(|r| grant.covers_region(&r.region_code))
            .collect();
        out.sort_by_key(|r| std::cmp::Reverse(r.period));
        Ok(out)
    }

    /// Drafts a report on an agreement for a period, pre-filled from the agreement and the
    /// activities recorded in the period.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn draft_report(&self, ctx: &Ctx, agreement_id: &str, input: &NewReportInput) -> AppResult<Report> {
        let grant = require(ctx, Action::ReportSubmit)?;
        let agreement = self.registry.get_agreement(ctx, agreement_id).await?;
        let (period, region) = parse_new_report(ctx, &agreement, input)?;
        grant.check(grant.covers_region(&region), "a report of this region")?;
        let mut tx = self.store.write().await?;
        let activities: Vec<_> = tx
            .implementation()
            .activities(agreement.id)
            .await?
            .into_iter()
            .map(|a| (a.occurred_on, a.report_line()))
            .collect();
        let report = Report {
            id: ReportId::new(),
            agreement_id: agreement.id,
            region_code: region.clone(),
            period,
            items: draft_items(&agreement, &period, &activities),
            status: ReportStatus::Draft,
            due_on: self.report_schedule().due_on(&period, &region),
            submitted_at: None,
            submitted_by: None,
            reviewed_at: None,
            reviewed_by: None,
            review_comment: None,
            created_by: ctx.actor.label(),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
        };
        tx.reports()
            .insert_report(&report, &event(ctx, 1, "drafted", None))
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::Conflict(format!(
                    "{} already has a report on this agreement for {}",
                    region,
                    period.label()
                )),
                other => other.into(),
            })?;
        append_audit(tx.as_mut(), ctx, codes::REPORT_DRAFTED, &report, None).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Changes the items of a draft or returned report.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn edit_report(&self, ctx: &Ctx, id: &str, input: &ReportEditInput) -> AppResult<Report> {
        let grant = require(ctx, Action::ReportSubmit)?;
        let parsed = parse_items(&input.items)?;
        let mut tx = self.store.write().await?;
        let mut report = load(tx.as_mut(), &grant, id).await?;
        check_version(&report, input.expected_version)?;
        if !report.status.is_editable() {
            return Err(AppError::Conflict(format!(
                "the report is {}; only a draft or a returned report can change",
                report.status
            )));
        }
        for key in input.items.keys() {
            if let Ok(item) = key.parse::<ReportItem>() {
                match parsed.get(&item) {
                    Some(text) => report.items.insert(item, text.clone()),
                    None => report.items.remove(&item),
                };
            }
        }
        let expected = report.version;
        report.version += 1;
        report.updated_at = ctx.now;
        let seq = next_seq(tx.as_mut(), report.id).await?;
        tx.reports()
            .update_report(&report, expected, &event(ctx, seq, "edited", None))
            .await
            .map_err(|e| version_conflict(e, expected))?;
        append_audit(tx.as_mut(), ctx, codes::REPORT_EDITED, &report, None).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Submits a draft (or a returned report, again) to its reviewer: the Governor for a
    /// kabupaten/kota, the Minister for a province.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn submit_report(&self, ctx: &Ctx, id: &str, input: &SubmitInput) -> AppResult<Report> {
        let grant = require(ctx, Action::ReportSubmit)?;
        let mut tx = self.store.write().await?;
        let mut report = load(tx.as_mut(), &grant, id).await?;
        check_version(&report, input.expected_version)?;
        if !report.status.is_editable() {
            return Err(AppError::Conflict(format!(
                "the report is {}; only a draft or a returned report is submitted",
                report.status
            )));
        }
        let missing = report.missing_items();
        if !missing.is_empty() {
            let mut errors = FieldErrors::new();
            for item in missing {
                errors.push(
                    format!("items.{item}"),
                    "required",
                    format!(
                        "{} ({}) is required ({})",
                        item.label_en(),
                        item.label_id(),
                        report.period.kind.article()
                    ),
                );
            }
            return Err(AppError::Invalid(errors));
        }
        let action = if report.status == ReportStatus::Returned {
            "resubmitted"
        } else {
            "submitted"
        };
        let expected = report.version;
        report.status = ReportStatus::Submitted;
        report.submitted_at = Some(ctx.now);
        report.submitted_by = Some(ctx.actor.label());
        report.version += 1;
        report.updated_at = ctx.now;
        let seq = next_seq(tx.as_mut(), report.id).await?;
        tx.reports()
            .update_report(&report, expected, &event(ctx, seq, action, None))
            .await
            .map_err(|e| version_conflict(e, expected))?;
        append_audit(tx.as_mut(), ctx, codes::REPORT_SUBMITTED, &report, None).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Accepts a submitted report, or returns it to the region with comments.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn review_report(&self, ctx: &Ctx, id: &str, input: &ReviewInput) -> AppResult<Report> {
        let grant = require(ctx, Action::ReportReview)?;
        let (decision, comment) = parse_review(input)?;
        let mut tx = self.store.write().await?;
        let mut report = load(tx.as_mut(), &grant, id).await?;
        if !may_review(&grant, &report.region_code) {
            return Err(AppError::Forbidden(
                "a province's own report is reviewed by Kemendagri (Permendagri 25/2020 Pasal 36)".to_owned(),
            ));
        }
        check_version(&report, input.expected_version)?;
        if report.status != ReportStatus::Submitted {
            return Err(AppError::Conflict(format!(
                "the report is {}; only a submitted report is reviewed",
                report.status
            )));
        }
        let expected = report.version;
        let (status, action) = match decision {
            ReviewDecision::Accept => (ReportStatus::Accepted, "accepted"),
            ReviewDecision::Return => (ReportStatus::Returned, "returned"),
        };
        report.status = status;
        report.reviewed_at = Some(ctx.now);
        report.reviewed_by = Some(ctx.actor.label());
        report.review_comment = comment.clone();
        report.version += 1;
        report.updated_at = ctx.now;
        let seq = next_seq(tx.as_mut(), report.id).await?;
        tx.reports()
            .update_report(&report, expected, &event(ctx, seq, action, comment.clone()))
            .await
            .map_err(|e| version_conflict(e, expected))?;
        append_audit(tx.as_mut(), ctx, codes::REPORT_REVIEWED, &report, comment).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// One report with its history and what the caller may do with it.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn get_report(&self, ctx: &Ctx, id: &str) -> AppResult<ReportView> {
        let grant = require(ctx, Action::ReportRead)?;
        let mut tx = self.store.read().await?;
        let report = load(tx.as_mut(), &grant, id).await?;
        let history = tx.reports().report_events(report.id).await?;
        let agreement_title = tx
            .agreements()
            .get(report.agreement_id)
            .await?
            .map(|a| a.title_id)
            .unwrap_or_default();
        let can_edit = report.status.is_editable()
            && require(ctx, Action::ReportSubmit).is_ok_and(|g| g.covers_region(&report.region_code));
        let can_review = report.status == ReportStatus::Submitted
            && require(ctx, Action::ReportReview).is_ok_and(|g| may_review(&g, &report.region_code));
        Ok(ReportView {
            agreement_title,
            history,
            missing_items: report.missing_items(),
            overdue: !report.status.is_filed() && report.due_on < ctx.today,
            can_edit,
            can_review,
            report,
        })
    }

    /// Reports under a filter, limited to the caller's scope; `queue` lists the submitted
    /// reports the caller may review.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn list_reports(&self, ctx: &Ctx, query: &ReportQuery, page: Page) -> AppResult<Listing<Report>> {
        let grant = require(ctx, Action::ReportRead)?;
        let mut filter = parse_query(query)?;
        let (region, province) = grant.region_limit();
        if let Some(own) = region {
            if filter.region.as_ref().is_some_and(|r| *r != own) {
                return Err(AppError::Forbidden(format!("{} of another region", Action::ReportRead)));
            }
            filter.region = Some(own);
        }
        if province.is_some() {
            filter.province = province;
        }
        if query.queue == Some(true) {
            filter.statuses = vec![ReportStatus::Submitted];
            match require(ctx, Action::ReportReview).map(|g| (g.scope(), g.role())) {
                Ok((_, Role::ProvinceOfficer)) => filter.by_province = Some(false),
                Ok((Scope::All, _)) => {}
                _ => {
                    return Ok(Listing {
                        items: Vec::new(),
                        total: 0,
                    });
                }
            }
        }
        let mut tx = self.store.read().await?;
        Ok(tx.reports().list_reports(&filter, page).await?)
    }
}

/// A report the grant reaches, or 404 (unknown) / 403 (another region's).
async fn load(tx: &mut dyn Tx, grant: &Grant, id: &str) -> AppResult<Report> {
    let rid: ReportId = id.parse().map_err(|_| not_found(id))?;
    let report = tx.reports().get_report(rid).await?.ok_or_else(|| not_found(id))?;
    grant.check(grant.covers_region(&report.region_code), "this report")?;
    Ok(report)
}

async fn next_seq(tx: &mut dyn Tx, id: ReportId) -> AppResult<i64> {
    Ok(tx.reports().report_events(id).await?.last().map_or(0, |e| e.seq) + 1)
}

fn event(ctx: &Ctx, seq: i64, action: &str, comment: Option<String>) -> ReportEvent {
    ReportEvent {
        seq,
        action: action.to_owned(),
        actor: ctx.actor.label(),
        role: ctx.actor.role(),
        comment,
        at: ctx.now,
    }
}

async fn append_audit(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    code: &'static str,
    report: &Report,
    comment: Option<String>,
) -> AppResult<()> {
    tx.audit()
        .append(
            &audit::event(ctx, code, "report", report.id)
                .region(Some(&report.region_code))
                .after(serde_json::json!({
                    "agreement": report.agreement_id.to_string(),
                    "kind": report.period.kind,
                    "period": report.period.label(),
                    "status": report.status,
                    "comment": comment,
                    "version": report.version,
                })),
        )
        .await?;
    Ok(())
}

/// The period and the reporting region of a new report, checked against the agreement: the
/// kind its form owes, a period that has begun while it was in force, a party region.
fn parse_new_report(ctx: &Ctx, a: &Agreement, input: &NewReportInput) -> AppResult<(ReportPeriod, RegionCode)> {
    let mut e = FieldErrors::new();
    let owed = ReportKind::for_form(a.form);
    let kind = match non_empty(input.kind.as_deref()) {
        None => Some(owed),
        Some(k) => e.take("kind", k.parse::<ReportKind>()),
    };
    if kind.is_some_and(|k| k != owed) {
        e.push(
            "kind",
            "invalid_choice",
            format!("a {} agreement owes {} reports ({})", a.form, owed, owed.article()),
        );
    }
    let year = match input.year {
        None => {
            e.push("year", "required", "the year the report covers");
            None
        }
        Some(y) if !(2000..=ctx.today.year()).contains(&y) => {
            e.push("year", "in_future", format!("{y} is not a year that has begun"));
            None
        }
        Some(y) => Some(y),
    };
    let semester = match (owed, input.semester) {
        (ReportKind::Semester, Some(s @ (1 | 2))) => Some(s),
        (ReportKind::Semester, _) => {
            e.push("semester", "required", "1 (January–June) or 2 (July–December)");
            None
        }
        (ReportKind::Annual, Some(_)) => {
            e.push("semester", "not_allowed", "an annual report covers the whole year");
            None
        }
        (ReportKind::Annual, None) => None,
    };
    let parties: Vec<&RegionCode> = a.region_codes().collect();
    let own = ctx.actor.user().and_then(|u| u.region.clone());
    let region = match non_empty(input.region_code.as_deref()) {
        Some(r) => e.take("region_code", r.parse::<RegionCode>()),
        None => own
            .filter(|r| parties.contains(&r))
            .or_else(|| parties.first().map(|r| (*r).clone())),
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
    let (Some(year), Some(region)) = (year, region) else {
        return Err(AppError::invalid(
            "region_code",
            "required",
            "the agreement has no Indonesian region",
        ));
    };
    let period = match semester {
        Some(s) => ReportPeriod::semester(year, s),
        None => ReportPeriod::annual(year),
    };
    if period.starts_on() > ctx.today {
        return Err(AppError::invalid("semester", "in_future", "the period has not begun"));
    }
    if !in_force_during(a, period.starts_on(), period.ends_on()) {
        return Err(AppError::invalid(
            "year",
            "not_in_force",
            format!("the agreement was not in force in {}", period.label()),
        ));
    }
    Ok((period, region))
}

fn parse_review(input: &ReviewInput) -> AppResult<(ReviewDecision, Option<String>)> {
    let comment = non_empty(input.comment.as_deref());
    let decision = match input.decision.trim() {
        "accept" => ReviewDecision::Accept,
        "return" => ReviewDecision::Return,
        other => {
            return Err(AppError::invalid(
                "decision",
                "invalid_choice",
                format!("'{other}' is not one of: accept, return"),
            ));
        }
    };
    if decision == ReviewDecision::Return && comment.is_none() {
        return Err(AppError::invalid(
            "comment",
            "required",
            "say what the region must change",
        ));
    }
    Ok((decision, comment))
}

fn parse_query(q: &ReportQuery) -> AppResult<ReportFilter> {
    let mut e = FieldErrors::new();
    let filter = ReportFilter {
        region: non_empty(q.region.as_deref()).and_then(|r| e.take("region", r.parse())),
        statuses: non_empty(q.status.as_deref())
            .and_then(|s| e.take("status", s.parse::<ReportStatus>()))
            .into_iter()
            .collect(),
        kind: non_empty(q.kind.as_deref()).and_then(|k| e.take("kind", k.parse())),
        year: q.year,
        ..Default::default()
    };
    Ok(e.finish(filter)?)
}
