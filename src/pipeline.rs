//! Wiring the stages together: the `Engine` analyses one article (text →
//! gazetteer → linker), `run` streams bundles through it and writes the
//! run folder. Decisions live in the stages; this module only connects them,
//! counts, and writes files atomically.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::corpus::{self, Entry};
use crate::gazetteer::{self, Gazetteer, RecentClaims, Role};
use crate::geometry;
use crate::linker::{Linker, PlaceMention, Trace};
use crate::model::{
    Alternatives, Article, Claim, Controller, Event, MentionRecord, PlaceKind, Status,
};
use crate::store::{Fact, Store};
use crate::text::{sentences, Folded};
use crate::Error;

/// What one article yields.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub mentions: Vec<MentionRecord>,
    pub claims: Vec<Claim>,
}

/// The gazetteer and linker, built once and shared by every article.
pub struct Engine {
    gazetteer: Gazetteer,
    linker: Linker,
}

impl Engine {
    /// The embedded gazetteer, optionally with a user's CSV merged in.
    pub fn new(gazetteer_csv: Option<&Path>) -> Result<Engine, Error> {
        let gazetteer = match gazetteer_csv {
            Some(p) => Gazetteer::with_overrides(p)?,
            None => Gazetteer::embedded()?,
        };
        Ok(Engine {
            gazetteer,
            linker: Linker::new()?,
        })
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The text stage and the gazetteer stage of one article's text: its
    /// sentences and its resolved place mentions (a sector name as a place
    /// of kind `sector`), with how clear each choice was.
    fn places_of(
        &self,
        text: &str,
        recent: &RecentClaims,
    ) -> (
        Vec<crate::text::Sentence>,
        Vec<PlaceMention>,
        Vec<Alternatives>,
    ) {
        let folded = Folded::new(text);
        let sents = sentences(text);
        // (no early return on no match: a misspelled name in a claim
        // context is found by the resolver's fuzzy lookup)
        let raw = self.gazetteer.matcher().find(text, &folded);
        let resolved =
            gazetteer::resolve_with(&self.gazetteer, text, &folded, &raw, &sents, recent);
        let mentions = resolved
            .iter()
            .map(|m| {
                let mut place = self.gazetteer.place(m.place).to_ref();
                if m.sector {
                    place.kind = PlaceKind::Sector;
                }
                PlaceMention {
                    place,
                    start: m.start,
                    end: m.end,
                    government: m.role == Role::Government,
                    confidence: m.confidence,
                }
            })
            .collect();
        let alternatives = resolved
            .iter()
            .map(|m| Alternatives {
                score: m.score,
                runners_up: m.runners_up,
                fuzzy: m.fuzzy,
            })
            .collect();
        (sents, mentions, alternatives)
    }

    /// Find the places an article names and the claims it makes.
    pub fn analyse(&self, article: &Article) -> Analysis {
        self.analyse_with(article, &RecentClaims::default())
    }

    /// [`Engine::analyse`], with the places of recent claims in the store as
    /// evidence for same-named places.
    pub fn analyse_with(&self, article: &Article, recent: &RecentClaims) -> Analysis {
        let text = article.text();
        let (sents, place_mentions, alternatives) = self.places_of(&text, recent);
        if place_mentions.is_empty() {
            return Analysis::default();
        }
        let mut claims = self.linker.link(article, &text, &sents, &place_mentions);
        claims.retain(|c| in_theatre(&c.place));
        // one record per place (and kind: a town and its sector are two), in
        // order of first mention
        let mut records: Vec<MentionRecord> = Vec::new();
        let mut index: std::collections::HashMap<(&str, PlaceKind), usize> =
            std::collections::HashMap::new();
        for (m, alt) in place_mentions
            .iter()
            .zip(&alternatives)
            .filter(|(m, _)| !m.government && in_theatre(&m.place))
        {
            let surface = &text[m.start..m.end];
            match index.get(&(m.place.place_id.as_str(), m.place.kind)) {
                Some(&i) => {
                    let r = &mut records[i];
                    r.count += 1;
                    if r.alternatives.is_none_or(|a| alt.score > a.score) {
                        r.alternatives = Some(*alt);
                    }
                    if !r.surfaces.iter().any(|s| s == surface) {
                        r.surfaces.push(surface.to_string());
                    }
                }
                None => {
                    index.insert((m.place.place_id.as_str(), m.place.kind), records.len());
                    records.push(MentionRecord {
                        place: m.place.clone(),
                        article: article.id.clone(),
                        surfaces: vec![surface.to_string()],
                        count: 1,
                        alternatives: Some(*alt),
                    });
                }
            }
        }
        Analysis {
            mentions: records,
            claims,
        }
    }
}

/// The window of the map's theatre (lon 15..60, lat 40..60): places outside
/// it (London, Washington, a country's centroid in Siberia) are read as
/// context but not written as mentions or claims.
pub const THEATRE: [f64; 4] = [15.0, 40.0, 60.0, 60.0];

fn in_theatre(p: &crate::model::PlaceRef) -> bool {
    (THEATRE[0]..=THEATRE[2]).contains(&p.lon) && (THEATRE[1]..=THEATRE[3]).contains(&p.lat)
}

/// One sentence as `frontline explain` shows it.
#[derive(Debug, Clone)]
pub struct SentenceExplanation {
    /// Byte span in the article text.
    pub span: (usize, usize),
    pub text: String,
    /// (surface, place, read as a government rather than a location)
    pub places: Vec<(String, crate::model::PlaceRef, bool)>,
    pub claims: Vec<(Claim, Trace)>,
}

impl Engine {
    /// Every sentence that names a place, with the places and the claims
    /// read from it, each with the rule that fired and why.
    pub fn explain(&self, article: &Article) -> Vec<SentenceExplanation> {
        let text = article.text();
        let (sents, place_mentions, _) = self.places_of(&text, &RecentClaims::default());
        let claims = self
            .linker
            .link_traced(article, &text, &sents, &place_mentions);
        sents
            .iter()
            .filter_map(|s| {
                let places: Vec<(String, crate::model::PlaceRef, bool)> = place_mentions
                    .iter()
                    .filter(|m| m.start >= s.start && m.end <= s.end)
                    .map(|m| {
                        (
                            text[m.start..m.end].to_string(),
                            m.place.clone(),
                            m.government,
                        )
                    })
                    .collect();
                let claims: Vec<(Claim, Trace)> = claims
                    .iter()
                    .filter(|(c, _)| c.span == (s.start, s.end))
                    .cloned()
                    .collect();
                (!places.is_empty() || !claims.is_empty()).then(|| SentenceExplanation {
                    span: (s.start, s.end),
                    text: text[s.start..s.end].to_string(),
                    places,
                    claims,
                })
            })
            .collect()
    }
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// Everything a bundle yields, held in memory (claims and mentions only,
/// never article texts).
#[derive(Debug, Clone, Default)]
pub struct Collected {
    pub articles: usize,
    pub skipped: Vec<SkippedFile>,
    pub mentions: Vec<MentionRecord>,
    pub claims: Vec<Claim>,
    pub latest: Option<NaiveDate>,
}

/// Stream bundles through the engine.
pub fn collect(
    engine: &Engine,
    bundles: &[PathBuf],
    date: Option<NaiveDate>,
    mut on_article: impl FnMut(&str),
) -> Result<Collected, Error> {
    let mut out = Collected::default();
    for bundle in bundles {
        for entry in corpus::read_bundle(bundle, date)? {
            match entry {
                Entry::Article(article) => {
                    on_article(&article.id);
                    out.articles += 1;
                    out.latest = out.latest.max(article.published);
                    let a = engine.analyse(&article);
                    out.mentions.extend(a.mentions);
                    out.claims.extend(a.claims);
                }
                Entry::Skipped { path, reason } => {
                    out.skipped.push(SkippedFile { path, reason });
                }
            }
        }
    }
    Ok(out)
}

/// What `ingest` is asked to do.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub bundles: Vec<PathBuf>,
    /// `--date`: the published date of undated articles.
    pub date: Option<NaiveDate>,
    /// Show a progress bar on stderr (once a batch has taken a second).
    pub progress: bool,
    /// Worker threads for extraction (0: one per core).
    pub jobs: usize,
}

/// A place whose state a run changed.
#[derive(Debug, Clone, PartialEq)]
pub struct StateChange {
    /// The place's name, with its region for a settlement.
    pub place: String,
    pub before: Controller,
    pub after: Controller,
}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    /// Articles new to the store.
    pub articles: usize,
    /// Articles whose content was stored already (by an earlier run or
    /// earlier in this one).
    pub duplicates: usize,
    pub skipped: Vec<SkippedFile>,
    /// New (article, place) mention records.
    pub mentions: usize,
    pub claims_by_event: BTreeMap<Event, usize>,
    /// Places whose state (as of the store's latest date) this ingest changed.
    pub changed: Vec<StateChange>,
    pub as_of: Option<NaiveDate>,
    pub elapsed: Duration,
}

