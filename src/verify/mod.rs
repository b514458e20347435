//! Signed conventions coming back: is a signed PDF the very document convgen generated plus
//! signatures, who signed it and who has not, and is each signature intact and trusted?
//! [`verify_pdf`] answers for one file, [`state`] says where a convention stands from the
//! manifest and the journal of its output directory.

mod changes;
mod cms;
mod fields;
mod state;
mod trust;

pub use state::{State, state};
pub use trust::Trust;

use crate::compile::attached::attached_source;
use crate::compile::pdf_object::{Object, parse};
use crate::compile::pdf_revisions::{PdfError, Revisions};
use crate::compile::signature::field_name;
use crate::deliver::{Changes, Entry, Original, SignatureVerdict, Signing, Verdict};
use crate::digest::sha256_hex;
use crate::format::Source;
use crate::i18n::Message;
use crate::model::Convention;
use fields::{Field, Signature};

/// Renders a convention again (its attached source's bytes given): the final PDF, as
/// `render` writes it; `None` when it cannot.
pub type Render<'a> = &'a dyn Fn(&Convention, &[u8]) -> Option<Vec<u8>>;

/// What the generated PDF was: the manifest's entries, or the convention rendered again.
pub struct Originals<'a> {
    /// The manifest of the output directory the PDFs were generated into.
    pub entries: &'a [Entry],
    /// Renders a convention again, when the manifest has no entry for it.
    pub render: Option<Render<'a>>,
}

/// The verdict on the signed PDF `bytes`, named `file`; an error when it is not a PDF this
/// reader can follow (not a PDF, truncated, encrypted, cross-reference streams).
pub fn verify_pdf(
    file: &str,
    bytes: &[u8],
    originals: &Originals,
    trust: &Trust,
) -> Result<Verdict, PdfError> {
    let revisions = Revisions::read(bytes)?;
    let fields = fields::signature_fields(&revisions.last())?;
    let source = attached_source(bytes).ok();
    let loaded = source
        .as_ref()
        .map(|toml| crate::pipeline::load(&Source::from_bytes(file.as_ref(), toml.clone())));
    let convention = loaded.as_ref().filter(|l| l.parsed).map(|l| &l.convention);
    let valid = loaded
        .as_ref()
        .filter(|l| l.is_valid())
        .map(|l| &l.convention);
    let ends: Vec<usize> = revisions.list.iter().map(|r| r.end).collect();
    let mut reference = convention.map(|c| c.reference.clone());
    let (mut original, matched) = original(bytes, &ends, originals, &mut reference, valid, source);
    if original == Original::Unknown && reference.is_none() {
        original = Original::Unidentified;
    }
    let signatures = signatures(bytes, &ends, &fields, convention, trust);
    // The generated document is the revision that matched; else the one before the first
    // signature (or the last, when nothing is signed).
    let signed_ends: Vec<usize> = (fields.iter().filter_map(|f| f.signature.as_ref()))
        .filter_map(|s| range(s, bytes.len()).map(|r| r[2] + r[3]))
        .collect();
    let first_signed = ends.iter().position(|end| signed_ends.contains(end));
    let base = matched.unwrap_or(match first_signed {
        Some(index) => index.saturating_sub(1),
        None => ends.len() - 1,
    });
    let changes = changes::changes(&revisions, base);
    Ok(Verdict {
        file: file.to_string(),
        reference,
        status: status(&signatures, original, changes),
        original,
        changes,
        signatures,
    })
}

/// Whether `bytes` is a draft convgen produced: its metadata's keywords name it so
/// ([`crate::render::DRAFT_KEYWORD`]).
pub fn is_draft(bytes: &[u8]) -> bool {
    let keywords = || -> Option<String> {
        let pdf = Revisions::read(bytes).ok()?.last();
        let info = pdf.load_value(pdf.trailer(b"Info")?).ok()?;
        let keywords = pdf.resolved(info.get(b"Keywords")?).ok()?;
        Some(crate::compile::pdf_object::text_string(keywords.string()?))
    };
    keywords().is_some_and(|k| k.contains(crate::render::DRAFT_KEYWORD))
}

/// Whether the file begins with the generated PDF, and at which revision it ends.
fn original(
    bytes: &[u8],
    ends: &[usize],
    originals: &Originals,
    reference: &mut Option<String>,
    valid: Option<&Convention>,
    source: Option<Vec<u8>>,
) -> (Original, Option<usize>) {
    let recorded: Vec<&Entry> = (originals.entries.iter())
        .filter(|e| e.variant == "pdf" && !e.sha256.is_empty())
        .filter(|e| reference.is_none() || e.reference == *reference)
        .collect();
    if !recorded.is_empty() {
        for (index, &end) in ends.iter().enumerate() {
            let sha = sha256_hex(&bytes[..end]);
            if let Some(entry) = recorded.iter().find(|e| e.sha256[0] == sha) {
                reference.clone_from(&entry.reference);
                return (Original::Identical, Some(index));
            }
        }
        if reference.is_some() {
            return (Original::Different, None);
        }
    }
    let again = match (valid, source, originals.render) {
        (Some(convention), Some(source), Some(render)) => render(convention, &source),
        _ => return (Original::Unknown, None),
    };
    match again {
        Some(pdf) => match ends.iter().position(|&end| end == pdf.len()) {
            Some(index) if bytes.starts_with(&pdf) => (Original::Identical, Some(index)),
            _ => (Original::Different, None),
        },
        None => (Original::Unknown, None),
    }
}

