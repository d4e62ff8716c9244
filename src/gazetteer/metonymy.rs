//! Government metonymy: a seat of government (a country, a capital, a city
//! of a million) that stands for the state it runs ("Moscow said", "Kyiv's
//! forces", "accused Moscow of", "claimed by Moscow") is not a location.
//!
//! The rules read the words around the name in folded text; they never
//! change which place a name is, only its role. A name governed by a
//! locative preposition ("drones over Kyiv", "heading to Moscow") stays a
//! location.

use super::context::{is_form_of, phrase_after, phrase_before, words_after, words_before};
use super::resolve::{Mention, Role};
use super::{Gazetteer, Place};
use crate::model::PlaceKind;

/// Words right after a seat that make it a government, not a place: the
/// nouns and participles of "Kyiv forces", "Moscow-backed", and verbs
/// ("Moscow said"). More verbs, by lemma, in `AGENT_VERBS`.
const GOVERNMENT_NEXT: &[&str] = &[
    "forces",
    "troops",
    "army",
    "military",
    "government",
    "officials",
    "authorities",
    "leadership",
    "regime",
    "allies",
    "command",
    "side",
    "backed",
    "allied",
    "installed",
    "controlled",
    "appointed",
    "aligned",
    "friendly",
    "said",
    "says",
    "say",
    "announced",
    "claimed",
    "claims",
    "denied",
    "denies",
    "will",
    "would",
    "wants",
    "accused",
    "accuses",
    "insists",
    "insisted",
    "reported",
    "stated",
    "declared",
    "responded",
    "warned",
    "rejected",
    "agreed",
    "hopes",
    "believes",
    "confirmed",
    "acknowledged",
    "admitted",
    "did",
    "does",
    "could",
    "must",
    "should",
    "called",
    "urged",
    "sent",
    "plans",
    "seeks",
    "refused",
    "blamed",
    "commented",
    "has",
    "have",
    "had",
    "considers",
    "views",
    "demanded",
    "demands",
    "threatened",
    "vowed",
    "insist",
    "argued",
    "argues",
    "signalled",
    "signaled",
    "launches",
    "launched",
    "announces",
    "pushes",
    "asks",
    "asked",
    "urges",
    "welcomes",
    "welcomed",
    "slams",
    "slammed",
    "vows",
    "warns",
    "condemns",
    "condemned",
    "rejects",
    "accepts",
    "accepted",
    "signs",
    "signed",
    "orders",
    "ordered",
    "mobilizes",
    "mobilises",
    "steps",
    "boosts",
    "eyes",
    "fears",
    "feared",
    "prepares",
    "prepared",
    "expects",
    "expected",
    "seeks",
    "sought",
    "offers",
    "offered",
    "responds",
    "retaliates",
    "retaliated",
    "moves",
    "moved",
    "struck",
    "strikes",
    "hits",
];

/// Nouns after a possessive capital that keep it a location ("Kyiv's suburbs").
const LOCATION_POSSESSED: &[&str] = &[
    "edge",
    "outskirts",
    "suburbs",
    "suburb",
    "centre",
    "center",
    "streets",
    "street",
    "residents",
    "mayor",
    "districts",
    "district",
    "metro",
    "airport",
    "airports",
    "skies",
    "sky",
    "southern",
    "northern",
    "eastern",
    "western",
    "northwestern",
    "northeastern",
    "southwestern",
    "southeastern",
    "south",
    "north",
    "east",
    "west",
    "region",
    "oblast",
    "outskirt",
    "infrastructure",
    "power",
    "energy",
    "population",
    "buildings",
    "houses",
    "homes",
    "railway",
    "station",
    "port",
    "bridge",
    "river",
    "defences",
    "defenses",
    "hospitals",
    "schools",
    "old",
    "main",
    "historic",
    "city",
];

/// Institutions "in" a capital that stand for its government ("the
/// leadership in Kyiv said", "the Defence Ministry in Moscow").
const GOVERNMENT_INSTITUTIONS: &[&str] = &[
    "ministry",
    "leadership",
    "government",
    "officials",
    "authorities",
    "command",
    "kremlin",
    "regime",
    "alarm",
    "alarms",
    "concern",
    "concerns",
    "anger",
    "optimism",
    "frustration",
];

