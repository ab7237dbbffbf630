//! Reports: an agreement's reports (`/kerja-sama/{id}/laporan`: draft, edit the nine items,
//! submit; accept or return with comments), the caller's reports and review queue
//! (`/laporan`), and the report-status panel of the dashboard.

use super::{Layout, OrPage, PageError, PageResult, field_error_lines, render, render_with_status};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::authz::require;
use jalin_app::monitoring::{
    NewReportInput, ObligationView, ReportCounts, ReportEditInput, ReportQuery, ReportView, ReviewInput, SubmitInput,
};
use jalin_app::ports::store::Page;
use jalin_domain::authz::Action;
use jalin_domain::monitoring::report::{Report, ReportItem, ReportKind, ReportStatus};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A report in a list.
pub struct ReportRow {
    pub href: String,
    pub title: String,
    pub region: String,
    pub period: String,
    pub kind: String,
    pub due: String,
    pub status: String,
    pub status_label: String,
    pub overdue: bool,
    pub comment: Option<String>,
}

/// One item of the report form.
pub struct ItemField {
    pub key: &'static str,
    pub label: String,
    pub text: String,
    pub missing: bool,
}

pub struct HistoryRow {
    pub at: String,
    pub action: String,
    pub actor: String,
    pub comment: Option<String>,
}

/// The report chosen on the agreement's report page.
pub struct SelectedReport {
    pub id: String,
    pub heading: String,
    pub status: String,
    pub status_label: String,
    pub due: String,
    pub overdue: bool,
    pub version: i64,
    pub returned_comment: Option<String>,
    pub reviewed_by: Option<String>,
    pub items: Vec<ItemField>,
    pub can_edit: bool,
    pub can_review: bool,
    pub history: Vec<HistoryRow>,
}

#[derive(Template)]
#[template(path = "report_page.html")]
pub struct AgreementReportsPage {
    pub t: Tr,
    pub layout: Layout,
    pub agreement_id: String,
    pub agreement_title: String,
    pub kind_label: String,
    pub article: String,
    pub semester: bool,
    pub can_draft: bool,
    pub reports: Vec<ReportRow>,
    pub selected: Option<SelectedReport>,
    pub errors: Vec<String>,
    pub this_year: i32,
}

#[derive(Debug, Default, Deserialize)]
pub struct ReportParams {
    pub laporan: Option<String>,
}

fn status_label(t: &Tr, s: ReportStatus) -> String {
    t.either(s.label_id(), s.label_en()).to_owned()
}

fn row_of(t: &Tr, r: &Report, title: &str, today: time::Date) -> ReportRow {
    ReportRow {
        href: format!(
            "/kerja-sama/{}/laporan?laporan={}#laporan-terpilih",
            r.agreement_id, r.id
        ),
        title: title.to_owned(),
        region: r.region_code.to_string(),
        period: r.period.label(),
        kind: t.either(r.period.kind.label_id(), r.period.kind.label_en()).to_owned(),
        due: t.date(&r.due_on),
        status: r.status.as_str().to_owned(),
        status_label: status_label(t, r.status),
        overdue: !r.status.is_filed() && r.due_on < today,
        comment: r.review_comment.clone().filter(|_| r.status == ReportStatus::Returned),
    }
}

fn selected(t: &Tr, v: &ReportView, edited: Option<&BTreeMap<String, String>>) -> SelectedReport {
    let r = &v.report;
    SelectedReport {
        id: r.id.to_string(),
        heading: format!(
            "{} {}",
            t.either(r.period.kind.label_id(), r.period.kind.label_en()),
            r.period.label()
        ),
        status: r.status.as_str().to_owned(),
        status_label: status_label(t, r.status),
        due: t.date(&r.due_on),
        overdue: v.overdue,
        version: r.version,
        returned_comment: r.review_comment.clone().filter(|_| r.status == ReportStatus::Returned),
        reviewed_by: r.reviewed_by.clone(),
        items: ReportItem::ALL
            .iter()
            .map(|i| ItemField {
                key: i.as_str(),
                label: t.either(i.label_id(), i.label_en()).to_owned(),
                text: edited
                    .and_then(|e| e.get(i.as_str()).cloned())
                    .or_else(|| r.items.get(i).cloned())
                    .unwrap_or_default(),
                missing: v.missing_items.contains(i),
            })
            .collect(),
        can_edit: v.can_edit,
        can_review: v.can_review,
        history: v
            .history
            .iter()
            .map(|e| HistoryRow {
                at: t.datetime(&e.at, 7),
                action: t.code("report_action", &e.action),
                actor: e.actor.clone(),
                comment: e.comment.clone(),
            })
            .collect(),
    }
}

