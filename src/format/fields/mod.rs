//! The one definition of the format: every table, every key of it, what the key holds, whether
//! it must be given, its label and its help in French and in English. The reader, the writer,
//! the JSON Schema, the workbook's columns, the workspace's form (`GET /api/format`) and the
//! names messages give to keys all come from here.

mod clauses;
mod definitions;

pub use clauses::*;
pub use definitions::*;

use crate::model::{Choice, Domain, KeyPath};

/// A text in both languages of convgen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Words {
    pub fr: &'static str,
    pub en: &'static str,
}

const fn w(fr: &'static str, en: &'static str) -> Words {
    Words { fr, en }
}

impl Words {
    /// The text in `lang`.
    pub fn of(self, lang: crate::i18n::Lang) -> &'static str {
        match lang {
            crate::i18n::Lang::Fr => self.fr,
            crate::i18n::Lang::En => self.en,
        }
    }
}

/// What a key holds, and so how it is read, written, checked, put in a cell and edited.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// One line of text: a name, a role, an address.
    Line,
    /// Text that may run over several lines.
    Text,
    /// A reference, which names files: letters without accents, digits, `.`, `_`, `-`.
    Reference,
    /// A SIREN: nine digits, the last a Luhn check digit.
    Siren,
    /// An e-mail address.
    Email,
    /// A day: a TOML date without time.
    Date,
    /// An amount in euros, exact to the cent.
    Amount,
    /// A whole number within bounds.
    Count { min: i64, max: i64 },
    /// One name of a closed list.
    Choice(&'static [Choice]),
    /// A table under its own header (`[period]`).
    Table(&'static Table),
    /// A table written on one line (`deliberation = { … }`).
    Inline(&'static Table),
    /// An array of tables (`[[partners]]`).
    Tables(&'static Table),
    /// An array of lines of text.
    Lines,
    /// An axis's fields: names of the list, or `{ autre = "…" }`.
    Domains,
    /// An axis's actions: lines of text, or tables with their fiche.
    Actions,
    /// A funding line's amounts, year by year (`{ 2024 = 12000 }`).
    Amounts,
}

/// A key of a table.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
    /// How a form and a message name it: « SIREN », « Siège ».
    pub label: Words,
    pub help: Words,
    /// For a list, what its « add » button says: « Ajouter un partenaire ».
    pub add: Words,
}

const fn key(name: &'static str, shape: Shape, required: bool, label: Words) -> Field {
    let (help, add) = (w("", ""), w("", ""));
    Field {
        name,
        shape,
        required,
        label,
        help,
        add,
    }
}

const fn required(name: &'static str, shape: Shape, label: Words) -> Field {
    key(name, shape, true, label)
}

const fn optional(name: &'static str, shape: Shape, label: Words) -> Field {
    key(name, shape, false, label)
}

impl Field {
    const fn help(mut self, fr: &'static str, en: &'static str) -> Field {
        self.help = w(fr, en);
        self
    }

    const fn add(mut self, fr: &'static str, en: &'static str) -> Field {
        self.add = w(fr, en);
        self
    }

    /// The table this key holds, when it holds tables.
    pub fn table(&self) -> Option<&'static Table> {
        match self.shape {
            Shape::Table(t) | Shape::Inline(t) | Shape::Tables(t) => Some(t),
            _ => None,
        }
    }
}

/// A table of the format: its keys in the order files write them.
#[derive(Debug)]
pub struct Table {
    /// Its name in the JSON Schema's definitions.
    pub name: &'static str,
    /// How a message names one item of a list of it: « ligne » (« Financements, ligne 2 »).
    pub item: Words,
    /// How one of it is named: « Partenaire », « Ligne de financement ».
    pub label: Words,
    pub help: Words,
    pub fields: &'static [Field],
}

impl Table {
    /// The key `name`; every key the code reads is one of the table's (a test reads them all).
    pub fn field(&self, name: &str) -> &'static Field
    where
        Self: 'static,
    {
        let fields: &'static [Field] = self.fields;
        (fields.iter().find(|f| f.name == name))
            .unwrap_or_else(|| panic!("`{name}` is not a key of the format's table"))
    }

    /// Whether `name` is a key of the table.
    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }

    /// The names of its keys.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

/// Whether `name` must be given in `table`.
pub fn is_required(table: &Table, name: &str) -> bool {
    table.fields.iter().any(|f| f.name == name && f.required)
}

/// The keys only an avenant has (an avenant must give them all).
pub const AVENANT: &[&str] = &["base", "number", "previous"];

/// The keys only an avenant may give, beyond those it must.
pub const AVENANT_OPTIONAL: &[&str] = &["effective", "reason", "amended_by"];

/// The domains, for the shape [`Shape::Domains`].
pub const DOMAINS: &[Choice] = Domain::CHOICES;

/// Every table, by where it stands (`partners[].deliberation`: in every item of `partners`).
pub fn tables() -> Vec<(String, &'static Table)> {
    fn walk(path: &str, table: &'static Table, out: &mut Vec<(String, &'static Table)>) {
        out.push((path.to_string(), table));
        for field in table.fields {
            let inner = match field.shape {
                Shape::Actions => &FICHE,
                _ => match field.table() {
                    Some(inner) => inner,
                    None => continue,
                },
            };
            let join = if path.is_empty() { "" } else { "." };
            let item = match field.shape {
                Shape::Tables(_) | Shape::Actions => "[]",
                _ => "",
            };
            walk(&format!("{path}{join}{}{item}", field.name), inner, out);
        }
    }
    let mut out = Vec::new();
    walk("", &CONVENTION, &mut out);
    out
}

/// The key at `path` (`partners[2].deliberation.date`), and the label of each step to it:
/// « Partenaires, 2, Délibération, Date ».
pub fn at(path: &KeyPath) -> Option<(&'static Field, Vec<Step>)> {
    let mut table: &'static Table = &CONVENTION;
    let mut steps = Vec::new();
    let mut found = None;
    for part in path.parts() {
        let field = table.fields.iter().find(|f| f.name == part.key)?;
        steps.push(Step {
            field,
            item: part.item,
        });
        found = Some(field);
        match field.table() {
            Some(inner) => table = inner,
            None if field.name == "actions" => table = &FICHE,
            None => break,
        }
    }
    Some((found?, steps))
}

/// One step of a key path: the key, and the item of its list when it names one.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    pub field: &'static Field,
    pub item: Option<usize>,
}
