//! Partners: whoever an Indonesian region cooperates with, and the regions themselves.

use crate::code_enum::code_enum;
use crate::codes::{CountryCode, GeonameId, RegionCode, SubdivisionCode};
use crate::error::FieldErrors;
use crate::ids::PartnerId;
use crate::text::{fold, non_empty};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use time::OffsetDateTime;

code_enum!(
    /// Who the partner is, which decides the forms of cooperation it can take part in.
    PartnerKind {
        ForeignRegionalGovernment = "foreign_regional_government",
        ForeignInstitution = "foreign_institution",
        IndonesianRegion = "indonesian_region",
        ThirdParty = "third_party",
    }
);

impl PartnerKind {
    pub fn is_foreign(&self) -> bool {
        matches!(self, Self::ForeignRegionalGovernment | Self::ForeignInstitution)
    }
}

code_enum!(
    /// The administrative level of a foreign regional government, for the equal-status
    /// requirement (Permendagri 25/2020 Pasal 5).
    ForeignLevel {
        FirstLevel = "first_level",
        Local = "local",
        Other = "other",
    }
);

code_enum!(
    /// What sort of institution or third party a partner is.
    PartnerCategory {
        InternationalOrganization = "international_organization",
        ForeignNonProfit = "foreign_non_profit",
        DevelopmentPartner = "development_partner",
        EducationalInstitution = "educational_institution",
        GovernmentAgency = "government_agency",
        Individual = "individual",
        BusinessEntity = "business_entity",
        CivilSocietyOrganization = "civil_society_organization",
        Other = "other",
    }
);

impl PartnerCategory {
    fn allowed_for(&self, kind: PartnerKind) -> bool {
        use PartnerCategory::*;
        match kind {
            PartnerKind::ForeignInstitution => matches!(
                self,
                InternationalOrganization
                    | ForeignNonProfit
                    | DevelopmentPartner
                    | EducationalInstitution
                    | GovernmentAgency
                    | BusinessEntity
                    | Other
            ),
            PartnerKind::ThirdParty => {
                matches!(
                    self,
                    Individual | BusinessEntity | CivilSocietyOrganization | EducationalInstitution | Other
                )
            }
            PartnerKind::ForeignRegionalGovernment | PartnerKind::IndonesianRegion => false,
        }
    }
}

/// A stored partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partner {
    pub id: PartnerId,
    pub kind: PartnerKind,
    pub name: String,
    pub name_en: Option<String>,
    pub country_iso2: Option<CountryCode>,
    /// Kemendagri code, for an Indonesian region.
    pub region_code: Option<RegionCode>,
    /// GeoNames id, for a city or other GeoNames feature.
    pub geonameid: Option<GeonameId>,
    /// ISO 3166-2 or GeoNames admin1 code, for a first-level subdivision.
    pub subdivision_code: Option<SubdivisionCode>,
    pub level: Option<ForeignLevel>,
    pub category: Option<PartnerCategory>,
    pub website: Option<String>,
    pub description: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: OffsetDateTime,
}

impl Partner {
    /// The folded name used for duplicate detection and search.
    pub fn name_key(&self) -> String {
        fold(&self.name)
    }
}

/// A partner as a client describes it (API body, import row).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A validated partner that is not stored yet.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPartner {
    pub kind: PartnerKind,
    pub name: String,
    pub name_en: Option<String>,
    pub country_iso2: Option<CountryCode>,
    pub region_code: Option<RegionCode>,
    pub geonameid: Option<GeonameId>,
    pub subdivision_code: Option<SubdivisionCode>,
    pub level: Option<ForeignLevel>,
    pub category: Option<PartnerCategory>,
    pub website: Option<String>,
    pub description: Option<String>,
}

impl NewPartner {
    pub fn into_partner(self, id: PartnerId, now: OffsetDateTime) -> Partner {
        Partner {
            id,
            kind: self.kind,
            name: self.name,
            name_en: self.name_en,
            country_iso2: self.country_iso2,
            region_code: self.region_code,
            geonameid: self.geonameid,
            subdivision_code: self.subdivision_code,
            level: self.level,
            category: self.category,
            website: self.website,
            description: self.description,
            created_at: now,
            updated_at: now,
        }
    }
}

const MAX_NAME: usize = 300;

