//! Text from uploaded files, in-process: PDF (text layer), DOCX, ODT and plain text. Every
//! reader is bounded — archive entries are read up to a limit (no zip bombs), PDFs up to a
//! page count and output size — and the application runs it with a time limit and catches
//! panics, so a malformed or hostile file gives an error, never a crash or a hang.

use jalin_app::ports::search::TextExtractor;
use jalin_domain::files::FileFormat;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::Read;

/// Most text kept per file.
pub const MAX_TEXT_BYTES: usize = 2_000_000;
/// Largest uncompressed XML part read from a DOCX or ODT.
pub const MAX_XML_BYTES: u64 = 50_000_000;
/// Pages of a PDF read at most.
pub const MAX_PDF_PAGES: usize = 500;

#[derive(Debug, Clone, Copy, Default)]
pub struct Extractor;

impl TextExtractor for Extractor {
    fn extract(&self, format: FileFormat, bytes: &[u8]) -> Result<String, String> {
        let text = match format {
            FileFormat::Text => std::str::from_utf8(bytes)
                .map(str::to_owned)
                .map_err(|_| "the text is not UTF-8".to_owned())?,
            FileFormat::Docx => xml_text(bytes, "word/document.xml", &[b"p", b"tab", b"br"])?,
            FileFormat::Odt => xml_text(bytes, "content.xml", &[b"p", b"h", b"tab", b"line-break"])?,
            FileFormat::Pdf => pdf_text(bytes)?,
            // Scans carry no text layer; Jalin does not read images.
            FileFormat::Png | FileFormat::Jpeg | FileFormat::Tiff => String::new(),
        };
        Ok(clip(text))
    }
}

fn clip(mut text: String) -> String {
    if text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// The text of one XML part of a ZIP-based document; a line break after each element whose
/// local name is in `breaks`.
fn xml_text(bytes: &[u8], part: &str, breaks: &[&[u8]]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("the file is not a valid archive: {e}"))?;
    let entry = archive
        .by_name(part)
        .map_err(|_| format!("the document has no {part}"))?;
    if entry.encrypted() {
        return Err("the document is encrypted".to_owned());
    }
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("the document could not be unpacked: {e}"))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err("the document unpacks to more than 50 MB of text (refused)".to_owned());
    }
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut out = String::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Text(t)) => {
                let raw = String::from_utf8_lossy(t.as_ref()).into_owned();
                let text = quick_xml::escape::unescape(&raw).map(|c| c.into_owned()).unwrap_or(raw);
                out.push_str(&text);
            }
            Ok(Event::GeneralRef(r)) => {
                let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                out.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Ok(Event::End(e)) if breaks.contains(&e.local_name().as_ref()) => out.push('\n'),
            Ok(Event::Empty(e)) if breaks.contains(&e.local_name().as_ref()) => {
                out.push(if e.local_name().as_ref() == b"tab" { '\t' } else { '\n' })
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("the document's XML is malformed: {e}")),
        }
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
        buf.clear();
    }
    Ok(out)
}

fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| format!("the PDF could not be read: {e}"))?;
    if doc.is_encrypted() {
        return Err("the PDF is encrypted".to_owned());
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().take(MAX_PDF_PAGES).collect();
    let mut out = String::new();
    for page in pages {
        // A page that cannot be read is skipped; the others still count.
        if let Ok(t) = doc.extract_text(&[page]) {
            out.push_str(&t);
            out.push('\n');
        }
        if out.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(name: &str, content: &[u8]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            w.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(content).unwrap();
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn docx_and_odt_text_with_paragraphs() {
        let docx = zip_with(
            "word/document.xml",
            br#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Nota Kesepahaman</w:t></w:r></w:p><w:p><w:r><w:t>pendidikan &amp; budaya</w:t></w:r></w:p></w:body></w:document>"#,
        );
        let t = Extractor.extract(FileFormat::Docx, &docx).unwrap();
        assert_eq!(t, "Nota Kesepahaman\npendidikan & budaya\n");
        let odt = zip_with("content.xml", br#"<office:document-content xmlns:text="t"><text:h>Judul</text:h><text:p>mendidik anak</text:p></office:document-content>"#);
        assert_eq!(
            Extractor.extract(FileFormat::Odt, &odt).unwrap(),
            "Judul\nmendidik anak\n"
        );
    }

    #[test]
    fn broken_files_give_errors_not_panics() {
        assert!(Extractor.extract(FileFormat::Docx, b"PK\x03\x04 garbage").is_err());
        assert!(Extractor.extract(FileFormat::Pdf, b"%PDF-1.7 not really").is_err());
        let wrong_part = zip_with("other.xml", b"<a/>");
        assert!(
            Extractor
                .extract(FileFormat::Docx, &wrong_part)
                .unwrap_err()
                .contains("word/document.xml")
        );
        let bad_xml = zip_with("word/document.xml", b"<w:p><w:t>unclosed</w:x>");
        assert!(Extractor.extract(FileFormat::Docx, &bad_xml).is_err());
        assert_eq!(Extractor.extract(FileFormat::Png, b"\x89PNG").unwrap(), "");
    }

    #[test]
    fn a_zip_bomb_is_refused() {
        // 60 MB of zeros compress to a few kilobytes.
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            w.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
            )
            .unwrap();
            let chunk = vec![b'a'; 1_000_000];
            for _ in 0..60 {
                w.write_all(&chunk).unwrap();
            }
            w.finish().unwrap();
        }
        let bomb = buf.into_inner();
        assert!(bomb.len() < 1_000_000);
        let err = Extractor.extract(FileFormat::Docx, &bomb).unwrap_err();
        assert!(err.contains("50 MB"), "{err}");
    }

    #[test]
    fn a_real_pdf_text_layer_is_read() {
        let pdf = crate::testdata::pdf_with_text("Pendidikan dan kebudayaan: mendidik generasi muda");
        let t = Extractor.extract(FileFormat::Pdf, &pdf).unwrap();
        assert!(t.contains("mendidik"), "{t:?}");
    }
}
