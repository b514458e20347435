//! `convgen renew`: the CEJs of a folder that expire turned into CTG drafts — a TOML file to
//! review and its draft PDF each — with a report of what became of every input.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{CommandError, Outcome};
use crate::deliver::history::{self, HISTORY, SaveError};
use crate::deliver::{OutputDir, WriteError, pdf_name, toml_name};
use crate::diag;
use crate::diff::stated;
use crate::format::{KeySpans, Source};
use crate::i18n::{Lang, Message};
use crate::model::{Date, Kind};
use crate::pipeline::batch::{self, Deliver, PassOn, Valid, Verdict, error_line};
use crate::pipeline::{
    DocumentError, Engine, Format, Terminal, collect_inputs, document_error_text,
};
use crate::renew::{Draft, Expiring, Rules, draft_all, review_header};
use crate::templates::Templates;

/// What `renew` is asked to do.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub templates: Option<PathBuf>,
    /// Renew the CEJs whose period ends before this date.
    pub expiring_before: Date,
    pub years: i32,
    pub start: Option<Date>,
    pub group_by_epci: bool,
    /// Where the account of each input read goes.
    pub report: crate::pipeline::Report,
}

impl Config {
    fn rules(&self) -> Rules {
        Rules {
            years: self.years,
            start: self.start,
            group_by_epci: self.group_by_epci,
        }
    }
}

/// A CTG the renewal would draft whose whole period is over on the day: its CEJs'
/// references and its period.
#[derive(Debug, serde::Serialize)]
pub struct Over {
    pub cej: String,
    pub start: Date,
    pub end: Date,
}

