//! What the workspace makes of a file's versions beyond comparing two: each labelled with
//! what changed, an avenant from any two, and a new convention's text « à compléter ».

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::App;
use super::answers::AvenantAnswer;
use super::api::{blocking, error};
use super::auth::User;
use super::convention::Convention;
use super::tasks::Between;
use crate::deliver::history::{self, SaveError};
use crate::format::Source;
use crate::i18n::{Lang, Message};
use crate::pipeline::load;

/// The convention a text states, when it is valid.
fn valid(text: &str) -> Option<crate::model::Convention> {
    let source = Source::from_bytes("version.toml".as_ref(), text.as_bytes().to_vec());
    let loaded = load(&source);
    loaded.is_valid().then_some(loaded.convention)
}

/// For each version (newest first), what the save made at its time changed: from it to the
/// next newer one, or to `current`, the file as it is.
pub fn labels(
    path: &std::path::Path,
    current: &str,
    versions: &[String],
    lang: Lang,
) -> Vec<Option<String>> {
    let mut newer = Some(current.to_string());
    (versions.iter().enumerate())
        .map(|(i, name)| {
            let old = history::version(path, name);
            let said = match (&old, &newer) {
                (Some(old), Some(new)) if i < LABELLED => label(old, new, lang),
                _ => None,
            };
            newer = old;
            said
        })
        .collect()
}

/// Whether each version (newest first) is valid, for the newest ones labelled: the page
/// offers an avenant only between valid versions and says which are not.
pub fn validity(path: &std::path::Path, versions: &[String]) -> Vec<Option<bool>> {
    (versions.iter().enumerate())
        .map(|(i, name)| match i < LABELLED {
            true => history::version(path, name).map(|text| valid(&text).is_some()),
            false => None,
        })
        .collect()
}

/// The convention a version states, or its first error in `lang` (« caf.name : … »).
fn stated(text: String, lang: Lang) -> Result<crate::model::Convention, String> {
    let loaded = load(&Source::from_bytes(
        "version.toml".as_ref(),
        text.into_bytes(),
    ));
    if loaded.is_valid() {
        return Ok(loaded.convention);
    }
    let first = loaded.diagnostics.iter().find(|d| d.is_error());
    Err(first.map_or_else(String::new, |d| match &d.key {
        Some(key) => format!("{key} : {}", d.message.text(lang)),
        None => d.message.text(lang),
    }))
}

/// How many of the newest versions are labelled with what changed after them.
const LABELLED: usize = 40;

/// What changed from `old` to `new`, in a few words: « Parties : Commune d’Enval modifié ;
/// financement : ligne 1 » — `None` when either is invalid.
fn label(old: &str, new: &str, lang: Lang) -> Option<String> {
    let diff = crate::diff::diff(&valid(old)?, &valid(new)?);
    if diff.identical {
        return Some(match old == new {
            true => Message::VersionUnchanged.text(lang),
            false => Message::VersionReformatted.text(lang),
        });
    }
    let mut said: Vec<Message> = (diff.changes.iter())
        .map(|c| Message::VersionChange {
            article: c.article.to_string(),
            subject: c.subject.clone(),
            change: c.change.to_string(),
        })
        .collect();
    said.extend(diff.funding.iter().map(|line| {
        let years: Vec<String> = (line.years.iter())
            .filter_map(|y| y.year.map(|y| y.to_string()))
            .collect();
        let line = line.line.clone();
        match years.is_empty() {
            true => Message::VersionFunding { line },
            false => Message::VersionFundingYears {
                line,
                years: years.join(", "),
            },
        }
    }));
    said.dedup();
    let more = said.len().saturating_sub(3);
    said.truncate(3);
    let mut said: Vec<String> = said.iter().map(|m| m.text(lang)).collect();
    if more > 0 {
        said.push(Message::VersionMore { count: more }.text(lang));
    }
    Some(said.join(" ; "))
}

