//! `convgen calendar PATH... -o FILE.ics`: the deadlines of a batch of conventions as an
//! iCalendar file, with what the output directory knows of sendings and signed returns.

use std::io::Write as _;
use std::path::PathBuf;

use super::{CommandError, Outcome};
use crate::calendar::{Known, events, ics};
use crate::deliver::mail::Journal;
use crate::deliver::{Manifest, write_atomically};
use crate::diag;
use crate::i18n::{Lang, Message};
use crate::pipeline::{collect_inputs, load_file};

/// What `calendar` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// The `.ics` file to write.
    pub output: PathBuf,
    /// The output directory of `render` and `send`: its journal and manifest.
    pub outputs: PathBuf,
}

/// Runs `convgen calendar`: a bad file is reported and left out, the others' events written;
/// exit 1 when a file was left out or the calendar cannot be written.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let mut err = diag::stderr();
    let inputs = collect_inputs(&config.inputs);
    let mut failed = !inputs.unreadable.is_empty() || inputs.files.is_empty();
    for unreadable in &inputs.unreadable {
        let text = Message::CannotRead {
            path: unreadable.path.display().to_string(),
            reason: Box::new(Message::from(&unreadable.error)),
        };
        let _ = err.write_all(crate::pipeline::batch::error_line(&text).as_bytes());
    }
    let mut conventions = Vec::new();
    for path in &inputs.files {
        match load_file(path, false) {
            Ok((_, loaded)) => conventions.push(loaded.convention),
            Err(rejected) => {
                failed = true;
                let _ = err.write_all(rejected.printed.as_bytes());
            }
        }
    }
    let journal = Journal::open(&config.outputs);
    let manifest = Manifest::read(&config.outputs);
    let known = Known {
        journal: journal.entries(),
        manifest: &manifest.entries,
    };
    let all: Vec<_> = conventions.iter().collect();
    let lang = Lang::current();
    let found = events(&all, &known, lang);
    let text = ics(&found, lang);
    if let Err(e) = write_atomically(&config.output, text.as_bytes()) {
        let text = Message::CannotWrite {
            path: config.output.display().to_string(),
            reason: Box::new(Message::from(&e)),
        };
        let _ = err.write_all(crate::pipeline::batch::error_line(&text).as_bytes());
        return Ok(Outcome::SomeFailed);
    }
    let written = Message::CalendarWritten {
        events: found.len(),
        conventions: conventions.len(),
        path: config.output.display().to_string(),
    };
    let _ = writeln!(err, "{written}");
    Ok(Outcome::failed_if(failed))
}
