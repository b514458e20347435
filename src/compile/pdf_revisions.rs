//! A PDF's revisions: the file as first written, then each incremental update appended to
//! it (ISO 32000-1 §7.5.6) — convgen's signature fields, then each signature. Every revision
//! ends with its `%%EOF`, and the file up to there is a whole PDF: the one signed by the
//! signatures whose byte ranges end there.

use std::collections::{HashMap, HashSet};

pub use super::pdf_update::{Pdf, PdfError};
use super::pdf_update::{Section, last_xref};

/// More revisions than this are not a signed convention (one per signature, and a few).
const MAX_REVISIONS: usize = 1000;

/// One revision: where its cross-reference table is, where it ends, what it defines.
#[derive(Clone, Debug)]
pub struct Revision {
    pub xref: usize,
    /// The byte after its `%%EOF` and end of line: the file up to here is this revision.
    pub end: usize,
    /// The object numbers its table lists (in use or freed), object 0 aside.
    pub objects: Vec<u32>,
}

/// Every revision of a file, oldest first.
pub struct Revisions<'a> {
    bytes: &'a [u8],
    sections: Vec<Section<'a>>,
    offsets: Vec<usize>,
    pub list: Vec<Revision>,
}

impl<'a> Revisions<'a> {
    /// Reads the chain of cross-reference tables from the last one back (`/Prev`).
    pub fn read(bytes: &'a [u8]) -> Result<Revisions<'a>, PdfError> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(PdfError::NotAPdf);
        }
        let mut offset = last_xref(bytes)?;
        let mut seen = HashSet::new();
        let (mut sections, mut offsets) = (Vec::new(), Vec::new());
        loop {
            if !seen.insert(offset) || sections.len() >= MAX_REVISIONS {
                return Err("the cross-reference tables point back in a loop".into());
            }
            let section = Section::read(bytes, offset)?;
            if section.trailer.get(b"Encrypt").is_some() {
                return Err("the PDF is encrypted".into());
            }
            let previous = section.trailer.get(b"Prev");
            let previous = previous.map(|p| std::str::from_utf8(&bytes[p]).ok()?.parse().ok());
            sections.push(section);
            offsets.push(offset);
            match previous {
                None => break,
                Some(Some(previous)) => offset = previous,
                Some(None) => return Err("/Prev is not an offset".into()),
            }
        }
        sections.reverse();
        offsets.reverse();
        let list = (sections.iter().zip(&offsets))
            .map(|(section, &xref)| Revision {
                xref,
                end: end_of_revision(bytes, section.end),
                objects: (section.entries.iter())
                    .map(|(id, _)| *id)
                    .filter(|id| *id != 0)
                    .collect(),
            })
            .collect();
        Ok(Revisions {
            bytes,
            sections,
            offsets,
            list,
        })
    }

    /// The document as of revision `index` (0: as first written): the objects defined up
    /// to it, each by its latest definition, and that revision's trailer.
    pub fn pdf(&self, index: usize) -> Pdf<'a> {
        let mut objects = HashMap::new();
        for section in &self.sections[..=index.min(self.sections.len() - 1)] {
            for &(id, offset) in &section.entries {
                match offset {
                    Some(offset) => objects.insert(id, offset),
                    None => objects.remove(&id),
                };
            }
        }
        let index = index.min(self.sections.len() - 1);
        let section = &self.sections[index];
        Pdf::of_revision(
            self.bytes,
            objects,
            section.trailer.clone(),
            self.offsets[index],
        )
    }

    /// The last revision's document: what a reader shows.
    pub fn last(&self) -> Pdf<'a> {
        self.pdf(self.list.len() - 1)
    }
}

/// The end of the revision whose trailer ends at `from`: past `startxref`, its offset,
/// `%%EOF` and one end of line.
fn end_of_revision(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    let Some(at) = rest.windows(5).position(|w| w == b"%%EOF") else {
        return bytes.len();
    };
    let mut end = from + at + 5;
    match &bytes[end..] {
        [b'\r', b'\n', ..] => end += 2,
        [b'\n' | b'\r', ..] => end += 1,
        _ => {}
    }
    end
}
