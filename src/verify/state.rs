//! Where a convention stands, from what its output directory knows: the manifest (its PDF,
//! and the last verification of a signed copy) and the journal of what was sent.

use crate::deliver::mail::{Delivery, Journal};
use crate::deliver::{Entry, Signing};
use crate::i18n::Message;

/// A convention's state, as the workspace lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// « projet »: generated, not sent.
    Draft,
    /// « envoyée »: this very PDF was sent to its signatories.
    Sent,
    /// « signée (2/3) »: a signed copy came back with some of the signatures.
    PartiallySigned { signed: usize, expected: usize },
    /// « signée »: every signatory signed, the document is the one generated.
    Signed,
    /// « à vérifier »: the signed copy is not the document generated, was changed, or holds
    /// a signature broken or untrusted.
    ToCheck,
}

impl State {
    /// Its words, in the language asked of [`Message::text`].
    pub fn message(self) -> Message {
        match self {
            State::Draft => Message::StateDraft,
            State::Sent => Message::StateSent,
            State::PartiallySigned { signed, expected } => {
                Message::StatePartiallySigned { signed, expected }
            }
            State::Signed => Message::StateSigned,
            State::ToCheck => Message::StateToCheck,
        }
    }
}

/// The state of the convention whose final PDF `entry` records (the manifest's entry of
/// variant `pdf`), with the journal of the same output directory.
pub fn state(entry: &Entry, journal: &Journal) -> State {
    if let Some(verified) = &entry.verified {
        let verdict = &verified.verdict;
        let fields = verdict.signatures.iter().filter(|s| s.is_convgen());
        let (signed, expected) =
            fields.fold((0, 0), |(s, e), f| (s + usize::from(f.signed), e + 1));
        match verdict.status {
            Signing::Signed => return State::Signed,
            Signing::PartiallySigned => return State::PartiallySigned { signed, expected },
            Signing::Invalid => return State::ToCheck,
            Signing::Unsigned => {}
        }
    }
    let pdf = entry.sha256.first();
    let sent = journal.entries().iter().any(|line| {
        line.status == Delivery::Sent
            && !line.draft
            && Some(&line.reference) == entry.reference.as_ref()
            && Some(&line.pdf_sha256) == pdf
    });
    if sent { State::Sent } else { State::Draft }
}
