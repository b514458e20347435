//! A cell's value as TOML, by what its column holds: dates from date cells or text, whole
//! numbers, amounts exact to the cent from number cells (binary floats: the rounding noise of
//! `12500.499999999998` is 12 500,50; a third decimal is refused), lists from lines.

use toml_edit::{Array, InlineTable, Value};

use super::book::Cell;
use super::layout::Kind;
use crate::i18n::Message;
use crate::model::{Date, Money, TypedError};
use rust_decimal::Decimal;

/// Where a value came from: the sheet, the cell (`C5`), the column's header, the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    pub cell: String,
    pub column: String,
    pub value: String,
}

/// The TOML value of a cell; text that is not what the column wants is kept as text, for the
/// checker to refuse at its key, as it would in a file.
pub fn to_value(kind: Kind, cell: &Cell) -> Result<Value, Message> {
    if let Cell::Error(error) = cell {
        return Err(Message::CellHoldsError {
            error: error.clone(),
        });
    }
    Ok(match (kind, cell) {
        (Kind::Date, Cell::Date(date)) => date_value(*date),
        (Kind::Date, Cell::Text(text)) => match written_date(text.trim()) {
            Some(date) => date_value(date),
            None => Value::from(text.as_str()),
        },
        (Kind::Integer, Cell::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => {
            Value::from(*n as i64)
        }
        (Kind::Integer, Cell::Text(text)) => match text.trim().parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(text.as_str()),
        },
        (Kind::Amount, Cell::Number(n)) => {
            let exact = exact_amount(*n)?;
            // Written as a number, as typed; a negative one as text, for the checker to refuse.
            Money::new(exact).map_or_else(|_| Value::from(exact.to_string()), Money::to_toml)
        }
        // Typed as text (« 1 500,00 € », « 1.500 »): read as the form reads it, an amount that
        // could be two asked about, never read as one of them.
        (Kind::Amount, Cell::Text(text)) => match Money::from_typed(text) {
            Ok(money) => money.to_toml(),
            Err(TypedError::Ambiguous { thousands, decimal }) => {
                let french = |m: Money| crate::french::money(m.value());
                return Err(Message::AmbiguousAmount {
                    typed: text.trim().to_string(),
                    thousands: french(thousands),
                    decimal: french(decimal),
                });
            }
            Err(TypedError::Invalid(_)) => Value::from(text.as_str()),
        },
        (Kind::Lines, Cell::Text(text)) => {
            let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
            Value::Array(lines.collect::<Array>())
        }
        (Kind::Domains, Cell::Text(text)) => Value::Array(domains(text)),
        (_, Cell::Text(text)) => Value::from(text.as_str()),
        (_, Cell::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => {
            Value::from((*n as i64).to_string())
        }
        (_, Cell::Number(n)) => Value::from(n.to_string()),
        (_, Cell::Date(date)) => Value::from(date.to_string()),
        (_, Cell::Bool(b)) => Value::from(b.to_string()),
        (_, Cell::Empty | Cell::Error(_)) => Value::from(""),
    })
}

fn date_value(date: Date) -> Value {
    let datetime = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year as u16,
            month: date.month,
            day: date.day,
        }),
        time: None,
        offset: None,
    };
    Value::from(datetime)
}

/// `2024-01-01`, or as French spreadsheets write it, `01/01/2024`.
fn written_date(text: &str) -> Option<Date> {
    Date::parse(text).or_else(|| {
        let mut parts = text.split('/');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        let iso = format!("{year:0>4}-{month:0>2}-{day:0>2}");
        parts.next().is_none().then(|| Date::parse(&iso)).flatten()
    })
}

/// A number cell's amount, exact: `12500.5` → 12 500,50. Spreadsheets store binary floats,
/// so a value within a millionth of a cent of a whole number of cents is that amount; any
/// other is refused, as a third decimal is in a file.
pub fn exact_amount(number: f64) -> Result<Decimal, Message> {
    let cents = (number * 100.0).round();
    let noise = (number * 100.0 - cents).abs();
    // A float holds 15 significant digits: its noise is about 1e-15 of the value.
    let tolerance = (cents.abs() * 1e-12).max(1e-6);
    if !number.is_finite() || cents.abs() >= 1e15 || noise > tolerance {
        return Err(Message::NotCents {
            number: number.to_string(),
        });
    }
    Ok(Decimal::new(cents as i64, 2))
}

/// An axis's fields: `enfance, jeunesse, autre: Sport` → `["enfance", "jeunesse", { autre = "Sport" }]`.
fn domains(text: &str) -> Array {
    let mut array = Array::new();
    for item in text.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        match item.split_once(':') {
            Some((domain, label)) if domain.trim() == "autre" => {
                let mut other = InlineTable::new();
                other.insert("autre", Value::from(label.trim()));
                array.push(other);
            }
            _ => array.push(item),
        }
    }
    array
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_to_the_cent_whatever_the_float() {
        let cases = [
            (12500.499999999998, "12500.50"),
            (12500.5, "12500.50"),
            (0.1 + 0.2, "0.30"),
            (27840.0, "27840.00"),
            (8615.4, "8615.40"),
            (0.0, "0.00"),
            (99999999.99, "99999999.99"),
        ];
        for (number, amount) in cases {
            assert_eq!(
                exact_amount(number).unwrap().to_string(),
                amount,
                "{number}"
            );
        }
        for number in [
            12.345,
            0.001,
            5000.004,
            9_999_999.999,
            f64::NAN,
            f64::INFINITY,
            1e20,
        ] {
            assert!(exact_amount(number).is_err(), "{number}");
        }
    }

    #[test]
    fn cells_become_what_their_column_holds() {
        let text = |s: &str| Cell::Text(s.to_string());
        let cases = [
            (Kind::Date, text("2024-01-31"), "2024-01-31"),
            (Kind::Date, text("31/01/2024"), "2024-01-31"),
            (Kind::Date, text("demain"), "\"demain\""),
            (Kind::Integer, Cell::Number(3.0), "3"),
            (Kind::Integer, text("trois"), "\"trois\""),
            (Kind::Amount, Cell::Number(12500.499999999998), "12500.5"),
            (Kind::Amount, Cell::Number(12000.0), "12000"),
            (Kind::Amount, Cell::Number(-5.0), "\"-5.00\""),
            (Kind::Amount, text("12 500,50"), "12500.5"),
            (Kind::Amount, text("1.234,56 €"), "1234.56"),
            (Kind::Amount, text("douze"), "\"douze\""),
            (Kind::Amount, text("-5"), "\"-5\""),
            (Kind::Text, Cell::Number(200067502.0), "\"200067502\""),
            (Kind::Lines, text("Un\n Deux \n"), "[\"Un\", \"Deux\"]"),
            (
                Kind::Domains,
                text("enfance, autre: Sport"),
                "[\"enfance\", { autre = \"Sport\" }]",
            ),
        ];
        for (kind, cell, toml) in cases {
            let value = to_value(kind, &cell).unwrap();
            assert_eq!(value.to_string().trim(), toml, "{kind:?} {cell:?}");
        }
        assert!(to_value(Kind::Amount, &Cell::Number(1.005)).is_err());
        // Walk 34: « 1.500 » typed as text is asked about, as in the form, not refused for
        // three decimals.
        let Err(asked) = to_value(Kind::Amount, &text("1.500")) else {
            panic!("« 1.500 » read as one amount");
        };
        assert!(
            matches!(asked, Message::AmbiguousAmount { .. }),
            "{asked:?}"
        );
    }
}
