//! The convention files of the served directory: found by reference, read with an etag,
//! saved atomically with the previous version kept in a hidden history folder. No path
//! comes from a request: a file is reached only through the reference it declares.

use std::path::{Path, PathBuf};

use crate::deliver::{OutputDir, WriteError};
use crate::diag::Diagnostic;
use crate::digest::sha256_hex;
use crate::format::Source;
use crate::pipeline::{collect_inputs, load};

/// Hidden folder, inside the served directory, of every saved file's previous versions.
pub const HISTORY: &str = ".convgen-history";

/// A convention file of the workspace, as the list shows it.
#[derive(Debug, serde::Serialize)]
pub struct Entry {
    /// Path relative to the served directory.
    pub file: String,
    pub reference: String,
    pub kind: String,
    pub territory: String,
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
}

/// One diagnostic as the page shows it.
#[derive(Debug, serde::Serialize)]
pub struct Finding {
    pub severity: &'static str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

/// Findings of a text, with their lines.
pub fn findings(text: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    (diagnostics.iter())
        .map(|d| {
            let at = d.line_column(text);
            Finding {
                severity: if d.is_error() { "error" } else { "warning" },
                line: at.map(|(line, _)| line),
                column: at.map(|(_, column)| column),
                key: d.key.as_ref().map(ToString::to_string),
                message: d.message.clone(),
            }
        })
        .collect()
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the file changed since it was read (etag `{current}`)")]
    Stale { current: String },
    #[error("`{0}` exists already, or another file has this reference")]
    Exists(String),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot read `{}` ({source})", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The served directory.
pub struct Workspace {
    dir: PathBuf,
    /// Held from the etag check to the rename: two saves of one etag never both succeed.
    saving: std::sync::Mutex<()>,
}

/// The etag of a file's content.
pub fn etag(text: &str) -> String {
    format!("\"{}\"", &sha256_hex(text.as_bytes())[..32])
}

impl Workspace {
    pub fn new(dir: &Path) -> Workspace {
        Workspace {
            dir: dir.to_path_buf(),
            saving: std::sync::Mutex::new(()),
        }
    }

    /// Every convention file below the directory (hidden folders, the history among them,
    /// left out), with its state.
    pub fn list(&self) -> Vec<(PathBuf, Entry)> {
        let inputs = collect_inputs(std::slice::from_ref(&self.dir));
        (inputs.files.into_iter())
            .filter_map(|path| {
                let source = Source::read(&path).ok()?;
                let loaded = load(&source);
                let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
                let c = &loaded.convention;
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                let reference = Some(c.reference.clone())
                    .filter(|r| !r.is_empty())
                    .or(stem)
                    .unwrap_or_default();
                let entry = Entry {
                    file: self.relative(&path),
                    reference,
                    kind: c.kind.as_str().to_string(),
                    territory: c.territory.clone(),
                    valid: errors == 0,
                    errors,
                    warnings: loaded.diagnostics.len() - errors,
                };
                Some((path, entry))
            })
            .collect()
    }

    /// The file that declares `reference` (the first, in path order).
    pub fn find(&self, reference: &str) -> Option<PathBuf> {
        let list = self.list().into_iter();
        list.filter(|(_, e)| e.reference == reference)
            .map(|(p, _)| p)
            .next()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The history folder of a file.
    fn history(&self, path: &Path) -> PathBuf {
        let name = path.file_name().unwrap_or_default();
        self.dir.join(HISTORY).join(name)
    }

    /// The saved versions of a file, newest first (their names are their save times).
    pub fn versions(&self, path: &Path) -> Vec<String> {
        let entries = std::fs::read_dir(self.history(path)).into_iter().flatten();
        let mut names: Vec<String> = (entries.flatten())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| name.ends_with(".toml"))
            .collect();
        // `<time>.toml`, then `<time>-2.toml`… for versions of the same second.
        let order = |name: &String| {
            let (time, rest) = name.split_at(name.find('Z').map_or(0, |z| z + 1));
            let number = (rest.trim_start_matches('-').split(['-', '.']).next())
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(1);
            (time.to_string(), number)
        };
        names.sort_by_key(|name| std::cmp::Reverse(order(name)));
        names
    }

    /// One saved version's text; only a name the history lists is read, so no request
    /// reaches outside it.
    pub fn version(&self, path: &Path, name: &str) -> Option<String> {
        let listed = self.versions(path).into_iter().find(|v| v == name)?;
        std::fs::read_to_string(self.history(path).join(listed)).ok()
    }

    /// Writes a new convention file, `<reference>.toml` at the top of the directory; never
    /// over a file that exists.
    pub fn create(&self, reference: &str, text: &str) -> Result<PathBuf, SaveError> {
        let name = crate::deliver::toml_name(reference);
        let _one_save_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        if self.dir.join(&name).exists() || self.find(reference).is_some() {
            return Err(SaveError::Exists(name));
        }
        Ok(OutputDir::create(&self.dir)?.write(&name, text.as_bytes())?)
    }

    /// Keeps `text` as a version of the file at `path`, named by the time (and `suffix`:
    /// `-envoi` for a version sent).
    pub fn keep(&self, path: &Path, text: &str, suffix: &str) -> Result<(), SaveError> {
        let history = OutputDir::create(&self.history(path))?;
        // One file per version, named by its time; versions within one second are numbered.
        let stamp = crate::deliver::mail::utc_now().replace(':', "-");
        let version = (1..)
            .map(|n| match n {
                1 => format!("{stamp}{suffix}.toml"),
                n => format!("{stamp}-{n}{suffix}.toml"),
            })
            .find(|name| !history.path().join(name).exists())
            .unwrap_or_default();
        history.write(&version, text.as_bytes())?;
        Ok(())
    }

    /// Removes the temporary files a killed server left below the directory (its saves are
    /// atomic: a file is the old version or the new one, never part of either).
    pub fn clean(&self) {
        let mut folders = vec![self.dir.clone()];
        while let Some(folder) = folders.pop() {
            crate::deliver::remove_stale_temporaries(&folder);
            let entries = std::fs::read_dir(&folder).into_iter().flatten().flatten();
            for entry in entries.filter(|e| e.file_type().is_ok_and(|t| t.is_dir())) {
                if folders.len() < 10_000 {
                    folders.push(entry.path());
                }
            }
        }
    }

    /// A path as the page shows it.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.dir)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    /// Saves `text` over `path` when the file is still as the client read it (`if_match`),
    /// keeping the previous version in the history. Returns the new etag.
    pub fn save(&self, path: &Path, text: &str, if_match: &str) -> Result<String, SaveError> {
        let read = |source| SaveError::Read {
            path: path.to_path_buf(),
            source,
        };
        let _one_save_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let previous = std::fs::read_to_string(path).map_err(read)?;
        let current = etag(&previous);
        if current != if_match {
            return Err(SaveError::Stale { current });
        }
        self.keep(path, &previous, "")?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parent = path.parent().unwrap_or(&self.dir);
        OutputDir::create(parent)?.write(&name, text.as_bytes())?;
        Ok(etag(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_newest_first_even_within_one_second() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::new(dir.path());
        let file = dir.path().join("a.toml");
        let history = dir.path().join(HISTORY).join("a.toml");
        std::fs::create_dir_all(&history).unwrap();
        let names = [
            "2026-11-24T18-26-30Z.toml",
            "2026-11-24T18-26-30Z-2.toml",
            "2026-11-24T18-26-30Z-10-envoi.toml",
            "2026-11-24T18-26-31Z.toml",
            "2026-11-24T09-00-00Z-envoi.toml",
        ];
        for name in names {
            std::fs::write(history.join(name), "").unwrap();
        }
        assert_eq!(
            workspace.versions(&file),
            [
                "2026-11-24T18-26-31Z.toml",
                "2026-11-24T18-26-30Z-10-envoi.toml",
                "2026-11-24T18-26-30Z-2.toml",
                "2026-11-24T18-26-30Z.toml",
                "2026-11-24T09-00-00Z-envoi.toml",
            ]
        );
    }
}
