//! Firing a transition, and what it does to the registry (the agreement a case brings
//! into force, a renewal case).

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
use crate::ports::store::{Activity, StoreError, Tx};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementDraft, AgreementStatus, DocumentTier, Party};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::case::{Case, CaseDocument, CaseEvent, DocumentFile, EventKind};
use jalin_domain::documents::DocumentKind;
use jalin_domain::files::FileFormat;
use jalin_domain::ids::{AgreementId, CaseId, DocumentId};
use jalin_domain::partner::PartnerKind;
use jalin_domain::procedure::engine::{self, CaseFacts};
use jalin_domain::procedure::{Phase, ProcedureDef, Side, StateDef, TransitionDef, definitions};
use jalin_domain::text::non_empty;
use std::collections::BTreeMap;
use time::OffsetDateTime;

impl Cases {
    /// Fires a transition on a case. Refusals (illegal step, missing documents, failed
    /// requirements, wrong role) come back as [`AppError::Refused`] with every reason.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn transition_case(&self, ctx: &Ctx, id: &str, input: &TransitionInput) -> AppResult<CaseView> {
        let grant = require(ctx, Action::CaseTransition)?;
        let mut tx = self.store.write().await?;
        let case = self.load_case(tx.as_mut(), &grant, id).await?;
        let case = self.apply_transition(tx.as_mut(), ctx, case, input).await?;
        tx.commit().await?;
        self.wake_search();
        self.get_case(ctx, &case.id.to_string()).await
    }

    /// The transition itself, inside a write transaction (also used by timers).
    pub(crate) async fn apply_transition(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        mut case: Case,
        input: &TransitionInput,
    ) -> AppResult<Case> {
        if let Some(expected) = input.expected_version
            && expected != case.version
        {
            return Err(AppError::VersionMismatch { current: case.version });
        }
        let def = def_of(&case)?;
        let issued: Vec<(usize, Option<String>)> = input
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (i, d.issued_on.clone()))
            .collect();
        links::check_past_dates(&input.data, &issued, ctx.today)?;
        let mut new_docs = transition_documents(tx, ctx, case.id, input).await?;
        if let Some(d) = &input.declarations {
            case.declarations = d.clone();
        }
        let Allowed {
            transition: t,
            next,
            seq,
        } = self.check_transition(tx, ctx, def, &case, &new_docs, input).await?;
        for d in &mut new_docs {
            d.event_seq = seq;
        }
        let event = transition_event(ctx, &case, t, seq, input, &new_docs);
        let before = state_of(def, &case)?;
        let expected_version = case.version;
        advance_case(&mut case, t, input, ctx.now);
        self.registry_effects(tx, ctx, &mut case, t.code, next).await?;
        record_transition(tx, ctx, &case, expected_version, &event, &new_docs).await?;
        self.side_effects(tx, ctx, &case, t.code, &input.data).await?;
        let region_name = self
            .reference()
            .region(&case.region_code)
            .map_or_else(|| case.region_code.to_string(), |r| r.name.clone());
        super::handoff::notify(tx, ctx, &case, before, next, seq, &region_name).await?;
        let mut keys = vec![crate::search::case_key(case.id)];
        keys.extend(new_docs.iter().map(|d| crate::search::document_key(case.id, d.id)));
        keys.extend(case.agreement_id.map(crate::search::agreement_key));
        crate::search::log(tx, keys, ctx.now).await?;
        tracing::info!(case = %case.id, transition = t.code, to = t.to, actor = %ctx.actor.label(), "case moved");
        Ok(case)
    }

    /// Asks the procedure engine whether the actor may fire the transition now, given the
    /// case's documents (stored and new), values, requirement results and expired timers.
    async fn check_transition(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        def: &'static ProcedureDef,
        case: &Case,
        new_docs: &[CaseDocument],
        input: &TransitionInput,
    ) -> AppResult<Allowed> {
        let snapshot = self.reference();
        let existing = tx.cases().documents(case.id).await?;
        let mut kinds: Vec<DocumentKind> = existing.iter().map(|d| d.kind).collect();
        kinds.extend(new_docs.iter().map(|d| d.kind));
        let mut values = case.values.clone();
        for (k, v) in &input.data {
            values.insert(k.clone(), v.trim().to_owned());
        }
        let events = tx.cases().events(case.id).await?;
        let evaluation = self
            .evaluate_case(tx, &snapshot, case, &kinds, &values, &events, ctx.today)
            .await?;
        let state = state_of(def, case)?;
        let timers: Vec<TimerView> = state
            .timers
            .iter()
            .map(|t| timer_view(t, case, &snapshot, self, ctx.today))
            .collect();
        let expired: Vec<&str> = timers.iter().filter(|t| t.expired).map(|t| t.code.as_str()).collect();
        let facts = CaseFacts {
            def,
            state: &case.state,
            region_is_province: case.region_code.is_province(),
            flags: &case.flags,
            expired_timers: &expired,
            documents: &kinds,
            rules: &evaluation.results,
            config: &self.procedure,
            side: require(ctx, Action::CaseTransition)
                .map(|g| g.side_in(case))
                .unwrap_or(Side::Region),
        };
        let role = ctx.actor.role();
        let (transition, next) =
            engine::check(&facts, &input.transition, role, &input.data).map_err(AppError::Refused)?;
        Ok(Allowed {
            transition,
            next,
            seq: events.last().map(|e| e.seq).unwrap_or(0) + 1,
        })
    }

    /// Keeps the registry in step: signing creates the agreement, expiry and termination
    /// close it, a simple extension moves its expiry.
    pub(super) async fn registry_effects(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &mut Case,
        transition: &str,
        next: &StateDef,
    ) -> AppResult<()> {
        let Some(status) = next.registry_status else {
            return Ok(());
        };
        match case.agreement_id {
            None if status == AgreementStatus::InForce => {
                let agreement = self.agreement_from_case(tx, ctx, case).await?;
                case.agreement_id = Some(agreement.id);
                tx.agreements().insert(std::slice::from_ref(&agreement)).await?;
                tx.audit()
                    .append(
                        &audit::event(ctx, codes::AGREEMENT_CREATED, "agreement", agreement.id)
                            .region(Some(&case.region_code))
                            .after(crate::registry::agreements::summary(&agreement)),
                    )
                    .await?;
            }
            None => {}
            Some(id) => {
                let Some(current) = tx.agreements().get(id).await? else {
                    return Ok(());
                };
                let mut updated = current.clone();
                updated.status = status;
                if transition == "setujui_perpanjangan"
                    && let Some(e) = case.value_date("expires_on")
                {
                    updated.expires_on = Some(e);
                }
                if updated != current {
                    updated.updated_at = ctx.now;
                    updated.version = current.version + 1;
                    tx.agreements().update(&updated, current.version).await?;
                    let before =
                        serde_json::json!({"status": current.status.as_str(), "expires_on": current.expires_on});
                    let after =
                        serde_json::json!({"status": updated.status.as_str(), "expires_on": updated.expires_on});
                    tx.audit()
                        .append(
                            &audit::event(ctx, codes::AGREEMENT_UPDATED, "agreement", id)
                                .region(Some(&case.region_code))
                                .changes(&before, &after),
                        )
                        .await?;
                }
            }
        }
        Ok(())
    }

    pub(super) async fn agreement_from_case(&self, tx: &mut dyn Tx, ctx: &Ctx, case: &Case) -> AppResult<Agreement> {
        let def = def_of(case)?;
        let region_partner = tx
            .partners()
            .find(&crate::ports::store::PartnerIdentity::Region(case.region_code.clone()))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("region partner of case {} is missing", case.id)))?;
        let region_party = Party {
            partner_id: region_partner.id,
            kind: PartnerKind::IndonesianRegion,
            name: region_partner.name,
            region_code: Some(case.region_code.clone()),
            province_code: Some(case.province_code.clone()),
            country_iso2: region_partner.country_iso2,
            geonameid: None,
            subdivision_code: None,
        };
        let signed_on = case.value_date("signed_on");
        let basis = jalin_domain::legal_basis::find(def.legal_basis)
            .unwrap_or(jalin_domain::legal_basis::current_for(case.form));
        let draft = AgreementDraft {
            id: None,
            form: case.form,
            subtype: case.subtype,
            tier: if case.form.is_foreign() {
                DocumentTier::Mou
            } else {
                DocumentTier::Pks
            },
            status: AgreementStatus::InForce,
            legal_basis: basis,
            legal_basis_note: None,
            title_id: case.title_id.clone(),
            title_en: case.title_en.clone(),
            title_partner: None,
            partner_language: None,
            description_id: None,
            description_en: None,
            description_partner: None,
            parties: vec![],
            objects: case.objects.clone(),
            other_object: case.other_object.clone(),
            fields: case.fields.clone(),
            sdgs: case.sdgs.clone(),
            signed_on,
            effective_on: signed_on,
            expires_on: case.value_date("expires_on"),
            open_ended: false,
            amends: None,
            renews: case.renews,
            source: Some(format!("Jalin case {}", case.id)),
            approvals: Default::default(),
            terminated_on: None,
            termination_reason: None,
        };
        Ok(draft.into_agreement(
            AgreementId::new(),
            vec![region_party, case.partner.clone()],
            false,
            ctx.now,
            ctx.now,
            1,
        ))
    }

    pub(super) async fn side_effects(
        &self,
        tx: &mut dyn Tx,
        ctx: &Ctx,
        case: &Case,
        transition: &str,
        data: &BTreeMap<String, String>,
    ) -> AppResult<()> {
        match transition {
            "kirim_laporan_tahunan" => {
                if let Some(year) = data.get("report_year").and_then(|y| y.trim().parse::<i32>().ok()) {
                    tx.cases()
                        .add_annual_report(&case.region_code, year, case.id, ctx.now)
                        .await?;
                }
            }
            "catat_kegiatan" => {
                if let (Some(agreement), Some(on)) =
                    (case.agreement_id, data.get("activity_on").and_then(|d| parse_date(d)))
                {
                    tx.cases()
                        .add_activity(&Activity {
                            id: uuid::Uuid::now_v7(),
                            agreement_id: agreement,
                            case_id: Some(case.id),
                            occurred_on: on,
                            title: data.get("activity_title").cloned().unwrap_or_default(),
                            created_by: ctx.actor.label(),
                            created_at: ctx.now,
                        })
                        .await?;
                }
            }
            "mulai_pembaruan" => {
                self.open_renewal(tx, ctx, case).await?;
            }
            _ => {}
        }
        // A renewal of a registry record that comes into force ends it too (Pasal 34 huruf c).
        if case.renews_case.is_none()
            && let Some(old) = case.renews
            && case.agreement_id.is_some_and(|new| new != old)
            && def_of(case)?
                .state(&case.state)
                .is_some_and(|s| s.registry_status == Some(AgreementStatus::InForce))
        {
            self.end_renewed_agreement(tx, ctx, case, old).await?;
        }
        // A renewal that comes into force ends the agreement it replaces (Pasal 34 huruf c).
        if let (Some(old_case), Some(def)) = (
            case.renews_case,
            definitions::find(&case.procedure, case.procedure_version),
        ) && def
            .state(&case.state)
            .is_some_and(|s| s.registry_status == Some(AgreementStatus::InForce))
            && let Some(old) = tx.cases().get(old_case).await?
            && def_of(&old)?
                .state(&old.state)
                .is_some_and(|s| s.phase == Phase::InForce)
        {
            let system = Ctx {
                actor: crate::ctx::Actor::System("renewal".to_owned()),
                ..ctx.clone()
            };
            let input = TransitionInput {
                transition: "akhiri".to_owned(),
                documents: vec![DocumentInput {
                    kind: DocumentKind::DokumenPengakhiran.as_str().to_owned(),
                    title: Some(format!("Digantikan oleh kasus {}", case.id)),
                    ..Default::default()
                }],
                data: BTreeMap::from([("termination_ground".to_owned(), "replaced_by_new_agreement".to_owned())]),
                note: Some(format!("Replaced by the agreement of case {}", case.id)),
                ..Default::default()
            };
            Box::pin(self.apply_transition(tx, &system, old, &input)).await?;
        }
        Ok(())
    }

    /// Ends the registry agreement a renewal replaces, when it is still in force.
    async fn end_renewed_agreement(&self, tx: &mut dyn Tx, ctx: &Ctx, case: &Case, old: AgreementId) -> AppResult<()> {
        let Some(current) = tx.agreements().get(old).await? else {
            return Ok(());
        };
        if current.status != AgreementStatus::InForce {
            return Ok(());
        }
        let mut updated = current.clone();
        updated.status = AgreementStatus::Terminated;
        updated.updated_at = ctx.now;
        updated.version = current.version + 1;
        tx.agreements().update(&updated, current.version).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::AGREEMENT_UPDATED, "agreement", old)
                    .region(Some(&case.region_code))
                    .changes(
                        &serde_json::json!({"status": current.status.as_str()}),
                        &serde_json::json!({
                            "status": updated.status.as_str(),
                            "termination_ground": "replaced_by_new_agreement",
                            "replaced_by": case.agreement_id.map(|a| a.to_string()),
                        }),
                    ),
            )
            .await?;
        crate::search::log(tx, vec![crate::search::agreement_key(old)], ctx.now).await?;
        Ok(())
    }

    /// Opens the renewal case of an extension that goes through all stages again.
    pub(super) async fn open_renewal(&self, tx: &mut dyn Tx, ctx: &Ctx, old: &Case) -> AppResult<()> {
        let def = def_of(old)?;
        let start = if def.state("rencana_disusun").is_some() && def.code == definitions::FOREIGN.code {
            "rencana_disusun"
        } else {
            def.initial
        };
        let renewal = Case {
            id: CaseId::new(),
            state: start.to_owned(),
            state_since: ctx.now,
            values: BTreeMap::new(),
            agreement_id: None,
            renews_case: Some(old.id),
            renews: old.agreement_id,
            title_id: format!("Pembaruan: {}", old.title_id),
            title_en: old.title_en.as_ref().map(|t| format!("Renewal: {t}")),
            created_by: ctx.actor.label(),
            created_at: ctx.now,
            updated_at: ctx.now,
            version: 1,
            ..old.clone()
        };
        let opened = CaseEvent {
            seq: 1,
            kind: EventKind::Opened,
            transition: None,
            from_state: None,
            to_state: Some(start.to_owned()),
            rule: None,
            outcome: None,
            actor: ctx.actor.label(),
            role: ctx.actor.role(),
            note: Some(format!("Renewal of case {}", old.id)),
            data: BTreeMap::new(),
            documents: Vec::new(),
            at: ctx.now,
            request_id: ctx.request_id.clone(),
        };
        tx.cases().insert(&renewal, &opened).await?;
        crate::search::log(tx, vec![crate::search::case_key(renewal.id)], ctx.now).await?;
        tx.audit()
            .append(
                &audit::event(ctx, codes::CASE_OPENED, "case", renewal.id)
                    .region(Some(&renewal.region_code))
                    .after(serde_json::json!({
                        "procedure": renewal.procedure,
                        "renews_case": old.id.to_string(),
                        "title_id": renewal.title_id,
                        "state": renewal.state,
                    })),
            )
            .await?;
        Ok(())
    }
}

