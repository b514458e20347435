//! How a document that failed is reported: template errors at their template line,
//! Typst errors at the line of the generated source, traced back to its template.

use std::fmt::Write as _;

use super::{DocumentError, Engine};
use crate::compile::TypstDiagnostic;
use crate::diag::{Diagnostic, key_path, report_text};
use crate::format::Source;
use crate::i18n::Message;
use crate::render::TemplateError;

/// How a failed document is reported: the template file and line for template errors, the
/// Typst file and line (mapped back to the template where possible) for Typst errors.
pub fn document_error_text(
    engine: &Engine,
    source: &Source,
    reference: &str,
    error: &DocumentError,
) -> String {
    let (reference_text, file) = (reference.to_string(), source.name());
    let cannot = Message::CannotProduce {
        reference: reference_text,
        file,
    };
    let mut text = format!(
        "{}\n",
        Message::ErrorLine {
            text: cannot.to_string()
        }
    );
    match error {
        DocumentError::Template(e) => text.push_str(&template_error_text(engine, e)),
        DocumentError::Typst {
            diagnostics,
            generated,
            template,
        } => {
            for d in diagnostics {
                text.push_str(&typst_diagnostic_text(engine, reference, generated, d));
            }
            let template = engine.templates().display_name(template);
            let _ = writeln!(text, "{}", Message::GeneratedFrom { template });
        }
    }
    text
}

/// A template error, printed against its line of the template.
fn template_error_text(engine: &Engine, e: &TemplateError) -> String {
    let source = engine.templates().text(&e.file);
    let line = (source.zip(e.line)).and_then(|(text, line)| {
        if let Some(range) = e.range.clone().filter(|r| text.get(r.clone()).is_some()) {
            return Some((text, range));
        }
        let start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let length = text.get(start..)?.lines().next()?.len();
        Some((text, start..start + length))
    });
    match line {
        Some((text, span)) => {
            let detail = e.message.clone();
            let diagnostic = Diagnostic::error(Message::TemplateProblem { detail });
            report_text(&e.template, text, &[diagnostic.span(Some(span))], &key_path)
        }
        None => format!("error: template {e}\n"),
    }
}

/// One Typst diagnostic, printed against the file it points into.
pub fn typst_diagnostic_text(
    engine: &Engine,
    reference: &str,
    generated: &str,
    d: &TypstDiagnostic,
) -> String {
    let message = Message::TypstProblem {
        detail: d.message.clone(),
    };
    let mut diagnostic = match d.is_error {
        true => Diagnostic::error(message),
        false => Diagnostic::warning(message),
    };
    if let Some(hint) = d.hints.first() {
        diagnostic = diagnostic.help(Message::TypstProblem {
            detail: hint.clone(),
        });
    }
    let (name, text) = match (d.file.as_deref(), &d.text) {
        (Some("main.typ"), _) => (
            format!("{reference}.typ (generated)"),
            generated.to_string(),
        ),
        (Some(file), Some(text)) => (engine.templates().display_name(file), text.clone()),
        _ => (reference.to_string(), String::new()),
    };
    let range = d.range.clone().filter(|_| !text.is_empty());
    let origin = match (d.file.as_deref(), &range) {
        (Some("main.typ"), Some(range)) => template_origin(engine, generated, range.start),
        _ => None,
    };
    let mut printed = report_text(&name, &text, &[diagnostic.span(range)], &key_path);
    if let Some(origin) = origin {
        let _ = writeln!(printed, "{}", Message::LineComesFrom { origin });
    }
    printed
}

/// Where a line of the generated source was written in the templates: found when the line
/// stands exactly once among the templates' lines, as lines without values do.
fn template_origin(engine: &Engine, generated: &str, offset: usize) -> Option<String> {
    let start = generated.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = generated[start..].lines().next()?.trim();
    if line.len() < 4 {
        return None;
    }
    let templates = engine.templates();
    let mut found = templates
        .names()
        .filter(|n| n.ends_with(".j2"))
        .flat_map(|name| {
            let text = templates.text(name).unwrap_or_default();
            let lines = text.lines().enumerate().filter(|(_, l)| l.trim() == line);
            lines
                .map(move |(i, _)| format!("{}:{}", templates.display_name(name), i + 1))
                .collect::<Vec<_>>()
        });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}
