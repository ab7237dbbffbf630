//! Taking a step with its documents (a multipart form with files), and downloading a
//! document of a case.

use super::show::refused;
use crate::AppState;
use crate::auth::Caller;
use crate::pages::form::{all, first, some};
use crate::pages::{OrPage, PageError, PageResult};
use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::{Multipart, Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect};
use jalin_app::cases::{DocumentInput, TransitionInput};
use jalin_app::{AppError, AppResult};
use jalin_domain::eligibility::Declarations;
use std::collections::{BTreeMap, BTreeSet};

/// Takes a step from the case page: the files of its documents are uploaded first, then
/// the step is taken with them (all-or-nothing for the case; an unused upload is harmless).
pub async fn take_step(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let form = match StepForm::read(&mut multipart).await {
        Ok(form) => form,
        Err(Unreadable::Field(e)) => return refused(&state, &caller, &uri, &id, e).await,
        Err(Unreadable::Form(e)) => return Err(PageError::new(uri.path(), e)),
    };
    let documents = match upload_documents(&state, &caller, &id, &form).await {
        Ok(documents) => documents,
        Err(e) => return refused(&state, &caller, &uri, &id, e).await,
    };
    let declarations = declared_clauses(&state, &caller, &id, &form.text).await.or_page(&uri)?;
    let input = TransitionInput {
        transition: first(&form.text, "transition"),
        documents,
        data: form.data(),
        note: some(first(&form.text, "note")),
        expected_version: first(&form.text, "expected_version").parse().ok(),
        declarations,
    };
    match state.app.cases.transition_case(&caller.ctx, &id, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/kasus/{id}")).into_response()),
        Err(e) => refused(&state, &caller, &uri, &id, e).await,
    }
}

/// The step form as posted: its text fields in order, and the files by document kind
/// (`file.{kind}`) with their names.
struct StepForm {
    text: Vec<(String, String)>,
    files: BTreeMap<String, (String, Bytes)>,
}

/// Why the step form could not be read.
enum Unreadable {
    /// A field: shown on the case page, as a refusal.
    Field(AppError),
    /// The form itself: the error page.
    Form(AppError),
}

impl StepForm {
    async fn read(multipart: &mut Multipart) -> Result<Self, Unreadable> {
        let mut form = Self {
            text: Vec::new(),
            files: BTreeMap::new(),
        };
        let bad_field = |e: MultipartError| Unreadable::Field(AppError::BadFile(e.to_string()));
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return Ok(form),
                Err(e) => {
                    return Err(Unreadable::Form(AppError::BadFile(format!(
                        "the form could not be read: {e}"
                    ))));
                }
            };
            let name = field.name().unwrap_or_default().to_owned();
            if let Some(kind) = name.strip_prefix("file.") {
                let filename = field.file_name().unwrap_or_default().to_owned();
                let bytes = field.bytes().await.map_err(bad_field)?;
                if !bytes.is_empty() {
                    form.files.insert(kind.to_owned(), (filename, bytes));
                }
            } else {
                let value = field.text().await.map_err(bad_field)?;
                form.text.push((name, value));
            }
        }
    }

    /// The document kinds the form says something about (`doc.{kind}.…` or a file).
    fn document_kinds(&self) -> BTreeSet<String> {
        self.text
            .iter()
            .filter_map(|(k, _)| {
                k.strip_prefix("doc.")
                    .and_then(|r| r.split_once('.'))
                    .map(|(kind, _)| kind.to_owned())
            })
            .chain(self.files.keys().cloned())
            .collect()
    }

    /// The step's data fields (`data.{key}`) that were filled in.
    fn data(&self) -> BTreeMap<String, String> {
        self.text
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("data.").map(|k| (k.to_owned(), v.trim().to_owned())))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }
}

/// The documents of the step, their files uploaded; a kind with neither a file nor a
/// number is left out.
async fn upload_documents(
    state: &AppState,
    caller: &Caller,
    id: &str,
    form: &StepForm,
) -> AppResult<Vec<DocumentInput>> {
    let mut documents = Vec::new();
    for kind in form.document_kinds() {
        let number = first(&form.text, &format!("doc.{kind}.number"));
        let issued_on = first(&form.text, &format!("doc.{kind}.issued_on"));
        let mut input = DocumentInput {
            kind: kind.clone(),
            number: some(number),
            issued_on: some(issued_on),
            ..DocumentInput::default()
        };
        if let Some((filename, bytes)) = form.files.get(&kind) {
            let f = state.app.cases.upload_file(&caller.ctx, id, bytes, filename).await?;
            input.file = Some(f.sha256);
            input.filename = Some(f.filename);
        }
        if input.file.is_some() || input.number.is_some() {
            documents.push(input);
        }
    }
    Ok(documents)
}

/// The case's declarations with the draft clauses ticked on the form, when any were.
async fn declared_clauses(
    state: &AppState,
    caller: &Caller,
    id: &str,
    text: &[(String, String)],
) -> AppResult<Option<Declarations>> {
    let clauses = all(text, "clause");
    if clauses.is_empty() {
        return Ok(None);
    }
    let v = state.app.cases.get_case(&caller.ctx, id).await?;
    Ok(Some(Declarations {
        draft_clauses: clauses,
        ..v.case.declarations
    }))
}

pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path((id, doc)): Path<(String, String)>,
) -> PageResult {
    let (file, bytes) = state
        .app
        .cases
        .document_content(&caller.ctx, &id, &doc)
        .await
        .or_page(&uri)?;
    Ok(crate::api::cases::file_response(&file, bytes))
}
