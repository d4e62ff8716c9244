//! Scoring a run against gold labels (FORMATS.md §3), in agreement with
//! `../shared/tools/score.py`.
//!
//! This module reads the gold file and compares it with the claims and
//! mentions a run produced. It must not decide anything about the run and must
//! not drift from `score.py`: every rule below (article keys, deduplication,
//! tolerances, the order in which the matching tries candidates, rounding) is
//! a port of that script, so that `frontline eval` and the independent scorer
//! print the same figures. When one changes, the other changes with it, and
//! `tests/eval_agrees.rs` checks that they still agree.
//!
//! Two details are ported at the level of floating point on purpose: the
//! haversine squares with the C library's `pow` (as Python's `**` does, which
//! is not always `x * x`), and rounding is Python's `round` (exact decimal,
//! ties to even), so a pair lying exactly on a tolerance edge or a score
//! ending in 5 comes out the same on both sides.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Claim, MentionRecord, PlaceKind};

/// Mean Earth radius used by `score.py`, in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0;
/// Match radius for a gold entry of kind `region` or `oblast` without `tol_km`.
pub const REGION_TOL_KM: f64 = 150.0;
/// Match radius for any other gold entry without `tol_km`.
pub const PLACE_TOL_KM: f64 = 10.0;
/// Radius of the geoparsing literature's "accuracy at 161 km" (100 miles).
pub const ACC161_KM: f64 = 161.0;
/// Two places closer than this are the same place when counting mentions.
const SAME_PLACE_KM: f64 = 1.0;
/// Countries the gold labels mentions in (`None`: a mention without a country).
const THEATRE: [&str; 3] = ["UA", "RU", "BY"];

/// Why a gold file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: cannot read the gold file: {err}", path.display())]
    Read { path: PathBuf, err: std::io::Error },
    #[error("{}:{line}:{column}: not a valid gold file: {reason}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        reason: String,
    },
}

