//! The values of the model that are one key's: text, dates, counts, names of a closed
//! list, amounts and lines of text, each read as its shape says and written back.

use super::fields::{Field, Shape};
use super::reader::{Fields, Reader};
use super::record::{FieldValue, Plain};
use super::write::Writer;
use crate::model::*;

impl FieldValue for String {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        Option::<String>::read(r, fields, field).unwrap_or_default()
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        w.string(field.name, self);
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Text(self)
    }
}

impl FieldValue for Option<String> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.string(fields, field)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(text) = self {
            w.string(field.name, text);
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.as_deref().map_or(Plain::None, Plain::Text)
    }
}

impl FieldValue for Date {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.date(fields, field.name).unwrap_or_default()
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        w.pair(field.name, self.to_string());
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Date(*self)
    }
}

impl FieldValue for Option<Date> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.date(fields, field.name)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(date) = self {
            date.write(w, field);
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.map_or(Plain::None, Plain::Date)
    }
}

impl FieldValue for DateToGive {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.date_to_give(fields, field.name)
            .unwrap_or(DateToGive::ToComplete)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        match self {
            DateToGive::Given(date) => date.write(w, field),
            DateToGive::ToComplete => w.string(field.name, DateToGive::TO_COMPLETE),
        }
    }

    fn plain(&self) -> Plain<'_> {
        match self {
            DateToGive::Given(date) => Plain::Date(*date),
            DateToGive::ToComplete => Plain::Text(DateToGive::TO_COMPLETE),
        }
    }
}

/// The bounds of a count.
fn bounds(field: &Field) -> (i64, i64) {
    match field.shape {
        Shape::Count { min, max } => (min, max),
        _ => (0, i64::MAX),
    }
}

impl FieldValue for u32 {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        Option::<u32>::read(r, fields, field).unwrap_or_default()
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        w.pair(field.name, self.to_string());
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Integer((*self).into())
    }
}

impl FieldValue for Option<u32> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        let (min, max) = bounds(field);
        r.integer(fields, field.name, min, max).map(|n| n as u32)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(n) = self {
            n.write(w, field);
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.map_or(Plain::None, |n| Plain::Integer(n.into()))
    }
}

impl FieldValue for Option<usize> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        let (min, max) = bounds(field);
        r.integer(fields, field.name, min, max).map(|n| n as usize)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(n) = self {
            w.pair(field.name, n.to_string());
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.map_or(Plain::None, |n| Plain::Integer(n as i64))
    }
}

/// The closed lists of names: required ones default when absent (after the reader said so).
macro_rules! choices {
    ($($type:ident),*) => {$(
        impl FieldValue for $type {
            fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
                Option::<$type>::read(r, fields, field).unwrap_or_default()
            }

            fn write(&self, w: &mut Writer, field: &'static Field) {
                w.string(field.name, self.as_str());
            }

            fn plain(&self) -> Plain<'_> {
                Plain::Choice(self.as_str(), self.label())
            }
        }

        impl FieldValue for Option<$type> {
            fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
                r.name(fields, field.name, $type::ALL, $type::as_str)
            }

            fn write(&self, w: &mut Writer, field: &'static Field) {
                if let Some(value) = self {
                    value.write(w, field);
                }
            }

            fn plain(&self) -> Plain<'_> {
                self.as_ref().map_or(Plain::None, FieldValue::plain)
            }
        }
    )*};
}

choices!(
    Kind,
    PartnerKind,
    Article,
    Funder,
    FundingKind,
    Equipment,
    SignatureMode,
    ArticleId
);

impl FieldValue for Option<Money> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        let value = r.value(fields, field.name)?;
        r.amount_value(&fields.path.key(field.name), value)
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if let Some(amount) = self {
            // Exact decimal strings: no float ever stands between the file and the cent.
            w.pair(field.name, format!("\"{amount}\""));
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.map_or(Plain::None, Plain::Amount)
    }
}

/// Lines of text: `objectives = ["…", "…"]`.
impl FieldValue for Vec<String> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        r.list(fields, field.name, |r, path, value| {
            r.string_value(&path, value, true)
        })
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        if !self.is_empty() {
            let items: Vec<String> = self.iter().map(|i| super::write::quoted(i)).collect();
            w.pair(field.name, format!("[{}]", items.join(", ")));
        }
    }

    fn plain(&self) -> Plain<'_> {
        Plain::Lines(self)
    }
}

/// Lines an avenant gives only when it changes them: absent, unchanged; `[]`, there were none.
impl FieldValue for Option<Vec<String>> {
    fn read(r: &mut Reader, fields: &Fields<'_, '_>, field: &'static Field) -> Self {
        fields
            .has(field.name)
            .then(|| Vec::<String>::read(r, fields, field))
    }

    fn write(&self, w: &mut Writer, field: &'static Field) {
        match self {
            // There was none: the avenant adds the first.
            Some(lines) if lines.is_empty() => w.pair(field.name, "[]".to_string()),
            Some(lines) => lines.write(w, field),
            None => {}
        }
    }

    fn plain(&self) -> Plain<'_> {
        self.as_deref().map_or(Plain::None, Plain::Lines)
    }
}
