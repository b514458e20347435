//! A form edit: one value of a file set in place with toml_edit, everything else — comments,
//! order, layout — left as the user wrote it.

use serde_json::Value as Json;
use toml_edit::{DocumentMut, Item, Value};

use super::typed::to_toml;
use crate::format::fields::{self, Shape, Table};
use crate::model::KeyPath;

/// What a change does.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    #[default]
    Set,
    /// A blank item at the end of the list `key`.
    Append,
    /// The item `key` taken out of its list.
    Remove,
    /// Every funding line's amounts moved `value` years (`key`: `funding`).
    Move,
}

/// Why an edit cannot be applied.
#[derive(Debug)]
pub enum EditError {
    Toml(toml_edit::TomlError),
    NoSuchKey(String),
    BadPath(String),
    BadValue(String),
    /// « 12.000 »: the page asks which amount was meant.
    Ambiguous {
        typed: String,
        thousands: String,
        decimal: String,
    },
}

impl From<toml_edit::TomlError> for EditError {
    fn from(error: toml_edit::TomlError) -> Self {
        EditError::Toml(error)
    }
}

/// In the language of the run; the page's answers say it in the page's.
impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::i18n::Message::from(self).fmt(f)
    }
}

impl std::error::Error for EditError {}

impl EditError {
    /// The same refusal with its key path put as `name` says it (the form's words, « Période,
    /// fin » for `period.end`): a person filling in the form never reads a key path.
    pub fn named(self, name: impl Fn(&str) -> Option<String>) -> Self {
        let renamed = |key: String| name(&key).unwrap_or(key);
        match self {
            EditError::NoSuchKey(key) => EditError::NoSuchKey(renamed(key)),
            EditError::BadPath(key) => EditError::BadPath(renamed(key)),
            EditError::BadValue(key) => EditError::BadValue(renamed(key)),
            other => other,
        }
    }
}

/// Why an edit cannot be applied, in the page's words.
impl From<&EditError> for crate::i18n::Message {
    fn from(error: &EditError) -> Self {
        use crate::i18n::Message;
        match error {
            EditError::Toml(e) => Message::EditNotToml {
                detail: e.to_string(),
            },
            EditError::NoSuchKey(key) => Message::EditNoSuchKey { key: key.clone() },
            EditError::BadPath(key) => Message::EditBadPath { key: key.clone() },
            EditError::BadValue(key) => Message::EditBadValue { key: key.clone() },
            EditError::Ambiguous {
                typed,
                thousands,
                decimal,
            } => Message::AmbiguousAmount {
                typed: typed.clone(),
                thousands: thousands.clone(),
                decimal: decimal.clone(),
            },
        }
    }
}

