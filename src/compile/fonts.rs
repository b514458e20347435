//! The fonts documents are set in: the bundled ones, then those of the folders given
//! (`--font-path`, and `fonts/` beside the templates); and which characters they can show,
//! so that `check` refuses a string no font can display at its key, before Typst would.

use crate::files::{self, Links};
use std::path::PathBuf;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Coverage, Font};
use typst_kit::fonts::FontStore;

/// The font folders of this run, set once before any document is made.
static FOLDERS: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// The characters each font covers.
static COVERAGE: OnceLock<Vec<Coverage>> = OnceLock::new();

/// Adds these folders' fonts to the bundled ones, for the whole run (the first call wins).
pub fn use_folders(folders: Vec<PathBuf>) {
    let _ = FOLDERS.set(folders);
}

/// The folders given, for a worker process to read the same fonts.
pub fn folders() -> Vec<PathBuf> {
    FOLDERS.get().cloned().unwrap_or_default()
}

/// Every font, read once for the run (a `Font` is shared, cloning it is cheap).
pub fn fonts() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(read_fonts)
}

/// The largest font file read (a CJK font weighs tens of megabytes).
const MAX_FONT_BYTES: u64 = 256 << 20;

/// The bundled fonts, then each `.ttf`, `.otf`, `.ttc` of the folders (sorted, so that
/// documents are the same from run to run); a file that is not a font is passed over.
fn read_fonts() -> Vec<Font> {
    let mut fonts: Vec<Font> = typst_kit::fonts::embedded().map(|(font, _)| font).collect();
    for folder in FOLDERS.get().into_iter().flatten() {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = (entries.flatten())
            .map(|e| e.path())
            .filter(|p| {
                let extension = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
                ["ttf", "otf", "ttc", "otc"].contains(&extension.to_ascii_lowercase().as_str())
            })
            .collect();
        files.sort();
        for file in files {
            // Regular files only (a FIFO would block), within what a font may weigh.
            if let Ok(data) = files::read(&file, MAX_FONT_BYTES, Links::Follow) {
                fonts.extend(Font::iter(Bytes::new(data)));
            }
        }
    }
    fonts
}

/// The fonts as Typst wants them.
pub fn store() -> FontStore {
    let mut store = FontStore::new();
    store.extend(fonts().iter().cloned().map(|font| {
        let info = font.info().clone();
        (font, info)
    }));
    store
}

/// Whether some font can display `c` (ASCII is in every bundled font; white space and
/// invisible format characters need none).
pub fn displayable(c: char) -> bool {
    let invisible = c.is_ascii()
        || c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}');
    invisible || {
        let coverage =
            COVERAGE.get_or_init(|| fonts().iter().map(|f| f.info().coverage.clone()).collect());
        coverage.iter().any(|covered| covered.contains(c as u32))
    }
}
