//! Conventions out to a workbook, in the layout `import` reads back: `.xlsx` with real date
//! cells, amounts as numbers in euros, a frozen header row, an autofilter and fitted columns,
//! plus the sheet `annexe` (every funding line, year by year, with totals that follow the
//! filter) for a finance department; or a folder of `.csv` files named after the sheets.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, XlsxError};

use super::layout::{self, ANNEX, SHEETS, Sheet};
use crate::format::{Plain, View};
use crate::model::{Convention, Date, Kind, Money};

/// A value of a cell going out.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Date(Date),
    Integer(i64),
    Amount(Money),
}

impl Out {
    fn text(value: Option<&str>) -> Out {
        value.map_or(Out::Empty, |v| Out::Text(v.to_string()))
    }

    /// As a CSV field: dates `2024-01-01`, amounts `12500.50`.
    pub fn csv(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(text) => text.clone(),
            Out::Date(date) => date.to_string(),
            Out::Integer(n) => n.to_string(),
            Out::Amount(m) => m.to_string(),
        }
    }
}

/// One sheet going out: its name, headers and rows.
pub struct OutSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

/// The sheets of `conventions`, in the layout `import` reads, then the annex. An avenant is
/// left out: it stays a file of its own (`import` skips one a workbook holds all the same).
pub fn sheets(conventions: &[Convention]) -> Vec<OutSheet> {
    let conventions: Vec<&Convention> = (conventions.iter())
        .filter(|c| c.kind != Kind::Avenant)
        .collect();
    // Every year of a period has its column, with an amount or not (walk 30: a 2026 left
    // empty had none to fill in).
    let years: std::collections::BTreeSet<i32> = (conventions.iter())
        .flat_map(|c| c.funding.iter().flat_map(|l| l.amounts.keys().copied()))
        .chain(conventions.iter().flat_map(|c| c.period.years()))
        .collect();
    let mut out: Vec<OutSheet> = SHEETS
        .iter()
        .map(|sheet| OutSheet {
            name: sheet.name.to_string(),
            headers: headers(sheet, &years),
            rows: Vec::new(),
        })
        .collect();
    for c in &conventions {
        for (index, rows) in rows_of(c, &years).into_iter().enumerate() {
            out[index].rows.extend(rows);
        }
    }
    out.push(annex(&conventions, &years));
    out
}

fn headers(sheet: &Sheet, years: &std::collections::BTreeSet<i32>) -> Vec<String> {
    let columns = sheet.columns.iter().map(|c| c.label.to_string());
    let years = years.iter().map(i32::to_string).filter(|_| sheet.years);
    columns.chain(years).collect()
}

/// A convention's rows, sheet by sheet, in the order of [`SHEETS`]: the columns that link a
/// row, then each column's value as the format's definition reaches it.
fn rows_of(c: &Convention, years: &std::collections::BTreeSet<i32>) -> Vec<Vec<Vec<Out>>> {
    let reference = || Out::Text(c.reference.clone());
    let row = |sheet: &str, links: Vec<Out>, view: &dyn View| {
        let columns = &layout::sheet(sheet).columns[links.len()..];
        let values = columns.iter().map(|column| cell(view.plain(column.name)));
        links.into_iter().chain(values).collect::<Vec<Out>>()
    };
    let mut signatories: Vec<Vec<Out>> = (c.caf.signatories.iter())
        .map(|s| {
            row(
                layout::SIGNATORIES,
                vec![reference(), Out::Text("caf".into())],
                s,
            )
        })
        .collect();
    let mut partners = Vec::new();
    for (index, p) in c.partners.iter().enumerate() {
        let number = index as i64 + 1;
        partners.push(row(
            layout::PARTNERS,
            vec![reference(), Out::Integer(number)],
            p,
        ));
        let party = || Out::Text(number.to_string());
        signatories.extend(
            (p.signatories.iter()).map(|s| row(layout::SIGNATORIES, vec![reference(), party()], s)),
        );
    }
    let (mut axes, mut actions) = (Vec::new(), Vec::new());
    for (index, axis) in c.axes.iter().enumerate() {
        let number = || Out::Integer(index as i64 + 1);
        axes.push(row(layout::AXES, vec![reference(), number()], axis));
        for action in &axis.actions {
            actions.push(row(layout::ACTIONS, vec![reference(), number()], action));
        }
    }
    let funding = (c.funding.iter())
        .map(|l| {
            let mut cells = row(layout::FUNDING, vec![reference()], l);
            let amounts = years
                .iter()
                .map(|y| l.amounts.get(y).map_or(Out::Empty, |m| Out::Amount(*m)));
            cells.extend(amounts);
            cells
        })
        .collect();
    let (mut articles, mut sections) = (Vec::new(), Vec::new());
    for (index, clause) in c.clauses.iter().enumerate() {
        let number = || Out::Integer(index as i64 + 1);
        articles.push(row(layout::ARTICLES, vec![reference(), number()], clause));
        for section in &clause.sections {
            sections.push(row(layout::SECTIONS, vec![reference(), number()], section));
        }
    }
    let appendices = (c.annexes.iter())
        .map(|a| row(layout::APPENDICES, vec![reference()], a))
        .collect();
    let convention = row(layout::CONVENTIONS, vec![reference()], c);
    vec![
        vec![convention],
        partners,
        signatories,
        axes,
        actions,
        funding,
        articles,
        sections,
        appendices,
    ]
}

