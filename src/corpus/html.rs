//! Web pages → headline, body and metadata: a small tokenizer and a
//! single-pass extractor that keeps the readable article text and drops
//! scripts, styles, menus, headers, footers, forms and asides.
//!
//! Must not recurse or backtrack: every construct is found with forward
//! scans, open elements live on an explicit stack, and end tags that match
//! nothing are ignored in O(1), so time is linear in the input and HTML
//! nested 100,000 deep costs a vector, not the call stack. Must not build a
//! DOM or run anything; it only reads.

use std::borrow::Cow;
use std::collections::HashMap;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::date::parse_date;
use super::decode::{decode, Unreadable};
use super::Draft;

/// Decode a page (UTF-8, else its `<meta charset>`, else Windows-1252) and
/// extract its article.
pub(crate) fn read(bytes: &[u8]) -> Result<Draft, Unreadable> {
    let fallback = sniff_charset(bytes).unwrap_or(WINDOWS_1252);
    let text = decode(bytes, fallback)?;
    Ok(extract(&text))
}

/// The article of a page.
///
/// Title: `<title>`, unless the first `<h1>` is contained in it (the title
/// is the headline plus a site name), then the cleaner `<h1>`; with neither,
/// the first paragraph. Body: the text of `<article>`/`<main>` regions when
/// they hold at least a quarter of the page's readable text (less means
/// they are teaser cards around a story kept in plain `<div>`s), else all
/// readable text. Readable excludes boilerplate elements (see
/// [`is_boilerplate`]); if that leaves nothing, every visible text is used,
/// so a page is never emptied by the heuristics. Block elements end a
/// paragraph ("\n"); whitespace inside a paragraph collapses to one space.
/// A first body paragraph equal to the headline is dropped.
pub(crate) fn extract(html: &str) -> Draft {
    let mut ex = Extractor::default();
    for token in Tokenizer::new(html) {
        ex.token(token);
    }
    ex.finish()
}

// ---------------------------------------------------------------- tokenizer

#[derive(Debug, PartialEq)]
enum Token<'a> {
    /// Character data, entities not yet decoded.
    Text(&'a str),
    /// A start tag; `name` is lower-case, `attrs` the raw attribute source.
    Start {
        name: String,
        attrs: &'a str,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// The whole content of a raw-text element (`<script>`, `<title>`, ...);
    /// the element is the preceding `Start`.
    Raw(&'a str),
}

/// Elements whose content is not markup: it runs to the matching end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

struct Tokenizer<'a> {
    src: &'a str,
    pos: usize,
    /// Set after a raw-text start tag: the name whose end tag closes it.
    raw_until: Option<String>,
}

impl<'a> Tokenizer<'a> {
    fn new(src: &'a str) -> Self {
        Tokenizer {
            src,
            pos: 0,
            raw_until: None,
        }
    }

    /// Skip to just past the next `>` (or to the end): comments'
    /// unterminated cousins, doctypes, `<?...>`.
    fn skip_past_gt(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.find('>').map_or(rest.len(), |i| i + 1);
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(name) = self.raw_until.take() {
                let start = self.pos;
                self.pos = find_end_tag(self.src, start, &name);
                if self.pos > start {
                    return Some(Token::Raw(&self.src[start..self.pos]));
                }
            }
            let rest = &self.src[self.pos..];
            let b = rest.as_bytes();
            if b.is_empty() {
                return None;
            }
            if b[0] != b'<' {
                let n = rest.find('<').unwrap_or(rest.len());
                self.pos += n;
                return Some(Token::Text(&rest[..n]));
            }
            match b.get(1) {
                Some(b'!') if rest.starts_with("<!--") => {
                    let end = if rest.starts_with("<!-->") {
                        5
                    } else if rest.starts_with("<!--->") {
                        6
                    } else {
                        rest[4..].find("-->").map_or(rest.len(), |i| 4 + i + 3)
                    };
                    self.pos += end;
                }
                Some(b'!' | b'?') => self.skip_past_gt(),
                Some(b'/') => match b.get(2) {
                    Some(c) if c.is_ascii_alphabetic() => {
                        let len = tag_name_len(&b[2..]);
                        let name = rest[2..2 + len].to_ascii_lowercase();
                        self.skip_past_gt();
                        return Some(Token::End { name });
                    }
                    _ => self.skip_past_gt(),
                },
                Some(c) if c.is_ascii_alphabetic() => {
                    let len = tag_name_len(&b[1..]);
                    let Some(gt) = find_tag_end(b, 1 + len) else {
                        // A tag cut off by the end of the file is dropped, as
                        // browsers do; consuming the rest keeps this linear.
                        self.pos = self.src.len();
                        return None;
                    };
                    let name = rest[1..1 + len].to_ascii_lowercase();
                    let attrs = &rest[1 + len..gt];
                    self.pos += gt + 1;
                    if RAW_TEXT.contains(&name.as_str()) {
                        self.raw_until = Some(name.clone());
                    }
                    return Some(Token::Start {
                        name,
                        attrs,
                        self_closing: attrs.ends_with('/'),
                    });
                }
                _ => {
                    // A `<` that opens nothing is text, up to the next `<`.
                    let n = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
                    self.pos += n;
                    return Some(Token::Text(&rest[..n]));
                }
            }
        }
    }
}

