//! From raw name matches to resolved mentions: drop names of other things
//! (`nonplace`), pick which same-named place the article means, read "the
//! Donetsk and Luhansk regions" as regions and "deployed to Kursk" as the
//! region, drop weak names with no place nearby, and tell a location
//! ("drones over Kyiv") from a government ("Kyiv said", `metonymy`).
//!
//! Disambiguation scores each candidate by a prior (feature code,
//! population, the theatre) plus the article's context: a region stated
//! right after the name, closeness to the article's other places and
//! membership of regions it names.

use super::context::{phrase_after, phrase_before, words_after, words_before};
use super::matcher::{region_stems, RawMatch};
use super::metonymy::read_roles;
use super::nonplace::{is_weak_form, not_a_place, Site, NEIGHBOUR_KM};
use super::recent::RecentClaims;
use super::Gazetteer;
use crate::model::{PlaceKind, Precision};
use crate::text::{fold, Folded, Sentence};

/// How a mention is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A location: a mention on the map.
    Location,
    /// A seat of government standing for it ("Moscow said", "Kyiv's forces").
    Government,
}

/// A resolved place mention in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Index into the gazetteer.
    pub place: usize,
    /// Byte span in the article text.
    pub start: usize,
    pub end: usize,
    /// Byte span in the folded text.
    pub fstart: usize,
    pub fend: usize,
    pub role: Role,
    /// How sure the resolver is of the place (0..1).
    pub confidence: f64,
    /// The name as a front sector ("the Pokrovsk direction", "on the
    /// Bakhmut axis"): a mention of the town of `kind` sector.
    pub sector: bool,
    /// The chosen candidate's softmax share among the name's candidates.
    pub score: f64,
    /// How many other candidates the name had.
    pub runners_up: usize,
    /// Found by edit distance in a claim context ("captured Avdeevka").
    pub fuzzy: bool,
}

/// One name to resolve: a raw match or a fuzzy hit, with its candidates.
struct Item<'a> {
    r: RawMatch,
    form: &'a str,
    cands: &'a [u32],
    /// Equal for two occurrences of the same spelling.
    key: u32,
    fuzzy: bool,
}

impl Item<'_> {
    /// The region this match names, when its spelling is a region phrase
    /// ("the Donetsk region", "Kursk oblast").
    fn named_region<'g>(&self, g: &'g Gazetteer) -> Option<&'g super::Place> {
        if !is_region_form(self.form) {
            return None;
        }
        self.cands
            .iter()
            .map(|&c| g.place(c as usize))
            .find(|p| p.kind == PlaceKind::Region)
    }
}

/// Whether a folded spelling is a region phrase: it has a region word.
fn is_region_form(form: &str) -> bool {
    form.split(' ').any(|w| REGION_WORDS.contains(&w))
}

pub(super) fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// Oblasts where most of the fighting named in the news happens: a small
/// prior that breaks ties between same-named villages.
const FRONT_REGIONS: &[&str] = &[
    "Donetsk Oblast",
    "Luhansk Oblast",
    "Zaporizhzhia Oblast",
    "Kherson Oblast",
    "Kharkiv Oblast",
    "Dnipropetrovsk Oblast",
    "Sumy Oblast",
    "Kursk Oblast",
    "Belgorod Oblast",
];

/// The Russian regions on Ukraine's border, where the fighting reaches.
const RU_BORDER_REGIONS: &[&str] = &[
    "Belgorod Oblast",
    "Bryansk Oblast",
    "Kursk Oblast",
    "Rostov Oblast",
    "Voronezh Oblast",
];

const REGION_WORDS: &[&str] = &[
    "region",
    "regions",
    "oblast",
    "oblast'",
    "province",
    "krai",
    "republic",
    "dpr",
    "lpr",
    "dnr",
    "lnr",
    "area",
    "oblasti",
    "область",
    "области",
    "krym",
    "crimea",
];

