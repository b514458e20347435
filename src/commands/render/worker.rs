//! The worker's side of `--jobs N` ([`super::workers`]): read the setup, then answer each
//! input index with the entry and the bytes of its files, until the input ends.

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::time::Duration;

use super::workers::{Answer, Setup, failed};
use super::{Batch, Done, Product};
use crate::pipeline::Timings;
use crate::templates::Templates;

/// Runs this process as a worker until its input ends.
pub fn serve() -> ExitCode {
    let mut input = std::io::stdin().lock();
    let mut line = String::new();
    let setup: Setup = match input
        .read_line(&mut line)
        .map(|_| serde_json::from_str(&line))
    {
        Ok(Ok(setup)) => setup,
        _ => return ExitCode::from(2),
    };
    crate::compile::fonts::use_folders(setup.fonts);
    let templates = Templates::load(setup.config.templates.as_deref());
    let batch = match templates.map(|t| Batch::new(&setup.config, &setup.files, t)) {
        Ok(Ok(batch)) => batch,
        _ => return ExitCode::from(2),
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
        let mut timings = Timings::default();
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            batch.render_unclaimed(index, &mut timings, |_| None)
        }));
        let done = rendered.unwrap_or_else(|panic| {
            let why = (panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            failed(&batch, index, &format!("internal error ({why})"))
        });
        if answer(&mut out, index, done, timings).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

fn answer(out: &mut impl Write, index: usize, done: Done, timings: Timings) -> std::io::Result<()> {
    let (entry, files, rendered) = match done.product {
        Product::Finished(entry) => (entry, Vec::new(), false),
        Product::Rendered(entry, files) => (entry, files, true),
    };
    let nanos = |d: Duration| d.as_nanos() as u64;
    let header = Answer {
        index,
        rendered,
        entry,
        report: done.report,
        sizes: files.iter().map(Vec::len).collect(),
        timings: [
            timings.load,
            timings.template,
            timings.compile,
            timings.export,
        ]
        .map(nanos),
    };
    serde_json::to_writer(&mut *out, &header).map_err(std::io::Error::other)?;
    out.write_all(b"\n")?;
    for file in &files {
        out.write_all(file)?;
    }
    out.flush()
}
