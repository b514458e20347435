//! No string from a file can change the Typst program: random strings, full of Typst's
//! special characters, compile and come back verbatim from the PDF.

use std::sync::OnceLock;

use convgen::format::Source;
use convgen::pipeline::load;
use convgen::pipeline::{Engine, Format};
use convgen::templates::Templates;
use proptest::prelude::*;

use crate::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Templates::built_in()))
}

/// Pieces that mean something to Typst markup or code, or to the string escaper.
const HOSTILE: &[&str] = &[
    "#",
    "*",
    "_",
    "$",
    "@",
    "<",
    ">",
    "[",
    "]",
    "\\",
    "~",
    "//",
    "/*",
    "*/",
    "=",
    "-",
    "+",
    "\"",
    "'",
    "`",
    "{",
    "}",
    "(",
    ")",
    ";",
    ".",
    ",",
    ":",
    "#set page(width: 1cm)",
    "#panic()",
    "= ",
    "- ",
    "+ ",
    "/ ",
    "\\u{41}",
    "\\n",
    "#\"",
    "\";",
    "é",
    "œ",
    "ç",
    "«",
    "»",
    "’",
    "€",
    "--",
    "...",
    " ",
    "\n",
    "a",
    "Riom",
    "0",
    "1er",
];

fn hostile_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(HOSTILE), 1..12).prop_map(|parts| parts.concat())
}

/// The messages of a failed document, without the whole generated source.
fn short(error: &convgen::pipeline::DocumentError) -> String {
    match error {
        convgen::pipeline::DocumentError::Template(e) => e.to_string(),
        convgen::pipeline::DocumentError::Typst { diagnostics, .. } => diagnostics
            .iter()
            .map(|d| format!("{} {:?}", d.message, d.range))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::fuzz_cases(48), ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_come_back_verbatim(territory in hostile_string(), action in hostile_string(), name in hostile_string()) {
        prop_assume!(!territory.trim().is_empty() && !action.trim().is_empty() && !name.trim().is_empty());
        let example = include_str!("../../src/examples/ctg.toml");
        let mut loaded = load(&Source::from_bytes("x.toml".as_ref(), example.as_bytes().to_vec()));
        let c = &mut loaded.convention;
        c.territory = territory.clone();
        c.axes[0].actions[0] = action.as_str().into();
        // The example's fiche action too, printed in its annex.
        let fiche = c.axes[2].actions[0].fiche.as_mut().expect("the example has a fiche");
        fiche.need = Some(name.clone());
        fiche.indicators = vec![territory.clone()];
        c.partners[0].signatories[0].name = name.clone();
        let document = engine().produce(c, example.as_bytes(), false, Format::Pdf)
            .unwrap_or_else(|e| panic!("{}", short(&e)));
        let dir = tempdir();
        let pdf = dir.path().join("x.pdf");
        std::fs::write(&pdf, &document.files[0]).unwrap();
        let text = pdf_text(&pdf);
        for s in [&territory, &action, &name] {
            prop_assert!(text.contains(&normalize(s)), "`{}` not found verbatim", s);
        }
    }
}
