//! Where each key of a file stands, so that every finding can point at its line.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::model::KeyPath;

/// The byte range of each key's value, and the keys that already have an error.
#[derive(Clone, Debug, Default)]
pub struct KeySpans {
    spans: HashMap<KeyPath, Range<usize>>,
    broken: HashSet<KeyPath>,
}

impl KeySpans {
    /// The span of a key's value, or of the nearest enclosing table that has one.
    pub fn get(&self, key: &KeyPath) -> Option<Range<usize>> {
        std::iter::successors(Some(key.clone()), KeyPath::parent)
            .find_map(|k| self.spans.get(&k).cloned())
    }

    /// Whether the file gives this very key.
    pub fn has(&self, key: &KeyPath) -> bool {
        self.spans.contains_key(key)
    }

    /// Whether the key, or a table holding it, was already reported as invalid.
    pub fn is_broken(&self, key: &KeyPath) -> bool {
        std::iter::successors(Some(key.clone()), KeyPath::parent).any(|k| self.broken.contains(&k))
    }

    /// Records where a key's value stands.
    pub fn insert(&mut self, key: KeyPath, span: Range<usize>) {
        self.spans.insert(key, span);
    }

    /// Records that a key was reported as invalid: later rules leave it alone.
    pub fn mark_broken(&mut self, key: KeyPath) {
        self.broken.insert(key);
    }
}