/// A transition the engine allows: the step, the state it leads to, and the sequence
/// number of its event.
struct Allowed {
    transition: &'static TransitionDef,
    next: &'static StateDef,
    seq: i64,
}

/// The documents a transition brings, checked (kind, date, uploaded file); every problem
/// is reported at once.
async fn transition_documents(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    case_id: CaseId,
    input: &TransitionInput,
) -> AppResult<Vec<CaseDocument>> {
    let mut errors = FieldErrors::new();
    let mut new_docs = Vec::new();
    for (i, d) in input.documents.iter().enumerate() {
        let kind = errors.take(&format!("documents[{i}].kind"), d.kind.parse::<DocumentKind>());
        let issued_on = match non_empty(d.issued_on.as_deref()) {
            Some(v) => match parse_date(&v) {
                Some(date) => Some(date),
                None => {
                    errors.push(
                        format!("documents[{i}].issued_on"),
                        "invalid_date",
                        format!("'{v}' is not YYYY-MM-DD"),
                    );
                    None
                }
            },
            None => None,
        };
        let file = match non_empty(d.file.as_deref()) {
            None => None,
            // Only files uploaded to this case: another case's file answers like an unknown
            // one, so a hash neither grants access nor tells that the file exists.
            Some(sha) => match tx.cases().case_upload(case_id, &sha).await? {
                Some((size, content_type)) => Some(document_file(d, sha, size, content_type)),
                None => {
                    errors.push(
                        format!("documents[{i}].file"),
                        "unknown_reference",
                        "this case has no uploaded file with this SHA-256; upload the file to this case first",
                    );
                    None
                }
            },
        };
        if let Some(kind) = kind {
            new_docs.push(CaseDocument {
                id: DocumentId::new(),
                case_id,
                kind,
                title: non_empty(d.title.as_deref()).unwrap_or_else(|| kind.describe().0.to_owned()),
                number: non_empty(d.number.as_deref()),
                issued_on,
                event_seq: 0,
                file,
                added_by: ctx.actor.label(),
                added_at: ctx.now,
            });
        }
    }
    errors.finish(())?;
    Ok(new_docs)
}

