//! The linker's lexicon: `data/lexicon.tsv` parsed into token patterns, and
//! a scanner that finds every rule in a tokenised sentence.
//!
//! Rules are data: a new phrasing is a new line in the TSV. This module
//! knows the file format and pattern matching, nothing about claims.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the lexicon's keys are short words, where SipHash's setup cost
/// dominates.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

use crate::model::Event;
use crate::text::{fold, tokens};

static LEXICON_TSV: &str = include_str!("../../data/lexicon.tsv");

/// One token of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatTok {
    Word(String),
    Prefix(String),
    /// Skip 0..=3 tokens.
    Gap,
}

/// Where a trigger's place stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceSide {
    After,
    Before,
    Both,
}

/// Which party a trigger's actor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRole {
    Agent,
    Loser,
}

/// A party as the lexicon names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartySide {
    Ru,
    Ua,
    Third,
    /// The speaker's own side ("our units").
    SpeakerSelf,
    /// The speaker's opponent ("the enemy").
    Enemy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechKind {
    Say,
    Claim,
    Deny,
    Confirm,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TriggerRule {
    pub event: Event,
    pub place: PlaceSide,
    pub actor: ActorRole,
    pub claim: bool,
    pub attempt: bool,
    pub ground: bool,
    pub subject: bool,
    pub adjacent: bool,
    pub displace: bool,
    /// The phrase must hold a party ("showed Russian infantry in X"),
    /// else it makes no claim.
    pub party: bool,
}

/// What a rule means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    Trigger(TriggerRule),
    Party(PartySide),
    Speech {
        kind: SpeechKind,
        speaker_after: bool,
    },
    Hedge,
    Negation,
    /// Negates everything after it in the sentence ("no evidence that").
    NoEvidence,
    Modal,
    Stop,
    Air,
    CountNoun,
    Historical,
    Civilian,
    Captive,
    UnitNoun,
}

impl Rule {
    /// Rules of one category compete for the same tokens; different
    /// categories may overlap ("claimed control of" is a trigger and
    /// "claimed" a speech verb).
    fn category(&self) -> u8 {
        match self {
            Rule::Trigger(_) => 0,
            Rule::Party(_) => 1,
            Rule::Speech { .. } => 2,
            Rule::Hedge => 3,
            Rule::Negation => 4,
            Rule::Modal => 5,
            Rule::Stop => 6,
            Rule::Air => 7,
            Rule::CountNoun => 8,
            Rule::Historical => 9,
            Rule::NoEvidence => 10,
            Rule::Civilian => 11,
            Rule::Captive => 12,
            Rule::UnitNoun => 13,
        }
    }
}

#[derive(Debug, Clone)]
struct Pattern {
    toks: Vec<PatTok>,
    rule: Rule,
    line: usize,
}

/// A rule found in a sentence: token range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: Rule,
    /// Line of data/lexicon.tsv that holds the rule.
    pub line: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("data/lexicon.tsv:{line}: {reason}")]
pub struct LexiconError {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug)]
pub struct Lexicon {
    patterns: Vec<Pattern>,
    /// first literal token → patterns
    by_first: FnvMap<String, Vec<usize>>,
    /// patterns whose first token is a prefix, by its first two bytes
    prefixed: FnvMap<[u8; 2], Vec<usize>>,
}

impl Lexicon {
    /// The compiled-in lexicon.
    pub fn embedded() -> Result<Lexicon, LexiconError> {
        Lexicon::parse(LEXICON_TSV)
    }

