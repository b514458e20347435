//! The one way a convention file is written — by the workspace, `renew`, `import --force`
//! or `avenant` — so that no edit is ever lost: under a lock every process shares, the
//! file as it was is kept as a version in the hidden history beside it, then the new text
//! replaces it atomically, keeping the file's permissions.
//!
//! The history of `DIR/sub/x.toml` is `DIR/sub/.convgen-history/x.toml/`, one file per
//! version named by its time (`2026-11-24T17-30-05Z.toml`, then `…Z-2.toml` within one
//! second; `-envoi` marks a version sent). Beside them, `authors.jsonl` says who wrote
//! each text (by its etag) and who sent each version sent, when a user is known (a team's
//! workspace, `serve --auth proxy`).

use std::path::{Path, PathBuf};

use super::write::{OutputDir, WriteError, write_atomically};
use crate::digest::sha256_hex;
use crate::files::{self, Links, OutsideError};

/// Hidden folder, beside convention files, of their previous versions.
pub const HISTORY: &str = ".convgen-history";
/// Largest version read back: a convention file's own limit.
const MAX_VERSION_BYTES: u64 = crate::format::MAX_FILE_BYTES as u64;

/// The etag of a file's content, as the workspace gives it.
pub fn etag(text: &str) -> String {
    format!("\"{}\"", &sha256_hex(text.as_bytes())[..32])
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the file changed since it was read (etag `{current}`)")]
    Stale { current: String },
    #[error("`{}` exists already", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Outside(#[from] OutsideError),
    #[error("cannot read `{}` ({source})", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The folder and name of a convention file.
pub(super) fn split(path: &Path) -> (&Path, String) {
    let dir = (path.parent()).filter(|p| !p.as_os_str().is_empty());
    let name = path.file_name().unwrap_or_default();
    (
        dir.unwrap_or(Path::new(".")),
        name.to_string_lossy().into_owned(),
    )
}

/// The history folder of `path`, made when missing; refused when a symbolic link stands
/// anywhere on its way.
pub(super) fn folder(path: &Path) -> Result<PathBuf, OutsideError> {
    let (dir, name) = split(path);
    files::folder_inside(dir, &Path::new(HISTORY).join(name))
}

/// Holds the lock of a folder's convention files while alive: one writer at a time, across
/// threads and processes (an advisory `flock` on `.convgen-history/.lock`).
pub(super) struct Lock(#[allow(dead_code)] std::fs::File);

pub(super) fn lock(dir: &Path) -> Result<Lock, SaveError> {
    let history = files::folder_inside(dir, Path::new(HISTORY))?;
    let path = history.join(".lock");
    let file = (std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true))
    .open(&path)
    .map_err(|source| SaveError::Read { path, source })?;
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // Blocks until the other writer is done; fails only on a bad descriptor.
        unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
    }
    Ok(Lock(file))
}

/// The saved versions of `path`, newest first.
pub fn versions(path: &Path) -> Vec<String> {
    let (dir, name) = split(path);
    let Some(folder) = files::existing_folder_inside(dir, &Path::new(HISTORY).join(name)) else {
        return Vec::new();
    };
    let entries = std::fs::read_dir(folder).into_iter().flatten().flatten();
    let mut names: Vec<String> = (entries.filter(|e| e.file_type().is_ok_and(|t| t.is_file())))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    // `<time>.toml`, then `<time>-2.toml`… for versions of the same second; a marked version
    // (`-envoi`, `-avenant`, `-jalon`) of the same second and number is kept after the plain one.
    let order = |name: &String| {
        let (time, rest) = name.split_at(name.find('Z').map_or(0, |z| z + 1));
        let number = (rest.trim_start_matches('-').split(['-', '.']).next())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(1);
        let marked = rest
            .trim_end_matches(".toml")
            .chars()
            .any(char::is_alphabetic);
        (time.to_string(), number, marked)
    };
    names.sort_by_key(|name| std::cmp::Reverse(order(name)));
    names
}

