//! The embedded basemap (`data/basemap.geojson.gz`, see `data/BASEMAP.md`):
//! read once per process, projected once, shared by every render.
//!
//! Geometry is kept in projected km (see `projection`), each ring or line
//! with its bounds so that a render can skip what it cannot see. This
//! module reads no file at run time and draws nothing.

use std::io::Read;
use std::sync::OnceLock;

use flate2::read::GzDecoder;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use super::projection::{Bounds, GeoBox, Lcc};

const BASEMAP_GZ: &[u8] = include_bytes!("../../../data/basemap.geojson.gz");

/// A sequence of projected points with its bounds: a polygon ring or a line.
#[derive(Debug, Clone)]
pub struct Path {
    pub points: Vec<[f64; 2]>,
    pub bounds: Bounds,
}

impl Path {
    pub fn new(points: Vec<[f64; 2]>) -> Path {
        let mut bounds = Bounds::empty();
        for &p in &points {
            bounds.extend(p);
        }
        Path { points, bounds }
    }
}

/// One admin-1 unit (oblast, region, voivodeship, ...). The map draws
/// only the occupied ones; the identifying fields are there for tests and
/// for whoever labels oblasts next.
#[derive(Debug, Clone)]
#[cfg_attr(not(test), allow(dead_code))]
pub struct Admin1 {
    /// ISO 3166-1 alpha-2 of the country that governs it de jure.
    pub country: String,
    pub name: String,
    pub iso_3166_2: String,
    /// Occupied de facto (Crimea and Sevastopol only: see BASEMAP.md).
    pub occupied: bool,
    /// Rings: exteriors and holes alike, to be filled even-odd.
    pub rings: Vec<Path>,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub rings: Vec<Path>,
}

/// An orientation city.
#[derive(Debug, Clone)]
pub struct City {
    pub name: String,
    /// 1 capital, 2 major city, 3 regional centre.
    pub rank: u8,
    pub population: u64,
    /// Projected position.
    pub at: [f64; 2],
}

/// Borders between the admin-1 units of one country.
#[derive(Debug, Clone)]
pub struct Admin1Borders {
    pub country: String,
    pub lines: Vec<Path>,
}

#[derive(Debug, Clone, Default)]
pub struct Basemap {
    /// Where the data ends (the clip box), in degrees: beyond it the map
    /// knows neither land nor sea.
    pub data_box: Option<GeoBox>,
    pub land: Vec<Path>,
    pub countries: Vec<Country>,
    /// Only for the countries listed in BASEMAP.md (UA, RU, BY, MD).
    pub admin1: Vec<Admin1>,
    pub admin1_borders: Vec<Admin1Borders>,
    pub country_borders: Vec<Path>,
    pub coast: Vec<Path>,
    /// Sorted by rank, then population (largest first).
    pub cities: Vec<City>,
}

impl Basemap {
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }
}

