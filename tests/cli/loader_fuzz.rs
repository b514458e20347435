//! The loader and its error printer never panic, whatever bytes they are given.

use convgen::format::Source;
use convgen::pipeline::load;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../../src/examples/ctg.toml");

/// Loads and prints diagnostics, as `check` does.
fn load_and_print(bytes: Vec<u8>) {
    let source = Source::from_bytes("fuzz.toml".as_ref(), bytes);
    let loaded = load(&source);
    let text = convgen::pipeline::findings_text(&source, &loaded);
    if !loaded.is_valid() {
        assert!(
            text.contains("error"),
            "an invalid file is reported: {text}"
        );
    }
}

/// One edit of the example: bytes cut out, inserted, or replaced.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let tokens: Vec<&[u8]> = vec![
        b"[",
        b"]",
        b"{",
        b"}",
        b"\"",
        b"'",
        b"=",
        b"\n",
        b"#",
        b".",
        b",",
        b"-1",
        b"1e400",
        b"nan",
        b"2024-02-30",
        b"\\u0000",
        b"\xff",
        b"[[partners]]\n",
        b"amounts = {",
        b"\"\"\"",
        b"0x7f",
    ];
    prop_oneof![
        (any::<prop::sample::Index>(), 1usize..40)
            .prop_map(|(i, n)| Edit::Delete(i.index(EXAMPLE.len()), n)),
        (any::<prop::sample::Index>(), prop::sample::select(tokens))
            .prop_map(|(i, t)| Edit::Insert(i.index(EXAMPLE.len()), t.to_vec())),
        (any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(i, b)| Edit::Replace(i.index(EXAMPLE.len()), b)),
    ]
}

fn apply(edits: &[Edit]) -> Vec<u8> {
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    for edit in edits {
        match edit {
            Edit::Delete(at, n) => {
                let at = (*at).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Insert(at, token) => {
                let at = (*at).min(bytes.len());
                bytes.splice(at..at, token.iter().copied());
            }
            Edit::Replace(at, b) => {
                if let Some(slot) = bytes.get_mut(*at) {
                    *slot = *b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: crate::fuzz_cases(2000), ..ProptestConfig::default() })]

    #[test]
    fn edited_examples_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        load_and_print(apply(&edits));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        load_and_print(bytes);
    }

    #[test]
    fn random_toml_like_text_never_panics(text in "([a-z_\\[\\]{}=\"'., 0-9#\n-]|2024-01-01|\\[\\[partners\\]\\]){0,200}") {
        load_and_print(text.into_bytes());
    }
}
