//! Sign-in, sign-out and password-reset pages (they work without JavaScript).

use super::{Layout, render};
use crate::AppState;
use crate::auth::{Caller, clear_session_cookie, same_origin, session_cookie};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::accounts::{LoginRefusal, SESSION_HOURS};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub t: crate::i18n::Tr,
    pub layout: Layout,
    pub next: String,
    pub email: String,
    pub error: Option<String>,
    pub notice: Option<String>,
}

#[derive(Template)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub t: crate::i18n::Tr,
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

use super::NextParam;

pub async fn login_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: axum::http::Uri,
    Query(q): Query<NextParam>,
) -> Response {
    render(&LoginPage {
        t: crate::i18n::Tr::new(caller.lang),
        layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("login.title"))
            .in_section("login", super::here(&uri)),
        next: safe_next(q.next.as_deref()),
        email: String::new(),
        error: None,
        notice: None,
    })
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
) -> Response {
    let next = safe_next(form.next.as_deref());
    let again = |status: StatusCode, message: String| {
        let mut r = render(&LoginPage {
            t: crate::i18n::Tr::new(caller.lang),
            layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("login.title")),
            next: next.clone(),
            email: form.email.clone(),
            error: Some(message),
            notice: None,
        });
        *r.status_mut() = status;
        r
    };
    if !same_origin(&headers, &state.config.public_url) {
        return again(
            StatusCode::FORBIDDEN,
            crate::i18n::Tr::new(caller.lang).t("login.other_site").to_owned(),
        );
    }
    let outcome = match state
        .app
        .accounts
        .login(&caller.ctx, &form.email, &form.password, caller.address.as_deref())
        .await
    {
        Ok(Ok(o)) => o,
        Ok(Err(LoginRefusal::Invalid)) => {
            return again(
                StatusCode::UNAUTHORIZED,
                crate::i18n::Tr::new(caller.lang).t("login.invalid").to_owned(),
            );
        }
        Ok(Err(LoginRefusal::Throttled { retry_after })) => {
            let minutes = (retry_after + 59) / 60;
            return again(
                StatusCode::TOO_MANY_REQUESTS,
                crate::i18n::Tr::new(caller.lang).fmt("login.throttled", &[("minutes", &minutes)]),
            );
        }
        Err(e) => return super::page_error("/login", e),
    };
    if let Some(old) = &caller.session {
        let _ = state.app.accounts.logout(&caller.ctx, old).await;
    }
    let mut response = Redirect::to(&next).into_response();
    let cookie = session_cookie(&outcome.session_secret, SESSION_HOURS * 3600, caller.https);
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

pub async fn logout_form(State(state): State<AppState>, caller: Caller) -> Response {
    if let Some(secret) = &caller.session
        && let Err(e) = state.app.accounts.logout(&caller.ctx, secret).await
    {
        return super::page_error("/logout", e);
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&clear_session_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

#[derive(Debug, Deserialize)]
pub struct TokenParam {
    pub token: Option<String>,
}

pub async fn reset_page(State(state): State<AppState>, caller: Caller, Query(q): Query<TokenParam>) -> Response {
    render(&ResetPage {
        t: crate::i18n::Tr::new(caller.lang),
        layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("reset.title")),
        token: q.token.unwrap_or_default(),
        error: None,
    })
}

/// Either asks for a reset link (`email`) or sets the new password (`token`, `password`).
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    pub email: Option<String>,
    pub token: Option<String>,
    pub password: Option<String>,
}

pub async fn reset_form(State(state): State<AppState>, caller: Caller, Form(form): Form<ResetForm>) -> Response {
    if let (Some(token), Some(password)) = (&form.token, &form.password) {
        return match state.app.accounts.reset_password(&caller.ctx, token, password).await {
            Ok(()) => render(&LoginPage {
                t: crate::i18n::Tr::new(caller.lang),
                layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("login.title")),
                next: "/".to_owned(),
                email: String::new(),
                error: None,
                notice: Some(crate::i18n::Tr::new(caller.lang).t("reset.done").to_owned()),
            }),
            Err(AppError::Invalid(errors)) => {
                let message = errors
                    .0
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut r = render(&ResetPage {
                    t: crate::i18n::Tr::new(caller.lang),
                    layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("reset.title")),
                    token: token.clone(),
                    error: Some(message),
                });
                *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                r
            }
            Err(e) => super::page_error("/reset-password", e),
        };
    }
    let email = form.email.unwrap_or_default();
    if let Err(e) = state
        .app
        .accounts
        .request_password_reset(&caller.ctx, &email, &state.config.public_url)
        .await
    {
        return super::page_error("/reset-password", e);
    }
    render(&LoginPage {
        t: crate::i18n::Tr::new(caller.lang),
        layout: Layout::for_caller(&state, &caller, crate::i18n::Tr::new(caller.lang).t("login.title")),
        next: "/".to_owned(),
        email,
        error: None,
        notice: Some(crate::i18n::Tr::new(caller.lang).t("reset.sent").to_owned()),
    })
}
