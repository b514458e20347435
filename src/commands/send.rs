//! `convgen send`: each convention's PDF — the one the pipeline writes into the output
//! directory and records in its manifest — e-mailed to its signatories, with a journal of
//! what was sent so that a re-run never sends the same document twice.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lettre::message::Mailbox;

use super::{CommandError, Outcome};
use crate::deliver::mail::{
    Delivery as Logged, Journal, Letter, LetterError, MailError, Sender, Sent, Smtp, SmtpSettings,
    letter, utc_now,
};
use crate::deliver::{Entry, KeepError, Manifest, OutputDir, Shelf, WriteError, eml_name};
use crate::diag::{self, plural};
use crate::format::{Loaded, Source};
use crate::pipeline::{Engine, Format, collect_inputs, load_file, some_findings_text};
use crate::templates::Templates;
use crate::validate::{References, references};

/// What `send` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// Where the PDFs sent, the manifest and the journal `sent.jsonl` are.
    pub output: PathBuf,
    pub templates: Option<PathBuf>,
    /// Drafts for review ("PROJET" watermark) instead of final versions.
    pub draft: bool,
    /// Send even what the journal says was already sent.
    pub resend: bool,
    /// Text tags of a signature platform inside the signature boxes.
    pub signature_tags: Option<crate::render::SignatureTags>,
    pub mail: Mail,
}

/// How messages leave: what a Caf sets once (flags, environment, `convgen.toml`).
#[derive(Clone, Debug)]
pub struct Mail {
    pub delivery: Delivery,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// Shortest time between two messages.
    pub interval: Duration,
}

impl Mail {
    pub fn sender(&self) -> Sender {
        Sender {
            from: self.from.clone(),
            reply_to: self.reply_to.clone(),
        }
    }
}

/// Where messages go.
#[derive(Clone, Debug)]
pub enum Delivery {
    /// Written as `.eml` files into this directory; nothing is sent.
    DryRun(PathBuf),
    Smtp(SmtpSettings),
}

/// Why one convention was not sent.
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error(transparent)]
    Pdf(#[from] KeepError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Letter(#[from] LetterError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(
        "a run stopped while sending it on {0}: it may have reached its recipients; check, then send with `--resend`"
    )]
    Interrupted(String),
    #[error("not sent: the journal cannot be written ({0})")]
    JournalBefore(std::io::Error),
    #[error("sent, but the journal could not be written ({0})")]
    JournalAfter(std::io::Error),
}

/// What became of one convention.
enum Sending {
    Sent(Vec<String>),
    Written(PathBuf),
    AlreadySent(String),
}

/// Counts for the summary.
#[derive(Default)]
struct Counts {
    sent: usize,
    skipped: usize,
    failed: usize,
    /// What became of each convention, as printed.
    lines: Vec<String>,
}

/// What a run of `send` did: its outcome, and a line for each convention.
#[derive(Debug)]
pub struct Summary {
    pub outcome: Outcome,
    pub lines: Vec<String>,
}

/// Runs `convgen send`.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    send(config).map(|summary| summary.outcome)
}

/// Sends every convention of the inputs, and says what became of each.
pub fn send(config: &Config) -> Result<Summary, CommandError> {
    let output = OutputDir::create(&config.output)?;
    let inputs = collect_inputs(&config.inputs);
    let mut err = diag::stderr();
    for unreadable in &inputs.unreadable {
        let _ = writeln!(err, "error: {unreadable}");
    }
    let engine = Engine::new(Templates::load(config.templates.as_deref())?)
        .with_signature_tags(config.signature_tags);
    let route = match &config.mail.delivery {
        Delivery::DryRun(dir) => Route::Eml(OutputDir::create(dir)?),
        Delivery::Smtp(settings) => Route::Smtp(Smtp::new(settings)?),
    };
    let mut post = Post {
        recipe: engine.recipe(Format::Pdf, config.draft),
        manifest: Manifest::read(output.path()).by_key(),
        journal: Journal::open(output.path()),
        sender: config.mail.sender(),
        config,
        engine,
        output,
        route,
        last_sent: None,
    };
    let mut counts = Counts {
        failed: inputs.unreadable.len(),
        ..Counts::default()
    };
    let references = References::new(inputs.files.len());
    for (index, path) in inputs.files.iter().enumerate() {
        let claim = references.claim(index);
        let (source, loaded) = match load_file(path, false) {
            Ok(valid) => valid,
            Err(rejected) => {
                let _ = err.write_all(rejected.printed.as_bytes());
                counts.failed += 1;
                continue;
            }
        };
        let reference = &loaded.convention.reference;
        if let Some(first) = claim.register(reference) {
            let duplicate = references::duplicate(reference, &inputs.files[first], &loaded.spans);
            let _ = err.write_all(some_findings_text(&source, &loaded, &[duplicate]).as_bytes());
            counts.failed += 1;
            continue;
        }
        report(
            &mut counts,
            &loaded,
            &source,
            post.send_one(&source, &loaded),
        );
    }
    let outcome = post.finish(&counts);
    Ok(Summary {
        outcome,
        lines: counts.lines,
    })
}

