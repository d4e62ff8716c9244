//! GeoJSON writers (RFC 7946): FeatureCollections in WGS 84, `[lon, lat]`,
//! at most 6 decimals, no `crs` member, polygons with the right-hand rule.
//! The property names are the contract of FORMATS.md §2.
//!
//! Collections are streamed feature by feature into a writer, so writing a
//! run of any size needs memory for one feature, not for the document.

use chrono::NaiveDate;
use geo::{LineString, MultiPolygon, Polygon};
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::geometry::Frontline;
use crate::model::{Claim, MentionRecord, PlaceRef, PlaceState};

/// Round a coordinate to 6 decimals (about 0.1 m).
fn c6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn point(p: &PlaceRef) -> Value {
    json!({"type": "Point", "coordinates": [c6(p.lon), c6(p.lat)]})
}

fn date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%d").to_string())
    })
}

fn feature(geometry: Value, properties: Map<String, Value>) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

/// Write a FeatureCollection of the given features.
pub fn write_collection<W: Write + ?Sized>(
    w: &mut W,
    features: impl IntoIterator<Item = Value>,
) -> io::Result<()> {
    w.write_all(COLLECTION_START)?;
    for (i, f) in features.into_iter().enumerate() {
        if i > 0 {
            w.write_all(FEATURE_SEPARATOR)?;
        }
        serde_json::to_writer(&mut *w, &f).map_err(io::Error::other)?;
    }
    w.write_all(COLLECTION_END)
}

fn place_props(p: &PlaceRef) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("place".into(), p.place.clone().into());
    m.insert("place_id".into(), p.place_id.clone().into());
    m.insert("country".into(), p.country.clone().into());
    m.insert(
        "admin1".into(),
        p.admin1.clone().map_or(Value::Null, Value::String),
    );
    m.insert("precision".into(), p.precision.as_str().into());
    m
}

/// A Point feature with borrowed properties, serialised without building
/// a JSON tree (exports stream millions of them).
#[derive(Serialize)]
struct PointFeature<P: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    geometry: PointGeometry,
    properties: P,
}

#[derive(Serialize)]
struct PointGeometry {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

/// The place columns every point layer starts its properties with.
#[derive(Serialize)]
struct PlaceProps<'a> {
    place: &'a str,
    place_id: &'a str,
    country: &'a str,
    admin1: Option<&'a str>,
    precision: &'static str,
    kind: &'static str,
}

/// A place's feature up to its last place property and a comma:
/// `{"type":"Feature","geometry":{...},"properties":{"place":...,"kind":"settlement",`.
/// Computed once per place, it is the start of every claim and mention
/// feature about that place.
pub fn place_prefix(p: &PlaceRef) -> Vec<u8> {
    let feature = PointFeature {
        kind: "Feature",
        geometry: PointGeometry {
            kind: "Point",
            coordinates: [c6(p.lon), c6(p.lat)],
        },
        properties: PlaceProps {
            place: &p.place,
            place_id: &p.place_id,
            country: &p.country,
            admin1: p.admin1.as_deref(),
            precision: p.precision.as_str(),
            kind: p.kind.as_str(),
        },
    };
    let mut buf = serde_json::to_vec(&feature).unwrap_or_default();
    // drop the closing braces of properties and feature
    buf.truncate(buf.len().saturating_sub(2));
    buf.push(b',');
    buf
}

/// Finish a feature begun by [`place_prefix`]: `rest` serialises to a JSON
/// object whose members follow the place's.
fn write_rest<W: Write + ?Sized>(
    w: &mut W,
    prefix: &[u8],
    rest: &impl Serialize,
    scratch: &mut Vec<u8>,
) -> io::Result<()> {
    scratch.clear();
    serde_json::to_writer(&mut *scratch, rest).map_err(io::Error::other)?;
    w.write_all(prefix)?;
    w.write_all(&scratch[1..])?;
    w.write_all(b"}")
}