impl PartnerInput {
    /// Parses and checks a partner description. Reference existence (does the region code
    /// or GeoNames id exist?) is checked by the application against reference data.
    pub fn parse(&self) -> Result<NewPartner, FieldErrors> {
        let mut errors = FieldErrors::new();
        let (kind, mut partner) = self.parse_fields(&mut errors);
        if let Some(kind) = kind {
            match kind {
                PartnerKind::IndonesianRegion => {
                    check_indonesian_region(&mut errors, &partner, self.region_code.is_some())
                }
                PartnerKind::ForeignRegionalGovernment => {
                    check_foreign_government(&mut errors, &partner);
                    partner.level = partner.level.or_else(|| implied_level(&partner));
                }
                PartnerKind::ForeignInstitution => check_institution(&mut errors, &partner),
                PartnerKind::ThirdParty => check_third_party(&mut errors, &partner),
            }
            if let Some(c) = partner.category
                && !c.allowed_for(kind)
            {
                errors.push(
                    "category",
                    "invalid_choice",
                    format!("category {c} does not apply to a {kind}"),
                );
            }
        }
        if kind == Some(PartnerKind::IndonesianRegion) {
            partner.country_iso2 = Some(CountryCode::indonesia());
        }
        errors.finish(partner)
    }

    /// Every field parsed on its own; the kind is `None` when missing or unknown (the
    /// partner then says third party, but errors were recorded).
    fn parse_fields(&self, errors: &mut FieldErrors) -> (Option<PartnerKind>, NewPartner) {
        let kind = match non_empty(self.kind.as_deref()) {
            Some(k) => errors.take("kind", PartnerKind::from_str(&k)),
            None => {
                errors.push("kind", "required", "the partner kind is required");
                None
            }
        };
        let name = non_empty(self.name.as_deref());
        match &name {
            None => errors.push("name", "required", "the name is required"),
            Some(n) if n.chars().count() > MAX_NAME => {
                errors.push("name", "too_long", format!("at most {MAX_NAME} characters"))
            }
            Some(_) => {}
        }
        let country = non_empty(self.country.as_deref()).and_then(|c| errors.take("country", c.parse::<CountryCode>()));
        let region_code =
            non_empty(self.region_code.as_deref()).and_then(|c| errors.take("region_code", c.parse::<RegionCode>()));
        let geonameid = match self.geonameid {
            Some(n) if n > 0 => Some(GeonameId(n)),
            Some(_) => {
                errors.push("geonameid", "invalid_format", "a GeoNames id is a positive integer");
                None
            }
            None => None,
        };
        let subdivision_code = non_empty(self.subdivision_code.as_deref())
            .and_then(|c| errors.take("subdivision_code", c.parse::<SubdivisionCode>()));
        let level = non_empty(self.level.as_deref()).and_then(|l| errors.take("level", l.parse::<ForeignLevel>()));
        let category =
            non_empty(self.category.as_deref()).and_then(|c| errors.take("category", c.parse::<PartnerCategory>()));
        let website = non_empty(self.website.as_deref());
        if let Some(w) = &website
            && !(w.starts_with("https://") || w.starts_with("http://"))
        {
            errors.push(
                "website",
                "invalid_format",
                "a website address starts with http:// or https://",
            );
        }
        let partner = NewPartner {
            kind: kind.unwrap_or(PartnerKind::ThirdParty),
            name: name.unwrap_or_default(),
            name_en: non_empty(self.name_en.as_deref()),
            country_iso2: country,
            region_code,
            geonameid,
            subdivision_code,
            level,
            category,
            website,
            description: non_empty(self.description.as_deref()),
        };
        (kind, partner)
    }
}

/// A foreign partner's country is not Indonesia, and must be given when `required`.
fn check_foreign_country(errors: &mut FieldErrors, country: Option<&CountryCode>, required: bool) {
    match country {
        Some(c) if c.is_indonesia() => errors.push(
            "country",
            "invalid_choice",
            "a foreign partner's country cannot be Indonesia (ID)",
        ),
        None if required => errors.push("country", "required", "the partner's country is required"),
        _ => {}
    }
}

