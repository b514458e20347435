//! `convgen render`: many conventions in parallel, never stopping at a bad file; one writer
//! writes what the jobs produce. With several jobs, each is a worker process ([`workers`]).

pub mod worker;
pub mod workers;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{CommandError, Outcome};
use crate::deliver::{Entry, Manifest, OutputDir, Status, output_names};
use crate::diag::{self, plural};
use crate::digest::sha256_hex;
use crate::pipeline::{
    Engine, Format, Inputs, Timings, collect_inputs, document_error_text, findings_text, load_file,
    some_findings_text, typst_diagnostic_text,
};
use crate::templates::Templates;
use crate::validate::{References, references};

/// What `render` is asked to do.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub templates: Option<PathBuf>,
    /// A "PROJET" watermark on every page, written as `<reference>-projet.pdf`.
    pub draft: bool,
    pub format: Format,
    /// Documents rendered at once (default: one per core).
    pub jobs: Option<NonZeroUsize>,
    /// Warnings fail a file too.
    pub strict: bool,
    /// Print the time spent in each phase.
    pub timings: bool,
    /// Render even the inputs unchanged since the last run.
    pub force: bool,
    /// The empty electronic signature fields on each signatory's box.
    pub signature_fields: bool,
    /// Text tags of a signature platform inside the signature boxes.
    pub signature_tags: Option<crate::render::SignatureTags>,
}

/// Documents waiting for the writer thread at most: a few MiB.
const WRITE_QUEUE: usize = 32;

/// Runs `convgen render`.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let started = Instant::now();
    let templates = Templates::load(config.templates.as_deref())?;
    let inputs = collect_inputs(&config.inputs);
    let mut err = diag::stderr();
    for unreadable in &inputs.unreadable {
        let _ = writeln!(err, "error: {unreadable}");
    }
    let batch = Batch::new(config, &inputs.files, templates)?;
    let jobs =
        (config.jobs.map_or_else(default_jobs, NonZeroUsize::get)).min(inputs.files.len().max(1));
    let (entries, timings) = if jobs > 1 && workers::can_run(&inputs.files) {
        workers::run(&batch, jobs)
    } else {
        batch.run(jobs)?
    };
    Ok(summary(&batch, &inputs, entries, timings, jobs, started))
}

