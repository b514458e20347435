//! `convgen import` (workbooks → convention files), `convgen export` (conventions → one
//! workbook, or a folder of `.csv`) and `convgen new --xlsx` (the workbook to fill in).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CommandError, Outcome};
use crate::deliver::history::{self, HISTORY};
use crate::deliver::{OutputDir, toml_name};
use crate::diag;
use crate::format::{Source, example};
use crate::i18n::Message;
use crate::model::{Convention, Kind};
use crate::pipeline::batch::{self, Deliver, PassOn, Valid, Verdict, error_line};
use crate::pipeline::{Terminal, collect_inputs, load};
use crate::sheets::export::{self, OutSheet};
use crate::sheets::{Book, import, layout};

/// What `import` is asked to do.
#[derive(Debug)]
pub struct ImportConfig {
    pub books: Vec<PathBuf>,
    pub output: PathBuf,
    /// Overwrite files that exist.
    pub force: bool,
}

/// What importing one workbook did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Report {
    /// The files written.
    pub written: Vec<PathBuf>,
    /// The files that exist, kept as they are.
    pub skipped: Vec<PathBuf>,
    /// Each problem, at its cell (`BOOK:sheet!CELL (column …): …`).
    pub errors: Vec<String>,
    /// How many conventions were refused.
    pub refused: usize,
    /// The files replaced, each with the version its previous text was kept as.
    pub kept: Vec<String>,
    /// What was left aside, and why (an avenant's row).
    pub notes: Vec<String>,
}

/// Writes a file per convention of `book` into `output` — or over the file `known` says
/// declares its reference — never over one that exists unless `force`; a bad row stops only
/// its convention.
pub fn import_into(
    book: &Book,
    output: &OutputDir,
    force: bool,
    known: &BTreeMap<String, PathBuf>,
) -> Result<Report, CommandError> {
    let import = import(book);
    let mut report = Report {
        errors: import.errors.iter().map(ToString::to_string).collect(),
        notes: import.notes.iter().map(ToString::to_string).collect(),
        ..Report::default()
    };
    for convention in import.conventions {
        let mut drafted = match convention.outcome {
            Ok(drafted) => drafted,
            Err(errors) => {
                report.errors.extend(errors.iter().map(ToString::to_string));
                report.refused += 1;
                continue;
            }
        };
        let target = (known.get(&convention.reference).cloned())
            .unwrap_or_else(|| output.path().join(toml_name(&convention.reference)));
        if target.exists() && !force {
            report.skipped.push(target);
            continue;
        }
        if target.exists() {
            report
                .notes
                .extend(keep_unsheeted(book, &target, &mut drafted.convention));
        }
        // Replaced only through the history: the file as it was is kept as a version.
        let saved = match history::save(&target, &drafted.text(), None) {
            Ok(saved) => saved,
            Err(e) => {
                report.errors.push(e.to_string());
                continue;
            }
        };
        if let Some(kept) = saved.kept {
            report.kept.push(format!("{} ({kept})", target.display()));
        }
        report.written.push(target);
    }
    Ok(report)
}

/// What the replaced file at `target` holds and the workbook has no sheet for (one made
/// before `articles` and `annexes` were sheets, or with them deleted): kept rather than
/// dropped, each said.
fn keep_unsheeted(book: &Book, target: &Path, convention: &mut Convention) -> Vec<String> {
    let Ok(source) = Source::read(target) else {
        return Vec::new();
    };
    let old = load(&source).convention;
    let has = |sheet: &str| book.sheets.iter().any(|s| s.name == sheet);
    let mut notes = Vec::new();
    let file = target.display().to_string();
    if !has(layout::ARTICLES) && convention.clauses.is_empty() && !old.clauses.is_empty() {
        convention.clauses = old.clauses;
        let sheet = layout::ARTICLES.to_string();
        notes.push(
            Message::KeptFromTheFile {
                file: file.clone(),
                sheet,
            }
            .to_string(),
        );
    }
    if !has(layout::APPENDICES) && convention.annexes.is_empty() && !old.annexes.is_empty() {
        convention.annexes = old.annexes;
        let sheet = layout::APPENDICES.to_string();
        notes.push(Message::KeptFromTheFile { file, sheet }.to_string());
    }
    notes
}

