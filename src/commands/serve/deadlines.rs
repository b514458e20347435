//! The workspace's deadlines: the folder's conventions as the `.ics` file `convgen calendar`
//! writes (the same events, the same UIDs), and what falls in the next twelve months.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike as _, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::api::{blocking, error};
use super::tasks::existing_output;
use super::{App, PageLang};
use crate::calendar::ics;
use crate::commands::calendar::{Deadlines, deadlines};
use crate::i18n::Lang;

/// How far ahead « Échéances » looks.
const AHEAD_MONTHS: u32 = 12;

/// The deadlines of every file of the folder, with what its output folder knows; and the
/// references of the files with errors, which have none until corrected.
fn of_workspace(app: &App, lang: Lang) -> (Deadlines, Vec<String>) {
    let listed = app.workspace.list();
    let with_errors = (listed.iter())
        .filter(|(_, entry)| entry.unreadable.is_none() && entry.errors > 0)
        .map(|(_, entry)| entry.reference.clone())
        .collect();
    let files: Vec<PathBuf> = (listed.into_iter())
        .filter(|(_, entry)| entry.unreadable.is_none())
        .map(|(path, _)| path)
        .collect();
    let found = deadlines(&files, existing_output(app).as_deref(), lang);
    (found, with_errors)
}

/// `GET /api/calendar.ics`: the folder's deadlines as an iCalendar file, as
/// `convgen calendar DIR --outputs DIR/.convgen-output` writes it.
pub async fn calendar(State(app): State<Arc<App>>, PageLang(lang): PageLang) -> Response {
    let work = move || {
        let (found, _) = of_workspace(&app, lang);
        let headers = [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"echeances.ics\"",
            ),
        ];
        (headers, ics(&found.events, lang)).into_response()
    };
    blocking(work).await
}

/// `?from=AAAA-MM-JJ`: the first day looked at (today unless given).
#[derive(Debug, Deserialize)]
pub struct Window {
    from: Option<String>,
}

/// What falls between two days.
#[derive(Debug, Serialize)]
pub struct Upcoming {
    /// The days looked at, ISO and in French.
    from: String,
    until: String,
    from_text: String,
    until_text: String,
    events: Vec<Deadline>,
    /// The conventions left out: their file has errors (a draft being prepared…).
    with_errors: Vec<String>,
}

/// One deadline, as the page lists it.
#[derive(Debug, Serialize)]
pub struct Deadline {
    /// `AAAA-MM-JJ`.
    date: String,
    /// The day in French: « 31 décembre 2026 ».
    day: String,
    /// `end`, `renewal`, `effective` or `reminder`.
    kind: &'static str,
    /// The convention to open.
    reference: String,
    summary: String,
    description: String,
    uid: String,
    /// A reminder whose day has passed (the signatories are late), or a renewal to prepare
    /// whose day has passed while the convention still runs: it stays listed.
    overdue: bool,
}

/// `GET /api/deadlines?from=AAAA-MM-JJ`: the deadlines of the next twelve months, by date —
/// with the reminders already due, which stay until the signed copy comes back.
pub async fn upcoming(
    State(app): State<Arc<App>>,
    PageLang(lang): PageLang,
    Query(window): Query<Window>,
) -> Response {
    let from = match window.from.as_deref().map(str::parse::<NaiveDate>) {
        None => chrono::Local::now().date_naive(),
        Some(Ok(day)) => day,
        Some(Err(_)) => {
            return error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "from : écrivez AAAA-MM-JJ",
            );
        }
    };
    let until = from
        .checked_add_months(Months::new(AHEAD_MONTHS))
        .unwrap_or(from);
    let work = move || {
        let (found, with_errors) = of_workspace(&app, lang);
        let ends: HashMap<String, NaiveDate> = (found.events.iter())
            .filter(|e| e.kind == "end")
            .map(|e| (e.reference.clone(), e.date))
            .collect();
        let still_due = |e: &crate::calendar::Event| match e.kind {
            "reminder" => true,
            "renewal" => ends.get(&e.reference).is_some_and(|end| *end >= from),
            _ => false,
        };
        let events = (found.events.into_iter())
            .filter(|e| e.date <= until && (e.date >= from || still_due(e)))
            .map(|e| Deadline {
                date: e.date.to_string(),
                day: french(e.date),
                kind: e.kind,
                reference: e.reference,
                summary: e.summary,
                description: e.description,
                uid: e.uid,
                overdue: e.date < from,
            })
            .collect();
        Json(Upcoming {
            from: from.to_string(),
            until: until.to_string(),
            from_text: french(from),
            until_text: french(until),
            events,
            with_errors,
        })
    };
    blocking(work).await
}

fn french(date: NaiveDate) -> String {
    crate::french::date(date.year(), date.month() as u8, date.day() as u8)
}
