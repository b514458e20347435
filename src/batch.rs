//! `render` over many files: in parallel, one shared engine, never stopping at a bad file.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::cli::{collect_inputs, plural, read_valid, stderr};
use crate::compile::TypstDiagnostic;
use crate::diag::{self, Diagnostic};
use crate::document::{DocumentError, Engine, Format, Timings};
use crate::load::{self, Source};
use crate::output::write_atomically;
use crate::templates::Templates;

/// Arguments of `convgen render`.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// Convention files, or directories searched for `*.toml`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output directory.
    #[arg(short, long, default_value = "output")]
    pub output: PathBuf,
    /// Draft: a "PROJET" watermark on every page, written as `<reference>-projet.pdf`.
    #[arg(long)]
    pub draft: bool,
    /// What to write.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: Format,
    /// Documents rendered at once (default: one per core).
    #[arg(short, long)]
    pub jobs: Option<NonZeroUsize>,
    /// A directory of templates replacing or adding to the built-in ones.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Print the time spent in each phase.
    #[arg(long)]
    pub timings: bool,
}

/// The files a convention is written to, inside the output directory: one, or one per page
/// for PNG (`-1.png`, or `-01.png` … when there are ten pages or more, so names sort).
/// References are validated to `[A-Za-z0-9][A-Za-z0-9._-]*`, so no name leaves the directory.
pub fn output_names(reference: &str, draft: bool, format: Format, files: usize) -> Vec<String> {
    let suffix = if draft { "-projet" } else { "" };
    match format {
        Format::Pdf => vec![format!("{reference}{suffix}.pdf")],
        Format::Typ => vec![format!("{reference}{suffix}.typ")],
        Format::Png => {
            let width = files.to_string().len();
            (1..=files)
                .map(|page| format!("{reference}{suffix}-{page:0width$}.png"))
                .collect()
        }
    }
}

/// What happened to one input.
enum Outcome {
    Written,
    Failed,
}

/// Runs `convgen render`; returns the exit code.
pub fn render(args: &RenderArgs) -> u8 {
    let started = Instant::now();
    let mut err = stderr();
    let templates = match &args.templates {
        Some(dir) => match Templates::with_dir(dir) {
            Ok(templates) => templates,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return 1;
            }
        },
        None => Templates::built_in(),
    };
    let (files, unreadable) = collect_inputs(&args.paths);
    for (path, error) in &unreadable {
        let _ = writeln!(err, "error: cannot read `{}` ({error})", path.display());
    }
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        let _ = writeln!(
            err,
            "error: cannot create `{}` ({e})",
            args.output.display()
        );
        return 1;
    }
    let jobs = args
        .jobs
        .map_or_else(default_jobs, NonZeroUsize::get)
        .min(files.len().max(1));
    let first_use = first_use_of_references(&files, jobs);
    let engine = Engine::new(templates);
    let next = AtomicUsize::new(0);
    let outcomes = Mutex::new(Vec::with_capacity(files.len()));
    let timings = Mutex::new(Timings::default());
    let err_lock = Mutex::new(());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= files.len() {
                        break;
                    }
                    let mut report = String::new();
                    let mut spent = Timings::default();
                    let outcome = render_one(
                        &engine,
                        args,
                        &files,
                        index,
                        &first_use,
                        &mut report,
                        &mut spent,
                    );
                    *timings.lock().unwrap_or_else(|e| e.into_inner()) += spent;
                    outcomes
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(outcome);
                    let _guard = err_lock.lock();
                    let _ = std::io::stderr().lock().write_all(report.as_bytes());
                }
            });
        }
    });
    let outcomes = outcomes.into_inner().unwrap_or_else(|e| e.into_inner());
    let written = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Written))
        .count();
    let failed = outcomes.len() - written + unreadable.len();
    let elapsed = started.elapsed();
    let _ = writeln!(
        err,
        "rendered {written} document{} into `{}`, {failed} failed, in {:.2} s ({:.1} documents/s)",
        plural(written),
        args.output.display(),
        elapsed.as_secs_f64(),
        written as f64 / elapsed.as_secs_f64().max(1e-9),
    );
    if args.timings {
        let t = timings.into_inner().unwrap_or_else(|e| e.into_inner());
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let _ = writeln!(
            err,
            "timings (summed over jobs): load {:.0} ms, template {:.0} ms, typst compile {:.0} ms, pdf export {:.0} ms, write {:.0} ms",
            ms(t.load),
            ms(t.template),
            ms(t.compile),
            ms(t.export),
            ms(t.write),
        );
    }
    u8::from(failed > 0 || files.len() + unreadable.len() == 0)
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// For each reference, the first file (in input order) that uses it: later files with the
/// same reference are errors, whatever order the workers reach them in.
fn first_use_of_references(files: &[PathBuf], jobs: usize) -> HashMap<String, usize> {
    let next = AtomicUsize::new(0);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    let Ok(source) = Source::read(path) else {
                        continue;
                    };
                    let loaded = load::load(&source);
                    if loaded.is_valid() {
                        let reference = loaded.convention.reference;
                        found
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push((index, reference));
                    }
                }
            });
        }
    });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort();
    let mut first_use = HashMap::new();
    for (index, reference) in found {
        first_use.entry(reference).or_insert(index);
    }
    first_use
}

