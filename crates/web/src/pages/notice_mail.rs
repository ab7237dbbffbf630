//! Notice e-mail from the browser: the reader's preferences, the page a mailed unsubscribe
//! link opens (and the one-click POST of mail programs, RFC 8058), and the delivery log for
//! administrators.

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::views::{Pager, pager_of};
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::ports::store::Page;
use jalin_domain::ids::UserId;
use jalin_domain::notice_mail::{DeliveryMode, MailLang, NoticeSettings, TimeZone};
use jalin_domain::notification::NotificationKind;
use serde::Deserialize;

pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

fn choices<T: Copy + PartialEq>(
    all: &[T],
    current: &[T],
    code: impl Fn(T) -> String,
    label: impl Fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            code: code(*v),
            label: label(*v),
            selected: current.contains(v),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "notice_settings.html")]
pub struct SettingsPage {
    pub t: Tr,
    pub layout: Layout,
    pub modes: Vec<Choice>,
    pub langs: Vec<Choice>,
    pub zones: Vec<Choice>,
    pub hours: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub saved: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: bool,
}

fn settings_page(t: Tr, layout: Layout, s: &NoticeSettings, saved: bool) -> SettingsPage {
    let mode_label = |m: DeliveryMode| t.t(&format!("notice_mail.mode_{m}")).to_owned();
    let kind_label = |k: NotificationKind| if t.is_id() { k.label_id() } else { k.label_en() }.to_owned();
    let unmuted: Vec<NotificationKind> = NotificationKind::ALL
        .iter()
        .copied()
        .filter(|k| !s.muted.contains(k))
        .collect();
    SettingsPage {
        modes: choices(DeliveryMode::ALL, &[s.mode], |m| m.as_str().to_owned(), mode_label),
        langs: choices(
            MailLang::ALL,
            &[s.lang],
            |l| l.as_str().to_owned(),
            |l| {
                if l == MailLang::Id {
                    "Bahasa Indonesia"
                } else {
                    "English"
                }
                .to_owned()
            },
        ),
        zones: choices(
            TimeZone::ALL,
            &[s.zone],
            |z| z.as_str().to_owned(),
            |z| z.as_str().to_owned(),
        ),
        hours: (0u8..24)
            .map(|h| Choice {
                code: h.to_string(),
                label: format!("{h:02}.00"),
                selected: h == s.digest_hour,
            })
            .collect(),
        kinds: choices(NotificationKind::ALL, &unmuted, |k| k.as_str().to_owned(), kind_label),
        t,
        layout,
        saved,
    }
}

pub async fn settings(State(state): State<AppState>, caller: Caller, uri: Uri, Query(q): Query<Saved>) -> PageResult {
    let t = Tr::new(caller.lang);
    let s = state.app.notifications.settings(&caller.ctx).await.or_page(&uri)?;
    let layout = Layout::for_caller(&state, &caller, t.t("notice_mail.title")).in_section("inbox", super::here(&uri));
    Ok(render(&settings_page(t, layout, &s, q.saved)))
}

/// The settings form: checked `kinds` are mailed, the others muted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub mode: String,
    pub lang: String,
    pub zone: String,
    pub digest_hour: String,
    pub kinds: Vec<String>,
}

impl SettingsForm {
    fn parse(&self) -> Result<NoticeSettings, AppError> {
        let choice = |field: &str, e: jalin_domain::error::CodeError| AppError::invalid(field, e.code, e.message);
        let mailed: Vec<NotificationKind> = self
            .kinds
            .iter()
            .map(|k| k.parse().map_err(|e| choice("kinds", e)))
            .collect::<Result<_, _>>()?;
        Ok(NoticeSettings {
            mode: self.mode.parse().map_err(|e| choice("mode", e))?,
            lang: self.lang.parse().map_err(|e| choice("lang", e))?,
            zone: self.zone.parse().map_err(|e| choice("zone", e))?,
            digest_hour: self
                .digest_hour
                .trim()
                .parse()
                .map_err(|_| AppError::invalid("digest_hour", "invalid_digest_hour", "an hour 0–23"))?,
            muted: NotificationKind::ALL
                .iter()
                .copied()
                .filter(|k| !mailed.contains(k))
                .collect(),
        })
    }
}

pub async fn save_settings(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<SettingsForm>,
) -> PageResult {
    let settings = form.parse().or_page(&uri)?;
    state
        .app
        .notifications
        .put_settings(&caller.ctx, settings)
        .await
        .or_page(&uri)?;
    Ok(Redirect::to("/notifikasi/pengaturan?saved=true").into_response())
}

