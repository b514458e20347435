//! Writing results: a file appears complete or not at all.

use crate::i18n::Message;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Temporary files are `.convgen-<pid>-<random>.tmp`: hidden, never `*.pdf`, and owned by a
/// process that can be told dead or alive.
const TEMPORARY_PREFIX: &str = ".convgen-";

/// Writes `bytes` to `path` through a hidden temporary file in the same directory, renamed
/// into place once complete and synced: an interrupted run never leaves a partial file. A
/// file replaced keeps its permissions; a new one gets the usual ones (0666 less the umask).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, true)
}

/// As [`write_atomically`], but never over a file that exists: `AlreadyExists` then, and
/// nothing written — a signed return kept is never replaced by the next one.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_through_temporary(path, bytes, false)
}

fn write_through_temporary(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = format!("{TEMPORARY_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir)?;
    if let Ok(meta) = std::fs::symlink_metadata(path)
        && meta.is_file()
    {
        file.as_file().set_permissions(meta.permissions())?;
    }
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    if replace {
        file.persist(path).map_err(|e| e.error)?;
    } else {
        file.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// Removes the temporary files that killed runs left in `dir` (their process is gone).
/// Only where `/proc` tells which processes live; elsewhere they are left alone.
pub fn remove_stale_temporaries(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let pid = name
            .strip_prefix(TEMPORARY_PREFIX)
            .filter(|_| name.ends_with(".tmp"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A file or directory that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{}", Message::from(self))]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", Message::from(self))]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<&WriteError> for Message {
    fn from(error: &WriteError) -> Message {
        let (path, reason) = match error {
            WriteError::CreateDir { path, source } | WriteError::Write { path, source } => {
                (path.display().to_string(), Box::new(Message::from(source)))
            }
        };
        match error {
            WriteError::CreateDir { .. } => Message::CannotCreate { path, reason },
            WriteError::Write { .. } => Message::CannotWrite { path, reason },
        }
    }
}

/// A directory that results are written into, each file whole or not at all.
#[derive(Clone, Debug)]
pub struct OutputDir {
    path: PathBuf,
}

impl OutputDir {
    /// Creates the directory (and its parents) and removes what killed runs left in it.
    pub fn create(path: &Path) -> Result<OutputDir, WriteError> {
        std::fs::create_dir_all(path).map_err(|source| WriteError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
        remove_stale_temporaries(path);
        Ok(OutputDir {
            path: path.to_path_buf(),
        })
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` atomically to the file `name` (a bare name from [`super::names`]).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, WriteError> {
        let path = self.path.join(name);
        match write_atomically(&path, bytes) {
            Ok(()) => Ok(path),
            Err(source) => Err(WriteError::Write { path, source }),
        }
    }
}
