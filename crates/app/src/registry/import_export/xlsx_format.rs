//! The XLSX form of the CSV file: the first worksheet, a header row with the CSV columns,
//! one record per later row. Each cell is turned into the text the CSV reader expects and
//! the rows go through the CSV reader, so both formats share every rule.

use super::ParsedRecord;
use super::csv_format::read_csv;
use crate::error::RowError;
use crate::{AppError, AppResult};
use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};
use std::io::Cursor;

/// Columns an import sheet may have headings in (the CSV has fewer).
const MAX_COLUMNS: usize = 256;

/// The cells of the first worksheet, in (row, column) order, positions relative to the
/// sheet's used area (its first row and column), as calamine's `worksheet_range` would place
/// them. Read cell by cell: a range is a dense grid over the cells' bounding box, so two
/// cells at `A1` and `XFD1048576` would ask for 17 billion cells (an abort, found by
/// fuzzing); here memory follows the cells in the file.
fn sheet_cells(bytes: &[u8]) -> AppResult<Vec<((u32, u32), Data)>> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| AppError::BadFile(format!("not a readable XLSX workbook: {e}")))?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| AppError::BadFile("the workbook has no worksheet".to_owned()))?;
    let unreadable = |e: XlsxError| AppError::BadFile(format!("the first worksheet cannot be read: {e}"));
    let mut reader = match workbook.worksheet_cells_reader(&name) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        // As calamine's ranges: the sheet starts at its first non-empty cell.
        if cells.is_empty() && matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        cells.push((cell.get_position(), Data::from(cell.get_value().clone())));
    }
    let first_row = cells.iter().map(|((r, _), _)| *r).min().unwrap_or(0);
    let first_col = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    for ((r, c), _) in &mut cells {
        *r -= first_row;
        *c -= first_col;
    }
    cells.sort_by_key(|(position, _)| *position);
    Ok(cells)
}

/// The cells of each row of a sheet, rows in order (blank rows absent): row index and
/// `(column, cell)` pairs.
fn sheet_rows(cells: Vec<((u32, u32), Data)>) -> Vec<(u32, Vec<(u32, Data)>)> {
    let mut rows: Vec<(u32, Vec<(u32, Data)>)> = Vec::new();
    for ((r, c), value) in cells {
        match rows.last_mut() {
            Some((row, values)) if *row == r => values.push((c, value)),
            _ => rows.push((r, vec![(c, value)])),
        }
    }
    rows
}

pub(super) fn read_xlsx(bytes: &[u8]) -> AppResult<(Vec<ParsedRecord>, Vec<RowError>)> {
    let rows = sheet_rows(sheet_cells(bytes)?);
    let mut rows = rows.into_iter();
    let (header_row, header_cells) = rows
        .next()
        .ok_or_else(|| AppError::BadFile("the first worksheet is empty".to_owned()))?;
    debug_assert_eq!(header_row, 0, "rows count from the sheet's first row");
    let headings: Vec<(usize, String)> = header_cells
        .iter()
        .map(|(c, cell)| (*c as usize, cell_text(cell).unwrap_or_default()))
        .filter(|(_, text)| !text.trim().is_empty())
        .collect();
    if let Some((c, _)) = headings.iter().find(|(c, _)| *c >= MAX_COLUMNS) {
        return Err(AppError::BadFile(format!(
            "a heading in column {}; an import sheet has at most {MAX_COLUMNS} columns",
            c + 1
        )));
    }
    let width = headings.iter().map(|(c, _)| c + 1).max().unwrap_or(0);
    let mut header = vec![String::new(); width];
    for (c, text) in headings {
        header[c] = text;
    }
    // Formatted but empty cells widen the sheet: columns without a heading are dropped.
    while header.last().is_some_and(|h| h.trim().is_empty()) {
        header.pop();
    }

    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut cell_errors = Vec::new();
    // `record_rows[i]` is the data row (1 = the row after the header) of the i-th record
    // written, so that skipping blank rows does not shift the numbers in the messages.
    let mut record_rows = Vec::new();
    write_record(&mut writer, &header)?;
    for (r, cells) in rows {
        let row = r as usize;
        let mut texts = vec![String::new(); header.len()];
        for (c, cell) in &cells {
            let c = *c as usize;
            let column = || header.get(c).cloned().unwrap_or_else(|| format!("column {}", c + 1));
            match cell_text(cell) {
                Ok(text) if c >= header.len() && !text.trim().is_empty() => cell_errors.push(RowError {
                    row,
                    column: column(),
                    message: "a value in a column without a heading".to_owned(),
                }),
                Ok(text) if c < header.len() => texts[c] = text,
                Ok(_) => {}
                Err(message) => cell_errors.push(RowError {
                    row,
                    column: column(),
                    message,
                }),
            }
        }
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        write_record(&mut writer, &texts)?;
        record_rows.push(row);
    }
    let csv = writer
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("buffering the worksheet: {e}")))?;
    let (mut records, mut errors) = read_csv(&csv)?;
    let sheet_row = |n: usize| record_rows.get(n.wrapping_sub(1)).copied().unwrap_or(n);
    for r in &mut records {
        r.row = sheet_row(r.row);
    }
    for e in &mut errors {
        e.row = sheet_row(e.row);
    }
    errors.extend(cell_errors);
    Ok((records, errors))
}

