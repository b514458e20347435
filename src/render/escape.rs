//! How a value from a file enters the generated Typst source: always as a string literal,
//! so that no character it holds can be read as Typst markup or code.

/// A Typst string literal (`"…"`) holding exactly `text`.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` placed in markup: an embedded string expression, closed by `;` so that whatever
/// the template writes next (`.`, `(`, `[`) cannot continue the expression.
pub fn markup(text: &str) -> String {
    format!("#{};", string_literal(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_a_string_literal_needs() {
        assert_eq!(string_literal(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(string_literal("l1\nl2\u{0}"), r#""l1\nl2\u{0}""#);
        assert_eq!(
            markup("#set page(width: 1cm)"),
            r##"#"#set page(width: 1cm)";"##
        );
    }
}
