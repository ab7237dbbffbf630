//! The opportunity board: offers published by foreign partners, embassies and programmes
//! looking for Indonesian regions, and needs published by the regions themselves.
//! Matching the two sides is the job of `jalin-matching` (`board`); this module holds the
//! records, their validation and which regions an offer seeks.

use crate::code_enum::code_enum;
use crate::codes::{CountryCode, RegionCode, SdgCode, UrusanCode};
use crate::error::FieldErrors;
use crate::ids::{NeedId, OfferId, UserId};
use crate::reference::{Region, RegionType};
use crate::text::non_empty;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, OffsetDateTime};

code_enum!(
    /// Who publishes an offer.
    PublisherKind {
        /// A foreign regional government (city, province, state, …).
        ForeignPartner = "foreign_partner",
        /// A foreign embassy or consulate in Indonesia.
        Embassy = "embassy",
        /// A cooperation programme (development agency, network, fund).
        Programme = "programme",
    }
);

code_enum!(
    /// A kind of region an offer seeks besides its type. A region fits when it meets at
    /// least one of the criteria listed (any region when none is listed).
    RegionCriterion {
        /// *Terdepan, terluar, tertinggal*: a land border, outermost small islands or a
        /// *daerah tertinggal* (Perpres 63/2020).
        ThreeT = "3t",
        /// A land border with another country.
        Border = "border",
        /// Outermost small islands (Keppres 6/2017).
        OutermostIslands = "outermost_islands",
        /// A *daerah tertinggal* (Perpres 63/2020).
        Underdeveloped = "underdeveloped",
        /// No foreign cooperation yet.
        NoForeignCooperation = "no_foreign_cooperation",
    }
);

code_enum!(
    /// Whether an offer or a need is still on the board.
    OpportunityStatus {
        Open = "open",
        Closed = "closed",
    }
);

/// An offer on the board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    pub id: OfferId,
    pub publisher_kind: PublisherKind,
    /// The foreign partner, embassy or programme, as it names itself.
    pub publisher_name: String,
    /// The publisher's country (none for a multinational programme).
    pub country_iso2: Option<CountryCode>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    /// Government affairs (*urusan*) the offer is about.
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    /// The region types sought (all when empty).
    pub region_types: Vec<RegionType>,
    /// Other kinds of region sought (any region when empty).
    pub criteria: Vec<RegionCriterion>,
    /// The last day regions can respond.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub deadline: Date,
    /// How regions reach the publisher (e-mail, telephone, address).
    pub contact: String,
    pub status: OpportunityStatus,
    /// The account that published it (guests published offers before issue 13).
    pub owner: Option<UserId>,
    /// Who published it: the organisation the account speaks for and its display name
    /// (`Kementerian Dalam Negeri — Sari`), never an e-mail address.
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl Offer {
    /// Open and not past its deadline.
    pub fn is_open(&self, today: Date) -> bool {
        self.status == OpportunityStatus::Open && self.deadline >= today
    }

    /// Whether the offer seeks a region of this kind: an autonomous region of one of the
    /// types sought that meets at least one of the criteria.
    pub fn seeks(&self, region: &Region, has_foreign_cooperation: bool) -> bool {
        region.is_autonomous()
            && (self.region_types.is_empty() || self.region_types.contains(&region.region_type))
            && (self.criteria.is_empty()
                || self.criteria.iter().any(|c| match c {
                    RegionCriterion::ThreeT => region.is_3t(),
                    RegionCriterion::Border => !region.land_border_countries.is_empty(),
                    RegionCriterion::OutermostIslands => region.outermost_small_islands > 0,
                    RegionCriterion::Underdeveloped => region.is_daerah_tertinggal,
                    RegionCriterion::NoForeignCooperation => !has_foreign_cooperation,
                }))
    }

    /// The SDG goals the offer names (targets and indicators count for their goal).
    pub fn goals(&self) -> BTreeSet<u8> {
        self.sdgs.iter().map(SdgCode::goal).collect()
    }
}

