//! The manifest of an output directory: what each input became, so that a batch of
//! hundreds can be audited, and an unchanged input is not rendered again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::write_atomically;

/// File name of the manifest inside the output directory.
pub const FILE_NAME: &str = "manifest.json";

/// What happened to an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Rendered,
    /// Unchanged since the last run: its outputs were kept as they are.
    Skipped,
    Failed,
}

/// One input of a batch.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    pub input: String,
    /// What was asked for: `pdf`, `pdf draft`, `typ`, `png` …; an input has one entry per variant.
    pub variant: String,
    pub reference: Option<String>,
    pub status: Status,
    /// Output files, relative to the output directory.
    pub outputs: Vec<String>,
    pub pages: usize,
    /// SHA-256 of each output file, in the order of `outputs`.
    pub sha256: Vec<String>,
    /// SHA-256 of the input file and of what it was rendered with (version, templates,
    /// options): an input whose two hashes are unchanged need not be rendered again.
    pub input_sha256: String,
    pub recipe_sha256: String,
    pub error: Option<String>,
}

/// All entries.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// The manifest of a directory; empty when there is none or it cannot be read (it is
    /// then rebuilt, which only costs rendering again).
    pub fn read(dir: &Path) -> Manifest {
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Entries by input path and variant.
    pub fn by_key(self) -> BTreeMap<(String, String), Entry> {
        self.entries.into_iter().map(|e| (e.key(), e)).collect()
    }

    /// Writes the manifest atomically, entries sorted by input path and variant.
    pub fn write(dir: &Path, entries: BTreeMap<(String, String), Entry>) -> std::io::Result<()> {
        let manifest = Manifest {
            generator: format!("convgen {}", env!("CARGO_PKG_VERSION")),
            entries: entries.into_values().collect(),
        };
        let mut json = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        json.push(b'\n');
        write_atomically(&dir.join(FILE_NAME), &json)
    }
}

impl Entry {
    /// Input path and variant: what identifies an entry.
    pub fn key(&self) -> (String, String) {
        (self.input.clone(), self.variant.clone())
    }

    /// Whether this entry's outputs are still what it says, for the same input and recipe.
    pub fn is_current(&self, dir: &Path, input_sha256: &str, recipe_sha256: &str) -> bool {
        self.status != Status::Failed
            && self.input_sha256 == input_sha256
            && self.recipe_sha256 == recipe_sha256
            && !self.outputs.is_empty()
            && self.outputs.len() == self.sha256.len()
            && self.outputs.iter().zip(&self.sha256).all(|(name, sha)| {
                std::fs::read(dir.join(name)).is_ok_and(|bytes| &sha256_hex(&bytes) == sha)
            })
    }
}

/// Lowercase hexadecimal SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hexadecimal of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of several named parts, each length-prefixed so that parts cannot run together.
pub fn sha256_of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}