/// Claims this many days before the store's latest article count as recent
/// evidence for same-named places.
const RECENT_DAYS: i64 = 60;

/// Articles analysed together across the worker threads.
const CHUNK: usize = 512;

/// Open (or create) a store, mapping its errors.
pub fn open_store(path: &Path, wait: Duration, create: bool) -> Result<Store, Error> {
    Ok(if create {
        Store::open(path, wait)?
    } else {
        Store::open_existing(path, wait)?
    })
}

/// Read bundles into the store: each bundle in one transaction, articles
/// already stored (same content hash) skipped, extraction spread over the
/// cores, the store written from this thread only.
pub fn ingest(
    engine: &Engine,
    store: &mut Store,
    opts: &IngestOptions,
) -> Result<IngestSummary, Error> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| Error::Io {
            path: "thread pool".into(),
            source: std::io::Error::other(e),
        })?;
    let progress = Progress::new(opts.progress, &opts.bundles);
    // what the store already knows helps choose among same-named places
    let recent = RecentClaims::new(store.recent_claim_points(RECENT_DAYS)?);
    let run = store.begin_run(&opts.bundles)?;
    let mut sum = IngestSummary::default();
    for bundle in &opts.bundles {
        let mut entries = corpus::read_bundle(bundle, opts.date)?.peekable();
        let mut writer = store.begin_bundle(run, &bundle.display().to_string())?;
        let mut chunk: Vec<([u8; 16], Article)> = Vec::with_capacity(CHUNK);
        while entries.peek().is_some() {
            chunk.clear();
            for entry in entries.by_ref() {
                match entry {
                    Entry::Article(article) => {
                        progress.file(&article.id);
                        let hash = article_hash(&article);
                        if writer.contains(&hash)? {
                            sum.duplicates += 1;
                        } else {
                            chunk.push((hash, article));
                        }
                        if chunk.len() == CHUNK {
                            break;
                        }
                    }
                    Entry::Skipped { path, reason } => {
                        progress.file(&path);
                        sum.skipped.push(SkippedFile { path, reason });
                    }
                }
            }
            let analysed: Vec<Analysis> = pool.install(|| {
                use rayon::prelude::*;
                chunk
                    .par_iter()
                    .map(|(_, a)| engine.analyse_with(a, &recent))
                    .collect()
            });
            for ((hash, article), a) in chunk.iter().zip(&analysed) {
                if writer.add(hash, article, &a.mentions, &a.claims)? {
                    sum.articles += 1;
                    sum.mentions += a.mentions.len();
                    for c in &a.claims {
                        *sum.claims_by_event.entry(c.event).or_insert(0) += 1;
                    }
                } else {
                    sum.duplicates += 1;
                }
            }
            progress.articles(chunk.len());
        }
        writer.commit()?;
    }
    progress.finish();
    let claims: usize = sum.claims_by_event.values().sum();
    store.finish_run(run, sum.articles, sum.duplicates, sum.skipped.len(), claims)?;
    sum.as_of = store.latest_day()?;
    sum.changed = changed_states(store, run, sum.as_of)?;
    sum.elapsed = started.elapsed();
    Ok(sum)
}

