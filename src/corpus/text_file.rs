//! Plain-text and Markdown articles: optional front matter, then the first
//! non-empty line as the headline and the rest as the body.
//!
//! Must not interpret Markdown beyond the headline's `#` marker (and a
//! setext underline): the body is kept as written, so spans computed on it
//! point at what the author wrote. Works on decoded text; never reads files.

use super::Draft;

/// Front-matter keys the contract knows. `date` is read as an alias of
/// `published` (static-site generators write it), used only when
/// `published` is absent.
const KEYS: &[&str] = &["published", "date", "source", "url", "title", "lang"];

/// Read an article from decoded text.
///
/// Front matter opens with a `---` line and closes with the next `---`
/// line; between them only `key: value` lines, blank lines, `#` comments
/// and indented or `- ` continuation lines (YAML lists) may appear.
/// Unknown keys are ignored; values may be quoted.
///
/// Broken front matter (a `---` first line, but no closing `---` before a
/// line that is not `key: value`, or before the end): the article is kept,
/// never skipped. The leading run of recognised `key: value` lines (the
/// keys above) is still read as metadata, and the text resumes at the first
/// line that is not one, so a forgotten closing fence loses nothing, and a
/// Markdown rule (`---`) followed by prose reads as plain text. Only the
/// lone `---` line is dropped.
///
/// With a `title` in the front matter, all the rest is the body. Otherwise
/// the first non-empty line is the headline (in Markdown, without its `#`
/// marker) and the lines after it the body.
pub(crate) fn parse(text: &str, markdown: bool) -> Draft {
    let (meta, rest) = split_front_matter(text);
    let mut draft = Draft {
        published: meta
            .get("published")
            .or(meta.get("date"))
            .map(str::to_owned),
        source: meta.get("source").map(str::to_owned),
        url: meta.get("url").map(str::to_owned),
        lang: meta.get("lang").map(str::to_owned),
        ..Draft::default()
    };
    if let Some(title) = meta.get("title") {
        draft.title = title.to_owned();
        draft.body = rest.trim().to_owned();
        return draft;
    }
    let rest = rest.trim_start();
    let (headline, body) = rest.split_once('\n').unwrap_or((rest, ""));
    let mut body = body;
    draft.title = if markdown {
        // A setext heading: "Headline\n========".
        let (underline, after) = body.split_once('\n').unwrap_or((body, ""));
        let underline = underline.trim();
        if !underline.is_empty() && underline.chars().all(|c| c == '=' || c == '-') {
            body = after;
        }
        strip_atx(headline.trim()).to_owned()
    } else {
        headline.trim().to_owned()
    };
    draft.body = body.trim().to_owned();
    draft
}

/// `## Headline ##` → `Headline`.
fn strip_atx(line: &str) -> &str {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    let rest = &line[hashes..];
    if hashes == 0 || hashes > 6 || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return line;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    if closed.len() < rest.len() && (closed.is_empty() || closed.ends_with([' ', '\t'])) {
        closed.trim_end()
    } else {
        rest
    }
}

/// Recognised front-matter values, by lower-case key; empty values are
/// absent.
#[derive(Debug, Default, PartialEq)]
struct Meta(Vec<(&'static str, String)>);

impl Meta {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    fn set(&mut self, key: &str, value: &str) {
        let Some(&known) = KEYS.iter().find(|k| k.eq_ignore_ascii_case(key)) else {
            return;
        };
        let value = unquote(value.trim());
        if value.is_empty() {
            return;
        }
        // The first occurrence wins, as in the broken-block recovery.
        if self.get(known).is_none() {
            self.0.push((known, value.to_owned()));
        }
    }
}

enum Line<'a> {
    Fence,
    Blank,
    /// A comment or a continuation of the previous value.
    Ignorable,
    KeyValue(&'a str, &'a str),
    Other,
}

fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim_end();
    if trimmed == "---" {
        return Line::Fence;
    }
    if trimmed.is_empty() {
        return Line::Blank;
    }
    if trimmed.starts_with('#') || trimmed.starts_with([' ', '\t']) || trimmed.starts_with("- ") {
        return Line::Ignorable;
    }
    let Some((key, value)) = trimmed.split_once(':') else {
        return Line::Other;
    };
    let key_ok = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if key_ok && (value.is_empty() || value.starts_with([' ', '\t'])) {
        Line::KeyValue(key, value)
    } else {
        Line::Other
    }
}

