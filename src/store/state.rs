//! Deciding a place's state as of a date from every claim about it.
//!
//! Claims are first grouped into *events*: the claims about the same place,
//! event and actor whose dates lie within [`SAME_EVENT_DAYS`] of the first.
//! Ten outlets reporting one capture are one event with ten sources. Then,
//! per place, the events dated on or before the snapshot decide (the rules
//! are in ARCHITECTURE.md, "Deciding a place's state", and in [`decide`]).
//!
//! Everything here is a pure function of compact [`Fact`]s, so the same code
//! serves an in-memory run and a store of a million claims.

use chrono::{Datelike, NaiveDate};

use crate::model::{Claim, ClaimedBy, Controller, Event, PlaceRef, PlaceState, Side, Status};

/// Claims of the same place, event and actor at most this many days after
/// the first of them report the same event.
pub const SAME_EVENT_DAYS: i64 = 3;

/// Opposite control claims at most this many days apart, neither confirmed,
/// leave a place contested.
pub const CONTEST_WINDOW_DAYS: i64 = 7;

/// One claim, reduced to what deciding a state needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fact {
    /// Index into the caller's place table.
    pub place: u32,
    pub event: Event,
    pub actor: Side,
    pub claimed_by: ClaimedBy,
    pub status: Status,
    pub historical: bool,
    /// The event's date, else the article's published date.
    pub day: Option<NaiveDate>,
    /// Identifies the article (distinct articles are distinct sources).
    pub article: u32,
    /// Identifies the outlet (`source` of the article; the article when unknown).
    pub outlet: u32,
    pub confidence: f32,
}

impl Fact {
    /// Who holds the place after this event, by what the claim says.
    pub fn controller_after(&self) -> Controller {
        match self.event {
            Event::Capture | Event::Repelled => self.actor.into(),
            Event::Withdrawal => self.actor.other().into(),
            Event::Advance | Event::Contested => Controller::Contested,
        }
    }

    fn decisive(&self) -> bool {
        matches!(
            self.event,
            Event::Capture | Event::Withdrawal | Event::Repelled
        )
    }
}

/// One event: the facts that report it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventGroup {
    pub place: u32,
    pub event: Event,
    pub actor: Side,
    /// The earliest and latest dates its reports give.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Confirmed if any report confirms it, else denied if any says the
    /// other side denies it, else claimed.
    pub status: Status,
    pub historical: bool,
    /// Indices of the member facts, in input order.
    pub members: Vec<usize>,
    /// Distinct articles and outlets reporting it.
    pub articles: usize,
    pub outlets: usize,
    /// Corroborated confidence: 1 - Π(1 - c) over its distinct articles,
    /// capped at 0.99.
    pub confidence: f64,
}

impl EventGroup {
    fn controller_after(&self, facts: &[Fact]) -> Controller {
        facts[self.members[0]].controller_after()
    }

    fn decisive(&self, facts: &[Fact]) -> bool {
        facts[self.members[0]].decisive()
    }

    /// Past fighting ("the failed assault on Kyiv in 2022") says nothing
    /// about who holds a place now; a past capture still does.
    fn counts(&self) -> bool {
        self.status != Status::Denied
            && !(self.historical && matches!(self.event, Event::Advance | Event::Contested))
    }
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Claimed => 0,
        Status::Denied => 1,
        Status::Confirmed => 2,
    }
}

fn weight(s: Status) -> u8 {
    match s {
        Status::Confirmed => 2,
        Status::Claimed => 1,
        Status::Denied => 0,
    }
}

/// Group facts into events. `day_of` gives the date a fact counts at
/// (undated facts count as of the snapshot). The groups come out sorted by
/// place, then date.
pub fn group_events(facts: &[Fact], undated: Option<NaiveDate>) -> Vec<EventGroup> {
    let day = |f: &Fact| f.day.or(undated);
    // sort by one packed key (place, event, actor, historical, date), then
    // input order: a million facts sort in tens of milliseconds
    let mut keyed: Vec<(u64, u32)> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let d = day(f).map_or(0, |d| d.num_days_from_ce().max(0) as u64 + 1);
            let key = (u64::from(f.place) << 40)
                | ((f.event as u64) << 37)
                | ((f.actor as u64) << 36)
                | ((f.historical as u64) << 35)
                | d.min((1 << 35) - 1);
            (key, i as u32)
        })
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i as usize).collect();
    let mut groups: Vec<EventGroup> = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let head = &facts[order[start]];
        let first = day(head);
        let mut end = start + 1;
        while end < order.len() {
            let f = &facts[order[end]];
            let same = f.place == head.place
                && f.event == head.event
                && f.actor == head.actor
                && f.historical == head.historical
                && match (first, day(f)) {
                    (Some(a), Some(b)) => (b - a).num_days() <= SAME_EVENT_DAYS,
                    (None, None) => true,
                    _ => false,
                };
            if !same {
                break;
            }
            end += 1;
        }
        let mut members: Vec<usize> = order[start..end].to_vec();
        members.sort_unstable();
        groups.push(summarise(facts, members, first, day));
        start = end;
    }
    groups.sort_by(|a, b| a.place.cmp(&b.place).then(a.first.cmp(&b.first)));
    groups
}