fn write_record(writer: &mut csv::Writer<Vec<u8>>, fields: &[String]) -> AppResult<()> {
    writer
        .write_record(fields)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("buffering the worksheet: {e}")))
}

/// A cell as the CSV reader would see it: dates as `YYYY-MM-DD`, whole numbers without a
/// decimal part; or why the cell cannot be read.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, ms) = d.to_ymd_hms_milli();
            if (h, min, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_owned(),
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

/// Spreadsheets store every number as a float: `2023.0` is written `2023`.
fn number_text(f: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: beyond it floats skip integers
    if f.fract() == 0.0 && f.abs() < EXACT {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    const HEADER: &[&str] = &[
        "form",
        "subtype",
        "tier",
        "status",
        "title_id",
        "regions",
        "partner_geonameids",
        "sdgs",
        "signed_on",
        "expires_on",
    ];

    const CSV: &str = "form,subtype,tier,status,title_id,regions,partner_geonameids,sdgs,signed_on,expires_on\n\
                       KSDPL,sister_city,mou,in_force,Kukar–Kitakyushu,64.02,1859307,4|11,2023-03-01,2028-02-28\n";

    fn workbook(rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, *s).map(|_| ()),
                    Cell::Number(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    Cell::Date(y, m, d) => {
                        let value = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        sheet.write_datetime_with_format(r, c, &value, &date).map(|_| ())
                    }
                    Cell::Blank => Ok(()),
                }
                .unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    }

    enum Cell {
        Text(&'static str),
        Number(f64),
        Date(u16, u8, u8),
        Blank,
    }

    fn good_row() -> Vec<Cell> {
        use Cell::*;
        vec![
            Text("KSDPL"),
            Text("sister_city"),
            Text("mou"),
            Text("in_force"),
            Text("Kukar–Kitakyushu"),
            Text("64.02"),
            Number(1859307.0),
            Text("4|11"),
            Date(2023, 3, 1),
            Text("2028-02-28"),
        ]
    }

    fn inputs(records: &[ParsedRecord]) -> Vec<serde_json::Value> {
        records
            .iter()
            .map(|r| serde_json::to_value(&r.input).unwrap())
            .collect()
    }

    #[test]
    fn a_workbook_reads_as_the_same_records_as_the_csv() {
        let (from_xlsx, errors) = read_xlsx(&workbook(&[good_row()])).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let (from_csv, _) = read_csv(CSV.as_bytes()).unwrap();
        assert_eq!(from_xlsx.len(), 1);
        assert_eq!(inputs(&from_xlsx), inputs(&from_csv));
        assert_eq!(from_xlsx[0].row, 1);
        assert_eq!(from_xlsx[0].input.signed_on.as_deref(), Some("2023-03-01"));
    }

    #[test]
    fn blank_rows_are_skipped_without_shifting_row_numbers() {
        let blank: Vec<Cell> = HEADER.iter().map(|_| Cell::Blank).collect();
        let mut bad = good_row();
        bad[6] = Cell::Text("not-a-number");
        let (records, errors) = read_xlsx(&workbook(&[good_row(), blank, bad])).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].row, errors[0].column.as_str()), (3, "partner_geonameids"));
    }

    #[test]
    fn cells_become_csv_text() {
        assert_eq!(cell_text(&Data::Float(2023.0)).unwrap(), "2023");
        assert_eq!(cell_text(&Data::Float(4.7)).unwrap(), "4.7");
        assert_eq!(cell_text(&Data::Int(-3)).unwrap(), "-3");
        assert_eq!(cell_text(&Data::Bool(true)).unwrap(), "true");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2023-03-01T00:00:00".into())).unwrap(),
            "2023-03-01"
        );
        assert!(cell_text(&Data::Error(calamine::CellErrorType::NA)).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_a_bad_file() {
        assert!(matches!(read_xlsx(CSV.as_bytes()), Err(AppError::BadFile(_))));
        assert!(matches!(read_xlsx(b"PK\x03\x04garbage"), Err(AppError::BadFile(_))));
    }

    #[test]
    fn a_cell_far_from_the_others_does_not_allocate_the_grid_between() {
        // Found by fuzzing (import_xlsx): cells at A1 and XFD1048576 made calamine's dense
        // range ask for 17 billion cells, which aborts the process.
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        for (c, cell) in ["KSDPL", "sister_city", "mou", "in_force", "T", "64.02"]
            .iter()
            .enumerate()
        {
            sheet.write_string(1, c as u16, *cell).unwrap();
        }
        sheet.write_string(1_048_575, 16_383, "jauh").unwrap();
        let (records, errors) = read_xlsx(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].row, 1_048_575);
        assert_eq!(errors[0].message, "a value in a column without a heading");

        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "form").unwrap();
        sheet.write_string(0, 16_383, "far").unwrap();
        let Err(AppError::BadFile(message)) = read_xlsx(&book.save_to_buffer().unwrap()) else {
            panic!("expected a bad file");
        };
        assert!(message.contains("column 16384"), "{message}");
    }

    #[test]
    fn unknown_headers_are_rejected_as_in_the_csv() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "colour").unwrap();
        sheet.write_string(1, 0, "red").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let Err(AppError::ImportRejected(errors)) = read_xlsx(&bytes) else {
            panic!("expected a rejection");
        };
        assert!(errors.iter().any(|e| e.column == "colour"));
    }
}
