//! What the revisions after generation changed, object by object: only signing (signature
//! fields filled, their appearances, new signature fields, validation data, the signing
//! software's metadata), or anything else.
//!
//! A new object changes nothing by itself: it shows only once an object that was there
//! refers to it. So every object that was there and is written again is compared, for what
//! it says, with what it was; each may differ only as signing makes it differ.

use std::collections::BTreeSet;

use crate::compile::pdf_object::{Entries, Object};
use crate::compile::pdf_revisions::{Pdf, Revisions};
use crate::deliver::Changes;

/// What signing may change in a signature field.
const FIELD_KEYS: &[&[u8]] = &[b"V", b"AP", b"MK", b"Lock", b"SV", b"DA"];
/// In the catalog: the form, validation data (DSS), the extensions and version a signature
/// algorithm needs (ISO 32002 for ECDSA), permissions, metadata.
const CATALOG_KEYS: &[&[u8]] = &[
    b"AcroForm",
    b"DSS",
    b"Extensions",
    b"Version",
    b"Perms",
    b"Metadata",
];
/// In the form.
const FORM_KEYS: &[&[u8]] = &[b"Fields", b"SigFlags", b"DR", b"DA", b"NeedAppearances"];

/// The objects of the generated document that signing may write again.
struct Known {
    catalog: Option<u32>,
    info: Option<u32>,
    metadata: Option<u32>,
    form: Option<u32>,
    /// Appearance streams of signature fields, and arrays of fields or annotations.
    appearances: BTreeSet<u32>,
    lists: BTreeSet<u32>,
}

/// What changed from revision `base` (the generated document) to the last.
pub fn changes(revisions: &Revisions, base: usize) -> Changes {
    if base + 1 >= revisions.list.len() {
        return Changes::None;
    }
    let (before, after) = (revisions.pdf(base), revisions.last());
    let known = Known::read(&before);
    let root = |pdf: &Pdf| pdf.trailer(b"Root").and_then(|r| reference(pdf, r));
    let written: BTreeSet<u32> = (revisions.list[base + 1..].iter())
        .flat_map(|r| r.objects.iter().copied())
        .collect();
    let mut sound = true;
    if root(&before) != root(&after) {
        let old = root(&before).and_then(|id| before.load(id).ok());
        let new = root(&after).and_then(|id| after.load(id).ok());
        sound = matches!((old, new), (Some(o), Some(n)) if catalog(&o, &n, &before, &after));
    }
    for id in written {
        if !sound {
            break;
        }
        let (old, new) = (before.load(id).ok(), after.load(id).ok());
        sound = match (old, new) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(old), Some(new)) => old == new || known.allows(id, &old, &new, &before, &after),
        };
    }
    if sound {
        Changes::SignaturesOnly
    } else {
        Changes::Modified
    }
}

fn reference(pdf: &Pdf, span: std::ops::Range<usize>) -> Option<u32> {
    crate::compile::pdf_object::parse(pdf.bytes(), span)
        .ok()?
        .reference()
}

impl Known {
    fn read(pdf: &Pdf) -> Known {
        let catalog = pdf.trailer(b"Root").and_then(|r| reference(pdf, r));
        let info = pdf.trailer(b"Info").and_then(|r| reference(pdf, r));
        let root = catalog.and_then(|id| pdf.load(id).ok());
        let key = |object: Option<&Object>, key: &[u8]| object?.get(key)?.reference();
        let form_value = root.as_ref().and_then(|r| r.get(b"AcroForm")).cloned();
        let form = form_value.as_ref().and_then(|f| pdf.resolved(f).ok());
        let mut known = Known {
            catalog,
            info,
            metadata: key(root.as_ref(), b"Metadata"),
            form: form_value.as_ref().and_then(Object::reference),
            appearances: BTreeSet::new(),
            lists: BTreeSet::new(),
        };
        if let Some(fields) = key(form.as_ref(), b"Fields") {
            known.lists.insert(fields);
        }
        let fields = form.as_ref().and_then(|f| f.get(b"Fields")).cloned();
        let fields = fields.and_then(|f| pdf.resolved(&f).ok());
        for field in fields.as_ref().and_then(Object::array).unwrap_or_default() {
            let Ok(field) = pdf.resolved(field) else {
                continue;
            };
            let appearance = field.get(b"AP").and_then(|ap| pdf.resolved(ap).ok());
            if let Some(normal) = key(appearance.as_ref(), b"N") {
                known.appearances.insert(normal);
            }
            let page = field.get(b"P").and_then(|p| pdf.resolved(p).ok());
            if let Some(annotations) = key(page.as_ref(), b"Annots") {
                known.lists.insert(annotations);
            }
        }
        known
    }

