//! Bulk import and export of agreements as CSV or JSON, and import from XLSX.
//!
//! An import is all-or-nothing: every row is validated (format, reference codes, parties,
//! links) before anything is written, and any problem rejects the whole file with the row
//! and column named. Exports list agreements in identifier order with their parties named
//! by stable identifiers, so that export → import into an empty database → export gives
//! the same bytes. The column list is documented in `docs/import-format.md`.

mod csv_format;
mod export;
mod formula;
mod import;
mod parse;
mod staging;
mod xlsx_format;

pub(crate) use csv_format::read_csv_headers;
pub use csv_format::{CSV_COLUMNS, CSV_REQUIRED};
pub use export::write_inputs;
pub use parse::{ParsedImport, parse_import};
pub use staging::StagedImport;

use crate::error::RowError;
use jalin_domain::FieldErrors;
use jalin_domain::agreement::AgreementInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    Csv,
    Json,
    /// The first worksheet of a workbook, laid out as the CSV (read only).
    Xlsx,
}

impl ExchangeFormat {
    /// Guesses the format from a file name's extension.
    pub fn from_path(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(Self::Csv)
        } else if lower.ends_with(".json") {
            Some(Self::Json)
        } else if lower.ends_with(".xlsx") {
            Some(Self::Xlsx)
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Json => "json",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Csv, Self::Json, Self::Xlsx]
            .into_iter()
            .find(|f| f.as_str() == code)
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

/// One record read from a file, with the information to name its errors.
struct ParsedRecord {
    row: usize,
    input: AgreementInput,
    /// For CSV rows: how many parties came from the `regions` column.
    csv_regions: Option<usize>,
}

fn row_errors(record: &ParsedRecord, errors: FieldErrors) -> Vec<RowError> {
    errors
        .0
        .into_iter()
        .map(|e| RowError {
            row: record.row,
            column: match record.csv_regions {
                Some(n) => csv_format::csv_column(&e.field, n),
                None if e.field.is_empty() => "(record)".to_owned(),
                None => e.field,
            },
            message: e.message,
        })
        .collect()
}
