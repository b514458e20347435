//! `render` over many files: in parallel, one shared engine, never stopping at a bad file.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Instant;

use crate::cli::{collect_inputs, plural, read_valid, report_text, stderr};
use crate::compile::TypstDiagnostic;
use crate::diag::{self, Diagnostic};
use crate::document::{DocumentError, Engine, Format, Timings};
use crate::load::Source;
use crate::manifest::{Entry, Manifest, Status, sha256_hex, sha256_of_parts};
use crate::output::{create_output_dir, remove_stale_temporaries, write_atomically};
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
    /// Render every input, even those unchanged since the last run (see `manifest.json`).
    #[arg(long)]
    pub force: bool,
    /// Leave out the empty electronic signature fields placed on each signatory's box.
    #[arg(long)]
    pub no_signature_fields: bool,
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

/// Documents waiting for the writer thread at most: a few MiB.
const WRITE_QUEUE: usize = 32;

/// Runs `convgen render`; returns the exit code.
pub fn render(args: &RenderArgs) -> u8 {
    let started = Instant::now();
    let mut err = stderr();
    let templates = match Templates::load(args.templates.as_deref()) {
        Ok(templates) => templates,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 1;
        }
    };
    let (files, unreadable) = collect_inputs(&args.paths);
    for (path, error) in &unreadable {
        let _ = writeln!(err, "error: cannot read `{}` ({error})", path.display());
    }
    if let Err(message) = create_output_dir(&args.output) {
        let _ = writeln!(err, "error: {message}");
        return 1;
    }
    remove_stale_temporaries(&args.output);
    let jobs = args
        .jobs
        .map_or_else(default_jobs, NonZeroUsize::get)
        .min(files.len().max(1));
    let batch = Batch {
        recipe: recipe(&templates, args),
        engine: if args.no_signature_fields {
            Engine::new(templates).without_signature_fields()
        } else {
            Engine::new(templates)
        },
        previous: Manifest::read(&args.output).by_key(),
        references: References::new(files.len()),
        args,
        files: &files,
    };
    // Each job is the single thread of its own rayon pool, on which Typst lays its pages
    // out and krilla writes them: `--jobs N` keeps a batch on N cores, and a document's
    // data stays on the core that made it instead of being stolen by another job.
    let pools = (0..jobs)
        .map(|i| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(move |_| format!("convgen-job-{i}"))
                .build()
        })
        .collect::<Result<Vec<_>, _>>();
    let pools = match pools {
        Ok(pools) => pools,
        Err(e) => {
            let _ = writeln!(err, "error: cannot start {jobs} jobs ({e})");
            return 1;
        }
    };
    let progress = Progress::new(files.len());
    let next = AtomicUsize::new(0);
    let mut entries = Vec::with_capacity(files.len());
    let timings = Mutex::new(Timings::default());
    // Workers only compute; one writer thread writes and syncs the files, so that waiting
    // for the disk never holds a core. The queue absorbs a slow sync (a journal commit can
    // take tens of milliseconds) and, bounded, keeps memory flat when the disk is slower.
    let (to_writer, written) = std::sync::mpsc::sync_channel::<Outcome>(WRITE_QUEUE);
    std::thread::scope(|scope| {
        let (batch, next, timings) = (&batch, &next, &timings);
        for pool in &pools {
            let to_writer = to_writer.clone();
            scope.spawn(move || {
                pool.install(|| {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= batch.files.len() {
                            break;
                        }
                        let mut spent = Timings::default();
                        let outcome = batch.render_one(index, &mut spent);
                        *lock(timings) += spent;
                        if to_writer.send(outcome).is_err() {
                            break;
                        }
                    }
                });
            });
        }
        drop(to_writer);
        for outcome in written {
            let started = Instant::now();
            let (entry, report) = outcome.write(&args.output);
            lock(timings).write += started.elapsed();
            entries.push(entry);
            progress.done(&report);
        }
    });
    progress.finish();
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    let (rendered, skipped) = (count(Status::Rendered), count(Status::Skipped));
    let failed = count(Status::Failed) + unreadable.len();
    let mut manifest = batch.previous;
    for entry in entries {
        manifest.insert(entry.key(), entry);
    }
    if let Err(e) = Manifest::write(&args.output, manifest) {
        let _ = writeln!(
            err,
            "error: cannot write the manifest in `{}` ({e})",
            args.output.display()
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    let _ = writeln!(
        err,
        "rendered {rendered}, skipped {skipped} (unchanged), failed {failed}, in {elapsed:.2} s ({:.1} documents/s) into `{}`",
        rendered as f64 / elapsed.max(1e-9),
        args.output.display(),
    );
    if args.timings {
        let t = timings.into_inner().unwrap_or_else(|e| e.into_inner());
        let _ = writeln!(err, "{}", t.summary(jobs, started.elapsed()));
    }
    u8::from(failed > 0 || files.len() + unreadable.len() == 0)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a render asks for, as the manifest names it.
fn variant(args: &RenderArgs) -> String {
    let format = format!("{:?}", args.format).to_lowercase();
    if args.draft {
        format!("{format} draft")
    } else {
        format
    }
}

/// A hash of everything besides the input that shapes the output.
fn recipe(templates: &Templates, args: &RenderArgs) -> String {
    let fields = !args.no_signature_fields;
    let options = format!(
        "convgen {} {:?} draft={} fields={fields}",
        env!("CARGO_PKG_VERSION"),
        args.format,
        args.draft,
    );
    sha256_of_parts([options.as_bytes(), templates.fingerprint().as_bytes()])
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// A progress bar on a terminal; plain lines otherwise (logs, CI, pipes).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let on_terminal = std::io::stderr().is_terminal() && total > 1;
        let bar = on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} conventions, {per_sec}, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress { bar }
    }

    /// One input done, with what to tell about it.
    fn done(&self, report: &str) {
        match &self.bar {
            Some(bar) => {
                if !report.is_empty() {
                    bar.println(report.trim_end());
                }
                bar.inc(1);
            }
            None => {
                let _ = std::io::stderr().lock().write_all(report.as_bytes());
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// What every worker of a batch shares.
struct Batch<'a> {
    engine: Engine,
    args: &'a RenderArgs,
    files: &'a [PathBuf],
    references: References,
    previous: BTreeMap<(String, String), Entry>,
    recipe: String,
}

/// Duplicate references, decided as files load: a file is refused when a file before it in
/// input order has the same reference. Jobs take files in input order, so a file waits at
/// most for the few earlier ones still loading on other jobs, and none is read twice.
struct References {
    state: Mutex<ReferencesState>,
    registered: Condvar,
}

struct ReferencesState {
    /// The earliest file with each reference, among those registered.
    first_use: HashMap<String, usize>,
    registered: Vec<bool>,
    /// Every file before this index is registered.
    prefix: usize,
}

impl References {
    fn new(files: usize) -> References {
        References {
            state: Mutex::new(ReferencesState {
                first_use: HashMap::new(),
                registered: vec![false; files],
                prefix: 0,
            }),
            registered: Condvar::new(),
        }
    }

    /// Records file `index` with its reference (`None`: it did not load).
    fn record(&self, index: usize, reference: Option<&str>) -> MutexGuard<'_, ReferencesState> {
        let mut state = lock(&self.state);
        if let Some(reference) = reference {
            let first = state
                .first_use
                .entry(reference.to_string())
                .or_insert(index);
            *first = (*first).min(index);
        }
        state.registered[index] = true;
        while state.registered.get(state.prefix) == Some(&true) {
            state.prefix += 1;
        }
        self.registered.notify_all();
        state
    }

    /// Records file `index` and, once every earlier file is recorded, returns the earliest
    /// of them with the same reference.
    fn register(&self, index: usize, reference: &str) -> Option<usize> {
        let mut state = self.record(index, Some(reference));
        while state.prefix < index {
            state = self
                .registered
                .wait(state)
                .unwrap_or_else(|e| e.into_inner());
        }
        let first = *state.first_use.get(reference)?;
        (first < index).then_some(first)
    }
}

/// Registers a file that is given up before its reference is known (even by a panic), so
/// that the files after it do not wait for it.
struct Unregistered<'a> {
    references: &'a References,
    index: usize,
    armed: bool,
}

impl Unregistered<'_> {
    fn register(mut self, reference: &str) -> Option<usize> {
        self.armed = false;
        self.references.register(self.index, reference)
    }
}

