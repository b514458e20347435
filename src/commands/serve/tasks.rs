//! The workspace's tasks beyond editing one file: a new convention from the example, a
//! file's saved versions and what changed between two of them, renewing the CEJs, sending
//! with every message previewed first, and the journal of what was sent. Each runs the
//! command line's own code.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::answers::*;
use super::api::{ApiError, blocking, error};
use super::auth::User;
use super::convention::Convention;
use super::signed::{changed_since_signed, refuse_final_send};
use super::{App, PageLang};
use crate::commands::{Outcome, renew, send};
use crate::deliver::history::{self, SaveError};
use crate::deliver::mail::{Journal, Sender, Sent, letter};
use crate::format::{Source, example};
use crate::i18n::Message;
use crate::model::{Date, Kind};
use crate::pipeline::batch::Verdict;
use crate::pipeline::{Collected, Format, load};

/// Folder, inside the served directory, of the PDFs sent, their manifest and the journal.
pub const OUTPUT: &str = ".convgen-output";
/// Folder, inside the served directory, of the CTG drafts `renew` writes.
pub const RENEWED: &str = "renouvellement";

/// A new convention: its kind, reference and territory.
#[derive(Debug, Deserialize)]
pub struct NewConvention {
    kind: String,
    reference: String,
    territory: String,
}

