//! Just enough PDF to add objects to a file that typst-pdf wrote: read its cross-reference
//! table and a few dictionaries, then append an incremental update (ISO 32000-1 §7.5.6) that
//! leaves the original bytes as they are.
//!
//! Reading and rewriting the whole file with a general PDF library cost as much as Typst's
//! own PDF export; an update only touches the objects it changes.

use std::collections::HashMap;
use std::ops::Range;

use super::pdf_scanner::Scanner;
use crate::i18n::Message;

/// A PDF this scanner cannot read, and why.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{}", Message::from(self))]
    NotAPdf,
    /// A PDF convgen did not make: no convention file travels in it.
    #[error("{}", Message::from(self))]
    NoAttachedSource,
    /// A PDF damaged, or written otherwise than typst-pdf writes: what stopped the reading.
    #[error("{}", Message::from(self))]
    Damaged(String),
}

impl From<&str> for PdfError {
    fn from(message: &str) -> PdfError {
        PdfError::Damaged(message.to_string())
    }
}

impl From<String> for PdfError {
    fn from(message: String) -> PdfError {
        PdfError::Damaged(message)
    }
}

impl From<&PdfError> for Message {
    fn from(error: &PdfError) -> Message {
        match error {
            PdfError::NotAPdf => Message::NotAPdf,
            PdfError::NoAttachedSource => Message::NoAttachedSource,
            PdfError::Damaged(detail) => Message::PdfDamaged {
                detail: detail.clone(),
            },
        }
    }
}

/// Deeper nesting than this is not a file typst-pdf wrote.
pub(super) const MAX_DEPTH: usize = 64;
/// Object numbers past this are not a file typst-pdf wrote either.
pub(super) const MAX_OBJECTS: usize = 8_000_000;

/// A PDF read far enough to look objects up by number.
pub struct Pdf<'a> {
    bytes: &'a [u8],
    /// Byte offset of each object in use, by object number.
    offsets: HashMap<u32, usize>,
    trailer: Dict<'a>,
    xref_offset: usize,
}

/// A dictionary, as spans of the file it was read from.
#[derive(Clone)]
pub struct Dict<'a> {
    bytes: &'a [u8],
    /// Each entry's key (without its slash), the span of the whole entry and of its value.
    entries: Vec<(&'a [u8], Range<usize>, Range<usize>)>,
}

impl<'a> Pdf<'a> {
    /// Reads the last cross-reference table and trailer of `bytes`: a file as typst-pdf
    /// writes it, in one revision and not encrypted.
    pub fn parse(bytes: &'a [u8]) -> Result<Pdf<'a>, PdfError> {
        let xref_offset = last_xref(bytes)?;
        let section = Section::read(bytes, xref_offset)?;
        let trailer = section.trailer;
        if trailer.get(b"Prev").is_some() || trailer.get(b"Encrypt").is_some() {
            return Err("the PDF is already updated or encrypted".into());
        }
        let offsets = (section.entries.into_iter())
            .filter_map(|(id, offset)| Some((id, offset?)))
            .collect();
        Ok(Pdf {
            bytes,
            offsets,
            trailer,
            xref_offset,
        })
    }

    /// A PDF as of one of its revisions: the objects of every section up to it (`offsets`,
    /// by object number) and its trailer.
    pub(super) fn of_revision(
        bytes: &'a [u8],
        offsets: HashMap<u32, usize>,
        trailer: Dict<'a>,
        xref_offset: usize,
    ) -> Pdf<'a> {
        Pdf {
            bytes,
            offsets,
            trailer,
            xref_offset,
        }
    }

    /// The trailer's value for `key`.
    pub fn trailer(&self, key: &[u8]) -> Option<Range<usize>> {
        self.trailer.get(key)
    }

