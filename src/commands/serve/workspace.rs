//! The convention files of the served directory: found by reference, read with an etag,
//! saved through `deliver::history` (atomically, the previous version kept). No path comes
//! from a request: a file is reached only through the reference it declares.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::returns::Standing;
use crate::deliver::history;
pub use crate::deliver::history::SaveError;
use crate::diag::Diagnostic;
use crate::format::Source;
use crate::format::{Loaded, place};
use crate::i18n::{Lang, Message};
use crate::model::KeyPath;
use crate::pipeline::{collect_inputs, load};

/// A convention file of the workspace, as the list shows it.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Entry {
    /// Path relative to the served directory.
    pub file: String,
    pub reference: String,
    pub kind: String,
    pub territory: String,
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    /// The earlier file that declares this reference too: this one is refused, as `check`
    /// refuses it in a batch.
    pub duplicate_of: Option<String>,
    /// The later files that declare this reference too.
    pub duplicated_by: Vec<String>,
    /// Why the file is not read (a symbolic link, not a regular file, too large…).
    pub unreadable: Option<String>,
    /// The day the file dates its signature (`2024-10-16`), and whether it changed since
    /// (see [`super::signed::changed_since_signed`]): the list says « signée », or not.
    pub dated: Option<String>,
    pub changed_since_signed: bool,
    /// The last day of its period, when given: the list says « terminée » once past.
    pub end: Option<String>,
    /// An avenant's convention and number: the list shows it after that convention.
    #[serde(skip)]
    pub amends: Option<(String, u32)>,
}

impl Entry {
    /// A file of the folder that is not read, named by its stem.
    fn unreadable(file: String, path: &Path, why: String) -> Entry {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        Entry {
            file,
            reference: stem.unwrap_or_default(),
            errors: 1,
            unreadable: Some(why),
            ..Entry::default()
        }
    }
}

/// Why no single file answers to a reference.
#[derive(Debug)]
pub enum Lookup {
    Missing,
    /// Several files declare it: their paths, as the list shows them.
    Ambiguous(Vec<String>),
}

