//! Importing agreements: every row validated, then all written in one transaction.

use super::parse::{ParsedDraft, parse_record, read_records};
use super::{ExchangeFormat, ImportMode, ImportOptions, ImportReport, ParsedRecord, Progress, row_errors};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::{Grant, require};
use crate::ctx::Ctx;
use crate::error::RowError;
use crate::ports::store::Tx;
use crate::reference::ReferenceSnapshot;
use crate::registry::Registry;
use crate::registry::agreements::{check_codes, resolve_parties};
use crate::registry::resolve::PartyResolver;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementDraft, AgreementInput};
use jalin_domain::audit::codes;
use jalin_domain::authz::{Action, Scope};
use jalin_domain::ids::AgreementId;
use jalin_domain::partner::Partner;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;

const MAX_REPORTED_ERRORS: usize = 1000;

impl Registry {
    /// Imports agreements from a CSV, JSON or XLSX file's bytes. Nothing is written unless every
    /// row is valid; with `dry_run` nothing is written at all.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn import_agreements(
        &self,
        ctx: &Ctx,
        bytes: &[u8],
        format: ExchangeFormat,
        options: ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> AppResult<ImportReport> {
        let (records, errors) = read_records(bytes, format)?;
        self.import_records(ctx, records, errors, options, progress).await
    }

    /// Imports agreements given as inputs (generated or seeded data) under the same rules
    /// as a file import.
    #[tracing::instrument(skip_all, fields(request_id = %ctx.request_id))]
    pub async fn import_inputs(
        &self,
        ctx: &Ctx,
        inputs: Vec<AgreementInput>,
        options: ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> AppResult<ImportReport> {
        let records = inputs
            .into_iter()
            .enumerate()
            .map(|(i, input)| ParsedRecord {
                row: i + 1,
                input,
                csv_regions: None,
            })
            .collect();
        self.import_records(ctx, records, Vec::new(), options, progress).await
    }

    async fn import_records(
        &self,
        ctx: &Ctx,
        records: Vec<ParsedRecord>,
        mut errors: Vec<RowError>,
        options: ImportOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> AppResult<ImportReport> {
        let grant = require(ctx, Action::RegistryImport)?;
        if grant.scope() != Scope::All && (options.mode == ImportMode::Replace || options.is_demo) {
            // Replacing empties the whole registry: never a regional decision.
            return Err(AppError::Forbidden(
                "only administrators may replace the registry or import demonstration data".to_owned(),
            ));
        }
        let total = records.len() + errors.len();
        let reference = self.reference();
        if reference.is_empty() {
            return Err(AppError::Conflict(
                "reference data is not loaded; run `jalin serve` or `jalin refdata load` first".to_owned(),
            ));
        }
        let valid = validate_records(ctx, &records, &reference, total, progress, &mut errors);

        let mut tx = self.store.write().await?;
        let known = check_identifiers(tx.as_mut(), &valid, options.mode, &mut errors).await?;
        progress(Progress {
            stage: "resolving parties",
            done: 0,
            total,
        });
        let mut resolver = PartyResolver::new(&reference, ctx.now);
        let refs: Vec<_> = valid.iter().flat_map(|v| v.draft.parties.iter()).collect();
        tx.partners().lock_creation().await?;
        resolver.prefetch(tx.as_mut(), &refs, true).await?;
        let agreements = resolve_records(valid, &known, &mut resolver, &grant, options.is_demo, &mut errors);

        if !errors.is_empty() {
            errors.sort_by(|a, b| a.row.cmp(&b.row).then_with(|| a.column.cmp(&b.column)));
            errors.truncate(MAX_REPORTED_ERRORS);
            return Err(AppError::ImportRejected(errors));
        }

        let mut report = ImportReport {
            rows: agreements.len(),
            inserted: agreements.len(),
            deleted: 0,
            new_partners: resolver.new_partners.len(),
            dry_run: options.dry_run,
        };
        if options.dry_run {
            return Ok(report);
        }
        write_import(
            tx.as_mut(),
            ctx,
            options,
            &mut report,
            agreements,
            &resolver.new_partners,
            progress,
        )
        .await?;
        tx.commit().await?;
        self.wake_search();
        self.store.refresh_statistics().await?;
        tracing::info!(rows = report.rows, new_partners = report.new_partners, deleted = report.deleted, actor = %ctx.actor.label(), "agreements imported");
        Ok(report)
    }
}

/// A record that passed the format and reference-code checks, with its timestamps.
struct ValidRecord<'a> {
    record: &'a ParsedRecord,
    draft: AgreementDraft,
    created: OffsetDateTime,
    updated: OffsetDateTime,
}

/// Parses every record and checks its reference codes; the problems go to `errors`.
fn validate_records<'a>(
    ctx: &Ctx,
    records: &'a [ParsedRecord],
    reference: &ReferenceSnapshot,
    total: usize,
    progress: &(dyn Fn(Progress) + Sync),
    errors: &mut Vec<RowError>,
) -> Vec<ValidRecord<'a>> {
    let mut valid = Vec::new();
    for (i, record) in records.iter().enumerate() {
        if i % 5000 == 0 {
            progress(Progress {
                stage: "validating",
                done: i,
                total,
            });
        }
        let (parsed, mut field_errors) = parse_record(record, ctx.today);
        if let Some(ParsedDraft {
            draft,
            created,
            updated,
        }) = parsed
        {
            field_errors.0.extend(check_codes(&draft, reference).0);
            if field_errors.is_empty() {
                let created = created.unwrap_or(ctx.now);
                valid.push(ValidRecord {
                    record,
                    draft,
                    created,
                    updated: updated.unwrap_or(created),
                });
            }
        }
        errors.extend(row_errors(record, field_errors));
    }
    valid
}