/// Verbs (lemmas) whose subject acts or speaks as a state: a seat directly
/// before a finite form ("Moscow staged", "Kyiv reports", "which Ukraine
/// renamed") is its government. Only -s and -ed forms count: the bare lemma
/// and -ing forms are as often nouns or modifiers ("the Kyiv report").
const AGENT_VERBS: &[&str] = &[
    "accept",
    "accuse",
    "acknowledge",
    "admit",
    "agree",
    "allow",
    "annex",
    "announce",
    "appeal",
    "appoint",
    "approve",
    "argue",
    "ask",
    "ban",
    "believe",
    "blame",
    "brand",
    "call",
    "claim",
    "comment",
    "complain",
    "condemn",
    "confirm",
    "consider",
    "declare",
    "demand",
    "deny",
    "deploy",
    "describe",
    "dismiss",
    "dub",
    "expect",
    "expel",
    "fear",
    "hope",
    "host",
    "impose",
    "insist",
    "intend",
    "label",
    "launch",
    "mobilise",
    "mobilize",
    "name",
    "negotiate",
    "offer",
    "order",
    "plan",
    "pledge",
    "prepare",
    "promise",
    "propose",
    "protest",
    "recall",
    "recognise",
    "recognize",
    "refer",
    "refuse",
    "regard",
    "reject",
    "rename",
    "report",
    "request",
    "respond",
    "retaliate",
    "sanction",
    "sign",
    "signal",
    "slam",
    "stage",
    "state",
    "suggest",
    "summon",
    "term",
    "threaten",
    "try",
    "urge",
    "use",
    "view",
    "vow",
    "want",
    "warn",
    "welcome",
];

/// Irregular finite forms of verbs whose subject acts as a state.
const AGENT_IRREGULAR: &[&str] = &[
    "says", "sends", "sought", "seeks", "told", "tells", "gave", "gives", "made", "makes", "knows",
    "knew", "thinks", "thought", "withdrew", "chose", "meant", "keeps", "kept",
];

/// Adverbs that may stand between a seat and its verb ("Moscow still uses",
/// "Kyiv also claimed"); any other word in -ly does too.
const ADVERBS: &[&str] = &[
    "also", "still", "now", "already", "again", "later", "then", "never", "always", "since",
    "once", "first", "soon", "often", "long", "too", "swiftly",
];

/// Verbs (lemmas) whose object is a state: a seat right after any form of
/// one ("accused Moscow of", "urging Kyiv to") is its government.
const OBJECT_VERBS: &[&str] = &[
    "accuse",
    "assure",
    "blame",
    "condemn",
    "convince",
    "criticise",
    "criticize",
    "deter",
    "encourage",
    "force",
    "implore",
    "invite",
    "lobby",
    "persuade",
    "praise",
    "press",
    "pressure",
    "punish",
    "reassure",
    "rebuke",
    "sanction",
    "thank",
    "urge",
    "warn",
];

/// Irregular forms of verbs whose object is a state.
const OBJECT_IRREGULAR: &[&str] = &[
    "tell", "tells", "told", "telling", "ask", "asks", "asked", "asking",
];

/// Nouns and verbs before "on" that make what follows a state ("pressure on
/// Kyiv", "sanctions on Moscow", "called on Kyiv").
const ON_GOVERNMENT: &[&str] = &[
    "pressure",
    "sanctions",
    "sanction",
    "call",
    "calls",
    "called",
    "calling",
    "demands",
    "restrictions",
    "embargo",
    "tariffs",
];

/// Prepositions of place, direction or origin: a seat right after one is
/// a location ("drones over Kyiv", "in Moscow", "heading to Moscow", "the
/// mayor of Kyiv said"), whatever verb follows, unless the phrase names an
/// institution (see `GOVERNMENT_INSTITUTIONS`).
pub(super) const LOCATIVE_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "near",
    "over",
    "outside",
    "around",
    "across",
    "into",
    "inside",
    "to",
    "towards",
    "toward",
    "from",
    "of",
    "on",
    "off",
    "beyond",
    "behind",
    "within",
    "via",
    "through",
    "above",
    "under",
    "past",
    "onto",
    "upon",
    "nearby",
    "approaching",
    "targeting",
];

