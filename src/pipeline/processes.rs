//! The batch's other executor: N worker processes of this same binary, fed by this one.
//! Threads of one process share Typst's memoization cache, its locks and the allocator, and
//! reached 0.80 of two separate processes; processes share nothing. This process keeps
//! everything about the batch ([`super::batch::Sink`]): the order of inputs, the rule that
//! the later file of a reference is refused, the delivery, the reporting. A worker only
//! processes an input (reads, loads, makes). One that dies — killed, or aborted — costs only
//! the input it was processing: that input fails, the next ones go to a new worker.
//!
//! The pipes carry, to a worker: one line of JSON (its [`Setup`]), then one input index per
//! line; from a worker, for each input, one line of JSON (an [`Answer`]) followed by the
//! bytes of the files it made.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::batch::{self, Deliver, Make, Processed, Reporter, Sink, Tally};
use super::inputs::Inputs;
use crate::i18n::{Lang, Message};

/// The first argument that makes the binary a worker of a batch, not the command line.
pub const WORKER: &str = "__batch-worker";

/// Inputs a worker holds at once: the next one waits in its pipe, so that it never idles
/// while its last answer crosses over.
const DEPTH: usize = 2;

/// A [`Make`] that a worker process can rebuild from what it is told.
pub trait Remote: Make + Sized
where
    Self::Made: Portable,
{
    /// What a worker is told to build the same `Make`.
    type Setup: Serialize + DeserializeOwned;
    fn setup(&self) -> Self::Setup;
    fn from_setup(setup: Self::Setup) -> Option<Self>;
}

/// What a worker makes, as it crosses a pipe: a header as JSON, then files as bytes.
pub trait Portable: Sized {
    type Header: Serialize + DeserializeOwned;
    fn split(self) -> (Self::Header, Vec<Vec<u8>>);
    fn join(header: Self::Header, files: Vec<Vec<u8>>) -> Self;
}

/// What a worker is told first.
#[derive(serde::Serialize, serde::Deserialize)]
struct Setup<S> {
    setup: S,
    fonts: Vec<PathBuf>,
    files: Vec<PathBuf>,
    strict: bool,
    /// The run's language, that of the worker's messages.
    lang: Lang,
}

/// A worker's answer for one input; the files it made follow, of these sizes.
#[derive(serde::Serialize, serde::Deserialize)]
struct Answer<H> {
    processed: Processed<H>,
    sizes: Vec<usize>,
}

/// Whether the inputs can cross a pipe as JSON (paths that are text): otherwise the batch
/// runs on threads of this process.
pub fn can_run(files: &[PathBuf]) -> bool {
    files.iter().all(|f| f.to_str().is_some()) && std::env::current_exe().is_ok()
}

/// Runs a batch as [`batch::run`] does, the inputs processed by `jobs` worker processes.
pub fn run<R, D>(
    inputs: &Inputs,
    strict: bool,
    make: &R,
    deliver: &mut D,
    jobs: usize,
    reporter: &mut dyn Reporter,
) -> Tally
where
    R: Remote,
    R::Made: Portable,
    <R::Made as Portable>::Header: Send + 'static,
    D: Deliver<R::Made>,
{
    let files = &inputs.files[..];
    let setup = Setup {
        setup: make.setup(),
        fonts: crate::compile::fonts::folders(),
        files: files.to_vec(),
        strict,
        lang: Lang::current(),
    };
    let mut setup = serde_json::to_string(&setup).unwrap_or_default();
    setup.push('\n');
    reporter.start(inputs.total());
    let mut sink = Sink::new(files, deliver, reporter);
    sink.tell_unreadable(&inputs.unreadable);
    let (to_parent, answers) = channel();
    let mut pool = Pool {
        files,
        strict,
        make,
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
    pool.drive(&answers, &mut sink);
    sink.finish()
}

/// What a worker's pipe brought.
enum Heard<H> {
    Answer(Box<Answer<H>>, Vec<Vec<u8>>),
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
    fn start<H: DeserializeOwned + Send + 'static>(
        id: usize,
        setup: &str,
        to_parent: Sender<(usize, Heard<H>)>,
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

    /// How it ended, for the message of the input it was processing.
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
            return Message::KilledBySignal { signal }.to_string();
        }
        match status {
            Ok(status) => Message::Exited {
                status: status.to_string(),
            }
            .to_string(),
            Err(error) => Message::from(&error).to_string(),
        }
    }
}

/// Reads a worker's answers until its output ends.
fn listen<H: DeserializeOwned>(
    id: usize,
    mut output: impl BufRead,
    to_parent: Sender<(usize, Heard<H>)>,
) {
    loop {
        let mut line = String::new();
        let answer = match output.read_line(&mut line) {
            Ok(n) if n > 0 => serde_json::from_str::<Answer<H>>(&line).ok(),
            _ => None,
        };
        let Some(answer) = answer else { break };
        let mut files = Vec::with_capacity(answer.sizes.len());
        for &size in &answer.sizes {
            let mut bytes = vec![0; size];
            if output.read_exact(&mut bytes).is_err() {
                let _ = to_parent.send((id, Heard::Stopped));
                return;
            }
            files.push(bytes);
        }
        if to_parent
            .send((id, Heard::Answer(Box::new(answer), files)))
            .is_err()
        {
            return;
        }
    }
    let _ = to_parent.send((id, Heard::Stopped));
}

