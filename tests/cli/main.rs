//! Integration tests: the real binary over real files, PDFs read back with real tools.

mod annexes;
mod architecture;
mod avenant;
mod avenant_deliberations;
mod avenant_parts;
mod batch;
mod browser;
mod calendar;
mod catalogs;
mod check;
mod diff;
mod escaping;
mod fiches;
mod fonts;
mod fourth_read;
mod loader_fuzz;
pub mod pyhanko;
pub mod render;
mod renew;
mod renew_drafts;
mod returns;
mod robustness;
mod roundtrip;
pub mod safety;
mod safety_serve;
mod schema;
mod send;
mod send_words;
pub mod serve;
mod sheets;
mod signature;
mod smtp_server;
mod snapshots;
mod surfaces_fuzz;
mod team;
mod text;
mod third_read;
mod verify;
mod wording;
mod workspace;
mod workspace_amending;
mod workspace_avenant;
mod workspace_books;
mod workspace_form;
mod workspace_new;
mod workspace_order;
mod workspace_period;
mod workspace_renew;
mod workspace_values;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of a bundled fixture, `path` relative to `fixtures/`.
pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join("fixtures").join(path)).unwrap()
}

/// A prepared avenant's or a renewal's text with its new délibérations given, as the
/// reviewer does: each number « à compléter » becomes `number`, each date `date`.
pub fn deliberations_given(text: &str, number: &str, date: &str) -> String {
    text.replace("(numéro à compléter)", number)
        .replace("\"(date à compléter)\"", date)
}

/// Runs `convgen` with arguments, in `dir`.
pub fn convgen_in(dir: &Path, args: &[&str]) -> Output {
    english(Command::new(env!("CARGO_BIN_EXE_convgen")))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run convgen")
}

/// A command of convgen that speaks English whatever the machine's locale: tests compare
/// messages, and test French on purpose (`LANG=fr_FR.UTF-8`).
pub fn english(mut command: Command) -> Command {
    for name in ["LC_ALL", "LC_MESSAGES", "CONVGEN_LANG"] {
        command.env_remove(name);
    }
    command.env("LANG", "C");
    command
}

/// Runs `convgen` from the repository root.
pub fn convgen(args: &[&str]) -> Output {
    convgen_in(&root(), args)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited normally, not by a signal")
}

/// A fresh temporary directory.
/// The text of `file`'s PDF, rendered in a folder of its own (`extra`: more options).
pub fn rendered_text(file: &Path, reference: &str, extra: &[&str]) -> String {
    let out = tempdir();
    let mut args = vec!["render", file.to_str().unwrap(), "-o"];
    args.push(out.path().to_str().unwrap());
    args.extend_from_slice(extra);
    let output = convgen(&args);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    pdf_text(&out.path().join(format!("{reference}.pdf")))
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// Runs a tool of poppler-utils or qpdf and returns its standard output.
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (scripts/test installs it): {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// Every file attached to `pdf`, saved by `pdfdetach` into a new folder `saved` of `dir`:
/// that folder.
pub fn detach_all(pdf: &Path, dir: &Path) -> PathBuf {
    let saved = dir.join("saved");
    std::fs::create_dir(&saved).unwrap();
    let prefix = format!("{}/", saved.display());
    tool(
        "pdfdetach",
        &["-saveall", "-o", &prefix, pdf.to_str().unwrap()],
    );
    saved
}

/// What pdfua (PyPI), the machine-checkable part of PDF/UA-1, reports of a PDF.
pub fn pdfua_report(pdf: &Path) -> String {
    let pdfua = root().join("target/pdfua-venv/bin/pdfua");
    assert!(
        pdfua.exists(),
        "pdfua is missing: run scripts/test, which installs it"
    );
    tool(pdfua.to_str().unwrap(), &["check", pdf.to_str().unwrap()])
}

/// Text of a PDF in content order (`-raw`: no column merging, and no joining of a line that
/// ends with `-` to the next, which poppler's default mode does), with runs of white space
/// made single spaces and line breaks after a hyphen removed, so that wrapped strings can be
/// searched for.
pub fn pdf_text(pdf: &Path) -> String {
    normalize(&tool(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    ))
}

/// The same normalisation as [`pdf_text`], for the strings searched in it.
pub fn normalize(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("- ", "-").replace('\u{2011}', "-")
}

/// Cases per property test: `default`, or `CONVGEN_FUZZ_CASES` for a long fuzzing run
/// (`CONVGEN_FUZZ_CASES=2000000 cargo test --release loader_fuzz`).
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("CONVGEN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The convention source a PDF made by convgen carries, as `pdfdetach` saves it.
pub fn attached_source(pdf: &Path) -> String {
    let dir = tempdir();
    let saved = dir.path().join("source.toml");
    let (saved_arg, pdf_arg) = (saved.to_str().unwrap(), pdf.to_str().unwrap());
    tool("pdfdetach", &["-save", "1", "-o", saved_arg, pdf_arg]);
    std::fs::read_to_string(saved).unwrap()
}

pub fn page_count(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("Pages line");
    line[6..].trim().parse().unwrap()
}

/// `convgen send INPUT --draft -o OUT --dry-run EML --from FROM`: messages written, none sent.
pub fn send_dry_run(input: &str, out: &Path, eml: &Path, from: &str) -> Output {
    let (out, eml) = (out.to_str().unwrap(), eml.to_str().unwrap());
    convgen(&[
        "send",
        input,
        "--draft",
        "-o",
        out,
        "--dry-run",
        eml,
        "--from",
        from,
    ])
}

/// Text of one page of a PDF, normalised as [`pdf_text`].
pub fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    let args = [
        "-raw",
        "-enc",
        "UTF-8",
        "-f",
        &page,
        "-l",
        &page,
        pdf.to_str().unwrap(),
        "-",
    ];
    normalize(&tool("pdftotext", &args))
}
