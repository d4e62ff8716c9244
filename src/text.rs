//! Text primitives: folding (case, diacritics, apostrophes, hyphens) with a
//! byte-offset map back to the original, sentence splitting and word tokens,
//! all with UTF-8 byte spans into the article text.
//!
//! This module knows nothing about places or claims; it must stay cheap
//! because it runs over every byte of every article.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// English month names, folded, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, folded, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The canonical apostrophe every apostrophe-like character folds to.
pub const APOSTROPHE: char = '\'';

/// Is `c` an apostrophe-like character (ASCII, typographic, modifier letter,
/// prime, acute or backtick)?
#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02B9}'
            | '\u{00B4}'
            | '\u{2032}'
            | '\u{02BB}'
    )
}

/// English clitics that follow an apostrophe at the end of a word: the
/// possessive ("Kyiv's") and the contractions ("didn't", "we're", "they've").
const CLITICS: &[&str] = &["s", "t", "d", "m", "ll", "re", "ve"];

/// Should the apostrophe-like character that ends `before` and is followed by
/// `after` vanish from the folded text? Between letters it does, so that
/// "Mar'inka", "Kup’yansk" and "Donets'k" fold like "Marinka", "Kupyansk" and
/// "Donetsk" (the apostrophe marks a Cyrillic soft sign or a separating
/// apostrophe, which spellings keep or drop at will); an English clitic after
/// it keeps it ("Kyiv's forces" must stay a possessive, "didn't" a negation).
#[inline]
fn apostrophe_vanishes(before: &str, after: &str) -> bool {
    if !before.chars().next_back().is_some_and(char::is_alphabetic) {
        return false;
    }
    let word_end = after
        .find(|c: char| !c.is_alphabetic() || is_apostrophe(c))
        .unwrap_or(after.len());
    let rest = &after[..word_end];
    if rest.is_empty() {
        return false;
    }
    let short = rest.len() <= 2 && rest.is_ascii();
    !(short && CLITICS.iter().any(|c| rest.eq_ignore_ascii_case(c)))
}

/// Fold one character into `out`: lowercase, diacritics stripped (é→e, й→и,
/// ї→і), every apostrophe-like character to `'`, every dash-like character
/// and underscore to a space. Returns nothing: characters may vanish
/// (combining marks) or expand (ß→ss). Apostrophes between letters are
/// dropped by the callers (see `apostrophe_vanishes`), which see the context.
#[inline]
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        match c {
            '-' | '_' => out.push(' '),
            '`' => out.push(APOSTROPHE),
            _ => out.push(c.to_ascii_lowercase()),
        }
        return;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02B9}' | '\u{00B4}' | '\u{2032}'
        | '\u{02BB}' => {
            out.push(APOSTROPHE);
            return;
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            out.push(' ');
            return;
        }
        '\u{00A0}' | '\u{2009}' | '\u{202F}' => {
            out.push(' ');
            return;
        }
        _ => {}
    }
    if is_combining_mark(c) {
        return;
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(c);
    for l in b.to_lowercase() {
        out.push(l);
    }
}

/// Does the byte (an ASCII character) fold to itself lowercased, whatever
/// surrounds it? All of ASCII but apostrophes, dashes and underscores.
#[inline]
fn plain_ascii(b: u8) -> bool {
    b < 0x80 && !matches!(b, b'\'' | b'`' | b'-' | b'_')
}

/// Fold `s` into `out`. Runs of plain ASCII (most of an English article)
/// are folded bytewise and reported as `emitted(i, n, true)`: the `n` bytes
/// from byte `i` of `s` gave `n` bytes of `out`, one each; every other
/// character is folded on its own and reported as `emitted(i, n, false)`:
/// the character at byte `i` added `n` bytes to `out`.
#[inline]
fn fold_into(s: &str, out: &mut String, mut emitted: impl FnMut(usize, usize, bool)) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let n = bytes[i..].iter().take_while(|&&b| plain_ascii(b)).count();
        if n > 0 {
            let at = out.len();
            out.push_str(&s[i..i + n]);
            out[at..].make_ascii_lowercase();
            emitted(i, n, true);
            i += n;
            if i == bytes.len() {
                break;
            }
        }
        let c = s[i..].chars().next().expect("i is a char boundary");
        let before = out.len();
        if !(is_apostrophe(c) && apostrophe_vanishes(&s[..i], &s[i + c.len_utf8()..])) {
            fold_char(c, out);
        }
        emitted(i, out.len() - before, false);
        i += c.len_utf8();
    }
}