/// The content hash of an article's text, without building the text.
fn article_hash(a: &Article) -> [u8; 16] {
    let mut h = blake3::Hasher::new();
    h.update(a.title.as_bytes());
    h.update(b"\n");
    h.update(a.body.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.finalize().as_bytes()[..16]);
    out
}

/// The places whose state as of `as_of` differs with and without this run's
/// articles.
fn changed_states(
    store: &Store,
    run: i64,
    as_of: Option<NaiveDate>,
) -> Result<Vec<StateChange>, Error> {
    let touched = store.places_claimed_in_run(run)?;
    if touched.is_empty() {
        return Ok(Vec::new());
    }
    let Some(first_new) = store.first_article_of_run(run)? else {
        return Ok(Vec::new());
    };
    let (places, index) = store.places()?;
    let wanted: std::collections::HashSet<u32> = touched
        .iter()
        .filter_map(|p| index.get(p).copied())
        .collect();
    let facts: Vec<Fact> = store
        .facts(&index, as_of)?
        .into_iter()
        .filter(|f| wanted.contains(&f.place))
        .collect();
    let before: Vec<Fact> = facts
        .iter()
        .filter(|f| f.article < first_new)
        .copied()
        .collect();
    let was: std::collections::HashMap<String, Controller> =
        crate::store::state::states(&places, &before, as_of)
            .into_iter()
            .map(|s| (s.place.place_id, s.controller))
            .collect();
    let mut out: Vec<StateChange> = crate::store::state::states(&places, &facts, as_of)
        .into_iter()
        .filter_map(|s| {
            let before = was
                .get(s.place.place_id.as_str())
                .copied()
                .unwrap_or(Controller::Unknown);
            (before != s.controller).then(|| StateChange {
                place: match &s.place.admin1 {
                    Some(region) if s.place.kind == PlaceKind::Settlement => {
                        format!("{} ({region})", s.place.place)
                    }
                    _ => s.place.place.clone(),
                },
                before,
                after: s.controller,
            })
        })
        .collect();
    out.sort_by(|a, b| a.place.cmp(&b.place));
    Ok(out)
}

