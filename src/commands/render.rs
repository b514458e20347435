//! `convgen render`: many conventions at once, never stopping at a bad file. The batch
//! runner makes them on N threads, or N worker processes, and this command writes each
//! document in input order, records it in the manifest and sums it all up.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{CommandError, Outcome};
use crate::deliver::{Entry, Manifest, OutputDir, Status, output_names};
use crate::diag;
use crate::digest::sha256_hex;
use crate::i18n::{Lang, Message, figure};
use crate::pipeline::batch::{self, Deliver, Input, Make, Reporter, Tally, Verdict, error_line};
use crate::pipeline::processes::{self, Portable, Remote};
use crate::pipeline::{
    Engine, Format, Terminal, Timings, collect_inputs, document_error_text, typst_diagnostic_text,
};
use crate::templates::Templates;

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
    /// Where each input's account goes (the parent's concern, not a worker's).
    #[serde(skip)]
    pub report: crate::pipeline::Report,
}

/// Runs `convgen render`, telling the terminal what became of each input.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    config
        .report
        .run(Terminal::with_progress(), |r| render(config, r))
}

/// Renders every input of `config`, telling `reporter` what became of each.
pub fn render(config: &Config, reporter: &mut dyn Reporter) -> Result<Outcome, CommandError> {
    let started = Instant::now();
    let templates = Templates::load(config.templates.as_deref())?;
    let inputs = collect_inputs(&config.inputs);
    let output = OutputDir::create(&config.output)?;
    let maker = Maker::new(config.clone(), templates);
    let mut writer = Writer {
        entries: maker.previous.clone(),
        recipe: maker.recipe.clone(),
        output,
        config,
        timings: Timings::default(),
    };
    let jobs =
        (config.jobs.map_or_else(default_jobs, NonZeroUsize::get)).min(inputs.files.len().max(1));
    let strict = config.strict;
    let tally = if jobs > 1 && processes::can_run(&inputs.files) {
        processes::run(&inputs, strict, &maker, &mut writer, jobs, reporter)
    } else {
        batch::run(&inputs, strict, &maker, &mut writer, jobs, reporter)
    };
    Ok(writer.finish(&tally, jobs, started))
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Runs this process as one of `render`'s worker processes.
pub fn serve_worker() -> std::process::ExitCode {
    processes::serve::<Maker>()
}

/// What every job of a batch shares to make documents.
pub struct Maker {
    engine: Engine,
    config: Config,
    /// The last run's manifest: an input unchanged since is skipped.
    previous: BTreeMap<(String, String), Entry>,
    recipe: String,
}

impl Maker {
    fn new(config: Config, templates: Templates) -> Maker {
        let engine = Engine::new(templates)
            .with_signature_fields(config.signature_fields)
            .with_signature_tags(config.signature_tags);
        Maker {
            recipe: engine.recipe(config.format, config.draft),
            previous: Manifest::read(&config.output).by_key(),
            engine,
            config,
        }
    }

    fn entry(&self, path: &Path) -> Entry {
        let (format, draft) = (self.config.format, self.config.draft);
        Entry::new(path, format, draft, self.recipe.clone())
    }
}

/// A document made: its manifest entry, the files to write (none when skipped or failed),
/// the time each phase took.
pub struct Made {
    entry: Entry,
    files: Option<Vec<Vec<u8>>>,
    timings: Timings,
}

impl Make for Maker {
    type Made = Made;

    fn make(&self, input: Input<'_>, text: &mut String) -> Made {
        let config = &self.config;
        let (source, convention) = (&input.source, &input.loaded.convention);
        let reference = &convention.reference;
        let mut entry = self.entry(input.path);
        entry.reference = Some(reference.clone());
        entry.input_sha256 = sha256_hex(source.text.as_bytes());
        let load = input.load_time;
        let unmade = |entry| Made {
            entry,
            files: None,
            timings: Timings {
                load,
                ..Timings::default()
            },
        };
        if let Some(previous) = self.previous.get(&entry.key())
            && !config.force
            && previous.reference.as_ref() == Some(reference)
            && previous.is_current(&config.output, &entry.input_sha256, &self.recipe)
        {
            let skipped = Entry {
                status: Status::Skipped,
                ..previous.clone()
            };
            return unmade(skipped);
        }
        let input_bytes = source.text.as_bytes();
        let document = self
            .engine
            .produce(convention, input_bytes, config.draft, config.format);
        let document = match document {
            Ok(document) => document,
            Err(error) => {
                text.push_str(&document_error_text(
                    &self.engine,
                    source,
                    reference,
                    &error,
                ));
                entry.error = Some(error.to_string());
                return unmade(entry);
            }
        };
        for warning in &document.warnings {
            text.push_str(&typst_diagnostic_text(&self.engine, reference, "", warning));
        }
        entry.pages = document.pages;
        entry.outputs = output_names(reference, config.draft, config.format, document.files.len());
        Made {
            entry,
            files: Some(document.files),
            timings: Timings {
                load,
                ..document.timings
            },
        }
    }
}

impl Remote for Maker {
    type Setup = Config;

    fn setup(&self) -> Config {
        self.config.clone()
    }

    fn from_setup(config: Config) -> Option<Maker> {
        let templates = Templates::load(config.templates.as_deref()).ok()?;
        Some(Maker::new(config, templates))
    }
}

/// A document as it crosses a worker's pipe: all but its files.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct MadeHeader {
    entry: Entry,
    made: bool,
    timings: Timings,
}

