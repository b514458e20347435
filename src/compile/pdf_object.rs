//! PDF objects read into values, so that two revisions of an object can be compared for
//! what they say rather than how they are written (`(fr-FR)` and `(fr\055FR)` are one
//! string; another writer spaces, orders and escapes as it likes).

use std::collections::BTreeMap;
use std::ops::Range;

use super::pdf_scanner::Scanner;
use super::pdf_update::{MAX_DEPTH, Pdf, PdfError, reference};

/// A dictionary's entries, by key (without the slash, `#xx` decoded).
pub type Entries = BTreeMap<Vec<u8>, Object>;

/// A PDF object, decoded; two are equal when they say the same (a text string the same
/// text, whether in UTF-16 or PDFDocEncoding).
#[derive(Clone, Debug)]
pub enum Object {
    Null,
    Bool(bool),
    Number(f64),
    Name(Vec<u8>),
    /// A string's bytes, escapes and hexadecimal decoded.
    String(Vec<u8>),
    Array(Vec<Object>),
    Dict(Entries),
    /// An indirect reference, by object number.
    Ref(u32),
    /// A stream: its dictionary and its data as the file holds it (still encoded).
    Stream(Entries, Vec<u8>),
}

impl PartialEq for Object {
    fn eq(&self, other: &Object) -> bool {
        use Object::*;
        match (self, other) {
            (Null, Null) => true,
            (Bool(a), Bool(b)) => a == b,
            (Number(a), Number(b)) => a == b,
            (Name(a), Name(b)) => a == b,
            (String(a), String(b)) => {
                a == b || same_text(a).is_some_and(|t| Some(t) == same_text(b))
            }
            (Array(a), Array(b)) => a == b,
            (Dict(a), Dict(b)) => a == b,
            (Ref(a), Ref(b)) => a == b,
            (Stream(a, x), Stream(b, y)) => a == b && x == y,
            _ => false,
        }
    }
}

impl Object {
    pub fn dict(&self) -> Option<&Entries> {
        match self {
            Object::Dict(d) | Object::Stream(d, _) => Some(d),
            _ => None,
        }
    }

    /// The entry `key` of a dictionary or a stream's dictionary.
    pub fn get(&self, key: &[u8]) -> Option<&Object> {
        self.dict()?.get(key)
    }

    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Object::Name(n) => Some(n),
            _ => None,
        }
    }

    pub fn string(&self) -> Option<&[u8]> {
        match self {
            Object::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn array(&self) -> Option<&[Object]> {
        match self {
            Object::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            Object::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn reference(&self) -> Option<u32> {
        match self {
            Object::Ref(id) => Some(*id),
            _ => None,
        }
    }
}

impl Pdf<'_> {
    /// Object `id`, decoded; a stream with its data.
    pub fn load(&self, id: u32) -> Result<Object, PdfError> {
        let span = self.object(id)?;
        let value = parse(self.bytes(), span.clone())?;
        let Object::Dict(dict) = value else {
            return Ok(value);
        };
        let mut scanner = Scanner::at(self.bytes(), span.end);
        scanner.skip_space();
        if !scanner.rest().starts_with(b"stream") {
            return Ok(Object::Dict(dict));
        }
        let data = self.stream_data(&dict, scanner.pos + b"stream".len())?;
        Ok(Object::Stream(dict, data.to_vec()))
    }

    /// `value` decoded, or the object it refers to.
    pub fn load_value(&self, value: Range<usize>) -> Result<Object, PdfError> {
        match reference(self.text(value.clone())) {
            Some(id) => self.load(id),
            None => parse(self.bytes(), value),
        }
    }

    /// An object decoded when it is a reference, else itself.
    pub fn resolved(&self, object: &Object) -> Result<Object, PdfError> {
        match object {
            Object::Ref(id) => self.load(*id),
            other => Ok(other.clone()),
        }
    }

    /// The data of a stream whose keyword `stream` ends at `after`.
    fn stream_data(&self, dict: &Entries, after: usize) -> Result<&[u8], PdfError> {
        let bytes = self.bytes();
        let start = match bytes.get(after..) {
            Some([b'\r', b'\n', ..]) => after + 2,
            Some([b'\n', ..]) => after + 1,
            _ => return Err("bad stream start".into()),
        };
        let length = match dict.get(b"Length".as_slice()) {
            Some(Object::Ref(id)) => parse(bytes, self.object(*id)?)?.number(),
            Some(other) => other.number(),
            None => None,
        };
        let length = length
            .filter(|n| *n >= 0.0)
            .ok_or("a stream without its /Length")?;
        (start.checked_add(length as usize))
            .and_then(|end| bytes.get(start..end))
            .ok_or_else(|| "a stream cut short".into())
    }
}

/// The object at `span` of `bytes`, decoded.
pub fn parse(bytes: &[u8], span: Range<usize>) -> Result<Object, PdfError> {
    let mut scanner = Scanner::at(bytes, span.start);
    value(&mut scanner, 0)
}

fn value(scanner: &mut Scanner, depth: usize) -> Result<Object, PdfError> {
    if depth > MAX_DEPTH {
        return Err("objects nested too deep".into());
    }
    scanner.skip_space();
    let rest = scanner.rest();
    let object = if rest.starts_with(b"<<") {
        scanner.pos += 2;
        let mut entries = Entries::new();
        loop {
            scanner.skip_space();
            if scanner.rest().starts_with(b">>") {
                scanner.pos += 2;
                break Object::Dict(entries);
            }
            let Object::Name(key) = value(scanner, depth + 1)? else {
                return Err("a dictionary key is not a name".into());
            };
            entries.insert(key, value(scanner, depth + 1)?);
        }
    } else if rest.starts_with(b"[") {
        scanner.pos += 1;
        let mut items = Vec::new();
        loop {
            scanner.skip_space();
            if scanner.rest().starts_with(b"]") {
                scanner.pos += 1;
                break Object::Array(items);
            }
            items.push(value(scanner, depth + 1)?);
        }
    } else {
        let span = scanner.value(depth)?;
        let text = scanner.slice(span);
        atom(text).ok_or_else(|| format!("unexpected `{}`", String::from_utf8_lossy(text)))?
    };
    Ok(object)
}

/// A value that is not a dictionary nor an array.
fn atom(text: &[u8]) -> Option<Object> {
    match text.first()? {
        b'(' => Some(Object::String(literal_string(text))),
        b'<' => Some(Object::String(hex_string(text))),
        b'/' => Some(Object::Name(name(&text[1..]))),
        _ => match text {
            b"null" => Some(Object::Null),
            b"true" => Some(Object::Bool(true)),
            b"false" => Some(Object::Bool(false)),
            _ if text.ends_with(b"R") => reference(text).map(Object::Ref),
            _ => std::str::from_utf8(text)
                .ok()?
                .parse()
                .ok()
                .map(Object::Number),
        },
    }
}

/// A name's bytes, `#xx` escapes decoded.
fn name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// `<48656C6C6F>` → `Hello`; an odd last digit counts as followed by 0.
fn hex_string(text: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = (text.iter())
        .filter_map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits
        .chunks(2)
        .map(|pair| pair[0] << 4 | pair.get(1).copied().unwrap_or(0))
        .collect()
}

/// `(a\)b\101)` → `a)bA`: the escapes of ISO 32000-1 §7.3.4.2.
fn literal_string(text: &[u8]) -> Vec<u8> {
    let inner = &text[1..text.len().saturating_sub(1).max(1)];
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        let byte = inner[i];
        i += 1;
        if byte != b'\\' {
            out.push(byte);
            continue;
        }
        let Some(&next) = inner.get(i) else { break };
        i += 1;
        match next {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut code = u32::from(next - b'0');
                for _ in 0..2 {
                    match inner.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            code = code * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(code as u8);
            }
            // A backslash at the end of a line continues the string on the next.
            b'\r' => i += usize::from(inner.get(i) == Some(&b'\n')),
            b'\n' => {}
            other => out.push(other),
        }
    }
    out
}

/// A text string (a field's name, a signer's name) as text: UTF-16BE after its byte order
/// mark, UTF-8 after its own, else PDFDocEncoding.
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = (utf16.chunks_exact(2))
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    bytes.iter().map(|&b| pdf_doc_char(b)).collect()
}