/// The claim's own properties in claims.geojson (FORMATS.md §2), after the
/// place's, plus the outlet (`source`) and the corroboration of its event:
/// `sources` distinct articles and `outlets` distinct outlets report it.
#[derive(Serialize)]
pub struct ClaimCore<'a> {
    pub event: &'static str,
    pub actor: &'static str,
    pub claimed_by: &'static str,
    pub status: &'static str,
    pub historical: bool,
    pub date: Option<&'a str>,
    pub published: Option<&'a str>,
    pub article: &'a str,
    pub evidence: &'a str,
    pub span: [usize; 2],
    pub confidence: f64,
    pub source: Option<&'a str>,
    pub sources: usize,
    pub outlets: usize,
}

/// Write one claims.geojson feature; `prefix` is its place's [`place_prefix`].
pub fn write_claim<W: Write + ?Sized>(
    w: &mut W,
    prefix: &[u8],
    c: &ClaimCore<'_>,
    scratch: &mut Vec<u8>,
) -> io::Result<()> {
    write_rest(w, prefix, c, scratch)
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// One feature of claims.geojson, from an in-memory claim (its own single
/// source).
pub fn claim_feature(c: &Claim) -> Value {
    let (date, published) = (day(c.date), day(c.published));
    let core = ClaimCore {
        event: c.event.as_str(),
        actor: c.actor.as_str(),
        claimed_by: c.claimed_by.as_str(),
        status: c.status.as_str(),
        historical: c.historical,
        date: date.as_deref(),
        published: published.as_deref(),
        article: &c.article,
        evidence: &c.evidence,
        span: [c.span.0, c.span.1],
        confidence: c.confidence,
        source: None,
        sources: 1,
        outlets: 1,
    };
    let mut buf = Vec::new();
    match write_claim(&mut buf, &place_prefix(&c.place), &core, &mut Vec::new()) {
        Ok(()) => serde_json::from_slice(&buf).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// The spellings of a mention, stored separated by U+001F, written as an array.
pub struct Surfaces<'a>(pub &'a str);

impl Serialize for Surfaces<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.split('\u{1f}'))
    }
}

/// The mention's own properties in mentions.geojson (FORMATS.md §2), and
/// how clear the choice of its place was (`alternatives`).
#[derive(Serialize)]
pub struct MentionCore<'a> {
    pub article: &'a str,
    pub surfaces: Surfaces<'a>,
    pub count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<AlternativesOut>,
}

/// `alternatives` as written: the score rounded to 3 decimals.
#[derive(Serialize, Clone, Copy)]
pub struct AlternativesOut {
    pub score: f64,
    pub runners_up: usize,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fuzzy: bool,
}

impl From<crate::model::Alternatives> for AlternativesOut {
    fn from(a: crate::model::Alternatives) -> Self {
        AlternativesOut {
            score: (a.score * 1000.0).round() / 1000.0,
            runners_up: a.runners_up,
            fuzzy: a.fuzzy,
        }
    }
}

/// Write one mentions.geojson feature; `prefix` is its place's [`place_prefix`].
pub fn write_mention<W: Write + ?Sized>(
    w: &mut W,
    prefix: &[u8],
    m: &MentionCore<'_>,
    scratch: &mut Vec<u8>,
) -> io::Result<()> {
    write_rest(w, prefix, m, scratch)
}

