//! The law a registry record must obey whatever path it arrives by (API, import, web form):
//! no foreign partner in a country Indonesia has no diplomatic relations with (rule P1),
//! and — for a foreign agreement under the 2020 rules made outside Jalin — the approvals
//! the procedure would have required, without which the record is one *to verify*.

use super::{Agreement, DocumentTier, Party};
use crate::code_enum::code_enum;
use crate::codes::CountryCode;
use crate::eligibility::{RuleCode, rule};
use crate::error::FieldErrors;
use crate::reference::DiplomaticRelations;
use time::OffsetDateTime;

code_enum!(
    /// Whether Kemendagri has to check a registry record (see [`missing_approvals`]).
    #[derive(Default)]
    VerificationStatus {
        /// Lacks an approval the procedure requires; not counted as verified.
        ToVerify = "to_verify",
        /// Complete, case-born, not subject to the 2020 procedure, or verified by Kemendagri.
        #[default]
        Verified = "verified",
        /// Kemendagri found the record does not stand (the reason is kept).
        Rejected = "rejected",
    }
);

code_enum!(
    /// An approval the 2020 foreign-cooperation procedure requires before signing.
    Approval {
        /// Kemlu's confirmation of the draft text (Permendagri 25/2020 Pasal 21–23).
        KemluConfirmation = "kemlu_confirmation",
        /// The Minister of Home Affairs' approval (Pasal 24).
        MinisterApproval = "minister_approval",
        /// The DPRD's decision on the cooperation plan (Pasal 16–17).
        DprdDecision = "dprd_decision",
    }
);

/// The legal basis whose procedure requires the approvals.
pub const RULES_2020_FOREIGN: &str = "pmdn_25_2020";

/// The approvals the record lacks: only a signed foreign agreement (not a Letter of Intent,
/// which precedes them) under Permendagri 25/2020 needs them.
pub fn missing_approvals(a: &Agreement) -> Vec<Approval> {
    if !a.form.is_foreign()
        || a.legal_basis != RULES_2020_FOREIGN
        || a.tier == DocumentTier::Loi
        || !a.status.is_signed()
    {
        return Vec::new();
    }
    let given = |r: &Option<String>| r.as_deref().is_some_and(|s| !s.trim().is_empty());
    let mut out = Vec::new();
    if !given(&a.kemlu_confirmation_ref) {
        out.push(Approval::KemluConfirmation);
    }
    if !given(&a.minister_approval_ref) {
        out.push(Approval::MinisterApproval);
    }
    if !given(&a.dprd_decision_ref) {
        out.push(Approval::DprdDecision);
    }
    out
}

/// The verification status a record gets when it is stored. A case-born agreement went
/// through the procedure in Jalin; a complete record needs no check; Kemendagri's decision
/// on an incomplete record stands until the record is complete.
pub fn verification_after_change(
    a: &Agreement,
    case_born: bool,
    previous: Option<&Agreement>,
) -> (
    VerificationStatus,
    Option<String>,
    Option<String>,
    Option<OffsetDateTime>,
) {
    if case_born || missing_approvals(a).is_empty() {
        return match previous {
            Some(p) if p.verified_by.is_some() && p.verification == VerificationStatus::Verified => (
                VerificationStatus::Verified,
                p.verification_note.clone(),
                p.verified_by.clone(),
                p.verified_at,
            ),
            _ => (VerificationStatus::Verified, None, None, None),
        };
    }
    match previous {
        Some(p) if p.verified_by.is_some() => (
            p.verification,
            p.verification_note.clone(),
            p.verified_by.clone(),
            p.verified_at,
        ),
        _ => (VerificationStatus::ToVerify, None, None, None),
    }
}

/// Rule P1 applied to a record's resolved parties: a foreign party in a country with which
/// Indonesia has no diplomatic relations is refused, naming the rule and its article.
/// `relations` gives a country's name and its relations (for a territory, its sovereign's).
pub fn check_diplomatic_relations(
    foreign: bool,
    parties: &[Party],
    relations: impl Fn(&CountryCode) -> Option<(String, DiplomaticRelations)>,
) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !foreign {
        return errors;
    }
    let p1 = rule(RuleCode::P1);
    for (i, party) in parties.iter().enumerate() {
        let Some(country) = party.country_iso2.as_ref().filter(|c| !c.is_indonesia()) else {
            continue;
        };
        if let Some((name, DiplomaticRelations::No)) = relations(country) {
            errors.push(
                format!("parties[{i}]"),
                "no_diplomatic_relations",
                format!(
                    "{} ({}): Indonesia has no diplomatic relations with {name}; a region may not cooperate with a partner there",
                    p1.code, p1.article
                ),
            );
        }
    }
    errors
}
