//! The PDF annexes a file names (`[[annexes]] file`), read from beside it with the rules of
//! every file read in a folder: inside the file's folder, never through a symbolic link,
//! size-bounded; then opened, to know their pages, or refused at their key.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::files::{self, Links};
use crate::format::{Loaded, Source};
use crate::i18n::Message;
use crate::model::{AppendixFile, KeyPath};

/// Largest annex PDF read, and taken by the workspace: a scanned diagnostic of a few dozen pages.
pub const MAX_ANNEX_BYTES: u64 = 20 << 20;
/// Most pages an annex appends: far above a real annex's, and each page is an image.
pub const MAX_ANNEX_PAGES: usize = 200;

/// Reads each annex PDF of a valid file from the folder of `source`, or reports why not at
/// its `annexes[i].file`.
pub fn read_annexes(source: &Source, loaded: &mut Loaded) {
    if !loaded.is_valid() {
        return;
    }
    let folder = source.path.parent().unwrap_or(Path::new(""));
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    for i in 0..loaded.convention.annexes.len() {
        let Some(file) = loaded.convention.annexes[i].file.clone() else {
            continue;
        };
        let key = KeyPath::top("annexes").item(i).key("file");
        match read(folder, &file) {
            Ok(content) => loaded.convention.annexes[i].content = Some(content),
            Err(detail) => {
                let path = folder.join(&file).display().to_string();
                let message = Message::FileProblem {
                    path,
                    detail: Box::new(detail),
                };
                let span = loaded.spans.get(&key);
                let diagnostic = Diagnostic::error(message).key(key).span(span);
                loaded.diagnostics.push(diagnostic);
            }
        }
    }
}

/// The PDF at `file` from `folder` (a path `validate` found relative and inside), with
/// its number of pages.
fn read(folder: &Path, file: &str) -> Result<AppendixFile, Message> {
    let relative = Path::new(file);
    // Every folder on the way a real one inside `folder`; the file itself no link either.
    let parent = relative.parent().unwrap_or(Path::new(""));
    let within = match files::existing_folder_within(folder, parent) {
        Ok(Some(within)) => within,
        Ok(None) => return Err(Message::NotFound),
        Err(files::OutsideError::Link(_)) => return Err(Message::SymbolicLink),
        Err(_) => return Err(Message::NotFound),
    };
    let name = relative.file_name().ok_or(Message::NotFound)?;
    let bytes = files::read(&within.join(name), MAX_ANNEX_BYTES, Links::Refuse)
        .map_err(|e| Message::from(&e))?;
    if !bytes.starts_with(b"%PDF-") {
        return Err(Message::NotAPdf);
    }
    let bytes = Arc::new(bytes);
    let pages = match hayro_syntax::Pdf::new(Arc::clone(&bytes)) {
        Ok(pdf) => pdf.pages().len(),
        Err(hayro_syntax::LoadPdfError::Decryption(_)) => return Err(Message::AnnexEncrypted),
        Err(hayro_syntax::LoadPdfError::Invalid) => return Err(Message::AnnexDamaged),
    };
    if pages == 0 {
        return Err(Message::AnnexDamaged);
    }
    if pages > MAX_ANNEX_PAGES {
        let limit = MAX_ANNEX_PAGES;
        return Err(Message::AnnexTooManyPages { pages, limit });
    }
    Ok(AppendixFile { bytes, pages })
}