/// A gold file (FORMATS.md §3). Fields the scorer does not use are kept when
/// they are part of the format; anything else in the file is ignored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub version: Option<u32>,
    pub articles: Vec<GoldArticle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldArticle {
    /// The article id; only its file name (without `#line`) is compared.
    pub file: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub mentions: Vec<GoldMention>,
    #[serde(default)]
    pub claims: Vec<GoldClaim>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldMention {
    #[serde(default)]
    pub surface: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    /// `null` = not placed: the entry is not scored.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub kind: Option<String>,
    /// Match radius of this entry; overrides the default by `kind`.
    #[serde(default)]
    pub tol_km: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldClaim {
    pub place: String,
    /// `null` = not placed: the entry is not scored.
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub tol_km: Option<f64>,
    /// Kept as text: an event the tool cannot produce simply never matches.
    pub event: String,
    pub actor: String,
    #[serde(default)]
    pub claimed_by: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub historical: Option<bool>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

impl Gold {
    /// Read and parse a gold file.
    pub fn load(path: impl AsRef<Path>) -> Result<Gold, EvalError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|err| EvalError::Read {
            path: path.to_path_buf(),
            err,
        })?;
        Gold::from_json(&text).map_err(|err| EvalError::Parse {
            path: path.to_path_buf(),
            line: err.line(),
            column: err.column(),
            reason: reason_without_position(&err),
        })
    }

    /// Parse gold labels from JSON text.
    pub fn from_json(text: &str) -> Result<Gold, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// serde_json appends " at line L column C" to its message; the error
/// variant carries those as fields, so drop them from the text.
fn reason_without_position(err: &serde_json::Error) -> String {
    let msg = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match msg.strip_suffix(&suffix) {
        Some(m) => m.to_string(),
        None => msg,
    }
}

/// The result of scoring, with the shape and keys of `score.py --json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub claims: ClaimScores,
    pub mentions: MentionScores,
    /// `file: place event actor` of each gold claim left unmatched.
    pub missed_claims: Vec<String>,
    /// `file: place event actor` of each predicted claim left unmatched.
    pub extra_claims: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
    /// Over matched pairs; 0.0 when nothing matched.
    pub claimed_by_acc: f64,
    pub status_acc: f64,
    pub historical_acc: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
    /// Share of gold places, among those with a predicted mention of the same
    /// name, whose nearest such prediction lies within 161 km.
    pub acc161: f64,
}

impl Report {
    /// A plain-text table for a terminal.
    pub fn to_table(&self) -> String {
        let c = &self.claims;
        let m = &self.mentions;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "", "P", "R", "F1", "tp", "pred", "gold"
        );
        for (name, p, r, f, tp, pred, gold) in [
            ("claims", c.precision, c.recall, c.f1, c.tp, c.pred, c.gold),
            (
                "mentions",
                m.precision,
                m.recall,
                m.f1,
                m.tp,
                m.pred,
                m.gold,
            ),
        ] {
            let _ = writeln!(
                out,
                "{name:<10} {p:>6.3} {r:>6.3} {f:>6.3} {tp:>6} {pred:>6} {gold:>6}"
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "over {} matched claims:", c.tp);
        let _ = writeln!(out, "  claimed_by accuracy  {:.3}", c.claimed_by_acc);
        let _ = writeln!(out, "  status accuracy      {:.3}", c.status_acc);
        let _ = writeln!(out, "  historical accuracy  {:.3}", c.historical_acc);
        let _ = writeln!(out, "mentions acc@161       {:.3}", m.acc161);
        for (title, list) in [
            ("missed claims", &self.missed_claims),
            ("extra claims", &self.extra_claims),
        ] {
            let _ = writeln!(out);
            let _ = writeln!(out, "{title} ({}):", list.len());
            for item in list {
                let _ = writeln!(out, "  {item}");
            }
        }
        out
    }
}

/// Score claims and mentions against gold labels, exactly as `score.py` does.
///
/// Only articles named in the gold count; predictions for other articles are
/// ignored. Coordinates are used as given: a run whose files round them (to 6
/// decimals) can differ from this in-memory score only for a pair within a
/// tenth of a metre of a tolerance edge.
pub fn score(gold: &Gold, claims: &[Claim], mentions: &[MentionRecord]) -> Report {
    let mut claims_by_article: HashMap<&str, Vec<&Claim>> = HashMap::new();
    for c in claims {
        claims_by_article
            .entry(article_key(&c.article))
            .or_default()
            .push(c);
    }
    let mut mentions_by_article: HashMap<&str, Vec<&MentionRecord>> = HashMap::new();
    for m in mentions.iter().filter(|m| in_theatre(m)) {
        mentions_by_article
            .entry(article_key(&m.article))
            .or_default()
            .push(m);
    }

    let mut t = Tally::default();
    for art in &gold.articles {
        let key = article_key(&art.file);
        let preds = dedupe_pred_claims(claims_by_article.get(key).map_or(&[][..], |v| v));
        let golds = dedupe_gold_claims(&art.claims);
        score_claims(key, &golds, &preds, &mut t);
        let preds = distinct_pred_places(mentions_by_article.get(key).map_or(&[][..], |v| v));
        score_mentions(&art.mentions, &preds, &mut t);
    }
    t.report()
}

/// Counts summed over articles.
#[derive(Default)]
struct Tally {
    tp: usize,
    pred: usize,
    gold: usize,
    claimed_by_ok: usize,
    status_ok: usize,
    historical_ok: usize,
    m_tp: usize,
    m_pred: usize,
    m_gold: usize,
    acc161_ok: usize,
    acc161_n: usize,
    missed: Vec<String>,
    extra: Vec<String>,
}

impl Tally {
    fn report(self) -> Report {
        let (precision, recall, f1) = prf(self.tp, self.pred, self.gold);
        let (mp, mr, mf) = prf(self.m_tp, self.m_pred, self.m_gold);
        let share = |ok: usize, n: usize| {
            if n == 0 {
                0.0
            } else {
                round_py(ok as f64 / n as f64, 3)
            }
        };
        Report {
            claims: ClaimScores {
                precision,
                recall,
                f1,
                tp: self.tp,
                pred: self.pred,
                gold: self.gold,
                claimed_by_acc: share(self.claimed_by_ok, self.tp),
                status_acc: share(self.status_ok, self.tp),
                historical_acc: share(self.historical_ok, self.tp),
            },
            mentions: MentionScores {
                precision: mp,
                recall: mr,
                f1: mf,
                tp: self.m_tp,
                pred: self.m_pred,
                gold: self.m_gold,
                acc161: share(self.acc161_ok, self.acc161_n),
            },
            missed_claims: self.missed,
            extra_claims: self.extra,
        }
    }
}

/// A predicted claim after merging the ones with the same dedupe key.
struct PredClaim<'a> {
    first: &'a Claim,
    claimed_by: BTreeSet<&'static str>,
    status: BTreeSet<&'static str>,
}

