//! The shape of the code, held by tests: layers that import only those below them, short
//! files and short functions (README, "Architecture").

use std::path::{Path, PathBuf};

use crate::root;

/// The top-level modules, lowest layer first; a module may use its own layer and those
/// before it.
const LAYERS: &[&[&str]] = &[
    &["model", "french", "digest", "files"],
    &["diag", "i18n"],
    &["format"],
    &[
        "validate",
        "templates",
        "render",
        "compile",
        "renew",
        "diff",
    ],
    &["pipeline"],
    &["deliver", "sheets"],
    &["verify", "calendar"],
    &["commands"],
    &["cli"],
];

fn layer(module: &str) -> usize {
    (LAYERS.iter().position(|l| l.contains(&module)))
        .unwrap_or_else(|| panic!("module `{module}` has no layer in tests/cli/architecture.rs"))
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The top-level module a file of `src/` belongs to (`src/format/read.rs` → `format`).
fn module_of(file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root().join("src")).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.trim_end_matches(".rs");
    (!matches!(module, "lib" | "main")).then(|| module.to_string())
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let mut violations = Vec::new();
    for file in rust_files(&root().join("src")) {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !used.is_empty() && layer(&used) > layer(&module) {
                violations.push(format!("{}: uses `crate::{used}`", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn no_file_is_over_500_lines() {
    let mut files = rust_files(&root().join("src"));
    files.extend(rust_files(&root().join("tests")));
    files.extend(rust_files(&root().join("benches")));
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, lines)| *lines > 500)
        .map(|(f, lines)| format!("{}: {lines} lines", f.display()))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

/// The functions of a file outside its tests, with their length in lines: a function
/// starts at a line holding `fn name` and ends at the first line that is its closing
/// brace, at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let signature = [
            "fn ",
            "pub fn ",
            "pub(super) fn ",
            "pub(crate) fn ",
            "const fn ",
        ]
        .iter()
        .find_map(|p| code.strip_prefix(p));
        let Some(rest) = signature else {
            continue;
        };
        if line.trim_end().ends_with(';') || line.trim_end().ends_with('}') {
            continue;
        }
        let indent = &line[..line.len() - code.len()];
        let closing = format!("{indent}}}");
        let end = (i..lines.len()).find(|&j| lines[j] == closing).unwrap_or(i);
        let name = rest.split(['(', '<']).next().unwrap_or(rest).to_string();
        found.push((name, end - i + 1));
    }
    found
}

#[test]
fn no_function_is_over_80_lines() {
    let mut long = Vec::new();
    for file in rust_files(&root().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (name, lines) in function_lengths(&text) {
            if lines > 80 {
                long.push(format!("{}: `{name}` has {lines} lines", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn function_lengths_are_measured_to_the_closing_brace() {
    let text = "fn a() {\n    x();\n}\n\n    pub fn b(&self) -> u8 {\n        1\n    }\nfn c();\n";
    assert_eq!(
        function_lengths(text),
        [("a".to_string(), 3), ("b".to_string(), 3)]
    );
}
