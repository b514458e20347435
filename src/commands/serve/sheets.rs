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

use super::answers::ImportAnswer;

use super::api::{blocking, error};
use super::auth::User;
use super::{App, PageLang};
use crate::deliver::OutputDir;
use crate::deliver::history;
use crate::format::Source;
use crate::pipeline::load;

/// `GET /api/export.xlsx`: every valid convention of the workspace in one workbook, as
/// `convgen export` writes it.
pub async fn export(State(app): State<Arc<App>>) -> Response {
    let work = move || -> Response {
        let conventions: Vec<_> = (app.workspace.list().into_iter())
            .filter(|(_, entry)| entry.valid)
            .filter_map(|(path, _)| Some(load(&Source::read(&path).ok()?).convention))
            .collect();
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

/// The uploaded workbook's name, and whether files that exist are replaced.
#[derive(Debug, Deserialize)]
pub struct Upload {
    name: String,
    #[serde(default)]
    force: bool,
}

/// `POST /api/import?name=BOOK.xlsx&force=false` (body: the `.xlsx` or `.ods` file): a file
/// per convention written into the workspace, as `convgen import` writes them:
/// `{written, skipped, errors, notes, refused}`.
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
        match crate::commands::sheets::import_into(&book, &output, upload.force, &known) {
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
                })
                .into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}