/// `POST /api/conventions` (JSON `{kind, reference, territory}`): `<reference>.toml`, from
/// the commented example, with that reference and territory: `201 {file, reference}`.
pub async fn create(
    State(app): State<Arc<App>>,
    PageLang(lang): PageLang,
    User(user): User,
    Json(new): Json<NewConvention>,
) -> Response {
    let work = move || -> Response {
        let Some(kind) = Kind::parse(&new.kind) else {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                Message::KindIsCtgOrCej.text(lang),
            );
        };
        let mut text = example(kind).to_string();
        for (key, value) in [("reference", &new.reference), ("territory", &new.territory)] {
            match super::edit::set(&text, key, &json!(value.trim())) {
                Ok(edited) => text = edited,
                Err(e) => {
                    let message = Message::from(&e).text(lang);
                    return error(StatusCode::UNPROCESSABLE_ENTITY, message);
                }
            }
        }
        text = super::versions::to_complete(&text, new.territory.trim());
        // The reference names the file: refused here as `check` refuses it.
        let loaded = load(&Source::from_bytes(
            "new.toml".as_ref(),
            text.clone().into_bytes(),
        ));
        let refused = (loaded.diagnostics.iter())
            .find(|d| d.is_error() && d.key.as_ref().is_some_and(|k| k.to_string() == "reference"));
        if let Some(refused) = refused {
            return error(StatusCode::UNPROCESSABLE_ENTITY, refused.message.text(lang));
        }
        let (reference, folder) = (new.reference.trim(), app.workspace.folder_of(kind.as_str()));
        match app.workspace.create(folder.as_deref(), reference, &text) {
            Ok(path) => {
                if let Some(user) = &user {
                    let _ = history::record(&path, &text, user);
                }
                let file = app.workspace.relative(&path);
                let reference = reference.to_string();
                (StatusCode::CREATED, Json(CreateAnswer { file, reference })).into_response()
            }
            Err(SaveError::Exists(path)) => error(
                StatusCode::CONFLICT,
                Message::ExistsOrReferenceTaken {
                    file: app.workspace.relative(&path),
                }
                .text(lang),
            ),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// `GET /api/conventions/{reference}/history`: the saved versions, newest first, who wrote
/// (or sent) each, whether each is valid, the « De » offered, the period's end as signed when
/// the file changed since and its version: a [`HistoryAnswer`].
pub async fn history(State(app): State<Arc<App>>, convention: Convention) -> Response {
    let work = move || -> Response {
        let Convention { path, source, lang } = convention;
        let versions = history::versions(&path);
        let labels = super::versions::labels(&path, &source.text, &versions, lang);
        let valid = super::versions::validity(&path, &versions);
        let loaded = load(&source);
        let (who, current) = history::authors(&path);
        // After an avenant, the convention as it leaves it, as its file says (edited or not).
        let c = &loaded.convention;
        let left = (loaded.is_valid().then(|| super::avenants::start(&app, c))).flatten();
        let avenants = super::avenants::of(&app, c);
        // The newest avenants prepared, in error, were never signed: not started from.
        let in_error = avenants.iter().rev().take_while(|a| !a.usable).count();
        let start = left
            .or_else(|| super::versions::start(&path, &source.text, &versions, &valid, in_error));
        let signed = changed_since_signed(&path, c);
        Json(HistoryAnswer {
            start,
            avenants,
            versions,
            labels,
            who,
            current,
            valid,
            current_valid: loaded.is_valid(),
            signed_end: signed.as_ref().map(|s| s.end),
            signed_version: signed.map(|s| s.version),
        })
        .into_response()
    };
    blocking(work).await
}

/// Two versions of a file: names from its history, or `current`.
#[derive(Debug, Deserialize)]
pub struct Between {
    pub(super) from: String,
    #[serde(default = "current")]
    pub(super) to: String,
}

impl Between {
    /// The convention's file and the texts of the two versions.
    pub(super) fn texts(
        &self,
        app: &App,
        convention: Convention,
    ) -> Result<(PathBuf, String, String), ApiError> {
        let Convention { path, source, lang } = convention;
        let now = || load(&source).convention;
        let text = |name: &str| match name {
            "current" => Some(source.text.clone()),
            name => {
                history::version(&path, name).or_else(|| super::avenants::text(app, &now(), name))
            }
        };
        match (text(&self.from), text(&self.to)) {
            (Some(old), Some(new)) => Ok((path, old, new)),
            _ => Err(ApiError::said(
                StatusCode::NOT_FOUND,
                Message::NotInTheHistory,
                lang,
            )),
        }
    }
}

fn current() -> String {
    "current".to_string()
}

/// `GET /api/conventions/{reference}/changes?from=V&to=W`: the lines that changed between
/// two versions (`current` for the file as it is), with three lines of context.
pub async fn changes(
    State(app): State<Arc<App>>,
    convention: Convention,
    Query(between): Query<Between>,
) -> Response {
    let work = move || -> Response {
        let (_, old, new) = match between.texts(&app, convention) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let summary = summary(&old, &new);
        let hunks = line_changes(&old, &new);
        let identical = old == new;
        Json(ChangesAnswer {
            identical,
            summary,
            hunks,
        })
        .into_response()
    };
    blocking(work).await
}

/// What changed between two versions in the words of the convention (`convgen diff`), when
/// both are valid.
pub(super) fn summary(old: &str, new: &str) -> Option<String> {
    use super::versions::valid;
    let changes = crate::diff::diff(&valid(old)?, &valid(new)?);
    Some(crate::diff::text(&changes))
}

/// The changed lines of `new` against `old`, grouped in hunks with their context.
fn line_changes(old: &str, new: &str) -> Vec<Vec<LineChange>> {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_lines(old, new);
    (diff.grouped_ops(3).iter())
        .map(|group| {
            (group.iter())
                .flat_map(|op| diff.iter_changes(op))
                .map(|change| {
                    let tag = match change.tag() {
                        ChangeTag::Equal => " ",
                        ChangeTag::Delete => "-",
                        ChangeTag::Insert => "+",
                    };
                    LineChange {
                        tag,
                        old: change.old_index().map(|i| i + 1),
                        new: change.new_index().map(|i| i + 1),
                        text: change.value().trim_end_matches('\n').to_string(),
                    }
                })
                .collect()
        })
        .collect()
}

/// What the renew form asks.
#[derive(Debug, Deserialize)]
pub struct RenewForm {
    expiring_before: String,
    years: Option<i32>,
    start: Option<String>,
    #[serde(default)]
    group_by_epci: bool,
    /// Renew even the CEJs whose CTG, from the day after their end, is already over.
    #[serde(default)]
    anyway: bool,
}

/// `POST /api/renew` (JSON `{expiring_before, years, start, group_by_epci, anyway}`): the CEJs of the
/// workspace that expire, drafted as CTGs into `renouvellement/`: `{rows, failed}`, the
/// report `convgen renew` writes; without `anyway`, CTGs that would be over already
/// (without `start`) or drafts it would replace that say something else: `409 {error, over,
/// replaced}`, nothing written.
pub async fn renew(
    State(app): State<Arc<App>>,
    PageLang(lang): PageLang,
    User(user): User,
    Json(form): Json<RenewForm>,
) -> Response {
    let work = move || -> Response {
        let date = |text: &str| Date::parse(text);
        let Some(expiring_before) = date(&form.expiring_before) else {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                Message::CejEndAsDate.text(lang),
            );
        };
        let start = match form.start.as_deref().filter(|s| !s.is_empty()).map(date) {
            Some(None) => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Message::CtgStartAsDate.text(lang),
                );
            }
            start => start.flatten(),
        };
        let years = form.years.unwrap_or(5);
        if !(1..=5).contains(&years) {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                Message::CtgLastsOneToFiveYears.text(lang),
            );
        }
        let cejs = (app.workspace.list().into_iter())
            .filter(|(_, entry)| entry.kind == Kind::Cej.as_str() && entry.duplicate_of.is_none())
            .map(|(path, _)| path);
        let output = match folder(&app, RENEWED) {
            Ok(output) => output,
            Err(refused) => return refused.into_response(),
        };
        let config = renew::Config {
            inputs: cejs.collect(),
            output,
            templates: app.templates.clone(),
            expiring_before,
            years,
            start,
            group_by_epci: form.group_by_epci,
            report: Default::default(),
        };
        // Asked before anything is written: a CTG over before it is signed is no renewal.
        // And drafts that say something else than it would write, edited since perhaps.
        let (over, replaced) = renew::asked_first(&config, form.anyway);
        if !over.is_empty() || !replaced.is_empty() {
            let error = match over.is_empty() {
                false => Message::RenewPeriodsOver.text(lang),
                true => Message::RenewDraftsReplaced.text(lang),
            };
            let asked = json!({ "error": error, "over": over, "replaced": replaced });
            return (StatusCode::CONFLICT, Json(asked)).into_response();
        }
        match renew::renew(&config) {
            Ok((outcome, mut rows)) => {
                if let Some(user) = &user {
                    record_written(&app, &rows, user);
                }
                for row in &mut rows {
                    row.input = app.workspace.relative(std::path::Path::new(&row.input));
                }
                let failed = outcome != Outcome::AllGood;
                let folder = RENEWED;
                Json(RenewAnswer {
                    rows,
                    failed,
                    folder,
                })
                .into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// Records `user` as the author of the CTGs a renewal drafted.
fn record_written(app: &App, rows: &[renew::Row], user: &str) {
    for row in rows.iter().filter(|r| r.status == "renewed") {
        if let Ok(path) = app.workspace.find(&row.ctg_reference, None)
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            let _ = history::record(&path, &text, user);
        }
    }
}

/// What the send form asks.
#[derive(Debug, Default, Deserialize)]
pub struct SendForm {
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    resend: bool,
    /// The text tags of a signature platform in the PDF sent.
    #[serde(default)]
    tags: Option<crate::render::SignatureTags>,
}

/// `POST /api/conventions/{reference}/preview` (JSON `{draft}`): the message `send` would
/// send, as its recipients will read it (and who, without an e-mail address, will not:
/// `messages[].without_email`); nothing is sent: a [`PreviewAnswer`].
pub async fn preview(
    State(app): State<Arc<App>>,
    convention: Convention,
    Json(form): Json<SendForm>,
) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let lang = convention.lang;
        let (source, loaded) = match convention.valid(Message::ToSendIt) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        if let Some(refused) = refuse_final_send(&app, &source, form.draft, lang) {
            return refused;
        }
        let c = &loaded.convention;
        let engine = match app.engine(form.tags) {
            Ok(engine) => engine,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        let pdf = match engine.produce(c, source.text.as_bytes(), form.draft, Format::Pdf) {
            Ok(document) => document.files.into_iter().next().unwrap_or_default(),
            Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        };
        let sender = match &app.mail {
            Ok(mail) => mail.sender(),
            // Previewed all the same, from a placeholder: the page says why it cannot go.
            Err(_) => Sender::placeholder(),
        };
        let name = crate::deliver::pdf_name(&c.reference, form.draft);
        match letter(app.engine.renderer(), &sender, c, form.draft, pdf, &name) {
            Ok(letter) => Json(PreviewAnswer {
                messages: [letter.preview],
                sending: app.mail.is_ok(),
                why: app.mail.as_ref().err().cloned(),
                changed_since_signed: changed_since_signed(&source.path, c).map(|s| s.date),
                addresses_kept: super::renamed::addresses_kept(&source.path, c),
            })
            .into_response(),
            Err(e) => error(
                StatusCode::UNPROCESSABLE_ENTITY,
                crate::i18n::Message::from(&e).text(lang),
            ),
        }
    };
    blocking(work).await
}