/// Builds the agreement's report page; `chosen` picks a report (else the latest),
/// `edited` keeps the items of a refused form.
async fn agreement_page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: &str,
    chosen: Option<&str>,
    edited: Option<&BTreeMap<String, String>>,
    errors: Vec<String>,
) -> Result<AgreementReportsPage, PageError> {
    let t = Tr::new(caller.lang);
    let agreement = state.app.registry.get_agreement(&caller.ctx, id).await.or_page(uri)?;
    let reports = state
        .app
        .monitoring
        .agreement_reports(&caller.ctx, id)
        .await
        .or_page(uri)?;
    let title = t.pick(&agreement.title_id, agreement.title_en.as_deref()).to_owned();
    let pick = chosen
        .and_then(|c| reports.iter().find(|r| r.id.to_string() == c))
        .or(reports.first());
    let selected = match pick {
        Some(r) => Some(selected(
            &t,
            &state
                .app
                .monitoring
                .get_report(&caller.ctx, &r.id.to_string())
                .await
                .or_page(uri)?,
            edited,
        )),
        None => None,
    };
    let kind = ReportKind::for_form(agreement.form);
    let can_draft =
        require(&caller.ctx, Action::ReportSubmit).is_ok_and(|g| agreement.region_codes().any(|r| g.covers_region(r)));
    let today = caller.ctx.today;
    Ok(AgreementReportsPage {
        layout: Layout::for_caller(state, caller, &format!("{} — {title}", t.t("report.title")))
            .in_section("registry", super::here(uri)),
        agreement_id: agreement.id.to_string(),
        kind_label: t.either(kind.label_id(), kind.label_en()).to_owned(),
        article: kind.article().to_owned(),
        semester: kind == ReportKind::Semester,
        can_draft,
        reports: reports.iter().map(|r| row_of(&t, r, &title, today)).collect(),
        agreement_title: title,
        selected,
        errors,
        this_year: today.year(),
        t,
    })
}

pub async fn agreement_reports(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Query(params): Query<ReportParams>,
) -> PageResult {
    let page = agreement_page(&state, &caller, &uri, &id, params.laporan.as_deref(), None, Vec::new()).await?;
    Ok(render(&page))
}

/// The "new report" form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewReportForm {
    pub year: String,
    pub semester: String,
}

pub async fn draft_report(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(form): Form<NewReportForm>,
) -> PageResult {
    let input = NewReportInput {
        year: form.year.trim().parse().ok(),
        semester: form.semester.trim().parse().ok(),
        ..Default::default()
    };
    match state.app.monitoring.draft_report(&caller.ctx, &id, &input).await {
        Ok(r) => {
            Ok(Redirect::to(&format!("/kerja-sama/{id}/laporan?laporan={}#laporan-terpilih", r.id)).into_response())
        }
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = match &e {
                AppError::Invalid(fields) => field_error_lines(fields),
                other => vec![other.to_string()],
            };
            let page = agreement_page(&state, &caller, &uri, &id, None, None, errors).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}

/// The report form as posted: `item_<key>` texts, the version, and the button pressed
/// (`save` or `submit`).
pub async fn save_report(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, rid)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let items: BTreeMap<String, String> = pairs
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("item_").map(|key| (key.to_owned(), v.clone())))
        .collect();
    let version = super::form::first(&pairs, "expected_version").parse().ok();
    let submit = super::form::first(&pairs, "action") == "submit";
    let edit = ReportEditInput {
        items: items.clone(),
        expected_version: version,
    };
    let m = &state.app.monitoring;
    let result = match m.edit_report(&caller.ctx, &rid, &edit).await {
        Ok(_) if submit => m.submit_report(&caller.ctx, &rid, &SubmitInput::default()).await,
        other => other,
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/kerja-sama/{id}/laporan?laporan={rid}#laporan-terpilih")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::VersionMismatch { .. })) => {
            let errors = match &e {
                AppError::Invalid(fields) => field_error_lines(fields),
                other => vec![other.to_string()],
            };
            let page = agreement_page(&state, &caller, &uri, &id, Some(&rid), Some(&items), errors).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub decision: String,
    pub comment: String,
}

pub async fn review_report(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, rid)): Path<(String, String)>,
    Form(form): Form<ReviewForm>,
) -> PageResult {
    let input = ReviewInput {
        decision: form.decision,
        comment: Some(form.comment),
        expected_version: None,
    };
    match state.app.monitoring.review_report(&caller.ctx, &rid, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/kerja-sama/{id}/laporan?laporan={rid}#laporan-terpilih")).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = match &e {
                AppError::Invalid(fields) => field_error_lines(fields),
                other => vec![other.to_string()],
            };
            let page = agreement_page(&state, &caller, &uri, &id, Some(&rid), None, errors).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}

