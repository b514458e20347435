//! Spreadsheets in and out: a Caf's workbook (`.xlsx`, `.ods`, or a folder of `.csv`) turned
//! into convention files, each problem told at its cell; conventions turned into a workbook
//! in the same layout, with an annex for a finance department.

mod assemble;
pub mod book;
mod cells;
pub mod export;
pub mod import;
pub mod layout;

pub use book::{Book, BookError};
pub use cells::Place;
pub use import::{CellError, Drafted, Import, Imported, import};
