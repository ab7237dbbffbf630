//! The Kemendagri dashboard: the national pipeline by stage, provinces (drilling down to
//! their kabupaten/kota), agreements ending within 180 days, dormant ones, and regions
//! without foreign cooperation with 3T regions first. Province officers see their province,
//! regional officers and approvers their own region. Every dashboard lists the dormant and
//! at-risk agreements with their reasons and revival prompts.

use super::evaluation::views::{DormantRow, dormant_rows};
use super::views::{AgreementRow, agreement_row};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use jalin_app::ports::store::Listing;
use jalin_app::registry::{AgreementView, PipelineStage};
use jalin_domain::procedure::definitions::PROCEDURES;
use jalin_domain::reference::Region;
use serde::Deserialize;

pub struct StageRow {
    pub procedure: String,
    pub stage: String,
    pub holder: String,
    pub cases: u64,
    pub href: String,
}

pub struct AreaView {
    pub name: String,
    pub href: String,
    pub drill: Option<String>,
    pub open_cases: u64,
    pub in_force: u64,
    pub foreign_in_force: u64,
    pub is_3t: bool,
}

pub struct QuietRegion {
    pub name: String,
    pub href: String,
    pub province: String,
    pub is_3t: bool,
    pub border: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub t: Tr,
    pub layout: Layout,
    pub province: Option<String>,
    pub back: Option<String>,
    pub pipeline: Vec<StageRow>,
    pub open_total: u64,
    pub areas: Vec<AreaView>,
    pub expiring: Vec<AgreementRow>,
    pub expiring_total: i64,
    pub dormant: Vec<DormantRow>,
    pub dormant_total: i64,
    pub at_risk: Vec<DormantRow>,
    pub without: Vec<QuietRegion>,
    pub without_3t: usize,
    /// The report status of the caller's scope (`dashboard_reports.html`).
    pub reports: Option<super::reports::ReportsPanel>,
}

#[derive(Debug, Deserialize)]
pub struct DashboardParams {
    pub province: Option<String>,
}

pub async fn dashboard(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(params): Query<DashboardParams>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let d = state
        .app
        .registry
        .dashboard(&caller.ctx, params.province.as_deref())
        .await
        .or_page(&uri)?;
    let role = caller.ctx.actor.role();
    let health = state
        .app
        .monitoring
        .dormant(&caller.ctx, None, d.province.as_ref().map(|p| p.as_str()))
        .await
        .or_page(&uri)?;
    let can_revive = jalin_domain::authz::scope(role, jalin_domain::authz::Action::RevivalTake).is_some();
    let reference = state.app.reference.snapshot();
    let national = matches!(
        role,
        jalin_domain::role::Role::KemendagriReviewer
            | jalin_domain::role::Role::KemluReviewer
            | jalin_domain::role::Role::Administrator
    );
    let province_name = d
        .region
        .as_ref()
        .or(d.province.as_ref())
        .and_then(|p| reference.regions.get(p))
        .map(|r| r.name.clone());
    let title = match &province_name {
        Some(p) => format!("{} — {p}", t.t("dashboard.title")),
        None => t.t("dashboard.title").to_owned(),
    };
    let rows = |listing: &Listing<AgreementView>| -> Vec<AgreementRow> {
        listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect()
    };
    Ok(render(&DashboardPage {
        t,
        layout: Layout::for_caller(&state, &caller, &title).in_section("dashboard", super::here(&uri)),
        back: (d.province.is_some() && national).then(|| "/dasbor".to_owned()),
        province: province_name,
        open_total: d.pipeline.iter().map(|s| s.cases).sum(),
        pipeline: d.pipeline.iter().map(|s| stage_row(&t, s)).collect(),
        areas: d
            .areas
            .iter()
            .map(|a| AreaView {
                name: a.name.clone(),
                href: format!("/daerah/{}", a.code),
                drill: (d.province.is_none()).then(|| format!("/dasbor?province={}", a.code)),
                open_cases: a.open_cases,
                in_force: a.in_force,
                foreign_in_force: a.foreign_in_force,
                is_3t: a.is_3t,
            })
            .collect(),
        expiring: rows(&d.expiring),
        expiring_total: d.expiring.total,
        dormant: dormant_rows(&t, &reference, &health.dormant, can_revive),
        dormant_total: health.dormant_total,
        at_risk: dormant_rows(&t, &reference, &health.at_risk, can_revive),
        without_3t: d.without_foreign.iter().filter(|r| r.is_daerah_tertinggal).count(),
        without: d.without_foreign.iter().take(200).map(quiet_region).collect(),
        reports: super::reports::reports_panel(&state, &caller).await,
    }))
}

/// A stage of the pipeline with its procedure, holder and cases.
fn stage_row(t: &Tr, s: &PipelineStage) -> StageRow {
    StageRow {
        procedure: PROCEDURES
            .iter()
            .find(|p| p.code == s.procedure)
            .map(|p| t.either(p.title_id, p.title_en))
            .unwrap_or(s.procedure.as_str())
            .to_owned(),
        stage: t.either(&s.label_id, &s.label_en).clone(),
        holder: t.either(&s.holder_id, &s.holder_en).clone(),
        cases: s.cases,
        href: format!("/kasus?state={}", s.state),
    }
}

fn quiet_region(r: &Region) -> QuietRegion {
    QuietRegion {
        name: r.name.clone(),
        href: format!("/daerah/{}", r.code),
        province: r.province_name.clone(),
        is_3t: r.is_daerah_tertinggal,
        border: !r.land_border_countries.is_empty() || r.outermost_small_islands > 0,
    }
}
