//! The HTML error page, and how a page handler shows an application error.

use super::{Layout, render};
use crate::error::refuse;
use crate::i18n::{Lang, Tr};
use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use jalin_app::AppError;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub t: Tr,
    pub layout: Layout,
    pub status: String,
    pub message: String,
}

/// A short HTML page for a refused or failed page request.
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let t = Tr::new(Lang::Id);
    let page = ErrorPage {
        t,
        layout: Layout {
            t,
            page_title: status.canonical_reason().unwrap_or("Error").to_owned(),
            version: String::new(),
            demo: false,
            user: None,
            role_label: String::new(),
            csrf: String::new(),
            can_work: false,
            national: false,
            switch_lang: "/bahasa/en".to_owned(),
            section: "",
        },
        status: format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or_default()),
        message: message.to_owned(),
    };
    let mut response = render(&page);
    *response.status_mut() = status;
    response
}

/// Maps an application error for a page handler: the sign-in page for a stranger, the
/// error page otherwise.
pub fn page_error(path: &str, e: AppError) -> Response {
    refuse(path, e.into())
}
