//! The command line: arguments, checked options, and one function per command.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::batch;
use crate::diag::{self, Diagnostic};
use crate::load::{self, Loaded, Source};
use crate::model::Kind;

/// Caf conventions (CTG, CEJ) from TOML files to PDF documents ready to sign.
#[derive(Parser, Debug)]
#[command(name = "convgen", version, about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and validate convention files (a directory means every *.toml below it).
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Validate, template and compile conventions into PDF files.
    Render(batch::RenderArgs),
    /// Turn expiring CEJs into CTG drafts (TOML and draft PDF) at constant funding.
    Renew(crate::renew::RenewArgs),
    /// E-mail each convention's PDF to its signatories, once.
    Send(crate::mail::SendArgs),
    /// Print the JSON Schema of the file format (for Taplo / Even Better TOML).
    Schema,
    /// Print a commented example file to start from.
    New {
        #[arg(value_enum)]
        kind: NewKind,
    },
}

/// The kinds `new` can print.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum NewKind {
    Ctg,
    Cej,
}

/// The JSON Schema of the format.
pub const SCHEMA: &str = include_str!("convention.schema.json");

/// The example `convgen new` prints for each kind.
pub fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Ctg => include_str!("examples/ctg.toml"),
        Kind::Cej => include_str!("examples/cej.toml"),
    }
}

/// Runs the command line and returns the exit code of the contract: 0 all good, 1 some
/// input invalid or some document failed, 2 usage error.
pub fn run() -> ExitCode {
    let args = Args::parse();
    let code = match args.command {
        Command::Check { paths, strict } => check(&paths, strict),
        Command::Render(args) => batch::render(&args),
        Command::Renew(args) => crate::renew::renew(&args),
        Command::Send(args) => crate::mail::send(&args),
        Command::Schema => print_stdout(SCHEMA),
        Command::New { kind } => print_stdout(example(match kind {
            NewKind::Ctg => Kind::Ctg,
            NewKind::Cej => Kind::Cej,
        })),
    };
    ExitCode::from(code)
}

fn print_stdout(text: &str) -> u8 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        // A closed pipe (`convgen schema | head`) is not the program's failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write to standard output ({e})");
            1
        }
    }
}

/// Standard error, in colour only on a terminal.
pub fn stderr() -> StandardStream {
    let choice = if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    StandardStream::stderr(choice)
}

/// Every convention file a list of paths names: files as given, directories searched for
/// `*.toml` (sorted, so runs are reproducible). Paths that cannot be read are returned as
/// errors.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<(PathBuf, String)>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push((path.clone(), e.to_string())),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<(PathBuf, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push((dir.to_path_buf(), e.to_string())),
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if file_type.is_dir() && !hidden {
            walk(&path, files, errors);
        } else if !hidden && path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
}

/// A file that cannot be used: its diagnostics as printed, and a one-line summary.
pub struct Rejected {
    pub printed: String,
    pub summary: String,
}

/// Reads and validates one file; rejects it on an error, or on a warning under `strict`.
pub fn read_valid(path: &Path, strict: bool) -> Result<(Source, Loaded), Rejected> {
    let source = Source::read(path).map_err(|e| {
        let summary = format!("cannot read `{}` ({e})", path.display());
        Rejected {
            printed: format!("error: {summary}\n"),
            summary,
        }
    })?;
    let loaded = load::load(&source);
    let failed = !loaded.is_valid() || (strict && !loaded.diagnostics.is_empty());
    if !failed {
        return Ok((source, loaded));
    }
    let problems: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || strict)
        .collect();
    let mut summary =
        problems
            .first()
            .map_or_else(String::new, |d| match d.line_column(&source.text) {
                Some((line, column)) => {
                    format!("{}:{line}:{column}: {}", source.name(), d.headline())
                }
                None => format!("{}: {}", source.name(), d.headline()),
            });
    if problems.len() > 1 {
        let more = problems.len() - 1;
        summary.push_str(&format!(" (and {more} more problem{})", plural(more)));
    }
    Err(Rejected {
        printed: report_text(&source, &loaded.diagnostics),
        summary,
    })
}

fn check(paths: &[PathBuf], strict: bool) -> u8 {
    let (files, unreadable) = collect_inputs(paths);
    let mut err = stderr();
    for (path, error) in &unreadable {
        let _ = writeln!(err, "error: cannot read `{}` ({error})", path.display());
    }
    let mut invalid = unreadable.len();
    let mut warnings = 0;
    for path in &files {
        let source = match Source::read(path) {
            Ok(source) => source,
            Err(e) => {
                let _ = writeln!(err, "error: cannot read `{}` ({e})", path.display());
                invalid += 1;
                continue;
            }
        };
        let loaded = load::load(&source);
        let _ = diag::print(&mut err, &source.name(), &source.text, &loaded.diagnostics);
        let file_warnings = loaded.diagnostics.iter().filter(|d| !d.is_error()).count();
        warnings += file_warnings;
        if !loaded.is_valid() || (strict && file_warnings > 0) {
            invalid += 1;
        }
    }
    let total = files.len() + unreadable.len();
    let _ = writeln!(
        err,
        "checked {total} file{}: {} valid, {invalid} invalid, {warnings} warning{}",
        plural(total),
        total - invalid,
        plural(warnings),
    );
    u8::from(invalid > 0 || total == 0)
}

/// "s" when a count calls for the plural.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Diagnostics of one file, for printing elsewhere.
pub fn report_text(source: &Source, diagnostics: &[Diagnostic]) -> String {
    let mut buffer = Vec::new();
    let mut out = codespan_reporting::term::termcolor::NoColor::new(&mut buffer);
    let _ = diag::print(&mut out, &source.name(), &source.text, diagnostics);
    String::from_utf8_lossy(&buffer).into_owned()
}
