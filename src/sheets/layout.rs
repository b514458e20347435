//! The workbook's layout: one sheet per table of the format, headers on the first row (the
//! keys' French labels, « La Caf – Délibération – Date »; the TOML keys, dotted for nested
//! tables, are read too), one row per item. Its columns come from the
//! format's definition (`format::fields`), so that every key goes out to a workbook and
//! comes back.

use std::sync::LazyLock;

use crate::format::fields::{self, AVENANT, AVENANT_OPTIONAL, Shape, Table};

/// What a column holds, and so how a cell becomes a TOML value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A date cell, or text `2024-01-01`.
    Date,
    /// A whole number (signing order, copies, axis number).
    Integer,
    /// An amount: a number cell (exact to the cent, rounding noise aside) or text as in TOML.
    Amount,
    /// Several texts, one a line.
    Lines,
    /// Fields of an axis, comma-separated: `enfance, jeunesse, autre: Sport`.
    Domains,
}

/// One column: its key (the dotted path, as in the file), its header (the key's French
/// label) and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

impl Column {
    /// Whether a header names this column: its label (as a person may retype it: any case,
    /// any apostrophe) or its key.
    pub fn is_named(&self, header: &str) -> bool {
        let plain = |text: &str| text.trim().replace('’', "'").to_lowercase();
        header.trim() == self.name || plain(header) == plain(self.label)
    }
}

/// One sheet: its name and columns, and whether a workbook must have it.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub required: bool,
    /// Whether headers that are years (`2024`) are columns too: the yearly amounts.
    pub years: bool,
}

/// The sheets' names, in their order.
pub const CONVENTIONS: &str = "conventions";
pub const PARTNERS: &str = "partenaires";
pub const SIGNATORIES: &str = "signataires";
pub const AXES: &str = "axes";
pub const ACTIONS: &str = "actions";
pub const FUNDING: &str = "financements";
pub const ARTICLES: &str = "articles";
pub const SECTIONS: &str = "sous-articles";
pub const APPENDICES: &str = "annexes";

/// The sheets of a workbook, in their order: each a table of the format, its columns the
/// table's keys (and those of the tables it holds on one line, dotted), after the columns
/// that link a row to its convention and its place in it.
pub static SHEETS: LazyLock<[Sheet; 9]> = LazyLock::new(|| {
    let links = |names: &[(&'static str, &'static str, Kind)]| -> Vec<Column> {
        (names.iter())
            .map(|&(name, label, kind)| Column { name, label, kind })
            .collect()
    };
    let reference = ("reference", "Référence", Kind::Text);
    let number = ("number", "N°", Kind::Integer);
    // The convention's own table, with its period, signature and Caf; not its lists (sheets
    // of their own), nor what only an avenant has (a workbook carries no avenant).
    let not_in_conventions = ["reference"];
    let skip = |name: &str| {
        not_in_conventions.contains(&name)
            || AVENANT.contains(&name)
            || AVENANT_OPTIONAL.contains(&name)
    };
    let conventions = [
        links(&[reference]),
        columns(&fields::CONVENTION, "", "", &skip),
    ]
    .concat();
    let sheet = |name, columns, required, years| Sheet {
        name,
        columns,
        required,
        years,
    };
    let no_lists = |_: &str| false;
    [
        sheet(CONVENTIONS, conventions, true, false),
        sheet(
            PARTNERS,
            [
                links(&[reference, number]),
                columns(&fields::PARTNER, "", "", &no_lists),
            ]
            .concat(),
            true,
            false,
        ),
        sheet(
            SIGNATORIES,
            [
                links(&[reference, ("party", "Partie", Kind::Text)]),
                columns(&fields::SIGNATORY, "", "", &no_lists),
            ]
            .concat(),
            true,
            false,
        ),
        sheet(
            AXES,
            [
                links(&[reference, number]),
                columns(&fields::AXIS, "", "", &no_lists),
            ]
            .concat(),
            true,
            false,
        ),
        sheet(
            ACTIONS,
            [
                links(&[reference, ("axis", "Axe", Kind::Integer)]),
                columns(&fields::FICHE, "", "", &no_lists),
            ]
            .concat(),
            false,
            false,
        ),
        sheet(
            FUNDING,
            [
                links(&[reference]),
                columns(&fields::FUNDING_LINE, "", "", &no_lists),
            ]
            .concat(),
            false,
            true,
        ),
        // What a file adds to the standard text: free articles, numbered, their
        // sub-articles by article number, and the annexes of its own.
        sheet(
            ARTICLES,
            [
                links(&[reference, number]),
                columns(&fields::CLAUSE, "", "", &no_lists),
            ]
            .concat(),
            false,
            false,
        ),
        sheet(
            SECTIONS,
            [
                links(&[reference, ("article", "Article", Kind::Integer)]),
                columns(&fields::SECTION, "", "", &no_lists),
            ]
            .concat(),
            false,
            false,
        ),
        sheet(
            APPENDICES,
            [
                links(&[reference]),
                columns(&fields::APPENDIX, "", "", &no_lists),
            ]
            .concat(),
            false,
            false,
        ),
    ]
});