/// A scored gold claim after merging the ones with the same dedupe key.
struct GoldEntry<'a> {
    gold: &'a GoldClaim,
    lat: f64,
    lon: f64,
    claimed_by: BTreeSet<Option<&'a str>>,
    status: BTreeSet<Option<&'a str>>,
}

/// (lat, lon) rounded to 2 decimals as bit patterns, event, actor, historical.
type ClaimKey<'a> = (u64, u64, &'a str, &'a str, bool);

fn claim_key<'a>(lat: f64, lon: f64, event: &'a str, actor: &'a str, hist: bool) -> ClaimKey<'a> {
    // `+ 0.0` turns -0.0 into 0.0: Python's tuple keys compare them equal.
    let bits = |x: f64| (round_py(x, 2) + 0.0).to_bits();
    (bits(lat), bits(lon), event, actor, hist)
}

fn dedupe_pred_claims<'a>(claims: &[&'a Claim]) -> Vec<PredClaim<'a>> {
    let mut out: Vec<PredClaim<'a>> = Vec::new();
    let mut seen: HashMap<ClaimKey<'static>, usize> = HashMap::new();
    for &c in claims {
        let key = claim_key(
            c.place.lat,
            c.place.lon,
            c.event.as_str(),
            c.actor.as_str(),
            c.historical,
        );
        if let Some(&i) = seen.get(&key) {
            out[i].claimed_by.insert(c.claimed_by.as_str());
            out[i].status.insert(c.status.as_str());
            continue;
        }
        seen.insert(key, out.len());
        out.push(PredClaim {
            first: c,
            claimed_by: BTreeSet::from([c.claimed_by.as_str()]),
            status: BTreeSet::from([c.status.as_str()]),
        });
    }
    out
}

fn dedupe_gold_claims(claims: &[GoldClaim]) -> Vec<GoldEntry<'_>> {
    let mut out: Vec<GoldEntry<'_>> = Vec::new();
    let mut seen: HashMap<ClaimKey<'_>, usize> = HashMap::new();
    for g in claims {
        let (Some(lat), Some(lon)) = (g.lat, g.lon) else {
            continue; // not placed: not scored
        };
        let hist = g.historical.unwrap_or(false);
        let key = claim_key(lat, lon, &g.event, &g.actor, hist);
        if let Some(&i) = seen.get(&key) {
            out[i].claimed_by.insert(g.claimed_by.as_deref());
            out[i].status.insert(g.status.as_deref());
            continue;
        }
        seen.insert(key, out.len());
        out.push(GoldEntry {
            gold: g,
            lat,
            lon,
            claimed_by: BTreeSet::from([g.claimed_by.as_deref()]),
            status: BTreeSet::from([g.status.as_deref()]),
        });
    }
    out
}

/// Whether any party in `gold` is among `pred`'s (a gold `null` never is).
fn overlaps(gold: &BTreeSet<Option<&str>>, pred: &BTreeSet<&str>) -> bool {
    gold.iter().flatten().any(|w| pred.contains(w))
}

fn score_claims(key: &str, golds: &[GoldEntry<'_>], preds: &[PredClaim<'_>], t: &mut Tally) {
    t.pred += preds.len();
    t.gold += golds.len();
    let pairs = max_matching(
        golds,
        preds,
        |g| tolerance_km(g.gold.tol_km, g.gold.kind.as_deref()),
        |g, p| p.first.event.as_str() == g.gold.event && p.first.actor.as_str() == g.gold.actor,
        |g, p| haversine_km((p.first.place.lat, p.first.place.lon), (g.lat, g.lon)),
        |g, p| {
            (
                p.first.historical != g.gold.historical.unwrap_or(false),
                !overlaps(&g.claimed_by, &p.claimed_by),
            )
        },
    );
    for (gi, g) in golds.iter().enumerate() {
        let Some(pi) = pairs[gi] else {
            let gc = g.gold;
            t.missed
                .push(format!("{key}: {} {} {}", gc.place, gc.event, gc.actor));
            continue;
        };
        let p = &preds[pi];
        t.tp += 1;
        t.claimed_by_ok += usize::from(overlaps(&g.claimed_by, &p.claimed_by));
        t.status_ok += usize::from(overlaps(&g.status, &p.status));
        t.historical_ok += usize::from(p.first.historical == g.gold.historical.unwrap_or(false));
    }
    let mut used = vec![false; preds.len()];
    for pi in pairs.iter().flatten() {
        used[*pi] = true;
    }
    for (p, _) in preds.iter().zip(&used).filter(|(_, u)| !**u) {
        let c = p.first;
        t.extra.push(format!(
            "{key}: {} {} {}",
            c.place.place,
            c.event.as_str(),
            c.actor.as_str()
        ));
    }
}

