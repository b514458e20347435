//! The page's shell — its HTML, script and style, the same bytes for everyone, holding
//! nothing of the folder, so that they are served without the token — and the answers that
//! fill it: the list of conventions with their state, and what the workspace offers.

use std::path::Path;
use std::sync::Arc;

use super::answers::{FormatAnswer, KeyDefinition, ListItem, TableDefinition, WorkspaceAnswer};
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::api::blocking;
use super::tasks::existing_output;
use super::{App, PageLang};
use crate::deliver::mail::{Delivery, Journal};
use crate::deliver::{Entry, Manifest};
use crate::digest::sha256_hex;
use crate::files::{self, Links};
use crate::format::MAX_FILE_BYTES;
use crate::pipeline::Format;

/// `GET /`: the page's shell; its script fills it from the API.
pub async fn page() -> Response {
    let html = include_str!("../../../templates/web/index.html");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// `GET /workspace.js`: the page's views.
pub async fn script() -> Response {
    let js = include_str!("../../../templates/web/workspace.js");
    let kind = "text/javascript; charset=utf-8";
    ([(header::CONTENT_TYPE, kind)], js).into_response()
}

/// `GET /workspace.css`: the page's style.
pub async fn style() -> Response {
    let css = include_str!("../../../templates/web/workspace.css");
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response()
}

/// `GET /api/workspace`: the folder served, why sending is off, if it is, and the user
/// (behind a team's proxy).
pub async fn workspace(State(app): State<Arc<App>>, user: super::auth::User) -> Response {
    Json(WorkspaceAnswer {
        dir: app.workspace.dir().display().to_string(),
        mail_off: app.mail.as_ref().err().cloned(),
        user: user.name().map(str::to_string),
    })
    .into_response()
}

/// `GET /api/format`: the format's definition, from which the page builds its form: each
/// table (by name, `convention` first) with its label, help and keys — each key's name,
/// shape, whether it is required, its label and help, its bounds, its choices, its table.
pub async fn format(PageLang(lang): PageLang) -> Response {
    use crate::format::fields::{self, Shape, Table};
    fn shape(shape: Shape) -> (&'static str, Option<&'static Table>) {
        match shape {
            Shape::Line => ("line", None),
            Shape::Text => ("text", None),
            Shape::Reference => ("reference", None),
            // Nine digits: a line of text to the form.
            Shape::Siren => ("identifier", None),
            Shape::Email => ("email", None),
            Shape::Date => ("date", None),
            Shape::Amount => ("amount", None),
            Shape::Count { .. } => ("count", None),
            Shape::Choice(_) => ("choice", None),
            Shape::Table(t) => ("table", Some(t)),
            Shape::Inline(t) => ("inline", Some(t)),
            Shape::Tables(t) => ("tables", Some(t)),
            Shape::Lines => ("lines", None),
            Shape::Domains => ("domains", Some(&fields::OTHER_DOMAIN)),
            Shape::Actions => ("actions", Some(&fields::FICHE)),
            Shape::Amounts => ("amounts", None),
        }
    }
    let mut tables = std::collections::BTreeMap::new();
    let mut pending: Vec<&'static Table> = vec![&fields::CONVENTION];
    while let Some(table) = pending.pop() {
        if tables.contains_key(table.name) {
            continue;
        }
        let keys: Vec<_> = (table.fields.iter())
            .map(|field| {
                let (name, inner) = shape(field.shape);
                pending.extend(inner);
                let choices = match field.shape {
                    Shape::Choice(choices) => Some(choices),
                    Shape::Domains => Some(fields::DOMAINS),
                    _ => None,
                };
                let bounds = match field.shape {
                    Shape::Count { min, max } => Some([min, max]),
                    _ => None,
                };
                KeyDefinition {
                    name: field.name,
                    shape: name,
                    required: field.required,
                    label: field.label.of(lang),
                    help: field.help.of(lang),
                    add: field.add.of(lang),
                    choices,
                    bounds,
                    table: inner.map(|t| t.name),
                }
            })
            .collect();
        let definition = TableDefinition {
            label: table.label.of(lang),
            help: table.help.of(lang),
            keys,
        };
        tables.insert(table.name, definition);
    }
    let root = fields::CONVENTION.name;
    Json(FormatAnswer { root, tables }).into_response()
}

/// `GET /api/conventions`: every file with its state, whether its PDFs are current and
/// when it was last sent.
pub async fn list(State(app): State<Arc<App>>, PageLang(lang): PageLang) -> Response {
    let work = move || {
        let output = existing_output(&app);
        let opened = output.as_deref().map(Journal::open);
        let journal = opened.as_ref().map_or(&[][..], |j| j.entries());
        let sent_on = |reference: &str| {
            (journal.iter().rev())
                .find(|s| s.reference == reference && s.status == Delivery::Sent)
                .and_then(|s| day(&s.time))
        };
        // Read once for the whole list, not once a file.
        let manifest = output.as_deref().map(|o| Manifest::read(o).by_key());
        let listed = super::listing::avenants_after_their_convention(app.workspace.list());
        let list: Vec<_> = (listed.into_iter())
            .map(|(path, entry)| {
                let (rendered, state) = match (&output, &manifest, &opened) {
                    (Some(output), Some(manifest), Some(journal)) => {
                        let final_pdf = Entry::new(&path, Format::Pdf, false, String::new());
                        let state = (manifest.get(&final_pdf.key()))
                            .map(|e| crate::verify::state(e, journal).message());
                        (rendered(&app, output, manifest, &path), state)
                    }
                    _ => (Vec::new(), None),
                };
                ListItem {
                    sent: sent_on(&entry.reference),
                    entry,
                    rendered,
                    state: state.as_ref().map(|s| s.text(lang)),
                    state_kind: state.as_ref().map(|s| s.id()),
                }
            })
            .collect();
        Json(list).into_response()
    };
    blocking(work).await
}

/// The day of a journal time (`2026-11-24T08:30:00Z`), in French.
fn day(time: &str) -> Option<String> {
    let date = crate::model::Date::parse(time.get(..10)?)?;
    Some(crate::french::date(date.year, date.month, date.day))
}

/// Which PDFs of a file the output folder holds, current: « définitive », « projet ».
fn rendered(
    app: &App,
    output: &Path,
    manifest: &std::collections::BTreeMap<(String, String), Entry>,
    path: &Path,
) -> Vec<&'static str> {
    let Ok(text) = files::read(path, MAX_FILE_BYTES as u64, Links::Refuse) else {
        return Vec::new();
    };
    let input = sha256_hex(&text);
    [(false, "définitive"), (true, "projet")]
        .into_iter()
        .filter(|&(draft, _)| {
            let recipe = app.engine.recipe(Format::Pdf, draft);
            let key = Entry::new(path, Format::Pdf, draft, String::new()).key();
            (manifest.get(&key)).is_some_and(|e| e.is_current(output, &input, &recipe))
        })
        .map(|(_, name)| name)
        .collect()
}
