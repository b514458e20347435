//! A convention file as read from disk, kept whole for diagnostics.

use std::path::{Path, PathBuf};

use super::limits::MAX_FILE_BYTES;
use crate::files::{self, Links};

/// A convention file as read from disk.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The text, with any invalid UTF-8 replaced so that it can still be shown.
    pub text: String,
    /// Byte offset of the first invalid UTF-8 sequence, if any.
    pub invalid_utf8_at: Option<usize>,
}

impl Source {
    /// Reads a convention file: a regular file, not a symbolic link (inputs given as links
    /// are resolved by `collect_inputs`), of at most [`MAX_FILE_BYTES`]; `Err` when it
    /// cannot be read.
    pub fn read(path: &Path) -> std::io::Result<Source> {
        let bytes = files::read(path, MAX_FILE_BYTES as u64, Links::Refuse)?;
        Ok(Source::from_bytes(path, bytes))
    }

    /// A source from bytes already in memory.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Source {
        let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        Source {
            path: path.to_path_buf(),
            text,
            invalid_utf8_at,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}
