//! The model's tables read and written through their definition in [`super::fields`]: a
//! [`Record`] is a table of the model, each of its values a [`FieldValue`] that knows how to
//! read itself from its key — checked as its [`Shape`] says, every problem reported at its
//! key — and how to write itself back. `record!` ties a model type to its table, field by
//! field: a key the table lacks, or a field the type lacks, does not compile or fails the
//! test that reads every table.

use std::collections::BTreeMap;

use toml::de::DeValue;

use super::fields::{self, Field, Table};
use super::reader::{Fields, Reader, at};
use super::write::Writer;
use crate::i18n::Message;
use crate::model::*;

/// A table of the model, read and written through its definition.
pub(super) trait Record: Default + Sized + View {
    const TABLE: &'static Table;
    /// The keys of its table it reads, its own and those of a record it holds flat.
    #[cfg(test)]
    fn keys() -> Vec<&'static str>;
    fn read_fields(r: &mut Reader, fields: &Fields<'_, '_>) -> Self;
    fn write_fields(&self, w: &mut Writer);
}

/// A value of the model: read from its key, written back under it, and shown plainly.
pub(super) trait FieldValue: Sized {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self;
    fn write(&self, w: &mut Writer, field: &'static Field);
    fn plain(&self) -> Plain<'_>;
}

/// A value as a cell of a workbook, a field of a form or a comparison sees it.
pub enum Plain<'a> {
    None,
    Text(&'a str),
    Date(Date),
    Integer(i64),
    Amount(Money),
    Lines(&'a [String]),
    /// A name of a closed list: as written, and its French label.
    Choice(&'static str, &'static str),
    Domains(&'a [AxisDomain]),
    /// A table the value holds one of (a délibération).
    Table(&'a dyn View),
    /// The items of a list of tables (partners, actions).
    Items(Vec<&'a dyn View>),
    /// A funding line's amounts, year by year.
    Amounts(&'a BTreeMap<i32, Money>),
}

/// A table of the model, its values reached by their keys' names.
pub trait View {
    /// The value of the key `name` (`deliberation.date`: of the table it holds).
    fn plain(&self, name: &str) -> Plain<'_>;

    /// Whether this item of a list is written as a table: false for an action that is only
    /// a line of text.
    fn is_table(&self) -> bool {
        true
    }
}

/// Ties a model type to its table: `record!(Signatory: SIGNATORY { name, role, email })`.
/// `; flat => Inner` reads the table's remaining keys into `Option<Inner>`, a record that
/// shares the table (an avenant's keys at the top of its file).
macro_rules! record {
    ($type:ident : $table:ident { $($field:ident),* $(,)? $(; $flat:ident => $inner:ident)? }) => {
        impl $crate::format::record::Record for $type {
            const TABLE: &'static $crate::format::fields::Table = &$crate::format::fields::$table;

            #[cfg(test)]
            fn keys() -> Vec<&'static str> {
                let own = vec![$(stringify!($field)),*];
                own.into_iter()$(.chain($inner::KEYS.iter().copied()))?.collect()
            }

            // What is not a key of the file (an annex's content) starts empty.
            #[allow(clippy::needless_update)]
            fn read_fields(
                r: &mut $crate::format::reader::Reader,
                fields: &$crate::format::reader::Fields<'_, '_>,
            ) -> Self {
                $type {
                    $($field: $crate::format::record::FieldValue::read(
                        r,
                        fields,
                        $crate::format::fields::$table.field(stringify!($field)),
                    ),)*
                    $($flat: $inner::read_flat(r, fields),)?
                    ..Default::default()
                }
            }

            fn write_fields(&self, w: &mut $crate::format::write::Writer) {
                for field in $crate::format::fields::$table.fields {
                    match field.name {
                        $(stringify!($field) => $crate::format::record::FieldValue::write(&self.$field, w, field),)*
                        _ => {
                            $(if let Some(inner) = &self.$flat {
                                inner.write_field(w, field);
                            })?
                        }
                    }
                }
            }
        }

        impl $crate::format::record::View for $type {
            fn plain(&self, name: &str) -> $crate::format::record::Plain<'_> {
                let (first, rest) = name.split_once('.').map_or((name, None), |(a, b)| (a, Some(b)));
                let value = match first {
                    $(stringify!($field) => $crate::format::record::FieldValue::plain(&self.$field),)*
                    _ => {
                        let flat = $crate::format::record::Plain::None;
                        $(let flat = match &self.$flat {
                            Some(inner) => inner.plain_field(first),
                            None => flat,
                        };)?
                        flat
                    }
                };
                match (value, rest) {
                    ($crate::format::record::Plain::Table(inner), Some(rest)) => inner.plain(rest),
                    (value, None) => value,
                    (_, Some(_)) => $crate::format::record::Plain::None,
                }
            }
        }
    };
}
pub(super) use record;

/// The keys of a table that a record of its own holds (`base`, `number`, `effective`,
/// `previous` of an avenant): read when any is given, written in the table's order.
macro_rules! flat_record {
    ($type:ident : $table:ident { $($field:ident),* $(,)? }) => {
        impl $type {
            #[cfg(test)]
            const KEYS: &[&'static str] = &[$(stringify!($field)),*];

            fn read_flat(
                r: &mut $crate::format::reader::Reader,
                fields: &$crate::format::reader::Fields<'_, '_>,
            ) -> Option<Self> {
                if !($(fields.has(stringify!($field)))||*) {
                    return None;
                }
                Some($type {
                    $($field: $crate::format::record::FieldValue::read(
                        r,
                        fields,
                        $crate::format::fields::$table.field(stringify!($field)),
                    ),)*
                })
            }

            fn plain_field(&self, name: &str) -> $crate::format::record::Plain<'_> {
                match name {
                    $(stringify!($field) => $crate::format::record::FieldValue::plain(&self.$field),)*
                    _ => $crate::format::record::Plain::None,
                }
            }

            fn write_field(
                &self,
                w: &mut $crate::format::write::Writer,
                field: &'static $crate::format::fields::Field,
            ) {
                match field.name {
                    $(stringify!($field) => $crate::format::record::FieldValue::write(&self.$field, w, field),)*
                    _ => {}
                }
            }
        }
    };
}
pub(super) use flat_record;

impl<T: Record> FieldValue for T {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        Option::<T>::read(r, fields, field).unwrap_or_default()
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        w.record(field, self);
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Table(self)
    }
}

impl<T: Record> FieldValue for Option<T> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        let table = r.table(fields, field.name, T::TABLE)?;
        Some(T::read_fields(r, &table))
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(t) = self {
            w.record(field, t);
        }
    }

    fn plain(&self) -> Plain<'_> {
        match self {
            Some(t) => Plain::Table(t),
            None => Plain::None,
        }
    }
}

