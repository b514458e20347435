//! Where a convention stands, from what its output directory knows: the manifest (its PDF,
//! and the last verification of a signed copy) and the journal of what was sent.

use crate::deliver::mail::{Delivery, Journal};
use crate::deliver::{Entry, Original, Signing};
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
    /// « à vérifier »: the signed copy is not the document generated, was changed, holds a
    /// signature broken or untrusted, or could not be compared (a scan).
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
        // A copy that could not be compared (a scan) is for a person to check by eye.
        if verdict.original == Original::Unidentified {
            return State::ToCheck;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest's entry of a PDF, with the verdict `verified` (JSON) when given.
    fn entry(verified: Option<serde_json::Value>) -> Entry {
        let mut entry = serde_json::json!({
            "input": "a.toml", "variant": "pdf", "reference": "CTG-1", "status": "rendered",
            "outputs": ["CTG-1.pdf"], "pages": 5, "sha256": ["abc"], "input_sha256": "",
            "recipe_sha256": "", "error": null,
        });
        if let Some(verified) = verified {
            entry["verified"] = verified;
        }
        serde_json::from_value(entry).unwrap()
    }

    fn verified(status: &str, signed: &[bool]) -> serde_json::Value {
        let signatures: Vec<_> = (signed.iter().enumerate())
            .map(|(i, signed)| {
                serde_json::json!({
                    "field": format!("signature-{i}"), "party": "Caf", "signatory": "X",
                    "signed": signed, "signer": null, "time": null, "intact": null,
                    "trusted": null,
                })
            })
            .collect();
        serde_json::json!({
            "sha256": "def", "file": "s.pdf", "reference": "CTG-1", "status": status,
            "original": "identical", "changes": "signatures-only", "signatures": signatures,
        })
    }

    #[test]
    fn a_convention_stands_where_its_journal_and_its_last_verdict_say() {
        let dir = tempfile::tempdir().unwrap();
        let empty = Journal::open(dir.path());
        assert_eq!(state(&entry(None), &empty), State::Draft);
        let line = |pdf: &str, draft: bool| {
            format!(
                r#"{{"status":"sent","time":"2026-11-02T09:00:00Z","reference":"CTG-1","recipients":[],"pdf_sha256":"{pdf}","message_id":"<1@x>","draft":{draft}}}"#
            )
        };
        let journal = [line("abc", true), line("old", false)].join("\n");
        std::fs::write(dir.path().join(crate::deliver::mail::JOURNAL), journal).unwrap();
        let journal = Journal::open(dir.path());
        assert_eq!(
            state(&entry(None), &journal),
            State::Draft,
            "a draft, another PDF"
        );
        std::fs::write(
            dir.path().join(crate::deliver::mail::JOURNAL),
            line("abc", false),
        )
        .unwrap();
        let journal = Journal::open(dir.path());
        assert_eq!(state(&entry(None), &journal), State::Sent);
        let partial = entry(Some(verified("partially-signed", &[true, true, false])));
        let expected = State::PartiallySigned {
            signed: 2,
            expected: 3,
        };
        assert_eq!(state(&partial, &journal), expected);
        assert_eq!(
            expected.message().text(crate::i18n::Lang::Fr),
            "signée (2/3)"
        );
        let signed = entry(Some(verified("signed", &[true, true, true])));
        assert_eq!(state(&signed, &journal), State::Signed);
        let invalid = entry(Some(verified("invalid", &[true, false, false])));
        assert_eq!(state(&invalid, &empty), State::ToCheck);
        assert_eq!(
            State::ToCheck.message().text(crate::i18n::Lang::Fr),
            "à vérifier"
        );
        let unsigned = entry(Some(verified("unsigned", &[false, false, false])));
        assert_eq!(state(&unsigned, &journal), State::Sent);
        let mut scan = verified("unsigned", &[false, false, false]);
        scan["original"] = "unidentified".into();
        assert_eq!(
            state(&entry(Some(scan)), &journal),
            State::ToCheck,
            "a scan"
        );
    }
}
