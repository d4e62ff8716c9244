//! Frontline geometry: control zones and the front line derived from the
//! as-of state of places. Pure computation on `PlaceState`s; reads no file,
//! knows nothing of articles or rendering.
//!
//! # What the zones are, and are not
//!
//! The input is a set of points, each said to be held by RU or UA (or fought
//! over). Points are not territory: a zone is an *inference* that ground near
//! a place reported held is held by the same side, and nothing more. Ground
//! farther than [`Params::radius_km`] from every such place belongs to no
//! zone, however it is surrounded, and the front line is drawn only where the
//! two sides' inferred zones meet. Sparse reporting gives small, round zones
//! and short stretches of front; that is the honest picture of what the
//! articles say, not a map of the war.
//!
//! # Method
//!
//! 1. **Seeds.** A state becomes a seed when its place is a settlement whose
//!    point is its own (precision `exact` or `hromada`) and its controller is
//!    `RU`, `UA` or `contested`. Regions, raions, countries and sectors are
//!    skipped, and so are settlements known only to their raion or region:
//!    their point is a centroid, not a place anyone holds. `unknown` says
//!    nothing about control and is skipped too.
//! 2. **Distance fields.** Seeds are grouped into clusters whose reach
//!    overlaps; each cluster gets a grid of about [`Params::cell_km`] spacing
//!    in latitude and longitude (longitude spacing scaled by the cosine of the
//!    cluster's middle latitude). At every grid node we store the distance to
//!    the nearest RU, UA and contested seed, measured in a local
//!    equirectangular projection around the seed (exact to well under a
//!    percent at these ranges), capped a little beyond the radius.
//! 3. **Zones.** The RU zone is where a node is within `radius_km` of an RU
//!    seed, nearer to it than to any UA seed, and not inside a *contested
//!    hole* (nearer to a contested seed than to any held one and within
//!    [`Params::contested_radius_km`] of it); the UA zone likewise. Written as
//!    one continuous function per side,
//!    `g_RU = max(d_RU − R, d_RU − d_UA, min(d_RU − d_C, r_C − d_C))`,
//!    the zone is `g_RU < 0`. Its boundary is traced by **marching squares**
//!    with linear interpolation along grid edges, so the outline follows the
//!    circles and bisectors smoothly instead of in steps, and needs no
//!    simplification afterwards (simplifying would risk making rings cross).
//! 4. **Front line.** Where both sides are near, `g_RU = d_RU − d_UA =
//!    −g_UA`: the two zone outlines run along the same bisector in opposite
//!    directions. The front line is the set of RU outline segments whose
//!    reverse is also a UA outline segment, chained into LineStrings. It is
//!    oriented with RU on its left. A front around an enclosed pocket is a
//!    closed LineString.
//!
//! Contested places thus lie outside both zones, and the front line breaks
//! around them (their point is shown by `places.geojson`): a line drawn
//! through a town reported as fought over would claim more than is known.
//!
//! # Guarantees
//!
//! * Rings are closed, have at least four positions, exterior rings are
//!   counter-clockwise and holes clockwise in (lon, lat) (RFC 7946's
//!   right-hand rule), and no two rings of a zone cross or even touch:
//!   contours of one function never cross, and every vertex is kept at least
//!   1 % of a cell from grid nodes, so distinct vertices stay apart (by tens
//!   of metres, far more than 6-decimal rounding moves them). [`validate`]
//!   checks all of this.
//! * Coordinates are `[lon, lat]` (geo's x = longitude).
//! * Deterministic: the result depends only on the set of states, not their
//!   order (distances are minima, clusters are connected components, and all
//!   tracing follows grid order).
//! * Fast: 2,000 states spread over the theatre take about 10 ms in a release
//!   build (time grows with the area covered more than with the states).
//!
//! # Limits
//!
//! * A node exactly as near RU as UA is counted UA; exact ties are rare.
//! * The antimeridian is not handled (the theatre is far from it).
//! * A single cluster wider than about 5,000 km a side gets coarser cells
//!   (at most [`MAX_NODES`] grid nodes per cluster).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

use crate::model::{Controller, PlaceKind, PlaceState, Precision, Side};

/// km per degree of latitude (and of longitude on the equator), R = 6371 km.
const KM_PER_DEG: f64 = 6371.0 * std::f64::consts::PI / 180.0;
/// Largest number of grid nodes for one cluster; past it the cells grow.
pub const MAX_NODES: usize = 4_000_000;
/// Contour vertices are kept this far (in cells) from grid nodes.
const NODE_CLEARANCE: f64 = 0.01;
/// Rings smaller than this (in cell areas) are numerical slivers: dropped.
const MIN_RING_CELLS: f64 = 1e-3;

/// The area one side is inferred to hold.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub controller: Side,
    pub area: MultiPolygon<f64>,
}

/// Everything `frontline.geojson` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontline {
    /// At most one zone per side, RU first; a side with no area is absent.
    pub zones: Vec<Zone>,
    /// Oriented with RU on the left.
    pub front_line: MultiLineString<f64>,
    pub as_of: Option<NaiveDate>,
}