/// The report status of the caller's scope, for the dashboard and `/laporan`.
pub struct ReportsPanel {
    pub counts: ReportCounts,
    pub rows: Vec<ReportRow>,
    pub visits: Vec<VisitRow>,
}

pub struct VisitRow {
    pub href: String,
    pub title: String,
    pub visits: u32,
}

fn obligation_row(t: &Tr, o: &ObligationView) -> ReportRow {
    let status = o.status.map_or("not_started", |s| s.as_str());
    ReportRow {
        href: match o.report_id {
            Some(r) => format!("/kerja-sama/{}/laporan?laporan={r}#laporan-terpilih", o.agreement_id),
            None => format!("/kerja-sama/{}/laporan", o.agreement_id),
        },
        title: o.agreement_title.clone(),
        region: o.region_code.to_string(),
        period: o.period.label(),
        kind: t.either(o.period.kind.label_id(), o.period.kind.label_en()).to_owned(),
        due: t.date(&o.due_on),
        status: status.to_owned(),
        status_label: match o.status {
            Some(s) => status_label(t, s),
            None => t.t("report.not_started").to_owned(),
        },
        overdue: o.overdue,
        comment: o.review_comment.clone(),
    }
}

/// The report-status panel for any role that reads reports; `None` for the others (or
/// when it cannot be built: it is logged and left out).
pub(crate) async fn reports_panel(state: &AppState, caller: &Caller) -> Option<ReportsPanel> {
    require(&caller.ctx, Action::ReportRead).ok()?;
    let t = Tr::new(caller.lang);
    match state.app.monitoring.report_overview(&caller.ctx).await {
        Ok(v) => Some(ReportsPanel {
            counts: v.counts,
            rows: v
                .obligations
                .iter()
                .filter(|o| o.status != Some(ReportStatus::Accepted))
                .take(20)
                .map(|o| obligation_row(&t, o))
                .collect(),
            visits: v
                .visits
                .iter()
                .filter(|c| c.too_few)
                .take(20)
                .map(|c| VisitRow {
                    href: format!("/kerja-sama/{}/laporan", c.agreement_id),
                    title: c.agreement_title.clone(),
                    visits: c.visits_last_12_months,
                })
                .collect(),
        }),
        Err(e) => {
            tracing::warn!(error = %e, "report status left out of the page");
            None
        }
    }
}

#[derive(Template)]
#[template(path = "reports.html")]
pub struct ReportsPage {
    pub t: Tr,
    pub layout: Layout,
    pub queue: Vec<ReportRow>,
    pub reviewer: bool,
    pub mine: Vec<ReportRow>,
    pub reports: Option<ReportsPanel>,
}

/// `/laporan`: the review queue (for reviewers), the reports in the caller's scope, and
/// what is owed.
pub async fn reports_page(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    let t = Tr::new(caller.lang);
    let m = &state.app.monitoring;
    let reviewer = require(&caller.ctx, Action::ReportReview).is_ok();
    let queue = if reviewer {
        let q = ReportQuery {
            queue: Some(true),
            ..Default::default()
        };
        m.list_reports(&caller.ctx, &q, Page::new(Some(100), None))
            .await
            .or_page(&uri)?
            .items
    } else {
        Vec::new()
    };
    let mine = m
        .list_reports(&caller.ctx, &ReportQuery::default(), Page::new(Some(100), None))
        .await
        .or_page(&uri)?
        .items;
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for r in queue.iter().chain(&mine) {
        if let std::collections::btree_map::Entry::Vacant(slot) = titles.entry(r.agreement_id.to_string()) {
            let title = state
                .app
                .registry
                .get_agreement(&caller.ctx, slot.key())
                .await
                .map(|a| a.title_id);
            slot.insert(title.unwrap_or_default());
        }
    }
    let rows = |list: &[Report]| -> Vec<ReportRow> {
        list.iter()
            .map(|r| {
                row_of(
                    &t,
                    r,
                    titles.get(&r.agreement_id.to_string()).map_or("", String::as_str),
                    caller.ctx.today,
                )
            })
            .collect()
    };
    Ok(render(&ReportsPage {
        layout: Layout::for_caller(&state, &caller, t.t("report.my_title")).in_section("reports", super::here(&uri)),
        queue: rows(&queue),
        mine: rows(&mine),
        reviewer,
        reports: reports_panel(&state, &caller).await,
        t,
    }))
}
