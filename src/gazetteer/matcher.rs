//! One multi-pattern automaton over the folded forms of every place name.
//!
//! Every name, alternate and generated variant is folded (see `text::fold`)
//! and mapped to the list of places that carry it. Matching runs the
//! automaton once over the folded article, keeps matches that sit on word
//! boundaries and start with a capital letter in the original, and picks
//! leftmost-longest among them (so "Donetsk region" beats "Donetsk").

use std::collections::HashMap;

use daachorse::DoubleArrayAhoCorasick;

use super::variants::{is_cyrillic, latin_forms, romanisations};
use super::Place;
use crate::model::PlaceKind;
use crate::text::{fold, Folded};

/// Folded forms that name places somewhere but are far more often ordinary
/// words, titles or people in English war news.
const STOP_FORMS: &[&str] = &[
    "progress",
    "victory",
    "peace",
    "mir",
    "sever",
    "lenin",
    "kirov",
    "radio",
    "zarya",
    "sport",
    "park",
    "field",
    "forest",
    "new",
    "novyi",
    "nova",
    "nove",
    "staryi",
    "stara",
    "april",
    "may",
    "march",
    "june",
    "july",
    "august",
    "president",
    "general",
    "prime",
    "oktyabr",
    "komsomolets",
    "pioner",
    "friendship",
    "vostok",
    "zapad",
    "yug",
    "central",
    "centre",
    "center",
    "east",
    "west",
    "north",
    "south",
    "hero",
    "heroes",
    "truth",
    "pravda",
    "iskra",
    "zelenyi",
    "krasnyi",
    "golden",
    "zoloti",
    "marine",
    "marina",
    "olga",
    "olha",
    "maria",
    "mariya",
    "anna",
    "sofia",
    "nadia",
    "vera",
    "lyubov",
    "alexander",
    "oleksandr",
    "volodymyr",
    "vladimir",
    "ivan",
    "petro",
    "mykola",
    "putin",
    "zelensky",
    "zelenskyy",
    "franko",
    "pushkin",
    "gagarin",
    "chapaev",
    "kutuzov",
    "suvorov",
    "chkalov",
    "tolstoy",
    "gogol",
    "kotovsk",
    "frunze",
    "shchors",
    "bloomberg",
    "reuters",
    "nato",
    "ukraine's",
    "dnipro river",
    "don",
    "bug",
    "sula",
    "rus",
    "urals",
    "volga",
    "moskva",
    "star",
    "zorya",
    "svoboda",
    "freedom",
    "independence",
    "ray",
    "maidan",
    "stalin",
    "trump",
    "biden",
    "vance",
    "rubio",
    "hegseth",
    "mark",
    "john",
    "david",
];

/// Shortest folded form matched (in characters, spaces excluded).
const MIN_FORM_CHARS: usize = 3;

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
    /// group → places carrying that folded form
    groups: Vec<Vec<u32>>,
    /// group → the folded form
    forms: Vec<String>,
    /// folded form → group
    by_form: HashMap<String, u32>,
}

impl Matcher {
    pub fn build(places: &[Place]) -> Matcher {
        let stop: std::collections::HashSet<&str> = STOP_FORMS.iter().copied().collect();
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        let mut forms: Vec<String> = Vec::new();
        let mut surfaces = Vec::new();
        for (pi, place) in places.iter().enumerate() {
            surfaces.clear();
            surface_forms(place, &mut surfaces);
            for s in &surfaces {
                let f = fold(s);
                let f = f.trim();
                if f.chars().filter(|c| !c.is_whitespace()).count() < MIN_FORM_CHARS
                    || f.chars().all(|c| c.is_ascii_digit() || c.is_whitespace())
                    || stop.contains(f)
                {
                    continue;
                }
                let g = *index.entry(f.to_string()).or_insert_with(|| {
                    groups.push(Vec::new());
                    forms.push(f.to_string());
                    (groups.len() - 1) as u32
                });
                let list = &mut groups[g as usize];
                if list.last() != Some(&(pi as u32)) {
                    list.push(pi as u32);
                }
            }
        }
        let automaton = if forms.is_empty() {
            None
        } else {
            let patvals: Vec<(&str, u32)> = forms
                .iter()
                .enumerate()
                .map(|(i, f)| (f.as_str(), i as u32))
                .collect();
            Some(
                DoubleArrayAhoCorasick::with_values(patvals)
                    .expect("gazetteer forms are unique, non-empty and under 2^24"),
            )
        };
        Matcher {
            automaton,
            groups,
            forms,
            by_form: index,
        }
    }

