//! The opportunity board (`/peluang`): open offers and needs with filters, an offer's page
//! with the regions it fits, a need's page, and the forms to publish and close them. Also
//! the views of partner recommendations shared with the region page.

use super::page_error;
use super::views::{LinkView, country_name};
use super::{Layout, render};
use crate::AppState;
use crate::auth::Caller;
use crate::i18n::Tr;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use jalin_app::AppError;
use jalin_app::opportunities::{NeedQuery, OfferMatch, OfferQuery, RegionMatch};
use jalin_app::ports::store::Page;
use jalin_app::recommend::{PartnerSuggestion, SuggestionReason};
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::authz::{Action, scope};
use jalin_domain::opportunity::{
    Need, NeedInput, Offer, OfferInput, OpportunityStatus, PublisherKind, RegionCriterion,
};
use jalin_domain::reference::{DiplomaticRelations, PlaceKind, RegionType};
use jalin_domain::role::Role;

/// Form fields as `(name, value)` pairs, repeated names kept (checkbox groups).
fn pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default()
}

fn first(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn all(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_owned())
        .collect()
}

fn decimal(t: &Tr, x: f64) -> String {
    let s = format!("{x:.2}");
    if t.is_id() { s.replace('.', ",") } else { s }
}

/// One reason of a score, in the reader's language.
pub struct ReasonView {
    pub weight: String,
    pub text: String,
}

fn reason_views(t: &Tr, reasons: &[SuggestionReason]) -> Vec<ReasonView> {
    reasons
        .iter()
        .map(|r| ReasonView {
            weight: if r.weight > 0.0 {
                format!("+{}", decimal(t, r.weight))
            } else {
                String::new()
            },
            text: if t.is_id() {
                r.text_id.clone()
            } else {
                r.text_en.clone()
            },
        })
        .collect()
}

/// A recommended partner, as the region page and the offer page show it.
pub struct SuggestionView {
    pub name: String,
    /// Its first-level division and country.
    pub place: String,
    pub country: LinkView,
    pub kind_label: String,
    pub score: String,
    pub reasons: Vec<ReasonView>,
}

pub fn suggestion_view(t: &Tr, reference: &ReferenceSnapshot, s: &PartnerSuggestion) -> SuggestionView {
    SuggestionView {
        name: s.name.clone(),
        place: s.admin1_name.clone().filter(|a| *a != s.name).unwrap_or_default(),
        country: LinkView {
            href: format!("/negara/{}", s.country_iso2),
            text: country_name(t, reference, &s.country_iso2),
        },
        kind_label: t.code(
            "place_kind",
            match s.kind {
                PlaceKind::City => "city",
                PlaceKind::Subdivision => "subdivision",
            },
        ),
        score: decimal(t, s.score),
        reasons: reason_views(t, &s.reasons),
    }
}

/// An offer in a list.
pub struct OfferRow {
    pub href: String,
    pub title: String,
    pub publisher: String,
    pub kind_label: String,
    pub country: Option<LinkView>,
    pub deadline: String,
    pub topics: String,
    pub closed: bool,
    /// Why it fits (the region page's list).
    pub reasons: Vec<ReasonView>,
}

fn topics(
    t: &Tr,
    reference: &ReferenceSnapshot,
    fields: &[jalin_domain::codes::UrusanCode],
    sdgs: &[jalin_domain::codes::SdgCode],
) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .map(|f| super::views::field_name(t, reference, f))
        .collect();
    let mut goals: Vec<u8> = sdgs.iter().map(|s| s.goal()).collect();
    goals.sort_unstable();
    goals.dedup();
    parts.extend(goals.into_iter().map(|g| format!("SDG {g}")));
    parts.join(", ")
}

pub fn offer_row(t: &Tr, reference: &ReferenceSnapshot, o: &Offer, reasons: &[SuggestionReason]) -> OfferRow {
    OfferRow {
        href: format!("/peluang/tawaran/{}", o.id),
        title: t.pick(&o.title_id, o.title_en.as_deref()).to_owned(),
        publisher: o.publisher_name.clone(),
        kind_label: t.code("publisher_kind", o.publisher_kind.as_str()),
        country: o.country_iso2.as_ref().map(|c| LinkView {
            href: format!("/negara/{c}"),
            text: country_name(t, reference, c),
        }),
        deadline: t.date(&o.deadline),
        topics: topics(t, reference, &o.fields, &o.sdgs),
        closed: o.status == OpportunityStatus::Closed,
        reasons: reason_views(t, reasons),
    }
}

