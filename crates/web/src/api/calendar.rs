//! The caller's calendar feeds of deadlines (ADR 0016): create, list, revoke. The feed
//! itself (`/kalender/{token}.ics`) is served without a session by `pages::calendar`.

use super::ListResponse;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::ApiJson;
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jalin_app::ports::store::CalendarFeed;
use jalin_domain::authz::Action;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new feed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedInput {
    /// What the feed is for (at most 80 characters); "Jalin" when absent.
    #[serde(default)]
    pub label: String,
    /// Only this region, or a province with its kabupaten/kota (Kemendagri code), within
    /// what the caller may read; absent: everything the caller may read.
    #[serde(default)]
    pub region: Option<String>,
}

/// A feed as just created: `url` holds the secret and is shown only this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewFeed {
    pub feed: CalendarFeed,
    /// The address to subscribe to in a calendar application.
    pub url: String,
}

/// The address of a feed with this secret.
pub fn feed_url(public_url: &str, secret: &str) -> String {
    format!("{}/kalender/{secret}.ics", public_url.trim_end_matches('/'))
}

/// The caller's calendar feeds, oldest first (revoked ones too).
#[utoipa::path(get, path = "/api/v1/calendar-feeds", extensions(("x-access" = json!(Requires(Action::CalendarFeedOwn)))), tag = "notifications",
    responses((status = 200, body = ListResponse<CalendarFeed>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_feeds(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<ListResponse<CalendarFeed>>> {
    let items = s.app.calendar.list_feeds(&caller.ctx).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Creates a calendar feed of the deadlines the caller may read.
#[utoipa::path(post, path = "/api/v1/calendar-feeds", extensions(("x-access" = json!(Requires(Action::CalendarFeedOwn)))), tag = "notifications",
    request_body = FeedInput,
    responses((status = 201, body = NewFeed), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_feed(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<FeedInput>,
) -> ApiResult<Response> {
    let created = s
        .app
        .calendar
        .create_feed(&caller.ctx, &input.label, input.region.as_deref())
        .await?;
    let url = feed_url(&s.config.public_url, &created.secret);
    Ok((
        StatusCode::CREATED,
        Json(NewFeed {
            feed: created.feed,
            url,
        }),
    )
        .into_response())
}

/// Revokes one of the caller's feeds; its address answers 404 from then on. Another
/// user's feed is 404 too.
#[utoipa::path(delete, path = "/api/v1/calendar-feeds/{id}", extensions(("x-access" = json!(Requires(Action::CalendarFeedOwn)))), tag = "notifications",
    params(("id" = String, Path, description = "Feed id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_feed(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> ApiResult<StatusCode> {
    s.app.calendar.revoke_feed(&caller.ctx, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