fn tag_name_len(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        .unwrap_or(b.len())
}

/// The index of the `>` closing a start tag whose attributes begin at
/// `from`; `>` inside a quoted attribute value does not count.
fn find_tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut last = 0u8; // the last non-space byte seen
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i),
            q @ (b'"' | b'\'') if last == b'=' => {
                i += 1 + b[i + 1..].iter().position(|&c| c == q)?;
                last = q;
            }
            c if !c.is_ascii_whitespace() => last = c,
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the end tag `</name` (any case) of a raw-text element starts, or
/// the end of input.
fn find_end_tag(src: &str, from: usize, name: &str) -> usize {
    let b = src.as_bytes();
    let mut i = from;
    while let Some(j) = src[i..].find("</") {
        let at = i + j;
        let after = at + 2;
        let name_ok = b
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        let boundary = matches!(
            b.get(after + name.len()),
            None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | 0x0C)
        );
        if name_ok && boundary {
            return at;
        }
        i = after;
    }
    src.len()
}

/// Attributes of a start tag, names lower-cased, values entity-decoded.
fn parse_attrs(src: &str) -> Vec<(String, String)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < b.len() && (b[*i].is_ascii_whitespace() || b[*i] == b'/') {
            *i += 1;
        }
    };
    loop {
        skip_ws(&mut i);
        if i >= b.len() {
            return out;
        }
        let start = i;
        i += 1; // a name may start with `=`; it is at least one byte long
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'=') {
            i += 1;
        }
        let name = src[start..i].to_ascii_lowercase();
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            out.push((name, String::new()));
            continue;
        }
        i = j + 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |k| i + 1 + k);
                let v = &src[i + 1..end];
                i = (end + 1).min(b.len());
                v
            }
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                &src[start..i]
            }
        };
        out.push((name, decode_entities(value, true).into_owned()));
    }
}

// ---------------------------------------------------------------- entities