pub fn offer_match_rows(t: &Tr, reference: &ReferenceSnapshot, matches: &[OfferMatch]) -> Vec<OfferRow> {
    matches
        .iter()
        .map(|m| offer_row(t, reference, &m.offer, &m.reasons))
        .collect()
}

/// A need in a list.
pub struct NeedRow {
    pub href: String,
    pub title: String,
    pub region: LinkView,
    pub topics: String,
    pub closed: bool,
}

fn need_row(t: &Tr, reference: &ReferenceSnapshot, n: &Need) -> NeedRow {
    NeedRow {
        href: format!("/peluang/kebutuhan/{}", n.id),
        title: n.title.clone(),
        region: LinkView {
            href: format!("/daerah/{}", n.region_code),
            text: reference
                .region(&n.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_else(|| n.region_code.to_string()),
        },
        topics: topics(t, reference, &n.fields, &n.sdgs),
        closed: n.status == OpportunityStatus::Closed,
    }
}

/// A choice in a select or checkbox group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn field_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: &[String]) -> Vec<Choice> {
    reference
        .urusan
        .values()
        .map(|u| Choice {
            value: u.code.to_string(),
            label: format!("{} {}", u.code, if t.is_id() { &u.name_id } else { &u.name_en }),
            selected: chosen.iter().any(|c| c == u.code.as_str()),
        })
        .collect()
}

fn goal_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: &[String]) -> Vec<Choice> {
    reference
        .sdg_goals
        .iter()
        .map(|g| Choice {
            value: g.goal.to_string(),
            label: format!(
                "{} {}",
                g.goal,
                if t.is_id() { &g.short_name_id } else { &g.short_name_en }
            ),
            selected: chosen.iter().any(|c| *c == g.goal.to_string()),
        })
        .collect()
}

fn country_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: Option<&str>) -> Vec<Choice> {
    let mut list: Vec<Choice> = reference
        .countries
        .values()
        .filter(|c| c.diplomatic_relations == DiplomaticRelations::Yes && !c.iso2.is_indonesia())
        .map(|c| Choice {
            value: c.iso2.to_string(),
            label: if t.is_id() {
                c.name_id.clone()
            } else {
                c.name_en.clone()
            },
            selected: chosen == Some(c.iso2.as_str()),
        })
        .collect();
    list.sort_by(|a, b| a.label.cmp(&b.label));
    list
}

fn can(caller: &Caller, action: Action) -> bool {
    scope(caller.ctx.actor.role(), action).is_some()
}

// ---------------------------------------------------------------------------------------
// The board

#[derive(Template)]
#[template(path = "board.html")]
pub struct BoardPage {
    pub t: Tr,
    pub layout: Layout,
    pub offers: Vec<OfferRow>,
    pub offers_total: i64,
    pub needs: Vec<NeedRow>,
    pub needs_total: i64,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub can_offer: bool,
    pub can_need: bool,
    pub error: Option<String>,
}