/// Prints what became of one convention, keeps it for the summary and counts it.
fn report(
    counts: &mut Counts,
    loaded: &Loaded,
    source: &Source,
    sending: Result<Sending, SendError>,
) {
    let reference = &loaded.convention.reference;
    let line = match sending {
        Ok(Sending::Sent(to)) => {
            counts.sent += 1;
            format!("sent {reference} to {}", to.join(", "))
        }
        Ok(Sending::Written(eml)) => {
            counts.sent += 1;
            format!("wrote {}", eml.display())
        }
        Ok(Sending::AlreadySent(time)) => {
            counts.skipped += 1;
            format!("{reference}: already sent on {time}, not sent again (`--resend` to force)")
        }
        Err(error) => {
            counts.failed += 1;
            format!("error: {reference} (`{}`): {error}", source.name())
        }
    };
    let _ = writeln!(diag::stderr(), "{line}");
    counts.lines.push(line);
}

/// What sending shares from one convention to the next.
struct Post<'a> {
    config: &'a Config,
    engine: Engine,
    recipe: String,
    output: OutputDir,
    manifest: BTreeMap<(String, String), Entry>,
    journal: Journal,
    sender: Sender,
    route: Route,
    last_sent: Option<Instant>,
}

/// Where messages go, ready.
enum Route {
    Eml(OutputDir),
    Smtp(Smtp),
}

impl Post<'_> {
    /// The PDF of a convention, as `render` writes it: the one already in the output
    /// directory when the manifest says it is current, else rendered, written and recorded.
    fn pdf(&mut self, source: &Source, loaded: &Loaded) -> Result<(Vec<u8>, String), SendError> {
        let (c, draft) = (&loaded.convention, self.config.draft);
        let mut shelf = Shelf {
            output: &self.output,
            manifest: &mut self.manifest,
            recipe: &self.recipe,
        };
        let engine = &self.engine;
        let produce = || engine.produce(c, source.text.as_bytes(), draft, Format::Pdf);
        Ok(shelf.pdf(source, &c.reference, draft, produce)?)
    }

    fn send_one(&mut self, source: &Source, loaded: &Loaded) -> Result<Sending, SendError> {
        let (pdf, name) = self.pdf(source, loaded)?;
        let (c, draft) = (&loaded.convention, self.config.draft);
        let letter = letter(self.engine.renderer(), &self.sender, c, draft, pdf, &name)?;
        let smtp = match &self.route {
            Route::Eml(dir) => {
                let eml = dir.write(&eml_name(&c.reference, draft), &letter.message.formatted())?;
                return Ok(Sending::Written(eml));
            }
            Route::Smtp(smtp) => smtp,
        };
        let last = self
            .journal
            .last(&c.reference, &letter.pdf_sha256, &letter.recipients);
        match last {
            Some(p) if p.status == Logged::Sent && !self.config.resend => {
                return Ok(Sending::AlreadySent(p.time.clone()));
            }
            Some(p) if p.status == Logged::Sending && !self.config.resend => {
                return Err(SendError::Interrupted(p.time.clone()));
            }
            _ => {}
        }
        let sent = self.deliver(smtp, &c.reference, letter);
        self.last_sent = Some(Instant::now());
        sent
    }

    /// Sends a message, journaled before it goes — a run killed mid-send leaves a trace, and
    /// the next run asks a person rather than risk sending a mayor the same document twice —
    /// and again once the server answered.
    fn deliver(&self, smtp: &Smtp, reference: &str, letter: Letter) -> Result<Sending, SendError> {
        if let Some(last) = self.last_sent {
            std::thread::sleep(self.config.mail.interval.saturating_sub(last.elapsed()));
        }
        let entry = |status| Sent {
            status,
            time: utc_now(),
            reference: reference.to_string(),
            recipients: letter.recipients.clone(),
            pdf_sha256: letter.pdf_sha256.clone(),
            message_id: letter.message_id.clone(),
            draft: self.config.draft,
        };
        let journal = &self.journal;
        journal
            .append(&entry(Logged::Sending))
            .map_err(SendError::JournalBefore)?;
        let mut warn = |message: String| {
            let _ = writeln!(diag::stderr(), "warning: {message}");
        };
        let delivered = smtp.send(&letter.message, &mut warn);
        let status = if delivered.is_ok() {
            Logged::Sent
        } else {
            Logged::Failed
        };
        let journaled = journal.append(&entry(status));
        delivered?;
        journaled.map_err(SendError::JournalAfter)?;
        Ok(Sending::Sent(letter.recipients))
    }

    /// Records the PDFs in the manifest and prints the summary.
    fn finish(self, counts: &Counts) -> Outcome {
        let mut err = diag::stderr();
        let dir: &Path = self.output.path();
        if let Err(e) = Manifest::write(dir, self.manifest) {
            let _ = writeln!(
                err,
                "error: cannot write the manifest in `{}` ({e})",
                dir.display()
            );
        }
        let verb = match self.route {
            Route::Eml(_) => "wrote",
            Route::Smtp(_) => "sent",
        };
        let (sent, skipped, failed) = (counts.sent, counts.skipped, counts.failed);
        let _ = writeln!(
            err,
            "{verb} {sent} message{}, {skipped} already sent, {failed} failed",
            plural(sent)
        );
        Outcome::failed_if(failed > 0)
    }
}
