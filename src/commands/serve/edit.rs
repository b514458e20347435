//! A form edit: one value of a file set in place with toml_edit, everything else — comments,
//! order, layout — left as the user wrote it.

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Value};

use crate::model::Date;

/// Why an edit cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("le fichier n’est pas du TOML valide : corrigez d’abord sa source ({0})")]
    Toml(#[from] toml_edit::TomlError),
    #[error("pas de « {0} » dans le fichier")]
    NoSuchKey(String),
    #[error("« {0} » n’est pas un chemin de clé (`partners[2].signatories[1].name`)")]
    BadPath(String),
    #[error("valeur impossible pour « {0} »")]
    BadValue(String),
}

/// The keys whose text is a date (`2024-01-01`), written as TOML dates.
const DATE_KEYS: [&str; 3] = ["start", "end", "date"];

/// One step of a key path: a key, and the 1-based item of the array under it.
fn steps(path: &str) -> Option<Vec<(&str, Option<usize>)>> {
    path.split('.')
        .map(|part| {
            let (key, index) = match part.split_once('[') {
                Some((key, rest)) => {
                    let index = rest
                        .strip_suffix(']')?
                        .parse::<usize>()
                        .ok()
                        .filter(|&i| i > 0)?;
                    (key, Some(index))
                }
                None => (part, None),
            };
            (!key.is_empty()).then_some((key, index))
        })
        .collect()
}

/// `text` with the value at `path` (`partners[2].signatories[1].name`, 1-based as messages
/// print them) set to `value`, or removed when `value` is null.
pub fn set(text: &str, path: &str, value: &Json) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse()?;
    let (parents, (last, last_index)) = split(path)?;
    let missing = || EditError::NoSuchKey(path.to_string());
    let item = walk(&mut document, &parents).ok_or_else(missing)?;
    let new = || to_toml(last, value).ok_or_else(|| EditError::BadValue(path.to_string()));
    if let Some(index) = last_index {
        let array = child(item, last).ok_or_else(missing)?;
        replace(array.get_mut(index - 1).ok_or_else(missing)?, new()?);
        return Ok(document.to_string());
    }
    if value.is_null() {
        match item {
            Item::Table(table) => drop(table.remove(last)),
            Item::Value(Value::InlineTable(table)) => drop(table.remove(last)),
            _ => return Err(missing()),
        }
        return Ok(document.to_string());
    }
    match child(item, last) {
        Some(slot) => replace(slot, new()?),
        // Only a key of the format is added: a year of `amounts`, or a key of some table.
        None if !is_format_key(last) => return Err(missing()),
        None => match item {
            Item::Table(table) => drop(table.insert(last, Item::Value(new()?))),
            Item::Value(Value::InlineTable(table)) => drop(table.insert(last, new()?)),
            _ => return Err(missing()),
        },
    }
    Ok(document.to_string())
}

/// `text` with a new, blank item at the end of the list at `path` (`partners`,
/// `axes[1].actions`…), and the path of that item: the page shows its fields, and the
/// checker says which of them are still to fill in.
pub fn append(text: &str, path: &str) -> Result<(String, String), EditError> {
    let mut document: DocumentMut = text.parse()?;
    let years = period_years(&document);
    let (parents, (last, last_index)) = split(path)?;
    let missing = || EditError::NoSuchKey(path.to_string());
    let shape = shape(path).filter(|_| last_index.is_none());
    let shape = shape.ok_or_else(|| EditError::BadPath(path.to_string()))?;
    let parent = walk(&mut document, &parents).ok_or_else(missing)?;
    if child(parent, last).is_none() {
        let empty = match shape {
            Blank::Text => Item::Value(Value::Array(toml_edit::Array::new())),
            Blank::Table(_) => Item::ArrayOfTables(toml_edit::ArrayOfTables::new()),
        };
        let table = parent.as_table_like_mut().ok_or_else(missing)?;
        table.insert(last, empty);
    }
    let list = child(parent, last).ok_or_else(missing)?;
    let count = match (list, shape) {
        (Item::ArrayOfTables(tables), Blank::Table(blank)) => {
            tables.push(blank(&years));
            tables.len()
        }
        (Item::ArrayOfTables(tables), Blank::Text) => {
            let mut table = toml_edit::Table::new();
            table.insert("title", toml_edit::value(""));
            tables.push(table);
            tables.len()
        }
        (Item::Value(Value::Array(array)), shape) => {
            let mut item = match shape {
                Blank::Text => Value::from(""),
                Blank::Table(blank) => Value::InlineTable(blank(&years).into_inline_table()),
            };
            // One item a line when the list is written so.
            let prefix = array
                .iter()
                .last()
                .and_then(|v| v.decor().prefix()?.as_str());
            if let Some((_, indent)) = prefix.and_then(|p| p.rsplit_once('\n')) {
                item.decor_mut().set_prefix(format!("\n{indent}"));
            }
            array.push_formatted(item);
            array.len()
        }
        _ => return Err(EditError::BadPath(path.to_string())),
    };
    Ok((document.to_string(), format!("{path}[{count}]")))
}