/// Does this place run a state, so that its name can stand for the state?
pub(super) fn is_seat(p: &Place) -> bool {
    p.kind == PlaceKind::Country
        || p.feature_code == "PPLC"
        || (p.kind == PlaceKind::Settlement && p.population.unwrap_or(0) >= 1_000_000)
}

fn is_adverb(w: &str) -> bool {
    ADVERBS.contains(&w) || (w.len() > 4 && w.ends_with("ly"))
}

/// Does this word, right after a seat, make the seat the subject of a
/// state's action ("said", "staged", "reports")?
fn is_agent_word(w: &str) -> bool {
    GOVERNMENT_NEXT.contains(&w)
        || AGENT_IRREGULAR.contains(&w)
        || is_form_of(w, AGENT_VERBS, false, false)
}

/// How the words around a seat read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// A state, by a verb or a preposition ("Moscow said", "claimed by Moscow").
    State,
    /// A state, by a possessive ("Kyiv's forces"). A new noun phrase starts
    /// there, so the reading does not spread back over "and" ("the war in
    /// Ukraine and Kiev's plan").
    StatePossessive,
    /// A location, stated by a preposition of place or a possessed place noun.
    Place,
    /// Nothing said: a location, unless coordinated with a state.
    Unknown,
}

/// Set the role of every mention: a seat standing for its state is a
/// government, everything else a location.
pub(super) fn read_roles(g: &Gazetteer, ft: &str, out: &mut [Mention]) {
    let mut readings: Vec<Reading> = out
        .iter()
        .map(|m| {
            if is_seat(g.place(m.place)) {
                reading(ft, m)
            } else {
                Reading::Place
            }
        })
        .collect();
    // two seats joined by "and"/"or" share a state reading: "Kyiv and
    // Moscow said", "urged Kyiv and Moscow to talk"
    for i in 1..out.len() {
        let (a, b) = (&out[i - 1], &out[i]);
        if a.fend > b.fstart
            || !matches!(ft[a.fend..b.fstart].trim(), "and" | "or" | ", and" | ", or")
        {
            continue;
        }
        match (readings[i - 1], readings[i]) {
            (Reading::State, Reading::Unknown) => readings[i] = Reading::State,
            // back only from a subject position: not "hit Kyiv and Moscow said"
            (Reading::Unknown, Reading::State) if opens_clause(ft, a.fstart) => {
                readings[i - 1] = Reading::State;
            }
            _ => {}
        }
    }
    for (m, r) in out.iter_mut().zip(readings) {
        m.role = match r {
            Reading::State | Reading::StatePossessive => Role::Government,
            Reading::Place | Reading::Unknown => Role::Location,
        };
    }
}

/// Does a clause start at byte `pos` (after punctuation, at the start, or
/// after a conjunction), so that a name there can be a subject?
fn opens_clause(ft: &str, pos: usize) -> bool {
    phrase_before(ft, pos, 1).first().is_none_or(|w| {
        matches!(
            *w,
            "both"
                | "that"
                | "as"
                | "while"
                | "when"
                | "and"
                | "but"
                | "since"
                | "because"
                | "if"
                | "though"
                | "although"
                | "after"
                | "before"
                | "where"
                | "whereas"
        )
    })
}

/// What the words around a seat say about it.
fn reading(ft: &str, mention: &Mention) -> Reading {
    let rest = &ft[mention.fend..];
    // possessive: "Kyiv's forces" vs "Kyiv's suburbs"
    if let Some(after_pos) = rest.strip_prefix("'s").or_else(|| rest.strip_prefix('\'')) {
        if after_pos.starts_with(|c: char| c.is_alphanumeric()) {
            return Reading::Unknown; // "Kyiv'ska": not a possessive
        }
        let next = words_after(after_pos, 0, 2);
        return if next.iter().any(|w| LOCATION_POSSESSED.contains(w)) {
            Reading::Place
        } else {
            Reading::StatePossessive
        };
    }
    match governed_from_left(ft, mention) {
        Some(true) => return Reading::State,
        Some(false) => return Reading::Place,
        None => {}
    }
    // the subject of a state's action: "Moscow said", "Moscow still uses"
    let next = phrase_after(ft, mention.fend, 2);
    let subject = match next.as_slice() {
        [w, ..] if is_agent_word(w) => {
            // "Kyiv has been hit" is a place
            !(matches!(*w, "has" | "have" | "had") && next.get(1) == Some(&"been"))
        }
        [adv, w] if is_adverb(adv) => is_agent_word(w),
        _ => false,
    };
    if subject {
        Reading::State
    } else {
        Reading::Unknown
    }
}