/// The sheet named `name`.
pub fn sheet(name: &str) -> &'static Sheet {
    (SHEETS.iter().find(|s| s.name == name)).unwrap_or_else(|| panic!("no sheet `{name}`"))
}

/// The columns of `table`'s values, dotted below `prefix`: its own values and those of the
/// tables it holds one of; lists of tables have sheets of their own, and `skip` says what
/// else to leave out.
fn columns(
    table: &'static Table,
    prefix: &str,
    label_prefix: &str,
    skip: &dyn Fn(&str) -> bool,
) -> Vec<Column> {
    let mut out = Vec::new();
    for field in table.fields.iter().filter(|f| !skip(f.name)) {
        let name = format!("{prefix}{}", field.name);
        let label = format!("{label_prefix}{}", field.label.fr);
        let kind = match field.shape {
            Shape::Table(inner) | Shape::Inline(inner) => {
                let (prefix, label_prefix) = (format!("{name}."), format!("{label} – "));
                out.extend(columns(inner, &prefix, &label_prefix, &|_| false));
                continue;
            }
            Shape::Tables(_) | Shape::Actions | Shape::Amounts => continue,
            Shape::Date => Kind::Date,
            Shape::Count { .. } => Kind::Integer,
            Shape::Amount => Kind::Amount,
            Shape::Lines => Kind::Lines,
            Shape::Domains => Kind::Domains,
            _ => Kind::Text,
        };
        // Built once for the life of the program: the names live as long.
        let name: &'static str = Box::leak(name.into_boxed_str());
        let label: &'static str = Box::leak(label.into_boxed_str());
        out.push(Column { name, label, kind });
    }
    out
}

/// The sheet `export` adds for finance departments; `import` ignores it.
pub const ANNEX: &str = "annexe";

/// Whether a header is a year: the yearly amounts of `financements`.
pub fn is_year(header: &str) -> bool {
    header.len() == 4 && header.bytes().all(|b| b.is_ascii_digit())
}

/// The spreadsheet name of a column (0-based): A, B, …, Z, AA, AB…
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_has_a_label_of_its_own() {
        for sheet in SHEETS.iter() {
            let mut seen = std::collections::HashSet::new();
            for column in &sheet.columns {
                assert!(!column.label.is_empty(), "{}: {}", sheet.name, column.name);
                let plain = column.label.to_lowercase();
                assert!(
                    seen.insert(plain),
                    "{}: « {} » twice",
                    sheet.name,
                    column.label
                );
                assert!(column.is_named(column.name) && column.is_named(column.label));
            }
        }
    }

    /// Every key of the format a convention may give has its column: a workbook carries
    /// the whole convention, and a list the format gains needs its sheet.
    #[test]
    fn every_key_of_a_convention_has_its_column() {
        let sheet_of = |list: &str| match list {
            "" => CONVENTIONS,
            "partners[]" => PARTNERS,
            "caf.signatories[]" | "partners[].signatories[]" => SIGNATORIES,
            "axes[]" => AXES,
            "axes[].actions[]" => ACTIONS,
            "funding[]" => FUNDING,
            "clauses[]" => ARTICLES,
            "clauses[].sections[]" => SECTIONS,
            "annexes[]" => APPENDICES,
            other => panic!("no sheet for the list `{other}`"),
        };
        for (path, table) in fields::tables() {
            // An avenant's own tables: avenants stay files of their own, out of workbooks.
            let avenant = path.starts_with("previous") || path.starts_with("amended_by");
            if avenant || path.starts_with("axes[].domains") {
                continue;
            }
            let (list, within) = match path.rfind("[]") {
                Some(at) => (&path[..at + 2], path[at + 2..].trim_start_matches('.')),
                None => ("", path.as_str()),
            };
            let sheet = sheet(sheet_of(list));
            for field in table.fields {
                let carried = match field.shape {
                    Shape::Table(_) | Shape::Inline(_) | Shape::Tables(_) | Shape::Actions => true,
                    // The years of `financements`.
                    Shape::Amounts => sheet.years,
                    _ if path.is_empty() && AVENANT.contains(&field.name) => true,
                    _ if path.is_empty() && AVENANT_OPTIONAL.contains(&field.name) => true,
                    _ => {
                        let join = if within.is_empty() { "" } else { "." };
                        let name = format!("{within}{join}{}", field.name);
                        sheet.columns.iter().any(|c| c.name == name)
                    }
                };
                assert!(
                    carried,
                    "`{path}` `{}`: no column in `{}`",
                    field.name, sheet.name
                );
            }
        }
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}
