//! The rule across files: two conventions of one batch never share a reference, since the
//! reference names their files. The later file, in input order, is refused; `check`,
//! `render` and `send` apply this same rule, `render` from several jobs at once.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Condvar, Mutex, MutexGuard};

use crate::diag::Diagnostic;
use crate::format::KeySpans;
use crate::i18n::Message;
use crate::model::KeyPath;

/// The references of a batch, decided as files load: a file waits at most for the few
/// earlier ones still loading on other jobs, and none is read twice.
pub struct References {
    state: Mutex<State>,
    registered: Condvar,
}

struct State {
    /// The earliest file with each reference, among those registered.
    first_use: HashMap<String, usize>,
    registered: Vec<bool>,
    /// Every file before this index is registered.
    prefix: usize,
}

impl References {
    /// The references of a batch of `files` files.
    pub fn new(files: usize) -> References {
        References {
            state: Mutex::new(State {
                first_use: HashMap::new(),
                registered: vec![false; files],
                prefix: 0,
            }),
            registered: Condvar::new(),
        }
    }

    /// The place of file `index` in the batch: register its reference once it loaded;
    /// dropped unregistered (the file failed, even by a panic), it no longer holds up the
    /// files after it.
    pub fn claim(&self, index: usize) -> Claim<'_> {
        Claim {
            references: self,
            index,
            armed: true,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records file `index` with its reference (`None`: it did not load).
    fn record(&self, index: usize, reference: Option<&str>) -> MutexGuard<'_, State> {
        let mut state = self.lock();
        if let Some(reference) = reference {
            let first = state
                .first_use
                .entry(reference.to_string())
                .or_insert(index);
            *first = (*first).min(index);
        }
        state.registered[index] = true;
        while state.registered.get(state.prefix) == Some(&true) {
            state.prefix += 1;
        }
        self.registered.notify_all();
        state
    }
}

/// A file's place in the batch, until its reference is known.
pub struct Claim<'a> {
    references: &'a References,
    index: usize,
    armed: bool,
}

impl Claim<'_> {
    /// Registers the file's reference and, once every earlier file is registered, returns
    /// the earliest of them with the same reference.
    pub fn register(mut self, reference: &str) -> Option<usize> {
        self.armed = false;
        let references = self.references;
        let mut state = references.record(self.index, Some(reference));
        while state.prefix < self.index {
            state = (references.registered.wait(state)).unwrap_or_else(|e| e.into_inner());
        }
        let first = *state.first_use.get(reference)?;
        (first < self.index).then_some(first)
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if self.armed {
            drop(self.references.record(self.index, None));
        }
    }
}

/// The error on a file whose reference an earlier file of the batch, `first`, already uses.
pub fn duplicate(reference: &str, first: &Path, spans: &KeySpans) -> Diagnostic {
    let key = KeyPath::top("reference");
    let reference = reference.to_string();
    Diagnostic::error(Message::DuplicateReference { reference })
        .span(spans.get(&key))
        .key(key)
        .help(Message::AlreadyUses {
            file: first.display().to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_later_file_of_a_reference_is_refused() {
        let references = References::new(4);
        drop(references.claim(1)); // did not load
        assert_eq!(references.claim(0).register("A"), None);
        assert_eq!(references.claim(2).register("B"), None);
        assert_eq!(references.claim(3).register("A"), Some(0));
    }
}