pub async fn board(State(state): State<AppState>, caller: Caller, uri: Uri, RawQuery(q): RawQuery) -> Response {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let p = pairs(q.as_deref().unwrap_or_default());
    let field = first(&p, "field");
    let sdg = first(&p, "sdg");
    let country = first(&p, "country");
    let kind = first(&p, "publisher_kind");
    let offer_query = OfferQuery {
        status: None,
        country: country.clone(),
        publisher_kind: kind.clone(),
        field: field.clone(),
        sdg: sdg.clone(),
    };
    let need_query = NeedQuery {
        field: field.clone(),
        sdg: sdg.clone(),
        ..NeedQuery::default()
    };
    let page = Page::new(Some(50), None);
    let mut error = None;
    let offers = match state.app.list_offers(&caller.ctx, &offer_query, page).await {
        Ok(l) => l,
        Err(AppError::Invalid(e)) => {
            error = Some(e.to_string());
            jalin_app::ports::store::Listing {
                items: Vec::new(),
                total: 0,
            }
        }
        Err(e) => return page_error(uri.path(), e),
    };
    let needs = match state.app.list_needs(&caller.ctx, &need_query, page).await {
        Ok(l) => l,
        Err(AppError::Invalid(e)) => {
            error = Some(e.to_string());
            jalin_app::ports::store::Listing {
                items: Vec::new(),
                total: 0,
            }
        }
        Err(e) => return page_error(uri.path(), e),
    };
    let chosen = |v: &Option<String>| v.iter().cloned().collect::<Vec<_>>();
    render(&BoardPage {
        t,
        layout: Layout::for_caller(&state, &caller, t.t("board.title")).in_section("board", super::here(&uri)),
        offers: offers.items.iter().map(|o| offer_row(&t, &reference, o, &[])).collect(),
        offers_total: offers.total,
        needs: needs.items.iter().map(|n| need_row(&t, &reference, n)).collect(),
        needs_total: needs.total,
        fields: field_choices(&t, &reference, &chosen(&field)),
        goals: goal_choices(&t, &reference, &chosen(&sdg)),
        countries: country_choices(&t, &reference, country.as_deref()),
        kinds: PublisherKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: t.code("publisher_kind", k.as_str()),
                selected: kind.as_deref() == Some(k.as_str()),
            })
            .collect(),
        can_offer: can(&caller, Action::OpportunityOffer),
        can_need: can(&caller, Action::OpportunityNeed),
        error,
    })
}

// ---------------------------------------------------------------------------------------
// An offer and the regions it fits

pub struct MatchRow {
    pub region: LinkView,
    pub type_label: String,
    pub is_3t: bool,
    pub no_foreign: bool,
    pub score: String,
    pub reasons: Vec<ReasonView>,
    pub suggested: Option<SuggestionView>,
}

fn match_row(t: &Tr, reference: &ReferenceSnapshot, m: &RegionMatch) -> MatchRow {
    MatchRow {
        region: LinkView {
            href: format!("/daerah/{}", m.region_code),
            text: m.region_name.clone(),
        },
        type_label: t.code("region_type", m.region_type.as_str()),
        is_3t: m.is_3t,
        no_foreign: !m.has_foreign_cooperation,
        score: decimal(t, m.score),
        reasons: reason_views(t, &m.reasons),
        suggested: m.suggested_partner.as_ref().map(|s| suggestion_view(t, reference, s)),
    }
}

#[derive(Template)]
#[template(path = "offer.html")]
pub struct OfferPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub offer: OfferRow,
    pub description: Option<String>,
    pub contact: String,
    pub sought: String,
    pub matches: Vec<MatchRow>,
    pub matches_total: i64,
    pub can_close: bool,
}

pub async fn offer(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let offer = match state.app.get_offer(&caller.ctx, &id).await {
        Ok(o) => o,
        Err(e) => return page_error(uri.path(), e),
    };
    let matches = match state
        .app
        .offer_matches(&caller.ctx, &id, Page::new(Some(50), None))
        .await
    {
        Ok(m) => m,
        Err(e) => return page_error(uri.path(), e),
    };
    let mut sought: Vec<String> = offer
        .region_types
        .iter()
        .map(|r| t.code("region_type", r.as_str()))
        .collect();
    if sought.is_empty() {
        sought.push(t.t("board.any_region").to_owned());
    }
    sought.extend(offer.criteria.iter().map(|c| t.code("criterion", c.as_str())));
    let owner = caller.ctx.actor.user().map(|u| u.id);
    let can_close = offer.status == OpportunityStatus::Open
        && match scope(caller.ctx.actor.role(), Action::OpportunityOffer) {
            Some(jalin_domain::authz::Scope::All) => true,
            Some(_) => owner.is_some() && offer.owner == owner,
            None => false,
        };
    render(&OfferPage {
        t,
        layout: Layout::for_caller(&state, &caller, &offer.title_id).in_section("board", super::here(&uri)),
        id: offer.id.to_string(),
        description: if t.is_id() {
            offer.description_id.clone().or(offer.description_en.clone())
        } else {
            offer.description_en.clone().or(offer.description_id.clone())
        },
        contact: offer.contact.clone(),
        sought: sought.join(", "),
        offer: offer_row(&t, &reference, &offer, &[]),
        matches: matches.items.iter().map(|m| match_row(&t, &reference, m)).collect(),
        matches_total: matches.total,
        can_close,
    })
}

