//! A convention dated as signed whose file has changed since: a final PDF of the file would
//! not be what the parties signed. « Télécharger le PDF » then offers the text as signed, or
//! the file as it is now, as a draft.

use std::path::Path;

use crate::deliver::history;
use crate::format::Source;
use crate::model::{Convention, Date};
use crate::pipeline::load;

/// The text a convention was signed in.
pub struct SignedText {
    pub text: String,
    /// The day the file dates its signature.
    pub date: Date,
}

/// The text of `path` as it was signed, when the file (read as `convention`) no longer says
/// what it says: of the file's saved versions, newest first, those that carry the signature
/// date the file carries, in a row; the oldest of them is the text as it was dated.
pub fn changed_since_signed(path: &Path, convention: &Convention) -> Option<SignedText> {
    let date = convention.signature.as_ref()?.date?;
    let dated = |text: String| {
        let loaded = load(&Source::from_bytes(path, text.clone().into_bytes()));
        let same_date = loaded.convention.signature.as_ref().and_then(|s| s.date) == Some(date);
        (loaded.is_valid() && same_date).then_some((text, loaded.convention))
    };
    let versions = history::versions(path).into_iter();
    let (text, signed) = versions
        .map_while(|name| dated(history::version(path, &name)?))
        .last()?;
    (signed != *convention).then_some(SignedText { text, date })
}
