//! Server-rendered pages.

mod account;

use crate::AppState;
use crate::auth::Caller;
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use jalin_app::ctx::Actor;

/// What every page's frame shows.
pub struct Layout {
    pub page_title: String,
    pub version: String,
    pub demo: bool,
    /// The signed-in user's name.
    pub user: Option<String>,
    /// The session's CSRF token for the forms of the page.
    pub csrf: String,
}

impl Layout {
    pub fn new(state: &AppState, page_title: &str) -> Self {
        Self {
            page_title: page_title.to_owned(),
            version: state.config.version.clone(),
            demo: state.config.demo,
            user: None,
            csrf: String::new(),
        }
    }

    /// The frame for a caller: their name and the session's CSRF token.
    pub fn for_caller(state: &AppState, caller: &Caller, page_title: &str) -> Self {
        let mut layout = Self::new(state, page_title);
        layout.user = caller.ctx.actor.user().map(|u| u.name.clone());
        layout.csrf = caller.csrf.clone().unwrap_or_default();
        layout
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub status: String,
    pub message: String,
}

/// A short HTML page for a refused or failed page request.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let page = ErrorPage {
        layout: Layout {
            page_title: status.canonical_reason().unwrap_or("Error").to_owned(),
            version: String::new(),
            demo: false,
            user: None,
            csrf: String::new(),
        },
        status: format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or_default()),
        message: message.to_owned(),
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    response
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

async fn about(State(state): State<AppState>, caller: Caller) -> Response {
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
        layout: Layout::for_caller(&state, &caller, "Tentang Jalin"),
        datasets,
    })
}

async fn home(State(state): State<AppState>, caller: Caller) -> Response {
    // The figures are the public registry's, whoever looks.
    let public = state.app.ctx(Actor::Anonymous, caller.ctx.request_id.clone());
    let agreements = state
        .app
        .list_agreements(
            &public,
            &Default::default(),
            jalin_app::ports::store::Page::new(Some(1), None),
        )
        .await
        .map(|l| l.total)
        .unwrap_or(0);
    let regions = state.app.reference().regions.len() as i64;
    render(&HomePage {
        layout: Layout::for_caller(&state, &caller, "Jalin"),
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
        .route("/login", get(account::login_page).post(account::login_form))
        .route("/logout", post(account::logout_form))
        .route("/reset-password", get(account::reset_page).post(account::reset_form))
}
