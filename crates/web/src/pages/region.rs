//! A region's page: its facts, agreements, partners, map, recommended partners and the
//! offers of the opportunity board that fit it.

use super::board::{OfferRow, SuggestionView, offer_match_rows, suggestion_view};
use super::country::place_agreements;
use super::views::{
    AgreementRow, LinkView, PartyView, agreement_row, country_name, distinct_parties, party_view, query_string,
};
use super::{Layout, OrPage, PageResult, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::Uri;
use jalin_app::recommendations::RecommendationQuery;
use jalin_app::reference::ReferenceSnapshot;
use jalin_app::registry::AgreementQuery;
use jalin_domain::codes::RegionCode;
use jalin_domain::reference::{Region, RegionType};
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "region.html")]
pub struct RegionPage {
    pub t: Tr,
    pub layout: Layout,
    pub name: String,
    pub code: String,
    pub type_label: String,
    pub province: Option<LinkView>,
    pub capital: Option<String>,
    pub population: Option<String>,
    pub area: Option<String>,
    pub zone: String,
    pub is_3t: bool,
    pub border: Vec<LinkView>,
    pub outermost_islands: i32,
    pub administrative: bool,
    pub foreign_count: u64,
    pub rows: Vec<AgreementRow>,
    pub total: i64,
    pub partners: Vec<PartyView>,
    pub children: Vec<LinkView>,
    pub map: String,
    pub all_href: String,
    /// The recommender's top partners for this region.
    pub suggestions: Vec<SuggestionView>,
    /// How many places were ranked, as a sentence.
    pub suggestions_hint: String,
    /// Open offers of the opportunity board that fit this region.
    pub offers: Vec<OfferRow>,
}

pub async fn region(State(state): State<AppState>, caller: Caller, uri: Uri, Path(code): Path<String>) -> PageResult {
    let t = Tr::new(caller.lang);
    let region = state.app.reference.get_region(&code).await.or_page(&uri)?;
    let reference = state.app.reference.snapshot();
    let is_province = region.region_type == RegionType::Provinsi;
    let query = AgreementQuery {
        region: (!is_province).then(|| region.code.to_string()),
        province: is_province.then(|| region.code.to_string()),
        ..AgreementQuery::default()
    };
    let listing = place_agreements(&state, &caller, &query).await.or_page(&uri)?;
    let with_foreign = super::charts::foreign_cooperation_counts(&state).await;
    // The other parties: the region's partners.
    let partners = distinct_parties(&listing.items, |p| p.region_code.as_ref() != Some(&region.code))
        .into_iter()
        .map(|p| party_view(&t, &reference, p))
        .collect();
    let (suggestions, suggestions_hint) = partner_suggestions(&state, &caller, &t, &reference, &region).await;
    let offers = fitting_offers(&state, &caller, &t, &reference, &region).await;
    Ok(render(&RegionPage {
        t,
        layout: Layout::for_caller(&state, &caller, &region.name).in_section("registry", super::here(&uri)),
        name: region.name.clone(),
        code: region.code.to_string(),
        type_label: t.code("region_type", region.region_type.as_str()),
        province: (!is_province).then(|| LinkView {
            href: format!("/daerah/{}", region.province_code),
            text: region.province_name.clone(),
        }),
        capital: region.capital.clone(),
        population: region.population.map(|p| t.number(p)),
        area: region.area_km2.map(|a| format!("{} km²", t.number(a.round() as i64))),
        zone: crate::i18n::zone_name(region.utc_offset.unwrap_or(7)).to_owned(),
        is_3t: region.is_daerah_tertinggal,
        border: border_countries(&t, &reference, &region),
        outermost_islands: region.outermost_small_islands,
        administrative: region.is_administrative,
        foreign_count: foreign_count(&region, &with_foreign),
        rows: listing.items.iter().map(|v| agreement_row(&t, &reference, v)).collect(),
        total: listing.total,
        partners,
        children: child_regions(&reference, &region),
        map: super::charts::region_map(&state, &t, &region.code, &with_foreign),
        all_href: format!(
            "/kerja-sama{}",
            query_string(&[(if is_province { "province" } else { "region" }, region.code.as_str())])
        ),
        suggestions,
        suggestions_hint,
        offers,
    }))
}

/// The countries the region has a land border with.
fn border_countries(t: &Tr, reference: &ReferenceSnapshot, region: &Region) -> Vec<LinkView> {
    region
        .land_border_countries
        .iter()
        .map(|c| LinkView {
            href: format!("/negara/{c}"),
            text: country_name(t, reference, c),
        })
        .collect()
}

/// Foreign cooperation in force: the region's own, or a province's regions' together.
fn foreign_count(region: &Region, with_foreign: &BTreeMap<RegionCode, u64>) -> u64 {
    if region.region_type == RegionType::Provinsi {
        with_foreign
            .iter()
            .filter(|(r, _)| r.province() == region.code)
            .map(|(_, n)| n)
            .sum()
    } else {
        with_foreign.get(&region.code).copied().unwrap_or(0)
    }
}

/// A province's kabupaten and kota (none for the others).
fn child_regions(reference: &ReferenceSnapshot, region: &Region) -> Vec<LinkView> {
    if region.region_type != RegionType::Provinsi {
        return Vec::new();
    }
    reference
        .regions
        .values()
        .filter(|r| r.province_code == region.code && r.code != region.code)
        .map(|r| LinkView {
            href: format!("/daerah/{}", r.code),
            text: r.name.clone(),
        })
        .collect()
}

/// The recommender's top partners and how many places it ranked, for an autonomous region.
/// The panel is an addition to the page: a failure is logged, not shown.
async fn partner_suggestions(
    state: &AppState,
    caller: &Caller,
    t: &Tr,
    reference: &ReferenceSnapshot,
    region: &Region,
) -> (Vec<SuggestionView>, String) {
    if region.is_administrative {
        return (Vec::new(), String::new());
    }
    let query = RecommendationQuery {
        top: Some(10),
        ..Default::default()
    };
    match state
        .app
        .recommendations
        .recommend_partners(&caller.ctx, region.code.as_str(), &query)
        .await
    {
        Ok(r) => (
            r.items.iter().map(|s| suggestion_view(t, reference, s)).collect(),
            t.fmt("region.suggestions_hint", &[("ranked", &t.number(r.total as i64))]),
        ),
        Err(e) => {
            tracing::warn!(error = %e, region = %region.code, "no partner recommendations for the region page");
            (Vec::new(), String::new())
        }
    }
}

/// Open offers of the board that fit the region; a failure is logged, not shown.
async fn fitting_offers(
    state: &AppState,
    caller: &Caller,
    t: &Tr,
    reference: &ReferenceSnapshot,
    region: &Region,
) -> Vec<OfferRow> {
    match state
        .app
        .board
        .region_opportunities(&caller.ctx, region.code.as_str())
        .await
    {
        Ok(m) => offer_match_rows(t, reference, &m),
        Err(e) => {
            tracing::warn!(error = %e, region = %region.code, "no opportunities for the region page");
            Vec::new()
        }
    }
}
