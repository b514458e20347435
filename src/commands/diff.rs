//! `convgen diff OLD NEW`: what changed between two versions of a convention, article by
//! article, in French (or as JSON); each version a convention file or a PDF made by convgen.

use std::io::Write as _;
use std::path::PathBuf;

use super::{CommandError, Outcome};
use crate::diag;
use crate::diff::{diff, stated, text};
use crate::pipeline::load_version;

/// What `diff` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub old: PathBuf,
    pub new: PathBuf,
    pub json: bool,
}

/// Runs `convgen diff`: exit 0 whether or not something changed, 1 when a version cannot be
/// read.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    let (old, new) = (load_version(&config.old), load_version(&config.new));
    let (old, new) = match (old, new) {
        (Ok((_, old)), Ok((_, new))) => (old, new),
        (old, new) => {
            let mut err = diag::stderr();
            for rejected in [old.err(), new.err()].into_iter().flatten() {
                let _ = err.write_all(rejected.printed.as_bytes());
            }
            return Ok(Outcome::SomeFailed);
        }
    };
    // An avenant compares as the convention it leaves in force.
    let changes = diff(&stated(&old.convention), &stated(&new.convention));
    let printed = if config.json {
        let mut json = serde_json::to_string_pretty(&changes).unwrap_or_default();
        json.push('\n');
        json
    } else {
        text(&changes)
    };
    let _ = std::io::stdout().lock().write_all(printed.as_bytes());
    Ok(Outcome::AllGood)
}
