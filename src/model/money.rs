//! Amounts of euros, held exactly, and the three ways a file may spell them.

use std::fmt;

use rust_decimal::Decimal;

/// An exact, non-negative amount of euros with at most two decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

/// Why a value is not an amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    Negative,
    TooManyDecimals,
    TooLarge,
    NotANumber,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::Negative => "an amount cannot be negative",
            MoneyError::TooManyDecimals => "an amount has at most two decimals (cents)",
            MoneyError::TooLarge => "an amount must stay below one billion euros",
            MoneyError::NotANumber => {
                "not an amount: write 12500, 12500.5, \"12500.50\" or \"12 500,50\""
            }
        })
    }
}

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Largest amount one yearly line may hold: far above any real convention, and low
    /// enough that sums over thousands of lines cannot overflow.
    fn limit() -> Decimal {
        Decimal::from(1_000_000_000u64)
    }

    /// Checks an exact decimal against the rules every amount follows.
    pub fn new(value: Decimal) -> Result<Money, MoneyError> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(MoneyError::Negative);
        }
        if value.normalize().scale() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        if value >= Money::limit() {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(value.abs().round_dp(2)))
    }

    /// A TOML integer, given as its decimal digits (with sign).
    pub fn from_integer(value: i64) -> Result<Money, MoneyError> {
        Money::new(Decimal::from(value))
    }

    /// A TOML float, given as the literal's text so that no binary rounding happens.
    pub fn from_float_literal(text: &str) -> Result<Money, MoneyError> {
        let text = text.replace('_', "");
        if text.contains("inf") || text.contains("nan") {
            return Err(MoneyError::NotANumber);
        }
        if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
            return Money::new(Decimal::ZERO);
        }
        let value = if text.contains(['e', 'E']) {
            Decimal::from_scientific(&text)
        } else {
            text.parse::<Decimal>()
        };
        match value {
            Ok(value) => Money::new(value),
            Err(_) if text.starts_with('-') => Err(MoneyError::Negative),
            Err(_) => Err(MoneyError::TooLarge),
        }
    }

    /// A string: `"12500.50"`, `"12 500,50"` (groups of three separated by a space, a
    /// no-break space or a narrow no-break space; decimal point or comma).
    pub fn from_text(text: &str) -> Result<Money, MoneyError> {
        let text = text.trim_matches(' ');
        if let Some(rest) = text.strip_prefix('-') {
            return match Money::from_text(rest) {
                Ok(_) => Err(MoneyError::Negative),
                Err(error) => Err(error),
            };
        }
        let (whole, cents) = match text.find([',', '.']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let digits = whole_digits(whole).ok_or(MoneyError::NotANumber)?;
        let mut plain = digits;
        if let Some(cents) = cents {
            if cents.is_empty() || !cents.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MoneyError::NotANumber);
            }
            if cents.len() > 2 {
                return Err(MoneyError::TooManyDecimals);
            }
            plain = format!("{plain}.{cents}");
        }
        if plain.len() > 20 {
            return Err(MoneyError::TooLarge);
        }
        Money::new(plain.parse().map_err(|_| MoneyError::NotANumber)?)
    }

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The amount as a TOML number, as a person would write it: `12000`, `1234.5`, `1234.56`
    /// (a float of at most two decimals is read back exactly).
    pub fn to_toml(self) -> toml_edit::Value {
        let literal = self.0.normalize().to_string();
        (literal.parse::<toml_edit::Value>()).unwrap_or_else(|_| toml_edit::Value::from(literal))
    }

    /// The sum, exact; amounts are bounded so that realistic sums never overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

/// Why a typed amount is not read: it is not one, or it could be two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypedError {
    /// Not an amount, for the checker to say why.
    Invalid(MoneyError),
    /// « 12.000 » or « 12,000 »: twelve thousand, or twelve with its cents?
    Ambiguous { thousands: Money, decimal: Money },
}

