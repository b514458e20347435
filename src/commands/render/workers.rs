//! `--jobs N` as N worker processes of this same binary, fed by this one. Threads of one
//! process share Typst's memoization cache, its locks and the allocator, and reached 0.80 of
//! two separate processes; processes share nothing. The parent keeps everything about the
//! batch: the order of inputs, the rule that the later file of a reference is refused, the
//! writing of every file, the manifest, the progress and the summary. A worker only turns
//! an input into the bytes to write. One that dies — killed, or aborted — costs only the
//! input it was rendering: that input is reported failed, the next ones go to a new worker.
//!
//! The pipes carry, to a worker: one line of JSON (its [`Setup`]), then one input index per
//! line; from a worker, for each input, one line of JSON (an [`Answer`]) followed by the
//! bytes of the files it made.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::time::{Duration, Instant};

use super::{Batch, Config, Done, Product, Progress};
use crate::deliver::{Entry, Status};
use crate::pipeline::{Timings, load_file, some_findings_text};
use crate::validate::references;

/// The first argument that makes the binary a worker of a batch, not the command line.
pub const WORKER: &str = "__render-worker";

/// Inputs a worker holds at once: the next one waits in its pipe, so that it never idles
/// while its last answer crosses over.
const DEPTH: usize = 2;

/// Answers kept for writing in input order, at most: a slow input holds back the writing
/// of at most this many documents (a few MiB), not of the whole batch.
const WINDOW: usize = 64;

/// What a worker is told first: the batch's settings, the fonts and the inputs.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Setup {
    pub(super) config: Config,
    pub(super) fonts: Vec<PathBuf>,
    pub(super) files: Vec<PathBuf>,
}

/// A worker's answer for one input; the files it made follow, of these sizes.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Answer {
    pub(super) index: usize,
    pub(super) entry: Entry,
    pub(super) report: String,
    pub(super) rendered: bool,
    pub(super) sizes: Vec<usize>,
    /// Nanoseconds spent loading, templating, compiling and exporting.
    pub(super) timings: [u64; 4],
}

/// Whether the inputs can cross a pipe as JSON (paths that are text): otherwise the batch
/// runs on threads of this process.
pub(super) fn can_run(files: &[PathBuf]) -> bool {
    files.iter().all(|f| f.to_str().is_some()) && std::env::current_exe().is_ok()
}

/// The input, failed for `why`.
pub(super) fn failed(batch: &Batch<'_>, index: usize, why: &str) -> Done {
    let (config, path) = (batch.config, &batch.files[index]);
    let mut entry = Entry::new(path, config.format, config.draft, batch.recipe.clone());
    entry.error = Some(why.to_string());
    let report = format!("error: {}: {why}\n", path.display());
    Done {
        product: Product::Finished(entry),
        report,
    }
}

/// What a worker's pipe brought.
enum Message {
    Answer(Box<Answer>, Vec<Vec<u8>>),
    /// The worker's output ended: it exited or was killed.
    Stopped,
}

/// A running worker, and the inputs it was given and has not answered, oldest first.
struct Worker {
    id: usize,
    child: Child,
    input: ChildStdin,
    given: VecDeque<usize>,
    answered: usize,
}

