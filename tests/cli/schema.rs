//! `convgen schema`: a JSON Schema that accepts every fixture and example and refuses what
//! `check` refuses for structural reasons.

use crate::*;

/// A TOML document as the JSON an editor validates: dates become ISO strings.
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(to_json).collect(),
        toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

fn validator() -> jsonschema::Validator {
    let output = convgen(&["schema"]);
    assert_eq!(code(&output), 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema is a valid JSON Schema")
}

fn instance(text: &str) -> serde_json::Value {
    to_json(toml::from_str(text).expect("TOML"))
}

#[test]
fn schema_accepts_every_fixture_and_example() {
    let validator = validator();
    let mut texts = vec![
        include_str!("../../src/examples/ctg.toml").to_string(),
        include_str!("../../src/examples/cej.toml").to_string(),
    ];
    for dir in ["fixtures/ctg", "fixtures/cej"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    assert!(texts.len() >= 7);
    for text in texts {
        let errors: Vec<String> = validator
            .iter_errors(&instance(&text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?} in\n{}", &text[..300]);
    }
}

#[test]
fn schema_refuses_structural_defects() {
    let validator = validator();
    let base = include_str!("../../src/examples/ctg.toml");
    let defects = [
        ("short_name = ", "shortname = "),
        ("kind = \"ctg\"", "kind = \"convention\""),
        (
            "reference = \"CTG-063-2026-EXEMPLE\"",
            "reference = \"../x\"",
        ),
        ("# siren = \"…\"", "siren = \"2000\""),
        ("2029 = 32000,", "2029 = -5,"),
        ("2029 = 32000,", "2029 = \"32 000,001\","),
        ("funder = \"caf\" ", "funder = \"partner\" "),
        (
            "email = \"presidence@caf63.example.fr\"",
            "email = \"pas une adresse\"",
        ),
        ("start = 2026-01-01", "start = 2026"),
    ];
    for (from, to) in defects {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{from}");
        assert!(
            !validator.is_valid(&instance(&text)),
            "schema accepted `{to}`"
        );
    }
}
