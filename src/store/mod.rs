//! The state of places as of a date, folded from their claims.
//!
//! This is a pure function of the claims today; the persistent store of
//! claims across bundles and runs (issue 6) will feed it from an embedded
//! database. It never reads articles and never draws.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::model::{Claim, Controller, Event, PlaceState, Status};

/// What a claim says about who holds its place afterwards.
fn controller_after(c: &Claim) -> Controller {
    match c.event {
        Event::Capture => c.actor.into(),
        Event::Withdrawal => c.actor.other().into(),
        Event::Repelled => c.actor.into(),
        Event::Advance | Event::Contested => Controller::Contested,
    }
}

/// How much a claim counts when several disagree on the same day.
fn weight(c: &Claim) -> u8 {
    match c.status {
        Status::Confirmed => 2,
        Status::Claimed => 1,
        Status::Denied => 0,
    }
}

/// The state of every place with claims, as of `as_of` (claims dated later
/// are ignored; undated claims count as of the snapshot). The deciding claim
/// is the latest non-denied one that is not past fighting; on the same date a
/// control change beats fighting and a confirmed claim a claimed one.
pub fn states_as_of(claims: &[Claim], as_of: Option<NaiveDate>) -> Vec<PlaceState> {
    let mut by_place: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        let date = c.date.or(c.published);
        if let (Some(d), Some(a)) = (date, as_of) {
            if d > a {
                continue;
            }
        }
        by_place
            .entry(c.place.place_id.as_str())
            .or_default()
            .push(c);
    }
    let mut out = Vec::with_capacity(by_place.len());
    for list in by_place.values() {
        let sources: HashSet<&str> = list.iter().map(|c| c.article.as_str()).collect();
        let decisive = |c: &&&Claim| {
            matches!(
                c.event,
                Event::Capture | Event::Withdrawal | Event::Repelled
            )
        };
        // past fighting ("the failed assault on Kyiv in 2022") says nothing
        // about who holds a place now; a past capture still does
        let deciding = list
            .iter()
            .filter(|c| c.status != Status::Denied)
            .filter(|c| !(c.historical && matches!(c.event, Event::Advance | Event::Contested)))
            .max_by(|a, b| {
                let da = a.date.or(a.published);
                let db = b.date.or(b.published);
                da.cmp(&db)
                    .then(decisive(a).cmp(&decisive(b)))
                    .then(weight(a).cmp(&weight(b)))
                    .then(a.confidence.total_cmp(&b.confidence))
            });
        let (controller, since, last_event, status) = match deciding {
            Some(c) => (
                controller_after(c),
                c.date.or(c.published),
                c.event,
                c.status,
            ),
            None => {
                let c = list[0];
                (Controller::Unknown, None, c.event, c.status)
            }
        };
        out.push(PlaceState {
            place: list[0].place.clone(),
            controller,
            since,
            last_event,
            status,
            claims: list.len(),
            sources: sources.len(),
            as_of,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimedBy, PlaceKind, PlaceRef, Precision, Side};

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
}
