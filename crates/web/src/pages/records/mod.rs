//! Keeping the registry in the web application (issue 12): register an existing agreement
//! (`/kerja-sama/baru`) or import a file of them (`/kerja-sama/impor`), edit it
//! (`/kerja-sama/{id}/ubah`) with its amendments, renewals,
//! extensions and termination, its change history (`/riwayat`), and Kemendagri's queue of
//! records to verify (`/verifikasi`). The rules are the registry's, as on every path.

mod form;
mod import;
mod lifecycle;
mod panel;
mod verify;

pub use import::{confirm_import, import_form, import_template, preview_import};
pub use lifecycle::{download, extend, history, terminate};
pub use panel::{RecordPanel, record_panel};
pub use verify::{verification_queue, verify_record};

use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::views::{Choice, code_choices, country_choices_where, country_name, field_choices};
use crate::pages::{Layout, OrPage, PageError, PageResult, render, render_with_status};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use form::{RecordForm, field_messages};
use jalin_app::AppError;
use jalin_app::ports::store::Page;
use jalin_domain::agreement::{AgreementStatus, DocumentTier, Form as AgreementForm, LegalObject};
use jalin_domain::legal_basis::LEGAL_BASES;
use jalin_domain::partner::PartnerKind;
use jalin_domain::role::Role;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "record_form.html")]
pub struct RecordFormPage {
    pub t: Tr,
    pub layout: Layout,
    /// `None` when registering, the agreement's id when editing.
    pub id: Option<String>,
    pub action: String,
    pub errors: Vec<(String, String)>,
    pub values: BTreeMap<String, String>,
    pub forms: Vec<Choice>,
    pub subtypes: Vec<Choice>,
    pub tiers: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub bases: Vec<Choice>,
    pub objects: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub regions: Vec<Choice>,
    pub partner_kinds: Vec<Choice>,
    pub countries: Vec<Choice>,
    /// The approvals' fields: reference, date, label.
    pub approvals: Vec<(String, String, String)>,
    /// Whether the reader may import a file instead (linked from the new-record form).
    pub can_import: bool,
}

