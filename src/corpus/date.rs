//! Publication dates: parsing a `published` value and finding a
//! `YYYY-MM-DD` in a file or folder name.
//!
//! Must not guess: no natural-language dates ("yesterday"), no day/month
//! swapping, no dates pulled from article text. An unreadable value is
//! `None` and the caller falls back (FORMATS.md §1).

use chrono::NaiveDate;

/// Parse a `published` value: `YYYY-MM-DD`, or a timestamp that starts with
/// one (RFC 3339 `2024-10-02T08:15:00Z`, also without offset or with a
/// space instead of `T`). The date is taken as written, not converted to
/// UTC. Surrounding whitespace is ignored; anything else gives `None`.
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    let date = ymd_at(value.as_bytes(), 0)?;
    let rest = &value.as_bytes()[10..];
    if rest.is_empty() || is_time(rest) {
        Some(date)
    } else {
        None
    }
}

/// The first valid `YYYY-MM-DD` in a name that is not part of a longer run
/// of digits (`20241002-2024-10-03` finds the 3rd, `12024-10-02` nothing).
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(9))
        .filter(|&i| i == 0 || !b[i - 1].is_ascii_digit())
        .filter(|&i| !matches!(b.get(i + 10), Some(c) if c.is_ascii_digit()))
        .find_map(|i| ymd_at(b, i))
}

/// A valid date in `YYYY-MM-DD` form at byte `i`.
fn ymd_at(b: &[u8], i: usize) -> Option<NaiveDate> {
    let s = b.get(i..i + 10)?;
    let digits = [0, 1, 2, 3, 5, 6, 8, 9];
    if s[4] != b'-' || s[7] != b'-' || !digits.iter().all(|&k| s[k].is_ascii_digit()) {
        return None;
    }
    let num =
        |r: std::ops::Range<usize>| s[r].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let year = i32::try_from(num(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7), num(8..10))
}

/// `Thh:mm` (or ` hh:mm`) with a sane hour and minute; whatever follows
/// (seconds, fraction, offset) is not checked further.
fn is_time(rest: &[u8]) -> bool {
    let [sep, h1, h2, b':', m1, m2, ..] = rest else {
        return false;
    };
    let two = |a: u8, b: u8| {
        (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
    };
    matches!(sep, b'T' | b't' | b' ')
        && two(*h1, *h2).is_some_and(|h| h < 24)
        && two(*m1, *m2).is_some_and(|m| m < 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn parse_date_table() {
        let cases = [
            ("2024-10-02", Some("2024-10-02")),
            ("  2024-10-02\t", Some("2024-10-02")),
            ("2024-10-02T08:15:00Z", Some("2024-10-02")),
            ("2024-10-02T23:30:00-05:00", Some("2024-10-02")),
            ("2024-10-02T08:15:00.123+03:00", Some("2024-10-02")),
            ("2024-10-02 08:15", Some("2024-10-02")),
            ("2024-10-02t08:15", Some("2024-10-02")),
            ("2024-02-30", None),
            ("2024-10-02T25:00", None),
            ("2024-10-02junk", None),
            ("2024-1-2", None),
            ("02.10.2024", None),
            ("yesterday", None),
            ("", None),
            ("２０２４-10-02", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want.and_then(d), "input {input:?}");
        }
    }

    #[test]
    fn date_in_name_table() {
        let cases = [
            ("2024-10-02_vuhledar.txt", Some("2024-10-02")),
            ("report-2023-05-21.md", Some("2023-05-21")),
            ("2024-13-40-then-2024-01-05.txt", Some("2024-01-05")),
            ("12024-10-02.txt", None),
            ("2024-10-021.txt", None),
            ("20241002.txt", None),
            ("no-date.txt", None),
            ("2024-10", None),
            ("", None),
            ("é2024-10-02é", Some("2024-10-02")),
        ];
        for (input, want) in cases {
            assert_eq!(date_in_name(input), want.and_then(d), "input {input:?}");
        }
    }
}