/// One saved version's text; only a name the history lists is read.
pub fn version(path: &Path, name: &str) -> Option<String> {
    let listed = versions(path).into_iter().find(|v| v == name)?;
    let folder = folder(path).ok()?;
    files::read_to_string(&folder.join(listed), MAX_VERSION_BYTES, Links::Refuse).ok()
}

/// Keeps `text` as a version of the file at `path`, named by the time and `suffix`
/// (`-envoi` for a version sent); returns its name.
pub fn keep(path: &Path, text: &str, suffix: &str) -> Result<String, SaveError> {
    let history = OutputDir::create(&folder(path)?)?;
    let stamp = super::mail::utc_now().replace(':', "-");
    let version = (1..)
        .map(|n| match n {
            1 => format!("{stamp}{suffix}.toml"),
            n => format!("{stamp}-{n}{suffix}.toml"),
        })
        .find(|name| !history.path().join(name).exists())
        .unwrap_or_default();
    history.write(&version, text.as_bytes())?;
    Ok(version)
}

/// What a save did.
#[derive(Debug, PartialEq, Eq)]
pub struct Saved {
    /// The new text's etag.
    pub etag: String,
    /// The version the previous text was kept as, when there was one that differed.
    pub kept: Option<String>,
}

/// Writes `text` to `path` — when `expected` is given, only if the file still has that
/// etag — keeping the text it replaces as a version.
pub fn save(path: &Path, text: &str, expected: Option<&str>) -> Result<Saved, SaveError> {
    save_as(path, text, expected, Writer::default())
}

/// As [`save`], recording `user` as the new text's author.
pub fn save_by(
    path: &Path,
    text: &str,
    expected: Option<&str>,
    user: Option<&str>,
) -> Result<Saved, SaveError> {
    save_as(path, text, expected, Writer { user, burst: None })
}

/// Who saves, and the burst of edits a save continues.
#[derive(Clone, Copy, Debug, Default)]
pub struct Writer<'a> {
    /// Recorded as the new text's author.
    pub user: Option<&'a str>,
    /// The etag the same writer's previous save left moments ago (the workspace's form,
    /// field after field): when the file still has it, the text replaced is a step of that
    /// burst of edits and is not kept — the version kept before the burst's first save
    /// already holds the file as it was, so that a burst makes one version.
    pub burst: Option<&'a str>,
}

/// As [`save`], by `writer`.
pub fn save_as(
    path: &Path,
    text: &str,
    expected: Option<&str>,
    Writer { user, burst }: Writer<'_>,
) -> Result<Saved, SaveError> {
    let (dir, _) = split(path);
    let _one_writer = lock(dir)?;
    let previous = match files::read_to_string(path, MAX_VERSION_BYTES, Links::Refuse) {
        Ok(previous) => Some(previous),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            let path = path.to_path_buf();
            return Err(SaveError::Read { path, source });
        }
    };
    if let Some(expected) = expected {
        let current = previous.as_deref().map(etag).unwrap_or_default();
        if current != expected {
            return Err(SaveError::Stale { current });
        }
    }
    let in_burst = |previous: &str| {
        burst.is_some_and(|left| etag(previous) == left) && !versions(path).is_empty()
    };
    // A text already kept as the newest version (« Enregistrer cette version ») is not kept
    // twice; a version sent is a record of the sending, not of the edits.
    let newest = || {
        let name = versions(path).into_iter().next()?;
        (!name.ends_with("-envoi.toml")).then(|| version(path, &name))?
    };
    let kept = match previous.as_deref() {
        Some(previous)
            if previous != text && !in_burst(previous) && newest().as_deref() != Some(previous) =>
        {
            Some(keep(path, previous, "")?)
        }
        _ => None,
    };
    write_atomically(path, text.as_bytes()).map_err(|source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(user) = user {
        // The text is saved: a record that cannot be written does not undo it.
        let _ = append_author(path, Authored::wrote(user, etag(text)));
    }
    Ok(Saved {
        etag: etag(text),
        kept,
    })
}

