//! The store: claims across bundles and runs, and each place's state as of
//! a date.
//!
//! [`db`] keeps articles, mentions, claims and places in one SQLite file
//! (versioned migrations, one transaction per bundle, content-hash
//! deduplication); [`state`] decides who holds a place as of a date from the
//! claims about it. Neither reads articles nor draws.

pub mod db;
pub mod state;

pub use db::{Store, StoreError};
pub use state::{states_as_of, Fact};

use chrono::NaiveDate;

use crate::model::{ClaimedBy, Controller, Event, PlaceRef, Side, Status};

/// One event in a place's history, for `frontline timeline`.
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub event: Event,
    pub actor: Side,
    pub claimants: Vec<ClaimedBy>,
    pub status: Status,
    pub historical: bool,
    pub confidence: f64,
    /// The reports: (article id, outlet, url, evidence).
    pub sources: Vec<db::TimelineClaim>,
    /// Who held the place once this event was known.
    pub state_after: Controller,
}

/// A place's history from every claim about it: one entry per event (ten
/// outlets reporting one capture are one entry with ten sources), oldest
/// first, each with the place's state once it was known.
pub fn history(place: &PlaceRef, claims: Vec<db::TimelineClaim>) -> Vec<HistoryEvent> {
    use std::collections::HashMap;
    let mut outlets: HashMap<String, u32> = HashMap::new();
    let mut articles: HashMap<String, u32> = HashMap::new();
    let facts: Vec<Fact> = claims
        .iter()
        .map(|t| {
            let c = &t.claim;
            let n = articles.len() as u32;
            let article = *articles.entry(c.article.clone()).or_insert(n);
            let outlet = match &t.source {
                Some(s) => {
                    let n = u32::MAX - outlets.len() as u32;
                    *outlets.entry(s.clone()).or_insert(n)
                }
                None => article,
            };
            Fact {
                place: 0,
                event: c.event,
                actor: c.actor,
                claimed_by: c.claimed_by,
                status: c.status,
                historical: c.historical,
                day: c.date.or(c.published),
                article,
                outlet,
                confidence: c.confidence as f32,
            }
        })
        .collect();
    let places = [place.clone()];
    let mut events = state::group_events(&facts, None);
    events.sort_by(|a, b| a.last.cmp(&b.last).then(a.first.cmp(&b.first)));
    events
        .iter()
        .map(|e| {
            let known: Vec<Fact> = facts
                .iter()
                .filter(|f| f.day.is_none() || e.last.is_none() || f.day <= e.last)
                .copied()
                .collect();
            let state_after = state::states(&places, &known, e.last)
                .first()
                .map_or(Controller::Unknown, |s| s.controller);
            let mut claimants: Vec<ClaimedBy> =
                e.members.iter().map(|&i| facts[i].claimed_by).collect();
            claimants.sort();
            claimants.dedup();
            HistoryEvent {
                first: e.first,
                last: e.last,
                event: e.event,
                actor: e.actor,
                claimants,
                status: e.status,
                historical: e.historical,
                confidence: e.confidence,
                sources: e.members.iter().map(|&i| claims[i].clone()).collect(),
                state_after,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Claim, ClaimedBy, Controller, Event, PlaceKind, PlaceRef, Precision, Side, Status,
    };
    use chrono::NaiveDate;

    fn claim(event: Event, actor: Side, status: Status, date: &str) -> Claim {
        Claim {
            place: PlaceRef {
                place_id: "gn:1".into(),
                place: "Robotyne".into(),
                country: "UA".into(),
                admin1: None,
                kind: PlaceKind::Settlement,
                precision: Precision::Exact,
                lat: 47.44,
                lon: 35.84,
            },
            event,
            actor,
            claimed_by: ClaimedBy::Media,
            status,
            historical: false,
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            published: None,
            article: format!("{date}.txt"),
            evidence: String::new(),
            span: (0, 0),
            confidence: 0.8,
        }
    }

    #[test]
    fn latest_claim_decides_and_later_ones_are_ignored() {
        let claims = vec![
            claim(Event::Capture, Side::Ru, Status::Confirmed, "2022-03-01"),
            claim(Event::Capture, Side::Ua, Status::Confirmed, "2023-08-28"),
            claim(Event::Capture, Side::Ru, Status::Claimed, "2024-05-15"),
        ];
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let s = states_as_of(&claims, d("2024-01-01"));
        assert_eq!(s[0].controller, Controller::Ua);
        assert_eq!(s[0].claims, 2);
        let s = states_as_of(&claims, d("2024-06-01"));
        assert_eq!(s[0].controller, Controller::Ru);
        assert_eq!(s[0].since, d("2024-05-15"));
        assert_eq!(s[0].sources, 3);
    }

    #[test]
    fn past_fighting_does_not_make_a_place_contested() {
        let mut c = claim(Event::Contested, Side::Ru, Status::Confirmed, "2022-02-25");
        c.historical = true;
        let s = states_as_of(&[c], NaiveDate::from_ymd_opt(2024, 10, 1));
        assert_eq!(s[0].controller, Controller::Unknown);
        assert_eq!(s[0].claims, 1);
    }

    #[test]
    fn withdrawal_hands_over_and_denials_do_not_count() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let claims = vec![
            claim(Event::Withdrawal, Side::Ua, Status::Confirmed, "2024-10-02"),
            claim(Event::Capture, Side::Ua, Status::Denied, "2024-10-03"),
        ];
        let s = states_as_of(&claims, d("2024-10-05"));
        assert_eq!(s[0].controller, Controller::Ru);
        assert_eq!(s[0].last_event, Event::Withdrawal);
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn a_confirmed_claim_outweighs_a_claimed_one_nearby() {
        // RU capture confirmed on the 1st; UA claims on the 4th it holds the
        // village: inside the window the confirmation stands
        let claims = vec![
            claim(Event::Capture, Side::Ru, Status::Confirmed, "2024-10-01"),
            claim(Event::Repelled, Side::Ua, Status::Claimed, "2024-10-04"),
        ];
        let s = states_as_of(&claims, d("2024-10-05"));
        assert_eq!(s[0].controller, Controller::Ru);
        assert_eq!(s[0].since, d("2024-10-01"));
        // a month later the later claim wins
        let mut later = claims.clone();
        later.push(claim(
            Event::Capture,
            Side::Ua,
            Status::Claimed,
            "2024-11-10",
        ));
        let s = states_as_of(&later, d("2024-11-11"));
        assert_eq!(s[0].controller, Controller::Ua);
    }

    #[test]
    fn opposite_unconfirmed_claims_close_together_are_contested() {
        let claims = vec![
            claim(Event::Capture, Side::Ru, Status::Claimed, "2024-10-01"),
            claim(Event::Capture, Side::Ua, Status::Claimed, "2024-10-03"),
        ];
        let s = states_as_of(&claims, d("2024-10-05"));
        assert_eq!(s[0].controller, Controller::Contested);
        assert_eq!(s[0].last_event, Event::Contested);
        // before the second claim, the first one held
        let s = states_as_of(&claims, d("2024-10-02"));
        assert_eq!(s[0].controller, Controller::Ru);
        // far apart, the later wins
        let apart = vec![
            claim(Event::Capture, Side::Ru, Status::Claimed, "2024-09-01"),
            claim(Event::Capture, Side::Ua, Status::Claimed, "2024-10-03"),
        ];
        assert_eq!(
            states_as_of(&apart, d("2024-10-05"))[0].controller,
            Controller::Ua
        );
    }

    #[test]
    fn one_event_from_ten_outlets_is_one_event_with_ten_sources() {
        let mut claims = Vec::new();
        for i in 0..10 {
            let mut c = claim(Event::Capture, Side::Ru, Status::Claimed, "2024-10-02");
            c.article = format!("outlet{i}/a.txt");
            c.date = d(if i % 2 == 0 {
                "2024-10-02"
            } else {
                "2024-10-03"
            });
            c.confidence = 0.5;
            claims.push(c);
        }
        let (places, facts) = state::facts_of(&claims);
        let events = state::group_events(&facts, d("2024-10-05"));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].articles, 10);
        assert!(events[0].confidence > 0.99 - 1e-9);
        let s = state::states(&places, &facts, d("2024-10-05"));
        assert_eq!((s[0].claims, s[0].sources, s[0].events), (10, 10, 1));
        // a single report is less sure than ten
        let one = states_as_of(&claims[..1], d("2024-10-05"));
        assert!(one[0].confidence < s[0].confidence);
    }

    #[test]
    fn historical_claims_count_at_their_own_dates() {
        let mut past = claim(Event::Capture, Side::Ru, Status::Confirmed, "2022-03-01");
        past.historical = true;
        past.published = d("2024-10-01");
        let s = states_as_of(&[past.clone()], d("2022-06-01"));
        assert_eq!(s[0].controller, Controller::Ru);
        assert_eq!(s[0].since, d("2022-03-01"));
        let s = states_as_of(&[past], d("2022-01-01"));
        assert!(s.is_empty());
    }
}