/// Whether a predicted mention is of a kind the gold labels at all.
fn in_theatre(m: &MentionRecord) -> bool {
    THEATRE.contains(&m.place.country.as_str()) && m.place.kind != PlaceKind::Country
}

/// Predicted mentions of one article, one per place (first of those within 1 km).
fn distinct_pred_places<'a>(mentions: &[&'a MentionRecord]) -> Vec<&'a MentionRecord> {
    let mut out: Vec<&MentionRecord> = Vec::new();
    for &m in mentions {
        let here = (m.place.lat, m.place.lon);
        if !out
            .iter()
            .any(|q| haversine_km(here, (q.place.lat, q.place.lon)) < SAME_PLACE_KM)
        {
            out.push(m);
        }
    }
    out
}

fn score_mentions(gold: &[GoldMention], preds: &[&MentionRecord], t: &mut Tally) {
    let mut places: Vec<(&GoldMention, f64, f64)> = Vec::new();
    for m in gold {
        let (Some(lat), Some(lon)) = (m.lat, m.lon) else {
            continue;
        };
        if !places
            .iter()
            .any(|&(_, qlat, qlon)| haversine_km((lat, lon), (qlat, qlon)) < SAME_PLACE_KM)
        {
            places.push((m, lat, lon));
        }
    }
    t.m_gold += places.len();
    t.m_pred += preds.len();
    let dist = |g: &(&GoldMention, f64, f64), p: &&MentionRecord| {
        haversine_km((p.place.lat, p.place.lon), (g.1, g.2))
    };
    let pairs = max_matching(
        &places,
        preds,
        |g| tolerance_km(g.0.tol_km, g.0.kind.as_deref()),
        |_, _| true,
        dist,
        |_, _| (),
    );
    t.m_tp += pairs.iter().flatten().count();
    for g in &places {
        let names = [
            fold(g.0.place.as_deref().unwrap_or("")),
            fold(g.0.surface.as_deref().unwrap_or("")),
        ];
        let named = |s: &str| names.contains(&fold(s));
        let nearest = preds
            .iter()
            .filter(|p| named(&p.place.place) || p.surfaces.iter().any(|s| named(s)))
            .map(|p| dist(g, p))
            .reduce(f64::min);
        if let Some(d) = nearest {
            t.acc161_n += 1;
            t.acc161_ok += usize::from(d <= ACC161_KM);
        }
    }
}

/// Maximum one-to-one matching of gold entries to predictions by augmenting
/// paths, as `score.py`'s `match`: each gold entry lists the compatible
/// predictions within its radius ordered by (`prefer`, distance, index);
/// entries are tried from the tightest radius up. Returns, per gold entry,
/// the index of its prediction.
fn max_matching<G, P, K: Ord>(
    golds: &[G],
    preds: &[P],
    radius: impl Fn(&G) -> f64,
    compatible: impl Fn(&G, &P) -> bool,
    dist: impl Fn(&G, &P) -> f64,
    prefer: impl Fn(&G, &P) -> K,
) -> Vec<Option<usize>> {
    let candidates: Vec<Vec<usize>> = golds
        .iter()
        .map(|g| {
            let mut opts: Vec<(K, f64, usize)> = preds
                .iter()
                .enumerate()
                .filter(|(_, p)| compatible(g, p))
                .map(|(pi, p)| (prefer(g, p), dist(g, p), pi))
                .collect();
            opts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
            let r = radius(g);
            opts.into_iter()
                .filter(|(_, d, _)| *d <= r)
                .map(|(_, _, pi)| pi)
                .collect()
        })
        .collect();
    let mut order: Vec<usize> = (0..golds.len()).collect();
    order.sort_by(|&a, &b| radius(&golds[a]).total_cmp(&radius(&golds[b]))); // stable
    let mut owner: Vec<Option<usize>> = vec![None; preds.len()];
    for gi in order {
        let mut seen = vec![false; preds.len()];
        augment(gi, &candidates, &mut owner, &mut seen);
    }
    let mut pairs = vec![None; golds.len()];
    for (pi, gi) in owner.iter().enumerate() {
        if let Some(gi) = gi {
            pairs[*gi] = Some(pi);
        }
    }
    pairs
}