impl Portable for Made {
    type Header = MadeHeader;

    fn split(self) -> (MadeHeader, Vec<Vec<u8>>) {
        let made = self.files.is_some();
        let header = MadeHeader {
            entry: self.entry,
            made,
            timings: self.timings,
        };
        (header, self.files.unwrap_or_default())
    }

    fn join(header: MadeHeader, files: Vec<Vec<u8>>) -> Made {
        Made {
            entry: header.entry,
            files: header.made.then_some(files),
            timings: header.timings,
        }
    }
}

/// Writes each document, in input order, and keeps the manifest's entries.
struct Writer<'a> {
    config: &'a Config,
    output: OutputDir,
    recipe: String,
    /// The last run's entries, replaced by this run's.
    entries: BTreeMap<(String, String), Entry>,
    timings: Timings,
}

impl Deliver<Made> for Writer<'_> {
    fn deliver(&mut self, _: &Path, _: &str, made: Made, text: &mut String) -> Verdict {
        let Made {
            mut entry,
            files,
            timings,
        } = made;
        self.timings += timings;
        let verdict = match files {
            None if entry.status == Status::Skipped => Verdict::Skipped,
            None => Verdict::Failed,
            Some(files) => {
                let started = Instant::now();
                let written = entry.write_outputs(&self.output, &files);
                self.timings.write += started.elapsed();
                match written {
                    Ok(first) => {
                        let path = first.display().to_string();
                        let wrote = Message::WroteDocument {
                            path,
                            pages: entry.pages,
                        };
                        text.push_str(&format!("{wrote}\n"));
                        Verdict::Done
                    }
                    Err(error) => {
                        text.push_str(&error_line(&Message::from(&error)));
                        Verdict::Failed
                    }
                }
            }
        };
        self.entries.insert(entry.key(), entry);
        verdict
    }

    fn refused(&mut self, path: &Path, reference: Option<&str>, _: Verdict, why: &str) {
        let (format, draft) = (self.config.format, self.config.draft);
        let mut entry = Entry::new(path, format, draft, self.recipe.clone());
        entry.reference = reference.map(str::to_string);
        entry.error = Some(why.to_string());
        self.entries.insert(entry.key(), entry);
    }
}

impl Writer<'_> {
    /// Writes the manifest and prints the summary.
    fn finish(self, tally: &Tally, jobs: usize, started: Instant) -> Outcome {
        let mut err = diag::stderr();
        let dir = self.output.path();
        if let Err(e) = Manifest::write(dir, self.entries) {
            let problem = Message::CannotWriteManifest {
                dir: dir.display().to_string(),
                reason: Box::new(Message::from(&e)),
            };
            let _ = std::io::Write::write_all(&mut err, error_line(&problem).as_bytes());
        }
        let elapsed = started.elapsed().as_secs_f64();
        let rendered = tally.of(Verdict::Done);
        let summary = Message::Rendered {
            rendered,
            skipped: tally.of(Verdict::Skipped),
            failed: tally.failed(),
            seconds: figure(elapsed, 2, Lang::current()),
            rate: figure(rendered as f64 / elapsed.max(1e-9), 1, Lang::current()),
            dir: dir.display().to_string(),
        };
        let _ = std::io::Write::write_fmt(&mut err, format_args!("{summary}\n"));
        if self.config.timings {
            let timings = self.timings.summary(jobs, started.elapsed());
            let _ = std::io::Write::write_fmt(&mut err, format_args!("{timings}\n"));
        }
        Outcome::failed_if(tally.failed() > 0 || tally.total() == 0)
    }
}
