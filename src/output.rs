//! Writing results: a file appears complete or not at all.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a hidden temporary file in the same directory, renamed
/// into place once complete and synced: an interrupted run never leaves a partial file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::Builder::new()
        .prefix(".convgen-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