fn summarise(
    facts: &[Fact],
    members: Vec<usize>,
    first: Option<NaiveDate>,
    day: impl Fn(&Fact) -> Option<NaiveDate>,
) -> EventGroup {
    let head = &facts[members[0]];
    let mut status = Status::Claimed;
    let mut last = first;
    // the strongest report per article, then corroboration across articles
    let mut per_article: Vec<(u32, f32)> = Vec::with_capacity(members.len());
    let mut outlets: Vec<u32> = Vec::with_capacity(members.len());
    for &i in &members {
        let f = &facts[i];
        if status_rank(f.status) > status_rank(status) {
            status = f.status;
        }
        last = last.max(day(f));
        match per_article.iter_mut().find(|(a, _)| *a == f.article) {
            Some((_, c)) => *c = c.max(f.confidence),
            None => per_article.push((f.article, f.confidence)),
        }
        if !outlets.contains(&f.outlet) {
            outlets.push(f.outlet);
        }
    }
    let doubt: f64 = per_article
        .iter()
        .map(|&(_, c)| 1.0 - f64::from(c).clamp(0.0, 1.0))
        .product();
    EventGroup {
        place: head.place,
        event: head.event,
        actor: head.actor,
        first,
        last,
        status,
        historical: head.historical,
        articles: per_article.len(),
        outlets: outlets.len(),
        confidence: (1.0 - doubt).min(0.99),
        members,
    }
}

/// What decided a place's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub controller: Controller,
    /// The deciding event (for `contested` by opposite claims: the later one).
    pub event: Option<usize>,
    pub since: Option<NaiveDate>,
    pub confidence: f64,
}

/// Decide one place's controller from its events (all dated on or before
/// the snapshot), in this order:
///
/// 1. Denied events and past fighting do not count.
/// 2. The latest event leads (same date: a control change beats fighting,
///    then confirmed beats claimed, then the more confident).
/// 3. Events within [`CONTEST_WINDOW_DAYS`] before it that hand the place to
///    the other side challenge it: if neither the leader nor a challenger is
///    confirmed, the place is `contested`; a confirmed challenger beats an
///    unconfirmed leader (a confirmed claim outweighs a claimed one); a
///    confirmed leader beats unconfirmed challengers, and of two confirmed
///    the later wins.
/// 4. Otherwise the later claim wins: the leader's controller holds.
pub fn decide(events: &[&EventGroup], facts: &[Fact], undated: Option<NaiveDate>) -> Decision {
    let counting: Vec<usize> = (0..events.len()).filter(|&i| events[i].counts()).collect();
    let key = |i: usize| {
        let e = events[i];
        (
            e.last.or(undated),
            e.decisive(facts),
            weight(e.status),
            (e.confidence * 1e6) as i64,
        )
    };
    let Some(&lead) = counting.iter().max_by_key(|&&i| key(i)) else {
        return Decision {
            controller: Controller::Unknown,
            event: None,
            since: None,
            confidence: 0.0,
        };
    };
    let leader = events[lead];
    let pick = |i: usize| Decision {
        controller: events[i].controller_after(facts),
        event: Some(i),
        since: events[i].last.or(undated),
        confidence: events[i].confidence,
    };
    let Some(side) = leader.controller_after(facts).side() else {
        return pick(lead);
    };
    let lead_day = leader.last.or(undated);
    let challengers: Vec<usize> = counting
        .iter()
        .copied()
        .filter(|&i| i != lead)
        .filter(|&i| events[i].controller_after(facts) == Controller::from(side.other()))
        .filter(|&i| match (lead_day, events[i].last.or(undated)) {
            (Some(l), Some(d)) => (l - d).num_days() <= CONTEST_WINDOW_DAYS,
            _ => true,
        })
        .collect();
    if challengers.is_empty() {
        return pick(lead);
    }
    if leader.status == Status::Confirmed {
        return pick(lead);
    }
    if let Some(&c) = challengers
        .iter()
        .filter(|&&i| events[i].status == Status::Confirmed)
        .max_by_key(|&&i| key(i))
    {
        return pick(c);
    }
    let doubt = challengers
        .iter()
        .map(|&i| events[i].confidence)
        .fold(leader.confidence, f64::min);
    Decision {
        controller: Controller::Contested,
        event: Some(lead),
        since: lead_day,
        confidence: doubt,
    }
}

/// Every place's state as of `as_of` from facts. `places[f.place]` is each
/// fact's place; facts dated after `as_of` are ignored, undated ones count
/// as of the snapshot.
pub fn states(places: &[PlaceRef], facts: &[Fact], as_of: Option<NaiveDate>) -> Vec<PlaceState> {
    states_with_events(places, facts, as_of).0
}

