//! The gazetteer: every place frontline can put on a map, the matcher that
//! finds their names in text, and the resolver that picks which same-named
//! place an article means and drops government metonymy ("Moscow said").
//!
//! Code map: `matcher` (one trie over every folded name), `compiled` (the
//! form index and trie, and the format build.rs embeds them in), `variants`
//! (press spellings), `resolve` (candidates to mentions), `nonplace` (names
//! that are people, units, outlets, rivers in context), `metonymy` (seats
//! standing for their state), `context` (the words around a name).
//!
//! It reads the embedded `data/gazetteer.csv` (compiled by build.rs) and
//! optionally a user CSV with the same columns; it never reads articles from disk and never
//! decides what happened at a place (that is the linker's job).

mod compiled;
mod context;
mod fuzzy;
mod matcher;
mod metonymy;
mod nonplace;
pub mod recent;
mod resolve;
pub mod variants;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::model::{PlaceKind, PlaceRef, Precision};
use compiled::REQUIRED_COLUMNS;

pub use matcher::{Matcher, RawMatch};
pub use recent::RecentClaims;
pub use resolve::{resolve, resolve_with, Mention, Role};

/// The compiled-in gazetteer: the rows of `data/gazetteer.csv` (see
/// data/README.md for its columns and sources) with the matcher's form index
/// and trie, prepared by build.rs (format in `compiled`).
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// How errors in the embedded rows name their file.
const EMBEDDED_PATH: &str = "embedded data/gazetteer.csv";

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub name_uk: Option<String>,
    pub name_ru: Option<String>,
    pub alternates: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub kind: PlaceKind,
    pub feature_code: String,
    pub country: String,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub population: Option<u64>,
    pub precision: Precision,
}

impl Place {
    /// The copy of this place that travels with mentions and claims.
    pub fn to_ref(&self) -> PlaceRef {
        PlaceRef {
            place_id: self.id.clone(),
            place: self.name.clone(),
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            kind: self.kind,
            precision: self.precision,
            lat: self.lat,
            lon: self.lon,
        }
    }

    /// Rank of the GeoNames feature code: capitals over admin seats over villages.
    pub fn feature_rank(&self) -> u8 {
        match self.feature_code.as_str() {
            "PPLC" => 6,
            "PPLA" => 5,
            "PPLA2" => 4,
            "PPLA3" => 3,
            "PPL" | "PPLA4" => 2,
            _ => 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("{path}: cannot read gazetteer: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: missing column \"{column}\" in the header (expected: {expected})")]
    MissingColumn {
        path: String,
        column: &'static str,
        expected: String,
    },
    #[error("{path}:{line}: field \"{field}\": {reason}")]
    Field {
        path: String,
        line: u64,
        field: &'static str,
        reason: String,
    },
    #[error("{path}:{line}: malformed CSV: {reason}")]
    Csv {
        path: String,
        line: u64,
        reason: String,
    },
}

/// All places plus the matcher built over their names.
pub struct Gazetteer {
    places: Vec<Place>,
    matcher: Matcher,
    /// region name (admin1) → index of its region entry
    regions: HashMap<String, usize>,
    /// Forms for misspelled names, built on first use (`fuzzy`).
    fuzzy: fuzzy::FuzzyCell,
}

impl Gazetteer {
    /// The embedded gazetteer. Its rows are parsed here, but the matcher
    /// comes ready-made from build.rs.
    pub fn embedded() -> Result<Gazetteer, GazetteerError> {
        let (places, index, trie) = embedded_parts()?;
        let matcher = Matcher::from_compiled(index, trie);
        Ok(Gazetteer::with_matcher(places, matcher))
    }

    /// The embedded gazetteer with a user's CSV merged in: rows with an
    /// existing id replace that place, new ids are added.
    pub fn with_overrides(path: &Path) -> Result<Gazetteer, GazetteerError> {
        let (mut places, _, _) = embedded_parts()?;
        let display = path.display().to_string();
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|source| GazetteerError::Io {
                path: display.clone(),
                source,
            })?;
        let extra = parse_csv(&bytes, &display)?;
        let mut by_id: HashMap<String, usize> = places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        for p in extra {
            match by_id.get(&p.id) {
                Some(&i) => places[i] = p,
                None => {
                    by_id.insert(p.id.clone(), places.len());
                    places.push(p);
                }
            }
        }
        Ok(Gazetteer::from_places(places))
    }

    pub fn from_places(places: Vec<Place>) -> Gazetteer {
        let matcher = Matcher::build(&places);
        Gazetteer::with_matcher(places, matcher)
    }

