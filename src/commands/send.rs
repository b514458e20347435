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
use crate::diag;
use crate::format::{Loaded, Source};
use crate::i18n::Message;
use crate::pipeline::batch::{self, Deliver, PassOn, Reporter, Tally, Valid, Verdict, error_line};
use crate::pipeline::{Engine, Format, Terminal, collect_inputs, document_error_text};
use crate::templates::Templates;

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
    /// Who sends, recorded in the journal (a team's workspace).
    pub user: Option<String>,
    /// Where each convention's account goes.
    pub report: crate::pipeline::Report,
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
    #[error("{}", Message::from(self))]
    Interrupted(String),
    #[error("{}", Message::from(self))]
    JournalBefore(std::io::Error),
    #[error("{}", Message::from(self))]
    JournalAfter(std::io::Error),
}

impl From<&SendError> for Message {
    fn from(error: &SendError) -> Message {
        match error {
            SendError::Interrupted(time) => Message::SendInterrupted { time: time.clone() },
            SendError::JournalBefore(e) => Message::JournalBefore {
                reason: Box::new(e.into()),
            },
            SendError::JournalAfter(e) => Message::JournalAfter {
                reason: Box::new(e.into()),
            },
            SendError::Letter(e) => e.into(),
            other => Message::Text {
                text: other.to_string(),
            },
        }
    }
}

/// What became of one convention.
enum Sending {
    Sent(Vec<String>),
    Written(PathBuf),
    AlreadySent(String),
}

/// Runs `convgen send`, telling the terminal what became of each convention.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    config.report.run(Terminal::plain(), |r| send(config, r))
}

/// Sends every convention of the inputs, telling `reporter` what became of each.
pub fn send(config: &Config, reporter: &mut dyn Reporter) -> Result<Outcome, CommandError> {
    let output = OutputDir::create(&config.output)?;
    let inputs = collect_inputs(&config.inputs);
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
    let tally = batch::run(&inputs, false, &PassOn, &mut post, 1, reporter);
    Ok(post.finish(&tally))
}

impl Deliver<Valid> for Post<'_> {
    fn deliver(&mut self, _: &Path, reference: &str, valid: Valid, text: &mut String) -> Verdict {
        let reference = reference.to_string();
        let (line, verdict) = match self.send_one(&valid.source, &valid.loaded, text) {
            Ok(Sending::Sent(to)) => {
                let to = to.join(", ");
                (Message::SentTo { reference, to }, Verdict::Done)
            }
            Ok(Sending::Written(eml)) => {
                let path = eml.display().to_string();
                (Message::WroteMessage { path }, Verdict::Done)
            }
            Ok(Sending::AlreadySent(time)) => {
                (Message::AlreadySent { reference, time }, Verdict::Skipped)
            }
            // A Typst error at its line, traced back to its template, as `render` shows it.
            Err(SendError::Pdf(KeepError::Document(error))) => {
                let (engine, source) = (&self.engine, &valid.source);
                text.push_str(&document_error_text(engine, source, &reference, &error));
                return Verdict::Failed;
            }
            Err(error) => {
                let not_sent = Message::NotSent {
                    reference,
                    file: valid.source.name(),
                    reason: Box::new(Message::from(&error)),
                };
                text.push_str(&error_line(&not_sent));
                return Verdict::Failed;
            }
        };
        text.push_str(&format!("{line}\n"));
        verdict
    }
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

    fn send_one(
        &mut self,
        source: &Source,
        loaded: &Loaded,
        text: &mut String,
    ) -> Result<Sending, SendError> {
        let (pdf, name) = self.pdf(source, loaded)?;
        let (c, draft) = (&loaded.convention, self.config.draft);
        let letter = letter(self.engine.renderer(), &self.sender, c, draft, pdf, &name)?;
        // Asked to sign, but with no address to receive it: said, every time.
        if !letter.preview.without_email.is_empty() {
            let reference = c.reference.clone();
            let names = letter.preview.without_email.join(" ; ");
            let warning = Message::WarningLine {
                text: Message::NoEmailFor { reference, names }.to_string(),
            };
            text.push_str(&format!("{warning}\n"));
        }
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
        let sent = self.post(smtp, &c.reference, letter, text);
        self.last_sent = Some(Instant::now());
        sent
    }

    /// Sends a message, journaled before it goes — a run killed mid-send leaves a trace, and
    /// the next run asks a person rather than risk sending a mayor the same document twice —
    /// and again once the server answered.
    fn post(
        &self,
        smtp: &Smtp,
        reference: &str,
        letter: Letter,
        text: &mut String,
    ) -> Result<Sending, SendError> {
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
            user: self.config.user.clone(),
        };
        let journal = &self.journal;
        journal
            .append(&entry(Logged::Sending))
            .map_err(SendError::JournalBefore)?;
        let mut warn = |message: String| {
            let warning = Message::WarningLine { text: message };
            text.push_str(&format!("{warning}\n"));
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
    fn finish(self, tally: &Tally) -> Outcome {
        let mut err = diag::stderr();
        let dir: &Path = self.output.path();
        if let Err(e) = Manifest::write(dir, self.manifest) {
            let problem = Message::CannotWriteManifest {
                dir: dir.display().to_string(),
                reason: Box::new(Message::from(&e)),
            };
            let _ = err.write_all(error_line(&problem).as_bytes());
        }
        let (sent, skipped, failed) = (
            tally.of(Verdict::Done),
            tally.of(Verdict::Skipped),
            tally.failed(),
        );
        let summary = match self.route {
            Route::Eml(_) => Message::WroteMessages {
                sent,
                skipped,
                failed,
            },
            Route::Smtp(_) => Message::SentMessages {
                sent,
                skipped,
                failed,
            },
        };
        let _ = writeln!(err, "{summary}");
        Outcome::failed_if(failed > 0)
    }
}