/// A need a region published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Need {
    pub id: NeedId,
    pub region_code: RegionCode,
    pub title: String,
    pub description: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    pub status: OpportunityStatus,
    /// Who published it: the region and the officer's display name
    /// (`Kota Surabaya — Sari`), never an e-mail address.
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
    pub version: i64,
}

impl Need {
    pub fn goals(&self) -> BTreeSet<u8> {
        self.sdgs.iter().map(SdgCode::goal).collect()
    }
}

const MAX_TITLE: usize = 500;
const MAX_TEXT: usize = 20_000;

/// Region types, deduplicated and in the order of their codes.
fn parse_region_types(errors: &mut FieldErrors, values: Option<&[String]>) -> Vec<RegionType> {
    let mut out: Vec<RegionType> = errors.parse_list("region_types", values);
    out.sort_by_key(|t| t.as_str());
    out
}

/// An offer as a client describes it (`POST /api/v1/opportunities/offers`, the form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferInput {
    /// `foreign_partner`, `embassy` or `programme`.
    pub publisher_kind: Option<String>,
    pub publisher_name: Option<String>,
    /// ISO 3166-1 alpha-2 code of the publisher's country.
    pub country: Option<String>,
    pub title_id: Option<String>,
    pub title_en: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    /// *Urusan* codes (`1.01`).
    pub fields: Option<Vec<String>>,
    /// SDG goal, target or indicator codes.
    pub sdgs: Option<Vec<String>>,
    /// `provinsi`, `kabupaten`, `kota` (all when empty).
    pub region_types: Option<Vec<String>>,
    /// `3t`, `border`, `outermost_islands`, `underdeveloped`, `no_foreign_cooperation`.
    pub criteria: Option<Vec<String>>,
    /// `YYYY-MM-DD`, today or later.
    pub deadline: Option<String>,
    pub contact: Option<String>,
}

/// A parsed offer, not yet stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferDraft {
    pub publisher_kind: PublisherKind,
    pub publisher_name: String,
    pub country_iso2: Option<CountryCode>,
    pub title_id: String,
    pub title_en: Option<String>,
    pub description_id: Option<String>,
    pub description_en: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
    pub region_types: Vec<RegionType>,
    pub criteria: Vec<RegionCriterion>,
    pub deadline: Date,
    pub contact: String,
}

impl OfferInput {
    /// Checks everything that needs no reference data; `today` bounds the deadline.
    pub fn parse(&self, today: Date) -> Result<OfferDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let publisher_kind = errors
            .required("publisher_kind", self.publisher_kind.as_deref())
            .and_then(|v| errors.take("publisher_kind", v.parse::<PublisherKind>()));
        let publisher_name = errors.required("publisher_name", self.publisher_name.as_deref());
        errors.check_max_chars("publisher_name", publisher_name.as_deref(), MAX_TITLE);
        let country_iso2 =
            non_empty(self.country.as_deref()).and_then(|c| errors.take("country", c.parse::<CountryCode>()));
        if country_iso2.as_ref().is_some_and(CountryCode::is_indonesia) {
            errors.push("country", "invalid_choice", "an offer comes from outside Indonesia");
        }
        if publisher_kind == Some(PublisherKind::Embassy) && country_iso2.is_none() {
            errors.push("country", "required", "name the country the embassy represents");
        }
        let title_id = errors.required("title_id", self.title_id.as_deref());
        errors.check_max_chars("title_id", title_id.as_deref(), MAX_TITLE);
        let title_en = non_empty(self.title_en.as_deref());
        errors.check_max_chars("title_en", title_en.as_deref(), MAX_TITLE);
        let description_id = non_empty(self.description_id.as_deref());
        errors.check_max_chars("description_id", description_id.as_deref(), MAX_TEXT);
        let description_en = non_empty(self.description_en.as_deref());
        errors.check_max_chars("description_en", description_en.as_deref(), MAX_TEXT);
        let fields: Vec<UrusanCode> = errors.parse_list("fields", self.fields.as_deref());
        let sdgs: Vec<SdgCode> = errors.parse_list("sdgs", self.sdgs.as_deref());
        let region_types = parse_region_types(&mut errors, self.region_types.as_deref());
        let criteria: Vec<RegionCriterion> = errors.parse_list("criteria", self.criteria.as_deref());
        let deadline = errors.required("deadline", self.deadline.as_deref()).and_then(|v| {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match Date::parse(&v, format) {
                Ok(d) if d < today => {
                    errors.push("deadline", "in_past", "the deadline cannot be in the past");
                    None
                }
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(
                        "deadline",
                        "invalid_date",
                        format!("'{v}' is not a date of the form YYYY-MM-DD"),
                    );
                    None
                }
            }
        });
        let contact = errors.required("contact", self.contact.as_deref());
        errors.check_max_chars("contact", contact.as_deref(), MAX_TITLE);
        match (publisher_kind, publisher_name, title_id, deadline, contact) {
            (Some(publisher_kind), Some(publisher_name), Some(title_id), Some(deadline), Some(contact))
                if errors.is_empty() =>
            {
                Ok(OfferDraft {
                    publisher_kind,
                    publisher_name,
                    country_iso2,
                    title_id,
                    title_en,
                    description_id,
                    description_en,
                    fields,
                    sdgs,
                    region_types,
                    criteria,
                    deadline,
                    contact,
                })
            }
            _ => Err(errors),
        }
    }
}