/// The uploaded file of a document, named after the given file name, else its title, else
/// its kind.
fn document_file(d: &DocumentInput, sha: String, size: i64, content_type: String) -> DocumentFile {
    let format = FileFormat::from_content_type(&content_type).unwrap_or(FileFormat::Pdf);
    let title = non_empty(d.title.as_deref());
    let name = non_empty(d.filename.as_deref())
        .or(title)
        .unwrap_or_else(|| d.kind.clone());
    DocumentFile {
        sha256: sha,
        size,
        content_type,
        filename: jalin_domain::files::clean_filename(&name, format),
    }
}

fn transition_event(
    ctx: &Ctx,
    case: &Case,
    t: &TransitionDef,
    seq: i64,
    input: &TransitionInput,
    new_docs: &[CaseDocument],
) -> CaseEvent {
    CaseEvent {
        seq,
        kind: EventKind::Transition,
        transition: Some(t.code.to_owned()),
        from_state: Some(case.state.clone()),
        to_state: Some(t.to.to_owned()),
        rule: None,
        outcome: None,
        actor: ctx.actor.label(),
        role: ctx.actor.role(),
        note: non_empty(input.note.as_deref()),
        data: input.data.clone(),
        documents: new_docs.iter().map(|d| d.id).collect(),
        at: ctx.now,
        request_id: ctx.request_id.clone(),
    }
}