impl Worker {
    fn start(
        id: usize,
        setup: &str,
        to_parent: Sender<(usize, Message)>,
    ) -> std::io::Result<Worker> {
        let exe = std::env::current_exe()?;
        let mut child = Command::new(exe)
            .arg(WORKER)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let (Some(mut input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(std::io::Error::other("no pipe to the worker"));
        };
        input.write_all(setup.as_bytes())?;
        std::thread::spawn(move || listen(id, BufReader::new(output), to_parent));
        Ok(Worker {
            id,
            child,
            input,
            given: VecDeque::new(),
            answered: 0,
        })
    }

    fn give(&mut self, index: usize) -> std::io::Result<()> {
        writeln!(self.input, "{index}")?;
        self.given.push_back(index);
        Ok(())
    }

    /// How it ended, for the message of the input it was rendering.
    fn ended(self) -> String {
        let Worker {
            mut child, input, ..
        } = self;
        drop(input); // a worker still alive ends when its input does
        let status = child.wait();
        #[cfg(unix)]
        if let Ok(Some(signal)) = status
            .as_ref()
            .map(std::os::unix::process::ExitStatusExt::signal)
        {
            return format!("killed by signal {signal}");
        }
        match status {
            Ok(status) => format!("exited, {status}"),
            Err(error) => format!("lost ({error})"),
        }
    }
}

/// Reads a worker's answers until its output ends.
fn listen(id: usize, mut output: impl BufRead, to_parent: Sender<(usize, Message)>) {
    loop {
        let mut line = String::new();
        let answer = match output.read_line(&mut line) {
            Ok(n) if n > 0 => serde_json::from_str::<Answer>(&line).ok(),
            _ => None,
        };
        let Some(answer) = answer else { break };
        let mut files = Vec::with_capacity(answer.sizes.len());
        for &size in &answer.sizes {
            let mut bytes = vec![0; size];
            if output.read_exact(&mut bytes).is_err() {
                let _ = to_parent.send((id, Message::Stopped));
                return;
            }
            files.push(bytes);
        }
        if to_parent
            .send((id, Message::Answer(Box::new(answer), files)))
            .is_err()
        {
            return;
        }
    }
    let _ = to_parent.send((id, Message::Stopped));
}

/// Renders every input of `batch` on `jobs` worker processes; returns the entries in input
/// order.
pub(super) fn run(batch: &Batch<'_>, jobs: usize) -> (Vec<Entry>, Timings) {
    let setup = Setup {
        config: batch.config.clone(),
        fonts: crate::compile::fonts::folders(),
        files: batch.files.to_vec(),
    };
    let mut setup = serde_json::to_string(&setup).unwrap_or_default();
    setup.push('\n');
    let (to_parent, answers) = channel();
    let mut pool = Pool {
        batch,
        setup,
        to_parent,
        workers: Vec::new(),
        started: 0,
        barren: 0,
        retry: VecDeque::new(),
        next: 0,
    };
    for _ in 0..jobs {
        pool.add_worker();
    }
    pool.drive(&answers)
}

/// The workers of a batch and what is left to give them.
struct Pool<'b, 'a> {
    batch: &'b Batch<'a>,
    setup: String,
    to_parent: Sender<(usize, Message)>,
    workers: Vec<Worker>,
    /// Workers started so far, which numbers the next.
    started: usize,
    /// Workers that ended before answering anything: past a few, none is started again
    /// and the rest of the batch is rendered in this process.
    barren: usize,
    /// Inputs a dead worker had been given but had not begun: given again first.
    retry: VecDeque<usize>,
    /// The next input never given.
    next: usize,
}

impl Pool<'_, '_> {
    fn add_worker(&mut self) {
        if self.barren >= 3 {
            return;
        }
        let id = self.started;
        self.started += 1;
        if let Ok(worker) = Worker::start(id, &self.setup, self.to_parent.clone()) {
            self.workers.push(worker);
        }
    }

    /// Gives inputs to the workers with room, up to `limit` (excluded).
    fn give(&mut self, limit: usize) {
        for w in 0..self.workers.len() {
            while self.workers[w].given.len() < DEPTH {
                let index = match self.retry.front() {
                    Some(&index) => index,
                    None if self.next < limit => self.next,
                    None => return,
                };
                if self.workers[w].give(index).is_err() {
                    break; // its pipe is closed: its end is on its way
                }
                if self.retry.pop_front().is_none() {
                    self.next += 1;
                }
            }
        }
    }

