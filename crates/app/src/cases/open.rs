//! Opening a case.

#[allow(unused_imports)]
use super::eligibility::*;
#[allow(unused_imports)]
use super::inputs::*;
use super::links;
#[allow(unused_imports)]
use super::support::*;
#[allow(unused_imports)]
use super::views::*;
use super::*;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::ports::store::Tx;
use crate::registry::agreements::check_codes;
use crate::registry::resolve::PartyResolver;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{
    AgreementDraft, AgreementStatus, DocumentTier, Form, LegalObject, Party, PartyRef, SubType,
};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::case::{Case, CaseEvent, EventKind};
use jalin_domain::codes::{RegionCode, SdgCode, UrusanCode};
use jalin_domain::ids::CaseId;
use jalin_domain::partner::{Partner, PartnerCategory};
use jalin_domain::procedure::{CaseFlag, ProcedureDef};
use jalin_domain::text::non_empty;
use std::collections::BTreeMap;

/// A case input that passed the format checks.
struct ParsedCaseInput {
    form: Form,
    subtype: SubType,
    region_code: RegionCode,
    title_id: String,
    partner_ref: PartyRef,
    objects: Vec<LegalObject>,
    fields: Vec<UrusanCode>,
    sdgs: Vec<SdgCode>,
}

impl Cases {
    /// Opens a case at the first stage of the procedure for its form.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn open_case(&self, ctx: &Ctx, input: &CaseInput) -> AppResult<CaseView> {
        let grant = require(ctx, Action::CaseOpen)?;
        let parsed = parse_case_input(input)?;
        let def = self.procedure_for(parsed.form, parsed.subtype)?;
        grant.check(grant.covers_region(&parsed.region_code), "a case for this region")?;
        let snapshot = self.reference();
        let Some(region) = snapshot.region(&parsed.region_code) else {
            return Err(AppError::invalid(
                "region_code",
                "unknown_reference",
                format!("there is no region {}", parsed.region_code),
            ));
        };
        // Reuse the agreement checks for fields and SDG codes.
        let errors = check_codes(&code_probe(&parsed), &snapshot);
        let mut tx = self.store.write().await?;
        let mut resolver = PartyResolver::new(&snapshot, ctx.now);
        let partner = resolve_case_parties(tx.as_mut(), &mut resolver, &parsed, errors).await?;
        let category = match resolver.new_partners.iter().find(|p| p.id == partner.partner_id) {
            Some(p) => p.category,
            None => tx.partners().get(partner.partner_id).await?.and_then(|p| p.category),
        };
        let (needs_dprd, funding) = links::dprd_from_funding(parsed.form, input.funding.as_ref(), input.needs_dprd)?;
        let renewed = links::renewed_agreement(
            tx.as_mut(),
            ctx,
            input.renews.as_deref(),
            parsed.form,
            &parsed.region_code,
        )
        .await?;
        let flags = case_flags(input, needs_dprd, category);
        let mut case = new_case(ctx, input, parsed, def, region.province_code.clone(), partner, flags);
        case.funding = funding;
        if let Some(old) = &renewed {
            case.renews = Some(old.id);
            case.state = links::renewal_start(def).to_owned();
        }
        write_opened_case(tx.as_mut(), ctx, &case, &resolver.new_partners).await?;
        tx.commit().await?;
        self.wake_search();
        tracing::info!(case = %case.id, procedure = def.code, actor = %ctx.actor.label(), "case opened");
        self.get_case(ctx, &case.id.to_string()).await
    }
}

/// The format checks of a case input, every problem reported at once.
fn parse_case_input(input: &CaseInput) -> AppResult<ParsedCaseInput> {
    let mut errors = FieldErrors::new();
    let form = match non_empty(input.form.as_deref()) {
        Some(f) => errors.take("form", f.parse::<Form>()),
        None => {
            errors.push("form", "required", "form is required");
            None
        }
    };
    let subtype = match non_empty(input.subtype.as_deref()) {
        Some(s) => errors.take("subtype", s.parse::<SubType>()),
        None => {
            errors.push("subtype", "required", "subtype is required");
            None
        }
    };
    let region_code = match non_empty(input.region_code.as_deref()) {
        Some(r) => errors.take("region_code", r.parse::<RegionCode>()),
        None => {
            errors.push("region_code", "required", "region_code is required");
            None
        }
    };
    let title_id = non_empty(input.title_id.as_deref());
    if title_id.is_none() {
        errors.push("title_id", "required", "title_id is required");
    }
    let partner_ref = match &input.partner {
        None => {
            errors.push("partner", "required", "name the partner");
            None
        }
        Some(p) => match p.parse() {
            Ok(r) => Some(r),
            Err(e) => {
                errors.extend_prefixed("partner.", e);
                None
            }
        },
    };
    let objects: Vec<LegalObject> = parse_codes(&mut errors, "objects", &input.objects);
    let fields: Vec<UrusanCode> = parse_codes(&mut errors, "fields", &input.fields);
    let sdgs: Vec<SdgCode> = parse_codes(&mut errors, "sdgs", &input.sdgs);
    if let (Some(f), Some(s)) = (form, subtype)
        && !f.subtypes().contains(&s)
    {
        errors.push("subtype", "invalid_choice", format!("{s} is not a sub-type of {f}"));
    }
    let (Some(form), Some(subtype), Some(region_code), Some(title_id), Some(partner_ref)) =
        (form, subtype, region_code, title_id, partner_ref)
    else {
        return Err(AppError::Invalid(errors));
    };
    errors.finish(())?;
    Ok(ParsedCaseInput {
        form,
        subtype,
        region_code,
        title_id,
        partner_ref,
        objects,
        fields,
        sdgs,
    })
}