    fn with_matcher(places: Vec<Place>, matcher: Matcher) -> Gazetteer {
        let regions = places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == PlaceKind::Region)
            .map(|(i, p)| (p.name.clone(), i))
            .collect();
        Gazetteer {
            places,
            matcher,
            regions,
            fuzzy: fuzzy::FuzzyCell::new(),
        }
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    pub fn place(&self, idx: usize) -> &Place {
        &self.places[idx]
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The edit-distance index over settlement forms, built on first use.
    pub(crate) fn fuzzy_index(&self) -> &fuzzy::FuzzyIndex {
        self.fuzzy.get_or_init(|| fuzzy::FuzzyIndex::build(self))
    }

    /// The region entry a place lies in (by its admin1 name), if any.
    pub fn region_of(&self, idx: usize) -> Option<usize> {
        let p = &self.places[idx];
        if p.kind == PlaceKind::Region {
            return Some(idx);
        }
        p.admin1.as_ref().and_then(|a| self.regions.get(a)).copied()
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// The embedded places, form index and trie.
fn embedded_parts() -> Result<(Vec<Place>, compiled::FormIndex, compiled::Trie), GazetteerError> {
    let decoded = compiled::decode(EMBEDDED).ok_or_else(|| GazetteerError::Csv {
        path: EMBEDDED_PATH.to_string(),
        line: 0,
        reason: "the compiled table is unreadable (rebuild)".to_string(),
    })?;
    let places = decoded
        .rows
        .iter()
        .map(|(line, fields)| parse_fields(|k| fields[k], *line, EMBEDDED_PATH))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((places, decoded.index, decoded.trie))
}

/// A CSV reader positioned after the header, and the index of each
/// required column.
fn open_csv<'b>(
    bytes: &'b [u8],
    path: &str,
) -> Result<(csv::Reader<&'b [u8]>, [usize; 14]), GazetteerError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = rdr.headers().map_err(|e| csv_error(path, &e))?.clone();
    let mut col = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        col.insert(h.trim().to_string(), i);
    }
    let mut idx = [0usize; 14];
    for (k, name) in REQUIRED_COLUMNS.iter().enumerate() {
        idx[k] = *col
            .get(*name)
            .ok_or_else(|| GazetteerError::MissingColumn {
                path: path.to_string(),
                column: name,
                expected: REQUIRED_COLUMNS.join(","),
            })?;
    }
    Ok((rdr, idx))
}

fn parse_csv(bytes: &[u8], path: &str) -> Result<Vec<Place>, GazetteerError> {
    let (mut rdr, idx) = open_csv(bytes, path)?;
    let (places, mut errors) = parse_rows(&mut rdr, &idx, path, false);
    match errors.pop() {
        Some(e) => Err(e),
        None => Ok(places.into_iter().map(|(_, p)| p).collect()),
    }
}

/// What `frontline gazetteer check` found in a user's CSV.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub rows_ok: usize,
    /// Every problem, each naming the file, line and field.
    pub problems: Vec<String>,
}

/// Check a gazetteer CSV as `--gazetteer` would read it, reporting every bad
/// row instead of the first: unreadable or out-of-range fields, empty ids
/// or names, duplicate ids, and points that look swapped or lie far from
/// their country.
pub fn check_csv(path: &Path) -> Result<CheckReport, GazetteerError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| GazetteerError::Io {
        path: display.clone(),
        source,
    })?;
    let (mut rdr, idx) = open_csv(&bytes, &display)?;
    let (places, errors) = parse_rows(&mut rdr, &idx, &display, true);
    let mut report = CheckReport {
        rows_ok: places.len(),
        problems: errors.iter().map(ToString::to_string).collect(),
    };
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for (line, p) in &places {
        if let Some(first) = seen.insert(p.id.as_str(), *line) {
            report.problems.push(format!(
                "{display}:{line}: field \"id\": duplicate id {:?} (first on line {first})",
                p.id
            ));
        }
        // rough boxes of the theatre's countries: a point outside its own box
        // whose swap falls inside is almost surely [lon, lat] order
        let boxes = [
            ("UA", 44.0, 52.5, 22.0, 40.5),
            ("BY", 51.2, 56.2, 23.1, 32.8),
        ];
        if let Some(&(_, lat0, lat1, lon0, lon1)) = boxes.iter().find(|b| b.0 == p.country) {
            let inside =
                |lat: f64, lon: f64| (lat0..=lat1).contains(&lat) && (lon0..=lon1).contains(&lon);
            if !inside(p.lat, p.lon) {
                let reason = if inside(p.lon, p.lat) {
                    "lat and lon look swapped"
                } else {
                    "the point lies outside its country"
                };
                report.problems.push(format!(
                    "{display}:{line}: fields \"lat\",\"lon\": {reason} ({}, {} for {} {:?})",
                    p.lat, p.lon, p.country, p.name
                ));
            }
        }
    }
    Ok(report)
}

