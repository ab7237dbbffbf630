//! Importing existing agreements from a CSV or XLSX file (`/kerja-sama/impor`): the upload
//! is checked as a dry run and every row error listed; a clean file is kept (staged) and
//! imported only when its uploader confirms it, in the same session (ADR 0013).

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::{Layout, OrPage, PageError, PageResult, render, render_with_status};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::error::RowError;
use jalin_app::registry::{CSV_COLUMNS, ExchangeFormat, ImportReport, StagedImport};
use jalin_domain::authz::{Action, Scope};

/// A previewed file waiting for confirmation: the ticket's fields for the hidden inputs.
pub struct Preview {
    pub filename: String,
    pub rows: usize,
    pub new_partners: usize,
    pub sha256: String,
    pub format: String,
    pub issued: i64,
    pub tag: String,
}

#[derive(Template)]
#[template(path = "record_import.html")]
pub struct ImportPage {
    pub t: Tr,
    pub layout: Layout,
    /// What limits the rows the reader may import (empty when nothing does).
    pub scope_hint: String,
    /// After a confirmed import: the notice and where to see the agreements.
    pub done: Option<String>,
    pub registry_link: String,
    pub file_error: Option<String>,
    pub errors: Vec<RowError>,
    pub preview: Option<Preview>,
}

fn import_page(state: &AppState, caller: &Caller, uri: &Uri) -> ImportPage {
    let t = Tr::new(caller.lang);
    let scope = jalin_domain::authz::scope(caller.ctx.actor.role(), Action::RegistryImport);
    let region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let (scope_hint, registry_link) = match (scope, region) {
        (Some(Scope::OwnRegion), Some(r)) => (t.t("import.scope_region"), format!("/kerja-sama?region={r}")),
        (Some(Scope::OwnProvince), Some(p)) => (t.t("import.scope_province"), format!("/kerja-sama?province={p}")),
        _ => ("", "/kerja-sama".to_owned()),
    };
    ImportPage {
        layout: Layout::for_caller(state, caller, t.t("import.title")).in_section("registry", crate::pages::here(uri)),
        scope_hint: scope_hint.to_owned(),
        done: None,
        registry_link,
        file_error: None,
        errors: Vec::new(),
        preview: None,
        t,
    }
}

/// `?hasil=N&mitra=M`: the counts of the import just confirmed (post/redirect/get).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    pub hasil: Option<usize>,
    pub mitra: Option<usize>,
}

pub async fn import_form(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(q): Query<DoneQuery>,
) -> Response {
    let mut page = import_page(&state, &caller, &uri);
    if let Some(n) = q.hasil {
        let p = q.mitra.unwrap_or(0);
        page.done = Some(page.t.fmt("import.done", &[("n", &n), ("p", &p)]));
    }
    render(&page)
}

/// The CSV template: the header row with every column, UTF-8.
pub async fn import_template() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"jalin-impor-kerja-sama.csv\"",
            ),
        ],
        format!("{}\r\n", CSV_COLUMNS.join(",")),
    )
        .into_response()
}

/// The uploaded file: its name and bytes.
async fn read_upload(multipart: &mut Multipart) -> Result<(String, Vec<u8>), AppError> {
    let unreadable =
        |e: axum::extract::multipart::MultipartError| AppError::BadFile(format!("the form could not be read: {e}"));
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_owned();
            let bytes = field.bytes().await.map_err(unreadable)?;
            if !bytes.is_empty() {
                return Ok((name, bytes.to_vec()));
            }
        }
    }
    Err(AppError::BadFile("choose a .csv or .xlsx file".to_owned()))
}

/// CSV or XLSX, from the name, or from the content when the name says neither.
fn format_of(name: &str, bytes: &[u8]) -> Result<ExchangeFormat, AppError> {
    match ExchangeFormat::from_path(name) {
        Some(f @ (ExchangeFormat::Csv | ExchangeFormat::Xlsx)) => Ok(f),
        Some(ExchangeFormat::Json) => Err(AppError::BadFile("choose a .csv or .xlsx file".to_owned())),
        None if bytes.starts_with(b"PK\x03\x04") => Ok(ExchangeFormat::Xlsx),
        None => Ok(ExchangeFormat::Csv),
    }
}

/// The page again with why the file was refused (422), or the error page.
fn refused(mut page: ImportPage, uri: &Uri, e: AppError) -> PageResult {
    match e {
        AppError::ImportRejected(rows) => page.errors = rows,
        AppError::BadFile(m) => page.file_error = Some(m),
        other => return Err(PageError::new(uri.path(), other)),
    }
    Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// Checks the upload as a dry run and shows its row errors or the confirmation.
pub async fn preview_import(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    mut multipart: Multipart,
) -> PageResult {
    let mut page = import_page(&state, &caller, &uri);
    let (filename, bytes) = match read_upload(&mut multipart).await {
        Ok(upload) => upload,
        Err(e) => return refused(page, &uri, e),
    };
    let format = match format_of(&filename, &bytes) {
        Ok(f) => f,
        Err(e) => return refused(page, &uri, e),
    };
    let secret = caller.session.as_deref().unwrap_or_default();
    match state
        .app
        .registry
        .stage_import(&caller.ctx, &bytes, format, secret)
        .await
    {
        Ok((report, ticket)) => {
            page.preview = Some(preview(filename, &report, ticket));
            Ok(render(&page))
        }
        Err(e) => refused(page, &uri, e),
    }
}

fn preview(filename: String, report: &ImportReport, ticket: StagedImport) -> Preview {
    Preview {
        filename,
        rows: report.rows,
        new_partners: report.new_partners,
        sha256: ticket.sha256,
        format: ticket.format.as_str().to_owned(),
        issued: ticket.issued,
        tag: ticket.tag,
    }
}

/// The confirm form: the ticket of the previewed file.
#[derive(Debug, serde::Deserialize)]
pub struct ConfirmForm {
    pub sha256: String,
    pub format: String,
    pub issued: i64,
    pub tag: String,
}

/// Imports the previewed file (all or nothing) and shows the result.
pub async fn confirm_import(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Form(form): Form<ConfirmForm>,
) -> PageResult {
    let format = ExchangeFormat::parse(&form.format)
        .ok_or_else(|| AppError::BadFile(format!("unknown format '{}'", form.format)))
        .or_page(&uri)?;
    let ticket = StagedImport {
        sha256: form.sha256,
        format,
        issued: form.issued,
        tag: form.tag,
    };
    let secret = caller.session.as_deref().unwrap_or_default();
    match state.app.registry.import_staged(&caller.ctx, &ticket, secret).await {
        Ok(report) => Ok(Redirect::to(&format!(
            "/kerja-sama/impor?hasil={}&mitra={}",
            report.inserted, report.new_partners
        ))
        .into_response()),
        // The registry changed since the preview (an id now taken, say): listed as before.
        Err(e) => refused(import_page(&state, &caller, &uri), &uri, e),
    }
}