/// The feature code's rank, raised to what the population says the place
/// is where GeoNames gives a town no admin code (Kostiantynivka, 67,000
/// people, is a plain PPL, which tied it with a village of 1,500 that is a
/// hromada seat).
fn effective_rank(p: &super::Place) -> u8 {
    let by_population = match p.population.unwrap_or(0) {
        50_000.. => 4,
        10_000.. => 3,
        _ => 0,
    };
    p.feature_rank().max(by_population)
}

fn prior(g: &Gazetteer, idx: usize, form: &str) -> f64 {
    let p = g.place(idx);
    // population separates towns from cities; among villages it is noise
    let pop = ((p.population.unwrap_or(0) + 1) as f64).log10();
    let mut s = effective_rank(p) as f64 + 0.6 * (pop - 3.0).max(0.0);
    if p.country == "UA" {
        s += 0.5;
    }
    if p.admin1
        .as_deref()
        .is_some_and(|a| FRONT_REGIONS.contains(&a))
    {
        s += 1.0;
    }
    if fold(&p.name) == form {
        s += 1.5;
    }
    // a town deep inside Russia rarely is the one war news means when a
    // place near the front shares its name (Dzerzhinsk, Toretsk's former
    // name, is also a city on the Volga); a stated region still wins
    if p.country == "RU"
        && p.kind == PlaceKind::Settlement
        && !p
            .admin1
            .as_deref()
            .is_some_and(|a| RU_BORDER_REGIONS.contains(&a))
    {
        s -= 2.0;
    }
    // a settlement known only to its hromada or raion (KATOTTG without a
    // GeoNames point, the hand list) yields to a same-named place with a point
    if p.kind == PlaceKind::Settlement && !matches!(p.precision, Precision::Exact) {
        s -= 0.5;
    }
    match p.kind {
        PlaceKind::Region | PlaceKind::Country => {
            let regional_form = is_region_form(form);
            s += if regional_form || p.kind == PlaceKind::Country {
                4.0
            } else {
                -3.0
            };
        }
        PlaceKind::Raion => s -= 1.0,
        _ => {}
    }
    s
}

/// Resolve the raw matches of one article. `sentences` locate sentence
/// starts (a capitalised word there is not evidence of a person's name).
pub fn resolve(
    g: &Gazetteer,
    original: &str,
    folded: &Folded,
    raw: &[RawMatch],
    sentences: &[Sentence],
) -> Vec<Mention> {
    resolve_with(
        g,
        original,
        folded,
        raw,
        sentences,
        &RecentClaims::default(),
    )
}