impl<T: Record> FieldValue for Vec<T> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.tables(fields, field.name, |r, path, value| {
            match r.open(path, value, T::TABLE) {
                Some(table) => T::read_fields(r, &table),
                None => T::default(),
            }
        })
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        for t in self {
            w.record(field, t);
        }
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Items(self.iter().map(|t| t as &dyn View).collect())
    }
}

/// A list an avenant gives only when it changes it: absent, unchanged; `[]`, there was none.
impl<T: Record> FieldValue for Option<Vec<T>> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        fields
            .has(field.name)
            .then(|| Vec::<T>::read(r, fields, field))
    }

    /// An empty list is written `key = []`: there was none (the first one is added).
    fn write(&self, w: &mut Writer, field: &'static Field) {
        match self.as_deref() {
            Some([]) => w.pair(field.name, "[]".to_string()),
            list => {
                for t in list.into_iter().flatten() {
                    w.record(field, t);
                }
            }
        }
    }

    fn plain(&self) -> Plain<'_> {
        Plain::None
    }
}

/// An axis's fields: names of the list, or `{ autre = "…" }`.
impl FieldValue for Vec<AxisDomain> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.list(fields, field.name, |r, path, value| {
            if !matches!(value.get_ref(), DeValue::Table(_)) {
                let domain = r.name_value(&path, value, Domain::ALL, Domain::as_str)?;
                return Some(domain.into());
            }
            let other = r.open(path, value, &fields::OTHER_DOMAIN)?;
            let label = r.string(&other, fields::OTHER_DOMAIN.field("autre"))?;
            Some(AxisDomain {
                domain: Domain::Autre,
                label: Some(label),
            })
        })
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        let other = fields::OTHER_DOMAIN.fields[0].name;
        let domains: Vec<String> = (self.iter())
            .map(|d| match &d.label {
                Some(label) => format!("{{ {other} = {} }}", super::write::quoted(label)),
                None => super::write::quoted(d.domain.as_str()),
            })
            .collect();
        w.pair(field.name, format!("[{}]", domains.join(", ")));
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Domains(self)
    }
}

