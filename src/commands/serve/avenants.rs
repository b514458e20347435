//! A convention's avenants in the workspace, and the convention as each leaves it: what the
//! next avenant starts from, as the avenant's file says it — edited by hand since it was
//! prepared or not — never a version of the convention's file it may no longer match.

use std::path::Path;
use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Response};

use super::App;
use super::api::{blocking, error};
use super::auth::User;
use super::drafts::but_to_complete;
use crate::deliver::history;
use crate::diag::Diagnostic;
use crate::format::{Loaded, Source};
use crate::i18n::{Lang, Message};
use crate::model::{Convention, KeyPath, Kind};
use crate::pipeline::load;

/// How the versions' list names the convention as avenant n° N leaves it: `avenant-N`
/// (never a saved version's name, which is a time).
const PREFIX: &str = "avenant-";

/// An avenant of the convention, as the versions' list offers it.
#[derive(Debug, serde::Serialize)]
pub struct Left {
    /// `avenant-N`, to give as « De » or « À ».
    pub name: String,
    pub number: u32,
    pub reference: String,
    /// Whether its file states the convention it leaves: valid, but for values « à
    /// compléter » (an avenant is prepared with its délibérations' numbers to give).
    pub usable: bool,
    /// Whether the convention's file takes in what it changes: an avenant made elsewhere
    /// (`convgen avenant` from a copy) may not be in it, and one starting from the
    /// convention as it leaves it would undo it.
    pub taken_in: bool,
    /// Whether it is dated as signed, or came back signed: only then is it taken in the
    /// convention's file (« Reprendre l’avenant »).
    pub signed: bool,
}

/// The avenants of the convention `now` in the workspace, by number.
pub fn of(app: &App, now: &Convention) -> Vec<Left> {
    let mut found: Vec<Left> = (app.workspace.list().into_iter())
        .filter_map(|(path, entry)| {
            let (base, number) = entry.amends?;
            let it = (base == now.reference && entry.duplicate_of.is_none())
                .then(|| amended(&path, now, number))?;
            Some(Left {
                name: format!("{PREFIX}{number}"),
                number,
                reference: entry.reference,
                usable: it.is_some(),
                taken_in: it.is_some_and(|(before, after)| taken_in(&before, &after, now)),
                signed: entry.dated.is_some() || super::returns::signed(app, &path),
            })
        })
        .collect();
    found.sort_by_key(|left| left.number);
    found
}

/// The text of the convention `now` (its file as it is) as avenant `name` (`avenant-N`)
/// leaves it, when that avenant's file states it; `None` for any other name.
pub fn text(app: &App, now: &Convention, name: &str) -> Option<String> {
    let number: u32 = name.strip_prefix(PREFIX)?.parse().ok()?;
    let reference = format!("{}-AV{number}", now.reference);
    let path = app.workspace.find(&reference, None).ok()?;
    let (_, after) = amended(&path, now, number)?;
    Some(after.to_toml())
}

/// The convention `now` before and after avenant n° `number`, the file at `path`. The
/// délibérations are the convention's: an avenant's authorise its own signature.
fn amended(path: &Path, now: &Convention, number: u32) -> Option<(Convention, Convention)> {
    let loaded = load(&Source::read(path).ok()?);
    let avenant = &loaded.convention;
    let amendment = avenant.amendment.as_ref()?;
    let its = amendment.base == now.reference && amendment.number == number;
    let (mut before, _) = (its && but_to_complete(&loaded)).then(|| avenant.amended())??;
    let mut after = crate::diff::stated(avenant);
    before.signature.clone_from(&after.signature);
    for c in [&mut before, &mut after] {
        c.caf.deliberation.clone_from(&now.caf.deliberation);
        let pairs = crate::diff::paired_partners(&c.partners, &now.partners);
        for (partner, paired) in c.partners.iter_mut().zip(pairs) {
            if let Some(then) = paired.map(|i| &now.partners[i]) {
                partner.deliberation.clone_from(&then.deliberation);
            }
        }
    }
    Some((before, after))
}

