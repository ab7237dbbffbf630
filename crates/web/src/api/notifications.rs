//! The caller's own notifications: the inbox with its filters, marking rows read, and e-mail
//! preferences; the delivery log for administrators.

use super::Paging;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::State;
use jalin_app::AppError;
use jalin_app::ports::store::{InboxEntry, InboxFilter, MailDelivery};
use jalin_domain::authz::Action;
use jalin_domain::case::Alert;
use jalin_domain::notice_mail::NoticeSettings;
use jalin_domain::notification::NotificationKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Filters of an inbox (the page `/notifikasi` takes the same query string).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct InboxParams {
    /// Only this kind: deadline, expiry, report_due, trip_report_due, dormancy, opportunity, handoff.
    pub kind: Option<String>,
    /// Only events about this region, or a province with its kabupaten/kota (Kemendagri code).
    pub region: Option<String>,
    /// Sent on or after this day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Sent on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// `true`: only unread rows.
    pub unread: Option<bool>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl InboxParams {
    /// The filter, or a field error naming the parameter.
    pub fn filter(&self) -> Result<InboxFilter, AppError> {
        let date = |field: &str, v: &Option<String>| {
            present(v)
                .map(|s| {
                    time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE)
                        .map_err(|_| AppError::invalid(field, "invalid_date", "a date as YYYY-MM-DD"))
                })
                .transpose()
        };
        let kind = present(&self.kind)
            .map(|k| {
                k.parse::<NotificationKind>()
                    .map_err(|e| AppError::invalid("kind", "invalid_choice", e.to_string()))
            })
            .transpose()?;
        let region = present(&self.region)
            .map(|r| {
                r.parse()
                    .map_err(|_| AppError::invalid("region", "invalid_region", "a Kemendagri region code"))
            })
            .transpose()?;
        Ok(InboxFilter {
            kind,
            region,
            from: date("from", &self.from)?,
            to: date("to", &self.to)?,
            unread_only: self.unread.unwrap_or(false),
        })
    }
}

/// One notification of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notification {
    /// The event's id (what `POST /api/v1/notifications/read` takes).
    #[schema(value_type = String, format = Uuid)]
    pub id: uuid::Uuid,
    pub kind: NotificationKind,
    pub read: bool,
    /// The case, agreement or offer page the event is about.
    pub link: Option<String>,
    pub alert: Alert,
}

impl From<InboxEntry> for Notification {
    fn from(e: InboxEntry) -> Self {
        let link = e.link();
        Self {
            id: e.alert_id,
            kind: e.kind,
            read: e.read_at.is_some(),
            link,
            alert: e.alert,
        }
    }
}

/// A page of the caller's inbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxResponse {
    pub items: Vec<Notification>,
    /// Matches of the filter.
    pub total: i64,
    /// Unread rows of the whole inbox.
    pub unread: i64,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", extensions(("x-access" = json!(Requires(Action::AlertRead)))), tag = "notifications",
    params(InboxParams, Paging),
    responses((status = 200, body = InboxResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_notifications(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<InboxParams>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<InboxResponse>> {
    let filter = p.filter()?;
    let inbox = s.app.notifications.inbox(&caller.ctx, &filter, paging.into()).await?;
    Ok(Json(InboxResponse {
        items: inbox.entries.items.into_iter().map(Notification::from).collect(),
        total: inbox.entries.total,
        unread: inbox.unread,
    }))
}

/// Which notifications to mark read.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These events; absent means every notification of the caller.
    #[schema(value_type = Option<Vec<String>>)]
    pub ids: Option<Vec<uuid::Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    /// Rows that changed from unread to read.
    pub marked: u64,
}

/// Marks the caller's notifications read (the named ones, or all).
#[utoipa::path(post, path = "/api/v1/notifications/read", extensions(("x-access" = json!(Requires(Action::AlertRead)))), tag = "notifications",
    request_body = MarkRead,
    responses((status = 200, body = Marked), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark_read(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<MarkRead>,
) -> ApiResult<Json<Marked>> {
    let marked = s.app.notifications.mark_read(&caller.ctx, input.ids.as_deref()).await?;
    Ok(Json(Marked { marked }))
}

/// The caller's e-mail preferences for notices.
#[utoipa::path(get, path = "/api/v1/notifications/settings", extensions(("x-access" = json!(Requires(Action::AlertRead)))), tag = "notifications",
    responses((status = 200, body = NoticeSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_settings(State(s): State<AppState>, caller: Caller) -> ApiResult<Json<NoticeSettings>> {
    Ok(Json(s.app.notifications.settings(&caller.ctx).await?))
}

/// Replaces the caller's e-mail preferences: `mode` immediate, digest (daily at
/// `digest_hour` in `zone`: WIB, WITA or WIT) or off; `lang` id or en; `muted` kinds are
/// never mailed.
#[utoipa::path(put, path = "/api/v1/notifications/settings", extensions(("x-access" = json!(Requires(Action::AlertRead)))), tag = "notifications",
    request_body = NoticeSettings,
    responses((status = 200, body = NoticeSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<NoticeSettings>,
) -> ApiResult<Json<NoticeSettings>> {
    Ok(Json(s.app.notifications.put_settings(&caller.ctx, input).await?))
}

/// Filter of the delivery log.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct DeliveryParams {
    /// `true`: only failed attempts.
    pub failed: Option<bool>,
}

/// One message Jalin tried to send.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub id: uuid::Uuid,
    pub recipient: Option<uuid::Uuid>,
    pub address: String,
    pub subject: String,
    /// `notice`, `digest`, or account mail: `password_reset`, `invitation`,
    /// `evaluation_invitation`, `sign_in_notice`.
    pub what: String,
    /// `sent` or `failed` (a failed notice is retried with back-off; each attempt is logged).
    pub status: String,
    pub error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: time::OffsetDateTime,
}

impl From<MailDelivery> for Delivery {
    fn from(d: MailDelivery) -> Self {
        Self {
            id: d.id,
            recipient: d.recipient.map(|u| u.0),
            address: d.address,
            subject: d.subject,
            what: d.what,
            status: d.status,
            error: d.error,
            at: d.at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryList {
    pub items: Vec<Delivery>,
    pub total: i64,
}

/// The log of notice e-mail, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/mail-deliveries", extensions(("x-access" = json!(Requires(Action::UserManage)))), tag = "notifications",
    params(DeliveryParams, Paging),
    responses((status = 200, body = DeliveryList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list_deliveries(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<DeliveryParams>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<DeliveryList>> {
    let list = s
        .app
        .notifications
        .deliveries(&caller.ctx, p.failed.unwrap_or(false), paging.into())
        .await?;
    Ok(Json(DeliveryList {
        items: list.items.into_iter().map(Delivery::from).collect(),
        total: list.total,
    }))
}