impl Drop for Unregistered<'_> {
    fn drop(&mut self) {
        if self.armed {
            drop(self.references.record(self.index, None));
        }
    }
}

impl Batch<'_> {
    /// Renders the input at `index`, up to the files to write.
    fn render_one(&self, index: usize, timings: &mut Timings) -> Outcome {
        let mut report = String::new();
        let product = self.produce_one(index, &mut report, timings);
        Outcome { product, report }
    }

    /// What became of the input; `report` receives what to print about it.
    fn produce_one(&self, index: usize, report: &mut String, timings: &mut Timings) -> Product {
        let path = &self.files[index];
        let started = Instant::now();
        let mut entry = Entry {
            input: path.display().to_string(),
            variant: variant(self.args),
            reference: None,
            status: Status::Failed,
            outputs: Vec::new(),
            pages: 0,
            sha256: Vec::new(),
            input_sha256: String::new(),
            recipe_sha256: self.recipe.clone(),
            error: None,
        };
        let unregistered = Unregistered {
            references: &self.references,
            index,
            armed: true,
        };
        let (source, loaded) = match read_valid(path, self.args.strict) {
            Ok(valid) => valid,
            // Dropping `unregistered` records the file as not loaded.
            Err(rejected) => {
                report.push_str(&rejected.printed);
                entry.error = Some(rejected.summary);
                return Product::Finished(entry);
            }
        };
        if !loaded.diagnostics.is_empty() {
            report.push_str(&report_text(&source, &loaded.diagnostics));
        }
        timings.load = started.elapsed();
        let convention = &loaded.convention;
        let reference = &convention.reference;
        entry.reference = Some(reference.clone());
        entry.input_sha256 = sha256_hex(source.text.as_bytes());
        if let Some(first) = unregistered.register(reference) {
            let message = format!("duplicate reference \"{reference}\" in this batch");
            let help = format!(
                "`{}` already uses it: give each convention its own reference",
                self.files[first].display()
            );
            let span = loaded.spans.get("reference");
            let diagnostic = Diagnostic::error(&message)
                .key("reference")
                .span(span)
                .help(help);
            report.push_str(&report_text(&source, &[diagnostic]));
            entry.error = Some(message);
            return Product::Finished(entry);
        }
        if let Some(previous) = self.previous.get(&entry.key())
            && !self.args.force
            && previous.reference.as_ref() == Some(reference)
            && previous.is_current(&self.args.output, &entry.input_sha256, &self.recipe)
        {
            return Product::Finished(Entry {
                status: Status::Skipped,
                ..previous.clone()
            });
        }
        let document = match self.engine.produce(
            convention,
            source.text.as_bytes(),
            self.args.draft,
            self.args.format,
        ) {
            Ok(document) => document,
            Err(error) => {
                report.push_str(&document_error_text(
                    &self.engine,
                    &source,
                    reference,
                    &error,
                ));
                entry.error = Some(error.summary());
                return Product::Finished(entry);
            }
        };
        *timings = Timings {
            load: timings.load,
            ..document.timings
        };
        let names = output_names(
            reference,
            self.args.draft,
            self.args.format,
            document.files.len(),
        );
        for warning in &document.warnings {
            report.push_str(&typst_diagnostic_text(&self.engine, reference, "", warning));
        }
        let entry = Entry {
            status: Status::Rendered,
            pages: document.pages,
            outputs: names,
            ..entry
        };
        Product::Rendered(entry, document.files)
    }
}

