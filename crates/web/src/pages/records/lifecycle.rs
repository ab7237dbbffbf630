//! The end of an agreement's life recorded from its edit page (termination, extension),
//! its change history from the audit trail, and the download of its documents.

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
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TerminateForm {
    pub terminated_on: String,
    pub termination_reason: String,
    pub version: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExtendForm {
    pub expires_on: String,
    pub version: String,
}

fn filled(v: &str) -> Option<String> {
    crate::pages::form::filled(v)
}

/// A refused lifecycle action: the errors as a page (the edit form is one click away).
fn refused(uri: &Uri, e: AppError) -> PageError {
    PageError::new(uri.path(), e)
}

pub async fn terminate(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(f): Form<TerminateForm>,
) -> PageResult {
    state
        .app
        .registry
        .terminate_agreement(
            &caller.ctx,
            &id,
            filled(&f.terminated_on),
            filled(&f.termination_reason),
            f.version.parse().ok(),
        )
        .await
        .map_err(|e| refused(&uri, e))?;
    Ok(Redirect::to(&format!("/kerja-sama/{id}")).into_response())
}

pub async fn extend(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    Form(f): Form<ExtendForm>,
) -> PageResult {
    state
        .app
        .registry
        .extend_agreement(&caller.ctx, &id, filled(&f.expires_on), f.version.parse().ok())
        .await
        .map_err(|e| refused(&uri, e))?;
    Ok(Redirect::to(&format!("/kerja-sama/{id}")).into_response())
}

/// One change of the history: who, when, and each field before → after.
pub struct ChangeView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "record_history.html")]
pub struct HistoryPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub title: String,
    pub changes: Vec<ChangeView>,
}

fn shown(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub async fn history(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let (a, events) = state
        .app
        .registry
        .agreement_history(&caller.ctx, &id, Page::new(Some(200), None))
        .await
        .or_page(&uri)?;
    let changes = events
        .items
        .iter()
        .map(|e| {
            let before = e.before.as_ref().and_then(|b| b.as_object());
            let after = e.after.as_ref().and_then(|a| a.as_object());
            let mut keys: Vec<&String> = before.into_iter().chain(after).flat_map(|m| m.keys()).collect();
            keys.sort();
            keys.dedup();
            ChangeView {
                at: t.datetime(&e.at, 7),
                actor: e.actor.clone(),
                action: t.code("audit_action", &e.action),
                changes: keys
                    .into_iter()
                    .map(|k| {
                        (
                            t.code("history_field", k),
                            if before.is_some() {
                                shown(before.and_then(|m| m.get(k)))
                            } else {
                                String::new()
                            },
                            shown(after.and_then(|m| m.get(k))),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let title = t.pick(&a.title_id, a.title_en.as_deref()).to_owned();
    Ok(render(&HistoryPage {
        layout: Layout::for_caller(&state, &caller, t.t("record.history_title"))
            .in_section("registry", crate::pages::here(&uri)),
        t,
        id,
        title,
        changes,
    }))
}

pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, doc)): Path<(String, String)>,
) -> PageResult {
    let (d, bytes) = state
        .app
        .registry
        .agreement_document(&caller.ctx, &id, &doc)
        .await
        .or_page(&uri)?;
    let file = jalin_domain::case::DocumentFile {
        sha256: d.sha256,
        size: d.size,
        content_type: d.content_type,
        filename: d.filename,
    };
    Ok(crate::api::cases::file_response(&file, bytes))
}
