//! The printer: every diagnostic, whatever file it points into, printed like rustc's.

use std::io::IsTerminal;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term;
use codespan_reporting::term::termcolor::{
    Color, ColorChoice, ColorSpec, NoColor, StandardStream, WriteColor,
};

use super::{Diagnostic, Severity};
use crate::i18n::{Lang, Message};
use crate::model::KeyPath;

/// How a finding names its key: `partners[1].address` in English, « Partenaires, n° 1
/// (Commune d’Enval), siège » in French (`format::place` knows the words).
pub type KeyNamer<'a> = &'a dyn Fn(&KeyPath, Lang) -> String;

/// Names a key by its path, in backticks, in every language.
pub fn key_path(key: &KeyPath, _: Lang) -> String {
    format!("`{key}`")
}

/// Prints diagnostics about one file like rustc does, in `lang`: headline, `file:line:column`,
/// and the offending line with a caret under the span; in French, the key's path in a note.
pub fn print(
    out: &mut dyn WriteColor,
    file_name: &str,
    text: &str,
    diagnostics: &[Diagnostic],
    lang: Lang,
    name: KeyNamer<'_>,
) -> std::io::Result<()> {
    let file = SimpleFile::new(file_name, text);
    let config = term::Config::default();
    for diagnostic in diagnostics {
        let (severity, color) = match diagnostic.severity {
            Severity::Error => (
                Message::ErrorLine {
                    text: diagnostic.headline(lang, name),
                },
                Color::Red,
            ),
            Severity::Warning => (
                Message::WarningLine {
                    text: diagnostic.headline(lang, name),
                },
                Color::Yellow,
            ),
        };
        out.set_color(ColorSpec::new().set_bold(true).set_fg(Some(color)))?;
        writeln!(out, "{}", severity.text(lang))?;
        out.reset()?;
        // The snippet is codespan's, under our own headline.
        let mut report = Report::error();
        match &diagnostic.span {
            Some(span) => {
                let span = clamp(span, text);
                let label = Label::primary((), span);
                let label = match &diagnostic.label {
                    Some(message) => label.with_message(message.text(lang)),
                    None => label,
                };
                report = report.with_labels(vec![label]);
            }
            None => {
                let file = file_name.to_string();
                report = report.with_notes(vec![Message::InFile { file }.text(lang)]);
            }
        }
        let mut notes = Vec::new();
        if let Some(help) = &diagnostic.help {
            notes.push(
                Message::Help {
                    text: Box::new(help.clone()),
                }
                .text(lang),
            );
        }
        if let (Lang::Fr, Some(key)) = (lang, &diagnostic.key) {
            notes.push(
                Message::KeyNote {
                    key: key.to_string(),
                }
                .text(lang),
            );
        }
        if !notes.is_empty() {
            report = report.with_notes(notes);
        }
        let mut snippet = Vec::new();
        term::emit_to_write_style(&mut NoColor::new(&mut snippet), &config, &file, &report)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        let snippet = String::from_utf8_lossy(&snippet);
        out.write_all(
            snippet
                .split_once('\n')
                .map_or("", |(_, rest)| rest)
                .as_bytes(),
        )?;
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

/// Diagnostics of one file as text, in the language of this run, for printing later or
/// elsewhere.
pub fn report_text(
    file_name: &str,
    text: &str,
    diagnostics: &[Diagnostic],
    name: KeyNamer<'_>,
) -> String {
    let mut buffer = Vec::new();
    let lang = Lang::current();
    let _ = print(
        &mut NoColor::new(&mut buffer),
        file_name,
        text,
        diagnostics,
        lang,
        name,
    );
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
