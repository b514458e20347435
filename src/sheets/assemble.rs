//! One convention's rows assembled into a TOML document, each key's cell recorded: partners
//! in signing order with their signatories, the Caf's signatories, the axes in order with
//! their actions, the funding lines with their years.

use std::collections::BTreeMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::book::Cell;
use super::cells::Place;
use super::import::{Header, Parts, Row, put};
use super::layout::{self, Sheet};
use crate::i18n::Message;
use crate::model::KeyPath;

/// The document being assembled, where each key came from, and what could not be placed.
#[derive(Default)]
pub struct Assembly {
    pub document: DocumentMut,
    pub places: BTreeMap<String, Place>,
    pub problems: Vec<(Option<Place>, Message)>,
}

impl Assembly {
    /// Fills the document from the rows of one convention.
    pub fn convention(&mut self, parts: &Parts<'_, '_>) {
        let row = parts.convention;
        let root = KeyPath::root();
        self.places
            .insert(root.to_string(), row.get("reference").1.clone());
        let mut top = Table::new();
        self.columns(
            &mut top,
            &root,
            row,
            layout::sheet(layout::CONVENTIONS),
            &[],
        );
        let (caf, partners): (Vec<_>, Vec<_>) =
            (parts.signatories.iter()).partition(|s| s.text("party").eq_ignore_ascii_case("caf"));
        let caf_signatories = self.signatories(&root.key("caf"), &caf);
        if let Some(caf) = top
            .entry("caf")
            .or_insert(Item::Table(Table::new()))
            .as_table_mut()
        {
            caf.insert("signatories", Item::ArrayOfTables(caf_signatories));
        }
        let mut list = ArrayOfTables::new();
        let ordered = self.ordered(&parts.partners, "number");
        for (index, (number, partner)) in ordered.iter().enumerate() {
            let path = root.key("partners").item(index);
            let mut table = Table::new();
            self.columns(
                &mut table,
                &path,
                partner,
                layout::sheet(layout::PARTNERS),
                &["number"],
            );
            let own: Vec<&Row<'_>> = (partners.iter().copied())
                .filter(|s| s.text("party") == number.to_string())
                .collect();
            table.insert(
                "signatories",
                Item::ArrayOfTables(self.signatories(&path, &own)),
            );
            list.push(table);
        }
        for orphan in partners.iter().filter(|s| {
            !ordered
                .iter()
                .any(|(n, _)| s.text("party") == n.to_string())
        }) {
            self.problems
                .push((Some(orphan.get("party").1), Message::PartyIsCafOrNumber));
        }
        top.insert("partners", Item::ArrayOfTables(list));
        top.insert("axes", Item::ArrayOfTables(self.axes(parts)));
        if !parts.funding.is_empty() {
            top.insert("funding", Item::ArrayOfTables(self.funding(&parts.funding)));
        }
        if !parts.articles.is_empty() {
            top.insert("clauses", Item::ArrayOfTables(self.clauses(parts)));
        }
        if !parts.appendices.is_empty() {
            let mut list = ArrayOfTables::new();
            for (index, row) in parts.appendices.iter().enumerate() {
                let path = KeyPath::top("annexes").item(index);
                let mut table = Table::new();
                let sheet = layout::sheet(layout::APPENDICES);
                self.columns(&mut table, &path, row, sheet, &[]);
                list.push(table);
            }
            top.insert("annexes", Item::ArrayOfTables(list));
        }
        *self.document.as_table_mut() = top;
    }

    /// The cells of a row under `path`, but for the columns that link rows.
    fn columns(
        &mut self,
        table: &mut Table,
        path: &KeyPath,
        row: &Row<'_>,
        sheet: &Sheet,
        skip: &[&str],
    ) {
        // The columns that link a row to its convention and party are not keys of their own.
        let links: &[&str] = match sheet.name {
            "conventions" => &[],
            _ => &["reference", "party"],
        };
        let keys =
            (sheet.columns.iter()).filter(|c| !links.contains(&c.name) && !skip.contains(&c.name));
        for column in keys {
            put(
                table,
                path,
                row,
                column.name,
                &mut self.places,
                &mut self.problems,
            );
        }
        self.places.insert(path.to_string(), row.get("reference").1);
    }

