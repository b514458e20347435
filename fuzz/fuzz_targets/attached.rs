//! The TOML source attached to a PDF convgen wrote (as `diff` and `convgen check` of a PDF
//! read it): any bytes as a PDF, and what it yields loaded as a convention.

#![no_main]

use convgen::compile::attached::attached_source;
use convgen::format::Source;
use convgen::pipeline::load;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(toml) = attached_source(data) else {
        return;
    };
    assert!(toml.len() <= convgen::format::MAX_FILE_BYTES, "attachment over the limit");
    let source = Source::from_bytes("fuzz.pdf".as_ref(), toml);
    let loaded = load(&source);
    let _ = convgen::diag::report_text(&source.name(), &source.text, &loaded.diagnostics);
});
