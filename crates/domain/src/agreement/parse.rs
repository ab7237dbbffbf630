//! Parsing an [`AgreementInput`] into an [`AgreementDraft`]: every field is parsed, then
//! checked against the others (dates against status and legal basis, sub-type against
//! form), and every problem is reported with its field at once.

use super::{
    AgreementDraft, AgreementInput, AgreementStatus, ApprovalRefs, DocumentTier, Form, LegalObject, PartyRef, SubType,
};
use crate::codes::{SdgCode, UrusanCode};
use crate::error::FieldErrors;
use crate::ids::AgreementId;
use crate::legal_basis::{self, LegalBasis};
use crate::text::non_empty;
use time::Date;

const MAX_TITLE: usize = 500;
const MAX_TEXT: usize = 20_000;

/// The codes that classify an agreement, each present when given and valid.
struct Classification {
    form: Option<Form>,
    subtype: Option<SubType>,
    tier: Option<DocumentTier>,
    status: Option<AgreementStatus>,
}

/// Titles and descriptions, trimmed, with the language of the partner's versions.
struct Texts {
    title_id: Option<String>,
    title_en: Option<String>,
    title_partner: Option<String>,
    partner_language: Option<String>,
    description_id: Option<String>,
    description_en: Option<String>,
    description_partner: Option<String>,
}

struct Dates {
    signed_on: Option<Date>,
    effective_on: Option<Date>,
    expires_on: Option<Date>,
    open_ended: bool,
}

impl Dates {
    /// When the agreement starts: entry into force, else signing.
    fn start(&self) -> Option<Date> {
        self.effective_on.or(self.signed_on)
    }
}

fn parse_date(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<Date> {
    let value = non_empty(value)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match Date::parse(&value, format) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(
                field,
                "invalid_date",
                format!("'{value}' is not a date of the form YYYY-MM-DD"),
            );
            None
        }
    }
}

/// A date that must lie in the past (today at the latest).
fn parse_past_date(errors: &mut FieldErrors, field: &str, value: Option<&str>, today: Date) -> Option<Date> {
    let date = parse_date(errors, field, value)?;
    if date > today {
        errors.push(field, "in_future", format!("{date} lies in the future"));
        return None;
    }
    Some(date)
}

fn add_years(date: Date, years: i32) -> Date {
    let target_year = date.year() + years;
    Date::from_calendar_date(target_year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(target_year, date.month(), date.day() - 1))
        .unwrap_or(date)
}

impl AgreementInput {
    /// Parses and checks everything that can be checked without the database. `today` is
    /// the registry's current date (for "signed in the future" and status/date checks).
    pub fn parse(&self, today: Date) -> Result<AgreementDraft, FieldErrors> {
        // The order of the steps is the order in which problems are reported.
        let mut errors = FieldErrors::new();
        let id = non_empty(self.id.as_deref()).and_then(|v| errors.take("id", v.parse::<AgreementId>()));
        let class = self.parse_classification(&mut errors);
        let texts = self.parse_texts(&mut errors);
        check_classification(&mut errors, &class);
        let legal_basis = self.parse_legal_basis(&mut errors, class.form);
        let legal_basis_note = non_empty(self.legal_basis_note.as_deref());
        if let Some(basis) = legal_basis {
            check_basis_governs(&mut errors, basis, class.form, legal_basis_note.is_some());
        }
        let (objects, other_object) = self.parse_objects(&mut errors);
        let fields: Vec<UrusanCode> = errors.parse_list("fields", self.fields.as_deref());
        let sdgs: Vec<SdgCode> = errors.parse_list("sdgs", self.sdgs.as_deref());
        let dates = self.parse_dates(&mut errors, today);
        if let Some(status) = class.status {
            check_status_against_dates(&mut errors, status, &dates, today);
        }
        let approvals = self.parse_approvals(&mut errors, today);
        let (terminated_on, termination_reason) = self.parse_termination(&mut errors, class.status, &dates, today);
        if let Some(basis) = legal_basis {
            check_dates_against_basis(&mut errors, basis, &dates);
        }
        let (amends, renews) = self.parse_links(&mut errors, id, class.tier);
        let parties = self.parse_parties(&mut errors);
        let source = non_empty(self.source.as_deref());
        errors.check_max_chars("source", source.as_deref(), MAX_TITLE);

        match (class, legal_basis, texts.title_id) {
            (
                Classification {
                    form: Some(form),
                    subtype: Some(subtype),
                    tier: Some(tier),
                    status: Some(status),
                },
                Some(legal_basis),
                Some(title_id),
            ) if errors.is_empty() => Ok(AgreementDraft {
                id,
                form,
                subtype,
                tier,
                status,
                legal_basis,
                legal_basis_note,
                title_id,
                title_en: texts.title_en,
                title_partner: texts.title_partner,
                partner_language: texts.partner_language,
                description_id: texts.description_id,
                description_en: texts.description_en,
                description_partner: texts.description_partner,
                parties,
                objects,
                other_object,
                fields,
                sdgs,
                signed_on: dates.signed_on,
                effective_on: dates.effective_on,
                expires_on: dates.expires_on,
                open_ended: dates.open_ended,
                amends,
                renews,
                source,
                approvals,
                terminated_on,
                termination_reason,
            }),
            _ => Err(errors),
        }
    }

