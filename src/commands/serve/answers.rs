//! What the workspace answers, one struct a JSON answer, named after it: an answer's shape
//! is its type's. The handlers (`api`, `tasks`, `page`, `versions`, `sheets`, `presence`)
//! fill them; the README's API table says what each field means.

use serde::Serialize;

use super::workspace::{Entry, Finding};
use crate::deliver::history::Who;
use crate::deliver::mail::{Preview, Sent};

/// What a refused request answers: why, and what the page needs to go on.
#[derive(Debug, Serialize)]
pub struct ErrorAnswer {
    pub error: String,
    /// A stale save: the file's etag now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// An ambiguous amount (« 12.000 »): the two amounts it may be.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<[String; 2]>,
}

/// What `GET /api/conventions/{reference}` answers: the file, as the source editor and the
/// form show it.
#[derive(Serialize)]
pub struct ConventionAnswer {
    /// Its path, relative to the served directory.
    pub file: String,
    pub totals: Totals,
    /// The form's values, by key path.
    pub values: serde_json::Map<String, serde_json::Value>,
    /// The document's number of each annex of the file (`annexes[1]` → 2); none while the
    /// file has errors.
    pub annex_numbers: std::collections::BTreeMap<String, usize>,
    /// The funding table's years.
    pub years: Vec<i32>,
    /// The period the amounts were written for, when the file was re-dated since (the page
    /// offers to recalculate them).
    pub amounts_written_for: Option<crate::model::Period>,
    pub convention: crate::model::Convention,
    pub toml: String,
    pub etag: String,
    pub diagnostics: Vec<Finding>,
}

/// What `POST /api/check` answers.
#[derive(Serialize)]
pub struct CheckAnswer {
    pub diagnostics: Vec<Finding>,
}

/// What `PUT /api/conventions/{reference}` answers: the saved file's etag and diagnostics.
#[derive(Serialize)]
pub struct SaveAnswer {
    pub etag: String,
    pub diagnostics: Vec<Finding>,
}

/// What `PATCH /api/conventions/{reference}` answers: the file as saved, as `GET` shows it,
/// and the key path of the item added, if one was.
#[derive(Serialize)]
pub struct EditAnswer {
    pub etag: String,
    pub toml: String,
    pub diagnostics: Vec<Finding>,
    pub totals: Totals,
    pub values: serde_json::Map<String, serde_json::Value>,
    pub annex_numbers: std::collections::BTreeMap<String, usize>,
    pub years: Vec<i32>,
    pub convention: crate::model::Convention,
    pub added: Option<String>,
    /// What each page of the new version's draft shows (none when the file has errors).
    pub pages: Option<super::drafts::PageList>,
}

/// The funding's totals: each line's, each year's and the whole, in French.
#[derive(Serialize)]
pub struct Totals {
    pub lines: Vec<LineTotal>,
    pub years: Vec<YearTotal>,
    pub all: String,
}

/// A funding line's total: the line's key path (`funding[1]`) and its sum.
#[derive(Serialize)]
pub struct LineTotal {
    pub line: String,
    pub total: String,
}

/// A year's total.
#[derive(Serialize)]
pub struct YearTotal {
    pub year: i32,
    pub total: String,
}

/// What `POST /api/conventions` answers: the new file, and the reference it declares.
#[derive(Serialize)]
pub struct CreateAnswer {
    pub file: String,
    pub reference: String,
}

/// What `GET /api/conventions/{reference}/history` answers.
#[derive(Serialize)]
pub struct HistoryAnswer {
    /// The version an avenant starts from unless chosen (`versions::start`).
    pub start: Option<String>,
    /// The convention's avenants in the workspace: each names the convention as it leaves
    /// it, a version to compare or amend from (`avenant-N`).
    pub avenants: Vec<super::avenants::Left>,
    /// The saved versions' names, newest first.
    pub versions: Vec<String>,
    /// What each changed, in a few words, for the newest.
    pub labels: Vec<Option<String>>,
    /// Who wrote (or sent) each version, by name.
    pub who: std::collections::BTreeMap<String, Who>,
    /// Who wrote the file as it is.
    pub current: Who,
    /// Whether each version is valid (null past the newest 40).
    pub valid: Vec<Option<bool>>,
    /// Whether the file as it is is valid.
    pub current_valid: bool,
    /// The end of its period as signed, when the file changed since (walk 32: not the one typed).
    pub signed_end: Option<crate::model::Date>,
    /// The version that is the text as signed, then.
    pub signed_version: Option<String>,
}

/// What `GET /api/conventions/{reference}/changes` answers.
#[derive(Serialize)]
pub struct ChangesAnswer {
    pub identical: bool,
    /// What changed in the words of the convention, when both versions are valid.
    pub summary: Option<String>,
    pub hunks: Vec<Vec<LineChange>>,
}

/// A line of a hunk: kept (` `), taken out (`-`) or put in (`+`), with its numbers in the
/// old and the new version.
#[derive(Serialize)]
pub struct LineChange {
    pub tag: &'static str,
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub text: String,
}

