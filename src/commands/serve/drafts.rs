//! The preview's drafts, kept between requests: a file's draft is compiled once per version
//! (its etag) — by the save that made that version, so that the page's request for the
//! pages that changed finds it compiled — and each page image is drawn once per look (its
//! hash), whichever version asks for it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::format::{Loaded, Source};
use crate::pipeline::{DocumentError, Draft, Engine, load};

/// Drafts compiled, the newest last: the current version of the files open, and the one
/// before, whose hashes say which pages an edit changed.
const KEPT_DRAFTS: usize = 4;
/// Page images kept in memory: a few drafts' worth.
const KEPT_IMAGES: usize = 64;

/// A page image, shared by the cache and the answers.
pub type Image = Arc<Vec<u8>>;

#[derive(Default)]
pub struct Drafts {
    /// By etag.
    drafts: Mutex<VecDeque<(String, Arc<Draft>)>>,
    /// By page hash.
    images: Mutex<VecDeque<(String, Image)>>,
}

/// What each page of a version's draft shows: `GET …/pages`, and a save's answer.
#[derive(Debug, Serialize)]
pub struct PageList {
    pub etag: String,
    pub pages: Vec<PageHash>,
    /// The saved version these pages are of, when the file has errors: its newest valid one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_version: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PageHash {
    /// From 1.
    pub n: usize,
    pub hash: String,
}

/// Why a draft has no page images.
#[derive(Debug, thiserror::Error)]
pub enum PagesError {
    /// The file has errors (the page is told in its language).
    #[error("invalid")]
    Invalid,
    #[error("{0}")]
    Document(#[from] DocumentError),
}

/// How long each part of an answer took, for its `Server-Timing` header.
#[derive(Debug, Default)]
pub struct Timing(Vec<(&'static str, Duration)>);

impl Timing {
    /// Adds the time since `started` as `name`, and restarts it.
    pub fn lap(&mut self, name: &'static str, started: &mut Instant) {
        self.0.push((name, started.elapsed()));
        *started = Instant::now();
    }

    /// `save;dur=3.1, compile;dur=41.0`.
    pub fn header(&self) -> String {
        let parts = self
            .0
            .iter()
            .map(|(name, took)| format!("{name};dur={:.1}", took.as_secs_f64() * 1000.0));
        parts.collect::<Vec<_>>().join(", ")
    }
}

/// Whether a file is valid but for values still « à compléter » — an avenant as prepared
/// (its délibérations' numbers), a new convention being filled in: its draft can be drawn,
/// each such value printed as it stands (« (intitulé à compléter) »).
pub fn but_to_complete(loaded: &Loaded) -> bool {
    loaded.is_valid_but_to_complete()
}

impl Drafts {
    /// The draft of `source` as it is (`etag`): kept, or compiled and kept.
    pub fn draft(
        &self,
        engine: &Engine,
        source: &Source,
        etag: &str,
    ) -> Result<Arc<Draft>, PagesError> {
        if let Some(draft) = self.kept(etag) {
            return Ok(draft);
        }
        let loaded = load(source);
        if !but_to_complete(&loaded) {
            return Err(PagesError::Invalid);
        }
        let draft = Arc::new(engine.draft(&loaded.convention, source.text.as_bytes())?);
        let mut drafts = self.drafts.lock().unwrap_or_else(|e| e.into_inner());
        drafts.retain(|(e, _)| e != etag);
        drafts.push_back((etag.to_string(), Arc::clone(&draft)));
        if drafts.len() > KEPT_DRAFTS {
            drafts.pop_front();
        }
        Ok(draft)
    }

    /// The draft of version `etag`, if it was compiled lately.
    pub fn kept(&self, etag: &str) -> Option<Arc<Draft>> {
        let drafts = self.drafts.lock().unwrap_or_else(|e| e.into_inner());
        let found = drafts.iter().find(|(e, _)| e == etag);
        found.map(|(_, draft)| Arc::clone(draft))
    }

    /// Page `number` of `draft` as an image: drawn already, or drawn now; `None` past its
    /// last page.
    pub fn image(
        &self,
        engine: &Engine,
        draft: &Draft,
        number: usize,
    ) -> Result<Option<Image>, PagesError> {
        let Some(hash) = number.checked_sub(1).and_then(|i| draft.hashes.get(i)) else {
            return Ok(None);
        };
        let images = || self.images.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, image)) = images().iter().find(|(h, _)| h == hash) {
            return Ok(Some(Arc::clone(image)));
        }
        let Some(png) = engine.draw(draft, number)? else {
            return Ok(None);
        };
        let image = Arc::new(png);
        let mut images = images();
        images.push_back((hash.clone(), Arc::clone(&image)));
        if images.len() > KEPT_IMAGES {
            images.pop_front();
        }
        Ok(Some(image))
    }
}

impl PageList {
    pub fn new(etag: &str, draft: &Draft) -> PageList {
        let pages = (draft.hashes.iter().enumerate())
            .map(|(i, hash)| PageHash {
                n: i + 1,
                hash: hash.clone(),
            })
            .collect();
        PageList {
            etag: etag.to_string(),
            pages,
            valid_version: None,
        }
    }
}