/// Decode character references: the common named ones and every numeric
/// one. Unknown names stay as written. Numeric references to nothing
/// (0, surrogates, beyond U+10FFFF) become U+FFFD; 128–159 are read as
/// Windows-1252, as browsers do. In attribute values a name without `;`
/// followed by `=` or an alphanumeric stays literal (`?a=1&copy=2`).
pub(crate) fn decode_entities(s: &str, in_attr: bool) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(k) = s[i..].find('&') {
        let amp = i + k;
        i = amp + 1;
        let (replacement, end) = if b.get(i) == Some(&b'#') {
            match numeric_ref(b, i + 1) {
                Some(r) => r,
                None => continue,
            }
        } else {
            let len = b[i..]
                .iter()
                .take(32)
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let name = &s[i..i + len];
            let Some(ch) = named_entity(name) else {
                continue;
            };
            if b.get(i + len) == Some(&b';') {
                (ch, i + len + 1)
            } else {
                let legacy = matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg");
                let next = b.get(i + len);
                let attr_literal =
                    in_attr && next.is_some_and(|c| *c == b'=' || c.is_ascii_alphanumeric());
                if !legacy || attr_literal {
                    continue;
                }
                (ch, i + len)
            }
        };
        out.push_str(&s[copied..amp]);
        out.push_str(&replacement);
        copied = end;
        i = end;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// `&#...` after the `#`: the replacement and where the reference ends.
fn numeric_ref(b: &[u8], from: usize) -> Option<(Cow<'static, str>, usize)> {
    let hex = matches!(b.get(from), Some(b'x' | b'X'));
    let start = from + usize::from(hex);
    let radix = if hex { 16 } else { 10 };
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|c| (*c).is_ascii_hexdigit() && (hex || c.is_ascii_digit()))
        .count();
    if digits == 0 {
        return None;
    }
    let value = b[start..start + digits].iter().fold(0u32, |n, &c| {
        let d = (c as char).to_digit(radix).unwrap_or(0);
        n.saturating_mul(radix).saturating_add(d)
    });
    let mut end = start + digits;
    if b.get(end) == Some(&b';') {
        end += 1;
    }
    let ch = match value {
        0x80..=0x9F => {
            let byte = [value as u8];
            WINDOWS_1252
                .decode_without_bom_handling(&byte)
                .0
                .into_owned()
        }
        v => char::from_u32(v)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}')
            .to_string(),
    };
    Some((Cow::Owned(ch), end))
}

/// The named references a news page is likely to use.
fn named_entity(name: &str) -> Option<Cow<'static, str>> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "shy" => '\u{AD}',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "prime" => '′',
        "Prime" => '″',
        "bull" => '•',
        "middot" => '·',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "euro" => '€',
        "curren" => '¤',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "brvbar" => '¦',
        "uml" => '¨',
        "acute" => '´',
        "cedil" => '¸',
        "macr" => '¯',
        "circ" => 'ˆ',
        "tilde" => '˜',
        "fnof" => 'ƒ',
        "OElig" => 'Œ',
        "oelig" => 'œ',
        "Scaron" => 'Š',
        "scaron" => 'š',
        "Yuml" => 'Ÿ',
        _ => return latin1_letter(name).map(|c| Cow::Owned(c.to_string())),
    };
    Some(Cow::Owned(c.to_string()))
}

/// `&Agrave;` ... `&yuml;`: the Latin-1 letters, by their HTML names.
fn latin1_letter(name: &str) -> Option<char> {
    const NAMES: [&str; 64] = [
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
        "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
        "Oacute", "Ocirc", "Otilde", "Ouml", "", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
        "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring",
        "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
        "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "", "oslash",
        "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ];
    if name.is_empty() {
        return None;
    }
    let i = NAMES.iter().position(|&n| n == name)?;
    char::from_u32(0xC0 + i as u32)
}

// ---------------------------------------------------------------- extraction

/// Elements whose start and end break a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that are never article text.
const BOILERPLATE_TAGS: &[&str] = &[
    "nav", "footer", "aside", "form", "menu", "button", "select", "template", "dialog", "svg",
    "math", "canvas", "object", "audio", "video",
];

/// ARIA roles of page furniture.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "menu",
    "menubar",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
];

/// Words in a `class` or `id` (split at non-alphanumerics) that mark page
/// furniture: menus, share bars, cookie banners, teasers, comments.
const BOILERPLATE_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "consent",
    "newsletter",
    "subscribe",
    "paywall",
    "promo",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "related",
    "comments",
    "popup",
    "modal",
];

