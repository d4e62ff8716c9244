//! Bytes → clean text: BOM handling, UTF-8 with a Windows-1252 (or
//! declared-charset) fallback, binary and empty detection, line-ending and
//! control-character clean-up.
//!
//! Must not guess beyond that: no statistical charset detection, no
//! knowledge of file formats (HTML passes its `<meta charset>` in as the
//! fallback). Every step is a single linear pass over the input.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How much of a file the binary sniffing looks at.
const SNIFF_LEN: usize = 8 * 1024;

/// Share of control bytes (in percent of the sniffed prefix) above which a
/// file counts as binary. Real text has next to none; random bytes have
/// about 11% (13% counting Windows-1252's undefined bytes).
const MAX_CONTROL_PERCENT: usize = 5;

/// A few stray control characters (an escape sequence pasted from a
/// terminal) do not make a short file binary.
const MIN_CONTROLS: usize = 4;

/// Why bytes could not be read as an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Zero bytes, or nothing but whitespace once decoded.
    Empty(&'static str),
    /// NUL bytes or too many control characters.
    Binary(String),
}

impl Unreadable {
    pub(crate) fn reason(&self) -> String {
        match self {
            Unreadable::Empty(why) => format!("empty ({why})"),
            Unreadable::Binary(why) => format!("binary content ({why}); expected text"),
        }
    }
}

/// Decode a whole file. `fallback` is the encoding for bytes that are not
/// valid UTF-8 (Windows-1252 unless the caller knows better).
///
/// A UTF-8 BOM is stripped and the rest decoded as UTF-8 (invalid sequences
/// become U+FFFD: the BOM is a stronger signal than a stray bad byte).
/// UTF-16 LE/BE BOMs switch to UTF-16. Without a BOM, UTF-16 text has NUL
/// bytes and is reported as binary.
pub(crate) fn decode(bytes: &[u8], fallback: &'static Encoding) -> Result<String, Unreadable> {
    if bytes.is_empty() {
        return Err(Unreadable::Empty("0 bytes"));
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        check_binary(rest, false)?;
        UTF_8.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let text = UTF_16LE.decode_without_bom_handling(rest).0.into_owned();
        check_binary_chars(&text)?;
        text
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let text = UTF_16BE.decode_without_bom_handling(rest).0.into_owned();
        check_binary_chars(&text)?;
        text
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                check_binary(bytes, false)?;
                s.to_owned()
            }
            Err(_) => {
                check_binary(bytes, fallback == WINDOWS_1252)?;
                fallback.decode_without_bom_handling(bytes).0.into_owned()
            }
        }
    };
    let text = clean_text(&text);
    if text.trim().is_empty() {
        return Err(Unreadable::Empty("only whitespace"));
    }
    Ok(text)
}

/// Decode one line of a streamed file (JSONL): UTF-8, else Windows-1252.
/// No binary check (the file's head was sniffed once) and no clean-up (JSON
/// strings are cleaned after parsing).
pub(crate) fn decode_line(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    }
}

/// Sniff the head of a file for binary content. `cp1252` also counts the
/// five bytes Windows-1252 leaves undefined.
pub(crate) fn check_binary(bytes: &[u8], cp1252: bool) -> Result<(), Unreadable> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if let Some(at) = head.iter().position(|&b| b == 0) {
        return Err(Unreadable::Binary(format!("NUL byte at offset {at}")));
    }
    let controls = head
        .iter()
        .filter(|&&b| {
            is_control_byte(b) || (cp1252 && matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
        })
        .count();
    control_ratio(controls, head.len())
}

fn check_binary_chars(text: &str) -> Result<(), Unreadable> {
    let mut seen = 0;
    let mut controls = 0;
    for (i, c) in text.chars().take(SNIFF_LEN).enumerate() {
        if c == '\0' {
            return Err(Unreadable::Binary(format!("NUL character at position {i}")));
        }
        seen += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'));
    }
    control_ratio(controls, seen)
}

fn control_ratio(controls: usize, total: usize) -> Result<(), Unreadable> {
    if controls >= MIN_CONTROLS && controls * 100 > total * MAX_CONTROL_PERCENT {
        let percent = controls * 100 / total;
        return Err(Unreadable::Binary(format!("{percent}% control characters")));
    }
    Ok(())
}

fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F
}

/// Normalise decoded text in one pass: CRLF and lone CR become LF; control
/// characters other than tab and LF are dropped (they mean nothing in an
/// article and can carry terminal escapes), as are invisible characters
/// that would split a word for the place matcher (soft hyphen, zero-width
/// space, a stray BOM).
pub(crate) fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            '\u{AD}' | '\u{200B}' | '\u{FEFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> String {
        decode(bytes, WINDOWS_1252).expect("decodes")
    }

    #[test]
    fn decodes_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"plain", "plain"),
            (b"\xEF\xBB\xBFwith bom", "with bom"),
            (b"Kiev \x96 caf\xE9", "Kiev – café"),
            (b"a\r\nb\rc\n", "a\nb\nc\n"),
            (b"\xFF\xFEK\0y\0i\0v\0", "Kyiv"),
            (b"\xFE\xFF\0K\0y\0i\0v", "Kyiv"),
            (b"esc\x1b[31m red", "esc[31m red"),
            (b"Avdi\xC2\xADivka", "Avdiivka"),
            ("Київ".as_bytes(), "Київ"),
        ];
        for (bytes, want) in cases {
            assert_eq!(ok(bytes), *want, "input {bytes:?}");
        }
    }

    #[test]
    fn rejects_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"", "empty (0 bytes)"),
            (b"  \n\t\r\n ", "empty (only whitespace)"),
            (b"\xEF\xBB\xBF \n", "empty (only whitespace)"),
            (
                b"text\0more",
                "binary content (NUL byte at offset 4); expected text",
            ),
            (
                b"\x01\x02\x03\x04abcdef",
                "binary content (40% control characters); expected text",
            ),
        ];
        for (bytes, want) in cases {
            let got = decode(bytes, WINDOWS_1252).expect_err("rejected");
            assert_eq!(got.reason(), *want, "input {bytes:?}");
        }
    }

    #[test]
    fn declared_fallback_is_used_for_invalid_utf8() {
        // "Київ" in Windows-1251.
        let bytes = b"\xCA\xE8\xBF\xE2";
        let text = decode(bytes, encoding_rs::WINDOWS_1251).unwrap();
        assert_eq!(text, "Київ");
    }
}
