//! `/kalender`: the reader's calendar feeds of deadlines (create, copy the address, revoke),
//! and the feed itself at `/kalender/{secret}.ics` for calendar clients (ADR 0016).

use crate::AppState;
use crate::api::calendar::feed_url;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use jalin_app::AppError;
use serde::Deserialize;

pub struct FeedRow {
    pub id: String,
    pub label: String,
    /// The region the feed is narrowed to, by name.
    pub region: Option<String>,
    pub created: String,
    pub revoked: Option<String>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub struct CalendarPage {
    pub t: Tr,
    pub layout: Layout,
    pub feeds: Vec<FeedRow>,
    /// The address of a feed just created: shown this once.
    pub new_url: Option<String>,
}

async fn page(state: &AppState, caller: &Caller, uri: &Uri, new_url: Option<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let feeds = state.app.calendar.list_feeds(&caller.ctx).await.or_page(uri)?;
    let feeds = feeds
        .into_iter()
        .rev()
        .map(|f| FeedRow {
            id: f.id.to_string(),
            label: f.label,
            region: f.region.map(|r| {
                state
                    .app
                    .reference
                    .snapshot()
                    .region(&r)
                    .map_or_else(|| r.to_string(), |x| x.name.clone())
            }),
            created: t.date(&f.created_at.date()),
            revoked: f.revoked_at.map(|r| t.date(&r.date())),
        })
        .collect();
    Ok(render(&CalendarPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("calendar.title")).in_section("calendar", "/kalender"),
        feeds,
        new_url,
    }))
}

pub async fn calendar_page(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    page(&state, &caller, &uri, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewFeedForm {
    pub label: String,
    pub region: String,
}

/// Creates a feed and shows its address once (a redirect would lose the secret).
pub async fn create_feed(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<NewFeedForm>,
) -> PageResult {
    let created = state
        .app
        .calendar
        .create_feed(&caller.ctx, &form.label, Some(&form.region))
        .await
        .or_page(&uri)?;
    let url = feed_url(&state.config.public_url, &created.secret);
    page(&state, &caller, &uri, Some(url)).await
}

pub async fn revoke_feed(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
) -> PageResult {
    state.app.calendar.revoke_feed(&caller.ctx, &id).await.or_page(&uri)?;
    Ok(Redirect::to("/kalender").into_response())
}

/// The iCalendar feed. Unknown, revoked or malformed addresses are one plain 404, so a
/// guess learns nothing.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "not found").into_response();
    let Some(secret) = file.strip_suffix(".ics") else {
        return not_found();
    };
    match state.app.calendar.render_feed(secret, &state.config.public_url).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                // The address is a credential: keep it and the feed out of shared caches.
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            body,
        )
            .into_response(),
        Err(AppError::NotFound(_)) => not_found(),
        Err(e) => {
            tracing::error!(error = %e, "calendar feed failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}