    /// The whole file.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The value of object `id`.
    pub fn object(&self, id: u32) -> Result<Range<usize>, PdfError> {
        let missing = || format!("no object {id}");
        let offset = self.offsets.get(&id).copied().ok_or_else(missing)?;
        let mut scanner = Scanner::at(self.bytes, offset);
        let number = scanner.integer();
        let generation = scanner.integer();
        if number != Some(id as usize) || generation.is_none() || scanner.token() != b"obj" {
            return Err(missing().into());
        }
        scanner.value(0)
    }

    /// The dictionary `value` is, or refers to.
    pub fn dict(&self, value: Range<usize>) -> Result<Dict<'a>, PdfError> {
        Dict::parse(self.bytes, self.resolve(value)?)
    }

    /// `value`, or the object it refers to.
    pub fn resolve(&self, value: Range<usize>) -> Result<Range<usize>, PdfError> {
        match reference(&self.bytes[value.clone()]) {
            Some(id) => self.object(id),
            None => Ok(value),
        }
    }

    /// The spans of the items of the array `value` is, or refers to.
    pub fn array(&self, value: Range<usize>) -> Result<Vec<Range<usize>>, PdfError> {
        let span = self.resolve(value)?;
        let mut scanner = Scanner::at(self.bytes, span.start);
        scanner.expect(b"[")?;
        let mut items = Vec::new();
        loop {
            scanner.skip_space();
            if scanner.rest().starts_with(b"]") {
                return Ok(items);
            }
            items.push(scanner.value(1)?);
        }
    }

    /// The text of `span`.
    pub fn text(&self, span: Range<usize>) -> &'a [u8] {
        &self.bytes[span]
    }

    /// The catalog's object number and dictionary.
    pub fn catalog(&self) -> Result<(u32, Dict<'a>), PdfError> {
        let root = self.trailer.get(b"Root").ok_or("no /Root in the trailer")?;
        let id = reference(self.text(root.clone())).ok_or("/Root is not a reference")?;
        Ok((id, self.dict(root)?))
    }

    /// The object numbers of the pages, in order.
    pub fn pages(&self) -> Result<Vec<u32>, PdfError> {
        let (_, catalog) = self.catalog()?;
        let root = catalog.get(b"Pages").ok_or("no /Pages in the catalog")?;
        let mut pages = Vec::new();
        self.collect_pages(root, 0, &mut pages)?;
        Ok(pages)
    }

    fn collect_pages(
        &self,
        node: Range<usize>,
        depth: usize,
        pages: &mut Vec<u32>,
    ) -> Result<(), PdfError> {
        let id = reference(self.text(node.clone())).ok_or("a page is not a reference")?;
        let dict = self.dict(node)?;
        if dict.get(b"Kids").is_none() {
            pages.push(id);
            return Ok(());
        }
        if depth > MAX_DEPTH {
            return Err("page tree too deep".into());
        }
        let kids = dict.get(b"Kids").unwrap_or_default();
        for kid in self.array(kids)? {
            self.collect_pages(kid, depth + 1, pages)?;
        }
        Ok(())
    }

    /// The height of page `id`, whose media box may be inherited from the page tree.
    pub fn page_height(&self, id: u32) -> Result<f64, PdfError> {
        let mut page = self.dict(self.object(id)?)?;
        for _ in 0..MAX_DEPTH {
            if let Some(media_box) = page.get(b"MediaBox") {
                let numbers: Vec<f64> = self
                    .array(media_box)?
                    .into_iter()
                    .filter_map(|n| std::str::from_utf8(self.text(n)).ok()?.parse().ok())
                    .collect();
                if let [_, y0, _, y1] = numbers[..] {
                    return Ok(y1 - y0);
                }
                return Err("unreadable /MediaBox".into());
            }
            let parent = page.get(b"Parent").ok_or("page without a media box")?;
            page = self.dict(parent)?;
        }
        Err("page tree too deep".into())
    }
}