/// One diagnostic as the page shows it: its message in the page's language, where it
/// stands in words (« Financements, ligne 1 (…), 2030 ») and, for the curious, its key.
#[derive(Debug, serde::Serialize)]
pub struct Finding {
    pub severity: &'static str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub key: Option<String>,
    pub place: Option<String>,
    pub message: String,
    pub help: Option<String>,
    /// The kind of the message, as its catalogs name it.
    pub kind: &'static str,
    /// Other keys it is about (`period.start` for a period too long): shown there too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// Findings of a loaded text, saved at `path` (none: not saved), with their lines, in
/// `lang`; what the workspace knows of its signing too (`returns::standing`).
pub fn findings(
    app: &super::App,
    path: Option<&Path>,
    text: &str,
    loaded: &Loaded,
    lang: Lang,
) -> Vec<Finding> {
    let standing = super::returns::standing(app, path, &loaded.convention);
    let passed = period_passed(loaded, standing.signed);
    let mut today: Vec<Diagnostic> = passed.into_iter().collect();
    today.extend(past_years_changed(loaded));
    today.extend(base_unsigned(loaded, standing));
    let edited = |path| super::avenants::edited_since_prepared(app, path, loaded, lang);
    today.extend(path.and_then(edited));
    (loaded.diagnostics.iter().chain(&today))
        .map(|d| {
            // A top-level key missing is at no line of its own: « ligne 1 » would mislead.
            let nowhere = matches!(d.message, Message::MissingKey { .. })
                && d.key
                    .as_ref()
                    .and_then(KeyPath::parent)
                    .is_some_and(|p| p.is_root());
            let at = d.line_column(text).filter(|_| !nowhere);
            Finding {
                severity: if d.is_error() { "error" } else { "warning" },
                line: at.map(|(line, _)| line),
                column: at.map(|(_, column)| column),
                key: d.key.as_ref().map(ToString::to_string),
                place: (d.key.as_ref()).map(|key| place(&loaded.convention, key, lang)),
                message: in_user_terms(&d.message, d.key.as_ref(), loaded, lang).text(lang),
                help: d.help.as_ref().map(|help| help.text(lang)),
                kind: d.message.id(),
                also: d.also.iter().map(ToString::to_string).collect(),
            }
        })
        .collect()
}

/// A convention not signed yet (no signature date, no signed copy come back: `signed`)
/// whose period has begun or ended, said at that end of the period as `renew`'s report says
/// it, filled in or not; an avenant not signed to a convention already over, said at its
/// end, whatever its « Prise d'effet ». A signed one is quiet (an electronic one is dated by
/// its signatures, not in the file). Here only, where the day counts: `check` says the same
/// of a file every day.
pub(super) fn period_passed(loaded: &Loaded, signed: bool) -> Option<Diagnostic> {
    let ends = ["start", "end"].map(|end| KeyPath::top("period").key(end));
    let period = loaded.convention.period;
    let signature = loaded.convention.signature.as_ref();
    if signed
        || signature.is_some_and(|s| s.date.is_some())
        || ends
            .iter()
            .any(|end| loaded.spans.is_broken(end) || !loaded.spans.has(end))
        || period.start > period.end
    {
        return None;
    }
    let today = crate::model::Date::today();
    // An avenant does not set its period, the convention's; but one already over can no
    // longer be amended — its « Prise d'effet » before the end or not: one signed then is
    // dated (said in help).
    let avenant = loaded.convention.kind == crate::model::Kind::Avenant;
    // The convention as it stood before the avenant ended then: one that prolongs it (walk
    // 31: to 2025 after its end in 2024) does not make it run again.
    let stood = (loaded.convention.amendment.as_ref()).and_then(|a| a.previous.period);
    let message = match avenant {
        true => {
            let end = stood.map_or(period.end, |p| p.end);
            (end < today).then_some(Message::AmendedConventionOver { end })?
        }
        false => crate::validate::period_passed(period, today)?,
    };
    let over = matches!(
        message,
        Message::PeriodAlreadyOver { .. } | Message::AmendedConventionOver { .. }
    );
    let end = &ends[usize::from(over)];
    let span = loaded.spans.get(end);
    let said = Diagnostic::warning(message).span(span).key(end.clone());
    Some(match avenant {
        true => said.help(Message::DateTheSignedAvenant),
        false => said,
    })
}

/// An avenant to a convention of the workspace neither dated nor back signed, said at
/// `base`: a convention not signed yet is corrected, not amended. Here only: `check` knows
/// nothing of the other files and of what came back.
fn base_unsigned(loaded: &Loaded, standing: Standing) -> Option<Diagnostic> {
    let base = KeyPath::top("base");
    let message = standing
        .base_unsigned
        .then_some(Message::AmendedConventionUnsigned)?;
    Some(
        Diagnostic::warning(message)
            .span(loaded.spans.get(&base))
            .key(base),
    )
}

/// An avenant with neither « Prise d’effet » nor signature date takes effect when signed,
/// today at the earliest: each year gone by whose amounts it changes, said at « Prise
/// d’effet ». Here only, where the day counts (`check` judges a dated avenant alone).
fn past_years_changed(loaded: &Loaded) -> Vec<Diagnostic> {
    let c = &loaded.convention;
    let dated = c.signature.as_ref().is_some_and(|s| s.date.is_some());
    let undated = c.amendment.as_ref().is_some_and(|a| a.effective.is_none());
    let Some((before, after)) = c.amended().filter(|_| undated && !dated) else {
        return Vec::new();
    };
    let this_year = crate::model::Date::today().year;
    let years = crate::validate::changed_years(&crate::diff::diff(&before, &after));
    (years.into_iter().filter(|year| *year < this_year))
        .map(|year| {
            Diagnostic::warning(Message::AvenantChangesPastYear { year })
                .help(crate::validate::earlier_year_help(c, year))
                .key(KeyPath::top("effective"))
        })
        .collect()
}

/// A finding as a person filling in the form reads it, where the terminal's names the file's
/// keys and syntax: a required key missing is a value to give, named by its labels; an
/// amount is typed as French writes it.
pub(super) fn in_user_terms(
    message: &Message,
    key: Option<&KeyPath>,
    loaded: &Loaded,
    lang: Lang,
) -> Message {
    match (message, key) {
        (Message::MissingKey { .. }, Some(key)) => {
            let place = place(&loaded.convention, key, lang);
            Message::ValueToGive { place }
        }
        (Message::NotAnAmount, _) => Message::NotAnAmountTyped,
        (message, _) => message.clone(),
    }
}

/// What says a file changed: a save replaces the file (a new inode), an edit in place moves
/// its change time; either is seen without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    inode: u64,
    len: u64,
    changed: (i64, i64),
    modified: Option<std::time::SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp {
            inode: meta.ino(),
            len: meta.len(),
            changed: (meta.ctime(), meta.ctime_nsec()),
            modified: meta.modified().ok(),
        })
    }
}

