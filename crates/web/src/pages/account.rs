//! Sign-in, sign-out and password-reset pages (they work without JavaScript).

use super::{Layout, NextParam, PageError, PageResult, render, render_with_status};
use crate::AppState;
use crate::auth::{Caller, clear_session_cookie, same_origin, session_cookie};
use crate::i18n::Tr;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::accounts::Accounts;
use jalin_app::accounts::{LoginRefusal, SESSION_HOURS};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub t: Tr,
    pub layout: Layout,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub t: Tr,
    pub layout: Layout,
    pub token: String,
    pub error: Option<String>,
}

/// Only a path on this site is a place to return to after signing in.
pub(super) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') && !n.chars().any(char::is_control) =>
        {
            n.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The sign-in page with nothing to say yet.
fn login_view(state: &AppState, caller: &Caller, next: String, email: String) -> LoginPage {
    let t = Tr::new(caller.lang);
    LoginPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("login.title")),
        next,
        email,
        error: None,
        notice: None,
    }
}

/// The sign-in page after a password reset, with `notice` (a key) saying what happened.
fn login_with_notice(state: &AppState, caller: &Caller, email: String, notice: &str) -> LoginPage {
    LoginPage {
        notice: Some(Tr::new(caller.lang).t(notice).to_owned()),
        ..login_view(state, caller, "/".to_owned(), email)
    }
}

fn reset_view(state: &AppState, caller: &Caller, token: String, error: Option<String>) -> ResetPage {
    let t = Tr::new(caller.lang);
    ResetPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("reset.title")),
        token,
        error,
    }
}

pub async fn login_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(q): Query<NextParam>,
) -> Response {
    let mut page = login_view(&state, &caller, safe_next(q.next.as_deref()), String::new());
    page.layout = page.layout.in_section("login", super::here(&uri));
    render(&page)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: Option<String>,
}

pub async fn login_form(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let next = safe_next(form.next.as_deref());
    let again = |status: StatusCode, message: String| {
        let page = LoginPage {
            error: Some(message),
            ..login_view(&state, &caller, next.clone(), form.email.clone())
        };
        Ok(render_with_status(status, &page))
    };
    if !same_origin(&headers, &state.config.public_url) {
        return again(StatusCode::FORBIDDEN, t.t("login.other_site").to_owned());
    }
    let outcome = match state
        .app
        .accounts
        .login(&caller.ctx, &form.email, &form.password, caller.address.as_deref())
        .await
    {
        Ok(Ok(o)) => o,
        Ok(Err(LoginRefusal::Invalid)) => return again(StatusCode::UNAUTHORIZED, t.t("login.invalid").to_owned()),
        Ok(Err(LoginRefusal::Throttled { retry_after })) => {
            let minutes = (retry_after + 59) / 60;
            return again(
                StatusCode::TOO_MANY_REQUESTS,
                t.fmt("login.throttled", &[("minutes", &minutes)]),
            );
        }
        Err(e) => return Err(PageError::new("/login", e)),
    };
    if let Some(old) = &caller.session {
        let _ = state.app.accounts.logout(&caller.ctx, old).await;
    }
    let mut response = Redirect::to(&next).into_response();
    let cookie = session_cookie(&outcome.session_secret, SESSION_HOURS * 3600, caller.https);
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn logout_form(State(accounts): State<Arc<Accounts>>, caller: Caller) -> PageResult {
    if let Some(secret) = &caller.session {
        accounts
            .logout(&caller.ctx, secret)
            .await
            .map_err(|e| PageError::new("/logout", e))?;
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_session_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct TokenParam {
    pub token: Option<String>,
}

pub async fn reset_page(State(state): State<AppState>, caller: Caller, Query(q): Query<TokenParam>) -> Response {
    render(&reset_view(&state, &caller, q.token.unwrap_or_default(), None))
}

/// Either asks for a reset link (`email`) or sets the new password (`token`, `password`).
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    pub email: Option<String>,
    pub token: Option<String>,
    pub password: Option<String>,
}

pub async fn reset_form(State(state): State<AppState>, caller: Caller, Form(form): Form<ResetForm>) -> PageResult {
    let failed = |e: AppError| PageError::new("/reset-password", e);
    if let (Some(token), Some(password)) = (&form.token, &form.password) {
        return match state.app.accounts.reset_password(&caller.ctx, token, password).await {
            Ok(()) => Ok(render(&login_with_notice(&state, &caller, String::new(), "reset.done"))),
            Err(AppError::Invalid(errors)) => {
                let message = errors
                    .0
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                let page = reset_view(&state, &caller, token.clone(), Some(message));
                Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
            }
            Err(e) => Err(failed(e)),
        };
    }
    let email = form.email.unwrap_or_default();
    state
        .app
        .accounts
        .request_password_reset(&caller.ctx, &email, caller.address.as_deref(), &state.config.public_url)
        .await
        .map_err(failed)?;
    Ok(render(&login_with_notice(&state, &caller, email, "reset.sent")))
}
