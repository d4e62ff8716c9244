//! The linker: reads control-change claims out of sentences that name
//! places. For each event trigger of the lexicon ("captured", "withdrew
//! from", "repelled assaults near", ...) it finds the places the trigger
//! governs, the side that acted, who asserts it and how firmly, and when.
//!
//! It works on one article's text and its resolved mentions; it never reads
//! files and never looks names up in the gazetteer (mentions arrive
//! resolved). Its rules live in `data/lexicon.tsv`.

mod dates;

use chrono::Datelike;
pub mod lexicon;

use crate::model::{Article, Claim, ClaimedBy, Event, PlaceKind, PlaceRef, Side, Status};
use crate::text::{tokens, Folded, Sentence};
use lexicon::{
    ActorRole, Hit, Lexicon, LexiconError, PartySide, PlaceSide, Rule, SpeechKind, TriggerRule,
};

/// Why the linker made a claim: the rule that fired and how each part of
/// the claim was found. `frontline explain` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The trigger words as they stand in the sentence (folded).
    pub trigger: String,
    /// The line of data/lexicon.tsv that holds the trigger.
    pub lexicon_line: usize,
    pub place_by: &'static str,
    pub actor_by: &'static str,
    /// The attribution cue and who it was read as, if any.
    pub attribution: Option<String>,
}

/// A resolved place mention as the linker needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub place: PlaceRef,
    /// Byte span in the article text.
    pub start: usize,
    pub end: usize,
    /// A seat of government standing for it ("Moscow said"): a party, not a place.
    pub government: bool,
    /// The gazetteer's confidence in the resolution.
    pub confidence: f64,
}

/// How far (in tokens) a trigger reaches for its first object.
const OBJECT_REACH: usize = 10;
/// How far back a trigger looks for a place that precedes it.
const SUBJECT_REACH: usize = 10;
/// How far a fallback reaches back for the antecedent of a relative clause.
const FALLBACK_REACH: usize = 20;
/// How far back (tokens) negations and modals act on a trigger.
const NEGATION_REACH: usize = 3;
const MODAL_REACH: usize = 4;
/// How far an actor may stand from its trigger.
const ACTOR_REACH_BEFORE: usize = 15;
const ACTOR_REACH_AFTER: usize = 12;

/// Tokens that may stand between the members of a list of places.
const LIST_GLUE: &[&str] = &[
    ",",
    "and",
    "or",
    "also",
    "plus",
    "including",
    "nearby",
    "village",
    "villages",
    "town",
    "towns",
    "the",
    "settlement",
    "settlements",
    "of",
];
const BE_AUX: &[&str] = &["was", "were", "been", "being", "is", "are", "be"];
const ADVERBS: &[&str] = &[
    "also",
    "again",
    "still",
    "first",
    "reportedly",
    "fully",
    "completely",
    "already",
    "recently",
    "finally",
    "now",
    "allegedly",
    "eventually",
    "effectively",
    "successfully",
    "quickly",
    "partially",
    "partly",
];
const QUANTIFIERS: &[&str] = &[
    "several", "dozens", "dozen", "many", "some", "few", "numerous", "multiple", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen",
    "twenty", "hundreds", "over", "more", "than", "at", "least", "nearly", "almost", "about",
];
/// Words that refer back to the previous speaker ("it said", "the ministry said").
const PRONOUNS: &[&str] = &[
    "he",
    "she",
    "they",
    "it",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ministry",
    "staff",
    "group",
    "brigade",
    "command",
    "military",
    "update",
    "bulletin",
    "report",
    "statement",
];

pub struct Linker {
    lexicon: Lexicon,
}

/// One sentence prepared for analysis.
struct Prepared<'a> {
    words: Vec<&'a str>,
    caps: Vec<bool>,
    hits: Vec<Hit>,
    /// (first token, end token, mention index) of claimable places
    places: Vec<(usize, usize, usize)>,
    /// (first token, end token, side) of parties, place-names-as-governments included
    parties: Vec<(usize, usize, PartySide)>,
    question: bool,
    /// per token: a clause stop starts here
    stop_at: Vec<bool>,
    /// per token: a trigger starts here, and whether it is a fight
    trigger_at: Vec<Option<Event>>,
    /// (mention index, kind) of the claimable places
    kinds: Vec<(usize, PlaceKind)>,
}

