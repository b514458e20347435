//! `convgen check`: every problem of every file, with its line, and the references that
//! two files share.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::Outcome;
use crate::diag;
use crate::i18n::Message;
use crate::pipeline::batch::{self, Deliver, NothingToMake, Reporter, Verdict};
use crate::pipeline::{Report, Terminal, collect_inputs};

/// What `check` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// Warnings fail a file too.
    pub strict: bool,
    /// Where each file's account goes.
    pub report: Report,
}

/// Runs `convgen check`, telling the terminal what it finds.
pub fn run(config: &Config) -> Outcome {
    config.report.run(Terminal::plain(), |r| check(config, r))
}

/// Checks every input, telling `reporter` what it finds, and prints the summary.
pub fn check(config: &Config, reporter: &mut dyn Reporter) -> Outcome {
    let inputs = collect_inputs(&config.inputs);
    let tally = batch::run(
        &inputs,
        config.strict,
        &NothingToMake,
        &mut Checked,
        1,
        reporter,
    );
    let total = tally.total();
    let invalid = tally.failed();
    let summary = Message::Checked {
        files: total,
        valid: total - invalid,
        invalid,
        warnings: tally.warnings,
    };
    let _ = writeln!(diag::stderr(), "{summary}");
    Outcome::failed_if(invalid > 0 || total == 0)
}

/// A valid file is checked: nothing more to do.
struct Checked;

impl Deliver<()> for Checked {
    fn deliver(&mut self, _: &Path, _: &str, _: (), _: &mut String) -> Verdict {
        Verdict::Done
    }
}