fn augment(
    gi: usize,
    candidates: &[Vec<usize>],
    owner: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    for &pi in &candidates[gi] {
        if seen[pi] {
            continue;
        }
        seen[pi] = true;
        let free = match owner[pi] {
            None => true,
            Some(other) => augment(other, candidates, owner, seen),
        };
        if free {
            owner[pi] = Some(gi);
            return true;
        }
    }
    false
}

/// Match radius of a gold entry: its own non-zero `tol_km`, else 150 km for a
/// region or oblast, else 10 km.
pub fn tolerance_km(tol_km: Option<f64>, kind: Option<&str>) -> f64 {
    match tol_km {
        Some(t) if t != 0.0 => t,
        _ if matches!(kind, Some("region" | "oblast")) => REGION_TOL_KM,
        _ => PLACE_TOL_KM,
    }
}

/// The file name of an article id, without a `#line` suffix: gold names the
/// file, a run names the path inside its bundle.
pub fn article_key(id: &str) -> &str {
    let base = id.rsplit('/').next().unwrap_or(id);
    base.split('#').next().unwrap_or(base)
}

/// Great-circle distance in km between two (lat, lon) points in degrees, on a
/// sphere of radius 6371 km, computed operation for operation as `score.py`.
///
/// ```
/// // one degree of latitude
/// let d = frontline::eval::haversine_km((48.0, 37.0), (49.0, 37.0));
/// assert!((d - 111.195).abs() < 0.001);
/// ```
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let ((lat1, lon1), (lat2, lon2)) = (a, b);
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = (p2 - p1, (lon2 - lon1).to_radians());
    let h =
        sq_like_python((dp / 2.0).sin()) + p1.cos() * p2.cos() * sq_like_python((dl / 2.0).sin());
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// `x ** 2` as Python computes it: the C library's `pow`, which rounds
/// differently from `x * x` for about one input in a thousand. `black_box`
/// keeps the compiler from turning the call into a multiplication.
fn sq_like_python(x: f64) -> f64 {
    x.powf(std::hint::black_box(2.0))
}

/// Python's `round(x, digits)` for floats: the exact binary value rounded to
/// `digits` decimals, ties to even. Rust's formatting rounds the same way.
fn round_py(x: f64, digits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    format!("{x:.digits$}").parse().unwrap_or(x)
}

/// Precision, recall and F1, rounded to 3 decimals, with `score.py`'s
/// conventions: no prediction is perfect precision only when there was
/// nothing to find; no gold is perfect recall.
fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else if gold == 0 {
        1.0
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        1.0
    };
    let f = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (round_py(p, 3), round_py(r, 3), round_py(f, 3))
}

