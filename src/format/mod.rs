//! The convention file format, defined once ([`fields`]: every table and key, what it holds,
//! its labels and help), the reader that turns a file into the model with a diagnostic for
//! every problem, the writer that turns the model back into a file, and the JSON Schema
//! editors use.

pub mod fields;
mod limits;
mod place;
mod read;
mod reader;
mod record;
mod scalars;
mod schema;
mod source;
mod spans;
pub mod values;
mod write;

pub use limits::{MAX_FILE_BYTES, MAX_NESTING, MAX_STRING_CHARS};
pub use place::place;
pub use read::read;
pub use reader::Text;
pub use record::{Plain, View};
pub use schema::{example, schema};
pub use source::Source;
pub use spans::KeySpans;

use crate::diag::Diagnostic;
use crate::model::Convention;

/// The outcome of reading one file: the model (with defaults where values were invalid),
/// the spans of its keys, and what went wrong.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub convention: Convention,
    pub spans: KeySpans,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the document parsed as TOML, so that the domain rules can run.
    pub parsed: bool,
    /// The strings beyond ASCII, with their keys, for the check that a font displays them.
    pub texts: Vec<Text>,
}

impl Loaded {
    /// Whether the file may be used: no error, warnings allowed.
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether its only errors are values still to complete: a draft can be made of it.
    pub fn is_valid_but_to_complete(&self) -> bool {
        (self.diagnostics.iter())
            .filter(|d| d.is_error())
            .all(|d| matches!(d.message, crate::i18n::Message::StillToComplete { .. }))
    }
}
