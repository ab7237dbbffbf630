//! A country's page: diplomatic relations, agreements with its places and the Indonesian
//! regions involved.

use super::views::{AgreementRow, LinkView, agreement_row};
use super::{Layout, page_error, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use jalin_app::ports::store::Page;
use jalin_app::registry::AgreementQuery;
use jalin_domain::reference::DiplomaticRelations;

#[derive(Template)]
#[template(path = "country.html")]
pub struct CountryPage {
    pub t: Tr,
    pub layout: Layout,
    pub name: String,
    pub other_name: String,
    pub iso2: String,
    pub relations: String,
    pub relations_ok: bool,
    pub relations_note: Option<String>,
    pub capital: Option<String>,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub regions: Vec<LinkView>,
    pub all_href: String,
}

pub async fn country(State(state): State<AppState>, caller: Caller, uri: Uri, Path(iso2): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let country = match state.app.reference.get_country(&iso2).await {
        Ok(c) => c,
        Err(e) => return page_error(uri.path(), e),
    };
    let reference = state.app.reference.snapshot();
    let query = AgreementQuery {
        country: Some(country.iso2.to_string()),
        ..AgreementQuery::default()
    };
    let listing = match state
        .app
        .registry
        .list_agreement_views(&caller.ctx, &query, Page::new(Some(50), None))
        .await
    {
        Ok(l) => l,
        Err(e) => return page_error(uri.path(), e),
    };
    let mut regions: Vec<LinkView> = Vec::new();
    for v in &listing.items {
        for p in &v.agreement.parties {
            if let Some(r) = &p.region_code
                && !regions.iter().any(|x| x.text == p.name)
            {
                regions.push(LinkView {
                    href: format!("/daerah/{r}"),
                    text: p.name.clone(),
                });
            }
        }
    }
    let relations_ok = matches!(
        country.diplomatic_relations,
        DiplomaticRelations::Yes | DiplomaticRelations::Itself
    );
    let relations = t.code(
        "relations",
        match country.diplomatic_relations {
            DiplomaticRelations::Yes => "yes",
            DiplomaticRelations::No => "no",
            DiplomaticRelations::Unknown => "unknown",
            DiplomaticRelations::NotApplicable => "not_applicable",
            DiplomaticRelations::Itself => "self",
        },
    );
    let (name, other_name) = if t.is_id() {
        (country.name_id.clone(), country.name_en.clone())
    } else {
        (country.name_en.clone(), country.name_id.clone())
    };
    render(&CountryPage {
        t,
        layout: Layout::for_caller(&state, &caller, &name).in_section("registry", super::here(&uri)),
        name,
        other_name,
        iso2: country.iso2.to_string(),
        relations,
        relations_ok,
        relations_note: country.relations_note.clone(),
        capital: country.capital.clone(),
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        regions,
        all_href: format!("/kerja-sama?country={}", country.iso2),
    })
}