/// Whether `now` says what the avenant changed rather than what it changed it from: it
/// differs less from the convention after the avenant than from the convention before.
fn taken_in(before: &Convention, after: &Convention, now: &Convention) -> bool {
    let distance = |from: &Convention| {
        crate::diff::text(&crate::diff::diff(from, now))
            .lines()
            .count()
    };
    distance(after) <= distance(before)
}

/// The newest avenant whose file states the convention it leaves, when the convention's
/// file takes it in: the next avenant starts there (when nothing changed since, preparing
/// one says so). None when the file does not take it in: starting there would undo it.
pub fn start(app: &App, current: &Convention) -> Option<String> {
    let newest = of(app, current).into_iter().rfind(|left| left.usable)?;
    newest.taken_in.then_some(newest.name)
}

/// An avenant's name in a sentence: « la convention telle que l’avenant n° 1 la laisse ».
pub fn words(name: &str, lang: Lang) -> Option<String> {
    let number = name.strip_prefix(PREFIX)?.parse().ok()?;
    Some(Message::LeftByAvenant { number }.text(lang))
}

/// An avenant of the workspace edited since it was prepared so that it no longer states
/// what the convention's version it was drawn to stated (an amount taken back…), said at
/// `base`: the convention's file still says it, and the next avenant will (it starts from
/// the convention as this one leaves it) — unless the convention's file now says what the
/// avenant says (the change reported there). Edits to the avenant's own terms
/// (délibérations, dates, reason) are not such changes.
pub fn edited_since_prepared(
    app: &App,
    path: &Path,
    loaded: &Loaded,
    lang: Lang,
) -> Option<Diagnostic> {
    let now = &loaded.convention;
    if now.kind != Kind::Avenant || !but_to_complete(loaded) {
        return None;
    }
    let prepared = prepared_text(path)?;
    let prepared = load(&Source::from_bytes(path, prepared.into_bytes()));
    // Prepared for a change no avenant states yet (« changes nothing »), it is still what
    // the edits since are measured from.
    let usable = (prepared.diagnostics.iter())
        .filter(|d| d.is_error())
        .all(|d| {
            matches!(
                d.message,
                Message::StillToComplete { .. } | Message::AvenantChangesNothing
            )
        });
    let prepared = (prepared.parsed && usable).then_some(prepared.convention)?;
    let terms = |c: &Convention| {
        let mut c = crate::diff::stated(c).without_emails();
        (c.signature, c.caf.deliberation) = (None, None);
        for partner in &mut c.partners {
            partner.deliberation = None;
        }
        c
    };
    let changed = crate::diff::diff(&terms(now), &terms(&prepared));
    let base = (now.amendment.as_ref())
        .and_then(|a| super::convention::read(app, &a.base, lang).ok())
        .map(|(_, source)| load(&source).convention);
    let agreed =
        (base.as_ref()).is_some_and(|b| crate::diff::diff(&terms(now), &terms(b)).identical);
    let said = |changed, detailed| crate::diff::summary(changed, detailed, lang).join(" ; ");
    let message = match changed.identical {
        _ if agreed => return None,
        false => Message::AvenantEditedSincePrepared {
            changes: said(&changed, false),
            base: now
                .amendment
                .as_ref()
                .map(|a| a.base.clone())
                .unwrap_or_default(),
        },
        // Walk 33: the avenant as prepared, the convention's file changed since (an import):
        // the avenant does not say it — unless signed, a fact the file cannot change, or
        // followed by a next one, which says what changed since.
        true if now.signature.as_ref().is_some_and(|s| s.date.is_some()) => return None,
        true if has_a_next(app, now) => return None,
        true => {
            let since = crate::diff::diff(&terms(&prepared), &terms(&base?));
            (!since.identical).then_some(Message::ConventionChangedBeyondAvenant {
                // From the avenant to the file, amounts before and after (walk 35).
                changes: said(&since, true),
            })?
        }
    };
    let base = KeyPath::top("base");
    Some(
        Diagnostic::warning(message)
            .span(loaded.spans.get(&base))
            .key(base),
    )
}