    /// Runs the batch to its end: answers are written in input order.
    fn drive(self, answers: &Receiver<(usize, Message)>) -> (Vec<Entry>, Timings) {
        let (batch, progress) = (self.batch, Progress::new(self.batch.files.len()));
        // A writer thread writes and syncs the files, so that waiting for the disk never
        // keeps the workers from their next input.
        let (to_writer, written) = sync_channel::<Done>(super::WRITE_QUEUE);
        let (entries, timings) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| {
                let (mut entries, mut spent) = (Vec::new(), Duration::ZERO);
                for done in written {
                    let started = Instant::now();
                    let (entry, report) = done.write(&batch.output);
                    spent += started.elapsed();
                    entries.push(entry);
                    progress.done(&report);
                }
                (entries, spent)
            });
            let timings = self.dispatch(answers, &to_writer);
            drop(to_writer);
            let (entries, spent) = writer.join().unwrap_or_default();
            (
                entries,
                Timings {
                    write: spent,
                    ..timings
                },
            )
        });
        progress.finish();
        (entries, timings)
    }

    /// Gives the inputs out and hands the answers, in input order, to the writer; returns
    /// the time the workers spent in each phase.
    fn dispatch(
        mut self,
        answers: &Receiver<(usize, Message)>,
        to_writer: &SyncSender<Done>,
    ) -> Timings {
        let total = self.batch.files.len();
        let mut order = Order::default();
        let mut timings = Timings::default();
        while order.written < total {
            self.give((order.written + WINDOW).min(total));
            let message = if self.workers.is_empty() {
                None
            } else {
                answers.recv().ok()
            };
            match message {
                Some((id, Message::Answer(answer, files))) => {
                    let Some(worker) = self.workers.iter_mut().find(|w| w.id == id) else {
                        continue;
                    };
                    worker.given.retain(|&i| i != answer.index);
                    worker.answered += 1;
                    let [load, template, compile, export] =
                        answer.timings.map(Duration::from_nanos);
                    timings += Timings {
                        load,
                        template,
                        compile,
                        export,
                        write: Duration::ZERO,
                    };
                    order.pending.insert(answer.index, done(*answer, files));
                }
                Some((id, Message::Stopped)) => self.stopped(id, &mut order.pending),
                // No worker could be started: the rest is rendered here, one at a time.
                None => {
                    let index = self.retry.pop_front().unwrap_or(self.next);
                    if index >= total {
                        break;
                    }
                    self.next = self.next.max(index + 1);
                    let mut spent = Timings::default();
                    let done = self.batch.render_unclaimed(index, &mut spent, |_| None);
                    timings += spent;
                    order.pending.insert(index, done);
                }
            }
            order.release(self.batch, to_writer);
        }
        for worker in self.workers {
            worker.ended();
        }
        timings
    }

    /// A worker ended: the input it was rendering failed, the ones after it are given again,
    /// and a new worker takes its place.
    fn stopped(&mut self, id: usize, pending: &mut BTreeMap<usize, Done>) {
        let Some(at) = self.workers.iter().position(|w| w.id == id) else {
            return;
        };
        let mut worker = self.workers.swap_remove(at);
        if worker.answered == 0 {
            self.barren += 1;
        }
        let mut given = std::mem::take(&mut worker.given);
        let how = worker.ended();
        if let Some(index) = given.pop_front() {
            let why = format!("the worker process rendering it stopped ({how})");
            pending.insert(index, failed(self.batch, index, &why));
        }
        for index in given.into_iter().rev() {
            self.retry.push_front(index);
        }
        self.add_worker();
    }
}

/// The answer of a worker as the writer takes it.
fn done(answer: Answer, files: Vec<Vec<u8>>) -> Done {
    let product = if answer.rendered {
        Product::Rendered(answer.entry, files)
    } else {
        Product::Finished(answer.entry)
    };
    Done {
        product,
        report: answer.report,
    }
}

/// Answers waiting for their turn, and what is written.
#[derive(Default)]
struct Order {
    pending: BTreeMap<usize, Done>,
    /// Answers handed to the writer so far.
    written: usize,
    /// Each reference written, with the input that declared it first.
    references: HashMap<String, usize>,
}

impl Order {
    /// Hands the answers whose turn has come to the writer, refusing a reference an earlier
    /// input took.
    fn release(&mut self, batch: &Batch<'_>, to_writer: &SyncSender<Done>) {
        while let Some(done) = self.pending.remove(&self.written) {
            let index = self.written;
            let _ = to_writer.send(self.claim(batch, index, done));
            self.written += 1;
        }
    }

    /// `done`, or its refusal when an earlier input declared its reference: as in one
    /// process, the diagnostic points at the reference in the file.
    fn claim(&mut self, batch: &Batch<'_>, index: usize, done: Done) -> Done {
        let entry = match &done.product {
            Product::Finished(entry) | Product::Rendered(entry, _) => entry,
        };
        let Some(reference) = entry.reference.clone() else {
            return done;
        };
        let Some(&first) = self.references.get(&reference) else {
            self.references.insert(reference, index);
            return done;
        };
        let mut entry = entry.clone();
        let mut report = done.report;
        if let Ok((source, loaded)) = load_file(&batch.files[index], false) {
            let duplicate = references::duplicate(&reference, &batch.files[first], &loaded.spans);
            let printed = std::slice::from_ref(&duplicate);
            report.push_str(&some_findings_text(&source, &loaded, printed));
            entry.error = Some(duplicate.message.to_string());
        }
        entry.status = Status::Failed;
        (entry.outputs, entry.sha256, entry.pages) = (Vec::new(), Vec::new(), 0);
        Done {
            product: Product::Finished(entry),
            report,
        }
    }
}
