//! Signed conventions coming back to the workspace: a signed PDF dropped on the page is kept
//! beside the PDFs sent (`.convgen-output/signees/`, never over another file), verified as
//! `convgen verify -o .convgen-output` verifies it (the same functions), and its verdict
//! recorded in the manifest, by whom in a team's workspace.

use std::sync::Arc;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::api::ApiError;
use super::auth::User;
use super::convention::{self, read};
use super::tasks::{OUTPUT, existing_output, folder};
use super::{App, PageLang};
use crate::commands::verify::{
    changes_message, original_message, record_verdicts, render_again, status_message, who,
};
use crate::deliver::mail::Journal;
use crate::deliver::{
    Changes, Entry, Manifest, Original, Signing, Verdict, signed_name, write_new,
};
use crate::digest::sha256_hex;
use crate::format::Source;
use crate::i18n::{Lang, Message};
use crate::model::Convention;
use crate::pipeline::Format;
use crate::verify::{Originals, Trust, verify_pdf};

/// Folder of the signed copies, inside the output folder.
pub const SIGNED: &str = "signees";
/// Largest signed PDF taken: a convention with its annexes and a dozen signatures.
pub const MAX_SIGNED_BYTES: u64 = 64 << 20;

/// A verdict as the page shows it: each value, and its words in the page's language.
#[derive(Debug, Serialize)]
pub struct VerdictView {
    /// The copy kept, relative to the output folder (`signees/<reference>-<n>.pdf`).
    file: String,
    reference: Option<String>,
    /// The convention it was dropped for, as a person names it: « CTG-… — its title ».
    convention: Option<String>,
    /// When the very same file had already been received: said, and not kept again.
    already: Option<String>,
    status: Signing,
    status_text: String,
    original: Original,
    original_text: String,
    changes: Changes,
    changes_text: String,
    signatures: Vec<SignatureView>,
    /// Who dropped it, in a team's workspace.
    by: Option<String>,
}

/// One signature field of a verdict, as the page's table shows it.
#[derive(Debug, Serialize)]
pub struct SignatureView {
    field: String,
    /// « Jeanne Martin (Caf du Puy-de-Dôme) », or « autre champ … ».
    who: String,
    party: Option<String>,
    signatory: Option<String>,
    signed: bool,
    signer: Option<String>,
    /// When it was signed, in words (« 5 décembre 2026 à 09:58 UTC »).
    time: Option<String>,
    intact: Option<bool>,
    trusted: Option<bool>,
}

impl VerdictView {
    fn new(verdict: &Verdict, by: Option<String>, source: &Source, lang: Lang) -> VerdictView {
        let signatures = (verdict.signatures.iter())
            .map(|s| SignatureView {
                field: s.field.clone(),
                who: who(s, lang),
                party: s.party.clone(),
                signatory: s.signatory.clone(),
                signed: s.signed,
                signer: s.signer.clone(),
                time: s.time.as_deref().map(|t| when(t, lang)),
                intact: s.intact,
                trusted: s.trusted,
            })
            .collect();
        VerdictView {
            file: verdict.file.clone(),
            reference: verdict.reference.clone(),
            convention: verdict.reference.as_ref().map(|r| named(r, source)),
            already: None,
            status: verdict.status,
            status_text: status_message(verdict, lang).text(lang),
            original: verdict.original,
            original_text: original_message(verdict).text(lang),
            changes: verdict.changes,
            changes_text: changes_message(verdict).text(lang),
            signatures,
            by,
        }
    }
}

/// A convention as a person names it: « CTG-047-2024-CD47 — Convention territoriale globale
/// Caf / Département 2024-2026 », its reference alone when its file cannot be read.
fn named(reference: &str, source: &Source) -> String {
    let loaded = crate::pipeline::load(source);
    if !loaded.parsed {
        return reference.to_string();
    }
    format!("{reference} — {}", loaded.convention.document_title())
}

/// A signing time (RFC 3339) in words: the day in French, the time in UTC.
fn when(time: &str, lang: Lang) -> String {
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(time) else {
        return time.to_string();
    };
    let at = at.to_utc();
    use chrono::{Datelike as _, Timelike as _};
    let clock = format!("{:02}:{:02} UTC", at.hour(), at.minute());
    match lang {
        Lang::Fr => {
            let day = crate::french::date(at.year(), at.month() as u8, at.day() as u8);
            format!("{day} à {clock}")
        }
        _ => format!("{} {clock}", at.date_naive()),
    }
}