/// Names compared for acc@161 as `score.py` folds them: NFKD, combining marks
/// dropped, lower case, apostrophes (' and ’) removed.
fn fold(s: &str) -> String {
    let bare: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect();
    bare.to_lowercase().replace(['\'', '’'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_known_distances() {
        assert_eq!(haversine_km((48.0, 37.0), (48.0, 37.0)), 0.0);
        // one degree of latitude on a 6371 km sphere
        let deg = 6371.0 * std::f64::consts::PI / 180.0;
        assert!((haversine_km((48.0, 37.0), (49.0, 37.0)) - deg).abs() < 1e-9);
        // Kyiv - Kharkiv, about 409 km
        let d = haversine_km((50.45, 30.52), (49.99, 36.23));
        assert!((d - 409.0).abs() < 3.0, "{d}");
        // antipodes: the asin argument is clamped at 1
        let d = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((d - 6371.0 * std::f64::consts::PI).abs() < 1e-6);
    }

    #[test]
    fn fold_matches_score_py() {
        for (input, want) in [
            ("Kyiv", "kyiv"),
            ("Bohoiavlenka", "bohoiavlenka"),
            ("Zaporizhzhya", "zaporizhzhya"),
            ("Kam’yanka", "kamyanka"),
            ("Kam'yanka", "kamyanka"),
            ("Київ", "киів"), // ї is і + combining diaeresis under NFKD
            ("Йосипівка", "иосипівка"),
            ("Škoda", "skoda"),
            ("ﬁnal", "final"), // compatibility ligature
            ("", ""),
        ] {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn round_py_ties_to_even_on_the_exact_value() {
        assert_eq!(round_py(0.0625, 3), 0.062);
        assert_eq!(round_py(0.1875, 3), 0.188);
        assert_eq!(round_py(48.125, 2), 48.12);
        assert_eq!(round_py(2.675, 2), 2.67); // 2.67499999...
        assert_eq!(round_py(2.0 / 3.0, 3), 0.667);
    }

    #[test]
    fn tolerance_rules() {
        assert_eq!(tolerance_km(None, Some("settlement")), 10.0);
        assert_eq!(tolerance_km(None, Some("region")), 150.0);
        assert_eq!(tolerance_km(None, Some("oblast")), 150.0);
        assert_eq!(tolerance_km(Some(25.0), Some("region")), 25.0);
        assert_eq!(tolerance_km(Some(0.0), Some("region")), 150.0);
        assert_eq!(tolerance_km(None, None), 10.0);
    }

    #[test]
    fn article_keys() {
        assert_eq!(article_key("0001_example.txt"), "0001_example.txt");
        assert_eq!(article_key("feeds/2024/a.jsonl#12"), "a.jsonl");
        assert_eq!(article_key("a#b/c.txt"), "c.txt");
        assert_eq!(article_key(""), "");
    }

    #[test]
    fn prf_conventions() {
        assert_eq!(prf(0, 0, 0), (1.0, 1.0, 1.0));
        assert_eq!(prf(0, 0, 3), (0.0, 0.0, 0.0));
        assert_eq!(prf(0, 2, 0), (0.0, 1.0, 0.0));
        assert_eq!(prf(2, 3, 4), (0.667, 0.5, 0.571));
        assert_eq!(prf(1, 16, 1), (0.062, 1.0, 0.118));
    }

    /// Points on a line, one unit apart; gold i and prediction j are
    /// compatible when `|i - j| <= radius`.
    fn line_matching(golds: &[(f64, f64)], preds: &[f64]) -> Vec<Option<usize>> {
        max_matching(
            golds,
            preds,
            |g| g.1,
            |_, _| true,
            |g, p| (g.0 - p).abs(),
            |_, _| (),
        )
    }

    #[test]
    fn matching_finds_the_maximum_where_greedy_fails() {
        // Gold B (at 2, radius 1.2) is tried first and takes its nearest
        // prediction, 1.0. Gold A (at 0, radius 1.5) can only use 1.0: a
        // greedy pass would leave it unmatched; the augmenting path moves B
        // on to 3.1.
        let golds = [(0.0, 1.5), (2.0, 1.2)];
        let preds = [1.0, 3.1];
        assert_eq!(line_matching(&golds, &preds), vec![Some(0), Some(1)]);
    }

    #[test]
    fn matching_respects_radius_and_compatibility() {
        let golds = [(0.0, 1.0)];
        assert_eq!(line_matching(&golds, &[1.0]), vec![Some(0)]); // edge is inside
        assert_eq!(line_matching(&golds, &[1.0 + 1e-9]), vec![None]);
        let pairs = max_matching(
            &golds,
            &[0.0],
            |g| g.1,
            |_, _| false,
            |g, p: &f64| (g.0 - p).abs(),
            |_, _| (),
        );
        assert_eq!(pairs, vec![None]);
    }

    #[test]
    fn matching_prefers_before_distance() {
        // Both predictions in range; the farther one is preferred.
        let golds = [(0.0, 5.0)];
        let preds = [1.0_f64, 2.0];
        let pairs = max_matching(
            &golds,
            &preds,
            |g| g.1,
            |_, _| true,
            |g, p| (g.0 - p).abs(),
            |_, p| *p < 1.5, // false sorts first: prefer p >= 1.5
        );
        assert_eq!(pairs, vec![Some(1)]);
    }

    #[test]
    fn load_reports_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.json");
        std::fs::write(&path, "{\"articles\": [\n  {\"file\": 3}\n]}").unwrap();
        let err = Gold::load(&path).unwrap_err();
        let EvalError::Parse { line, column, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!((*line, *column), (2, 12));
        let msg = err.to_string();
        assert!(
            msg.contains("gold.json:2:12: not a valid gold file: invalid type"),
            "{msg}"
        );

        let err = Gold::load(dir.path().join("absent.json")).unwrap_err();
        assert!(matches!(err, EvalError::Read { .. }));
        assert!(err.to_string().contains("absent.json"));
    }

    #[test]
    fn load_ignores_unknown_fields_and_accepts_null_lat() {
        let gold = Gold::from_json(
            r#"{"version": 1, "note": "x", "articles": [{"file": "a.txt", "extra": 1,
                "claims": [{"place": "P", "lat": null, "lon": null, "event": "capture",
                            "actor": "RU", "note": "unplaced"}]}]}"#,
        )
        .unwrap();
        assert_eq!(gold.articles[0].claims[0].lat, None);
        assert!(gold.articles[0].mentions.is_empty());
    }
}