/// `text` without the item at `path` (`partners[2]`, `axes[1].actions[3]`).
pub fn remove(text: &str, path: &str) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse()?;
    let (parents, (last, last_index)) = split(path)?;
    let missing = || EditError::NoSuchKey(path.to_string());
    let index = last_index.ok_or_else(|| EditError::BadPath(path.to_string()))? - 1;
    let parent = walk(&mut document, &parents).ok_or_else(missing)?;
    match child(parent, last).ok_or_else(missing)? {
        Item::ArrayOfTables(tables) if index < tables.len() => drop(tables.remove(index)),
        Item::Value(Value::Array(array)) if index < array.len() => drop(array.remove(index)),
        _ => return Err(missing()),
    }
    Ok(document.to_string())
}

type Step<'a> = (&'a str, Option<usize>);

/// A path's steps: those that lead to the last one's table, and the last.
fn split(path: &str) -> Result<(Vec<Step<'_>>, Step<'_>), EditError> {
    let mut steps = steps(path).ok_or_else(|| EditError::BadPath(path.to_string()))?;
    let last = steps
        .pop()
        .ok_or_else(|| EditError::BadPath(path.to_string()))?;
    Ok((steps, last))
}

/// The item the steps lead to, when the file has it.
fn walk<'a>(document: &'a mut DocumentMut, steps: &[Step<'_>]) -> Option<&'a mut Item> {
    let mut item: &mut Item = document.as_item_mut();
    for (key, index) in steps {
        item = child(item, key)?;
        if let Some(index) = index {
            item = item.get_mut(index - 1)?;
        }
    }
    Some(item)
}

/// What a new item of a list is.
#[derive(Clone, Copy)]
enum Blank {
    /// A line of text.
    Text,
    /// A table with the required keys, empty, for the checker to point at.
    Table(fn(&[i32]) -> toml_edit::Table),
}

/// The new item of each list of the format, by its path without indexes.
fn shape(path: &str) -> Option<Blank> {
    let mut bare = String::new();
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => bare.push(c),
            _ => {}
        }
    }
    Some(match bare.as_str() {
        "caf.signatories" | "partners.signatories" => Blank::Table(|_| signatory()),
        "partners" => Blank::Table(|_| {
            let mut partner = table(&[("kind", "commune"), ("name", "")]);
            let mut signatories = toml_edit::ArrayOfTables::new();
            signatories.push(signatory());
            partner.insert("signatories", Item::ArrayOfTables(signatories));
            partner
        }),
        "axes" => Blank::Table(|_| {
            let mut axis = table(&[("title", "")]);
            axis.insert("domains", toml_edit::value(toml_edit::Array::new()));
            axis.insert("actions", toml_edit::value(toml_edit::Array::new()));
            axis
        }),
        "funding" => Blank::Table(|years| {
            let mut line = table(&[("label", ""), ("funder", "caf"), ("kind", "autre")]);
            let mut amounts = toml_edit::InlineTable::new();
            for year in years {
                amounts.insert(year.to_string(), Value::from(0));
            }
            line.insert("amounts", toml_edit::value(amounts));
            line
        }),
        "axes.actions"
        | "axes.actions.objectives"
        | "axes.actions.partners"
        | "axes.actions.indicators" => Blank::Text,
        _ => return None,
    })
}

fn table(pairs: &[(&str, &str)]) -> toml_edit::Table {
    let mut table = toml_edit::Table::new();
    for (key, value) in pairs {
        table.insert(key, toml_edit::value(*value));
    }
    table
}

fn signatory() -> toml_edit::Table {
    table(&[("name", ""), ("role", "")])
}

/// The years of the file's period, for a new funding line's amounts.
fn period_years(document: &DocumentMut) -> Vec<i32> {
    let year = |key: &str| {
        let date = document.get("period")?.get(key)?.as_datetime()?.date?;
        Some(i32::from(date.year))
    };
    match (year("start"), year("end")) {
        (Some(start), Some(end)) if start <= end && end - start < 10 => (start..=end).collect(),
        _ => Vec::new(),
    }
}

/// The item under `key`, when the file has one (toml_edit's `get_mut` would add an empty one).
fn child<'a>(item: &'a mut Item, key: &str) -> Option<&'a mut Item> {
    if item.get(key).is_none_or(Item::is_none) {
        return None;
    }
    item.get_mut(key)
}

/// Whether `key` may stand in a convention file: a key of one of its tables, or a year.
fn is_format_key(key: &str) -> bool {
    let year = key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit());
    use crate::format::fields;
    let tables = fields::tables().into_iter().map(|(_, table)| table);
    let known = (tables.chain([&fields::OTHER_DOMAIN, &fields::FICHE])).any(|t| t.has(key));
    year || known
}