/// A progress bar over the bundles' files, shown on stderr once a batch has
/// taken more than a second, with articles per second.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    started: Instant,
    shown: std::cell::Cell<bool>,
    last_file: std::cell::RefCell<String>,
    read: std::cell::Cell<usize>,
}

impl Progress {
    fn new(enabled: bool, bundles: &[PathBuf]) -> Progress {
        let bar = enabled.then(|| {
            let files: u64 = bundles
                .iter()
                .map(|b| {
                    walkdir::WalkDir::new(b)
                        .follow_links(true)
                        .into_iter()
                        .filter_map(Result::ok)
                        .filter(|e| e.file_type().is_file())
                        .count() as u64
                })
                .sum();
            let b = indicatif::ProgressBar::with_draw_target(
                Some(files),
                indicatif::ProgressDrawTarget::hidden(),
            );
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files  {msg}  {elapsed_precise} (eta {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            started: Instant::now(),
            shown: std::cell::Cell::new(false),
            last_file: Default::default(),
            read: std::cell::Cell::new(0),
        }
    }

    /// An entry from file `id` (`path#line` for JSONL) was read.
    fn file(&self, id: &str) {
        let Some(bar) = &self.bar else { return };
        let file = id.split('#').next().unwrap_or(id);
        let mut last = self.last_file.borrow_mut();
        if *last != file {
            last.clear();
            last.push_str(file);
            bar.inc(1);
        }
    }

    fn articles(&self, n: usize) {
        let Some(bar) = &self.bar else { return };
        let secs = self.started.elapsed().as_secs_f64();
        let read = self.read.get() + n;
        self.read.set(read);
        bar.set_message(format!(
            "{read} articles, {:.0}/s",
            read as f64 / secs.max(1e-3)
        ));
        if !self.shown.get() && secs > 1.0 {
            self.shown.set(true);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// What `export` is asked to do.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub out: PathBuf,
    /// The snapshot date (default: the latest date in the store).
    pub as_of: Option<NaiveDate>,
    /// Write only the claims dated, and the mentions of articles published,
    /// on or after this date (places, zones and the map still weigh every
    /// claim up to the snapshot).
    pub since: Option<NaiveDate>,
    pub size: (u32, u32),
}

/// What an export wrote.
#[derive(Debug, Clone, Default)]
pub struct ExportSummary {
    pub as_of: Option<NaiveDate>,
    pub claims: usize,
    pub mentions: usize,
    pub places: usize,
    pub controllers: BTreeMap<&'static str, usize>,
    pub files: Vec<PathBuf>,
    pub elapsed: Duration,
}

/// Write every output of FORMATS.md §2 from the store as of a date: the
/// claims counting on or before it, the mentions of articles published by
/// then, each place's state, the zones and front line, and the map.
pub fn export(store: &Store, opts: &ExportOptions) -> Result<ExportSummary, Error> {
    use crate::export::geojson as gj;
    let started = Instant::now();
    // one read snapshot for every query, even while another process ingests
    let _snapshot = store.read_snapshot()?;
    let as_of = match opts.as_of {
        Some(d) => Some(d),
        None => store.latest_day()?,
    };
    let (places, index) = store.places()?;
    let (facts, ids) = store.facts_with_ids(&index, as_of)?;
    let (states, events) = crate::store::state::states_with_events(&places, &facts, as_of);
    // each claim's corroboration: the sources and outlets of its event
    let mut corroboration = vec![(1u32, 1u32); facts.len()];
    for e in &events {
        for &m in &e.members {
            corroboration[m] = (e.articles as u32, e.outlets as u32);
        }
    }
    let front = geometry::derive(&states, as_of);
    std::fs::create_dir_all(&opts.out).map_err(|e| Error::Io {
        path: opts.out.display().to_string(),
        source: e,
    })?;
    let mut files = Vec::new();
    let mut sum = ExportSummary {
        as_of,
        places: states.len(),
        ..Default::default()
    };

    let prefixes: Vec<Vec<u8>> = places.iter().map(gj::place_prefix).collect();
    // a sector phrase is written as a mention of the town with kind `sector`
    let sector_prefixes: Vec<Vec<u8>> = places
        .iter()
        .map(|p| {
            gj::place_prefix(&crate::model::PlaceRef {
                kind: PlaceKind::Sector,
                ..p.clone()
            })
        })
        .collect();
    let prefix_of = |place_id: &str, kind: Option<PlaceKind>| -> std::io::Result<&[u8]> {
        let table = match kind {
            Some(PlaceKind::Sector) => &sector_prefixes,
            _ => &prefixes,
        };
        index
            .get(place_id)
            .map(|&i| table[i as usize].as_slice())
            .ok_or_else(|| std::io::Error::other(format!("unknown place {place_id}")))
    };
    let upto = store.max_article_row()?;
    let claims_path = opts.out.join("claims.geojson");
    let mentions_path = opts.out.join("mentions.geojson");
    // mentions stream from a second connection on another core, bounded to
    // this snapshot's articles, while this thread writes the claims
    let (db_path, wait) = (store.path().to_path_buf(), store.wait());
    let (claims, mentions) = std::thread::scope(|scope| -> Result<(usize, usize), Error> {
        let (prefix_of, mentions_path, since_m) = (&prefix_of, &mentions_path, opts.since);
        let mentions = scope.spawn(move || -> Result<usize, Error> {
            let reader = Store::open_existing(&db_path, wait)?;
            let mut n = 0;
            let mut scratch = Vec::with_capacity(256);
            write_atomic_with(mentions_path, |w| {
                w.write_all(gj::COLLECTION_START)?;
                reader
                    .for_each_mention(as_of, since_m, upto, |r| {
                        if n > 0 {
                            w.write_all(gj::FEATURE_SEPARATOR)?;
                        }
                        n += 1;
                        let core = gj::MentionCore {
                            article: r.article,
                            surfaces: gj::Surfaces(r.surfaces),
                            count: r.count,
                            alternatives: r.alternatives.map(Into::into),
                        };
                        gj::write_mention(w, prefix_of(r.place_id, r.kind)?, &core, &mut scratch)
                    })
                    .map_err(std::io::Error::other)?;
                w.write_all(gj::COLLECTION_END)
            })?;
            Ok(n)
        });
        let mut n = 0;
        let mut scratch = Vec::with_capacity(512);
        write_atomic_with(&claims_path, |w| {
            w.write_all(gj::COLLECTION_START)?;
            store
                .for_each_claim(as_of, opts.since, |r| {
                    let day = r.date.or(r.published);
                    let (sources, outlets) = ids
                        .binary_search(&r.id)
                        .map_or((1, 1), |i| corroboration[i]);
                    if n > 0 {
                        w.write_all(gj::FEATURE_SEPARATOR)?;
                    }
                    n += 1;
                    let core = gj::ClaimCore {
                        event: r.event.as_str(),
                        actor: r.actor.as_str(),
                        claimed_by: r.claimed_by.as_str(),
                        status: r.status.as_str(),
                        historical: r.historical,
                        date: day,
                        published: r.published,
                        article: r.article,
                        evidence: r.evidence,
                        span: [r.span.0, r.span.1],
                        confidence: r.confidence,
                        source: r.source,
                        sources: sources as usize,
                        outlets: outlets as usize,
                    };
                    gj::write_claim(w, prefix_of(r.place_id, r.kind)?, &core, &mut scratch)
                })
                .map_err(std::io::Error::other)?;
            w.write_all(gj::COLLECTION_END)
        })?;
        let m = mentions.join().map_err(|_| Error::Io {
            path: mentions_path.display().to_string(),
            source: std::io::Error::other("the mentions writer panicked"),
        })??;
        Ok((n, m))
    })?;
    sum.claims = claims;
    sum.mentions = mentions;
    files.push(claims_path);
    files.push(mentions_path);

    let path = opts.out.join("places.geojson");
    write_atomic_with(&path, |w| {
        gj::write_collection(w, states.iter().map(gj::place_feature))
    })?;
    files.push(path);
    let path = opts.out.join("frontline.geojson");
    write_atomic_with(&path, |w| {
        gj::write_collection(w, gj::frontline_features(&front))
    })?;
    files.push(path);

    // the map draws one marker per place, side, event and status: one
    // representative claim of each is all it needs
    let mut shown: std::collections::BTreeSet<(u32, Event, crate::model::Side, Status)> =
        Default::default();
    let map_claims: Vec<Claim> = facts
        .iter()
        .filter(|f| shown.insert((f.place, f.event, f.actor, f.status)))
        .map(|f| Claim {
            place: places[f.place as usize].clone(),
            event: f.event,
            actor: f.actor,
            claimed_by: f.claimed_by,
            status: f.status,
            historical: f.historical,
            date: f.day,
            published: f.day,
            article: String::new(),
            evidence: String::new(),
            span: (0, 0),
            confidence: f64::from(f.confidence),
        })
        .collect();
    let png = crate::export::png::render(&crate::export::png::MapSpec {
        claims: &map_claims,
        states: &states,
        frontline: &front,
        title: "frontline: control-change claims".to_string(),
        as_of,
        width: opts.size.0,
        height: opts.size.1,
    })?;
    let path = opts.out.join("map.png");
    write_atomic(&path, &png)?;
    files.push(path);

    for s in &states {
        *sum.controllers.entry(s.controller.as_str()).or_insert(0) += 1;
    }
    sum.files = files;
    sum.elapsed = started.elapsed();
    Ok(sum)
}

/// What `run` is asked to do: ingest into the output folder's store, then
/// export from it.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub bundles: Vec<PathBuf>,
    pub out: PathBuf,
    /// The store (default `out/frontline.db`).
    pub db: Option<PathBuf>,
    /// `--date`: the date of undated articles, and the snapshot date.
    pub date: Option<NaiveDate>,
    pub gazetteer: Option<PathBuf>,
    pub size: (u32, u32),
    /// Show a progress bar on stderr.
    pub progress: bool,
    pub wait: Duration,
    pub jobs: usize,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub ingest: IngestSummary,
    pub export: ExportSummary,
    pub db: PathBuf,
    pub elapsed: Duration,
}

/// Ingest the bundles into the store, then export as of `--date` (or the
/// store's latest date).
pub fn run(opts: &RunOptions) -> Result<RunSummary, Error> {
    let started = Instant::now();
    let engine = Engine::new(opts.gazetteer.as_deref())?;
    let db = opts.db.clone().unwrap_or_else(|| Store::path_in(&opts.out));
    let mut store = open_store(&db, opts.wait, true)?;
    let ingested = ingest(
        &engine,
        &mut store,
        &IngestOptions {
            bundles: opts.bundles.clone(),
            date: opts.date,
            progress: opts.progress,
            jobs: opts.jobs,
        },
    )?;
    let exported = export(
        &store,
        &ExportOptions {
            out: opts.out.clone(),
            as_of: opts.date,
            since: None,
            size: opts.size,
        },
    )?;
    Ok(RunSummary {
        ingest: ingested,
        export: exported,
        db,
        elapsed: started.elapsed(),
    })
}

/// Write a file so that readers see the old or the new content, never half:
/// a temporary file in the same folder, flushed, then renamed over.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// `write_atomic` for content produced by a writer function (streamed
/// through a buffer, never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        source: e,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let f = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        write(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
