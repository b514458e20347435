//! A form edit: one value of a file set in place with toml_edit, everything else — comments,
//! order, layout — left as the user wrote it.

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Value};

use crate::model::Date;

/// Why an edit cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the file is not valid TOML: fix its source first ({0})")]
    Toml(#[from] toml_edit::TomlError),
    #[error("no `{0}` in the file")]
    NoSuchKey(String),
    #[error("`{0}` is not a key path (`partners[2].signatories[1].name`)")]
    BadPath(String),
    #[error("unsupported value for `{0}`")]
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
    let steps = steps(path).ok_or_else(|| EditError::BadPath(path.to_string()))?;
    let Some(((last, last_index), parents)) = steps.split_last() else {
        return Err(EditError::BadPath(path.to_string()));
    };
    let missing = || EditError::NoSuchKey(path.to_string());
    let mut item: &mut Item = document.as_item_mut();
    for (key, index) in parents {
        item = child(item, key).ok_or_else(missing)?;
        if let Some(index) = index {
            item = item.get_mut(index - 1).ok_or_else(missing)?;
        }
    }
    if let Some(index) = last_index {
        item = child(item, last).ok_or_else(missing)?;
        let slot = item.get_mut(index - 1).ok_or_else(missing)?;
        let new = to_toml(last, value).ok_or_else(|| EditError::BadValue(path.to_string()))?;
        replace(slot, new);
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
    let new = to_toml(last, value).ok_or_else(|| EditError::BadValue(path.to_string()))?;
    match child(item, last) {
        Some(slot) => replace(slot, new),
        // Only a key of the format is added: a year of `amounts`, or a key of some table.
        None if !is_format_key(last) => return Err(missing()),
        None => match item {
            Item::Table(table) => drop(table.insert(last, Item::Value(new))),
            Item::Value(Value::InlineTable(table)) => drop(table.insert(*last, new)),
            _ => return Err(missing()),
        },
    }
    Ok(document.to_string())
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
    let tables = crate::format::keys::TABLES.iter().map(|(_, keys)| *keys);
    let known = tables
        .chain([crate::format::keys::OTHER_DOMAIN])
        .flatten()
        .any(|k| k.name == key);
    year || known
}

/// Puts `new` in the place of a value, keeping the spaces and comment around it.
fn replace(slot: &mut Item, mut new: Value) {
    if let Item::Value(old) = slot {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
}

/// A form's value as TOML: dates for the date keys, numbers as numbers, text as strings.
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
        _ => None,
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
}