/// What the page is answered after a drop: the copy kept, its verdict, and where the
/// convention now stands in the list.
#[derive(Debug, Serialize)]
pub struct Returned {
    verdict: VerdictView,
    /// Why the verdict is not in the manifest, when it is not.
    not_recorded: Option<String>,
    state: Option<String>,
    state_kind: Option<&'static str>,
}

/// The last verdict recorded for a convention, and where it stands.
#[derive(Debug, Serialize)]
pub struct Last {
    verdict: Option<VerdictView>,
    state: Option<String>,
    state_kind: Option<&'static str>,
}

/// `POST /api/conventions/{reference}/signed` (body: the signed PDF): kept, verified,
/// recorded; `201` with the verdict. Refused when it is not a PDF (`415`), larger than
/// 64 MiB (`413`), or another convention's (`422`).
pub async fn drop_on_convention(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    PageLang(lang): PageLang,
    User(user): User,
    headers: HeaderMap,
    body: Body,
) -> Response {
    received(app, Some(reference), user, lang, &headers, body).await
}

/// `POST /api/signed` (body: the signed PDF): as on a convention's page, the convention
/// found from the PDF itself (its attached source, or the manifest's PDF it begins with).
pub async fn drop_on_list(
    State(app): State<Arc<App>>,
    PageLang(lang): PageLang,
    User(user): User,
    headers: HeaderMap,
    body: Body,
) -> Response {
    received(app, None, user, lang, &headers, body).await
}

async fn received(
    app: Arc<App>,
    expected: Option<String>,
    user: Option<String>,
    lang: Lang,
    headers: &HeaderMap,
    body: Body,
) -> Response {
    let bytes = match body_bytes(headers, body, lang).await {
        Ok(bytes) => bytes,
        Err(refused) => return refused.into_response(),
    };
    // Blocking: verifying reads every revision, and may render the source again.
    let work = move || match keep(&app, expected.as_deref(), &bytes, user, lang) {
        Ok(returned) => (StatusCode::CREATED, Json(returned)).into_response(),
        Err(refused) => refused.into_response(),
    };
    super::api::blocking(work).await
}

/// The request's body, at most [`MAX_SIGNED_BYTES`]: `413` beyond, said in words.
async fn body_bytes(headers: &HeaderMap, body: Body, lang: Lang) -> Result<Bytes, ApiError> {
    let too_large = || {
        let limit = MAX_SIGNED_BYTES >> 20;
        let message = Message::SignedTooLarge { limit }.text(lang);
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    };
    let declared =
        (headers.get(header::CONTENT_LENGTH)).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_SIGNED_BYTES) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, MAX_SIGNED_BYTES as usize)
        .await
        .map_err(|_| too_large())
}