    /// The approvals' references and dates; a date needs its reference and lies in the past.
    fn parse_approvals(&self, errors: &mut FieldErrors, today: Date) -> ApprovalRefs {
        let mut one = |ref_field: &str, r: &Option<String>, on_field: &str, on: &Option<String>| {
            let reference = non_empty(r.as_deref());
            errors.check_max_chars(ref_field, reference.as_deref(), MAX_TITLE);
            let date = parse_past_date(errors, on_field, on.as_deref(), today);
            if date.is_some() && reference.is_none() {
                errors.push(
                    ref_field,
                    "required",
                    "give the letter's reference number with its date",
                );
            }
            (reference, date)
        };
        let (kemlu_confirmation_ref, kemlu_confirmation_on) = one(
            "kemlu_confirmation_ref",
            &self.kemlu_confirmation_ref,
            "kemlu_confirmation_on",
            &self.kemlu_confirmation_on,
        );
        let (minister_approval_ref, minister_approval_on) = one(
            "minister_approval_ref",
            &self.minister_approval_ref,
            "minister_approval_on",
            &self.minister_approval_on,
        );
        let (dprd_decision_ref, dprd_decision_on) = one(
            "dprd_decision_ref",
            &self.dprd_decision_ref,
            "dprd_decision_on",
            &self.dprd_decision_on,
        );
        ApprovalRefs {
            kemlu_confirmation_ref,
            kemlu_confirmation_on,
            minister_approval_ref,
            minister_approval_on,
            dprd_decision_ref,
            dprd_decision_on,
        }
    }

    /// The end of a terminated agreement: only with status `terminated`, in the past, not
    /// before the start.
    fn parse_termination(
        &self,
        errors: &mut FieldErrors,
        status: Option<AgreementStatus>,
        dates: &Dates,
        today: Date,
    ) -> (Option<Date>, Option<String>) {
        let on = parse_past_date(errors, "terminated_on", self.terminated_on.as_deref(), today);
        let reason = non_empty(self.termination_reason.as_deref());
        errors.check_max_chars("termination_reason", reason.as_deref(), MAX_TEXT);
        let terminated = status == Some(AgreementStatus::Terminated);
        if !terminated && status.is_some() {
            if on.is_some() {
                errors.push(
                    "terminated_on",
                    "not_allowed",
                    "only a terminated agreement has a termination date",
                );
            }
            if reason.is_some() {
                errors.push(
                    "termination_reason",
                    "not_allowed",
                    "only a terminated agreement has a termination reason",
                );
            }
        }
        if let (Some(end), Some(start)) = (on, dates.signed_on)
            && end < start
        {
            errors.push(
                "terminated_on",
                "before_signing",
                "an agreement cannot end before it was signed",
            );
        }
        (on, reason)
    }

    fn parse_classification(&self, errors: &mut FieldErrors) -> Classification {
        let form = errors
            .required("form", self.form.as_deref())
            .and_then(|v| errors.take("form", v.parse::<Form>()));
        let subtype = errors
            .required("subtype", self.subtype.as_deref())
            .and_then(|v| errors.take("subtype", v.parse::<SubType>()));
        let tier = errors
            .required("tier", self.tier.as_deref())
            .and_then(|v| errors.take("tier", v.parse::<DocumentTier>()));
        let status = errors
            .required("status", self.status.as_deref())
            .and_then(|v| errors.take("status", v.parse::<AgreementStatus>()));
        Classification {
            form,
            subtype,
            tier,
            status,
        }
    }

