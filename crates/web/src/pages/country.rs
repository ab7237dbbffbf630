//! A country's page: diplomatic relations, agreements with its places and the Indonesian
//! regions involved.

use super::views::{AgreementRow, LinkView, agreement_row, distinct_parties};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use jalin_app::AppResult;
use jalin_app::ports::store::{Listing, Page};
use jalin_app::registry::{AgreementQuery, AgreementView};
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

pub async fn country(State(state): State<AppState>, caller: Caller, uri: Uri, Path(iso2): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let country = state.app.reference.get_country(&iso2).await.or_page(&uri)?;
    let reference = state.app.reference.snapshot();
    let query = AgreementQuery {
        country: Some(country.iso2.to_string()),
        ..AgreementQuery::default()
    };
    let listing = place_agreements(&state, &caller, &query).await.or_page(&uri)?;
    // The Indonesian regions among the parties.
    let regions = distinct_parties(&listing.items, |p| p.region_code.is_some())
        .into_iter()
        .filter_map(|p| {
            p.region_code.as_ref().map(|r| LinkView {
                href: format!("/daerah/{r}"),
                text: p.name.clone(),
            })
        })
        .collect();
    let (name, other_name) = if t.is_id() {
        (country.name_id.clone(), country.name_en.clone())
    } else {
        (country.name_en.clone(), country.name_id.clone())
    };
    Ok(render(&CountryPage {
        t,
        layout: Layout::for_caller(&state, &caller, &name).in_section("registry", super::here(&uri)),
        name,
        other_name,
        iso2: country.iso2.to_string(),
        relations: relations_label(&t, country.diplomatic_relations),
        relations_ok: matches!(
            country.diplomatic_relations,
            DiplomaticRelations::Yes | DiplomaticRelations::Itself
        ),
        relations_note: country.relations_note.clone(),
        capital: country.capital.clone(),
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        regions,
        all_href: format!("/kerja-sama?country={}", country.iso2),
    }))
}

/// How many agreements a place's page lists.
const PLACE_PAGE_AGREEMENTS: i64 = 50;

/// The first agreements of a place's page (a country's, a region's).
pub(super) async fn place_agreements(
    state: &AppState,
    caller: &Caller,
    query: &AgreementQuery,
) -> AppResult<Listing<AgreementView>> {
    state
        .app
        .registry
        .list_agreement_views(&caller.ctx, query, Page::new(Some(PLACE_PAGE_AGREEMENTS), None))
        .await
}

fn relations_label(t: &Tr, relations: DiplomaticRelations) -> String {
    t.code(
        "relations",
        match relations {
            DiplomaticRelations::Yes => "yes",
            DiplomaticRelations::No => "no",
            DiplomaticRelations::Unknown => "unknown",
            DiplomaticRelations::NotApplicable => "not_applicable",
            DiplomaticRelations::Itself => "self",
        },
    )
}