/// Fold a string for matching (no offset map).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, |_, _, _| {});
    out
}

/// A folded copy of a text with a map from every folded byte back to the
/// original byte offset of the character it came from.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// `origin[i]` = byte offset in the original of the character that
    /// produced folded byte `i`; one extra entry at the end = original length.
    origin: Vec<u32>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        fold_into(original, &mut text, |i, n, run| {
            if run {
                origin.extend(i as u32..(i + n) as u32);
            } else {
                origin.extend(std::iter::repeat_n(i as u32, n));
            }
        });
        origin.push(original.len() as u32);
        Folded { text, origin }
    }

    /// The byte offset in the original of the character that produced
    /// folded byte `i` (the original's length for the folded length).
    #[inline]
    pub fn origin(&self, i: usize) -> usize {
        self.origin[i] as usize
    }

    /// Map a folded byte range back to the original byte range. The end maps
    /// to the end of the last character covered.
    pub fn original_span(&self, start: usize, end: usize, original: &str) -> (usize, usize) {
        let s = self.origin[start] as usize;
        if end == 0 || end <= start {
            return (s, s);
        }
        let last = self.origin[end - 1] as usize;
        let e = original[last..]
            .chars()
            .next()
            .map_or(original.len(), |c| last + c.len_utf8());
        (s, e)
    }
}

/// Is `c` part of a word for boundary purposes?
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `[start, end)` in `s` sits on word boundaries.
pub fn on_word_boundaries(s: &str, start: usize, end: usize) -> bool {
    let before_ok = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after_ok = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before_ok && after_ok
}

/// A sentence as a byte span of the article text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "st", "no", "vs", "jr",
    "sr", "prof", "gov", "sen", "rep", "u.s", "u.k", "e.g", "i.e", "etc", "approx", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "adm", "cmdr", "brig",
];

/// Split a text into sentences. Line breaks always end a sentence (the
/// headline and every paragraph stand alone); inside a line, `.`, `!` or `?`
/// (optionally followed by closing quotes or brackets) followed by
/// whitespace and an upper-case letter, digit or opening quote ends one,
/// unless the word before is a known abbreviation or a single initial.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end;
    }
    out
}

/// Longest sentence kept whole (bytes). Real sentences are far shorter; a
/// longer run (a page without full stops) is cut at whitespace so that the
/// work per sentence stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

fn push_trimmed(text: &str, mut start: usize, end: usize, out: &mut Vec<Sentence>) {
    while end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = match text[start..limit].rfind(char::is_whitespace) {
            Some(i) if i > 0 => start + i,
            _ => limit,
        };
        push_one(text, start, cut, out);
        start = cut;
    }
    push_one(text, start, end, out);
}

fn push_one(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Sentence {
            start: start + lead,
            end: end - trail,
        });
    }
}

fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let line = &text[start..end];
    let bytes = line.as_bytes();
    let mut sent_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            // Swallow closing punctuation.
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')') {
                j += 1;
            }
            let rest = &line[j..];
            let rest = rest
                .strip_prefix('\u{201D}')
                .or_else(|| rest.strip_prefix('\u{2019}'))
                .unwrap_or(rest);
            let j = line.len() - rest.len();
            let ws = rest.len() - rest.trim_start().len();
            if ws > 0 {
                let next = rest[ws..].chars().next();
                let starts_new = next.is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '"' | '\u{201C}' | '\'' | '\u{2018}' | '(' | '\u{00AB}')
                });
                if starts_new && (b != b'.' || !is_abbreviation(&line[sent_start..i])) {
                    push_trimmed(text, start + sent_start, start + j, out);
                    sent_start = j;
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start + sent_start, end, out);
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return true;
    }
    let lw = word.to_lowercase();
    ABBREVIATIONS.contains(&lw.as_str())
}