/// `region_code_given`: whether the input named a region code at all (a malformed one was
/// already reported).
fn check_indonesian_region(errors: &mut FieldErrors, p: &NewPartner, region_code_given: bool) {
    if p.region_code.is_none() && !region_code_given {
        errors.push(
            "region_code",
            "required",
            "an Indonesian region is identified by its Kemendagri code",
        );
    }
    if let Some(c) = &p.country_iso2
        && !c.is_indonesia()
    {
        errors.push("country", "invalid_choice", "an Indonesian region's country is ID");
    }
    for (field, present) in [
        ("geonameid", p.geonameid.is_some()),
        ("subdivision_code", p.subdivision_code.is_some()),
        ("level", p.level.is_some()),
        ("category", p.category.is_some()),
    ] {
        if present {
            errors.push(field, "not_allowed", "not used for an Indonesian region");
        }
    }
}

fn check_foreign_government(errors: &mut FieldErrors, p: &NewPartner) {
    check_foreign_country(errors, p.country_iso2.as_ref(), true);
    if p.region_code.is_some() {
        errors.push(
            "region_code",
            "not_allowed",
            "only Indonesian regions have a Kemendagri code",
        );
    }
    if p.category.is_some() {
        errors.push(
            "category",
            "not_allowed",
            "a regional government has a level, not a category",
        );
    }
    if let (Some(s), Some(c)) = (&p.subdivision_code, &p.country_iso2)
        && s.country() != c.as_str()
    {
        errors.push(
            "subdivision_code",
            "mismatch",
            format!("subdivision {s} is not in country {c}"),
        );
    }
}

/// The level a foreign government's place implies: a subdivision is first-level, a city local.
fn implied_level(p: &NewPartner) -> Option<ForeignLevel> {
    if p.subdivision_code.is_some() {
        Some(ForeignLevel::FirstLevel)
    } else if p.geonameid.is_some() {
        Some(ForeignLevel::Local)
    } else {
        None
    }
}

fn check_institution(errors: &mut FieldErrors, p: &NewPartner) {
    let international = p.category == Some(PartnerCategory::InternationalOrganization);
    check_foreign_country(errors, p.country_iso2.as_ref(), !international);
    if p.region_code.is_some() || p.subdivision_code.is_some() || p.level.is_some() {
        errors.push(
            "kind",
            "not_allowed",
            "an institution has no region code, subdivision code or government level",
        );
    }
}

fn check_third_party(errors: &mut FieldErrors, p: &NewPartner) {
    if p.region_code.is_some() || p.subdivision_code.is_some() || p.level.is_some() {
        errors.push(
            "kind",
            "not_allowed",
            "a third party has no region code, subdivision code or government level",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, name: &str) -> PartnerInput {
        PartnerInput {
            kind: Some(kind.into()),
            name: Some(name.into()),
            ..Default::default()
        }
    }

    #[test]
    fn foreign_government_needs_a_foreign_country_and_derives_its_level() {
        let mut p = input("foreign_regional_government", "Suwon");
        let err = p.parse().unwrap_err();
        assert!(err.iter().any(|e| e.field == "country" && e.code == "required"));
        p.country = Some("id".into());
        assert!(p.parse().unwrap_err().iter().any(|e| e.field == "country"));
        p.country = Some("kr".into());
        p.geonameid = Some(1835553);
        let ok = p.parse().unwrap();
        assert_eq!(ok.level, Some(ForeignLevel::Local));
        assert_eq!(ok.country_iso2.unwrap().as_str(), "KR");
    }

    #[test]
    fn subdivision_must_lie_in_the_country() {
        let mut p = input("foreign_regional_government", "Gyeonggi");
        p.country = Some("JP".into());
        p.subdivision_code = Some("KR-41".into());
        assert!(p.parse().unwrap_err().iter().any(|e| e.code == "mismatch"));
    }

    #[test]
    fn categories_follow_the_kind() {
        let mut p = input("third_party", "PT Maju");
        p.category = Some("business_entity".into());
        assert!(p.parse().is_ok());
        p.category = Some("international_organization".into());
        assert!(p.parse().is_err());
        let mut inst = input("foreign_institution", "UNDP");
        inst.category = Some("international_organization".into());
        assert!(inst.parse().is_ok(), "an international organisation needs no country");
    }

    #[test]
    fn missing_kind_and_name_are_both_reported() {
        let err = PartnerInput::default().parse().unwrap_err();
        let fields: Vec<&str> = err.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["kind", "name"]);
    }
}