/// What became of an input in a worker.
enum Product {
    /// Failed or skipped: nothing to write.
    Finished(Entry),
    /// Rendered: the files to write, named in the entry's outputs.
    Rendered(Entry, Vec<Vec<u8>>),
}

/// A worker's result, for the writer thread.
struct Outcome {
    product: Product,
    report: String,
}

impl Outcome {
    /// Writes the files into `output`; returns the final entry and what to print about it.
    fn write(self, output: &Path) -> (Entry, String) {
        let Outcome {
            product,
            mut report,
        } = self;
        let (mut entry, files) = match product {
            Product::Rendered(entry, files) => (entry, files),
            Product::Finished(entry) => return (entry, report),
        };
        for (name, bytes) in entry.outputs.iter().zip(&files) {
            let target = output.join(name);
            if let Err(e) = write_atomically(&target, bytes) {
                let message = format!("cannot write `{}` ({e})", target.display());
                let _ = writeln!(report, "error: {message}");
                entry.status = Status::Failed;
                entry.error = Some(message);
                return (entry, report);
            }
        }
        let _ = writeln!(
            report,
            "wrote {} ({} page{})",
            output.join(&entry.outputs[0]).display(),
            entry.pages,
            plural(entry.pages)
        );
        entry.sha256 = files.iter().map(|f| sha256_hex(f)).collect();
        (entry, report)
    }
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