/// The agreement identifiers an import refers to.
struct KnownIds {
    /// The identifiers given in the file, with the first row of each.
    in_file: HashMap<AgreementId, usize>,
    /// The agreements linked to (amends, renews) that are already registered; only looked up
    /// when adding.
    linked_stored: HashSet<AgreementId>,
}

/// Identifiers: unique in the file, and new unless the registry is being replaced.
async fn check_identifiers(
    tx: &mut dyn Tx,
    valid: &[ValidRecord<'_>],
    mode: ImportMode,
    errors: &mut Vec<RowError>,
) -> AppResult<KnownIds> {
    let mut in_file: HashMap<AgreementId, usize> = HashMap::new();
    for v in valid {
        if let Some(id) = v.draft.id
            && let Some(first) = in_file.insert(id, v.record.row)
        {
            errors.push(RowError {
                row: v.record.row,
                column: "id".to_owned(),
                message: format!("id {id} also appears in row {first}"),
            });
        }
    }
    let file_ids: Vec<AgreementId> = in_file.keys().copied().collect();
    let mut stored_ids: HashSet<AgreementId> = HashSet::new();
    for chunk in file_ids.chunks(500) {
        stored_ids.extend(tx.agreements().existing_ids(chunk).await?);
    }
    if mode == ImportMode::Add {
        for v in valid {
            if let Some(id) = v.draft.id
                && stored_ids.contains(&id)
            {
                errors.push(RowError {
                    row: v.record.row,
                    column: "id".to_owned(),
                    message: format!(
                        "agreement {id} is already registered (use --mode replace to replace the registry)"
                    ),
                });
            }
        }
    }
    let mut linked: Vec<AgreementId> = valid
        .iter()
        .flat_map(|v| [v.draft.amends, v.draft.renews])
        .flatten()
        .collect();
    linked.sort();
    linked.dedup();
    let mut linked_stored: HashSet<AgreementId> = HashSet::new();
    if mode == ImportMode::Add {
        for chunk in linked.chunks(500) {
            linked_stored.extend(tx.agreements().existing_ids(chunk).await?);
        }
    }
    Ok(KnownIds { in_file, linked_stored })
}

/// Resolves each record's parties and checks its links, giving the agreements to write;
/// the problems go to `errors`.
fn resolve_records(
    valid: Vec<ValidRecord<'_>>,
    known: &KnownIds,
    resolver: &mut PartyResolver<'_>,
    grant: &Grant,
    is_demo: bool,
    errors: &mut Vec<RowError>,
) -> Vec<Agreement> {
    let mut agreements: Vec<Agreement> = Vec::with_capacity(valid.len());
    for ValidRecord {
        record,
        draft,
        created,
        updated,
    } in valid
    {
        let mut field_errors = FieldErrors::new();
        let parties = resolve_parties(&draft, resolver, &mut field_errors);
        for (field, link) in [("amends", draft.amends), ("renews", draft.renews)] {
            if let Some(id) = link
                && !known.in_file.contains_key(&id)
                && !known.linked_stored.contains(&id)
            {
                field_errors.push(
                    field,
                    "unknown_reference",
                    format!("there is no agreement {id} in the file or the registry"),
                );
            }
        }
        if !field_errors.is_empty() {
            errors.extend(row_errors(record, field_errors));
            continue;
        }
        let id = draft.id.unwrap_or_default();
        let mut agreement = draft.into_agreement(id, parties, is_demo, created, updated, 1);
        crate::registry::law::apply_verification(&mut agreement, false, None);
        // The same scope as registering one agreement, but per row: the file's other
        // problems are still all listed.
        if !grant.covers_agreement(&agreement) {
            errors.push(RowError {
                row: record.row,
                column: "regions".to_owned(),
                message: outside_scope(grant.scope()),
            });
            continue;
        }
        agreements.push(agreement);
    }
    agreements
}

fn outside_scope(scope: Scope) -> String {
    match scope {
        Scope::OwnProvince => {
            "outside your province: none of the regions is your province or a kabupaten/kota in it".to_owned()
        }
        _ => "outside your region: none of the regions is yours".to_owned(),
    }
}

/// Writes a validated import (after emptying the registry in replace mode) with its audit
/// event and search-index log, inside the caller's transaction.
async fn write_import(
    tx: &mut dyn Tx,
    ctx: &Ctx,
    options: ImportOptions,
    report: &mut ImportReport,
    mut agreements: Vec<Agreement>,
    new_partners: &[Partner],
    progress: &(dyn Fn(Progress) + Sync),
) -> AppResult<()> {
    let ImportOptions { mode, is_demo, .. } = options;
    if mode == ImportMode::Replace {
        let linked = tx.cases().linked_agreements().await?;
        if linked > 0 {
            return Err(AppError::Conflict(format!(
                "{linked} case(s) are linked to registered agreements; the registry cannot be replaced (import with --mode add)"
            )));
        }
        report.deleted = tx.agreements().delete_all().await?;
    }
    tx.partners().insert(new_partners).await?;
    // Writing in key order keeps the B-tree inserts sequential: several times faster.
    agreements.sort_by_key(|a| a.id);
    let written_total = agreements.len();
    for (i, chunk) in agreements.chunks(2000).enumerate() {
        progress(Progress {
            stage: "writing",
            done: i * 2000,
            total: written_total,
        });
        tx.agreements().insert(chunk).await?;
    }
    progress(Progress {
        stage: "committing",
        done: written_total,
        total: written_total,
    });
    tx.audit()
        .append(
            &audit::event(ctx, codes::AGREEMENTS_IMPORTED, "registry", "agreements").after(serde_json::json!({
                "mode": if mode == ImportMode::Replace { "replace" } else { "add" },
                "rows": report.rows,
                "inserted": report.inserted,
                "deleted": report.deleted,
                "new_partners": report.new_partners,
                "demo": is_demo,
            })),
        )
        .await?;
    if mode == ImportMode::Replace {
        // The old registry is gone: every index rebuilds from scratch.
        tx.jobs().bump_search_generation().await?;
    }
    let mut keys: Vec<String> = agreements.iter().map(|a| crate::search::agreement_key(a.id)).collect();
    keys.extend(new_partners.iter().map(|p| crate::search::partner_key(p.id)));
    crate::search::log(tx, keys, ctx.now).await?;
    Ok(())
}
