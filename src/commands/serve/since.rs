//! A source whose save was refused (the file changed since the page read it): what changed
//! on the server since, and the text typed applied on the newest version — each side's
//! changed lines kept, when they touch different lines.

use std::ops::Range;

use axum::Json;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::api::blocking;
use super::convention::Convention;
use crate::deliver::history::etag;

/// What the page sends: the text it read, and the text typed since.
#[derive(Debug, Deserialize)]
pub struct Typed {
    base: String,
    mine: String,
}

/// What the page is answered.
#[derive(Debug, Serialize)]
pub struct Since {
    /// The newest version, to save over.
    etag: String,
    toml: String,
    /// What changed since in the words of the convention (`convgen diff`), when the two
    /// versions are valid.
    summary: Option<String>,
    /// The text typed applied on the newest version; `None` when both changed the same lines.
    merged: Option<String>,
    /// Whether `merged` is still TOML that reads.
    parses: bool,
}

/// `POST /api/conventions/{reference}/since` (JSON `{base, mine}`): the newest version, what
/// changed in it since `base`, and `mine`'s changes applied on it.
pub async fn since(convention: Convention, Json(typed): Json<Typed>) -> Response {
    let work = move || -> Response {
        let current = convention.source.text;
        let merged = merge(&typed.base, &typed.mine, &current);
        let parses = (merged.as_deref()).is_some_and(|m| m.parse::<toml::Table>().is_ok());
        Json(Since {
            etag: etag(&current),
            summary: super::tasks::summary(&typed.base, &current),
            toml: current,
            merged,
            parses,
        })
        .into_response()
    };
    blocking(work).await
}

/// `base` with both `mine`'s and `theirs`' changes; `None` when they change, or insert at,
/// the same lines (or lines next to each other: a merge there would be a guess).
pub fn merge(base: &str, mine: &str, theirs: &str) -> Option<String> {
    let lines =
        |text: &str| -> Vec<String> { text.split_inclusive('\n').map(String::from).collect() };
    let base_lines = lines(base);
    let mut edits = [mine, theirs]
        .into_iter()
        .flat_map(|text| hunks(&base_lines, &lines(text)))
        .collect::<Vec<_>>();
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0].0, &pair[1].0);
        if b.start <= a.end {
            // The same change made on both sides is no conflict.
            if pair[0] == pair[1] {
                continue;
            }
            return None;
        }
    }
    edits.dedup();
    let mut out = String::new();
    let mut at = 0;
    for (range, replacement) in edits {
        out.extend(base_lines[at..range.start].iter().map(String::as_str));
        out.extend(replacement.iter().map(String::as_str));
        at = range.end;
    }
    out.extend(base_lines[at..].iter().map(String::as_str));
    Some(out)
}

/// The lines of `old` that `new` changes, each range with the lines that replace it.
fn hunks(old: &[String], new: &[String]) -> Vec<(Range<usize>, Vec<String>)> {
    use similar::{DiffOp, capture_diff_slices};
    (capture_diff_slices(similar::Algorithm::Myers, old, new).into_iter())
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| (op.old_range(), new[op.new_range()].to_vec()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::merge;

    #[test]
    fn changes_to_different_lines_are_both_kept() {
        let base = "a = 1\nb = 2\nc = 3\nd = 4\n";
        let mine = "a = 1\nb = 20\nc = 3\nd = 4\n";
        let theirs = "a = 1\nb = 2\nc = 3\nd = 40\n# note\n";
        let merged = merge(base, mine, theirs).unwrap();
        assert_eq!(merged, "a = 1\nb = 20\nc = 3\nd = 40\n# note\n");
        assert_eq!(merge(base, mine, mine).as_deref(), Some(mine));
    }

    #[test]
    fn changes_to_the_same_or_touching_lines_are_not_guessed() {
        let base = "a = 1\nb = 2\nc = 3\n";
        assert_eq!(
            merge(base, "a = 1\nb = 5\nc = 3\n", "a = 1\nb = 6\nc = 3\n"),
            None
        );
        assert_eq!(
            merge(base, "a = 9\nb = 2\nc = 3\n", "a = 1\nb = 8\nc = 3\n"),
            None
        );
    }
}