    pub fn parse(tsv: &str) -> Result<Lexicon, LexiconError> {
        let mut patterns = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let line_no = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let err = |reason: String| LexiconError {
                line: line_no,
                reason,
            };
            if cols.len() < 2 {
                return Err(err("expected at least <kind>\\t<pattern>".into()));
            }
            let rule = match cols[0] {
                "trigger" => {
                    if cols.len() < 5 {
                        return Err(err(
                            "trigger needs <pattern> <event> <place> <actor> [flags]".into(),
                        ));
                    }
                    let event = match cols[2] {
                        "capture" => Event::Capture,
                        "withdrawal" => Event::Withdrawal,
                        "advance" => Event::Advance,
                        "repelled" => Event::Repelled,
                        "contested" => Event::Contested,
                        e => return Err(err(format!("unknown event {e:?}"))),
                    };
                    let place = match cols[3] {
                        "after" => PlaceSide::After,
                        "before" => PlaceSide::Before,
                        "both" => PlaceSide::Both,
                        p => {
                            return Err(err(format!(
                                "place must be after, before or both, got {p:?}"
                            )))
                        }
                    };
                    let actor = match cols[4] {
                        "agent" => ActorRole::Agent,
                        "loser" => ActorRole::Loser,
                        a => return Err(err(format!("actor must be agent or loser, got {a:?}"))),
                    };
                    let flags: Vec<&str> = cols
                        .get(5)
                        .map_or(vec![], |f| f.split(',').map(str::trim).collect());
                    for f in &flags {
                        if !matches!(
                            *f,
                            "claim"
                                | "attempt"
                                | "ground"
                                | "subject"
                                | "adjacent"
                                | "displace"
                                | "party"
                                | ""
                        ) {
                            return Err(err(format!("unknown flag {f:?}")));
                        }
                    }
                    Rule::Trigger(TriggerRule {
                        event,
                        place,
                        actor,
                        claim: flags.contains(&"claim"),
                        attempt: flags.contains(&"attempt"),
                        ground: flags.contains(&"ground"),
                        subject: flags.contains(&"subject"),
                        adjacent: flags.contains(&"adjacent"),
                        displace: flags.contains(&"displace"),
                        party: flags.contains(&"party"),
                    })
                }
                "party" => Rule::Party(match cols.get(2).copied() {
                    Some("RU") => PartySide::Ru,
                    Some("UA") => PartySide::Ua,
                    Some("third") => PartySide::Third,
                    Some("self") => PartySide::SpeakerSelf,
                    Some("enemy") => PartySide::Enemy,
                    s => {
                        return Err(err(format!(
                            "party side must be RU, UA, third, self or enemy, got {s:?}"
                        )))
                    }
                }),
                "speech" => Rule::Speech {
                    kind: match cols.get(2).copied() {
                        Some("say") => SpeechKind::Say,
                        Some("claim") => SpeechKind::Claim,
                        Some("deny") => SpeechKind::Deny,
                        Some("confirm") => SpeechKind::Confirm,
                        s => {
                            return Err(err(format!(
                                "speech kind must be say, claim, deny or confirm, got {s:?}"
                            )))
                        }
                    },
                    speaker_after: cols.get(3) == Some(&"after"),
                },
                "hedge" => Rule::Hedge,
                "negation" => Rule::Negation,
                "noevidence" => Rule::NoEvidence,
                "modal" => Rule::Modal,
                "stop" => Rule::Stop,
                "air" => Rule::Air,
                "countnoun" => Rule::CountNoun,
                "historical" => Rule::Historical,
                "civilian" => Rule::Civilian,
                "captive" => Rule::Captive,
                "unitnoun" => Rule::UnitNoun,
                k => return Err(err(format!("unknown rule kind {k:?}"))),
            };
            let toks = compile(cols[1]);
            if toks.is_empty() || matches!(toks[0], PatTok::Gap) {
                return Err(err(format!(
                    "pattern {:?} is empty or starts with ~",
                    cols[1]
                )));
            }
            patterns.push(Pattern {
                toks,
                rule,
                line: line_no,
            });
        }
        let mut by_first: FnvMap<String, Vec<usize>> = FnvMap::default();
        let mut prefixed: FnvMap<[u8; 2], Vec<usize>> = FnvMap::default();
        for (i, p) in patterns.iter().enumerate() {
            match &p.toks[0] {
                PatTok::Word(w) => by_first.entry(w.clone()).or_default().push(i),
                PatTok::Prefix(w) => match w.as_bytes() {
                    [a, b, ..] => prefixed.entry([*a, *b]).or_default().push(i),
                    _ => {
                        return Err(LexiconError {
                            line: p.line,
                            reason: "a prefix pattern needs at least two letters before *".into(),
                        })
                    }
                },
                PatTok::Gap => unreachable!("rejected above"),
            }
        }
        Ok(Lexicon {
            patterns,
            by_first,
            prefixed,
        })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every rule found in a sentence's tokens (folded strings). Within a
    /// category, leftmost-longest wins; categories overlap freely. Hits
    /// come out sorted by start.
    pub fn scan(&self, words: &[&str]) -> Vec<Hit> {
        let mut all: Vec<(Hit, usize)> = Vec::new();
        for i in 0..words.len() {
            let try_pat = |pi: usize, all: &mut Vec<(Hit, usize)>| {
                let p = &self.patterns[pi];
                if let Some(end) = match_at(&p.toks, words, i) {
                    all.push((
                        Hit {
                            start: i,
                            end,
                            rule: p.rule,
                            line: p.line,
                        },
                        p.line,
                    ));
                }
            };
            if let Some(list) = self.by_first.get(words[i]) {
                for &pi in list {
                    try_pat(pi, &mut all);
                }
            }
            if let [a, b, ..] = words[i].as_bytes() {
                if let Some(list) = self.prefixed.get(&[*a, *b]) {
                    for &pi in list {
                        try_pat(pi, &mut all);
                    }
                }
            }
        }
        // leftmost-longest per category; ties to the earlier line
        all.sort_by(|(a, la), (b, lb)| {
            a.rule
                .category()
                .cmp(&b.rule.category())
                .then(a.start.cmp(&b.start))
                .then(b.end.cmp(&a.end))
                .then(la.cmp(lb))
        });
        let mut out: Vec<Hit> = Vec::with_capacity(all.len());
        let mut last: Option<(u8, usize)> = None;
        for (h, _) in all {
            let cat = h.rule.category();
            if let Some((c, end)) = last {
                if c == cat && h.start < end {
                    continue;
                }
            }
            last = Some((cat, h.end));
            out.push(h);
        }
        out.sort_by_key(|h| (h.start, h.rule.category()));
        out
    }
}