/// `<meta>` names (in `property`, `name` or `itemprop`) giving the
/// publication date, most specific first in spirit; the first that parses
/// in document order wins.
const DATE_METAS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
];

/// Is this start tag page furniture rather than article text? By tag
/// (`<nav>`, `<footer>`, `<aside>`, `<form>`, ...; `<header>` only outside
/// `<article>`/`<main>`, where it holds the headline), by ARIA role, by the
/// `hidden`/`aria-hidden` attributes, or by menu-like words in `class`/`id`.
/// `<html>`, `<body>`, `<main>` and `<article>` are never furniture by
/// class: a `<body class="nav-open">` must not hide the page.
fn is_boilerplate(name: &str, attrs: &[(String, String)], in_main: bool) -> bool {
    if BOILERPLATE_TAGS.contains(&name) {
        return true;
    }
    if name == "header" {
        return !in_main;
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    attrs.iter().any(|(k, v)| match k.as_str() {
        "hidden" => true,
        "aria-hidden" => v.eq_ignore_ascii_case("true"),
        "role" => BOILERPLATE_ROLES.contains(&v.to_ascii_lowercase().as_str()),
        "class" | "id" => v
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| BOILERPLATE_WORDS.iter().any(|b| b.eq_ignore_ascii_case(w))),
        _ => false,
    })
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Text accumulated as paragraphs: whitespace collapsed, one "\n" between
/// paragraphs, appended in place (linear).
#[derive(Default)]
struct Paragraphs {
    out: String,
    /// Whitespace seen since the last character of the open paragraph.
    space: bool,
    /// The current paragraph has text.
    open: bool,
}

impl Paragraphs {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = self.open;
            } else {
                if self.space {
                    self.out.push(' ');
                    self.space = false;
                }
                self.out.push(c);
                self.open = true;
            }
        }
    }

    fn end_paragraph(&mut self) {
        if self.open {
            self.out.push('\n');
        }
        self.open = false;
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.out.pop();
        self.out
    }
}

fn collapse(text: &str) -> String {
    let mut p = Paragraphs::default();
    p.push(text);
    p.finish()
}

/// An `<h1>` longer than this is not a headline (an `<h1>` left open
/// swallows the page); the next candidate is used instead.
const MAX_HEADLINE_BYTES: usize = 2048;

struct Frame {
    name: String,
    boilerplate: bool,
    main: bool,
    /// This is the first `<h1>`, whose text is being collected.
    h1: bool,
}

#[derive(Default)]
struct Extractor {
    stack: Vec<Frame>,
    /// How many frames of each name are open, so an end tag that matches
    /// nothing is ignored without searching the stack.
    open: HashMap<String, usize>,
    boilerplate_depth: usize,
    main_depth: usize,
    /// The raw-text element whose content comes next.
    raw_for: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    h1_text: Option<String>,
    readable: Paragraphs,
    main: Paragraphs,
    visible: Paragraphs,
    meta_date: Option<String>,
    time_date: Option<String>,
    lang: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    site_name: Option<String>,
}

