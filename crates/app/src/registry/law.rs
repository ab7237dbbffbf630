//! The law every registry path applies (API create and patch, CSV/JSON import, the web
//! form): the pure rules are in `jalin_domain::agreement` (law.rs); here they meet the
//! reference data and the store.

use crate::AppResult;
use crate::ports::store::Tx;
use crate::reference::ReferenceSnapshot;
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, Form, Party, check_diplomatic_relations, verification_after_change};
use jalin_domain::reference::DiplomaticRelations;

/// Rule P1 over resolved parties: no foreign partner in a country Indonesia has no
/// diplomatic relations with (a territory follows its sovereign).
pub(crate) fn check_partner_countries(form: Form, parties: &[Party], reference: &ReferenceSnapshot) -> FieldErrors {
    check_diplomatic_relations(form.is_foreign(), parties, |code| {
        let country = reference.country(code)?;
        let relations = match country.diplomatic_relations {
            DiplomaticRelations::NotApplicable => country
                .sovereign_iso2
                .as_ref()
                .and_then(|s| reference.country(s))
                .map(|s| s.diplomatic_relations)
                .unwrap_or(DiplomaticRelations::NotApplicable),
            other => other,
        };
        Some((country.name_en.clone(), relations))
    })
}

/// Sets the verification status of an agreement about to be stored (new, or changed from
/// `previous`): a 2020-rules foreign record made outside Jalin that lacks an approval is
/// to verify.
pub(crate) async fn set_verification(
    tx: &mut dyn Tx,
    agreement: &mut Agreement,
    previous: Option<&Agreement>,
) -> AppResult<()> {
    let case_born = match previous {
        Some(p) => !tx.agreements().case_born(&[p.id]).await?.is_empty(),
        None => false,
    };
    apply_verification(agreement, case_born, previous);
    Ok(())
}

/// [`set_verification`] when whether the agreement is case-born is already known.
pub(crate) fn apply_verification(agreement: &mut Agreement, case_born: bool, previous: Option<&Agreement>) {
    let (status, note, by, at) = verification_after_change(agreement, case_born, previous);
    agreement.verification = status;
    agreement.verification_note = note;
    agreement.verified_by = by;
    agreement.verified_at = at;
}
