//! The handlers: the page, and the JSON API under `/api/` (the contract's table). Work for
//! Typst runs on blocking threads, so that a render never holds the server's event loop.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::auth::User;
use super::tasks::{OUTPUT, folder};
use super::workspace::{Lookup, findings};
use super::{App, CachedPage, PageLang, Pages};
use crate::deliver::history::{self, SaveError, Saved, etag};
use crate::deliver::{Manifest, OutputDir, Shelf};
use crate::format::Source;
use crate::pipeline::{Format, load};

/// A request the workspace refuses: its status, and why in the page's words, answered as
/// `{"error": …}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        let message = message.into();
        ApiError { status, message }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    ApiError::new(status, message).into_response()
}

/// The file that declares `reference`, and its text; `404` when there is none, `409` when
/// several files declare it.
pub fn read(app: &App, reference: &str) -> Result<(std::path::PathBuf, Source), ApiError> {
    read_file(app, reference, None)
}

/// As [`read`]; with `file` (a path of the list), that one of the files of a reference.
pub fn read_file(
    app: &App,
    reference: &str,
    file: Option<&str>,
) -> Result<(std::path::PathBuf, Source), ApiError> {
    let missing = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("aucune convention « {reference} » dans ce dossier"),
        )
    };
    let path = match app.workspace.find(reference, file) {
        Ok(path) => path,
        Err(Lookup::Missing) => return Err(missing()),
        Err(Lookup::Ambiguous(files)) => {
            let message = format!(
                "plusieurs fichiers portent la référence « {reference} » ({}) : ouvrez-les depuis la liste et donnez à chacun la sienne",
                files.join(", ")
            );
            return Err(ApiError::new(StatusCode::CONFLICT, message));
        }
    };
    let source = Source::read(&path).map_err(|_| missing())?;
    Ok((path, source))
}

/// The file of `reference`, read and checked, for `purpose` (« produire le PDF »): `422`
/// when it has errors — an invalid file is never rendered.
pub fn read_valid(
    app: &App,
    reference: &str,
    purpose: &str,
) -> Result<(Source, crate::format::Loaded), ApiError> {
    let (_, source) = read(app, reference)?;
    let loaded = load(&source);
    if !loaded.is_valid() {
        let message = format!("le fichier a des erreurs : corrigez-les pour {purpose}");
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    Ok((source, loaded))
}

/// `?file=…`: which of the files of a reference is meant, when several declare it.
#[derive(Debug, Default, Deserialize)]
pub struct FileQuery {
    file: Option<String>,
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
            return pdf(&app, reference, query.draft(), query.tags);
        }
        let (path, source) = match read_file(&app, &reference, query.file.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let loaded = load(&source);
        Json(json!({
            "file": app.workspace.relative(&path),
            "totals": totals(&loaded.convention),
            "values": super::form::values(&loaded),
            "years": super::form::years(&loaded.convention),
            "convention": loaded.convention,
            "toml": source.text,
            "etag": etag(&source.text),
            "diagnostics": findings(&source.text, &loaded, lang),
        }))
        .into_response()
    };
    blocking(work).await
}

/// `?draft=1`.
#[derive(Debug, Default, Deserialize)]
pub struct DraftQuery {
    draft: Option<String>,
    /// A signature platform's text tags in the signature boxes.
    tags: Option<crate::render::SignatureTags>,
    /// Which of the files of a reference (see [`FileQuery`]).
    file: Option<String>,
}

impl DraftQuery {
    fn draft(&self) -> bool {
        self.draft
            .as_deref()
            .is_some_and(|d| d == "1" || d == "true")
    }
}

/// A convention's PDF, kept in the output folder with its manifest entry (the list says it
/// is rendered, and `send` reuses it); an invalid file is never rendered.
fn pdf(
    app: &App,
    reference: &str,
    draft: bool,
    tags: Option<crate::render::SignatureTags>,
) -> Response {
    let (source, loaded) = match read_valid(app, reference, "produire le PDF") {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
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

/// `GET /api/conventions/{reference}/pages/{n}.png`: page n of the draft.
pub async fn page_image(
    State(app): State<Arc<App>>,
    Path((reference, page)): Path<(String, String)>,
) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let number = page
            .strip_suffix(".png")
            .and_then(|n| n.parse::<usize>().ok());
        let Some(number) = number.filter(|&n| n > 0) else {
            return error(StatusCode::NOT_FOUND, "les pages sont `1.png`, `2.png`…");
        };
        let (_, source) = match read(&app, &reference) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        match draft_page(&app, &source, number) {
            Ok((Some(png), _)) => {
                ([(header::CONTENT_TYPE, "image/png")], png.to_vec()).into_response()
            }
            Ok((None, pages)) => error(
                StatusCode::NOT_FOUND,
                format!("le projet a {pages} page(s)"),
            ),
            Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        }
    };
    blocking(work).await
}

