//! Reads a convention file into the model, collecting every problem with its key and span.
//!
//! The reader walks toml's spanned document by hand rather than through serde: serde stops
//! at the first error, and a jurist fixing a file wants all of them at once.

use std::collections::BTreeMap;

use toml::de::{DeTable, DeValue};

use super::keys;
use super::limits::pre_parse_check;
use super::reader::{Fields, Reader, Value, at};
use super::{Loaded, Source};
use crate::diag::Diagnostic;
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
                let message = error.message().trim_end().to_string();
                let diagnostic = Diagnostic::error(format!("invalid TOML: {message}"));
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
            let d = Diagnostic::error("the file is empty").span(Some(0..0));
            self.diags
                .push(d.help("`convgen new ctg` prints a commented example to start from"));
            return Convention::default();
        }
        self.unknown_keys(&root);
        Convention {
            kind: (self.name(&root, "kind", Kind::ALL, Kind::as_str)).unwrap_or_default(),
            reference: self.required_string(&root, "reference"),
            territory: self.required_string(&root, "territory"),
            title: self.string(&root, "title"),
            court: self.string(&root, "court"),
            sdsf: self.string(&root, "sdsf"),
            period: self.period(&root),
            signature: self.signature(&root),
            caf: self.caf(&root),
            partners: self.tables(&root, "partners", Self::partner),
            axes: self.tables(&root, "axes", Self::axis),
            funding: self.tables(&root, "funding", Self::funding_line),
            amendment: self.amendment(&root),
        }
    }

    /// What an avenant adds: `base`, `number`, `effective` and `[previous]`. Whether a
    /// file must or must not have them is the validator's to say, knowing its kind.
    fn amendment(&mut self, root: &Fields<'_, '_>) -> Option<Amendment> {
        let base = self.string(root, "base");
        let number = self.integer(root, "number", 1, 999).map(|n| n as u32);
        let effective = self.date(root, "effective");
        let fields = self.table(root, "previous", keys::PREVIOUS);
        let previous = fields.map(|fields| self.previous(&fields));
        if base.is_none() && number.is_none() && effective.is_none() && previous.is_none() {
            return None;
        }
        Some(Amendment {
            base: base.unwrap_or_default(),
            number: number.unwrap_or_default(),
            effective,
            previous: previous.unwrap_or_default(),
        })
    }

    fn previous(&mut self, fields: &Fields<'_, '_>) -> Previous {
        let given = |reader: &mut Self, key| reader.value(fields, key).is_some();
        Previous {
            kind: (self.name(fields, "kind", Kind::ALL, Kind::as_str)).unwrap_or_default(),
            title: self.string(fields, "title"),
            court: self.string(fields, "court"),
            sdsf: self.string(fields, "sdsf"),
            signature: self.signature(fields),
            period: given(self, "period").then(|| self.period(fields)),
            partners: given(self, "partners")
                .then(|| self.tables(fields, "partners", Self::partner)),
            axes: given(self, "axes").then(|| self.tables(fields, "axes", Self::axis)),
            funding: given(self, "funding")
                .then(|| self.tables(fields, "funding", Self::funding_line)),
        }
    }

    /// The table under `key`, opened with the keys it may hold.
    fn table<'t, 'i>(
        &mut self,
        parent: &Fields<'t, 'i>,
        key: &str,
        keys: &'static [keys::Key],
    ) -> Option<Fields<'t, 'i>> {
        let value = self.value(parent, key)?;
        self.open(parent.path.key(key), value, keys)
    }

    fn period(&mut self, root: &Fields<'_, '_>) -> Period {
        let Some(fields) = self.table(root, "period", keys::PERIOD) else {
            return Period::default();
        };
        Period {
            start: self.date(&fields, "start").unwrap_or_default(),
            end: self.date(&fields, "end").unwrap_or_default(),
        }
    }

    fn signature(&mut self, root: &Fields<'_, '_>) -> Option<Signature> {
        let fields = self.table(root, "signature", keys::SIGNATURE)?;
        Some(Signature {
            place: self.required_string(&fields, "place"),
            date: self.date(&fields, "date"),
            copies: self.integer(&fields, "copies", 1, 1000).map(|n| n as u32),
        })
    }

    fn caf(&mut self, root: &Fields<'_, '_>) -> Caf {
        let Some(fields) = self.table(root, "caf", keys::CAF) else {
            return Caf::default();
        };
        Caf {
            name: self.required_string(&fields, "name"),
            short_name: self.string(&fields, "short_name"),
            address: self.string(&fields, "address"),
            deliberation: self.deliberation(&fields),
            signatories: self.tables(&fields, "signatories", Self::signatory),
        }
    }

    fn signatory(&mut self, path: KeyPath, value: Value<'_, '_>) -> Signatory {
        let Some(fields) = self.open(path, value, keys::SIGNATORY) else {
            return Signatory::default();
        };
        Signatory {
            name: self.required_string(&fields, "name"),
            role: self.required_string(&fields, "role"),
            email: self.string(&fields, "email"),
        }
    }

    fn partner(&mut self, path: KeyPath, value: Value<'_, '_>) -> Partner {
        let Some(fields) = self.open(path, value, keys::PARTNER) else {
            return Partner::default();
        };
        let kinds = PartnerKind::ALL;
        Partner {
            kind: (self.name(&fields, "kind", kinds, PartnerKind::as_str)).unwrap_or_default(),
            name: self.required_string(&fields, "name"),
            article: self.name(&fields, "article", Article::ALL, Article::as_str),
            siren: self.string(&fields, "siren"),
            address: self.string(&fields, "address"),
            deliberation: self.deliberation(&fields),
            epci: self.string(&fields, "epci"),
            signatories: self.tables(&fields, "signatories", Self::signatory),
        }
    }

    fn deliberation(&mut self, party: &Fields<'_, '_>) -> Option<Deliberation> {
        let fields = self.table(party, "deliberation", keys::DELIBERATION)?;
        Some(Deliberation {
            body: self.required_string(&fields, "body"),
            date: self.date(&fields, "date").unwrap_or_default(),
            number: self.string(&fields, "number"),
        })
    }

    fn axis(&mut self, path: KeyPath, value: Value<'_, '_>) -> Axis {
        let Some(fields) = self.open(path, value, keys::AXIS) else {
            return Axis::default();
        };
        Axis {
            title: self.required_string(&fields, "title"),
            domains: self.list(&fields, "domains", Self::domain),
            actions: self.list(&fields, "actions", Self::action),
        }
    }

    /// An action: its title, or its fiche (`[[axes.actions]]`, `{ title = "…", … }`).
    fn action(&mut self, path: KeyPath, value: Value<'_, '_>) -> Option<Action> {
        if !matches!(value.get_ref(), DeValue::Table(_)) {
            let title = self.string_value(&path, value, true)?;
            return Some(Action { title, fiche: None });
        }
        let fields = self.open(path, value, keys::FICHE)?;
        let strings = |reader: &mut Self, key| {
            reader.list(&fields, key, |reader, path, value| {
                reader.string_value(&path, value, true)
            })
        };
        let fiche = Fiche {
            need: self.text(&fields, "need"),
            objectives: strings(self, "objectives"),
            public: self.string(&fields, "public"),
            pilot: self.string(&fields, "pilot"),
            partners: strings(self, "partners"),
            calendar: self.text(&fields, "calendar"),
            means: self.text(&fields, "means"),
            budget: self.amount(&fields, "budget"),
            indicators: strings(self, "indicators"),
        };
        Some(Action {
            title: self.string(&fields, "title")?,
            fiche: Some(fiche),
        })
    }

    /// The amount under `key`, exact.
    fn amount(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<Money> {
        let value = self.value(fields, key)?;
        self.amount_value(&fields.path.key(key), value)
    }

    /// An amount, exact: an integer, a float with at most two decimals, or `"12 500,50"`.
    fn amount_value(&mut self, path: &KeyPath, value: Value<'_, '_>) -> Option<Money> {
        match money(value) {
            Ok(money) => Some(money),
            Err(error) => {
                self.error(path, value.span(), error.to_string());
                None
            }
        }
    }

    /// A field: a name of the list, or `{ autre = "…" }`.
    fn domain(&mut self, path: KeyPath, value: Value<'_, '_>) -> Option<AxisDomain> {
        if !matches!(value.get_ref(), DeValue::Table(_)) {
            let domain = self.name_value(&path, value, Domain::ALL, Domain::as_str)?;
            return Some(domain.into());
        }
        let fields = self.open(path, value, keys::OTHER_DOMAIN)?;
        let label = self.string(&fields, "autre")?;
        Some(AxisDomain {
            domain: Domain::Autre,
            label: Some(label),
        })
    }

    fn funding_line(&mut self, path: KeyPath, value: Value<'_, '_>) -> FundingLine {
        let Some(fields) = self.open(path, value, keys::FUNDING_LINE) else {
            return FundingLine::default();
        };
        let (funders, kinds, equipments) = (Funder::ALL, FundingKind::ALL, Equipment::ALL);
        FundingLine {
            label: self.required_string(&fields, "label"),
            funder: (self.name(&fields, "funder", funders, Funder::as_str)).unwrap_or_default(),
            funder_name: self.string(&fields, "funder_name"),
            kind: (self.name(&fields, "kind", kinds, FundingKind::as_str)).unwrap_or_default(),
            equipment: self.name(&fields, "equipment", equipments, Equipment::as_str),
            beneficiary: self.string(&fields, "beneficiary"),
            axis: self.integer(&fields, "axis", 1, 10_000).map(|n| n as usize),
            amounts: self.amounts(&fields),
        }
    }

    fn amounts(&mut self, line: &Fields<'_, '_>) -> BTreeMap<i32, Money> {
        let mut amounts = BTreeMap::new();
        let Some(value) = self.value(line, "amounts") else {
            return amounts;
        };
        let path = line.path.key("amounts");
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(&path, value, "a table of yearly amounts ({ 2024 = 12000 })");
            return amounts;
        };
        let help = "write `amounts = { 2024 = 12000 }`";
        if table.is_empty() {
            self.report(at(&path, value.span(), "must give at least one year").help(help));
        }
        for (key, value) in table {
            let year_text = key.get_ref().as_ref();
            let key_path = path.key(year_text);
            self.spans.insert(key_path.clone(), value.span());
            let is_year = year_text.len() == 4 && year_text.bytes().all(|b| b.is_ascii_digit());
            let Some(year) = is_year.then(|| year_text.parse::<i32>().ok()).flatten() else {
                let message = "a key of `amounts` must be a year";
                self.report(at(&key_path, key.span(), message).help(help));
                continue;
            };
            if let Some(money) = self.amount_value(&key_path, value) {
                amounts.insert(year, money);
            }
        }
        amounts
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
