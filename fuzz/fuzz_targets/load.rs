//! The loader and validator: any bytes as a convention file, read as `check` reads a file
//! (invalid UTF-8 included), its diagnostics printed, then the rule across files applied to
//! the file given twice in one batch.

#![no_main]

use convgen::format::Source;
use convgen::pipeline::load;
use convgen::validate::{References, references};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = Source::from_bytes("fuzz.toml".as_ref(), data.to_vec());
    let mut loaded = load(&source);
    let printed = convgen::diag::report_text(&source.name(), &source.text, &loaded.diagnostics);
    if !loaded.is_valid() {
        assert!(printed.contains("error"), "an invalid file is reported: {printed}");
    }
    if loaded.is_valid() {
        // The same file twice in a batch: the second is refused, at its `reference`.
        let batch = References::new(2);
        let reference = &loaded.convention.reference;
        assert_eq!(batch.claim(0).register(reference), None);
        let first = batch.claim(1).register(reference);
        assert_eq!(first, Some(0), "the later file of a reference is refused");
        let duplicate = references::duplicate(reference, "first.toml".as_ref(), &loaded.spans);
        loaded.diagnostics.push(duplicate);
        let printed = convgen::diag::report_text(&source.name(), &source.text, &loaded.diagnostics);
        assert!(printed.contains("duplicate reference"));
    }
});
