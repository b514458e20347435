//! The machinery of the reader: typed values out of toml's spanned document, each problem
//! a diagnostic with its key path and span, the keys of each table from [`super::fields`].

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::fields::{self, Field, Shape, Table};
use super::limits::MAX_STRING_CHARS;
use super::spans::KeySpans;
use crate::diag::{Diagnostic, did_you_mean};
use crate::i18n::Message;
use crate::model::{Date, DateToGive, KeyPath};

/// One table being read: its key path, its entries and its definition.
pub(super) struct Fields<'t, 'i> {
    pub path: KeyPath,
    table: &'t DeTable<'i>,
    span: Range<usize>,
    definition: &'static Table,
}

pub(super) type Value<'t, 'i> = &'t Spanned<DeValue<'i>>;

/// A string of the file, where it stands.
#[derive(Clone, Debug)]
pub struct Text {
    pub key: KeyPath,
    pub span: std::ops::Range<usize>,
    pub text: String,
}

/// What has been read so far: every problem, and where every key stands.
#[derive(Default)]
pub(super) struct Reader {
    pub diags: Vec<Diagnostic>,
    pub spans: KeySpans,
    /// The strings beyond ASCII, for the check that some font can display them, and those
    /// still « à compléter ».
    pub texts: Vec<Text>,
}

/// How a table is named in messages.
fn table_name(path: &KeyPath) -> Message {
    if path.is_root() {
        Message::TheFile
    } else {
        Message::Table {
            path: path.to_string(),
        }
    }
}

fn type_name(value: &DeValue<'_>) -> Message {
    match value {
        DeValue::String(_) => Message::AString,
        DeValue::Integer(_) => Message::AnInteger,
        DeValue::Float(_) => Message::AFloat,
        DeValue::Boolean(_) => Message::ABoolean,
        DeValue::Datetime(_) => Message::ADate,
        DeValue::Array(_) => Message::AnArray,
        DeValue::Table(_) => Message::ATable,
    }
}

/// Is this character one that has no place in a legal text: a control character other
/// than tab and newline, or a bidirectional override that can make text read differently
/// from how it is stored.
fn forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a string may hold line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

/// A character that starts a new line: in a name, a role or an address it would break the
/// line of a legal text, and a mail header.
fn line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

impl<'t, 'i> Fields<'t, 'i> {
    /// The top of a document.
    pub fn root(table: &'t DeTable<'i>, span: Range<usize>) -> Self {
        Fields {
            path: KeyPath::root(),
            table,
            span,
            definition: &fields::CONVENTION,
        }
    }

    /// Whether the table holds no key at all.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Whether the file gives `key` in this table.
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }
}

/// An error about the value of `key`, at `span`.
pub(super) fn at(key: &KeyPath, span: Range<usize>, message: Message) -> Diagnostic {
    Diagnostic::error(message).key(key.clone()).span(Some(span))
}

