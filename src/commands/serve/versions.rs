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
use crate::format::fields::{self, Shape, Table};
use crate::format::{Plain, Source, View};
use crate::i18n::{Lang, Message};
use crate::pipeline::load;

/// The convention a text states, when it is valid.
pub(super) fn valid(text: &str) -> Option<crate::model::Convention> {
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

/// Whether a version marks a text the parties had in hand: sent, left by an avenant prepared
/// (and not withdrawn since), or kept by « Enregistrer cette version ».
fn is_mark(name: &str) -> bool {
    name.ends_with("-envoi.toml") || name.ends_with("-jalon.toml") || left_by_avenant(name)
}

/// Whether a version is the convention as an avenant prepared here leaves it: `-avenant`,
/// `-avenant-<n>` since avenants are withdrawn (one withdrawn ends `-retire`).
pub fn left_by_avenant(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".toml") else {
        return false;
    };
    let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    stem.ends_with("-avenant") || stem.ends_with("-avenant-")
}

/// The version of `path` avenant n° `number` left, when it was prepared here.
pub fn left_by(path: &std::path::Path, number: u32) -> Option<String> {
    (history::versions(path).into_iter())
        .find(|name| name.ends_with(&format!("-avenant-{number}.toml")))
}

/// The version an avenant starts from unless the person chooses (« De »): the newest valid
/// mark the file has changed since, else the oldest valid version listed (most likely the
/// text as signed) — never amending twice what an avenant prepared already amends, nor
/// starting where the newest `in_error` avenants prepared left it (never signed).
pub fn start(
    path: &std::path::Path,
    current: &str,
    versions: &[String],
    valid: &[Option<bool>],
    mut in_error: usize,
) -> Option<String> {
    let now = self::valid(current);
    let changed_since = |name: &&String| {
        let then = history::version(path, name)
            .as_deref()
            .and_then(self::valid);
        then.zip(now.as_ref())
            .is_none_or(|(then, now)| !crate::diff::diff(&then, now).identical)
    };
    let usable = || {
        (versions.iter().zip(valid))
            .filter(|(_, v)| **v == Some(true))
            .map(|(n, _)| n)
    };
    let mut marked = usable().filter(|name| is_mark(name)).filter(|name| {
        let left_by_one_in_error = left_by_avenant(name) && in_error > 0;
        in_error -= usize::from(left_by_one_in_error);
        !left_by_one_in_error
    });
    (marked.find(changed_since).or_else(|| usable().next_back())).cloned()
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

/// The convention a version states, or its first error in `lang`, named as the form names it.
fn stated(text: String, lang: Lang) -> Result<crate::model::Convention, String> {
    let loaded = load(&Source::from_bytes(
        "version.toml".as_ref(),
        text.into_bytes(),
    ));
    if loaded.is_valid() {
        return Ok(loaded.convention);
    }
    // Named as the form names it (« Partenaire 2, signataire 1, nom »), never as a key path.
    let first = loaded.diagnostics.iter().find(|d| d.is_error());
    Err(first.map_or_else(String::new, |d| {
        let said = super::workspace::in_user_terms(&d.message, d.key.as_ref(), &loaded, lang);
        let message = said.text(lang);
        match &d.key {
            // A value to give names its place already.
            Some(key) => match crate::format::place(&loaded.convention, key, lang) {
                place if message.starts_with(&place) => message,
                place => format!("{place} : {message}"),
            },
            None => message,
        }
    }))
}

/// How many of the newest versions are labelled with what changed after them.
const LABELLED: usize = 40;

/// What changed from `old` to `new`, in a few words: « Parties : Commune d’Enval modifiée ;
/// financement : ligne 1 » — `None` when either is invalid.
fn label(old: &str, new: &str, lang: Lang) -> Option<String> {
    let diff = crate::diff::diff(&valid(old)?, &valid(new)?);
    if diff.identical {
        return Some(match old == new {
            true => Message::VersionUnchanged.text(lang),
            false => Message::VersionReformatted.text(lang),
        });
    }
    let mut said = crate::diff::summary(&diff, false, lang);
    let more = said.len().saturating_sub(3);
    said.truncate(3);
    if more > 0 {
        said.push(Message::VersionMore { count: more }.text(lang));
    }
    Some(said.join(" ; "))
}

/// The edits that blank out every value `view` gives of `table`, at `at`: a text flagged
/// with its key's label, a date, SIREN, e-mail or budget left out, an amount 0.
fn blanks(view: &dyn View, table: &Table, at: &str, edits: &mut Vec<(String, serde_json::Value)>) {
    for field in table.fields {
        let path = match at {
            "" => field.name.to_string(),
            at => format!("{at}.{}", field.name),
        };
        let flagged = || json!(format!("({} à compléter)", field.label.fr.to_lowercase()));
        match (field.shape, view.plain(field.name)) {
            (_, Plain::None) => {}
            (Shape::Line | Shape::Text, Plain::Text(_)) => edits.push((path, flagged())),
            (Shape::Lines, Plain::Lines(lines)) if !lines.is_empty() => {
                edits.push((path, json!([flagged()])));
            }
            (Shape::Date | Shape::Siren | Shape::Email | Shape::Amount, _) => {
                edits.push((path, serde_json::Value::Null));
            }
            (Shape::Amounts, Plain::Amounts(amounts)) => {
                for year in amounts.keys() {
                    edits.push((format!("{path}.{year}"), json!(0)));
                }
            }
            (Shape::Table(inner) | Shape::Inline(inner), Plain::Table(view)) => {
                blanks(view, inner, &path, edits);
            }
            (Shape::Tables(inner), Plain::Items(items)) => {
                for (index, item) in items.iter().enumerate() {
                    blanks(*item, inner, &format!("{path}[{}]", index + 1), edits);
                }
            }
            (Shape::Actions, Plain::Items(items)) => {
                for (index, item) in items.iter().enumerate() {
                    let at = format!("{path}[{}]", index + 1);
                    match item.is_table() {
                        true => blanks(*item, &fields::FICHE, &at, edits),
                        false => edits.push((at, flagged())),
                    }
                }
            }
            (Shape::Domains, Plain::Domains(domains)) => {
                let autre = fields::OTHER_DOMAIN.field("autre").label.fr.to_lowercase();
                for (index, _) in domains
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.label.is_some())
                {
                    let named = json!(format!("({autre} à compléter)"));
                    edits.push((format!("{path}[{}].autre", index + 1), named));
                }
            }
            // Names of closed lists, counts: the example's choices, not its content.
            _ => {}
        }
    }
}

