//! What an uploaded file is, told from its content (never from its name): the formats a
//! cooperation file may come in — PDF, DOCX, ODT, plain text, and scans as PNG, JPEG or
//! TIFF. Anything else is refused.

use serde::{Deserialize, Serialize};

/// An accepted file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FileFormat {
    Pdf,
    Docx,
    Odt,
    Text,
    Png,
    Jpeg,
    Tiff,
}

impl FileFormat {
    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Text => "text/plain; charset=utf-8",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Tiff => "image/tiff",
        }
    }

    pub fn extension(&self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::Odt => "odt",
            Self::Text => "txt",
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Tiff => "tif",
        }
    }

    pub fn from_content_type(ct: &str) -> Option<Self> {
        let base = ct.split(';').next().unwrap_or_default().trim();
        [
            Self::Pdf,
            Self::Docx,
            Self::Odt,
            Self::Text,
            Self::Png,
            Self::Jpeg,
            Self::Tiff,
        ]
        .into_iter()
        .find(|f| f.content_type().split(';').next() == Some(base))
    }
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRefusal {
    Empty,
    TooLarge { limit: u64 },
    UnknownFormat,
}

impl std::fmt::Display for FileRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => write!(f, "the file is empty"),
            Self::TooLarge { limit } => write!(f, "the file is larger than the limit of {} MB", limit / 1_000_000),
            Self::UnknownFormat => {
                write!(
                    f,
                    "the file is not a PDF, DOCX, ODT, plain text, PNG, JPEG or TIFF file (told from its content)"
                )
            }
        }
    }
}

/// The name of the first entry of a ZIP archive and the bytes that follow its header.
fn first_zip_entry(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    if bytes.len() < 30 || &bytes[..4] != b"PK\x03\x04" {
        return None;
    }
    let name_len = usize::from(u16::from_le_bytes([bytes[26], bytes[27]]));
    let extra_len = usize::from(u16::from_le_bytes([bytes[28], bytes[29]]));
    let name = bytes.get(30..30 + name_len)?;
    let data = bytes.get(30 + name_len + extra_len..)?;
    Some((name, data))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Tells the format from the bytes.
pub fn sniff(bytes: &[u8]) -> Option<FileFormat> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileFormat::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileFormat::Png);
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Some(FileFormat::Jpeg);
    }
    if bytes.starts_with(b"II*\x00") || bytes.starts_with(b"MM\x00*") {
        return Some(FileFormat::Tiff);
    }
    if let Some((name, data)) = first_zip_entry(bytes) {
        // ODF stores an uncompressed `mimetype` entry first (ODF 1.2 §3.3).
        if name == b"mimetype" {
            return data
                .starts_with(b"application/vnd.oasis.opendocument.text")
                .then_some(FileFormat::Odt);
        }
        // OOXML: a Word document names its main part in the archive's directory.
        if contains(bytes, b"[Content_Types].xml") && contains(bytes, b"word/document.xml") {
            return Some(FileFormat::Docx);
        }
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    (control == 0).then_some(FileFormat::Text)
}

/// Checks an upload: not empty, within the limit, an accepted format.
pub fn check(bytes: &[u8], limit: u64) -> Result<FileFormat, FileRefusal> {
    if bytes.is_empty() {
        return Err(FileRefusal::Empty);
    }
    if bytes.len() as u64 > limit {
        return Err(FileRefusal::TooLarge { limit });
    }
    sniff(bytes).ok_or(FileRefusal::UnknownFormat)
}

