//! The directory of agreements (`/kerja-sama`): full-text query, facets with counts,
//! sorting and pages.

use super::views::{AgreementRow, Pager, agreement_row, country_name, pager, query_string};
use super::{Layout, page_error, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use jalin_app::ports::store::Page;
use jalin_app::registry::AgreementQuery;
use jalin_app::registry::RegistryCounts;
use jalin_app::registry::{FacetKey, FacetKind};
use serde::Deserialize;

/// The directory's own key beside the agreement filters in its query string.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct PageOffset {
    pub offset: Option<i64>,
}

/// The filters as query-string pairs, in the order of the directory's links.
fn pairs(query: &AgreementQuery) -> Vec<(&'static str, String)> {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        ("q", v(&query.q)),
        ("form", v(&query.form)),
        ("status", v(&query.status)),
        ("year", v(&query.year)),
        ("province", v(&query.province)),
        ("region", v(&query.region)),
        ("country", v(&query.country)),
        ("field", v(&query.field)),
        ("sdg", v(&query.sdg)),
        ("sort", v(&query.sort)),
        ("partner", v(&query.partner)),
    ]
}

fn href(pairs: &[(&str, String)]) -> String {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    format!("/kerja-sama{}", query_string(&refs))
}

/// The directory with one filter changed (and the page reset).
fn with(query: &AgreementQuery, name: &str, value: &str) -> String {
    let pairs: Vec<(&str, String)> = pairs(query)
        .into_iter()
        .map(|(k, v)| if k == name { (k, value.to_owned()) } else { (k, v) })
        .collect();
    href(&pairs)
}

fn at_offset(query: &AgreementQuery, offset: i64) -> String {
    let mut pairs = pairs(query);
    if offset > 0 {
        pairs.push(("offset", offset.to_string()));
    }
    href(&pairs)
}

/// One facet of the directory: a select with counts.
pub struct FacetView {
    pub name: String,
    pub label: String,
    pub options: Vec<FacetOption>,
    /// The value currently chosen and the link that removes it.
    pub chosen: Option<(String, String)>,
}

pub struct FacetOption {
    pub value: String,
    pub label: String,
    pub count: u64,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "directory.html")]
pub struct DirectoryPage {
    pub t: Tr,
    pub layout: Layout,
    pub q: String,
    pub sort: String,
    pub facets: Vec<FacetView>,
    pub any_chosen: bool,
    pub rows: Vec<AgreementRow>,
    pub pager: Pager,
    pub error: Option<String>,
    /// Whether the reader may register agreements one by one, or import a file of them.
    pub can_register: bool,
    pub can_import: bool,
}

const PAGE_SIZE: i64 = 20;

pub(super) fn facet_label(t: &Tr, state: &AppState, key: &FacetKey) -> (String, String) {
    let reference = state.app.reference.snapshot();
    match key {
        FacetKey::Form(f) => (f.as_str().to_owned(), t.code("form_short", f.as_str())),
        FacetKey::Status(s) => (s.as_str().to_owned(), t.code("status", s.as_str())),
        FacetKey::Year(y) => (y.to_string(), y.to_string()),
        FacetKey::Region(r) | FacetKey::Province(r) => (
            r.to_string(),
            reference
                .regions
                .get(r)
                .map(|x| x.name.clone())
                .unwrap_or_else(|| r.to_string()),
        ),
        FacetKey::Country(c) => (c.to_string(), country_name(t, &reference, c)),
        FacetKey::Field(f) => (f.to_string(), super::views::field_name(t, &reference, f)),
        FacetKey::SdgGoal(g) => (
            g.to_string(),
            reference
                .sdg_goals
                .iter()
                .find(|x| x.goal == i32::from(*g))
                .map(|x| format!("{g}. {}", if t.is_id() { &x.short_name_id } else { &x.short_name_en }))
                .unwrap_or_else(|| g.to_string()),
        ),
        other => (format!("{other:?}"), format!("{other:?}")),
    }
}

fn facets(t: &Tr, state: &AppState, counts: &RegistryCounts, query: &AgreementQuery) -> Vec<FacetView> {
    let spec: [(&str, FacetKind, &Option<String>); 8] = [
        ("form", FacetKind::Form, &query.form),
        ("status", FacetKind::Status, &query.status),
        ("province", FacetKind::Province, &query.province),
        ("region", FacetKind::Region, &query.region),
        ("country", FacetKind::Country, &query.country),
        ("field", FacetKind::Field, &query.field),
        ("sdg", FacetKind::SdgGoal, &query.sdg),
        ("year", FacetKind::Year, &query.year),
    ];
    spec.iter()
        .map(|(name, kind, current)| {
            let current = current.as_deref().unwrap_or_default();
            let mut options: Vec<FacetOption> = counts
                .of(*kind)
                .iter()
                .filter(|c| !matches!(&c.key, FacetKey::Country(c) if c.is_indonesia()))
                .map(|c| {
                    let (value, label) = facet_label(t, state, &c.key);
                    FacetOption {
                        selected: value == current,
                        value,
                        label,
                        count: c.count,
                    }
                })
                .collect();
            match kind {
                FacetKind::Year => options.sort_by(|a, b| b.value.cmp(&a.value)),
                FacetKind::SdgGoal => options.sort_by_key(|o| o.value.parse::<u32>().unwrap_or(99)),
                FacetKind::Form | FacetKind::Status => {}
                _ => options.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label))),
            }
            options.truncate(200);
            let chosen = (!current.is_empty()).then(|| {
                let label = options
                    .iter()
                    .find(|o| o.selected)
                    .map(|o| o.label.clone())
                    .unwrap_or_else(|| current.to_owned());
                (label, with(query, name, ""))
            });
            FacetView {
                name: (*name).to_owned(),
                label: t.t(&format!("facet.{name}")).to_owned(),
                options,
                chosen,
            }
        })
        .collect()
}

pub async fn directory(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(query): Query<AgreementQuery>,
    Query(position): Query<PageOffset>,
) -> Response {
    let t = Tr::new(caller.lang);
    let offset = position.offset.unwrap_or(0).max(0);
    let page = Page::new(Some(PAGE_SIZE), Some(offset));
    let layout = Layout::for_caller(&state, &caller, t.t("directory.title")).in_section("registry", super::here(&uri));
    let reference = state.app.reference.snapshot();
    let may = |a| jalin_domain::authz::scope(caller.ctx.actor.role(), a).is_some();
    let (can_register, can_import) = (
        may(jalin_domain::authz::Action::RegistryWrite),
        may(jalin_domain::authz::Action::RegistryImport),
    );
    match state.app.registry.directory(&caller.ctx, &query, page).await {
        Ok((listing, counts)) => {
            let facets = facets(&t, &state, &counts, &query);
            render(&DirectoryPage {
                t,
                layout,
                q: query.q.clone().unwrap_or_default(),
                sort: query.sort.clone().unwrap_or_default(),
                any_chosen: facets.iter().any(|f| f.chosen.is_some()),
                facets,
                rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
                pager: pager(&t, listing.total, offset, PAGE_SIZE, |o| at_offset(&query, o)),
                error: None,
                can_register,
                can_import,
            })
        }
        Err(jalin_app::AppError::Invalid(errors)) => {
            let message = super::field_errors_text(&errors);
            let mut r = render(&DirectoryPage {
                t,
                layout,
                q: query.q.clone().unwrap_or_default(),
                sort: String::new(),
                facets: Vec::new(),
                any_chosen: false,
                rows: Vec::new(),
                pager: Pager::default(),
                error: Some(message),
                can_register,
                can_import,
            });
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}
