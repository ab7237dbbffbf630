//! Server-rendered pages.

use crate::AppState;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

/// What every page's frame shows.
pub struct Layout {
    pub page_title: String,
    pub version: String,
    pub demo: bool,
}

impl Layout {
    pub fn new(state: &AppState, page_title: &str) -> Self {
        Self {
            page_title: page_title.to_owned(),
            version: state.config.version.clone(),
            demo: state.config.demo,
        }
    }
}

/// Renders a template; a rendering failure is logged and shown as a plain 500.
pub fn render<T: Template>(page: &T) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template rendering failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

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
    pub layout: Layout,
    pub datasets: Vec<DatasetView>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub layout: Layout,
    pub agreements: i64,
    pub regions: i64,
}

async fn about(State(state): State<AppState>) -> Response {
    let datasets = state
        .app
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
        layout: Layout::new(&state, "Tentang Jalin"),
        datasets,
    })
}

async fn home(State(state): State<AppState>) -> Response {
    let agreements = state
        .app
        .list_agreements(&Default::default(), jalin_app::ports::store::Page::new(Some(1), None))
        .await
        .map(|l| l.total)
        .unwrap_or(0);
    let regions = state.app.reference().regions.len() as i64;
    render(&HomePage {
        layout: Layout::new(&state, "Jalin"),
        agreements,
        regions,
    })
}

const STYLE: &str = include_str!("../../static/style.css");

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/about", get(about))
        .route("/static/style.css", get(style))
}
