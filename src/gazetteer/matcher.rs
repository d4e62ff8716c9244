//! One trie over the folded forms of every place name.
//!
//! Every name, alternate and generated variant is folded (see `text::fold`)
//! and mapped to the list of places that carry it (`compiled::FormIndex`).
//! Matching scans the folded article once and, at each word start that is
//! a capital letter in the original, walks the trie for the longest form
//! that ends on a word boundary (so "Donetsk region" beats "Donetsk"); the
//! scan resumes after it. For the embedded gazetteer, build.rs makes the
//! index and the trie.

use super::compiled::{FormIndex, FormIndexBuilder, Trie};
use super::variants::{self, surface_forms, Names};
use super::Place;
use crate::model::PlaceKind;
use crate::text::{fold, is_word_char, Folded};

/// A raw match of a name in an article, before disambiguation.
#[derive(Debug, Clone, PartialEq)]
pub struct RawMatch {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// Byte span in the folded text.
    pub fstart: usize,
    pub fend: usize,
    /// Index into `Matcher::candidates` lists.
    pub group: u32,
}

pub struct Matcher {
    trie: Trie,
    /// the folded forms (groups) and the places carrying each
    index: FormIndex,
}

impl Matcher {
    /// Generate, fold and index every spelling of every place and build the
    /// trie over them (about half a second for the full gazetteer; the
    /// embedded one is built by build.rs, see `from_compiled`).
    pub fn build(places: &[Place]) -> Matcher {
        let mut builder = FormIndexBuilder::default();
        for (pi, place) in places.iter().enumerate() {
            builder.add(pi as u32, &names(place));
        }
        let index = builder.finish();
        Matcher {
            trie: Trie::build(&index),
            index,
        }
    }

    /// A matcher from an index and its trie (as build.rs makes them).
    pub(super) fn from_compiled(index: FormIndex, trie: Trie) -> Matcher {
        Matcher { trie, index }
    }

    /// Places carrying the folded form of a group.
    pub fn candidates(&self, group: u32) -> &[u32] {
        self.index.places(group)
    }

    pub fn form(&self, group: u32) -> &str {
        self.index.form(group)
    }

    /// The places a name (any spelling, folded here) refers to.
    pub fn lookup(&self, name: &str) -> &[u32] {
        let f = fold(name);
        self.index
            .group_of(f.trim())
            .map_or(&[][..], |g| self.candidates(g))
    }