fn compile(pattern: &str) -> Vec<PatTok> {
    pattern
        .split_whitespace()
        .flat_map(|w| {
            if w == "~" {
                return vec![PatTok::Gap];
            }
            let prefix = w.ends_with('*');
            let folded = fold(w.trim_end_matches('*'));
            let toks = tokens(&folded);
            let n = toks.len();
            toks.into_iter()
                .enumerate()
                .map(|(k, t)| {
                    let s = folded[t.start..t.end].to_string();
                    if prefix && k + 1 == n {
                        PatTok::Prefix(s)
                    } else {
                        PatTok::Word(s)
                    }
                })
                .collect()
        })
        .collect()
}

fn match_at(pat: &[PatTok], words: &[&str], i: usize) -> Option<usize> {
    let Some((first, rest)) = pat.split_first() else {
        return Some(i);
    };
    match first {
        PatTok::Gap => {
            // prefer the shortest gap so "pulled out of" binds tightly
            (0..=3).find_map(|skip| {
                let j = i + skip;
                if j > words.len() {
                    return None;
                }
                match_at(rest, words, j)
            })
        }
        PatTok::Word(w) => {
            if words.get(i) == Some(&w.as_str()) {
                match_at(rest, words, i + 1)
            } else {
                None
            }
        }
        PatTok::Prefix(p) => {
            if words.get(i).is_some_and(|x| x.starts_with(p.as_str())) {
                match_at(rest, words, i + 1)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> (String, Vec<(usize, usize)>) {
        let f = fold(s);
        let t = tokens(&f).iter().map(|t| (t.start, t.end)).collect();
        (f, t)
    }

    fn scan(lex: &Lexicon, s: &str) -> Vec<(String, Rule)> {
        let (f, t) = words(s);
        let w: Vec<&str> = t.iter().map(|&(a, b)| &f[a..b]).collect();
        lex.scan(&w)
            .into_iter()
            .map(|h| (w[h.start..h.end].join(" "), h.rule))
            .collect()
    }

    #[test]
    fn embedded_lexicon_parses() {
        let lex = Lexicon::embedded().unwrap();
        assert!(lex.len() > 300);
    }

    #[test]
    fn longest_trigger_wins_and_gaps_work() {
        let lex = Lexicon::embedded().unwrap();
        let hits = scan(&lex, "Ukraine was pulling its troops out of the town");
        assert!(hits.iter().any(|(s, r)| s == "pulling its troops out of"
            && matches!(r, Rule::Trigger(t) if t.event == Event::Withdrawal)));
        let hits = scan(&lex, "Moscow has claimed control of three villages");
        assert!(hits
            .iter()
            .any(|(s, r)| s == "claimed control of" && matches!(r, Rule::Trigger(t) if t.claim)));
        assert!(hits
            .iter()
            .any(|(s, r)| s == "claimed" && matches!(r, Rule::Speech { .. })));
    }

    #[test]
    fn bad_rows_name_their_line() {
        let e = Lexicon::parse("# c\ntrigger\tseized\tcapture\tafter\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = Lexicon::parse("trigger\tseized\tconquest\tafter\tagent\n").unwrap_err();
        assert!(e.to_string().contains("unknown event"), "{e}");
    }
}
