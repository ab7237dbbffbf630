//! Two-sided matching for the opportunity board: which Indonesian regions an offer fits,
//! how well, and why. Pure and deterministic like the recommender.
//!
//! A region fits an offer when
//! 1. the offer seeks its kind ([`Offer::seeks`]: type, 3T, border, islands, …), and
//! 2. the offer names no field or SDG, or the region shares one: in a need it published
//!    (strong), or in its existing agreements (weak).
//!
//! Its score is the weighted sum of those overlaps plus ties with the offer's country.
//! Fitting regions are listed by priority first (3T regions and regions without foreign
//! cooperation), then by score, then by code.

use crate::features::comma_list;
use jalin_domain::codes::{CountryCode, RegionCode, UrusanCode};
use jalin_domain::ids::NeedId;
use jalin_domain::opportunity::{Need, Offer};
use jalin_domain::reference::Region;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the board knows of one region.
#[derive(Debug, Clone)]
pub struct RegionProfile<'a> {
    pub region: &'a Region,
    /// The region's open needs.
    pub needs: Vec<&'a Need>,
    /// Fields of the region's existing agreements (any form).
    pub agreement_fields: BTreeSet<UrusanCode>,
    /// SDG goals of the region's existing agreements.
    pub agreement_goals: BTreeSet<u8>,
    pub has_foreign_cooperation: bool,
    /// Countries of the region's foreign partners (agreements and known partnerships).
    pub partner_countries: BTreeSet<CountryCode>,
}

/// Weights of the board score. Everything is data (TOML or JSON), like the recommender's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoardWeights {
    /// Share of the offer's fields found in one of the region's needs.
    pub need_fields: f64,
    /// Share of the offer's SDG goals found in one of the region's needs.
    pub need_sdgs: f64,
    /// Share of the offer's fields found in the region's agreements.
    pub field_experience: f64,
    /// Share of the offer's SDG goals found in the region's agreements.
    pub sdg_experience: f64,
    /// The region already has a partner in the offer's country.
    pub country_ties: f64,
    pub boost_3t: f64,
    pub boost_no_cooperation: f64,
}

impl Default for BoardWeights {
    fn default() -> Self {
        Self {
            need_fields: 2.0,
            need_sdgs: 1.0,
            field_experience: 0.5,
            sdg_experience: 0.3,
            country_ties: 0.5,
            boost_3t: 1.0,
            boost_no_cooperation: 1.0,
        }
    }
}

/// Why a region fits an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardReasonCode {
    NeedFields,
    NeedSdgs,
    FieldExperience,
    SdgExperience,
    CountryTies,
    /// A 3T region: listed first (zero weight).
    Region3t,
    /// No foreign cooperation yet: listed first (zero weight).
    NoForeignCooperation,
}

/// One reason, with its share of the score and texts in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardReason {
    pub code: BoardReasonCode,
    pub weight: f64,
    pub text_id: String,
    pub text_en: String,
}

/// How a region fits an offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionFit {
    pub region_code: RegionCode,
    pub score: f64,
    /// Board priority: 3T and no foreign cooperation (it orders before the score).
    pub priority: f64,
    /// Largest contribution first, then the priority notes.
    pub reasons: Vec<BoardReason>,
    /// The region's needs that share a field or goal with the offer.
    pub needs: Vec<NeedId>,
}

