//! Reads a convention file into the model, collecting every problem with its key and span.
//!
//! The reader walks toml's spanned document by hand rather than through serde: serde stops
//! at the first error, and a jurist fixing a file wants all of them at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diag::Diagnostic;
use crate::model::*;

/// Files above this size are refused before parsing: no real convention comes close.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Longest string value accepted, in characters.
pub const MAX_STRING_CHARS: usize = 10_000;
/// Deepest nesting of arrays and inline tables accepted, to keep the parser's recursion bounded.
pub const MAX_NESTING: usize = 32;

/// A convention file as read from disk.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The text, with any invalid UTF-8 replaced so that it can still be shown.
    pub text: String,
    /// Byte offset of the first invalid UTF-8 sequence, if any.
    pub invalid_utf8_at: Option<usize>,
}

impl Source {
    /// Reads a file; `Err` only when it cannot be read at all.
    pub fn read(path: &Path) -> std::io::Result<Source> {
        let bytes = std::fs::read(path)?;
        Ok(Source::from_bytes(path, bytes))
    }

    /// A source from bytes already in memory.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Source {
        let (text, invalid_utf8_at) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let at = error.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    Some(at),
                )
            }
        };
        Source {
            path: path.to_path_buf(),
            text,
            invalid_utf8_at,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Where each key of a file stands, and which keys already have an error.
#[derive(Clone, Debug, Default)]
pub struct KeySpans {
    spans: HashMap<String, Range<usize>>,
    broken: HashSet<String>,
}

impl KeySpans {
    /// The span of a key's value, or of the nearest enclosing table that has one.
    pub fn get(&self, key: &str) -> Option<Range<usize>> {
        let mut key = key;
        loop {
            if let Some(span) = self.spans.get(key) {
                return Some(span.clone());
            }
            key = &key[..key.rfind(['.', '['])?];
        }
    }

    /// Whether the key, or a table holding it, was already reported as invalid.
    pub fn is_broken(&self, key: &str) -> bool {
        let mut key = key;
        loop {
            if self.broken.contains(key) {
                return true;
            }
            match key.rfind(['.', '[']) {
                Some(at) => key = &key[..at],
                None => return false,
            }
        }
    }
}

/// The outcome of reading one file: the model (with defaults where values were invalid),
/// the spans of its keys, and what went wrong.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub convention: Convention,
    pub spans: KeySpans,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether the file may be used: no error, warnings allowed.
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads a convention and applies every validation rule.
pub fn load(source: &Source) -> Loaded {
    let (mut loaded, document_read) = read(source);
    // Domain rules make sense once the document parsed; they skip keys already reported.
    if document_read {
        let found = crate::validate::validate(&loaded.convention, &loaded.spans);
        loaded.diagnostics.extend(found);
    }
    loaded
        .diagnostics
        .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    loaded
}

/// Reads a convention: syntax and types only, no domain rules. Says whether the document
/// parsed at all.
fn read(source: &Source) -> (Loaded, bool) {
    let mut reader = Reader::default();
    let text = source.text.as_str();
    let mut document_read = false;
    let convention = if let Some(error) = pre_parse_check(source) {
        reader.diags.push(error);
        Convention::default()
    } else {
        let (document, errors) = DeTable::parse_recoverable(text);
        if errors.is_empty() {
            document_read = !document.get_ref().is_empty();
            reader.convention(document.get_ref(), document.span())
        } else {
            for error in errors {
                let message = error.message().trim_end().to_string();
                let diagnostic = Diagnostic::error(format!("invalid TOML: {message}"));
                reader.diags.push(diagnostic.span(error.span()));
            }
            Convention::default()
        }
    };
    let loaded = Loaded {
        convention,
        spans: reader.spans,
        diagnostics: reader.diags,
    };
    (loaded, document_read)
}

/// What the parser should never see: a file that is too large, not UTF-8, or nested
/// deeper than any convention needs.
fn pre_parse_check(source: &Source) -> Option<Diagnostic> {
    let text = source.text.as_str();
    if text.len() > MAX_FILE_BYTES {
        let mib = MAX_FILE_BYTES / 1024 / 1024;
        return Some(Diagnostic::error(format!("file larger than {mib} MiB")));
    }
    if let Some(at) = source.invalid_utf8_at {
        return Some(
            Diagnostic::error("file is not valid UTF-8")
                .span(Some(at..at + 3))
                .help("save the file as UTF-8"),
        );
    }
    nesting_too_deep(text).map(|at| {
        Diagnostic::error(format!(
            "arrays or inline tables nested deeper than {MAX_NESTING} levels"
        ))
        .span(Some(at..at + 1))
    })
}

/// Offset where bracket nesting (outside strings and comments) passes the limit.
fn nesting_too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                i += if triple { 3 } else { 1 };
                while i < bytes.len() {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if triple && bytes[i..].starts_with(&[quote; 3]) {
                        i += 3;
                        break;
                    }
                    if !triple && (bytes[i] == quote || bytes[i] == b'\n') {
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                line_start = false;
                continue;
            }
            // Table headers (`[a]`, `[[a]]`) open no nesting.
            b'[' if line_start && depth == 0 => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'#' {
                    i += 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        line_start = false;
        i += 1;
    }
    None
}

/// Whether a value must be present.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Optional,
}
use Need::*;

