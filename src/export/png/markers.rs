//! Claim and place-state markers: which markers a place gets, and how one
//! marker is drawn. The colour says whose action it is (or who holds the
//! place), the shape says how established it is.

use std::collections::BTreeMap;

use tiny_skia::{Color, FillRule, LineCap, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use crate::model::{Claim, Controller, Event, PlaceRef, PlaceState, Side, Status};

use super::labels::{CollisionIndex, Rect as Box2};
use super::style;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Filled circle.
    Confirmed,
    /// Hollow ring.
    Claimed,
    /// A cross.
    Denied,
    /// A square: who holds the place as of the map's date.
    Held,
}

impl Shape {
    fn of(status: Status) -> Shape {
        match status {
            Status::Confirmed => Shape::Confirmed,
            Status::Claimed => Shape::Claimed,
            Status::Denied => Shape::Denied,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    pub shape: Shape,
    pub color: Color,
}

/// Everything drawn at one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceGroup {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// Place state first (if any), then one marker per (actor, event).
    pub markers: Vec<Marker>,
    /// How many claims mention the place: decides whose label wins.
    pub weight: usize,
}

/// Which claim of several for the same (place, actor, event) to show:
/// the most established one.
fn strength(s: Status) -> u8 {
    match s {
        Status::Confirmed => 0,
        Status::Claimed => 1,
        Status::Denied => 2,
    }
}

fn place_key(p: &PlaceRef) -> String {
    if p.place_id.is_empty() {
        format!("{}@{:.4},{:.4}", p.place, p.lat, p.lon)
    } else {
        p.place_id.clone()
    }
}

#[derive(Default)]
struct Acc<'a> {
    place: Option<&'a PlaceRef>,
    state: Option<Controller>,
    claims: BTreeMap<(Side, Event), Status>,
    weight: usize,
}

/// Group claims and place states by place, one marker per distinct
/// (actor, event), most claimed places first. Points that are not finite
/// are dropped.
pub fn group(claims: &[Claim], states: &[PlaceState]) -> Vec<PlaceGroup> {
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    let finite = |p: &PlaceRef| p.lat.is_finite() && p.lon.is_finite();
    for c in claims.iter().filter(|c| finite(&c.place)) {
        let a = acc.entry(place_key(&c.place)).or_default();
        a.place.get_or_insert(&c.place);
        a.weight += 1;
        let status = a.claims.entry((c.actor, c.event)).or_insert(c.status);
        if strength(c.status) < strength(*status) {
            *status = c.status;
        }
    }
    for s in states.iter().filter(|s| finite(&s.place)) {
        let a = acc.entry(place_key(&s.place)).or_default();
        a.place.get_or_insert(&s.place);
        a.state = Some(s.controller);
        a.weight = a.weight.max(s.claims);
    }
    let mut groups: Vec<PlaceGroup> = acc
        .into_values()
        .filter_map(|a| {
            let place = a.place?;
            let mut markers = Vec::with_capacity(a.claims.len() + 1);
            if let Some(c) = a.state {
                markers.push(Marker {
                    shape: Shape::Held,
                    color: style::controller(c),
                });
            }
            markers.extend(a.claims.iter().map(|(&(actor, _), &status)| Marker {
                shape: Shape::of(status),
                color: style::side(actor),
            }));
            Some(PlaceGroup {
                name: place.place.clone(),
                lon: place.lon,
                lat: place.lat,
                markers,
                weight: a.weight,
            })
        })
        .collect();
    // Stable: equal weights keep the key order, so output is deterministic.
    groups.sort_by_key(|g| std::cmp::Reverse(g.weight));
    groups
}

/// Centres of a group's markers around (x, y): one row, `spacing` apart.
pub fn row(x: f32, y: f32, n: usize, spacing: f32) -> impl Iterator<Item = (f32, f32)> {
    let first = x - spacing * (n.saturating_sub(1)) as f32 / 2.0;
    (0..n).map(move |i| (first + spacing * i as f32, y))
}

/// A group laid out on the image.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    pub group: &'a PlaceGroup,
    /// The place's own pixel.
    pub at: (f32, f32),
    /// The centre of its marker row: `at`, or nearby when another group
    /// already sits there (then a leader line joins them).
    pub row: (f32, f32),
    /// The row's extent.
    pub rect: Box2,
}

impl Placed<'_> {
    pub fn displaced(&self) -> bool {
        self.at != self.row
    }
}