/// Each signature field: convgen's, in signing order, then the others that hold a signature.
fn signatures(
    bytes: &[u8],
    ends: &[usize],
    fields: &[Field],
    convention: Option<&Convention>,
    trust: &Trust,
) -> Vec<SignatureVerdict> {
    let signatories: Vec<(String, String, String)> = convention
        .map(|c| {
            (c.signatories().enumerate())
                .map(|(i, (party, s))| {
                    (
                        field_name(i + 1, party, &s.name),
                        party.into(),
                        s.name.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mut verdicts: Vec<(usize, SignatureVerdict)> = Vec::new();
    for field in fields {
        let who = match signatories
            .iter()
            .position(|(name, ..)| *name == field.name)
        {
            Some(i) => Some((i, signatories[i].1.clone(), signatories[i].2.clone())),
            None if convention.is_none() => {
                from_tooltip(field).map(|(p, n)| (usize::MAX - 1, p, n))
            }
            None => None,
        };
        if who.is_none() && field.signature.is_none() {
            continue;
        }
        let mut verdict = SignatureVerdict {
            field: field.name.clone(),
            party: who.as_ref().map(|w| w.1.clone()),
            signatory: who.as_ref().map(|w| w.2.clone()),
            signed: field.signature.is_some(),
            signer: None,
            time: None,
            intact: None,
            trusted: None,
            problem: None,
        };
        if let Some(signature) = &field.signature {
            check(bytes, ends, signature, trust, &mut verdict);
        }
        verdicts.push((who.map_or(usize::MAX, |w| w.0), verdict));
    }
    // convgen's fields in signing order, whatever the form's order; others after them.
    verdicts.sort_by_key(|(order, _)| *order);
    verdicts.into_iter().map(|(_, v)| v).collect()
}

/// Party and name from convgen's tooltip « Signature de NAME (ROLE, PARTY) », for a PDF
/// whose source is not attached.
fn from_tooltip(field: &Field) -> Option<(String, String)> {
    if !field.name.starts_with("signature-") {
        return None;
    }
    let text = field.tooltip.as_deref()?.strip_prefix("Signature de ")?;
    let (name, rest) = text.rsplit_once(" (")?;
    let (_, party) = rest.strip_suffix(')')?.rsplit_once(", ")?;
    Some((party.to_string(), name.to_string()))
}

/// A signature's byte range, when it is four offsets inside the file, in order.
fn range(signature: &Signature, length: usize) -> Option<[usize; 4]> {
    let numbers: Vec<usize> = (signature.byte_range.iter())
        .map(|&n| (n >= 0.0 && n.fract() == 0.0 && n <= length as f64).then_some(n as usize))
        .collect::<Option<_>>()?;
    let [a, b, c, d] = numbers[..] else {
        return None;
    };
    (a == 0 && b <= c && c.checked_add(d)? <= length).then_some([a, b, c, d])
}

/// Checks one signature: its byte range, its CMS, its certificate's chain.
fn check(
    bytes: &[u8],
    ends: &[usize],
    signature: &Signature,
    trust: &Trust,
    verdict: &mut SignatureVerdict,
) {
    let Some([_, b, c, d]) = range(signature, bytes.len()) else {
        verdict.intact = Some(false);
        verdict.problem = Some(Message::ProblemByteRange);
        return;
    };
    // The bytes left out must be the signature itself (a hexadecimal string, the whole
    // gap), and the signed bytes a revision.
    let gap = &bytes[b..c];
    let left_out = parse(bytes, b..c).ok();
    let is_contents = gap.len() >= 2
        && gap[0] == b'<'
        && gap[gap.len() - 1] == b'>'
        && (gap[1..gap.len() - 1].iter()).all(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace())
        && left_out.as_ref().and_then(Object::string) == Some(signature.contents.as_slice());
    if !is_contents || !ends.contains(&(c + d)) {
        verdict.intact = Some(false);
        verdict.problem = Some(Message::ProblemByteRange);
        return;
    }
    let checked = cms::check(&signature.contents, &[&bytes[..b], &bytes[c..c + d]]);
    verdict.signer = checked.signer.as_ref().map(cms::common_name);
    verdict.time = (checked.time.map(crate::deliver::mail::utc_time)).or(signature.time.clone());
    verdict.intact = Some(checked.problem.is_none());
    verdict.problem = checked.problem;
    if let (true, Some(signer)) = (trust.is_given(), &checked.signer) {
        let chained = trust.chains(signer, &checked.certificates, checked.time);
        verdict.trusted = Some(chained.is_ok());
        if let Err(why) = chained {
            verdict.problem.get_or_insert(why);
        }
    } else if trust.is_given() {
        verdict.trusted = Some(false);
    }
}

/// Where the file stands, from its signatures, its original and its changes.
fn status(signatures: &[SignatureVerdict], original: Original, changes: Changes) -> Signing {
    let signed: Vec<&SignatureVerdict> = signatures.iter().filter(|s| s.signed).collect();
    let broken = (signed.iter()).any(|s| s.intact != Some(true) || s.trusted == Some(false));
    let foreign = original == Original::Different
        || changes == Changes::Modified
        || (matches!(original, Original::Unknown | Original::Unidentified) && !signed.is_empty());
    if broken || foreign {
        Signing::Invalid
    } else if signed.is_empty() {
        Signing::Unsigned
    } else if signatures
        .iter()
        .filter(|s| s.is_convgen())
        .all(|s| s.signed)
    {
        Signing::Signed
    } else {
        Signing::PartiallySigned
    }
}
