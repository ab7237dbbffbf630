//! Bulk import and export of agreements as CSV or JSON.
//!
//! An import is all-or-nothing: every row is validated (format, reference codes, parties,
//! links) before anything is written, and any problem rejects the whole file with the row
//! and column named. Exports list agreements in identifier order with their parties named
//! by stable identifiers, so that export → import into an empty database → export gives
//! the same bytes. The column list is documented in `docs/import-format.md`.

use super::Registry;
use super::agreements::{check_codes, resolve_parties};
use super::resolve::PartyResolver;
use crate::audit::{self, NewAuditEventExt};
use crate::authz::require;
use crate::ctx::Ctx;
use crate::error::RowError;
use crate::ports::store::{AgreementFilter, AgreementOrder, Page};
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{Agreement, AgreementDraft, AgreementInput, PartyInput};
use jalin_domain::audit::codes;
use jalin_domain::authz::Action;
use jalin_domain::ids::{AgreementId, PartnerId};
use jalin_domain::partner::{Partner, PartnerInput, PartnerKind};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    Csv,
    Json,
}

impl ExchangeFormat {
    /// Guesses the format from a file name's extension.
    pub fn from_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Self::Csv)
        } else if lower.ends_with(".json") {
            Some(Self::Json)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportMode {
    /// Every row is a new agreement; an id that already exists rejects the file.
    Add,
    /// The file becomes the whole registry: stored agreements are deleted first.
    Replace,
}

/// Progress of a long import, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub stage: &'static str,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    pub mode: ImportMode,
    /// Validate everything, write nothing.
    pub dry_run: bool,
    /// Mark the agreements as part of the demonstration dataset.
    pub is_demo: bool,
}

impl ImportOptions {
    pub fn add() -> Self {
        Self {
            mode: ImportMode::Add,
            dry_run: false,
            is_demo: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub rows: usize,
    pub inserted: usize,
    pub deleted: u64,
    pub new_partners: usize,
    pub dry_run: bool,
}

/// The CSV columns, in export order. `regions` and the aligned `partner_*` lists use `|`
/// between values (`\|` and `\\` escape a literal bar or backslash).
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "form",
    "subtype",
    "tier",
    "status",
    "legal_basis",
    "legal_basis_note",
    "title_id",
    "title_en",
    "title_partner",
    "partner_language",
    "description_id",
    "description_en",
    "description_partner",
    "regions",
    "partner_kinds",
    "partner_names",
    "partner_countries",
    "partner_geonameids",
    "partner_subdivision_codes",
    "partner_categories",
    "objects",
    "other_object",
    "fields",
    "sdgs",
    "signed_on",
    "effective_on",
    "expires_on",
    "open_ended",
    "amends",
    "renews",
    "source",
    "created_at",
    "updated_at",
];

/// Columns a CSV file must have.
pub const CSV_REQUIRED: &[&str] = &["form", "subtype", "tier", "status", "title_id", "regions"];

const PARTNER_COLUMNS: &[(&str, &str)] = &[
    ("kind", "partner_kinds"),
    ("name", "partner_names"),
    ("country", "partner_countries"),
    ("geonameid", "partner_geonameids"),
    ("subdivision_code", "partner_subdivision_codes"),
    ("category", "partner_categories"),
];

fn split_list(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            '|' => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    if out.len() == 1 && out[0].trim().is_empty() {
        return Vec::new();
    }
    out.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn join_list<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| v.as_ref().replace('\\', "\\\\").replace('|', "\\|"))
        .collect::<Vec<_>>()
        .join("|")
}

/// One record read from a file, with the information to name its errors.
struct ParsedRecord {
    row: usize,
    input: AgreementInput,
    /// For CSV rows: how many parties came from the `regions` column.
    csv_regions: Option<usize>,
}