/// A value as a cell: lists one item a line, fields comma-separated (`autre: Sport`).
fn cell(value: Plain<'_>) -> Out {
    match value {
        Plain::Text(text) => Out::Text(text.to_string()),
        Plain::Date(date) => Out::Date(date),
        Plain::Integer(n) => Out::Integer(n),
        Plain::Amount(amount) => Out::Amount(amount),
        Plain::Lines([]) | Plain::None | Plain::Table(_) | Plain::Items(_) | Plain::Amounts(_) => {
            Out::Empty
        }
        Plain::Lines(items) => Out::Text(items.join("\n")),
        Plain::Choice(value, _) => Out::Text(value.to_string()),
        Plain::Domains(domains) => {
            let names: Vec<String> = (domains.iter())
                .map(|d| match &d.label {
                    Some(label) => format!("{}: {label}", d.domain.as_str()),
                    None => d.domain.as_str().to_string(),
                })
                .collect();
            Out::Text(names.join(", "))
        }
    }
}

/// Every funding line, with French labels, one column a year and its total.
fn annex(conventions: &[&Convention], years: &std::collections::BTreeSet<i32>) -> OutSheet {
    // For a finance department, in its words; `import` reads no header of this sheet.
    let mut headers: Vec<String> = [
        "Référence",
        "Territoire",
        "Ligne",
        "Financeur",
        "Nature",
        "Équipement",
        "Bénéficiaire",
    ]
    .map(str::to_string)
    .to_vec();
    headers.extend(years.iter().map(i32::to_string));
    headers.push("Total".to_string());
    let mut rows = Vec::new();
    for c in conventions {
        for line in &c.funding {
            let mut row = vec![
                Out::Text(c.reference.clone()),
                Out::Text(c.territory.clone()),
                Out::Text(line.label.clone()),
                Out::Text(line.funder_label().to_string()),
                Out::Text(line.kind.label().to_string()),
                Out::text(line.equipment.map(|e| e.label())),
                Out::text(line.beneficiary.as_deref()),
            ];
            row.extend(
                years
                    .iter()
                    .map(|y| line.amounts.get(y).map_or(Out::Empty, |m| Out::Amount(*m))),
            );
            let total = line
                .amounts
                .values()
                .try_fold(Money::ZERO, |a, m| a.checked_add(*m));
            row.push(total.map_or(Out::Empty, Out::Amount));
            rows.push(row);
        }
    }
    OutSheet {
        name: ANNEX.to_string(),
        headers,
        rows,
    }
}

/// The `.xlsx` workbook of the sheets: the same sheets always give the same bytes.
pub fn xlsx(sheets: &[OutSheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let euros = Format::new().set_num_format("#,##0.00\\ \"€\"");
    for sheet in sheets {
        let worksheet = workbook.add_worksheet().set_name(&sheet.name)?;
        for (column, header) in sheet.headers.iter().enumerate() {
            worksheet.write_string_with_format(0, column as u16, header, &bold)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let at = index as u32 + 1;
            for (column, value) in row.iter().enumerate() {
                let column = column as u16;
                match value {
                    Out::Empty => {}
                    Out::Text(text) => drop(worksheet.write_string(at, column, text)?),
                    Out::Integer(n) => drop(worksheet.write_number(at, column, *n as f64)?),
                    Out::Amount(m) => {
                        let number = m.to_string().parse::<f64>().unwrap_or_default();
                        worksheet.write_number_with_format(at, column, number, &euros)?;
                    }
                    Out::Date(d) => {
                        let day = ExcelDateTime::from_ymd(d.year as u16, d.month, d.day)?;
                        worksheet.write_date_with_format(at, column, &day, &date)?;
                    }
                }
            }
        }
        let last_row = sheet.rows.len() as u32;
        let last_column = sheet.headers.len().saturating_sub(1) as u16;
        if sheet.name == ANNEX {
            totals(worksheet, sheet, &bold, &euros)?;
        }
        worksheet.set_freeze_panes(1, 0)?;
        worksheet.autofilter(0, 0, last_row.max(1), last_column)?;
        worksheet.autofit();
    }
    workbook.save_to_buffer()
}

/// The annex's totals: below each year and the total column, a sum of the lines the filter
/// shows (`SUBTOTAL(109, …)`), with its value for readers that do not compute.
fn totals(
    worksheet: &mut rust_xlsxwriter::Worksheet,
    sheet: &OutSheet,
    bold: &Format,
    euros: &Format,
) -> Result<(), XlsxError> {
    let at = sheet.rows.len() as u32 + 2;
    worksheet.write_string_with_format(at, 0, "Total", bold)?;
    let first = 7;
    for column in first..sheet.headers.len() {
        let sum = (sheet.rows.iter())
            .filter_map(|r| match r.get(column) {
                Some(Out::Amount(m)) => Some(*m),
                _ => None,
            })
            .try_fold(Money::ZERO, |a, m| a.checked_add(m))
            .unwrap_or(Money::ZERO);
        let letters = super::layout::column_letters(column);
        let formula = format!(
            "=SUBTOTAL(109,{letters}2:{letters}{})",
            sheet.rows.len() + 1
        );
        let formula = Formula::new(formula).set_result(sum.to_string());
        worksheet.write_formula_with_format(at, column as u16, formula, euros)?;
    }
    Ok(())
}

/// The sheets as a folder of `.csv` files: `(file name, content)`.
pub fn csv(sheets: &[OutSheet]) -> Vec<(String, String)> {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    (sheets.iter())
        .map(|sheet| {
            let mut out = sheet
                .headers
                .iter()
                .map(|h| field(h))
                .collect::<Vec<_>>()
                .join(",");
            out.push('\n');
            for row in &sheet.rows {
                out.push_str(
                    &row.iter()
                        .map(|v| field(&v.csv()))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                out.push('\n');
            }
            (format!("{}.csv", sheet.name), out)
        })
        .collect()
}
