//! The page: one HTML document made with minijinja, every value HTML-escaped, that lists the
//! conventions with their state and carries the plain JavaScript of the other views (a
//! convention's form, source and pages; renewal; the journal), which use the JSON API.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Value, context};
use serde_json::json;

use super::App;
use super::api::blocking;
use super::tasks::OUTPUT;
use std::path::Path;

use crate::deliver::mail::{Delivery, Journal};
use crate::deliver::{Entry, Manifest};
use crate::digest::sha256_hex;
use crate::model::{Domain, Equipment, Funder, FundingKind, PartnerKind};
use crate::pipeline::Format;

const PAGE: &str = include_str!("../../../templates/web/index.html");

/// `GET /`: the page, with the list of conventions.
pub async fn page(State(app): State<Arc<App>>) -> Response {
    let work = move || match render(&app) {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    blocking(work).await.unwrap_or_else(|response| response)
}

fn render(app: &App) -> Result<String, minijinja::Error> {
    let mut env = Environment::new();
    // Every value HTML-escaped, whatever the template's name says.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("index.html", PAGE)?;
    let journal = Journal::open(&app.workspace.dir().join(OUTPUT));
    let sent_on = |reference: &str| {
        (journal.entries().iter().rev())
            .find(|s| s.reference == reference && s.status == Delivery::Sent)
            .and_then(|s| day(&s.time))
    };
    let conventions: Vec<_> = (app.workspace.list().into_iter())
        .map(|(path, entry)| {
            let sent = sent_on(&entry.reference);
            json!({ "entry": entry, "sent": sent, "rendered": rendered(app, &path) })
        })
        .collect();
    let pairs = |list: Vec<(&'static str, &'static str)>| json!(list);
    let choices = json!({
        "partner_kinds": pairs(PartnerKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect()),
        "domains": pairs(Domain::ALL.iter().map(|k| (k.as_str(), k.label())).collect()),
        "funders": pairs(Funder::ALL.iter().map(|k| (k.as_str(), k.label())).collect()),
        "funding_kinds": pairs(FundingKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect()),
        "equipment": pairs(Equipment::ALL.iter().map(|k| (k.as_str(), k.label())).collect()),
    });
    let dir = app.workspace.dir().display().to_string();
    let mail = app.mail.as_ref().err();
    env.get_template("index.html")?.render(context! {
        dir,
        conventions => Value::from(Serde(&conventions)),
        choices => Value::from(Serde(&choices)),
        mail_off => mail,
    })
}

/// The day of a journal time (`2026-11-24T08:30:00Z`), in French.
fn day(time: &str) -> Option<String> {
    let date = crate::model::Date::parse(time.get(..10)?)?;
    Some(crate::french::date(date.year, date.month, date.day))
}

/// `GET /workspace.js`: the page's views.
pub async fn script() -> Response {
    let js = include_str!("../../../templates/web/workspace.js");
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        js,
    )
        .into_response()
}

/// Which PDFs of a file the output folder holds, current: « définitive », « projet ».
fn rendered(app: &App, path: &Path) -> Vec<&'static str> {
    let output = app.workspace.dir().join(OUTPUT);
    let manifest = Manifest::read(&output).by_key();
    let Ok(text) = std::fs::read(path) else {
        return Vec::new();
    };
    let input = sha256_hex(&text);
    [(false, "définitive"), (true, "projet")]
        .into_iter()
        .filter(|&(draft, _)| {
            let recipe = app.engine.recipe(Format::Pdf, draft);
            let key = Entry::new(path, Format::Pdf, draft, String::new()).key();
            (manifest.get(&key)).is_some_and(|e| e.is_current(&output, &input, &recipe))
        })
        .map(|(_, name)| name)
        .collect()
}