impl Money {
    /// An amount as a French user types or pastes it into a form: « 1 234,56 € »,
    /// « 1.234,56 », « 12 000 € », « 1234.5 », spaces being plain, no-break or narrow
    /// no-break ones. A lone separator followed by three digits (« 12.000 ») is refused as
    /// ambiguous, never read as twelve.
    pub fn from_typed(text: &str) -> Result<Money, TypedError> {
        const SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\u{2009}'];
        let invalid = || TypedError::Invalid(MoneyError::NotANumber);
        let text = text.trim_matches(|c: char| c.is_whitespace());
        // « 1 500 € », « € 1500 », « 1500 euros », « 1500 EUR »: the currency said.
        let before_currency = ["euros", "euro", "eur", "€"].iter().find_map(|currency| {
            let at = text.len().checked_sub(currency.len())?;
            (text.get(at..)?.eq_ignore_ascii_case(currency)).then(|| &text[..at])
        });
        let text = (before_currency.or_else(|| text.strip_prefix('€')))
            .unwrap_or(text)
            .trim_matches(|c: char| c.is_whitespace());
        if text.starts_with('-') {
            return Err(TypedError::Invalid(MoneyError::Negative));
        }
        // Spaces of any kind are group separators.
        let spaced: String = text
            .chars()
            .map(|c| if SPACES.contains(&c) { ' ' } else { c })
            .collect();
        let read = |whole: &str, cents: Option<&str>| -> Result<Money, TypedError> {
            let plain = match cents {
                Some(cents) => format!("{whole},{cents}"),
                None => whole.to_string(),
            };
            Money::from_text(&plain).map_err(TypedError::Invalid)
        };
        let commas = spaced.matches(',').count();
        let dots = spaced.matches('.').count();
        // The thousands of « 1.234.567 » or « 1,234 » (when the other mark ends the number).
        let grouped = |whole: &str, mark: char| -> Option<String> {
            let groups: Vec<&str> = whole.split(mark).collect();
            let ok = groups[0].len() <= 3
                && !groups[0].is_empty()
                && groups[1..].iter().all(|g| g.len() == 3)
                && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
            ok.then(|| groups.join(""))
        };
        match (commas, dots) {
            (0, 0) => read(&spaced, None),
            // « 1.234,56 » and « 1,234.56 »: the last mark is the decimal one.
            (_, _) if commas > 0 && dots > 0 => {
                let last = spaced.rfind([',', '.']).ok_or_else(invalid)?;
                let decimal = spaced[last..].chars().next().ok_or_else(invalid)?;
                let thousands = if decimal == ',' { '.' } else { ',' };
                let (whole, cents) = (&spaced[..last], &spaced[last + 1..]);
                if whole.contains(decimal) || whole.contains(' ') {
                    return Err(invalid());
                }
                read(&grouped(whole, thousands).ok_or_else(invalid)?, Some(cents))
            }
            // One mark: decimal, unless three digits follow it.
            (1, 0) | (0, 1) => {
                let at = spaced.find([',', '.']).ok_or_else(invalid)?;
                let (whole, cents) = (&spaced[..at], &spaced[at + 1..]);
                let three = cents.len() == 3 && cents.bytes().all(|b| b.is_ascii_digit());
                let short = !whole.contains(' ')
                    && !whole.starts_with('0')
                    && (1..=3).contains(&whole.len());
                if three && short && whole.bytes().all(|b| b.is_ascii_digit()) {
                    let thousands = read(&format!("{whole}{cents}"), None)?;
                    return match read(whole, Some(&cents[..2])) {
                        Ok(decimal) if cents.ends_with('0') => {
                            Err(TypedError::Ambiguous { thousands, decimal })
                        }
                        // « 1.235 »: three decimals are not cents, the thousands it is;
                        // « 1,235 » is refused for its three decimals.
                        _ if spaced.contains('.') => Ok(thousands),
                        _ => read(whole, Some(cents)),
                    };
                }
                read(whole, Some(cents))
            }
            // « 1.234.567 »: dots as thousands.
            (0, _) => read(&grouped(&spaced, '.').ok_or_else(invalid)?, None),
            _ => Err(invalid()),
        }
    }
}

/// The digits of a whole part written plainly or in groups of three.
fn whole_digits(whole: &str) -> Option<String> {
    const SEPARATORS: [char; 3] = [' ', '\u{A0}', '\u{202F}'];
    let groups: Vec<&str> = whole.split(SEPARATORS).collect();
    let all_digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let well_grouped =
        groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
    (groups.iter().all(|g| all_digits(g)) && well_grouped).then(|| groups.concat())
}

