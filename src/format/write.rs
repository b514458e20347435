//! A convention written back as TOML, in the contract's layout: stable (the same convention
//! always gives the same text), exact (amounts as decimal strings) and readable. What goes
//! where comes from the format's definition (`fields`); this is only how it is laid out.

use std::fmt::Write as _;

use super::fields::{Field, Shape};
use super::record::{Record, write_convention, write_fiche};
use crate::model::*;

/// A TOML basic string holding exactly `text`.
pub(super) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text written so far: lines, or, for a table written on one line, its pairs.
pub(super) struct Writer {
    out: String,
    /// The keys of the table being written, from the top (`previous`, `partners`).
    path: Vec<&'static str>,
    /// Pairs of an inline table, when writing one.
    inline: Option<Vec<String>>,
    /// For each table being written, from the top: where its first sub-table starts, once
    /// one is written. A key given after it (an empty list of tables, `clauses = []`) goes
    /// there: below a sub-table's header, TOML would read it as the sub-table's.
    tables: Vec<Option<usize>>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            out: String::new(),
            path: Vec::new(),
            inline: None,
            tables: vec![None],
        }
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// `key = value`, `value` already TOML.
    pub fn pair(&mut self, key: &str, value: String) {
        let line = format!("{key} = {value}\n");
        match (&mut self.inline, self.tables.last_mut()) {
            (Some(pairs), _) => pairs.push(line.trim_end().to_string()),
            (None, Some(Some(start))) => {
                self.out.insert_str(*start, &line);
                *start += line.len();
            }
            (None, _) => self.out.push_str(&line),
        }
    }

    /// Opens a sub-table of the current table: marks where the current table's sub-tables
    /// start, then writes the sub-table's fields.
    fn sub_table(&mut self, name: &'static str, write: impl FnOnce(&mut Writer)) {
        self.path.push(name);
        self.tables.push(None);
        write(self);
        self.tables.pop();
        self.path.pop();
    }

    /// Marks, before its first sub-table's header (or note), where the current table's
    /// sub-tables start.
    fn mark_sub_tables(&mut self) {
        if let Some(start @ None) = self.tables.last_mut() {
            *start = Some(self.out.len());
        }
    }

    pub fn string(&mut self, key: &str, text: &str) {
        self.pair(key, quoted(text));
    }

    /// A table's header below the current one: `[[previous.partners]]`.
    fn header(&mut self, open: &str, name: &str, close: &str) {
        self.line("");
        let mut path = self.path.join(".");
        if !path.is_empty() {
            path.push('.');
        }
        self.line(&format!("{open}{path}{name}{close}"));
    }

    /// `t`, the value of `field`: under its own header, as an item of an array of tables, or
    /// on one line, as the field's shape says.
    pub fn record<T: Record>(&mut self, field: &'static Field, t: &T) {
        match field.shape {
            Shape::Inline(_) => {
                let pairs = self.inline_pairs(|w| t.write_fields(w));
                self.pair(field.name, format!("{{ {} }}", pairs.join(", ")));
            }
            shape => {
                self.mark_sub_tables();
                for note in table_note(field) {
                    self.line(note);
                }
                let array = matches!(shape, Shape::Tables(_));
                let (open, close) = if array { ("[[", "]]") } else { ("[", "]") };
                if table_note(field).is_empty() {
                    self.header(open, field.name, close);
                } else {
                    let path = self.path.join(".");
                    let dot = if path.is_empty() { "" } else { "." };
                    self.line(&format!("{open}{path}{dot}{}{close}", field.name));
                }
                self.sub_table(field.name, |w| t.write_fields(w));
            }
        }
    }

    /// The pairs `write` gives, as an inline table's.
    fn inline_pairs(&mut self, write: impl FnOnce(&mut Writer)) -> Vec<String> {
        let outer = self.inline.replace(Vec::new());
        write(self);
        std::mem::replace(&mut self.inline, outer).unwrap_or_default()
    }

    /// An axis's actions: one `[[axes.actions]]` table each when every one has its fiche,
    /// as a jurist writes them; else an array of lines and inline fiches.
    pub fn actions(&mut self, field: &'static Field, actions: &[Action]) {
        if !actions.is_empty() && actions.iter().all(|a| a.fiche.is_some()) {
            self.mark_sub_tables();
            for action in actions {
                self.header("[[", field.name, "]]");
                self.sub_table(field.name, |w| write_fiche(w, action));
            }
        } else if actions.is_empty() {
            self.pair(field.name, "[]".to_string());
        } else {
            let mut list = "[\n".to_string();
            for action in actions {
                let value = match action.fiche {
                    None => quoted(&action.title),
                    Some(_) => {
                        let pairs = self.inline_pairs(|w| write_fiche(w, action));
                        format!("{{ {} }}", pairs.join(", "))
                    }
                };
                let _ = writeln!(list, "  {value},");
            }
            list.push(']');
            self.pair(field.name, list);
        }
    }
}

/// The comment written before a table: an avenant's `[previous]` says what it holds.
fn table_note(field: &Field) -> &'static [&'static str] {
    match field.name {
        "previous" => &[
            "",
            "# La convention telle qu'elle était avant l'avenant : seules les parties qu'il modifie ;",
            "# ce qui ne figure pas ci-dessous est inchangé.",
        ],
        _ => &[],
    }
}

impl Convention {
    /// The convention as a TOML file that the reader reads back to the same convention.
    pub fn to_toml(&self) -> String {
        let mut w = Writer::new();
        write_convention(self, &mut w);
        w.out
    }

    /// The TOML a PDF carries to the parties: the convention as the writer gives it (no
    /// comment of the author's file), without the signatories' e-mail addresses, personal
    /// data the parties do not need; `diff` and `avenant` read it back all the same.
    pub fn to_shared_toml(&self) -> String {
        self.without_emails().to_toml()
    }
}