fn share<T: Ord>(wanted: &BTreeSet<T>, have: &BTreeSet<T>) -> f64 {
    if wanted.is_empty() {
        0.0
    } else {
        wanted.intersection(have).count() as f64 / wanted.len() as f64
    }
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl BoardReason {
    fn new(code: BoardReasonCode, weight: f64, text_id: String, text_en: String) -> Self {
        Self {
            code,
            weight,
            text_id,
            text_en,
        }
    }
}

/// What an offer asks for.
struct Wanted {
    fields: BTreeSet<UrusanCode>,
    goals: BTreeSet<u8>,
}

/// The best-fitting need with its field and goal shares, and every need that shares
/// something with the offer.
fn best_need<'a>(
    wanted: &Wanted,
    profile: &RegionProfile<'a>,
    w: &BoardWeights,
) -> (Option<(f64, f64, &'a Need)>, Vec<NeedId>) {
    let mut best: Option<(f64, f64, &Need)> = None;
    let mut needs = Vec::new();
    for need in &profile.needs {
        let need_fields: BTreeSet<UrusanCode> = need.fields.iter().cloned().collect();
        let (f, g) = (share(&wanted.fields, &need_fields), share(&wanted.goals, &need.goals()));
        if f + g <= 0.0 {
            continue;
        }
        needs.push(need.id);
        let value = w.need_fields * f + w.need_sdgs * g;
        if best.is_none_or(|(bf, bg, _)| value > w.need_fields * bf + w.need_sdgs * bg) {
            best = Some((f, g, need));
        }
    }
    (best, needs)
}

/// The reasons of the best-fitting need: its shared fields and its shared goals.
fn need_reasons((f, g, need): (f64, f64, &Need), wanted: &Wanted, w: &BoardWeights) -> Vec<BoardReason> {
    let mut reasons = Vec::new();
    if f > 0.0 {
        let common: Vec<&UrusanCode> = need.fields.iter().filter(|x| wanted.fields.contains(*x)).collect();
        reasons.push(BoardReason::new(
            BoardReasonCode::NeedFields,
            w.need_fields * f,
            format!(
                "Kebutuhan daerah «{}» di bidang yang sama: {}",
                need.title,
                comma_list(&common)
            ),
            format!(
                "The region's need “{}” is in the same fields: {}",
                need.title,
                comma_list(&common)
            ),
        ));
    }
    if g > 0.0 {
        let common: Vec<u8> = need.goals().intersection(&wanted.goals).copied().collect();
        reasons.push(BoardReason::new(
            BoardReasonCode::NeedSdgs,
            w.need_sdgs * g,
            format!(
                "Kebutuhan daerah «{}» mendukung TPB yang sama: {}",
                need.title,
                comma_list(&common)
            ),
            format!(
                "The region's need “{}” serves the same SDGs: {}",
                need.title,
                comma_list(&common)
            ),
        ));
    }
    reasons
}

/// The region's agreements already cover some of what the offer asks for (fields or
/// goals): `(Indonesian, English)` lead the list of what they share.
fn experience<T: Ord + std::fmt::Display>(
    code: BoardReasonCode,
    weight: f64,
    wanted: &BTreeSet<T>,
    have: &BTreeSet<T>,
    (lead_id, lead_en): (&str, &str),
) -> Option<BoardReason> {
    let s = share(wanted, have);
    if s <= 0.0 {
        return None;
    }
    let common = comma_list(wanted.intersection(have));
    Some(BoardReason::new(
        code,
        weight * s,
        format!("{lead_id}: {common}"),
        format!("{lead_en}: {common}"),
    ))
}

/// The region already partners with a place in the offer's country.
fn country_tie(
    offer: &Offer,
    profile: &RegionProfile<'_>,
    country_names: Option<(&str, &str)>,
    w: &BoardWeights,
) -> Option<BoardReason> {
    let country = offer
        .country_iso2
        .as_ref()
        .filter(|c| profile.partner_countries.contains(*c))?;
    let (id, en) = country_names.unwrap_or((country.as_str(), country.as_str()));
    Some(BoardReason::new(
        BoardReasonCode::CountryTies,
        w.country_ties,
        format!("Sudah bermitra dengan daerah di {id}"),
        format!("Already partners with a place in {en}"),
    ))
}

/// The board priority of the region, with its zero-weight notes.
fn priority_notes(profile: &RegionProfile<'_>, w: &BoardWeights) -> (f64, Vec<BoardReason>) {
    let mut priority = 0.0;
    let mut notes = Vec::new();
    if profile.region.is_3t() {
        priority += w.boost_3t;
        notes.push(BoardReason::new(
            BoardReasonCode::Region3t,
            0.0,
            "Daerah 3T (terdepan, terluar, tertinggal): didahulukan".into(),
            "A 3T region (border, outermost or underdeveloped): listed first".into(),
        ));
    }
    if !profile.has_foreign_cooperation {
        priority += w.boost_no_cooperation;
        notes.push(BoardReason::new(
            BoardReasonCode::NoForeignCooperation,
            0.0,
            "Belum memiliki kerja sama luar negeri: didahulukan".into(),
            "No foreign cooperation yet: listed first".into(),
        ));
    }
    (priority, notes)
}

/// How `profile` fits `offer`, or `None` when it does not. `country_names` are the
/// offer's country in Indonesian and English, for the texts.
pub fn fit(
    offer: &Offer,
    profile: &RegionProfile<'_>,
    country_names: Option<(&str, &str)>,
    w: &BoardWeights,
) -> Option<RegionFit> {
    if !offer.seeks(profile.region, profile.has_foreign_cooperation) {
        return None;
    }
    let wanted = Wanted {
        fields: offer.fields.iter().cloned().collect(),
        goals: offer.goals(),
    };
    let (best, needs) = best_need(&wanted, profile, w);
    let mut reasons = best.map(|b| need_reasons(b, &wanted, w)).unwrap_or_default();
    reasons.extend(experience(
        BoardReasonCode::FieldExperience,
        w.field_experience,
        &wanted.fields,
        &profile.agreement_fields,
        ("Sudah bekerja sama di bidang ini", "Already cooperates in these fields"),
    ));
    reasons.extend(experience(
        BoardReasonCode::SdgExperience,
        w.sdg_experience,
        &wanted.goals,
        &profile.agreement_goals,
        (
            "Kerja samanya sudah mendukung TPB ini",
            "Its cooperation already serves these SDGs",
        ),
    ));
    let topical = !wanted.fields.is_empty() || !wanted.goals.is_empty();
    if topical && reasons.is_empty() {
        return None;
    }
    reasons.extend(country_tie(offer, profile, country_names, w));
    for r in &mut reasons {
        r.weight = round4(r.weight);
    }
    reasons.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.code.cmp(&b.code)));
    let score = round4(reasons.iter().map(|r| r.weight).sum());
    let (priority, notes) = priority_notes(profile, w);
    reasons.extend(notes);
    Some(RegionFit {
        region_code: profile.region.code.clone(),
        score,
        priority,
        reasons,
        needs,
    })
}