    fn parse_texts(&self, errors: &mut FieldErrors) -> Texts {
        let title_id = errors.required("title_id", self.title_id.as_deref());
        errors.check_max_chars("title_id", title_id.as_deref(), MAX_TITLE);
        let title_en = non_empty(self.title_en.as_deref());
        errors.check_max_chars("title_en", title_en.as_deref(), MAX_TITLE);
        let title_partner = non_empty(self.title_partner.as_deref());
        errors.check_max_chars("title_partner", title_partner.as_deref(), MAX_TITLE);
        let description_id = non_empty(self.description_id.as_deref());
        errors.check_max_chars("description_id", description_id.as_deref(), MAX_TEXT);
        let description_en = non_empty(self.description_en.as_deref());
        errors.check_max_chars("description_en", description_en.as_deref(), MAX_TEXT);
        let description_partner = non_empty(self.description_partner.as_deref());
        errors.check_max_chars("description_partner", description_partner.as_deref(), MAX_TEXT);
        let partner_language = non_empty(self.partner_language.as_deref()).map(|l| l.to_ascii_lowercase());
        let has_partner_text = title_partner.is_some() || description_partner.is_some();
        check_partner_language(errors, partner_language.as_deref(), has_partner_text);
        Texts {
            title_id,
            title_en,
            title_partner,
            partner_language,
            description_id,
            description_en,
            description_partner,
        }
    }

    fn parse_legal_basis(&self, errors: &mut FieldErrors, form: Option<Form>) -> Option<&'static LegalBasis> {
        match (non_empty(self.legal_basis.as_deref()), form) {
            (Some(code), _) => match legal_basis::find(&code) {
                Some(b) => Some(b),
                None => {
                    let all: Vec<&str> = legal_basis::LEGAL_BASES.iter().map(|b| b.code).collect();
                    errors.push(
                        "legal_basis",
                        "invalid_choice",
                        format!("'{code}' is not one of: {}", all.join(", ")),
                    );
                    None
                }
            },
            (None, Some(form)) => Some(legal_basis::current_for(form)),
            (None, None) => None,
        }
    }

    fn parse_objects(&self, errors: &mut FieldErrors) -> (Vec<LegalObject>, Option<String>) {
        let objects: Vec<LegalObject> = errors.parse_list("objects", self.objects.as_deref());
        let other_object = non_empty(self.other_object.as_deref());
        match (objects.contains(&LegalObject::Other), &other_object) {
            (true, None) => errors.push("other_object", "required", "describe the other object"),
            (false, Some(_)) => errors.push("other_object", "not_allowed", "only with the object 'other'"),
            _ => {}
        }
        (objects, other_object)
    }

    /// The dates, each in order: no signing in the future, entry into force not before
    /// signing, expiry after the start.
    fn parse_dates(&self, errors: &mut FieldErrors, today: Date) -> Dates {
        let dates = Dates {
            signed_on: parse_date(errors, "signed_on", self.signed_on.as_deref()),
            effective_on: parse_date(errors, "effective_on", self.effective_on.as_deref()),
            expires_on: parse_date(errors, "expires_on", self.expires_on.as_deref()),
            open_ended: self.open_ended.unwrap_or(false),
        };
        if let Some(s) = dates.signed_on
            && s > today
        {
            errors.push("signed_on", "in_future", "a signing date cannot be in the future");
        }
        if let (Some(s), Some(e)) = (dates.signed_on, dates.effective_on)
            && e < s
        {
            errors.push(
                "effective_on",
                "before_signing",
                "entry into force cannot precede signing",
            );
        }
        if let (Some(start), Some(end)) = (dates.start(), dates.expires_on)
            && end <= start
        {
            errors.push(
                "expires_on",
                "before_start",
                "the expiry date must fall after the start of the agreement",
            );
        }
        dates
    }

    /// The agreements this one amends or renews.
    fn parse_links(
        &self,
        errors: &mut FieldErrors,
        id: Option<AgreementId>,
        tier: Option<DocumentTier>,
    ) -> (Option<AgreementId>, Option<AgreementId>) {
        let amends = non_empty(self.amends.as_deref()).and_then(|v| errors.take("amends", v.parse::<AgreementId>()));
        let renews = non_empty(self.renews.as_deref()).and_then(|v| errors.take("renews", v.parse::<AgreementId>()));
        if tier == Some(DocumentTier::Amendment) && amends.is_none() && self.amends.is_none() {
            errors.push("amends", "required", "an amendment names the agreement it amends");
        }
        if amends.is_some() && amends == id && id.is_some() {
            errors.push("amends", "invalid_choice", "an agreement cannot amend itself");
        }
        (amends, renews)
    }

    fn parse_parties(&self, errors: &mut FieldErrors) -> Vec<PartyRef> {
        let mut parties = Vec::new();
        match &self.parties {
            None => errors.push("parties", "required", "list the parties"),
            Some(list) if list.is_empty() => errors.push("parties", "required", "list the parties"),
            Some(list) => {
                for (i, p) in list.iter().enumerate() {
                    match p.parse() {
                        Ok(r) => parties.push(r),
                        Err(e) => errors.extend_prefixed(&format!("parties[{i}]."), e),
                    }
                }
            }
        }
        parties
    }
}