/// `POST /api/conventions/{reference}/avenant` (JSON `{from, to}`, versions as for
/// `changes`): the avenant that turns one into the other, written as `convgen avenant` writes
/// it — `<reference>-AV<n>.toml`, commented for review — beside the convention's file: `201 {reference,
/// file}`; `422` when the two do not make an avenant.
pub async fn avenant(
    State(app): State<Arc<App>>,
    convention: Convention,
    User(user): User,
    Json(AvenantAsked { between, offsets }): Json<AvenantAsked>,
) -> Response {
    let work = move || -> Response {
        let lang = convention.lang;
        // An avenant is prepared from its convention's page, never from an avenant's.
        if load(&convention.source).convention.kind == crate::model::Kind::Avenant {
            let message = Message::AvenantFromItsConvention;
            return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
        }
        let (path, old, new) = match between.texts(&app, convention) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let amended_text = (between.to == "current").then(|| new.clone());
        // The version at fault named, with its first error.
        let version = |name: &str| match name {
            "current" => Message::CurrentVersion.text(lang),
            name if let Some(words) = super::avenants::words(name, lang) => words,
            name => version_words(name, offsets.get(name).copied(), lang),
        };
        let old = match stated(old, lang) {
            Ok(old) => old,
            Err(problem) => {
                let version = version(&between.from);
                let message = Message::AvenantFromInvalid { version, problem };
                return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
            }
        };
        let mut new = match stated(new, lang) {
            Ok(new) => new,
            Err(problem) => {
                let version = version(&between.to);
                let message = Message::AvenantToInvalid { version, problem };
                return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
            }
        };
        // One in error is corrected, or withdrawn if it will not be signed, first: the next
        // would either repeat its change or build on a text no one can sign.
        let avenants = super::avenants::of(&app, &new);
        if let Some(faulty) = avenants.iter().rfind(|a| !a.usable) {
            let message = Message::AvenantInError {
                number: faulty.number,
            };
            return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
        }
        // One the file does not take in would be undone by this one.
        let mut left = avenants.into_iter();
        if let Some(undone) = left.rfind(|a| a.usable && !a.taken_in) {
            // Taken in only once signed: an unsigned one is dated, or withdrawn.
            let number = undone.number;
            let message = match undone.signed {
                true => Message::AvenantWouldUndo { number },
                false => Message::AvenantNotSignedNotTakenIn { number },
            };
            return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
        }
        // Signed since, as a signed copy dropped here says: the date the avenant cites.
        if let Some(signature) = (new.signature.as_mut()).filter(|s| s.date.is_none()) {
            signature.date = super::returns::signed_on(&app, &path);
        }
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
        // The avenants before it, as their files in the workspace say.
        let find = |reference: &str| {
            crate::pipeline::load_usable(&app.workspace.find(reference, None).ok()?)
        };
        let amended_by = crate::diff::earlier(&old, number, find);
        let written = match crate::diff::avenant(&old, &new, number, amended_by) {
            Ok(written) => written,
            Err(refusal) => {
                let message = Message::from(&refusal).text(lang);
                return error(StatusCode::UNPROCESSABLE_ENTITY, message);
            }
        };
        let text = format!("{}{}", crate::commands::avenant::REVIEW, written.to_toml());
        // Beside the convention it amends: its annexes' paths (relative to the file's folder)
        // resolve the same, and the folder keeps the convention's papers together.
        match app
            .workspace
            .create(path.parent(), &written.reference, &text)
        {
            Ok(file) => {
                if let Some(user) = &user {
                    // The avenant is written: a record that cannot be written does not undo it.
                    let _ = history::record(&file, &text, user);
                }
                // The convention as the avenant leaves it, kept as a version marked
                // `-avenant-<n>`: the next avenant starts from it (« De »), not from what this
                // one already amends. Its own file is written: a mark not kept undoes nothing.
                if let Some(amended) = amended_text {
                    let _ = history::keep(&path, &amended, &format!("-avenant-{number}"));
                }
                let answer = AvenantAnswer {
                    file: app.workspace.relative(&file),
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

/// `POST /api/conventions/{reference}/versions` (« Enregistrer cette version »): the file
/// as it is kept as a version now, named by this time, so that the list shows it at once —
/// `201 {version}`, or `200 {version}` when the newest version already is this text.
pub async fn close(convention: Convention) -> Response {
    let work = move || -> Response {
        let Convention { path, source, .. } = convention;
        let newest = history::versions(&path).into_iter().next();
        let kept = |name: &String| history::version(&path, name).as_deref() == Some(&source.text);
        if let Some(name) = newest.filter(|name| name.ends_with("-jalon.toml") && kept(name)) {
            return Json(json!({ "version": name })).into_response();
        }
        match history::keep(&path, &source.text, "-jalon") {
            Ok(version) => {
                (StatusCode::CREATED, Json(json!({ "version": version }))).into_response()
            }
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// What « Préparer un avenant » asks: the two versions, and the page's offset from UTC at
/// each version's time, in minutes east, to name them in its time (Europe/Paris without).
#[derive(serde::Deserialize)]
pub struct AvenantAsked {
    #[serde(flatten)]
    between: Between,
    #[serde(default)]
    offsets: std::collections::BTreeMap<String, i32>,
}

/// A saved version as the page names it: « la version du 5 décembre 2026 à 13:54:01 »
/// (« envoyée » for a version sent), at `offset` minutes east of UTC, else in Paris time.
fn version_words(name: &str, offset: Option<i32>, lang: Lang) -> String {
    use chrono::{Datelike as _, Timelike as _};
    let stamp = name
        .get(..19)
        .and_then(|stamp| chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%dT%H-%M-%S").ok());
    let Some(utc) = stamp.filter(|_| name.get(19..20) == Some("Z")) else {
        return name.trim_end_matches(".toml").to_string();
    };
    let offset = offset.unwrap_or_else(|| paris_offset(utc));
    let at = utc + chrono::Duration::minutes(offset.clamp(-16 * 60, 16 * 60).into());
    let time = format!("{:02}:{:02}:{:02}", at.hour(), at.minute(), at.second());
    let when = match lang {
        Lang::Fr => {
            let day = crate::french::date(at.year(), at.month() as u8, at.day() as u8);
            format!("{day} à {time}")
        }
        _ => format!("{} {time}", at.date()),
    };
    match name.trim_end_matches(".toml").ends_with("-envoi") {
        true => Message::SentVersion { when }.text(lang),
        false => Message::SavedVersion { when }.text(lang),
    }
}

/// Paris's offset from UTC at `utc`, in minutes: summer time from the last Sunday of March
/// to the last Sunday of October, 01:00 UTC (EU rule since 1996).
fn paris_offset(utc: chrono::NaiveDateTime) -> i32 {
    use chrono::Datelike as _;
    let last_sunday = |month: u32| {
        let last = chrono::NaiveDate::from_ymd_opt(utc.year(), month, 31)?;
        let back = last.weekday().num_days_from_sunday();
        (last - chrono::Duration::days(back.into())).and_hms_opt(1, 0, 0)
    };
    match (last_sunday(3), last_sunday(10)) {
        (Some(start), Some(end)) if start <= utc && utc < end => 120,
        _ => 60,
    }
}

/// What a new convention says « à compléter »: nothing of the example's content (another
/// Caf's, another territory's: names, titles, labels, the fiche, beneficiaries) may slip into
/// a real convention, so every text the example gives is flagged with its key's label
/// (« (intitulé à compléter) »), every date (the period, délibérations) and délibération number, SIREN, e-mail
/// address and budget is left out, every amount is 0; the kind, reference and territory
/// given stay, and the territory names the first partner. Derived from the format's
/// definition, so that a key the example gains is flagged too.
pub fn to_complete(example: &str, territory: &str) -> String {
    let source = Source::from_bytes("new.toml".as_ref(), example.as_bytes().to_vec());
    let convention = load(&source).convention;
    let mut edits = Vec::new();
    blanks(&convention, &fields::CONVENTION, "", &mut edits);
    let given = ["kind", "reference", "territory"];
    edits.retain(|(key, _)| !given.contains(&key.as_str()));
    // « (numéro à compléter) » marks a délibération carried over from another text
    // (`Deliberation::is_carried_over`): a new convention's number is left out; its date is
    // « à compléter », the only placeholder a date takes, so that the draft is drawn from the
    // start (walk 36: an empty date held the preview back while the rest was typed).
    for (key, value) in &mut edits {
        if key.ends_with(".deliberation.number") {
            *value = serde_json::Value::Null;
        }
        if key.ends_with(".deliberation.date") {
            *value = json!(crate::model::DateToGive::TO_COMPLETE);
        }
    }
    edits.push(("partners[1].name".into(), json!(territory)));
    let mut text = example.to_string();
    for (key, value) in edits {
        // A key the editor cannot set is left as it is (and stays flagged by nothing).
        if let Ok(edited) = super::edit::set(&text, &key, &value) {
            text = edited;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{Lang, version_words};

    #[test]
    fn versions_are_named_in_paris_time_unless_the_page_gives_its_own() {
        let fr = |name: &str, offset| version_words(name, offset, Lang::Fr).replace('\u{a0}', " ");
        assert_eq!(
            fr("2026-12-05T12-54-01Z.toml", None),
            "la version du 5 décembre 2026 à 13:54:01"
        );
        assert_eq!(
            fr("2026-07-01T06-00-00Z-2.toml", None),
            "la version du 1er juillet 2026 à 08:00:00"
        );
        assert_eq!(
            fr("2026-03-29T00-59-59Z.toml", None),
            "la version du 29 mars 2026 à 01:59:59"
        );
        assert_eq!(
            fr("2026-03-29T01-00-00Z.toml", None),
            "la version du 29 mars 2026 à 03:00:00"
        );
        assert_eq!(
            fr("2026-10-25T01-00-00Z.toml", None),
            "la version du 25 octobre 2026 à 02:00:00"
        );
        assert_eq!(
            fr("2026-12-05T12-54-01Z-envoi.toml", Some(240)),
            "la version envoyée le 5 décembre 2026 à 16:54:01"
        );
        assert_eq!(fr("notes.toml", None), "notes");
    }
}