/// Every region that fits `offer`, in board order: priority, then score, then code.
pub fn match_offer(
    offer: &Offer,
    profiles: &[RegionProfile<'_>],
    country_names: Option<(&str, &str)>,
    w: &BoardWeights,
) -> Vec<RegionFit> {
    let mut fits: Vec<RegionFit> = profiles
        .iter()
        .filter_map(|p| fit(offer, p, country_names, w))
        .collect();
    fits.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| a.region_code.cmp(&b.region_code))
    });
    fits
}

#[cfg(test)]
mod tests {
    use super::*;
    use jalin_domain::ids::OfferId;
    use jalin_domain::opportunity::{NeedInput, OfferInput, OpportunityStatus};
    use jalin_domain::reference::RegionType;
    use time::OffsetDateTime;

    fn region(code: &str, kind: RegionType, border: bool) -> Region {
        Region {
            code: code.parse().unwrap(),
            name: format!("Daerah {code}"),
            short_name: code.into(),
            region_type: kind,
            is_administrative: false,
            province_code: code[..2].parse().unwrap(),
            province_name: String::new(),
            province_name_en: None,
            province_iso_3166_2: None,
            capital: None,
            latitude: None,
            longitude: None,
            elevation_m: None,
            utc_offset: None,
            population: None,
            population_male: None,
            population_female: None,
            area_km2: None,
            is_daerah_tertinggal: false,
            land_border_countries: if border { vec!["MY".parse().unwrap()] } else { vec![] },
            outermost_small_islands: 0,
        }
    }

    fn offer(fields: &[&str], sdgs: &[&str], criteria: &[&str]) -> Offer {
        OfferInput {
            publisher_kind: Some("programme".into()),
            publisher_name: Some("Programme".into()),
            country: Some("JP".into()),
            title_id: Some("Air bersih".into()),
            fields: Some(fields.iter().map(|s| s.to_string()).collect()),
            sdgs: Some(sdgs.iter().map(|s| s.to_string()).collect()),
            criteria: Some(criteria.iter().map(|s| s.to_string()).collect()),
            deadline: Some("2030-01-01".into()),
            contact: Some("a@b.example".into()),
            ..Default::default()
        }
        .parse(time::macros::date!(2026 - 01 - 01))
        .unwrap()
        .into_offer(OfferId::new(), None, "t".into(), OffsetDateTime::UNIX_EPOCH)
    }

