//! The handlers: the page, and the JSON API under `/api/` (the contract's table). Work for
//! Typst runs on blocking threads, so that a render never holds the server's event loop.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::answers::*;
use super::auth::User;
use super::convention::{Convention, read_file, read_valid};
use super::drafts::{PageList, PagesError, Timing};
use super::tasks::{OUTPUT, folder};
use super::workspace::findings;
use super::{App, PageLang};
use crate::deliver::history::{self, SaveError, Saved, etag};
use crate::deliver::{Manifest, OutputDir, Shelf};
use crate::format::Source;
use crate::i18n::{Lang, Message};
use crate::pipeline::{Format, load};

/// A request the workspace refuses: its status, and why in the page's words, answered as
/// `{"error": …}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    pub(super) answer: ErrorAnswer,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        let answer = ErrorAnswer {
            error: message.into(),
            etag: None,
            choices: None,
        };
        ApiError { status, answer }
    }

    /// Refused with `message`, said in `lang`.
    pub fn said(status: StatusCode, message: Message, lang: Lang) -> ApiError {
        ApiError::new(status, message.text(lang))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.answer)).into_response()
    }
}

pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    ApiError::new(status, message).into_response()
}

/// `?file=…`: which of the files of a reference is meant, when several declare it.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    pub(super) file: Option<String>,
}

/// Runs CPU work off the event loop and answers with what it made.
pub async fn blocking<T: IntoResponse + Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(answer) => answer.into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// `GET /api/conventions/{reference}`: the file, its etag and its diagnostics;
/// `GET /api/conventions/{reference}.pdf` (`?draft=1`): its PDF, as `convgen render` writes it.
pub async fn convention(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    Query(query): Query<DraftQuery>,
    PageLang(lang): PageLang,
) -> Response {
    let _turn = match reference.ends_with(".pdf") {
        true => Some(app.turn_to_render().await),
        false => None,
    };
    let work = move || -> Response {
        if let Some(reference) = reference.strip_suffix(".pdf") {
            return pdf(&app, reference, &query, lang);
        }
        let (path, source) = match read_file(&app, &reference, query.file.as_deref(), lang) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let loaded = load(&source);
        Json(ConventionAnswer {
            file: app.workspace.relative(&path),
            totals: super::form::totals(&loaded.convention),
            values: super::form::values(&loaded, &source.text),
            annex_numbers: super::form::annex_numbers(&loaded),
            years: super::form::years(&loaded.convention),
            amounts_written_for: super::period::amounts_written_for(&path, &source.text),
            etag: etag(&source.text),
            diagnostics: findings(&app, Some(&path), &source.text, &loaded, lang),
            convention: loaded.convention,
            toml: source.text,
        })
        .into_response()
    };
    blocking(work).await
}

/// `?draft=1`, `?signed=1`.
#[derive(Debug, Default, Deserialize)]
pub struct DraftQuery {
    draft: Option<String>,
    /// A convention dated as signed and changed since: the PDF of its text as signed.
    signed: Option<String>,
    /// A signature platform's text tags in the signature boxes.
    tags: Option<crate::render::SignatureTags>,
    /// Which of the files of a reference (see [`FileQuery`]).
    file: Option<String>,
}

impl DraftQuery {
    fn draft(&self) -> bool {
        yes(&self.draft)
    }

    fn signed(&self) -> bool {
        yes(&self.signed)
    }
}

fn yes(flag: &Option<String>) -> bool {
    flag.as_deref().is_some_and(|d| d == "1" || d == "true")
}

