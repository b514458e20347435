//! The JSON Schema of the format, for editors (Taplo, Even Better TOML), made from its
//! definition (`fields`) with its French help; and the examples `convgen new` prints.

use serde_json::{Map, Value, json};

use super::fields::{self, AVENANT, AVENANT_OPTIONAL, DOMAINS, Field, Shape, Table};
use crate::model::{Choice, Kind};

/// The example `convgen new` prints for each kind.
pub fn example(kind: Kind) -> &'static str {
    match kind {
        // An avenant is written from two versions by `convgen avenant`, not from an example.
        Kind::Ctg | Kind::Avenant => include_str!("../examples/ctg.toml"),
        Kind::Cej => include_str!("../examples/cej.toml"),
    }
}

/// An amount, as the reader accepts it.
const AMOUNT_PATTERN: &str =
    "^(?:[0-9]+|[0-9]{1,3}(?:[ \u{a0}\u{202f}][0-9]{3})+)(?:[.,][0-9]{1,2})?$";

/// The JSON Schema of the format.
pub fn schema() -> Value {
    let mut defs = Map::new();
    let mut root = object(&fields::CONVENTION, &mut defs);
    let avenant_only: Vec<Value> = (AVENANT.iter().chain(AVENANT_OPTIONAL))
        .map(|key| json!({ "required": [key] }))
        .collect();
    root["allOf"] = json!([{
        "if": { "properties": { "kind": { "const": "avenant" } }, "required": ["kind"] },
        "then": { "required": AVENANT },
        "else": { "not": { "anyOf": avenant_only } },
    }]);
    defs.insert("amount".into(), amount());
    defs.insert("domain".into(), choice(DOMAINS, "Champ d’intervention"));
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://convgen.example.fr/schema/convention.schema.json",
        "title": "Convention Caf (convgen)",
    });
    for (key, value) in root.as_object().into_iter().flatten() {
        schema[key] = value.clone();
    }
    schema["$defs"] = Value::Object(defs);
    schema
}

/// A table as an object that refuses other keys.
fn object(table: &'static Table, defs: &mut Map<String, Value>) -> Value {
    let required: Vec<&str> = (table.fields.iter().filter(|f| f.required))
        .map(|f| f.name)
        .collect();
    let mut properties = Map::new();
    for field in table.fields {
        properties.insert(field.name.into(), property(field, defs));
    }
    let mut object = json!({
        "description": table.help.fr,
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "x-taplo": { "initKeys": required },
        "properties": properties,
    });
    // A line a partner pays names it; no other line does.
    if std::ptr::eq(table, &fields::FUNDING_LINE) {
        object["if"] =
            json!({ "properties": { "funder": { "const": "partner" } }, "required": ["funder"] });
        object["then"] = json!({ "required": ["funder_name"] });
        object["else"] = json!({ "not": { "required": ["funder_name"] } });
    }
    object
}

/// The definition `table` is given in `defs`, made once.
fn reference(table: &'static Table, defs: &mut Map<String, Value>) -> Value {
    if !defs.contains_key(table.name) {
        defs.insert(table.name.into(), Value::Null);
        let object = object(table, defs);
        defs.insert(table.name.into(), object);
    }
    json!({ "$ref": format!("#/$defs/{}", table.name) })
}

fn property(field: &'static Field, defs: &mut Map<String, Value>) -> Value {
    let one_line = "^[^\n\r\u{2028}\u{2029}]*$";
    let mut property = match field.shape {
        Shape::Line => json!({ "type": "string", "pattern": one_line }),
        Shape::Text => json!({ "type": "string" }),
        Shape::Reference => json!({
            "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*$",
            "maxLength": super::values::MAX_REFERENCE_CHARS,
        }),
        Shape::Siren => json!({ "type": "string", "pattern": "^[0-9]{9}$" }),
        Shape::Email => json!({ "type": "string", "format": "email" }),
        Shape::Date => json!({ "type": "string", "format": "date" }),
        Shape::Amount => json!({ "$ref": "#/$defs/amount" }),
        Shape::Count { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        Shape::Choice(choices) => choice(choices, field.label.fr),
        Shape::Table(table) | Shape::Inline(table) => reference(table, defs),
        Shape::Tables(table) => {
            let items = reference(table, defs);
            json!({ "type": "array", "minItems": usize::from(field.required), "items": items })
        }
        Shape::Lines => {
            json!({ "type": "array", "items": { "type": "string", "pattern": one_line } })
        }
        Shape::Domains => {
            let other = reference(&fields::OTHER_DOMAIN, defs);
            json!({ "type": "array", "minItems": 1, "items": { "anyOf": [{ "$ref": "#/$defs/domain" }, other] } })
        }
        Shape::Actions => {
            let fiche = reference(&fields::FICHE, defs);
            json!({ "type": "array", "items": { "anyOf": [{ "type": "string", "pattern": one_line }, fiche] } })
        }
        Shape::Amounts => json!({
            "type": "object", "minProperties": 1,
            "propertyNames": { "pattern": "^[0-9]{4}$" },
            "patternProperties": { "^[0-9]{4}$": { "$ref": "#/$defs/amount" } },
            "additionalProperties": false,
        }),
    };
    if property.get("$ref").is_none() {
        let help = field.help.fr;
        let description = match help {
            "" => field.label.fr.to_string(),
            help => format!("{} : {help}", field.label.fr),
        };
        property["description"] = description.into();
    }
    property
}

/// A name of a closed list, each value with its label.
fn choice(choices: &[Choice], label: &str) -> Value {
    let values: Vec<&str> = choices.iter().map(|c| c.value).collect();
    let labels: Vec<&str> = choices.iter().map(|c| c.label).collect();
    let lines: Vec<String> = (choices.iter())
        .map(|c| format!("- « {} » : {}", c.value, c.label))
        .collect();
    json!({
        "description": format!("{label} :\n{}", lines.join("\n")),
        "type": "string",
        "enum": values,
        "x-taplo": { "docs": { "enumValues": labels } },
    })
}

fn amount() -> Value {
    json!({
        "description": "Montant en euros, positif ou nul : un entier (24000), un nombre à deux décimales au plus (12500.5) ou une chaîne (\"12500.50\", \"12 500,50\").",
        "anyOf": [
            { "type": "integer", "minimum": 0 },
            { "type": "number", "minimum": 0 },
            { "type": "string", "pattern": AMOUNT_PATTERN },
        ],
    })
}