impl fmt::Display for Money {
    /// Plain decimal with two places, `12500.50`: what templates and written files get.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut value = self.0;
        value.rescale(2);
        write!(f, "{value}")
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_as_french_users_type_or_paste_them() {
        let typed = |t: &str| Money::from_typed(t).map(|m| m.to_string());
        for (spelled, value) in [
            ("1 234,56 €", "1234.56"),
            ("1\u{A0}234,56\u{A0}€", "1234.56"),
            ("1\u{202F}234,56", "1234.56"),
            ("1.234,56", "1234.56"),
            ("1,234.56", "1234.56"),
            ("12 000 €", "12000.00"),
            ("€ 12 000", "12000.00"),
            ("1500 euros", "1500.00"),
            ("1 500,50 EUR", "1500.50"),
            ("1 euro", "1.00"),
            ("1.234.567", "1234567.00"),
            ("1.234.567,5", "1234567.50"),
            ("12,5", "12.50"),
            ("12.50", "12.50"),
            ("1.235", "1235.00"),
            ("  27 840,00 ", "27840.00"),
            ("12000", "12000.00"),
        ] {
            assert_eq!(typed(spelled), Ok(value.to_string()), "{spelled}");
        }
        for ambiguous in ["12.000", "12,000", "1.500", "250,500"] {
            assert!(
                matches!(
                    Money::from_typed(ambiguous),
                    Err(TypedError::Ambiguous { .. })
                ),
                "{ambiguous}"
            );
        }
        let Err(TypedError::Ambiguous { thousands, decimal }) = Money::from_typed("12.000") else {
            panic!("asked");
        };
        assert_eq!(
            (thousands.to_string(), decimal.to_string()),
            ("12000.00".into(), "12.00".into())
        );
        for wrong in [
            "douze",
            "12 50,00",
            "1.2.3",
            "1,2,3",
            "12,345",
            "27 840,555",
            "-5",
            "1.234,5.6",
        ] {
            assert!(
                matches!(Money::from_typed(wrong), Err(TypedError::Invalid(_))),
                "{wrong}"
            );
        }
    }

    fn text(m: Result<Money, MoneyError>) -> Result<String, MoneyError> {
        m.map(|m| m.to_string())
    }

    #[test]
    fn accepts_the_three_spellings() {
        assert_eq!(text(Money::from_integer(24000)), Ok("24000.00".into()));
        assert_eq!(
            text(Money::from_float_literal("12500.5")),
            Ok("12500.50".into())
        );
        assert_eq!(
            text(Money::from_float_literal("12_500.25")),
            Ok("12500.25".into())
        );
        assert_eq!(
            text(Money::from_float_literal("1.25e4")),
            Ok("12500.00".into())
        );
        for spelled in ["12500.50", "12 500,50", "12\u{A0}500,50", "12\u{202F}500.5"] {
            assert_eq!(
                text(Money::from_text(spelled)),
                Ok("12500.50".into()),
                "{spelled}"
            );
        }
        assert_eq!(text(Money::from_text("1 000 000")), Ok("1000000.00".into()));
        assert_eq!(text(Money::from_text("0,01")), Ok("0.01".into()));
    }

    #[test]
    fn rejects_everything_else() {
        use MoneyError::*;
        let cases: [(Result<Money, MoneyError>, MoneyError); 16] = [
            (Money::from_integer(-1), Negative),
            (Money::from_float_literal("-0.5"), Negative),
            (Money::from_float_literal("12.345"), TooManyDecimals),
            (Money::from_float_literal("1.2345e1"), TooManyDecimals),
            (Money::from_float_literal("nan"), NotANumber),
            (Money::from_float_literal("+inf"), NotANumber),
            (Money::from_float_literal("1e40"), TooLarge),
            (Money::from_text("12,345"), TooManyDecimals),
            (Money::from_text("12 50,00"), NotANumber),
            (Money::from_text("1 2500"), NotANumber),
            (Money::from_text("douze"), NotANumber),
            (Money::from_text("12 500 €"), NotANumber),
            (Money::from_text(""), NotANumber),
            (Money::from_text("12,"), NotANumber),
            (Money::from_text("-12"), Negative),
            (Money::from_text("1000000000"), TooLarge),
        ];
        for (i, (got, want)) in cases.into_iter().enumerate() {
            assert_eq!(got, Err(want), "case {i}");
        }
        assert_eq!(Money::from_text(&"9".repeat(5000)), Err(TooLarge));
    }

    #[test]
    fn sums_exactly() {
        let a = Money::from_text("0.10").unwrap();
        let b = Money::from_text("0.20").unwrap();
        assert_eq!(a.checked_add(b).unwrap().to_string(), "0.30");
    }
}
