//! The project's own handling of an upload (axum's multipart parser hands over the file
//! name, the declared content type and the bytes): the format told from the content, the
//! size and emptiness checks, the cleaned file name, the import format from the name.
//!
//! Input: `name \0 content-type \0 bytes` (missing parts are empty).
#![no_main]

use jalin_app::registry::ExchangeFormat;
use jalin_domain::files::{self, FileFormat, FileRefusal};
use libfuzzer_sys::fuzz_target;

const FORMATS: [FileFormat; 7] = [
    FileFormat::Pdf,
    FileFormat::Docx,
    FileFormat::Odt,
    FileFormat::Text,
    FileFormat::Png,
    FileFormat::Jpeg,
    FileFormat::Tiff,
];

/// Characters that reorder how a name is shown (a `.exe` that reads as `.pdf`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check_clean_name(name: &str, format: FileFormat) {
    let cleaned = files::clean_filename(name, format);
    let ext = format!(".{}", format.extension());
    let stem = cleaned
        .strip_suffix(&ext)
        .unwrap_or_else(|| panic!("{cleaned:?} lacks {ext}"));
    assert!(!stem.is_empty(), "{name:?} → {cleaned:?}: no stem");
    assert!(!stem.starts_with('.'), "{name:?} → {cleaned:?}: a hidden file");
    assert!(stem.trim() == stem, "{name:?} → {cleaned:?}: blank at the ends");
    assert!(stem.chars().count() <= 120, "{name:?} → {cleaned:?}: too long");
    for c in cleaned.chars() {
        assert!(!matches!(c, '/' | '\\'), "{name:?} → {cleaned:?}: a path separator");
        assert!(
            !matches!(c, '"' | ';'),
            "{name:?} → {cleaned:?}: breaks Content-Disposition"
        );
        assert!(!c.is_control(), "{name:?} → {cleaned:?}: control character {c:?}");
        assert!(!is_bidi_control(c), "{name:?} → {cleaned:?}: bidi control {c:?}");
        assert!(
            !matches!(c, '\u{2028}' | '\u{2029}'),
            "{name:?} → {cleaned:?}: a line separator"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let name = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let content_type = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let bytes = parts.next().unwrap_or_default();

    for format in FORMATS {
        check_clean_name(&name, format);
    }
    if let Some(format) = ExchangeFormat::from_path(&name) {
        assert!(name.to_ascii_lowercase().ends_with(&format!(".{}", format.as_str())));
    }
    if let Some(format) = FileFormat::from_content_type(&content_type) {
        let base = content_type.split(';').next().unwrap_or_default().trim();
        assert!(format.content_type().starts_with(base), "{content_type:?} → {format:?}");
    }
    let limit = 4096;
    let sniffed = files::sniff(bytes);
    match files::check(bytes, limit) {
        Ok(format) => {
            assert_eq!(Some(format), sniffed);
            assert!(!bytes.is_empty() && bytes.len() as u64 <= limit);
        }
        Err(FileRefusal::Empty) => assert!(bytes.is_empty()),
        Err(FileRefusal::TooLarge { .. }) => assert!(bytes.len() as u64 > limit),
        Err(FileRefusal::UnknownFormat) => assert_eq!(sniffed, None),
    }
});
