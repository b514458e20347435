//! What a file adds to the standard text: free articles with their sub-articles, and annexes
//! of its own, a PDF file beside it or a document held separately.

use std::sync::Arc;

use super::ArticleId;

/// A free article (`[[clauses]]`): after a standard article, instead of one, or else after
/// « Litiges ».
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Clause {
    pub title: String,
    /// Its paragraphs, separated by blank lines.
    pub text: Option<String>,
    pub after: Option<ArticleId>,
    pub replace: Option<ArticleId>,
    /// Its sub-articles, numbered N.1, N.2….
    pub sections: Vec<Section>,
}

/// A sub-article of a free article (`[[clauses.sections]]`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Section {
    pub title: String,
    pub text: String,
}

/// An annex the file lists (`[[annexes]]`): a title, and a PDF whose pages the document
/// carries, or none when the annex is held separately.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Appendix {
    pub title: String,
    /// The PDF, relative to the convention file's folder.
    pub file: Option<String>,
    /// What identifies an annex held apart, so that the parties sign the same document:
    /// its version, its date, its number of pages.
    pub version: Option<String>,
    pub date: Option<super::Date>,
    pub pages: Option<u32>,
    /// What `file` holds, once the pipeline has read it from beside the convention file; not
    /// part of the format.
    #[serde(skip)]
    pub content: Option<AppendixFile>,
}

/// Two annexes are the same when the file says the same of them: what their PDF holds is
/// read only to render it (a version read back from a PDF has no content).
impl PartialEq for Appendix {
    fn eq(&self, other: &Appendix) -> bool {
        let said = |a: &Appendix| {
            (
                a.title.clone(),
                a.file.clone(),
                a.version.clone(),
                a.date,
                a.pages,
            )
        };
        said(self) == said(other)
    }
}

/// A PDF annex as read: its bytes and its number of pages.
#[derive(Clone, Debug, PartialEq)]
pub struct AppendixFile {
    pub bytes: Arc<Vec<u8>>,
    pub pages: usize,
}

/// Paragraphs of a text: separated by blank lines, each with its lines joined by spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
}

impl Clause {
    /// The standard article it follows or replaces.
    pub fn anchor(&self) -> Option<ArticleId> {
        self.replace.or(self.after)
    }
}