impl Extractor {
    fn token(&mut self, token: Token<'_>) {
        match token {
            Token::Text(raw) => self.text(&decode_entities(raw, false)),
            Token::Raw(raw) => {
                if self.raw_for.as_deref() == Some("title") && self.title.is_none() {
                    let title = collapse(&decode_entities(raw, false));
                    self.title = Some(title).filter(|t| !t.is_empty());
                }
            }
            Token::Start {
                name,
                attrs,
                self_closing,
            } => self.start(name, attrs, self_closing),
            Token::End { name } => self.end(&name),
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(h1) = &mut self.h1_text {
            if h1.len() <= MAX_HEADLINE_BYTES {
                h1.push_str(text);
            }
        }
        self.visible.push(text);
        if self.boilerplate_depth == 0 {
            self.readable.push(text);
            if self.main_depth > 0 {
                self.main.push(text);
            }
        }
    }

    fn end_paragraph(&mut self) {
        self.visible.end_paragraph();
        self.readable.end_paragraph();
        self.main.end_paragraph();
    }

    fn start(&mut self, name: String, attrs: &str, self_closing: bool) {
        let attrs = parse_attrs(attrs);
        self.metadata(&name, &attrs);
        if BLOCK.contains(&name.as_str()) {
            self.end_paragraph();
        }
        if RAW_TEXT.contains(&name.as_str()) {
            self.raw_for = Some(name);
            return;
        }
        if VOID.contains(&name.as_str()) || self_closing {
            return;
        }
        // `<p>` and `<li>` close an open sibling; this keeps the stack small
        // for pages that never close them.
        if matches!(name.as_str(), "p" | "li") && self.stack.last().is_some_and(|f| f.name == name)
        {
            self.pop();
        }
        let frame = Frame {
            boilerplate: is_boilerplate(&name, &attrs, self.main_depth > 0),
            main: matches!(name.as_str(), "article" | "main")
                || attr(&attrs, "role") == Some("main")
                || attr(&attrs, "itemprop") == Some("articleBody"),
            h1: name == "h1" && self.h1.is_none() && self.h1_text.is_none(),
            name,
        };
        self.boilerplate_depth += usize::from(frame.boilerplate);
        self.main_depth += usize::from(frame.main);
        if frame.h1 {
            self.h1_text = Some(String::new());
        }
        *self.open.entry(frame.name.clone()).or_default() += 1;
        self.stack.push(frame);
    }

    fn end(&mut self, name: &str) {
        if BLOCK.contains(&name) {
            self.end_paragraph();
        }
        if self.open.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(frame) = self.pop() {
            if frame.name == name {
                break;
            }
        }
    }

    fn pop(&mut self) -> Option<Frame> {
        let frame = self.stack.pop()?;
        if let Some(n) = self.open.get_mut(&frame.name) {
            *n -= 1;
        }
        self.boilerplate_depth -= usize::from(frame.boilerplate);
        self.main_depth -= usize::from(frame.main);
        if frame.h1 {
            let h1 = collapse(&self.h1_text.take().unwrap_or_default());
            self.h1 = Some(h1).filter(|h| !h.is_empty() && h.len() <= MAX_HEADLINE_BYTES);
        }
        Some(frame)
    }

    /// Date, language, canonical URL and site name from the head.
    fn metadata(&mut self, name: &str, attrs: &[(String, String)]) {
        match name {
            "html" if self.lang.is_none() => {
                self.lang = attr(attrs, "lang").map(str::to_owned);
            }
            "link"
                if self.canonical.is_none()
                    && attr(attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = attr(attrs, "href").map(str::to_owned);
            }
            "meta" => {
                let key = ["property", "name", "itemprop"]
                    .iter()
                    .find_map(|k| attr(attrs, k))
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default();
                let content = attr(attrs, "content");
                if DATE_METAS.contains(&key.as_str()) && self.meta_date.is_none() {
                    self.meta_date = content
                        .filter(|c| parse_date(c).is_some())
                        .map(str::to_owned);
                }
                if key == "og:site_name" && self.site_name.is_none() {
                    self.site_name = content.map(str::to_owned);
                }
                if key == "og:url" && self.og_url.is_none() {
                    self.og_url = content.map(str::to_owned);
                }
            }
            "time" if self.time_date.is_none() => {
                self.time_date = attr(attrs, "datetime")
                    .filter(|d| parse_date(d).is_some())
                    .map(str::to_owned);
            }
            _ => {}
        }
        // `<span itemprop="datePublished" content="...">` and the like.
        if self.meta_date.is_none() && attr(attrs, "itemprop") == Some("datePublished") {
            self.meta_date = ["content", "datetime"]
                .iter()
                .find_map(|k| attr(attrs, k))
                .filter(|d| parse_date(d).is_some())
                .map(str::to_owned);
        }
    }

    fn finish(mut self) -> Draft {
        while self.pop().is_some() {}
        let readable = self.readable.finish();
        let main = self.main.finish();
        let mut body = if !main.is_empty() && main.len() * 4 >= readable.len() {
            main
        } else if !readable.is_empty() {
            readable
        } else {
            self.visible.finish()
        };
        let mut title = match (self.title, self.h1) {
            (Some(t), Some(h)) if t.contains(&h) => h,
            (Some(t), _) => t,
            (None, Some(h)) => h,
            (None, None) => String::new(),
        };
        let first_len = body.find('\n').unwrap_or(body.len());
        if title.is_empty() {
            title = body[..first_len].to_owned();
        }
        if body[..first_len] == title {
            body.drain(..(first_len + 1).min(body.len()));
        }
        Draft {
            title,
            body,
            published: self.meta_date.or(self.time_date),
            source: self.site_name,
            url: self.canonical.or(self.og_url),
            lang: self.lang,
        }
    }
}

/// The encoding a page declares in its first 1024 bytes (`<meta
/// charset=...>` or `content="...; charset=..."`), if encoding_rs knows it.
/// UTF-16 declarations are ignored (a page that says so in ASCII is not
/// UTF-16), as the HTML standard does.
fn sniff_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let at = head
        .windows(8)
        .position(|w| w.eq_ignore_ascii_case(b"charset="))?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..len])?;
    (enc != UTF_16LE && enc != UTF_16BE && enc != UTF_8).then_some(enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_table() {
        let cases = [
            ("plain", "plain"),
            ("Kyiv &amp; Kharkiv", "Kyiv & Kharkiv"),
            ("caf&eacute; &Eacute;", "café É"),
            ("&lt;b&gt; &quot;q&quot; &apos;", "<b> \"q\" '"),
            ("10&nbsp;km", "10\u{A0}km"),
            ("&ndash;&mdash;&hellip;&laquo;&raquo;", "–—…«»"),
            ("&#1050;&#x438;&#X457;&#1074;", "Київ"),
            ("&#150; &#x96;", "– –"),
            ("&#65&#66;", "AB"),
            ("&#0; &#xD800; &#x110000;", "\u{FFFD} \u{FFFD} \u{FFFD}"),
            ("&#99999999999999999999;", "\u{FFFD}"),
            ("&unknown; & &; &#; &#x;", "&unknown; & &; &#; &#x;"),
            ("&amp", "&"),
            ("AT&T", "AT&T"),
            ("&eacute", "&eacute"),
            ("&szlig;&yuml;&Agrave;&THORN;", "ßÿÀÞ"),
        ];
        for (input, want) in cases {
            assert_eq!(decode_entities(input, false), want, "input {input:?}");
        }
        assert_eq!(decode_entities("?a=1&copy=2", true), "?a=1&copy=2");
        assert_eq!(decode_entities("?a=1&copy=2", false), "?a=1©=2");
    }

    #[test]
    fn tokenizer_table() {
        use Token::*;
        let start = |name: &str, attrs: &'static str| Start {
            name: name.into(),
            attrs,
            self_closing: false,
        };
        let end = |name: &str| End { name: name.into() };
        let cases: Vec<(&str, Vec<Token>)> = vec![
            (
                "a<b>c</b>",
                vec![Text("a"), start("b", ""), Text("c"), end("b")],
            ),
            ("<P CLASS=x>", vec![start("p", " CLASS=x")]),
            ("<a title='>'>t", vec![start("a", " title='>'"), Text("t")]),
            ("x<!-- <p> -->y", vec![Text("x"), Text("y")]),
            ("<!--->z<!-->w", vec![Text("z"), Text("w")]),
            ("<!DOCTYPE html><?xml x?>t", vec![Text("t")]),
            ("1 < 2 <3", vec![Text("1 "), Text("< 2 "), Text("<3")]),
            (
                "<script>if (a</b) {}</SCRIPT >t",
                vec![
                    start("script", ""),
                    Raw("if (a</b) {}"),
                    end("script"),
                    Text("t"),
                ],
            ),
            (
                "<style>never closed",
                vec![start("style", ""), Raw("never closed")],
            ),
            ("t<div class=\"unterminated", vec![Text("t")]),
            ("</>t</ x>u", vec![Text("t"), Text("u")]),
            (
                "<br/>",
                vec![Start {
                    name: "br".into(),
                    attrs: "/",
                    self_closing: true,
                }],
            ),
        ];
        for (input, want) in cases {
            let got: Vec<Token> = Tokenizer::new(input).collect();
            assert_eq!(got, want, "input {input:?}");
        }
    }

    #[test]
    fn attrs_table() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                " a=1 B=\"two words\" c='x' d",
                &[("a", "1"), ("b", "two words"), ("c", "x"), ("d", "")],
            ),
            (" href=\"/a?x=1&amp;y=2\"", &[("href", "/a?x=1&y=2")]),
            (" a = \"spaced\" /", &[("a", "spaced")]),
            (
                " =odd x=\"unterminated",
                &[("=odd", ""), ("x", "unterminated")],
            ),
        ];
        for (input, want) in cases {
            let got = parse_attrs(input);
            let got: Vec<(&str, &str)> =
                got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            assert_eq!(got, *want, "input {input:?}");
        }
    }

    /// (html, title, body, published)
    #[test]
    fn extraction_table() {
        let cases: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "<html><head><title>Drones hit depot</title></head>\
                 <body><p>Drones hit a fuel depot overnight.</p><p>Officials said fires were out.</p></body></html>",
                "Drones hit depot",
                "Drones hit a fuel depot overnight.\nOfficials said fires were out.",
                None,
            ),
            // <title> with a site suffix: the <h1> wins and is not repeated in the body.
            (
                "<title>Shelling near river port | Daily Wire</title>\
                 <h1>Shelling near river port</h1><p>Body text.</p>",
                "Shelling near river port",
                "Body text.",
                None,
            ),
            // Furniture is dropped: scripts, styles, nav, header, footer, aside, forms, menus.
            (
                "<header><a>Home</a><a>World</a></header><nav><ul><li>Menu item</li></ul></nav>\
                 <script>var x = '<p>not text</p>';</script><style>p{color:red}</style>\
                 <div class=\"share-bar\">Share this</div><div role=\"navigation\">Next</div>\
                 <h1>Front report</h1><p>Units regrouped east of the hills.</p>\
                 <aside>Related: other story</aside><form>Subscribe <input></form>\
                 <noscript>Enable JS</noscript><footer>© Paper</footer>",
                "Front report",
                "Units regrouped east of the hills.",
                None,
            ),
            // <article> is preferred over the rest of the page.
            (
                "<div>Trending: five things</div><article><header><h1>Bridge struck</h1>\
                 <time datetime=\"2024-05-03T10:00:00+03:00\">3 May</time></header>\
                 <p>A bridge was struck at dawn, the governor said.</p></article><div>Most read</div>",
                "Bridge struck",
                "3 May\nA bridge was struck at dawn, the governor said.",
                Some("2024-05-03T10:00:00+03:00"),
            ),
            // Teaser <article>s holding little of the text do not win.
            (
                "<div><p>A long story paragraph about the front that is the real article text here.</p>\
                 <p>Another long paragraph with details of the fighting and the positions held.</p></div>\
                 <article>Teaser</article>",
                "A long story paragraph about the front that is the real article text here.",
                "Another long paragraph with details of the fighting and the positions held.\nTeaser",
                None,
            ),
            // Whitespace collapses; blocks break paragraphs; inline tags do not.
            (
                "<p>  Troops\n\n   <b>held</b>&nbsp;the\tline. </p><div>Second<br>third</div>",
                "Troops held the line.",
                "Second\nthird",
                None,
            ),
            // Meta date beats <time>; entities are decoded in titles.
            (
                "<head><meta property=\"article:published_time\" content=\"2023-11-20T08:00:00Z\">\
                 <title>Caf&eacute; &amp; bar shelled</title></head><body>\
                 <time datetime=\"2023-11-19\">x</time><p>Text.</p></body>",
                "Café & bar shelled",
                "x\nText.",
                Some("2023-11-20T08:00:00Z"),
            ),
            // An unparseable meta date is ignored in favour of one that parses.
            (
                "<meta name=\"date\" content=\"yesterday\"><time datetime=\"2022-03-01\"></time><p>T</p>",
                "T",
                "",
                Some("2022-03-01"),
            ),
            // A page whose every text is "furniture" still yields its text.
            (
                "<nav><p>Only a menu here</p></nav>",
                "Only a menu here",
                "",
                None,
            ),
            // Unclosed and mis-nested tags.
            (
                "<div><p>One<p>Two</div></span></p><li>Three",
                "One",
                "Two\nThree",
                None,
            ),
            // `<body class="nav-open">` must not hide the page.
            (
                "<body class=\"nav-open\"><p>Visible.</p></body>",
                "Visible.",
                "",
                None,
            ),
        ];
        for (html, title, body, published) in cases {
            let d = extract(html);
            assert_eq!(d.title, *title, "title of {html:?}");
            assert_eq!(d.body, *body, "body of {html:?}");
            assert_eq!(d.published.as_deref(), *published, "date of {html:?}");
        }
    }

    #[test]
    fn metadata_is_read() {
        let d = extract(
            "<html lang=\"uk\"><head><link rel=\"canonical\" href=\"https://example.org/a?x=1&amp;y=2\">\
             <meta property=\"og:site_name\" content=\"Example Daily\"></head><p>t</p></html>",
        );
        assert_eq!(d.lang.as_deref(), Some("uk"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a?x=1&y=2"));
        assert_eq!(d.source.as_deref(), Some("Example Daily"));
    }

    #[test]
    fn unclosed_h1_is_not_the_headline() {
        let html = format!("<h1>Open heading<p>{}</p>", "Paragraph text. ".repeat(500));
        let d = extract(&html);
        assert_eq!(d.title, "Open heading");
        assert!(d.body.starts_with("Paragraph text. Paragraph"));
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 100_000;
        let html = format!(
            "<title>Deep</title>{}<p>core text</p>{}",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let d = extract(&html);
        assert_eq!(d.title, "Deep");
        assert_eq!(d.body, "core text");
        // Stray end tags with a deep stack: ignored in O(1) each.
        let html = format!("{}x{}", "<b>".repeat(depth), "</i>".repeat(depth));
        assert_eq!(extract(&html).title, "x");
    }

    #[test]
    fn pathological_inputs_are_linear() {
        let n = 200_000;
        for html in [
            "<a \"".repeat(n),
            "<a b='".repeat(n),
            "<!--".repeat(n),
            "</".repeat(n),
            "<script>".to_string() + &"</scrip".repeat(n),
            "&#".repeat(n) + &"&amp".repeat(n),
            "<<<<".repeat(n),
        ] {
            let started = std::time::Instant::now();
            let _ = extract(&html);
            assert!(
                started.elapsed().as_secs() < 5,
                "slow on {:?}...",
                &html[..20]
            );
        }
    }

    #[test]
    fn charset_sniffing() {
        let page = b"<meta charset=\"windows-1251\"><title>\xCA\xE8\xBF\xE2</title><p>x</p>";
        assert_eq!(read(page).unwrap().title, "Київ");
        let page = b"<meta http-equiv=Content-Type content='text/html; charset=utf-16'><title>caf\xE9</title>";
        assert_eq!(read(page).unwrap().title, "café");
    }
}
