//! Eligibility and procedure requirements (PP 28/2018 Pasal 27 and Permendagri 25/2020;
//! legal-domain.md §4 as corrected by legal-articles.md Q6). Each rule is evaluated
//! automatically, by a person (attestation), or both; every result explains itself in
//! Indonesian and English and names its article.

mod approvals;
mod catalogue;
mod dates;
mod parties;
mod subject;

pub use catalogue::{REQUIRED_CLAUSES, RULES, article_for, rule};

use crate::agreement::{Form, LegalObject, SubType};
use crate::code_enum::code_enum;
use crate::partner::{ForeignLevel, PartnerCategory, PartnerKind};
use crate::reference::{DiplomaticRelations, Region, Urusan};
use crate::role::Role;
use serde::{Deserialize, Serialize};
use time::Date;

code_enum!(
    /// A requirement.
    RuleCode {
        P1 = "P1",
        P2 = "P2",
        P3 = "P3",
        P4 = "P4",
        P5 = "P5",
        P6 = "P6",
        P7 = "P7",
        P8 = "P8",
        P9 = "P9",
        P10 = "P10",
        P11 = "P11",
        P12 = "P12",
        P13 = "P13",
        P15 = "P15",
        P16 = "P16",
        P17 = "P17",
        /// The LoI is at most one year old (Pasal 13 ayat (3)).
        LoiValid = "R-LOI",
        /// The draft text has the clauses of Pasal 20 ayat (5).
        DraftClauses = "R-NASKAH",
        /// The term is at most five years (Pasal 32).
        Term = "R-JANGKA",
        /// An extension is requested at least six months before expiry (Pasal 33).
        ExtensionDeadline = "R-PERPANJANGAN",
    }
);

/// How a rule is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Mode {
    /// From data alone.
    Automatic,
    /// By a named role's attestation.
    Manual,
    /// Data first, a person confirms.
    Hybrid,
}

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    Pass,
    Fail,
    NeedsReview,
    Waived,
    /// Not required for this cooperation.
    NotApplicable,
    /// Checked at a later stage; nothing to decide yet.
    Pending,
}

impl Outcome {
    /// Whether a transition guarded by this rule may go ahead.
    pub fn allows(&self) -> bool {
        matches!(self, Self::Pass | Self::Waived | Self::NotApplicable)
    }
}

/// The static description of a rule.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleDef {
    pub code: RuleCode,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub article: &'static str,
    pub mode: Mode,
    /// Roles whose attestation decides a manual or hybrid rule.
    pub attested_by: &'static [Role],
    /// Roles that may waive a failed rule (none: it cannot be waived).
    pub waivable_by: &'static [Role],
}

/// The partner as far as eligibility needs to know it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerFacts {
    pub name: String,
    pub kind: Option<PartnerKind>,
    pub country_iso2: Option<String>,
    pub country_name: Option<String>,
    pub relations: Option<DiplomaticRelations>,
    /// For a territory, the sovereign's relations.
    pub sovereign_relations: Option<DiplomaticRelations>,
    pub level: Option<ForeignLevel>,
    pub category: Option<PartnerCategory>,
}

/// Declarations and narratives the region gives with a proposal or case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Declarations {
    /// Whether the cooperation would open or rent an office abroad.
    pub opens_representative_office: Option<bool>,
    /// References to RPJMN/RPJMD/RKPD programmes the cooperation serves.
    #[serde(default)]
    pub plan_links: Vec<String>,
    /// How knowledge is transferred to Indonesian staff (needed for science and technology).
    pub knowledge_transfer: Option<String>,
    /// How the two sides complement each other.
    pub complementarity: Option<String>,
    /// The people-to-people activities planned.
    pub people_to_people: Option<String>,
    /// For KSDLL continuation: the central-government agreement being continued.
    pub central_agreement: Option<String>,
    /// Clause keys of Pasal 20 ayat (5) the draft text contains (see REQUIRED_CLAUSES).
    #[serde(default)]
    pub draft_clauses: Vec<String>,
}