/// One step of a key path: a key, and the 1-based item of the array under it.
pub(super) fn steps(path: &str) -> Option<Vec<(&str, Option<usize>)>> {
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
/// print them) set to `value`, or removed when `value` is null. A date of the period set,
/// the funding lines' amounts follow it (see [`super::period::follow`]).
pub fn set(text: &str, path: &str, value: &Json) -> Result<String, EditError> {
    let text = set_value(text, path, value)?;
    match path {
        "period.start" | "period.end" => Ok(super::period::follow(text.parse()?)),
        _ => Ok(text),
    }
}

fn set_value(text: &str, path: &str, value: &Json) -> Result<String, EditError> {
    let mut document: DocumentMut = text.parse()?;
    let (parents, (last, last_index)) = split(path)?;
    let missing = || EditError::NoSuchKey(path.to_string());
    let shape = shape_at(path).ok_or_else(missing)?;
    super::typed::asked(shape, value)?;
    let item = walk(&mut document, &parents, !value.is_null()).ok_or_else(missing)?;
    let new = || to_toml(shape, value).ok_or_else(|| EditError::BadValue(path.to_string()));
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
    let years = super::period::years(&document);
    let (parents, (last, last_index)) = split(path)?;
    let missing = || EditError::NoSuchKey(path.to_string());
    let shape = blank(path).filter(|_| last_index.is_none());
    let shape = shape.ok_or_else(|| EditError::BadPath(path.to_string()))?;
    let parent = walk(&mut document, &parents, false).ok_or_else(missing)?;
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
        (Item::ArrayOfTables(tables), Blank::Table(table)) => {
            tables.push(blank_table(table, &years));
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
                Blank::Table(table) => {
                    Value::InlineTable(blank_table(table, &years).into_inline_table())
                }
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
    let parent = walk(&mut document, &parents, false).ok_or_else(missing)?;
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

/// The item the steps lead to, when the file has it; with `create`, a table of the format
/// the file lacks on the way (`[signature]`, a `deliberation`) is made, for its first key.
pub(super) fn walk<'a>(
    document: &'a mut DocumentMut,
    steps: &[Step<'_>],
    create: bool,
) -> Option<&'a mut Item> {
    let mut item: &mut Item = document.as_item_mut();
    let mut path = String::new();
    for (key, index) in steps {
        path = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        if child(item, key).is_none() && create && index.is_none() {
            let made = match shape_at(&path)? {
                Shape::Table(_) => Item::Table(toml_edit::Table::new()),
                Shape::Inline(_) => Item::Value(Value::InlineTable(toml_edit::InlineTable::new())),
                _ => return None,
            };
            item.as_table_like_mut()?.insert(key, made);
        }
        item = child(item, key)?;
        if let Some(index) = index {
            item = item.get_mut(index - 1)?;
            path = format!("{path}[{index}]");
        }
    }
    Some(item)
}

/// What a key of the format holds (`partners[2].deliberation.date`: a date; a year of
/// `amounts`: an amount); `None` for a key the format does not have.
fn shape_at(path: &str) -> Option<Shape> {
    if let Some((line, year)) = path.rsplit_once('.')
        && year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && matches!(shape_at(line)?, Shape::Amounts)
    {
        return Some(Shape::Amount);
    }
    let key_path = key_path(path)?;
    // `{ autre = "…" }` of an axis's fields.
    if key_path.parts().last().is_some_and(|p| p.key == "autre") {
        return Some(Shape::Line);
    }
    let (field, steps) = fields::at(&key_path)?;
    let whole = steps.len() == key_path.parts().count();
    match (field.shape, steps.last().and_then(|s| s.item)) {
        _ if !whole => None,
        // An item of a list: a line of text, or an action.
        (Shape::Lines | Shape::Actions, Some(_)) => Some(Shape::Line),
        (shape, _) => Some(shape),
    }
}

/// A path as messages print it, parsed.
pub(super) fn key_path(path: &str) -> Option<KeyPath> {
    let mut key_path = KeyPath::root();
    for (key, index) in steps(path)? {
        key_path = key_path.key(key);
        if let Some(index) = index {
            key_path = key_path.item(index - 1);
        }
    }
    Some(key_path)
}

/// What a new item of a list is.
#[derive(Clone, Copy)]
enum Blank {
    /// A line of text.
    Text,
    /// A table with its required keys, blank, for the checker to point at.
    Table(&'static Table),
}

/// The new item of the list at `path`.
fn blank(path: &str) -> Option<Blank> {
    match shape_at(path)? {
        Shape::Tables(table) => Some(Blank::Table(table)),
        Shape::Lines | Shape::Actions => Some(Blank::Text),
        _ => None,
    }
}

/// A table with its required keys, blank: text empty, a name of a list to choose, one
/// blank item in each list it needs, a funding line's amounts at 0 for each year.
fn blank_table(table: &'static Table, years: &[i32]) -> toml_edit::Table {
    let mut blank = toml_edit::Table::new();
    for field in table.fields.iter().filter(|f| f.required) {
        let item = match field.shape {
            Shape::Tables(inner) => {
                let mut list = toml_edit::ArrayOfTables::new();
                list.push(blank_table(inner, years));
                Item::ArrayOfTables(list)
            }
            Shape::Domains | Shape::Lines => toml_edit::value(toml_edit::Array::new()),
            Shape::Amounts => {
                let mut amounts = toml_edit::InlineTable::new();
                for year in years {
                    amounts.insert(year.to_string(), Value::from(0));
                }
                toml_edit::value(amounts)
            }
            Shape::Table(_) | Shape::Inline(_) | Shape::Date | Shape::Count { .. } => continue,
            _ => toml_edit::value(""),
        };
        blank.insert(field.name, item);
    }
    blank
}

/// The item under `key`, when the file has one (toml_edit's `get_mut` would add an empty one).
fn child<'a>(item: &'a mut Item, key: &str) -> Option<&'a mut Item> {
    if item.get(key).is_none_or(Item::is_none) {
        return None;
    }
    item.get_mut(key)
}

/// Puts `new` in the place of a value, keeping the spaces and comment around it.
fn replace(slot: &mut Item, mut new: Value) {
    if let Item::Value(old) = slot {
        *new.decor_mut() = old.decor().clone();
    }
    *slot = Item::Value(new);
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Une convention\nreference = \"X\"   # la référence\n\n[period]\nstart = 2024-01-01\nend = 2026-12-31\n\n[[partners]]\nname = \"A\"\ndeliberation = { body = \"Conseil\", date = 2024-01-02 }\n\n[[partners.signatories]]\nname = \"Jean\"  # le maire\nrole = \"Maire\"\n\n[[axes]]\nactions = [\n  \"Un\",  # première\n  \"Deux\",\n]\n\n[[funding]]\namounts = { 2024 = 100, 2025 = \"200,50\" }\n";

    #[test]
    fn a_value_changes_and_the_rest_stays_as_written() {
        let cases: [(&str, Json, &str, &str); 5] = [
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
                "partners[1].deliberation.date",
                "2024-02-03".into(),
                "date = 2024-01-02",
                "date = 2024-02-03",
            ),
            (
                "funding[1].amounts.2025",
                "12 300,50".into(),
                "2025 = \"200,50\"",
                "2025 = 12300.5",
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
    fn a_table_the_file_lacks_is_made_for_its_first_key_and_values_take_their_shape() {
        let text = set(TEXT, "signature.place", &"Riom".into()).unwrap();
        assert!(
            text.ends_with("\n[signature]\nplace = \"Riom\"\n"),
            "{text}"
        );
        let text = set(TEXT, "funding[1].amounts.2026", &"1 234,5".into()).unwrap();
        assert!(text.contains("2026 = 1234.5 }"), "{text}");
        let text = set(TEXT, "funding[1].amounts.2026", &"beaucoup".into()).unwrap();
        assert!(
            text.contains("2026 = \"beaucoup\" }"),
            "kept, for the checker: {text}"
        );
        assert!(set(TEXT, "signature.nonsense", &"x".into()).is_err());
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
        let tail = "\n[[partners]]\nkind = \"\"\nname = \"\"\n\n[[partners.signatories]]\nname = \"\"\nrole = \"\"\n\n[[axes]]";
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