fn summary(
    batch: &Batch<'_>,
    inputs: &Inputs,
    entries: Vec<Entry>,
    timings: Timings,
    jobs: usize,
    started: Instant,
) -> Outcome {
    let mut err = diag::stderr();
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    let (rendered, skipped) = (count(Status::Rendered), count(Status::Skipped));
    let failed = count(Status::Failed) + inputs.unreadable.len();
    let mut manifest = batch.previous.clone();
    for entry in entries {
        manifest.insert(entry.key(), entry);
    }
    let dir = batch.output.path();
    if let Err(e) = Manifest::write(dir, manifest) {
        let _ = writeln!(
            err,
            "error: cannot write the manifest in `{}` ({e})",
            dir.display()
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    let _ = writeln!(
        err,
        "rendered {rendered}, skipped {skipped} (unchanged), failed {failed}, in {elapsed:.2} s ({:.1} documents/s) into `{}`",
        rendered as f64 / elapsed.max(1e-9),
        dir.display(),
    );
    if batch.config.timings {
        let _ = writeln!(err, "{}", timings.summary(jobs, started.elapsed()));
    }
    Outcome::failed_if(failed > 0 || inputs.total() == 0)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
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
    config: &'a Config,
    files: &'a [PathBuf],
    output: OutputDir,
    references: References,
    previous: BTreeMap<(String, String), Entry>,
    recipe: String,
}

impl<'a> Batch<'a> {
    fn new(
        config: &'a Config,
        files: &'a [PathBuf],
        templates: Templates,
    ) -> Result<Batch<'a>, CommandError> {
        let output = OutputDir::create(&config.output)?;
        let engine = Engine::new(templates)
            .with_signature_fields(config.signature_fields)
            .with_signature_tags(config.signature_tags);
        Ok(Batch {
            recipe: engine.recipe(config.format, config.draft),
            engine,
            previous: Manifest::read(output.path()).by_key(),
            references: References::new(files.len()),
            config,
            files,
            output,
        })
    }

    /// Renders every file on `jobs` threads of this process; returns their entries, in the
    /// order they finished.
    fn run(&self, jobs: usize) -> Result<(Vec<Entry>, Timings), CommandError> {
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
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| CommandError::Jobs { jobs, source })?;
        let progress = Progress::new(self.files.len());
        let next = AtomicUsize::new(0);
        let mut entries = Vec::with_capacity(self.files.len());
        let timings = Mutex::new(Timings::default());
        // Workers only compute; one writer thread writes and syncs the files, so that waiting
        // for the disk never holds a core. The queue absorbs a slow sync (a journal commit can
        // take tens of milliseconds) and, bounded, keeps memory flat when the disk is slower.
        let (to_writer, written) = std::sync::mpsc::sync_channel::<Done>(WRITE_QUEUE);
        std::thread::scope(|scope| {
            let (next, timings) = (&next, &timings);
            for pool in &pools {
                let to_writer = to_writer.clone();
                scope.spawn(move || {
                    pool.install(|| {
                        loop {
                            let index = next.fetch_add(1, Ordering::Relaxed);
                            if index >= self.files.len() {
                                break;
                            }
                            let mut spent = Timings::default();
                            let done = self.render_one(index, &mut spent);
                            *lock(timings) += spent;
                            if to_writer.send(done).is_err() {
                                break;
                            }
                        }
                    });
                });
            }
            drop(to_writer);
            for done in written {
                let started = Instant::now();
                let (entry, report) = done.write(&self.output);
                lock(timings).write += started.elapsed();
                entries.push(entry);
                progress.done(&report);
            }
        });
        progress.finish();
        Ok((
            entries,
            timings.into_inner().unwrap_or_else(|e| e.into_inner()),
        ))
    }

    /// Renders the input at `index`, up to the files to write; a reference an earlier file
    /// of the batch declares is refused here.
    fn render_one(&self, index: usize, timings: &mut Timings) -> Done {
        // Dropped unregistered when the file is refused, so that later files do not wait.
        let claim = self.references.claim(index);
        self.render_unclaimed(index, timings, |reference| claim.register(reference))
    }

    /// Renders the input at `index`; `earlier` tells which earlier input declares the same
    /// reference, if one does.
    fn render_unclaimed(
        &self,
        index: usize,
        timings: &mut Timings,
        earlier: impl FnOnce(&str) -> Option<usize>,
    ) -> Done {
        let mut report = String::new();
        let product = self.produce_one(index, &mut report, timings, earlier);
        Done { product, report }
    }

    /// What became of the input; `report` receives what to print about it.
    fn produce_one(
        &self,
        index: usize,
        report: &mut String,
        timings: &mut Timings,
        earlier: impl FnOnce(&str) -> Option<usize>,
    ) -> Product {
        let (config, path) = (self.config, &self.files[index]);
        let started = Instant::now();
        let mut entry = Entry::new(path, config.format, config.draft, self.recipe.clone());
        let (source, loaded) = match load_file(path, config.strict) {
            Ok(valid) => valid,
            Err(rejected) => {
                report.push_str(&rejected.printed);
                entry.error = Some(rejected.summary);
                return Product::Finished(entry);
            }
        };
        report.push_str(&findings_text(&source, &loaded));
        timings.load = started.elapsed();
        let (convention, reference) = (&loaded.convention, &loaded.convention.reference);
        entry.reference = Some(reference.clone());
        entry.input_sha256 = sha256_hex(source.text.as_bytes());
        if let Some(first) = earlier(reference) {
            let duplicate = references::duplicate(reference, &self.files[first], &loaded.spans);
            let printed = std::slice::from_ref(&duplicate);
            report.push_str(&some_findings_text(&source, &loaded, printed));
            entry.error = Some(duplicate.message.to_string());
            return Product::Finished(entry);
        }
        if let Some(previous) = self.previous.get(&entry.key())
            && !config.force
            && previous.reference.as_ref() == Some(reference)
            && previous.is_current(self.output.path(), &entry.input_sha256, &self.recipe)
        {
            let skipped = Entry {
                status: Status::Skipped,
                ..previous.clone()
            };
            return Product::Finished(skipped);
        }
        let input = source.text.as_bytes();
        let document = match self
            .engine
            .produce(convention, input, config.draft, config.format)
        {
            Ok(document) => document,
            Err(error) => {
                report.push_str(&document_error_text(
                    &self.engine,
                    &source,
                    reference,
                    &error,
                ));
                entry.error = Some(error.to_string());
                return Product::Finished(entry);
            }
        };
        *timings = Timings {
            load: timings.load,
            ..document.timings
        };
        for warning in &document.warnings {
            report.push_str(&typst_diagnostic_text(&self.engine, reference, "", warning));
        }
        entry.pages = document.pages;
        entry.outputs = output_names(reference, config.draft, config.format, document.files.len());
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
struct Done {
    product: Product,
    report: String,
}

impl Done {
    /// Writes the files into `output`; returns the final entry and what to print about it.
    fn write(self, output: &OutputDir) -> (Entry, String) {
        let Done {
            product,
            mut report,
        } = self;
        let (mut entry, files) = match product {
            Product::Rendered(entry, files) => (entry, files),
            Product::Finished(entry) => return (entry, report),
        };
        match entry.write_outputs(output, &files) {
            Ok(first) => {
                let pages = entry.pages;
                let _ = writeln!(
                    report,
                    "wrote {} ({pages} page{})",
                    first.display(),
                    plural(pages)
                );
            }
            Err(error) => {
                let _ = writeln!(report, "error: {error}");
            }
        }
        (entry, report)
    }
}
