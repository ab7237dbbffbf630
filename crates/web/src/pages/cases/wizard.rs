//! What the new-case wizard has been told so far, read from its query string or posted
//! form, and what it makes of it: a proposal to evaluate, a case to open, a draft text for
//! SDG suggestions.

use crate::pages::form::{filled_all, some};
use jalin_app::cases::{CaseInput, ProposalInput};
use jalin_app::registry::DraftText;
use jalin_domain::agreement::PartyInput;
use jalin_domain::eligibility::Declarations;
use jalin_domain::partner::PartnerInput;
use jalin_domain::procedure::funding::Funding;
use serde::Deserialize;

/// The SDG field with a suggested target added (the wizard's "add" button without
/// JavaScript), unless it is already there.
pub(super) fn with_added_sdg(sdgs: String, add: &str) -> String {
    let add = add.trim();
    let present = sdgs.split([',', ' ', ';']).any(|s| s.trim().eq_ignore_ascii_case(add));
    match (add.is_empty() || present, sdgs.trim().is_empty()) {
        (true, _) => sdgs,
        (false, true) => add.to_owned(),
        (false, false) => format!("{}, {add}", sdgs.trim_end_matches([',', ' ', ';'])),
    }
}

/// The wizard's fields as they arrive, in the query string (the live fragments, the
/// language switch) or in the posted form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct WizardForm {
    pub form: String,
    pub subtype: String,
    pub region: String,
    pub partner_q: String,
    pub partner_country: String,
    pub partner: String,
    pub partner_name: String,
    pub title_id: String,
    pub title_en: String,
    pub objects: Vec<String>,
    pub fields: Vec<String>,
    pub sdgs: String,
    pub add_sdg: String,
    pub office_abroad: String,
    pub plan_links: String,
    pub knowledge_transfer: String,
    pub complementarity: String,
    pub people_to_people: String,
    /// `yes`/`no`: the KSDD/KSDPK funding is budgeted in the current APBD.
    pub funding_budgeted: String,
    /// Checked when the cooperation burdens the community and the region.
    pub funding_burdens: String,
    pub apbd_amount: String,
    pub budget_years: String,
    /// The id of the registry agreement the case renews.
    pub renews: String,
}

impl From<WizardForm> for Wizard {
    fn from(f: WizardForm) -> Self {
        let text = |v: &str| v.trim().to_owned();
        Self {
            form: text(&f.form),
            subtype: text(&f.subtype),
            region: text(&f.region),
            partner_q: text(&f.partner_q),
            partner_country: text(&f.partner_country),
            partner: text(&f.partner),
            partner_name: text(&f.partner_name),
            title_id: text(&f.title_id),
            title_en: text(&f.title_en),
            objects: filled_all(&f.objects),
            fields: filled_all(&f.fields),
            sdgs: with_added_sdg(text(&f.sdgs), &f.add_sdg),
            office_abroad: text(&f.office_abroad),
            plan_links: text(&f.plan_links),
            knowledge_transfer: text(&f.knowledge_transfer),
            complementarity: text(&f.complementarity),
            people_to_people: text(&f.people_to_people),
            funding_budgeted: text(&f.funding_budgeted),
            funding_burdens: text(&f.funding_burdens),
            apbd_amount: text(&f.apbd_amount),
            budget_years: text(&f.budget_years),
            renews: text(&f.renews),
        }
    }
}

/// What the wizard has been told so far (from the query string or the posted form).
#[derive(Debug, Clone, Default)]
pub struct Wizard {
    pub form: String,
    pub subtype: String,
    pub region: String,
    pub partner_q: String,
    pub partner_country: String,
    /// `city:GEONAMEID`, `subdivision:CODE` or `region:CODE`.
    pub partner: String,
    /// For KSDLL and KSDPK: a partner described by name.
    pub partner_name: String,
    pub title_id: String,
    pub title_en: String,
    pub objects: Vec<String>,
    pub fields: Vec<String>,
    pub sdgs: String,
    pub office_abroad: String,
    pub plan_links: String,
    pub knowledge_transfer: String,
    pub complementarity: String,
    pub people_to_people: String,
    pub funding_budgeted: String,
    pub funding_burdens: String,
    pub apbd_amount: String,
    pub budget_years: String,
    pub renews: String,
}