/// Verifies `bytes`, keeps them as the next signed copy of their convention and records the
/// verdict.
fn keep(
    app: &App,
    expected: Option<&str>,
    bytes: &[u8],
    user: Option<String>,
    lang: Lang,
) -> Result<Returned, ApiError> {
    let refuse = |status: StatusCode, message: Message| ApiError::new(status, message.text(lang));
    if !bytes.starts_with(b"%PDF-") {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Message::SignedNotPdf,
        ));
    }
    if let Some(expected) = expected {
        read(app, expected, lang)?;
    }
    let mut verdict = verify(app, bytes).map_err(|e| {
        let detail = Box::new(Message::from(&e));
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Message::SignedUnreadable { detail },
        )
    })?;
    let named = verdict.reference.is_some();
    let reference = match (expected, verdict.reference.take()) {
        (Some(expected), Some(found)) if found != expected => {
            let expected = expected.to_string();
            let message = Message::SignedOtherConvention { found, expected };
            return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, message));
        }
        (Some(expected), _) => expected.to_string(),
        (None, Some(found)) => found,
        (None, None) => {
            let message = Message::SignedNoReference;
            return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, message));
        }
    };
    let (path, source) = read(app, &reference, lang)?;
    if let Some(message) = not_a_return(&verdict, named, &reference, bytes) {
        return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    verdict.reference = Some(reference.clone());
    let not_file = || {
        let message = Message::SignedUnknownConvention {
            reference: reference.clone(),
        };
        refuse(StatusCode::UNPROCESSABLE_ENTITY, message)
    };
    // One writer of the output folder at a time: the copy's number, then the manifest.
    let _one_at_a_time = app.output.lock().unwrap_or_else(|e| e.into_inner());
    let output = folder(app, OUTPUT)?;
    let signed = folder(app, &format!("{OUTPUT}/{SIGNED}"))?;
    let (kept, received) = kept_copy(&signed, &reference, bytes, lang)?.ok_or_else(not_file)?;
    verdict.file = format!("{SIGNED}/{kept}");
    let verdicts = [(verdict, sha256_hex(bytes))];
    let manifest = Manifest::read(&output);
    let recorded = record_verdicts(&output, manifest, &verdicts, user.as_deref())
        .map_err(|e| cannot_write(&output.join(crate::deliver::manifest::FILE_NAME), &e, lang))?;
    let not_recorded = (recorded.count == 0).then(|| {
        let reference = reference.clone();
        Message::SignedNotRecorded { reference }.text(lang)
    });
    let (state, state_kind) = state(&output, &path, lang);
    let [(verdict, _)] = verdicts;
    let mut view = VerdictView::new(&verdict, user, &source, lang);
    view.already = received.map(|at| {
        let (day, file) = (when(&at.to_rfc3339(), lang), view.file.clone());
        Message::SignedAlreadyReceived { day, file }.text(lang)
    });
    Ok(Returned {
        verdict: view,
        not_recorded,
        state,
        state_kind,
    })
}

/// Why `bytes` is no signed return: the convention's own PDF as convgen produced it (it
/// names itself, by its source or its fingerprint), its draft or not, with no signature at
/// all and nothing added since. A scan names no convention: it is kept, to check by eye.
fn not_a_return(verdict: &Verdict, named: bool, reference: &str, bytes: &[u8]) -> Option<Message> {
    let unsigned = verdict.signatures.iter().all(|s| !s.signed);
    if !named || !unsigned || verdict.changes != Changes::None {
        return None;
    }
    let reference = reference.to_string();
    Some(match crate::verify::is_draft(bytes) {
        true => Message::SignedIsDraft { reference },
        false => Message::SignedIsProduced { reference },
    })
}

/// When a signed copy was received: its file's time.
type Received = chrono::DateTime<chrono::Utc>;

/// Keeps `bytes` in `signed` as `<reference>-<n>.pdf`, the first free number, unless a copy
/// before it holds the very same bytes: the copy's name, and when it was received if it was
/// already there; `None` when the reference makes no file name or no number is left.
fn kept_copy(
    signed: &std::path::Path,
    reference: &str,
    bytes: &[u8],
    lang: Lang,
) -> Result<Option<(String, Option<Received>)>, ApiError> {
    for n in 1..=10_000 {
        let Some(name) = signed_name(reference, n) else {
            return Ok(None);
        };
        let at = signed.join(&name);
        if let Some(received) = same_file(&at, bytes) {
            return Ok(Some((name, Some(received))));
        }
        match write_new(&at, bytes) {
            Ok(()) => return Ok(Some((name, None))),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(cannot_write(&at, &e, lang)),
        }
    }
    Ok(None)
}

/// When the copy kept at `path` was received, if it holds exactly `bytes` (a regular file,
/// never through a link).
fn same_file(path: &std::path::Path, bytes: &[u8]) -> Option<Received> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
        return None;
    }
    let kept = crate::files::read(path, MAX_SIGNED_BYTES, crate::files::Links::Refuse).ok()?;
    (kept == bytes).then(|| metadata.modified().ok().map(Into::into))?
}

/// The verdict on `bytes`, as `convgen verify -o .convgen-output` gives it (no certificate
/// trusted: `trusted` is null). A convention that has to be rendered again waits for its
/// turn to render, as previews do.
fn verify(app: &App, bytes: &[u8]) -> Result<Verdict, crate::compile::pdf_revisions::PdfError> {
    let output = existing_output(app);
    let manifest = output.as_deref().map(Manifest::read).unwrap_or_default();
    let runtime = tokio::runtime::Handle::current();
    let render = |convention: &Convention, source: &[u8]| {
        let _turn = runtime.block_on(app.turn_to_render());
        render_again(&app.engine, convention, source)
    };
    let originals = Originals {
        entries: &manifest.entries,
        render: Some(&render),
    };
    verify_pdf(SIGNED, bytes, &originals, &Trust::default())
}

