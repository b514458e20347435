//! The one loop over a batch's inputs, for every command: each file read, loaded and checked,
//! the valid ones made on N threads (or worker processes, [`super::processes`]), then
//! delivered one at a time in input order, the later file of a reference refused; what
//! became of each input is told to a [`Reporter`] in that same order.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::inputs::{Inputs, Unreadable};
use super::load::{Rejected, check_source, findings_text, load_file, some_findings_text, warnings};
pub use super::reporters::{Account, Reporter, Tally, Verdict};
use crate::format::{Loaded, Source};
use crate::i18n::{Lang, Message};
use crate::validate::references;

/// A valid input, as a command's work receives it.
pub struct Input<'a> {
    pub index: usize,
    pub path: &'a Path,
    pub source: Source,
    pub loaded: Loaded,
    /// The time its reading, loading and checking took.
    pub load_time: Duration,
}

/// The part of a command's work that runs on any thread, or in a worker process: the
/// expensive part (producing a document), from one valid input.
pub trait Make: Sync {
    type Made: Send;
    /// What the command makes of a valid input; `text` receives what to say about it.
    fn make(&self, input: Input<'_>, text: &mut String) -> Self::Made;
}

/// Nothing made: a valid file is all `check` wants.
pub struct NothingToMake;

impl Make for NothingToMake {
    type Made = ();
    fn make(&self, _: Input<'_>, _: &mut String) {}
}

/// A valid input, handed on as it is to a command whose work is all in its [`Deliver`].
pub struct Valid {
    pub source: Source,
    pub loaded: Loaded,
}

/// Hands each valid input on to the delivery.
pub struct PassOn;

impl Make for PassOn {
    type Made = Valid;
    fn make(&self, input: Input<'_>, _: &mut String) -> Valid {
        Valid {
            source: input.source,
            loaded: input.loaded,
        }
    }
}

/// The part of a command's work that runs on one thread, in input order: writing,
/// sending, keeping.
pub trait Deliver<M> {
    /// Delivers what was made of a valid input, and says what became of it; `text`
    /// receives what to say about it.
    fn deliver(&mut self, path: &Path, reference: &str, made: M, text: &mut String) -> Verdict;

    /// An input refused before it was made: `why` is its first problem, on one line.
    fn refused(&mut self, _path: &Path, _reference: Option<&str>, _verdict: Verdict, _why: &str) {}
}

/// Why an input went no further than its reading or loading.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Refused {
    pub verdict: Verdict,
    /// The first problem, on one line.
    pub why: String,
}

/// An input read, loaded and made: what an executor hands back.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Processed<M> {
    pub index: usize,
    pub reference: Option<String>,
    pub made: Result<M, Refused>,
    pub text: String,
    /// Its warnings, among its findings.
    pub warnings: usize,
}

/// Reads, loads and checks input `index` of `files`, and makes it when valid: what each
/// thread or worker process runs. A panic is this input's failure, not the batch's.
pub fn process<K: Make>(
    files: &[PathBuf],
    index: usize,
    strict: bool,
    make: &K,
) -> Processed<K::Made> {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        process_unguarded(files, index, strict, make)
    }));
    attempt.unwrap_or_else(|panic| {
        let why = (panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        failed(files, index, Message::InternalError { detail: why })
    })
}

fn process_unguarded<K: Make>(
    files: &[PathBuf],
    index: usize,
    strict: bool,
    make: &K,
) -> Processed<K::Made> {
    let path = &files[index];
    let refused = |verdict, why: String, text: String, warnings| Processed {
        index,
        reference: None,
        made: Err(Refused { verdict, why }),
        text,
        warnings,
    };
    let started = Instant::now();
    let source = match Source::read(path) {
        Ok(source) => source,
        Err(error) => {
            let why = Message::CannotRead {
                path: path.display().to_string(),
                reason: Box::new(Message::from(&error)),
            };
            let text = error_line(&why);
            return refused(Verdict::Unreadable, why.to_string(), text, 0);
        }
    };
    let (source, loaded) = match check_source(source, strict) {
        Ok(valid) => valid,
        Err(rejected) => {
            let Rejected {
                printed,
                summary,
                warnings,
            } = rejected;
            return refused(Verdict::Rejected, summary, printed, warnings);
        }
    };
    let mut text = findings_text(&source, &loaded);
    let (reference, warnings) = (loaded.convention.reference.clone(), warnings(&loaded));
    let input = Input {
        index,
        path,
        source,
        loaded,
        load_time: started.elapsed(),
    };
    let made = make.make(input, &mut text);
    Processed {
        index,
        reference: Some(reference),
        made: Ok(made),
        text,
        warnings,
    }
}