    /// Every spelling the matcher looks for a place under (folded).
    pub fn forms_of(place: &Place) -> Vec<String> {
        let mut surfaces = Vec::new();
        surface_forms(&names(place), &mut surfaces);
        let mut out: Vec<String> = surfaces
            .iter()
            .map(|s| fold(s).trim().to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn form_count(&self) -> usize {
        self.index.len()
    }

    /// The form index and the trie (to compare matchers).
    #[cfg(test)]
    pub(super) fn parts(&self) -> (&FormIndex, &Trie) {
        (&self.index, &self.trie)
    }

    /// Find every name in `original` (whose folded copy is `folded`): at
    /// each word start whose original letter is a capital (or a digit), the
    /// longest form that starts there and ends on a word boundary; the scan
    /// goes on after it (leftmost-longest, non-overlapping).
    pub fn find(&self, original: &str, folded: &Folded) -> Vec<RawMatch> {
        let text = folded.text.as_str();
        let ft = text.as_bytes();
        let mut out = Vec::new();
        let mut p = 0;
        // is the character before `p` a word character?
        let mut prev_word = false;
        while p < ft.len() {
            if !prev_word && capitalised(original, folded.origin(p)) {
                let mut longest = None;
                self.trie.walk(&ft[p..], |n, g| {
                    if !next_is_word_char(text, p + n) {
                        longest = Some((n, g));
                    }
                });
                if let Some((n, group)) = longest {
                    let (fstart, fend) = (p, p + n);
                    let (start, end) = folded.original_span(fstart, fend, original);
                    out.push(RawMatch {
                        start,
                        end,
                        fstart,
                        fend,
                        group,
                    });
                    p = fend;
                    prev_word = text[..p].chars().next_back().is_some_and(is_word_char);
                    continue;
                }
            }
            let b = ft[p];
            if b.is_ascii_alphanumeric() {
                // the rest of an ASCII word cannot start a name
                p += 1;
                while p < ft.len() && ft[p].is_ascii_alphanumeric() {
                    p += 1;
                }
                prev_word = true;
            } else if b < 0x80 {
                p += 1;
                prev_word = false;
            } else {
                let c = text[p..].chars().next().expect("p is a char boundary");
                p += c.len_utf8();
                prev_word = is_word_char(c);
            }
        }
        out
    }
}

/// Proper names are capitalised; this drops "progress", "peace"...: does
/// the original character at byte `i` start with a capital or a digit?
#[inline]
fn capitalised(original: &str, i: usize) -> bool {
    match original.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase() || b.is_ascii_digit(),
        Some(_) => original[i..].chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// Is the character at byte `i` of `s` (if any) a word character?
#[inline]
fn next_is_word_char(s: &str, i: usize) -> bool {
    match s.as_bytes().get(i) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => s[i..].chars().next().is_some_and(is_word_char),
        None => false,
    }
}

/// A place's names as `variants::surface_forms` takes them.
fn names(place: &Place) -> Names<'_> {
    Names {
        name: &place.name,
        alternates: &place.alternates,
        name_uk: place.name_uk.as_deref(),
        name_ru: place.name_ru.as_deref(),
        romanise: matches!(place.kind, PlaceKind::Settlement | PlaceKind::Raion),
        region: place.kind == PlaceKind::Region,
    }
}

/// The bare stem of a region's names ("Donetsk" for "Donetsk Oblast").
pub(crate) fn region_stems(place: &Place) -> Vec<String> {
    variants::region_stems(&place.name, &place.alternates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::tests::embedded;
    use crate::text::on_word_boundaries;

    /// The matches by definition: every form occurring anywhere in the
    /// folded text, on word boundaries, capitalised in the original; then
    /// leftmost-longest (what the Aho–Corasick matcher did before the trie).
    fn reference(m: &Matcher, original: &str, folded: &Folded) -> Vec<RawMatch> {
        let ft = folded.text.as_str();
        let bounds: Vec<usize> = (0..=ft.len()).filter(|&i| ft.is_char_boundary(i)).collect();
        let mut hits = Vec::new();
        for (k, &fs) in bounds.iter().enumerate() {
            for &fe in &bounds[k + 1..] {
                let Some(group) = m.index.group_of(&ft[fs..fe]) else {
                    continue;
                };
                let (start, end) = folded.original_span(fs, fe, original);
                let first = original[start..].chars().next();
                if on_word_boundaries(ft, fs, fe)
                    && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                {
                    hits.push(RawMatch {
                        start,
                        end,
                        fstart: fs,
                        fend: fe,
                        group,
                    });
                }
            }
        }
        hits.sort_by(|a, b| a.fstart.cmp(&b.fstart).then(b.fend.cmp(&a.fend)));
        let mut out: Vec<RawMatch> = Vec::new();
        for h in hits {
            if out.last().is_none_or(|l| h.fstart >= l.fend) {
                out.push(h);
            }
        }
        out
    }

    #[test]
    fn the_trie_finds_what_the_definition_finds() {
        let m = embedded().matcher();
        for text in [
            "Shelling hit Kharkiv, Kup’yansk and Mar'inka; the Donetsk and Luhansk regions too.",
            "KYIV'S mayor spoke in Zaporizhzhia–Kherson talks near Chasiv-Yar at 5 a.m.",
            "В Київ і Харків прибули; Запоріжжя — теж. Ugledar/Vuhledar, (Pokrovsk).",
            "Fighting near Velyka Novosilka, Nova Poshta, New York and Novyi Bykiv.",
            "the kyiv region, Kursk Oblast' and Kursk oblast, Bakhmut’s outskirts.",
            "Ærø Straße ǅemal İstanbul ﬁeld Sumy\u{00A0}Oblast Odesa‑Kherson ",
            "",
            "K",
            "Kyiv",
        ] {
            let folded = Folded::new(text);
            assert_eq!(m.find(text, &folded), reference(m, text, &folded), "{text}");
        }
    }
}
