//! French formatting for legal documents: dates, amounts in figures and amounts in words.
//!
//! Numbers in words follow the traditional spelling (not the 1990 reform): hyphens only
//! below one hundred, "et" in 21…71, plural "vingts"/"cents" only when they end the
//! numeral adjective.

mod grammar;

pub use grammar::{
    Gender, capitalize, de, gender_of, in_groups_of_three, of, seat, sentence, with_article,
};

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// A label as it goes on in a sentence: « siège », but « SIREN » and « EPCI » stay.
pub fn lowercase_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(label[first.len_utf8()..].chars())
            .collect(),
        _ => label.to_string(),
    }
}

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Formats a date the French way, "1er janvier 2024" (the ordinal only for the first of the month).
pub fn date(year: i32, month: u8, day: u8) -> String {
    let day = if day == 1 {
        "1er".to_owned()
    } else {
        day.to_string()
    };
    // An out-of-range month must not panic: show its number rather than inventing a name.
    let month = usize::from(month)
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i))
        .map_or_else(|| month.to_string(), |m| (*m).to_owned());
    // No line break inside a date (« 5 octobre 2021 »).
    format!("{day}\u{a0}{month}\u{a0}{year}")
}

/// Formats an amount as "198 000,00 €", rounded half away from zero to the cent.
pub fn money(amount: Decimal) -> String {
    let rounded = to_cents(amount);
    // Comparison treats -0 as 0, so an amount rounding to zero gets no sign.
    let sign = if rounded < Decimal::ZERO {
        "\u{2212}"
    } else {
        ""
    };
    let abs = rounded.abs();
    let units = abs.trunc();
    // Decimal's mantissa is 96 bits, so the integer part always fits in a u128.
    let whole = units.to_u128().unwrap_or(0);
    let cents = ((abs - units) * Decimal::ONE_HUNDRED).to_u32().unwrap_or(0);
    format!("{sign}{},{cents:02}\u{A0}€", group_thousands(whole))
}

/// Spells a whole number in French words, traditional spelling: "cent quatre-vingt-dix-huit mille".
pub fn integer_words(n: u64) -> String {
    if n == 0 {
        "zéro".to_owned()
    } else {
        words(n, true)
    }
}

/// Spells an amount of euros and centimes in words, or None if negative or at least 10^15 euros.
pub fn amount_words(amount: Decimal) -> Option<String> {
    if amount < Decimal::ZERO {
        return None;
    }
    let rounded = to_cents(amount);
    let euros_dec = rounded.trunc();
    let euros = euros_dec.to_u64()?;
    if euros >= 1_000_000_000_000_000 {
        return None;
    }
    let cents = ((rounded - euros_dec) * Decimal::ONE_HUNDRED).to_u64()?;

    let euro_part = if euros == 0 && cents > 0 {
        // "cinquante centimes", not "zéro euro et cinquante centimes".
        None
    } else {
        let noun = if euros <= 1 {
            " euro"
        } else if euros.is_multiple_of(1_000_000) {
            // The noun million/milliard ends the number: "un million d'euros".
            " d'euros"
        } else {
            " euros"
        };
        Some(format!("{}{noun}", integer_words(euros)))
    };
    let cent_part = (cents > 0).then(|| {
        let noun = if cents == 1 { "centime" } else { "centimes" };
        format!("{} {noun}", integer_words(cents))
    });

    Some(match (euro_part, cent_part) {
        (Some(e), Some(c)) => format!("{e} et {c}"),
        (Some(e), None) => e,
        (None, Some(c)) => c,
        // Unreachable: euro_part is None only when there are centimes.
        (None, None) => integer_words(0),
    })
}

/// Rounds to the cent, half away from zero (legal amounts, not banker's rounding).
fn to_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Inserts U+202F NARROW NO-BREAK SPACE between groups of three digits.
fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
    "douze", "treize", "quatorze", "quinze", "seize",
];

/// Words for n >= 1. `ends` says whether the numeral adjective ends here, which decides
/// the plural of "vingts"/"cents": false before "mille" (an adjective), true before
/// "million"/"milliard" (nouns) and at the very end.
fn words(n: u64, ends: bool) -> String {
    const MILLIARD: u64 = 1_000_000_000;
    const MILLION: u64 = 1_000_000;
    let (head, rest) = if n >= MILLIARD {
        // Recursing on the multiplier covers all of u64: "mille milliards", etc.
        let high = n / MILLIARD;
        let noun = if high > 1 { "milliards" } else { "milliard" };
        (format!("{} {noun}", words(high, true)), n % MILLIARD)
    } else if n >= MILLION {
        let high = n / MILLION;
        let noun = if high > 1 { "millions" } else { "million" };
        (format!("{} {noun}", words(high, true)), n % MILLION)
    } else if n >= 1000 {
        let high = n / 1000;
        // "mille", never "un mille"; "mille" itself is invariable.
        let head = if high == 1 {
            "mille".to_owned()
        } else {
            format!("{} mille", words(high, false))
        };
        (head, n % 1000)
    } else {
        return below_thousand(n, ends);
    };
    if rest == 0 {
        head
    } else {
        format!("{head} {}", words(rest, ends))
    }
}

