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
use crate::i18n::{Lang, Message};
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
    /// What became of each row of the sheet `conventions`, in the sheet's order.
    pub rows: Vec<RowFate>,
}

/// What became of one row of the sheet `conventions` (or would, for a trial).
#[derive(Debug, serde::Serialize)]
pub struct RowFate {
    /// Its row number in the sheet.
    pub row: usize,
    pub reference: String,
    pub fate: Fate,
    /// Its file: written, kept as it was, or that would be (the workspace answers it
    /// relative to its folder).
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// Why: a refused row's problems, the note of a row left out.
    pub why: Vec<String>,
    /// How many lines of the file replaced carry a comment (`# …`), which the new text,
    /// written canonically, does not keep (the previous text is kept in the history).
    pub comments: usize,
    /// What the row changes in its file (replaced, or kept though it differs), in a few
    /// words each: diff's summary, with the values before and after.
    pub changes: Vec<String>,
}

impl RowFate {
    /// A row refused until said otherwise.
    fn new(row: usize, reference: String) -> RowFate {
        RowFate {
            row,
            reference,
            fate: Fate::Refused,
            file: None,
            why: Vec::new(),
            comments: 0,
            changes: Vec::new(),
        }
    }
}

/// What became of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// A new file.
    Created,
    /// A file replaced (its previous text kept in the history).
    Replaced,
    /// A file that already says the same: left as it is, comments included.
    Unchanged,
    /// A file that exists, kept as it is (replacing was not asked).
    Kept,
    /// Not imported: its problems are in `why`.
    Refused,
    /// Left aside: an avenant's row.
    LeftOut,
}

/// The notes of an import: each row left aside, and the sheet `annexe` — the finance
/// department's, written, never read: an amount changed there is not taken, said rather than
/// left unseen.
fn notes(book: &Book, import: &import::Import, lang: Lang) -> Vec<String> {
    let mut notes: Vec<String> = (import.left_out.iter())
        .map(|l| l.note.to_string())
        .collect();
    if book.sheets.iter().any(|s| s.name == layout::ANNEX) {
        let (sheet, funding) = (layout::ANNEX.into(), layout::FUNDING.into());
        notes.push(Message::AnnexSheetNotRead { sheet, funding }.text(lang));
    }
    notes
}

/// Writes a file per convention of `book` into `output` — or over the file `known` says
/// declares its reference — never over one that exists unless `force`, nor over one that
/// already says the same; a bad row stops only its convention. A `trial` writes nothing
/// and reports what importing would do.
pub fn import_into(
    book: &Book,
    output: &OutputDir,
    force: bool,
    known: &BTreeMap<String, PathBuf>,
    trial: bool,
    lang: Lang,
) -> Result<Report, CommandError> {
    let import = import(book);
    let mut report = Report {
        errors: import.errors.iter().map(ToString::to_string).collect(),
        ..Report::default()
    };
    report.notes = notes(book, &import, lang);
    report.rows = (import.left_out.into_iter().zip(report.notes.clone()))
        .map(|(left, note)| RowFate {
            fate: Fate::LeftOut,
            why: vec![note],
            ..RowFate::new(left.row, left.reference)
        })
        .collect();
    for convention in import.conventions {
        let mut fate = RowFate::new(convention.row, convention.reference.clone());
        let mut drafted = match convention.outcome {
            Ok(drafted) => drafted,
            Err(errors) => {
                fate.why = errors.iter().map(ToString::to_string).collect();
                report.errors.extend(fate.why.iter().cloned());
                report.refused += 1;
                report.rows.push(fate);
                continue;
            }
        };
        let target = (known.get(&convention.reference).cloned())
            .unwrap_or_else(|| output.path().join(toml_name(&convention.reference)));
        fate.file = Some(target.clone());
        let existing = Source::read(&target).ok();
        fate.fate = match &existing {
            None => Fate::Created,
            Some(source) => {
                let notes = keep_unsheeted(book, &target, &mut drafted.convention);
                let file = load(source);
                if says_the_same(&file.convention, &drafted.convention) {
                    Fate::Unchanged
                } else {
                    // What the row would change in the file, replaced or not: never dropped
                    // unsaid; a file with errors has no values to compare (a date missing is
                    // no « 0 0 0 »).
                    fate.changes = match file.is_valid() {
                        true => {
                            let diff = crate::diff::diff(&file.convention, &drafted.convention);
                            crate::diff::summary(&diff, true, lang)
                        }
                        false => vec![Message::RowOverFileWithErrors.text(lang)],
                    };
                    if force {
                        report.notes.extend(notes);
                        fate.comments = commented_lines(&source.text);
                        Fate::Replaced
                    } else {
                        Fate::Kept
                    }
                }
            }
        };
        if fate.fate == Fate::Kept {
            report.skipped.push(target);
        } else if matches!(fate.fate, Fate::Created | Fate::Replaced) && !trial {
            write_row(target, &drafted.text(), &mut report, &mut fate);
        }
        report.rows.push(fate);
    }
    report.rows.sort_by_key(|r| r.row);
    Ok(report)
}

