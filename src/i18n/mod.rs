//! Every text convgen shows a person, in French or in English: each message is data — a
//! [`Message`], with its arguments — and its words are in the catalogs `locales/fr.ftl` and
//! `locales/en.ftl` (Fluent, the format of the Rust ecosystem's localised programs). The
//! command line speaks the language of the locale, the workspace French unless the browser
//! asks for English first.

mod conversions;
#[macro_use]
mod declare;
mod messages;
mod toml_words;

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_decimal::Decimal;

pub use messages::Message;

use crate::model::{Choice, Date};

/// A language convgen speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The language of this run's command line: set once at start; English for a program that
/// uses the library without choosing.
static CURRENT: AtomicU8 = AtomicU8::new(Lang::En as u8);

impl Lang {
    /// The language of this run, as [`Lang::set`] chose it.
    pub fn current() -> Lang {
        match CURRENT.load(Ordering::Relaxed) {
            1 => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// Chooses the language of this run.
    pub fn set(self) {
        CURRENT.store(self as u8, Ordering::Relaxed);
    }

    /// The language a locale's name asks for: `fr`, `fr_FR.UTF-8` → French; anything else
    /// (`C`, `POSIX`, `en_GB.UTF-8`, `de_DE`) → English.
    pub fn of_locale(locale: &str) -> Lang {
        match locale.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("fr") => Lang::Fr,
            _ => Lang::En,
        }
    }

    /// The language of the environment, as programs read it: `LC_ALL`, then `LC_MESSAGES`,
    /// then `LANG`, the first set and not empty; English when none is.
    pub fn of_environment(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .map_or(Lang::En, |locale| Lang::of_locale(&locale))
    }

    /// The language for a browser: French, unless its first language is English.
    pub fn of_accept_language(header: &str) -> Lang {
        let first = header.split(',').next().unwrap_or_default().trim();
        match first.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// The language named `fr` or `en`.
    pub fn parse(name: &str) -> Option<Lang> {
        match name.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" => Some(Lang::Fr),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// A value a message speaks of, written as its language writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    /// A count: Fluent chooses the plural form from it (« 1 fichier », « 2 fichiers »).
    Count(i64),
    /// An amount in euros: « 12 500,50 € », « €12,500.50 ».
    Amount(Decimal),
    /// A day: « 1er janvier 2025 », « 1 January 2025 ».
    Date(Date),
    /// Another message, said in the same language.
    Message(Box<Message>),
    /// Names of a closed list, by their labels in running text: « petite enfance, jeunesse ».
    Labels(Vec<Choice>),
    /// A message of the TOML parser, in its English.
    Parser(ParserWords),
}

/// A message of the TOML parser, as it says it in English; French reads it through
/// [`toml_words`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParserWords(pub String);

impl From<ParserWords> for Arg {
    fn from(words: ParserWords) -> Arg {
        Arg::Parser(words)
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

macro_rules! counts {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
counts!(usize, u32, u64, i32, i64, u16, u8);

impl From<Decimal> for Arg {
    fn from(amount: Decimal) -> Arg {
        Arg::Amount(amount)
    }
}

impl From<Vec<Choice>> for Arg {
    fn from(choices: Vec<Choice>) -> Arg {
        Arg::Labels(choices)
    }
}

impl From<Date> for Arg {
    fn from(date: Date) -> Arg {
        Arg::Date(date)
    }
}

impl From<Message> for Arg {
    fn from(message: Message) -> Arg {
        Arg::Message(Box::new(message))
    }
}

impl From<Box<Message>> for Arg {
    fn from(message: Box<Message>) -> Arg {
        Arg::Message(message)
    }
}

/// The catalogs, each a Fluent bundle, read once.
static CATALOGS: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| [bundle(Lang::Fr), bundle(Lang::En)]);

/// The catalog of a language's messages.
pub fn catalog(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => include_str!("../../locales/fr.ftl"),
        Lang::En => include_str!("../../locales/en.ftl"),
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    // The catalogs are part of the program: a test parses both, so this cannot fail.
    let resource =
        FluentResource::try_new(catalog(lang).to_string()).unwrap_or_else(|(resource, _)| resource);
    let id = match lang {
        Lang::Fr => unic_langid::langid!("fr"),
        Lang::En => unic_langid::langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around values: messages go to terminals and mail headers.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

/// An amount as `lang` writes it.
pub fn amount(amount: Decimal, lang: Lang) -> String {
    let french = crate::french::money(amount);
    match lang {
        Lang::Fr => french,
        Lang::En => {
            // « 12 500,50 € » → « €12,500.50 »
            let number = french.trim_end_matches('€').trim_end_matches('\u{a0}');
            let number = number.replace(',', ".").replace('\u{202f}', ",");
            match number.strip_prefix('\u{2212}') {
                Some(rest) => format!("−€{rest}"),
                None => format!("€{number}"),
            }
        }
    }
}

/// A name of a list as a reader of `lang` calls it: « Parentalité », « Parenting ».
pub fn choice_label(choice: Choice, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => choice.label,
        Lang::En => choice.label_en,
    }
}

/// Names of a list as a sentence says them: lower case, separated by commas.
fn labels(choices: &[Choice], lang: Lang) -> String {
    let label = |c: &Choice| choice_label(*c, lang).to_lowercase();
    choices.iter().map(label).collect::<Vec<_>>().join(", ")
}

/// A measured figure (seconds, a rate) with `decimals` digits, as `lang` writes it:
/// « 0,38 », « 0.38 ».
pub fn figure(value: f64, decimals: usize, lang: Lang) -> String {
    let written = format!("{value:.decimals$}");
    match lang {
        Lang::Fr => written.replace('.', ","),
        Lang::En => written,
    }
}

/// A day as `lang` writes it.
pub fn date(date: Date, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Lang::Fr => crate::french::date(date.year, date.month, date.day),
        Lang::En => {
            let month = (usize::from(date.month).checked_sub(1)).and_then(|m| MONTHS.get(m));
            let month = month.map_or_else(|| date.month.to_string(), |m| m.to_string());
            format!("{} {month} {}", date.day, date.year)
        }
    }
}

/// The text of message `id` with its arguments, in `lang`; the id itself when the catalog
/// lacks it (a test holds both catalogs to every message).
pub fn text(id: &str, args: &[(&'static str, Arg)], lang: Lang) -> String {
    let bundle = &CATALOGS[lang as usize];
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent = FluentArgs::new();
    for (name, arg) in args {
        let value = match arg {
            Arg::Text(text) => FluentValue::from(text.as_str()),
            Arg::Count(n) => FluentValue::from(*n),
            Arg::Amount(a) => FluentValue::from(amount(*a, lang)),
            Arg::Date(d) => FluentValue::from(date(*d, lang)),
            Arg::Message(m) => FluentValue::from(m.text(lang)),
            Arg::Labels(choices) => FluentValue::from(labels(choices, lang)),
            Arg::Parser(ParserWords(english)) => FluentValue::from(match lang {
                Lang::Fr => toml_words::french(english).unwrap_or_else(|| english.clone()),
                Lang::En => english.clone(),
            }),
        };
        fluent.set(*name, value);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent), &mut errors)
        .into_owned()
}

/// A message with no argument, by its id (headings, labels of the command line's help).
pub fn say(id: &str, lang: Lang) -> String {
    text(id, &[], lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_chooses_the_language_as_programs_read_it() {
        let env = |vars: &[(&str, &str)]| {
            let vars: Vec<(String, String)> = vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Lang::of_environment(move |name| {
                vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
            })
        };
        assert_eq!(env(&[("LANG", "fr_FR.UTF-8")]), Lang::Fr);
        assert_eq!(env(&[("LANG", "C")]), Lang::En);
        assert_eq!(env(&[]), Lang::En);
        assert_eq!(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(
            env(&[("LANG", "C"), ("LC_MESSAGES", "fr_CA"), ("LC_ALL", "")]),
            Lang::Fr
        );
        assert_eq!(Lang::of_accept_language("en-GB,fr;q=0.8"), Lang::En);
        assert_eq!(Lang::of_accept_language("fr-FR,en;q=0.8"), Lang::Fr);
        assert_eq!(Lang::of_accept_language(""), Lang::Fr);
    }

    #[test]
    fn amounts_and_dates_are_written_as_each_language_writes_them() {
        let amount = Decimal::new(1_250_050, 2);
        assert_eq!(super::amount(amount, Lang::Fr), "12\u{202f}500,50\u{a0}€");
        assert_eq!(super::amount(amount, Lang::En), "€12,500.50");
        let day = Date::new(2025, 1, 1).unwrap();
        assert_eq!(date(day, Lang::Fr), "1er\u{a0}janvier\u{a0}2025");
        assert_eq!(date(day, Lang::En), "1 January 2025");
    }
}