impl RecordFormPage {
    /// A field's value as posted or stored.
    pub fn v(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    /// The error shown next to a field (empty when none).
    pub fn err(&self, name: &str) -> String {
        self.errors
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn record_page(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: Option<String>,
    form: &RecordForm,
    errors: Vec<(String, String)>,
) -> RecordFormPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference.snapshot();
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &form.text {
        values.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let chosen = |name: &str| crate::pages::form::all(&form.text, name);
    let objects = chosen("objects");
    let get = |k: &str| values.get(k).cloned().unwrap_or_default();
    let title = if id.is_some() {
        t.t("record.edit_title")
    } else {
        t.t("record.new_title")
    };
    let user_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let role = caller.ctx.actor.role();
    let region = get("region");
    let regions = reference
        .regions
        .values()
        .filter(|r| r.is_autonomous())
        .filter(|r| match (role, &user_region) {
            (Role::RegionalOfficer | Role::RegionalApprover, Some(own)) => r.code == *own,
            (Role::ProvinceOfficer, Some(p)) => r.code.province() == *p,
            _ => true,
        })
        .map(|r| Choice {
            value: r.code.to_string(),
            label: format!("{} ({})", r.name, r.code),
            selected: r.code.as_str() == region || (region.is_empty() && Some(&r.code) == user_region.as_ref()),
        })
        .collect();
    RecordFormPage {
        layout: Layout::for_caller(state, caller, title).in_section("registry", super::here(uri)),
        action: match &id {
            Some(id) => format!("/kerja-sama/{id}/ubah"),
            None => "/kerja-sama/baru".to_owned(),
        },
        id,
        errors,
        forms: code_choices(&t, "form", AgreementForm::ALL.iter().map(|f| f.as_str()), |f| {
            get("form") == f
        }),
        subtypes: AgreementForm::ALL
            .iter()
            .flat_map(|f| f.subtypes())
            .map(|s| Choice {
                value: s.as_str().to_owned(),
                label: t.code("subtype", s.as_str()),
                selected: get("subtype") == s.as_str(),
            })
            .collect(),
        tiers: code_choices(&t, "tier", DocumentTier::ALL.iter().map(|x| x.as_str()), |x| {
            get("tier") == x
        }),
        statuses: code_choices(&t, "status", AgreementStatus::ALL.iter().map(|x| x.as_str()), |x| {
            get("status") == x || (get("status").is_empty() && x == "in_force")
        }),
        bases: LEGAL_BASES
            .iter()
            .map(|b| Choice {
                value: b.code.to_owned(),
                label: t.either(b.label_id, b.label_en).to_owned(),
                selected: get("legal_basis") == b.code,
            })
            .collect(),
        objects: code_choices(&t, "object", LegalObject::ALL.iter().map(|x| x.as_str()), |x| {
            objects.iter().any(|o| o == x)
        }),
        fields: field_choices(&t, &reference, &chosen("fields")),
        regions,
        partner_kinds: code_choices(
            &t,
            "partner_kind",
            PartnerKind::ALL
                .iter()
                .filter(|k| **k != PartnerKind::IndonesianRegion)
                .map(|x| x.as_str()),
            |x| get("partner_kind") == x,
        ),
        countries: country_choices_where(&t, &reference, Some(get("partner_country").as_str()), |_| true),
        approvals: jalin_domain::agreement::Approval::ALL
            .iter()
            .map(|a| {
                (
                    format!("{}_ref", a.as_str()),
                    format!("{}_on", a.as_str()),
                    t.code("approval", a.as_str()),
                )
            })
            .collect(),
        can_import: jalin_domain::authz::scope(role, jalin_domain::authz::Action::RegistryImport).is_some(),
        values,
        t,
    }
}

/// Links from another record: `?amends={id}` records an amendment, `?renews={id}` a renewal.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewRecordQuery {
    pub amends: String,
    pub renews: String,
}

pub async fn new_record(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(q): Query<NewRecordQuery>,
) -> Response {
    let mut form = RecordForm::default();
    if !q.amends.trim().is_empty() {
        form.text.push(("amends".into(), q.amends.trim().to_owned()));
        form.text
            .push(("tier".into(), DocumentTier::Amendment.as_str().to_owned()));
    }
    if !q.renews.trim().is_empty() {
        form.text.push(("renews".into(), q.renews.trim().to_owned()));
    }
    render(&record_page(&state, &caller, &uri, None, &form, Vec::new()))
}

/// The form shown again with its errors next to the fields (nothing was stored).
fn refused(
    state: &AppState,
    caller: &Caller,
    uri: &Uri,
    id: Option<String>,
    form: &RecordForm,
    e: AppError,
) -> PageResult {
    let t = Tr::new(caller.lang);
    let regions = ["region", "region2"].iter().filter(|f| !form.get(f).is_empty()).count();
    let errors = match e {
        AppError::Invalid(errors) => field_messages(&t, &errors, regions),
        AppError::VersionMismatch { .. } => vec![("version".to_owned(), t.t("record.version_mismatch").to_owned())],
        AppError::BadFile(m) => vec![("signed_text".to_owned(), m)],
        other => return Err(PageError::new(uri.path(), other)),
    };
    let page = record_page(state, caller, uri, id, form, errors);
    Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

/// Checks the signed text before anything is stored, so that a bad file stores nothing.
fn check_file(state: &AppState, form: &RecordForm) -> Result<(), AppError> {
    if let Some((_, bytes)) = &form.file {
        state.app.registry.check_upload(bytes)?;
    }
    Ok(())
}

async fn attach(state: &AppState, caller: &Caller, id: &str, form: &RecordForm) -> Result<(), AppError> {
    if let Some((name, bytes)) = &form.file {
        state
            .app
            .registry
            .attach_document(&caller.ctx, id, jalin_app::registry::records::SIGNED_TEXT, bytes, name)
            .await?;
    }
    Ok(())
}

pub async fn create_record(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    mut multipart: Multipart,
) -> PageResult {
    let form = RecordForm::read(&mut multipart).await.or_page(&uri)?;
    if let Err(e) = check_file(&state, &form) {
        return refused(&state, &caller, &uri, None, &form, e);
    }
    match state.app.registry.create_agreement(&caller.ctx, &form.input()).await {
        Ok(a) => {
            let id = a.id.to_string();
            attach(&state, &caller, &id, &form).await.or_page(&uri)?;
            Ok(Redirect::to(&format!("/kerja-sama/{id}")).into_response())
        }
        Err(e) => refused(&state, &caller, &uri, None, &form, e),
    }
}

pub async fn edit_record(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
) -> PageResult {
    let a = state.app.registry.get_agreement(&caller.ctx, &id).await.or_page(&uri)?;
    if !state.app.registry.can_edit_agreement(&caller.ctx, &a) {
        return Err(PageError::new(
            uri.path(),
            AppError::Forbidden("registry.write of this agreement".into()),
        ));
    }
    let form = RecordForm::of(&a);
    Ok(render(&record_page(&state, &caller, &uri, Some(id), &form, Vec::new())))
}

pub async fn update_record(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> PageResult {
    let form = RecordForm::read(&mut multipart).await.or_page(&uri)?;
    if let Err(e) = check_file(&state, &form) {
        return refused(&state, &caller, &uri, Some(id), &form, e);
    }
    // The whole record as the form shows it: what was cleared is removed (JSON null).
    let mut patch =
        serde_json::to_value(form.input()).map_err(|e| PageError::new(uri.path(), AppError::Internal(e.into())))?;
    if let Some(map) = patch.as_object_mut() {
        for f in form::TEXT_FIELDS {
            map.entry((*f).to_owned()).or_insert(serde_json::Value::Null);
        }
        map.insert("id".into(), serde_json::Value::String(id.clone()));
    }
    let version = form.get("version").parse().ok();
    match state
        .app
        .registry
        .patch_agreement(&caller.ctx, &id, &patch, version)
        .await
    {
        Ok(_) => {
            attach(&state, &caller, &id, &form).await.or_page(&uri)?;
            Ok(Redirect::to(&format!("/kerja-sama/{id}")).into_response())
        }
        Err(e) => refused(&state, &caller, &uri, Some(id), &form, e),
    }
}

/// A place found by the partner search.
pub struct PlaceChoice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "record_places.html")]
pub struct PlacesFragment {
    pub t: Tr,
    pub places: Vec<PlaceChoice>,
    pub searched: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PlaceQuery {
    pub partner_q: String,
    pub partner_country: String,
    pub subtype: String,
}

/// The partner search of the registry form (htmx fragment): foreign cities and
/// subdivisions, as in the new-case wizard.
pub async fn partner_search(State(state): State<AppState>, caller: Caller, Query(q): Query<PlaceQuery>) -> Response {
    let t = Tr::new(caller.lang);
    let searched = q.partner_q.trim().chars().count() >= 2;
    let mut places = Vec::new();
    if searched {
        let reference = state.app.reference.snapshot();
        let kind = match q.subtype.as_str() {
            "sister_city" => Some("city"),
            "sister_province" => Some("subdivision"),
            _ => None,
        };
        let country = Some(q.partner_country.trim()).filter(|c| !c.is_empty());
        let found = state
            .app
            .reference
            .search_places(q.partner_q.trim(), country, kind, Page::new(Some(15), None))
            .await
            .map(|l| l.items)
            .unwrap_or_default();
        for p in found {
            let value = match (&p.geonameid, &p.subdivision_code) {
                (Some(g), _) if p.kind == jalin_domain::reference::PlaceKind::City => format!("city:{g}"),
                (_, Some(s)) => format!("subdivision:{s}"),
                _ => continue,
            };
            let mut label = p.name.clone();
            if let Some(a) = &p.admin1_name {
                label.push_str(&format!(", {a}"));
            }
            label.push_str(&format!(", {}", country_name(&t, &reference, &p.country_iso2)));
            places.push(PlaceChoice { value, label });
        }
    }
    render(&PlacesFragment { t, places, searched })
}
