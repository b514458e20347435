//! The manifest of an output directory: what each input became, so that a batch of
//! hundreds can be audited, and an unchanged input is not rendered again.

use crate::files::{self, Links};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::verdict::Verified;
use super::{OutputDir, WriteError, output_names, write_atomically};
use crate::digest::sha256_hex;
use crate::format::Source;
use crate::pipeline::{Document, DocumentError, Format};
use serde::{Deserialize, Serialize};

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
    /// The last `convgen verify -o DIR` of a signed copy of this PDF; absent until one
    /// (older manifests have none, and older versions of convgen ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
}

/// Largest file of an output folder read back (a PDF, the manifest).
const MAX_OUTPUT_BYTES: u64 = 256 << 20;

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
        files::read(&dir.join(FILE_NAME), MAX_OUTPUT_BYTES, Links::Refuse)
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
    /// The entry of `input` before anything is known of it: failed until it succeeds.
    pub fn new(input: &Path, format: Format, draft: bool, recipe_sha256: String) -> Entry {
        let format = format.name();
        Entry {
            input: input.display().to_string(),
            variant: if draft {
                format!("{format} draft")
            } else {
                format.to_string()
            },
            reference: None,
            status: Status::Failed,
            outputs: Vec::new(),
            pages: 0,
            sha256: Vec::new(),
            input_sha256: String::new(),
            recipe_sha256,
            error: None,
            verified: None,
        }
    }

    /// Writes the files of a document produced for this entry, named in its `outputs`, and
    /// records their hashes; on failure the entry says why. Returns the first file's path.
    pub fn write_outputs(
        &mut self,
        dir: &OutputDir,
        files: &[Vec<u8>],
    ) -> Result<PathBuf, WriteError> {
        let mut first = None;
        for (name, bytes) in self.outputs.iter().zip(files) {
            match dir.write(name, bytes) {
                Ok(path) => first = first.or(Some(path)),
                Err(error) => {
                    self.status = Status::Failed;
                    self.error = Some(error.to_string());
                    return Err(error);
                }
            }
        }
        self.status = Status::Rendered;
        self.sha256 = files.iter().map(|f| sha256_hex(f)).collect();
        Ok(first.unwrap_or_else(|| dir.path().to_path_buf()))
    }

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
                let bytes = files::read(&dir.join(name), MAX_OUTPUT_BYTES, Links::Refuse);
                bytes.is_ok_and(|bytes| &sha256_hex(&bytes) == sha)
            })
    }
}

/// An output directory and its manifest, as one kept by a run: where a convention's PDF is
/// found again, or written and recorded.
pub struct Shelf<'a> {
    pub output: &'a OutputDir,
    pub manifest: &'a mut BTreeMap<(String, String), Entry>,
    /// What the PDFs are made with (version, templates, options).
    pub recipe: &'a str,
}

/// Why a PDF could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum KeepError {
    #[error("{0}")]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Shelf<'_> {
    /// The PDF of `source` (declaring `reference`), as `render` writes it, and its file name:
    /// the one on the shelf when the manifest says it is current, else made by `produce`,
    /// written and recorded.
    pub fn pdf(
        &mut self,
        source: &Source,
        reference: &str,
        draft: bool,
        produce: impl FnOnce() -> Result<Document, DocumentError>,
    ) -> Result<(Vec<u8>, String), KeepError> {
        let mut entry = Entry::new(&source.path, Format::Pdf, draft, self.recipe.to_string());
        entry.reference = Some(reference.to_string());
        entry.input_sha256 = sha256_hex(source.text.as_bytes());
        let dir = self.output.path();
        if let Some(previous) = self.manifest.get(&entry.key())
            && previous.reference == entry.reference
            && previous.is_current(dir, &entry.input_sha256, self.recipe)
            && let Ok(pdf) = files::read(
                &dir.join(&previous.outputs[0]),
                MAX_OUTPUT_BYTES,
                Links::Refuse,
            )
        {
            return Ok((pdf, previous.outputs[0].clone()));
        }
        let document = produce()?;
        entry.pages = document.pages;
        entry.outputs = output_names(reference, draft, Format::Pdf, 1);
        let written = entry.write_outputs(self.output, &document.files);
        let name = entry.outputs[0].clone();
        self.manifest.insert(entry.key(), entry);
        written?;
        let pdf = document.files.into_iter().next().unwrap_or_default();
        Ok((pdf, name))
    }
}