/// A convention's PDF, kept in the output folder with its manifest entry (the list says it
/// is rendered, and `send` reuses it); an invalid file is never rendered. A convention dated
/// as signed whose file changed since: `409` for the final PDF, which would not be what was
/// signed; `?signed=1`, its text as signed (not kept); `?draft=1`, the file as a draft.
fn pdf(app: &App, reference: &str, query: &DraftQuery, lang: Lang) -> Response {
    let (draft, tags) = (query.draft(), query.tags);
    let (source, loaded) = match read_valid(app, reference, Message::ToProduceThePdf, draft, lang) {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
    if !draft
        && let Some(instead) =
            super::signed::instead(app, &source, &loaded, query.signed(), tags, lang)
    {
        return instead;
    }
    let _one_writer = app.output.lock().unwrap_or_else(|e| e.into_inner());
    let output = match folder(app, OUTPUT).map(|dir| OutputDir::create(&dir)) {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        Err(refused) => return refused.into_response(),
    };
    let engine = match app.engine(tags) {
        Ok(engine) => engine,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let mut manifest = Manifest::read(output.path()).by_key();
    let recipe = engine.recipe(Format::Pdf, draft);
    let mut shelf = Shelf {
        output: &output,
        manifest: &mut manifest,
        recipe: &recipe,
    };
    let c = &loaded.convention;
    let produce = || engine.produce(c, source.text.as_bytes(), draft, Format::Pdf);
    let kept = shelf.pdf(&source, &c.reference, draft, produce);
    // The PDF is answered even when the manifest cannot be written: it is only rendered again.
    let _ = Manifest::write(output.path(), manifest);
    match kept {
        Ok((pdf, name)) => {
            let disposition = format!("attachment; filename=\"{name}\"");
            let headers = [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            (headers, pdf).into_response()
        }
        Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    }
}

/// `GET /api/conventions/{reference}/pages/{n}.png`: page n of the draft, drawn from the
/// draft its version's save compiled, or from the image drawn already of a page that looks
/// the same.
pub async fn page_image(
    State(app): State<Arc<App>>,
    Path((_, page)): Path<(String, String)>,
    convention: Convention,
) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let lang = convention.lang;
        let number = page
            .strip_suffix(".png")
            .and_then(|n| n.parse::<usize>().ok());
        let Some(number) = number.filter(|&n| n > 0) else {
            return error(StatusCode::NOT_FOUND, Message::PageNames.text(lang));
        };
        let (mut timing, mut started) = (Timing::default(), Instant::now());
        let draft = match shown_draft(&app, &convention.path, &convention.source) {
            Ok((_, draft, _)) => draft,
            Err(e) => return pages_refused(e, lang),
        };
        timing.lap("draft", &mut started);
        match app.drafts.image(&app.engine, &draft, number) {
            Ok(Some(png)) => {
                timing.lap("draw", &mut started);
                let headers = [
                    (header::CONTENT_TYPE, "image/png".to_string()),
                    (SERVER_TIMING, timing.header()),
                ];
                (headers, png.to_vec()).into_response()
            }
            Ok(None) => error(
                StatusCode::NOT_FOUND,
                Message::DraftPages {
                    pages: draft.hashes.len(),
                }
                .text(lang),
            ),
            Err(e) => pages_refused(e, lang),
        }
    };
    blocking(work).await
}

/// `GET /api/conventions/{reference}/pages`: `{etag, pages: [{n, hash}]}`, what each page
/// of the draft shows as a hash: the page fetches again only the images whose hash changed
/// (`pages/{n}.png?v=<etag>`), and knows the page count without probing. A form's save
/// answers with them too.
pub async fn page_hashes(State(app): State<Arc<App>>, convention: Convention) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let Convention { path, source, lang } = convention;
        match shown_draft(&app, &path, &source) {
            Ok((etag, draft, valid_version)) => Json(PageList {
                valid_version,
                ..PageList::new(&etag, &draft)
            })
            .into_response(),
            Err(e) => pages_refused(e, lang),
        }
    };
    blocking(work).await
}

/// The versions looked through for a valid one, newest first, while the file has errors.
const VALID_VERSIONS_LOOKED: usize = 40;