/// Parse the data rows; with `keep_going`, every bad row is reported and the
/// good ones kept, else parsing stops at the first error.
fn parse_rows(
    rdr: &mut csv::Reader<&[u8]>,
    idx: &[usize; 14],
    path: &str,
    keep_going: bool,
) -> (Vec<(u64, Place)>, Vec<GazetteerError>) {
    let mut places = Vec::new();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let parsed = rec.map_err(|e| csv_error(path, &e)).and_then(|rec| {
            parse_row(&rec, idx, path).map(|p| (rec.position().map_or(0, |p| p.line()), p))
        });
        match parsed {
            Ok(p) => places.push(p),
            Err(e) => {
                errors.push(e);
                if !keep_going {
                    break;
                }
            }
        }
    }
    (places, errors)
}

fn parse_row(
    rec: &csv::StringRecord,
    idx: &[usize; 14],
    path: &str,
) -> Result<Place, GazetteerError> {
    let line = rec.position().map_or(0, |p| p.line());
    parse_fields(|k| rec.get(idx[k]).unwrap_or("").trim(), line, path)
}

/// A place from its trimmed fields (`get(k)` is column `REQUIRED_COLUMNS[k]`).
fn parse_fields<'r>(
    get: impl Fn(usize) -> &'r str,
    line: u64,
    path: &str,
) -> Result<Place, GazetteerError> {
    let field_err = |field: &'static str, reason: String| GazetteerError::Field {
        path: path.to_string(),
        line,
        field,
        reason,
    };
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let id = get(0);
    if id.is_empty() {
        return Err(field_err("id", "must not be empty".into()));
    }
    let name = get(1);
    if name.is_empty() {
        return Err(field_err("name", "must not be empty".into()));
    }
    // a coordinate in range, or an error naming the field and the value
    let coord = |k: usize, field: &'static str, what: &str, limit: f64| {
        get(k)
            .parse::<f64>()
            .ok()
            .filter(|v| (-limit..=limit).contains(v))
            .ok_or_else(|| {
                let got = get(k);
                field_err(
                    field,
                    format!("expected a {what} in -{limit}..{limit}, got {got:?}"),
                )
            })
    };
    let lat = coord(5, "lat", "latitude", 90.0)?;
    let lon = coord(6, "lon", "longitude", 180.0)?;
    let kind = PlaceKind::parse(get(7)).ok_or_else(|| {
        field_err(
            "kind",
            format!(
                "expected settlement, region, raion, country or sector, got {:?}",
                get(7)
            ),
        )
    })?;
    let precision = match get(13) {
        "" => match kind {
            PlaceKind::Settlement | PlaceKind::Sector => Precision::Exact,
            PlaceKind::Raion => Precision::Raion,
            _ => Precision::Region,
        },
        other => Precision::parse(other).ok_or_else(|| {
            field_err(
                "precision",
                format!("expected exact, hromada, raion or region, got {other:?}"),
            )
        })?,
    };
    let population =
        match get(12) {
            "" => None,
            s => Some(s.parse::<u64>().map_err(|_| {
                field_err("population", format!("expected a whole number, got {s:?}"))
            })?),
        };
    let country = get(9);
    if country.len() != 2 {
        return Err(field_err(
            "country",
            format!("expected an ISO 3166-1 alpha-2 code, got {country:?}"),
        ));
    }
    Ok(Place {
        id: id.to_string(),
        name: name.to_string(),
        name_uk: opt(get(2)),
        name_ru: opt(get(3)),
        alternates: compiled::split_alternates(get(4)),
        lat,
        lon,
        kind,
        feature_code: get(8).to_string(),
        country: country.to_ascii_uppercase(),
        admin1: opt(get(10)),
        admin2: opt(get(11)),
        population,
        precision,
    })
}