/// Split off a front-matter block: its recognised values and the text after
/// it. See [`parse`] for what happens when the block is broken.
fn split_front_matter(text: &str) -> (Meta, &str) {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (Meta::default(), text);
    };
    if first.trim_end() != "---" {
        return (Meta::default(), text);
    }
    let mut offset = first.len();
    let mut block = Meta::default();
    // The broken-block reading: recognised keys up to the first other line.
    let mut prefix = Meta::default();
    let mut prefix_end = offset;
    let mut in_prefix = true;
    for line in lines {
        let kind = classify(line);
        if in_prefix {
            match kind {
                Line::KeyValue(k, v) if KEYS.iter().any(|known| known.eq_ignore_ascii_case(k)) => {
                    prefix.set(k, v);
                    prefix_end = offset + line.len();
                }
                _ => in_prefix = false,
            }
        }
        offset += line.len();
        match kind {
            Line::Fence => return (block, &text[offset..]),
            Line::KeyValue(k, v) => block.set(k, v),
            Line::Blank | Line::Ignorable => {}
            Line::Other => break,
        }
    }
    (prefix, &text[prefix_end..])
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, markdown, title, body, published, source)
    type Case<'a> = (
        &'a str,
        bool,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );

    #[test]
    fn parse_table() {
        let cases: &[Case] = &[
            ("Headline\nBody one.\nBody two.\n", false, "Headline", "Body one.\nBody two.", None, None),
            ("\n\n  Headline  \n\n\nBody.\n", false, "Headline", "Body.", None, None),
            ("Only a headline", false, "Only a headline", "", None, None),
            ("# Headline\nBody *as is*.", true, "Headline", "Body *as is*.", None, None),
            ("## Headline ##\nBody", true, "Headline", "Body", None, None),
            ("#hashtag first\nBody", true, "#hashtag first", "Body", None, None),
            ("# Headline\nBody", false, "# Headline", "Body", None, None),
            ("Headline\n========\nBody", true, "Headline", "Body", None, None),
            (
                "---\npublished: 2024-10-02\nsource: \"Wire Service\"\nurl: https://example.org/a\n---\nHeadline\nBody.",
                false,
                "Headline",
                "Body.",
                Some("2024-10-02"),
                Some("Wire Service"),
            ),
            (
                "---\ntitle: 'From front matter'\nPublished: 2024-10-02\nauthor: someone\ntags:\n  - war\n- map\n# note\n\n---\n\nFirst line\nSecond line\n",
                true,
                "From front matter",
                "First line\nSecond line",
                Some("2024-10-02"),
                None,
            ),
            ("---\ndate: 2023-01-05\n---\nH\nB", false, "H", "B", Some("2023-01-05"), None),
            (
                "---\npublished: 2024-01-01\ndate: 2023-01-05\n---\nH\nB",
                false,
                "H",
                "B",
                Some("2024-01-01"),
                None,
            ),
            // Broken: no closing fence. Recognised keys are kept, the rest is text.
            (
                "---\npublished: 2024-10-02\nsource: Wire\n\nHeadline\nBody.",
                false,
                "Headline",
                "Body.",
                Some("2024-10-02"),
                Some("Wire"),
            ),
            (
                "---\npublished: 2024-10-02\nHeadline: with a colon\nBody.",
                false,
                "Headline: with a colon",
                "Body.",
                Some("2024-10-02"),
                None,
            ),
            // Broken: a Markdown rule then prose. Nothing is lost but the rule.
            ("---\nUpdate: troops crossed the river\nMore.", false, "Update: troops crossed the river", "More.", None, None),
            ("---\n\nHeadline\nBody", false, "Headline", "Body", None, None),
            // A second `---` later in the text does not make the prose front matter.
            ("---\nHeadline here\n---\nBody", false, "Headline here", "---\nBody", None, None),
            // Front matter only.
            ("---\npublished: 2024-10-02\n---\n", false, "", "", Some("2024-10-02"), None),
            ("---\n---\nH\nB", false, "H", "B", None, None),
            // Empty and quoted-empty values are absent.
            ("---\nsource:\nurl: \"\"\n---\nH", false, "H", "", None, None),
        ];
        for (input, markdown, title, body, published, source) in cases {
            let d = parse(input, *markdown);
            assert_eq!(d.title, *title, "title of {input:?}");
            assert_eq!(d.body, *body, "body of {input:?}");
            assert_eq!(d.published.as_deref(), *published, "published of {input:?}");
            assert_eq!(d.source.as_deref(), *source, "source of {input:?}");
        }
    }

    #[test]
    fn front_matter_fields() {
        let d = parse(
            "---\nurl: https://example.org/x?a=1\nlang: uk\n---\nH\nB",
            false,
        );
        assert_eq!(d.url.as_deref(), Some("https://example.org/x?a=1"));
        assert_eq!(d.lang.as_deref(), Some("uk"));
    }

    #[test]
    fn long_single_line_is_linear() {
        let line = "word ".repeat(3_000_000);
        let started = std::time::Instant::now();
        let d = parse(&line, true);
        assert_eq!(d.title.len(), line.trim().len());
        assert!(started.elapsed().as_secs() < 5);
    }
}