/// `GET /api/conventions/{reference}/pages`: `{etag, pages: [{n, hash}]}`, what each page
/// of the draft shows as a hash: the page fetches again only the images whose hash changed
/// (`pages/{n}.png?v=<etag>`), and knows the page count without probing.
pub async fn page_hashes(State(app): State<Arc<App>>, Path(reference): Path<String>) -> Response {
    let _turn = app.turn_to_render().await;
    let work = move || -> Response {
        let (source, loaded) = match read_valid(&app, &reference, "voir ses pages") {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let c = &loaded.convention;
        match app.engine.page_hashes(c, source.text.as_bytes()) {
            Ok(hashes) => {
                let pages: Vec<_> = (hashes.iter().enumerate())
                    .map(|(i, hash)| json!({ "n": i + 1, "hash": hash }))
                    .collect();
                Json(json!({ "etag": etag(&source.text), "pages": pages })).into_response()
            }
            Err(e) => error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        }
    };
    blocking(work).await
}

/// Why a draft has no page images.
#[derive(Debug, thiserror::Error)]
enum PagesError {
    #[error("le fichier a des erreurs : corrigez-les pour voir ses pages")]
    Invalid,
    #[error("{0}")]
    Document(#[from] crate::pipeline::DocumentError),
}

/// Page `number` of the draft, and how many pages it has, from the cache when the file did
/// not change since that page was drawn.
fn draft_page(
    app: &App,
    source: &Source,
    number: usize,
) -> Result<(Option<Pages>, usize), PagesError> {
    let key = (etag(&source.text), number);
    let cache = || app.pages.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hit) = cache().iter().find(|c| c.key == key) {
        return Ok((hit.png.clone(), hit.pages));
    }
    let loaded = load(source);
    if !loaded.is_valid() {
        return Err(PagesError::Invalid);
    }
    let preview = app
        .engine
        .preview_page(&loaded.convention, source.text.as_bytes(), number)?;
    let png = preview.png.map(Arc::new);
    let mut cache = cache();
    let pages = preview.pages;
    cache.push(CachedPage {
        key,
        png: png.clone(),
        pages,
    });
    if cache.len() > super::CACHED_PAGES {
        cache.remove(0);
    }
    Ok((png, preview.pages))
}

/// `POST /api/check` (body: TOML text): its diagnostics; nothing saved.
pub async fn check(PageLang(lang): PageLang, body: String) -> Response {
    let work = move || {
        let source = Source::from_bytes("check.toml".as_ref(), body.into_bytes());
        let loaded = load(&source);
        Json(json!({ "diagnostics": findings(&source.text, &loaded, lang) })).into_response()
    };
    blocking(work).await
}

/// `PUT /api/conventions/{reference}` (body: TOML text, `If-Match: <etag>`): saves atomically,
/// keeping the previous version; a stale etag: 409, nothing written. Invalid TOML is saved
/// too: nothing a user typed is lost.
pub async fn save(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    Query(query): Query<FileQuery>,
    PageLang(lang): PageLang,
    User(user): User,
    headers: HeaderMap,
    body: String,
) -> Response {
    let if_match = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let work = move || -> Response {
        let Some(if_match) = if_match else {
            return error(
                StatusCode::PRECONDITION_REQUIRED,
                "envoyez l’etag lu, en en-tête `If-Match`",
            );
        };
        let path = match read_file(&app, &reference, query.file.as_deref()) {
            Ok((path, _)) => path,
            Err(refused) => return refused.into_response(),
        };
        match history::save_by(&path, &body, Some(&if_match), user.as_deref()) {
            Ok(Saved { etag, .. }) => {
                let source = Source::from_bytes(&path, body.into_bytes());
                let loaded = load(&source);
                let diagnostics = findings(&source.text, &loaded, lang);
                Json(json!({ "etag": etag, "diagnostics": diagnostics })).into_response()
            }
            Err(SaveError::Stale { current }) => stale(current),
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
    op: Op,
    /// The value to set; `null` removes an optional key.
    #[serde(default)]
    value: serde_json::Value,
    /// Which page saves (a name it draws at load): its edits in a row make one version.
    #[serde(default)]
    page: Option<String>,
}

/// What a change does.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Op {
    #[default]
    Set,
    /// A blank item at the end of the list `key`.
    Append,
    /// The item `key` taken out of its list.
    Remove,
}

/// `PATCH /api/conventions/{reference}` (JSON `{etag, key, op, value}`): one value set (or
/// one item added or removed) in place, comments and layout kept, and saved as a `PUT` is:
/// `{etag, toml, diagnostics}`, and `added`, the new item's key path.
pub async fn edit(
    State(app): State<Arc<App>>,
    Path(reference): Path<String>,
    Query(query): Query<FileQuery>,
    PageLang(lang): PageLang,
    User(user): User,
    Json(field): Json<FieldEdit>,
) -> Response {
    use super::edit::{append, remove, set};
    let work = move || -> Response {
        let (path, source) = match read_file(&app, &reference, query.file.as_deref()) {
            Ok(found) => found,
            Err(refused) => return refused.into_response(),
        };
        let key = field.key.as_str();
        let edited = match field.op {
            Op::Set => set(&source.text, key, &field.value).map(|text| (text, None)),
            Op::Append => append(&source.text, key).map(|(text, added)| (text, Some(added))),
            Op::Remove => remove(&source.text, key).map(|text| (text, None)),
        };
        let (text, added) = match edited {
            Ok(edited) => edited,
            // « 12.000 »: the page offers the two amounts it may be.
            Err(e @ super::edit::EditError::Ambiguous { .. }) => {
                let super::edit::EditError::Ambiguous {
                    thousands, decimal, ..
                } = &e
                else {
                    unreachable!()
                };
                let answer = json!({ "error": e.to_string(), "choices": [thousands, decimal] });
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(answer)).into_response();
            }
            Err(e) => return error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
        };
        let page = field
            .page
            .as_deref()
            .filter(|p| !p.is_empty() && p.len() <= 64);
        let burst = page.and_then(|page| app.burst(page, &path));
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
                let loaded = load(&Source::from_bytes(&path, text.clone().into_bytes()));
                let diagnostics = findings(&text, &loaded, lang);
                Json(json!({
                    "etag": etag, "toml": text, "diagnostics": diagnostics,
                    "totals": totals(&loaded.convention),
                    "values": super::form::values(&loaded),
                    "years": super::form::years(&loaded.convention),
                    "convention": loaded.convention, "added": added,
                }))
                .into_response()
            }
            Err(SaveError::Stale { current }) => stale(current),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    };
    blocking(work).await
}

