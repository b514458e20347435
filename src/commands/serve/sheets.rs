//! Workbooks in and out of the workspace: every valid convention exported as one `.xlsx`,
//! and a workbook imported as a file per convention, as `convgen export` and `convgen
//! import` do.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::answers::{ExportAnswer, ImportAnswer, ImportRow, LeftOutFile};

use super::api::{blocking, error};
use super::auth::User;
use super::{App, PageLang};
use crate::deliver::OutputDir;
use crate::deliver::history;
use crate::format::Source;
use crate::pipeline::load;

/// What « Exporter toutes les conventions » takes: every valid convention of the workspace;
/// and what it leaves out, each file with why — an avenant stays a file of its own (a
/// workbook row cannot carry its `[previous]`), a file with errors is not a convention yet.
fn exported(app: &App) -> (Vec<crate::model::Convention>, Vec<LeftOutFile>) {
    let mut conventions = Vec::new();
    let mut left_out = Vec::new();
    for (path, entry) in app.workspace.list() {
        let why = match () {
            _ if entry.unreadable.is_some() => Some("unreadable"),
            _ if entry.duplicate_of.is_some() => Some("duplicate"),
            _ if entry.kind == "avenant" => Some("avenant"),
            _ if !entry.valid => Some("errors"),
            _ => None,
        };
        let loaded = why.is_none().then(|| Source::read(&path).ok()).flatten();
        match (why, loaded) {
            (None, Some(source)) => conventions.push(load(&source).convention),
            (why, _) => left_out.push(LeftOutFile {
                why: why.unwrap_or("unreadable"),
                errors: entry.errors,
                reference: entry.reference,
                file: entry.file,
            }),
        }
    }
    (conventions, left_out)
}

/// `GET /api/export`: what `GET /api/export.xlsx` would carry, said before it is asked
/// for: how many conventions, and each file left out with why.
pub async fn export_plan(State(app): State<Arc<App>>) -> Response {
    let work = move || -> Response {
        let (conventions, left_out) = exported(&app);
        let conventions = conventions.len();
        Json(ExportAnswer {
            conventions,
            left_out,
        })
        .into_response()
    };
    blocking(work).await
}

/// `GET /api/export.xlsx`: every valid convention of the workspace in one workbook, as
/// `convgen export` writes it (what it leaves out: `GET /api/export`).
pub async fn export(State(app): State<Arc<App>>) -> Response {
    let work = move || -> Response {
        let (conventions, _) = exported(&app);
        match crate::sheets::export::xlsx(&crate::sheets::export::sheets(&conventions)) {
            Ok(bytes) => {
                let headers = [
                    (header::CONTENT_TYPE, XLSX),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"conventions.xlsx\"",
                    ),
                ];
                (headers, bytes).into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The uploaded workbook's name, whether files that exist are replaced, and whether it is
/// a trial (nothing written: what importing would do, for the page to ask first).
#[derive(Debug, Deserialize)]
pub struct Upload {
    name: String,
    #[serde(default)]
    force: bool,
    #[serde(default)]
    trial: bool,
}

/// `POST /api/import?name=BOOK.xlsx&force=false&trial=false` (body: the `.xlsx` or `.ods`
/// file): a file per convention written into the workspace, as `convgen import` writes them:
/// `{written, skipped, errors, notes, refused, rows}`, `rows` saying what became of each row.
pub async fn import(
    State(app): State<Arc<App>>,
    Query(upload): Query<Upload>,
    PageLang(lang): PageLang,
    User(user): User,
    body: axum::body::Bytes,
) -> Response {
    let work = move || -> Response {
        let name: String = (upload.name.chars())
            .filter(|c| !c.is_control() && !matches!(c, '/' | '\\'))
            .collect();
        let book = match crate::sheets::Book::from_bytes(name, body.to_vec()) {
            Ok(book) => book,
            Err(e @ crate::sheets::BookError::TooLarge { .. }) => {
                return error(StatusCode::BAD_REQUEST, e.to_string());
            }
            Err(_) => {
                return error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    crate::i18n::Message::NotAWorkbook.text(lang),
                );
            }
        };
        let output = match OutputDir::create(app.workspace.dir()) {
            Ok(output) => output,
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        // A reference some files declare is the first of them (the others are refused).
        let mut known = std::collections::BTreeMap::new();
        for (path, entry) in app.workspace.list() {
            if entry.unreadable.is_none() {
                known.entry(entry.reference).or_insert(path);
            }
        }
        let (force, trial) = (upload.force, upload.trial);
        match crate::commands::sheets::import_into(&book, &output, force, &known, trial, lang) {
            Ok(report) => {
                let written = report.written.iter().filter_map(|path| {
                    let text = std::fs::read_to_string(path).ok()?;
                    Some((path, text, user.as_deref()?))
                });
                for (path, text, user) in written {
                    let _ = history::record(path, &text, user);
                }
                let relative = |paths: &[PathBuf]| -> Vec<String> {
                    paths.iter().map(|p| app.workspace.relative(p)).collect()
                };
                Json(ImportAnswer {
                    written: relative(&report.written),
                    skipped: relative(&report.skipped),
                    errors: report.errors,
                    notes: report.notes,
                    refused: report.refused,
                    rows: (report.rows.into_iter())
                        .map(|row| ImportRow {
                            file: row.file.as_deref().map(|p| app.workspace.relative(p)),
                            signed_on: signed_on(&app, &row),
                            row,
                        })
                        .collect(),
                })
                .into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// The day a convention a row replaces was signed, as its file says or a signed copy come
/// back: the import changes the file, not what the parties signed.
fn signed_on(app: &App, row: &crate::commands::sheets::RowFate) -> Option<crate::model::Date> {
    let path = row.file.as_deref()?;
    if !matches!(row.fate, crate::commands::sheets::Fate::Replaced) {
        return None;
    }
    let dated = crate::pipeline::load_lenient(path).and_then(|c| c.signature.and_then(|s| s.date));
    dated.or_else(|| super::returns::signed_on(app, path))
}
