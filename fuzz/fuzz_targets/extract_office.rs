//! Text extraction from ZIP-based documents (DOCX, ODT) and plain text: bounded reading of
//! archive entries (no zip bombs), malformed XML as an error, never a panic.
#![no_main]

use jalin_app::ports::search::TextExtractor;
use jalin_domain::files::{FileFormat, sniff};
use jalin_search::Extractor;
use jalin_search::extract::MAX_TEXT_BYTES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The extractor is handed the format the upload was sniffed as; try the others as well
    // (a DOCX whose first entry is not the content types, an ODT without its mimetype).
    for format in [FileFormat::Docx, FileFormat::Odt, FileFormat::Text] {
        if let Ok(text) = Extractor.extract(format, data) {
            assert!(text.len() <= MAX_TEXT_BYTES, "{format:?}: {} bytes of text", text.len());
        }
    }
    if let Some(format) = sniff(data) {
        let _ = Extractor.extract(format, data);
    }
});
