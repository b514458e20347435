//! The workbook's layout: one sheet per table of the format, headers on the first row (the
//! TOML keys, dotted for nested tables), one row per item. The contract's columns, and the
//! optional ones that carry the rest of the format (a test holds them to `format::keys`), so
//! that a convention goes out to a workbook and comes back the same.

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

/// One column: its header and what it holds.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
    }
}

const fn of(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// One sheet: its name and columns, and whether a workbook must have it.
#[derive(Clone, Copy, Debug)]
pub struct Sheet {
    pub name: &'static str,
    pub columns: &'static [Column],
    pub required: bool,
    /// Whether headers that are years (`2024`) are columns too: the yearly amounts.
    pub years: bool,
}

pub const CONVENTIONS: Sheet = Sheet {
    name: "conventions",
    columns: &[
        text("reference"),
        text("kind"),
        text("territory"),
        text("title"),
        of("period.start", Kind::Date),
        of("period.end", Kind::Date),
        text("signature.place"),
        of("signature.date", Kind::Date),
        of("signature.copies", Kind::Integer),
        text("caf.name"),
        text("caf.short_name"),
        text("caf.address"),
        text("caf.deliberation.body"),
        of("caf.deliberation.date", Kind::Date),
        text("caf.deliberation.number"),
        text("court"),
        text("sdsf"),
    ],
    required: true,
    years: false,
};

pub const PARTNERS: Sheet = Sheet {
    name: "partenaires",
    columns: &[
        text("reference"),
        of("number", Kind::Integer),
        text("kind"),
        text("name"),
        text("siren"),
        text("address"),
        text("deliberation.body"),
        of("deliberation.date", Kind::Date),
        text("deliberation.number"),
        text("article"),
        text("epci"),
    ],
    required: true,
    years: false,
};

pub const SIGNATORIES: Sheet = Sheet {
    name: "signataires",
    columns: &[
        text("reference"),
        text("party"),
        text("name"),
        text("role"),
        text("email"),
    ],
    required: true,
    years: false,
};

pub const AXES: Sheet = Sheet {
    name: "axes",
    columns: &[
        text("reference"),
        of("number", Kind::Integer),
        text("title"),
        of("domains", Kind::Domains),
    ],
    required: true,
    years: false,
};

pub const ACTIONS: Sheet = Sheet {
    name: "actions",
    columns: &[
        text("reference"),
        of("axis", Kind::Integer),
        text("title"),
        text("need"),
        of("objectives", Kind::Lines),
        text("public"),
        text("pilot"),
        of("partners", Kind::Lines),
        text("calendar"),
        text("means"),
        of("budget", Kind::Amount),
        of("indicators", Kind::Lines),
    ],
    required: false,
    years: false,
};

pub const FUNDING: Sheet = Sheet {
    name: "financements",
    columns: &[
        text("reference"),
        text("label"),
        text("funder"),
        text("funder_name"),
        text("kind"),
        text("equipment"),
        text("beneficiary"),
        of("axis", Kind::Integer),
    ],
    required: false,
    years: true,
};

/// The sheets of a workbook, in their order.
pub const SHEETS: [Sheet; 6] = [CONVENTIONS, PARTNERS, SIGNATORIES, AXES, ACTIONS, FUNDING];

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
    use crate::format::keys::{self, Key};

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    /// Every key of the format has a column, so that nothing is lost on the way out and back.
    #[test]
    fn every_scalar_key_of_the_format_has_a_column() {
        let in_sheet = |sheet: &Sheet, prefix: &str, table: &[Key], skip: &[&str]| {
            for key in table.iter().filter(|k| !skip.contains(&k.name)) {
                let name = format!("{prefix}{}", key.name);
                assert!(
                    sheet.columns.iter().any(|c| c.name == name),
                    "no column `{name}` in `{}`",
                    sheet.name
                );
            }
        };
        let tables = ["caf", "partners", "axes", "funding", "period", "signature"];
        // An avenant is drawn up by `convgen avenant`, not carried by a workbook.
        let tables = [&tables[..], keys::AVENANT, &["effective"]].concat();
        in_sheet(&CONVENTIONS, "", keys::CONVENTION, &tables);
        in_sheet(&CONVENTIONS, "period.", keys::PERIOD, &[]);
        in_sheet(&CONVENTIONS, "signature.", keys::SIGNATURE, &[]);
        in_sheet(
            &CONVENTIONS,
            "caf.",
            keys::CAF,
            &["deliberation", "signatories"],
        );
        in_sheet(&CONVENTIONS, "caf.deliberation.", keys::DELIBERATION, &[]);
        in_sheet(
            &PARTNERS,
            "",
            keys::PARTNER,
            &["deliberation", "signatories"],
        );
        in_sheet(&PARTNERS, "deliberation.", keys::DELIBERATION, &[]);
        in_sheet(&SIGNATORIES, "", keys::SIGNATORY, &[]);
        in_sheet(&AXES, "", keys::AXIS, &["actions"]);
        in_sheet(&ACTIONS, "", keys::FICHE, &[]);
        in_sheet(&FUNDING, "", keys::FUNDING_LINE, &["amounts"]);
    }
}