/// One table being read: its key path, its entries and the keys it may hold.
struct Fields<'t, 'i> {
    path: String,
    table: &'t DeTable<'i>,
    span: Range<usize>,
}

type Value<'t, 'i> = &'t Spanned<DeValue<'i>>;

#[derive(Default)]
struct Reader {
    diags: Vec<Diagnostic>,
    spans: KeySpans,
}

/// `parent.key`, or `key` at the top.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// How a table is named in messages.
fn table_name(path: &str) -> String {
    if path.is_empty() {
        "the file".into()
    } else {
        format!("`[{path}]`")
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Reader {
    fn error(&mut self, key: &str, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.spans.broken.insert(key.to_string());
        Diagnostic::error(message).key(key).span(Some(span))
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Opens a table value; reports unknown keys right away.
    fn open<'t, 'i>(
        &mut self,
        path: String,
        value: Value<'t, 'i>,
        known: &[&str],
    ) -> Option<Fields<'t, 'i>> {
        let span = value.span();
        self.spans.spans.insert(path.clone(), span.clone());
        let DeValue::Table(table) = value.get_ref() else {
            let found = type_name(value.get_ref());
            let d = self.error(&path, span, format!("must be a table, found {found}"));
            self.push(d);
            return None;
        };
        let fields = Fields { path, table, span };
        self.unknown_keys(&fields, known);
        Some(fields)
    }

    fn unknown_keys(&mut self, fields: &Fields<'_, '_>, known: &[&str]) {
        for key in fields.table.keys() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let path = join(&fields.path, name);
            let mut d = self
                .error(&path, key.span(), "unknown key")
                .label("not a key of the format");
            d = match did_you_mean(name, known) {
                Some(close) => d.help(format!("did you mean `{close}`?")),
                None => d.help(format!("keys allowed here: {}", known.join(", "))),
            };
            self.push(d);
        }
    }

    /// The value of a key, recording where it stands; reports a missing required key.
    fn value<'t, 'i>(
        &mut self,
        fields: &Fields<'t, 'i>,
        key: &str,
        need: Need,
    ) -> Option<Value<'t, 'i>> {
        let path = join(&fields.path, key);
        match fields.table.get(key) {
            Some(value) => {
                self.spans.spans.insert(path, value.span());
                Some(value)
            }
            None => {
                if need == Required {
                    let message = format!("missing key `{key}` in {}", table_name(&fields.path));
                    let d = self.error(&path, fields.span.clone(), message);
                    self.push(d.label(format!("`{key}` required here")));
                }
                None
            }
        }
    }

    fn wrong_type(&mut self, path: &str, value: Value<'_, '_>, expected: &str) {
        let found = type_name(value.get_ref());
        let d = self.error(
            path,
            value.span(),
            format!("must be {expected}, found {found}"),
        );
        self.push(d);
    }

    fn string(&mut self, fields: &Fields<'_, '_>, key: &str, need: Need) -> Option<String> {
        let value = self.value(fields, key, need)?;
        self.string_value(&join(&fields.path, key), value, need)
    }

    /// A string value, checked for emptiness, length and characters that would deceive a reader.
    fn string_value(&mut self, path: &str, value: Value<'_, '_>, need: Need) -> Option<String> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(path, value, "a string");
            return None;
        };
        let problem = if text.trim().is_empty() && need == Required {
            Some("must not be empty".to_string())
        } else if text.chars().count() > MAX_STRING_CHARS {
            Some(format!("longer than {MAX_STRING_CHARS} characters"))
        } else {
            text.chars().find(|&c| forbidden_char(c)).map(|c| {
                format!(
                    "contains the invisible control character U+{:04X}",
                    c as u32
                )
            })
        };
        match problem {
            Some(message) => {
                let d = self.error(path, value.span(), message);
                self.push(d);
                None
            }
            None => Some(text.to_string()),
        }
    }

    fn required_string(&mut self, fields: &Fields<'_, '_>, key: &str) -> String {
        self.string(fields, key, Required).unwrap_or_default()
    }

    fn date(&mut self, fields: &Fields<'_, '_>, key: &str, need: Need) -> Option<Date> {
        let value = self.value(fields, key, need)?;
        let path = join(&fields.path, key);
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| Date::new(d.year.into(), d.month, d.day)),
            DeValue::Datetime(_) => None,
            DeValue::String(text) if Date::parse(text).is_some() => {
                let d = self.error(&path, value.span(), "dates are written without quotes");
                self.push(d.help(format!("write `{key} = {text}`")));
                return None;
            }
            _ => {
                self.wrong_type(&path, value, "a date (2024-01-01)");
                return None;
            }
        };
        if date.is_none() {
            let d = self.error(
                &path,
                value.span(),
                "must be a date without time (2024-01-01)",
            );
            self.push(d);
        }
        date
    }

    fn integer(&mut self, fields: &Fields<'_, '_>, key: &str, min: i64, max: i64) -> Option<i64> {
        let value = self.value(fields, key, Optional)?;
        let path = join(&fields.path, key);
        let DeValue::Integer(integer) = value.get_ref() else {
            self.wrong_type(&path, value, "an integer");
            return None;
        };
        match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let message = format!("must be a whole number from {min} to {max}");
                let d = self.error(&path, value.span(), message);
                self.push(d);
                None
            }
        }
    }

    /// A name from a closed list (`kind`, `funder`, …).
    fn name<T: Copy>(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        need: Need,
        names: &[T],
        as_str: fn(T) -> &'static str,
    ) -> Option<T> {
        let value = self.value(fields, key, need)?;
        self.name_value(&join(&fields.path, key), value, names, as_str)
    }

    fn name_value<T: Copy>(
        &mut self,
        path: &str,
        value: Value<'_, '_>,
        names: &[T],
        as_str: fn(T) -> &'static str,
    ) -> Option<T> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(path, value, "a string");
            return None;
        };
        if let Some(&found) = names.iter().find(|&&n| as_str(n) == text.as_ref()) {
            return Some(found);
        }
        let allowed: Vec<&str> = names.iter().map(|&n| as_str(n)).collect();
        let d = self.error(path, value.span(), format!("unknown value \"{text}\""));
        let d = match did_you_mean(text, &allowed) {
            Some(close) => d.help(format!("did you mean \"{close}\"?")),
            None => d.help(format!("expected one of: {}", allowed.join(", "))),
        };
        self.push(d);
        None
    }

    /// An array of tables (`[[partners]]`), each read by `item`.
    fn tables<'t, 'i, T>(
        &mut self,
        fields: &Fields<'t, 'i>,
        key: &str,
        need: Need,
        mut item: impl FnMut(&mut Self, String, Value<'t, 'i>) -> T,
    ) -> Vec<T> {
        let Some(value) = self.value(fields, key, need) else {
            return Vec::new();
        };
        let path = join(&fields.path, key);
        let Some(array) = self.array(&path, value, "an array of tables") else {
            return Vec::new();
        };
        if array.is_empty() && need == Required {
            let d = self.error(&path, value.span(), "must not be empty");
            self.push(d);
        }
        let items = array.iter().enumerate();
        items
            .map(|(i, v)| item(self, format!("{path}[{}]", i + 1), v))
            .collect()
    }

    fn array<'t, 'i>(
        &mut self,
        path: &str,
        value: Value<'t, 'i>,
        expected: &str,
    ) -> Option<&'t DeArray<'i>> {
        match value.get_ref() {
            DeValue::Array(array) => Some(array),
            _ => {
                self.wrong_type(path, value, expected);
                None
            }
        }
    }

    fn convention(&mut self, document: &DeTable<'_>, span: Range<usize>) -> Convention {
        let root = Fields {
            path: String::new(),
            table: document,
            span,
        };
        if document.is_empty() {
            let d = Diagnostic::error("the file is empty").span(Some(0..0));
            self.push(d.help("`convgen new ctg` prints a commented example to start from"));
            return Convention::default();
        }
        const KEYS: &[&str] = &[
            "kind",
            "reference",
            "territory",
            "title",
            "period",
            "signature",
            "caf",
            "partners",
            "axes",
            "funding",
        ];
        self.unknown_keys(&root, KEYS);
        Convention {
            kind: self
                .name(&root, "kind", Required, Kind::ALL, Kind::as_str)
                .unwrap_or_default(),
            reference: self.required_string(&root, "reference"),
            territory: self.required_string(&root, "territory"),
            title: self.string(&root, "title", Optional),
            period: self.period(&root),
            signature: self.signature(&root),
            caf: self.caf(&root),
            partners: self.tables(&root, "partners", Required, Self::partner),
            axes: self.tables(&root, "axes", Required, Self::axis),
            funding: self.tables(&root, "funding", Optional, Self::funding_line),
        }
    }

    fn period(&mut self, root: &Fields<'_, '_>) -> Period {
        let Some(value) = self.value(root, "period", Required) else {
            return Period::default();
        };
        let Some(fields) = self.open("period".into(), value, &["start", "end"]) else {
            return Period::default();
        };
        Period {
            start: self.date(&fields, "start", Required).unwrap_or_default(),
            end: self.date(&fields, "end", Required).unwrap_or_default(),
        }
    }

    fn signature(&mut self, root: &Fields<'_, '_>) -> Option<Signature> {
        let value = self.value(root, "signature", Optional)?;
        let fields = self.open("signature".into(), value, &["place", "date", "copies"])?;
        Some(Signature {
            place: self.required_string(&fields, "place"),
            date: self.date(&fields, "date", Optional),
            copies: self.integer(&fields, "copies", 1, 1000).map(|n| n as u32),
        })
    }

    fn caf(&mut self, root: &Fields<'_, '_>) -> Caf {
        let Some(value) = self.value(root, "caf", Required) else {
            return Caf::default();
        };
        let known = ["name", "short_name", "address", "signatories"];
        let Some(fields) = self.open("caf".into(), value, &known) else {
            return Caf::default();
        };
        Caf {
            name: self.required_string(&fields, "name"),
            short_name: self.string(&fields, "short_name", Optional),
            address: self.string(&fields, "address", Optional),
            signatories: self.tables(&fields, "signatories", Required, Self::signatory),
        }
    }

    fn signatory(&mut self, path: String, value: Value<'_, '_>) -> Signatory {
        let Some(fields) = self.open(path, value, &["name", "role", "email"]) else {
            return Signatory::default();
        };
        Signatory {
            name: self.required_string(&fields, "name"),
            role: self.required_string(&fields, "role"),
            email: self.string(&fields, "email", Optional),
        }
    }

    fn partner(&mut self, path: String, value: Value<'_, '_>) -> Partner {
        let known = [
            "kind",
            "name",
            "siren",
            "address",
            "deliberation",
            "epci",
            "signatories",
        ];
        let Some(fields) = self.open(path, value, &known) else {
            return Partner::default();
        };
        Partner {
            kind: self
                .name(
                    &fields,
                    "kind",
                    Required,
                    PartnerKind::ALL,
                    PartnerKind::as_str,
                )
                .unwrap_or_default(),
            name: self.required_string(&fields, "name"),
            siren: self.string(&fields, "siren", Optional),
            address: self.string(&fields, "address", Optional),
            deliberation: self.deliberation(&fields),
            epci: self.string(&fields, "epci", Optional),
            signatories: self.tables(&fields, "signatories", Required, Self::signatory),
        }
    }

    fn deliberation(&mut self, partner: &Fields<'_, '_>) -> Option<Deliberation> {
        let value = self.value(partner, "deliberation", Optional)?;
        let path = join(&partner.path, "deliberation");
        let fields = self.open(path, value, &["body", "date", "number"])?;
        Some(Deliberation {
            body: self.required_string(&fields, "body"),
            date: self.date(&fields, "date", Required).unwrap_or_default(),
            number: self.string(&fields, "number", Optional),
        })
    }

    fn axis(&mut self, path: String, value: Value<'_, '_>) -> Axis {
        let Some(fields) = self.open(path, value, &["title", "domains", "actions"]) else {
            return Axis::default();
        };
        let title = self.required_string(&fields, "title");
        let domains = self.list(&fields, "domains", Required, |reader, path, value| {
            reader.name_value(&path, value, Domain::ALL, Domain::as_str)
        });
        let actions = self.list(&fields, "actions", Optional, |reader, path, value| {
            reader.string_value(&path, value, Required)
        });
        Axis {
            title,
            domains,
            actions,
        }
    }

    /// An array of plain values, each read by `item`; invalid items are reported and dropped.
    fn list<T>(
        &mut self,
        fields: &Fields<'_, '_>,
        key: &str,
        need: Need,
        mut item: impl FnMut(&mut Self, String, Value<'_, '_>) -> Option<T>,
    ) -> Vec<T> {
        let Some(value) = self.value(fields, key, need) else {
            return Vec::new();
        };
        let path = join(&fields.path, key);
        let Some(array) = self.array(&path, value, "an array") else {
            return Vec::new();
        };
        if array.is_empty() && need == Required {
            let d = self.error(&path, value.span(), "must not be empty");
            self.push(d);
        }
        let items = array.iter().enumerate();
        items
            .filter_map(|(i, v)| item(self, format!("{path}[{}]", i + 1), v))
            .collect()
    }

    fn funding_line(&mut self, path: String, value: Value<'_, '_>) -> FundingLine {
        let known = [
            "label",
            "funder",
            "funder_name",
            "kind",
            "equipment",
            "beneficiary",
            "axis",
            "amounts",
        ];
        let Some(fields) = self.open(path, value, &known) else {
            return FundingLine::default();
        };
        FundingLine {
            label: self.required_string(&fields, "label"),
            funder: self
                .name(&fields, "funder", Required, Funder::ALL, Funder::as_str)
                .unwrap_or_default(),
            funder_name: self.string(&fields, "funder_name", Optional),
            kind: self
                .name(
                    &fields,
                    "kind",
                    Required,
                    FundingKind::ALL,
                    FundingKind::as_str,
                )
                .unwrap_or_default(),
            equipment: self.name(
                &fields,
                "equipment",
                Optional,
                Equipment::ALL,
                Equipment::as_str,
            ),
            beneficiary: self.string(&fields, "beneficiary", Optional),
            axis: self.integer(&fields, "axis", 1, 10_000).map(|n| n as usize),
            amounts: self.amounts(&fields),
        }
    }

    fn amounts(&mut self, line: &Fields<'_, '_>) -> BTreeMap<i32, Money> {
        let mut amounts = BTreeMap::new();
        let Some(value) = self.value(line, "amounts", Required) else {
            return amounts;
        };
        let path = join(&line.path, "amounts");
        let DeValue::Table(table) = value.get_ref() else {
            self.wrong_type(&path, value, "a table of yearly amounts ({ 2024 = 12000 })");
            return amounts;
        };
        if table.is_empty() {
            let d = self.error(&path, value.span(), "must give at least one year");
            self.push(d.help("write `amounts = { 2024 = 12000 }`"));
        }
        for (key, value) in table {
            let year_text = key.get_ref().as_ref();
            let key_path = join(&path, year_text);
            self.spans.spans.insert(key_path.clone(), value.span());
            let year = (year_text.len() == 4 && year_text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| year_text.parse::<i32>().ok())
                .flatten();
            let Some(year) = year else {
                let d = self.error(&key_path, key.span(), "a key of `amounts` must be a year");
                self.push(d.help("write `amounts = { 2024 = 12000 }`"));
                continue;
            };
            let money = match value.get_ref() {
                DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
                    .map_err(|_| MoneyError::TooLarge)
                    .and_then(Money::from_integer),
                DeValue::Float(f) => Money::from_float_literal(f.as_str()),
                DeValue::String(s) => Money::from_text(s),
                _ => Err(MoneyError::NotANumber),
            };
            match money {
                Ok(money) => {
                    amounts.insert(year, money);
                }
                Err(error) => {
                    let d = self.error(&key_path, value.span(), error.to_string());
                    self.push(d);
                }
            }
        }
        amounts
    }
}

