//! The notification inbox: alerts about the reader's cases, agreements and offers.

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::{Layout, OrPage, PageResult, render};
use askama::Template;
use axum::extract::State;
use axum::http::Uri;

pub struct AlertRow {
    pub due: String,
    pub message: String,
    pub href: Option<String>,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "inbox.html")]
pub struct InboxPage {
    pub t: Tr,
    pub layout: Layout,
    pub alerts: Vec<AlertRow>,
}

pub async fn inbox(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    let t = Tr::new(caller.lang);
    let alerts = state.app.cases.list_alerts(&caller.ctx, 200).await.or_page(&uri)?;
    Ok(render(&InboxPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("inbox.title")).in_section("inbox", super::here(&uri)),
        alerts: alerts
            .into_iter()
            .map(|a| AlertRow {
                overdue: a.due_on < caller.ctx.today,
                due: t.date(&a.due_on),
                message: if t.is_id() { a.message_id } else { a.message_en },
                href: a
                    .case_id
                    .map(|c| format!("/kasus/{c}"))
                    .or_else(|| a.agreement_id.map(|x| format!("/kerja-sama/{x}")))
                    .or_else(|| a.code.strip_prefix("peluang:").map(|x| format!("/peluang/tawaran/{x}"))),
            })
            .collect(),
    }))
}
