//! minijinja templates → Typst source, with every value escaped and French formatting as
//! filters.

mod amended;
mod annex;
mod articles;
mod avenant;
mod escape;
mod view;
mod wording;

use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior};
use rust_decimal::Decimal;

pub use amended::carried_annexes;
pub use articles::{annex_numbers, annex_page_path, annex_source_path};
pub use escape::{markup, string_literal};
pub use view::View;
pub use wording::partner_designation;

use crate::french;
use crate::model::{Convention, Date, Kind};
use crate::templates::Templates;

/// A template that failed: which file, which line, why.
#[derive(Clone, Debug)]
pub struct TemplateError {
    /// The template as messages name it: its path on disk, or `templates/…`.
    pub template: String,
    /// Its path below the template root.
    pub file: String,
    pub line: Option<usize>,
    /// Byte range in the template, when minijinja knows it.
    pub range: Option<std::ops::Range<usize>>,
    pub message: String,
}

impl std::error::Error for TemplateError {}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.template, self.message),
            None => write!(f, "{}: {}", self.template, self.message),
        }
    }
}

/// The auto-escape mode of `*.typ.j2` templates.
const TYPST: &str = "typst";

/// The minijinja environment, set up once for a whole batch.
pub struct Renderer {
    env: Environment<'static>,
    templates: Arc<Templates>,
}

/// The template a kind of convention is rendered with.
/// Text tags a signature platform places its signatures by, written invisibly inside each
/// signatory's box, in signing order.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum SignatureTags {
    /// iXparapheur: `#signature1#`, `#signature2#`…
    Ixparapheur,
    /// Yousign Smart Anchors, sized to the box: `{{s1|signature|W|H}}`.
    Yousign,
}

impl SignatureTags {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureTags::Ixparapheur => "ixparapheur",
            SignatureTags::Yousign => "yousign",
        }
    }
}

/// What the PDF carries for a signature circuit, which the signature page speaks of: empty
/// signature fields, and text tags for a platform.
#[derive(Clone, Copy, Debug, Default)]
pub struct SignatureMarks {
    pub fields: bool,
    pub tags: Option<SignatureTags>,
}

/// What every template of a convention sees (the Typst source and the e-mail alike); for
/// an avenant, the amended convention as it stands after it, and `avenant`, what the
/// avenant itself says.
pub fn context(convention: &Convention, draft: bool) -> Value {
    let amended = convention.amended();
    let (view, avenant) = match &amended {
        Some((before, after)) => (
            View::new(after, draft),
            Some(avenant::AvenantView::new(convention, before, after)),
        ),
        None => (View::new(convention, draft), None),
    };
    minijinja::context! { avenant => avenant.as_ref().map(Serde), ..Value::from(Serde(&view)) }
}

/// The keyword a draft's PDF carries in its metadata, as its banner says it: what tells a
/// draft dropped as a signed return (`verify::is_draft`).
pub const DRAFT_KEYWORD: &str = "Projet soumis à relecture";

pub fn template_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Ctg => "ctg.typ.j2",
        Kind::Cej => "cej.typ.j2",
        Kind::Avenant => "avenant.typ.j2",
    }
}

impl Renderer {
    /// An environment reading from `templates`, escaping for Typst in `*.typ.j2` files.
    pub fn new(templates: Arc<Templates>) -> Renderer {
        let mut env = Environment::new();
        let loader_templates = Arc::clone(&templates);
        env.set_loader(move |name| Ok(loader_templates.text(name).map(str::to_string)));
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".typ.j2") {
                AutoEscape::Custom(TYPST.into())
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(format_value);
        env.add_filter("date", date_filter);
        env.add_filter("money", money_filter);
        env.add_filter("words", words_filter);
        env.add_filter("str", str_filter);
        env.add_filter("typst_date", typst_date_filter);
        // minijinja's `capitalize` lowers the rest: « la Commune d'Enval » must keep its capitals.
        env.add_filter("upper_first", |s: String| french::capitalize(&s));
        // A title inside a sentence: « les conditions générales de … ».
        env.add_filter("lower_first", |s: String| french::lowercase_first(&s));
        env.add_function("next_article", next_article);
        // A template's last newline is part of the document it writes.
        let syntax = SyntaxConfig::builder().keep_trailing_newline(true).build();
        env.set_syntax(syntax.expect("a valid syntax: only the trailing newline is set"));
        Renderer { env, templates }
    }

