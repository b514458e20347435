//! What the parser never sees: files too large, not UTF-8, or nested deeper than any
//! convention needs.

use super::Source;
use crate::diag::Diagnostic;
use crate::i18n::Message;

/// Files above this size are refused before parsing: no real convention comes close.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Longest string value accepted, in characters.
pub const MAX_STRING_CHARS: usize = 10_000;
/// Deepest nesting of arrays and inline tables accepted, to keep the parser's recursion bounded.
pub const MAX_NESTING: usize = 32;

/// What the parser should never see: a file that is too large, not UTF-8, or nested
/// deeper than any convention needs.
pub fn pre_parse_check(source: &Source) -> Option<Diagnostic> {
    let text = source.text.as_str();
    if text.len() > MAX_FILE_BYTES {
        let mib = MAX_FILE_BYTES / 1024 / 1024;
        return Some(Diagnostic::error(Message::FileLargerThan { mib }));
    }
    if let Some(at) = source.invalid_utf8_at {
        return Some(
            Diagnostic::error(Message::NotUtf8)
                .span(Some(at..at + 3))
                .help(Message::SaveAsUtf8),
        );
    }
    nesting_too_deep(text).map(|at| {
        Diagnostic::error(Message::NestedDeeper {
            levels: MAX_NESTING,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

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
