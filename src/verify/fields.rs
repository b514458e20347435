//! The signature fields of a PDF as a reader shows it (its last revision): each field's
//! name and, when signed, its signature dictionary.

use std::collections::HashSet;

use crate::compile::pdf_object::{Object, text_string};
use crate::compile::pdf_revisions::{Pdf, PdfError};

/// Deeper field trees than this are not a convention's.
const MAX_DEPTH: usize = 16;
/// Nor more fields than this.
const MAX_FIELDS: usize = 10_000;

/// A signature field (`/FT /Sig`).
pub struct Field {
    /// Its full name: the names of its ancestors and its own, joined by dots.
    pub name: String,
    /// Its tooltip (`/TU`): convgen writes « Signature de NAME (ROLE, PARTY) ».
    pub tooltip: Option<String>,
    /// Its value (`/V`), when signed.
    pub signature: Option<Signature>,
}

/// A signature dictionary.
pub struct Signature {
    /// The CMS, as `/Contents` holds it (zeros after it).
    pub contents: Vec<u8>,
    /// `/ByteRange`, as written: the offsets and lengths of the two signed parts.
    pub byte_range: Vec<f64>,
    /// `/M`: the signing time the signing software wrote.
    pub time: Option<String>,
}

/// The signature fields of the AcroForm, in its order.
pub fn signature_fields(pdf: &Pdf) -> Result<Vec<Field>, PdfError> {
    let root = pdf.trailer(b"Root").ok_or("no /Root in the trailer")?;
    let catalog = pdf.load_value(root)?;
    let Some(form) = catalog.get(b"AcroForm") else {
        return Ok(Vec::new());
    };
    let form = pdf.resolved(form)?;
    let fields = match form.get(b"Fields") {
        Some(fields) => pdf.resolved(fields)?,
        None => return Ok(Vec::new()),
    };
    let mut walk = Walk {
        pdf,
        seen: HashSet::new(),
        found: Vec::new(),
    };
    for item in fields.array().unwrap_or_default() {
        walk.field(item, "", None, 0)?;
    }
    Ok(walk.found)
}

struct Walk<'p, 'a> {
    pdf: &'p Pdf<'a>,
    seen: HashSet<u32>,
    found: Vec<Field>,
}

impl Walk<'_, '_> {
    /// A field and its descendants; `kind` is the field type inherited from its parent.
    fn field(
        &mut self,
        item: &Object,
        parent: &str,
        kind: Option<&[u8]>,
        depth: usize,
    ) -> Result<(), PdfError> {
        if depth > MAX_DEPTH || self.found.len() >= MAX_FIELDS {
            return Err("the form's fields are nested too deep, or too many".into());
        }
        if let Some(id) = item.reference()
            && !self.seen.insert(id)
        {
            return Err("the form's fields refer to each other in a loop".into());
        }
        let field = self.pdf.resolved(item)?;
        let own = field.get(b"T").and_then(Object::string).map(text_string);
        let name = match (&own, parent) {
            (Some(own), "") => own.clone(),
            (Some(own), parent) => format!("{parent}.{own}"),
            (None, parent) => parent.to_string(),
        };
        let kind = field.get(b"FT").and_then(Object::name).or(kind);
        let kids = field
            .get(b"Kids")
            .map(|k| self.pdf.resolved(k))
            .transpose()?;
        // Kids with names are fields; kids without are this field's widgets.
        let named_kids: Vec<Object> = match &kids {
            Some(kids) => (kids.array().unwrap_or_default().iter())
                .filter(|kid| {
                    let kid = self.pdf.resolved(kid);
                    kid.is_ok_and(|k| k.get(b"T").is_some())
                })
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        if !named_kids.is_empty() {
            let kind = kind.map(<[u8]>::to_vec);
            for kid in &named_kids {
                self.field(kid, &name, kind.as_deref(), depth + 1)?;
            }
            return Ok(());
        }
        if kind != Some(b"Sig".as_slice()) || own.is_none() && parent.is_empty() {
            return Ok(());
        }
        let signature = match field.get(b"V") {
            Some(value) => signature(&self.pdf.resolved(value)?),
            None => None,
        };
        let tooltip = field.get(b"TU").and_then(Object::string).map(text_string);
        self.found.push(Field {
            name,
            tooltip,
            signature,
        });
        Ok(())
    }
}

/// A signature dictionary's parts; `None` when it is not one.
fn signature(value: &Object) -> Option<Signature> {
    let contents = value.get(b"Contents")?.string()?.to_vec();
    let byte_range = (value.get(b"ByteRange")?.array()?.iter())
        .map(|n| n.number().unwrap_or(-1.0))
        .collect();
    Some(Signature {
        contents,
        byte_range,
        time: (value.get(b"M").and_then(Object::string)).and_then(|m| pdf_date(&text_string(m))),
    })
}

/// A PDF date (`D:20261205062844+01'00'`) as RFC 3339 (`2026-12-05T06:28:44+01:00`).
pub fn pdf_date(text: &str) -> Option<String> {
    let digits = text.strip_prefix("D:").unwrap_or(text);
    let part = |range: std::ops::Range<usize>, default: &'static str| {
        let value = digits.get(range).unwrap_or(default);
        value.bytes().all(|b| b.is_ascii_digit()).then_some(value)
    };
    let year = part(0..4, "")?;
    if year.len() != 4 {
        return None;
    }
    let (month, day) = (part(4..6, "01")?, part(6..8, "01")?);
    let (hour, minute, second) = (part(8..10, "00")?, part(10..12, "00")?, part(12..14, "00")?);
    let zone = match digits.get(14..).unwrap_or("").trim_end_matches('\'') {
        "" | "Z" => "Z".to_string(),
        offset => {
            let (sign, rest) = offset.split_at(1);
            let rest: String = rest.chars().filter(char::is_ascii_digit).collect();
            if !matches!(sign, "+" | "-") || rest.len() != 4 {
                return None;
            }
            format!("{sign}{}:{}", &rest[..2], &rest[2..])
        }
    };
    Some(format!(
        "{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"
    ))
}

#[cfg(test)]
mod tests {
    use super::pdf_date;

    #[test]
    fn pdf_dates_are_read_as_rfc_3339() {
        assert_eq!(
            pdf_date("D:20261205062844+01'00'").as_deref(),
            Some("2026-12-05T06:28:44+01:00")
        );
        assert_eq!(
            pdf_date("D:20261205062844Z").as_deref(),
            Some("2026-12-05T06:28:44Z")
        );
        assert_eq!(pdf_date("D:2026").as_deref(), Some("2026-01-01T00:00:00Z"));
        assert_eq!(pdf_date("D:20x6"), None);
        assert_eq!(pdf_date("D:20261205062844+1"), None);
    }
}