fn csv_error(path: &str, e: &csv::Error) -> GazetteerError {
    GazetteerError::Csv {
        path: path.to_string(),
        line: e.position().map_or(0, |p| p.line()),
        reason: e.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The embedded gazetteer, loaded once for all unit tests.
    pub(crate) fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer loads"))
    }

    /// The resolved mentions of a text, through the whole gazetteer stage.
    fn resolved(text: &str) -> Vec<Mention> {
        let g = embedded();
        let folded = crate::text::Folded::new(text);
        let sentences = crate::text::sentences(text);
        let raw = g.matcher().find(text, &folded);
        resolve(g, text, &folded, &raw, &sentences)
    }

    /// Every resolved mention of a one-sentence text: (surface, is a government).
    pub(crate) fn roles(text: &str) -> Vec<(String, bool)> {
        resolved(text)
            .into_iter()
            .map(|m| (text[m.start..m.end].to_string(), m.role == Role::Government))
            .collect()
    }

    /// The surfaces of a text matched as places other than countries,
    /// whatever their role.
    pub(crate) fn places(text: &str) -> Vec<String> {
        let g = embedded();
        resolved(text)
            .into_iter()
            .filter(|m| g.place(m.place).kind != crate::model::PlaceKind::Country)
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    /// Every mention of a text as (surface, "place name, admin1").
    pub(crate) fn picks(text: &str) -> Vec<(String, String)> {
        let g = embedded();
        resolved(text)
            .into_iter()
            .map(|m| {
                let p = g.place(m.place);
                let at = format!("{}, {}", p.name, p.admin1.as_deref().unwrap_or("-"));
                (text[m.start..m.end].to_string(), at)
            })
            .collect()
    }

    /// The surfaces of a text read as locations.
    pub(crate) fn locations(text: &str) -> Vec<String> {
        roles(text)
            .into_iter()
            .filter(|(_, government)| !government)
            .map(|(surface, _)| surface)
            .collect()
    }

    const HEADER: &str =
        "id,name,name_uk,name_ru,alternates,lat,lon,kind,feature_code,country,admin1,admin2,population,precision\n";

    #[test]
    fn parses_a_row() {
        let csv = format!("{HEADER}gn:1,Vuhledar,Вугледар,Угледар,Ugledar|Vugledar,47.78,37.25,settlement,PPLA3,UA,Donetsk Oblast,Voznesenivka Raion,14000,exact\n");
        let p = parse_csv(csv.as_bytes(), "t.csv").unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].alternates, vec!["Ugledar", "Vugledar"]);
        assert_eq!(p[0].population, Some(14000));
    }

    #[test]
    fn errors_name_line_and_field() {
        let csv = format!("{HEADER}gn:1,X,,,,47.7,37.2,settlement,PPL,UA,,,,exact\ngn:2,Y,,,,north,37.2,settlement,PPL,UA,,,,exact\n");
        let err = parse_csv(csv.as_bytes(), "user.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("user.csv:3"), "{err}");
        assert!(err.contains("\"lat\""), "{err}");
        let err = parse_csv(b"id,name\n1,x\n", "u.csv")
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing column \"name_uk\""), "{err}");
    }

    #[test]
    fn the_compiled_matcher_is_the_one_built_at_run_time() {
        let g = embedded();
        let fresh = Matcher::build(g.places());
        let (index, trie) = g.matcher().parts();
        let (fresh_index, fresh_trie) = fresh.parts();
        assert!(index.len() > 100_000, "only {} forms", index.len());
        assert!(index == fresh_index, "build.rs made another form index");
        assert!(trie == fresh_trie, "build.rs made another trie");
    }

    #[test]
    fn compiled_tables_round_trip() {
        let csv = format!("{HEADER}gn:1,Vuhledar,Вугледар,Угледар,Ugledar|Vugledar,47.78,37.25,settlement,PPLA3,UA,Donetsk Oblast,,14000,exact\nfl:r,Kursk Oblast,,,Kursk region,51.7,36.2,region,ADM1,RU,Kursk Oblast,,,region\n");
        let places = parse_csv(csv.as_bytes(), "t.csv").unwrap();
        let m = Matcher::build(&places);
        let (index, trie) = m.parts();
        let rows: Vec<compiled::Row> = vec![
            (2, ["a"; 14]),
            (
                3,
                ["", "bé", "c", "", "", "", "", "", "", "", "", "", "", "d"],
            ),
        ];
        let bytes = compiled::encode(&rows, index, trie);
        let back = compiled::decode(&bytes).unwrap();
        assert_eq!(back.rows, rows);
        assert!(&back.index == index);
        let m2 = Matcher::from_compiled(back.index, back.trie);
        let text = "Fighting near Vugledar and in the Kursk region.";
        let folded = crate::text::Folded::new(text);
        assert_eq!(m.find(text, &folded), m2.find(text, &folded));
        assert_eq!(m2.find(text, &folded).len(), 2);
        assert_eq!(m2.lookup("Ugledar"), &[0]);
        assert!(compiled::decode(&bytes[..40]).is_none());
        assert!(compiled::decode(b"not a table").is_none());
    }

    #[test]
    fn embedded_loads() {
        let g = Gazetteer::embedded().unwrap();
        assert!(g.len() > 30_000, "only {} places", g.len());
    }
}
