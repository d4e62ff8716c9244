//! Misspelled names in claim contexts: "the village of Robotine",
//! "captured Avdeevka". A capitalised word right after a settlement noun
//! ("village of", "the town of") or a verb of capture that the matcher did
//! not find is looked up by edit distance (optimal-string-alignment
//! Damerau-Levenshtein over folded forms): at most 1 for names of 5 to 8
//! letters, 2 for longer ones, never for shorter names or ordinary words.
//! The index holds the matcher's own forms, so a hit is always a spelling
//! the matcher lacks; a weak name the matcher found ("the village of
//! Mayak") is kept by `resolve` after a settlement noun instead.
//!
//! Cheap by construction: it runs only on words in those contexts, and the
//! index (settlement forms bucketed by first letter and length) is built the
//! first time such a word turns up.

use std::collections::HashMap;
use std::sync::OnceLock;

use daachorse::DoubleArrayAhoCorasick;

use super::matcher::RawMatch;
use super::nonplace::{common_word, given_name};
use super::Gazetteer;
use crate::model::PlaceKind;
use crate::text::{MONTH_NAMES, WEEKDAY_NAMES};

/// Settlement forms by (first letter, length in letters).
pub struct FuzzyIndex {
    forms: Vec<(String, Vec<u32>)>,
    buckets: HashMap<(char, usize), Vec<u32>>,
}

impl FuzzyIndex {
    pub(super) fn build(g: &Gazetteer) -> FuzzyIndex {
        // the matcher's folded forms (every spelling it knows, generated
        // variants included), settlements only: no variant is generated twice
        let m = g.matcher();
        let mut by_form: HashMap<String, Vec<u32>> = HashMap::new();
        for group in 0..m.form_count() as u32 {
            let f = m.form(group);
            if !f
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
            {
                continue;
            }
            let places: Vec<u32> = m
                .candidates(group)
                .iter()
                .copied()
                .filter(|&c| g.place(c as usize).kind == PlaceKind::Settlement)
                .collect();
            if !places.is_empty() {
                by_form.insert(f.to_string(), places);
            }
        }
        let mut forms: Vec<(String, Vec<u32>)> = by_form.into_iter().collect();
        forms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut buckets: HashMap<(char, usize), Vec<u32>> = HashMap::new();
        for (k, (f, _)) in forms.iter().enumerate() {
            if let Some(c) = f.chars().next() {
                buckets
                    .entry((c, f.chars().count()))
                    .or_default()
                    .push(k as u32);
            }
        }
        FuzzyIndex { forms, buckets }
    }

    /// The places of the nearest forms to `query` (folded) within the
    /// allowed distance, the distance and the first such form.
    pub fn nearest(&self, query: &str) -> Option<(Vec<u32>, usize, &str)> {
        let q: Vec<char> = query.chars().collect();
        let first = *q.first()?;
        let max = allowed_distance(q.len());
        let mut best: Option<(usize, Vec<u32>, &str)> = None;
        for len in q.len().saturating_sub(max)..=q.len() + max {
            let Some(bucket) = self.buckets.get(&(first, len)) else {
                continue;
            };
            for &k in bucket {
                let (form, places) = &self.forms[k as usize];
                let limit = best.as_ref().map_or(max, |b| b.0);
                let Some(d) = osa_distance(&q, form, limit) else {
                    continue;
                };
                match &mut best {
                    Some(b) if b.0 == d => b.1.extend_from_slice(places),
                    _ => best = Some((d, places.clone(), form.as_str())),
                }
            }
        }
        best.map(|(d, mut places, form)| {
            places.sort_unstable();
            places.dedup();
            (places, d, form)
        })
    }
}

/// Edits allowed for a name of `len` letters.
fn allowed_distance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance between `a` and `b`, or `None` when
/// it exceeds `max` (rows stop early once every cell is over).
fn osa_distance(a: &[char], b: &str, max: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    (prev[n] <= max).then_some(prev[n])
}

/// Settlement nouns whose "of" introduces a place's name ("the village of X").
const SETTLEMENT_NOUNS: &[&str] = &[
    "village",
    "villages",
    "town",
    "towns",
    "settlement",
    "settlements",
    "city",
    "hamlet",
    "township",
];

/// Verbs of capture whose object is a place ("captured X", "took X").
const CAPTURE_VERBS: &[&str] = &[
    "captured",
    "capture",
    "captures",
    "capturing",
    "seized",
    "seize",
    "seizing",
    "took",
    "taken",
    "liberated",
    "liberate",
    "liberating",
    "occupied",
    "recaptured",
    "retook",
    "retaken",
    "stormed",
    "entered",
];

