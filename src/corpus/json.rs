//! JSON articles: one object per `.json` file, or one per line of a
//! `.jsonl`/`.ndjson` file, streamed line by line.
//!
//! Must not hold a whole JSONL file in memory (one line at a time, each
//! capped at [`MAX_FILE_BYTES`]), and must not let one bad line stop the
//! others. Optional fields of the wrong type are ignored, not fatal; only a
//! missing or non-string `body` rejects an object.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value;

use super::decode::{check_binary, clean_text, decode, decode_line};
use super::{megabytes, DateCtx, Draft, Entry, MAX_FILE_BYTES};

/// Read a `.json` file's text as one article.
pub(crate) fn parse_file(text: &str) -> Result<Draft, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| syntax_error(&e, true))?;
    draft_from_value(value)
}

/// One article object → a draft; the error names the offending field.
pub(crate) fn draft_from_value(value: Value) -> Result<Draft, String> {
    let Value::Object(mut map) = value else {
        return Err(format!(
            "expected a JSON object with a \"body\" string, found {}",
            describe(&value)
        ));
    };
    let body = match map.remove("body") {
        Some(Value::String(body)) => body,
        None => {
            return Err("field \"body\" is missing; expected the article text as a string".into())
        }
        Some(other) => {
            return Err(format!(
                "field \"body\" must be a string, found {}",
                describe(&other)
            ))
        }
    };
    let mut field = |name: &str| match map.remove(name) {
        Some(Value::String(s)) => Some(clean_text(&s)),
        _ => None,
    };
    Ok(Draft {
        title: field("title").unwrap_or_default(),
        published: field("published").or_else(|| field("date")),
        source: field("source"),
        url: field("url"),
        lang: field("lang"),
        body: clean_text(&body),
    })
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `invalid JSON at [line L, ]column C: what serde_json expected`.
fn syntax_error(e: &serde_json::Error, with_line: bool) -> String {
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(w, _)| w);
    if with_line {
        format!(
            "invalid JSON at line {}, column {}: {what}",
            e.line(),
            e.column()
        )
    } else {
        format!("invalid JSON at column {}: {what}", e.column())
    }
}

/// Where JSONL lines come from: the file itself, or (for the rare UTF-16
/// file, which must be decoded whole) its decoded text.
enum Source {
    File(BufReader<File>),
    Memory { text: String, pos: usize },
}

/// One line as read: its bytes, or how long it was when over the cap.
enum RawLine {
    Bytes,
    TooLong(u64),
}

/// The entries of one JSONL file, produced lazily, one line at a time.
pub(crate) struct JsonlEntries {
    rel: String,
    dates: DateCtx,
    source: Source,
    buf: Vec<u8>,
    line_no: usize,
    non_blank: usize,
    done: bool,
}

impl JsonlEntries {
    /// Open and sniff the file; the error is a skip reason for the whole
    /// file (unreadable, empty, binary).
    pub(crate) fn open(path: &Path, rel: String, dates: DateCtx) -> Result<Self, String> {
        let mut file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let mut head = Vec::with_capacity(8 * 1024);
        (&mut file)
            .take(8 * 1024)
            .read_to_end(&mut head)
            .map_err(|e| format!("cannot read: {e}"))?;
        let source = if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            let bytes = super::read_capped(path)?;
            let text = decode(&bytes, encoding_rs::WINDOWS_1252).map_err(|u| u.reason())?;
            Source::Memory { text, pos: 0 }
        } else {
            if head.is_empty() {
                return Err("empty (0 bytes)".into());
            }
            check_binary(&head, false).map_err(|u| u.reason())?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| format!("cannot read: {e}"))?;
            Source::File(BufReader::with_capacity(64 * 1024, file))
        };
        Ok(JsonlEntries {
            rel,
            dates,
            source,
            buf: Vec::new(),
            line_no: 0,
            non_blank: 0,
            done: false,
        })
    }

    /// The next line into `self.buf` (without its `\n`), or `None` at the
    /// end. Lines over the cap are consumed but not kept.
    fn read_line(&mut self) -> io::Result<Option<RawLine>> {
        self.buf.clear();
        match &mut self.source {
            Source::Memory { text, pos } => {
                if *pos >= text.len() {
                    return Ok(None);
                }
                let rest = &text[*pos..];
                let len = rest.find('\n').unwrap_or(rest.len());
                self.buf.extend_from_slice(&rest.as_bytes()[..len]);
                *pos += len + 1;
                Ok(Some(RawLine::Bytes))
            }
            Source::File(reader) => {
                let cap = MAX_FILE_BYTES as usize;
                let mut total: u64 = 0;
                let mut any = false;
                loop {
                    let chunk = reader.fill_buf()?;
                    if chunk.is_empty() {
                        break;
                    }
                    any = true;
                    let newline = chunk.iter().position(|&b| b == b'\n');
                    let take = newline.unwrap_or(chunk.len());
                    total += take as u64;
                    if total <= cap as u64 {
                        self.buf.extend_from_slice(&chunk[..take]);
                    } else {
                        self.buf = Vec::new();
                    }
                    reader.consume(take + usize::from(newline.is_some()));
                    if newline.is_some() {
                        break;
                    }
                }
                Ok(match (any, total > cap as u64) {
                    (false, _) => None,
                    (true, false) => Some(RawLine::Bytes),
                    (true, true) => Some(RawLine::TooLong(total)),
                })
            }
        }
    }

    fn line_entry(&self, id: String) -> Option<Entry> {
        let mut bytes = self.buf.as_slice();
        if self.line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let text: Cow<str> = decode_line(bytes);
        if text.trim().is_empty() {
            return None;
        }
        let entry = serde_json::from_str::<Value>(&text)
            .map_err(|e| syntax_error(&e, false))
            .and_then(draft_from_value)
            .map(|draft| draft.into_entry(id.clone(), &self.dates));
        Some(entry.unwrap_or_else(|reason| Entry::Skipped { path: id, reason }))
    }
}