/// The knobs of [`derive_with`]. Non-finite or non-positive values fall back
/// to the defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Grid spacing in km (default 2). Smaller is smoother and slower
    /// (time and memory grow with the inverse square).
    pub cell_km: f64,
    /// How far from a held place its side's zone may reach, in km
    /// (default 15).
    pub radius_km: f64,
    /// How far around a contested place ground stays outside both zones,
    /// in km (default 5), where no held place is nearer.
    pub contested_radius_km: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            cell_km: 2.0,
            radius_km: 15.0,
            contested_radius_km: 5.0,
        }
    }
}

impl Params {
    fn sanitized(self) -> Params {
        let d = Params::default();
        let ok = |x: f64, default: f64| if x.is_finite() && x > 0.0 { x } else { default };
        Params {
            cell_km: ok(self.cell_km, d.cell_km),
            radius_km: ok(self.radius_km, d.radius_km),
            contested_radius_km: ok(self.contested_radius_km, d.contested_radius_km),
        }
    }
}

/// Derive zones and the front line from place states, with default [`Params`].
///
/// ```
/// use frontline::geometry::derive;
/// use frontline::model::{Controller, Side};
/// # use frontline::model::*;
/// # fn held(lat: f64, lon: f64, controller: Controller) -> PlaceState {
/// #     PlaceState {
/// #         place: PlaceRef { place_id: String::new(), place: String::new(),
/// #             country: "UA".into(), admin1: None, kind: PlaceKind::Settlement,
/// #             precision: Precision::Exact, lat, lon },
/// #         controller, since: None, last_event: Event::Capture,
/// #         status: Status::Confirmed, claims: 1, sources: 1, outlets: 1, events: 1, confidence: 0.8, as_of: None,
/// #     }
/// # }
/// // two villages 20 km apart, one held by each side
/// let states = [held(48.0, 37.0, Controller::Ru), held(48.0, 37.27, Controller::Ua)];
/// let f = derive(&states, None);
/// assert_eq!(f.zones.len(), 2);
/// assert_eq!(f.zones[0].controller, Side::Ru);
/// // the front runs north-south halfway between them
/// let line = &f.front_line.0[0];
/// assert!(line.coords().all(|c| (c.x - 37.135).abs() < 0.01));
/// ```
pub fn derive(states: &[PlaceState], as_of: Option<NaiveDate>) -> Frontline {
    derive_with(states, as_of, &Params::default())
}

/// Derive zones and the front line from place states (see the module docs).
pub fn derive_with(states: &[PlaceState], as_of: Option<NaiveDate>, params: &Params) -> Frontline {
    let params = params.sanitized();
    let seeds: Vec<Seed> = states.iter().filter_map(Seed::from_state).collect();
    let mut ru = Vec::new();
    let mut ua = Vec::new();
    let mut lines = Vec::new();
    for cluster in clusters(&seeds, 2.0 * reach_km(&params, params.cell_km)) {
        let traced = trace_cluster(&cluster, &params);
        ru.extend(traced.ru);
        ua.extend(traced.ua);
        lines.extend(traced.front);
    }
    let zones = [(Side::Ru, ru), (Side::Ua, ua)]
        .into_iter()
        .filter(|(_, polys)| !polys.is_empty())
        .map(|(controller, polys)| Zone {
            controller,
            area: MultiPolygon(polys),
        })
        .collect();
    Frontline {
        zones,
        front_line: MultiLineString(lines),
        as_of,
    }
}

/// What a seed says about the ground around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Ru = 0,
    Ua = 1,
    Contested = 2,
}

#[derive(Debug, Clone, Copy)]
struct Seed {
    lat: f64,
    lon: f64,
    role: Role,
}

impl Seed {
    fn from_state(s: &PlaceState) -> Option<Seed> {
        let p = &s.place;
        if p.kind != PlaceKind::Settlement
            || !matches!(p.precision, Precision::Exact | Precision::Hromada)
            || !p.lat.is_finite()
            || !p.lon.is_finite()
            || p.lat.abs() > 85.0
        {
            return None;
        }
        let role = match s.controller {
            Controller::Ru => Role::Ru,
            Controller::Ua => Role::Ua,
            Controller::Contested => Role::Contested,
            Controller::Unknown => return None,
        };
        Some(Seed {
            lat: p.lat,
            lon: p.lon,
            role,
        })
    }
}

/// Distance beyond which a seed no longer matters to a node, in km: the
/// largest radius plus two cells, so that every node next to a zone edge has
/// its exact distances.
fn reach_km(params: &Params, cell_km: f64) -> f64 {
    params.radius_km.max(params.contested_radius_km) + 2.0 * cell_km
}

/// Equirectangular distance in km around `a`'s latitude.
fn local_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let dy = (b.0 - a.0) * KM_PER_DEG;
    let dx = (b.1 - a.1) * KM_PER_DEG * a.0.to_radians().cos();
    (dx * dx + dy * dy).sqrt()
}