    fn signatories(&mut self, party: &KeyPath, rows: &[&Row<'_>]) -> ArrayOfTables {
        let mut list = ArrayOfTables::new();
        for (index, row) in rows.iter().enumerate() {
            let path = party.key("signatories").item(index);
            let mut table = Table::new();
            self.columns(
                &mut table,
                &path,
                row,
                layout::sheet(layout::SIGNATORIES),
                &[],
            );
            list.push(table);
        }
        list
    }

    /// Rows in the order of their `column` (signing order, axis number); a row without a
    /// whole number there, or with one another row has, is a problem.
    fn ordered<'r, 'b>(&mut self, rows: &[&'r Row<'b>], column: &str) -> Vec<(i64, &'r Row<'b>)> {
        let mut ordered: Vec<(i64, &Row<'_>)> = Vec::new();
        for row in rows {
            let (cell, place) = row.get(column);
            let number = match cell {
                Some(Cell::Number(n)) if n.fract() == 0.0 && *n >= 1.0 && *n < 1e9 => {
                    Some(*n as i64)
                }
                Some(Cell::Text(t)) => t.trim().parse::<i64>().ok().filter(|n| *n >= 1),
                _ => None,
            };
            match number {
                Some(n) if ordered.iter().any(|(m, _)| *m == n) => {
                    let message = Message::NumberGivenTwice {
                        column: column.into(),
                        number: n,
                    };
                    self.problems.push((Some(place), message));
                }
                Some(n) => ordered.push((n, row)),
                None => {
                    let message = Message::NumberIsTheOrder {
                        column: column.into(),
                    };
                    self.problems.push((Some(place), message));
                }
            }
        }
        ordered.sort_by_key(|(n, _)| *n);
        ordered
    }

    fn axes(&mut self, parts: &Parts<'_, '_>) -> ArrayOfTables {
        let mut list = ArrayOfTables::new();
        let ordered = self.ordered(&parts.axes, "number");
        for (index, (number, axis)) in ordered.iter().enumerate() {
            let path = KeyPath::top("axes").item(index);
            let mut table = Table::new();
            self.columns(
                &mut table,
                &path,
                axis,
                layout::sheet(layout::AXES),
                &["number"],
            );
            let own = (parts.actions.iter()).filter(|a| a.text("axis") == number.to_string());
            let mut actions = Array::new();
            for (j, action) in own.enumerate() {
                actions.push_formatted(self.action(&path.key("actions").item(j), action));
            }
            table.insert("actions", Item::Value(Value::Array(actions)));
            list.push(table);
        }
        for orphan in parts
            .actions
            .iter()
            .filter(|a| !ordered.iter().any(|(n, _)| a.text("axis") == n.to_string()))
        {
            self.problems
                .push((Some(orphan.get("axis").1), Message::AxisIsANumber));
        }
        list
    }

    /// The free articles in the order of their number, each with its sub-articles.
    fn clauses(&mut self, parts: &Parts<'_, '_>) -> ArrayOfTables {
        let mut list = ArrayOfTables::new();
        let ordered = self.ordered(&parts.articles, "number");
        for (index, (number, article)) in ordered.iter().enumerate() {
            let path = KeyPath::top("clauses").item(index);
            let mut table = Table::new();
            let sheet = layout::sheet(layout::ARTICLES);
            self.columns(&mut table, &path, article, sheet, &["number"]);
            let own = (parts.sections.iter()).filter(|s| s.text("article") == number.to_string());
            let mut sections = ArrayOfTables::new();
            for (j, row) in own.enumerate() {
                let mut section = Table::new();
                let sheet = layout::sheet(layout::SECTIONS);
                let at = path.key("sections").item(j);
                self.columns(&mut section, &at, row, sheet, &["article"]);
                sections.push(section);
            }
            if !sections.is_empty() {
                table.insert("sections", Item::ArrayOfTables(sections));
            }
            list.push(table);
        }
        let numbers: Vec<String> = ordered.iter().map(|(n, _)| n.to_string()).collect();
        for orphan in (parts.sections.iter()).filter(|s| !numbers.contains(&s.text("article"))) {
            let message = Message::ArticleIsANumber;
            self.problems.push((Some(orphan.get("article").1), message));
        }
        list
    }

    /// An action: its title, or its fiche when a fiche column has something.
    fn action(&mut self, path: &KeyPath, row: &Row<'_>) -> Value {
        let mut table = Table::new();
        self.columns(
            &mut table,
            path,
            row,
            layout::sheet(layout::ACTIONS),
            &["axis"],
        );
        self.places.insert(path.to_string(), row.get("title").1);
        match table.get("title").and_then(Item::as_value) {
            Some(title) if table.len() == 1 => title.clone(),
            _ => Value::InlineTable(table.into_inline_table()),
        }
    }

    fn funding(&mut self, rows: &[&Row<'_>]) -> ArrayOfTables {
        let mut list = ArrayOfTables::new();
        for (index, row) in rows.iter().enumerate() {
            let path = KeyPath::top("funding").item(index);
            let mut table = Table::new();
            self.columns(&mut table, &path, row, layout::sheet(layout::FUNDING), &[]);
            let mut amounts = Table::new();
            for (header, _, _) in &row.cells {
                if let Header::Year(year) = header {
                    let year = year.to_string();
                    let (places, problems) = (&mut self.places, &mut self.problems);
                    put(
                        &mut amounts,
                        &path.key("amounts"),
                        row,
                        &year,
                        places,
                        problems,
                    );
                }
            }
            table.insert(
                "amounts",
                Item::Value(Value::InlineTable(amounts.into_inline_table())),
            );
            list.push(table);
        }
        list
    }
}
