//! The steps of an import that look only at the file's bytes: reading the records (CSV,
//! JSON or XLSX) and parsing each into a draft. They need neither reference data nor a
//! database, so they can be run on their own (`parse_import`, used by the fuzz targets);
//! an import runs exactly these steps before it checks codes and parties.

use super::csv_format::read_csv;
use super::xlsx_format::read_xlsx;
use super::{ExchangeFormat, ParsedRecord, row_errors};
use crate::error::RowError;
use crate::{AppError, AppResult};
use jalin_domain::FieldErrors;
use jalin_domain::agreement::{AgreementDraft, AgreementInput};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// The records of a file in the given format, and the problems of records that could not
/// be read; a file that cannot be read at all is an error.
pub(super) fn read_records(bytes: &[u8], format: ExchangeFormat) -> AppResult<(Vec<ParsedRecord>, Vec<RowError>)> {
    match format {
        ExchangeFormat::Csv => read_csv(bytes),
        ExchangeFormat::Json => read_json(bytes),
        ExchangeFormat::Xlsx => read_xlsx(bytes),
    }
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

/// A record whose fields parse: its draft and the timestamps given in the file.
pub(super) struct ParsedDraft {
    pub draft: AgreementDraft,
    pub created: Option<OffsetDateTime>,
    pub updated: Option<OffsetDateTime>,
}

/// Parses one record's timestamps and fields; the draft when the fields parse, and every
/// problem found (timestamps first, in the order an import reports them).
pub(super) fn parse_record(record: &ParsedRecord, today: Date) -> (Option<ParsedDraft>, FieldErrors) {
    let mut errors = FieldErrors::new();
    let created = parse_timestamp(record.input.created_at.as_deref(), "created_at", &mut errors);
    let updated = parse_timestamp(record.input.updated_at.as_deref(), "updated_at", &mut errors);
    match record.input.parse(today) {
        Ok(draft) => (
            Some(ParsedDraft {
                draft,
                created,
                updated,
            }),
            errors,
        ),
        Err(e) => {
            errors.0.extend(e.0);
            (None, errors)
        }
    }
}

/// A file read and its records parsed, before reference codes and parties are checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedImport {
    /// The number of records in the file (read or not).
    pub rows: usize,
    /// The records whose fields parse, by row, in file order.
    pub drafts: Vec<(usize, AgreementDraft)>,
    /// Every problem found so far, named by row and column as an import names them.
    pub errors: Vec<RowError>,
}

/// Reads an import file and parses its records as an import does, without reference data
/// or a database. A record with a problem is left out of `drafts` and its problems are in
/// `errors`; a file that cannot be read at all is an error (`BadFile`, `ImportRejected`).
pub fn parse_import(bytes: &[u8], format: ExchangeFormat, today: Date) -> AppResult<ParsedImport> {
    let (records, mut errors) = read_records(bytes, format)?;
    let rows = records.len() + errors.len();
    let mut drafts = Vec::new();
    for record in &records {
        let (parsed, field_errors) = parse_record(record, today);
        if let Some(p) = parsed
            && field_errors.is_empty()
        {
            drafts.push((record.row, p.draft));
        }
        errors.extend(row_errors(record, field_errors));
    }
    Ok(ParsedImport { rows, drafts, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        time::macros::date!(2025 - 06 - 01)
    }

    #[test]
    fn a_csv_file_parses_into_drafts_and_named_problems() {
        let csv = "form,subtype,tier,status,title_id,regions,signed_on,created_at\n\
                   KSDPL,sister_city,mou,in_force,Kukar–Kitakyushu,64.02,2023-03-01,\n\
                   KSDPL,sister_city,mou,in_force,Tanpa wilayah,64.02,2023-13-01,yesterday\n";
        let parsed = parse_import(csv.as_bytes(), ExchangeFormat::Csv, today()).unwrap();
        assert_eq!(parsed.rows, 2);
        assert_eq!(parsed.drafts.len(), 1);
        assert_eq!(parsed.drafts[0].0, 1);
        let columns: Vec<(usize, &str)> = parsed.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert!(columns.contains(&(2, "created_at")), "{columns:?}");
        assert!(columns.contains(&(2, "signed_on")), "{columns:?}");
    }

    #[test]
    fn a_json_record_of_the_wrong_shape_is_a_row_problem() {
        let json = br#"[{"form": 3}, {"form": "KSDPL"}]"#;
        let parsed = parse_import(json, ExchangeFormat::Json, today()).unwrap();
        assert_eq!(parsed.rows, 2);
        assert!(parsed.drafts.is_empty());
        assert_eq!(
            (parsed.errors[0].row, parsed.errors[0].column.as_str()),
            (1, "(record)")
        );
        assert!(parsed.errors.iter().any(|e| e.row == 2));
        assert!(matches!(
            parse_import(b"{}", ExchangeFormat::Json, today()),
            Err(AppError::BadFile(_))
        ));
    }
}