fn render_one(
    engine: &Engine,
    args: &RenderArgs,
    files: &[PathBuf],
    index: usize,
    first_use: &HashMap<String, usize>,
    report: &mut String,
    timings: &mut Timings,
) -> Outcome {
    let started = Instant::now();
    let path = &files[index];
    let (source, loaded) = match read_valid(path, args.strict) {
        Ok(valid) => valid,
        Err(printed) => {
            report.push_str(&printed);
            return Outcome::Failed;
        }
    };
    if !loaded.diagnostics.is_empty() {
        report.push_str(&crate::cli::report_text(&source, &loaded.diagnostics));
    }
    timings.load = started.elapsed();
    let convention = &loaded.convention;
    let reference = &convention.reference;
    if let Some(&first) = first_use.get(reference)
        && first != index
    {
        let message = format!("duplicate reference \"{reference}\" in this batch");
        let help = format!(
            "`{}` already uses it: give each convention its own reference",
            files[first].display()
        );
        let diagnostic = Diagnostic::error(message)
            .key("reference")
            .span(loaded.spans.get("reference"))
            .help(help);
        report.push_str(&crate::cli::report_text(&source, &[diagnostic]));
        return Outcome::Failed;
    }
    let bytes = source.text.as_bytes();
    let document = match engine.produce(convention, bytes, args.draft, args.format) {
        Ok(document) => document,
        Err(error) => {
            report.push_str(&document_error_text(engine, &source, reference, &error));
            return Outcome::Failed;
        }
    };
    *timings = Timings {
        load: timings.load,
        ..document.timings
    };
    let names = output_names(reference, args.draft, args.format, document.files.len());
    let started = Instant::now();
    for (name, bytes) in names.iter().zip(&document.files) {
        let target = args.output.join(name);
        if let Err(e) = write_atomically(&target, bytes) {
            let _ = writeln!(report, "error: cannot write `{}` ({e})", target.display());
            return Outcome::Failed;
        }
    }
    timings.write = started.elapsed();
    let target = match names.as_slice() {
        [] => args.output.display().to_string(),
        [one] => args.output.join(one).display().to_string(),
        many => format!(
            "{} … {}",
            args.output.join(&many[0]).display(),
            many[many.len() - 1]
        ),
    };
    for warning in &document.warnings {
        report.push_str(&typst_diagnostic_text(engine, reference, "", warning));
    }
    let pages = match document.pages {
        0 => String::new(),
        n => format!(" ({n} page{})", plural(n)),
    };
    let _ = writeln!(report, "wrote {target}{pages}");
    Outcome::Written
}

/// How a failed document is reported: the template file and line for template errors, the
/// Typst file and line (mapped back to the template where possible) for Typst errors.
pub fn document_error_text(
    engine: &Engine,
    source: &Source,
    reference: &str,
    error: &DocumentError,
) -> String {
    let mut text = format!(
        "error: cannot produce `{reference}` from `{}`\n",
        source.name()
    );
    match error {
        DocumentError::Template(e) => {
            let _ = writeln!(text, "error: template {e}");
        }
        DocumentError::Typst {
            diagnostics,
            generated,
            template,
        } => {
            for d in diagnostics {
                text.push_str(&typst_diagnostic_text(engine, reference, generated, d));
            }
            let _ = writeln!(
                text,
                "note: the document was generated from `{}`; `convgen render --format typ` writes the generated source",
                engine.template_display_name(template),
            );
        }
    }
    text
}

/// One Typst diagnostic, printed against the file it points into.
fn typst_diagnostic_text(
    engine: &Engine,
    reference: &str,
    generated: &str,
    d: &TypstDiagnostic,
) -> String {
    let mut diagnostic = if d.is_error {
        Diagnostic::error(&d.message)
    } else {
        Diagnostic::warning(&d.message)
    };
    if let Some(hint) = d.hints.first() {
        diagnostic = diagnostic.help(hint.clone());
    }
    let (name, text) = match (d.file.as_deref(), &d.text) {
        (Some("main.typ"), _) => (
            format!("{reference}.typ (generated)"),
            generated.to_string(),
        ),
        (Some(file), Some(text)) => (engine.template_display_name(file), text.clone()),
        _ => (reference.to_string(), String::new()),
    };
    let range = d.range.clone().filter(|_| !text.is_empty());
    let origin = match (d.file.as_deref(), &range) {
        (Some("main.typ"), Some(range)) => template_origin(engine, generated, range.start),
        _ => None,
    };
    let mut buffer = Vec::new();
    let mut out = codespan_reporting::term::termcolor::NoColor::new(&mut buffer);
    let _ = diag::print(&mut out, &name, &text, &[diagnostic.span(range)]);
    let mut printed = String::from_utf8_lossy(&buffer).into_owned();
    if let Some(origin) = origin {
        let _ = writeln!(printed, "note: this line comes from `{origin}`");
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
