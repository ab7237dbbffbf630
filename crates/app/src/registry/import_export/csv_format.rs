//! The CSV form of an agreement record: its columns, the `|`-separated lists, and the
//! reading and writing of one row.

use super::ParsedRecord;
use crate::error::RowError;
use crate::{AppError, AppResult};
use jalin_domain::agreement::{AgreementInput, PartyInput};
use jalin_domain::partner::{PartnerInput, PartnerKind};

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
    "kemlu_confirmation_ref",
    "kemlu_confirmation_on",
    "minister_approval_ref",
    "minister_approval_on",
    "dprd_decision_ref",
    "dprd_decision_on",
    "terminated_on",
    "termination_reason",
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

pub(super) fn csv_column(field: &str, regions: usize) -> String {
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

pub(super) fn read_csv(bytes: &[u8]) -> AppResult<(Vec<ParsedRecord>, Vec<RowError>)> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = read_csv_headers(&mut reader, CSV_COLUMNS, CSV_REQUIRED)?;
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let row = i + 1;
        let record = result.map_err(|e| AppError::BadFile(format!("row {row}: {e}")))?;
        let cells = CsvCells {
            headers: &headers,
            record: &record,
        };
        if let Some(parsed) = parse_csv_row(row, &cells, &mut errors) {
            records.push(parsed);
        }
    }
    Ok((records, errors))
}

/// The cells of one CSV row, looked up by column name.
struct CsvCells<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
}

impl CsvCells<'_> {
    /// A trimmed cell; an empty one is absent.
    fn cell(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|p| self.record.get(p))
            .map(super::formula::restore)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.cell(name).map(|c| split_list(&c)).unwrap_or_default()
    }

    fn non_empty_list(&self, name: &str) -> Option<Vec<String>> {
        let l = self.list(name);
        if l.is_empty() { None } else { Some(l) }
    }
}

/// One CSV row as a record; `None` when a cell is malformed (its errors are recorded).
fn parse_csv_row(row: usize, cells: &CsvCells<'_>, errors: &mut Vec<RowError>) -> Option<ParsedRecord> {
    let regions = cells.list("regions");
    let partners = csv_partners(row, cells, errors);
    let open_ended = match parse_open_ended(cells.cell("open_ended")) {
        Ok(value) => Some(value),
        Err(message) => {
            errors.push(RowError {
                row,
                column: "open_ended".to_owned(),
                message,
            });
            None
        }
    };
    let (Some(partners), Some(open_ended)) = (partners, open_ended) else {
        return None;
    };
    let mut parties: Vec<PartyInput> = regions
        .iter()
        .map(|r| PartyInput {
            region_code: Some(r.clone()),
            ..Default::default()
        })
        .collect();
    parties.extend(partners);
    Some(ParsedRecord {
        row,
        csv_regions: Some(regions.len()),
        input: csv_input(cells, parties, open_ended),
    })
}

/// The partner parties of a row, from the aligned `partner_*` lists; `None` when a list is
/// misaligned or a value malformed (the errors are recorded).
fn csv_partners(row: usize, cells: &CsvCells<'_>, errors: &mut Vec<RowError>) -> Option<Vec<PartyInput>> {
    let partner_lists: Vec<(&str, &str, Vec<String>)> =
        PARTNER_COLUMNS.iter().map(|(f, c)| (*f, *c, cells.list(c))).collect();
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
    let mut parties = Vec::with_capacity(partner_count);
    for p in 0..partner_count {
        let value = |field: &str| {
            partner_lists
                .iter()
                .find(|(f, _, _)| *f == field)
                .and_then(|(_, _, v)| v.get(p))
                .filter(|s| !s.is_empty())
                .cloned()
        };
        match csv_partner(&value) {
            Ok(party) => parties.push(party),
            Err(message) => {
                errors.push(RowError {
                    row,
                    column: "partner_geonameids".to_owned(),
                    message,
                });
                bad = true;
            }
        }
    }
    if bad { None } else { Some(parties) }
}

/// One partner party from its values in the `partner_*` lists (named by field), or why its
/// GeoNames id is malformed.
fn csv_partner(value: &dyn Fn(&str) -> Option<String>) -> Result<PartyInput, String> {
    let geonameid = match value("geonameid") {
        None => None,
        Some(g) => match g.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return Err(format!("'{g}' is not a GeoNames id (a positive integer)")),
        },
    };
    let kind = value("kind");
    let name = value("name");
    let place_only = name.is_none()
        && kind
            .as_deref()
            .is_none_or(|k| k == PartnerKind::ForeignRegionalGovernment.as_str());
    // A regional government named only by its place is resolved from the reference data.
    Ok(match (place_only, geonameid, value("subdivision_code")) {
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
    })
}