/// Groups of seeds closer than `link_km` through a chain of neighbours:
/// seeds in different groups cannot influence the same grid node. Groups are
/// ordered by their southernmost, then westernmost seed.
fn clusters(seeds: &[Seed], link_km: f64) -> Vec<Vec<Seed>> {
    let mut order: Vec<usize> = (0..seeds.len()).collect();
    order.sort_by(|&a, &b| seeds[a].lat.total_cmp(&seeds[b].lat));
    let mut parent: Vec<usize> = (0..seeds.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let link_deg = link_km / KM_PER_DEG;
    for (k, &a) in order.iter().enumerate() {
        for &b in &order[k + 1..] {
            if seeds[b].lat - seeds[a].lat > link_deg {
                break;
            }
            let (sa, sb) = (&seeds[a], &seeds[b]);
            // measured with the smaller cosine of the two: errs towards
            // linking, which only makes a cluster larger
            let (p, q) = if sa.lat.abs() > sb.lat.abs() {
                (sa, sb)
            } else {
                (sb, sa)
            };
            if local_km((p.lat, p.lon), (q.lat, q.lon)) <= link_km {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Seed>> = HashMap::new();
    for (i, seed) in seeds.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*seed);
    }
    let key = |g: &Vec<Seed>| {
        g.iter()
            .map(|s| (s.lat, s.lon))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
    };
    let mut out: Vec<Vec<Seed>> = groups.into_values().collect();
    out.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
    });
    out
}

/// A lat/lon lattice: node (i, j) at (lat0 + i·dlat, lon0 + j·dlon), row
/// `i` running north, column `j` east.
struct Grid {
    lat0: f64,
    lon0: f64,
    dlat: f64,
    dlon: f64,
    rows: usize,
    cols: usize,
}

impl Grid {
    fn for_cluster(seeds: &[Seed], params: &Params) -> (Grid, f64) {
        let (mut lat_lo, mut lat_hi, mut lon_lo, mut lon_hi) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for s in seeds {
            lat_lo = lat_lo.min(s.lat);
            lat_hi = lat_hi.max(s.lat);
            lon_lo = lon_lo.min(s.lon);
            lon_hi = lon_hi.max(s.lon);
        }
        let mut cell = params.cell_km;
        loop {
            let margin = reach_km(params, cell) + 2.0 * cell;
            let m_lat = margin / KM_PER_DEG;
            let poleward = (lat_lo - m_lat).abs().max((lat_hi + m_lat).abs()).min(89.0);
            let m_lon = margin / (KM_PER_DEG * poleward.to_radians().cos());
            let mid = (lat_lo + lat_hi) / 2.0;
            let dlat = cell / KM_PER_DEG;
            let dlon = cell / (KM_PER_DEG * mid.to_radians().cos());
            let rows = ((lat_hi - lat_lo + 2.0 * m_lat) / dlat).ceil() as usize + 1;
            let cols = ((lon_hi - lon_lo + 2.0 * m_lon) / dlon).ceil() as usize + 1;
            if rows.saturating_mul(cols) > MAX_NODES {
                cell *= (rows as f64 * cols as f64 / MAX_NODES as f64).sqrt() * 1.01;
                continue;
            }
            let grid = Grid {
                lat0: lat_lo - m_lat,
                lon0: lon_lo - m_lon,
                dlat,
                dlon,
                rows,
                cols,
            };
            return (grid, cell);
        }
    }

    fn lat(&self, i: f64) -> f64 {
        self.lat0 + i * self.dlat
    }

    fn lon(&self, j: f64) -> f64 {
        self.lon0 + j * self.dlon
    }

    /// Distance (km) from each node to the nearest seed of each role, capped
    /// at `cap`.
    fn distances(&self, seeds: &[Seed], cap: f64) -> [Vec<f64>; 3] {
        let n = self.rows * self.cols;
        let mut d = [vec![cap; n], vec![cap; n], vec![cap; n]];
        for s in seeds {
            let field = &mut d[s.role as usize];
            let kx = KM_PER_DEG * s.lat.to_radians().cos();
            let (half_lat, half_lon) = (cap / KM_PER_DEG, cap / kx);
            let span = |lo: f64, hi: f64, origin: f64, step: f64, len: usize| {
                let a = ((lo - origin) / step).ceil().max(0.0) as usize;
                let b = (((hi - origin) / step).floor().max(-1.0) + 1.0) as usize;
                a..b.min(len)
            };
            let rows = span(
                s.lat - half_lat,
                s.lat + half_lat,
                self.lat0,
                self.dlat,
                self.rows,
            );
            let cols = span(
                s.lon - half_lon,
                s.lon + half_lon,
                self.lon0,
                self.dlon,
                self.cols,
            );
            for i in rows {
                let dy = (self.lat(i as f64) - s.lat) * KM_PER_DEG;
                for j in cols.clone() {
                    let dx = (self.lon(j as f64) - s.lon) * kx;
                    let dist = (dx * dx + dy * dy).sqrt();
                    let slot = &mut field[i * self.cols + j];
                    if dist < *slot {
                        *slot = dist;
                    }
                }
            }
        }
        d
    }