/// Puts `new` in the place of a value, keeping the spaces and comment around it.
fn replace(slot: &mut Item, mut new: Value) {
    if let Item::Value(old) = slot {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
}

/// A form's value as TOML: dates for the date keys, numbers as numbers, text as strings,
/// lists as arrays and objects as inline tables (`domains = ["enfance", { autre = "…" }]`).
fn to_toml(key: &str, value: &Json) -> Option<Value> {
    match value {
        Json::String(text) if DATE_KEYS.contains(&key) && Date::parse(text).is_some() => {
            text.parse::<toml_edit::Datetime>().ok().map(Value::from)
        }
        Json::String(text) => Some(Value::from(text.as_str())),
        Json::Number(n) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_f64().map(Value::from)),
        Json::Bool(b) => Some(Value::from(*b)),
        Json::Array(items) => {
            let values = items.iter().map(|v| to_toml(key, v));
            Some(Value::Array(values.collect::<Option<toml_edit::Array>>()?))
        }
        Json::Object(map) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in map {
                table.insert(k, to_toml(k, v)?);
            }
            Some(Value::InlineTable(table))
        }
        Json::Null => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Une convention\nreference = \"X\"   # la référence\n\n[period]\nstart = 2024-01-01\nend = 2026-12-31\n\n[[partners]]\nname = \"A\"\ndeliberation = { body = \"Conseil\", date = 2024-01-02 }\n\n[[partners.signatories]]\nname = \"Jean\"  # le maire\nrole = \"Maire\"\n\n[[axes]]\nactions = [\n  \"Un\",  # première\n  \"Deux\",\n]\n\n[[funding]]\namounts = { 2024 = 100, 2025 = \"200,50\" }\n";

    #[test]
    fn a_value_changes_and_the_rest_stays_as_written() {
        let cases: [(&str, Json, &str, &str); 6] = [
            (
                "axes[1].actions[1]",
                "Une".into(),
                "\"Un\",  # première",
                "\"Une\",  # première",
            ),
            (
                "partners[1].signatories[1].name",
                "André".into(),
                "name = \"Jean\"  # le maire",
                "name = \"André\"  # le maire",
            ),
            (
                "period.end",
                "2027-06-30".into(),
                "end = 2026-12-31",
                "end = 2027-06-30",
            ),
            (
                "partners[1].deliberation.date",
                "2024-02-03".into(),
                "date = 2024-01-02",
                "date = 2024-02-03",
            ),
            (
                "funding[1].amounts.2025",
                "300,00".into(),
                "2025 = \"200,50\"",
                "2025 = \"300,00\"",
            ),
            (
                "partners[1].signatories[1].email",
                "a@b.fr".into(),
                "role = \"Maire\"",
                "role = \"Maire\"\nemail = \"a@b.fr\"",
            ),
        ];
        for (path, value, before, after) in cases {
            let edited = set(TEXT, path, &value).unwrap();
            assert_eq!(edited, TEXT.replacen(before, after, 1), "{path}");
        }
        let removed = set(TEXT, "partners[1].signatories[1].role", &Json::Null).unwrap();
        assert!(!removed.contains("Maire") && removed.contains("# Une convention"));
    }

    #[test]
    fn a_path_that_is_not_in_the_file_is_refused() {
        for path in [
            "partners[2].name",
            "axes[1].nonsense",
            "period..end",
            "partners[0].name",
            "period.end.x",
        ] {
            assert!(set(TEXT, path, &"x".into()).is_err(), "{path}");
        }
        assert!(matches!(
            set("a = [", "a", &"x".into()),
            Err(EditError::Toml(_))
        ));
    }

    #[test]
    fn a_list_grows_by_a_blank_item_in_its_own_style_and_shrinks() {
        let (text, added) = append(TEXT, "partners").unwrap();
        assert_eq!(added, "partners[2]");
        let tail = "\n[[partners]]\nkind = \"commune\"\nname = \"\"\n\n[[partners.signatories]]\nname = \"\"\nrole = \"\"\n\n[[axes]]";
        assert!(text.contains(tail), "{text}");
        assert_eq!(remove(&text, "partners[2]").unwrap(), TEXT);

        let (text, added) = append(TEXT, "axes[1].actions").unwrap();
        assert_eq!(added, "axes[1].actions[3]");
        assert!(text.contains("  \"Deux\",\n  \"\",\n]"), "{text}");
        assert!(
            !remove(TEXT, "axes[1].actions[1]")
                .unwrap()
                .contains("\"Un\"")
        );

        let (text, added) = append(TEXT, "funding").unwrap();
        assert_eq!(added, "funding[2]");
        assert!(
            text.ends_with("amounts = { 2024 = 0, 2025 = 0, 2026 = 0 }\n"),
            "{text}"
        );

        let domains = serde_json::json!(["enfance", { "autre": "Sport" }]);
        let text = set(TEXT, "axes[1].domains", &domains).unwrap();
        assert!(
            text.contains("domains = [\"enfance\", { autre = \"Sport\" }]"),
            "{text}"
        );
    }

    #[test]
    fn only_lists_of_the_format_grow_and_only_items_that_exist_go() {
        for path in [
            "period",
            "partners[1]",
            "reference",
            "axes[1].title",
            "nonsense",
        ] {
            assert!(append(TEXT, path).is_err(), "{path}");
        }
        for path in ["partners", "partners[2]", "axes[1].actions[9]", "period"] {
            assert!(remove(TEXT, path).is_err(), "{path}");
        }
    }
}
