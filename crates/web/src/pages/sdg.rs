//! The SDG pages (the goals with their counts, a goal with its targets and agreements),
//! and the views of suggested SDG targets shared with the agreement page and the wizard.

use super::views::{AgreementRow, agreement_row};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use jalin_app::AppError;
use jalin_app::ports::store::Page;
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::{FacetKey, FacetKind};

/// One suggested SDG target with the words that triggered it.
pub struct SuggestionView {
    pub target: String,
    pub goal_name: String,
    pub title: String,
    pub matched: Vec<String>,
    /// Where the confirm and reject forms post.
    pub action: String,
}

/// Suggested SDG targets, for readers who may change the agreement.
pub struct SdgPanel {
    pub items: Vec<SuggestionView>,
}

/// The goal's short name in the reader's language.
pub fn goal_name(t: &Tr, reference: &jalin_app::reference::ReferenceSnapshot, goal: i32) -> String {
    reference
        .sdg_goals
        .iter()
        .find(|g| g.goal == goal)
        .map(|g| t.either(&g.short_name_id, &g.short_name_en).clone())
        .unwrap_or_default()
}

/// Views of suggestions; `action` gives each one's form target.
pub fn suggestion_views(
    t: &Tr,
    reference: &jalin_app::reference::ReferenceSnapshot,
    items: Vec<jalin_app::ports::sdg::SdgSuggestion>,
    action: impl Fn(&str) -> String,
) -> Vec<SuggestionView> {
    items
        .into_iter()
        .map(|s| SuggestionView {
            goal_name: goal_name(t, reference, s.goal),
            action: action(&s.target),
            target: s.target,
            title: s.title_en,
            matched: s.matched,
        })
        .collect()
}

pub struct GoalView {
    pub goal: i32,
    pub name: String,
    pub count: u64,
    pub href: String,
}

#[derive(Template)]
#[template(path = "sdg_goals.html")]
pub struct SdgGoalsPage {
    pub t: Tr,
    pub layout: Layout,
    pub goals: Vec<GoalView>,
}

pub async fn sdg_goals(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    let t = Tr::new(caller.lang);
    let counts = state
        .app
        .registry
        .registry_counts(&caller.ctx, &AgreementQuery::default(), &[FacetKind::SdgGoal])
        .await
        .or_page(&uri)?;
    let reference = state.app.reference.snapshot();
    let goals = reference
        .sdg_goals
        .iter()
        .map(|g| GoalView {
            goal: g.goal,
            name: t.either(&g.short_name_id, &g.short_name_en).clone(),
            count: counts
                .of(FacetKind::SdgGoal)
                .iter()
                .find(|c| c.key == FacetKey::SdgGoal(g.goal as u8))
                .map(|c| c.count)
                .unwrap_or(0),
            href: format!("/sdg/{}", g.goal),
        })
        .collect();
    Ok(render(&SdgGoalsPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("sdg.title")).in_section("sdg", super::here(&uri)),
        goals,
    }))
}

pub struct TargetView {
    pub code: String,
    pub title: String,
    pub count: u64,
    pub href: String,
}

#[derive(Template)]
#[template(path = "sdg_goal.html")]
pub struct SdgGoalPage {
    pub t: Tr,
    pub layout: Layout,
    pub goal: i32,
    pub name: String,
    pub title_en: String,
    pub targets: Vec<TargetView>,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub all_href: String,
}

pub async fn sdg_goal(State(state): State<AppState>, caller: Caller, uri: Uri, Path(goal): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let g = goal
        .parse::<i32>()
        .ok()
        .and_then(|n| reference.sdg_goals.iter().find(|g| g.goal == n))
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("SDG {goal}")))
        .or_page(&uri)?;
    let targets = target_views(&state, &caller, g.goal).await;
    let q = AgreementQuery {
        sdg: Some(g.goal.to_string()),
        ..AgreementQuery::default()
    };
    let listing = state
        .app
        .registry
        .list_agreement_views(&caller.ctx, &q, Page::new(Some(20), None))
        .await
        .or_page(&uri)?;
    let name = t.either(&g.short_name_id, &g.short_name_en).clone();
    Ok(render(&SdgGoalPage {
        t,
        layout: Layout::for_caller(&state, &caller, &format!("SDG {}: {name}", g.goal))
            .in_section("sdg", super::here(&uri)),
        goal: g.goal,
        name,
        title_en: g.title_en.clone(),
        targets,
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        all_href: format!("/kerja-sama?sdg={}", g.goal),
    }))
}

/// The goal's targets, each with how many agreements the reader may see are tagged with it.
async fn target_views(state: &AppState, caller: &Caller, goal: i32) -> Vec<TargetView> {
    let targets = state.app.reference.sdg_targets(Some(goal)).await.unwrap_or_default();
    let mut views = Vec::new();
    for target in targets {
        let q = AgreementQuery {
            sdg: Some(target.target.clone()),
            ..AgreementQuery::default()
        };
        let count = state
            .app
            .registry
            .registry_counts(&caller.ctx, &q, &[])
            .await
            .map(|c| c.total)
            .unwrap_or(0);
        views.push(TargetView {
            href: format!("/kerja-sama?sdg={}", target.target),
            code: target.target,
            title: target.title_en,
            count,
        });
    }
    views
}