impl Linker {
    pub fn new() -> Result<Linker, LexiconError> {
        Ok(Linker {
            lexicon: Lexicon::embedded()?,
        })
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Read the claims of one article. `text` is `article.text()`,
    /// `sentences` its sentences, `mentions` its resolved place mentions.
    pub fn link(
        &self,
        article: &Article,
        text: &str,
        sentences: &[Sentence],
        mentions: &[PlaceMention],
    ) -> Vec<Claim> {
        self.link_traced(article, text, sentences, mentions)
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    /// `link`, with the trace of every claim.
    pub fn link_traced(
        &self,
        article: &Article,
        text: &str,
        sentences: &[Sentence],
        mentions: &[PlaceMention],
    ) -> Vec<(Claim, Trace)> {
        let mut claims: Vec<(Claim, Trace)> = Vec::new();
        let mut last_speaker: Option<ClaimedBy> = None;
        let mut prev_sentence_claims: (usize, usize) = (0, 0);
        let mut last_place: Option<usize> = None;
        let mut last_actor: Option<Side> = None;
        let mut next_mention = 0;
        for (si, s) in sentences.iter().enumerate() {
            // mentions arrive in text order: walk them with the sentences
            while next_mention < mentions.len() && mentions[next_mention].start < s.start {
                next_mention += 1;
            }
            let in_sentence: Vec<usize> = (next_mention..mentions.len())
                .take_while(|&i| mentions[i].start < s.end)
                .filter(|&i| mentions[i].end <= s.end)
                .collect();
            let sentence = &text[s.start..s.end];
            let folded = Folded::new(sentence);
            let prepared = self.prepare(sentence, &folded, s.start, mentions, &in_sentence);
            // a sentence that only hedges ("It could not be verified.") weakens the one before
            let only_hedge = prepared.hits.iter().any(|h| h.rule == Rule::Hedge)
                && !prepared
                    .hits
                    .iter()
                    .any(|h| matches!(h.rule, Rule::Trigger(_)));
            if only_hedge && si > 0 {
                for (c, _) in &mut claims[prev_sentence_claims.0..prev_sentence_claims.1] {
                    if c.status == Status::Confirmed {
                        c.status = Status::Claimed;
                    }
                }
            }
            // a sentence that only denies ("Kyiv denied it.") repeats the
            // other side's claims of the sentence before as denied
            let has_trigger = prepared
                .hits
                .iter()
                .any(|h| matches!(h.rule, Rule::Trigger(_)));
            let denial = prepared.hits.iter().find(|h| {
                matches!(
                    h.rule,
                    Rule::Speech {
                        kind: SpeechKind::Deny,
                        ..
                    }
                )
            });
            let mut denied: Vec<(Claim, Trace)> = Vec::new();
            if let (Some(d), false, true) = (denial, has_trigger, si > 0) {
                let denier = match speaker_of(&prepared, d, last_speaker) {
                    Some(ClaimedBy::Ru) => Some(ClaimedBy::Ua),
                    Some(ClaimedBy::Ua) => Some(ClaimedBy::Ru),
                    _ => None,
                };
                for (c, t) in &claims[prev_sentence_claims.0..prev_sentence_claims.1] {
                    if Some(c.claimed_by) == denier && c.status != Status::Denied {
                        let mut c = c.clone();
                        c.status = Status::Denied;
                        c.evidence = sentence.to_string();
                        c.span = (s.start, s.end);
                        let mut t = t.clone();
                        t.attribution = Some(format!(
                            "\"{}\" in the next sentence",
                            prepared.words[d.start..d.end].join(" ")
                        ));
                        denied.push((c, t));
                    }
                }
            }
            // "Ukraine's army confirmed the loss.": the other side's claims of
            // the sentence before, now also confirmed by this side
            let confirm = prepared.hits.iter().find(|h| {
                !negated_cue(&prepared, h)
                    && matches!(
                        h.rule,
                        Rule::Speech {
                            kind: SpeechKind::Confirm,
                            ..
                        }
                    )
            });
            if let (Some(cf), false, true) = (confirm, has_trigger, si > 0) {
                let confirmer = speaker_of(&prepared, cf, last_speaker)
                    .filter(|c| matches!(c, ClaimedBy::Ru | ClaimedBy::Ua));
                for (c, t) in &claims[prev_sentence_claims.0..prev_sentence_claims.1] {
                    if confirmer.is_some_and(|cb| cb != c.claimed_by)
                        && matches!(c.claimed_by, ClaimedBy::Ru | ClaimedBy::Ua)
                        && c.status == Status::Claimed
                    {
                        let mut c = c.clone();
                        c.claimed_by = confirmer.unwrap_or(c.claimed_by);
                        c.status = Status::Confirmed;
                        c.evidence = sentence.to_string();
                        c.span = (s.start, s.end);
                        let mut t = t.clone();
                        t.attribution = Some(format!(
                            "\"{}\" in the next sentence",
                            prepared.words[cf.start..cf.end].join(" ")
                        ));
                        denied.push((c, t));
                    }
                }
            }
            let before = claims.len();
            claims.extend(denied);
            let anaphoric = last_place.is_some()
                && prepared
                    .hits
                    .iter()
                    .any(|h| matches!(h.rule, Rule::Trigger(_)));
            if !prepared.places.is_empty() || anaphoric {
                self.sentence_claims(
                    article,
                    s,
                    sentence,
                    &prepared,
                    mentions,
                    &mut last_speaker,
                    last_place,
                    &mut last_actor,
                    &mut claims,
                );
            } else if let Some(sp) = sentence_speaker(&prepared, last_speaker) {
                last_speaker = Some(sp);
            } else if last_speaker.is_none() {
                // "Ukraine's General Staff issued its update. It said ...": the
                // body that opens the sentence is who "it" will be
                last_speaker = prepared
                    .parties
                    .iter()
                    .find(|pt| pt.0 <= 1)
                    .and_then(|pt| party_claimant(pt.2, None));
            }
            prev_sentence_claims = (before, claims.len());
            if let Some(&(_, _, mi)) = prepared.places.last() {
                last_place = Some(mi);
            }
        }
        dedupe(claims)
    }

    fn prepare<'a>(
        &self,
        sentence: &str,
        folded: &'a Folded,
        offset: usize,
        mentions: &[PlaceMention],
        in_sentence: &[usize],
    ) -> Prepared<'a> {
        let toks = tokens(&folded.text);
        let mut words = Vec::with_capacity(toks.len());
        let mut caps = Vec::with_capacity(toks.len());
        let mut spans = Vec::with_capacity(toks.len());
        for t in &toks {
            words.push(&folded.text[t.start..t.end]);
            let (a, b) = folded.original_span(t.start, t.end, sentence);
            caps.push(sentence[a..].chars().next().is_some_and(char::is_uppercase));
            spans.push((a + offset, b + offset));
        }
        let hits = self.lexicon.scan(&words);
        let token_range = |m: &PlaceMention| {
            let first = spans.iter().position(|&(a, _)| a >= m.start)?;
            // the last token starting inside the mention ("Kurakhove's" runs past it)
            let end = spans.iter().rposition(|&(a, _)| a < m.end)? + 1;
            (end > first).then_some((first, end))
        };
        let mut places = Vec::new();
        let mut parties = Vec::new();
        let mut place_tokens = vec![false; words.len()];
        for &mi in in_sentence {
            let m = &mentions[mi];
            let Some((a, b)) = token_range(m) else {
                continue;
            };
            let side = match m.place.country.as_str() {
                "UA" => Some(PartySide::Ua),
                "RU" => Some(PartySide::Ru),
                _ => None,
            };
            if m.government || m.place.kind == PlaceKind::Country {
                if let Some(side) = side {
                    parties.push((a, b, side));
                }
                if m.government {
                    continue;
                }
            }
            if m.place.kind != PlaceKind::Country {
                places.push((a, b, mi));
                place_tokens[a..b].iter_mut().for_each(|x| *x = true);
            }
        }
        for h in &hits {
            if let Rule::Party(side) = h.rule {
                let overlaps = place_tokens[h.start..h.end].iter().any(|&x| x)
                    || parties.iter().any(|&(a, b, _)| a < h.end && h.start < b);
                if !overlaps {
                    parties.push((h.start, h.end, side));
                }
            }
        }
        parties.sort_by_key(|p| p.0);
        let mut stop_at = vec![false; words.len()];
        let mut trigger_at = vec![None; words.len()];
        for h in &hits {
            match h.rule {
                Rule::Stop => stop_at[h.start] = true,
                // ("the left bank": "left" with no place after it is no verb here)
                Rule::Trigger(t) if t.adjacent && !places.iter().any(|pl| pl.0 == h.end) => {}
                Rule::Trigger(t) => trigger_at[h.start] = Some(t.event),
                _ => {}
            }
        }
        let kinds = places
            .iter()
            .map(|&(_, _, mi)| (mi, mentions[mi].place.kind))
            .collect();
        Prepared {
            kinds,
            stop_at,
            trigger_at,
            words,
            caps,
            hits,
            places,
            parties,
            question: sentence.trim_end().ends_with('?'),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence_claims(
        &self,
        article: &Article,
        s: &Sentence,
        sentence: &str,
        p: &Prepared,
        mentions: &[PlaceMention],
        last_speaker: &mut Option<ClaimedBy>,
        last_place: Option<usize>,
        last_actor: &mut Option<Side>,
        out: &mut Vec<(Claim, Trace)>,
    ) {
        let hedged = p.hits.iter().any(|h| h.rule == Rule::Hedge);
        let this_speaker = sentence_speaker(p, *last_speaker);
        if p.question {
            if let Some(sp) = this_speaker {
                *last_speaker = Some(sp);
            }
            return;
        }
        let first_new = out.len();
        // "found no evidence that ...": nothing after it is asserted
        let no_evidence_from = p
            .hits
            .iter()
            .filter(|h| h.rule == Rule::NoEvidence)
            .map(|h| h.end)
            .min()
            .unwrap_or(usize::MAX);
        for h in &p.hits {
            let Rule::Trigger(mut rule) = h.rule else {
                continue;
            };
            if h.start >= no_evidence_from || self.vetoed(p, h, &rule) {
                continue;
            }
            let passive = is_passive(p, h);
            let (mut objects, mut place_by) = objects_for(p, h, &rule, passive);
            let fallback = place_by == PLACE_BY_ANTECEDENT;
            if objects.is_empty() && attacks_repelled(p, h, &rule) {
                // "attacked near A and B, adding that both assaults were
                // repelled": the places of this sentence's attacks
                for (c, _) in &out[first_new..] {
                    if c.event != Event::Contested {
                        continue;
                    }
                    let mi = p
                        .places
                        .iter()
                        .map(|pl| pl.2)
                        .find(|&mi| mentions[mi].place.place_id == c.place.place_id);
                    if let Some(mi) = mi.filter(|mi| !objects.contains(mi)) {
                        objects.push(mi);
                        place_by = "the places of the attacks it repelled";
                    }
                }
            }
            if objects.is_empty() {
                // "took the town", "it fell": the place named last
                if let Some(mi) = anaphora(p, h, &rule, last_place) {
                    objects.push(mi);
                    place_by = "the place named last (\"it\", \"the town\")";
                }
            }
            if objects.is_empty() {
                // "Ukrainian troops recaptured several villages": no place to
                // map, but the article now tells of Ukrainian gains
                if let Some(side) = actor_of(p, h, &rule, passive, None) {
                    let loser = rule.actor == ActorRole::Loser && !rule.subject;
                    let actor = if loser { side.other() } else { side };
                    *last_actor = Some(gainer(rule.event, actor));
                }
                continue;
            }
            // who speaks for this trigger; a denial anywhere before it wins
            let speech = if rule.claim {
                // "claimed control of X": the phrase is the assertion itself
                None
            } else {
                governing_speech(p, h).map(|sh| denial_of_claim(p, sh))
            };
            let (speaker, speech_kind) = match speech {
                Some(sh) => {
                    let kind = match sh.rule {
                        Rule::Speech { kind, .. } => kind,
                        _ => SpeechKind::Say,
                    };
                    if outside_scope(p, sh, h) {
                        (None, None)
                    } else {
                        (speaker_of(p, sh, *last_speaker), Some(kind))
                    }
                }
                None => (None, None),
            };
            let speaker_side = match speaker {
                Some(ClaimedBy::Ru) => Some(Side::Ru),
                Some(ClaimedBy::Ua) => Some(Side::Ua),
                _ => None,
            };
            // who acted: a denied claim is the other side's
            let denied_by = (speech_kind == Some(SpeechKind::Deny))
                .then_some(speaker_side)
                .flatten();
            // "Moscow denied attacking the town": the denier's own act
            let own_act = denied_by.is_some()
                && rule.actor == ActorRole::Agent
                && p.words[h.start].ends_with("ing")
                && speech.is_some_and(|sh| sh.end == h.start);
            let (mut actor, explicit) =
                match (denied_by, actor_of(p, h, &rule, passive, speaker_side)) {
                    (Some(denier), _) if own_act => (denier, true),
                    (Some(denier), _) if rule.event != Event::Withdrawal => (denier.other(), true),
                    (_, Some(side)) => (side, true),
                    // unnamed units: the speaker's side (the other side when
                    // it admits a loss: "X has fallen, Kyiv conceded"), else
                    // whoever the article last said was acting, else the
                    // event's usual side
                    _ => {
                        let admitted = speech_kind == Some(SpeechKind::Confirm)
                            && matches!(rule.event, Event::Capture | Event::Advance);
                        let side = speaker_side.map(|s| if admitted { s.other() } else { s });
                        // "the liberation of X" with no side named: X's own country
                        let homeland = || {
                            if !p.words[h.start].starts_with("liberat") {
                                return None;
                            }
                            match mentions[objects[0]].place.country.as_str() {
                                "UA" => Some(Side::Ua),
                                "RU" => Some(Side::Ru),
                                _ => None,
                            }
                        };
                        // "X, first captured by Russian troops in 2022 and
                        // liberated that September": back to the side that lost it
                        let w = p.words[h.start];
                        let retaken = || {
                            let back = ["liberat", "recaptur", "retook", "retak", "regain"]
                                .iter()
                                .any(|r| w.starts_with(r));
                            let id = &mentions[objects[0]].place.place_id;
                            out.iter()
                                .rev()
                                .find(|(c, _)| {
                                    back && c.place.place_id == *id && c.event == Event::Capture
                                })
                                .map(|(c, _)| c.actor.other())
                        };
                        (
                            side.or_else(retaken)
                                .or(last_actor.map(|g| gainer(rule.event, g)))
                                .or_else(homeland)
                                .unwrap_or(default_actor(rule.event)),
                            false,
                        )
                    }
                };
            // "Ukrainian troops were pushed out of X" (no agent): the
            // subject's withdrawal
            if passive && rule.displace && explicit && denied_by.is_none() && !by_agent(p, h) {
                rule.event = Event::Withdrawal;
                rule.displace = false;
                actor = actor.other();
            }
            let actor_by = if denied_by.is_some() {
                "the other side of the one who denies it"
            } else if explicit {
                "named in the sentence"
            } else if speaker_side.is_some() {
                "the speaker's side"
            } else if last_actor.is_some() {
                "the side the article last named as acting"
            } else {
                "the usual side for this event"
            };
            if rule.actor == ActorRole::Loser && explicit && !rule.subject && denied_by.is_none() {
                actor = actor.other();
            }
            let failed = failed_attempt(p, h, &rule);
            if let Some((_, true)) = failed {
                // "failed to hold X": the other side took it
                actor = actor.other();
            }
            if explicit {
                let event = failed.map_or(rule.event, |f| f.0);
                *last_actor = Some(gainer(event, actor));
            }
            // fighting needs an identifiable attacker
            if rule.event == Event::Contested && !explicit {
                continue;
            }
            // who claims it
            let claimed_by = if rule.claim {
                ClaimedBy::from(actor)
            } else if let Some(denier) = denied_by {
                // (for the denier's own act too: the other side asserted it)
                // a denial repeats the claim it denies: claimed by the other side
                ClaimedBy::from(denier.other())
            } else {
                match speaker {
                    Some(c) => c,
                    // "..., a military spokesman said": the acting side speaking of itself
                    None if speech.is_some_and(|sh| unnamed_military_source(p, sh))
                        && explicit
                        && !outside_scope_any(p, speech, h) =>
                    {
                        ClaimedBy::from(actor)
                    }
                    None => ClaimedBy::Media,
                }
            };
            let status = status_of(rule, claimed_by, actor, speech_kind, hedged);
            let in_window = time_window(p, h);
            let read_when = |keep: &dyn Fn(usize) -> bool| {
                let idx: Vec<usize> = (0..p.words.len()).filter(|&i| keep(i)).collect();
                let ws: Vec<&str> = idx.iter().map(|&i| p.words[i]).collect();
                let cs: Vec<bool> = idx.iter().map(|&i| p.caps[i]).collect();
                dates::read(&ws, &cs, article.published)
            };
            // the trigger's own clause first ("pushed on this week after
            // taking X last month"), else the whole window
            let clause = clause_of(p, h);
            let own = read_when(&|i| in_window[i] && clause.contains(&i));
            let when = if own.date.is_some() || own.historical {
                own
            } else {
                read_when(&|i| in_window[i])
            };
            // "the battle of Kursk in 1943": not this war
            if when.date.is_some_and(|d| d.year() < 2014) {
                continue;
            }
            let historical_cue = p
                .hits
                .iter()
                .any(|o| o.rule == Rule::Historical && in_window[o.start]);
            let mut confidence: f64 = 0.85;
            if !explicit {
                confidence -= 0.2;
            }
            if fallback {
                confidence -= 0.15;
            }
            if speech.is_some() && speaker.is_none() {
                confidence -= 0.05;
            }
            // "..., but Kyiv denied it": the claim stands as claimed, and as denied
            let later_denial = p
                .hits
                .iter()
                .find(|o| {
                    o.start >= h.end
                        && matches!(
                            o.rule,
                            Rule::Speech {
                                kind: SpeechKind::Deny,
                                ..
                            }
                        )
                })
                .filter(|_| speech_kind != Some(SpeechKind::Deny));
            let mut variants = vec![(claimed_by, status)];
            if let Some(d) = later_denial {
                if let Some(denier) = speaker_of(p, d, *last_speaker).filter(|&c| c != claimed_by) {
                    // "Kyiv said Moscow's announcement that X had been taken was
                    // false": the claim is only reported inside the denial
                    let first_cue = p
                        .hits
                        .iter()
                        .find(|o| matches!(o.rule, Rule::Speech { .. }))
                        .map(|o| o.start);
                    if this_speaker == Some(denier) && first_cue.is_some_and(|a| a < h.start) {
                        variants = vec![(claimed_by, Status::Denied)];
                    } else {
                        variants.push((claimed_by, Status::Denied));
                    }
                }
            }
            // "Moscow's claim to have taken X was confirmed by Ukrainian
            // officials": the other side's confirmation is a second assertion
            let later_confirm = p.hits.iter().find(|o| {
                o.start >= h.end
                    && !negated_cue(p, o)
                    && matches!(
                        o.rule,
                        Rule::Speech {
                            kind: SpeechKind::Confirm,
                            ..
                        }
                    )
            });
            if let (Some(cf), true) = (later_confirm, speech_kind != Some(SpeechKind::Confirm)) {
                if let Some(confirmer) = speaker_of(p, cf, *last_speaker)
                    .filter(|&c| c != claimed_by && matches!(c, ClaimedBy::Ru | ClaimedBy::Ua))
                {
                    variants.push((confirmer, Status::Confirmed));
                }
            }
            for &mi in &objects {
                let m = &mentions[mi];
                let event = match p.places.iter().find(|pl| pl.2 == mi) {
                    _ if failed.is_some() => failed.map_or(rule.event, |f| f.0),
                    Some(&(a, b, _)) if rule.event == Event::Capture && partial(p, (a, b)) => {
                        Event::Advance
                    }
                    // "partially captured X"
                    _ if rule.event == Event::Capture
                        && h.start > 0
                        && matches!(p.words[h.start - 1], "partially" | "partly") =>
                    {
                        Event::Advance
                    }
                    _ => rule.event,
                };
                // a front sector is fought in, not taken or given up:
                // "captured two villages on the Pokrovsk front"
                if m.place.kind == PlaceKind::Sector
                    && matches!(event, Event::Capture | Event::Withdrawal)
                {
                    continue;
                }
                let c = (confidence * m.confidence.max(0.3).sqrt()).clamp(0.05, 0.99);
                for &(claimed_by, status) in &variants {
                    let trace = Trace {
                        trigger: p.words[h.start..h.end].join(" "),
                        lexicon_line: h.line,
                        place_by,
                        actor_by,
                        attribution: speech.map(|sh| {
                            format!(
                                "\"{}\" read as {}",
                                p.words[sh.start..sh.end].join(" "),
                                speaker.map_or("an unnamed source", |c| c.as_str())
                            )
                        }),
                    };
                    out.push((
                        Claim {
                            place: m.place.clone(),
                            event,
                            actor,
                            claimed_by,
                            status,
                            historical: when.historical || historical_cue,
                            date: when.date.or(article.published),
                            published: article.published,
                            article: article.id.clone(),
                            evidence: sentence.to_string(),
                            span: (s.start, s.end),
                            confidence: (c * 100.0).round() / 100.0,
                        },
                        trace,
                    ));
                }
            }
        }
        // one sentence, one place: the most specific event wins. Attack and
        // repulsion give one repelled claim; "retook X in a night assault" one
        // capture; "seized X during the incursion" no advance beside the capture.
        let specific: Vec<(String, Event)> = out[first_new..]
            .iter()
            .map(|(c, _)| (c.place.place_id.clone(), c.event))
            .collect();
        let mut i = first_new;
        while i < out.len() {
            let c = &out[i].0;
            let beaten = specific.iter().any(|(id, e)| {
                *id == c.place.place_id
                    && match c.event {
                        Event::Contested => *e != Event::Contested,
                        Event::Advance => *e == Event::Capture,
                        _ => false,
                    }
            });
            if beaten {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        if let Some(sp) = this_speaker {
            *last_speaker = Some(sp);
        }
    }

    /// Negated, hypothetical or air-war triggers make no claim.
    ///
    /// (See also `failed_attempt`, which turns "failed to take X" into a fight.)
    fn vetoed(&self, p: &Prepared, h: &Hit, rule: &TriggerRule) -> bool {
        // "No Russian unit has yet entered X": the subject is negated
        if p.parties.iter().any(|pt| {
            pt.1 <= h.start
                && h.start - pt.1 <= 4
                && pt.0 > 0
                && p.words[pt.0 - 1] == "no"
                && !(pt.1..h.start).any(|i| p.stop_at[i] || p.words[i] == ",")
        }) {
            return true;
        }
        // "separatists held Horlivka": standing control, unless the sentence
        // tells of an attack ("held X despite relentless assaults")
        // ("failed to hold X", "managed to hold X" are events; "held X while
        // Russian forces captured Y" is a defence)
        if rule.event == Event::Repelled
            && h.end - h.start == 1
            && matches!(p.words[h.start], "held" | "hold" | "holds")
            && !(h.start > 0 && p.words[h.start - 1] == "to")
        {
            let attack = p.trigger_at.iter().enumerate().any(|(i, t)| {
                i != h.start
                    && matches!(t, Some(Event::Contested | Event::Capture | Event::Advance))
            }) || p.words.iter().any(|w| {
                matches!(*w, "despite" | "against" | "pressure" | "onslaught")
                    || w.starts_with("attack")
                    || w.starts_with("assault")
            });
            if !attack {
                return true;
            }
        }
        // "any Russian advance on X", "any withdrawal from X": hypothetical
        let in_party = |i: usize| p.parties.iter().any(|pt| (pt.0..pt.1).contains(&i));
        if (h.start.saturating_sub(3)..h.start)
            .any(|k| p.words[k] == "any" && (k + 1..h.start).all(in_party))
        {
            return true;
        }
        // "footage showed damage in X": no force in the phrase
        if rule.party && !p.parties.iter().any(|pt| pt.0 >= h.start && pt.1 <= h.end) {
            return true;
        }
        for o in &p.hits {
            if o.end > h.start || o.end + NEGATION_REACH.max(MODAL_REACH) < h.start {
                continue;
            }
            let gap = h.start - o.end;
            match o.rule {
                // "did not capture Vuhledar until October" states the capture
                Rule::Negation
                    if gap <= NEGATION_REACH
                        && (h.end..(h.end + 6).min(p.words.len()))
                            .any(|i| p.words[i] == "until") => {}
                Rule::Negation if gap <= NEGATION_REACH => {
                    // "failed to take X" is a fight (see `failed_attempt`)
                    let failed = p.words[o.start] == "failed";
                    if !(failed && (rule.attempt || failed_attempt(p, h, rule).is_some())) {
                        return true;
                    }
                }
                // "may have seized" is a hedged past, not a possibility (but
                // "may have to withdraw" is one, and "would have taken" a
                // counterfactual)
                Rule::Modal
                    if gap <= MODAL_REACH
                        && matches!(p.words[o.start], "may" | "might" | "could")
                        && p.words.get(o.end) == Some(&"have")
                        && p.words.get(o.end + 1) != Some(&"to") => {}
                // "may" the verb, not "May" the month
                Rule::Modal
                    if gap <= MODAL_REACH && !(p.words[o.start] == "may" && p.caps[o.start]) =>
                {
                    return true;
                }
                _ => {}
            }
        }
        // "massing troops to retake Sudzha", "in order to seize X": a purpose;
        // "forced to withdraw", "managed to take" are events
        let base_verb = matches!(
            p.words[h.start],
            "capture"
                | "take"
                | "retake"
                | "seize"
                | "storm"
                | "encircle"
                | "reach"
                | "liberate"
                | "occupy"
                | "recapture"
                | "enter"
                | "advance"
                | "push"
                | "break"
                | "cross"
                | "attack"
                | "assault"
                | "surround"
                | "besiege"
        );
        if base_verb
            && h.start >= 2
            && p.words[h.start - 1] == "to"
            && failed_attempt(p, h, rule).is_none()
            && !rule.attempt
            && !matches!(
                p.words[h.start - 2],
                "forced"
                    | "had"
                    | "managed"
                    | "able"
                    | "began"
                    | "started"
                    | "continued"
                    | "trying"
                    | "tried"
                    | "attempting"
                    | "attempted"
                    | "attempt"
                    | "attempts"
                    | "continue"
                    | "continues"
                    | "moved"
                    | "went"
                    | "rushed"
                    | "appear"
                    | "appears"
                    | "appeared"
                    | "seem"
                    | "seems"
                    | "seemed"
                    | "said"
                    | "claimed"
                    | "claims"
                    | "reported"
            )
            && !matches!(p.words[h.start - 2], "have" | "has")
        {
            return true;
        }
        // "the capture of Pokrovsk would cut ...": a hypothetical
        let nominal = matches!(
            p.words[h.start],
            "capture" | "fall" | "loss" | "liberation" | "seizure" | "occupation" | "withdrawal"
        );
        if nominal
            && p.hits
                .iter()
                .any(|o| o.rule == Rule::Modal && o.start >= h.end && o.start <= h.end + 8)
        {
            return true;
        }
        // "near occupied Melitopol", "the liberated village of": an adjective
        if matches!(
            p.words[h.start],
            "occupied" | "liberated" | "captured" | "seized" | "recaptured"
        ) && h.start > 0
            && matches!(
                p.words[h.start - 1],
                "near"
                    | "in"
                    | "of"
                    | "the"
                    | "a"
                    | "an"
                    | "from"
                    | "to"
                    | "into"
                    | "at"
                    | "around"
                    | "newly"
                    | "recently"
                    | "temporarily"
            )
        {
            return true;
        }
        // "Russia has occupied Crimea since 2014": standing control
        if matches!(
            p.words[h.start],
            "occupied" | "held" | "controlled" | "occupies" | "holds"
        ) && (h.start + 1..(h.end + 6).min(p.words.len())).any(|i| p.words[i] == "since")
            // ("held X against repeated attacks since then" is a defence)
            && !(h.end..(h.end + 6).min(p.words.len())).any(|i| {
                matches!(p.words[i], "against" | "despite")
            })
        {
            return true;
        }
        // residents leaving are no withdrawal
        if rule.event == Event::Withdrawal
            && p.hits.iter().any(|o| {
                o.rule == Rule::Civilian
                    && o.end <= h.start
                    && h.start - o.end <= 6
                    && !p.parties.iter().any(|pt| pt.0 >= o.end && pt.1 <= h.start)
                    && !(o.start > 0 && p.words[o.start - 1].starts_with("evacuat"))
            })
        {
            return true;
        }
        // people or equipment captured ("captured 30 soldiers", prisoners
        // "captured in the Kursk region") is no capture of ground
        if rule.event == Event::Capture && rule.place == PlaceSide::After && !is_passive(p, h) {
            let next = p.words.get(h.end).copied();
            // (only before the first place: "retaken Sudzha, the town Ukrainian
            // troops had held" took a town)
            let first_place = p.places.iter().map(|pl| pl.0).filter(|&a| a >= h.end).min();
            let object_is_people = p.hits.iter().any(|o| {
                o.rule == Rule::Captive
                    && o.start >= h.end
                    && o.start <= h.end + 6
                    && first_place.is_none_or(|a| o.start < a)
            });
            // ("Bakhmut, which Russian forces captured in May 2023": the object is the antecedent)
            let relative = (h.start.saturating_sub(8)..h.start)
                .any(|i| matches!(p.words[i], "which" | "that" | "where"));
            let no_object = matches!(next, Some("in" | "during" | "near" | "at" | "on" | "while"))
                && p.words[h.start].ends_with("ed")
                && !relative;
            if object_is_people || no_object {
                return true;
            }
        }
        // "Russian assault groups", "storm troops": a unit, not a fight
        if rule.event == Event::Contested
            && p.hits
                .iter()
                .any(|o| o.rule == Rule::UnitNoun && o.start == h.end)
        {
            return true;
        }
        // "the Russian-held town", "Russian-occupied Melitopol": an adjective, not an event
        let first = p.words[h.start];
        let participle = matches!(
            first,
            "held" | "occupied" | "controlled" | "taken" | "captured" | "liberated" | "seized"
        );
        if participle
            && h.start > 0
            && matches!(
                p.words[h.start - 1],
                "russian" | "ukrainian" | "kremlin" | "moscow" | "kyiv" | "kiev"
            )
        {
            return true;
        }
        // "has been held by Russian-backed forces since 2014": standing control
        if p.words[h.start] == "held" && p.words.get(h.end) == Some(&"by") {
            return true;
        }
        if rule.ground {
            let lo = h.start.saturating_sub(3);
            let near_air = p.hits.iter().any(|o| {
                o.rule == Rule::Air && o.start >= lo && o.start <= h.end + 1 && o.start != h.start
            });
            let ground = p.words[lo..h.start].contains(&"ground");
            if near_air && !ground {
                return true;
            }
        }
        false
    }
}

/// "failed to take X", "tried to break through near X" are a fight for X;
/// "failed to hold X" is its loss.
/// Returns the event the sentence does state, and whether the actor flips.
fn failed_attempt(p: &Prepared, h: &Hit, rule: &TriggerRule) -> Option<(Event, bool)> {
    let failed = h.start >= 2
        && p.words[h.start - 1] == "to"
        && matches!(
            p.words[h.start - 2],
            "failed"
                | "fail"
                | "fails"
                | "unable"
                | "tried"
                | "trying"
                | "attempted"
                | "attempting"
                | "attempt"
                | "attempts"
        );
    if !failed {
        return None;
    }
    match rule.event {
        Event::Capture | Event::Advance | Event::Contested => Some((Event::Contested, false)),
        Event::Repelled => Some((Event::Capture, true)),
        Event::Withdrawal => None,
    }
}

/// The side that gains by an event done by `actor`: the attacker of a
/// repulsion, the other side of a withdrawal. The article's memory of who
/// is acting is kept as the gaining side, so that "Ukraine's withdrawal from
/// X ... the fall of Y" reads Y's fall as Russia's capture.
fn gainer(event: Event, actor: Side) -> Side {
    match event {
        Event::Withdrawal | Event::Repelled => actor.other(),
        Event::Capture | Event::Advance | Event::Contested => actor,
    }
}

/// "... were pushed out of X by Russian forces": a passive with its agent.
fn by_agent(p: &Prepared, h: &Hit) -> bool {
    (h.end..(h.end + 4).min(p.words.len()))
        .any(|i| p.words[i] == "by" && p.parties.iter().any(|pt| pt.0 > i && pt.0 <= i + 4))
}

fn default_actor(event: Event) -> Side {
    match event {
        Event::Withdrawal | Event::Repelled => Side::Ua,
        Event::Capture | Event::Advance | Event::Contested => Side::Ru,
    }
}

/// "was captured", "has been taken", "liberated by Ukraine": a participle
/// after a form of "be", or directly followed by "by" (a reduced relative).
fn is_passive(p: &Prepared, h: &Hit) -> bool {
    let w = p.words[h.start];
    let participle = w.ends_with("ed")
        || w.ends_with("en")
        || matches!(
            w,
            "taken" | "held" | "lost" | "left" | "fought" | "retaken" | "won" | "retook" | "took"
        );
    if !participle {
        return false;
    }
    if p.words.get(h.end) == Some(&"by") && w != "took" && w != "retook" {
        return true;
    }
    let mut i = h.start;
    while i > 0 {
        i -= 1;
        let w = p.words[i];
        if ADVERBS.contains(&w) {
            continue;
        }
        return BE_AUX.contains(&w);
    }
    false
}

/// Where the auxiliaries and adverbs before token `at` begin: in "Vuhledar
/// has finally fallen" that is "has", so the token before is the subject.
fn verb_group_start(p: &Prepared, at: usize) -> usize {
    let mut i = at;
    while i > 0 && {
        let w = p.words[i - 1];
        ADVERBS.contains(&w) || BE_AUX.contains(&w) || matches!(w, "has" | "had" | "have")
    } {
        i -= 1;
    }
    i
}

/// "Russian troops took the town", "before it fell": the place named last,
/// in this sentence or the one before.
fn anaphora(p: &Prepared, h: &Hit, rule: &TriggerRule, last_place: Option<usize>) -> Option<usize> {
    let is_ref = |i: usize| -> bool {
        match p.words.get(i) {
            Some(&"it") => true,
            Some(&"the") => p
                .words
                .get(i + 1)
                .is_some_and(|w| matches!(*w, "town" | "village" | "city" | "settlement")),
            _ => false,
        }
    };
    let from_the_town =
        rule.event == Event::Withdrawal && p.words.get(h.end) == Some(&"from") && is_ref(h.end + 1);
    // "the city's liberation"
    let possessive = nominal_trigger(p.words[h.start])
        && h.start >= 2
        && p.words[h.start - 2] == "the"
        && matches!(
            p.words[h.start - 1],
            "town's" | "village's" | "city's" | "settlement's"
        );
    // "Russian troops attacked near X. All assaults were repelled."
    let attacks_repelled = p.places.is_empty() && attacks_repelled(p, h, rule);
    let refers = from_the_town
        || possessive
        || attacks_repelled
        || match rule.place {
            PlaceSide::After | PlaceSide::Both
                if is_ref(h.end)
                    || (matches!(
                        p.words.get(h.end),
                        Some(&("in" | "inside" | "near" | "around" | "of"))
                    ) && is_ref(h.end + 1)) =>
            {
                true
            }
            PlaceSide::After => false,
            PlaceSide::Before | PlaceSide::Both => match verb_group_start(p, h.start) {
                0 => false,
                i => {
                    let w = p.words[i - 1];
                    w == "it"
                        || (i >= 2
                            && p.words[i - 2] == "the"
                            && matches!(w, "town" | "village" | "city" | "settlement"))
                }
            },
        };
    if !refers {
        return None;
    }
    // "seized Sloviansk, a city in the north of the Donetsk region; ...
    // retook it": the head noun, not a place inside the apposition
    let asides = appositions(p, h);
    let before = || p.places.iter().rev().filter(|pl| pl.1 <= h.start);
    before()
        .find(|pl| !asides.iter().any(|r| r.contains(&pl.0)))
        .or_else(|| before().next())
        .map(|pl| pl.2)
        .or(last_place)
}

/// "(all) assaults were repelled": a repulsion whose subject is the attacks.
fn attacks_repelled(p: &Prepared, h: &Hit, rule: &TriggerRule) -> bool {
    rule.event == Event::Repelled
        && (verb_group_start(p, h.start).saturating_sub(2)..h.start).any(|i| {
            matches!(
                p.words[i],
                "assaults" | "assault" | "attacks" | "attack" | "attempts" | "attempt"
            )
        })
}

/// Token indices whose time references apply to a trigger: the sentence
/// minus relative clauses and appositions that do not contain it ("...,
/// which Putin declared part of Russia in 2022").
fn time_window(p: &Prepared, h: &Hit) -> Vec<bool> {
    let n = p.words.len();
    let mut excluded = vec![false; n];
    let mut i = 0;
    while i < n {
        let opens = matches!(p.words[i], "which" | "who" | "that" | "where")
            || (p.words[i] == "," && p.words.get(i + 1).is_some_and(|w| matches!(*w, "a" | "an")));
        if opens {
            let close = (i + 1..n).find(|&j| p.words[j] == ",").unwrap_or(n);
            if !(i..close).contains(&h.start) {
                excluded[i..close].iter_mut().for_each(|x| *x = true);
            }
            i = close.max(i + 1);
            continue;
        }
        i += 1;
    }
    for r in appositions(p, h) {
        excluded[r].iter_mut().for_each(|x| *x = true);
    }
    excluded.iter().map(|x| !x).collect()
}

/// The clause holding a trigger: from the clause stop ("after", "while",
/// "but", ";" ...) before it to the next one after it.
fn clause_of(p: &Prepared, h: &Hit) -> std::ops::Range<usize> {
    let stop = |i: usize| p.stop_at[i] || p.words[i] == ";";
    let start = (0..h.start).rev().find(|&i| stop(i)).unwrap_or(0);
    let end = (h.end..p.words.len())
        .find(|&i| stop(i))
        .unwrap_or(p.words.len());
    start..end
}

/// Comma-led appositions and relative clauses (", a village west of X,",
/// ", which ...,") that do not hold the trigger.
fn appositions(p: &Prepared, h: &Hit) -> Vec<std::ops::Range<usize>> {
    let mut out = all_appositions(p);
    out.retain(|r| !r.contains(&h.start));
    out
}

/// Every comma-led apposition of the sentence: ", a village west of X,",
/// ", which ...,", and a participle phrase after a place that the main
/// clause resumes after ("X, first captured in 2022 and liberated that
/// autumn, has fallen again"). Each range runs from the opening comma to
/// the closing one (excluded).
fn all_appositions(p: &Prepared) -> Vec<std::ops::Range<usize>> {
    let n = p.words.len();
    let mut out = Vec::new();
    for i in 0..n {
        if p.words[i] != "," {
            continue;
        }
        let close = (i + 1..n)
            .find(|&j| matches!(p.words[j], "," | ";"))
            .unwrap_or(n);
        let opens = p
            .words
            .get(i + 1)
            .is_some_and(|w| matches!(*w, "a" | "an" | "which" | "who"));
        if opens || participle_phrase(p, i, close) {
            out.push(i..close);
        }
    }
    out
}

/// ", first captured by ... and liberated ...," right after a place, with
/// the main clause's verb after the closing comma.
fn participle_phrase(p: &Prepared, comma: usize, close: usize) -> bool {
    if !p.places.iter().any(|pl| pl.1 == comma) || close + 1 >= p.words.len() {
        return false;
    }
    let mut j = comma + 1;
    while j < close && ADVERBS.contains(&p.words[j]) {
        j += 1;
    }
    let participle = j < close
        && p.trigger_at[j].is_some()
        && (p.words[j].ends_with("ed")
            || matches!(p.words[j], "taken" | "retaken" | "held" | "lost" | "won"));
    let resumes = {
        let w = p.words[close + 1];
        BE_AUX.contains(&w)
            || matches!(w, "has" | "had" | "have")
            || p.trigger_at[close + 1].is_some()
    };
    participle && resumes
}

fn outside_scope_any(p: &Prepared, speech: Option<&Hit>, h: &Hit) -> bool {
    speech.is_some_and(|sh| outside_scope(p, sh, h))
}

/// The kind of place a claimable place of the sentence is.
fn mentions_kind(p: &Prepared, mi: usize) -> Option<PlaceKind> {
    p.kinds.iter().find(|(m, _)| *m == mi).map(|(_, k)| *k)
}

/// Do the tokens between two places join them into one list ("A, B and
/// C", "A as well as B")?
fn is_glue(p: &Prepared, between: std::ops::Range<usize>) -> bool {
    let words: Vec<&str> = between.map(|i| p.words[i]).filter(|w| *w != ",").collect();
    words.iter().all(|w| LIST_GLUE.contains(w)) || words == ["as", "well", "as"]
}

/// Does a new clause or another trigger start at token `at`? For a
/// repulsion, an attack is part of its object ("repelled attacks near X").
fn is_stop(p: &Prepared, at: usize, event: Event) -> bool {
    // ("repelled Ukrainian attempts to advance near X": the attempt too)
    let attempt = at >= 2 && p.words[at - 1] == "to" && p.words[at - 2].starts_with("attempt");
    p.stop_at[at]
        || p.trigger_at[at]
            .is_some_and(|t| !(event == Event::Repelled && (t == Event::Contested || attempt)))
}

/// The places a trigger governs, and whether they were found by fallback.
const PLACE_BY_OBJECT: &str = "object after the trigger";
const PLACE_BY_SUBJECT: &str = "subject before the trigger";
const PLACE_BY_PASSIVE: &str = "subject of the passive";
const PLACE_BY_ANTECEDENT: &str = "antecedent of a relative clause";
const PLACE_BY_FRONTED: &str = "place fronted at the start of the sentence";
const PLACE_BY_POSSESSOR: &str = "possessor before a nominal trigger";
const PLACE_BY_APPOSITION: &str = "the place a participle phrase describes";

/// Nouns of an event that take their place as a possessor ("Kherson's
/// liberation", "the town's capture").
fn nominal_trigger(w: &str) -> bool {
    matches!(
        w,
        "liberation" | "capture" | "fall" | "loss" | "seizure" | "occupation" | "recapture"
    )
}

/// "Near Lyptsi, Ukrainian units repelled several assaults": a locative
/// phrase opening the sentence sets the scene for a trigger without object.
fn fronted(p: &Prepared, h: &Hit) -> Option<usize> {
    if !matches!(
        p.words.first(),
        Some(&("near" | "in" | "around" | "outside" | "at" | "inside"))
    ) {
        return None;
    }
    let &(a, b, mi) = p.places.first()?;
    (a <= 2 && b <= h.start).then_some(mi)
}

/// Parts of a place: taking "the eastern districts of Chasiv Yar" or "Chasiv
/// Yar's eastern district" is an advance into it, not its capture.
const PART_NOUNS: &[&str] = &[
    "part",
    "parts",
    "district",
    "districts",
    "microdistrict",
    "outskirts",
    "half",
    "suburbs",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "quarter",
    "edge",
    "sections",
    "section",
];

fn partial(p: &Prepared, place: (usize, usize)) -> bool {
    let (a, b) = place;
    let part = |i: usize| p.words.get(i).is_some_and(|w| PART_NOUNS.contains(w));
    let of_before = a >= 2 && p.words[a - 1] == "of" && part(a - 2)
        || a >= 3 && p.words[a - 1] == "the" && p.words[a - 2] == "of" && part(a - 3);
    let possessive = p
        .words
        .get(b)
        .is_some_and(|w| *w == "'s" || w.ends_with("'s"))
        || p.words
            .get(b.saturating_sub(1))
            .is_some_and(|w| w.ends_with("'s"));
    of_before || (possessive && (b..b + 3).any(part))
}

/// The places a trigger governs, and how they were found.
fn objects_for(
    p: &Prepared,
    h: &Hit,
    rule: &TriggerRule,
    passive: bool,
) -> (Vec<usize>, &'static str) {
    let by_agent = passive && p.words.get(h.end) == Some(&"by");
    let after = |reach: usize| -> Vec<usize> {
        if by_agent {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut prev_end = h.end;
        for &(a, b, mi) in p.places.iter().filter(|pl| pl.0 >= h.end) {
            let between = prev_end..a;
            if out.is_empty() {
                // "took dozens of villages near X, including Y and Z": the named ones
                let including = counted_places_between(p, h.end, a)
                    && (h.end..a).all(|i| !matches!(p.words[i], "including" | "among"))
                    && p.words[a..].contains(&"including");
                if including {
                    continue;
                }
                if a - h.end > reach && !(h.end..a).any(|i| p.words[i] == "including" && a - i <= 2)
                {
                    break;
                }
                if between
                    .clone()
                    .any(|i| is_stop(p, i, rule.event) || p.words[i] == ";")
                {
                    break;
                }
                if counted_places_between(p, h.end, a)
                    && !(h.end..a).any(|i| matches!(p.words[i], "including" | "among"))
                {
                    break;
                }
                // "gained ground near the village, south of X": the village
                // named before (see `anaphora`), X only locates it
                let the_town = (h.end..a.saturating_sub(1)).any(|i| {
                    p.words[i] == "the"
                        && matches!(p.words[i + 1], "village" | "town" | "city" | "settlement")
                        && p.words.get(i + 2) == Some(&",")
                });
                if the_town {
                    break;
                }
                // "captured a village near X": an unnamed place, X only locates it
                let unnamed = (h.end..a).any(|i| {
                    matches!(
                        p.words[i],
                        "village" | "settlement" | "town" | "hamlet" | "locality"
                    ) && p.words[i.saturating_sub(3)..i]
                        .iter()
                        .any(|w| matches!(*w, "a" | "an" | "another" | "one"))
                });
                if unnamed {
                    break;
                }
            } else if !is_glue(p, between.clone()) {
                break;
            }
            // "liberated the village of Nevelskoye in the Donetsk region" with
            // Nevelskoye unknown: the region only locates the real object
            let region = mentions_kind(p, mi) == Some(PlaceKind::Region);
            if out.is_empty()
                && region
                && (h.end..a)
                    .any(|i| p.caps[i] && !p.parties.iter().any(|pt| (pt.0..pt.1).contains(&i)))
            {
                break;
            }
            // "closer to the border of the Dnipropetrovsk region": the border
            let border = (a.saturating_sub(3)..a)
                .any(|i| matches!(p.words[i], "border" | "borders" | "boundary"));
            if border {
                break;
            }
            out.push(mi);
            prev_end = b;
        }
        out
    };
    // appositions ("Petropavlivka, a village west of Kurakhove, was taken")
    // are transparent when looking back for the subject
    let asides = appositions(p, h);
    let aside = |i: usize| asides.iter().any(|r| r.contains(&i));
    let before = |reach: usize| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut next_start = h.start;
        for &(a, b, mi) in p.places.iter().rev().filter(|pl| pl.1 <= h.start) {
            if out.is_empty() && aside(a) {
                continue;
            }
            let between = b..next_start;
            if out.is_empty() {
                let distance = between.clone().filter(|&i| !aside(i)).count();
                let speech_between = p
                    .hits
                    .iter()
                    .any(|o| matches!(o.rule, Rule::Speech { .. }) && between.contains(&o.start));
                if distance > reach || speech_between || between.clone().any(|i| p.words[i] == ";")
                {
                    break;
                }
            } else if !is_glue(p, between.clone()) {
                break;
            }
            out.push(mi);
            next_start = a;
        }
        out.reverse();
        out
    };
    match rule.place {
        PlaceSide::After => {
            // "were being withdrawn from X" has its place after; "X was captured by" before
            let found = after(if rule.adjacent { 0 } else { OBJECT_REACH });
            if !found.is_empty() {
                return (found, PLACE_BY_OBJECT);
            }
            let at_end = p.words[h.end..]
                .iter()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                <= 2;
            // "Robotyne, which Russia retook in May": the antecedent
            let relative = (h.start.saturating_sub(8)..h.start)
                .any(|i| matches!(p.words[i], "which" | "that" | "where"));
            if let Some(mi) = fronted(p, h) {
                return (vec![mi], PLACE_BY_FRONTED);
            }
            // "X, first captured in 2022 and liberated that autumn, ...": the
            // place the participle phrase hangs on
            if let Some(r) = all_appositions(p)
                .into_iter()
                .find(|r| r.contains(&h.start) && participle_phrase(p, r.start, r.end))
            {
                if let Some(&(_, _, mi)) = p.places.iter().find(|pl| pl.1 == r.start) {
                    return (vec![mi], PLACE_BY_APPOSITION);
                }
            }
            // "Kherson's liberation": the possessor
            if nominal_trigger(p.words[h.start]) {
                if let Some(&(_, _, mi)) = p
                    .places
                    .iter()
                    .find(|pl| pl.1 == h.start && p.words[pl.1 - 1].ends_with("'s"))
                {
                    return (vec![mi], PLACE_BY_POSSESSOR);
                }
            }
            if passive {
                // "Kupiansk was occupied in 2022 and was liberated by ..."
                (before(FALLBACK_REACH), PLACE_BY_PASSIVE)
            } else if (at_end || relative) && !rule.adjacent {
                (before(FALLBACK_REACH), PLACE_BY_ANTECEDENT)
            } else {
                (Vec::new(), PLACE_BY_OBJECT)
            }
        }
        PlaceSide::Before if rule.subject => {
            // the place is the subject: "Vuhledar (has) fallen", "Vuhledar, a
            // bastion that had resisted"; not "the Pokrovsk mine fell"
            let mut i = verb_group_start(p, h.start);
            // "X, first captured in 2022 and liberated that autumn, has fallen"
            if let Some(r) = asides.iter().find(|r| i > 0 && r.end == i - 1) {
                i = r.start;
            }
            let direct = p.places.iter().any(|pl| pl.1 == i);
            let relative = i > 0 && matches!(p.words[i - 1], "that" | "which" | "who");
            if direct || relative {
                (before(SUBJECT_REACH), PLACE_BY_SUBJECT)
            } else {
                (Vec::new(), PLACE_BY_SUBJECT)
            }
        }
        PlaceSide::Before => (before(SUBJECT_REACH), PLACE_BY_SUBJECT),
        PlaceSide::Both => {
            let found = after(OBJECT_REACH - 2);
            if let (true, Some(mi)) = (found.is_empty(), fronted(p, h)) {
                (vec![mi], PLACE_BY_FRONTED)
            } else if found.is_empty() {
                (before(SUBJECT_REACH), PLACE_BY_SUBJECT)
            } else {
                (found, PLACE_BY_OBJECT)
            }
        }
    }
}

/// "repelled assaults near 15 settlements in the Donetsk region": a counted,
/// unnamed set of places stands between the trigger and the place.
fn counted_places_between(p: &Prepared, from: usize, to: usize) -> bool {
    p.hits.iter().any(|o| {
        o.rule == Rule::CountNoun && o.start > from && o.start < to && {
            // "15 villages", "several villages", "dozens of villages"
            let before = p.words[o.start - 1];
            let quantified =
                |w: &str| w.starts_with(|c: char| c.is_ascii_digit()) || QUANTIFIERS.contains(&w);
            quantified(before) || before == "of" && o.start >= 2 && quantified(p.words[o.start - 2])
        }
    })
}

/// Single-word parties that name a fighting force on their own.
const STRONG_SINGLE: &[&str] = &[
    "occupiers",
    "invaders",
    "wagner",
    "akhmat",
    "afu",
    "zsu",
    "defenders",
    "enemy",
    "russians",
    "ukrainians",
    "separatists",
    "azov",
    "battlegroup",
];

/// The side that performed a trigger's event, if the sentence names it.
/// Preference: a party inside the trigger ("raised the Russian flag",
/// "collapse of Ukrainian defences"); for a place-subject trigger only "to/by
/// X" after it; for a passive "by X"; a party right before the trigger
/// ("Kyiv's incursion"); the nearest fighting force before; any party
/// before; a party after ("the capture of X by Russian troops").
fn actor_of(
    p: &Prepared,
    h: &Hit,
    rule: &TriggerRule,
    passive: bool,
    speaker: Option<Side>,
) -> Option<Side> {
    let resolve = |side: PartySide| -> Option<Side> {
        match side {
            PartySide::Ru => Some(Side::Ru),
            PartySide::Ua => Some(Side::Ua),
            PartySide::Third => None,
            PartySide::SpeakerSelf => speaker,
            PartySide::Enemy => speaker.map(Side::other),
        }
    };
    let strong =
        |pt: &(usize, usize, PartySide)| pt.1 - pt.0 >= 2 || STRONG_SINGLE.contains(&p.words[pt.0]);
    let inside = p
        .parties
        .iter()
        .filter(|pt| pt.0 >= h.start && pt.1 <= h.end)
        .find_map(|pt| resolve(pt.2));
    if let Some(side) = inside {
        // "pushed Russian troops out of X": the party inside was driven out
        return Some(if rule.displace { side.other() } else { side });
    }
    let after_by = |words: &[&str]| -> Option<Side> {
        // "fell to Moscow's troops": the trigger itself may end in the preposition
        let ends_in = h.end > 0 && words.contains(&p.words[h.end - 1]);
        if ends_in {
            if let Some(side) = p
                .parties
                .iter()
                .filter(|pt| pt.0 >= h.end && pt.0 <= h.end + 2)
                .find_map(|pt| resolve(pt.2))
            {
                return Some(side);
            }
        }
        let by = (h.end..(h.end + 3).min(p.words.len())).find(|&i| words.contains(&p.words[i]))?;
        p.parties
            .iter()
            .filter(|pt| pt.0 > by && pt.0 <= by + 4)
            .find_map(|pt| resolve(pt.2))
    };
    if rule.subject {
        let named = after_by(&["to", "by"])?;
        return Some(if rule.event == Event::Repelled {
            named.other()
        } else {
            named
        });
    }
    // a party that speaks ("Russian military bloggers reported that ...")
    // is not the one that acts
    // ("Ukraine acknowledged the loss of X": for a loss the speaker is the loser)
    let speaks = |pt: &(usize, usize, PartySide)| {
        rule.actor == ActorRole::Agent
            && p.hits.iter().any(|o| {
                matches!(
                    o.rule,
                    Rule::Speech {
                        speaker_after: false,
                        ..
                    }
                ) && o.start >= pt.1
                    && o.start - pt.1 <= 3
                    && o.start < h.start
            })
    };
    if passive {
        if let Some(side) = after_by(&["by"]) {
            return Some(side);
        }
        // "the enemy ... was repelled", "Ukrainian troops were pushed out of
        // X": the subject is the attacker, or the one driven out
        if rule.event == Event::Repelled || rule.displace {
            return p
                .parties
                .iter()
                .rev()
                .filter(|pt| pt.1 <= h.start && h.start - pt.1 <= ACTOR_REACH_BEFORE && !speaks(pt))
                .find_map(|pt| resolve(pt.2))
                .map(Side::other);
        }
    }
    // "Russia says it has retaken X": a pronoun subject is the speaker
    let i = verb_group_start(p, h.start);
    if i > 0 && matches!(p.words[i - 1], "it" | "they" | "we") {
        if let Some(side) = speaker {
            return Some(side);
        }
    }
    // "captured by Russian troops in 2022 and liberated that September":
    // the agent of an earlier passive is not the subject of a later verb
    let agent_of_other = |pt: &(usize, usize, PartySide)| {
        pt.0 > 0
            && p.words[pt.0 - 1] == "by"
            && p.hits.iter().any(|o| {
                matches!(o.rule, Rule::Trigger(_))
                    && o.start != h.start
                    && o.end < pt.0
                    && pt.0 - o.end <= 3
            })
    };
    // "Russian troops seize X as pressure on Y grows": a fight named by a
    // noun in another clause is not the subject's
    let other_clause = |pt: &(usize, usize, PartySide)| {
        rule.event == Event::Contested
            && !p.words[h.start].ends_with("ed")
            && !p.words[h.start].ends_with("ing")
            && (pt.1..h.start).any(|i| {
                p.stop_at[i]
                    && matches!(
                        p.words[i],
                        "as" | "while" | "whereas" | "but" | "when" | "because" | ";"
                    )
            })
    };
    let before: Vec<&(usize, usize, PartySide)> = p
        .parties
        .iter()
        .filter(|pt| pt.1 <= h.start && h.start - pt.1 <= ACTOR_REACH_BEFORE && !speaks(pt))
        .filter(|pt| !agent_of_other(pt) && !other_clause(pt))
        .collect();
    if let Some(side) = before
        .iter()
        .rev()
        .filter(|pt| h.start - pt.1 <= 2)
        .find_map(|pt| resolve(pt.2))
    {
        return Some(side);
    }
    if let Some(side) = before
        .iter()
        .rev()
        .filter(|pt| strong(pt))
        .find_map(|pt| resolve(pt.2))
    {
        return Some(side);
    }
    if let Some(side) = before.iter().rev().find_map(|pt| resolve(pt.2)) {
        return Some(side);
    }
    // after a nominal trigger only "by X", "for X", "of X" name its actor
    // ("the capture of Selydove by Russian troops")
    let after: Vec<&(usize, usize, PartySide)> = p
        .parties
        .iter()
        .filter(|pt| pt.0 >= h.end && pt.0 - h.end <= ACTOR_REACH_AFTER)
        // ("... was confirmed by Ukrainian officials": a speaker, not the actor)
        .filter(|pt| {
            !p.hits.iter().any(|o| {
                matches!(
                    o.rule,
                    Rule::Speech {
                        speaker_after: true,
                        ..
                    }
                ) && o.end <= pt.0
                    && pt.0 - o.end <= 1
            })
        })
        .filter(|pt| {
            pt.0 > 0
                && match p.words[pt.0 - 1] {
                    // after a verb, "by X" is someone else's act ("repelled attempts by")
                    "by" => !p.words[h.start].ends_with("ed"),
                    w => matches!(w, "for" | "of" | "as" | "while" | "when" | "where"),
                }
        })
        .collect();
    after
        .iter()
        .filter(|pt| strong(pt))
        .find_map(|pt| resolve(pt.2))
        .or_else(|| after.iter().find_map(|pt| resolve(pt.2)))
}

/// "a military spokesman said", "officers said": a source of the fighting
/// side that the sentence does not name.
fn unnamed_military_source(p: &Prepared, sh: &Hit) -> bool {
    p.words[sh.start.saturating_sub(4)..sh.start]
        .iter()
        .any(|w| {
            matches!(
                *w,
                "spokesman"
                    | "spokeswoman"
                    | "spokesperson"
                    | "officer"
                    | "officers"
                    | "commander"
                    | "commanders"
                    | "official"
                    | "officials"
                    | "military"
                    | "army"
                    | "source"
                    | "sources"
                    | "brigade"
                    | "battalion"
            )
        })
}

/// "has not confirmed", "never acknowledged": a cue that says the opposite.
fn negated_cue(p: &Prepared, o: &Hit) -> bool {
    p.words[o.start.saturating_sub(3)..o.start].iter().any(|w| {
        matches!(
            *w,
            "not" | "never" | "nor" | "neither" | "yet" | "hasn't" | "haven't" | "didn't" | "no"
        )
    })
}

/// "rejected Russian claims that X had fallen": a claim cue right after a
/// denial is what is denied, so the denial governs.
fn denial_of_claim<'h>(p: &'h Prepared, sh: &'h Hit) -> &'h Hit {
    if !matches!(
        sh.rule,
        Rule::Speech {
            kind: SpeechKind::Claim | SpeechKind::Say,
            ..
        }
    ) {
        return sh;
    }
    // of the neutral cues only the nouns: "dismissed ... reports of", not
    // "denied losing X and said"
    if matches!(
        sh.rule,
        Rule::Speech {
            kind: SpeechKind::Say,
            ..
        }
    ) && !matches!(p.words[sh.start], "reports" | "report")
    {
        return sh;
    }
    p.hits
        .iter()
        .rfind(|o| {
            matches!(
                o.rule,
                Rule::Speech {
                    kind: SpeechKind::Deny,
                    ..
                }
            ) && o.end <= sh.start
                && sh.start - o.end <= 4
                && !(o.start.saturating_sub(2)..o.start)
                    .any(|i| matches!(p.words[i], "nor" | "not" | "neither" | "never"))
        })
        .unwrap_or(sh)
}

/// The speech cue that governs a trigger: the nearest before it, else the
/// nearest after it. Cues inside the trigger itself do not count.
fn governing_speech<'h>(p: &'h Prepared, h: &Hit) -> Option<&'h Hit> {
    // "despite Russian claims" is no attribution
    // "no confirmed changes", "marginal confirmed gains": an adjective
    let adjective = |o: &Hit| {
        o.start > 0
            && matches!(
                p.words[o.start - 1],
                "no" | "any" | "not" | "marginal" | "first"
            )
    };
    // "neither confirmed nor denied", "are said to have": no attribution
    // ("was first reported by X" does attribute it)
    let negated = |o: &Hit| {
        let by = matches!(
            o.rule,
            Rule::Speech {
                speaker_after: true,
                ..
            }
        );
        p.words[o.start.saturating_sub(2)..o.start].iter().any(|w| {
            matches!(*w, "nor" | "not" | "neither" | "never")
                || (!by && matches!(*w, "are" | "is" | "were" | "was"))
        })
    };
    let is_speech = |o: &&Hit| {
        matches!(o.rule, Rule::Speech { .. })
            && !adjective(o)
            && !negated(o)
            && (o.end <= h.start || o.start >= h.end)
            && !(o.start.saturating_sub(2)..o.start)
                .any(|i| matches!(p.words[i], "despite" | "amid"))
    };
    p.hits
        .iter()
        .filter(is_speech)
        .rfind(|o| o.end <= h.start)
        .or_else(|| p.hits.iter().filter(is_speech).find(|o| o.start >= h.end))
}

/// A trigger in an apposition or relative clause after the reported
/// speech ("..., a bastion that had resisted ...") is the outlet's own
/// statement.
fn outside_scope(p: &Prepared, speech: &Hit, h: &Hit) -> bool {
    if speech.start >= h.end {
        // "X, first captured in 2022, has fallen again, according to ISW":
        // the aside is the outlet's
        return all_appositions(p)
            .iter()
            .any(|r| r.contains(&h.start) && r.end <= speech.start);
    }
    if speech.end > h.start {
        return false;
    }
    (speech.end..h.start).any(|i| {
        p.words[i] == ","
            && p.words
                .get(i + 1)
                .is_some_and(|w| matches!(*w, "a" | "an" | "where" | "which"))
    })
}

fn party_claimant(side: PartySide, previous: Option<ClaimedBy>) -> Option<ClaimedBy> {
    match side {
        PartySide::Ru => Some(ClaimedBy::Ru),
        PartySide::Ua => Some(ClaimedBy::Ua),
        PartySide::Third => Some(ClaimedBy::Third),
        PartySide::SpeakerSelf | PartySide::Enemy => previous,
    }
}

/// Who a speech cue attributes the statement to.
fn speaker_of(p: &Prepared, sh: &Hit, previous: Option<ClaimedBy>) -> Option<ClaimedBy> {
    let speaker_after = matches!(
        sh.rule,
        Rule::Speech {
            speaker_after: true,
            ..
        }
    );
    // "his spokesman said", "its press service reported": the sentence's subject
    let lo = sh.start.saturating_sub(4);
    if p.words[lo..sh.start]
        .iter()
        .any(|w| matches!(*w, "his" | "her" | "its" | "their"))
    {
        if let Some(c) = p
            .parties
            .iter()
            .filter(|pt| pt.1 <= sh.start)
            .find_map(|pt| party_claimant(pt.2, previous))
        {
            return Some(c);
        }
    }
    if speaker_after {
        return p
            .parties
            .iter()
            .filter(|pt| pt.0 >= sh.end && pt.0 - sh.end <= 6)
            .find_map(|pt| party_claimant(pt.2, previous));
    }
    // the subject right before the verb: "the Russian Defence Ministry said"
    if let Some(c) = p
        .parties
        .iter()
        .rev()
        .filter(|pt| pt.1 <= sh.start && sh.start - pt.1 <= 5)
        // ("despite Russian assaults, the brigade said": another clause)
        // (but "DeepState, a Ukrainian project, said": an apposition)
        .filter(|pt| {
            p.words[pt.1..sh.start]
                .iter()
                .rposition(|w| *w == ",")
                .is_none_or(|c| pt.1 + c + 1 >= sh.start)
        })
        .find_map(|pt| party_claimant(pt.2, previous))
    {
        return Some(c);
    }
    // "..., said the General Staff": only where the verb closes a clause
    let clause_final = sh.start > 0 && matches!(p.words[sh.start - 1], "," | "\"" | "\u{201d}");
    if let Some(c) = clause_final.then_some(()).and_then(|_| {
        p.parties
            .iter()
            .filter(|pt| pt.0 >= sh.end && pt.0 - sh.end <= 3)
            .find_map(|pt| party_claimant(pt.2, previous))
    }) {
        return Some(c);
    }
    // a pronoun subject: the previous speaker
    let lo = sh.start.saturating_sub(3);
    if p.words[lo..sh.start].iter().any(|w| PRONOUNS.contains(w)) && previous.is_some() {
        return previous;
    }
    // the sentence's subject far before the verb
    p.parties
        .iter()
        .filter(|pt| pt.1 <= sh.start && sh.start - pt.1 <= 25)
        .find_map(|pt| party_claimant(pt.2, previous))
}

/// The speaker of a sentence, remembered for "he said" in the next one.
fn sentence_speaker(p: &Prepared, previous: Option<ClaimedBy>) -> Option<ClaimedBy> {
    let sh = p
        .hits
        .iter()
        .find(|h| matches!(h.rule, Rule::Speech { .. }))?;
    speaker_of(p, sh, previous)
}

fn status_of(
    rule: TriggerRule,
    claimed_by: ClaimedBy,
    actor: Side,
    speech: Option<SpeechKind>,
    hedged: bool,
) -> Status {
    match speech {
        Some(SpeechKind::Deny) => return Status::Denied,
        Some(SpeechKind::Confirm) => return Status::Confirmed,
        _ => {}
    }
    if hedged || speech == Some(SpeechKind::Claim) || rule.claim {
        return Status::Claimed;
    }
    let own_side = match claimed_by {
        ClaimedBy::Media => return Status::Confirmed,
        ClaimedBy::Third => return Status::Claimed,
        ClaimedBy::Ru => Side::Ru,
        ClaimedBy::Ua => Side::Ua,
    };
    let own = own_side == actor;
    match (rule.event, own) {
        // a side reporting its own retreat, or its enemy's gains, admits a loss
        (Event::Withdrawal, true) => Status::Confirmed,
        (Event::Capture | Event::Advance | Event::Contested, false) => Status::Confirmed,
        _ => Status::Claimed,
    }
}

/// One claim per (place, event, actor, claimed_by, status, historical) in an
/// article: a repeated headline or paragraph is the same assertion.
fn dedupe(claims: Vec<(Claim, Trace)>) -> Vec<(Claim, Trace)> {
    let mut out: Vec<(Claim, Trace)> = Vec::with_capacity(claims.len());
    let mut seen: std::collections::HashMap<(String, Event, Side, ClaimedBy, Status, bool), usize> =
        std::collections::HashMap::new();
    for (c, t) in claims {
        let key = (
            c.place.place_id.clone(),
            c.event,
            c.actor,
            c.claimed_by,
            c.status,
            c.historical,
        );
        match seen.get(&key) {
            Some(&i) => {
                if c.confidence > out[i].0.confidence {
                    out[i] = (c, t);
                }
            }
            None => {
                seen.insert(key, out.len());
                out.push((c, t));
            }
        }
    }
    out
}
