//! Diagnostics that point into a source file, and the one printer for all of them.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

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
    /// The key path in the file (`partners[2].siren`, 1-based indexes), when there is one.
    pub key: Option<String>,
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
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
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

/// Prints diagnostics about one file like rustc does: headline, `file:line:column`,
/// and the offending line with a caret under the span.
pub fn print(
    out: &mut dyn WriteColor,
    file_name: &str,
    text: &str,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let file = SimpleFile::new(file_name, text);
    let config = term::Config::default();
    for diagnostic in diagnostics {
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(diagnostic.headline());
        match &diagnostic.span {
            Some(span) => {
                let span = clamp(span, text);
                let label = Label::primary((), span);
                let label = match &diagnostic.label {
                    Some(text) => label.with_message(text),
                    None => label,
                };
                report = report.with_labels(vec![label]);
            }
            None => report = report.with_notes(vec![format!("in {file_name}")]),
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_to_write_style(out, &config, &file, &report)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Keeps a span on character boundaries inside the text, so printing never fails.
fn clamp(span: &Range<usize>, text: &str) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}