    /// Where the zero of `g` lies on grid edge `edge` (see [`contour`]).
    fn crossing(&self, g: &[f64], edge: usize) -> Coord<f64> {
        let node = edge / 2;
        let vertical = edge % 2 == 1;
        let other = if vertical { node + self.cols } else { node + 1 };
        let t = (g[node] / (g[node] - g[other])).clamp(NODE_CLEARANCE, 1.0 - NODE_CLEARANCE);
        let (i, j) = ((node / self.cols) as f64, (node % self.cols) as f64);
        if vertical {
            Coord {
                x: self.lon(j),
                y: self.lat(i + t),
            }
        } else {
            Coord {
                x: self.lon(j + t),
                y: self.lat(i),
            }
        }
    }
}

struct Traced {
    ru: Vec<Polygon<f64>>,
    ua: Vec<Polygon<f64>>,
    front: Vec<LineString<f64>>,
}

fn trace_cluster(seeds: &[Seed], params: &Params) -> Traced {
    let (grid, cell) = Grid::for_cluster(seeds, params);
    let cap = reach_km(params, cell);
    let [d_ru, d_ua, d_c] = grid.distances(seeds, cap);
    let (r, rc) = (params.radius_km, params.contested_radius_km);
    let n = d_ru.len();
    let mut g_ru = Vec::with_capacity(n);
    let mut g_ua = Vec::with_capacity(n);
    for k in 0..n {
        let mut h = d_ru[k] - d_ua[k];
        if h == 0.0 {
            h = f64::MIN_POSITIVE; // an exact tie goes to UA
        }
        let free_ru = (d_ru[k] - d_c[k]).min(rc - d_c[k]);
        let free_ua = (d_ua[k] - d_c[k]).min(rc - d_c[k]);
        g_ru.push(off_zero((d_ru[k] - r).max(h).max(free_ru)));
        g_ua.push(off_zero((d_ua[k] - r).max(-h).max(free_ua)));
    }
    let seg_ru = contour(&grid, &g_ru);
    let seg_ua = contour(&grid, &g_ua);
    let min_area = MIN_RING_CELLS * grid.dlat * grid.dlon;
    let ua_set: HashSet<(usize, usize)> = seg_ua.iter().copied().collect();
    let front: Vec<(usize, usize)> = seg_ru
        .iter()
        .copied()
        .filter(|&(a, b)| ua_set.contains(&(b, a)))
        .collect();
    Traced {
        ru: polygons(rings(&grid, &g_ru, &seg_ru), min_area),
        ua: polygons(rings(&grid, &g_ua, &seg_ua), min_area),
        front: chains(&front)
            .into_iter()
            .map(|chain| chain.iter().map(|&e| grid.crossing(&g_ru, e)).collect())
            .collect(),
    }
}

/// Node values of exactly zero would put contour vertices on nodes; count
/// them as outside.
fn off_zero(v: f64) -> f64 {
    if v == 0.0 {
        f64::MIN_POSITIVE
    } else {
        v
    }
}

/// Marching squares on the node values `g` (inside where `g < 0`). Returns
/// oriented segments, inside on the left, as (start edge, end edge); edge
/// `2·n` runs east from node `n`, edge `2·n + 1` north from it. Every edge
/// crossing starts exactly one segment and ends exactly one, provided the
/// grid border is outside.
fn contour(grid: &Grid, g: &[f64]) -> Vec<(usize, usize)> {
    let cols = grid.cols;
    let mut segments = Vec::new();
    for i in 0..grid.rows.saturating_sub(1) {
        for j in 0..cols.saturating_sub(1) {
            let bl = i * cols + j;
            let (br, tl) = (bl + 1, bl + cols);
            let tr = tl + 1;
            // corners counter-clockwise; edge k runs from corner k to k + 1
            let v = [g[bl], g[br], g[tr], g[tl]];
            let inside = v.map(|x| x < 0.0);
            let count = inside.iter().filter(|&&x| x).count();
            if count == 0 || count == 4 {
                continue;
            }
            let edges = [2 * bl, 2 * br + 1, 2 * tl, 2 * bl + 1];
            let saddle = count == 2 && inside[0] == inside[2];
            let sum = v[0] + v[1] + v[2] + v[3];
            // ties resolved by corner 0 so that g and -g make the same choice
            let centre_inside = sum < 0.0 || (sum == 0.0 && inside[0]);
            // an exit (inside → outside) joins the next entry counter-clockwise,
            // or clockwise at a saddle whose centre is outside
            let step = if saddle && !centre_inside { 3 } else { 1 };
            for k in 0..4 {
                let exit = inside[k] && !inside[(k + 1) % 4];
                if !exit {
                    continue;
                }
                let mut m = (k + step) % 4;
                while inside[m] || !inside[(m + 1) % 4] {
                    m = (m + step) % 4;
                }
                segments.push((edges[k], edges[m]));
            }
        }
    }
    segments
}