fn check_partner_language(errors: &mut FieldErrors, language: Option<&str>, has_partner_text: bool) {
    match (language, has_partner_text) {
        (Some(lang), _) if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|c| c.is_ascii_lowercase()) => errors
            .push(
                "partner_language",
                "invalid_format",
                "an ISO 639 language code such as ko, de or ja",
            ),
        (None, true) => errors.push(
            "partner_language",
            "required",
            "name the language of the partner-language title/description",
        ),
        _ => {}
    }
}

/// The sub-type belongs to the form, and only foreign cooperation has a Letter of Intent.
fn check_classification(errors: &mut FieldErrors, class: &Classification) {
    if let (Some(form), Some(subtype)) = (class.form, class.subtype)
        && !form.subtypes().contains(&subtype)
    {
        let allowed: Vec<&str> = form.subtypes().iter().map(SubType::as_str).collect();
        errors.push(
            "subtype",
            "invalid_choice",
            format!("{form} has the sub-types {}", allowed.join(", ")),
        );
    }
    if let (Some(form), Some(tier)) = (class.form, class.tier)
        && tier == DocumentTier::Loi
        && !form.is_foreign()
    {
        errors.push(
            "tier",
            "invalid_choice",
            "a Letter of Intent belongs to foreign cooperation (KSDPL/KSDLL)",
        );
    }
}

/// The legal basis governs the form, and "other" comes with a note.
fn check_basis_governs(errors: &mut FieldErrors, basis: &LegalBasis, form: Option<Form>, has_note: bool) {
    if let Some(form) = form
        && !basis.forms.contains(&form)
    {
        errors.push(
            "legal_basis",
            "mismatch",
            format!("{} does not govern {form}", basis.code),
        );
    }
    if basis.code == "other" && !has_note {
        errors.push(
            "legal_basis_note",
            "required",
            "explain the legal basis when it is 'other'",
        );
    }
}

/// A signed status needs a date, and "in force"/"expired" must agree with the expiry date.
fn check_status_against_dates(errors: &mut FieldErrors, status: AgreementStatus, dates: &Dates, today: Date) {
    // Only an agreement signed and awaiting its entry into force has that date ahead.
    if let Some(e) = dates.effective_on
        && e > today
        && !(status == AgreementStatus::InForce && dates.signed_on.is_some())
    {
        errors.push(
            "effective_on",
            "in_future",
            format!("{e} lies in the future; only a signed agreement in force may enter into force later"),
        );
    }
    if status.is_signed() && dates.signed_on.is_none() && dates.effective_on.is_none() {
        errors.push(
            "signed_on",
            "required",
            format!("an agreement with status {status} needs its signing date"),
        );
    }
    if let Some(end) = dates.expires_on {
        if status == AgreementStatus::InForce && end < today {
            errors.push(
                "status",
                "inconsistent",
                format!("the agreement expired on {end}; its status is 'expired', not 'in_force'"),
            );
        }
        if status == AgreementStatus::Expired && end >= today {
            errors.push(
                "status",
                "inconsistent",
                format!("the agreement runs until {end}; it has not expired"),
            );
        }
    }
}

/// The legal basis decides whether an agreement may be open-ended, how long its term may
/// be, and the period in which it could be signed.
fn check_dates_against_basis(errors: &mut FieldErrors, basis: &LegalBasis, dates: &Dates) {
    if dates.open_ended {
        if dates.expires_on.is_some() {
            errors.push(
                "open_ended",
                "inconsistent",
                "an open-ended agreement has no expiry date",
            );
        }
        if !basis.allows_open_ended {
            errors.push(
                "open_ended",
                "not_allowed",
                format!("agreements under {} have a fixed term", basis.code),
            );
        }
    }
    if let (Some(years), Some(start), Some(end)) = (basis.max_term_years, dates.start(), dates.expires_on)
        && end > add_years(start, years)
    {
        errors.push(
            "expires_on",
            "term_too_long",
            format!(
                "the term may not exceed {years} years under {} (Permendagri 25/2020 Pasal 32)",
                basis.code
            ),
        );
    }
    if let Some(signed) = dates.signed_on {
        check_signing_in_basis_period(errors, basis, signed);
    }
}

