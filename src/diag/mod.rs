//! Diagnostics that point into a source file — TOML, template or Typst — and the one
//! printer for all of them.

mod print;
mod suggest;

use std::ops::Range;

pub use print::{KeyNamer, key_path, plural, print, report_text, stderr};
pub use suggest::did_you_mean;

use crate::i18n::{Lang, Message};
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
    pub message: Message,
    /// Byte range in the source text.
    pub span: Option<Range<usize>>,
    /// Short text under the caret.
    pub label: Option<Message>,
    pub help: Option<Message>,
    /// Other keys the finding is about (the period's start, for a period too long reported
    /// at its end): a form shows it at each, whichever the person changed.
    pub also: Vec<KeyPath>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub fn error(message: Message) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with no location yet.
    pub fn warning(message: Message) -> Self {
        Self::new(Severity::Warning, message)
    }

    fn new(severity: Severity, message: Message) -> Self {
        Diagnostic {
            severity,
            key: None,
            message,
            span: None,
            label: None,
            help: None,
            also: Vec::new(),
        }
    }

    /// Names another key the finding is about.
    pub fn also(mut self, key: KeyPath) -> Self {
        self.also.push(key);
        self
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
    pub fn label(mut self, label: Message) -> Self {
        self.label = Some(label);
        self
    }

    /// A hint on how to fix it.
    pub fn help(mut self, help: Message) -> Self {
        self.help = Some(help);
        self
    }

    /// Whether this finding fails the file.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The headline in `lang`: where it stands (`name` says it, from its key), then the
    /// message.
    pub fn headline(&self, lang: Lang, name: &dyn Fn(&KeyPath, Lang) -> String) -> String {
        match &self.key {
            Some(key) => {
                let place = name(key, lang);
                Message::Headline {
                    place,
                    message: Box::new(self.message.clone()),
                }
                .text(lang)
            }
            None => self.message.text(lang),
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