/// Moves the case to the transition's target state, keeping the values that outlive it.
fn advance_case(case: &mut Case, t: &TransitionDef, input: &TransitionInput, now: OffsetDateTime) {
    for key in PERSISTENT_VALUES {
        if let Some(v) = input.data.get(*key) {
            case.values.insert((*key).to_owned(), v.trim().to_owned());
        }
    }
    if let Some(v) = input.data.get("new_expires_on") {
        case.values.insert("expires_on".to_owned(), v.trim().to_owned());
    }
    if case.state != t.to {
        case.state_since = now;
    }
    case.state = t.to.to_owned();
    case.updated_at = now;
    case.version += 1;
}

/// Stores the moved case with its event and new documents, and their audit events.
async fn record_transition(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    case: &Case,
    expected_version: i64,
    event: &CaseEvent,
    new_docs: &[CaseDocument],
) -> AppResult<()> {
    tx.cases()
        .record(case, expected_version, event, new_docs)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::VersionMismatch {
                current: expected_version + 1,
            },
            other => other.into(),
        })?;
    tx.audit()
        .append(
            &audit::event(ctx, codes::CASE_TRANSITIONED, "case", case.id)
                .region(Some(&case.region_code))
                .after(serde_json::json!({
                    "transition": event.transition,
                    "from": event.from_state,
                    "to": event.to_state,
                    "note": event.note,
                    "data": event.data,
                    "version": case.version,
                })),
        )
        .await?;
    for d in new_docs {
        tx.audit()
            .append(
                &audit::event(ctx, codes::DOCUMENT_UPLOADED, "case", case.id)
                    .region(Some(&case.region_code))
                    .after(serde_json::json!({
                        "document": d.id.to_string(),
                        "kind": d.kind.as_str(),
                        "title": d.title,
                        "number": d.number,
                    })),
            )
            .await?;
    }
    Ok(())
}
