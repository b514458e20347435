//! What the form shows of a convention: each value of the file under its key path, as a field
//! shows it (amounts the French way, « 27 840,00 »; dates `2024-01-01`; names of a list as
//! written), each list's length under its own path, walked through the format's definition.
//! The page builds its form from `GET /api/format` and fills it from these: it knows no key
//! of the format and parses no value; the funding's totals are summed here too.

use serde_json::{Map, Value, json};

use super::answers::{LineTotal, Totals, YearTotal};
use crate::format::fields::{self, Shape, Table};
use crate::format::{Loaded, Plain, View};
use crate::model::{Convention, KeyPath};

/// The form's values of a convention, by key path (`partners[1].signatories[2].name`). A
/// name of a list the file does not give validly (`kind = ""`) is left out: the convention
/// holds its default, which the file does not say, and the form shows « — à choisir — ».
pub fn values(loaded: &Loaded, text: &str) -> Map<String, Value> {
    let refused: Vec<String> = (loaded.diagnostics.iter())
        .filter(|d| d.is_error())
        .filter_map(|d| d.key.as_ref().map(ToString::to_string))
        .collect();
    let mut out = Map::new();
    let c = &loaded.convention;
    walk(c, &fields::CONVENTION, &KeyPath::root(), &refused, &mut out);
    // A value refused (« 1 234,567 », `copies = -2`) is shown as the file writes it, next to
    // why, not blank (walk 37: « -2 » saved, then an empty field under its error).
    for key in refused {
        if !out.contains_key(&key)
            && let Some(written) = written(text, &key)
        {
            out.insert(key, written.into());
        }
    }
    out
}

/// Whether the file gives `key` another value than `was`, the one the page showed when the
/// person began to change it: another tab or person changed that field meanwhile — even if
/// the page has read the newer version since, the person typing over it unaware.
pub fn changed_under(source: &crate::format::Source, key: &str, was: Option<&str>) -> bool {
    let Some(was) = was else { return false };
    let loaded = crate::pipeline::load(source);
    let now = match values(&loaded, &source.text).remove(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text,
        // A list or a table is not one field's text: not compared.
        Some(Value::Array(_) | Value::Object(_)) => return false,
        Some(other) => other.to_string(),
    };
    now != was
}

/// The document's number of each annex of the file, as render numbers them; none while the
/// file has errors, when there is no document to number them.
pub fn annex_numbers(loaded: &Loaded) -> std::collections::BTreeMap<String, usize> {
    match loaded.is_valid() {
        true => crate::render::annex_numbers(&loaded.convention),
        false => Default::default(),
    }
}

/// The value at `path` as the file writes it (a string's text), when it is one.
fn written(text: &str, path: &str) -> Option<String> {
    let mut document: toml_edit::DocumentMut = text.parse().ok()?;
    let value = super::edit::walk(&mut document, &super::edit::steps(path)?, false)?.as_value()?;
    // One field's text: a list or a table is no such thing.
    if value.is_array() || value.is_inline_table() {
        return None;
    }
    Some(match value.as_str() {
        Some(text) => text.to_string(),
        None => value.to_string().trim().to_string(),
    })
}

/// The years the funding table has a column for: the period's, and any other a line gives.
/// A period still missing a date (a new convention's, held as year 0) gives none: no
/// field « 0 ».
pub fn years(c: &Convention) -> Vec<i32> {
    let given = c.period.start.year > 0 && c.period.end.year > 0;
    let mut years: Vec<i32> = (c.period.years().take(10)).filter(|_| given).collect();
    years.extend(c.funding.iter().flat_map(|l| l.amounts.keys().copied()));
    years.sort_unstable();
    years.dedup();
    years
}

/// An amount as a field shows it: « 27 840,00 », ordinary spaces between thousands.
pub fn amount_text(amount: crate::model::Money) -> String {
    let shown = crate::french::money(amount.value());
    shown
        .trim_end_matches('€')
        .trim_end()
        .replace(['\u{a0}', '\u{202f}'], " ")
}

fn walk(
    view: &dyn View,
    table: &'static Table,
    at: &KeyPath,
    refused: &[String],
    out: &mut Map<String, Value>,
) {
    for field in table.fields {
        let path = at.key(field.name);
        let key = path.to_string();
        match view.plain(field.name) {
            Plain::None => {}
            Plain::Text(text) => drop(out.insert(key, text.into())),
            Plain::Date(date) => drop(out.insert(key, date.to_string().into())),
            Plain::Integer(n) => drop(out.insert(key, n.into())),
            Plain::Amount(amount) => drop(out.insert(key, amount_text(amount).into())),
            Plain::Choice(_, _) if refused.contains(&key) => {}
            Plain::Choice(value, _) => drop(out.insert(key, value.into())),
            Plain::Lines(items) => {
                out.insert(key, items.len().into());
                for (i, item) in items.iter().enumerate() {
                    out.insert(path.item(i).to_string(), item.as_str().into());
                }
            }
            Plain::Domains(domains) => {
                let written: Vec<Value> = (domains.iter())
                    .map(|d| match &d.label {
                        Some(label) => json!({ "autre": label }),
                        None => d.domain.as_str().into(),
                    })
                    .collect();
                out.insert(key, written.into());
            }
            Plain::Table(inner) => {
                if let Some(definition) = field.table() {
                    walk(inner, definition, &path, refused, out);
                }
            }
            Plain::Items(items) => {
                out.insert(key, items.len().into());
                let definition = match field.shape {
                    Shape::Actions => &fields::FICHE,
                    _ => field.table().unwrap_or(&fields::FICHE),
                };
                for (i, item) in items.into_iter().enumerate() {
                    let item_path = path.item(i);
                    match item.is_table() {
                        true => walk(item, definition, &item_path, refused, out),
                        // An action that is a line: its text is the item's.
                        false => {
                            if let Plain::Text(title) = item.plain("title") {
                                out.insert(item_path.to_string(), title.into());
                            }
                        }
                    }
                }
            }
            Plain::Amounts(amounts) => {
                for (year, amount) in amounts {
                    out.insert(
                        path.key(&year.to_string()).to_string(),
                        amount_text(*amount).into(),
                    );
                }
            }
        }
    }
}

/// The funding's totals as the page shows them, computed exactly here (the page parses no
/// amount): each line's (`funding[1]`), each year's, and the whole.
pub fn totals(c: &Convention) -> Totals {
    use rust_decimal::Decimal;
    let money = |sum: Decimal| crate::french::money(sum);
    let mut years: std::collections::BTreeMap<i32, Decimal> = Default::default();
    let lines: Vec<_> = (c.funding.iter().enumerate())
        .map(|(i, line)| {
            let mut sum = Decimal::ZERO;
            for (year, amount) in &line.amounts {
                sum += amount.value();
                *years.entry(*year).or_default() += amount.value();
            }
            let line = format!("funding[{}]", i + 1);
            LineTotal {
                line,
                total: money(sum),
            }
        })
        .collect();
    let all: Decimal = years.values().sum();
    let years: Vec<_> = (years.into_iter())
        .map(|(year, sum)| YearTotal {
            year,
            total: money(sum),
        })
        .collect();
    Totals {
        lines,
        years,
        all: money(all),
    }
}
