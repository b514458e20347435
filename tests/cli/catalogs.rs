//! The catalogs hold every message: each id of `Message::ALL` in both languages, with the
//! arguments the message gives — no more, no fewer — and nothing else; both parse.

use std::collections::{BTreeMap, BTreeSet};

use convgen::i18n::{Lang, Message, catalog};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Each message of a catalog with the variables its text uses.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(catalog(lang)) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("{lang:?} catalog does not parse: {errors:#?}"),
    };
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(message) = entry {
            let mut variables = BTreeSet::new();
            if let Some(value) = &message.value {
                pattern_variables(value, &mut variables);
            }
            let id = message.id.name.to_string();
            assert!(
                messages.insert(id.clone(), variables).is_none(),
                "{lang:?}: `{id}` twice"
            );
        }
    }
    messages
}

fn pattern_variables(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_variables(inline, out),
        Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables(inline: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, out),
        _ => {}
    }
}

#[test]
fn every_message_is_in_both_catalogs_with_its_arguments() {
    for lang in [Lang::Fr, Lang::En] {
        let catalog = messages(lang);
        let mut problems = Vec::new();
        for (id, args) in Message::ALL {
            let args: BTreeSet<String> = args.iter().map(|a| a.to_string()).collect();
            match catalog.get(*id) {
                None => problems.push(format!("`{id}` missing")),
                Some(used) if *used != args => {
                    problems.push(format!("`{id}` uses {used:?}, the message gives {args:?}"))
                }
                Some(_) => {}
            }
        }
        let known: BTreeSet<&str> = Message::ALL.iter().map(|(id, _)| *id).collect();
        // `cli-…`: the French of `--help` (its English is clap's); `src/cli/help.rs` checks them.
        for id in catalog.keys().filter(|id| !id.starts_with("cli-")) {
            if !known.contains(id.as_str()) {
                problems.push(format!("`{id}` is no message"));
            }
        }
        assert!(problems.is_empty(), "{lang:?} catalog: {problems:#?}");
    }
}

#[test]
fn french_counts_agree_as_french_does() {
    // French takes the singular for 0 and 1 (« 0 échouée »), the plural from 2.
    let rendered = |rendered, failed| Message::Rendered {
        rendered,
        skipped: 1,
        failed,
        seconds: "1,00".into(),
        rate: "7,0".into(),
        dir: "sortie".into(),
    };
    let said = rendered(7, 0).text(Lang::Fr);
    assert!(
        said.starts_with("7 conventions produites, 1 inchangée, 0 échouée,"),
        "{said}"
    );
    let said = rendered(1, 2).text(Lang::Fr);
    assert!(
        said.starts_with("1 convention produite, 1 inchangée, 2 échouées,"),
        "{said}"
    );
    let said = rendered(0, 1).text(Lang::En);
    assert!(said.starts_with("rendered 0, skipped 1"), "{said}");
}

#[test]
fn help_speaks_the_language_of_the_locale() {
    let help = |lang: &str| {
        let output = crate::english(std::process::Command::new(env!("CARGO_BIN_EXE_convgen")))
            .env("LANG", lang)
            .args(["render", "--help"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let french = help("fr_FR.UTF-8");
    assert!(
        french.contains("Utilisation\u{a0}: convgen render"),
        "{french}"
    );
    assert!(
        french.contains("Vérifier, mettre en forme et produire"),
        "{french}"
    );
    assert!(
        french.contains("[valeurs\u{a0}: pdf, typ, png] [par défaut\u{a0}: pdf]"),
        "{french}"
    );
    assert!(!french.contains("Print help"), "{french}");
    let english = help("C");
    assert!(english.contains("Usage: convgen render"), "{english}");
    assert!(english.contains("Print help"), "{english}");
}