fn check_signing_in_basis_period(errors: &mut FieldErrors, basis: &LegalBasis, signed: Date) {
    if let Some(from) = basis.in_force_from
        && signed < from
    {
        errors.push(
            "legal_basis",
            "not_yet_in_force",
            format!(
                "{} applied only from {from}; the agreement was signed on {signed}",
                basis.code
            ),
        );
    }
    if let Some(until) = basis.in_force_until
        && signed >= until
    {
        errors.push(
            "legal_basis",
            "revoked",
            format!(
                "{} was revoked on {until}; the agreement was signed on {signed}",
                basis.code
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::PartyInput;
    use std::collections::BTreeSet;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 28);

    fn sister_city() -> AgreementInput {
        AgreementInput {
            form: Some("KSDPL".into()),
            subtype: Some("sister_city".into()),
            tier: Some("mou".into()),
            status: Some("in_force".into()),
            title_id: Some("Kerja Sama Kota Kembar Bandung–Suwon".into()),
            parties: Some(vec![
                PartyInput {
                    region_code: Some("32.73".into()),
                    ..Default::default()
                },
                PartyInput {
                    geonameid: Some(1835553),
                    ..Default::default()
                },
            ]),
            objects: Some(vec!["cultural_exchange".into()]),
            fields: Some(vec!["1.01".into(), "1.01".into()]),
            sdgs: Some(vec!["4".into(), "4.1".into()]),
            signed_on: Some("2023-03-01".into()),
            expires_on: Some("2028-02-28".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_sister_city_parses_with_the_current_basis_and_deduplicated_lists() {
        let d = sister_city().parse(TODAY).unwrap();
        assert_eq!(d.legal_basis.code, "pmdn_25_2020");
        assert_eq!(d.fields.len(), 1);
        assert_eq!(d.parties.len(), 2);
    }

    #[test]
    fn term_longer_than_five_years_is_rejected_under_the_2020_rule() {
        let mut a = sister_city();
        a.expires_on = Some("2028-03-02".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(
            err.iter().any(|e| e.field == "expires_on" && e.code == "term_too_long"),
            "{err}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let a = AgreementInput {
            form: Some("KSDX".into()),
            tier: Some("loi".into()),
            signed_on: Some("2020-13-01".into()),
            sdgs: Some(vec!["19".into()]),
            parties: Some(vec![PartyInput::default()]),
            ..Default::default()
        };
        let err = a.parse(TODAY).unwrap_err();
        let fields: BTreeSet<&str> = err.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "form",
            "subtype",
            "status",
            "title_id",
            "signed_on",
            "sdgs[0]",
            "parties[0].",
        ] {
            assert!(fields.contains(f), "missing {f} in {err}");
        }
    }

    #[test]
    fn status_must_agree_with_the_dates() {
        let mut a = sister_city();
        a.signed_on = Some("2019-01-10".into());
        a.legal_basis = Some("pmdn_3_2008".into());
        a.expires_on = Some("2024-01-09".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(err.iter().any(|e| e.field == "status" && e.code == "inconsistent"));
        a.status = Some("expired".into());
        assert!(a.parse(TODAY).is_ok());
    }

    #[test]
    fn a_legal_basis_applies_only_in_its_period() {
        let mut a = sister_city();
        a.signed_on = Some("2019-05-01".into());
        a.expires_on = Some("2027-01-01".into());
        let err = a.parse(TODAY).unwrap_err();
        assert!(err.iter().any(|e| e.code == "not_yet_in_force"), "{err}");
        a.legal_basis = Some("pmdn_3_2008".into());
        assert!(a.parse(TODAY).is_ok());
        a.signed_on = Some("2021-01-01".into());
        assert!(a.parse(TODAY).unwrap_err().iter().any(|e| e.code == "revoked"));
    }

    #[test]
    fn open_ended_only_for_legacy_bases() {
        let mut a = sister_city();
        a.expires_on = None;
        a.open_ended = Some(true);
        assert!(a.parse(TODAY).unwrap_err().iter().any(|e| e.field == "open_ended"));
        a.legal_basis = Some("se_mendagri_1993".into());
        a.signed_on = Some("1997-08-27".into());
        assert!(a.parse(TODAY).is_ok());
    }
}