pub async fn close_offer(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    match state.app.close_offer(&caller.ctx, &id).await {
        Ok(o) => Redirect::to(&format!("/peluang/tawaran/{}", o.id)).into_response(),
        Err(e) => page_error(uri.path(), e),
    }
}

// ---------------------------------------------------------------------------------------
// A need

#[derive(Template)]
#[template(path = "need.html")]
pub struct NeedPage {
    pub t: Tr,
    pub layout: Layout,
    pub id: String,
    pub need: NeedRow,
    pub description: Option<String>,
    pub published: String,
    pub offers: Vec<OfferRow>,
    pub can_close: bool,
}

pub async fn need(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let need = match state.app.get_need(&caller.ctx, &id).await {
        Ok(n) => n,
        Err(e) => return page_error(uri.path(), e),
    };
    let offers = match state
        .app
        .region_opportunities(&caller.ctx, need.region_code.as_str())
        .await
    {
        Ok(o) => o,
        Err(e) => return page_error(uri.path(), e),
    };
    let region_scope = scope(caller.ctx.actor.role(), Action::OpportunityNeed);
    let user_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let can_close = need.status == OpportunityStatus::Open
        && match region_scope {
            Some(jalin_domain::authz::Scope::All) => true,
            Some(jalin_domain::authz::Scope::OwnRegion) => user_region.as_ref() == Some(&need.region_code),
            Some(jalin_domain::authz::Scope::OwnProvince) => user_region.as_ref() == Some(&need.region_code.province()),
            _ => false,
        };
    render(&NeedPage {
        t,
        layout: Layout::for_caller(&state, &caller, &need.title).in_section("board", super::here(&uri)),
        id: need.id.to_string(),
        description: need.description.clone(),
        published: t.date(&need.created_at.date()),
        need: need_row(&t, &reference, &need),
        offers: offers
            .iter()
            .filter(|m| m.reasons.iter().any(|r| r.code.starts_with("need_")))
            .map(|m| offer_row(&t, &reference, &m.offer, &m.reasons))
            .collect(),
        can_close,
    })
}

pub async fn close_need(State(state): State<AppState>, caller: Caller, uri: Uri, Path(id): Path<String>) -> Response {
    match state.app.close_need(&caller.ctx, &id).await {
        Ok(n) => Redirect::to(&format!("/peluang/kebutuhan/{}", n.id)).into_response(),
        Err(e) => page_error(uri.path(), e),
    }
}

// ---------------------------------------------------------------------------------------
// Publishing

#[derive(Template)]
#[template(path = "offer_form.html")]
pub struct OfferFormPage {
    pub t: Tr,
    pub layout: Layout,
    pub errors: Vec<String>,
    pub v: OfferInput,
    pub kinds: Vec<Choice>,
    pub countries: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
    pub region_types: Vec<Choice>,
    pub criteria: Vec<Choice>,
}

fn offer_form(state: &AppState, caller: &Caller, uri: &Uri, v: OfferInput, errors: Vec<String>) -> OfferFormPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let list = |o: &Option<Vec<String>>| o.clone().unwrap_or_default();
    OfferFormPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("board.new_offer")).in_section("board", super::here(uri)),
        errors,
        kinds: PublisherKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().to_owned(),
                label: t.code("publisher_kind", k.as_str()),
                selected: v.publisher_kind.as_deref() == Some(k.as_str()),
            })
            .collect(),
        countries: country_choices(&t, &reference, v.country.as_deref()),
        fields: field_choices(&t, &reference, &list(&v.fields)),
        goals: goal_choices(&t, &reference, &list(&v.sdgs)),
        region_types: [RegionType::Provinsi, RegionType::Kabupaten, RegionType::Kota]
            .iter()
            .map(|r| Choice {
                value: r.as_str().to_owned(),
                label: t.code("region_type", r.as_str()),
                selected: list(&v.region_types).iter().any(|x| x == r.as_str()),
            })
            .collect(),
        criteria: RegionCriterion::ALL
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: t.code("criterion", c.as_str()),
                selected: list(&v.criteria).iter().any(|x| x == c.as_str()),
            })
            .collect(),
        v,
    }
}

