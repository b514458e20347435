//! The first two stages: a file read into the model, then checked by every rule.

use std::path::Path;

use crate::compile::fonts::displayable;
use crate::diag::{Diagnostic, report_text};
use crate::files::{self, Links};
use crate::format::{self, Loaded, Source};
use crate::i18n::{Lang, Message};
use crate::model::KeyPath;
use codespan_reporting::term::termcolor::WriteColor;

/// Largest version read by `diff` and `avenant`: a PDF with its fonts and annexes.
const MAX_VERSION_BYTES: u64 = 256 << 20;

/// Reads a convention and applies every per-file rule; a file on disk gets the PDFs of its
/// annexes read from beside it (a text that is no file, a version or a check's body, has no
/// folder: its annexes stay unread).
pub fn load(source: &Source) -> Loaded {
    let mut loaded = load_text(source);
    if source.path.is_file() {
        super::annexes::read_annexes(source, &mut loaded);
    }
    loaded
}

/// [`load`] without the annexes' PDFs: what a version read back to compare says.
fn load_text(source: &Source) -> Loaded {
    let mut loaded = format::read(source);
    // Domain rules make sense once the document parsed; they skip keys already reported.
    if loaded.parsed {
        let found = crate::validate::validate(&loaded.convention, &loaded.spans);
        loaded.diagnostics.extend(found);
    }
    // Typst would fail on a character no font has, and name no line of the file: refused here.
    for text in &loaded.texts {
        if let Some(c) = text.text.chars().find(|&c| !displayable(c)) {
            let name = unicode_names2::name(c)
                .map(|n| n.to_string())
                .unwrap_or_default();
            let message = Message::NoFontHasIt {
                character: c.to_string(),
                code: format!("{:04X}", c as u32),
                name,
            };
            let diagnostic = Diagnostic::error(message)
                .help(Message::GiveAFont)
                .span(Some(text.span.clone()));
            loaded.diagnostics.push(diagnostic.key(text.key.clone()));
        }
    }
    // A value still « à compléter » (a renewal's draft, a new convention) must not go out as
    // it is: refused like a missing key, at its place.
    for text in (loaded.texts.iter()).filter(|t| format::values::is_placeholder(&t.text)) {
        let value = text.text.clone();
        let diagnostic = Diagnostic::error(Message::StillToComplete { value })
            .help(Message::CompleteBeforeSending)
            .span(Some(text.span.clone()));
        loaded.diagnostics.push(diagnostic.key(text.key.clone()));
    }
    loaded
        .diagnostics
        .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    loaded
}

/// A file that cannot be used: its diagnostics as printed, and a one-line summary.
#[derive(Debug)]
pub struct Rejected {
    pub printed: String,
    pub summary: String,
    /// Its warnings, among its findings.
    pub warnings: usize,
}

/// The first problem of a file on one line, and how many more there are, in the language
/// of this run.
fn summary(source: &Source, loaded: &Loaded, problems: &[Diagnostic]) -> String {
    let lang = Lang::current();
    let name = |key: &KeyPath, lang: Lang| format::place(&loaded.convention, key, lang);
    let headline = |d: &Diagnostic| match d.line_column(&source.text) {
        Some((line, column)) => {
            format!(
                "{}:{line}:{column}: {}",
                source.name(),
                d.headline(lang, &name)
            )
        }
        None => format!("{}: {}", source.name(), d.headline(lang, &name)),
    };
    let mut summary = problems.first().map(headline).unwrap_or_default();
    if problems.len() > 1 {
        let more = Message::AndMore {
            count: problems.len() - 1,
        };
        summary.push_str(&format!(" {}", more.text(lang)));
    }
    summary
}

/// A file's findings as text, in the language of this run, each key named where it stands.
pub fn findings_text(source: &Source, loaded: &Loaded) -> String {
    some_findings_text(source, loaded, &loaded.diagnostics)
}

/// Some findings about a file, as [`findings_text`] says them (a duplicate reference).
pub fn some_findings_text(source: &Source, loaded: &Loaded, findings: &[Diagnostic]) -> String {
    let name = |key: &KeyPath, lang: Lang| format::place(&loaded.convention, key, lang);
    report_text(&source.name(), &source.text, findings, &name)
}