/// Runs `convgen import`.
pub fn import_books(config: &ImportConfig) -> Result<Outcome, CommandError> {
    let output = OutputDir::create(&config.output)?;
    let mut err = diag::stderr();
    let (mut written, mut skipped, mut refused, mut problems) = (0, 0, 0, 0);
    for path in &config.books {
        let report = match Book::read(path) {
            Ok(book) => import_into(&book, &output, config.force, &BTreeMap::new())?,
            Err(e) => Report {
                errors: vec![e.to_string()],
                ..Report::default()
            },
        };
        let shown = |path: &PathBuf| path.display().to_string();
        let errors = (report.errors.iter()).map(|e| error_line(&Message::Text { text: e.clone() }));
        let wrote = (report.written.iter()).map(|p| Message::Wrote { path: shown(p) }.to_string());
        let kept = (report.kept.iter()).map(|file| {
            let history = HISTORY.to_string();
            let file = file.clone();
            Message::KeptPrevious { file, history }.to_string()
        });
        let exists =
            (report.skipped.iter()).map(|p| Message::SkippedExists { path: shown(p) }.to_string());
        let notes = report.notes.iter().cloned();
        for line in errors.chain(notes).chain(wrote).chain(kept).chain(exists) {
            let _ = writeln!(err, "{}", line.trim_end());
        }
        (written, skipped) = (
            written + report.written.len(),
            skipped + report.skipped.len(),
        );
        refused += report.refused;
        problems += report.errors.len();
    }
    let summary = Message::Imported {
        written,
        skipped,
        refused,
    };
    let _ = writeln!(err, "{summary}");
    Ok(Outcome::failed_if(problems > 0))
}

/// What `export` is asked to do.
#[derive(Debug)]
pub struct ExportConfig {
    pub inputs: Vec<PathBuf>,
    /// `BOOK.xlsx`, or a folder for `.csv` files.
    pub output: PathBuf,
}

/// Runs `convgen export`: every valid convention of the inputs into one workbook.
pub fn export_books(config: &ExportConfig) -> Result<Outcome, CommandError> {
    let inputs = collect_inputs(&config.inputs);
    let mut gathered = Gathered::default();
    let tally = batch::run(
        &inputs,
        false,
        &PassOn,
        &mut gathered,
        1,
        &mut Terminal::plain(),
    );
    let conventions = gathered.0;
    let written = write_book(&config.output, &export::sheets(&conventions))?;
    let summary = Message::Exported {
        conventions: conventions.len(),
        path: written.display().to_string(),
        avenants: tally.of(Verdict::Skipped),
        failed: tally.failed(),
    };
    let _ = writeln!(diag::stderr(), "{summary}");
    Ok(Outcome::failed_if(tally.failed() > 0))
}

/// The conventions a workbook carries; an avenant stays a file of its own.
#[derive(Default)]
struct Gathered(Vec<Convention>);

impl Deliver<Valid> for Gathered {
    fn deliver(&mut self, path: &Path, _: &str, valid: Valid, text: &mut String) -> Verdict {
        let convention = valid.loaded.convention;
        if convention.kind == Kind::Avenant {
            let path = path.display().to_string();
            text.push_str(&format!("{}\n", Message::AvenantLeftOut { path }));
            return Verdict::Skipped;
        }
        self.0.push(convention);
        Verdict::Done
    }
}

/// Runs `convgen new [KIND] --xlsx BOOK`: the workbook to fill in, its rows those of the
/// example of that kind.
pub fn template(kind: Kind, book: &Path) -> Result<Outcome, CommandError> {
    let example = load(&Source::from_bytes(
        "example.toml".as_ref(),
        example(kind).into(),
    ));
    let conventions: [Convention; 1] = [example.convention];
    let written = write_book(book, &export::sheets(&conventions))?;
    let path = written.display().to_string();
    let _ = writeln!(diag::stderr(), "{}", Message::Wrote { path });
    Ok(Outcome::AllGood)
}

/// Writes the sheets as `.xlsx` when the path says so, else as `.csv` files in that folder.
fn write_book(path: &Path, sheets: &[OutSheet]) -> Result<PathBuf, CommandError> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        let dir = OutputDir::create(path)?;
        for (name, text) in export::csv(sheets) {
            dir.write(&name, text.as_bytes())?;
        }
        return Ok(dir.path().to_path_buf());
    }
    let bytes = export::xlsx(sheets).map_err(|e| CommandError::Workbook(e.to_string()))?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = OutputDir::create(parent.unwrap_or(Path::new(".")))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    Ok(dir.write(&name, &bytes)?)
}