/// [`resolve`], with the places of recent claims (from the store) as
/// evidence for same-named places, after the article's own.
pub fn resolve_with(
    g: &Gazetteer,
    original: &str,
    folded: &Folded,
    raw: &[RawMatch],
    sentences: &[Sentence],
    recent: &RecentClaims,
) -> Vec<Mention> {
    let ft = folded.text.as_str();
    let m = g.matcher();
    // 1. drop names of other things: people, units, outlets, rivers
    let site = Site {
        g,
        original,
        ft,
        sentences,
        all: raw,
    };
    let all = raw;
    let kept: Vec<&RawMatch> = raw.iter().filter(|r| !not_a_place(&site, r)).collect();
    // misspelled names in claim contexts, found among the words no raw
    // match covers
    let fold_span = |fs: usize, fe: usize| folded.original_span(fs, fe, original);
    let hits = super::fuzzy::find(g, original, ft, &fold_span, all);
    let mut items: Vec<Item> = kept
        .iter()
        .map(|r| Item {
            r: (*r).clone(),
            form: m.form(r.group),
            cands: m.candidates(r.group),
            key: r.group,
            fuzzy: false,
        })
        .collect();
    for (k, h) in hits.iter().enumerate() {
        items.push(Item {
            r: h.raw.clone(),
            form: h.form.as_str(),
            cands: &h.places,
            key: u32::MAX - k as u32,
            fuzzy: h.distance > 0,
        });
    }
    items.sort_by_key(|it| it.r.fstart);
    let raw: Vec<&RawMatch> = items.iter().map(|it| &it.r).collect();

    // 2. priors (plus a region stated right after the name); anchors =
    //    matches with one clear candidate
    let stated = stated_regions(g, ft, &items);
    let in_sentence = sentence_regions(g, ft, &items, sentences, folded, original);
    let scored: Vec<Vec<(usize, f64)>> = items
        .iter()
        .zip(stated.iter().zip(&in_sentence))
        .map(|(it, (stated, said))| {
            let form = it.form;
            let mut v: Vec<(usize, f64)> = it
                .cands
                .iter()
                .map(|&c| {
                    let p = g.place(c as usize);
                    let in_stated = stated.is_some_and(|s| p.admin1.as_deref() == Some(s));
                    let in_said = p.kind == PlaceKind::Settlement
                        && p.admin1.as_deref().is_some_and(|a| said.contains(&a));
                    let bonus = if in_stated {
                        STATED_REGION_BONUS
                    } else if in_said {
                        SENTENCE_REGION_BONUS
                    } else {
                        0.0
                    };
                    // only among same-named places: a unique name needs no help
                    let recent_bonus = if it.cands.len() > 1
                        && p.kind == PlaceKind::Settlement
                        && recent.near(p.lat, p.lon, RECENT_CLAIM_KM)
                    {
                        RECENT_CLAIM_BONUS
                    } else {
                        0.0
                    };
                    (
                        c as usize,
                        prior(g, c as usize, form) + bonus + recent_bonus,
                    )
                })
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        })
        .collect();
    // pass 1: anchors are the matches with one clear candidate;
    // pass 2: every pass-1 pick of the other matches is context
    let mut anchors: Vec<Option<usize>> = scored
        .iter()
        .map(|v| {
            let clear = v.len() == 1 || (v.len() > 1 && v[0].1 - v[1].1 >= 3.0);
            clear.then(|| v[0].0)
        })
        .collect();
    let clear: Vec<Option<usize>> = anchors.clone();
    let mut picks: Vec<Option<Pick>> = vec![None; raw.len()];
    for _pass in 0..2 {
        // regions the article names clearly (pass-1 anchors only)
        let mut regions: Vec<&str> = clear
            .iter()
            .flatten()
            .filter(|&&a| g.place(a).kind == PlaceKind::Region)
            .map(|&a| g.place(a).name.as_str())
            .collect();
        regions.sort_unstable();
        regions.dedup();
        let previous = picks.clone();
        for (i, v) in scored.iter().enumerate() {
            // context: the other names' places, each with whether it may be
            // this very place: another occurrence of the same name is no
            // evidence, another name of the same place is ("Toretsk
            // (formerly Dzerzhynsk)"), unless the two are coordinated and so
            // distinct ("Hrodivka and Myrnohrad", whatever GeoNames lists)
            //
            // Clear anchors count fully, earlier picks of ambiguous names half
            // their confidence; only the names within CONTEXT_MATCHES of this
            // one count, which keeps long articles linear and context local.
            let window = context_window(i, raw.len());
            let others: Vec<(usize, bool, f64)> = window
                .filter(|&j| {
                    items[j].key != items[i].key
                        && anchors[j].is_some_and(|a| g.place(a).kind == PlaceKind::Settlement)
                })
                .filter_map(|j| {
                    let w = if clear[j].is_some() {
                        1.0
                    } else {
                        0.5 * previous[j].map_or(0.0, |p| p.1)
                    };
                    let a = anchors[j]?;
                    (w > 0.0).then(|| (a, !coordinated(ft, raw[i], raw[j]), w))
                })
                .collect();
            picks[i] = pick(g, v, &context(g, others), &regions);
        }
        anchors = picks.iter().map(|p| p.map(|p| p.0)).collect();
    }

    // 3. mentions; a weak name needs a neighbour among the article's places
    let weak: Vec<bool> = items
        .iter()
        .map(|it| !it.fuzzy && is_weak_form(it.form))
        .collect();
    let mut out: Vec<Mention> = Vec::with_capacity(raw.len());
    for (i, (r, best)) in raw.iter().zip(&picks).enumerate() {
        let Some(best) = *best else { continue };
        if weak[i]
            && !after_settlement_noun(ft, r.fstart)
            && !has_neighbour(g, best.0, i, &picks, &weak)
        {
            continue;
        }
        let fuzzy = items[i].fuzzy;
        out.push(Mention {
            place: best.0,
            start: r.start,
            end: r.end,
            fstart: r.fstart,
            fend: r.fend,
            role: Role::Location,
            confidence: if fuzzy {
                best.1 * FUZZY_CONFIDENCE
            } else {
                best.1
            },
            sector: false,
            score: best.2,
            runners_up: best.3,
            fuzzy,
        });
    }

    // 4. coordinated region lists: "the Donetsk and Luhansk regions",
    //    "the border regions of Belgorod, Kursk and Bryansk"
    regionalise_lists(g, ft, &mut out);
    regionalise_deployments(g, ft, &mut out);
    mark_sectors(g, ft, &mut out);

    // 5. government metonymy
    read_roles(g, ft, &mut out);
    out
}

