//! The lexer under [`super::pdf_update`]: walks PDF syntax object by object, skipping what
//! it does not need to understand.

use std::ops::Range;

use super::pdf_update::{MAX_DEPTH, PdfError};

const WHITESPACE: &[u8] = b"\0\t\n\x0c\r ";
const DELIMITERS: &[u8] = b"()<>[]{}/%";

/// Walks PDF syntax, object by object.
pub(super) struct Scanner<'a> {
    bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Scanner<'a> {
    pub(super) fn at(bytes: &'a [u8], pos: usize) -> Scanner<'a> {
        Scanner {
            bytes,
            pos: pos.min(bytes.len()),
        }
    }

    /// The bytes of `span`, a span this scanner went over.
    pub(super) fn slice(&self, span: Range<usize>) -> &'a [u8] {
        &self.bytes[span]
    }

    pub(super) fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    pub(super) fn skip_space(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if WHITESPACE.contains(&b) {
                self.pos += 1;
            } else if b == b'%' {
                while self
                    .bytes
                    .get(self.pos)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    pub(super) fn expect(&mut self, text: &[u8]) -> Result<(), PdfError> {
        self.skip_space();
        if !self.rest().starts_with(text) {
            return Err(format!(
                "expected `{}` at byte {}",
                String::from_utf8_lossy(text),
                self.pos
            )
            .into());
        }
        self.pos += text.len();
        Ok(())
    }

    /// A regular token (number, keyword): up to the next white space or delimiter.
    pub(super) fn token(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| !WHITESPACE.contains(b) && !DELIMITERS.contains(b))
        {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    pub(super) fn integer(&mut self) -> Option<usize> {
        std::str::from_utf8(self.token()).ok()?.parse().ok()
    }

    /// Skips the objects inside a dictionary or an array, and the `close` that ends it.
    pub(super) fn values_until(&mut self, close: &[u8], depth: usize) -> Result<(), PdfError> {
        loop {
            self.skip_space();
            if self.rest().starts_with(close) {
                self.pos += close.len();
                return Ok(());
            }
            self.value(depth + 1)?;
        }
    }

    /// Skips one object (an indirect reference counts as one) and returns its span.
    pub(super) fn value(&mut self, depth: usize) -> Result<Range<usize>, PdfError> {
        if depth > MAX_DEPTH {
            return Err("objects nested too deep".into());
        }
        self.skip_space();
        let start = self.pos;
        let unexpected_end = || "unexpected end of the file".to_string();
        match self.bytes.get(self.pos).copied() {
            None => return Err(unexpected_end().into()),
            Some(b'<') if self.rest().starts_with(b"<<") => {
                self.pos += 2;
                self.values_until(b">>", depth)?;
            }
            Some(b'<') => {
                let end = self.rest().iter().position(|&b| b == b'>');
                self.pos += end.ok_or_else(unexpected_end)? + 1;
            }
            Some(b'(') => {
                let mut open = 0usize;
                loop {
                    match self.bytes.get(self.pos) {
                        None => return Err(unexpected_end().into()),
                        Some(b'\\') => self.pos += 1,
                        Some(b'(') => open += 1,
                        Some(b')') => open -= 1,
                        Some(_) => {}
                    }
                    self.pos += 1;
                    if open == 0 {
                        break;
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                self.values_until(b"]", depth)?;
            }
            Some(b'/') => {
                self.pos += 1;
                self.token();
            }
            Some(b) if DELIMITERS.contains(&b) => {
                return Err(format!("unexpected `{}` at byte {start}", b as char).into());
            }
            Some(_) => {
                let first = self.token();
                let after_first = self.pos;
                let is_integer = |t: &[u8]| !t.is_empty() && t.iter().all(u8::is_ascii_digit);
                if !(is_integer(first) && is_integer(self.token()) && self.token() == b"R") {
                    self.pos = after_first;
                }
            }
        }
        Ok(start..self.pos)
    }
}
