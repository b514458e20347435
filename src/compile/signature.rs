//! Empty electronic signature fields, one per signatory, placed exactly on the boxes Typst
//! laid out (typst has no form fields: they are added to the PDF afterwards).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::french::slug;

/// Label of the metadata each signature box of `convgen.typ` holds.
const LABEL: &str = "signature-box";

/// Where a signatory signs, in points, from the top left of a page (as Typst measures).
#[derive(Clone, Debug, PartialEq)]
pub struct SignatureBox {
    pub number: usize,
    pub party: String,
    pub name: String,
    pub role: String,
    /// 1-based page number.
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl SignatureBox {
    /// The field's name: `signature-<n>-<party>-<name>`, in ASCII.
    pub fn field_name(&self) -> String {
        format!(
            "signature-{}-{}-{}",
            self.number,
            slug(&self.party),
            slug(&self.name)
        )
    }
}

/// The signature boxes of a compiled document, in signing order.
pub fn signature_boxes(document: &PagedDocument) -> Vec<SignatureBox> {
    let Some(label) = Label::new(PicoStr::intern(LABEL)) else {
        return Vec::new();
    };
    let introspector = document.introspector();
    let mut boxes: Vec<SignatureBox> = introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let Value::Dict(dict) = &content.to_packed::<MetadataElem>()?.value else {
                return None;
            };
            let position = introspector.position(content.location()?)?;
            let text = |key: &str| match dict.get(key) {
                Ok(Value::Str(s)) => Some(s.to_string()),
                _ => None,
            };
            let number = |key: &str| match dict.get(key) {
                Ok(Value::Int(i)) => Some(*i as f64),
                Ok(Value::Float(f)) => Some(*f),
                _ => None,
            };
            Some(SignatureBox {
                number: number("number")? as usize,
                party: text("party")?,
                name: text("name")?,
                role: text("role")?,
                page: position.page.get(),
                x: position.point.x.to_pt(),
                y: position.point.y.to_pt(),
                width: number("width")?,
                height: number("height")?,
            })
        })
        .collect();
    boxes.sort_by_key(|b| b.number);
    boxes
}

/// The PDF with one unsigned signature field (`/FT /Sig` widget) on each box: listed in the
/// page's annotations and in the catalog's AcroForm, printable (`/F 4`) and with an empty
/// appearance stream, as PDF/A requires.
pub fn add_signature_fields(pdf: &[u8], boxes: &[SignatureBox]) -> Result<Vec<u8>, String> {
    if boxes.is_empty() {
        return Ok(pdf.to_vec());
    }
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("cannot read the PDF back ({e})"))?;
    let pages = doc.get_pages();
    let mut fields = Vec::with_capacity(boxes.len());
    for b in boxes {
        let page_id = *pages
            .get(&(b.page as u32))
            .ok_or_else(|| format!("no page {}", b.page))?;
        let page_height = media_box_height(&doc, page_id)?;
        let (x0, x1) = (b.x, b.x + b.width);
        let (y0, y1) = (page_height - b.y - b.height, page_height - b.y);
        let appearance = Stream::new(
            Dictionary::from_iter([
                ("Type", Object::Name(b"XObject".to_vec())),
                ("Subtype", Object::Name(b"Form".to_vec())),
                ("BBox", real_array(&[0.0, 0.0, b.width, b.height])),
            ]),
            Vec::new(),
        );
        let appearance_id = doc.add_object(appearance);
        let tooltip = format!("Signature de {} ({}, {})", b.name, b.role, b.party);
        let field = Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Sig".to_vec())),
            (
                "T",
                Object::String(b.field_name().into_bytes(), StringFormat::Literal),
            ),
            ("TU", text_string(&tooltip)),
            ("Rect", real_array(&[x0, y0, x1, y1])),
            ("F", Object::Integer(4)),
            ("P", Object::Reference(page_id)),
            (
                "AP",
                Object::Dictionary(Dictionary::from_iter([(
                    "N",
                    Object::Reference(appearance_id),
                )])),
            ),
        ]);
        let field_id = doc.add_object(field);
        add_annotation(&mut doc, page_id, field_id)?;
        fields.push(Object::Reference(field_id));
    }
    let catalog = doc.catalog_mut().map_err(|e| format!("no catalog ({e})"))?;
    let acroform = Dictionary::from_iter([
        ("Fields", Object::Array(fields)),
        ("SigFlags", Object::Integer(1)),
    ]);
    catalog.set("AcroForm", Object::Dictionary(acroform));
    let mut out = Vec::with_capacity(pdf.len() + 4096);
    doc.save_to(&mut out)
        .map_err(|e| format!("cannot write the PDF ({e})"))?;
    Ok(out)
}

fn real_array(values: &[f64]) -> Object {
    Object::Array(
        values
            .iter()
            .map(|&v| Object::Real(((v * 1000.0).round() / 1000.0) as f32))
            .collect(),
    )
}

/// A PDF text string in UTF-16BE with its byte order mark, for any character.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn media_box_height(doc: &Document, page_id: ObjectId) -> Result<f64, String> {
    let mut id = page_id;
    // The media box may be inherited from the page tree.
    for _ in 0..32 {
        let page = doc
            .get_dictionary(id)
            .map_err(|e| format!("page object ({e})"))?;
        if let Ok(media_box) = page
            .get(b"MediaBox")
            .and_then(|o| doc.dereference(o).map(|(_, o)| o))
            .and_then(Object::as_array)
        {
            let number = |o: &Object| {
                o.as_float()
                    .map(f64::from)
                    .or_else(|_| o.as_i64().map(|i| i as f64))
            };
            let values: Vec<f64> = media_box.iter().filter_map(|o| number(o).ok()).collect();
            if let [_, y0, _, y1] = values[..] {
                return Ok(y1 - y0);
            }
        }
        id = page
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(|_| "page without a media box".to_string())?;
    }
    Err("page tree too deep".into())
}

fn add_annotation(
    doc: &mut Document,
    page_id: ObjectId,
    annotation: ObjectId,
) -> Result<(), String> {
    let existing = doc
        .get_dictionary(page_id)
        .map_err(|e| e.to_string())?
        .get(b"Annots")
        .ok()
        .cloned();
    let mut annotations = match existing {
        Some(Object::Array(array)) => array,
        Some(Object::Reference(id)) => doc
            .get_object(id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annotations.push(Object::Reference(annotation));
    let page = doc.get_dictionary_mut(page_id).map_err(|e| e.to_string())?;
    page.set("Annots", Object::Array(annotations));
    Ok(())
}
