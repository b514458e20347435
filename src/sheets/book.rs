//! A workbook as cells: `.xlsx` and `.ods` read with calamine, or a folder of `.csv` files
//! named after the sheets. Nothing here knows the format; `import` gives cells their meaning.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, PartTooLarge, Reader, part_too_large};

use crate::files::{self, Links};
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
    #[error("`{book}` is not a workbook: give a .xlsx or .ods file, or a folder of .csv files")]
    NotABook { book: String },
    /// A workbook that claims, or inflates to, more than any workbook of conventions holds.
    #[error("`{book}`: {}{what}", sheet.as_ref().map(|s| format!("sheet `{s}`: ")).unwrap_or_default())]
    TooLarge {
        book: String,
        sheet: Option<String>,
        what: String,
    },
}

/// Largest workbook file read: far above thousands of conventions.
pub const MAX_BOOK_BYTES: u64 = 64 << 20;
/// Most cells a sheet may span, from `A1` to its last non-empty cell: a workbook of 2 000
/// conventions uses less than half.
pub const MAX_SHEET_CELLS: u64 = 1_000_000;
/// Most characters in a cell, as in Excel.
pub const MAX_CELL_CHARS: usize = 32_767;

impl Book {
    /// The workbook at `path`: a `.xlsx`/`.ods` file, or a folder of `.csv` files.
    pub fn read(path: &Path) -> Result<Book, BookError> {
        let unreadable = |error: std::io::Error| BookError::Unreadable {
            path: path.to_path_buf(),
            reason: error.to_string(),
        };
        let name = path.display().to_string();
        if path.is_dir() {
            return Book::read_csv(path, name);
        }
        let bytes = files::read(path, MAX_BOOK_BYTES, Links::Follow).map_err(unreadable)?;
        Book::from_bytes(name, bytes)
    }

    /// A `.xlsx` or `.ods` workbook from its bytes. Its sizes are checked as it is read —
    /// each part of the zip, each sheet's span, each cell's length — so that no workbook
    /// makes memory grow past a few hundred megabytes.
    pub fn from_bytes(name: String, bytes: Vec<u8>) -> Result<Book, BookError> {
        let not_a_book = |book: &str| BookError::NotABook { book: book.into() };
        let sheets = match calamine::Xlsx::new(Cursor::new(&bytes)) {
            Ok(mut xlsx) => read_xlsx(&name, &mut xlsx)?,
            Err(e) => match calamine::Ods::new(Cursor::new(&bytes)) {
                Ok(mut ods) => read_ods(&name, &mut ods)?,
                Err(calamine::OdsError::TooLarge { sheet, what }) => {
                    return Err(too_large(&name, Some(sheet), what));
                }
                Err(ods) => match part_too_large(&e).or_else(|| part_too_large(&ods)) {
                    Some(part) => return Err(too_large(&name, None, inflates(part))),
                    None => return Err(not_a_book(&name)),
                },
            },
        };
        Ok(Book { name, sheets })
    }

    /// A folder of `<sheet>.csv` files (UTF-8, comma-separated, RFC 4180 quoting): regular
    /// files only, the folder's files together within [`MAX_BOOK_BYTES`].
    fn read_csv(dir: &Path, name: String) -> Result<Book, BookError> {
        let unreadable = |path: &Path, error: &dyn std::fmt::Display| BookError::Unreadable {
            path: path.to_path_buf(),
            reason: error.to_string(),
        };
        let entries = std::fs::read_dir(dir).map_err(|e| unreadable(dir, &e))?;
        let mut files: Vec<PathBuf> = (entries.flatten())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
            .collect();
        files.sort();
        let mut left = MAX_BOOK_BYTES;
        let mut sheets = Vec::new();
        for file in files {
            let bytes =
                files::read(&file, left, Links::Refuse).map_err(|e| unreadable(&file, &e))?;
            left -= bytes.len() as u64;
            let sheet = file.file_stem().unwrap_or_default().to_string_lossy();
            let mut grid = Grid::new(&name, &sheet);
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            for (row, record) in reader.records().enumerate() {
                let record = record.map_err(|e| unreadable(&file, &e))?;
                for (column, field) in record.iter().enumerate() {
                    if !field.is_empty() {
                        grid.put(row as u64, column as u64, Cell::Text(field.to_string()))?;
                    }
                }
            }
            sheets.push(grid.into_table());
        }
        Ok(Book { name, sheets })
    }
}

