//! The first two stages: a file read into the model, then checked by every rule.

use std::path::Path;

use crate::compile::fonts::displayable;
use crate::diag::{Diagnostic, plural, report_text};
use crate::files::{self, Links};
use crate::format::{self, Loaded, Source};

/// Largest version read by `diff` and `avenant`: a PDF with its fonts and annexes.
const MAX_VERSION_BYTES: u64 = 256 << 20;

/// Reads a convention and applies every per-file rule.
pub fn load(source: &Source) -> Loaded {
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
            let message = format!(
                "`{c}` (U+{:04X} {name}) cannot be displayed by any available font",
                c as u32
            );
            let help = "give a font that has it: `--font-path DIR`, or a `fonts/` folder beside the templates";
            let diagnostic = Diagnostic::error(message)
                .help(help)
                .span(Some(text.span.clone()));
            loaded.diagnostics.push(diagnostic.key(text.key.clone()));
        }
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
}

/// The first problem of a file on one line, and how many more there are.
fn summary(source: &Source, problems: &[Diagnostic]) -> String {
    let headline = |d: &Diagnostic| match d.line_column(&source.text) {
        Some((line, column)) => format!("{}:{line}:{column}: {}", source.name(), d.headline()),
        None => format!("{}: {}", source.name(), d.headline()),
    };
    let mut summary = problems.first().map(headline).unwrap_or_default();
    if problems.len() > 1 {
        let more = problems.len() - 1;
        summary.push_str(&format!(" (and {more} more problem{})", plural(more)));
    }
    summary
}

/// Reads and validates one file; rejects it on an error, or on a warning under `strict`.
pub fn load_file(path: &Path, strict: bool) -> Result<(Source, Loaded), Rejected> {
    let source = Source::read(path).map_err(|e| unreadable(path, e))?;
    validated(source, strict)
}

/// One version of a convention: a convention file, or a PDF made by convgen, whose attached
/// source is read; rejected on an error.
pub fn load_version(path: &Path) -> Result<(Source, Loaded), Rejected> {
    let bytes = files::read(path, MAX_VERSION_BYTES, Links::Follow);
    let bytes = bytes.map_err(|e| unreadable(path, e))?;
    if !bytes.starts_with(b"%PDF-") {
        return validated(Source::from_bytes(path, bytes), false);
    }
    match crate::compile::attached::attached_source(&bytes) {
        Ok(toml) => validated(Source::from_bytes(path, toml), false),
        Err(e) => {
            let summary = format!("`{}`: {e}", path.display());
            let printed = format!("error: {summary}\n");
            Err(Rejected { printed, summary })
        }
    }
}

fn unreadable(path: &Path, error: std::io::Error) -> Rejected {
    let summary = format!("cannot read `{}` ({error})", path.display());
    let printed = format!("error: {summary}\n");
    Rejected { printed, summary }
}

fn validated(source: Source, strict: bool) -> Result<(Source, Loaded), Rejected> {
    let loaded = load(&source);
    let problems: Vec<Diagnostic> = (loaded.diagnostics.iter())
        .filter(|d| d.is_error() || strict)
        .cloned()
        .collect();
    if problems.is_empty() {
        return Ok((source, loaded));
    }
    Err(Rejected {
        printed: report_text(&source.name(), &source.text, &loaded.diagnostics),
        summary: summary(&source, &problems),
    })
}