/// One feature of mentions.geojson, from an in-memory record.
pub fn mention_feature(r: &MentionRecord) -> Value {
    let joined = r.surfaces.join("\u{1f}");
    let core = MentionCore {
        article: &r.article,
        surfaces: Surfaces(&joined),
        count: r.count,
        alternatives: r.alternatives.map(Into::into),
    };
    let mut buf = Vec::new();
    match write_mention(&mut buf, &place_prefix(&r.place), &core, &mut Vec::new()) {
        Ok(()) => serde_json::from_slice(&buf).unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

/// The separator between features of a collection being streamed.
pub const FEATURE_SEPARATOR: &[u8] = b",\n";
/// The opening and closing of a streamed FeatureCollection.
pub const COLLECTION_START: &[u8] = br#"{"type":"FeatureCollection","features":["#;
pub const COLLECTION_END: &[u8] = b"]}\n";

/// One feature of places.geojson.
pub fn place_feature(s: &PlaceState) -> Value {
    {
        {
            let mut m = place_props(&s.place);
            m.insert("kind".into(), s.place.kind.as_str().into());
            m.insert("controller".into(), s.controller.as_str().into());
            m.insert("since".into(), date(s.since));
            m.insert("last_event".into(), s.last_event.as_str().into());
            m.insert("status".into(), s.status.as_str().into());
            m.insert("claims".into(), s.claims.into());
            m.insert("sources".into(), s.sources.into());
            m.insert("outlets".into(), s.outlets.into());
            m.insert("events".into(), s.events.into());
            m.insert(
                "confidence".into(),
                ((s.confidence * 1000.0).round() / 1000.0).into(),
            );
            m.insert("as_of".into(), date(s.as_of));
            feature(point(&s.place), m)
        }
    }
}

fn ring(ls: &LineString<f64>) -> Value {
    Value::Array(ls.coords().map(|c| json!([c6(c.x), c6(c.y)])).collect())
}

fn polygon(p: &Polygon<f64>) -> Value {
    let mut rings = vec![ring(p.exterior())];
    rings.extend(p.interiors().iter().map(ring));
    Value::Array(rings)
}

fn multipolygon(mp: &MultiPolygon<f64>) -> Value {
    Value::Array(mp.0.iter().map(polygon).collect())
}

/// The features of frontline.geojson: zones, then the front line.
pub fn frontline_features(f: &Frontline) -> Vec<Value> {
    let mut features = Vec::new();
    for z in &f.zones {
        if z.area.0.is_empty() {
            continue;
        }
        let mut m = Map::new();
        m.insert("kind".into(), "zone".into());
        m.insert("controller".into(), z.controller.as_str().into());
        m.insert("as_of".into(), date(f.as_of));
        features.push(feature(
            json!({"type": "MultiPolygon", "coordinates": multipolygon(&z.area)}),
            m,
        ));
    }
    if !f.front_line.0.is_empty() {
        let mut m = Map::new();
        m.insert("kind".into(), "front_line".into());
        m.insert("as_of".into(), date(f.as_of));
        let lines: Vec<Value> = f.front_line.0.iter().map(ring).collect();
        features.push(feature(
            json!({"type": "MultiLineString", "coordinates": lines}),
            m,
        ));
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimedBy, Event, PlaceKind, Precision, Side, Status};

    #[test]
    fn claim_feature_has_contract_properties() {
        let place = PlaceRef {
            place_id: "gn:1".into(),
            place: "Vuhledar".into(),
            country: "UA".into(),
            admin1: Some("Donetsk Oblast".into()),
            kind: PlaceKind::Settlement,
            precision: Precision::Exact,
            lat: 47.779_999_9,
            lon: 37.251_234_567,
        };
        let c = Claim {
            place,
            event: Event::Capture,
            actor: Side::Ru,
            claimed_by: ClaimedBy::Media,
            status: Status::Confirmed,
            historical: false,
            date: NaiveDate::from_ymd_opt(2024, 10, 2),
            published: None,
            article: "a.txt".into(),
            evidence: "x".into(),
            span: (0, 1),
            confidence: 0.8,
        };
        let mut buf = Vec::new();
        write_collection(&mut buf, [claim_feature(&c)]).unwrap();
        let v: Value = serde_json::from_slice(&buf).unwrap();
        let f = &v["features"][0];
        assert_eq!(f["geometry"]["coordinates"], json!([37.251235, 47.78]));
        for key in [
            "place",
            "place_id",
            "country",
            "admin1",
            "precision",
            "event",
            "actor",
            "claimed_by",
            "status",
            "historical",
            "date",
            "published",
            "article",
            "evidence",
            "span",
            "confidence",
        ] {
            assert!(f["properties"].get(key).is_some(), "missing {key}");
        }
        assert_eq!(f["properties"]["date"], "2024-10-02");
        assert_eq!(f["properties"]["published"], Value::Null);
        assert!(v.get("crs").is_none());
    }
}
