//! The convention files a command is given: files as named, directories searched.

use std::path::{Path, PathBuf};

use crate::files::Refusal;
use crate::i18n::Message;

/// A path that could not be read, and why.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// A path that could not be read, as a message.
impl From<&Unreadable> for Message {
    fn from(unreadable: &Unreadable) -> Message {
        Message::CannotRead {
            path: unreadable.path.display().to_string(),
            reason: Box::new(Message::from(&unreadable.error)),
        }
    }
}

/// Every convention file a list of paths names.
#[derive(Debug, Default)]
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub unreadable: Vec<Unreadable>,
}

impl Inputs {
    /// Files and unreadable paths together: what a summary counts.
    pub fn total(&self) -> usize {
        self.files.len() + self.unreadable.len()
    }
}

/// Files as given, directories searched for `*.toml` (sorted, so runs are reproducible;
/// hidden files and directories skipped). A symbolic link is followed only when it is
/// given (then its target is the input); one found in a directory is reported, not read,
/// as is a `*.toml` that is not a regular file (a FIFO would block the run).
pub fn collect_inputs(paths: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs),
            Ok(_) if path.is_symlink() => match std::fs::canonicalize(path) {
                Ok(target) => inputs.files.push(target),
                Err(error) => inputs.unreadable.push(Unreadable {
                    path: path.clone(),
                    error,
                }),
            },
            Ok(_) => inputs.files.push(path.clone()),
            Err(error) => inputs.unreadable.push(Unreadable {
                path: path.clone(),
                error,
            }),
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Inputs) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            let path = dir.to_path_buf();
            return inputs.unreadable.push(Unreadable { path, error });
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if file_type.is_dir() {
            walk(&path, inputs);
        } else if path.extension().is_some_and(|e| e == "toml") {
            if file_type.is_file() {
                inputs.files.push(path);
            } else {
                let refusal = match file_type.is_symlink() {
                    true => Refusal::Link,
                    false => Refusal::NotRegular,
                };
                let error = std::io::Error::new(std::io::ErrorKind::InvalidInput, refusal);
                inputs.unreadable.push(Unreadable { path, error });
            }
        }
    }
}