/// The text of a string when it decodes without loss, to compare two encodings of it.
fn same_text(bytes: &[u8]) -> Option<String> {
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = (utf16.chunks(2))
            .map(|pair| (pair.len() == 2).then(|| u16::from_be_bytes([pair[0], pair[1]])))
            .collect::<Option<_>>()?;
        return String::from_utf16(&units).ok();
    }
    if let Some(utf8) = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]) {
        return String::from_utf8(utf8.to_vec()).ok();
    }
    Some(text_string(bytes))
}

/// A byte of PDFDocEncoding (ISO 32000-1, Annex D): Latin-1 but for the accents at 0x18–0x1F
/// and the punctuation at 0x80–0xA0.
fn pdf_doc_char(byte: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{fffd}', '€',
    ];
    match byte {
        0x18..=0x1f => LOW[usize::from(byte - 0x18)],
        0x80..=0xa0 => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_read_for_what_they_say() {
        let text = b"<</Lang (fr\\055FR)/A [1 2.5 /N#41me 3 0 R <4142>]/B true/C null>>";
        let object = parse(text, 0..text.len()).unwrap();
        assert_eq!(
            object.get(b"Lang"),
            Some(&Object::String(b"fr-FR".to_vec()))
        );
        assert_eq!(
            object.get(b"A").unwrap().array().unwrap(),
            [
                Object::Number(1.0),
                Object::Number(2.5),
                Object::Name(b"NAme".to_vec()),
                Object::Ref(3),
                Object::String(b"AB".to_vec()),
            ]
        );
        let other = b"<< /C null /B true /A [ 1 2.50 /NAme 3 0 R (AB) ] /Lang (fr-FR) >>";
        assert_eq!(object, parse(other, 0..other.len()).unwrap());
        assert_eq!(text_string(b"\xfe\xff\x00H\x00\xe9"), "Hé");
        assert_eq!(text_string(b"d\x90a\x84b\xe9"), "d’a—bé");
        assert_eq!(
            Object::String(b"\xfe\xff\x00d\x20\x19".to_vec()),
            Object::String(b"d\x90".to_vec())
        );
        assert_eq!(literal_string(b"(a\\)b\\101\\\nc)"), b"a)bAc");
    }

    #[test]
    fn hostile_objects_are_errors() {
        for text in [
            &b"<</A (never"[..],
            b"[[[[",
            b"<<1 2>>",
            b"<</A )>>",
            &[b'['; 200],
        ] {
            assert!(parse(text, 0..text.len()).is_err(), "{text:?}");
        }
    }
}
