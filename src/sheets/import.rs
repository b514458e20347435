//! A workbook turned into convention files. Each convention's rows become a TOML document
//! that the loader checks exactly as `check` checks a file; every problem it finds is then
//! told at the cell its key came from (`BOOK:sheet!CELL`, the column and the value). A bad
//! row only stops its own convention.

use std::collections::BTreeMap;

use toml_edit::{Item, Table};

use super::book::{Book, Cell, Table as Sheet};
use super::cells::{Place, to_value};
use super::layout::{self, Column, SHEETS, column_letters, is_year};
use crate::diag::{did_you_mean, shortened};
use crate::format::Source;
use crate::i18n::Message;
use crate::model::{Convention, KeyPath};
use crate::pipeline::load;

/// A problem of a workbook, at its cell when it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub book: String,
    pub place: Option<Place>,
    pub message: Message,
}

impl std::fmt::Display for CellError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.place {
            Some(p) => {
                let at = format!("{}:{}!{}", self.book, p.sheet, p.cell);
                let (column, problem) = (
                    shortened(&p.column).into_owned(),
                    Box::new(self.message.clone()),
                );
                let message = match p.value.is_empty() {
                    true => Message::AtCell {
                        at,
                        column,
                        problem,
                    },
                    false => {
                        let value = shortened(&p.value).into_owned();
                        Message::AtCellValue {
                            at,
                            column,
                            value,
                            problem,
                        }
                    }
                };
                write!(f, "{message}")
            }
            None => {
                let problem = Box::new(self.message.clone());
                write!(
                    f,
                    "{}",
                    Message::InBook {
                        book: self.book.clone(),
                        problem
                    }
                )
            }
        }
    }
}

/// One convention of a workbook: its file, or why it has none.
#[derive(Debug)]
pub struct Imported {
    pub reference: String,
    /// Its row of the sheet `conventions`.
    pub row: usize,
    pub outcome: Result<Drafted, Vec<CellError>>,
}

/// A convention read from a workbook, and the comment that opens its file.
#[derive(Debug)]
pub struct Drafted {
    pub convention: Convention,
    pub header: String,
}

impl Drafted {
    /// The file's text.
    pub fn text(&self) -> String {
        format!("{}{}", self.header, self.convention.to_toml())
    }
}

/// What a workbook gives: problems that belong to no convention, and each convention.
#[derive(Debug, Default)]
pub struct Import {
    pub errors: Vec<CellError>,
    /// What was left aside, and why: an avenant's row (a workbook an older convgen exported;
    /// its `previous` has no column), with its rows of the other sheets.
    pub left_out: Vec<LeftOut>,
    pub conventions: Vec<Imported>,
}

/// A row of the sheet `conventions` left aside, and the note that says why.
#[derive(Debug)]
pub struct LeftOut {
    pub reference: String,
    pub row: usize,
    pub note: CellError,
}

/// A data row of a sheet: its number (1-based) and its cells by column.
pub(super) struct Row<'b> {
    pub sheet: &'static str,
    pub number: usize,
    pub cells: Vec<(Header, usize, &'b Cell)>,
}

/// What a column of a sheet is.
#[derive(Clone, Copy)]
pub(super) enum Header {
    Column(Column),
    /// A year of `financements`.
    Year(u16),
}

impl Header {
    fn name(&self) -> String {
        match self {
            Header::Column(c) => c.name.to_string(),
            Header::Year(y) => y.to_string(),
        }
    }

    /// As the workbook's header row says it (in French).
    fn label(&self) -> String {
        match self {
            Header::Column(c) => c.label.to_string(),
            Header::Year(y) => y.to_string(),
        }
    }
}

impl<'b> Row<'b> {
    /// The cell of a column, with its place; an absent column's place is the row's first cell.
    pub fn get(&self, name: &str) -> (Option<&'b Cell>, Place) {
        match (self.cells.iter()).find(|(h, _, _)| h.name() == name) {
            Some((header, column, cell)) => {
                (Some(*cell), self.place(*column, &header.label(), cell))
            }
            None => (None, self.place(0, name, &Cell::Empty)),
        }
    }

    pub fn text(&self, name: &str) -> String {
        self.get(name)
            .0
            .map(|c| c.shown().trim().to_string())
            .unwrap_or_default()
    }

    pub fn place(&self, column: usize, name: &str, cell: &Cell) -> Place {
        Place {
            sheet: self.sheet.to_string(),
            cell: format!("{}{}", column_letters(column), self.number),
            column: name.to_string(),
            value: cell.shown(),
        }
    }
}

