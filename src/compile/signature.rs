//! Empty electronic signature fields, one per signatory, placed exactly on the boxes Typst
//! laid out (typst has no form fields: they are added to the PDF afterwards).

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

pub use super::pdf_update::PdfError;
use super::pdf_update::{Pdf, Update, reference};
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
        field_name(self.number, &self.party, &self.name)
    }
}

/// The name of the field of the `number`th signatory (from 1), `name` for `party`.
pub fn field_name(number: usize, party: &str, name: &str) -> String {
    format!("signature-{number}-{}-{}", slug(party), slug(name))
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
/// appearance stream, as PDF/A requires. The fields are an incremental update, the way
/// signing software adds its own revisions.
pub fn add_signature_fields(pdf: &[u8], boxes: &[SignatureBox]) -> Result<Vec<u8>, PdfError> {
    if boxes.is_empty() {
        return Ok(pdf.to_vec());
    }
    let read = Pdf::parse(pdf).map_err(|e| format!("cannot read the PDF back ({e})"))?;
    let mut update = Update::new(&read)?;
    let pages = read.pages()?;
    let mut fields = Vec::with_capacity(boxes.len());
    let mut annotations: Vec<(u32, Vec<u32>)> = Vec::new();
    let structure = Structure::read(&read)?;
    let mut forms = Vec::with_capacity(boxes.len());
    for (index, b) in boxes.iter().enumerate() {
        // PDF/UA-1 7.18.1: each widget is the content of a `Form` element of the structure
        // tree, found from the widget through its `/StructParent` and the parent tree.
        let key = structure.next_key + index;
        let page_id = *pages
            .get(b.page.wrapping_sub(1))
            .ok_or_else(|| format!("no page {}", b.page))?;
        let page_height = read.page_height(page_id)?;
        let (x0, x1) = (b.x, b.x + b.width);
        let (y0, y1) = (page_height - b.y - b.height, page_height - b.y);
        let appearance = update.add(
            format!(
                "<</Type/XObject/Subtype/Form/BBox[0 0 {} {}]/Length 0>>\nstream\n\nendstream",
                real(b.width),
                real(b.height)
            )
            .into_bytes(),
        );
        let tooltip = format!("Signature de {} ({}, {})", b.name, b.role, b.party);
        let field = update.add(
            format!(
                "<</Type/Annot/Subtype/Widget/FT/Sig/T({})/TU<{}>/Rect[{} {} {} {}]/F 4\
                 /P {page_id} 0 R/AP<</N {appearance} 0 R>>/StructParent {key}>>",
                // The name is a slug: ASCII letters, digits and hyphens, nothing to escape.
                b.field_name(),
                utf16_hex(&tooltip),
                real(x0),
                real(y0),
                real(x1),
                real(y1)
            )
            .into_bytes(),
        );
        let form = update.add(
            format!(
                "<</Type/StructElem/S/Form/P {} 0 R/Pg {page_id} 0 R\
                 /K<</Type/OBJR/Obj {field} 0 R/Pg {page_id} 0 R>>>>",
                structure.document
            )
            .into_bytes(),
        );
        forms.push((key, form));
        fields.push(field);
        match annotations.iter_mut().find(|(id, _)| *id == page_id) {
            Some((_, list)) => list.push(field),
            None => annotations.push((page_id, vec![field])),
        }
    }
    structure.add(&read, &mut update, &forms)?;
    add_to_pages(&read, &mut update, annotations)?;
    let (catalog_id, catalog) = read.catalog()?;
    let fields: Vec<String> = fields.iter().map(|id| format!("{id} 0 R")).collect();
    let acroform = format!("/AcroForm<</Fields[{}]/SigFlags 1>>", fields.join(" "));
    update.replace(catalog_id, catalog.with(&[b"AcroForm"], &acroform));
    Ok(update.write(&read))
}

/// The new widgets in their pages' annotations.
fn add_to_pages(
    read: &Pdf,
    update: &mut Update,
    annotations: Vec<(u32, Vec<u32>)>,
) -> Result<(), PdfError> {
    for (page_id, new) in annotations {
        let page = read.dict(read.object(page_id)?)?;
        let mut items: Vec<String> = match page.get(b"Annots") {
            Some(existing) => read
                .array(existing)?
                .into_iter()
                .map(|item| String::from_utf8_lossy(read.text(item)).into_owned())
                .collect(),
            None => Vec::new(),
        };
        items.extend(new.iter().map(|id| format!("{id} 0 R")));
        // PDF/UA-1 7.18.3: tab order follows the structure on a page with annotations.
        let annots = format!("/Annots[{}]/Tabs/S", items.join(" "));
        update.replace(page_id, page.with(&[b"Annots", b"Tabs"], &annots));
    }
    Ok(())
}

/// The structure tree Typst wrote: its root, its document element and the parent tree's
/// next key, for the signature fields to join it.
struct Structure {
    root: u32,
    document: u32,
    next_key: usize,
}

impl Structure {
    fn read(read: &Pdf) -> Result<Structure, PdfError> {
        let (_, catalog) = read.catalog()?;
        let root = catalog
            .get(b"StructTreeRoot")
            .ok_or("no structure tree: the PDF is not tagged")?;
        let root_id =
            reference(read.text(root.clone())).ok_or("/StructTreeRoot is not a reference")?;
        let tree = read.dict(root)?;
        let kids = tree.get(b"K").ok_or("an empty structure tree")?;
        let first = match read.array(kids.clone()) {
            Ok(items) => items.into_iter().next().ok_or("an empty structure tree")?,
            Err(_) => kids,
        };
        let document = reference(read.text(first))
            .ok_or("the structure tree's root element is not a reference")?;
        let next_key = (tree.get(b"ParentTreeNextKey"))
            .and_then(|k| std::str::from_utf8(read.text(k)).ok()?.trim().parse().ok())
            .unwrap_or(0);
        Ok(Structure {
            root: root_id,
            document,
            next_key,
        })
    }

    /// The Form elements appended to the document element, and entered in the parent tree.
    fn add(&self, read: &Pdf, update: &mut Update, forms: &[(usize, u32)]) -> Result<(), PdfError> {
        let document = read.dict(read.object(self.document)?)?;
        let mut kids: Vec<String> = match document.get(b"K") {
            Some(k) => match read.array(k.clone()) {
                Ok(items) => items
                    .into_iter()
                    .map(|i| String::from_utf8_lossy(read.text(i)).into_owned())
                    .collect(),
                Err(_) => vec![String::from_utf8_lossy(read.text(k)).into_owned()],
            },
            None => Vec::new(),
        };
        kids.extend(forms.iter().map(|(_, form)| format!("{form} 0 R")));
        update.replace(
            self.document,
            document.with(&[b"K"], &format!("/K[{}]", kids.join(" "))),
        );
        let tree = read.dict(read.object(self.root)?)?;
        let parents = tree.get(b"ParentTree").ok_or("no parent tree")?;
        let parents = read.dict(parents)?;
        let nums = parents
            .get(b"Nums")
            .ok_or("a parent tree of several levels")?;
        let mut entries: Vec<String> = (read.array(nums)?.into_iter())
            .map(|i| String::from_utf8_lossy(read.text(i)).into_owned())
            .collect();
        entries.extend(forms.iter().map(|(key, form)| format!("{key} {form} 0 R")));
        let next = self.next_key + forms.len();
        let entries = format!(
            "/ParentTree<</Nums[{}]>>/ParentTreeNextKey {next}",
            entries.join(" ")
        );
        update.replace(
            self.root,
            tree.with(&[b"ParentTree", b"ParentTreeNextKey"], &entries),
        );
        Ok(())
    }
}

/// A coordinate to the thousandth of a point, in PDF syntax (never an exponent).
fn real(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{}", rounded + 0.0)
}

/// A PDF text string for any character: UTF-16BE with its byte order mark, in hexadecimal.
fn utf16_hex(text: &str) -> String {
    let mut hex = String::from("FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex
}
