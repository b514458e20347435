//! `convgen check`: every problem of every file, with its line, and the references that
//! two files share.

use std::io::Write as _;
use std::path::PathBuf;

use super::Outcome;
use crate::diag::{self, plural};
use crate::format::Source;
use crate::pipeline::{collect_inputs, load, print_findings};
use crate::validate::{References, references};

/// What `check` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    /// Warnings fail a file too.
    pub strict: bool,
}

/// Counts for the summary.
#[derive(Default)]
struct Counts {
    invalid: usize,
    warnings: usize,
}

/// Runs `convgen check`.
pub fn run(config: &Config) -> Outcome {
    let inputs = collect_inputs(&config.inputs);
    let mut err = diag::stderr();
    for unreadable in &inputs.unreadable {
        let _ = writeln!(err, "error: {unreadable}");
    }
    let mut counts = Counts {
        invalid: inputs.unreadable.len(),
        warnings: 0,
    };
    let batch = References::new(inputs.files.len());
    for (index, path) in inputs.files.iter().enumerate() {
        let claim = batch.claim(index);
        let source = match Source::read(path) {
            Ok(source) => source,
            Err(e) => {
                let _ = writeln!(err, "error: cannot read `{}` ({e})", path.display());
                counts.invalid += 1;
                continue;
            }
        };
        let mut loaded = load(&source);
        if loaded.is_valid()
            && let Some(first) = claim.register(&loaded.convention.reference)
        {
            let reference = &loaded.convention.reference;
            let duplicate = references::duplicate(reference, &inputs.files[first], &loaded.spans);
            loaded.diagnostics.push(duplicate);
        }
        let _ = print_findings(&mut err, &source, &loaded, &loaded.diagnostics);
        let file_warnings = loaded.diagnostics.iter().filter(|d| !d.is_error()).count();
        counts.warnings += file_warnings;
        if !loaded.is_valid() || (config.strict && file_warnings > 0) {
            counts.invalid += 1;
        }
    }
    summary(&mut err, inputs.total(), &counts)
}

fn summary(err: &mut dyn std::io::Write, total: usize, counts: &Counts) -> Outcome {
    let Counts { invalid, warnings } = *counts;
    let _ = writeln!(
        err,
        "checked {total} file{}: {} valid, {invalid} invalid, {warnings} warning{}",
        plural(total),
        total - invalid,
        plural(warnings),
    );
    Outcome::failed_if(invalid > 0 || total == 0)
}