/// Whether the avenant `now` is followed by the next of its convention in the workspace.
fn has_a_next(app: &App, now: &Convention) -> bool {
    let Some(amendment) = now.amendment.as_ref() else {
        return false;
    };
    let next = format!("{}-AV{}", amendment.base, amendment.number + 1);
    app.workspace.find(&next, None).is_ok()
}

/// The text of the avenant at `path` as « Préparer un avenant » wrote it: its oldest version,
/// or the file itself never edited, when it is one (`convgen avenant`'s header). None for
/// an avenant made elsewhere.
fn prepared_text(path: &Path) -> Option<String> {
    let oldest = match history::versions(path).pop() {
        Some(name) => history::version(path, &name)?,
        None => {
            let limit = crate::format::MAX_FILE_BYTES as u64;
            crate::files::read_to_string(path, limit, crate::files::Links::Refuse).ok()?
        }
    };
    oldest
        .starts_with(crate::commands::avenant::REVIEW)
        .then_some(oldest)
}

/// What « Reprendre l’avenant dans la convention » sends: the avenant (`avenant-N`) and the
/// etag the page read the file with.
#[derive(serde::Deserialize)]
pub struct TakeIn {
    avenant: String,
    etag: String,
}

/// `POST /api/conventions/{reference}/take-in` (JSON `{avenant, etag}`): the convention's
/// file made to say what avenant N changes, its own changes since kept — both merged line
/// by line on the texts as convgen writes them (the file's comments are not kept; its
/// previous text is a version): `{etag}`; `422` for an avenant neither dated nor back
/// signed; `409` when both change the same lines, or the file changed since the page read
/// it, nothing written.
pub async fn take_in(
    State(app): State<Arc<App>>,
    convention: super::convention::Convention,
    User(user): User,
    Json(asked): Json<TakeIn>,
) -> Response {
    let work = move || -> Response {
        let super::convention::Convention { path, source, lang } = convention;
        let now = load(&source).convention;
        let number = asked
            .avenant
            .strip_prefix(PREFIX)
            .and_then(|n| n.parse().ok());
        let reference = format!("{}-AV{}", now.reference, number.unwrap_or(0));
        let found = app.workspace.find(&reference, None).ok();
        let Some((before, after)) = found.and_then(|p| amended(&p, &now, number?)) else {
            return error(StatusCode::NOT_FOUND, Message::NotInTheHistory.text(lang));
        };
        // The convention's file says what signed avenants changed, never a draft's.
        let signed = of(&app, &now)
            .iter()
            .any(|a| a.name == asked.avenant && a.signed);
        if !signed {
            let number = number.unwrap_or(0);
            let message = Message::AvenantNotSignedNotTakenIn { number };
            return error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
        }
        let merged = super::since::merge(&before.to_toml(), &now.to_toml(), &after.to_toml());
        let Some(merged) = merged else {
            let message = Message::AvenantNotTakenIn {
                number: number.unwrap_or(0),
            };
            return error(StatusCode::CONFLICT, message.text(lang));
        };
        match history::save_by(&path, &merged, Some(&asked.etag), user.as_deref()) {
            Ok(saved) => Json(serde_json::json!({ "etag": saved.etag })).into_response(),
            Err(history::SaveError::Stale { current }) => super::api::stale(current, lang),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// What « Retirer cet avenant » sends: the etag the page read the file with; `dry`: only
/// whether it may be withdrawn (asked before the person confirms).
#[derive(serde::Deserialize)]
pub struct Withdraw {
    etag: String,
    #[serde(default)]
    dry: bool,
}

/// `POST /api/conventions/{reference}/withdraw` (JSON `{etag}`): an avenant prepared and
/// never signed taken out of the workspace — its text kept, its history set aside (see
/// `deliver::withdraw`) —, so that the next avenant takes its number, and starts no longer
/// from the convention as it left it: `{base}`; `422` for a convention, an avenant signed
/// (dated, or back signed) or followed by another; `409` when the file changed since the
/// page read it; nothing withdrawn. With `dry`, only the answer.
pub async fn withdraw(
    State(app): State<Arc<App>>,
    convention: super::convention::Convention,
    Json(asked): Json<Withdraw>,
) -> Response {
    use crate::deliver::withdraw;
    let work = move || -> Response {
        let super::convention::Convention { path, source, lang } = convention;
        let avenant = load(&source).convention;
        let refused =
            |message: Message| error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang));
        let amendment = avenant.amendment.as_ref();
        let Some(amendment) = amendment.filter(|_| avenant.kind == Kind::Avenant) else {
            return refused(Message::WithdrawOnlyAvenant);
        };
        let number = amendment.number;
        let dated = avenant.signature.as_ref().is_some_and(|s| s.date.is_some());
        if dated || super::returns::signed(&app, &path) {
            return refused(Message::WithdrawSigned { number });
        }
        let later = (app.workspace.list().into_iter())
            .filter_map(|(_, entry)| entry.amends)
            .filter(|(base, n)| *base == amendment.base && *n > number)
            .map(|(_, n)| n)
            .max();
        if let Some(later) = later {
            return refused(Message::WithdrawNotLast { number, later });
        }
        if asked.dry {
            return Json(serde_json::json!({ "base": amendment.base })).into_response();
        }
        match withdraw::withdraw(&path, &asked.etag) {
            Ok(_) => {}
            Err(history::SaveError::Stale { current }) => return super::api::stale(current, lang),
            Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
        // The convention as the avenant left it is no longer where the next one starts; it
        // stays a version. The avenant is withdrawn: a mark not taken back undoes nothing.
        if let Ok(base) = app.workspace.find(&amendment.base, None)
            && let Some(left) = super::versions::left_by(&base, number)
        {
            let _ = withdraw::mark(&base, &left, withdraw::WITHDRAWN);
        }
        Json(serde_json::json!({ "base": amendment.base })).into_response()
    };
    blocking(work).await
}

/// The parts of the convention an avenant states, as they were, under `[previous]`; its
/// parties are left out: their délibérations there are the convention's, in the avenant its
/// own.
const AMENDABLE: [&str; 9] = [
    "title", "court", "sdsf", "period", "axes", "funding", "visas", "clauses", "annexes",
];

/// An avenant's text made ready for a form's edit of `key`: when the edit changes a part of
/// the convention the avenant does not say it changes yet (no `previous.<part>`), that part
/// as it stands is written under `[previous]` first — the edit then amends it, and the
/// avenant's articles say so, rather than an amount changed in its text only. `None`: any
/// other file or key, or a part stated already.
pub fn stating_previous(text: &str, key: &str) -> Option<String> {
    use toml_edit::DocumentMut;
    let part = key.split(['.', '[']).next()?;
    // Every form edit passes here: a file that cannot be an avenant is not parsed again.
    if !AMENDABLE.contains(&part) || !text.contains("avenant") {
        return None;
    }
    let mut document: DocumentMut = text.parse().ok()?;
    if document.get("kind")?.as_str()? != "avenant" {
        return None;
    }
    let mut stated = document.get(part)?.clone();
    unplaced(&mut stated);
    let previous = document.get_mut("previous")?.as_table_mut()?;
    if previous.contains_key(part) {
        return None;
    }
    if let Some(table) = stated.as_table_mut() {
        table.decor_mut().set_prefix(
            "\n# Avant l’avenant (écrit quand l’avenant a été modifié depuis la page) :\n",
        );
    } else if let Some(tables) = stated.as_array_of_tables_mut()
        && let Some(first) = tables.get_mut(0)
    {
        first.decor_mut().set_prefix(
            "\n# Avant l’avenant (écrit quand l’avenant a été modifié depuis la page) :\n",
        );
    }
    previous.insert(part, stated);
    Some(document.to_string())
}

/// The tables of `item` placed by the document where they are now (under `[previous]`),
/// in their order, their comments left to the original.
fn unplaced(item: &mut toml_edit::Item) {
    use toml_edit::Item;
    let table = |t: &mut toml_edit::Table| {
        t.set_position(None);
        t.decor_mut().clear();
        for (_, inner) in t.iter_mut() {
            unplaced(inner);
        }
    };
    match item {
        Item::Table(t) => table(t),
        Item::ArrayOfTables(tables) => tables.iter_mut().for_each(table),
        _ => {}
    }
}