/// Capitalised words that follow those verbs without being names (and the
/// calendar's, `text::MONTH_NAMES` and `WEEKDAY_NAMES`).
const NOT_NAMES: &[&str] = &[
    "russian",
    "ukrainian",
    "belarusian",
    "soviet",
    "the",
    "a",
    "an",
    "two",
    "three",
    "several",
    "control",
    "positions",
    "kyiv's",
    "moscow's",
];

/// A name found by the fuzzy lookup.
pub(super) struct FuzzyHit {
    pub raw: RawMatch,
    pub places: Vec<u32>,
    pub form: String,
    /// Edit distance (0: an exact form the matcher leaves out).
    pub distance: usize,
}

/// The trigger phrases ("village of", "captured"), one automaton over them
/// all so that an article is scanned once, fast.
fn triggers() -> &'static DoubleArrayAhoCorasick<u32> {
    static AC: OnceLock<DoubleArrayAhoCorasick<u32>> = OnceLock::new();
    AC.get_or_init(|| {
        let mut pats: Vec<String> = SETTLEMENT_NOUNS
            .iter()
            .map(|n| format!("{n} of "))
            .collect();
        pats.extend(CAPTURE_VERBS.iter().map(|v| format!("{v} ")));
        let pv: Vec<(&str, u32)> = pats
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), u32::from(i >= SETTLEMENT_NOUNS.len())))
            .collect();
        DoubleArrayAhoCorasick::with_values(pv).expect("trigger phrases are unique")
    })
}

/// Misspelled (or word-like) names in claim contexts that no raw match
/// covers. `all` are every raw match of the article, before any filtering.
pub(super) fn find(
    g: &Gazetteer,
    original: &str,
    ft: &str,
    fold_span: &dyn Fn(usize, usize) -> (usize, usize),
    all: &[RawMatch],
) -> Vec<FuzzyHit> {
    let mut out = Vec::new();
    let covered = |fs: usize, fe: usize| all.iter().any(|r| r.fstart < fe && fs < r.fend);
    for m in triggers().find_iter(ft) {
        let verb = m.value() == 1;
        // a whole word: nothing of a word right before the trigger
        if ft[..m.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '\'')
        {
            continue;
        }
        let ns = m.end();
        let ne = ft[ns..]
            .find(|c: char| !(c.is_alphanumeric() || c == '\''))
            .map_or(ft.len(), |k| ns + k);
        if ne == ns || covered(ns, ne) {
            continue;
        }
        let (os, _) = fold_span(ns, ne);
        if !original[os..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        {
            continue;
        }
        let token = &ft[ns..ne];
        let token = token.strip_suffix("'s").unwrap_or(token);
        let ne = ns + token.len();
        if NOT_NAMES.contains(&token)
            || MONTH_NAMES.contains(&token)
            || WEEKDAY_NAMES.contains(&token)
            || given_name(token)
        {
            continue;
        }
        let index = g.fuzzy_index();
        let Some((places, distance, form)) = index.nearest(token) else {
            continue;
        };
        // ordinary words never resolve by distance, and an exact word-like
        // form needs a settlement noun before it ("the village of Progress")
        if distance > 0 && (common_word(token) || common_word(form)) {
            continue;
        }
        if distance == 0 && verb {
            continue;
        }
        let (start, end) = fold_span(ns, ne);
        out.push(FuzzyHit {
            raw: RawMatch {
                start,
                end,
                fstart: ns,
                fend: ne,
                group: u32::MAX,
            },
            places,
            form: form.to_string(),
            distance,
        });
    }
    out
}

/// The index, built once per gazetteer on first use.
pub(super) type FuzzyCell = OnceLock<FuzzyIndex>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| osa_distance(&a.chars().collect::<Vec<_>>(), b, 3);
        assert_eq!(d("robotine", "robotyne"), Some(1));
        assert_eq!(d("avdeevka", "avdeyevka"), Some(1));
        assert_eq!(d("pokorvsk", "pokrovsk"), Some(1)); // transposition
        assert_eq!(d("kupiansk", "kupiansk"), Some(0));
        assert_eq!(d("abcdefgh", "zyxwvuts"), None);
    }

    #[test]
    fn allowed() {
        assert_eq!(allowed_distance(4), 0);
        assert_eq!(allowed_distance(8), 1);
        assert_eq!(allowed_distance(11), 2);
    }
}