/// Words for 1..=999.
fn below_thousand(n: u64, ends: bool) -> String {
    let hundreds = n / 100;
    let rest = n % 100;
    let head = match hundreds {
        0 => return below_hundred(rest, ends),
        1 => "cent".to_owned(),
        h => {
            let s = if rest == 0 && ends { "s" } else { "" };
            format!("{} cent{s}", unit(h))
        }
    };
    if rest == 0 {
        head
    } else {
        format!("{head} {}", below_hundred(rest, ends))
    }
}

/// Words for 1..=99.
fn below_hundred(n: u64, ends: bool) -> String {
    match n {
        0..=16 => unit(n).to_owned(),
        17..=19 => format!("dix-{}", unit(n - 10)),
        20..=69 => {
            let tens = match n / 10 {
                2 => "vingt",
                3 => "trente",
                4 => "quarante",
                5 => "cinquante",
                _ => "soixante",
            };
            match n % 10 {
                0 => tens.to_owned(),
                1 => format!("{tens} et un"),
                u => format!("{tens}-{}", unit(u)),
            }
        }
        70 => "soixante-dix".to_owned(),
        71 => "soixante et onze".to_owned(),
        72..=79 => format!("soixante-{}", below_hundred(n - 60, ends)),
        80 if ends => "quatre-vingts".to_owned(),
        80 => "quatre-vingt".to_owned(),
        // No "et" after quatre-vingt: "quatre-vingt-un", "quatre-vingt-onze".
        _ => format!("quatre-vingt-{}", below_hundred(n - 80, ends)),
    }
}

/// Word for 0..=16; out of range yields an empty string rather than a panic.
fn unit(n: u64) -> &'static str {
    usize::try_from(n)
        .ok()
        .and_then(|i| UNITS.get(i))
        .copied()
        .unwrap_or("")
}