fn too_large(book: &str, sheet: Option<String>, what: String) -> BookError {
    let book = book.to_string();
    BookError::TooLarge { book, sheet, what }
}

/// A part of the zip past calamine's limit, in words.
fn inflates(part: &PartTooLarge) -> String {
    let limit = files::size(part.limit);
    format!(
        "its part `{}` inflates to more than {limit}: not a workbook of conventions",
        part.part
    )
}

/// Every sheet of an `.xlsx`, read cell by cell (never as a range, which calamine would
/// allocate from its corners).
fn read_xlsx(
    name: &str,
    xlsx: &mut calamine::Xlsx<Cursor<&Vec<u8>>>,
) -> Result<Vec<Table>, BookError> {
    let mut sheets = Vec::new();
    for sheet in xlsx.sheet_names() {
        let Ok(mut cells) = xlsx.worksheet_cells_reader(&sheet) else {
            continue;
        };
        let mut grid = Grid::new(name, &sheet);
        loop {
            match cells.next_cell() {
                Ok(Some(found)) => {
                    let (row, column) = found.get_position();
                    let value = cell(&Data::from(found.get_value().clone()));
                    grid.put(u64::from(row), u64::from(column), value)?;
                }
                Ok(None) => break,
                Err(e) => match part_too_large(&e) {
                    Some(part) => return Err(too_large(name, Some(sheet), inflates(part))),
                    // A damaged sheet is left out, as before: `import` then names it missing.
                    None => break,
                },
            }
        }
        sheets.push(grid.into_table());
    }
    Ok(sheets)
}

/// Every table of an `.ods` (calamine read them, within its limits, when it opened it).
fn read_ods(
    name: &str,
    ods: &mut calamine::Ods<Cursor<&Vec<u8>>>,
) -> Result<Vec<Table>, BookError> {
    let mut sheets = Vec::new();
    for sheet in ods.sheet_names() {
        let Ok(range) = ods.worksheet_range(&sheet) else {
            continue;
        };
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new(name, &sheet);
        for (row, column, data) in range.used_cells() {
            let (row, column) = (u64::from(top) + row as u64, u64::from(left) + column as u64);
            grid.put(row, column, cell(data))?;
        }
        sheets.push(grid.into_table());
    }
    Ok(sheets)
}

/// The non-empty cells of a sheet as they are read, within the limits: the span from `A1`
/// to the farthest cell at most [`MAX_SHEET_CELLS`], each cell at most [`MAX_CELL_CHARS`].
struct Grid<'b> {
    book: &'b str,
    sheet: String,
    cells: Vec<(u64, u64, Cell)>,
    rows: u64,
    columns: u64,
}

impl<'b> Grid<'b> {
    fn new(book: &'b str, sheet: &str) -> Grid<'b> {
        let sheet = sheet.to_string();
        Grid {
            book,
            sheet,
            cells: Vec::new(),
            rows: 0,
            columns: 0,
        }
    }

    fn refuse(&self, what: String) -> BookError {
        too_large(self.book, Some(self.sheet.clone()), what)
    }

    fn put(&mut self, row: u64, column: u64, cell: Cell) -> Result<(), BookError> {
        if cell == Cell::Empty {
            return Ok(());
        }
        let at = || {
            format!(
                "{}{}",
                super::layout::column_letters(column as usize),
                row + 1
            )
        };
        if let Cell::Text(text) = &cell {
            let length = text.chars().count();
            if length > MAX_CELL_CHARS {
                return Err(self.refuse(format!(
                    "cell {} holds {length} characters, more than a cell may ({MAX_CELL_CHARS})",
                    at()
                )));
            }
        }
        let (rows, columns) = (self.rows.max(row + 1), self.columns.max(column + 1));
        if rows.saturating_mul(columns) > MAX_SHEET_CELLS
            || self.cells.len() as u64 >= MAX_SHEET_CELLS
        {
            return Err(self.refuse(format!(
                "its cells reach {}, more than {MAX_SHEET_CELLS} cells from A1: remove what lies outside the table",
                at()
            )));
        }
        (self.rows, self.columns) = (rows, columns);
        self.cells.push((row, column, cell));
        Ok(())
    }

    fn into_table(self) -> Table {
        let mut rows = vec![vec![Cell::Empty; self.columns as usize]; self.rows as usize];
        for (row, column, cell) in self.cells {
            rows[row as usize][column as usize] = cell;
        }
        Table {
            name: self.sheet,
            rows,
        }
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