/// An axis's actions: lines of text, or tables with their fiche (`[[axes.actions]]`).
impl FieldValue for Vec<Action> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.list(fields, field.name, |r, path, value| {
            if !matches!(value.get_ref(), DeValue::Table(_)) {
                let title = r.string_value(&path, value, true)?;
                return Some(Action { title, fiche: None });
            }
            let table = r.open(path, value, &fields::FICHE)?;
            let fiche = Fiche::read_fields(r, &table);
            let title = r.string(&table, fields::FICHE.field("title"))?;
            let fiche = Some(fiche);
            Some(Action { title, fiche })
        })
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        w.actions(field, self);
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Items(self.iter().map(|a| a as &dyn View).collect())
    }
}

/// An action's title, and what its fiche says.
impl View for Action {
    fn is_table(&self) -> bool {
        self.fiche.is_some()
    }

    fn plain(&self, name: &str) -> Plain<'_> {
        match (name, &self.fiche) {
            ("title", _) => Plain::Text(&self.title),
            (name, Some(fiche)) => View::plain(fiche, name),
            (_, None) => Plain::None,
        }
    }
}

/// A fiche's title and keys, as the writer gives them.
pub(super) fn write_fiche(w: &mut Writer, action: &Action) {
    w.string(fields::FICHE.field("title").name, &action.title);
    if let Some(fiche) = &action.fiche {
        fiche.write_fields(w);
    }
}

/// A funding line's amounts: `{ 2024 = 12000, 2025 = "12 500,50" }`.
impl FieldValue for BTreeMap<i32, Money> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        let mut amounts = BTreeMap::new();
        let Some(value) = r.value(fields, field.name) else {
            return amounts;
        };
        let path = fields.path.key(field.name);
        let DeValue::Table(table) = value.get_ref() else {
            r.wrong_type(&path, value, Message::ATableOfAmounts);
            return amounts;
        };
        let help = Message::WriteKey {
            text: format!("{} = {{ 2024 = 12000 }}", field.name),
        };
        if table.is_empty() {
            let d = at(&path, value.span(), Message::AtLeastOneYear);
            r.report(d.help(help.clone()));
        }
        for (key, value) in table {
            let year_text = key.get_ref().as_ref();
            let key_path = path.key(year_text);
            r.spans.insert(key_path.clone(), value.span());
            let is_year = year_text.len() == 4 && year_text.bytes().all(|b| b.is_ascii_digit());
            let Some(year) = is_year.then(|| year_text.parse::<i32>().ok()).flatten() else {
                let message = Message::KeyIsAYear {
                    key: field.name.to_string(),
                };
                r.report(at(&key_path, key.span(), message).help(help.clone()));
                continue;
            };
            if let Some(money) = r.amount_value(&key_path, value) {
                amounts.insert(year, money);
            }
        }
        amounts
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        let amounts: Vec<String> = (self.iter())
            .map(|(year, amount)| format!("{year} = \"{amount}\""))
            .collect();
        w.pair(field.name, format!("{{ {} }}", amounts.join(", ")));
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Amounts(self)
    }
}

/// Reads a whole convention from the top of its file.
pub(super) fn convention(r: &mut Reader, root: &Fields<'_, '_>) -> Convention {
    Convention::read_fields(r, root)
}

/// Writes a whole convention.
pub(super) fn write_convention(c: &Convention, w: &mut Writer) {
    c.write_fields(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of a table is read into its record: a key the reader accepts but no record
    /// reads would be dropped without a word.
    #[test]
    fn every_key_of_every_table_is_read() {
        fn check<T: Record>(also: &[&str]) {
            let keys = T::keys();
            for name in T::TABLE.names() {
                assert!(
                    keys.contains(&name) || also.contains(&name),
                    "`{}.{name}`",
                    T::TABLE.name
                );
            }
        }
        check::<Convention>(&[]);
        check::<Previous>(&[]);
        check::<Period>(&[]);
        check::<Signature>(&[]);
        check::<Caf>(&[]);
        check::<Signatory>(&[]);
        check::<Partner>(&[]);
        check::<Deliberation>(&[]);
        check::<Axis>(&[]);
        // A fiche's title is its action's.
        check::<Fiche>(&["title"]);
        check::<FundingLine>(&[]);
        check::<Clause>(&[]);
        check::<Section>(&[]);
        check::<Appendix>(&[]);
        check::<EarlierAvenant>(&[]);
        let tables = fields::tables();
        assert_eq!(
            tables.len(),
            28,
            "{:?}",
            tables.iter().map(|t| &t.0).collect::<Vec<_>>()
        );
    }
}
