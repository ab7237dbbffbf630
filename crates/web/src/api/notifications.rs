//! The caller's own notifications: the inbox with its filters, and marking rows read.

use super::Paging;
use crate::AppState;
use crate::auth::Caller;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{ApiJson, ApiQuery};
use crate::policy::Access::Requires;
use axum::Json;
use axum::extract::State;
use jalin_app::AppError;
use jalin_app::ports::store::{InboxEntry, InboxFilter};
use jalin_domain::authz::Action;
use jalin_domain::case::Alert;
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
        let a = &e.alert;
        let link = a
            .case_id
            .map(|c| format!("/kasus/{c}"))
            .or_else(|| a.agreement_id.map(|x| format!("/kerja-sama/{x}")))
            .or_else(|| a.code.strip_prefix("peluang:").map(|x| format!("/peluang/tawaran/{x}")));
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