    /// The Typst source of a convention, its signature page saying what the PDF's signature
    /// marks are for.
    pub fn typst_source(
        &self,
        convention: &Convention,
        draft: bool,
        marks: SignatureMarks,
    ) -> Result<String, TemplateError> {
        let name = template_name(convention.kind);
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        let tags = marks.tags.map(SignatureTags::as_str);
        let context = minijinja::context! {
            signature_tags => tags,
            signature_fields => marks.fields,
            draft_keyword => DRAFT_KEYWORD,
            ..context(convention, draft)
        };
        template.render(context).map_err(|e| self.error(name, &e))
    }

    /// The mail and other plain-text templates share the same environment.
    pub fn render_text(&self, name: &str, context: Value) -> Result<String, TemplateError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| self.error(name, &e))?;
        template.render(context).map_err(|e| self.error(name, &e))
    }

    fn error(&self, name: &str, error: &Error) -> TemplateError {
        let template = error.name().unwrap_or(name);
        let mut message = error
            .detail()
            .map_or_else(|| error.kind().to_string(), str::to_string);
        if error.kind() == ErrorKind::TemplateNotFound {
            message = format!("template not found ({})", error);
        }
        TemplateError {
            template: self.templates.display_name(template),
            file: template.to_string(),
            line: error.line(),
            range: error.range(),
            message,
        }
    }
}

/// In Typst templates, a value that is not marked safe becomes a string expression; numbers
/// and booleans are written as they are, and `none` is refused rather than printed.
fn format_value(
    out: &mut minijinja::Output<'_>,
    state: &mut State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    if !matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST) {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = if value.is_safe() {
        value.to_string()
    } else if let Some(s) = value.as_str() {
        markup(s)
    } else if value.kind() == minijinja::value::ValueKind::Bool {
        // minijinja writes Python's `True`; Typst wants `true`.
        value.is_true().to_string()
    } else if value.is_number() {
        value.to_string()
    } else if value.is_none() || value.is_undefined() {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "cannot print `none` in a Typst template: test it with `if`",
        ));
    } else {
        markup(&value.to_string())
    };
    out.write_str(&text)
        .map_err(|_| Error::new(ErrorKind::WriteFailure, "write failed"))
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

/// `{{ c.period.start | date }}` → "1er janvier 2021".
fn date_filter(value: String) -> Result<String, Error> {
    let date = Date::parse(&value)
        .ok_or_else(|| invalid(format!("`date` expects a date, got {value:?}")))?;
    Ok(french::date(date.year, date.month, date.day))
}

/// An amount from the view (a decimal string or a number) as an exact decimal.
fn decimal(value: &Value) -> Result<Decimal, Error> {
    let parsed = if let Some(s) = value.as_str() {
        s.parse::<Decimal>().ok()
    } else if let Ok(i) = i64::try_from(value.clone()) {
        Some(Decimal::from(i))
    } else {
        None
    };
    parsed.ok_or_else(|| invalid(format!("expected an amount, got {value}")))
}

/// `{{ amount | money }}` → "198 000,00 €".
fn money_filter(value: Value) -> Result<String, Error> {
    Ok(french::money(decimal(&value)?))
}

/// `{{ amount | words }}` → "cent quatre-vingt-dix-huit mille euros".
fn words_filter(value: Value) -> Result<String, Error> {
    let amount = decimal(&value)?;
    french::amount_words(amount).ok_or_else(|| invalid(format!("cannot spell {amount} in words")))
}

/// `{{ value | str }}` → a Typst string literal, for use in code (`#let x = {{ v | str }}`).
fn str_filter(value: Value) -> Value {
    let text = match value.as_str() {
        Some(s) => s.to_string(),
        None => value.to_string(),
    };
    Value::from_safe_string(string_literal(&text))
}

/// `= Article {{ next_article() }} – Objet`: articles are numbered here rather than by a
/// Typst heading counter, which costs Typst a third layout pass (a third of a compile).
/// The count is per render, so a template that adds an article renumbers the next ones.
fn next_article(state: &mut State) -> Value {
    const KEY: &str = "convgen.article";
    let number = state.get_temp(KEY).and_then(|v| v.as_usize()).unwrap_or(0) + 1;
    state.set_temp(KEY, Value::from(number));
    Value::from(number)
}

/// `{{ date | typst_date }}` → `datetime(year: 2021, month: 10, day: 18)`, for Typst code.
fn typst_date_filter(value: String) -> Result<Value, Error> {
    let date = Date::parse(&value)
        .ok_or_else(|| invalid(format!("`typst_date` expects a date, got {value:?}")))?;
    let code = format!(
        "datetime(year: {}, month: {}, day: {})",
        date.year, date.month, date.day
    );
    Ok(Value::from_safe_string(code))
}