/// The record of who wrote each text of a file and who sent each version sent.
const AUTHORS: &str = "authors.jsonl";
/// Largest record read back.
const MAX_AUTHORS_BYTES: u64 = 64 << 20;

/// One line of `authors.jsonl`.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Authored {
    time: String,
    user: String,
    /// The etag of the text `user` wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    etag: Option<String>,
    /// The version `user` sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sent: Option<String>,
}

impl Authored {
    fn wrote(user: &str, etag: String) -> Authored {
        let (time, user) = (super::mail::utc_now(), user.to_string());
        Authored {
            time,
            user,
            etag: Some(etag),
            sent: None,
        }
    }
}

fn append_author(path: &Path, line: Authored) -> Result<(), SaveError> {
    use std::io::Write as _;
    let record = folder(path)?.join(AUTHORS);
    let mut text = serde_json::to_string(&line).unwrap_or_default();
    text.push('\n');
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    (options
        .open(&record)
        .and_then(|mut file| file.write_all(text.as_bytes())))
    .map_err(|source| SaveError::Read {
        path: record,
        source,
    })
}

/// Records `user` as the author of `text`, the file at `path` as written otherwise (created,
/// renewed, imported).
pub fn record(path: &Path, text: &str, user: &str) -> Result<(), SaveError> {
    let (dir, _) = split(path);
    let _one_writer = lock(dir)?;
    append_author(path, Authored::wrote(user, etag(text)))
}

/// As [`keep`], recording `user` as the one who sent the version kept.
pub fn keep_sent_by(path: &Path, text: &str, user: Option<&str>) -> Result<String, SaveError> {
    let (dir, _) = split(path);
    let _one_writer = lock(dir)?;
    let version = keep(path, text, "-envoi")?;
    if let Some(user) = user {
        let mut line = Authored::wrote(user, etag(text));
        line.sent = Some(version.clone());
        let _ = append_author(path, line);
    }
    Ok(version)
}

/// Who wrote a text, and who sent it when it is a version sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Who {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<String>,
}

/// Who wrote each saved version of `path` (by name) and its current text, as far as
/// recorded; versions of unknown authors are left out.
pub fn authors(path: &Path) -> (std::collections::BTreeMap<String, Who>, Who) {
    let mut by_version = std::collections::BTreeMap::new();
    let (dir, name) = split(path);
    let record = files::existing_folder_inside(dir, &Path::new(HISTORY).join(name))
        .and_then(|folder| {
            files::read_to_string(&folder.join(AUTHORS), MAX_AUTHORS_BYTES, Links::Refuse).ok()
        })
        .unwrap_or_default();
    let lines: Vec<Authored> = (record.lines())
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    let author = |text: &str| {
        let etag = etag(text);
        (lines.iter().rev())
            .find(|l| l.sent.is_none() && l.etag.as_deref() == Some(etag.as_str()))
            .map(|l| l.user.clone())
    };
    if lines.is_empty() {
        return (by_version, Who::default());
    }
    for name in versions(path) {
        let Some(text) = version(path, &name) else {
            continue;
        };
        let sender = (lines.iter())
            .find(|l| l.sent.as_deref() == Some(name.as_str()))
            .map(|l| l.user.clone());
        let who = Who {
            author: author(&text),
            sender,
        };
        if who != Who::default() {
            by_version.insert(name, who);
        }
    }
    let current = files::read_to_string(path, MAX_VERSION_BYTES, Links::Refuse).ok();
    let current = Who {
        author: current.as_deref().and_then(author),
        sender: None,
    };
    (by_version, current)
}

