//! What the fuzz targets share: the invariants of a parsed import file.

use jalin_app::AppError;
use jalin_app::registry::{ExchangeFormat, ParsedImport, parse_import};

/// The registry's "today" for the fuzz runs (fixed, so a finding reproduces).
pub fn today() -> time::Date {
    time::macros::date!(2025 - 06 - 01)
}

/// Parses `bytes` as an import file of `format` and checks what holds for any input: no
/// panic; a rejected file is a 4xx-kind error (never `Internal`) with a message; the
/// records that parsed are in file order, and every problem names a column and says what
/// is wrong.
pub fn check_import(bytes: &[u8], format: ExchangeFormat) {
    match parse_import(bytes, format, today()) {
        Ok(ParsedImport { rows, drafts, errors }) => {
            assert!(drafts.len() <= rows, "{} drafts from {rows} rows", drafts.len());
            assert!(drafts.windows(2).all(|w| w[0].0 < w[1].0), "drafts out of row order");
            assert!(drafts.iter().all(|(row, _)| *row >= 1), "a draft at row 0");
            for e in &errors {
                assert!(!e.column.is_empty(), "a problem without a column: {e:?}");
                assert!(!e.message.is_empty(), "a problem without a message: {e:?}");
            }
            if format != ExchangeFormat::Xlsx {
                // Sheets number their rows with the blank ones counted; files do not.
                assert!(drafts.iter().all(|(row, _)| *row <= rows));
                assert!(errors.iter().all(|e| e.row <= rows), "a problem past the last row");
            }
        }
        Err(AppError::BadFile(message)) => assert!(!message.is_empty()),
        Err(AppError::ImportRejected(errors)) => {
            assert!(!errors.is_empty(), "a rejection without problems");
            assert!(
                errors.iter().all(|e| e.row == 0),
                "only the header rejects a whole file"
            );
        }
        Err(other) => panic!("not a file problem: {other:?}"),
    }
}