/// The funding's totals as the page shows them, computed exactly here (the page parses no
/// amount): each line's (`funding[1]`), each year's, and the whole.
fn totals(c: &crate::model::Convention) -> serde_json::Value {
    use rust_decimal::Decimal;
    let money = |sum: Decimal| crate::french::money(sum);
    let mut years: std::collections::BTreeMap<i32, Decimal> = Default::default();
    let lines: Vec<_> = (c.funding.iter().enumerate())
        .map(|(i, line)| {
            let mut sum = Decimal::ZERO;
            for (year, amount) in &line.amounts {
                sum += amount.value();
                *years.entry(*year).or_default() += amount.value();
            }
            json!({ "line": format!("funding[{}]", i + 1), "total": money(sum) })
        })
        .collect();
    let all: Decimal = years.values().sum();
    let years: Vec<_> = (years.into_iter())
        .map(|(year, sum)| json!({ "year": year, "total": money(sum) }))
        .collect();
    json!({ "lines": lines, "years": years, "all": money(all) })
}

/// `409`: the file changed since the page read it.
fn stale(current: String) -> Response {
    let message =
        "le fichier a changé depuis son ouverture : rechargez-le ; votre texte reste sur la page";
    (
        StatusCode::CONFLICT,
        Json(json!({ "error": message, "etag": current })),
    )
        .into_response()
}