/// The served directory.
pub struct Workspace {
    dir: PathBuf,
    /// Held while a new file is checked and written: two never take one reference.
    creating: Mutex<()>,
    /// Each file's entry as last read, with the stamp it had: a file is read and checked
    /// again only when its stamp changed, so that listing (and finding a reference among)
    /// thousands of conventions costs a walk of the folder, not a load of each file.
    index: Mutex<HashMap<PathBuf, (Stamp, Entry)>>,
}

impl Workspace {
    pub fn new(dir: &Path) -> Workspace {
        Workspace {
            dir: dir.to_path_buf(),
            creating: Mutex::new(()),
            index: Mutex::new(HashMap::new()),
        }
    }

    /// Every convention file below the directory (hidden folders, the history among them,
    /// left out), with its state; a file that is not read (a symbolic link, a FIFO, one too
    /// large) is listed as such.
    pub fn list(&self) -> Vec<(PathBuf, Entry)> {
        let inputs = collect_inputs(std::slice::from_ref(&self.dir));
        let refused = (inputs.unreadable.into_iter()).map(|u| {
            let entry = Entry::unreadable(self.relative(&u.path), &u.path, u.error.to_string());
            (u.path, entry)
        });
        let stamped: Vec<_> = (inputs.files.into_iter())
            .map(|path| (Stamp::of(&path), path))
            .collect();
        let known = {
            let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            (stamped.iter())
                .map(|(stamp, path)| match (stamp, index.get(path)) {
                    (Some(stamp), Some((was, entry))) if was == stamp => Some(entry.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        // Only files new or changed are read, on every core.
        let read: Vec<_> = (stamped.into_par_iter().zip(known))
            .map(|((stamp, path), known)| {
                let entry = known.unwrap_or_else(|| self.read_entry(&path));
                (stamp, path, entry)
            })
            .collect();
        self.remember(&read);
        let mut list: Vec<_> = (read.into_iter())
            .map(|(_, path, entry)| (path, entry))
            .chain(refused)
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        super::listing::mark_duplicates(&mut list);
        list
    }

    /// Keeps the entries just read, and only them: files gone are forgotten.
    fn remember(&self, read: &[(Option<Stamp>, PathBuf, Entry)]) {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        index.clear();
        for (stamp, path, entry) in read {
            if let Some(stamp) = stamp {
                index.insert(path.clone(), (*stamp, entry.clone()));
            }
        }
    }

    /// A file's entry, read and checked.
    fn read_entry(&self, path: &Path) -> Entry {
        let source = match Source::read(path) {
            Ok(source) => source,
            Err(e) => return Entry::unreadable(self.relative(path), path, e.to_string()),
        };
        let loaded = load(&source);
        let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
        let c = &loaded.convention;
        let signed = super::signed::changed_since_signed(path, c);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let reference = Some(c.reference.clone())
            .filter(|r| !r.is_empty())
            .or(stem)
            .unwrap_or_default();
        Entry {
            file: self.relative(path),
            reference,
            kind: c.kind.as_str().to_string(),
            territory: c.territory.clone(),
            valid: errors == 0,
            errors,
            warnings: loaded.diagnostics.len() - errors,
            duplicate_of: None,
            duplicated_by: Vec::new(),
            unreadable: None,
            dated: (c.signature.as_ref())
                .and_then(|s| s.date)
                .map(|d| d.to_string()),
            changed_since_signed: signed.is_some(),
            // An avenant's: its convention's as it stood before it (see `period_passed`); a
            // convention changed since signed: as signed.
            end: Some(KeyPath::top("period").key("end"))
                .filter(|end| loaded.spans.has(end) && !loaded.spans.is_broken(end))
                .map(|_| (c.amendment.as_ref()).and_then(|a| a.previous.period))
                .map(|stood| {
                    signed
                        .map_or(stood.unwrap_or(c.period).end, |s| s.end)
                        .to_string()
                }),
            amends: (c.amendment.as_ref()).map(|a| (a.base.clone(), a.number)),
        }
    }

    /// The folder every convention (not avenant) of `kind` is in, when they share one below
    /// the directory's top (`ctg/`): a new one joins them there.
    pub fn folder_of(&self, kind: &str) -> Option<PathBuf> {
        let mut folders = (self.list().into_iter())
            .filter(|(_, e)| e.kind == kind && e.amends.is_none())
            .filter_map(|(path, _)| path.parent().map(Path::to_path_buf));
        let first = folders.next()?;
        folders.all(|f| f == first).then_some(first)
    }

    /// The one file that declares `reference` — or, with `file` (a path the list shows),
    /// that file, so that one of two files of a reference can be opened and mended (its
    /// reference changed, it is still the file meant).
    pub fn find(&self, reference: &str, file: Option<&str>) -> Result<PathBuf, Lookup> {
        let list = (self.list().into_iter()).filter(|(_, e)| e.unreadable.is_none());
        if let Some(file) = file {
            let mut found = list.filter(|(_, e)| e.file == file);
            return found.next().map(|(p, _)| p).ok_or(Lookup::Missing);
        }
        let found: Vec<_> = list.filter(|(_, e)| e.reference == reference).collect();
        match found.as_slice() {
            [] => Err(Lookup::Missing),
            [(path, _)] => Ok(path.clone()),
            several => Err(Lookup::Ambiguous(
                several.iter().map(|(_, e)| e.file.clone()).collect(),
            )),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a new convention file, `<reference>.toml` in `folder` (one of the directory's,
    /// or its top when `None`); never over a file that exists nor with a reference another
    /// file declares.
    pub fn create(
        &self,
        folder: Option<&Path>,
        reference: &str,
        text: &str,
    ) -> Result<PathBuf, SaveError> {
        let folder = folder
            .filter(|f| f.starts_with(&self.dir))
            .unwrap_or(&self.dir);
        let path = folder.join(crate::deliver::toml_name(reference));
        let _one_at_a_time = self.creating.lock().unwrap_or_else(|e| e.into_inner());
        if !matches!(self.find(reference, None), Err(Lookup::Missing)) {
            return Err(SaveError::Exists(path));
        }
        history::create(&path, text)?;
        Ok(path)
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
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list answers from its index, yet sees a file edited in place (same size, same
    /// inode), one replaced, one added and one removed.
    #[test]
    fn the_index_sees_every_change() {
        let dir = tempfile::tempdir().unwrap();
        let text = include_str!("../../../fixtures/ctg/CTG-047-2024-CD47.toml");
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, text).unwrap();
        let workspace = Workspace::new(dir.path());
        let references = || -> Vec<String> {
            (workspace.list().into_iter())
                .map(|(_, e)| e.reference)
                .collect()
        };
        assert_eq!(references(), ["CTG-047-2024-CD47"]);
        std::fs::write(&a, text.replace("CTG-047-2024-CD47", "CTG-047-2024-CD48")).unwrap();
        assert_eq!(references(), ["CTG-047-2024-CD48"]);
        std::fs::write(&b, text).unwrap();
        assert_eq!(references(), ["CTG-047-2024-CD48", "CTG-047-2024-CD47"]);
        history::save(&b, &text.replace("CD47", "CD49"), None).unwrap();
        assert_eq!(references(), ["CTG-047-2024-CD48", "CTG-047-2024-CD49"]);
        std::fs::remove_file(&a).unwrap();
        assert_eq!(references(), ["CTG-047-2024-CD49"]);
    }
}