    fn need(region: &str, fields: &[&str], sdgs: &[&str]) -> Need {
        NeedInput {
            region_code: Some(region.into()),
            title: Some(format!("Kebutuhan {region}")),
            fields: Some(fields.iter().map(|s| s.to_string()).collect()),
            sdgs: Some(sdgs.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        }
        .parse()
        .unwrap()
        .into_need(NeedId::new(), "t".into(), OffsetDateTime::UNIX_EPOCH)
    }

    fn profile<'a>(region: &'a Region, needs: Vec<&'a Need>, foreign: bool) -> RegionProfile<'a> {
        RegionProfile {
            region,
            needs,
            agreement_fields: BTreeSet::new(),
            agreement_goals: BTreeSet::new(),
            has_foreign_cooperation: foreign,
            partner_countries: BTreeSet::new(),
        }
    }

    #[test]
    fn needs_fit_strongly_and_priority_orders_first() {
        let (a, b, c) = (
            region("32.73", RegionType::Kota, false),
            region("61.01", RegionType::Kabupaten, true),
            region("35.78", RegionType::Kota, false),
        );
        let na = need("32.73", &["1.03"], &["6"]);
        let nb = need("61.01", &["1.03"], &[]);
        let nc = need("35.78", &["2.11"], &[]);
        let o = offer(&["1.03"], &["6.1"], &[]);
        let mut with_partner_in_japan = profile(&a, vec![&na], true);
        with_partner_in_japan.partner_countries.insert("JP".parse().unwrap());
        let profiles = vec![
            with_partner_in_japan,
            profile(&b, vec![&nb], false),
            profile(&c, vec![&nc], true),
        ];
        let fits = match_offer(&o, &profiles, Some(("Jepang", "Japan")), &BoardWeights::default());
        let codes: Vec<&str> = fits.iter().map(|f| f.region_code.as_str()).collect();
        // 35.78's need is about another field: it does not fit. 61.01 (3T, no foreign
        // cooperation) comes first although 32.73 scores higher.
        assert_eq!(codes, vec!["61.01", "32.73"]);
        assert_eq!(fits[1].score, 2.0 + 1.0 + 0.5);
        assert_eq!(fits[0].score, 2.0);
        assert_eq!(fits[0].priority, 2.0);
        assert_eq!(fits[1].needs, vec![na.id]);
        assert_eq!(fits[1].reasons[0].code, BoardReasonCode::NeedFields);
        assert!(fits[1].reasons.iter().any(|r| r.text_id.contains("Jepang")));
        let total: f64 = fits[1].reasons.iter().map(|r| r.weight).sum();
        assert!((total - fits[1].score).abs() < 1e-9);
    }

    #[test]
    fn criteria_and_experience_decide_without_needs() {
        let (a, b) = (
            region("32.73", RegionType::Kota, false),
            region("61.01", RegionType::Kabupaten, true),
        );
        let o = offer(&["1.03"], &[], &["3t"]);
        let mut pa = profile(&a, vec![], false);
        pa.agreement_fields.insert("1.03".parse().unwrap());
        let mut pb = profile(&b, vec![], false);
        assert!(fit(&o, &pa, None, &BoardWeights::default()).is_none(), "not 3T");
        assert!(
            fit(&o, &pb, None, &BoardWeights::default()).is_none(),
            "nothing in common"
        );
        pb.agreement_fields.insert("1.03".parse().unwrap());
        let f = fit(&o, &pb, None, &BoardWeights::default()).unwrap();
        assert_eq!(f.score, 0.5);
        // An offer without a topic fits every region it seeks.
        let open = offer(&[], &[], &[]);
        let f = fit(&open, &pa, None, &BoardWeights::default()).unwrap();
        assert_eq!(f.score, 0.0);
        assert_eq!(f.reasons[0].code, BoardReasonCode::NoForeignCooperation);
        let closed_needs = Need {
            status: OpportunityStatus::Closed,
            ..need("32.73", &["1.03"], &[])
        };
        // Closed needs are the caller's to leave out; the function trusts its input.
        assert!(
            fit(
                &o,
                &profile(&b, vec![&closed_needs], true),
                None,
                &BoardWeights::default()
            )
            .is_some()
        );
    }

    #[test]
    fn every_board_reason_text_is_pinned_in_both_languages() {
        let r = region("61.01", RegionType::Kabupaten, true);
        let best = need("61.01", &["1.03", "2.11"], &["6"]);
        let other = need("61.01", &["2.11"], &[]);
        let o = offer(&["1.03", "2.11"], &["6.1", "4"], &[]);
        let mut p = profile(&r, vec![&other, &best], false);
        p.agreement_fields = ["1.03", "2.11"].iter().map(|f| f.parse().unwrap()).collect();
        p.agreement_goals = [4, 6].into();
        p.partner_countries.insert("JP".parse().unwrap());
        let mut out = String::new();
        for names in [Some(("Jepang", "Japan")), None] {
            let f = fit(&o, &p, names, &BoardWeights::default()).unwrap();
            out.push_str(&format!(
                "score {} priority {} needs {}\n",
                f.score,
                f.priority,
                f.needs.len()
            ));
            for x in &f.reasons {
                out.push_str(&format!(
                    "  {:?} {}\n    id: {}\n    en: {}\n",
                    x.code, x.weight, x.text_id, x.text_en
                ));
            }
        }
        insta::assert_snapshot!(out);
    }
}
