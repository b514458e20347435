//! Reads a convention file into the model, collecting every problem with its key and span.
//!
//! The reader walks toml's spanned document by hand rather than through serde: serde stops
//! at the first error, and a jurist fixing a file wants all of them at once.

use toml::de::{DeTable, DeValue};

use super::limits::pre_parse_check;
use super::reader::{Fields, Reader, Value};
use super::{Loaded, Source, record};
use crate::diag::Diagnostic;
use crate::i18n::{Message, ParserWords};
use crate::model::*;

/// Reads a convention: syntax and types only, no domain rules.
pub fn read(source: &Source) -> Loaded {
    let mut reader = Reader::default();
    let mut parsed = false;
    let convention = if let Some(error) = pre_parse_check(source) {
        reader.diags.push(error);
        Convention::default()
    } else {
        let (document, errors) = DeTable::parse_recoverable(source.text.as_str());
        if errors.is_empty() {
            parsed = !document.get_ref().is_empty();
            reader.convention(Fields::root(document.get_ref(), document.span()))
        } else {
            for error in errors {
                let detail = ParserWords(error.message().trim_end().to_string());
                let diagnostic = Diagnostic::error(Message::InvalidToml { detail });
                reader.diags.push(diagnostic.span(error.span()));
            }
            Convention::default()
        }
    };
    Loaded {
        convention,
        spans: reader.spans,
        diagnostics: reader.diags,
        parsed,
        texts: reader.texts,
    }
}

impl Reader {
    fn convention(&mut self, root: Fields<'_, '_>) -> Convention {
        if root.is_empty() {
            let d = Diagnostic::error(Message::EmptyFile).span(Some(0..0));
            self.diags.push(d.help(Message::NewPrintsAnExample));
            return Convention::default();
        }
        self.unknown_keys(&root);
        record::convention(self, &root)
    }

    /// An amount, exact: an integer, a float with at most two decimals, or `"12 500,50"`.
    pub(super) fn amount_value(&mut self, path: &KeyPath, value: Value<'_, '_>) -> Option<Money> {
        match money(value) {
            Ok(money) => Some(money),
            Err(error) => {
                self.error(path, value.span(), Message::from(&error));
                None
            }
        }
    }
}

/// An amount as the contract writes it: an integer, a float with at most two decimals, or
/// a string (`"12 500,50"`).
fn money(value: Value<'_, '_>) -> Result<Money, MoneyError> {
    match value.get_ref() {
        DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
            .map_err(|_| MoneyError::TooLarge)
            .and_then(Money::from_integer),
        DeValue::Float(f) => Money::from_float_literal(f.as_str()),
        DeValue::String(s) => Money::from_text(s),
        _ => Err(MoneyError::NotANumber),
    }
}