/// Invisible characters that change how a name reads: bidirectional controls (a
/// right-to-left override turns `gpj.exe` into what looks like `exe.jpg`), zero-width
/// characters, line and paragraph separators, the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A file name safe to send in `Content-Disposition` and to show: no path, no control,
/// bidirectional or invisible characters, no quotes; the right extension for the format.
pub fn clean_filename(name: &str, format: FileFormat) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c) && !matches!(c, '"' | ';' | '\\'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned,
    }
    .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if stem.is_empty() { "dokumen" } else { stem };
    format!("{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_with_first_entry(name: &[u8], data: &[u8], rest: &[u8]) -> Vec<u8> {
        let mut v = b"PK\x03\x04".to_vec();
        v.extend_from_slice(&[0u8; 22]);
        v.extend_from_slice(&(name.len() as u16).to_le_bytes());
        v.extend_from_slice(&0u16.to_le_bytes());
        v.extend_from_slice(name);
        v.extend_from_slice(data);
        v.extend_from_slice(rest);
        v
    }

    #[test]
    fn formats_are_told_from_content_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileFormat::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(FileFormat::Png));
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0...."), Some(FileFormat::Jpeg));
        assert_eq!(sniff(b"II*\x00...."), Some(FileFormat::Tiff));
        assert_eq!(
            sniff("Nota Kesepahaman antara Kota Bandung dan Kota Suwon\n".as_bytes()),
            Some(FileFormat::Text)
        );
        let odt = zip_with_first_entry(b"mimetype", b"application/vnd.oasis.opendocument.text", b"content.xml");
        assert_eq!(sniff(&odt), Some(FileFormat::Odt));
        let ods = zip_with_first_entry(b"mimetype", b"application/vnd.oasis.opendocument.spreadsheet", b"");
        assert_eq!(sniff(&ods), None, "a spreadsheet is not accepted");
        let docx = zip_with_first_entry(b"[Content_Types].xml", b"<Types/>", b"word/document.xml");
        assert_eq!(sniff(&docx), Some(FileFormat::Docx));
        let other_zip = zip_with_first_entry(b"evil.exe", b"MZ", b"");
        assert_eq!(sniff(&other_zip), None);
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00"), None, "an executable");
        assert_eq!(sniff(b"text with a \x00 NUL"), None);
        assert_eq!(sniff(&[0xC3, 0x28]), None, "invalid UTF-8");
    }

    #[test]
    fn uploads_are_checked_for_size_and_emptiness() {
        assert_eq!(check(b"", 10), Err(FileRefusal::Empty));
        assert_eq!(check(b"%PDF-1.7 long", 5), Err(FileRefusal::TooLarge { limit: 5 }));
        assert_eq!(check(b"%PDF-1.7", 100), Ok(FileFormat::Pdf));
    }

    #[test]
    fn file_names_are_cleaned_and_get_the_right_extension() {
        assert_eq!(clean_filename("../../etc/passwd", FileFormat::Text), "passwd.txt");
        assert_eq!(
            clean_filename("C:\\Users\\a\\LoI Bandung.exe", FileFormat::Pdf),
            "LoI Bandung.pdf"
        );
        assert_eq!(
            clean_filename("surat\"; filename=x.pdf", FileFormat::Pdf),
            "surat filename=x.pdf"
        );
        assert_eq!(clean_filename("", FileFormat::Docx), "dokumen.docx");
        assert_eq!(clean_filename(".hidden", FileFormat::Pdf), "hidden.pdf");
        assert_eq!(
            clean_filename("laporan\u{202E}fdp.exe", FileFormat::Pdf),
            "laporanfdp.pdf",
            "a right-to-left override is removed"
        );
        assert_eq!(
            clean_filename(
                "\u{2067}surat\u{200B}\u{2069}\u{200F}\u{FEFF} minat\u{2028}.pdf",
                FileFormat::Pdf
            ),
            "surat minat.pdf",
            "isolates, marks, zero-width characters and separators are removed"
        );
        assert_eq!(FileFormat::from_content_type("application/pdf"), Some(FileFormat::Pdf));
    }

    #[test]
    fn file_names_lose_bidi_controls_and_line_separators() {
        // Found by fuzzing (fuzz/fuzz_targets/upload.rs): a right-to-left override makes
        // `laporan\u{202E}fdp.exe` show as `laporanexe.pdf`-like text in the case page.
        assert_eq!(
            clean_filename("laporan\u{202E}cod.exe", FileFormat::Pdf),
            "laporancod.pdf"
        );
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}',
        ] {
            let name = format!("surat{c}x.pdf");
            assert_eq!(clean_filename(&name, FileFormat::Pdf), "suratx.pdf", "{c:?}");
        }
    }

    #[test]
    fn file_names_have_no_blanks_or_dots_at_the_ends_of_the_stem() {
        // Found by fuzzing: dots and blanks trimmed in turn left ". x" as " x.pdf".
        assert_eq!(clean_filename(". x", FileFormat::Pdf), "x.pdf");
        assert_eq!(clean_filename("a .exe", FileFormat::Pdf), "a.pdf");
        assert_eq!(clean_filename(" . .", FileFormat::Pdf), "dokumen.pdf");
        assert_eq!(clean_filename("\u{2029}", FileFormat::Text), "dokumen.txt");
    }
}
