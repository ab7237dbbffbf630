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
use jalin_app::registry::FacetKey;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub form: Option<String>,
    pub status: Option<String>,
    pub year: Option<String>,
    pub province: Option<String>,
    pub country: Option<String>,
    pub sdg: Option<String>,
    pub offset: Option<usize>,
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
    Query(p): Query<SearchParams>,
) -> Response {
    let t = Tr::new(caller.lang);
    let offset = p.offset.unwrap_or(0);
    let query = jalin_app::search::SearchQuery {
        q: p.q.clone(),
        kind: p.kind.clone(),
        form: p.form.clone(),
        status: p.status.clone(),
        year: p.year.clone(),
        province: p.province.clone(),
        country: p.country.clone(),
        sdg: p.sdg.clone(),
        limit: Some(20),
        offset: Some(offset),
        ..Default::default()
    };
    let pairs = |offset: usize| -> String {
        let v = |o: &Option<String>| o.clone().unwrap_or_default();
        let off = offset.to_string();
        let items = [
            ("q", v(&p.q)),
            ("kind", v(&p.kind)),
            ("form", v(&p.form)),
            ("status", v(&p.status)),
            ("year", v(&p.year)),
            ("province", v(&p.province)),
            ("country", v(&p.country)),
            ("sdg", v(&p.sdg)),
            ("offset", if offset > 0 { off } else { String::new() }),
        ];
        let refs: Vec<(&str, &str)> = items.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format!("/cari{}", query_string(&refs))
    };
    let layout = Layout::for_caller(&state, &caller, t.t("search.title")).in_section("search", super::here(&uri));
    let kinds = ["agreement", "partner", "case", "document"]
        .iter()
        .map(|k| ((*k).to_owned(), t.code("search_kind", k)))
        .collect();
    let searched = p.q.as_deref().is_some_and(|q| !q.trim().is_empty());
    match state.app.search.search(&caller.ctx, &query).await {
        Ok(results) => {
            let current = |name: &str| match name {
                "form" => p.form.clone(),
                "status" => p.status.clone(),
                "year" => p.year.clone(),
                "province" => p.province.clone(),
                "country" => p.country.clone(),
                "sdg" => p.sdg.clone(),
                _ => None,
            };
            let facets = results
                .facets
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
                                .map(|k| facet_label(&t, &state, &k).1)
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
                .collect();
            render(&SearchPage {
                t,
                layout,
                q: p.q.clone().unwrap_or_default(),
                kind: p.kind.clone().unwrap_or_default(),
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
                pager: pager(&t, results.total as i64, offset as i64, 20, |o| pairs(o as usize)),
                error: None,
                searched,
            })
        }
        Err(jalin_app::AppError::Invalid(errors)) => {
            let message = super::field_errors_text(&errors);
            let mut r = render(&SearchPage {
                t,
                layout,
                q: p.q.clone().unwrap_or_default(),
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