/// What the words before a seat say about it: `Some(true)` a state (the
/// object of "accused", the agent after "by", "talks with"), `Some(false)`
/// a location (after a preposition of place), `None` nothing.
fn governed_from_left(ft: &str, mention: &Mention) -> Option<bool> {
    let before = words_before(ft, mention.fstart, 4);
    let &prev = before.last()?;
    if matches!(prev, "between" | "with" | "against") {
        return Some(true);
    }
    if prev == "and" && before.len() >= 3 && before[before.len() - 3] == "between" {
        return Some(true);
    }
    // the rest only reads words of the same phrase
    let phrase = phrase_before(ft, mention.fstart, 4);
    let &prev = phrase.last()?;
    let prev2 = phrase.len().checked_sub(2).map(|i| phrase[i]);
    if prev == "by" {
        return Some(true); // the agent of a passive: "claimed by Moscow"
    }
    if prev == "on" && prev2.is_some_and(|w| ON_GOVERNMENT.contains(&w)) {
        return Some(true);
    }
    if OBJECT_IRREGULAR.contains(&prev) || is_form_of(prev, OBJECT_VERBS, true, true) {
        return Some(true);
    }
    if matches!(prev, "in" | "from" | "of") {
        let institution = phrase[..phrase.len() - 1]
            .iter()
            .any(|w| GOVERNMENT_INSTITUTIONS.contains(w));
        return Some(institution);
    }
    LOCATIVE_PREPOSITIONS.contains(&prev).then_some(false)
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::tests::locations;

    /// sentence → the surfaces read as a location (the seats not listed are
    /// read as governments).
    #[test]
    fn government_or_location() {
        let cases: &[(&str, &[&str])] = &[
            ("Kiev said the strike had damaged a substation.", &[]),
            ("Kyiv's allies pledged more air defence.", &[]),
            ("Kyiv accused Moscow of sabotaging the grain deal.", &[]),
            (
                "Velikaya Novoselka was claimed by Moscow on Sunday.",
                &["Velikaya Novoselka"],
            ),
            ("Moscow staged elections in the LPR.", &["LPR"]),
            (
                "Russia says its troops have taken Selydove; Kyiv reports battles continue",
                &["Selydove"],
            ),
            (
                "Dzerzhinsk, the Soviet-era name that Moscow still uses for Toretsk.",
                &["Dzerzhinsk", "Toretsk"],
            ),
            ("Belarus hosted Russian troops before the invasion.", &[]),
            (
                "Russian troops approached Dimitrov, which Ukraine renamed Myrnohrad.",
                &["Dimitrov", "Myrnohrad"],
            ),
            ("The EU urged Moscow to withdraw.", &[]),
            ("The EU is pressing Kyiv to hold elections.", &[]),
            ("Allies increased pressure on Moscow over the strikes.", &[]),
            ("Kyiv and Moscow said talks would resume.", &[]),
            ("Talks between Kyiv and Moscow stalled.", &[]),
            ("Officials in Moscow said the talks had stalled.", &[]),
            // locations
            ("Drones over Kyiv were shot down.", &["Kyiv"]),
            ("Flights were suspended at airports in Moscow.", &["Moscow"]),
            (
                "Military bloggers in Moscow said the push had stalled.",
                &["Moscow"],
            ),
            ("Explosions were heard in Kyiv, said the mayor.", &["Kyiv"]),
            ("The drones were heading to Moscow.", &["Moscow"]),
            ("Debris fell on Moscow's outskirts.", &["Moscow"]),
            ("Kyiv has been hit by drones again.", &["Kyiv"]),
            ("Odesa's mayor said three people were injured.", &["Odesa"]),
            (
                "Explosions were heard in Kyiv and Kharkiv overnight.",
                &["Kyiv", "Kharkiv"],
            ),
            (
                "KYIV, Nov 3 (Wire) - Ukraine's air force said it had downed 40 drones.",
                &["KYIV"],
            ),
        ];
        for (sentence, want) in cases {
            assert_eq!(&locations(sentence), want, "{sentence}");
        }
    }
}
