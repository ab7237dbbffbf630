//! Parties: how a client names one, and whether the resolved parties fit the form.

use super::{Form, Party, SubType};
use crate::codes::{GeonameId, RegionCode, SubdivisionCode};
use crate::error::FieldErrors;
use crate::ids::PartnerId;
use crate::partner::{PartnerInput, PartnerKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How a client names a party: an existing partner, a region, a place from the reference
/// data, or a full partner description (resolved to an existing partner where one matches).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartyInput {
    /// An existing partner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// An Indonesian region by Kemendagri code (`32.73`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// A foreign city by GeoNames id, as a foreign regional government.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geonameid: Option<i64>,
    /// A foreign first-level subdivision, as a foreign regional government.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision_code: Option<String>,
    /// A partner described in full (kind, name, country, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<PartnerInput>,
}

/// A parsed party reference, resolved to a partner by the application.
#[derive(Debug, Clone, PartialEq)]
pub enum PartyRef {
    Partner(PartnerId),
    Region(RegionCode),
    City(GeonameId),
    Subdivision(SubdivisionCode),
    Described(crate::partner::NewPartner),
}

impl PartyInput {
    pub fn parse(&self) -> Result<PartyRef, FieldErrors> {
        let mut errors = FieldErrors::new();
        let given = [
            self.partner_id.is_some(),
            self.region_code.is_some(),
            self.geonameid.is_some(),
            self.subdivision_code.is_some(),
            self.partner.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given != 1 {
            errors.push(
                "",
                "invalid_choice",
                "name a party by exactly one of partner_id, region_code, geonameid, subdivision_code or partner",
            );
            return Err(errors);
        }
        let parsed = if let Some(id) = &self.partner_id {
            errors.take("partner_id", id.parse()).map(PartyRef::Partner)
        } else if let Some(code) = &self.region_code {
            errors.take("region_code", code.parse()).map(PartyRef::Region)
        } else if let Some(g) = self.geonameid {
            errors
                .take("geonameid", g.to_string().parse::<GeonameId>())
                .map(PartyRef::City)
        } else if let Some(code) = &self.subdivision_code {
            errors.take("subdivision_code", code.parse()).map(PartyRef::Subdivision)
        } else if let Some(partner) = &self.partner {
            match partner.parse() {
                Ok(p) => Some(PartyRef::Described(p)),
                Err(e) => {
                    errors.extend_prefixed("partner.", e);
                    None
                }
            }
        } else {
            None
        };
        match parsed {
            Some(p) if errors.is_empty() => Ok(p),
            _ => Err(errors),
        }
    }
}

/// Checks that the resolved parties fit the form and sub-type (PP 28/2018 Pasal 1, 24,
/// 36; Permendagri 25/2020 Pasal 5). Returns errors on the `parties` field.
pub fn check_parties(form: Form, subtype: SubType, parties: &[Party]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let count = |k: PartnerKind| parties.iter().filter(|p| p.kind == k).count();
    let regions = count(PartnerKind::IndonesianRegion);
    let foreign_gov = count(PartnerKind::ForeignRegionalGovernment);
    let institutions = count(PartnerKind::ForeignInstitution);
    let third = count(PartnerKind::ThirdParty);

    let mut ids = BTreeSet::new();
    for (i, p) in parties.iter().enumerate() {
        if !ids.insert(p.partner_id) {
            errors.push(
                format!("parties[{i}]"),
                "duplicate",
                format!("{} is listed twice", p.name),
            );
        }
    }
    let mut need = |ok: bool, message: &str| {
        if !ok {
            errors.push("parties", "composition", message.to_owned());
        }
    };
    match form {
        Form::Ksdd => need(
            regions >= 2 && regions == parties.len(),
            "KSDD is cooperation between Indonesian regions: list at least two regions and no other parties",
        ),
        Form::Ksdpk => need(
            regions >= 1 && third >= 1 && regions + third == parties.len(),
            "KSDPK joins at least one Indonesian region and at least one third party, and no foreign party",
        ),
        Form::Ksdpl => need(
            regions >= 1 && foreign_gov >= 1 && regions + foreign_gov == parties.len(),
            "KSDPL joins at least one Indonesian region and at least one foreign regional government, and no one else",
        ),
        Form::Ksdll => need(
            regions >= 1 && institutions >= 1 && regions + institutions == parties.len(),
            "KSDLL joins at least one Indonesian region and at least one foreign institution, and no one else",
        ),
    }
    let mut region_parties = parties.iter().filter_map(|p| p.region_code.as_ref());
    match subtype {
        SubType::SisterProvince => need(
            region_parties.all(RegionCode::is_province),
            "a sister-province agreement is made by a province (equal status, Pasal 5)",
        ),
        SubType::SisterCity => need(
            !region_parties.any(RegionCode::is_province),
            "a sister-city/regency agreement is made by a kabupaten or kota (equal status, Pasal 5)",
        ),
        _ => {}
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::RegionCode;
    use crate::ids::PartnerId;

    fn party(kind: PartnerKind, region: Option<&str>) -> Party {
        Party {
            partner_id: PartnerId::new(),
            kind,
            name: "x".into(),
            region_code: region.map(|r| r.parse().unwrap()),
            province_code: region.map(|r| r.parse::<RegionCode>().unwrap().province()),
            country_iso2: None,
            geonameid: None,
            subdivision_code: None,
        }
    }

    #[test]
    fn parties_must_fit_the_form_and_equal_status() {
        let region = party(PartnerKind::IndonesianRegion, Some("32.73"));
        let province = party(PartnerKind::IndonesianRegion, Some("32"));
        let city = party(PartnerKind::ForeignRegionalGovernment, None);
        let inst = party(PartnerKind::ForeignInstitution, None);
        assert!(check_parties(Form::Ksdpl, SubType::SisterCity, &[region.clone(), city.clone()]).is_empty());
        assert!(!check_parties(Form::Ksdpl, SubType::SisterProvince, &[region.clone(), city.clone()]).is_empty());
        assert!(check_parties(Form::Ksdpl, SubType::SisterProvince, &[province.clone(), city.clone()]).is_empty());
        assert!(!check_parties(Form::Ksdpl, SubType::SisterCity, &[region.clone(), inst.clone()]).is_empty());
        assert!(check_parties(Form::Ksdll, SubType::Continuation, &[province.clone(), inst]).is_empty());
        assert!(!check_parties(Form::Ksdd, SubType::Voluntary, std::slice::from_ref(&region)).is_empty());
        assert!(check_parties(Form::Ksdd, SubType::Voluntary, &[region.clone(), province]).is_empty());
        let dup = check_parties(Form::Ksdd, SubType::Voluntary, &[region.clone(), region]);
        assert!(dup.iter().any(|e| e.code == "duplicate"));
    }
}