/// A word token of a folded sentence: byte span in the folded string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Tokenise folded text into words (runs of alphanumerics, with inner
/// apostrophes kept: "kyiv's" is one token) and single punctuation marks
/// that matter to clause structure (`,` `;` `:` `(` `)` `"`).
pub fn tokens(folded: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = folded.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_word_char(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    it.next();
                } else if d == APOSTROPHE {
                    // keep an apostrophe only between word characters
                    let mut look = it.clone();
                    look.next();
                    match look.peek() {
                        Some(&(_, e)) if is_word_char(e) => {
                            it.next();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            out.push(Token { start: i, end });
        } else if matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '"' | '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}'
        ) {
            out.push(Token {
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_cases() {
        let cases = [
            ("Kyiv", "kyiv"),
            // an apostrophe between letters vanishes...
            ("Mar'inka", "marinka"),
            ("Mar’inka", "marinka"),
            ("Marʼinka", "marinka"),
            ("Kup’yansk", "kupyansk"),
            ("Donets'k", "donetsk"),
            ("Donetsʹk", "donetsk"),
            ("Мар’їнка", "марінка"),
            // ...except before an English clitic
            ("Kyiv's", "kyiv's"),
            ("KYIV’S", "kyiv's"),
            ("didn't", "didn't"),
            ("we’re", "we're"),
            ("they've", "they've"),
            // and outside a word it stays
            ("Ternopil'", "ternopil'"),
            ("‘Kyiv’", "'kyiv'"),
            ("'s", "'s"),
            ("Chasiv-Yar", "chasiv yar"),
            ("Zaporizhzhia–Kherson", "zaporizhzhia kherson"),
            ("Київ", "киів"),
            ("Café", "cafe"),
            ("ЁЛКА", "елка"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn folded_offsets_map_back() {
        let s = "In Mar’inka and Київ.";
        let f = Folded::new(s);
        let i = f.text.find("киів").unwrap();
        let (a, b) = f.original_span(i, i + "киів".len(), s);
        assert_eq!(&s[a..b], "Київ");
        let i = f.text.find("marinka").unwrap();
        let (a, b) = f.original_span(i, i + "marinka".len(), s);
        assert_eq!(&s[a..b], "Mar’inka");
        let (a, b) = f.original_span(i, i + "mar".len(), s);
        assert_eq!(&s[a..b], "Mar");
        let (a, b) = f.original_span(i + "mar".len(), i + "marinka".len(), s);
        assert_eq!(&s[a..b], "inka");
        assert_eq!(f.text.len() + 1, f.origin.len());
    }

    #[test]
    fn word_boundaries() {
        assert!(on_word_boundaries("in kyiv's east", 3, 7));
        assert!(!on_word_boundaries("kyivska", 0, 4));
        assert!(!on_word_boundaries("xkyiv", 1, 5));
    }

    #[test]
    fn sentence_split() {
        let t = "Headline here\nGen. Smith said the U.S. agreed. Troops left Avdiivka! \"Why?\" he asked.\n\nNext para.";
        let got: Vec<&str> = sentences(t).iter().map(|s| &t[s.start..s.end]).collect();
        assert_eq!(
            got,
            vec![
                "Headline here",
                "Gen. Smith said the U.S. agreed.",
                "Troops left Avdiivka!",
                "\"Why?\" he asked.",
                "Next para."
            ]
        );
    }

    #[test]
    fn long_runs_are_cut() {
        let t = "word ".repeat(2_000);
        let s = sentences(&t);
        assert!(s.len() >= 5);
        assert!(s.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
        assert_eq!(s.first().unwrap().start, 0);
        assert_eq!(s.last().unwrap().end, t.trim_end().len());
    }

    #[test]
    fn tokenise() {
        let f = fold("Kyiv's forces, in Mar'inka.");
        let toks: Vec<&str> = tokens(&f).iter().map(|t| &f[t.start..t.end]).collect();
        assert_eq!(toks, vec!["kyiv's", "forces", ",", "in", "marinka"]);
    }
}
