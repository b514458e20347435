//! Diagnostics that point into a source file — TOML, template or Typst — and the one
//! printer for all of them.

mod print;
mod suggest;

use std::ops::Range;

pub use print::{plural, print, report_text, stderr};
pub use suggest::did_you_mean;

use crate::model::KeyPath;

/// A value from a file as a message quotes it: whole up to 60 characters, else its start
/// and « … », so that a message stays a line whatever the file holds.
pub fn shortened(value: &str) -> std::borrow::Cow<'_, str> {
    const MOST: usize = 60;
    match value.char_indices().nth(MOST) {
        Some((end, _)) => format!("{}…", &value[..end]).into(),
        None => value.into(),
    }
}

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One finding about one file: what is wrong, which key, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The key path in the file (`partners[2].name`, 1-based indexes), when there is one.
    pub key: Option<KeyPath>,
    pub message: String,
    /// Byte range in the source text.
    pub span: Option<Range<usize>>,
    /// Short text under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            key: None,
            message: message.into(),
            span: None,
            label: None,
            help: None,
        }
    }

    /// Names the key the finding is about.
    pub fn key(mut self, key: KeyPath) -> Self {
        self.key = Some(key);
        self
    }

    /// Points at a byte range of the source.
    pub fn span(mut self, span: Option<Range<usize>>) -> Self {
        self.span = span;
        self
    }

    /// Text printed under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// A hint on how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this finding fails the file.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The headline: the key in backticks, then the message.
    pub fn headline(&self) -> String {
        match &self.key {
            Some(key) => format!("`{key}`: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// 1-based line and column of the start of the span, in `text`.
    pub fn line_column(&self, text: &str) -> Option<(usize, usize)> {
        let start = self.span.as_ref()?.start.min(text.len());
        let before = text.get(..start)?;
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, column))
    }
}
