//! What a case is tied to beyond its procedure: the registry agreement it renews (any
//! signed record, legacy ones too), the funding that decides the DPRD's part in a domestic
//! cooperation, and the dates that must already have happened.

use super::support::parse_date;
use crate::authz::{Visibility, require};
use crate::ctx::Ctx;
use crate::ports::store::Tx;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementStatus, Form};
use jalin_domain::authz::Action;
use jalin_domain::codes::RegionCode;
use jalin_domain::ids::AgreementId;
use jalin_domain::procedure::funding::Funding;
use jalin_domain::procedure::{PAST_DATES, ProcedureDef, definitions};
use std::collections::BTreeMap;
use time::Date;

/// The registry agreement a new case renews, checked: it exists and the caller may see it,
/// the case's region is party to it, it has the case's form, and it was signed (in force or
/// expired). Every refusal is a 422 on `renews`.
pub(super) async fn renewed_agreement(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    renews: Option<&str>,
    form: Form,
    region: &RegionCode,
) -> AppResult<Option<Agreement>> {
    let Some(raw) = renews.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let id: AgreementId = raw
        .parse()
        .map_err(|_| AppError::invalid("renews", "invalid_format", format!("'{raw}' is not an agreement id")))?;
    let visibility = require(ctx, Action::RegistryRead)
        .map(|g| g.registry_visibility())
        .unwrap_or(Visibility::Public);
    // An agreement the caller may not see is reported as unknown, not as forbidden.
    let Some(agreement) = tx
        .agreements()
        .get(id)
        .await?
        .filter(|a| visibility.shows(a.status, a.region_codes()))
    else {
        return Err(AppError::invalid(
            "renews",
            "unknown_reference",
            format!("there is no agreement {id}"),
        ));
    };
    if !agreement.region_codes().any(|r| r == region) {
        return Err(AppError::invalid(
            "renews",
            "not_a_party",
            format!("region {region} is not a party to agreement {id}; a region renews its own agreements"),
        ));
    }
    if agreement.form != form {
        return Err(AppError::invalid(
            "renews",
            "form_mismatch",
            format!("agreement {id} is a {}; a {form} case cannot renew it", agreement.form),
        ));
    }
    if !matches!(agreement.status, AgreementStatus::InForce | AgreementStatus::Expired) {
        return Err(AppError::invalid(
            "renews",
            "not_renewable",
            format!(
                "agreement {id} is {}; only a signed agreement in force or expired can be renewed (Permendagri 25/2020 Pasal 33–34, Pasal 42 huruf b)",
                agreement.status
            ),
        ));
    }
    Ok(Some(agreement))
}

/// Where a renewal starts: a foreign cooperation skips the initiative, exploration and LoI
/// (the partners already cooperate) and starts at the cooperation plan, as a renewal opened
/// from a case does; the others start at the beginning.
pub(super) fn renewal_start(def: &ProcedureDef) -> &'static str {
    if def.code == definitions::FOREIGN.code
        && let Some(s) = def.state("rencana_disusun")
    {
        return s.code;
    }
    def.initial
}

/// Whether the DPRD must approve, and the funding recorded: from `funding` (PP 28/2018
/// Pasal 6 ayat (2)), else from the older `needs_dprd`. Funding is for domestic
/// cooperation only; sent with `needs_dprd`, the two must agree.
pub(super) fn dprd_from_funding(
    form: Form,
    funding: Option<&Funding>,
    needs_dprd: bool,
) -> AppResult<(bool, Option<Funding>)> {
    let Some(f) = funding else {
        return Ok((needs_dprd, None));
    };
    let mut errors = FieldErrors::new();
    if form.is_foreign() {
        errors.push(
            "funding",
            "not_applicable",
            "funding decides the DPRD's part only for KSDD and KSDPK; foreign cooperation always needs the DPRD (Permendagri 25/2020 Pasal 16)",
        );
    }
    if f.apbd_amount.is_some_and(|a| a < 0) {
        errors.push("funding.apbd_amount", "out_of_range", "an amount cannot be negative");
    }
    if f.budget_years.is_some_and(|y| !(1..=30).contains(&y)) {
        errors.push("funding.budget_years", "out_of_range", "between 1 and 30 budget years");
    }
    if needs_dprd && !f.needs_dprd() {
        errors.push(
            "needs_dprd",
            "inconsistent",
            "needs_dprd says the DPRD must approve, but the funding sent does not need it (PP 28/2018 Pasal 6 ayat (2)); send only funding",
        );
    }
    errors.finish(())?;
    Ok((f.needs_dprd(), Some(f.clone())))
}

/// Refuses values and document dates that record something that already happened but lie
/// after `today` (`in_future`).
pub(super) fn check_past_dates(
    data: &BTreeMap<String, String>,
    issued: &[(usize, Option<String>)],
    today: Date,
) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    for key in PAST_DATES {
        if let Some(d) = data.get(*key).and_then(|v| parse_date(v))
            && d > today
        {
            errors.push(
                format!("data.{key}"),
                "in_future",
                format!("{key} {d} lies in the future; it records what already happened"),
            );
        }
    }
    for (i, v) in issued {
        if let Some(d) = v.as_deref().and_then(parse_date)
            && d > today
        {
            errors.push(
                format!("documents[{i}].issued_on"),
                "in_future",
                format!("a document issued on {d} lies in the future"),
            );
        }
    }
    errors.finish(())?;
    Ok(())
}
