//! Files read and folders written safely: a regular file only, its size checked before it is
//! read, a symbolic link followed only where a person named it, a FIFO never waited on; a
//! folder written only when it really lies inside the folder it belongs to.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

/// Whether the last component of a path may be a symbolic link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// Followed: a path a person typed.
    Follow,
    /// Refused: a path found in a folder.
    Refuse,
}

/// Why a file was not read, beyond the system's own errors.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("a symbolic link: only regular files are read in a folder")]
    Link,
    #[error("not a regular file")]
    NotRegular,
    #[error("larger than {}", size(*.limit))]
    TooLarge { limit: u64 },
}

/// A size in words: « 16 MiB ».
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn refused(refusal: Refusal) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, refusal)
}

/// The `Refusal` an error from this module carries, if any.
pub fn refusal(error: &io::Error) -> Option<&Refusal> {
    error.get_ref().and_then(|e| e.downcast_ref::<Refusal>())
}

/// Opens a regular file for reading without blocking on a FIFO or a device, refusing a
/// symbolic link unless `links` follows them.
pub fn open_regular(path: &Path, links: Links) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if links == Links::Refuse {
            libc::O_NOFOLLOW
        } else {
            0
        };
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer, forever.
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) && links == Links::Refuse => {
            return Err(refused(Refusal::Link));
        }
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Err(refused(Refusal::NotRegular));
    }
    Ok(file)
}

/// The bytes of the regular file at `path`, refused without reading it when it is larger
/// than `limit`.
pub fn read(path: &Path, limit: u64, links: Links) -> io::Result<Vec<u8>> {
    let file = open_regular(path, links)?;
    let length = file.metadata()?.len();
    if length > limit {
        return Err(refused(Refusal::TooLarge { limit }));
    }
    let mut bytes = Vec::with_capacity(length as usize);
    // A file that grows while it is read stops at the limit all the same.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(refused(Refusal::TooLarge { limit }));
    }
    Ok(bytes)
}

/// The text of the regular file at `path` (see [`read`]).
pub fn read_to_string(path: &Path, limit: u64, links: Links) -> io::Result<String> {
    String::from_utf8(read(path, limit, links)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Why a folder was not made.
#[derive(Debug, thiserror::Error)]
pub enum OutsideError {
    #[error("`{}` is a symbolic link: nothing is written through one", .0.display())]
    Link(PathBuf),
    #[error("`{}` is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("`{}` does not lie inside `{}`", .0.display(), .1.display())]
    Outside(PathBuf, PathBuf),
    #[error("cannot create `{}` ({})", .0.display(), .1)]
    Io(PathBuf, io::Error),
}

/// `root/relative`, each folder of `relative` created when missing, and refused when it
/// is a symbolic link or not a folder, or when the result does not lie inside `root` — so
/// that a link planted in a served folder never takes a write elsewhere.
pub fn folder_inside(root: &Path, relative: &Path) -> Result<PathBuf, OutsideError> {
    inside(root, relative, true).map(|found| found.unwrap_or_default())
}

/// `root/relative` when it exists and is, all the way, a folder inside `root` (see
/// [`folder_inside`]); nothing is created.
pub fn existing_folder_inside(root: &Path, relative: &Path) -> Option<PathBuf> {
    existing_folder_within(root, relative).ok().flatten()
}

/// [`existing_folder_inside`], saying why a folder on the way is refused.
pub fn existing_folder_within(
    root: &Path,
    relative: &Path,
) -> Result<Option<PathBuf>, OutsideError> {
    inside(root, relative, false)
}

fn inside(root: &Path, relative: &Path, create: bool) -> Result<Option<PathBuf>, OutsideError> {
    let mut path = root.to_path_buf();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err(OutsideError::Outside(root.join(relative), root.into()));
        };
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(OutsideError::Link(path)),
            Ok(meta) if !meta.is_dir() => return Err(OutsideError::NotAFolder(path)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound && !create => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(OutsideError::Io(path, e)),
            },
            Err(e) => return Err(OutsideError::Io(path, e)),
        }
    }
    // The checks above, once more on the real paths, against a folder swapped meanwhile.
    let real = |p: &Path| std::fs::canonicalize(p).map_err(|e| OutsideError::Io(p.into(), e));
    if !real(&path)?.starts_with(real(root)?) {
        return Err(OutsideError::Outside(path, root.into()));
    }
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_words() {
        assert_eq!(size(16 << 20), "16 MiB");
        assert_eq!(size(64 << 10), "64 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[cfg(unix)]
    #[test]
    fn links_fifos_and_large_files_are_refused_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "kind = \"ctg\"\n").unwrap();
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        let fifo = dir.path().join("fifo.toml");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);

        assert_eq!(read(&file, 100, Links::Refuse).unwrap().len(), 13);
        assert_eq!(read(&link, 100, Links::Follow).unwrap().len(), 13);
        let why = |e: io::Error| refusal(&e).map(ToString::to_string);
        assert_eq!(
            why(read(&link, 100, Links::Refuse).unwrap_err()).as_deref(),
            Some("a symbolic link: only regular files are read in a folder")
        );
        assert_eq!(
            why(read(&fifo, 100, Links::Follow).unwrap_err()).as_deref(),
            Some("not a regular file")
        );
        assert_eq!(
            why(read(&file, 12, Links::Refuse).unwrap_err()).as_deref(),
            Some("larger than 12 bytes")
        );
    }

    #[cfg(unix)]
    #[test]
    fn folders_are_made_inside_their_root_only() {
        let root = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let made = folder_inside(root.path(), Path::new(".convgen-history/a.toml")).unwrap();
        assert!(made.is_dir() && made.starts_with(root.path()));
        std::os::unix::fs::symlink(elsewhere.path(), root.path().join("out")).unwrap();
        let refused = folder_inside(root.path(), Path::new("out/x")).unwrap_err();
        assert!(matches!(refused, OutsideError::Link(_)), "{refused}");
        assert!(
            std::fs::read_dir(elsewhere.path())
                .unwrap()
                .next()
                .is_none()
        );
        let parent = folder_inside(root.path(), Path::new("../x")).unwrap_err();
        assert!(matches!(parent, OutsideError::Outside(..)), "{parent}");
    }
}