/// Lay out marker rows in priority order. A row that would cover an
/// earlier one moves to the nearest free spot within three marker widths;
/// if there is none it stays put. Groups outside `frame` are left out.
pub fn layout<'a>(
    groups: &'a [PlaceGroup],
    project: impl Fn(f64, f64) -> (f32, f32),
    frame: &Box2,
    radius: f32,
    spacing: f32,
) -> Vec<Placed<'a>> {
    let mut taken = CollisionIndex::new(spacing * 4.0);
    let mut out = Vec::with_capacity(groups.len());
    for g in groups {
        let at = project(g.lon, g.lat);
        let half = spacing * g.markers.len().saturating_sub(1) as f32 / 2.0;
        let rect_at = |(x, y): (f32, f32)| {
            Box2::new(x - half - radius, y - radius, x + half + radius, y + radius)
        };
        if !rect_at(at).overlaps(frame) {
            continue;
        }
        let offsets = (1..=3).flat_map(|i| {
            let d = spacing * i as f32;
            [
                (0.0, d),
                (0.0, -d),
                (d, 0.0),
                (-d, 0.0),
                (d, d),
                (-d, d),
                (d, -d),
                (-d, -d),
            ]
        });
        let row = std::iter::once((0.0, 0.0))
            .chain(offsets)
            .map(|(dx, dy)| (at.0 + dx, at.1 + dy))
            .find(|&p| !taken.collides(&rect_at(p)))
            .unwrap_or(at);
        let rect = rect_at(row);
        taken.insert(rect);
        out.push(Placed {
            group: g,
            at,
            row,
            rect,
        });
    }
    out
}

/// Draw a placed group: leader line if displaced, then its markers.
pub fn draw_group(pm: &mut Pixmap, p: &Placed, radius: f32, spacing: f32) {
    if p.displaced() {
        let mut pb = PathBuilder::new();
        pb.move_to(p.at.0, p.at.1);
        pb.line_to(p.row.0, p.row.1);
        if let Some(line) = pb.finish() {
            let mut paint = Paint {
                anti_alias: true,
                ..Paint::default()
            };
            paint.set_color(style::rgb(0x33, 0x33, 0x33).color());
            let stroke = Stroke {
                width: (radius * 0.22).max(1.0),
                ..Stroke::default()
            };
            pm.stroke_path(&line, &paint, &stroke, Transform::identity(), None);
            if let Some(dot) = PathBuilder::from_circle(p.at.0, p.at.1, radius * 0.35) {
                pm.fill_path(&dot, &paint, FillRule::Winding, Transform::identity(), None);
            }
        }
    }
    let n = p.group.markers.len();
    for (m, (x, y)) in p
        .group
        .markers
        .iter()
        .zip(row(p.row.0, p.row.1, n, spacing))
    {
        draw(pm, *m, x, y, radius);
    }
}

