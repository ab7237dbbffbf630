//! Text extraction from PDFs: a malformed or hostile PDF gives an error or a bounded text,
//! never a panic, a hang or unbounded memory.
#![no_main]

use jalin_app::ports::search::TextExtractor;
use jalin_domain::files::FileFormat;
use jalin_search::Extractor;
use jalin_search::extract::MAX_TEXT_BYTES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = Extractor.extract(FileFormat::Pdf, data) {
        assert!(text.len() <= MAX_TEXT_BYTES, "{} bytes of text", text.len());
    }
});
