//! A convention dated as signed whose file has changed since: a final PDF of the file would
//! not be what the parties signed. « Télécharger le PDF » then offers the text as signed, or
//! the file as it is now, as a draft.

use std::path::Path;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::App;
use super::api::{ApiError, error};
use crate::deliver::history;
use crate::format::{Loaded, Source};
use crate::i18n::{Lang, Message};
use crate::model::{Convention, Date};
use crate::pipeline::{Format, load};

/// The text a convention was signed in.
pub struct SignedText {
    pub text: String,
    /// The saved version it is (a name of `history::versions`).
    pub version: String,
    /// The day the file dates its signature.
    pub date: Date,
    /// The last day of its period as signed (the file's may have been moved since).
    pub end: Date,
}

/// The text of `path` as it was signed, when the file (read as `convention`) no longer says
/// what it says: of the file's saved versions, newest first, those that carry the signature
/// date the file carries, in a row (a version with errors between them, a step of an edit,
/// passed over); the oldest of them is the text as it was dated.
pub fn changed_since_signed(path: &Path, convention: &Convention) -> Option<SignedText> {
    let date = convention.signature.as_ref()?.date?;
    let mut signed = None;
    for name in history::versions(path) {
        let Some(text) = history::version(path, &name) else {
            break;
        };
        let loaded = load(&Source::from_bytes(path, text.clone().into_bytes()));
        let same_date = loaded.convention.signature.as_ref().and_then(|s| s.date) == Some(date);
        match (loaded.is_valid(), same_date) {
            (true, true) => signed = Some((name, text, loaded.convention)),
            (true, false) => break,
            (false, _) => continue,
        }
    }
    let (version, text, signed) = signed?;
    let end = signed.period.end;
    let changed = same_money(signed) != same_money(convention.clone());
    changed.then_some(SignedText {
        text,
        version,
        date,
        end,
    })
}

/// A convention with its amounts of 0,00 € left out: a year at 0 and a year with no amount
/// say the same (the annex prints « – » for both).
fn same_money(mut convention: Convention) -> Convention {
    for line in &mut convention.funding {
        line.amounts
            .retain(|_, amount| *amount != crate::model::Money::ZERO);
    }
    convention
}

/// What `GET …pdf` answers instead of the final PDF of a convention dated as signed whose file
/// changed since: `409`, or with `?signed=1` (`signed`) the PDF of its text as signed, final,
/// answered only (the output folder keeps the file's); of an avenant that can no longer be
/// signed ([`too_late`]): `422`. `None`: the file is its text as signed.
pub fn instead(
    app: &App,
    source: &Source,
    loaded: &Loaded,
    signed: bool,
    tags: Option<crate::render::SignatureTags>,
    lang: Lang,
) -> Option<Response> {
    if let Some(end) = too_late(app, &source.path, loaded) {
        let message = Message::AvenantToAConventionOverPdf { end };
        return Some(error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang)));
    }
    let text = changed_since_signed(&source.path, &loaded.convention)?;
    if !signed {
        let message = Message::ChangedSinceSigned { date: text.date };
        return Some(ApiError::said(StatusCode::CONFLICT, message, lang).into_response());
    }
    let signed = load(&Source::from_bytes(&source.path, text.text.into_bytes()));
    let produced = (app.engine(tags).map_err(|e| e.to_string()))
        .and_then(|engine| {
            let text = signed.convention.to_shared_toml();
            (engine.produce(&signed.convention, text.as_bytes(), false, Format::Pdf))
                .map_err(|e| e.to_string())
        })
        .map(|document| document.files.into_iter().next().unwrap_or_default());
    Some(match produced {
        Ok(pdf) => {
            let reference = &signed.convention.reference;
            let disposition = format!("attachment; filename=\"{reference}-texte-signe.pdf\"");
            let headers = [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, pdf).into_response()
        }
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e),
    })
}

/// Not sent as the final version to sign, but as a draft (or amended by avenant): a
/// convention dated as signed whose file changed since, an avenant to a convention over (the
/// page warns of it, the message would not): `409`. `None`: it may go.
pub fn refuse_final_send(app: &App, source: &Source, draft: bool, lang: Lang) -> Option<Response> {
    if draft {
        return None;
    }
    let loaded = load(source);
    let message = match changed_since_signed(&source.path, &loaded.convention) {
        Some(text) => Message::ChangedSinceSignedSend { date: text.date },
        None => Message::AvenantToAConventionOverSend {
            end: too_late(app, &source.path, &loaded)?,
        },
    };
    Some(ApiError::said(StatusCode::CONFLICT, message, lang).into_response())
}

/// The end of the convention an avenant amends, when it is over and the avenant neither
/// dated nor back signed: it can no longer be signed, so it is neither sent as the final
/// version nor given a final PDF (the page warns of it at `period.end`).
pub fn too_late(app: &App, path: &Path, loaded: &Loaded) -> Option<Date> {
    let standing = super::returns::standing(app, Some(path), &loaded.convention);
    match super::workspace::period_passed(loaded, standing.signed)?.message {
        Message::AmendedConventionOver { end } => Some(end),
        _ => None,
    }
}