/// Score for lying within [`RECENT_CLAIM_KM`] of a place with recent claims
/// in the store: less than the article's own evidence (a stated region,
/// the pull of its other places, up to 4), more than the prior's usual
/// differences of size (population is the last resort).
const RECENT_CLAIM_BONUS: f64 = 3.0;
const RECENT_CLAIM_KM: f64 = 25.0;

/// Score for lying in the region the text names right after the name: more
/// than any prior, for the text could not say it plainer.
const STATED_REGION_BONUS: f64 = 8.0;

/// Score for lying in a region the same sentence places things in ("in
/// the Donetsk region"): more than the pull of the nearest place of the
/// article (at most 4), less than a region stated right after the name.
const SENTENCE_REGION_BONUS: f64 = 5.0;

/// The regions each item's sentence locates things in: a region phrase
/// after "in" ("in the Donetsk region", "in Russia's Kursk region") or
/// modifying a settlement noun ("the Kyiv Oblast town of Bucha"). A region
/// named as a border or a destination ("to the border of the Dnipropetrovsk
/// region") does not count.
fn sentence_regions<'g>(
    g: &'g Gazetteer,
    ft: &str,
    items: &[Item],
    sentences: &[Sentence],
    folded: &Folded,
    original: &str,
) -> Vec<Vec<&'g str>> {
    let sentence_of = |pos: usize| sentences.partition_point(|s| s.start <= pos);
    let mut named: Vec<(usize, &'g str)> = Vec::new();
    for it in items {
        let Some(region) = it.named_region(g) else {
            continue;
        };
        let before = phrase_before(ft, it.r.fstart, 2);
        let after = phrase_after(ft, it.r.fend, 1);
        let locative = match before.as_slice() {
            [.., "in"] | ["in", _] => !before.contains(&"border"),
            _ => false,
        } || after
            .first()
            .is_some_and(|w| matches!(*w, "town" | "village" | "city" | "settlement"));
        if locative {
            let (start, _) = folded.original_span(it.r.fstart, it.r.fend, original);
            named.push((sentence_of(start), region.name.as_str()));
        }
    }
    items
        .iter()
        .map(|it| {
            if named.is_empty() {
                return Vec::new();
            }
            let k = sentence_of(it.r.start);
            named
                .iter()
                .filter(|(s, _)| *s == k)
                .map(|(_, r)| *r)
                .collect()
        })
        .collect()
}

/// Words after a town's name that make it a front sector.
const SECTOR_WORDS: &[&str] = &[
    "front",
    "fronts",
    "direction",
    "directions",
    "sector",
    "sectors",
    "axis",
    "axes",
];