    /// Whether object `id`, `old` in the generated document, may read `new` after signing.
    fn allows(&self, id: u32, old: &Object, new: &Object, before: &Pdf, after: &Pdf) -> bool {
        let is = |known: Option<u32>| known == Some(id);
        if is(self.info) || is(self.metadata) || self.appearances.contains(&id) {
            return true;
        }
        if is(self.catalog) {
            return catalog(old, new, before, after);
        }
        if is(self.form) {
            return form(old, new, before, after);
        }
        if self.lists.contains(&id) {
            return only_signature_fields_added(old, new, after);
        }
        let (Some(old_dict), Some(new_dict)) = (old.dict(), new.dict()) else {
            return false;
        };
        let differing = differing_keys(old_dict, new_dict);
        if old.get(b"FT").and_then(Object::name) == Some(b"Sig") {
            return differing.iter().all(|k| FIELD_KEYS.contains(&k.as_slice()));
        }
        if old.get(b"Type").and_then(Object::name) == Some(b"Page") {
            let annotations = |d: &Entries, pdf: &Pdf| {
                (d.get(b"Annots".as_slice()).map(|a| pdf.resolved(a)))
                    .transpose()
                    .ok()
                    .map(|a| a.unwrap_or(Object::Array(Vec::new())))
            };
            return differing.iter().all(|k| k == b"Annots")
                && match (annotations(old_dict, before), annotations(new_dict, after)) {
                    (Some(old), Some(new)) => only_signature_fields_added(&old, &new, after),
                    _ => false,
                };
        }
        false
    }
}

/// The keys whose values differ, or that only one of the dictionaries has.
fn differing_keys(old: &Entries, new: &Entries) -> Vec<Vec<u8>> {
    let keys: BTreeSet<&Vec<u8>> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .cloned()
        .collect()
}

fn catalog(old: &Object, new: &Object, before: &Pdf, after: &Pdf) -> bool {
    let (Some(old_dict), Some(new_dict)) = (old.dict(), new.dict()) else {
        return false;
    };
    let differing = differing_keys(old_dict, new_dict);
    if !differing
        .iter()
        .all(|k| CATALOG_KEYS.contains(&k.as_slice()))
    {
        return false;
    }
    if !differing.iter().any(|k| k == b"AcroForm") {
        return true;
    }
    let form_of = |d: &Entries, pdf: &Pdf| match d.get(b"AcroForm".as_slice()) {
        Some(f) => pdf.resolved(f).ok(),
        None => Some(Object::Dict(Entries::new())),
    };
    match (form_of(old_dict, before), form_of(new_dict, after)) {
        (Some(o), Some(n)) => o == n || form(&o, &n, before, after),
        _ => false,
    }
}

fn form(old: &Object, new: &Object, before: &Pdf, after: &Pdf) -> bool {
    let (Some(old_dict), Some(new_dict)) = (old.dict(), new.dict()) else {
        return false;
    };
    let differing = differing_keys(old_dict, new_dict);
    if !differing.iter().all(|k| FORM_KEYS.contains(&k.as_slice())) {
        return false;
    }
    let fields = |d: &Entries, pdf: &Pdf| match d.get(b"Fields".as_slice()) {
        Some(f) => pdf.resolved(f).ok(),
        None => Some(Object::Array(Vec::new())),
    };
    match (fields(old_dict, before), fields(new_dict, after)) {
        (Some(o), Some(n)) => only_signature_fields_added(&o, &n, after),
        _ => false,
    }
}

/// An array of fields or annotations that keeps every item it had, and adds only signature
/// fields (or their widgets).
fn only_signature_fields_added(old: &Object, new: &Object, after: &Pdf) -> bool {
    let (Some(old), Some(new)) = (old.array(), new.array()) else {
        return false;
    };
    old.iter().all(|item| new.contains(item))
        && (new.iter())
            .filter(|item| !old.contains(item))
            .all(|item| is_signature_field(item, after))
}

fn is_signature_field(item: &Object, pdf: &Pdf) -> bool {
    let Ok(field) = pdf.resolved(item) else {
        return false;
    };
    let signature = |f: &Object| f.get(b"FT").and_then(Object::name) == Some(b"Sig");
    signature(&field)
        || (field.get(b"Parent").and_then(|p| pdf.resolved(p).ok())).is_some_and(|p| signature(&p))
}