/// The conventions of a workbook.
pub fn import(book: &Book) -> Import {
    let mut import = Import::default();
    let error = |place: Option<Place>, message: Message| CellError {
        book: book.name.clone(),
        place,
        message,
    };
    let (mut rows, problems) = sheets(book);
    import
        .errors
        .extend(problems.into_iter().map(|(p, m)| error(p, m)));
    let conventions = rows.remove(layout::CONVENTIONS).unwrap_or_default();
    let (kept, avenants, seen) = sort_out(conventions, &book.name, &mut import);
    // Each sheet's rows by reference, once: a workbook holds thousands of conventions.
    let mut by_reference: BTreeMap<(&str, String), Vec<&Row<'_>>> = BTreeMap::new();
    for (sheet, list) in &rows {
        for row in list
            .iter()
            .filter(|r| !avenants.contains(&r.text("reference")))
        {
            let reference = row.text("reference");
            if !seen.contains_key(&reference) {
                let (_, place) = row.get("reference");
                let message = Message::NoConventionRow {
                    sheet: sheet.to_string(),
                };
                import.errors.push(error(Some(place), message));
            }
            by_reference
                .entry((sheet, reference))
                .or_default()
                .push(row);
        }
    }
    for row in &kept {
        let reference = row.text("reference");
        let of = |name: &'static str| -> Vec<&Row<'_>> {
            (by_reference.get(&(name, reference.clone())).cloned()).unwrap_or_default()
        };
        let parts = Parts {
            convention: row,
            partners: of(layout::PARTNERS),
            signatories: of(layout::SIGNATORIES),
            axes: of(layout::AXES),
            actions: of(layout::ACTIONS),
            funding: of(layout::FUNDING),
            articles: of(layout::ARTICLES),
            sections: of(layout::SECTIONS),
            appendices: of(layout::APPENDICES),
        };
        let outcome = convention(&book.name, &parts).map_err(|problems| {
            (problems.into_iter())
                .map(|(place, message)| error(place, message))
                .collect()
        });
        let row = row.number;
        import.conventions.push(Imported {
            reference,
            row,
            outcome,
        });
    }
    import
}

/// The rows of `conventions` to import; an avenant's row left out and a reference's second
/// row refused, each said in `import`; with the avenants' references, and where each
/// reference kept stands.
#[allow(clippy::type_complexity)]
fn sort_out<'b>(
    conventions: Vec<Row<'b>>,
    book: &str,
    import: &mut Import,
) -> (Vec<Row<'b>>, Vec<String>, BTreeMap<String, Place>) {
    let mut seen: BTreeMap<String, Place> = BTreeMap::new();
    let (mut kept, mut avenants) = (Vec::new(), Vec::new());
    for row in conventions {
        let (_, place) = row.get("reference");
        let reference = row.text("reference");
        if row.text("kind").eq_ignore_ascii_case("avenant") {
            avenants.push(reference.clone());
            let message = Message::AvenantRowSkipped {
                reference: reference.clone(),
            };
            let (row, note) = (
                row.number,
                CellError {
                    book: book.to_string(),
                    place: Some(place),
                    message,
                },
            );
            import.left_out.push(LeftOut {
                reference,
                row,
                note,
            });
            continue;
        }
        // A second row of one reference is refused, as a convention of its own.
        if let Some(first) = seen.get(&reference) {
            let message = Message::ReferenceUsedByRow {
                reference: reference.clone(),
                row: first.cell[1..].to_string(),
            };
            import.conventions.push(Imported {
                reference,
                row: row.number,
                outcome: Err(vec![CellError {
                    book: book.to_string(),
                    place: Some(place),
                    message,
                }]),
            });
            continue;
        }
        seen.insert(reference.clone(), place);
        kept.push(row);
    }
    (kept, avenants, seen)
}

/// The data rows of each sheet of the layout, and the problems of the sheets: unknown,
/// missing, or with unknown columns.
fn sheets(book: &Book) -> (BTreeMap<&'static str, Vec<Row<'_>>>, Problems) {
    let mut problems: Problems = Vec::new();
    let known: Vec<&str> = (SHEETS.iter().map(|s| s.name))
        .chain([layout::ANNEX])
        .collect();
    for sheet in book
        .sheets
        .iter()
        .filter(|s| !known.contains(&s.name.as_str()))
    {
        let name = shortened(&sheet.name).into_owned();
        problems.push((
            None,
            match did_you_mean(&sheet.name, &known) {
                Some(close) => Message::UnknownSheetDidYouMean {
                    sheet: name,
                    close: close.into(),
                },
                None => Message::UnknownSheet { sheet: name },
            },
        ));
    }
    let mut rows = BTreeMap::new();
    for layout in SHEETS.iter() {
        match book.sheets.iter().find(|s| s.name == layout.name) {
            Some(sheet) => {
                let (found, header_problems) = read_rows(sheet, layout);
                rows.insert(layout.name, found);
                problems.extend(header_problems.into_iter().map(|(p, m)| (Some(p), m)));
            }
            None if layout.required => {
                problems.push((
                    None,
                    Message::MissingSheet {
                        sheet: layout.name.into(),
                    },
                ));
            }
            None => {}
        }
    }
    (rows, problems)
}

