//! The rule across files: two conventions of one batch never share a reference, since the
//! reference names their files. The later file, in input order, is refused: the batch
//! runner (`pipeline::batch`) applies the rule for every command; here, the finding.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::format::KeySpans;
use crate::i18n::Message;
use crate::model::KeyPath;

/// The error on a file whose reference an earlier file of the batch, `first`, already uses.
pub fn duplicate(reference: &str, first: &Path, spans: &KeySpans) -> Diagnostic {
    let key = KeyPath::top("reference");
    let reference = reference.to_string();
    Diagnostic::error(Message::DuplicateReference { reference })
        .span(spans.get(&key))
        .key(key)
        .help(Message::AlreadyUses {
            file: first.display().to_string(),
        })
}
