//! The About page: what Jalin is, its version and the reference datasets it holds.

use super::{Layout, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;

pub struct DatasetView {
    pub name: String,
    pub rows: i64,
    pub version: String,
    pub source: String,
    pub attribution: String,
}

#[derive(Template)]
#[template(path = "about.html")]
pub struct AboutPage {
    pub t: Tr,
    pub layout: Layout,
    pub datasets: Vec<DatasetView>,
}

pub async fn about(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    let t = Tr::new(caller.lang);
    let datasets = state
        .app
        .reference
        .dataset_versions()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| DatasetView {
            name: d.name,
            rows: d.rows,
            version: d.version.chars().take(12).collect(),
            source: d.source,
            attribution: d.attribution,
        })
        .collect();
    render(&AboutPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("about.title")).in_section("about", super::here(&uri)),
        datasets,
    })
}