impl<'a> Dict<'a> {
    pub(super) fn parse(bytes: &'a [u8], span: Range<usize>) -> Result<Dict<'a>, PdfError> {
        let mut scanner = Scanner::at(bytes, span.start);
        scanner.expect(b"<<")?;
        let mut entries = Vec::new();
        loop {
            scanner.skip_space();
            if scanner.rest().starts_with(b">>") {
                return Ok(Dict { bytes, entries });
            }
            let key = scanner.value(1)?;
            if bytes[key.start] != b'/' {
                return Err("a dictionary key is not a name".into());
            }
            let value = scanner.value(1)?;
            entries.push((&bytes[key.start + 1..key.end], key.start..value.end, value));
        }
    }

    /// The span of `key`'s value.
    pub fn get(&self, key: &[u8]) -> Option<Range<usize>> {
        self.entries
            .iter()
            .find(|(k, ..)| *k == key)
            .map(|(.., value)| value.clone())
    }

    /// This dictionary without the entries of `dropped`, and with `added` (entries in PDF
    /// syntax) at its end.
    pub fn with(&self, dropped: &[&[u8]], added: &str) -> Vec<u8> {
        let mut out = b"<<".to_vec();
        for (key, entry, _) in &self.entries {
            if !dropped.contains(key) {
                out.extend_from_slice(&self.bytes[entry.clone()]);
            }
        }
        out.extend_from_slice(added.as_bytes());
        out.extend_from_slice(b">>");
        out
    }
}

/// New and changed objects, appended to a PDF as an incremental update.
pub struct Update {
    objects: Vec<(u32, Vec<u8>)>,
    next_id: u32,
}

impl Update {
    pub fn new(pdf: &Pdf) -> Result<Update, PdfError> {
        let size = pdf.trailer.get(b"Size").ok_or("no /Size in the trailer")?;
        let next_id = std::str::from_utf8(pdf.text(size))
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or("/Size is not a number")?;
        Ok(Update {
            objects: Vec::new(),
            next_id,
        })
    }

    /// Adds an object and returns its number.
    pub fn add(&mut self, body: Vec<u8>) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.objects.push((id, body));
        id
    }

    /// Gives object `id` a new value.
    pub fn replace(&mut self, id: u32, body: Vec<u8>) {
        self.objects.push((id, body));
    }

    /// The PDF followed by the update: new objects, their cross-reference section and a
    /// trailer that points back to the previous one.
    pub fn write(mut self, pdf: &Pdf) -> Vec<u8> {
        let extra: usize = self.objects.iter().map(|(_, b)| b.len() + 64).sum();
        let mut out = Vec::with_capacity(pdf.bytes.len() + extra + 512);
        out.extend_from_slice(pdf.bytes);
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        self.objects.sort_by_key(|(id, _)| *id);
        let mut offsets = Vec::with_capacity(self.objects.len());
        for (id, body) in &self.objects {
            offsets.push((*id, out.len()));
            out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref_offset = out.len();
        out.extend_from_slice(b"xref\n");
        for run in offsets.chunk_by(|a, b| a.0 + 1 == b.0) {
            out.extend_from_slice(format!("{} {}\n", run[0].0, run.len()).as_bytes());
            for (_, offset) in run {
                out.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
            }
        }
        let trailer = pdf.trailer.with(
            &[b"Size", b"Prev"],
            &format!("/Size {}/Prev {}", self.next_id, pdf.xref_offset),
        );
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(&trailer);
        out.extend_from_slice(format!("\nstartxref\n{xref_offset}\n%%EOF\n").as_bytes());
        out
    }
}

/// Where the last cross-reference section starts (`startxref`).
pub(super) fn last_xref(bytes: &[u8]) -> Result<usize, PdfError> {
    let tail_start = bytes.len().saturating_sub(1024);
    let keyword =
        rfind(&bytes[tail_start..], b"startxref").ok_or("no startxref at the end of the file")?;
    let mut scanner = Scanner::at(bytes, tail_start + keyword + b"startxref".len());
    scanner
        .integer()
        .ok_or_else(|| "startxref is not a number".into())
}

/// One cross-reference table and its trailer (ISO 32000-1 §7.5.4–5).
pub(super) struct Section<'a> {
    /// Each object number the table lists: its offset, or `None` when it is free.
    pub(super) entries: Vec<(u32, Option<usize>)>,
    pub(super) trailer: Dict<'a>,
    /// Where the trailer dictionary ends.
    pub(super) end: usize,
}