/// Is this character one that has no place in a legal text: a control character other
/// than tab and newline, or a bidirectional override that can make text read differently
/// from how it is stored.
fn forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The allowed name closest to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let name = name.to_lowercase();
    let (best, distance) = allowed
        .iter()
        .map(|&candidate| (candidate, edit_distance(&name, candidate)))
        .min_by_key(|&(_, d)| d)?;
    let limit = (best.chars().count() / 3).max(1);
    (distance <= limit).then_some(best)
}

/// Edit distance between two short strings, a swap of two neighbours counting as one edit
/// (optimal string alignment), since swapped letters are the commonest typo.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["name", "role", "email"];
        assert_eq!(did_you_mean("nmae", &keys), Some("name"));
        assert_eq!(did_you_mean("Email", &keys), Some("email"));
        assert_eq!(did_you_mean("telephone", &keys), None);
        assert_eq!(
            did_you_mean("petite_enfance", &["petite-enfance", "enfance"]),
            Some("petite-enfance")
        );
    }

    #[test]
    fn measures_nesting_outside_strings_only() {
        assert_eq!(
            nesting_too_deep("a = \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\""),
            None
        );
        assert_eq!(nesting_too_deep("[[partners]]\nx = [1, [2]]"), None);
        let deep = format!("a = {}1{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(nesting_too_deep(&deep), Some(4 + MAX_NESTING));
    }
}
