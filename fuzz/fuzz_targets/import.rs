//! Spreadsheet import: the first byte chooses the format — `.xlsx` or `.ods` bytes, a folder
//! of `.csv` files whose sheets are the rest split at form feeds (in the layout's order), or a
//! workbook zipped here, uncompressed, from its parts (the rest split at form feeds, each part
//! `NAME\nCONTENT`), so that mutations reach the XML past the zip's checksums — then
//! `import` assembles the conventions; each one it accepts must load without error, as the
//! same convention, from the text it would write.

#![no_main]

use std::sync::OnceLock;

use convgen::format::Source;
use convgen::pipeline::load;
use convgen::sheets::book::Book;
use convgen::sheets::import::import;
use convgen::sheets::layout::SHEETS;
use libfuzzer_sys::fuzz_target;

/// The folder the `.csv` sheets are written into, one for the run.
fn csv_dir() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
}

fn csv_book(data: &[u8]) -> Option<Book> {
    let dir = csv_dir().path();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let _ = std::fs::remove_file(entry.path());
    }
    for (sheet, text) in SHEETS.iter().zip(data.split(|&b| b == b'\x0c')) {
        std::fs::write(dir.join(format!("{}.csv", sheet.name)), text).ok()?;
    }
    Book::read(dir).ok()
}

/// A `.xlsx` or `.ods` zipped from its parts, stored.
fn zipped(data: &[u8]) -> Option<Book> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for part in data.split(|&b| b == b'\x0c') {
        let end = part.iter().position(|&b| b == b'\n').unwrap_or(part.len());
        let name = std::str::from_utf8(&part[..end]).ok()?;
        zip.start_file(name, options).ok()?;
        std::io::Write::write_all(&mut zip, part.get(end + 1..).unwrap_or_default()).ok()?;
    }
    let bytes = zip.finish().ok()?.into_inner();
    Book::from_bytes("fuzz.xlsx".to_string(), bytes).ok()
}

fn book(data: &[u8]) -> Option<Book> {
    let (&kind, rest) = data.split_first()?;
    match kind % 4 {
        0 => Book::from_bytes("fuzz.xlsx".to_string(), rest.to_vec()).ok(),
        1 => Book::from_bytes("fuzz.ods".to_string(), rest.to_vec()).ok(),
        2 => csv_book(rest),
        _ => zipped(rest),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(book) = book(data) else {
        return;
    };
    let imported = import(&book);
    for error in &imported.errors {
        let _ = error.to_string();
    }
    for convention in imported.conventions {
        match convention.outcome {
            Ok(drafted) => {
                let name = format!("{}.toml", convention.reference);
                let source = Source::from_bytes(name.as_ref(), drafted.text.into_bytes());
                let loaded = load(&source);
                let printed =
                    convgen::diag::report_text(&source.name(), &source.text, &loaded.diagnostics);
                assert!(loaded.is_valid(), "an imported file loads: {printed}");
                assert_eq!(loaded.convention, drafted.convention, "{}", source.text);
            }
            Err(errors) => {
                for error in &errors {
                    let _ = error.to_string();
                }
            }
        }
    }
});