impl OfferDraft {
    pub fn into_offer(self, id: OfferId, owner: Option<UserId>, created_by: String, now: OffsetDateTime) -> Offer {
        Offer {
            id,
            publisher_kind: self.publisher_kind,
            publisher_name: self.publisher_name,
            country_iso2: self.country_iso2,
            title_id: self.title_id,
            title_en: self.title_en,
            description_id: self.description_id,
            description_en: self.description_en,
            fields: self.fields,
            sdgs: self.sdgs,
            region_types: self.region_types,
            criteria: self.criteria,
            deadline: self.deadline,
            contact: self.contact,
            status: OpportunityStatus::Open,
            owner,
            created_by,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }
}

/// A need as a region's officer describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedInput {
    /// Kemendagri code of the region (`32.73`).
    pub region_code: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub fields: Option<Vec<String>>,
    pub sdgs: Option<Vec<String>>,
}

/// A parsed need, not yet stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedDraft {
    pub region_code: RegionCode,
    pub title: String,
    pub description: Option<String>,
    pub fields: Vec<UrusanCode>,
    pub sdgs: Vec<SdgCode>,
}

impl NeedInput {
    pub fn parse(&self) -> Result<NeedDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let region_code = errors
            .required("region_code", self.region_code.as_deref())
            .and_then(|v| errors.take("region_code", v.parse::<RegionCode>()));
        let title = errors.required("title", self.title.as_deref());
        errors.check_max_chars("title", title.as_deref(), MAX_TITLE);
        let description = non_empty(self.description.as_deref());
        errors.check_max_chars("description", description.as_deref(), MAX_TEXT);
        let fields: Vec<UrusanCode> = errors.parse_list("fields", self.fields.as_deref());
        let sdgs: Vec<SdgCode> = errors.parse_list("sdgs", self.sdgs.as_deref());
        if fields.is_empty() && sdgs.is_empty() && errors.is_empty() {
            errors.push(
                "fields",
                "required",
                "name at least one field (urusan) or SDG, so that offers can be matched",
            );
        }
        match (region_code, title) {
            (Some(region_code), Some(title)) if errors.is_empty() => Ok(NeedDraft {
                region_code,
                title,
                description,
                fields,
                sdgs,
            }),
            _ => Err(errors),
        }
    }
}

