//! A workbook as cells: `.xlsx` and `.ods` read with calamine, or a folder of `.csv` files
//! named after the sheets. Nothing here knows the format; `import` gives cells their meaning.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};

use crate::model::Date;

/// What a cell holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(Date),
    Bool(bool),
    /// A formula error (`#DIV/0!`…).
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a reader sees it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One sheet: its rows from the top-left cell `A1`.
#[derive(Debug, Default)]
pub struct Table {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A workbook: its name as messages print it, and its sheets in order.
#[derive(Debug)]
pub struct Book {
    pub name: String,
    pub sheets: Vec<Table>,
}

/// Why a workbook cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    #[error("cannot read `{}` ({reason})", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("`{}` is not a workbook: give a .xlsx or .ods file, or a folder of .csv files", path.display())]
    NotABook { path: PathBuf },
}

/// Largest workbook read: far above thousands of conventions.
const MAX_BOOK_BYTES: u64 = 64 * 1024 * 1024;

impl Book {
    /// The workbook at `path`: a `.xlsx`/`.ods` file, or a folder of `.csv` files.
    pub fn read(path: &Path) -> Result<Book, BookError> {
        let unreadable = |reason: String| BookError::Unreadable {
            path: path.to_path_buf(),
            reason,
        };
        let name = path.display().to_string();
        if path.is_dir() {
            return Book::read_csv(path, name).map_err(|e| unreadable(e.to_string()));
        }
        let size = std::fs::metadata(path)
            .map_err(|e| unreadable(e.to_string()))?
            .len();
        if size > MAX_BOOK_BYTES {
            return Err(unreadable(format!("larger than {MAX_BOOK_BYTES} bytes")));
        }
        let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
        Book::from_bytes(name, bytes).ok_or_else(|| BookError::NotABook {
            path: path.to_path_buf(),
        })
    }

    /// A `.xlsx` or `.ods` workbook from its bytes; `None` when it is neither.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Option<Book> {
        let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).ok()?;
        let mut sheets = Vec::new();
        for sheet in workbook.sheet_names() {
            let Ok(range) = workbook.worksheet_range(&sheet) else {
                continue;
            };
            let (top, left) = range.start().unwrap_or((0, 0));
            let (top, left) = (top as usize, left as usize);
            let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); top];
            for row in range.rows() {
                let mut cells = vec![Cell::Empty; left];
                cells.extend(row.iter().map(cell));
                rows.push(cells);
            }
            sheets.push(Table { name: sheet, rows });
        }
        Some(Book { name, sheets })
    }

    /// A folder of `<sheet>.csv` files (UTF-8, comma-separated, RFC 4180 quoting).
    fn read_csv(dir: &Path, name: String) -> std::io::Result<Book> {
        let mut files: Vec<PathBuf> = (std::fs::read_dir(dir)?.flatten())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .collect();
        files.sort();
        let mut sheets = Vec::new();
        for file in files {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_path(&file)
                .map_err(std::io::Error::other)?;
            let mut rows = Vec::new();
            for record in reader.records() {
                let record = record.map_err(std::io::Error::other)?;
                let text = |field: &str| match field {
                    "" => Cell::Empty,
                    field => Cell::Text(field.to_string()),
                };
                rows.push(record.iter().map(text).collect());
            }
            let sheet = file.file_stem().unwrap_or_default().to_string_lossy();
            sheets.push(Table {
                name: sheet.into_owned(),
                rows,
            });
        }
        Ok(Book { name, sheets })
    }
}

/// A calamine cell as ours; a date cell's time of day is dropped.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(when) => match from_serial(when.as_f64()) {
            Some(date) => Cell::Date(date),
            None => Cell::Number(when.as_f64()),
        },
        Data::DateTimeIso(text) => (text.get(..10).and_then(Date::parse))
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The date of a spreadsheet serial number: days since 1899-12-30 (1900 date system).
fn from_serial(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_are_the_days_spreadsheets_mean() {
        let cases = [
            (45_292.0, "2024-01-01"),
            (45_351.0, "2024-02-29"),
            (45_657.75, "2024-12-31"),
            (36_526.0, "2000-01-01"),
            (61.0, "1900-03-01"),
        ];
        for (serial, date) in cases {
            assert_eq!(from_serial(serial).unwrap().to_string(), date, "{serial}");
        }
        assert_eq!(from_serial(-3.0), None);
        assert_eq!(from_serial(f64::NAN), None);
    }
}