fn csv_column(field: &str, regions: usize) -> String {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    if base != "parties" {
        return base.to_owned();
    }
    let index: Option<usize> = field
        .strip_prefix("parties[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok());
    match index {
        Some(i) if i < regions => "regions".to_owned(),
        Some(_) => {
            let sub = field.rsplit('.').next().unwrap_or("");
            PARTNER_COLUMNS
                .iter()
                .find(|(f, _)| *f == sub)
                .map(|(_, c)| (*c).to_owned())
                .unwrap_or_else(|| "partner_names".to_owned())
        }
        None => "regions".to_owned(),
    }
}

fn row_errors(record: &ParsedRecord, errors: FieldErrors) -> Vec<RowError> {
    errors
        .0
        .into_iter()
        .map(|e| RowError {
            row: record.row,
            column: match record.csv_regions {
                Some(n) => csv_column(&e.field, n),
                None if e.field.is_empty() => "(record)".to_owned(),
                None => e.field,
            },
            message: e.message,
        })
        .collect()
}

/// The header row of a CSV import, trimmed (and without a byte-order mark); an unknown or
/// missing column rejects the file with every such column named.
pub(crate) fn read_csv_headers<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    columns: &[&str],
    required: &[&str],
) -> AppResult<Vec<String>> {
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| AppError::BadFile(format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let mut problems = Vec::new();
    for h in &headers {
        if !columns.contains(&h.as_str()) {
            problems.push(RowError {
                row: 0,
                column: h.clone(),
                message: format!("unknown column; the columns are: {}", columns.join(", ")),
            });
        }
    }
    for column in required {
        if !headers.iter().any(|h| h == column) {
            problems.push(RowError {
                row: 0,
                column: (*column).to_owned(),
                message: "required column is missing".to_owned(),
            });
        }
    }
    if problems.is_empty() {
        Ok(headers)
    } else {
        Err(AppError::ImportRejected(problems))
    }
}

fn read_csv(bytes: &[u8]) -> AppResult<(Vec<ParsedRecord>, Vec<RowError>)> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = read_csv_headers(&mut reader, CSV_COLUMNS, CSV_REQUIRED)?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let row = i + 1;
        let record = result.map_err(|e| AppError::BadFile(format!("row {row}: {e}")))?;
        let cell = |name: &str| -> Option<String> {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let list = |name: &str| cell(name).map(|c| split_list(&c)).unwrap_or_default();
        let regions = list("regions");
        let partner_lists: Vec<(&str, &str, Vec<String>)> =
            PARTNER_COLUMNS.iter().map(|(f, c)| (*f, *c, list(c))).collect();
        let partner_count = partner_lists.iter().map(|(_, _, v)| v.len()).max().unwrap_or(0);
        let mut bad = false;
        for (_, column, values) in &partner_lists {
            if !values.is_empty() && values.len() != partner_count {
                errors.push(RowError {
                    row,
                    column: (*column).to_owned(),
                    message: format!(
                        "has {} value(s) but other partner columns have {partner_count}; the partner_* lists must align",
                        values.len()
                    ),
                });
                bad = true;
            }
        }
        let mut parties: Vec<PartyInput> = regions
            .iter()
            .map(|r| PartyInput {
                region_code: Some(r.clone()),
                ..Default::default()
            })
            .collect();
        for p in 0..partner_count {
            let value = |field: &str| {
                partner_lists
                    .iter()
                    .find(|(f, _, _)| *f == field)
                    .and_then(|(_, _, v)| v.get(p))
                    .filter(|s| !s.is_empty())
                    .cloned()
            };
            let geonameid = match value("geonameid") {
                None => None,
                Some(g) => match g.parse::<i64>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        errors.push(RowError {
                            row,
                            column: "partner_geonameids".to_owned(),
                            message: format!("'{g}' is not a GeoNames id (a positive integer)"),
                        });
                        bad = true;
                        None
                    }
                },
            };
            let kind = value("kind");
            let name = value("name");
            let place_only = name.is_none()
                && kind
                    .as_deref()
                    .is_none_or(|k| k == PartnerKind::ForeignRegionalGovernment.as_str());
            // A regional government named only by its place is resolved from the reference data.
            let party = match (place_only, geonameid, value("subdivision_code")) {
                (true, Some(g), None) => PartyInput {
                    geonameid: Some(g),
                    ..Default::default()
                },
                (true, None, Some(code)) => PartyInput {
                    subdivision_code: Some(code),
                    ..Default::default()
                },
                (_, geonameid, subdivision_code) => PartyInput {
                    partner: Some(PartnerInput {
                        kind,
                        name,
                        country: value("country"),
                        geonameid,
                        subdivision_code,
                        category: value("category"),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            };
            parties.push(party);
        }
        let open_ended = match cell("open_ended").map(|v| v.to_ascii_lowercase()) {
            None => None,
            Some(v) if ["true", "1", "yes", "ya"].contains(&v.as_str()) => Some(true),
            Some(v) if ["false", "0", "no", "tidak"].contains(&v.as_str()) => Some(false),
            Some(v) => {
                errors.push(RowError {
                    row,
                    column: "open_ended".to_owned(),
                    message: format!("'{v}' is not true or false"),
                });
                bad = true;
                None
            }
        };
        if bad {
            continue;
        }
        let non_empty_list = |name: &str| {
            let l = list(name);
            if l.is_empty() { None } else { Some(l) }
        };
        records.push(ParsedRecord {
            row,
            csv_regions: Some(regions.len()),
            input: AgreementInput {
                id: cell("id"),
                form: cell("form"),
                subtype: cell("subtype"),
                tier: cell("tier"),
                status: cell("status"),
                legal_basis: cell("legal_basis"),
                legal_basis_note: cell("legal_basis_note"),
                title_id: cell("title_id"),
                title_en: cell("title_en"),
                title_partner: cell("title_partner"),
                partner_language: cell("partner_language"),
                description_id: cell("description_id"),
                description_en: cell("description_en"),
                description_partner: cell("description_partner"),
                parties: if parties.is_empty() { None } else { Some(parties) },
                objects: non_empty_list("objects"),
                other_object: cell("other_object"),
                fields: non_empty_list("fields"),
                sdgs: non_empty_list("sdgs"),
                signed_on: cell("signed_on"),
                effective_on: cell("effective_on"),
                expires_on: cell("expires_on"),
                open_ended,
                amends: cell("amends"),
                renews: cell("renews"),
                source: cell("source"),
                created_at: cell("created_at"),
                updated_at: cell("updated_at"),
            },
        });
    }
    Ok((records, errors))
}

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

    /// Writes every agreement, in identifier order.
    pub async fn export_agreements(&self, format: ExchangeFormat, out: &mut dyn Write) -> AppResult<usize> {
        let mut tx = self.store.read().await?;
        let partners: HashMap<PartnerId, Partner> = tx.partners().all().await?.into_iter().map(|p| (p.id, p)).collect();
        let mut sink = match format {
            ExchangeFormat::Csv => {
                let mut w = csv::WriterBuilder::new().from_writer(out);
                w.write_record(CSV_COLUMNS).map_err(anyhow::Error::from)?;
                Sink::Csv(Box::new(w))
            }
            ExchangeFormat::Json => {
                out.write_all(b"[").map_err(anyhow::Error::from)?;
                Sink::Json(out)
            }
        };
        let mut count = 0usize;
        let mut filter = AgreementFilter {
            order: AgreementOrder::Id,
            ..Default::default()
        };
        loop {
            let page = tx.agreements().list(&filter, Page { limit: 1000, offset: 0 }).await?;
            let Some(last) = page.items.last() else { break };
            filter.after_id = Some(last.id);
            for agreement in &page.items {
                let record = export_record(agreement, &partners);
                match &mut sink {
                    Sink::Csv(w) => w.write_record(csv_row(&record)).map_err(anyhow::Error::from)?,
                    Sink::Json(out) => {
                        out.write_all(if count == 0 { b"\n  " } else { b",\n  " })
                            .map_err(anyhow::Error::from)?;
                        serde_json::to_writer(&mut **out, &record).map_err(anyhow::Error::from)?;
                    }
                }
                count += 1;
            }
        }
        match sink {
            Sink::Csv(mut w) => w.flush().map_err(anyhow::Error::from)?,
            Sink::Json(out) => out
                .write_all(if count == 0 { b"]\n" } else { b"\n]\n" })
                .map_err(anyhow::Error::from)?,
        }
        Ok(count)
    }
}

enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Json(&'a mut dyn Write),
}

/// Writes agreement inputs (e.g. generated ones) as an import file.
pub fn write_inputs(inputs: &[AgreementInput], format: ExchangeFormat, out: &mut dyn Write) -> AppResult<()> {
    match format {
        ExchangeFormat::Csv => {
            let mut w = csv::WriterBuilder::new().from_writer(out);
            w.write_record(CSV_COLUMNS).map_err(anyhow::Error::from)?;
            for input in inputs {
                w.write_record(csv_row(input)).map_err(anyhow::Error::from)?;
            }
            w.flush().map_err(anyhow::Error::from)?;
        }
        ExchangeFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, inputs).map_err(anyhow::Error::from)?;
            out.write_all(b"\n").map_err(anyhow::Error::from)?;
        }
    }
    Ok(())
}

/// The exchange form of an agreement: its input with parties named by stable identifiers
/// and its timestamps.
fn export_record(a: &Agreement, partners: &HashMap<PartnerId, Partner>) -> AgreementInput {
    let mut input = a.to_input();
    input.open_ended = if a.open_ended { Some(true) } else { None };
    input.created_at = a.created_at.format(&Rfc3339).ok();
    input.updated_at = a.updated_at.format(&Rfc3339).ok();
    input.parties = Some(
        a.parties
            .iter()
            .map(|party| match (&party.region_code, party.kind) {
                (Some(code), PartnerKind::IndonesianRegion) => PartyInput {
                    region_code: Some(code.to_string()),
                    ..Default::default()
                },
                _ => {
                    let partner = partners.get(&party.partner_id);
                    PartyInput {
                        partner: Some(PartnerInput {
                            kind: Some(party.kind.as_str().to_owned()),
                            name: Some(party.name.clone()),
                            country: party.country_iso2.as_ref().map(|c| c.to_string()),
                            geonameid: party.geonameid.map(|g| g.0),
                            subdivision_code: party.subdivision_code.as_ref().map(|s| s.to_string()),
                            category: partner.and_then(|p| p.category).map(|c| c.as_str().to_owned()),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }
                }
            })
            .collect(),
    );
    input
}

fn csv_row(r: &AgreementInput) -> Vec<String> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let parties = r.parties.as_deref().unwrap_or_default();
    let regions: Vec<String> = parties.iter().filter_map(|p| p.region_code.clone()).collect();
    // Places named by GeoNames id or subdivision code become name-less partner entries.
    let places: Vec<PartnerInput> = parties
        .iter()
        .filter(|p| p.geonameid.is_some() || p.subdivision_code.is_some())
        .map(|p| PartnerInput {
            kind: Some(PartnerKind::ForeignRegionalGovernment.as_str().to_owned()),
            geonameid: p.geonameid,
            subdivision_code: p.subdivision_code.clone(),
            ..Default::default()
        })
        .collect();
    let others: Vec<&PartnerInput> = parties
        .iter()
        .filter_map(|p| p.partner.as_ref())
        .chain(places.iter())
        .collect();
    let column = |get: &dyn Fn(&PartnerInput) -> Option<String>| -> String {
        let values: Vec<String> = others.iter().map(|p| get(p).unwrap_or_default()).collect();
        if values.iter().all(String::is_empty) {
            String::new()
        } else {
            join_list(&values)
        }
    };
    let list = |v: &Option<Vec<String>>| join_list(v.as_deref().unwrap_or_default());
    vec![
        o(&r.id),
        o(&r.form),
        o(&r.subtype),
        o(&r.tier),
        o(&r.status),
        o(&r.legal_basis),
        o(&r.legal_basis_note),
        o(&r.title_id),
        o(&r.title_en),
        o(&r.title_partner),
        o(&r.partner_language),
        o(&r.description_id),
        o(&r.description_en),
        o(&r.description_partner),
        join_list(&regions),
        column(&|p| p.kind.clone()),
        column(&|p| p.name.clone()),
        column(&|p| p.country.clone()),
        column(&|p| p.geonameid.map(|g| g.to_string())),
        column(&|p| p.subdivision_code.clone()),
        column(&|p| p.category.clone()),
        list(&r.objects),
        o(&r.other_object),
        list(&r.fields),
        list(&r.sdgs),
        o(&r.signed_on),
        o(&r.effective_on),
        o(&r.expires_on),
        if r.open_ended == Some(true) {
            "true".to_owned()
        } else {
            String::new()
        },
        o(&r.amends),
        o(&r.renews),
        o(&r.source),
        o(&r.created_at),
        o(&r.updated_at),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_and_join_with_escapes() {
        assert_eq!(split_list("a|b| c "), vec!["a", "b", "c"]);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert_eq!(split_list("x\\|y|z"), vec!["x|y", "z"]);
        let values = vec!["PT A|B".to_owned(), "back\\slash".to_owned()];
        assert_eq!(split_list(&join_list(&values)), values);
    }

    #[test]
    fn errors_name_the_csv_column() {
        assert_eq!(csv_column("parties[0].region_code", 1), "regions");
        assert_eq!(csv_column("parties[1].partner.name", 1), "partner_names");
        assert_eq!(csv_column("parties[2].partner.country", 1), "partner_countries");
        assert_eq!(csv_column("sdgs[3]", 1), "sdgs");
        assert_eq!(csv_column("signed_on", 1), "signed_on");
        assert_eq!(csv_column("parties", 1), "regions");
    }

    #[test]
    fn header_problems_reject_the_file() {
        let Err(AppError::ImportRejected(errors)) = read_csv(b"form,colour\nKSDPL,red\n") else {
            panic!("expected a rejection");
        };
        let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
        assert!(columns.contains(&"colour"));
        assert!(columns.contains(&"title_id"));
    }

    #[test]
    fn misaligned_partner_lists_are_reported() {
        let csv = "form,subtype,tier,status,title_id,regions,partner_names,partner_kinds\n\
                   KSDPL,sister_city,mou,draft,T,32.73,A|B,foreign_regional_government\n";
        let (records, errors) = read_csv(csv.as_bytes()).unwrap();
        assert!(records.is_empty());
        assert_eq!(errors[0].column, "partner_kinds");
        assert_eq!(errors[0].row, 1);
    }
}
