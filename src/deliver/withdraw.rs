//! A convention file taken out of the workspace — an avenant prepared and never signed —
//! without losing a line: its text is kept as its last version, and its history set aside
//! under a name no file has (`<name>.retire-<time>`), so that a file written later under
//! the same name starts a history of its own.

use std::path::Path;

use super::history::{self, HISTORY, SaveError, etag};
use super::write::WriteError;
use crate::files::{self, Links};

/// The mark of a version left by a withdrawn avenant, after its own (`-avenant-2-retire`).
pub const WITHDRAWN: &str = "-retire";

/// Removes the file at `path` when it still has the etag `expected`, its text kept as a
/// version marked `-retrait` and its history moved aside; returns where that history is.
pub fn withdraw(path: &Path, expected: &str) -> Result<std::path::PathBuf, SaveError> {
    let (dir, name) = history::split(path);
    let _one_writer = history::lock(dir)?;
    let text = files::read_to_string(path, crate::format::MAX_FILE_BYTES as u64, Links::Refuse)
        .map_err(|source| SaveError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if etag(&text) != expected {
        return Err(SaveError::Stale {
            current: etag(&text),
        });
    }
    history::keep(path, &text, "-retrait")?;
    let stamp = super::mail::utc_now().replace(':', "-");
    let set_aside = history::folder(path)?.with_file_name(format!("{name}.retire-{stamp}"));
    let failed = |source| WriteError::Write {
        path: set_aside.clone(),
        source,
    };
    std::fs::rename(history::folder(path)?, &set_aside).map_err(failed)?;
    std::fs::remove_file(path).map_err(|source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    debug_assert!(set_aside.starts_with(dir.join(HISTORY)));
    Ok(set_aside)
}

/// Renames the version `name` of `path` with `suffix` added before `.toml` (a mark taken
/// back); nothing when the history does not list it.
pub fn mark(path: &Path, name: &str, suffix: &str) -> Result<(), SaveError> {
    let (dir, _) = history::split(path);
    let _one_writer = history::lock(dir)?;
    if !history::versions(path).iter().any(|v| v == name) {
        return Ok(());
    }
    let folder = history::folder(path)?;
    let renamed = format!("{}{suffix}.toml", name.trim_end_matches(".toml"));
    std::fs::rename(folder.join(name), folder.join(&renamed)).map_err(|source| {
        SaveError::Write(WriteError::Write {
            path: folder.join(renamed),
            source,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawn_file_leaves_its_text_aside_and_its_name_free() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("X-AV1.toml");
        history::save(&file, "prepared", None).unwrap();
        let saved = history::save(&file, "edited", None).unwrap();
        assert!(matches!(
            withdraw(&file, "\"stale\""),
            Err(SaveError::Stale { .. })
        ));
        let aside = withdraw(&file, &saved.etag).unwrap();
        assert!(!file.exists());
        assert!(
            history::versions(&file).is_empty(),
            "a new file starts afresh"
        );
        let kept: Vec<String> = std::fs::read_dir(&aside)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
            .collect();
        assert!(kept.contains(&"edited".to_string()), "{kept:?}");
        assert!(kept.contains(&"prepared".to_string()), "{kept:?}");
    }
}