/// Writes a new convention file at `path`, never over one that exists.
pub fn create(path: &Path, text: &str) -> Result<String, SaveError> {
    let (dir, _) = split(path);
    let _one_writer = lock(dir)?;
    if path.symlink_metadata().is_ok() {
        return Err(SaveError::Exists(path.to_path_buf()));
    }
    write_atomically(path, text.as_bytes()).map_err(|source| WriteError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(etag(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_newest_first_even_within_one_second() {
        let dir = tempfile::tempdir().unwrap();
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
            versions(&file),
            [
                "2026-11-24T18-26-31Z.toml",
                "2026-11-24T18-26-30Z-10-envoi.toml",
                "2026-11-24T18-26-30Z-2.toml",
                "2026-11-24T18-26-30Z.toml",
                "2026-11-24T09-00-00Z-envoi.toml",
            ]
        );
    }

    #[test]
    fn a_save_keeps_what_it_replaces_and_each_folder_has_its_own_history() {
        let dir = tempfile::tempdir().unwrap();
        let top = dir.path().join("x.toml");
        let sub = dir.path().join("sub/x.toml");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        create(&top, "one").unwrap();
        create(&sub, "other").unwrap();
        assert!(matches!(create(&top, "again"), Err(SaveError::Exists(_))));
        let saved = save(&top, "two", Some(&etag("one"))).unwrap();
        assert!(saved.kept.is_some());
        assert!(matches!(
            save(&top, "three", Some(&etag("one"))),
            Err(SaveError::Stale { .. })
        ));
        assert_eq!(
            save(&top, "two", None).unwrap().kept,
            None,
            "nothing new to keep"
        );
        save(&sub, "other, edited", None).unwrap();
        let version = |path: &Path| version(path, &versions(path)[0]).unwrap();
        assert_eq!(version(&top), "one");
        assert_eq!(version(&sub), "other");
        assert_eq!((versions(&top).len(), versions(&sub).len()), (1, 1));
    }

    #[test]
    fn each_text_and_each_sending_keeps_its_user() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        create(&file, "one").unwrap();
        record(&file, "one", "claire").unwrap();
        save_by(&file, "two", Some(&etag("one")), Some("alice")).unwrap();
        keep_sent_by(&file, "two", Some("denis")).unwrap();
        save_by(&file, "three", Some(&etag("two")), Some("bob")).unwrap();
        let (by_version, current) = authors(&file);
        assert_eq!(current.author.as_deref(), Some("bob"));
        let who: Vec<(Option<&str>, Option<&str>)> = (versions(&file).iter())
            .map(|v| {
                let who = &by_version[v];
                (who.author.as_deref(), who.sender.as_deref())
            })
            .collect();
        // Newest first: « two » kept when bob saved, « two » sent by denis, « one ».
        assert!(who.contains(&(Some("alice"), Some("denis"))), "{who:?}");
        assert!(who.contains(&(Some("alice"), None)), "{who:?}");
        assert!(who.contains(&(Some("claire"), None)), "{who:?}");
    }

    #[test]
    fn a_burst_of_saves_makes_one_version_the_file_as_it_was_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.toml");
        create(&file, "zero").unwrap();
        let save_in_burst = |file, text, expected, burst| {
            save_as(file, text, expected, Writer { user: None, burst })
        };
        let first = save_in_burst(&file, "one", None, None).unwrap();
        let second = save_in_burst(&file, "two", None, Some(&first.etag)).unwrap();
        assert_eq!((first.kept.is_some(), second.kept), (true, None));
        let third = save_in_burst(&file, "three", None, Some(&second.etag)).unwrap();
        assert_eq!(third.kept, None);
        assert_eq!(versions(&file).len(), 1);
        assert_eq!(version(&file, &versions(&file)[0]).unwrap(), "zero");
        // Another writer came between: what it wrote is kept.
        save(&file, "other", None).unwrap();
        let after = save_in_burst(&file, "four", None, Some(&third.etag)).unwrap();
        assert!(after.kept.is_some());
        assert_eq!(versions(&file).len(), 3);
    }
}