/// The query of a mailed unsubscribe link: account, kind (`all`: every notice) and secret.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UnsubscribeLink {
    pub u: String,
    pub k: String,
    pub t: String,
}

impl UnsubscribeLink {
    fn parse(&self) -> Result<(UserId, Option<NotificationKind>), AppError> {
        let user = self
            .u
            .parse::<uuid::Uuid>()
            .map_err(|_| AppError::NotFound("unsubscribe link".to_owned()))?;
        let kind = match self.k.as_str() {
            "all" => None,
            k => Some(
                k.parse()
                    .map_err(|_| AppError::NotFound("unsubscribe link".to_owned()))?,
            ),
        };
        Ok((UserId(user), kind))
    }
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
pub struct UnsubscribePage {
    pub t: Tr,
    pub layout: Layout,
    pub what: String,
    pub u: String,
    pub k: String,
    pub token: String,
    pub done: bool,
}

fn what(t: &Tr, kind: Option<NotificationKind>) -> String {
    match kind {
        Some(k) => t.fmt(
            "notice_mail.stop_kind",
            &[("kind", &if t.is_id() { k.label_id() } else { k.label_en() })],
        ),
        None => t.t("notice_mail.stop_all").to_owned(),
    }
}

/// What a mailed link opens: a button, so that a mail scanner following links changes
/// nothing.
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(link): Query<UnsubscribeLink>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    // Opened without a link's parameters: the page says where the settings are.
    let kind = if link.u.is_empty() {
        None
    } else {
        link.parse().or_page(&uri)?.1
    };
    Ok(render(&UnsubscribePage {
        layout: Layout::for_caller(&state, &caller, t.t("notice_mail.unsubscribe_title")),
        what: what(&t, kind),
        u: link.u,
        k: link.k,
        token: link.t,
        done: false,
        t,
    }))
}

/// Stops the mail: the page's button, or a mail program's one-click POST to the link.
pub async fn unsubscribe(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(from_query): Query<UnsubscribeLink>,
    Form(from_form): Form<UnsubscribeLink>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    // RFC 8058: the mail program posts to the link itself, its parameters in the query.
    let link = if from_form.u.is_empty() { from_query } else { from_form };
    let (user, kind) = link.parse().or_page(&uri)?;
    state
        .app
        .notifications
        .unsubscribe(&caller.ctx, user, kind, &link.t)
        .await
        .or_page(&uri)?;
    Ok(render(&UnsubscribePage {
        layout: Layout::for_caller(&state, &caller, t.t("notice_mail.unsubscribe_title")),
        what: what(&t, kind),
        u: String::new(),
        k: String::new(),
        token: String::new(),
        done: true,
        t,
    }))
}

pub struct DeliveryRow {
    pub at: String,
    pub address: String,
    pub subject: String,
    pub what: String,
    pub failed: bool,
    pub error: String,
}

#[derive(Template)]
#[template(path = "mail_deliveries.html")]
pub struct DeliveriesPage {
    pub t: Tr,
    pub layout: Layout,
    pub rows: Vec<DeliveryRow>,
    pub failed_only: bool,
    pub pager: Pager,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DeliveriesQuery {
    pub failed: bool,
    pub offset: i64,
}

const PAGE_SIZE: i64 = 50;

/// The delivery log (administrators): what left, what failed and why.
pub async fn deliveries(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(q): Query<DeliveriesQuery>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let offset = q.offset.max(0);
    let list = state
        .app
        .notifications
        .deliveries(&caller.ctx, q.failed, Page::new(Some(PAGE_SIZE), Some(offset)))
        .await
        .or_page(&uri)?;
    let failed = q.failed;
    Ok(render(&DeliveriesPage {
        layout: Layout::for_caller(&state, &caller, t.t("notice_mail.log_title"))
            .in_section("inbox", super::here(&uri)),
        rows: list
            .items
            .into_iter()
            .map(|d| DeliveryRow {
                at: t.datetime(&d.at, 7),
                address: d.address,
                subject: d.subject,
                what: d.what,
                failed: d.status == "failed",
                error: d.error.unwrap_or_default(),
            })
            .collect(),
        failed_only: failed,
        pager: pager_of(&t, "notice_mail.count", list.total, offset, PAGE_SIZE, |o| {
            format!("/notifikasi/pengiriman?failed={failed}&offset={o}")
        }),
        t,
    }))
}