/// Some of a file's findings, printed (in colour on a terminal) as [`findings_text`] says them.
pub fn print_findings(
    out: &mut dyn WriteColor,
    source: &Source,
    loaded: &Loaded,
    findings: &[Diagnostic],
) -> std::io::Result<()> {
    let name = |key: &KeyPath, lang: Lang| format::place(&loaded.convention, key, lang);
    crate::diag::print(
        out,
        &source.name(),
        &source.text,
        findings,
        Lang::current(),
        &name,
    )
}

/// Reads and validates one file; rejects it on an error, or on a warning under `strict`.
pub fn load_file(path: &Path, strict: bool) -> Result<(Source, Loaded), Rejected> {
    let source = Source::read(path).map_err(|e| unreadable(path, e))?;
    check_source(source, strict)
}

/// One version of a convention: a convention file, or a PDF made by convgen, whose attached
/// source is read; rejected on an error.
pub fn load_version(path: &Path) -> Result<(Source, Loaded), Rejected> {
    let bytes = files::read(path, MAX_VERSION_BYTES, Links::Follow);
    let bytes = bytes.map_err(|e| unreadable(path, e))?;
    if !bytes.starts_with(b"%PDF-") {
        return checked(Source::from_bytes(path, bytes), false, load_text);
    }
    match crate::compile::attached::attached_source(&bytes) {
        Ok(toml) => checked(Source::from_bytes(path, toml), false, load_text),
        Err(e) => {
            let detail = Box::new(Message::from(&e));
            let summary = Message::FileProblem {
                path: path.display().to_string(),
                detail,
            };
            Err(rejected(summary))
        }
    }
}

/// What a convention file says, errors or not: an avenant whose délibérations are still to
/// complete names its number and dates all the same. None when it cannot be read.
pub fn load_lenient(path: &Path) -> Option<crate::model::Convention> {
    let bytes = files::read(path, MAX_VERSION_BYTES, Links::Follow).ok()?;
    Some(load_text(&Source::from_bytes(path, bytes)).convention)
}

/// What a convention file says when it can be used: no error but values still to complete
/// (an avenant's délibérations to give). None when it cannot be read or has errors: an
/// avenant that changes nothing is none to cite.
pub fn load_usable(path: &Path) -> Option<crate::model::Convention> {
    let bytes = files::read(path, MAX_VERSION_BYTES, Links::Follow).ok()?;
    let loaded = load_text(&Source::from_bytes(path, bytes));
    loaded
        .is_valid_but_to_complete()
        .then_some(loaded.convention)
}

fn unreadable(path: &Path, error: std::io::Error) -> Rejected {
    let reason = Box::new(Message::from(&error));
    rejected(Message::CannotRead {
        path: path.display().to_string(),
        reason,
    })
}

/// A file refused for one problem, said in the language of this run.
fn rejected(problem: Message) -> Rejected {
    let summary = problem.text(Lang::current());
    let printed = Message::ErrorLine {
        text: summary.clone(),
    }
    .text(Lang::current())
        + "\n";
    Rejected {
        printed,
        summary,
        warnings: 0,
    }
}

/// Loads and validates a file read; rejects it on an error, or on a warning under `strict`.
pub fn check_source(source: Source, strict: bool) -> Result<(Source, Loaded), Rejected> {
    checked(source, strict, load)
}

fn checked(
    source: Source,
    strict: bool,
    load: fn(&Source) -> Loaded,
) -> Result<(Source, Loaded), Rejected> {
    let loaded = load(&source);
    let problems: Vec<Diagnostic> = (loaded.diagnostics.iter())
        .filter(|d| d.is_error() || strict)
        .cloned()
        .collect();
    if problems.is_empty() {
        return Ok((source, loaded));
    }
    Err(Rejected {
        printed: findings_text(&source, &loaded),
        summary: summary(&source, &loaded, &problems),
        warnings: warnings(&loaded),
    })
}

/// How many of a file's findings are warnings.
pub fn warnings(loaded: &Loaded) -> usize {
    loaded.diagnostics.iter().filter(|d| !d.is_error()).count()
}