    /// Places carrying the folded form of a group.
    pub fn candidates(&self, group: u32) -> &[u32] {
        &self.groups[group as usize]
    }

    pub fn form(&self, group: u32) -> &str {
        &self.forms[group as usize]
    }

    /// The places a name (any spelling, folded here) refers to.
    pub fn lookup(&self, name: &str) -> &[u32] {
        let f = fold(name);
        self.by_form
            .get(f.trim())
            .map_or(&[][..], |&g| self.candidates(g))
    }

    /// Every spelling the matcher looks for a place under (folded).
    pub fn forms_of(place: &Place) -> Vec<String> {
        let mut surfaces = Vec::new();
        surface_forms(place, &mut surfaces);
        let mut out: Vec<String> = surfaces
            .iter()
            .map(|s| fold(s).trim().to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn form_count(&self) -> usize {
        self.forms.len()
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

/// Every spelling of a place worth matching: its names, alternates, the
/// romanisations of its Cyrillic names and, for regions, the suffixed forms
/// the press uses ("Donetsk region", "Kursk oblast", plural "regions").
fn surface_forms(place: &Place, out: &mut Vec<String>) {
    let mut push = |s: &str| {
        latin_forms(s, out);
    };
    push(&place.name);
    for a in &place.alternates {
        push(a);
    }
    let (mut uk, mut ru) = (place.name_uk.clone(), place.name_ru.clone());
    if let Some(u) = &uk {
        out.push(u.clone());
    }
    if let Some(r) = &ru {
        out.push(r.clone());
    }
    if uk.is_none() && ru.is_none() {
        // untagged Cyrillic alternates: guess the language from its letters
        for a in place.alternates.iter().filter(|a| is_cyrillic(a)).take(3) {
            if a.chars()
                .any(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ' | 'І' | 'Ї' | 'Є'))
            {
                uk.get_or_insert_with(|| a.clone());
            } else {
                ru.get_or_insert_with(|| a.clone());
            }
        }
    }
    if place.kind == PlaceKind::Settlement || place.kind == PlaceKind::Raion {
        out.extend(romanisations(uk.as_deref(), ru.as_deref()));
    }
    if place.kind == PlaceKind::Region {
        let stems = region_stems(place);
        for stem in stems {
            for suffix in ["region", "regions", "oblast", "oblast'", "province", "area"] {
                out.push(format!("{stem} {suffix}"));
            }
        }
        // "Donetsk Oblast" style names also in plural for "the X and Y regions"
        let extra: Vec<String> = out
            .iter()
            .filter(|s| s.ends_with(" region") || s.ends_with(" Region"))
            .map(|s| format!("{s}s"))
            .collect();
        out.extend(extra);
    }
}

/// The bare stem of a region's names ("Donetsk" for "Donetsk Oblast").
pub(crate) fn region_stems(place: &Place) -> Vec<String> {
    let mut stems = Vec::new();
    for n in std::iter::once(&place.name).chain(place.alternates.iter()) {
        for suffix in [
            " Oblast",
            " oblast",
            " Region",
            " region",
            " Krai",
            " krai",
            " Province",
        ] {
            if let Some(stem) = n.strip_suffix(suffix) {
                let stem = stem.trim().to_string();
                if !stem.is_empty() && !stems.contains(&stem) {
                    stems.push(stem);
                }
            }
        }
    }
    stems
}
