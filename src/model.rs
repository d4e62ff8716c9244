//! The plain data that flows between stages: articles, mentions, claims,
//! place states. Writers format these; they never decide anything.
//!
//! Every type here is serde-serialisable and carries no behaviour beyond
//! small accessors, so any stage can be tested by building values by hand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One news article as read from a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Path relative to the bundle root with `/` separators; `path#line` for JSONL.
    pub id: String,
    /// The headline (first non-empty line, `title`, or `<title>`/`<h1>`).
    pub title: String,
    /// The body text, decoded to UTF-8.
    pub body: String,
    pub published: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

impl Article {
    /// The text every span refers to: headline + "\n" + body (FORMATS.md §2).
    pub fn text(&self) -> String {
        let mut t = String::with_capacity(self.title.len() + 1 + self.body.len());
        t.push_str(&self.title);
        t.push('\n');
        t.push_str(&self.body);
        t
    }
}

/// What kind of thing a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Settlement,
    Region,
    Raion,
    Country,
    Sector,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Settlement => "settlement",
            PlaceKind::Region => "region",
            PlaceKind::Raion => "raion",
            PlaceKind::Country => "country",
            PlaceKind::Sector => "sector",
        }
    }
}

/// How exact a point is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Exact,
    Hromada,
    Raion,
    Region,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Exact => "exact",
            Precision::Hromada => "hromada",
            Precision::Raion => "raion",
            Precision::Region => "region",
        }
    }
}

/// The side that performs an event or controls a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Side {
    #[serde(rename = "RU")]
    Ru,
    #[serde(rename = "UA")]
    Ua,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Ru => "RU",
            Side::Ua => "UA",
        }
    }
    pub fn other(self) -> Side {
        match self {
            Side::Ru => Side::Ua,
            Side::Ua => Side::Ru,
        }
    }
}

/// Who asserts a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimedBy {
    #[serde(rename = "RU")]
    Ru,
    #[serde(rename = "UA")]
    Ua,
    Third,
    Media,
}

impl ClaimedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimedBy::Ru => "RU",
            ClaimedBy::Ua => "UA",
            ClaimedBy::Third => "third",
            ClaimedBy::Media => "media",
        }
    }
}

impl From<Side> for ClaimedBy {
    fn from(s: Side) -> Self {
        match s {
            Side::Ru => ClaimedBy::Ru,
            Side::Ua => ClaimedBy::Ua,
        }
    }
}

/// The control-change vocabulary of FORMATS.md §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    Capture,
    Withdrawal,
    Advance,
    Repelled,
    Contested,
}

impl Event {
    pub const ALL: [Event; 5] = [
        Event::Capture,
        Event::Withdrawal,
        Event::Advance,
        Event::Repelled,
        Event::Contested,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Capture => "capture",
            Event::Withdrawal => "withdrawal",
            Event::Advance => "advance",
            Event::Repelled => "repelled",
            Event::Contested => "contested",
        }
    }
}

/// How established a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Claimed,
    Confirmed,
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Claimed => "claimed",
            Status::Confirmed => "confirmed",
            Status::Denied => "denied",
        }
    }
}

/// The resolved place a mention or claim refers to, copied out of the
/// gazetteer so that later stages need no gazetteer at hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    pub place_id: String,
    /// Canonical English name.
    pub place: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
    pub kind: PlaceKind,
    pub precision: Precision,
    pub lat: f64,
    pub lon: f64,
}

/// All mentions of one place in one article (one feature of mentions.geojson).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub place: PlaceRef,
    pub article: String,
    /// Distinct spellings seen, in order of first appearance.
    pub surfaces: Vec<String>,
    pub count: usize,
    /// How the place was chosen among same-named candidates (the strongest
    /// of the article's mentions of it); `None` for records built by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<Alternatives>,
}

/// How clear the choice of a mention's place was: `score` is the chosen
/// candidate's share (0..1) of the resolver's softmax over every candidate
/// spelled the same way (1.0 when the name has one candidate), and
/// `runners_up` how many other candidates there were. A fuzzy match (a
/// misspelled name read in a claim context) sets `fuzzy`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Alternatives {
    pub score: f64,
    pub runners_up: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fuzzy: bool,
}

/// One control-change claim (one feature of claims.geojson).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub place: PlaceRef,
    pub event: Event,
    pub actor: Side,
    pub claimed_by: ClaimedBy,
    pub status: Status,
    pub historical: bool,
    pub date: Option<NaiveDate>,
    pub published: Option<NaiveDate>,
    pub article: String,
    pub evidence: String,
    /// UTF-8 byte offsets of `evidence` in `Article::text()`.
    pub span: (usize, usize),
    pub confidence: f64,
}

/// Who holds a place as of a date (one feature of places.geojson).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Controller {
    #[serde(rename = "RU")]
    Ru,
    #[serde(rename = "UA")]
    Ua,
    Contested,
    Unknown,
}

impl Controller {
    pub fn as_str(self) -> &'static str {
        match self {
            Controller::Ru => "RU",
            Controller::Ua => "UA",
            Controller::Contested => "contested",
            Controller::Unknown => "unknown",
        }
    }
    pub fn side(self) -> Option<Side> {
        match self {
            Controller::Ru => Some(Side::Ru),
            Controller::Ua => Some(Side::Ua),
            _ => None,
        }
    }
}

impl From<Side> for Controller {
    fn from(s: Side) -> Self {
        match s {
            Side::Ru => Controller::Ru,
            Side::Ua => Controller::Ua,
        }
    }
}

/// The state of one place as of a snapshot date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceState {
    pub place: PlaceRef,
    pub controller: Controller,
    /// Date of the claim that set the controller.
    pub since: Option<NaiveDate>,
    pub last_event: Event,
    /// Status of the deciding claim.
    pub status: Status,
    pub claims: usize,
    /// Distinct articles among those claims.
    pub sources: usize,
    /// Distinct outlets among those articles.
    pub outlets: usize,
    /// Distinct events the claims report (ten reports of one capture are one).
    pub events: usize,
    /// Confidence in the controller: the deciding event's, corroborated.
    pub confidence: f64,
    pub as_of: Option<NaiveDate>,
}

/// `parse`, the inverse of `as_str`, for the vocabularies above (store
/// columns, gazetteer CSV fields).
macro_rules! parse_by_name {
    ($t:ident: $($v:ident),+) => {
        impl $t {
            /// The value whose `as_str` is `s`.
            pub fn parse(s: &str) -> Option<$t> {
                [$($t::$v),+].into_iter().find(|v| v.as_str() == s)
            }
        }
    };
}

parse_by_name!(PlaceKind: Settlement, Region, Raion, Country, Sector);
parse_by_name!(Precision: Exact, Hromada, Raion, Region);
parse_by_name!(Side: Ru, Ua);
parse_by_name!(ClaimedBy: Ru, Ua, Third, Media);
parse_by_name!(Event: Capture, Withdrawal, Advance, Repelled, Contested);
parse_by_name!(Status: Claimed, Confirmed, Denied);