/// Input `index` failed outside of its command's work (a worker stopped, a panic).
pub fn failed<M>(files: &[PathBuf], index: usize, why: Message) -> Processed<M> {
    let path = files[index].display().to_string();
    let refused = Refused {
        verdict: Verdict::Failed,
        why: why.to_string(),
    };
    let problem = Message::FileProblem {
        path,
        detail: Box::new(why),
    };
    Processed {
        index,
        reference: None,
        text: error_line(&problem),
        warnings: 0,
        made: Err(refused),
    }
}

/// A problem as its own printed line: « error: … ».
pub fn error_line(why: &Message) -> String {
    let line = Message::ErrorLine {
        text: why.text(Lang::current()),
    };
    format!("{line}\n")
}

/// Inputs made ahead of the first one not yet delivered, at most: a slow input holds back
/// the delivery of this many (a few MiB of documents), not the memory of the whole batch.
pub const WINDOW: usize = 64;

/// Takes processed inputs in any order and delivers them in input order: the later file of
/// a reference refused, each told to the reporter, each counted.
pub struct Sink<'a, M, D: Deliver<M>> {
    files: &'a [PathBuf],
    deliver: &'a mut D,
    reporter: &'a mut dyn Reporter,
    pending: BTreeMap<usize, Processed<M>>,
    /// Inputs delivered so far: the next one to deliver.
    delivered: usize,
    /// Each reference delivered, with the input that declared it first.
    first: HashMap<String, usize>,
    tally: Tally,
}

impl<'a, M, D: Deliver<M>> Sink<'a, M, D> {
    pub fn new(
        files: &'a [PathBuf],
        deliver: &'a mut D,
        reporter: &'a mut dyn Reporter,
    ) -> Sink<'a, M, D> {
        Sink {
            files,
            deliver,
            reporter,
            pending: BTreeMap::new(),
            delivered: 0,
            first: HashMap::new(),
            tally: Tally::default(),
        }
    }

    /// Inputs delivered so far.
    pub fn delivered(&self) -> usize {
        self.delivered
    }

    /// Takes one processed input; delivers those whose turn has come.
    pub fn take(&mut self, processed: Processed<M>) {
        self.pending.insert(processed.index, processed);
        while let Some(processed) = self.pending.remove(&self.delivered) {
            self.release(processed);
            self.delivered += 1;
        }
    }

    /// Tells the paths that could not even be listed, before any input.
    pub fn tell_unreadable(&mut self, unreadable: &[Unreadable]) {
        for unreadable in unreadable {
            let why = Message::from(unreadable);
            let verdict = Verdict::Unreadable;
            (self.deliver).refused(&unreadable.path, None, verdict, &why.to_string());
            let text = error_line(&why);
            let account = Account {
                path: &unreadable.path,
                reference: None,
                verdict,
                text: &text,
                warnings: 0,
            };
            self.tally.add(&account);
            self.reporter.account(&account);
        }
    }

    fn release(&mut self, processed: Processed<M>) {
        let Processed {
            index,
            reference,
            made,
            mut text,
            warnings,
        } = processed;
        let path = &self.files[index];
        let made = match (made, &reference) {
            (Ok(made), Some(reference)) => match self.first.get(reference) {
                Some(&first) => Err(self.duplicate(path, reference, first, &mut text)),
                None => {
                    self.first.insert(reference.clone(), index);
                    Ok(made)
                }
            },
            (made, _) => made,
        };
        let verdict = match made {
            Ok(made) => {
                let reference = reference.as_deref().unwrap_or_default();
                self.deliver.deliver(path, reference, made, &mut text)
            }
            Err(refused) => {
                let reference = reference.as_deref();
                (self.deliver).refused(path, reference, refused.verdict, &refused.why);
                refused.verdict
            }
        };
        let account = Account {
            path,
            reference: reference.as_deref(),
            verdict,
            text: &text,
            warnings,
        };
        self.tally.add(&account);
        self.reporter.account(&account);
    }

    /// The refusal of a file whose reference an earlier input declares: as for any finding,
    /// at the reference's line in the file.
    fn duplicate(&self, path: &Path, reference: &str, first: usize, text: &mut String) -> Refused {
        let first = &self.files[first];
        let duplicate = match load_file(path, false) {
            Ok((source, loaded)) => {
                let duplicate = references::duplicate(reference, first, &loaded.spans);
                let printed = std::slice::from_ref(&duplicate);
                text.push_str(&some_findings_text(&source, &loaded, printed));
                duplicate.message
            }
            Err(_) => {
                let duplicate = references::duplicate(reference, first, &Default::default());
                text.push_str(&error_line(&duplicate.message));
                duplicate.message
            }
        };
        Refused {
            verdict: Verdict::Duplicate,
            why: duplicate.to_string(),
        }
    }

    /// The tally, once every input is delivered.
    pub fn finish(self) -> Tally {
        self.reporter.finish();
        self.tally
    }
}