/// "the Pokrovsk front", "Kupiansk direction", "on the Bakhmut axis", "the
/// Pokrovsk, Kurakhove and Vremivka directions": the towns as sectors.
fn mark_sectors(g: &Gazetteer, ft: &str, out: &mut [Mention]) {
    let mut i = 0;
    while i < out.len() {
        let mut j = i;
        while j + 1 < out.len() && out[j].fend <= out[j + 1].fstart {
            let gap = ft[out[j].fend..out[j + 1].fstart].trim();
            if matches!(gap, "," | "and" | ", and" | "or" | ", or" | "") {
                j += 1;
            } else {
                break;
            }
        }
        let sector = phrase_after(ft, out[j].fend, 1)
            .first()
            .is_some_and(|w| SECTOR_WORDS.contains(w));
        if sector {
            for mention in &mut out[i..=j] {
                if g.place(mention.place).kind == PlaceKind::Settlement {
                    mention.sector = true;
                }
            }
        }
        i = j + 1;
    }
}

/// The region each match is said to lie in by the words right after it
/// (or after the list it ends): "Donetsk in Russia's Rostov region",
/// "Robotyne and Mala Tokmachka in the Zaporizhzhia region", "Kupiansk,
/// Kharkiv region". Only a name with a region word counts as the region.
fn stated_regions<'g>(g: &'g Gazetteer, ft: &str, items: &[Item]) -> Vec<Option<&'g str>> {
    let raw: Vec<&RawMatch> = items.iter().map(|it| &it.r).collect();
    let mut out = vec![None; raw.len()];
    for j in 1..raw.len() {
        let Some(region) = items[j].named_region(g) else {
            continue;
        };
        let gap = |a: &RawMatch, b: &RawMatch| ft.get(a.fend..b.fstart).unwrap_or("").trim();
        // "in Russia's Rostov region": step over the country
        let mut i = j - 1;
        let country = |it: &Item| {
            it.cands
                .iter()
                .all(|&c| g.place(c as usize).kind == PlaceKind::Country)
        };
        if i > 0 && country(&items[i]) && gap(raw[i], raw[j]) == "'s" {
            if gap(raw[i - 1], raw[i]) != "in" {
                continue;
            }
            i -= 1;
        } else if !matches!(gap(raw[i], raw[j]), "in" | "in the" | "," | ", in the") {
            continue;
        }
        loop {
            if items[i]
                .cands
                .iter()
                .any(|&c| g.place(c as usize).kind == PlaceKind::Settlement)
            {
                out[i] = Some(region.name.as_str());
            }
            if i == 0 || !matches!(gap(raw[i - 1], raw[i]), "," | "and" | ", and" | "or") {
                break;
            }
            i -= 1;
        }
    }
    out
}

/// "the village of X", "the town of X": the text says X is a place.
fn after_settlement_noun(ft: &str, pos: usize) -> bool {
    matches!(
        phrase_before(ft, pos, 2).as_slice(),
        [
            "village" | "villages" | "town" | "settlement" | "hamlet",
            "of"
        ]
    )
}

/// Is some other, not weak, settlement of the article within
/// `NEIGHBOUR_KM` of `place`?
fn has_neighbour(
    g: &Gazetteer,
    place: usize,
    at: usize,
    picks: &[Option<Pick>],
    weak: &[bool],
) -> bool {
    let p = g.place(place);
    context_window(at, picks.len()).any(|j| {
        picks[j].is_some_and(|(o, ..)| {
            let q = g.place(o);
            !weak[j]
                && q.kind == PlaceKind::Settlement
                && km(p.lat, p.lon, q.lat, q.lon) <= NEIGHBOUR_KM
        })
    })
}

/// How many matches on either side of a name serve as its context.
const CONTEXT_MATCHES: usize = 40;

fn context_window(i: usize, len: usize) -> std::ops::Range<usize> {
    i.saturating_sub(CONTEXT_MATCHES)..(i + CONTEXT_MATCHES + 1).min(len)
}

/// A context place: index, whether it may be the candidate itself, weight,
/// and its point ready for fast distances.
struct Context {
    place: usize,
    same_ok: bool,
    weight: f64,
    lat: f64,
    lon: f64,
    cos_lat: f64,
}

