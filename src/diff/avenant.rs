//! An avenant drawn from two versions of a convention: the new version as the avenant
//! states it, and under `[previous]` each part that changed as it stood.

use crate::i18n::Message;
use crate::model::*;

/// Why two versions do not make an avenant.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum Refusal {
    #[error("{}", Message::from(self))]
    CejProlonged {
        reference: String,
        end: Date,
        new_end: Date,
    },
    #[error("{}", Message::from(self))]
    KindChanged {
        old: String,
        old_kind: &'static str,
        new: String,
        new_kind: &'static str,
    },
    #[error("{}", Message::from(self))]
    Unchanged(String),
    #[error("{}", Message::from(self))]
    SignatoriesOnly(String),
}

impl From<&Refusal> for Message {
    fn from(refusal: &Refusal) -> Message {
        match refusal.clone() {
            Refusal::CejProlonged {
                reference,
                end,
                new_end,
            } => Message::CejProlonged {
                reference,
                end,
                new_end,
            },
            Refusal::KindChanged {
                old,
                old_kind,
                new,
                new_kind,
            } => Message::KindChanged {
                old,
                old_kind: old_kind.to_string(),
                new,
                new_kind: new_kind.to_string(),
            },
            Refusal::Unchanged(reference) => Message::NothingChanged { reference },
            Refusal::SignatoriesOnly(reference) => Message::SignatoriesOnly { reference },
        }
    }
}

/// The convention a version states: for an avenant, the amended convention as it stands
/// after it.
pub fn stated(version: &Convention) -> Convention {
    let Some((_, mut after)) = version.amended() else {
        return version.clone();
    };
    // Signed as the convention was, not as the avenant is.
    after.signature = (version.amendment.as_ref()).and_then(|a| a.previous.signature.clone());
    after
}

/// The avenants before n° `number`, as far as they are known, for its préambule to cite:
/// each that `find` gives by its reference (`<base>-AV<n>`, the file beside the new one),
/// else as `old` knows it (`old` being an avenant, itself and those it cites).
pub fn earlier(
    old: &Convention,
    number: u32,
    find: impl Fn(&str) -> Option<Convention>,
) -> Vec<EarlierAvenant> {
    let of = |c: &Convention| {
        (c.amendment.as_ref()).map(|a| EarlierAvenant {
            number: a.number,
            signed: c.signature.as_ref().and_then(|s| s.date),
            effective: a.effective,
        })
    };
    let mut cited: Vec<EarlierAvenant> = (old.amendment.iter())
        .flat_map(|a| a.amended_by.iter().cloned())
        .collect();
    cited.extend(of(old));
    let base = stated(old).reference;
    let found = |n: u32| of(&find(&format!("{base}-AV{n}"))?).filter(|e| e.number == n);
    (1..number)
        .filter_map(|n| found(n).or_else(|| cited.iter().find(|e| e.number == n).cloned()))
        .collect()
}

/// The avenant n° `number` that turns `old` into `new`: its reference is the convention's
/// with `-AV<number>`; it is signed where the convention was, on a date left to fill in; it
/// cites the avenants before it (`amended_by`, see [`earlier`]).
pub fn avenant(
    old: &Convention,
    new: &Convention,
    number: u32,
    amended_by: Vec<EarlierAvenant>,
) -> Result<Convention, Refusal> {
    let (old, new) = (stated(old), stated(new));
    makes_one(&old, &new)?;
    // The convention's signature date, when the newer version states it and the older not
    // (written in once signed): the préambule cites it, `check` dates délibérations by it.
    let mut signed = old.signature.clone();
    if let (Some(before), Some(after)) = (signed.as_mut(), new.signature.as_ref()) {
        before.date = before.date.or(after.date);
    }
    let previous = Previous {
        kind: old.kind,
        title: changed(&old.title, &new.title).flatten(),
        court: changed(&old.court, &new.court).flatten(),
        sdsf: changed(&old.sdsf, &new.sdsf).flatten(),
        signature: signed,
        period: changed(&old.period, &new.period),
        // E-mail addresses are no part of the convention (a PDF's source has none).
        partners: changed(
            &old.without_emails().partners,
            &new.without_emails().partners,
        )
        .map(|_| old.partners.clone()),
        axes: changed(&old.axes, &new.axes),
        funding: changed(&old.funding, &new.funding),
        visas: changed(&old.visas, &new.visas),
        clauses: changed(&old.clauses, &new.clauses),
        annexes: changed(&old.annexes, &new.annexes),
    };
    // Signed where the newer version says the parties sign (a place changed since is the
    // avenant's); the convention's own place stays in `[previous.signature]`.
    let signature = (old.signature.as_ref()).map(|s| Signature {
        place: (new.signature.as_ref()).map_or_else(|| s.place.clone(), |n| n.place.clone()),
        date: None,
        copies: None,
        mode: s.mode,
    });
    let mut written = Convention {
        kind: Kind::Avenant,
        reference: format!("{}-AV{number}", old.reference),
        signature,
        amendment: Some(Amendment {
            base: old.reference.clone(),
            number,
            effective: None,
            reason: None,
            amended_by,
            previous,
        }),
        ..new
    };
    // A party signs the avenant under a new délibération: the convention's, still there,
    // flagged to complete (whether or not the convention's signature date is known).
    let base: Vec<&Deliberation> = old.deliberations().collect();
    written.flag_deliberations(|d| base.contains(&d));
    Ok(written)
}

/// Refused when `old` and `new` (as they state the convention) make no avenant: a kind
/// changed, a CEJ prolonged, nothing changed, or only who signs.
fn makes_one(old: &Convention, new: &Convention) -> Result<(), Refusal> {
    if old.kind != new.kind {
        return Err(Refusal::KindChanged {
            old: old.reference.clone(),
            old_kind: old.kind.as_str(),
            new: new.reference.clone(),
            new_kind: new.kind.as_str(),
        });
    }
    if old.kind == Kind::Cej && new.period.end > old.period.end {
        return Err(Refusal::CejProlonged {
            reference: old.reference.clone(),
            end: old.period.end,
            new_end: new.period.end,
        });
    }
    if super::diff(old, new).identical {
        return Err(Refusal::Unchanged(old.reference.clone()));
    }
    // A convention binds the bodies, not who signs for them: a new signatory is no avenant.
    if super::diff(&without_signatories(old), &without_signatories(new)).identical {
        return Err(Refusal::SignatoriesOnly(old.reference.clone()));
    }
    Ok(())
}

/// `c` with no one signing for the Caf nor for a partner.
fn without_signatories(c: &Convention) -> Convention {
    let mut c = c.clone();
    c.caf.signatories.clear();
    for partner in &mut c.partners {
        partner.signatories.clear();
    }
    c
}

/// What a part was, when it changed.
fn changed<T: PartialEq + Clone>(before: &T, after: &T) -> Option<T> {
    (before != after).then(|| before.clone())
}