/// Writes a row's file, replaced only through the history: the file as it was is kept as a
/// version.
fn write_row(target: PathBuf, text: &str, report: &mut Report, fate: &mut RowFate) {
    match history::save(&target, text, None) {
        Ok(saved) => {
            if let Some(kept) = saved.kept {
                report.kept.push(format!("{} ({kept})", target.display()));
            }
            report.written.push(target);
        }
        Err(e) => {
            fate.why.push(e.to_string());
            report.errors.push(e.to_string());
            fate.fate = Fate::Refused;
        }
    }
}

/// Whether two conventions say the same, as the writer writes them — an action given as a
/// table with only its title being the action given as a line, which a workbook writes.
fn says_the_same(a: &Convention, b: &Convention) -> bool {
    let plain = |c: &Convention| {
        let mut c = c.clone();
        for action in c.axes.iter_mut().flat_map(|axis| axis.actions.iter_mut()) {
            if action.sheet().is_none() {
                action.fiche = None;
            }
        }
        c.to_toml()
    };
    plain(a) == plain(b)
}

/// How many lines of a TOML text carry a comment: a `#` outside strings.
fn commented_lines(text: &str) -> usize {
    let mut count = 0;
    // The quote of the multi-line string the scan is in, if it is in one.
    let mut open: Option<&str> = None;
    for line in text.lines() {
        let mut rest = line;
        loop {
            if let Some(quote) = open {
                match rest.find(quote) {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        open = None;
                    }
                    None => break,
                }
            }
            let Some(at) = rest.find(['#', '"', '\'']) else {
                break;
            };
            let (found, after) = (&rest[at..at + 1], &rest[at..]);
            if found == "#" {
                count += 1;
                break;
            }
            if after.starts_with("\"\"\"") || after.starts_with("'''") {
                open = Some(&after[..3]);
                rest = &after[3..];
                continue;
            }
            // A one-line string: to its closing quote (a basic one's `\"` escaped).
            let body = &after[1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in body.char_indices() {
                match c {
                    '\\' if found == "\"" && !escaped => escaped = true,
                    c if c.to_string() == found && !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            match end {
                Some(end) => rest = &body[end + 1..],
                None => break,
            }
        }
    }
    count
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
            Ok(book) => import_into(
                &book,
                &output,
                config.force,
                &BTreeMap::new(),
                false,
                Lang::current(),
            )?,
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
        let unchanged = (report.rows.iter())
            .filter(|row| row.fate == Fate::Unchanged)
            .filter_map(|row| row.file.as_ref())
            .map(|p| Message::UnchangedFile { path: shown(p) }.to_string());
        let notes = report.notes.iter().cloned();
        for line in errors
            .chain(notes)
            .chain(wrote)
            .chain(kept)
            .chain(exists)
            .chain(unchanged)
        {
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

#[cfg(test)]
mod tests {
    use super::commented_lines;

    #[test]
    fn comments_are_counted_outside_strings_only() {
        assert_eq!(commented_lines("# a note\nkey = 1 # why\n"), 2);
        assert_eq!(commented_lines(r##"a = "n° #3" # said"##), 1);
        assert_eq!(commented_lines(r##"a = "say \"#\"" "##), 0);
        assert_eq!(
            commented_lines("a = 'C:\\#'\nb = \"\"\"\n# in a string\n\"\"\" # after\n"),
            1
        );
        assert_eq!(commented_lines("a = '''\n#\n'''\n"), 0);
    }
}
