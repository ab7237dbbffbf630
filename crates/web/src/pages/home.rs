//! The home page: key figures of the registry, agreements in force by form, recent
//! agreements, the yearly chart and the world map.

use super::views::{AgreementRow, agreement_row};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use jalin_app::ctx::Actor;
use jalin_app::ports::store::Page;
use jalin_app::registry::{AgreementQuery, KeyFigures};

/// The figures shown on the home page.
pub struct Figure {
    pub value: String,
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub t: Tr,
    pub layout: Layout,
    pub figures: Vec<Figure>,
    pub by_form: Vec<Figure>,
    pub rows: Vec<AgreementRow>,
    pub chart: String,
    pub chart_table: Vec<(String, Vec<u64>)>,
    pub chart_forms: Vec<String>,
    pub world_map: String,
}

pub async fn home(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    let t = Tr::new(caller.lang);
    // The figures are the public registry's, whoever looks.
    let public = state.app.ctx(Actor::Anonymous, caller.ctx.request_id.clone());
    let figures = state.app.registry.key_figures(&public).await.or_page(&uri)?;
    let recent = state
        .app
        .registry
        .list_agreement_views(
            &public,
            &AgreementQuery {
                status: Some("in_force".into()),
                ..AgreementQuery::default()
            },
            Page::new(Some(8), None),
        )
        .await
        .map(|l| l.items)
        .unwrap_or_default();
    let reference = state.app.reference.snapshot();
    let yearly = state
        .app
        .registry
        .yearly_by_form(&public, None)
        .await
        .unwrap_or_default();
    let (chart, chart_table, chart_forms) = super::charts::yearly_chart(&t, &yearly);
    let world_map = super::charts::world_partnerships(&state, &t, &public).await;
    Ok(render(&HomePage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("home.title")).in_section("home", super::here(&uri)),
        figures: key_figures(&t, &figures),
        by_form: figures
            .in_force_by_form
            .iter()
            .map(|(f, n)| Figure {
                value: t.number(*n),
                label: t.code("form", f.as_str()),
                href: format!("/kerja-sama?form={}&status=in_force", f.as_str()),
            })
            .collect(),
        rows: recent.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        chart,
        chart_table,
        chart_forms,
        world_map,
    }))
}

/// The key figures, each with the page that details it.
fn key_figures(t: &Tr, figures: &KeyFigures) -> Vec<Figure> {
    [
        (
            figures.in_force,
            "home.figure_in_force",
            "/kerja-sama?status=in_force&verification=verified",
        ),
        (
            figures.in_force_to_verify,
            "home.figure_to_verify",
            "/kerja-sama?status=in_force&verification=to_verify",
        ),
        (figures.regions_with_foreign, "home.figure_regions_with", "/peta"),
        (
            figures.regions_without_foreign,
            "home.figure_regions_without",
            "/peta#tanpa-kerja-sama",
        ),
        (figures.countries, "home.figure_countries", "/peta"),
        (figures.sdg_goals, "home.figure_sdgs", "/sdg"),
    ]
    .into_iter()
    .map(|(value, label, href)| Figure {
        value: t.number(value),
        label: t.t(label).to_owned(),
        href: href.into(),
    })
    .collect()
}