/// `POST /api/conventions/{reference}/send` (JSON `{draft, resend}`): sent as `convgen send`
/// sends it, journal first; `{failed, lines, journal}`. One sending at a time, so that two
/// tabs never send one document twice.
pub async fn send(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    convention: Convention,
    User(user): User,
    Json(form): Json<SendForm>,
) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let Convention { path, source, lang } = convention;
        if let Some(refused) = refuse_final_send(&app, &source, form.draft, lang) {
            return refused;
        }
        let mail = match &app.mail {
            Ok(mail) => mail.clone(),
            Err(why) => {
                let why = why.clone();
                return error(StatusCode::CONFLICT, Message::SendingOff { why }.text(lang));
            }
        };
        let _one_at_a_time = app.output.lock().unwrap_or_else(|e| e.into_inner());
        let output = match folder(&app, OUTPUT) {
            Ok(output) => output,
            Err(refused) => return refused.into_response(),
        };
        let config = send::Config {
            inputs: vec![path.clone()],
            output,
            templates: app.templates.clone(),
            draft: form.draft,
            resend: form.resend,
            signature_tags: form.tags,
            mail,
            user: user.clone(),
            report: Default::default(),
        };
        let mut accounts = Collected::default();
        match send::send(&config, &mut accounts) {
            Ok(outcome) => {
                // The version sent, kept: the page shows what changed since.
                let sent = accounts.0.iter().any(|a| a.verdict == Verdict::Done);
                if outcome == Outcome::AllGood && sent {
                    let _ = history::keep_sent_by(&path, &source.text, user.as_deref());
                }
                let lines: Vec<&str> = (accounts.0.iter()).map(|a| a.text.trim_end()).collect();
                Json(SendAnswer {
                    failed: outcome != Outcome::AllGood,
                    sent,
                    lines,
                    journal: journal(&app, Some(&reference)),
                })
                .into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// A folder the workspace writes into, `DIR/<relative>`, made when missing; refused (`500`,
/// saying why) when a symbolic link would take the writes out of the folder.
pub fn folder(app: &App, relative: &str) -> Result<PathBuf, ApiError> {
    let made = crate::files::folder_inside(app.workspace.dir(), std::path::Path::new(relative));
    made.map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// The output folder, when it exists as a real folder of the workspace (for reading).
pub fn existing_output(app: &App) -> Option<PathBuf> {
    crate::files::existing_folder_inside(app.workspace.dir(), std::path::Path::new(OUTPUT))
}

/// The journal's lines, newest first, for one convention or all.
fn journal(app: &App, reference: Option<&str>) -> Vec<Sent> {
    let Some(output) = existing_output(app) else {
        return Vec::new();
    };
    let journal = Journal::open(&output);
    let lines = (journal.entries().iter().rev())
        .filter(|sent| reference.is_none_or(|r| sent.reference == r));
    lines.cloned().collect()
}

/// `GET /api/journal`: what was sent, to whom and when, newest first.
pub async fn sent(State(app): State<Arc<App>>) -> Response {
    blocking(move || Json(journal(&app, None))).await
}
