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
use crate::gazetteer::{self, Gazetteer, Role};
use crate::geometry;
use crate::linker::{Linker, PlaceMention, Trace};
use crate::model::{Alternatives, Article, Claim, Event, MentionRecord, PlaceKind};
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
        let resolved = gazetteer::resolve(&self.gazetteer, text, &folded, &raw, &sents);
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
        let text = article.text();
        let (sents, place_mentions, alternatives) = self.places_of(&text);
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
        let (sents, place_mentions, _) = self.places_of(&text);
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

/// What `run` is asked to do.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub bundles: Vec<PathBuf>,
    pub out: PathBuf,
    /// `--date`: the date of undated articles, and the snapshot date.
    pub date: Option<NaiveDate>,
    pub gazetteer: Option<PathBuf>,
    pub size: (u32, u32),
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// A file that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub articles: usize,
    pub skipped: Vec<SkippedFile>,
    pub mentions: usize,
    pub claims_by_event: BTreeMap<Event, usize>,
    pub places: usize,
    pub as_of: Option<NaiveDate>,
    pub files: Vec<PathBuf>,
    pub elapsed: Duration,
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

/// Writes one output file's content into a buffered writer.
type WriteFn<'a> = dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a;

/// Run the whole pipeline and write the run folder.
pub fn run(opts: &RunOptions) -> Result<RunSummary, Error> {
    let started = Instant::now();
    let engine = Engine::new(opts.gazetteer.as_deref())?;
    let bar = opts.progress.then(|| {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} articles read ({per_sec}) {wide_msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        b.enable_steady_tick(Duration::from_millis(120));
        b
    });
    let collected = collect(&engine, &opts.bundles, opts.date, |id| {
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(crate::display_safe(id));
        }
    })?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let as_of = opts.date.or(collected.latest);
    let states = crate::store::states_as_of(&collected.claims, as_of);
    let front = geometry::derive(&states, as_of);

    std::fs::create_dir_all(&opts.out).map_err(|e| Error::Io {
        path: opts.out.display().to_string(),
        source: e,
    })?;
    let mut files = Vec::new();
    use crate::export::geojson as gj;
    let outputs: [(&str, Box<WriteFn>); 4] = [
        (
            "claims.geojson",
            Box::new(|w| gj::write_collection(w, collected.claims.iter().map(gj::claim_feature))),
        ),
        (
            "mentions.geojson",
            Box::new(|w| {
                gj::write_collection(w, collected.mentions.iter().map(gj::mention_feature))
            }),
        ),
        (
            "places.geojson",
            Box::new(|w| gj::write_collection(w, states.iter().map(gj::place_feature))),
        ),
        (
            "frontline.geojson",
            Box::new(|w| gj::write_collection(w, gj::frontline_features(&front))),
        ),
    ];
    for (name, write) in outputs {
        let path = opts.out.join(name);
        write_atomic_with(&path, |w| write(w))?;
        files.push(path);
    }
    let title = "frontline: control-change claims".to_string();
    let png = crate::export::png::render(&crate::export::png::MapSpec {
        claims: &collected.claims,
        states: &states,
        frontline: &front,
        title,
        as_of,
        width: opts.size.0,
        height: opts.size.1,
    })?;
    let path = opts.out.join("map.png");
    write_atomic(&path, &png)?;
    files.push(path);

    let mut claims_by_event = BTreeMap::new();
    for c in &collected.claims {
        *claims_by_event.entry(c.event).or_insert(0) += 1;
    }
    Ok(RunSummary {
        articles: collected.articles,
        skipped: collected.skipped,
        mentions: collected.mentions.len(),
        claims_by_event,
        places: states.len(),
        as_of,
        files,
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
