//! The HTML error page, and how a page handler shows an application error: a handler
//! returns [`PageResult`] and turns an [`AppError`] into a [`PageError`] with
//! `.or_page(&uri)?`.

use super::{Layout, render_with_status};
use crate::error::refuse;
use crate::i18n::{Lang, Tr};
use askama::Template;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
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
            dashboard: false,
            reports: false,
            calendar: false,
            switch_lang: "/bahasa/en".to_owned(),
            section: "",
        },
        status: format!("{} {}", status.as_u16(), status.canonical_reason().unwrap_or_default()),
        message: message.to_owned(),
    };
    render_with_status(status, &page)
}

/// Maps an application error for a page handler: the sign-in page for a stranger, the
/// error page otherwise.
pub fn page_error(path: &str, e: AppError) -> Response {
    refuse(path, e.into())
}

/// An application error met by a page handler, with the path it was met on; as a response
/// it is [`page_error`]'s.
#[derive(Debug)]
pub struct PageError {
    path: String,
    error: AppError,
}

impl PageError {
    pub fn new(path: &str, error: AppError) -> Self {
        Self {
            path: path.to_owned(),
            error,
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        page_error(&self.path, self.error)
    }
}

/// What a page handler returns: its page, or the sign-in redirect or error page.
pub type PageResult<T = Response> = Result<T, PageError>;

/// `.or_page(&uri)?` in a page handler: an application error becomes the request's
/// [`PageError`].
pub trait OrPage<T> {
    fn or_page(self, uri: &Uri) -> PageResult<T>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, uri: &Uri) -> PageResult<T> {
        self.map_err(|e| PageError::new(uri.path(), e))
    }
}
