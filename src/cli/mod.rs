//! The command line: arguments parsed, turned into a checked configuration, handed to a
//! command; one place prints what went wrong and maps it to the exit code.

pub mod args;
pub mod config;
mod errors;
mod help;
mod settings;

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;

use crate::commands::{self, CommandError, Outcome};
use crate::format;
pub use args::Args;
pub use config::{Config, ConfigError, Environment, config};

/// Exit codes of the contract.
const ALL_GOOD: u8 = 0;
const SOME_FAILED: u8 = 1;
const USAGE: u8 = 2;

/// Runs the command line and returns the exit code of the contract: 0 all good, 1 some
/// input invalid or some document failed, 2 usage error.
pub fn run() -> ExitCode {
    language().set();
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == crate::pipeline::processes::WORKER)
    {
        return commands::render::serve_worker();
    }
    // clap prints its own usage errors and exits with 2.
    let matches = help::command(crate::i18n::Lang::current()).get_matches();
    let args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    crate::compile::fonts::use_folders(args.font_folders());
    let code = match config(args, &Environment::read()) {
        Ok(config) => exit_code(execute(&config)),
        Err(error) => {
            print_error(&error);
            USAGE
        }
    };
    ExitCode::from(code)
}

/// The language of this run: `--lang`, else `CONVGEN_LANG`, else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`: `fr…` is French, anything else English) — but the workspace
/// (`serve`) speaks French unless told otherwise, whatever the server's locale.
fn language() -> crate::i18n::Lang {
    use crate::i18n::Lang;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = (args.iter().enumerate()).find_map(|(i, arg)| match arg.strip_prefix("--lang") {
        Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
        Some("") => args.get(i + 1).cloned(),
        _ => None,
    });
    let variable = std::env::var("CONVGEN_LANG").ok();
    if let Some(lang) = flag.or(variable).and_then(|name| Lang::parse(&name)) {
        return lang;
    }
    if args
        .iter()
        .find(|a| !a.starts_with('-'))
        .is_some_and(|a| a == "serve")
    {
        return Lang::Fr;
    }
    Lang::of_environment(|name| std::env::var(name).ok())
}

/// Runs a checked configuration.
pub fn execute(config: &Config) -> Result<Outcome, CommandError> {
    match config {
        Config::Check(c) => Ok(commands::check::run(c)),
        Config::Render(c) => commands::render::run(c),
        Config::Renew(c) => commands::renew::run(c),
        Config::Send(c) => commands::send::run(c),
        Config::Serve(c) => commands::serve::run(c),
        Config::Schema => {
            let schema = serde_json::to_string_pretty(&format::schema()).unwrap_or_default();
            Ok(print_stdout(&(schema + "\n")))
        }
        Config::New(kind) => Ok(print_stdout(format::example(*kind))),
        Config::Template(kind, book) => commands::sheets::template(*kind, book),
        Config::Import(c) => commands::sheets::import_books(c),
        Config::Diff(c) => commands::diff::run(c),
        Config::Avenant(c) => commands::avenant::run(c),
        Config::Export(c) => commands::sheets::export_books(c),
        Config::Verify(c) => commands::verify::run(c),
        Config::Calendar(c) => commands::calendar::run(c),
    }
}

/// The exit code of a command's result; an error is printed here.
fn exit_code(result: Result<Outcome, CommandError>) -> u8 {
    match result {
        Ok(Outcome::AllGood) => ALL_GOOD,
        Ok(Outcome::SomeFailed) => SOME_FAILED,
        Err(error) => {
            print_error(&error);
            SOME_FAILED
        }
    }
}

/// The one printer of errors that stop a command.
fn print_error(error: &dyn std::error::Error) {
    let text = error.to_string();
    let line = crate::i18n::Message::ErrorLine { text };
    let _ = writeln!(crate::diag::stderr(), "{line}");
}

fn print_stdout(text: &str) -> Outcome {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Outcome::AllGood,
        // A closed pipe (`convgen schema | head`) is not the program's failure.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::AllGood,
        Err(e) => {
            let _ = writeln!(
                crate::diag::stderr(),
                "error: cannot write to standard output ({e})"
            );
            Outcome::SomeFailed
        }
    }
}
