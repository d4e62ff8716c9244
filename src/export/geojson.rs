//! GeoJSON writers (RFC 7946): FeatureCollections in WGS 84, `[lon, lat]`,
//! at most 6 decimals, no `crs` member, polygons with the right-hand rule.
//! The property names are the contract of FORMATS.md §2.
//!
//! Collections are streamed feature by feature into a writer, so writing a
//! run of any size needs memory for one feature, not for the document.

use chrono::NaiveDate;
use geo::{LineString, MultiPolygon, Polygon};
use std::io::{self, Write};

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
    w.write_all(br#"{"type":"FeatureCollection","features":["#)?;
    for (i, f) in features.into_iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *w, &f).map_err(io::Error::other)?;
    }
    w.write_all(b"]}\n")
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

/// One feature of claims.geojson.
pub fn claim_feature(c: &Claim) -> Value {
    {
        {
            let mut m = place_props(&c.place);
            m.insert("kind".into(), c.place.kind.as_str().into());
            m.insert("event".into(), c.event.as_str().into());
            m.insert("actor".into(), c.actor.as_str().into());
            m.insert("claimed_by".into(), c.claimed_by.as_str().into());
            m.insert("status".into(), c.status.as_str().into());
            m.insert("historical".into(), c.historical.into());
            m.insert("date".into(), date(c.date));
            m.insert("published".into(), date(c.published));
            m.insert("article".into(), c.article.clone().into());
            m.insert("evidence".into(), c.evidence.clone().into());
            m.insert("span".into(), json!([c.span.0, c.span.1]));
            m.insert("confidence".into(), c.confidence.into());
            feature(point(&c.place), m)
        }
    }
}

/// One feature of mentions.geojson.
pub fn mention_feature(r: &MentionRecord) -> Value {
    {
        {
            let mut m = place_props(&r.place);
            m.insert("kind".into(), r.place.kind.as_str().into());
            m.insert("article".into(), r.article.clone().into());
            m.insert("surfaces".into(), json!(r.surfaces));
            m.insert("count".into(), r.count.into());
            if let Some(a) = &r.alternatives {
                let mut alt = Map::new();
                alt.insert("score".into(), json!((a.score * 1000.0).round() / 1000.0));
                alt.insert("runners_up".into(), a.runners_up.into());
                if a.fuzzy {
                    alt.insert("fuzzy".into(), true.into());
                }
                m.insert("alternatives".into(), Value::Object(alt));
            }
            feature(point(&r.place), m)
        }
    }
}

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
