//! The search page (`/cari`): agreements, partners, cases and documents from the search
//! index, with facets.

use super::directory::{FacetOption, FacetView, facet_label};
use super::views::{Pager, pager, query_string};
use super::{Layout, page_error, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::Uri;
use axum::response::Response;
use jalin_app::ports::search::FacetCounts;
use jalin_app::registry::FacetKey;
use jalin_app::search::SearchQuery;

const PAGE_SIZE: usize = 20;

/// The search page at `offset` with the same filters.
fn href(query: &SearchQuery, offset: usize) -> String {
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let items = [
        ("q", v(&query.q)),
        ("kind", v(&query.kind)),
        ("form", v(&query.form)),
        ("status", v(&query.status)),
        ("year", v(&query.year)),
        ("province", v(&query.province)),
        ("country", v(&query.country)),
        ("sdg", v(&query.sdg)),
        ("region", v(&query.region)),
        ("field", v(&query.field)),
        ("offset", if offset > 0 { offset.to_string() } else { String::new() }),
    ];
    let refs: Vec<(&str, &str)> = items.iter().map(|(k, v)| (*k, v.as_str())).collect();
    format!("/cari{}", query_string(&refs))
}

pub struct HitView {
    pub href: String,
    pub title: String,
    pub kind: String,
    /// The snippet as HTML, from [`super::views::snippet_html`].
    pub snippet_html: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub t: Tr,
    pub layout: Layout,
    pub q: String,
    pub kind: String,
    pub kinds: Vec<(String, String)>,
    pub facets: Vec<FacetView>,
    pub hits: Vec<HitView>,
    pub pager: Pager,
    pub error: Option<String>,
    pub searched: bool,
}

pub async fn search_page(
    State(state): State<AppState>,
    caller: Caller,
    uri: Uri,
    Query(mut query): Query<SearchQuery>,
) -> Response {
    let t = Tr::new(caller.lang);
    let offset = query.offset.unwrap_or(0);
    query.limit = Some(PAGE_SIZE);
    query.offset = Some(offset);
    let layout = Layout::for_caller(&state, &caller, t.t("search.title")).in_section("search", super::here(&uri));
    let kinds = ["agreement", "partner", "case", "document"]
        .iter()
        .map(|k| ((*k).to_owned(), t.code("search_kind", k)))
        .collect();
    let searched = query.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    match state.app.search.search(&caller.ctx, &query).await {
        Ok(results) => {
            let facets = facet_views(&t, &state, &query, &results.facets);
            render(&SearchPage {
                t,
                layout,
                q: query.q.clone().unwrap_or_default(),
                kind: query.kind.clone().unwrap_or_default(),
                kinds,
                facets,
                hits: results
                    .hits
                    .into_iter()
                    .map(|h| HitView {
                        kind: t.code("search_kind", h.kind.as_str()),
                        href: h.href,
                        title: h.title,
                        snippet_html: super::views::snippet_html(&h.snippet),
                    })
                    .collect(),
                pager: pager(&t, results.total as i64, offset as i64, PAGE_SIZE as i64, |o| {
                    href(&query, o as usize)
                }),
                error: None,
                searched,
            })
        }
        Err(jalin_app::AppError::Invalid(errors)) => {
            let message = super::field_errors_text(&errors);
            let mut r = render(&SearchPage {
                t,
                layout,
                q: query.q.clone().unwrap_or_default(),
                kind: String::new(),
                kinds,
                facets: Vec::new(),
                hits: Vec::new(),
                pager: Pager::default(),
                error: Some(message),
                searched,
            });
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}

/// The facets of a search, with the current choice of each marked and values labelled in
/// the reader's language (years newest first).
fn facet_views(t: &Tr, state: &AppState, query: &SearchQuery, facets: &[FacetCounts]) -> Vec<FacetView> {
    let t = *t;
    let current = |name: &str| match name {
        "form" => query.form.clone(),
        "status" => query.status.clone(),
        "year" => query.year.clone(),
        "province" => query.province.clone(),
        "country" => query.country.clone(),
        "sdg" => query.sdg.clone(),
        _ => None,
    };
    facets
        .iter()
        .filter(|f| {
            matches!(
                f.facet.as_str(),
                "form" | "status" | "year" | "province" | "country" | "sdg"
            )
        })
        .map(|f| {
            let chosen = current(&f.facet).unwrap_or_default();
            let mut options: Vec<FacetOption> = f
                .values
                .iter()
                .map(|(value, count)| {
                    let key = match f.facet.as_str() {
                        "form" => value.parse().ok().map(FacetKey::Form),
                        "status" => value.parse().ok().map(FacetKey::Status),
                        "province" => value.parse().ok().map(FacetKey::Province),
                        "country" => value.parse().ok().map(FacetKey::Country),
                        "sdg" => value.parse().ok().map(FacetKey::SdgGoal),
                        _ => None,
                    };
                    let label = key
                        .map(|k| facet_label(&t, state, &k).1)
                        .unwrap_or_else(|| value.clone());
                    FacetOption {
                        selected: *value == chosen,
                        value: value.clone(),
                        label,
                        count: *count,
                    }
                })
                .collect();
            if f.facet == "year" {
                options.sort_by(|a, b| b.value.cmp(&a.value));
            }
            FacetView {
                name: f.facet.clone(),
                label: t.t(&format!("facet.{}", f.facet)).to_owned(),
                options,
                chosen: None,
            }
        })
        .collect()
}
