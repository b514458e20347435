//! A form's value as the file keeps it: what a French user types or pastes — dates, amounts
//! (« 1 234,56 € », « 1.234,56 »), counts, SIRENs (« 200 012 342 ») — read once, here.

use serde_json::Value as Json;
use toml_edit::Value;

use super::edit::EditError;
use crate::format::fields::Shape;
use crate::model::{Date, Money, TypedError};

/// Refuses an amount that could be two (« 12.000 »: twelve thousand, or twelve?), naming both.
pub fn asked(shape: Shape, value: &Json) -> Result<(), EditError> {
    if let (Shape::Amount, Json::String(text)) = (shape, value)
        && let Err(TypedError::Ambiguous { thousands, decimal }) = Money::from_typed(text)
    {
        let french = |m: Money| crate::french::money(m.value());
        return Err(EditError::Ambiguous {
            typed: text.trim().to_string(),
            thousands: french(thousands),
            decimal: french(decimal),
        });
    }
    Ok(())
}

/// A form's value as TOML, as its key's shape says: dates as TOML dates, amounts typed the
/// French way (« 12 500,50 ») as exact numbers, counts as integers, lists as arrays and
/// objects as inline tables (`domains = ["enfance", { autre = "…" }]`). Text that is not
/// what the key wants is kept as text: the checker then says so at its field, and what was
/// typed is not lost.
pub fn to_toml(shape: Shape, value: &Json) -> Option<Value> {
    match (shape, value) {
        (Shape::Date, Json::String(text)) if Date::parse(text.trim()).is_some() => text
            .trim()
            .parse::<toml_edit::Datetime>()
            .ok()
            .map(Value::from),
        (Shape::Amount, Json::String(text)) => Some(amount(text)),
        (Shape::Count { .. }, Json::String(text)) => match text.trim().parse::<i64>() {
            Ok(n) => Some(Value::from(n)),
            Err(_) => Some(Value::from(text.as_str())),
        },
        // « 200 012 342 », « 200.012.342 », « 200-012-342 »: the digits.
        (Shape::Siren, Json::String(text)) => {
            let digits: String = (text.chars())
                .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
                .collect();
            Some(Value::from(digits))
        }
        (_, Json::String(text)) => Some(Value::from(text.as_str())),
        (_, Json::Number(n)) => n
            .as_i64()
            .map(Value::from)
            .or_else(|| n.as_f64().map(Value::from)),
        (_, Json::Bool(b)) => Some(Value::from(*b)),
        (_, Json::Array(items)) => {
            let values = items.iter().map(|v| to_toml(Shape::Line, v));
            Some(Value::Array(values.collect::<Option<toml_edit::Array>>()?))
        }
        (_, Json::Object(map)) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in map {
                table.insert(k, to_toml(Shape::Line, v)?);
            }
            Some(Value::InlineTable(table))
        }
        (_, Json::Null) => None,
    }
}

/// An amount as typed: an exact number when it reads as one (whole, or with its cents),
/// else the text, for the checker to refuse at its field.
fn amount(text: &str) -> Value {
    match Money::from_typed(text) {
        Ok(money) => money.to_toml(),
        Err(_) => Value::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::super::edit::set;
    use super::*;

    const TEXT: &str = "[period]\nstart = 2024-01-01\nend = 2026-12-31\n\n[[partners]]\nname = \"A\"\n\n[[funding]]\namounts = { 2024 = 100, 2025 = \"200,50\" }\n";

    #[test]
    fn amounts_and_identifiers_are_read_as_typed_and_an_ambiguous_amount_is_asked_about() {
        for (typed, written) in [
            ("1 234,56 €", "2025 = 1234.56"),
            ("1.234,56", "2025 = 1234.56"),
            ("12\u{202F}000\u{A0}€", "2025 = 12000"),
        ] {
            let text = set(TEXT, "funding[1].amounts.2025", &typed.into()).unwrap();
            assert!(text.contains(written), "{typed}: {text}");
        }
        let asked = set(TEXT, "funding[1].amounts.2025", &"12.000".into()).unwrap_err();
        assert_eq!(
            crate::i18n::Message::from(&asked).text(crate::i18n::Lang::Fr),
            "« 12.000 » : 12\u{202F}000,00\u{A0}€ ou 12,00\u{A0}€ ? Précisez le montant."
        );
        assert!(super::asked(Shape::Amount, &"12 000".into()).is_ok());
        for typed in ["200 012 342", "200\u{A0}012\u{A0}342", "200.012.342"] {
            let kept = to_toml(Shape::Siren, &typed.into()).unwrap();
            assert_eq!(kept.as_str(), Some("200012342"), "{typed}");
        }
    }
}