/// The CTGs this renewal would draft that are already over on `today` — CEJs ended years
/// ago, renewed from the day after their end — found before anything is written.
pub fn periods_over(config: &Config, today: Date) -> Vec<Over> {
    let (expiring, _) = read_inputs(config);
    let drafts = draft_all(&expiring, &config.rules());
    (drafts.iter().filter(|d| d.ctg.period.end < today))
        .map(|d| Over {
            cej: (d.from.iter().map(|&i| expiring[i].cej.reference.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
            start: d.ctg.period.start,
            end: d.ctg.period.end,
        })
        .collect()
}

/// The drafts this renewal would write over that say something else than it would write
/// (edited since the last renewal, perhaps): their references, found before anything is
/// written. A draft replaced is kept in its history all the same.
pub fn drafts_replaced(config: &Config) -> Vec<String> {
    let (expiring, _) = read_inputs(config);
    let drafts = draft_all(&expiring, &config.rules());
    (drafts.iter())
        .filter(|d| {
            let path = config.output.join(toml_name(&d.ctg.reference));
            let limit = crate::format::MAX_FILE_BYTES as u64;
            crate::files::read_to_string(&path, limit, crate::files::Links::Refuse).is_ok_and(
                |old| old != format!("{}{}", review_header(d, &expiring), d.ctg.to_toml()),
            )
        })
        .map(|d| d.ctg.reference.clone())
        .collect()
}

/// What the workspace asks before renewing, unless told to renew `anyway`: the CTGs over
/// already (without a `start` given) and the drafts it would write over that differ.
pub fn asked_first(config: &Config, anyway: bool) -> (Vec<Over>, Vec<String>) {
    match (config.start, anyway) {
        (_, true) => (Vec::new(), Vec::new()),
        (None, false) => (periods_over(config, Date::today()), drafts_replaced(config)),
        (Some(_), false) => (Vec::new(), drafts_replaced(config)),
    }
}

/// Name of the report in the output directory.
pub const REPORT: &str = "renew-report.csv";

/// One line of the report.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Row {
    pub input: String,
    pub cej_reference: String,
    /// `renewed`, `skipped` or `error`.
    pub status: &'static str,
    pub ctg_reference: String,
    pub message: String,
}

fn row(input: &str, cej: &str, status: &'static str, ctg: &str, message: &str) -> Row {
    Row {
        input: input.to_string(),
        cej_reference: cej.to_string(),
        status,
        ctg_reference: ctg.to_string(),
        message: message.to_string(),
    }
}

/// Why a drafted CTG could not be written.
#[derive(Debug, thiserror::Error)]
enum DraftError {
    #[error("{}", Message::DraftInvalid { problems: problems(.0) })]
    Invalid(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("{0}")]
    Document(#[from] DocumentError),
}

fn problems(problems: &str) -> String {
    problems.to_string()
}

/// Runs `convgen renew`.
pub fn run(config: &Config) -> Result<Outcome, CommandError> {
    renew(config).map(|(outcome, _)| outcome)
}

/// Drafts the CTGs, writes them and the report; returns the report's rows.
pub fn renew(config: &Config) -> Result<(Outcome, Vec<Row>), CommandError> {
    let (expiring, mut rows) = read_inputs(config);
    let drafts = draft_all(&expiring, &config.rules());
    let output = OutputDir::create(&config.output)?;
    let engine = Engine::new(Templates::load(config.templates.as_deref())?);
    let mut err = diag::stderr();
    for draft in &drafts {
        let written = write_draft(&engine, draft, &expiring, &output);
        let line = match &written {
            Ok((path, _)) => Message::Wrote {
                path: path.display().to_string(),
            }
            .to_string(),
            // A Typst error at its line, traced back to its template, as `render` shows it.
            Err(DraftError::Document(error)) => {
                let reference = &draft.ctg.reference;
                let source = Source::from_bytes(toml_name(reference).as_ref(), Vec::new());
                document_error_text(&engine, &source, reference, error)
            }
            Err(error) => {
                let path = draft.ctg.reference.clone();
                let detail = Box::new(Message::Text {
                    text: error.to_string(),
                });
                error_line(&Message::FileProblem { path, detail })
            }
        };
        let _ = writeln!(err, "{}", line.trim_end());
        rows.extend(draft_rows(draft, &expiring, written.map(|(_, kept)| kept)));
    }
    summary(&output, rows, drafts.len())
}

/// The CEJs that expire, and the report's rows for the other inputs.
fn read_inputs(config: &Config) -> (Vec<Expiring>, Vec<Row>) {
    let inputs = collect_inputs(&config.inputs);
    let mut sorting = Sorting {
        expiring_before: config.expiring_before,
        expiring: Vec::new(),
        rows: Vec::new(),
    };
    config.report.run(Terminal::plain(), |reporter| {
        batch::run(&inputs, false, &PassOn, &mut sorting, 1, reporter)
    });
    let Sorting {
        expiring, mut rows, ..
    } = sorting;
    (latest_versions(expiring, &mut rows), rows)
}

/// The inputs sorted into the CEJs that expire, each with its avenant's number (0: the CEJ
/// as signed), and the rows of the others.
struct Sorting {
    expiring_before: Date,
    expiring: Vec<(u32, Expiring)>,
    rows: Vec<Row>,
}

impl Deliver<Valid> for Sorting {
    fn deliver(&mut self, path: &Path, _: &str, valid: Valid, _: &mut String) -> Verdict {
        let input = path.display().to_string();
        let cej = valid.loaded.convention;
        // A CEJ's avenant is renewed as the CEJ it leaves in force.
        let amended = (cej.kind == Kind::Avenant && cej.nature() == Kind::Cej)
            .then(|| cej.amendment.as_ref().map_or(0, |a| a.number));
        let cej = if amended.is_some() { stated(&cej) } else { cej };
        let end = cej.period.end;
        let skipped =
            |message: Message| row(&input, &cej.reference, "skipped", "", &message.to_string());
        if cej.kind != Kind::Cej {
            let kind = cej.kind.as_str().to_string();
            self.rows.push(skipped(Message::NotACej { kind }));
            Verdict::Skipped
        } else if end >= self.expiring_before {
            let before = self.expiring_before;
            self.rows
                .push(skipped(Message::NotExpiring { end, before }));
            Verdict::Skipped
        } else {
            self.expiring
                .push((amended.unwrap_or(0), Expiring { input, cej }));
            Verdict::Done
        }
    }

    fn refused(&mut self, path: &Path, reference: Option<&str>, _: Verdict, why: &str) {
        let input = path.display().to_string();
        let cej = reference.unwrap_or_default();
        self.rows.push(row(&input, cej, "error", "", why));
    }
}

/// Of a CEJ and its avenants, the latest version: the others are reported as skipped.
fn latest_versions(mut versions: Vec<(u32, Expiring)>, rows: &mut Vec<Row>) -> Vec<Expiring> {
    versions.sort_by(|(a, x), (b, y)| (&x.cej.reference, b).cmp(&(&y.cej.reference, a)));
    let mut latest: Vec<Expiring> = Vec::new();
    for (number, version) in versions {
        match latest.last() {
            Some(kept) if kept.cej.reference == version.cej.reference => {
                let message = Message::LatestRenewed {
                    avenant: number,
                    latest: kept.input.clone(),
                }
                .to_string();
                rows.push(row(
                    &version.input,
                    &version.cej.reference,
                    "skipped",
                    "",
                    &message,
                ));
            }
            _ => latest.push(version),
        }
    }
    latest.sort_by(|a, b| a.input.cmp(&b.input));
    latest
}

/// The report's rows for the CEJs a draft replaces: renewed (and the version an earlier
/// draft was kept as, when this one replaced it), or why not.
fn draft_rows(
    draft: &Draft,
    expiring: &[Expiring],
    written: Result<Option<String>, DraftError>,
) -> Vec<Row> {
    let ctg = &draft.ctg.reference;
    let separator = Message::ListSeparator.to_string();
    let warnings = draft.warnings.iter().map(ToString::to_string);
    let mut message = warnings.collect::<Vec<_>>().join(&separator);
    if draft.from.len() > 1 {
        let others = draft.from.len() - 1;
        let grouped = Message::GroupedWith { others }.to_string();
        message = if message.is_empty() {
            grouped
        } else {
            format!("{grouped}{separator}{message}")
        };
    }
    let (status, message) = match written {
        Ok(None) => ("renewed", message),
        Ok(Some(kept)) => {
            let history = HISTORY.to_string();
            let kept = Message::DraftKept { kept, history }.to_string();
            let message = [message, kept].into_iter().filter(|m| !m.is_empty());
            ("renewed", message.collect::<Vec<_>>().join(&separator))
        }
        Err(error) => ("error", error.to_string()),
    };
    let cejs = draft.from.iter().map(|&i| &expiring[i]);
    cejs.map(|e| row(&e.input, &e.cej.reference, status, ctg, &message))
        .collect()
}

/// Writes a draft's TOML (with its review header) once it passes every rule and its draft
/// PDF is made, then the PDF, with that TOML attached; a draft it replaces (edited since,
/// perhaps) is kept in the history. Returns the file and that version's name.
fn write_draft(
    engine: &Engine,
    draft: &Draft,
    expiring: &[Expiring],
    output: &OutputDir,
) -> Result<(PathBuf, Option<String>), DraftError> {
    let ctg = &draft.ctg;
    let errors: Vec<String> = crate::validate::validate(ctg, &KeySpans::default())
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            d.headline(Lang::current(), &|key, lang| {
                crate::format::place(ctg, key, lang)
            })
        })
        .collect();
    if !errors.is_empty() {
        return Err(DraftError::Invalid(
            errors.join(&Message::ListSeparator.to_string()),
        ));
    }
    let text = format!("{}{}", review_header(draft, expiring), ctg.to_toml());
    let document = engine.produce(ctg, text.as_bytes(), true, Format::Pdf)?;
    let path = output.path().join(toml_name(&ctg.reference));
    let saved = history::save(&path, &text, None)?;
    for bytes in &document.files {
        output.write(&pdf_name(&ctg.reference, true), bytes)?;
    }
    Ok((path, saved.kept))
}

/// Writes the report and prints the summary.
fn summary(
    output: &OutputDir,
    mut rows: Vec<Row>,
    drafts: usize,
) -> Result<(Outcome, Vec<Row>), CommandError> {
    rows.sort_by(|a, b| a.input.cmp(&b.input));
    output.write(REPORT, csv(&rows).as_bytes())?;
    let count = |status| rows.iter().filter(|r| r.status == status).count();
    let (renewed, skipped, errors) = (count("renewed"), count("skipped"), count("error"));
    let summary = Message::RenewedSummary {
        renewed,
        drafts,
        skipped,
        errors,
        report: output.path().join(REPORT).display().to_string(),
    };
    let _ = writeln!(diag::stderr(), "{summary}");
    Ok((Outcome::failed_if(errors > 0), rows))
}

/// The report as CSV (RFC 4180 quoting).
fn csv(rows: &[Row]) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = String::from("input,cej_reference,status,ctg_reference,message\n");
    for r in rows {
        let fields = [
            r.input.as_str(),
            &r.cej_reference,
            r.status,
            &r.ctg_reference,
            &r.message,
        ];
        out.push_str(&fields.map(field).join(","));
        out.push('\n');
    }
    out
}