/// Runs a batch: every input of `inputs` read, loaded (refused on an error, or on a warning
/// when `strict`), made by `make` on `jobs` threads, delivered by `deliver` in input order;
/// each told to `reporter`. Returns how many inputs had each verdict.
pub fn run<K: Make, D: Deliver<K::Made>>(
    inputs: &Inputs,
    strict: bool,
    make: &K,
    deliver: &mut D,
    jobs: usize,
    reporter: &mut dyn Reporter,
) -> Tally {
    let files = &inputs.files[..];
    reporter.start(inputs.total());
    let mut sink = Sink::new(files, deliver, reporter);
    sink.tell_unreadable(&inputs.unreadable);
    let jobs = jobs.clamp(1, files.len().max(1));
    // One job still makes on its own thread while this one delivers: writing and syncing a
    // file overlaps the making of the next (about a fifth of a render's time with one job).
    if files.len() <= 1 {
        for index in 0..files.len() {
            sink.take(process(files, index, strict, make));
        }
    } else {
        on_threads(files, strict, make, jobs, &mut sink);
    }
    sink.finish()
}

/// Makes the inputs on `jobs` threads, at most [`WINDOW`] ahead of the delivery, which
/// this thread does.
fn on_threads<K: Make, D: Deliver<K::Made>>(
    files: &[PathBuf],
    strict: bool,
    make: &K,
    jobs: usize,
    sink: &mut Sink<'_, K::Made, D>,
) {
    // Each job is the single thread of its own rayon pool, on which Typst lays its pages
    // out and krilla writes them: `--jobs N` keeps a batch on N cores, and a document's
    // data stays on the core that made it instead of being stolen by another job.
    let pools: Vec<_> = (0..jobs)
        .filter_map(|i| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(move |_| format!("convgen-job-{i}"))
                .build()
                .ok()
        })
        .collect();
    let next = AtomicUsize::new(0);
    let delivered = (Mutex::new(0usize), Condvar::new());
    let (to_sink, made) = std::sync::mpsc::sync_channel::<Processed<K::Made>>(WINDOW / 2);
    std::thread::scope(|scope| {
        let (next, delivered) = (&next, &delivered);
        for pool in &pools {
            let to_sink = to_sink.clone();
            let work = move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= files.len() {
                        break;
                    }
                    let (count, moved) = delivered;
                    let mut count = count.lock().unwrap_or_else(|e| e.into_inner());
                    while index >= *count + WINDOW {
                        count = moved.wait(count).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(count);
                    if to_sink.send(process(files, index, strict, make)).is_err() {
                        break;
                    }
                }
            };
            scope.spawn(move || pool.install(work));
        }
        drop(to_sink);
        for processed in made {
            sink.take(processed);
            let (count, moved) = delivered;
            *count.lock().unwrap_or_else(|e| e.into_inner()) = sink.delivered();
            moved.notify_all();
        }
    });
    // Threads that could not be started leave inputs unmade: made here, in order.
    for index in sink.delivered()..files.len() {
        if !sink.pending.contains_key(&index) {
            sink.take(process(files, index, strict, make));
        }
    }
}
