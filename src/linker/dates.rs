//! When a sentence's events happened, relative to the article's date: years
//! and months named ("in August", "in February 2022"), relative days
//! ("on Wednesday", "last week", "yesterday"), and whether that is an
//! earlier phase than the article's news.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::text::{MONTH_NAMES, WEEKDAY_NAMES};

/// Events more than this many days before publication are historical.
const HISTORICAL_DAYS: i64 = 7;

/// What a sentence says about time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct When {
    pub date: Option<NaiveDate>,
    pub historical: bool,
}

/// Read the time references of a sentence's folded words. `capitalised[i]`
/// tells whether word `i` was capitalised in the original (so "may" the
/// verb is not May the month).
pub fn read(words: &[&str], capitalised: &[bool], published: Option<NaiveDate>) -> When {
    let mut when = When::default();
    let Some(pubd) = published else {
        // Without a reference date, a named year or month ("in 2022", "in
        // August") is read as an earlier phase: news names the date of what
        // is past and says "on Wednesday" of what is new. Only a year gives a
        // date.
        for (i, w) in words.iter().enumerate() {
            let ongoing = words[..i].iter().rev().take(2).any(|w| *w == "since");
            if let Some(y) = year(w) {
                let month = i
                    .checked_sub(1)
                    .and_then(|j| month_index(words[j], capitalised[j]));
                when.date = NaiveDate::from_ymd_opt(y, month.map_or(1, |m| m + 1), 1);
                when.historical |= !ongoing;
                return when;
            }
            if month_index(w, capitalised[i]).is_some() && !ongoing {
                when.historical = true;
            }
        }
        return when;
    };
    for (i, w) in words.iter().enumerate() {
        if let Some(y) = year(w) {
            let month = i
                .checked_sub(1)
                .and_then(|j| month_index(words[j], capitalised[j]))
                .or_else(|| {
                    i.checked_sub(2)
                        .and_then(|j| month_index(words[j], capitalised[j]))
                });
            let d = NaiveDate::from_ymd_opt(y, month.map_or(1, |m| m + 1), 1);
            // "for the first time since 2022": a gap, not an earlier event
            let since = words[..i].iter().rev().take(2).any(|w| *w == "since");
            if since {
                continue;
            }
            if y < pubd.year() || d.is_some_and(|d| (pubd - d).num_days() > HISTORICAL_DAYS + 31) {
                when.historical = true;
                when.date = d;
                return when;
            }
            continue;
        }
        if let Some(m) = month_index(w, capitalised[i]) {
            // a month without a year: the latest such month not after publication
            if words.get(i + 1).is_some_and(|n| year(n).is_some()) {
                continue;
            }
            // "November 2" or "2 November"
            let day_of = |w: Option<&&str>| {
                w.and_then(|n| n.parse::<u32>().ok())
                    .filter(|d| (1..=31).contains(d))
            };
            let day = day_of(words.get(i + 1))
                .or_else(|| day_of(i.checked_sub(1).and_then(|j| words.get(j))));
            let mut y = pubd.year();
            if (m + 1) > pubd.month() {
                y -= 1;
            }
            let Some(d) = NaiveDate::from_ymd_opt(y, m + 1, day.unwrap_or(1)) else {
                continue;
            };
            let same_month = y == pubd.year() && m + 1 == pubd.month();
            if same_month && day.is_none() {
                continue;
            }
            let age = (pubd - d).num_days();
            // "since early January": ongoing, not an earlier phase
            let ongoing = words[..i].iter().rev().take(2).any(|w| *w == "since");
            if !ongoing && age > HISTORICAL_DAYS + if day.is_some() { 0 } else { 30 } {
                when.historical = true;
            }
            when.date = Some(d);
            continue;
        }
        let weekday = WEEKDAY_NAMES
            .iter()
            .position(|n| n == w)
            .and_then(|i| Weekday::try_from(i as u8).ok());
        if let Some(wd) = weekday {
            if when.date.is_none() {
                let back = (pubd.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    .rem_euclid(7);
                when.date = Some(pubd - Duration::days(back));
            }
            continue;
        }
        if let Some(start) = season_start(w) {
            // "over the summer", "this spring", "last winter": the season's
            // first month, the latest one begun before publication (the one
            // before it for "last" when publication falls inside it)
            let prev = i.checked_sub(1).map(|j| words[j]);
            // ("since the spring": ongoing)
            let since = words[..i].iter().rev().take(3).any(|w| *w == "since");
            if matches!(prev, Some("the" | "this" | "last")) && !since {
                let last = prev == Some("last");
                let mut y = pubd.year();
                let mut d = NaiveDate::from_ymd_opt(y, start, 1);
                while d.is_some_and(|d| d > pubd) {
                    y -= 1;
                    d = NaiveDate::from_ymd_opt(y, start, 1);
                }
                let Some(mut d) = d else { continue };
                let current = (pubd - d).num_days() < 92;
                if current && last {
                    d = NaiveDate::from_ymd_opt(y - 1, start, 1).unwrap_or(d);
                }
                if !current || last {
                    when.date = Some(d);
                    when.historical = true;
                }
                continue;
            }
        }
        match (*w, words.get(i + 1).copied()) {
            ("yesterday", _) => when.date = Some(pubd - Duration::days(1)),
            ("this", Some("week")) if when.date.is_none() => when.date = Some(pubd),
            ("early", Some("this")) if words.get(i + 2) == Some(&"year") && pubd.month() > 3 => {
                when.date = NaiveDate::from_ymd_opt(pubd.year(), 2, 1);
                when.historical = true;
            }
            ("last", Some("week")) => when.date = Some(pubd - Duration::days(7)),
            ("last", Some("month")) => {
                when.date = Some(pubd - Duration::days(30));
                when.historical = true;
            }
            _ => {}
        }
    }
    when
}

/// The first month of a season named by `w`.
fn season_start(w: &str) -> Option<u32> {
    match w {
        "spring" => Some(3),
        "summer" => Some(6),
        "autumn" => Some(9),
        "winter" => Some(12),
        _ => None,
    }
}

fn year(w: &str) -> Option<i32> {
    if w.len() != 4 {
        return None;
    }
    w.parse::<i32>().ok().filter(|y| (1900..=2040).contains(y))
}

fn month_index(w: &str, capitalised: bool) -> Option<u32> {
    if !capitalised {
        return None;
    }
    MONTH_NAMES.iter().position(|m| *m == w).map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(s: &str, pubd: &str) -> When {
        let words: Vec<&str> = s.split(' ').collect();
        let caps: Vec<bool> = words
            .iter()
            .map(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            .collect();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let lw: Vec<&str> = lower.iter().map(String::as_str).collect();
        read(&lw, &caps, NaiveDate::parse_from_str(pubd, "%Y-%m-%d").ok())
    }

    #[test]
    fn cases() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let cases = [
            (
                "first captured in February 2022",
                "2024-05-15",
                d("2022-02-01"),
                true,
            ),
            (
                "incursion into Kursk in August",
                "2024-10-03",
                d("2024-08-01"),
                true,
            ),
            (
                "said on Wednesday it had taken",
                "2024-05-15",
                d("2024-05-15"),
                false,
            ),
            (
                "said on Tuesday it had taken",
                "2024-05-15",
                d("2024-05-14"),
                false,
            ),
            (
                "fighting began last week",
                "2024-05-15",
                d("2024-05-08"),
                false,
            ),
            ("captured it in November", "2024-11-20", None, false),
            ("the town may fall", "2024-11-20", None, false),
            (
                "took it on November 18",
                "2024-11-20",
                d("2024-11-18"),
                false,
            ),
            ("lost it in December", "2025-01-10", d("2024-12-01"), true),
            (
                "fighting there since early January",
                "2025-02-11",
                d("2025-01-01"),
                false,
            ),
            ("first captured in February 2022", "", d("2022-02-01"), true),
            (
                "said on 2 November that it had taken",
                "2024-11-20",
                d("2024-11-02"),
                true,
            ),
            ("for the first time since 2022", "2024-11-20", None, false),
            ("an incursion in August", "", None, true),
            ("fell on Wednesday", "", None, false),
            (
                "withdrew over the summer",
                "2024-11-20",
                d("2024-06-01"),
                true,
            ),
            ("advanced this autumn", "2024-11-20", None, false),
            ("lost it last winter", "2024-11-20", d("2023-12-01"), true),
            (
                "took it early this year",
                "2024-11-20",
                d("2024-02-01"),
                true,
            ),
            ("pushed on this week", "2024-11-20", d("2024-11-20"), false),
        ];
        for (s, p, date, hist) in cases {
            let w = when(s, p);
            assert_eq!((w.date, w.historical), (date, hist), "{s}");
        }
    }
}
