//! The convention a request names: found by the reference in its path (and `?file=` for
//! one of the files of a reference), read, and checked when asked — or the request refused
//! (`404` unknown, `409` ambiguous, `400` a bad query, `422` invalid), in the page's words.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Query, RawPathParams};
use axum::http::StatusCode;

use super::api::{ApiError, FileQuery};
use super::workspace::Lookup;
use super::{App, PageLang};
use crate::format::Source;
use crate::i18n::{Lang, Message};
use crate::pipeline::load;

/// The file that declares `reference`, and its text; `404` when there is none, `409` when
/// several files declare it.
pub fn read(
    app: &App,
    reference: &str,
    lang: Lang,
) -> Result<(std::path::PathBuf, Source), ApiError> {
    read_file(app, reference, None, lang)
}

/// As [`read`]; with `file` (a path of the list), that one of the files of a reference.
pub fn read_file(
    app: &App,
    reference: &str,
    file: Option<&str>,
    lang: Lang,
) -> Result<(std::path::PathBuf, Source), ApiError> {
    let reference = reference.to_string();
    let missing = || {
        let message = Message::ServeNoConvention {
            reference: reference.clone(),
        };
        ApiError::said(StatusCode::NOT_FOUND, message, lang)
    };
    let path = match app.workspace.find(&reference, file) {
        Ok(path) => path,
        Err(Lookup::Missing) => return Err(missing()),
        Err(Lookup::Ambiguous(files)) => {
            let files = files.join(", ");
            let message = Message::ServeAmbiguous {
                reference: reference.clone(),
                files,
            };
            return Err(ApiError::said(StatusCode::CONFLICT, message, lang));
        }
    };
    let source = Source::read(&path).map_err(|_| missing())?;
    Ok((path, source))
}

/// The file of `reference`, read and checked, for `purpose` (« produire le PDF »): `422`
/// when it has errors — an invalid file is never rendered; `to_complete`: but for values
/// still « à compléter », printed as they stand in a draft.
pub fn read_valid(
    app: &App,
    reference: &str,
    purpose: Message,
    to_complete: bool,
    lang: Lang,
) -> Result<(Source, crate::format::Loaded), ApiError> {
    let (path, source) = read(app, reference, lang)?;
    Convention { path, source, lang }.valid_but(purpose, to_complete)
}

/// The convention a request's path names (its `{reference}`, and `?file=` for one of the
/// files of a reference), found and read: the handler gets the file, or the request is
/// refused as [`read_file`] refuses it.
pub struct Convention {
    pub path: std::path::PathBuf,
    pub source: Source,
    /// The page's language, for what the handler answers.
    pub lang: Lang,
}

impl Convention {
    /// Its text loaded and checked, for `purpose`: `422` when it has errors.
    pub fn valid(self, purpose: Message) -> Result<(Source, crate::format::Loaded), ApiError> {
        self.valid_but(purpose, false)
    }

    /// As [`Convention::valid`]; with `to_complete`, values still « à compléter » allowed
    /// (a draft printed with them, to be read round).
    pub fn valid_but(
        self,
        purpose: Message,
        to_complete: bool,
    ) -> Result<(Source, crate::format::Loaded), ApiError> {
        let loaded = load(&self.source);
        if !(loaded.is_valid() || to_complete && super::drafts::but_to_complete(&loaded)) {
            let message = Message::ServeFileHasErrors {
                purpose: Box::new(purpose),
            };
            return Err(ApiError::said(
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
                self.lang,
            ));
        }
        Ok((self.source, loaded))
    }
}

impl FromRequestParts<Arc<App>> for Convention {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &Arc<App>,
    ) -> Result<Self, ApiError> {
        let Ok(PageLang(lang)) = PageLang::from_request_parts(parts, app).await;
        let bad = |text: String| ApiError::new(StatusCode::BAD_REQUEST, text);
        let params = RawPathParams::from_request_parts(parts, app).await;
        let params = params.map_err(|e| bad(e.body_text()))?;
        let reference = (params.iter().find(|(name, _)| *name == "reference"))
            .map(|(_, value)| value.to_string())
            .unwrap_or_default();
        let query = Query::<FileQuery>::try_from_uri(&parts.uri);
        let Query(query) = query.map_err(|e| bad(e.body_text()))?;
        let app = Arc::clone(app);
        let read = move || read_file(&app, &reference, query.file.as_deref(), lang);
        let read = tokio::task::spawn_blocking(read).await;
        let (path, source) =
            read.map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))??;
        Ok(Convention { path, source, lang })
    }
}