/// Chain closed contour segments into closed rings of coordinates.
fn rings(grid: &Grid, g: &[f64], segments: &[(usize, usize)]) -> Vec<LineString<f64>> {
    let starts: HashMap<usize, usize> = segments
        .iter()
        .enumerate()
        .map(|(i, &(a, _))| (a, i))
        .collect();
    let mut used = vec![false; segments.len()];
    let mut out = Vec::new();
    for first in 0..segments.len() {
        if used[first] {
            continue;
        }
        let mut coords = Vec::new();
        let mut s = first;
        let closed = loop {
            used[s] = true;
            coords.push(grid.crossing(g, segments[s].0));
            match starts.get(&segments[s].1) {
                Some(&next) if next == first => break true,
                Some(&next) if !used[next] => s = next,
                _ => break false,
            }
        };
        debug_assert!(closed, "open contour: the grid border must be outside");
        if closed && coords.len() >= 3 {
            coords.push(coords[0]);
            out.push(LineString(coords));
        }
    }
    out
}

/// Chain front segments into LineStrings: open paths first from their free
/// ends, then closed loops.
fn chains(segments: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let starts: HashMap<usize, usize> = segments
        .iter()
        .enumerate()
        .map(|(i, &(a, _))| (a, i))
        .collect();
    let ends: HashSet<usize> = segments.iter().map(|&(_, b)| b).collect();
    let mut used = vec![false; segments.len()];
    let mut out = Vec::new();
    let heads = (0..segments.len()).filter(|&i| !ends.contains(&segments[i].0));
    let rest = 0..segments.len();
    for first in heads.chain(rest) {
        if used[first] {
            continue;
        }
        let mut edges = vec![segments[first].0];
        let mut s = first;
        loop {
            used[s] = true;
            edges.push(segments[s].1);
            match starts.get(&segments[s].1) {
                Some(&next) if !used[next] => s = next,
                _ => break,
            }
        }
        if edges.len() >= 2 {
            out.push(edges);
        }
    }
    out
}

/// Twice the signed area (counter-clockwise positive) of a closed ring.
fn signed_area2(ring: &LineString<f64>) -> f64 {
    ring.0
        .windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Whether `p` is inside closed ring `ring` (crossing number).
fn in_ring(p: Coord<f64>, ring: &LineString<f64>) -> bool {
    let mut inside = false;
    for w in ring.0.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) {
            inside = !inside;
        }
    }
    inside
}

/// Counter-clockwise rings are outlines, clockwise ones holes; each hole goes
/// to the smallest outline around it.
fn polygons(rings: Vec<LineString<f64>>, min_area: f64) -> Vec<Polygon<f64>> {
    let mut shells: Vec<(LineString<f64>, f64, Vec<LineString<f64>>)> = Vec::new();
    let mut holes = Vec::new();
    for ring in rings {
        let a2 = signed_area2(&ring);
        if a2.abs() < 2.0 * min_area {
            continue;
        }
        if a2 > 0.0 {
            shells.push((ring, a2, Vec::new()));
        } else {
            holes.push(ring);
        }
    }
    for hole in holes {
        let p = hole.0[0];
        let owner = shells
            .iter()
            .enumerate()
            .filter(|(_, (shell, _, _))| in_ring(p, shell))
            .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .map(|(i, _)| i);
        debug_assert!(owner.is_some(), "a hole outside every outline");
        if let Some(i) = owner {
            shells[i].2.push(hole);
        }
    }
    shells
        .into_iter()
        .map(|(shell, _, holes)| Polygon::new(shell, holes))
        .collect()
}

/// Something wrong with a zone's rings (see [`validate`]). `polygon` and
/// `ring` index the MultiPolygon; ring 0 is the exterior, 1.. the holes.
#[derive(Debug, Clone, PartialEq)]
pub enum GeometryProblem {
    NotClosed {
        polygon: usize,
        ring: usize,
    },
    TooFewPositions {
        polygon: usize,
        ring: usize,
        positions: usize,
    },
    NotFinite {
        polygon: usize,
        ring: usize,
    },
    /// Exterior not counter-clockwise, or hole not clockwise.
    WrongWinding {
        polygon: usize,
        ring: usize,
    },
    /// Two edges (of one ring or of two rings) cross or touch.
    Intersection {
        at: Coord<f64>,
        first: (usize, usize),
        second: (usize, usize),
    },
}