/// Each context place once (repeats of a name add nothing), with the
/// strongest weight it has.
fn context(g: &Gazetteer, mut others: Vec<(usize, bool, f64)>) -> Vec<Context> {
    others.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(b.2.total_cmp(&a.2)));
    others.dedup_by_key(|o| o.0);
    others
        .into_iter()
        .map(|(place, same_ok, weight)| {
            let p = g.place(place);
            Context {
                place,
                same_ok,
                weight,
                lat: p.lat,
                lon: p.lon,
                cos_lat: p.lat.to_radians().cos(),
            }
        })
        .collect()
}

/// Distance in km, equirectangular: within a few hundred km it is as good
/// as the haversine and far cheaper.
fn near_km(lat: f64, lon: f64, c: &Context) -> f64 {
    let dy = lat - c.lat;
    let dx = (lon - c.lon) * c.cos_lat;
    111.2 * (dx * dx + dy * dy).sqrt()
}

/// Are two matches next to each other in a list ("A, B and C")?
fn coordinated(ft: &str, a: &RawMatch, b: &RawMatch) -> bool {
    let (a, b) = if a.fstart < b.fstart { (a, b) } else { (b, a) };
    ft.get(a.fend..b.fstart)
        .is_some_and(|gap| matches!(gap.trim(), "," | "and" | ", and" | "or" | ", or"))
}

/// Score for lying in a region the article names somewhere. Less than the
/// closeness to a settlement the article names (up to 4 at 0 km, 2.3 at
/// 30 km): a region named in passing ("the villages before the border of
/// the Dnipropetrovsk region") must not pull every homonym of a Kurakhove
/// story 60 km west.
const REGION_BONUS: f64 = 1.5;

/// A chosen candidate: place, confidence, softmax share, runners-up.
type Pick = (usize, f64, f64, usize);

/// Confidence factor for a name found by edit distance.
const FUZZY_CONFIDENCE: f64 = 0.6;

/// Choose among a match's candidates: prior plus closeness to the article's
/// other places plus membership of a region the article names. Returns the
/// place and a confidence from the margin over the runner-up.
fn pick(g: &Gazetteer, v: &[(usize, f64)], others: &[Context], regions: &[&str]) -> Option<Pick> {
    if v.len() <= 1 {
        return v.first().map(|&(c, _)| (c, 0.95, 1.0, 0));
    }
    let mut scores: Vec<f64> = Vec::with_capacity(v.len().min(64));
    let mut best = (v[0].0, f64::MIN);
    let mut second = f64::MIN;
    for &(c, pr) in v.iter().take(64) {
        let p = g.place(c);
        let mut s = pr;
        if p.kind == PlaceKind::Settlement {
            // the strongest pull of any other place of the article: 4 at the
            // same spot, 2.1 at 25 km, 0.3 at 100 km
            let pull = others
                .iter()
                .filter(|o| o.place != c || o.same_ok)
                .map(|o| o.weight * 4.0 * (-near_km(p.lat, p.lon, o) / 40.0).exp())
                .fold(0.0, f64::max);
            s += pull;
            if p.admin1.as_deref().is_some_and(|a| regions.contains(&a)) {
                s += REGION_BONUS;
            }
        }
        scores.push(s);
        if s > best.1 {
            second = best.1;
            best = (c, s);
        } else if s > second {
            second = s;
        }
    }
    let margin = (best.1 - second).max(0.0);
    // the chosen candidate's softmax share: 1 when it stands far above the
    // rest, 1/n when all n tie
    let total: f64 = scores.iter().map(|x| (x - best.1).exp()).sum();
    Some((
        best.0,
        (0.5 + margin / 6.0).min(0.95),
        1.0 / total,
        v.len() - 1,
    ))
}