impl NeedDraft {
    pub fn into_need(self, id: NeedId, created_by: String, now: OffsetDateTime) -> Need {
        Need {
            id,
            region_code: self.region_code,
            title: self.title,
            description: self.description,
            fields: self.fields,
            sdgs: self.sdgs,
            status: OpportunityStatus::Open,
            created_by,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        time::macros::date!(2026 - 11 - 28)
    }

    fn input() -> OfferInput {
        OfferInput {
            publisher_kind: Some("embassy".into()),
            publisher_name: Some("Embassy of Japan".into()),
            country: Some("jp".into()),
            title_id: Some("Beasiswa tata kelola air".into()),
            fields: Some(vec!["1.03".into(), "1.03".into()]),
            sdgs: Some(vec!["6".into(), "6.1".into()]),
            region_types: Some(vec!["kota".into(), "kabupaten".into()]),
            criteria: Some(vec!["3t".into()]),
            deadline: Some("2027-01-31".into()),
            contact: Some("econ@embjapan.example".into()),
            ..Default::default()
        }
    }

    fn region(code: &str, kind: RegionType, border: bool, tertinggal: bool) -> Region {
        Region {
            code: code.parse().unwrap(),
            name: code.into(),
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
            is_daerah_tertinggal: tertinggal,
            land_border_countries: if border { vec!["MY".parse().unwrap()] } else { vec![] },
            outermost_small_islands: 0,
        }
    }

    #[test]
    fn a_valid_offer_parses_with_duplicates_dropped() {
        let d = input().parse(today()).unwrap();
        assert_eq!(d.fields.len(), 1);
        assert_eq!(d.sdgs.len(), 2);
        assert_eq!(d.region_types, vec![RegionType::Kabupaten, RegionType::Kota]);
        assert_eq!(d.country_iso2.as_ref().unwrap().as_str(), "JP");
        let offer = d.into_offer(OfferId::new(), None, "user:a".into(), OffsetDateTime::UNIX_EPOCH);
        assert_eq!(offer.goals().into_iter().collect::<Vec<_>>(), vec![6]);
    }

    #[test]
    fn every_problem_of_an_offer_is_reported() {
        let bad = OfferInput {
            publisher_kind: Some("company".into()),
            country: Some("ID".into()),
            fields: Some(vec!["9.99.9".into()]),
            criteria: Some(vec!["coastal".into()]),
            deadline: Some("2026-11-27".into()),
            ..Default::default()
        };
        let errors = bad.parse(today()).unwrap_err();
        let fields: BTreeSet<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "publisher_kind",
            "publisher_name",
            "country",
            "title_id",
            "fields[0]",
            "criteria[0]",
            "deadline",
            "contact",
        ] {
            assert!(fields.contains(f), "{f} missing from {errors}");
        }
    }

    #[test]
    fn an_offer_seeks_regions_by_type_and_any_criterion() {
        let offer =
            input()
                .parse(today())
                .unwrap()
                .into_offer(OfferId::new(), None, "x".into(), OffsetDateTime::UNIX_EPOCH);
        assert!(offer.seeks(&region("61.01", RegionType::Kabupaten, true, false), true));
        assert!(offer.seeks(&region("91.01", RegionType::Kabupaten, false, true), true));
        assert!(!offer.seeks(&region("32.73", RegionType::Kota, false, false), false));
        assert!(!offer.seeks(&region("61", RegionType::Provinsi, true, false), false));
        let open = Offer {
            criteria: vec![RegionCriterion::NoForeignCooperation],
            region_types: vec![],
            ..offer.clone()
        };
        assert!(open.seeks(&region("32.73", RegionType::Kota, false, false), false));
        assert!(!open.seeks(&region("32.73", RegionType::Kota, false, false), true));
        let mut administrative = region("31.71", RegionType::Kota, false, false);
        administrative.is_administrative = true;
        assert!(!open.seeks(&administrative, false));
        assert!(offer.is_open(today()));
        assert!(!offer.is_open(time::macros::date!(2027 - 02 - 01)));
    }

    #[test]
    fn a_need_names_a_topic() {
        let n = NeedInput {
            region_code: Some("32.73".into()),
            title: Some("Pengelolaan sampah".into()),
            ..Default::default()
        };
        let e = n.parse().unwrap_err();
        assert_eq!(e.0[0].field, "fields");
        let ok = NeedInput {
            sdgs: Some(vec!["11.6".into()]),
            ..n
        }
        .parse()
        .unwrap();
        assert_eq!(ok.sdgs[0].goal(), 11);
    }
}