/// Everything the evaluators look at.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub form: Form,
    pub subtype: SubType,
    pub region: Option<&'a Region>,
    pub partner: PartnerFacts,
    pub objects: &'a [LegalObject],
    pub other_object: Option<&'a str>,
    pub fields: Vec<&'a Urusan>,
    pub unknown_fields: Vec<String>,
    pub declarations: &'a Declarations,
    /// Documents on file for the case (kinds).
    pub documents: &'a [crate::documents::DocumentKind],
    /// DPRD approval was deemed given by its timer.
    pub dprd_deemed: bool,
    /// Whether the DPRD must approve a domestic cooperation, from the funding recorded
    /// (PP 28/2018 Pasal 6 ayat (2)); `None` when not known (and for foreign cooperation,
    /// where it always must).
    pub dprd_required: Option<bool>,
    /// Whether the region sent last year's annual report: `None` when it had no foreign
    /// cooperation in force last year.
    pub annual_report_sent: Option<bool>,
    pub loi_signed_on: Option<Date>,
    pub signed_on: Option<Date>,
    pub expires_on: Option<Date>,
    /// The expiry of the agreement being extended, and the request date.
    pub extension: Option<(Date, Date)>,
    pub renewal: bool,
    pub today: Date,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleResult {
    pub rule: RuleCode,
    pub title_id: &'static str,
    pub title_en: &'static str,
    pub article: &'static str,
    pub mode: Mode,
    pub outcome: Outcome,
    pub explanation_id: String,
    pub explanation_en: String,
    /// Who decided a manual outcome or waiver, and why.
    pub decided_by: Option<String>,
    pub reason: Option<String>,
}

fn result(code: RuleCode, outcome: Outcome, id: impl Into<String>, en: impl Into<String>) -> RuleResult {
    let def = rule(code);
    RuleResult {
        rule: code,
        title_id: def.title_id,
        title_en: def.title_en,
        article: def.article,
        mode: def.mode,
        outcome,
        explanation_id: id.into(),
        explanation_en: en.into(),
        decided_by: None,
        reason: None,
    }
}

fn has(facts: &Facts<'_>, kind: crate::documents::DocumentKind) -> bool {
    facts.documents.contains(&kind)
}