/// The `open_ended` cell: absent, true or false (in English or Indonesian), or why not.
fn parse_open_ended(cell: Option<String>) -> Result<Option<bool>, String> {
    match cell.map(|v| v.to_ascii_lowercase()) {
        None => Ok(None),
        Some(v) if ["true", "1", "yes", "ya"].contains(&v.as_str()) => Ok(Some(true)),
        Some(v) if ["false", "0", "no", "tidak"].contains(&v.as_str()) => Ok(Some(false)),
        Some(v) => Err(format!("'{v}' is not true or false")),
    }
}

fn csv_input(cells: &CsvCells<'_>, parties: Vec<PartyInput>, open_ended: Option<bool>) -> AgreementInput {
    let cell = |name: &str| cells.cell(name);
    AgreementInput {
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
        objects: cells.non_empty_list("objects"),
        other_object: cell("other_object"),
        fields: cells.non_empty_list("fields"),
        sdgs: cells.non_empty_list("sdgs"),
        signed_on: cell("signed_on"),
        effective_on: cell("effective_on"),
        expires_on: cell("expires_on"),
        open_ended,
        amends: cell("amends"),
        renews: cell("renews"),
        source: cell("source"),
        kemlu_confirmation_ref: cell("kemlu_confirmation_ref"),
        kemlu_confirmation_on: cell("kemlu_confirmation_on"),
        minister_approval_ref: cell("minister_approval_ref"),
        minister_approval_on: cell("minister_approval_on"),
        dprd_decision_ref: cell("dprd_decision_ref"),
        dprd_decision_on: cell("dprd_decision_on"),
        terminated_on: cell("terminated_on"),
        termination_reason: cell("termination_reason"),
        created_at: cell("created_at"),
        updated_at: cell("updated_at"),
    }
}

/// Columns whose cells are numbers (written as they are; the others are text, see
/// [`super::formula`]).
const NUMERIC_COLUMNS: &[&str] = &["partner_geonameids"];

/// One agreement as a CSV row, with formula-like text cells neutralised.
pub(super) fn csv_row(r: &AgreementInput) -> Vec<String> {
    csv_cells(r)
        .into_iter()
        .zip(CSV_COLUMNS)
        .map(|(cell, column)| {
            if NUMERIC_COLUMNS.contains(column) {
                cell
            } else {
                super::formula::neutralise(cell)
            }
        })
        .collect()
}

fn csv_cells(r: &AgreementInput) -> Vec<String> {
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
        o(&r.kemlu_confirmation_ref),
        o(&r.kemlu_confirmation_on),
        o(&r.minister_approval_ref),
        o(&r.minister_approval_on),
        o(&r.dprd_decision_ref),
        o(&r.dprd_decision_on),
        o(&r.terminated_on),
        o(&r.termination_reason),
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
    fn formula_cells_are_exported_as_text_and_imported_unchanged() {
        let input = AgreementInput {
            form: Some("KSDPL".to_owned()),
            title_id: Some("=HYPERLINK(\"http://evil.example\",\"klik\")".to_owned()),
            title_en: Some("@SUM(1)".to_owned()),
            description_id: Some("-5 hari".to_owned()),
            parties: Some(vec![PartyInput {
                geonameid: Some(1859307),
                ..Default::default()
            }]),
            ..Default::default()
        };
        let row = csv_row(&input);
        let cell = |name: &str| row[CSV_COLUMNS.iter().position(|c| *c == name).unwrap()].clone();
        assert_eq!(cell("title_id"), "'=HYPERLINK(\"http://evil.example\",\"klik\")");
        assert_eq!(cell("title_en"), "'@SUM(1)");
        assert_eq!(cell("description_id"), "'-5 hari");
        assert_eq!(cell("partner_geonameids"), "1859307", "numbers stay numbers");
        assert_eq!(cell("form"), "KSDPL");
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(CSV_COLUMNS).unwrap();
        w.write_record(&row).unwrap();
        let bytes = w.into_inner().unwrap();
        let headers: Vec<String> = CSV_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let record = reader.records().next().unwrap().unwrap();
        let cells = CsvCells {
            headers: &headers,
            record: &record,
        };
        assert_eq!(cells.cell("title_id"), input.title_id);
        assert_eq!(cells.cell("title_en"), input.title_en);
        assert_eq!(cells.cell("description_id"), input.description_id);
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