impl Wizard {
    /// The funding of a domestic cooperation, once the officer said whether it is budgeted
    /// (digits only in the amount: `1.500.000.000` is read as 1500000000).
    pub(super) fn funding(&self) -> Option<Funding> {
        let budgeted = match self.funding_budgeted.as_str() {
            "yes" => true,
            "no" => false,
            _ => return None,
        };
        let digits: String = self.apbd_amount.chars().filter(char::is_ascii_digit).collect();
        Some(Funding {
            budgeted_in_current_apbd: budgeted,
            burdens_community: !self.funding_burdens.is_empty(),
            apbd_amount: digits.parse().ok(),
            budget_years: self.budget_years.parse().ok(),
        })
    }

    /// The SDG codes typed so far.
    pub(super) fn sdg_codes(&self) -> Vec<String> {
        self.sdgs
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The text the officer has typed, for SDG suggestions.
    pub(super) fn draft_text(&self) -> DraftText {
        DraftText {
            title_id: self.title_id.clone(),
            title_en: self.title_en.clone(),
            objects: self.objects.clone(),
            fields: self.fields.clone(),
            notes: [&self.complementarity, &self.people_to_people, &self.knowledge_transfer]
                .into_iter()
                .filter(|n| !n.is_empty())
                .cloned()
                .collect(),
        }
    }

    pub(super) fn party(&self) -> Option<PartyInput> {
        if let Some((kind, code)) = self.partner.split_once(':') {
            return match kind {
                "city" => code.parse().ok().map(|g| PartyInput {
                    geonameid: Some(g),
                    ..PartyInput::default()
                }),
                "subdivision" => Some(PartyInput {
                    subdivision_code: Some(code.to_owned()),
                    ..PartyInput::default()
                }),
                "region" => Some(PartyInput {
                    region_code: Some(code.to_owned()),
                    ..PartyInput::default()
                }),
                _ => None,
            };
        }
        if self.partner_name.is_empty() {
            return None;
        }
        let (kind, category) = match self.form.as_str() {
            "KSDLL" => ("foreign_institution", Some("development_partner")),
            _ => ("third_party", Some("private_company")),
        };
        Some(PartyInput {
            partner: Some(PartnerInput {
                kind: Some(kind.to_owned()),
                name: Some(self.partner_name.clone()),
                country: some(self.partner_country.clone()),
                category: category.map(str::to_owned),
                ..PartnerInput::default()
            }),
            ..PartyInput::default()
        })
    }

    pub(super) fn declarations(&self) -> Declarations {
        Declarations {
            opens_representative_office: match self.office_abroad.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            plan_links: self
                .plan_links
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            knowledge_transfer: some(self.knowledge_transfer.clone()),
            complementarity: some(self.complementarity.clone()),
            people_to_people: some(self.people_to_people.clone()),
            ..Declarations::default()
        }
    }

    pub(super) fn proposal(&self) -> ProposalInput {
        ProposalInput {
            form: some(self.form.clone()),
            subtype: some(self.subtype.clone()),
            region_code: some(self.region.clone()),
            partner: self.party(),
            objects: self.objects.clone(),
            other_object: None,
            fields: self.fields.clone(),
            declarations: self.declarations(),
        }
    }

    pub(super) fn case_input(&self) -> CaseInput {
        CaseInput {
            form: some(self.form.clone()),
            subtype: some(self.subtype.clone()),
            region_code: some(self.region.clone()),
            partner: self.party(),
            title_id: some(self.title_id.clone()),
            title_en: some(self.title_en.clone()),
            objects: self.objects.clone(),
            other_object: None,
            fields: self.fields.clone(),
            sdgs: self.sdg_codes(),
            declarations: self.declarations(),
            funding: matches!(self.form.as_str(), "KSDD" | "KSDPK")
                .then(|| self.funding())
                .flatten(),
            needs_dprd: false,
            renews: some(self.renews.clone()),
            uses_regional_assets: false,
        }
    }
}
