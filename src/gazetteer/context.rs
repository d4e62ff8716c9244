//! The words around a name in folded text, and the small morphology the
//! context rules need (is this word a form of that verb?).
//!
//! Pure functions over folded strings; no knowledge of places.

/// Is `c` part of a word in folded text (letters, digits, an inner apostrophe)?
#[inline]
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// The next `n` words after byte `pos`, across punctuation.
pub(crate) fn words_after(folded: &str, pos: usize, n: usize) -> Vec<&str> {
    folded[pos..]
        .split(|c: char| !in_word(c))
        .filter(|w| !w.is_empty())
        .take(n)
        .collect()
}

/// The `n` words before byte `pos`, across punctuation, in text order.
pub(crate) fn words_before(folded: &str, pos: usize, n: usize) -> Vec<&str> {
    let mut v: Vec<&str> = folded[..pos]
        .rsplit(|c: char| !in_word(c))
        .filter(|w| !w.is_empty())
        .take(n)
        .collect();
    v.reverse();
    v
}

/// The next `n` words after byte `pos` of the same phrase: separated by
/// spaces only (hyphens fold to spaces), stopping at any punctuation.
pub(crate) fn phrase_after(folded: &str, pos: usize, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut rest = &folded[pos..];
    while out.len() < n {
        let trimmed = rest.trim_start_matches(' ');
        if trimmed.len() == rest.len() {
            break; // no space: punctuation, a possessive or the end
        }
        let end = trimmed.find(|c: char| !in_word(c)).unwrap_or(trimmed.len());
        if end == 0 {
            break;
        }
        out.push(&trimmed[..end]);
        rest = &trimmed[end..];
    }
    out
}

/// The `n` words before byte `pos` of the same phrase (spaces only between
/// them and the name), in text order.
pub(crate) fn phrase_before(folded: &str, pos: usize, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut rest = &folded[..pos];
    while out.len() < n {
        let trimmed = rest.trim_end_matches(' ');
        if trimmed.len() == rest.len() {
            break; // no space: punctuation or the start of the text
        }
        let start = trimmed.rfind(|c: char| !in_word(c)).map_or(0, |i| {
            i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
        });
        if start == trimmed.len() {
            break;
        }
        out.push(&trimmed[start..]);
        rest = &trimmed[..start];
    }
    out.reverse();
    out
}

/// Is `word` the lemma itself or a regular finite or participle form of it
/// (-s/-es/-ies, -ed/-d/-ied with a doubled final consonant, -ing)?
/// `with_base` admits the bare lemma.
pub(crate) fn is_form_of(word: &str, lemmas: &[&str], with_base: bool, with_ing: bool) -> bool {
    let has = |s: &str| lemmas.contains(&s);
    if with_base && has(word) {
        return true;
    }
    let mut stems: [Option<String>; 4] = [None, None, None, None];
    if let Some(s) = word
        .strip_suffix("ies")
        .or_else(|| word.strip_suffix("ied"))
    {
        stems[0] = Some(format!("{s}y"));
    } else if let Some(s) = word.strip_suffix("es") {
        stems[0] = Some(s.to_string());
        stems[1] = Some(format!("{s}e"));
    } else if let Some(s) = word.strip_suffix("ed") {
        stems[0] = Some(s.to_string());
        stems[1] = Some(format!("{s}e"));
        if let Some(undoubled) = undouble(s) {
            stems[2] = Some(undoubled.to_string());
        }
    } else if let Some(s) = word.strip_suffix('s') {
        stems[0] = Some(s.to_string());
    }
    if with_ing {
        if let Some(s) = word.strip_suffix("ing") {
            stems[1] = Some(format!("{s}e"));
            stems[2] = undouble(s).map(str::to_string);
            stems[3] = Some(s.to_string());
        }
    }
    stems.iter().flatten().any(|s| s.len() >= 2 && has(s))
}

/// "bann" → "ban", "stopp" → "stop": a doubled final consonant undone.
fn undouble(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]))
        .then(|| &s[..s.len() - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_stop_at_punctuation() {
        let t = "bloggers in moscow, said the mayor of kyiv city council";
        let m = t.find("moscow").unwrap();
        assert_eq!(phrase_after(t, m + 6, 2), Vec::<&str>::new());
        assert_eq!(phrase_before(t, m, 2), vec!["bloggers", "in"]);
        let k = t.find("kyiv").unwrap();
        assert_eq!(phrase_after(t, k + 4, 2), vec!["city", "council"]);
        assert_eq!(phrase_before(t, k, 3), vec!["the", "mayor", "of"]);
        assert_eq!(phrase_before(t, 0, 3), Vec::<&str>::new());
        assert_eq!(words_after(t, m + 6, 2), vec!["said", "the"]);
        assert_eq!(words_before(t, m, 1), vec!["in"]);
        assert_eq!(
            phrase_after("dnipro 1 regiment", 6, 3),
            vec!["1", "regiment"]
        );
        assert_eq!(phrase_after("kyiv's forces", 4, 1), Vec::<&str>::new());
    }

    #[test]
    fn verb_forms() {
        let lemmas = ["stage", "accuse", "ban", "deny", "report", "press", "use"];
        for (word, base, ing, want) in [
            ("staged", false, false, true),
            ("stages", false, false, true),
            ("accused", false, false, true),
            ("banned", false, false, true),
            ("denies", false, false, true),
            ("denied", false, false, true),
            ("reports", false, false, true),
            ("presses", false, false, true),
            ("pressed", false, false, true),
            ("uses", false, false, true),
            ("used", false, false, true),
            ("report", false, false, false),
            ("report", true, false, true),
            ("accusing", false, true, true),
            ("banning", false, true, true),
            ("reporting", false, true, true),
            ("reporting", false, false, false),
            ("residents", false, false, false),
            ("ed", false, false, false),
        ] {
            assert_eq!(is_form_of(word, &lemmas, base, ing), want, "{word}");
        }
    }
}
