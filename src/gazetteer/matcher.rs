//! One multi-pattern automaton over the folded forms of every place name.
//!
//! Every name, alternate and generated variant is folded (see `text::fold`)
//! and mapped to the list of places that carry it. Matching runs the
//! automaton once over the folded article, keeps matches that sit on word
//! boundaries and start with a capital letter in the original, and picks
//! leftmost-longest among them (so "Donetsk region" beats "Donetsk").

use daachorse::DoubleArrayAhoCorasick;

use super::compiled::{FormIndex, FormIndexBuilder};
use super::variants::{self, surface_forms, Names};
use super::Place;
use crate::model::PlaceKind;
use crate::text::{fold, Folded};

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
    automaton: Option<DoubleArrayAhoCorasick<u32>>,
    /// the folded forms (groups) and the places carrying each
    index: FormIndex,
}

impl Matcher {
    /// Generate, fold and index every spelling of every place and build the
    /// automaton over them (about half a second for the full gazetteer; the
    /// embedded one is built by build.rs, see `from_compiled`).
    pub fn build(places: &[Place]) -> Matcher {
        let mut builder = FormIndexBuilder::default();
        for (pi, place) in places.iter().enumerate() {
            builder.add(pi as u32, &names(place));
        }
        let index = builder.finish();
        Matcher {
            automaton: index.automaton(),
            index,
        }
    }

    /// A matcher from an index and its automaton as serialised by
    /// `DoubleArrayAhoCorasick::serialize` (empty when there are no forms).
    ///
    /// # Safety
    ///
    /// `automaton` must be the serialisation, by this version of daachorse,
    /// of `index.automaton()`.
    pub(super) unsafe fn from_compiled(index: FormIndex, automaton: &[u8]) -> Matcher {
        let automaton = (!index.is_empty()).then(|| {
            // SAFETY: the caller vouches for the bytes.
            unsafe { DoubleArrayAhoCorasick::<u32>::deserialize_unchecked(automaton).0 }
        });
        Matcher { automaton, index }
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

    /// The form index and the serialised automaton (to compare matchers).
    #[cfg(test)]
    pub(super) fn parts(&self) -> (&FormIndex, Vec<u8>) {
        let bytes = self.automaton.as_ref().map(|a| a.serialize());
        (&self.index, bytes.unwrap_or_default())
    }

    /// Find every name in `original` (whose folded copy is `folded`).
    pub fn find(&self, original: &str, folded: &Folded) -> Vec<RawMatch> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let ft = folded.text.as_str();
        let mut hits: Vec<RawMatch> = Vec::new();
        for m in ac.find_overlapping_iter(ft) {
            let (fs, fe) = (m.start(), m.end());
            if !ft.is_char_boundary(fs) || !ft.is_char_boundary(fe) {
                continue;
            }
            if !crate::text::on_word_boundaries(ft, fs, fe) {
                continue;
            }
            let (start, end) = folded.original_span(fs, fe, original);
            // Proper names are capitalised; this drops "progress", "peace"...
            let first = original[start..].chars().next();
            if !first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
                continue;
            }
            hits.push(RawMatch {
                start,
                end,
                fstart: fs,
                fend: fe,
                group: m.value(),
            });
        }
        // leftmost-longest, non-overlapping
        hits.sort_by(|a, b| a.fstart.cmp(&b.fstart).then(b.fend.cmp(&a.fend)));
        let mut out: Vec<RawMatch> = Vec::with_capacity(hits.len());
        let mut last_end = 0;
        for h in hits {
            if h.fstart < last_end {
                continue;
            }
            last_end = h.fend;
            out.push(h);
        }
        out
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