fn cannot_write(path: &std::path::Path, e: &std::io::Error, lang: Lang) -> ApiError {
    let message = Message::CannotWrite {
        path: path.display().to_string(),
        reason: Box::new(Message::from(e)),
    };
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message.text(lang))
}

/// The manifest's entry of the final PDF of the file at `path`.
fn final_pdf(manifest: Manifest, path: &std::path::Path) -> Option<Entry> {
    let key = Entry::new(path, Format::Pdf, false, String::new()).key();
    manifest.by_key().remove(&key)
}

/// Where the convention of `path` stands, as the list says it: its words and its kind.
fn state(
    output: &std::path::Path,
    path: &std::path::Path,
    lang: Lang,
) -> (Option<String>, Option<&'static str>) {
    let Some(entry) = final_pdf(Manifest::read(output), path) else {
        return (None, None);
    };
    let state = crate::verify::state(&entry, &Journal::open(output)).message();
    (Some(state.text(lang)), Some(state.id()))
}

/// The day the convention of `path` was signed by all its parties, when a signed copy came
/// back and was verified as signed: its last signature's day, as the signature dates it.
pub fn signed_on(app: &App, path: &std::path::Path) -> Option<crate::model::Date> {
    let entry = final_pdf(Manifest::read(&existing_output(app)?), path)?;
    let verdict = &entry.verified.as_ref()?.verdict;
    if verdict.status != Signing::Signed {
        return None;
    }
    let days = (verdict.signatures.iter())
        .filter_map(|s| chrono::DateTime::parse_from_rfc3339(s.time.as_deref()?).ok())
        .map(|at| at.date_naive());
    use chrono::Datelike as _;
    let day = days.max()?;
    crate::model::Date::new(day.year(), day.month() as u8, day.day() as u8)
}

/// Whether the convention of `path` came back signed by all its parties.
pub fn signed(app: &App, path: &std::path::Path) -> bool {
    signed_on(app, path).is_some()
}

/// What the workspace knows of a file's signing that the file itself does not say.
#[derive(Clone, Copy, Debug, Default)]
pub struct Standing {
    /// A copy signed by all its parties came back ([`signed`]).
    pub signed: bool,
    /// An avenant's base convention, a file of the workspace, is neither dated nor back
    /// signed: perhaps not signed at all, its draft to correct rather than amend.
    pub base_unsigned: bool,
}

/// The standing of `convention`, saved at `path` (none: a text not saved).
pub fn standing(app: &App, path: Option<&std::path::Path>, convention: &Convention) -> Standing {
    let amendment =
        (convention.amendment.as_ref()).filter(|_| convention.kind == crate::model::Kind::Avenant);
    let base_unsigned = amendment.is_some_and(|a| {
        let Ok(base) = app.workspace.find(&a.base, None) else {
            return false;
        };
        let Some(base_convention) = crate::pipeline::load_lenient(&base) else {
            return false;
        };
        let dated = (base_convention.signature).is_some_and(|s| s.date.is_some());
        !dated && !signed(app, &base)
    });
    Standing {
        signed: path.is_some_and(|path| signed(app, path)),
        base_unsigned,
    }
}

/// `GET /api/conventions/{reference}/signed`: the last verdict recorded on a signed copy,
/// if any, and where the convention stands.
pub async fn last(State(app): State<Arc<App>>, convention: convention::Convention) -> Response {
    let work = move || -> Response {
        let convention::Convention { path, source, lang } = convention;
        let Some(output) = existing_output(&app) else {
            let last = Last {
                verdict: None,
                state: None,
                state_kind: None,
            };
            return Json(last).into_response();
        };
        let entry = final_pdf(Manifest::read(&output), &path);
        let verdict = (entry.as_ref().and_then(|e| e.verified.as_ref()))
            .map(|v| VerdictView::new(&v.verdict, v.by.clone(), &source, lang));
        let (state, state_kind) = state(&output, &path, lang);
        Json(Last {
            verdict,
            state,
            state_kind,
        })
        .into_response()
    };
    super::api::blocking(work).await
}
