//! The notification inbox: the reader's own notifications, newest first, with filters by
//! kind, region and date, read state, and offers for several regions grouped into one row.

use crate::AppState;
use crate::api::notifications::InboxParams;
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
use jalin_app::notifications::groups::{InboxGroup, group, opportunity_summary};
use jalin_app::ports::store::Page;
use jalin_domain::notification::NotificationKind;
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;

/// Where the page is in the list (the filters are the API's [`InboxParams`]).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Offset {
    pub offset: i64,
}

pub struct KindOption {
    pub code: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub struct Row {
    pub message: String,
    pub href: Option<String>,
    pub kind: &'static str,
    pub due: String,
    pub raised: String,
    pub overdue: bool,
    pub unread: bool,
    /// "also for 2 more regions: …" of a grouped offer.
    pub more: Option<String>,
    /// The alert ids this row stands for (what "mark read" marks).
    pub ids: String,
}

#[derive(Template)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub t: Tr,
    pub layout: Layout,
    pub rows: Vec<Row>,
    pub kinds: Vec<KindOption>,
    pub region: String,
    pub from: String,
    pub to: String,
    pub unread_only: bool,
    pub unread: i64,
    pub unread_label: String,
    /// This page with its filters, where the mark-read forms return.
    pub back: String,
    pub summary: Option<String>,
    pub pager: Pager,
    /// Whether the reader may open the delivery log (administrators).
    pub deliveries: bool,
}

fn row(t: &Tr, state: &AppState, g: InboxGroup, today: time::Date) -> Row {
    let reference = state.app.reference.snapshot();
    let name =
        |r: &jalin_domain::codes::RegionCode| reference.region(r).map_or_else(|| r.to_string(), |x| x.name.clone());
    let more = (g.regions.len() > 1).then(|| {
        let others: Vec<String> = g.regions.iter().skip(1).map(name).collect();
        t.fmt(
            "inbox.also_for",
            &[("count", &others.len()), ("regions", &others.join(", "))],
        )
    });
    let a = &g.first.alert;
    Row {
        href: g.first.link(),
        message: if t.is_id() {
            a.message_id.clone()
        } else {
            a.message_en.clone()
        },
        kind: if t.is_id() {
            g.first.kind.label_id()
        } else {
            g.first.kind.label_en()
        },
        due: t.date(&a.due_on),
        raised: t.date(&a.raised_at.date()),
        overdue: a.due_on < today && g.first.kind != NotificationKind::Handoff,
        unread: g.unread,
        more,
        ids: g
            .alert_ids
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn at_offset(p: &InboxParams, offset: i64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("kind", &p.kind),
        ("region", &p.region),
        ("from", &p.from),
        ("to", &p.to),
    ] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", crate::url::query_value(v)));
        }
    }
    if p.unread == Some(true) {
        parts.push("unread=true".to_owned());
    }
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    format!("/notifikasi?{}", parts.join("&"))
}

pub async fn inbox(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(params): Query<InboxParams>,
    Query(position): Query<Offset>,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let filter = params.filter().or_page(&uri)?;
    let offset = position.offset.max(0);
    let inbox = state
        .app
        .notifications
        .inbox(&caller.ctx, &filter, Page::new(Some(PAGE_SIZE), Some(offset)))
        .await
        .or_page(&uri)?;
    let groups = group(inbox.entries.items);
    let s = opportunity_summary(&groups);
    let summary =
        (s.offers > 0).then(|| t.fmt("inbox.opportunities", &[("offers", &s.offers), ("regions", &s.regions)]));
    let kinds = NotificationKind::ALL
        .iter()
        .map(|k| KindOption {
            code: k.as_str(),
            label: if t.is_id() { k.label_id() } else { k.label_en() },
            selected: filter.kind == Some(*k),
        })
        .collect();
    let today = caller.ctx.today;
    Ok(render(&InboxPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("inbox.title")).in_section("inbox", super::here(&uri)),
        rows: groups.into_iter().map(|g| row(&t, &state, g, today)).collect(),
        kinds,
        unread: inbox.unread,
        unread_label: t.fmt("inbox.unread", &[("count", &inbox.unread)]),
        back: uri
            .path_and_query()
            .map_or_else(|| "/notifikasi".to_owned(), ToString::to_string),
        summary,
        pager: pager_of(&t, "inbox.count", inbox.entries.total, offset, PAGE_SIZE, |o| {
            at_offset(&params, o)
        }),
        region: params.region.clone().unwrap_or_default(),
        from: params.from.clone().unwrap_or_default(),
        to: params.to.clone().unwrap_or_default(),
        unread_only: filter.unread_only,
        deliveries: jalin_domain::authz::scope(caller.ctx.actor.role(), jalin_domain::authz::Action::UserManage)
            .is_some(),
    }))
}

/// `ids`: the alerts to mark read (comma-separated); empty marks every notification read.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkReadForm {
    pub ids: String,
    /// Where to return (the inbox with its filters).
    pub back: String,
}

/// Marks notifications read, then returns to the inbox.
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<MarkReadForm>,
) -> PageResult {
    let ids: Vec<uuid::Uuid> = form
        .ids
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::invalid("ids", "invalid_id", "notification ids"))
        .or_page(&uri)?;
    let which = (!ids.is_empty()).then_some(ids.as_slice());
    state
        .app
        .notifications
        .mark_read(&caller.ctx, which)
        .await
        .or_page(&uri)?;
    // Only a path inside the inbox: never an open redirect.
    let back = if form.back.starts_with("/notifikasi") && !form.back.contains("//") {
        form.back
    } else {
        "/notifikasi".to_owned()
    };
    Ok(Redirect::to(&back).into_response())
}
