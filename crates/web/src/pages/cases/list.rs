//! My cases (`/kasus`): the cases the reader may see, with their stage and next deadline.

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::form::filled_all;
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum_extra::extract::Query;
use jalin_app::ports::store::{CaseFilter, Page};
use serde::Deserialize;

pub struct CaseRow {
    pub href: String,
    pub title: String,
    pub region: String,
    pub form: String,
    pub stage: String,
    pub holder: String,
    pub deadline: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
pub struct CasesPage {
    pub t: Tr,
    pub layout: Layout,
    pub rows: Vec<CaseRow>,
    pub total: i64,
    pub can_open: bool,
}

/// The list's filter: the states to show (a repeated parameter), all when none.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CasesParams {
    pub state: Vec<String>,
}

pub async fn my_cases(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(params): Query<CasesParams>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let filter = CaseFilter {
        states: filled_all(&params.state),
        ..CaseFilter::default()
    };
    let listing = state
        .app
        .cases
        .list_cases(&caller.ctx, filter, Page::new(Some(200), None))
        .await
        .or_page(&uri)?;
    let reference = state.app.reference.snapshot();
    let rows = listing
        .items
        .iter()
        .map(|s| CaseRow {
            href: format!("/kasus/{}", s.case.id),
            title: t.pick(&s.case.title_id, s.case.title_en.as_deref()).to_owned(),
            region: reference
                .regions
                .get(&s.case.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            form: t.code("form_short", s.case.form.as_str()),
            stage: t.either(&s.stage.label_id, &s.stage.label_en).clone(),
            holder: t.either(&s.stage.holder_label_id, &s.stage.holder_label_en).clone(),
            deadline: t.opt_date(&s.next_deadline),
            updated: t.date(&s.case.updated_at.date()),
        })
        .collect();
    Ok(render(&CasesPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("cases.title")).in_section("cases", crate::pages::here(&uri)),
        rows,
        total: listing.total,
        can_open: jalin_app::authz::require(&caller.ctx, jalin_domain::authz::Action::CaseOpen).is_ok(),
    }))
}
