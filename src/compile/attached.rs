//! The convention a PDF made by convgen carries: its TOML source is attached to the PDF
//! (PDF/A-3, `/AFRelationship /Source`), so that any version sent or signed can be read back
//! — by `diff`, and by whoever receives the PDF.

use std::io::Read as _;

use super::pdf_scanner::Scanner;
use super::pdf_update::{Dict, PdfError};

/// Largest attachment read: as large as a convention file may be.
const MAX_ATTACHMENT_BYTES: u64 = crate::format::MAX_FILE_BYTES as u64;

/// The TOML source attached to a PDF convgen wrote.
pub fn attached_source(pdf: &[u8]) -> Result<Vec<u8>, PdfError> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(PdfError::NotAPdf);
    }
    let marker = b"/EmbeddedFile";
    let mut from = 0;
    while let Some(found) = find(&pdf[from..], marker) {
        let at = from + found;
        from = at + marker.len();
        // The object that holds the marker: its dictionary, then its stream.
        let Some(start) = rfind(&pdf[..at], b" obj") else {
            continue;
        };
        let mut scanner = Scanner::at(pdf, start + b" obj".len());
        let Ok(span) = scanner.value(0) else {
            continue;
        };
        let Ok(dict) = Dict::parse(pdf, span.clone()) else {
            continue;
        };
        let is_toml = dict
            .get(b"Subtype")
            .is_some_and(|s| &pdf[s] == b"/application#2Ftoml");
        if dict
            .get(b"Type")
            .is_some_and(|t| &pdf[t] == b"/EmbeddedFile")
            && is_toml
        {
            return stream(pdf, &dict, span.end);
        }
    }
    Err(PdfError::NoAttachedSource)
}

/// The decoded data of the stream whose dictionary ends at `after`.
fn stream(pdf: &[u8], dict: &Dict<'_>, after: usize) -> Result<Vec<u8>, PdfError> {
    let length = dict.get(b"Length").ok_or("the attachment has no /Length")?;
    let length: usize = std::str::from_utf8(&pdf[length])
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .ok_or("the attachment's /Length is not a number")?;
    let mut scanner = Scanner::at(pdf, after);
    scanner.skip_space();
    scanner.expect(b"stream")?;
    let mut start = scanner.pos;
    start += match &pdf[start.min(pdf.len())..] {
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] => 1,
        _ => return Err("bad stream start".into()),
    };
    // A `/Length` past the end of memory is as cut short as one past the end of the file.
    let data = (start.checked_add(length))
        .and_then(|end| pdf.get(start..end))
        .ok_or("the attachment is cut short")?;
    let flate = dict
        .get(b"Filter")
        .is_some_and(|f| &pdf[f] == b"/FlateDecode");
    if !flate {
        return Ok(data.to_vec());
    }
    let mut out = Vec::new();
    let decoder = flate2::read::ZlibDecoder::new(data);
    decoder
        .take(MAX_ATTACHMENT_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("the attachment cannot be decompressed ({e})"))?;
    if out.len() as u64 > MAX_ATTACHMENT_BYTES {
        return Err("the attachment is too large".into());
    }
    Ok(out)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