impl Reader {
    /// Records a problem; the later rules leave its key alone.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        if let Some(key) = &diagnostic.key {
            self.spans.mark_broken(key.clone());
        }
        self.diags.push(diagnostic);
    }

    pub fn error(&mut self, key: &KeyPath, span: Range<usize>, message: Message) {
        self.report(at(key, span, message));
    }

    /// Opens a table value defined by `definition`; reports unknown keys right away.
    pub fn open<'t, 'i>(
        &mut self,
        path: KeyPath,
        value: Value<'t, 'i>,
        definition: &'static Table,
    ) -> Option<Fields<'t, 'i>> {
        let span = value.span();
        self.spans.insert(path.clone(), span.clone());
        let DeValue::Table(table) = value.get_ref() else {
            let (expected, found) = (
                Box::new(Message::ATable),
                Box::new(type_name(value.get_ref())),
            );
            self.error(&path, span, Message::MustBe { expected, found });
            return None;
        };
        let fields = Fields {
            path,
            table,
            span,
            definition,
        };
        self.unknown_keys(&fields);
        Some(fields)
    }

    /// The table under `key`, opened with its definition.
    pub fn table<'t, 'i>(
        &mut self,
        parent: &Fields<'t, 'i>,
        key: &str,
        definition: &'static Table,
    ) -> Option<Fields<'t, 'i>> {
        let value = self.value(parent, key)?;
        self.open(parent.path.key(key), value, definition)
    }

    pub fn unknown_keys(&mut self, fields: &Fields<'_, '_>) {
        let known = fields.definition.names();
        for key in fields.table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let help = match did_you_mean(name, &known) {
                Some(close) => Message::DidYouMeanKey {
                    close: close.to_string(),
                },
                None => Message::KeysAllowed {
                    keys: known.join(", "),
                },
            };
            let path = fields.path.key(name);
            let d = at(&path, key.span(), Message::UnknownKey).label(Message::NotAKey);
            self.report(d.help(help));
        }
    }

    /// The value of a key, recording where it stands; reports a missing required key.
    pub fn value<'t, 'i>(&mut self, fields: &Fields<'t, 'i>, key: &str) -> Option<Value<'t, 'i>> {
        let path = fields.path.key(key);
        match fields.table.get(key) {
            Some(value) => {
                self.spans.insert(path, value.span());
                Some(value)
            }
            None => {
                if fields::is_required(fields.definition, key) {
                    let table = Box::new(table_name(&fields.path));
                    let message = Message::MissingKey {
                        key: key.to_string(),
                        table,
                    };
                    let d = at(&path, fields.span.clone(), message);
                    self.report(d.label(Message::RequiredHere {
                        key: key.to_string(),
                    }));
                }
                None
            }
        }
    }

    pub fn wrong_type(&mut self, path: &KeyPath, value: Value<'_, '_>, expected: Message) {
        let (expected, found) = (Box::new(expected), Box::new(type_name(value.get_ref())));
        self.error(path, value.span(), Message::MustBe { expected, found });
    }

    /// The string of `field`, checked as its shape says: one line or several, a
    /// reference, a SIREN, an e-mail address; the empty string counts as missing when the
    /// key is required.
    pub fn string(&mut self, fields: &Fields<'_, '_>, field: &Field) -> Option<String> {
        let value = self.value(fields, field.name)?;
        let path = fields.path.key(field.name);
        let lines = match field.shape {
            Shape::Text => Lines::Many,
            _ => Lines::One,
        };
        let text = self.checked_string(&path, value, field.required, lines)?;
        if text.trim().is_empty() {
            return Some(text);
        }
        let problem = match field.shape {
            Shape::Reference => super::values::reference_problem(&text),
            Shape::Siren => super::values::siren_problem(&text),
            Shape::Email => super::values::email_problem(&text),
            _ => None,
        };
        // Kept all the same, for a form to show what the file says.
        if let Some(problem) = problem {
            self.report(problem.key(path).span(Some(value.span())));
        }
        Some(text)
    }

    /// A string value of one line, checked for emptiness, length and characters that would
    /// deceive a reader.
    pub fn string_value(
        &mut self,
        path: &KeyPath,
        value: Value<'_, '_>,
        non_empty: bool,
    ) -> Option<String> {
        self.checked_string(path, value, non_empty, Lines::One)
    }

    fn checked_string(
        &mut self,
        path: &KeyPath,
        value: Value<'_, '_>,
        non_empty: bool,
        lines: Lines,
    ) -> Option<String> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(path, value, Message::AString);
            return None;
        };
        if text.trim().is_empty() && non_empty {
            // Kept, blank, in the model (the file is invalid all the same): a form still
            // shows the item, for the user to fill in.
            self.error(path, value.span(), Message::MustNotBeEmpty);
            return Some(text.to_string());
        }
        let code = |c: char| format!("{:04X}", c as u32);
        let problem = if text.chars().count() > MAX_STRING_CHARS {
            Some(Message::LongerThan {
                count: MAX_STRING_CHARS,
            })
        } else if let Some(c) = text.chars().find(|&c| forbidden_char(c)) {
            Some(Message::ControlCharacter { code: code(c) })
        } else if lines == Lines::One
            && let Some(c) = text.chars().find(|&c| line_break(c))
        {
            Some(Message::LineBreak { code: code(c) })
        } else {
            None
        };
        match problem {
            Some(message) => {
                self.error(path, value.span(), message);
                None
            }
            None => {
                if !text.is_ascii() || super::values::is_placeholder(text) {
                    let (key, span) = (path.clone(), value.span());
                    self.texts.push(Text {
                        key,
                        span,
                        text: text.to_string(),
                    });
                }
                Some(text.to_string())
            }
        }
    }

    /// A date, or « (date à compléter) » (any placeholder) where a draft leaves it to give:
    /// kept with the texts, so that `check` refuses it at its place.
    pub fn date_to_give(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<DateToGive> {
        if let Some(value) = fields.table.get(key)
            && let DeValue::String(text) = value.get_ref()
            && super::values::is_placeholder(text)
        {
            let path = fields.path.key(key);
            self.spans.insert(path.clone(), value.span());
            let text = text.to_string();
            (self.texts).push(Text {
                key: path,
                span: value.span(),
                text,
            });
            return Some(DateToGive::ToComplete);
        }
        self.date(fields, key).map(DateToGive::Given)
    }

    pub fn date(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<Date> {
        let value = self.value(fields, key)?;
        let path = fields.path.key(key);
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| Date::new(d.year.into(), d.month, d.day)),
            DeValue::Datetime(_) => None,
            DeValue::String(text) if Date::parse(text).is_some() => {
                let help = Message::WriteKey {
                    text: format!("{key} = {text}"),
                };
                let d = at(&path, value.span(), Message::QuotedDate);
                self.report(d.help(help));
                return None;
            }
            _ => {
                self.wrong_type(&path, value, Message::ADateExample);
                return None;
            }
        };
        if date.is_none() {
            self.error(&path, value.span(), Message::DateWithoutTime);
        }
        date
    }

    pub fn integer(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let value = self.value(fields, key)?;
        let path = fields.path.key(key);
        let DeValue::Integer(integer) = value.get_ref() else {
            self.wrong_type(&path, value, Message::AnInteger);
            return None;
        };
        match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.error(&path, value.span(), Message::WholeNumber { min, max });
                None
            }
        }
    }

    /// A name from a closed list (`kind`, `funder`, …).
    pub fn name<T: Copy>(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        names: &[T],
        as_str: fn(T) -> &'static str,
    ) -> Option<T> {
        let value = self.value(fields, key)?;
        self.name_value(&fields.path.key(key), value, names, as_str)
    }

    pub fn name_value<T: Copy>(
        &mut self,
        path: &KeyPath,
        value: Value<'_, '_>,
        names: &[T],
        as_str: fn(T) -> &'static str,
    ) -> Option<T> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(path, value, Message::AString);
            return None;
        };
        if let Some(&found) = names.iter().find(|&&n| as_str(n) == text.as_ref()) {
            return Some(found);
        }
        let allowed: Vec<&str> = names.iter().map(|&n| as_str(n)).collect();
        let values = allowed.join(", ");
        if text.trim().is_empty() {
            let d = at(path, value.span(), Message::MustNotBeEmpty);
            self.report(d.help(Message::ExpectedOneOf { values }));
            return None;
        }
        let help = match did_you_mean(text, &allowed) {
            Some(close) => Message::DidYouMeanValue {
                close: close.to_string(),
            },
            None => Message::ExpectedOneOf { values },
        };
        let d = at(
            path,
            value.span(),
            Message::UnknownValue {
                value: text.to_string(),
            },
        );
        self.report(d.help(help));
        None
    }

    /// An array of tables (`[[partners]]`), each read by `item`.
    pub fn tables<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        key: &str,
        mut item: impl FnMut(&mut Self, KeyPath, Value<'t, 'i>) -> T,
    ) -> Vec<T> {
        let Some((path, array)) = self.array(fields, key, Message::AnArrayOfTables) else {
            return Vec::new();
        };
        let items = array.iter().enumerate();
        items.map(|(i, v)| item(self, path.item(i), v)).collect()
    }

    /// An array of plain values, each read by `item`; invalid items are reported and dropped.
    pub fn list<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        key: &str,
        mut item: impl FnMut(&mut Self, KeyPath, Value<'t, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some((path, array)) = self.array(fields, key, Message::AnArray) else {
            return Vec::new();
        };
        let mut items = Vec::with_capacity(array.len());
        for (i, value) in array.iter().enumerate() {
            self.spans.insert(path.item(i), value.span());
            items.extend(item(self, path.item(i), value));
        }
        items
    }

    /// The array of a key; a required one must not be empty.
    fn array<'t, 'i>(
        &mut self,
        fields: &Fields<'t, 'i>,
        key: &str,
        expected: Message,
    ) -> Option<(KeyPath, &'t DeArray<'i>)> {
        let value = self.value(fields, key)?;
        let path = fields.path.key(key);
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(&path, value, expected);
            return None;
        };
        if array.is_empty() && fields::is_required(fields.definition, key) {
            self.error(&path, value.span(), Message::MustNotBeEmpty);
        }
        Some((path, array))
    }
}
