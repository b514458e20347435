//! The printer: every diagnostic, whatever file it points into, printed like rustc's.

use std::io::IsTerminal;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{ColorChoice, NoColor, StandardStream, WriteColor};

use super::{Diagnostic, Severity};

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

/// Diagnostics of one file as text, for printing later or elsewhere.
pub fn report_text(file_name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut buffer = Vec::new();
    let _ = print(&mut NoColor::new(&mut buffer), file_name, text, diagnostics);
    String::from_utf8_lossy(&buffer).into_owned()
}

/// Standard error, in colour only on a terminal.
pub fn stderr() -> StandardStream {
    let choice = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

/// "s" when a count calls for the plural.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
