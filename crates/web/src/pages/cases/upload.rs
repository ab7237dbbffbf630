//! Taking a step with its documents (a multipart form with files), and downloading a
//! document of a case.

use super::show::refused;
use crate::AppState;
use crate::auth::Caller;
use crate::pages::form::{all, first, some};
use crate::pages::page_error;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::cases::{DocumentInput, TransitionInput};
use jalin_domain::eligibility::Declarations;
use std::collections::BTreeMap;

/// Takes a step from the case page: the files of its documents are uploaded first, then
/// the step is taken with them (all-or-nothing for the case; an unused upload is harmless).
pub async fn take_step(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    let mut text: Vec<(String, String)> = Vec::new();
    let mut files: BTreeMap<String, (String, Bytes)> = BTreeMap::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_owned();
                if let Some(kind) = name.strip_prefix("file.") {
                    let filename = field.file_name().unwrap_or_default().to_owned();
                    match field.bytes().await {
                        Ok(b) if !b.is_empty() => {
                            files.insert(kind.to_owned(), (filename, b));
                        }
                        Ok(_) => {}
                        Err(e) => return refused(&state, &caller, &uri, &id, AppError::BadFile(e.to_string())).await,
                    }
                } else {
                    match field.text().await {
                        Ok(v) => text.push((name, v)),
                        Err(e) => return refused(&state, &caller, &uri, &id, AppError::BadFile(e.to_string())).await,
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                return page_error(
                    uri.path(),
                    AppError::BadFile(format!("the form could not be read: {e}")),
                );
            }
        }
    }
    let transition = first(&text, "transition");
    let mut documents = Vec::new();
    let kinds: Vec<String> = text
        .iter()
        .filter_map(|(k, _)| {
            k.strip_prefix("doc.")
                .and_then(|r| r.split_once('.'))
                .map(|(kind, _)| kind.to_owned())
        })
        .chain(files.keys().cloned())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for kind in kinds {
        let number = first(&text, &format!("doc.{kind}.number"));
        let issued_on = first(&text, &format!("doc.{kind}.issued_on"));
        let mut input = DocumentInput {
            kind: kind.clone(),
            number: some(number),
            issued_on: some(issued_on),
            ..DocumentInput::default()
        };
        if let Some((filename, bytes)) = files.get(&kind) {
            match state.app.cases.upload_file(&caller.ctx, &id, bytes, filename).await {
                Ok(f) => {
                    input.file = Some(f.sha256);
                    input.filename = Some(f.filename);
                }
                Err(e) => return refused(&state, &caller, &uri, &id, e).await,
            }
        }
        if input.file.is_some() || input.number.is_some() {
            documents.push(input);
        }
    }
    let data: BTreeMap<String, String> = text
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("data.").map(|k| (k.to_owned(), v.trim().to_owned())))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let clauses = all(&text, "clause");
    let declarations = if clauses.is_empty() {
        None
    } else {
        match state.app.cases.get_case(&caller.ctx, &id).await {
            Ok(v) => Some(Declarations {
                draft_clauses: clauses,
                ..v.case.declarations
            }),
            Err(e) => return page_error(uri.path(), e),
        }
    };
    let input = TransitionInput {
        transition,
        documents,
        data,
        note: some(first(&text, "note")),
        expected_version: first(&text, "expected_version").parse().ok(),
        declarations,
    };
    match state.app.cases.transition_case(&caller.ctx, &id, &input).await {
        Ok(_) => Redirect::to(&format!("/kasus/{id}")).into_response(),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    match state.app.cases.document_content(&caller.ctx, &id, &doc).await {
        Ok((file, bytes)) => crate::api::cases::file_response(&file, bytes),
        Err(e) => page_error(uri.path(), e),
    }
}
