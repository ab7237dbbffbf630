//! Importing agreements: every row validated, then all written in one transaction.

use super::csv_format::read_csv;
use super::{ExchangeFormat, ImportMode, ImportOptions, ImportReport, ParsedRecord, Progress, row_errors};
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::error::RowError;
use crate::registry::Registry;
use crate::registry::agreements::{check_codes, resolve_parties};
use crate::registry::resolve::PartyResolver;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementDraft, AgreementInput};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::ids::AgreementId;
use std::collections::{HashMap, HashSet};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

fn read_json(bytes: &[u8]) -> AppResult<(Vec<ParsedRecord>, Vec<RowError>)> {
    let values: Vec<serde_json::Value> = serde_json::from_slice(bytes)
        .map_err(|e| AppError::BadFile(format!("not a JSON array of agreement records: {e}")))?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        match serde_json::from_value::<AgreementInput>(value) {
            Ok(input) => records.push(ParsedRecord {
                row: i + 1,
                input,
                csv_regions: None,
            }),
            Err(e) => errors.push(RowError {
                row: i + 1,
                column: "(record)".to_owned(),
                message: e.to_string(),
            }),
        }
    }
    Ok((records, errors))
}

fn parse_timestamp(value: Option<&str>, field: &str, errors: &mut FieldErrors) -> Option<OffsetDateTime> {
    let v = value?;
    match OffsetDateTime::parse(v, &Rfc3339) {
        Ok(t) => Some(crate::ports::clock::to_micros(t)),
        Err(_) => {
            errors.push(field, "invalid_format", format!("'{v}' is not an RFC 3339 timestamp"));
            None
        }
    }
}

const MAX_REPORTED_ERRORS: usize = 1000;

impl Registry {
    /// Imports agreements from a CSV or JSON file's bytes. Nothing is written unless every
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
        let (records, errors) = match format {
            ExchangeFormat::Csv => read_csv(bytes)?,
            ExchangeFormat::Json => read_json(bytes)?,
        };
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
        require(ctx, Action::RegistryImport)?;
        let ImportOptions { mode, dry_run, is_demo } = options;
        let total = records.len() + errors.len();
        let reference = self.reference();
        if reference.is_empty() {
            return Err(AppError::Conflict(
                "reference data is not loaded; run `jalin serve` or `jalin refdata load` first".to_owned(),
            ));
        }

        let mut drafts: Vec<(&ParsedRecord, AgreementDraft, OffsetDateTime, OffsetDateTime)> = Vec::new();
        for (i, record) in records.iter().enumerate() {
            if i % 5000 == 0 {
                progress(Progress {
                    stage: "validating",
                    done: i,
                    total,
                });
            }
            let mut field_errors = FieldErrors::new();
            let created = parse_timestamp(record.input.created_at.as_deref(), "created_at", &mut field_errors);
            let updated = parse_timestamp(record.input.updated_at.as_deref(), "updated_at", &mut field_errors);
            match record.input.parse(ctx.today) {
                Ok(draft) => {
                    field_errors.0.extend(check_codes(&draft, &reference).0);
                    if field_errors.is_empty() {
                        let created = created.unwrap_or(ctx.now);
                        drafts.push((record, draft, created, updated.unwrap_or(created)));
                    }
                }
                Err(e) => field_errors.0.extend(e.0),
            }
            errors.extend(row_errors(record, field_errors));
        }

        let mut tx = self.store.write().await?;
        // Identifiers: unique in the file, and new unless the registry is being replaced.
        let mut seen: HashMap<AgreementId, usize> = HashMap::new();
        for (record, draft, _, _) in &drafts {
            if let Some(id) = draft.id
                && let Some(first) = seen.insert(id, record.row)
            {
                errors.push(RowError {
                    row: record.row,
                    column: "id".to_owned(),
                    message: format!("id {id} also appears in row {first}"),
                });
            }
        }
        let file_ids: Vec<AgreementId> = seen.keys().copied().collect();
        let mut stored_ids: HashSet<AgreementId> = HashSet::new();
        for chunk in file_ids.chunks(500) {
            stored_ids.extend(tx.agreements().existing_ids(chunk).await?);
        }
        if mode == ImportMode::Add {
            for (record, draft, _, _) in &drafts {
                if let Some(id) = draft.id
                    && stored_ids.contains(&id)
                {
                    errors.push(RowError {
                        row: record.row,
                        column: "id".to_owned(),
                        message: format!(
                            "agreement {id} is already registered (use --mode replace to replace the registry)"
                        ),
                    });
                }
            }
        }
        let mut linked: Vec<AgreementId> = drafts
            .iter()
            .flat_map(|(_, d, _, _)| [d.amends, d.renews])
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

        progress(Progress {
            stage: "resolving parties",
            done: 0,
            total,
        });
        let mut resolver = PartyResolver::new(&reference, ctx.now);
        let refs: Vec<_> = drafts.iter().flat_map(|(_, d, _, _)| d.parties.iter()).collect();
        resolver.prefetch(tx.as_mut(), &refs, true).await?;
        let mut agreements: Vec<Agreement> = Vec::with_capacity(drafts.len());
        for (record, draft, created, updated) in drafts {
            let mut field_errors = FieldErrors::new();
            let parties = resolve_parties(&draft, &mut resolver, &mut field_errors);
            for (field, link) in [("amends", draft.amends), ("renews", draft.renews)] {
                if let Some(id) = link
                    && !seen.contains_key(&id)
                    && !linked_stored.contains(&id)
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
            agreements.push(draft.into_agreement(id, parties, is_demo, created, updated, 1));
        }

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
            dry_run,
        };
        if dry_run {
            return Ok(report);
        }
        if mode == ImportMode::Replace {
            let linked = tx.cases().linked_agreements().await?;
            if linked > 0 {
                return Err(AppError::Conflict(format!(
                    "{linked} case(s) are linked to registered agreements; the registry cannot be replaced (import with --mode add)"
                )));
            }
            report.deleted = tx.agreements().delete_all().await?;
        }
        tx.partners().insert(&resolver.new_partners).await?;
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
        keys.extend(resolver.new_partners.iter().map(|p| crate::search::partner_key(p.id)));
        crate::search::log(tx.as_mut(), keys, ctx.now).await?;
        tx.commit().await?;
        self.wake_search();
        self.store.refresh_statistics().await?;
        tracing::info!(rows = report.rows, new_partners = report.new_partners, deleted = report.deleted, actor = %ctx.actor.label(), "agreements imported");
        Ok(report)
    }
}