/// `POST /api/conventions/{reference}/avenant` (JSON `{from, to}`, versions as for
/// `changes`): the avenant that turns one into the other, written as `convgen avenant` writes
/// it — `<reference>-AV<n>.toml`, commented for review — in the workspace: `201 {reference,
/// file}`; `422` when the two do not make an avenant.
pub async fn avenant(
    State(app): State<Arc<App>>,
    convention: Convention,
    User(user): User,
    Json(between): Json<Between>,
) -> Response {
    let work = move || -> Response {
        let lang = convention.lang;
        let (_, old, new) = match between.texts(convention) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        // The version at fault named, with its first error.
        let version = |name: &str| match name {
            "current" => Message::CurrentVersion.text(lang),
            name => name.trim_end_matches(".toml").to_string(),
        };
        let old = match stated(old, lang) {
            Ok(old) => old,
            Err(problem) => {
                let version = version(&between.from);
                let message = Message::AvenantFromInvalid { version, problem };
                return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
            }
        };
        let new = match stated(new, lang) {
            Ok(new) => new,
            Err(problem) => {
                let version = version(&between.to);
                let message = Message::AvenantToInvalid { version, problem };
                return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
            }
        };
        let base = crate::diff::stated(&old).reference;
        let free = |n: &u32| {
            let reference = format!("{base}-AV{n}");
            matches!(
                app.workspace.find(&reference, None),
                Err(super::workspace::Lookup::Missing)
            )
        };
        let after_old = old.amendment.as_ref().map_or(1, |a| a.number + 1);
        let number = (after_old..after_old + 100).find(free).unwrap_or(after_old);
        let written = match crate::diff::avenant(&old, &new, number) {
            Ok(written) => written,
            Err(refusal) => {
                let message = Message::from(&refusal).text(lang);
                return error(StatusCode::UNPROCESSABLE_ENTITY, message);
            }
        };
        let text = format!("{}{}", crate::commands::avenant::REVIEW, written.to_toml());
        match app.workspace.create(&written.reference, &text) {
            Ok(path) => {
                if let Some(user) = &user {
                    // The avenant is written: a record that cannot be written does not undo it.
                    let _ = history::record(&path, &text, user);
                }
                let answer = AvenantAnswer {
                    file: app.workspace.relative(&path),
                    reference: written.reference,
                    number,
                };
                (StatusCode::CREATED, Json(answer)).into_response()
            }
            Err(SaveError::Exists(path)) => error(
                StatusCode::CONFLICT,
                Message::FileExists {
                    path: app.workspace.relative(&path),
                }
                .text(lang),
            ),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// What a new convention says « à compléter »: the example's Caf, signatories, place,
/// court and partner are another Caf's and another territory's, and are not kept — the
/// names to give are flagged, the optional keys of those parties (which name or place
/// someone: a seat, a deliberation, a number) are left out, and the territory given names
/// the partner and the funding's beneficiary.
pub fn to_complete(example: &str, territory: &str) -> String {
    use crate::format::fields::{CAF, PARTNER, SIGNATORY, Table};
    const NAME: &str = "(nom à compléter)";
    let flagged = |what: &str| json!(format!("{what} (à compléter)"));
    let left_out = |at: &str, table: &Table| -> Vec<(String, serde_json::Value)> {
        (table.fields.iter().filter(|f| !f.required))
            .map(|f| (format!("{at}.{}", f.name), serde_json::Value::Null))
            .collect()
    };
    let mut edits: Vec<(String, serde_json::Value)> = vec![
        ("court".into(), flagged("tribunal administratif de …")),
        ("signature.place".into(), json!("(lieu à compléter)")),
        (
            "caf.name".into(),
            flagged("Caisse d’allocations familiales de …"),
        ),
        ("partners[1].name".into(), json!(territory)),
        ("funding[1].beneficiary".into(), json!(territory)),
        ("axes[3].actions[1].pilot".into(), json!(territory)),
        (
            "axes[3].actions[1].partners".into(),
            json!(["Caf", "(à compléter)"]),
        ),
    ];
    edits.extend(left_out("caf", &CAF));
    edits.extend(left_out("partners[1]", &PARTNER));
    for signatories in ["caf.signatories", "partners[1].signatories"] {
        for n in 1..=3 {
            let signatory = format!("{signatories}[{n}]");
            edits.push((format!("{signatory}.name"), json!(NAME)));
            edits.extend(left_out(&signatory, &SIGNATORY));
        }
    }
    let mut text = example.to_string();
    for (key, value) in edits {
        // A key this example does not have is left as it is.
        if let Ok(edited) = super::edit::set(&text, &key, &value) {
            text = edited;
        }
    }
    text
}