impl<'a> Section<'a> {
    pub(super) fn read(bytes: &'a [u8], offset: usize) -> Result<Section<'a>, PdfError> {
        let mut scanner = Scanner::at(bytes, offset);
        if scanner.token() != b"xref" {
            return Err("no cross-reference table where startxref points (a cross-reference stream is not read)".into());
        }
        let mut entries = Vec::new();
        loop {
            scanner.skip_space();
            if scanner.rest().starts_with(b"trailer") {
                scanner.pos += b"trailer".len();
                break;
            }
            let first = scanner.integer().ok_or("bad cross-reference subsection")?;
            let count = scanner.integer().ok_or("bad cross-reference subsection")?;
            // Each entry takes 20 bytes: a count the rest of the file cannot hold is a lie.
            if first.saturating_add(count) > MAX_OBJECTS || count > scanner.rest().len() / 18 {
                return Err("too many objects".into());
            }
            for id in first..first + count {
                let offset = scanner.integer().ok_or("bad cross-reference entry")?;
                scanner.integer().ok_or("bad cross-reference entry")?;
                let offset = match scanner.token() {
                    b"n" => Some(offset),
                    b"f" => None,
                    _ => return Err("bad cross-reference entry".into()),
                };
                entries.push((id as u32, offset));
            }
        }
        let span = scanner.value(0)?;
        let end = span.end;
        let trailer = Dict::parse(bytes, span)?;
        Ok(Section {
            entries,
            trailer,
            end,
        })
    }
}

/// The object number of an indirect reference `n g R`.
pub fn reference(value: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(value).ok()?;
    let mut parts = text.split_ascii_whitespace();
    let id = parts.next()?.parse().ok()?;
    parts.next()?.parse::<u16>().ok()?;
    (parts.next()? == "R" && parts.next().is_none()).then_some(id)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_span_strings_with_delimiters_and_references() {
        let text = b"<</A (a \\) (>>) b)/B<</C 12 0 R/D[1 2 R]>>/E <4142>/F 3/G 4 0 R>>";
        let dict = Dict::parse(text, 0..text.len()).unwrap();
        let value = |k: &[u8]| &text[dict.get(k).unwrap()];
        assert_eq!(value(b"A"), b"(a \\) (>>) b)");
        assert_eq!(value(b"B"), b"<</C 12 0 R/D[1 2 R]>>");
        assert_eq!(value(b"E"), b"<4142>");
        assert_eq!(value(b"F"), b"3");
        assert_eq!(value(b"G"), b"4 0 R");
        assert_eq!(reference(b"12 0 R"), Some(12));
        assert_eq!(reference(b"12 R"), None);
        assert_eq!(
            dict.with(&[b"B", b"E"], "/H 1"),
            b"<</A (a \\) (>>) b)/F 3/G 4 0 R/H 1>>"
        );
    }

    #[test]
    fn truncated_and_hostile_input_is_an_error() {
        for text in [
            &b"<</A (never closed"[..],
            b"<</A [1 2",
            b"<</A <41",
            b"<<1 2>>",
            b"<</A )>>",
            &[b'['; 100],
        ] {
            assert!(
                Dict::parse(text, 0..text.len()).is_err(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        assert!(Pdf::parse(b"%PDF-1.7\nstartxref\n999999\n%%EOF").is_err());
    }
}