fn text_given(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// How one rule is decided from the facts.
type Evaluator = fn(&Facts<'_>) -> RuleResult;

/// Every rule's evaluator, in the order of [`RuleCode::ALL`] (a test keeps it complete).
const EVALUATORS: &[(RuleCode, Evaluator)] = &[
    (RuleCode::P1, parties::p1_diplomatic_relations),
    (RuleCode::P2, subject::p2_regional_authority),
    (RuleCode::P3, subject::p3_no_office_abroad),
    (RuleCode::P4, parties::p4_no_interference),
    (RuleCode::P5, subject::p5_development_plans),
    (RuleCode::P6, subject::p6_knowledge_transfer),
    (RuleCode::P7, parties::p7_equal_status),
    (RuleCode::P8, subject::p8_complementarity),
    (RuleCode::P9, subject::p9_people_to_people),
    (RuleCode::P10, subject::p10_lawful_objects),
    (RuleCode::P11, approvals::p11_ministers_approval),
    (RuleCode::P12, approvals::p12_dprd_approval),
    (RuleCode::P13, subject::p13_ksdll_basis),
    (RuleCode::P15, parties::p15_non_profit_permits),
    (RuleCode::P16, parties::p16_autonomous_region),
    (RuleCode::P17, approvals::p17_annual_report),
    (RuleCode::LoiValid, dates::loi_valid),
    (RuleCode::DraftClauses, approvals::draft_clauses),
    (RuleCode::Term, dates::term),
    (RuleCode::ExtensionDeadline, dates::extension_deadline),
];

/// Evaluates one rule from the facts alone (manual decisions are applied by the caller);
/// the result names the article of the cooperation's own regulation.
pub fn evaluate(code: RuleCode, f: &Facts<'_>) -> RuleResult {
    for (rule_code, evaluator) in EVALUATORS {
        if *rule_code == code {
            let mut r = evaluator(f);
            r.article = article_for(code, f.form);
            return r;
        }
    }
    // Unreachable while the table is complete; a person decides what no evaluator covers.
    result(
        code,
        Outcome::NeedsReview,
        "Persyaratan ini dinilai oleh peninjau.",
        "A reviewer decides this requirement.",
    )
}

fn not_applicable(code: RuleCode, why_id: &str, why_en: &str) -> RuleResult {
    result(code, Outcome::NotApplicable, why_id, why_en)
}

/// The usual "not applicable" of a rule that only foreign cooperation must meet.
fn foreign_only(code: RuleCode) -> RuleResult {
    not_applicable(
        code,
        "Hanya untuk kerja sama luar negeri.",
        "Only for foreign cooperation.",
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// The rules a proposal of this form is evaluated against.
pub fn rules_for(form: Form) -> Vec<RuleCode> {
    use RuleCode::*;
    match form {
        Form::Ksdpl => vec![P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P16, P17],
        Form::Ksdll => vec![P1, P2, P3, P4, P5, P6, P10, P11, P12, P13, P15, P16, P17],
        Form::Ksdd | Form::Ksdpk => vec![P2, P5, P12, P16],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::DocumentKind as D;
    use crate::reference::RegionType;
    use time::macros::date;

    #[test]
    fn every_rule_has_exactly_one_evaluator_in_catalogue_order() {
        let codes: Vec<RuleCode> = EVALUATORS.iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, RuleCode::ALL);
    }

    fn region(code: &str, kind: RegionType) -> Region {
        Region {
            code: code.parse().unwrap(),
            name: format!("Daerah {code}"),
            short_name: code.to_owned(),
            region_type: kind,
            is_administrative: false,
            province_code: code[..2].parse().unwrap(),
            province_name: "P".into(),
            province_name_en: None,
            province_iso_3166_2: None,
            capital: None,
            latitude: None,
            longitude: None,
            elevation_m: None,
            utc_offset: Some(8),
            population: None,
            population_male: None,
            population_female: None,
            area_km2: None,
            is_daerah_tertinggal: false,
            land_border_countries: vec![],
            outermost_small_islands: 0,
        }
    }

    fn facts<'a>(r: &'a Region, d: &'a Declarations, docs: &'a [D], partner: PartnerFacts) -> Facts<'a> {
        Facts {
            form: Form::Ksdpl,
            subtype: SubType::SisterCity,
            region: Some(r),
            partner,
            objects: &[LegalObject::CulturalExchange],
            other_object: None,
            fields: vec![],
            unknown_fields: vec![],
            declarations: d,
            documents: docs,
            dprd_deemed: false,
            dprd_required: None,
            annual_report_sent: None,
            loi_signed_on: None,
            signed_on: None,
            expires_on: None,
            extension: None,
            renewal: false,
            today: date!(2026 - 11 - 28),
        }
    }

    fn partner(country: &str, relations: DiplomaticRelations, level: ForeignLevel) -> PartnerFacts {
        PartnerFacts {
            name: "Mitra".into(),
            kind: Some(PartnerKind::ForeignRegionalGovernment),
            country_iso2: Some(country.into()),
            country_name: Some(country.into()),
            relations: Some(relations),
            sovereign_relations: None,
            level: Some(level),
            category: None,
        }
    }

    #[test]
    fn p1_fails_without_diplomatic_relations() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        for country in ["IL", "TW"] {
            let f = facts(
                &r,
                &d,
                &[],
                partner(country, DiplomaticRelations::No, ForeignLevel::Local),
            );
            let res = evaluate(RuleCode::P1, &f);
            assert_eq!(res.outcome, Outcome::Fail);
            assert!(res.explanation_id.contains("tidak mempunyai hubungan diplomatik"));
            assert!(res.explanation_en.contains(country));
            assert!(res.article.contains("Pasal 27"));
            assert!(rule(RuleCode::P1).waivable_by.is_empty(), "P1 cannot be waived");
        }
        let jp = facts(
            &r,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        assert_eq!(evaluate(RuleCode::P1, &jp).outcome, Outcome::Pass);
        let mut territory = partner("GU", DiplomaticRelations::NotApplicable, ForeignLevel::Local);
        territory.sovereign_relations = Some(DiplomaticRelations::Yes);
        assert_eq!(
            evaluate(RuleCode::P1, &facts(&r, &d, &[], territory)).outcome,
            Outcome::Pass
        );
    }

    #[test]
    fn p7_a_province_with_a_city_fails_and_can_be_waived_by_kemendagri() {
        let province = region("64", RegionType::Provinsi);
        let d = Declarations::default();
        let f = facts(
            &province,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        let res = evaluate(RuleCode::P7, &f);
        assert_eq!(res.outcome, Outcome::Fail);
        assert!(rule(RuleCode::P7).waivable_by.contains(&Role::KemendagriReviewer));
        let ok = facts(
            &province,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::FirstLevel),
        );
        assert_eq!(evaluate(RuleCode::P7, &ok).outcome, Outcome::Pass);
    }

    #[test]
    fn p11_signing_needs_the_ministers_approval_based_on_the_confirmation() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        let p = partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local);
        let only_confirmation = [D::SuratKonfirmasi];
        let res = evaluate(RuleCode::P11, &facts(&r, &d, &only_confirmation, p.clone()));
        assert_eq!(res.outcome, Outcome::Fail);
        assert!(res.explanation_en.contains("approval is missing"));
        let both = [D::SuratKonfirmasi, D::PersetujuanMenteri];
        assert_eq!(evaluate(RuleCode::P11, &facts(&r, &d, &both, p)).outcome, Outcome::Pass);
    }

    #[test]
    fn domestic_rules_cite_permendagri_22_2020_and_pp_28_2018() {
        let r = region("32.73", RegionType::Kota);
        let d = Declarations::default();
        let mut f = facts(&r, &d, &[], PartnerFacts::default());
        f.form = Form::Ksdd;
        f.subtype = SubType::Voluntary;
        f.dprd_required = Some(false);
        let p12 = evaluate(RuleCode::P12, &f);
        assert_eq!(p12.outcome, Outcome::NotApplicable);
        assert!(p12.article.contains("PP 28/2018 Pasal 6 ayat (2)"), "{}", p12.article);
        f.dprd_required = Some(true);
        let p12 = evaluate(RuleCode::P12, &f);
        assert_eq!(p12.outcome, Outcome::Pending);
        assert!(p12.explanation_en.contains("45 days") && !p12.explanation_en.contains("working"));
        f.signed_on = Some(date!(2026 - 01 - 10));
        f.expires_on = Some(date!(2032 - 01 - 10));
        let term = evaluate(RuleCode::Term, &f);
        assert_eq!(term.outcome, Outcome::Fail);
        assert_eq!(term.article, "Permendagri 22/2020 Pasal 9 ayat (3)");
        assert_eq!(
            evaluate(RuleCode::ExtensionDeadline, &f).outcome,
            Outcome::NotApplicable
        );
        f.form = Form::Ksdpk;
        f.subtype = SubType::PublicService;
        assert_eq!(
            evaluate(RuleCode::Term, &f).article,
            "Permendagri 22/2020 Pasal 32 ayat (3)"
        );
        for code in RuleCode::ALL {
            for form in [Form::Ksdd, Form::Ksdpk] {
                assert!(!article_for(*code, form).contains("25/2020"), "{code} {form}");
            }
        }
    }

    #[test]
    fn p6_and_term_and_extension_deadline() {
        let r = region("64.02", RegionType::Kabupaten);
        let d = Declarations::default();
        let mut f = facts(
            &r,
            &d,
            &[],
            partner("JP", DiplomaticRelations::Yes, ForeignLevel::Local),
        );
        f.objects = &[LegalObject::ScienceTechnology];
        assert_eq!(evaluate(RuleCode::P6, &f).outcome, Outcome::Fail);
        f.signed_on = Some(date!(2026 - 01 - 10));
        f.expires_on = Some(date!(2031 - 01 - 10));
        assert_eq!(evaluate(RuleCode::Term, &f).outcome, Outcome::Pass);
        f.expires_on = Some(date!(2031 - 01 - 11));
        assert_eq!(evaluate(RuleCode::Term, &f).outcome, Outcome::Fail);
        f.extension = Some((date!(2027 - 06 - 30), date!(2026 - 12 - 30)));
        assert_eq!(evaluate(RuleCode::ExtensionDeadline, &f).outcome, Outcome::Pass);
        f.extension = Some((date!(2027 - 06 - 30), date!(2026 - 12 - 31)));
        assert_eq!(evaluate(RuleCode::ExtensionDeadline, &f).outcome, Outcome::Fail);
    }
}