/// Draw one marker of radius `r` centred on (x, y).
pub fn draw(pm: &mut Pixmap, m: Marker, x: f32, y: f32, r: f32) {
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    let outline = Stroke {
        width: (r * 0.28).max(1.0),
        ..Stroke::default()
    };
    let id = Transform::identity();
    match m.shape {
        Shape::Confirmed => {
            let Some(circle) = PathBuilder::from_circle(x, y, r) else {
                return;
            };
            paint.set_color(m.color);
            pm.fill_path(&circle, &paint, FillRule::Winding, id, None);
            paint.set_color(Color::WHITE);
            pm.stroke_path(&circle, &paint, &outline, id, None);
        }
        Shape::Claimed => {
            let ring = r * 0.3;
            let Some(circle) = PathBuilder::from_circle(x, y, r - ring / 2.0) else {
                return;
            };
            paint.set_color(style::rgba(255, 255, 255, 190).color());
            pm.fill_path(&circle, &paint, FillRule::Winding, id, None);
            let casing = Stroke {
                width: ring + outline.width,
                ..Stroke::default()
            };
            paint.set_color(Color::WHITE);
            pm.stroke_path(&circle, &paint, &casing, id, None);
            paint.set_color(m.color);
            let stroke = Stroke {
                width: ring,
                ..Stroke::default()
            };
            pm.stroke_path(&circle, &paint, &stroke, id, None);
        }
        Shape::Denied => {
            let d = r * 0.8;
            let mut pb = PathBuilder::new();
            pb.move_to(x - d, y - d);
            pb.line_to(x + d, y + d);
            pb.move_to(x + d, y - d);
            pb.line_to(x - d, y + d);
            let Some(cross) = pb.finish() else { return };
            let width = r * 0.42;
            let casing = Stroke {
                width: width + 2.0 * outline.width,
                line_cap: LineCap::Round,
                ..Stroke::default()
            };
            paint.set_color(Color::WHITE);
            pm.stroke_path(&cross, &paint, &casing, id, None);
            let stroke = Stroke {
                width,
                line_cap: LineCap::Round,
                ..Stroke::default()
            };
            paint.set_color(m.color);
            pm.stroke_path(&cross, &paint, &stroke, id, None);
        }
        Shape::Held => {
            let s = r * 0.85;
            let Some(rect) = Rect::from_ltrb(x - s, y - s, x + s, y + s) else {
                return;
            };
            let square = PathBuilder::from_rect(rect);
            paint.set_color(m.color);
            pm.fill_path(&square, &paint, FillRule::Winding, id, None);
            paint.set_color(Color::WHITE);
            pm.stroke_path(&square, &paint, &outline, id, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimedBy, PlaceKind, Precision};

    fn place(id: &str, name: &str) -> PlaceRef {
        PlaceRef {
            place_id: id.into(),
            place: name.into(),
            country: "UA".into(),
            admin1: None,
            kind: PlaceKind::Settlement,
            precision: Precision::Exact,
            lat: 48.28,
            lon: 37.18,
        }
    }

    fn claim(p: &PlaceRef, event: Event, actor: Side, status: Status) -> Claim {
        Claim {
            place: p.clone(),
            event,
            actor,
            claimed_by: ClaimedBy::Media,
            status,
            historical: false,
            date: None,
            published: None,
            article: "a.txt".into(),
            evidence: String::new(),
            span: (0, 0),
            confidence: 0.9,
        }
    }

    #[test]
    fn duplicate_claims_make_one_marker_showing_the_strongest_status() {
        let p = place("ua:1", "Pokrovsk");
        let q = place("ua:2", "Myrnohrad");
        let claims = vec![
            claim(&p, Event::Capture, Side::Ru, Status::Claimed),
            claim(&p, Event::Capture, Side::Ru, Status::Confirmed),
            claim(&p, Event::Capture, Side::Ru, Status::Claimed),
            claim(&p, Event::Repelled, Side::Ua, Status::Claimed),
            claim(&q, Event::Advance, Side::Ru, Status::Denied),
        ];
        let groups = group(&claims, &[]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].name, "Pokrovsk");
        assert_eq!(groups[0].weight, 4);
        assert_eq!(
            groups[0].markers,
            vec![
                Marker {
                    shape: Shape::Confirmed,
                    color: style::RU.color()
                },
                Marker {
                    shape: Shape::Claimed,
                    color: style::UA.color()
                },
            ]
        );
        assert_eq!(groups[1].markers[0].shape, Shape::Denied);
    }

    #[test]
    fn state_comes_first_and_bad_points_are_dropped() {
        let p = place("ua:1", "Pokrovsk");
        let mut bad = place("ua:9", "Nowhere");
        bad.lat = f64::NAN;
        let state = PlaceState {
            place: p.clone(),
            controller: Controller::Ru,
            since: None,
            last_event: Event::Capture,
            status: Status::Claimed,
            claims: 3,
            sources: 2,
            outlets: 2,
            events: 1,
            confidence: 0.8,
            as_of: None,
        };
        let claims = vec![
            claim(&p, Event::Capture, Side::Ru, Status::Claimed),
            claim(&bad, Event::Capture, Side::Ru, Status::Claimed),
        ];
        let groups = group(&claims, &[state]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].markers[0].shape, Shape::Held);
        assert_eq!(groups[0].weight, 3);
    }

    #[test]
    fn crowded_groups_are_moved_apart() {
        let p = place("ua:1", "Pokrovsk");
        let mut q = place("ua:2", "Myrnohrad");
        q.lon += 0.01;
        let mut far = place("ua:3", "Far away");
        far.lon += 10.0;
        let claims = vec![
            claim(&p, Event::Capture, Side::Ru, Status::Claimed),
            claim(&p, Event::Advance, Side::Ua, Status::Claimed),
            claim(&q, Event::Advance, Side::Ru, Status::Claimed),
            claim(&far, Event::Advance, Side::Ru, Status::Claimed),
        ];
        let groups = group(&claims, &[]);
        let frame = Box2::new(0.0, 0.0, 1000.0, 1000.0);
        let project =
            |lon: f64, lat: f64| (((lon - 35.0) * 100.0) as f32, ((50.0 - lat) * 100.0) as f32);
        let placed = layout(&groups, project, &frame, 5.0, 12.0);
        assert_eq!(placed.len(), 2, "the far group is outside the frame");
        assert!(
            !placed[0].displaced(),
            "the most claimed place keeps its spot"
        );
        assert!(placed[1].displaced());
        assert!(!placed[0].rect.overlaps(&placed[1].rect));
    }

    #[test]
    fn row_is_centred() {
        let xs: Vec<f32> = row(100.0, 0.0, 3, 10.0).map(|p| p.0).collect();
        assert_eq!(xs, vec![90.0, 100.0, 110.0]);
        assert_eq!(row(5.0, 5.0, 1, 10.0).next(), Some((5.0, 5.0)));
    }
}