/// An agreement draft carrying the case's codes, for the registry's code checks.
fn code_probe(parsed: &ParsedCaseInput) -> AgreementDraft {
    AgreementDraft {
        id: None,
        form: parsed.form,
        subtype: parsed.subtype,
        tier: DocumentTier::Mou,
        status: AgreementStatus::Draft,
        legal_basis: jalin_domain::legal_basis::current_for(parsed.form),
        legal_basis_note: None,
        title_id: parsed.title_id.clone(),
        title_en: None,
        title_partner: None,
        partner_language: None,
        description_id: None,
        description_en: None,
        description_partner: None,
        parties: vec![],
        objects: parsed.objects.clone(),
        other_object: None,
        fields: parsed.fields.clone(),
        sdgs: parsed.sdgs.clone(),
        signed_on: None,
        effective_on: None,
        expires_on: None,
        open_ended: false,
        amends: None,
        renews: None,
        source: None,
        approvals: Default::default(),
        terminated_on: None,
        termination_reason: None,
    }
}

/// Resolves the region and the partner (new partners stay in the resolver) and checks that
/// they may make this kind of agreement; `errors` holds the problems found so far.
async fn resolve_case_parties(
    tx: &mut dyn Tx,
    resolver: &mut PartyResolver<'_>,
    parsed: &ParsedCaseInput,
    mut errors: FieldErrors,
) -> AppResult<Party> {
    let region_ref = PartyRef::Region(parsed.region_code.clone());
    tx.partners().lock_creation().await?;
    resolver
        .prefetch(tx, &[&region_ref, &parsed.partner_ref], false)
        .await?;
    let region_party = resolver.resolve(&region_ref, &mut errors, "region_code");
    let partner = resolver.resolve(&parsed.partner_ref, &mut errors, "partner");
    if let (Some(r), Some(p)) = (&region_party, &partner) {
        let composition = jalin_domain::agreement::check_parties(parsed.form, parsed.subtype, &[r.clone(), p.clone()]);
        for e in composition.0 {
            errors.push("partner", &e.code, e.message);
        }
    }
    errors.finish(())?;
    let (Some(_), Some(partner)) = (region_party, partner) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "party resolution returned nothing without errors"
        )));
    };
    Ok(partner)
}

/// The procedure flags a new case starts with.
fn case_flags(input: &CaseInput, needs_dprd: bool, category: Option<PartnerCategory>) -> Vec<CaseFlag> {
    let mut flags = Vec::new();
    if needs_dprd {
        flags.push(CaseFlag::NeedsDprd);
    }
    if input.uses_regional_assets {
        flags.push(CaseFlag::UsesRegionalAssets);
    }
    if category == Some(PartnerCategory::ForeignNonProfit) {
        flags.push(CaseFlag::ForeignNonProfit);
    }
    flags
}

fn new_case(
    ctx: &Ctx,
    input: &CaseInput,
    parsed: ParsedCaseInput,
    def: &ProcedureDef,
    province_code: RegionCode,
    partner: Party,
    flags: Vec<CaseFlag>,
) -> Case {
    Case {
        id: CaseId::new(),
        procedure: def.code.to_owned(),
        procedure_version: def.version,
        form: parsed.form,
        subtype: parsed.subtype,
        region_code: parsed.region_code,
        province_code,
        partner,
        title_id: parsed.title_id,
        title_en: non_empty(input.title_en.as_deref()),
        objects: parsed.objects,
        other_object: non_empty(input.other_object.as_deref()),
        fields: parsed.fields,
        sdgs: parsed.sdgs,
        declarations: input.declarations.clone(),
        flags,
        state: def.initial.to_owned(),
        state_since: ctx.now,
        values: BTreeMap::new(),
        agreement_id: None,
        renews_case: None,
        renews: None,
        funding: None,
        created_by: ctx.actor.label(),
        created_at: ctx.now,
        updated_at: ctx.now,
        version: 1,
    }
}

/// Stores a new case with its opening event, the partners it brought, its audit event and
/// its search-index log, inside the caller's transaction.
async fn write_opened_case(tx: &mut dyn Tx, ctx: &Ctx, case: &Case, new_partners: &[Partner]) -> AppResult<()> {
    let opened = CaseEvent {
        seq: 1,
        kind: EventKind::Opened,
        transition: None,
        from_state: None,
        to_state: Some(case.state.clone()),
        rule: None,
        outcome: None,
        actor: ctx.actor.label(),
        role: ctx.actor.role(),
        note: case.renews.map(|a| format!("Renewal of agreement {a}")),
        data: BTreeMap::new(),
        documents: Vec::new(),
        at: ctx.now,
        request_id: ctx.request_id.clone(),
    };
    tx.partners().insert(new_partners).await?;
    tx.cases().insert(case, &opened).await?;
    tx.audit()
        .append(
            &audit::event(ctx, codes::CASE_OPENED, "case", case.id)
                .region(Some(&case.region_code))
                .after(serde_json::json!({
                    "procedure": case.procedure,
                    "form": case.form.as_str(),
                    "subtype": case.subtype.as_str(),
                    "title_id": case.title_id,
                    "state": case.state,
                    "renews": case.renews.map(|a| a.to_string()),
                    "funding": case.funding,
                })),
        )
        .await?;
    let mut keys = vec![crate::search::case_key(case.id)];
    keys.extend(new_partners.iter().map(|p| crate::search::partner_key(p.id)));
    crate::search::log(tx, keys, ctx.now).await?;
    Ok(())
}