impl Iterator for JsonlEntries {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        while !self.done {
            let line = self.read_line();
            self.line_no += 1;
            let id = format!("{}#{}", self.rel, self.line_no);
            match line {
                Ok(Some(RawLine::Bytes)) => {
                    if let Some(entry) = self.line_entry(id) {
                        self.non_blank += 1;
                        return Some(entry);
                    }
                }
                Ok(Some(RawLine::TooLong(len))) => {
                    self.non_blank += 1;
                    let reason = format!(
                        "line too large ({} MB > {} MB)",
                        megabytes(len),
                        megabytes(MAX_FILE_BYTES)
                    );
                    return Some(Entry::Skipped { path: id, reason });
                }
                Ok(None) => {
                    self.done = true;
                    if self.non_blank == 0 {
                        let reason = "empty (no JSON lines, only whitespace)".to_owned();
                        return Some(Entry::Skipped {
                            path: self.rel.clone(),
                            reason,
                        });
                    }
                }
                Err(e) => {
                    self.done = true;
                    let reason = format!("cannot read: {e}");
                    return Some(Entry::Skipped { path: id, reason });
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_table() {
        // input → Ok((title, body)) or Err(reason)
        type Case<'a> = (&'a str, Result<(&'a str, &'a str), &'a str>);
        let cases: &[Case] = &[
            (r#"{"title": "T", "body": "B"}"#, Ok(("T", "B"))),
            (r#"{"body": "B only"}"#, Ok(("", "B only"))),
            (r#"{"title": 7, "body": "B\r\nC"}"#, Ok(("", "B\nC"))),
            (
                r#"{"title": "T", "body": 42}"#,
                Err("field \"body\" must be a string, found a number"),
            ),
            (
                r#"{"title": "T", "body": null}"#,
                Err("field \"body\" must be a string, found null"),
            ),
            (
                r#"{"title": "T"}"#,
                Err("field \"body\" is missing; expected the article text as a string"),
            ),
            (
                r#"[{"body": "B"}]"#,
                Err("expected a JSON object with a \"body\" string, found an array"),
            ),
            (
                "\"just text\"",
                Err("expected a JSON object with a \"body\" string, found a string"),
            ),
            (
                "{\"body\": \"B\",}",
                Err("invalid JSON at line 1, column 14: trailing comma"),
            ),
            (
                "{\"body\":\n  \"B\"",
                Err("invalid JSON at line 2, column 5: EOF while parsing an object"),
            ),
            (
                "",
                Err("invalid JSON at line 1, column 0: EOF while parsing a value"),
            ),
        ];
        for (input, want) in cases {
            let got = parse_file(input).map(|d| (d.title, d.body));
            let got = got
                .as_ref()
                .map(|(t, b)| (t.as_str(), b.as_str()))
                .map_err(String::as_str);
            assert_eq!(got, *want, "input {input:?}");
        }
    }

    #[test]
    fn optional_fields() {
        let d = parse_file(
            r#"{"body": "B", "published": "2024-10-02T10:00:00Z", "source": "S", "url": "U", "lang": "en", "extra": [1]}"#,
        )
        .unwrap();
        assert_eq!(d.published.as_deref(), Some("2024-10-02T10:00:00Z"));
        assert_eq!(
            (d.source.as_deref(), d.url.as_deref(), d.lang.as_deref()),
            (Some("S"), Some("U"), Some("en"))
        );
        let d = parse_file(r#"{"body": "B", "date": "2024-10-03", "published": 5}"#).unwrap();
        assert_eq!(d.published.as_deref(), Some("2024-10-03"));
    }

    #[test]
    fn deeply_nested_json_is_an_error_not_a_crash() {
        let text = format!(
            "{{\"body\": \"B\", \"x\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = parse_file(&text).unwrap_err();
        assert!(err.contains("recursion limit exceeded"), "{err}");
    }
}