/// The draft the preview shows, its etag, and the saved version it is of: the file's own,
/// or — while the file has errors, even after a reload — its newest valid saved version's,
/// which the page marks as such.
fn shown_draft(
    app: &App,
    path: &std::path::Path,
    source: &Source,
) -> Result<(String, Arc<crate::pipeline::Draft>, Option<String>), PagesError> {
    let current = etag(&source.text);
    match app.drafts.draft(&app.engine, source, &current) {
        Err(PagesError::Invalid) => {}
        found => return found.map(|draft| (current, draft, None)),
    }
    for name in history::versions(path)
        .into_iter()
        .take(VALID_VERSIONS_LOOKED)
    {
        let Some(text) = history::version(path, &name) else {
            continue;
        };
        let old = Source::from_bytes(path, text.into_bytes());
        let old_etag = etag(&old.text);
        match app.drafts.draft(&app.engine, &old, &old_etag) {
            Ok(draft) => return Ok((old_etag, draft, Some(name))),
            Err(PagesError::Invalid) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(PagesError::Invalid)
}

/// The `Server-Timing` header: how long the parts of an answer took, which the browser
/// test reads.
const SERVER_TIMING: header::HeaderName = header::HeaderName::from_static("server-timing");

/// A draft that has no pages, said in the page's language.
fn pages_refused(e: PagesError, lang: Lang) -> Response {
    match e {
        PagesError::Invalid => {
            let purpose = Box::new(Message::ToSeeItsPages);
            let message = Message::ServeFileHasErrors { purpose };
            error(StatusCode::UNPROCESSABLE_ENTITY, message.text(lang))
        }
        e => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    }
}

/// `POST /api/check` (body: TOML text): its diagnostics; nothing saved.
pub async fn check(
    State(app): State<Arc<App>>,
    PageLang(lang): PageLang,
    body: String,
) -> Response {
    let work = move || {
        let source = Source::from_bytes("check.toml".as_ref(), body.into_bytes());
        let loaded = load(&source);
        // The source of a convention of the workspace, being edited: signed if it came back so.
        let file = app.workspace.find(&loaded.convention.reference, None);
        let diagnostics = findings(&app, file.ok().as_deref(), &source.text, &loaded, lang);
        Json(CheckAnswer { diagnostics }).into_response()
    };
    blocking(work).await
}

/// `PUT /api/conventions/{reference}` (body: TOML text, `If-Match: <etag>`): saves atomically,
/// keeping the previous version; a stale etag: 409, nothing written. Invalid TOML is saved
/// too: nothing a user typed is lost.
pub async fn save(
    State(app): State<Arc<App>>,
    convention: Convention,
    User(user): User,
    headers: HeaderMap,
    body: String,
) -> Response {
    let if_match = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let work = move || -> Response {
        let lang = convention.lang;
        let Some(if_match) = if_match else {
            return error(
                StatusCode::PRECONDITION_REQUIRED,
                Message::SendTheEtag.text(lang),
            );
        };
        let path = convention.path;
        match history::save_by(&path, &body, Some(&if_match), user.as_deref()) {
            Ok(Saved { etag, .. }) => {
                let source = Source::from_bytes(&path, body.into_bytes());
                let loaded = load(&source);
                let diagnostics = findings(&app, Some(&path), &source.text, &loaded, lang);
                Json(SaveAnswer { etag, diagnostics }).into_response()
            }
            Err(SaveError::Stale { current }) => stale(current, lang),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// A form's change: a value set, or an item added to or removed from a list.
#[derive(Debug, Deserialize)]
pub struct FieldEdit {
    /// The etag the page read the file with.
    etag: String,
    /// The key path, as messages print it: `partners[2].signatories[1].name`.
    key: String,
    #[serde(default)]
    op: super::edit::Op,
    /// The value to set; `null` removes an optional key.
    #[serde(default)]
    value: serde_json::Value,
    /// The value shown as the person began to change it: see [`super::form::changed_under`].
    #[serde(default)]
    was: Option<String>,
    /// Which page saves (a name it draws at load): its edits in a row make one version.
    #[serde(default)]
    page: Option<String>,
    /// Only said, not saved: the values the change would give (« Recalculer les montants »
    /// shows what moves and what falls out before it is applied).
    #[serde(default)]
    preview: bool,
}

/// `PATCH /api/conventions/{reference}` (JSON `{etag, key, op, value}`): one value set (or
/// one item added or removed) in place, comments and layout kept, and saved as a `PUT` is:
/// `{etag, toml, diagnostics}`, and `added`, the new item's key path. With `preview: true`,
/// nothing is saved: `{values}`, what the file would hold.
pub async fn edit(
    State(app): State<Arc<App>>,
    convention: Convention,
    User(user): User,
    Json(field): Json<FieldEdit>,
) -> Response {
    use super::edit::{Op, append, remove, set};
    use super::period::move_amounts;
    // The new version's draft is compiled here, in a turn to render.
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let (mut timing, mut started) = (Timing::default(), Instant::now());
        let Convention { path, source, lang } = convention;
        let key = field.key.as_str();
        if super::form::changed_under(&source, key, field.was.as_deref()) {
            return stale(crate::deliver::history::etag(&source.text), lang);
        }
        let stated = super::avenants::stating_previous(&source.text, key);
        let was = stated.as_deref().unwrap_or(&source.text);
        let edited = match field.op {
            Op::Set => set(was, key, &field.value).map(|text| (text, None)),
            Op::Append => append(was, key).map(|(text, added)| (text, Some(added))),
            Op::Remove => remove(was, key).map(|text| (text, None)),
            Op::Move => move_amounts(&path, was, &field.value).map(|t| (t, None)),
        };
        let (text, added) = match edited {
            Ok(edited) => edited,
            // « 12.000 »: the page offers the two amounts it may be.
            Err(e) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                // In French, the field named as the form names it.
                let e = match lang {
                    Lang::Fr => {
                        let convention = load(&source).convention;
                        let key = super::edit::key_path;
                        e.named(|path| Some(crate::format::place(&convention, &key(path)?, lang)))
                    }
                    Lang::En => e,
                };
                let mut refused = ApiError::said(status, Message::from(&e), lang);
                if let super::edit::EditError::Ambiguous {
                    thousands, decimal, ..
                } = e
                {
                    refused.answer.choices = Some([thousands, decimal]);
                }
                return refused.into_response();
            }
        };
        let edited = Source::from_bytes(&path, text.clone().into_bytes());
        let loaded = load(&edited);
        if field.preview {
            let values = super::form::values(&loaded, &text);
            let explained = (matches!(field.op, Op::Move))
                .then(|| super::period::explain_move(&path, &source.text, &field.value));
            let answer = serde_json::json!({ "values": values, "moved": explained.flatten() });
            return Json(answer).into_response();
        }
        let page = field
            .page
            .as_deref()
            .filter(|p| !p.is_empty() && p.len() <= 64);
        // Made invalid, or re-dated (see `period`), a file ends its burst: the text before is kept.
        let going = (loaded.is_valid() || !load(&source).is_valid()) && !key.starts_with("period");
        let burst = page
            .filter(|_| going)
            .and_then(|page| app.burst(page, &path));
        let writer = history::Writer {
            user: user.as_deref(),
            burst: burst.as_deref(),
        };
        let saved = history::save_as(&path, &text, Some(&field.etag), writer);
        match saved {
            Ok(Saved { etag, kept }) => {
                if let Some(page) = page {
                    app.burst_saved(page, &path, &etag, kept.is_none());
                }
                let diagnostics = findings(&app, Some(&path), &text, &loaded, lang);
                timing.lap("save", &mut started);
                // What each page of the new version shows: the page fetches at once the
                // images that changed, drawn from this draft.
                let pages = (super::drafts::but_to_complete(&loaded))
                    .then(|| app.drafts.draft(&app.engine, &edited, &etag).ok())
                    .flatten()
                    .map(|draft| PageList::new(&etag, &draft));
                timing.lap("draft", &mut started);
                let answer = Json(EditAnswer {
                    etag,
                    diagnostics,
                    totals: super::form::totals(&loaded.convention),
                    values: super::form::values(&loaded, &text),
                    annex_numbers: super::form::annex_numbers(&loaded),
                    years: super::form::years(&loaded.convention),
                    convention: loaded.convention,
                    toml: text,
                    added,
                    pages,
                });
                ([(SERVER_TIMING, timing.header())], answer).into_response()
            }
            Err(SaveError::Stale { current }) => stale(current, lang),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// `409`: the file changed since the page read it.
pub(super) fn stale(current: String, lang: Lang) -> Response {
    let mut refused = ApiError::said(StatusCode::CONFLICT, Message::FileChangedSinceOpened, lang);
    refused.answer.etag = Some(current);
    refused.into_response()
}