/// [`states`], and the events the visible facts form (their `members`
/// index `facts`), for writers that show each claim's corroboration.
pub fn states_with_events(
    places: &[PlaceRef],
    facts: &[Fact],
    as_of: Option<NaiveDate>,
) -> (Vec<PlaceState>, Vec<EventGroup>) {
    let mut original = Vec::with_capacity(facts.len());
    let mut visible = Vec::with_capacity(facts.len());
    for (i, f) in facts.iter().enumerate() {
        let shown = match (f.day, as_of) {
            (Some(d), Some(a)) => d <= a,
            _ => true,
        };
        if shown {
            original.push(i);
            visible.push(*f);
        }
    }
    let mut groups = group_events(&visible, as_of);
    let mut out = Vec::new();
    let mut start = 0;
    while start < groups.len() {
        let place = groups[start].place;
        let end = start
            + groups[start..]
                .iter()
                .take_while(|g| g.place == place)
                .count();
        let mine: Vec<&EventGroup> = groups[start..end].iter().collect();
        out.push(state_of(&places[place as usize], &mine, &visible, as_of));
        start = end;
    }
    for g in &mut groups {
        for m in &mut g.members {
            *m = original[*m];
        }
    }
    (out, groups)
}

fn state_of(
    place: &PlaceRef,
    events: &[&EventGroup],
    facts: &[Fact],
    as_of: Option<NaiveDate>,
) -> PlaceState {
    let d = decide(events, facts, as_of);
    let mut articles: Vec<u32> = Vec::new();
    let mut outlets: Vec<u32> = Vec::new();
    let mut claims = 0;
    for e in events {
        for &i in &e.members {
            claims += 1;
            articles.push(facts[i].article);
            outlets.push(facts[i].outlet);
        }
    }
    articles.sort_unstable();
    articles.dedup();
    outlets.sort_unstable();
    outlets.dedup();
    let shown = d
        .event
        .map(|i| events[i])
        .or_else(|| events.iter().copied().max_by_key(|e| e.last.or(as_of)));
    let (last_event, status) = match (shown, d.controller) {
        (Some(e), Controller::Contested) if e.decisive(facts) => {
            (Event::Contested, Status::Claimed)
        }
        (Some(e), _) => (e.event, e.status),
        (None, _) => (Event::Contested, Status::Claimed),
    };
    PlaceState {
        place: place.clone(),
        controller: d.controller,
        since: d.since,
        last_event,
        status,
        claims,
        sources: articles.len(),
        outlets: outlets.len(),
        events: events.len(),
        confidence: d.confidence,
        as_of,
    }
}

/// Place states from in-memory claims (one run's, or a test's): places are
/// told apart by id, sources by article id.
pub fn states_as_of(claims: &[Claim], as_of: Option<NaiveDate>) -> Vec<PlaceState> {
    let (places, facts) = facts_of(claims);
    states(&places, &facts, as_of)
}

/// Intern places and articles of in-memory claims into facts (each article
/// its own outlet).
pub fn facts_of(claims: &[Claim]) -> (Vec<PlaceRef>, Vec<Fact>) {
    facts_with_outlets(claims.iter().map(|c| (c, None)))
}

/// Numbers for [`Fact::outlet`]: outlets are counted down from `u32::MAX`,
/// apart from article numbers, and an article without an outlet is its own.
#[derive(Debug, Default)]
pub struct OutletIds(std::collections::HashMap<Box<str>, u32>);

impl OutletIds {
    pub fn id(&mut self, outlet: Option<&str>, article: u32) -> u32 {
        let Some(o) = outlet else { return article };
        if let Some(&id) = self.0.get(o) {
            return id;
        }
        let id = u32::MAX - self.0.len() as u32;
        self.0.insert(o.into(), id);
        id
    }
}

/// Intern places, articles and outlets of claims into facts; a claim whose
/// outlet is `None` counts its article as its outlet.
pub fn facts_with_outlets<'a>(
    claims: impl IntoIterator<Item = (&'a Claim, Option<&'a str>)>,
) -> (Vec<PlaceRef>, Vec<Fact>) {
    use std::collections::HashMap;
    let mut place_ix: HashMap<&str, u32> = HashMap::new();
    let mut article_ix: HashMap<&str, u32> = HashMap::new();
    let mut outlets = OutletIds::default();
    let mut places = Vec::new();
    let mut facts = Vec::new();
    for (c, outlet) in claims {
        let next = place_ix.len() as u32;
        let place = *place_ix
            .entry(c.place.place_id.as_str())
            .or_insert_with(|| {
                places.push(c.place.clone());
                next
            });
        let next = article_ix.len() as u32;
        let article = *article_ix.entry(c.article.as_str()).or_insert(next);
        let outlet = outlets.id(outlet, article);
        facts.push(Fact {
            place,
            event: c.event,
            actor: c.actor,
            claimed_by: c.claimed_by,
            status: c.status,
            historical: c.historical,
            day: c.date.or(c.published),
            article,
            outlet,
            confidence: c.confidence as f32,
        });
    }
    (places, facts)
}