/// The workers of a batch and what is left to give them.
struct Pool<'a, R: Remote>
where
    R::Made: Portable,
{
    files: &'a [PathBuf],
    strict: bool,
    make: &'a R,
    setup: String,
    to_parent: Sender<(usize, Heard<<R::Made as Portable>::Header>)>,
    workers: Vec<Worker>,
    /// Workers started so far, which numbers the next.
    started: usize,
    /// Workers that ended before answering anything: past a few, none is started again
    /// and the rest of the batch is processed in this process.
    barren: usize,
    /// Inputs a dead worker had been given but had not begun: given again first.
    retry: VecDeque<usize>,
    /// The next input never given.
    next: usize,
}

impl<R: Remote> Pool<'_, R>
where
    R::Made: Portable,
    <R::Made as Portable>::Header: Send + 'static,
{
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

    /// Gives the inputs out and hands the answers to the sink, which delivers them in
    /// input order, at most [`batch::WINDOW`] ahead.
    fn drive<D: Deliver<R::Made>>(
        mut self,
        answers: &Receiver<(usize, Heard<<R::Made as Portable>::Header>)>,
        sink: &mut Sink<'_, R::Made, D>,
    ) {
        let total = self.files.len();
        while sink.delivered() < total {
            self.give((sink.delivered() + batch::WINDOW).min(total));
            let heard = if self.workers.is_empty() {
                None
            } else {
                answers.recv().ok()
            };
            match heard {
                Some((id, Heard::Answer(answer, files))) => {
                    let Some(worker) = self.workers.iter_mut().find(|w| w.id == id) else {
                        continue;
                    };
                    let Answer { processed, .. } = *answer;
                    worker.given.retain(|&i| i != processed.index);
                    worker.answered += 1;
                    sink.take(Processed {
                        index: processed.index,
                        reference: processed.reference,
                        made: processed.made.map(|header| R::Made::join(header, files)),
                        text: processed.text,
                        warnings: processed.warnings,
                    });
                }
                Some((id, Heard::Stopped)) => self.stopped(id, sink),
                // No worker could be started: the rest is processed here, one at a time.
                None => {
                    let index = self.retry.pop_front().unwrap_or(self.next);
                    if index >= total {
                        break;
                    }
                    self.next = self.next.max(index + 1);
                    sink.take(batch::process(self.files, index, self.strict, self.make));
                }
            }
        }
        for worker in self.workers {
            worker.ended();
        }
    }

    /// A worker ended: the input it was processing failed, the ones after it are given
    /// again, and a new worker takes its place.
    fn stopped<D: Deliver<R::Made>>(&mut self, id: usize, sink: &mut Sink<'_, R::Made, D>) {
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
            let why = Message::WorkerStopped { how };
            sink.take(batch::failed(self.files, index, why));
        }
        for index in given.into_iter().rev() {
            self.retry.push_front(index);
        }
        self.add_worker();
    }
}

/// Runs this process as a worker of `R` until its input ends.
pub fn serve<R>() -> ExitCode
where
    R: Remote,
    R::Made: Portable,
{
    let mut input = std::io::stdin().lock();
    let mut line = String::new();
    let setup: Setup<R::Setup> = match input
        .read_line(&mut line)
        .map(|_| serde_json::from_str(&line))
    {
        Ok(Ok(setup)) => setup,
        _ => return ExitCode::from(2),
    };
    setup.lang.set();
    crate::compile::fonts::use_folders(setup.fonts);
    let Some(make) = R::from_setup(setup.setup) else {
        return ExitCode::from(2);
    };
    // A document (about 120 KB) crosses in one write rather than in 64 KiB pieces, each
    // a wait for the parent to be scheduled: room for the pipe as large as Linux allows.
    #[cfg(target_os = "linux")]
    // SAFETY: fcntl on this process's own standard output; a failure leaves the default.
    unsafe {
        libc::fcntl(1, libc::F_SETPIPE_SZ, 1 << 20);
    }
    // A panic is told in the input's answer, not on the terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in input.lines() {
        let Some(index) = line.ok().and_then(|l| l.trim().parse::<usize>().ok()) else {
            break;
        };
        if index >= setup.files.len() {
            break;
        }
        let processed = batch::process(&setup.files, index, setup.strict, &make);
        if answer(&mut out, processed).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

fn answer<M: Portable>(out: &mut impl Write, processed: Processed<M>) -> std::io::Result<()> {
    let (made, files) = match processed.made {
        Ok(made) => {
            let (header, files) = made.split();
            (Ok(header), files)
        }
        Err(refused) => (Err(refused), Vec::new()),
    };
    let header = Answer {
        processed: Processed {
            index: processed.index,
            reference: processed.reference,
            made,
            text: processed.text,
            warnings: processed.warnings,
        },
        sizes: files.iter().map(Vec::len).collect(),
    };
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    for file in &files {
        out.write_all(file)?;
    }
    out.flush()
}
