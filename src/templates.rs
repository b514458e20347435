//! The template root: the built-in templates, overlaid by a Caf's own directory.
//!
//! Templates and the Typst files they import are read from here only, so a template can
//! never reach a file outside its root.

use crate::files::{self, Links};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The templates shipped inside the binary, by path relative to the template root.
const BUILT_IN: &[(&str, &str)] = &[
    ("ctg.typ.j2", include_str!("../templates/ctg.typ.j2")),
    ("cej.typ.j2", include_str!("../templates/cej.typ.j2")),
    (
        "convention.typ.j2",
        include_str!("../templates/convention.typ.j2"),
    ),
    (
        "avenant.typ.j2",
        include_str!("../templates/avenant.typ.j2"),
    ),
    (
        "parties.typ.j2",
        include_str!("../templates/parties.typ.j2"),
    ),
    (
        "signatures.typ.j2",
        include_str!("../templates/signatures.typ.j2"),
    ),
    (
        "articles.typ.j2",
        include_str!("../templates/articles.typ.j2"),
    ),
    (
        "financement.typ.j2",
        include_str!("../templates/financement.typ.j2"),
    ),
    (
        "annexes.typ.j2",
        include_str!("../templates/annexes.typ.j2"),
    ),
    ("convgen.typ", include_str!("../templates/convgen.typ")),
    (
        "mail/subject.j2",
        include_str!("../templates/mail/subject.j2"),
    ),
    ("mail/body.j2", include_str!("../templates/mail/body.j2")),
];

/// Largest template file read from disk.
const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a templates directory cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum TemplatesError {
    Directory {
        dir: PathBuf,
        source: std::io::Error,
    },
    NotADirectory(PathBuf),
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    TooLarge(PathBuf),
}

impl TemplatesError {
    /// What it says, in the catalog's words.
    fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        let shown = |path: &std::path::Path| path.display().to_string();
        match self {
            TemplatesError::Directory { dir, source } => Message::TemplatesUnreadable {
                dir: shown(dir),
                reason: Box::new(source.into()),
            },
            TemplatesError::NotADirectory(path) => Message::NotAFolder { path: shown(path) },
            TemplatesError::Unreadable { path, source } => Message::CannotRead {
                path: shown(path),
                reason: Box::new(source.into()),
            },
            TemplatesError::TooLarge(path) => Message::TemplateTooLarge { path: shown(path) },
        }
    }
}

/// Every file a template may use, by `/`-separated path relative to the root.
#[derive(Clone, Debug)]
pub struct Templates {
    files: BTreeMap<String, Vec<u8>>,
    /// Where overriding files came from, for messages.
    dir: Option<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn built_in() -> Templates {
        let files = BUILT_IN
            .iter()
            .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()));
        Templates {
            files: files.collect(),
            dir: None,
        }
    }

    /// The built-in templates, overlaid by `dir` when one is given (`--templates`).
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplatesError> {
        dir.map_or_else(|| Ok(Templates::built_in()), Templates::with_dir)
    }

    /// The built-in templates with every regular file below `dir` in their place or beside them.
    /// Symbolic links are not followed: what is read stays inside `dir`.
    pub fn with_dir(dir: &Path) -> Result<Templates, TemplatesError> {
        let mut templates = Templates::built_in();
        let metadata = std::fs::metadata(dir).map_err(|source| TemplatesError::Directory {
            dir: dir.to_path_buf(),
            source,
        })?;
        if !metadata.is_dir() {
            return Err(TemplatesError::NotADirectory(dir.to_path_buf()));
        }
        templates.read_dir(dir, "")?;
        templates.dir = Some(dir.to_path_buf());
        Ok(templates)
    }

    fn read_dir(&mut self, dir: &Path, prefix: &str) -> Result<(), TemplatesError> {
        let cannot = |source| TemplatesError::Unreadable {
            path: dir.to_path_buf(),
            source,
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(cannot)?
            .collect::<Result<_, _>>()
            .map_err(cannot)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                continue;
            };
            let file_type = entry.file_type().map_err(cannot)?;
            let relative = format!("{prefix}{name}");
            if file_type.is_dir() {
                self.read_dir(&entry.path(), &format!("{relative}/"))?;
            } else if file_type.is_file() {
                let len = entry.metadata().map_err(cannot)?.len();
                if len > MAX_TEMPLATE_BYTES {
                    return Err(TemplatesError::TooLarge(entry.path()));
                }
                let bytes = files::read(&entry.path(), MAX_TEMPLATE_BYTES, Links::Refuse);
                let bytes = bytes.map_err(|source| TemplatesError::Unreadable {
                    path: entry.path(),
                    source,
                })?;
                self.files.insert(relative, bytes);
            }
        }
        Ok(())
    }

    /// A file's bytes by its path relative to the root (`convgen.typ`, `mail/draft.j2`).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// A file as text, for minijinja.
    pub fn text(&self, path: &str) -> Option<&str> {
        std::str::from_utf8(self.get(path)?).ok()
    }

    /// How to name a template file in a message: its path on disk when it came from there.
    pub fn display_name(&self, path: &str) -> String {
        match &self.dir {
            Some(dir) if dir.join(path).is_file() => dir.join(path).display().to_string(),
            _ => format!("templates/{path}"),
        }
    }

    /// A hash of every file's name and content: documents rendered with other templates
    /// are out of date.
    pub fn fingerprint(&self) -> String {
        let parts = self
            .files
            .iter()
            .flat_map(|(name, bytes)| [name.as_bytes(), bytes.as_slice()]);
        crate::digest::sha256_of_parts(parts)
    }

    /// Every file name, for listing.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}