fn regionalise_lists(g: &Gazetteer, ft: &str, out: &mut [Mention]) {
    let mut i = 0;
    while i < out.len() {
        // a list: consecutive mentions separated by ", " / " and " / ", and "
        let mut j = i;
        while j + 1 < out.len() {
            let gap = ft[out[j].fend..out[j + 1].fstart].trim();
            if matches!(gap, "," | "and" | ", and" | "or" | ", or") {
                j += 1;
            } else {
                break;
            }
        }
        let last = &out[j];
        let after = words_after(ft, last.fend, 1);
        let last_is_plural_region = g.place(last.place).kind == PlaceKind::Region
            && ft[last.fstart..last.fend].ends_with('s');
        let followed = after
            .first()
            .is_some_and(|w| matches!(*w, "regions" | "oblasts" | "provinces"));
        let before = words_before(ft, out[i].fstart, 2);
        let preceded = before.len() == 2
            && matches!(before[0], "regions" | "oblasts" | "provinces")
            && before[1] == "of";
        if j > i && (last_is_plural_region || followed) || preceded {
            for mention in &mut out[i..=j] {
                if let Some(r) = g.region_of(mention.place) {
                    mention.place = r;
                }
            }
        }
        i = j + 1;
    }
}

/// Verbs of sending troops: what they are sent to is a theatre, not a town.
const DEPLOYMENT_VERBS: &[&str] = &[
    "deployed",
    "redeployed",
    "sent",
    "dispatched",
    "transferred",
];

/// Troops are deployed to a region, not to its capital: "North Korean
/// troops were deployed to Kursk" is the Kursk region. Applies to a region
/// centre whose name is its region's stem (Kursk, Belgorod, Kharkiv), right
/// after a verb of deployment and "to"/"into".
fn regionalise_deployments(g: &Gazetteer, ft: &str, out: &mut [Mention]) {
    for mention in out.iter_mut() {
        let before = phrase_before(ft, mention.fstart, 2);
        let deployed =
            matches!(before.as_slice(), [verb, "to" | "into"] if DEPLOYMENT_VERBS.contains(verb));
        if !deployed || g.place(mention.place).kind != PlaceKind::Settlement {
            continue;
        }
        let Some(region) = g.region_of(mention.place) else {
            continue;
        };
        let form = &ft[mention.fstart..mention.fend];
        let named_after = region_stems(g.place(region))
            .iter()
            .any(|stem| fold(stem) == form);
        if named_after {
            mention.place = region;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::gazetteer::tests::picks;

    /// sentence, surface → "place, admin1" it must resolve to.
    #[test]
    fn homonyms() {
        let cases = [
            // a region stated right after the name (or its list) decides
            (
                "Floods hit the town of Donetsk in Russia's Rostov region.",
                "Donetsk",
                "Donetsk, Rostov Oblast",
            ),
            (
                "Attacks near Kamianske in the Zaporizhzhia region were repelled.",
                "Kamianske",
                "Kamianske, Zaporizhzhia Oblast",
            ),
            (
                "Fighting near Stepove and Kamianske in the Zaporizhzhia region.",
                "Kamianske",
                "Kamianske, Zaporizhzhia Oblast",
            ),
            // troops are deployed to a region
            (
                "North Korean troops were deployed to Kursk, the Pentagon said.",
                "Kursk",
                "Kursk Oblast, Kursk Oblast",
            ),
            (
                "Drones struck Kursk overnight.",
                "Kursk",
                "Kursk, Kursk Oblast",
            ),
            // another name of the same place supports it
            (
                "Toretsk (formerly Dzerzhynsk) was shelled again.",
                "Dzerzhynsk",
                "Toretsk, Donetsk Oblast",
            ),
            (
                "Ukrainian troops repelled attacks near Hrodivka and Myrnohrad.",
                "Hrodivka",
                "Hrodivka, Donetsk Oblast",
            ),
            // population ranks a town GeoNames gives no admin code
            (
                "Russian forces are pressing on Kostiantynivka from the south.",
                "Kostiantynivka",
                "Kostiantynivka, Donetsk Oblast",
            ),
            // a region named in passing weighs less than a town nearby
            (
                "Russian troops took Andriivka, west of Kurakhove, and moved on \
                 to the border of the Dnipropetrovsk region.",
                "Andriivka",
                "Andriivka, Donetsk Oblast",
            ),
        ];
        for (sentence, surface, want) in cases {
            let got = picks(sentence);
            let at = got
                .iter()
                .find(|(s, _)| s == surface)
                .map(|(_, at)| at.as_str());
            assert_eq!(at, Some(want), "{sentence}: {got:?}");
        }
    }
}
