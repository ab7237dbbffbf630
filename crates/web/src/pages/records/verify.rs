//! Kemendagri's queue of registry records to verify (`/verifikasi`): each record with the
//! approvals it lacks, verified or rejected with a reason.

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::{Layout, OrPage, PageError, PageResult, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use axum_extra::extract::Form;
use jalin_app::AppError;
use jalin_app::ports::store::Page;
use jalin_app::registry::VerificationInput;
use jalin_domain::agreement::missing_approvals;
use serde::Deserialize;

pub struct QueueItem {
    pub id: String,
    pub title: String,
    pub parties: String,
    pub signed: String,
    pub lacking: Vec<String>,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "verification.html")]
pub struct QueuePage {
    pub t: Tr,
    pub layout: Layout,
    pub total: i64,
    pub items: Vec<QueueItem>,
    pub error: Option<String>,
}

async fn queue_page(state: &AppState, caller: &Caller, uri: &Uri, error: Option<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let listing = state
        .app
        .registry
        .verification_queue(&caller.ctx, Page::new(Some(100), None))
        .await
        .or_page(uri)?;
    let items = listing
        .items
        .iter()
        .map(|a| QueueItem {
            id: a.id.to_string(),
            title: t.pick(&a.title_id, a.title_en.as_deref()).to_owned(),
            parties: a
                .parties
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(" – "),
            signed: t.opt_date(&a.signed_on),
            lacking: missing_approvals(a)
                .iter()
                .map(|m| t.code("approval", m.as_str()))
                .collect(),
            version: a.version,
        })
        .collect();
    Ok(render(&QueuePage {
        layout: Layout::for_caller(state, caller, t.t("verification.title"))
            .in_section("registry", crate::pages::here(uri)),
        t,
        total: listing.total,
        items,
        error,
    }))
}

pub async fn verification_queue(State(state): State<AppState>, caller: Caller, uri: Uri) -> PageResult {
    queue_page(&state, &caller, &uri, None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decision: String,
    pub reason: String,
    pub version: String,
}

pub async fn verify_record(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let input = VerificationInput {
        decision: crate::pages::form::filled(&f.decision),
        reason: crate::pages::form::filled(&f.reason),
    };
    match state
        .app
        .registry
        .verify_agreement(&caller.ctx, &id, &input, f.version.parse().ok())
        .await
    {
        Ok(_) => Ok(Redirect::to("/verifikasi").into_response()),
        Err(AppError::Invalid(e)) => {
            let t = Tr::new(caller.lang);
            let message = e
                .iter()
                .map(|x| {
                    let key = format!("field_error.{}", x.code);
                    if t.t(&key) != key {
                        t.t(&key).to_owned()
                    } else {
                        x.message.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            queue_page(&state, &caller, &uri, Some(message)).await
        }
        Err(e) => Err(PageError::new(uri.path(), e)),
    }
}