/// Every problem that would make `area` an invalid RFC 7946 / OGC simple
/// feature, or break this module's guarantees (which are stricter: rings
/// never touch). The intersection check sweeps edges by longitude; it is
/// meant for tests and debugging, not for every export.
pub fn validate(area: &MultiPolygon<f64>) -> Vec<GeometryProblem> {
    use geo::line_intersection::{line_intersection, LineIntersection};
    use geo::Line;
    let mut problems = Vec::new();
    // (polygon, ring, edge index, edge count, line)
    let mut edges: Vec<(usize, usize, usize, usize, Line<f64>)> = Vec::new();
    for (pi, poly) in area.0.iter().enumerate() {
        let rings = std::iter::once(poly.exterior()).chain(poly.interiors());
        for (ri, ring) in rings.enumerate() {
            let c = &ring.0;
            if c.iter().any(|p| !p.x.is_finite() || !p.y.is_finite()) {
                problems.push(GeometryProblem::NotFinite {
                    polygon: pi,
                    ring: ri,
                });
                continue;
            }
            if c.len() < 4 {
                problems.push(GeometryProblem::TooFewPositions {
                    polygon: pi,
                    ring: ri,
                    positions: c.len(),
                });
                continue;
            }
            if c.first() != c.last() {
                problems.push(GeometryProblem::NotClosed {
                    polygon: pi,
                    ring: ri,
                });
            }
            let ccw = signed_area2(ring) > 0.0;
            if ccw != (ri == 0) {
                problems.push(GeometryProblem::WrongWinding {
                    polygon: pi,
                    ring: ri,
                });
            }
            let n = c.len() - 1;
            for (k, w) in c.windows(2).enumerate() {
                edges.push((pi, ri, k, n, Line::new(w[0], w[1])));
            }
        }
    }
    let west = |l: &Line<f64>| l.start.x.min(l.end.x);
    let east = |l: &Line<f64>| l.start.x.max(l.end.x);
    edges.sort_by(|a, b| west(&a.4).total_cmp(&west(&b.4)));
    for (k, a) in edges.iter().enumerate() {
        for b in &edges[k + 1..] {
            if west(&b.4) > east(&a.4) {
                break;
            }
            let same_ring = a.0 == b.0 && a.1 == b.1;
            let adjacent = same_ring && (a.2.abs_diff(b.2) == 1 || a.2.abs_diff(b.2) == a.3 - 1);
            let Some(hit) = line_intersection(a.4, b.4) else {
                continue;
            };
            let at = match hit {
                LineIntersection::SinglePoint { intersection, .. } => intersection,
                LineIntersection::Collinear { intersection } => intersection.start,
            };
            // neighbours in a ring meet at their shared vertex, and only there
            if adjacent && matches!(hit, LineIntersection::SinglePoint { .. }) {
                continue;
            }
            problems.push(GeometryProblem::Intersection {
                at,
                first: (a.0, a.1),
                second: (b.0, b.1),
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, PlaceRef, Status};
    use geo::{Contains, Point, Winding};

    fn state(lat: f64, lon: f64, controller: Controller) -> PlaceState {
        PlaceState {
            place: PlaceRef {
                place_id: format!("t:{lat:.4},{lon:.4}"),
                place: "Test".to_string(),
                country: "UA".to_string(),
                admin1: None,
                kind: PlaceKind::Settlement,
                precision: Precision::Exact,
                lat,
                lon,
            },
            controller,
            since: None,
            last_event: Event::Capture,
            status: Status::Confirmed,
            claims: 1,
            sources: 1,
            outlets: 1,
            events: 1,
            confidence: 0.8,
            as_of: None,
        }
    }

    /// Places on a lattice: `side(lat, lon)` says who holds each (None: no place).
    fn lattice(
        lats: (f64, f64),
        lons: (f64, f64),
        step: f64,
        side: impl Fn(f64, f64) -> Option<Controller>,
    ) -> Vec<PlaceState> {
        let mut out = Vec::new();
        let mut lat = lats.0;
        while lat <= lats.1 + 1e-9 {
            let mut lon = lons.0;
            while lon <= lons.1 + 1e-9 {
                if let Some(c) = side(lat, lon) {
                    out.push(state(lat, lon, c));
                }
                lon += step;
            }
            lat += step;
        }
        out
    }

    /// A deterministic scatter of `n` places, RU west of a wavy line, UA
    /// east, some contested near it.
    fn scatter(n: usize) -> Vec<PlaceState> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                let lat = 46.5 + 4.0 * next();
                let lon = 34.0 + 6.0 * next();
                let front = 37.0 + 0.6 * (lat * 3.0).sin();
                let c = if (lon - front).abs() < 0.03 {
                    Controller::Contested
                } else if lon < front {
                    Controller::Ru
                } else {
                    Controller::Ua
                };
                state(lat, lon, c)
            })
            .collect()
    }

    fn assert_valid(f: &Frontline) {
        for z in &f.zones {
            let problems = validate(&z.area);
            assert!(problems.is_empty(), "{:?}: {problems:?}", z.controller);
            for poly in &z.area.0 {
                assert!(poly.exterior().is_ccw());
                assert!(poly.interiors().iter().all(|h| h.is_cw()));
                for c in poly.exterior().coords() {
                    assert!((-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y));
                }
            }
        }
        for line in &f.front_line.0 {
            assert!(line.0.len() >= 2);
        }
    }

    fn zone(f: &Frontline, side: Side) -> Option<&MultiPolygon<f64>> {
        f.zones
            .iter()
            .find(|z| z.controller == side)
            .map(|z| &z.area)
    }

    #[test]
    fn empty_input_gives_nothing() {
        let as_of = NaiveDate::from_ymd_opt(2024, 10, 1);
        let f = derive(&[], as_of);
        assert!(f.zones.is_empty());
        assert!(f.front_line.0.is_empty());
        assert_eq!(f.as_of, as_of);
    }

    #[test]
    fn one_side_only_gives_one_zone_and_no_front() {
        let states = lattice((48.0, 48.2), (37.0, 37.2), 0.1, |_, _| Some(Controller::Ru));
        let f = derive(&states, None);
        assert_eq!(f.zones.len(), 1);
        assert_eq!(f.zones[0].controller, Side::Ru);
        assert_eq!(f.zones[0].area.0.len(), 1, "one connected zone");
        assert!(f.front_line.0.is_empty());
        assert_valid(&f);
        for s in &states {
            assert!(f.zones[0]
                .area
                .contains(&Point::new(s.place.lon, s.place.lat)));
        }
        // The zone reaches about radius_km beyond the outer places, no more.
        let km_lon = KM_PER_DEG * 48.1_f64.to_radians().cos();
        for c in f.zones[0].area.0[0].exterior().coords() {
            let dx = ((c.x - 37.1).abs() - 0.1).max(0.0) * km_lon;
            let dy = ((c.y - 48.1).abs() - 0.1).max(0.0) * KM_PER_DEG;
            assert!(dx.hypot(dy) < 15.5, "{c:?}");
        }
    }

    #[test]
    fn front_line_runs_between_west_and_east() {
        // RU west of 36.9, UA east of 37.1, every 0.05 degrees
        let states = lattice((47.5, 48.5), (36.5, 37.5), 0.05, |_, lon| {
            if lon < 36.91 {
                Some(Controller::Ru)
            } else if lon > 37.09 {
                Some(Controller::Ua)
            } else {
                None
            }
        });
        let f = derive(&states, None);
        assert_valid(&f);
        assert_eq!(f.zones.len(), 2);
        assert_eq!(f.front_line.0.len(), 1, "{:?}", f.front_line);
        let line = &f.front_line.0[0];
        let (mut lat_min, mut lat_max) = (90.0_f64, -90.0_f64);
        for c in line.coords() {
            assert!(c.x > 36.9 && c.x < 37.1, "{c:?}");
            assert!((c.x - 37.0).abs() < 0.01, "near the bisector: {c:?}");
            lat_min = lat_min.min(c.y);
            lat_max = lat_max.max(c.y);
        }
        // It spans the places' latitudes and a little beyond.
        assert!(lat_min < 47.5 && lat_max > 48.5, "{lat_min}..{lat_max}");
        // RU on the left of the line's direction: it runs south to north.
        assert!(line.0.first().unwrap().y < line.0.last().unwrap().y);
    }

    #[test]
    fn zones_do_not_overlap() {
        use geo::{Area, BooleanOps};
        let f = derive(&scatter(400), None);
        assert_valid(&f);
        let ru = zone(&f, Side::Ru).unwrap();
        let ua = zone(&f, Side::Ua).unwrap();
        let overlap = ru.intersection(ua).unsigned_area();
        assert!(overlap < 1e-9, "overlap {overlap}");
        assert!(!f.front_line.0.is_empty());
    }

    #[test]
    fn contested_place_is_a_hole_in_the_zone() {
        let mut states = lattice((47.9, 48.1), (36.9, 37.1), 0.05, |lat, lon| {
            let centre = (lat - 48.0).abs() < 1e-6 && (lon - 37.0).abs() < 1e-6;
            Some(if centre {
                Controller::Contested
            } else {
                Controller::Ru
            })
        });
        states.push(state(48.5, 37.0, Controller::Unknown)); // ignored
        let f = derive(&states, None);
        assert_valid(&f);
        assert_eq!(f.zones.len(), 1);
        let ru = &f.zones[0].area;
        assert_eq!(ru.0.len(), 1);
        assert_eq!(ru.0[0].interiors().len(), 1, "one hole");
        assert!(ru.0[0].interiors()[0].is_cw());
        assert!(!ru.contains(&Point::new(37.0, 48.0)));
        assert!(ru.contains(&Point::new(36.95, 48.0)));
        assert!(
            !ru.contains(&Point::new(37.0, 48.5)),
            "unknown makes no zone"
        );
    }

    #[test]
    fn regions_and_vague_points_make_no_zone() {
        let mut region = state(48.0, 37.8, Controller::Ru);
        region.place.kind = PlaceKind::Region;
        region.place.precision = Precision::Region;
        let mut raion_point = state(48.5, 36.0, Controller::Ua);
        raion_point.place.precision = Precision::Raion;
        let mut sector = state(48.3, 37.2, Controller::Ru);
        sector.place.kind = PlaceKind::Sector;
        let f = derive(&[region, raion_point, sector], None);
        assert!(f.zones.is_empty());
        assert!(f.front_line.0.is_empty());
    }

    #[test]
    fn same_result_in_any_order() {
        let states = scatter(300);
        let f = derive(&states, None);
        let mut shuffled = states.clone();
        shuffled.reverse();
        shuffled.rotate_left(117);
        assert_eq!(derive(&shuffled, None), f);
        let mut by_lon = states;
        by_lon.sort_by(|a, b| a.place.lon.total_cmp(&b.place.lon));
        assert_eq!(derive(&by_lon, None), f);
    }

    #[test]
    fn far_apart_places_are_separate_clusters() {
        let states = [
            state(54.7, 20.5, Controller::Ru),  // Kaliningrad
            state(43.1, 131.9, Controller::Ru), // Vladivostok
            state(48.0, 37.8, Controller::Ua),
        ];
        let f = derive(&states, None);
        assert_valid(&f);
        assert_eq!(zone(&f, Side::Ru).unwrap().0.len(), 2);
        assert_eq!(zone(&f, Side::Ua).unwrap().0.len(), 1);
        assert!(f.front_line.0.is_empty());
    }

    #[test]
    fn enclosed_pocket_has_a_closed_front() {
        let states = lattice((47.6, 48.4), (36.6, 37.4), 0.05, |lat, lon| {
            let pocket = (lat - 48.0).abs() < 0.08 && (lon - 37.0).abs() < 0.08;
            Some(if pocket {
                Controller::Ua
            } else {
                Controller::Ru
            })
        });
        let f = derive(&states, None);
        assert_valid(&f);
        assert_eq!(f.front_line.0.len(), 1);
        let ring = &f.front_line.0[0];
        assert!(ring.is_closed());
        // RU on the left of a loop around a UA pocket: clockwise
        assert!(signed_area2(ring) < 0.0);
        let ru = zone(&f, Side::Ru).unwrap();
        assert_eq!(ru.0[0].interiors().len(), 1);
    }

    /// A pseudo-random field on a small grid, with exact saddles and ties.
    fn field(seed: u64) -> (Grid, Vec<f64>) {
        let grid = Grid {
            lat0: 48.0,
            lon0: 37.0,
            dlat: 0.01,
            dlon: 0.015,
            rows: 12,
            cols: 14,
        };
        let mut x = seed;
        let mut g = Vec::new();
        for k in 0..grid.rows * grid.cols {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (i, j) = (k / grid.cols, k % grid.cols);
            let border = i == 0 || j == 0 || i == grid.rows - 1 || j == grid.cols - 1;
            let v = [-1.0, 1.0, -2.0, 2.0, -0.5, 0.25][(x >> 60) as usize % 6];
            g.push(if border { 1.0 } else { v });
        }
        (grid, g)
    }

    #[test]
    fn contours_of_g_and_minus_g_are_the_same_segments_reversed() {
        // what makes the RU and UA outlines coincide along the front
        for seed in 0..50 {
            let (grid, g) = field(seed);
            let minus: Vec<f64> = g.iter().map(|v| -v).collect();
            let mut a: Vec<(usize, usize)> = contour(&grid, &g);
            let mut b: Vec<(usize, usize)> = contour(&grid, &minus)
                .into_iter()
                .map(|(s, e)| (e, s))
                .collect();
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "seed {seed}");
        }
    }

    #[test]
    fn contours_close_into_valid_rings() {
        for seed in 0..50 {
            let (grid, g) = field(seed);
            let segments = contour(&grid, &g);
            let rings = rings(&grid, &g, &segments);
            let used: usize = rings.iter().map(|r| r.0.len() - 1).sum();
            assert_eq!(used, segments.len(), "every segment in a closed ring");
            let area = MultiPolygon(polygons(rings, 0.0));
            assert_eq!(validate(&area), vec![], "seed {seed}");
        }
    }

    #[test]
    fn validate_reports_every_problem() {
        use geo::polygon;
        let cw_square =
            polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 1.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0)];
        let bow_tie =
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 1.0), (x: 1.0, y: 0.0), (x: 0.0, y: 1.0)];
        let problems = validate(&MultiPolygon(vec![cw_square, bow_tie]));
        assert!(problems.contains(&GeometryProblem::WrongWinding {
            polygon: 0,
            ring: 0
        }));
        assert!(problems.iter().any(|p| matches!(
            p,
            GeometryProblem::Intersection {
                first: (1, 0),
                second: (1, 0),
                ..
            }
        )));
        let ok = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)];
        assert!(validate(&MultiPolygon(vec![ok])).is_empty());
    }

    #[test]
    fn two_thousand_states_stay_fast() {
        let states = scatter(2000);
        let t = std::time::Instant::now();
        let f = derive(&states, None);
        let took = t.elapsed();
        // generous: this also runs unoptimised; release takes milliseconds
        assert!(took.as_secs_f64() < 5.0, "{took:?}");
        assert_eq!(f.zones.len(), 2);
    }
}