/// The embedded basemap, parsed on first use.
pub fn get() -> Result<&'static Basemap, String> {
    static BASEMAP: OnceLock<Result<Basemap, String>> = OnceLock::new();
    BASEMAP
        .get_or_init(|| parse(BASEMAP_GZ, &Lcc::ukraine()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Parse a gzipped basemap FeatureCollection and project it.
pub fn parse(gz: &[u8], lcc: &Lcc) -> Result<Basemap, String> {
    let mut json = Vec::with_capacity(gz.len() * 4);
    GzDecoder::new(gz)
        .read_to_end(&mut json)
        .map_err(|e| format!("gzip: {e}"))?;
    let raw: RawCollection = serde_json::from_slice(&json).map_err(|e| format!("json: {e}"))?;

    let mut map = Basemap {
        data_box: raw.bbox.map(|[west, south, east, north]| GeoBox {
            west,
            south,
            east,
            north,
        }),
        ..Basemap::default()
    };
    for (i, f) in raw.features.into_iter().enumerate() {
        let p = f.properties;
        let g = f.geometry;
        let what = || format!("feature {i} (layer {:?})", p.layer);
        match p.layer.as_str() {
            "land" => map.land.extend(rings(&g, lcc).ok_or_else(what)?),
            "country" => map.countries.push(Country {
                code: p
                    .country
                    .clone()
                    .ok_or_else(|| format!("{}: no country", what()))?,
                rings: rings(&g, lcc).ok_or_else(what)?,
            }),
            "admin1" => map.admin1.push(Admin1 {
                country: p
                    .country
                    .clone()
                    .ok_or_else(|| format!("{}: no country", what()))?,
                name: p.name.clone().unwrap_or_default(),
                iso_3166_2: p.iso_3166_2.clone().unwrap_or_default(),
                occupied: p.occupied.unwrap_or(false),
                rings: rings(&g, lcc).ok_or_else(what)?,
            }),
            "admin1_border" => map.admin1_borders.push(Admin1Borders {
                country: p.country.clone().unwrap_or_default(),
                lines: lines(&g, lcc).ok_or_else(what)?,
            }),
            "country_border" => map.country_borders.extend(lines(&g, lcc).ok_or_else(what)?),
            "coast" => map.coast.extend(lines(&g, lcc).ok_or_else(what)?),
            "city" => {
                let Coords::List(pos) = &g.coordinates else {
                    return Err(what());
                };
                let [lon, lat] = position(pos).ok_or_else(what)?;
                map.cities.push(City {
                    name: p
                        .name
                        .clone()
                        .ok_or_else(|| format!("{}: no name", what()))?,
                    rank: p.rank.unwrap_or(3),
                    population: p.population.unwrap_or(0),
                    at: lcc.project(lon, lat),
                });
            }
            // A layer this version does not know: ignore it, so that a newer
            // basemap still loads.
            _ => {}
        }
    }
    map.cities.sort_by(|a, b| {
        (a.rank, std::cmp::Reverse(a.population), &a.name).cmp(&(
            b.rank,
            std::cmp::Reverse(b.population),
            &b.name,
        ))
    });
    if map.land.is_empty() || map.countries.is_empty() {
        return Err("no land or no countries".to_string());
    }
    Ok(map)
}

/// Rings of a Polygon or MultiPolygon.
fn rings(g: &RawGeometry, lcc: &Lcc) -> Option<Vec<Path>> {
    let depth = match g.kind.as_str() {
        "Polygon" => 2,
        "MultiPolygon" => 3,
        _ => return None,
    };
    let mut out = Vec::new();
    collect(&g.coordinates, depth, lcc, &mut out)?;
    Some(out)
}

/// Lines of a LineString or MultiLineString.
fn lines(g: &RawGeometry, lcc: &Lcc) -> Option<Vec<Path>> {
    let depth = match g.kind.as_str() {
        "LineString" => 1,
        "MultiLineString" => 2,
        _ => return None,
    };
    let mut out = Vec::new();
    collect(&g.coordinates, depth, lcc, &mut out)?;
    Some(out)
}

/// Walk `depth` levels of nesting down to lists of positions.
fn collect(c: &Coords, depth: usize, lcc: &Lcc, out: &mut Vec<Path>) -> Option<()> {
    let Coords::List(items) = c else { return None };
    if depth == 1 {
        let pts = items
            .iter()
            .map(|p| match p {
                Coords::List(pos) => position(pos).map(|[lon, lat]| lcc.project(lon, lat)),
                Coords::Num(_) => None,
            })
            .collect::<Option<Vec<_>>>()?;
        if pts.len() >= 2 {
            out.push(Path::new(pts));
        }
        return Some(());
    }
    for item in items {
        collect(item, depth - 1, lcc, out)?;
    }
    Some(())
}

fn position(pos: &[Coords]) -> Option<[f64; 2]> {
    match pos {
        [Coords::Num(lon), Coords::Num(lat), ..] => Some([*lon, *lat]),
        _ => None,
    }
}

#[derive(Deserialize)]
struct RawCollection {
    bbox: Option<[f64; 4]>,
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    geometry: RawGeometry,
    properties: RawProperties,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Coords,
}

#[derive(Deserialize)]
struct RawProperties {
    layer: String,
    country: Option<String>,
    name: Option<String>,
    iso_3166_2: Option<String>,
    occupied: Option<bool>,
    rank: Option<u8>,
    population: Option<u64>,
}

/// GeoJSON coordinates of any depth, read without buffering (the derive
/// for an untagged or adjacently tagged enum would buffer every array).
enum Coords {
    Num(f64),
    List(Vec<Coords>),
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Coords;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or an array of coordinates")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
                Ok(Coords::Num(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
                Ok(Coords::Num(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
                let mut v = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(c) = seq.next_element()? {
                    v.push(c);
                }
                Ok(Coords::List(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(rings: &[Path], p: [f64; 2]) -> bool {
        // Even-odd ray casting over all rings.
        let mut inside = false;
        for r in rings {
            let pts = &r.points;
            for i in 0..pts.len() {
                let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                if (a[1] > p[1]) != (b[1] > p[1])
                    && p[0] < a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0])
                {
                    inside = !inside;
                }
            }
        }
        inside
    }

    #[test]
    fn embedded_basemap_loads_with_every_layer() {
        let map = get().expect("basemap");
        assert!(!map.land.is_empty());
        assert!(map.admin1.len() > 100);
        let ua_borders = map
            .admin1_borders
            .iter()
            .find(|b| b.country == "UA")
            .expect("UA oblast borders");
        assert!(ua_borders.lines.len() > 20);
        assert!(map.country_borders.len() > 10 && !map.coast.is_empty());
        let data = map.data_box.expect("bbox");
        let widen = GeoBox::BASEMAP;
        assert!(
            data.west <= widen.west
                && data.south <= widen.south
                && data.east >= widen.east
                && data.north >= widen.north
        );
        assert!(map.cities.iter().any(|c| c.name == "Kyiv" && c.rank == 1));
        assert_eq!(map.cities[0].rank, 1);
        let ua = map.admin1.iter().filter(|a| a.country == "UA").count();
        assert_eq!(ua, 27, "24 oblasts, Crimea, Kyiv city and Sevastopol");
    }

    #[test]
    fn crimea_is_ukrainian_and_flagged_occupied() {
        let map = get().expect("basemap");
        let lcc = Lcc::ukraine();
        let occupied: Vec<&Admin1> = map.admin1.iter().filter(|a| a.occupied).collect();
        let mut codes: Vec<&str> = occupied.iter().map(|a| a.iso_3166_2.as_str()).collect();
        codes.sort();
        assert_eq!(codes, ["UA-40", "UA-43"]);
        assert!(occupied.iter().any(|a| a.name == "Sevastopol"));
        assert!(occupied.iter().all(|a| a.country == "UA"));
        let simferopol = lcc.project(34.10, 44.95);
        let ua = map.country("UA").expect("UA");
        assert!(contains(&ua.rings, simferopol));
        assert!(!contains(&map.country("RU").expect("RU").rings, simferopol));
        assert!(contains(&ua.rings, lcc.project(30.52, 50.45)), "Kyiv");
        assert!(!contains(&map.land, lcc.project(34.0, 43.5)), "Black Sea");
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let lcc = Lcc::ukraine();
        assert!(parse(b"not gzip", &lcc).is_err());
        let mut gz = Vec::new();
        {
            use std::io::Write;
            let mut e = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
            e.write_all(br#"{"features":[{"geometry":{"type":"Polygon","coordinates":[1,2]},"properties":{"layer":"land"}}]}"#)
                .unwrap();
            e.finish().unwrap();
        }
        assert!(parse(&gz, &lcc).is_err());
    }
}
