//! `convgen calendar PATH... -o FILE.ics`: the deadlines of a batch of conventions as an
//! iCalendar file, with what the output directory knows of sendings and signed returns.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CommandError, Outcome};
use crate::calendar::{Event, Known, events, ics};
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
    let lang = Lang::current();
    let found = deadlines(&inputs.files, Some(&config.outputs), lang);
    for printed in &found.rejected {
        failed = true;
        let _ = err.write_all(printed.as_bytes());
    }
    let text = ics(&found.events, lang);
    if let Err(e) = write_atomically(&config.output, text.as_bytes()) {
        let text = Message::CannotWrite {
            path: config.output.display().to_string(),
            reason: Box::new(Message::from(&e)),
        };
        let _ = err.write_all(crate::pipeline::batch::error_line(&text).as_bytes());
        return Ok(Outcome::SomeFailed);
    }
    let written = Message::CalendarWritten {
        events: found.events.len(),
        conventions: found.conventions,
        path: config.output.display().to_string(),
    };
    let _ = writeln!(err, "{written}");
    Ok(Outcome::failed_if(failed))
}

/// The deadlines of a batch of files.
pub struct Deadlines {
    pub events: Vec<Event>,
    /// How many conventions they come from.
    pub conventions: usize,
    /// Each file left out, its diagnostics as printed.
    pub rejected: Vec<String>,
}

/// The events of `files` (convention files), with what the output directory `outputs`
/// (if any) knows of sendings and signed returns: `calendar` and the workspace's `.ics` and
/// « Échéances » all come from here.
pub fn deadlines(files: &[PathBuf], outputs: Option<&Path>, lang: Lang) -> Deadlines {
    let mut conventions = Vec::new();
    let mut rejected = Vec::new();
    for path in files {
        match load_file(path, false) {
            Ok((_, loaded)) => conventions.push(loaded.convention),
            Err(refused) => rejected.push(refused.printed),
        }
    }
    let journal = outputs.map(Journal::open);
    let manifest = outputs.map(Manifest::read).unwrap_or_default();
    let known = Known {
        journal: journal.as_ref().map_or(&[], |j| j.entries()),
        manifest: &manifest.entries,
    };
    let all: Vec<_> = conventions.iter().collect();
    Deadlines {
        events: events(&all, &known, lang),
        conventions: conventions.len(),
        rejected,
    }
}