pub async fn new_offer(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    render(&offer_form(&state, &caller, &uri, OfferInput::default(), Vec::new()))
}

pub async fn create_offer(State(state): State<AppState>, caller: Caller, uri: Uri, body: Bytes) -> Response {
    let p = pairs(&String::from_utf8_lossy(&body));
    let non_empty = |v: Vec<String>| (!v.is_empty()).then_some(v);
    let input = OfferInput {
        publisher_kind: first(&p, "publisher_kind"),
        publisher_name: first(&p, "publisher_name"),
        country: first(&p, "country"),
        title_id: first(&p, "title_id"),
        title_en: first(&p, "title_en"),
        description_id: first(&p, "description_id"),
        description_en: first(&p, "description_en"),
        fields: non_empty(all(&p, "fields")),
        sdgs: non_empty(all(&p, "sdgs")),
        region_types: non_empty(all(&p, "region_types")),
        criteria: non_empty(all(&p, "criteria")),
        deadline: first(&p, "deadline"),
        contact: first(&p, "contact"),
    };
    match state.app.publish_offer(&caller.ctx, &input).await {
        Ok(o) => Redirect::to(&format!("/peluang/tawaran/{}", o.id)).into_response(),
        Err(AppError::Invalid(errors)) => {
            let messages = errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            let mut r = render(&offer_form(&state, &caller, &uri, input, messages));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}

#[derive(Template)]
#[template(path = "need_form.html")]
pub struct NeedFormPage {
    pub t: Tr,
    pub layout: Layout,
    pub errors: Vec<String>,
    pub v: NeedInput,
    pub regions: Vec<Choice>,
    pub fields: Vec<Choice>,
    pub goals: Vec<Choice>,
}

fn need_form(state: &AppState, caller: &Caller, uri: &Uri, v: NeedInput, errors: Vec<String>) -> NeedFormPage {
    let t = Tr::new(caller.lang);
    let reference = state.app.reference();
    let user_region = caller.ctx.actor.user().and_then(|u| u.region.clone());
    let role = caller.ctx.actor.role();
    let chosen = v.region_code.clone().or(user_region.as_ref().map(ToString::to_string));
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
            selected: chosen.as_deref() == Some(r.code.as_str()),
        })
        .collect();
    let list = |o: &Option<Vec<String>>| o.clone().unwrap_or_default();
    NeedFormPage {
        t,
        layout: Layout::for_caller(state, caller, t.t("board.new_need")).in_section("board", super::here(uri)),
        errors,
        regions,
        fields: field_choices(&t, &reference, &list(&v.fields)),
        goals: goal_choices(&t, &reference, &list(&v.sdgs)),
        v,
    }
}

pub async fn new_need(State(state): State<AppState>, caller: Caller, uri: Uri) -> Response {
    render(&need_form(&state, &caller, &uri, NeedInput::default(), Vec::new()))
}

pub async fn create_need(State(state): State<AppState>, caller: Caller, uri: Uri, body: Bytes) -> Response {
    let p = pairs(&String::from_utf8_lossy(&body));
    let non_empty = |v: Vec<String>| (!v.is_empty()).then_some(v);
    let input = NeedInput {
        region_code: first(&p, "region_code"),
        title: first(&p, "title"),
        description: first(&p, "description"),
        fields: non_empty(all(&p, "fields")),
        sdgs: non_empty(all(&p, "sdgs")),
    };
    match state.app.publish_need(&caller.ctx, &input).await {
        Ok(n) => Redirect::to(&format!("/peluang/kebutuhan/{}", n.id)).into_response(),
        Err(AppError::Invalid(errors)) => {
            let messages = errors.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            let mut r = render(&need_form(&state, &caller, &uri, input, messages));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Err(e) => page_error(uri.path(), e),
    }
}
