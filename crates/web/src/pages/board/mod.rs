//! The opportunity board (`/peluang`): open offers and needs with filters, an offer's page
//! with the regions it fits, a need's page, and the forms to publish and close them. Also
//! the views of partner recommendations and offers shared with the region page.

mod forms;
mod list;
mod need;
mod offer;

pub use forms::{create_need, create_offer, new_need, new_offer};
pub use list::board;
pub use need::{close_need, need};
pub use offer::{close_offer, offer};

use crate::auth::Caller;
use crate::i18n::Tr;
use crate::pages::here;
use crate::pages::views::{Choice, LinkView, country_choices_where, country_name};
pub(super) use crate::pages::views::{field_choices, goal_choices};
use jalin_app::board::OfferMatch;
use jalin_app::recommendations::{PartnerSuggestion, SuggestionReason};
use jalin_app::reference::ReferenceSnapshot;
use jalin_domain::authz::{Action, scope};
use jalin_domain::opportunity::{Need, Offer, OpportunityStatus};
use jalin_domain::reference::{DiplomaticRelations, PlaceKind};

pub(super) fn decimal(t: &Tr, x: f64) -> String {
    let s = format!("{x:.2}");
    if t.is_id() { s.replace('.', ",") } else { s }
}

/// One reason of a score, in the reader's language.
pub struct ReasonView {
    pub weight: String,
    pub text: String,
}

pub(super) fn reason_views(t: &Tr, reasons: &[SuggestionReason]) -> Vec<ReasonView> {
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

pub(super) fn topics(
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

pub(super) fn need_row(t: &Tr, reference: &ReferenceSnapshot, n: &Need) -> NeedRow {
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

/// The countries an offer may come from: those Indonesia has diplomatic relations with.
pub(super) fn country_choices(t: &Tr, reference: &ReferenceSnapshot, chosen: Option<&str>) -> Vec<Choice> {
    country_choices_where(t, reference, chosen, |c| {
        c.diplomatic_relations == DiplomaticRelations::Yes
    })
}

pub(super) fn can(caller: &Caller, action: Action) -> bool {
    scope(caller.ctx.actor.role(), action).is_some()
}