/// A name folded to lowercase ASCII words joined by `-` (`Saint-Ours-les-Roches`,
/// `Communauté d’Agglomération` → `communaute-d-agglomeration`), for file and field names.
pub fn slug(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ÿ' | 'Ÿ' => 'y',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    folded
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("valid decimal literal")
    }

    #[test]
    fn integer_words_table() {
        let cases: &[(u64, &str)] = &[
            (0, "zéro"),
            (1, "un"),
            (10, "dix"),
            (16, "seize"),
            (17, "dix-sept"),
            (19, "dix-neuf"),
            (20, "vingt"),
            (21, "vingt et un"),
            (22, "vingt-deux"),
            (31, "trente et un"),
            (41, "quarante et un"),
            (51, "cinquante et un"),
            (61, "soixante et un"),
            (70, "soixante-dix"),
            (71, "soixante et onze"),
            (72, "soixante-douze"),
            (77, "soixante-dix-sept"),
            (80, "quatre-vingts"),
            (81, "quatre-vingt-un"),
            (90, "quatre-vingt-dix"),
            (91, "quatre-vingt-onze"),
            (97, "quatre-vingt-dix-sept"),
            (99, "quatre-vingt-dix-neuf"),
            (100, "cent"),
            (101, "cent un"),
            (121, "cent vingt et un"),
            (180, "cent quatre-vingts"),
            (200, "deux cents"),
            (201, "deux cent un"),
            (280, "deux cent quatre-vingts"),
            (999, "neuf cent quatre-vingt-dix-neuf"),
            (1000, "mille"),
            (1001, "mille un"),
            (1100, "mille cent"),
            (2000, "deux mille"),
            (21_000, "vingt et un mille"),
            (80_000, "quatre-vingt mille"),
            (80_080, "quatre-vingt mille quatre-vingts"),
            (81_000, "quatre-vingt-un mille"),
            (200_000, "deux cent mille"),
            (198_000, "cent quatre-vingt-dix-huit mille"),
            (1_000_000, "un million"),
            (2_000_000, "deux millions"),
            (80_000_000, "quatre-vingts millions"),
            (200_000_000, "deux cents millions"),
            (1_100_000, "un million cent mille"),
            (1_080_000, "un million quatre-vingt mille"),
            (1_000_002, "un million deux"),
            (1_000_000_000, "un milliard"),
            (2_000_000_000, "deux milliards"),
            (200_000_000_000, "deux cents milliards"),
            (1_000_000_000_000, "mille milliards"),
            (
                1_234_567_890,
                "un milliard deux cent trente-quatre millions cinq cent soixante-sept mille \
                 huit cent quatre-vingt-dix",
            ),
            (
                u64::MAX,
                "dix-huit milliards quatre cent quarante-six millions sept cent quarante-quatre \
                 mille soixante-treize milliards sept cent neuf millions cinq cent cinquante et \
                 un mille six cent quinze",
            ),
        ];
        for &(n, want) in cases {
            assert_eq!(integer_words(n), want, "integer_words({n})");
        }
    }

    #[test]
    fn amount_words_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("0", Some("zéro euro")),
            ("0.00", Some("zéro euro")),
            ("0.001", Some("zéro euro")),
            ("1", Some("un euro")),
            ("2", Some("deux euros")),
            ("2.01", Some("deux euros et un centime")),
            ("0.5", Some("cinquante centimes")),
            ("0.01", Some("un centime")),
            ("0.005", Some("un centime")),
            ("21.21", Some("vingt et un euros et vingt et un centimes")),
            ("80", Some("quatre-vingts euros")),
            ("200", Some("deux cents euros")),
            ("1000.10", Some("mille euros et dix centimes")),
            ("198000", Some("cent quatre-vingt-dix-huit mille euros")),
            ("1000000", Some("un million d'euros")),
            ("1000000.01", Some("un million d'euros et un centime")),
            ("2000000", Some("deux millions d'euros")),
            ("3000000000", Some("trois milliards d'euros")),
            ("1100000", Some("un million cent mille euros")),
            ("1000002", Some("un million deux euros")),
            (
                "1234567.89",
                Some(
                    "un million deux cent trente-quatre mille cinq cent soixante-sept euros \
                     et quatre-vingt-neuf centimes",
                ),
            ),
            ("999.995", Some("mille euros")),
            (
                "999999999999999.99",
                Some(
                    "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf \
                     milliards neuf cent quatre-vingt-dix-neuf millions neuf cent \
                     quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf euros et \
                     quatre-vingt-dix-neuf centimes",
                ),
            ),
            ("-1", None),
            ("-0.001", None),
            ("1000000000000000", None),
            ("999999999999999.995", None),
            ("79228162514264337593543950335", None),
        ];
        for &(s, want) in cases {
            assert_eq!(amount_words(dec(s)).as_deref(), want, "amount_words({s})");
        }
    }

    #[test]
    fn money_table() {
        let cases: &[(&str, &str)] = &[
            ("0", "0,00\u{A0}€"),
            ("7", "7,00\u{A0}€"),
            ("999", "999,00\u{A0}€"),
            ("1000", "1\u{202F}000,00\u{A0}€"),
            ("198000", "198\u{202F}000,00\u{A0}€"),
            ("1234567.891", "1\u{202F}234\u{202F}567,89\u{A0}€"),
            ("0.005", "0,01\u{A0}€"),
            ("0.015", "0,02\u{A0}€"),
            ("0.004", "0,00\u{A0}€"),
            ("999.995", "1\u{202F}000,00\u{A0}€"),
            ("12500.5", "12\u{202F}500,50\u{A0}€"),
            ("-12500.5", "\u{2212}12\u{202F}500,50\u{A0}€"),
            ("-0.005", "\u{2212}0,01\u{A0}€"),
            ("-0.004", "0,00\u{A0}€"),
            (
                "79228162514264337593543950335",
                "79\u{202F}228\u{202F}162\u{202F}514\u{202F}264\u{202F}337\u{202F}593\u{202F}\
                 543\u{202F}950\u{202F}335,00\u{A0}€",
            ),
        ];
        for &(s, want) in cases {
            assert_eq!(money(dec(s)), want, "money({s})");
        }
    }

    #[test]
    fn money_extremes_do_not_panic() {
        for d in [
            Decimal::MAX,
            Decimal::MIN,
            dec("0.0000000000000000000000000001"),
        ] {
            let _ = money(d);
            let _ = amount_words(d);
        }
    }

    #[test]
    fn date_table() {
        let cases: &[((i32, u8, u8), &str)] = &[
            ((2024, 1, 1), "1er janvier 2024"),
            ((2021, 1, 12), "12 janvier 2021"),
            ((2021, 10, 18), "18 octobre 2021"),
            ((2020, 2, 29), "29 février 2020"),
            ((2023, 8, 2), "2 août 2023"),
            ((2023, 12, 31), "31 décembre 2023"),
            ((2023, 0, 5), "5 0 2023"),
            ((2023, 13, 5), "5 13 2023"),
        ];
        for &((y, m, d), want) in cases {
            let want = want.replace(' ', "\u{a0}");
            assert_eq!(date(y, m, d), want, "date({y}, {m}, {d})");
        }
    }

    #[test]
    fn month_names_table() {
        let want = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        for (i, name) in want.iter().enumerate() {
            assert_eq!(MONTHS[i], *name);
            let month = u8::try_from(i + 1).expect("month fits in u8");
            assert_eq!(date(2022, month, 15), format!("15\u{a0}{name}\u{a0}2022"));
        }
    }
}