/// The data rows of a sheet, and the problems of its headers.
fn read_rows<'b>(
    sheet: &'b Sheet,
    layout: &layout::Sheet,
) -> (Vec<Row<'b>>, Vec<(Place, Message)>) {
    let mut problems = Vec::new();
    let Some(headers) = sheet.rows.first() else {
        return (Vec::new(), problems);
    };
    let mut columns = Vec::new();
    for (index, cell) in headers.iter().enumerate() {
        let name = cell.shown().trim().to_string();
        let known = layout.columns.iter().find(|c| c.is_named(&name));
        let header = match (known, name.parse::<u16>()) {
            _ if name.is_empty() => continue,
            (Some(column), _) => Header::Column(*column),
            (None, Ok(year)) if layout.years && is_year(&name) => Header::Year(year),
            _ => {
                let names: Vec<&str> = (layout.columns.iter())
                    .flat_map(|c| [c.label, c.name])
                    .collect();
                let column = shortened(&name).into_owned();
                let message = match did_you_mean(&name, &names) {
                    Some(close) => Message::UnknownColumnDidYouMean {
                        column,
                        close: close.into(),
                    },
                    None => Message::UnknownColumn { column },
                };
                let place = Place {
                    sheet: layout.name.to_string(),
                    cell: format!("{}1", column_letters(index)),
                    column: name.clone(),
                    value: String::new(),
                };
                problems.push((place, message));
                continue;
            }
        };
        columns.push((header, index));
    }
    if !columns.iter().any(|(h, _)| h.name() == "reference") {
        let place = Place {
            sheet: layout.name.to_string(),
            cell: "A1".to_string(),
            column: "reference".to_string(),
            value: String::new(),
        };
        problems.push((place, Message::NoReferenceColumn));
        return (Vec::new(), problems);
    }
    let rows = (sheet.rows.iter().enumerate().skip(1))
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .map(|(index, cells)| Row {
            sheet: layout.name,
            number: index + 1,
            cells: (columns.iter())
                .map(|&(header, column)| {
                    (header, column, cells.get(column).unwrap_or(&Cell::Empty))
                })
                .collect(),
        })
        .collect();
    (rows, problems)
}

/// The rows of one convention, sheet by sheet.
pub(super) struct Parts<'r, 'b> {
    pub convention: &'r Row<'b>,
    pub partners: Vec<&'r Row<'b>>,
    pub signatories: Vec<&'r Row<'b>>,
    pub axes: Vec<&'r Row<'b>>,
    pub actions: Vec<&'r Row<'b>>,
    pub funding: Vec<&'r Row<'b>>,
    pub articles: Vec<&'r Row<'b>>,
    pub sections: Vec<&'r Row<'b>>,
    pub appendices: Vec<&'r Row<'b>>,
}

type Problems = Vec<(Option<Place>, Message)>;

/// One convention: its document assembled from its rows, then checked as `check` checks a
/// file, each problem told at the cell of its key.
fn convention(book: &str, parts: &Parts<'_, '_>) -> Result<Drafted, Problems> {
    let mut assembly = super::assemble::Assembly::default();
    assembly.convention(parts);
    let super::assemble::Assembly {
        document,
        places,
        mut problems,
    } = assembly;
    let text = document.to_string();
    let name = format!("{book}:{}", parts.convention.text("reference"));
    let loaded = load(&Source::from_bytes(name.as_ref(), text.into_bytes()));
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        let place = std::iter::successors(d.key.clone(), KeyPath::parent)
            .chain([KeyPath::root()])
            .find_map(|key| places.get(key.as_str()).cloned());
        problems.push((place, d.message.clone()));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let row = parts.convention;
    let imported = Message::ImportedFrom {
        book: book.to_string(),
        row: row.number,
    };
    let header = format!("{imported}\n\n");
    let convention = loaded.convention;
    Ok(Drafted { convention, header })
}

/// A cell's value under `key` of `table`, its place recorded; a cell that cannot become a
/// value is a problem at its place.
pub(super) fn put(
    table: &mut Table,
    path: &KeyPath,
    row: &Row<'_>,
    column: &str,
    places: &mut BTreeMap<String, Place>,
    problems: &mut Problems,
) {
    let (cell, place) = row.get(column);
    let kind = (layout::SHEETS.iter())
        .find(|s| s.name == row.sheet)
        .and_then(|s| s.columns.iter().find(|c| c.name == column))
        .map_or(layout::Kind::Amount, |c| c.kind);
    let steps: Vec<&str> = column.split('.').collect();
    let key = steps.iter().fold(path.clone(), |key, step| key.key(step));
    places.insert(key.to_string(), place.clone());
    let value = match cell.filter(|c| !c.is_empty()).map(|c| to_value(kind, c)) {
        None => return,
        Some(Ok(value)) => value,
        Some(Err(message)) => return problems.push((Some(place), message)),
    };
    // The tables a dotted column names (`caf.deliberation.body`), made when a value needs them.
    let mut target: &mut Table = table;
    for step in &steps[..steps.len() - 1] {
        let entry = target.entry(step).or_insert(Item::Table(Table::new()));
        let Some(inner) = entry.as_table_mut() else {
            return;
        };
        target = inner;
    }
    target.insert(steps[steps.len() - 1], Item::Value(value));
}