/// What `POST /api/renew` answers: the report's rows, whether any failed, and the folder
/// of the drafts.
#[derive(Serialize)]
pub struct RenewAnswer {
    pub rows: Vec<crate::commands::renew::Row>,
    pub failed: bool,
    pub folder: &'static str,
}

/// What `POST /api/conventions/{reference}/preview` answers: the message as its recipients
/// will read it, and why it cannot be sent, if it cannot; for a convention whose file
/// changed since it was signed, the day it was: the draft attached is not the text signed.
#[derive(Serialize)]
pub struct PreviewAnswer {
    pub messages: [Preview; 1],
    pub sending: bool,
    pub why: Option<String>,
    pub changed_since_signed: Option<crate::model::Date>,
    /// The signatories renamed whose address stayed since the last version sent.
    pub addresses_kept: Vec<super::renamed::AddressKept>,
}

/// What `POST /api/conventions/{reference}/send` answers: whether any failed, whether it
/// went, what `convgen send` printed, and the convention's journal after.
#[derive(Serialize)]
pub struct SendAnswer<'a> {
    pub failed: bool,
    pub sent: bool,
    pub lines: Vec<&'a str>,
    pub journal: Vec<Sent>,
}

/// What `GET /api/workspace` answers.
#[derive(Serialize)]
pub struct WorkspaceAnswer {
    pub dir: String,
    /// Why sending is off, if it is.
    pub mail_off: Option<String>,
    pub user: Option<String>,
}

/// What `GET /api/format` answers: the format's tables, by name, from `root`.
#[derive(Serialize)]
pub struct FormatAnswer {
    pub root: &'static str,
    pub tables: std::collections::BTreeMap<&'static str, TableDefinition>,
}

/// A table of the format, as the form shows it.
#[derive(Serialize)]
pub struct TableDefinition {
    pub label: &'static str,
    pub help: &'static str,
    pub keys: Vec<KeyDefinition>,
}

/// A key of the format, as the form shows it.
#[derive(Serialize)]
pub struct KeyDefinition {
    pub name: &'static str,
    pub shape: &'static str,
    pub required: bool,
    pub label: &'static str,
    pub help: &'static str,
    pub add: &'static str,
    pub choices: Option<&'static [crate::model::Choice]>,
    pub bounds: Option<[i64; 2]>,
    /// The table of its items or of its keys, by name.
    pub table: Option<&'static str>,
}

/// A file of `GET /api/conventions`: its entry, when it was last sent, which of its PDFs are
/// current, and where it stands.
#[derive(Serialize)]
pub struct ListItem {
    #[serde(flatten)]
    pub entry: Entry,
    pub sent: Option<String>,
    pub rendered: Vec<&'static str>,
    /// « projet », « envoyée », « signée (2/3) », « signée », « à vérifier »…
    pub state: Option<String>,
    /// …and its kind (`state-signed`…), which the page reads whatever the language.
    pub state_kind: Option<&'static str>,
}

/// What `POST /api/conventions/{reference}/avenant` answers: the avenant's file, its
/// reference and its number.
#[derive(Serialize)]
pub struct AvenantAnswer {
    pub file: String,
    pub reference: String,
    pub number: u32,
}

/// What `GET /api/export` answers: how many conventions the workbook carries, and each file
/// it leaves out.
#[derive(Serialize)]
pub struct ExportAnswer {
    pub conventions: usize,
    pub left_out: Vec<LeftOutFile>,
}

/// A file the workbook leaves out: `why` is `avenant`, `errors` (it has `errors`),
/// `duplicate` (another file declares its reference) or `unreadable`.
#[derive(Serialize)]
pub struct LeftOutFile {
    pub reference: String,
    pub file: String,
    pub why: &'static str,
    pub errors: usize,
}

/// What `POST /api/import` answers: the files written and kept, each problem at its cell,
/// and how many conventions were refused.
#[derive(Serialize)]
pub struct ImportAnswer {
    pub written: Vec<String>,
    pub skipped: Vec<String>,
    pub errors: Vec<String>,
    /// What was left out or kept, by file (an avenant's rows, a file's own articles).
    pub notes: Vec<String>,
    pub refused: usize,
    /// What became of each row of the sheet `conventions`.
    pub rows: Vec<ImportRow>,
}

/// A row of the sheet `conventions` and what became of it: `fate` is `created`, `replaced`,
/// `unchanged`, `kept`, `refused` or `left-out`; `file` relative to the served directory.
#[derive(Serialize)]
pub struct ImportRow {
    #[serde(flatten)]
    pub row: crate::commands::sheets::RowFate,
    pub file: Option<String>,
    /// A convention replaced that is signed: the day its file or a signed copy come back
    /// says. The import changes its file, not what the parties signed.
    pub signed_on: Option<crate::model::Date>,
}

/// What `POST /api/conventions/{reference}/presence` answers: this user, and the others on
/// the convention.
#[derive(Serialize)]
pub struct PresenceAnswer {
    pub user: Option<String>,
    pub others: Vec<String>,
}
