//! The embedded store: one SQLite file holding every article ingested (by
//! content hash), its mentions and claims with their provenance, and the
//! places they name.
//!
//! - The schema is created and upgraded by the numbered [`MIGRATIONS`];
//!   `PRAGMA user_version` records how far a file has got, and a file from a
//!   newer frontline is refused rather than guessed at.
//! - Writes happen in one transaction per bundle (`BEGIN IMMEDIATE`), so a
//!   process killed at any moment leaves every bundle either wholly stored
//!   or not at all, and re-running adds exactly what is missing: an article
//!   whose content hash is already stored is skipped.
//! - The file is in WAL mode: readers (`export`, `timeline`, `stats`) see the
//!   last committed state while an ingest runs. A second writer waits up to
//!   the busy timeout, then gets [`StoreError::Busy`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use crate::model::{
    Article, Claim, ClaimedBy, Event, MentionRecord, PlaceKind, PlaceRef, Precision, Side, Status,
};
use crate::store::state::{Fact, OutletIds};

/// `PRAGMA application_id` of a frontline store ("FLN1").
const APPLICATION_ID: i64 = 0x464C_4E31;

/// The schema, one step per version: `MIGRATIONS[i]` takes a store from
/// version `i` to `i + 1`. Never edit a released step; append a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, mentions, claims, places, runs
    "
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        started     INTEGER NOT NULL,          -- unix seconds
        finished    INTEGER,                   -- NULL: the run did not finish
        version     TEXT NOT NULL,             -- frontline version
        bundles     TEXT NOT NULL,             -- the bundles named, one per line
        articles    INTEGER NOT NULL DEFAULT 0,
        duplicates  INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        claims      INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE places (
        place_id    TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        country     TEXT NOT NULL,
        admin1      TEXT,
        kind        TEXT NOT NULL,
        precision   TEXT NOT NULL,
        lat         REAL NOT NULL,
        lon         REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE articles (
        id          INTEGER PRIMARY KEY,
        hash        BLOB NOT NULL UNIQUE,      -- BLAKE3 of title + \"\\n\" + body, 16 bytes
        article_id  TEXT NOT NULL,             -- path in its bundle (FORMATS.md 1)
        bundle      TEXT NOT NULL,
        title       TEXT NOT NULL,
        published   TEXT,                      -- YYYY-MM-DD
        source      TEXT,
        url         TEXT,
        lang        TEXT,
        run         INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_run ON articles(run);
    CREATE TABLE mentions (
        article     INTEGER NOT NULL REFERENCES articles(id),
        seq         INTEGER NOT NULL,          -- order of first mention in the article
        place_id    TEXT NOT NULL REFERENCES places(place_id),
        surfaces    TEXT NOT NULL,             -- spellings seen, separated by U+001F
        count       INTEGER NOT NULL,
        kind        TEXT,                      -- 'sector' for \"the Pokrovsk front\"; NULL: the place's own
        score       REAL,                      -- alternatives: the chosen candidate's share
        runners_up  INTEGER,                   -- alternatives: other candidates
        fuzzy       INTEGER,                   -- alternatives: 1 for a misspelled name
        PRIMARY KEY (article, seq)
    ) WITHOUT ROWID;
    CREATE TABLE claims (
        id          INTEGER PRIMARY KEY,
        article     INTEGER NOT NULL REFERENCES articles(id),
        place_id    TEXT NOT NULL REFERENCES places(place_id),
        kind        TEXT,                      -- 'sector' when read from a sector phrase
        event       TEXT NOT NULL,
        actor       TEXT NOT NULL,
        claimed_by  TEXT NOT NULL,
        status      TEXT NOT NULL,
        historical  INTEGER NOT NULL,
        date        TEXT,
        published   TEXT,
        day         TEXT,                      -- date, else published: when it counts
        evidence    TEXT NOT NULL,
        span_start  INTEGER NOT NULL,
        span_end    INTEGER NOT NULL,
        confidence  REAL NOT NULL
    );
    -- covers what deciding states reads, so that reads no claim rows
    CREATE INDEX claims_facts ON claims(day, place_id, event, actor, claimed_by, status, historical, article, confidence);
    CREATE INDEX claims_place ON claims(place_id, day);
    CREATE INDEX claims_article ON claims(article);
    ",
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: the store is busy: another frontline process is writing to it (waited {waited_s} s); try again when it has finished, or wait longer with --wait SECONDS")]
    Busy { path: String, waited_s: u64 },
    #[error("{path}: written by a newer frontline (store schema version {found}; this build knows versions up to {known}); upgrade frontline or choose another --db")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{path}: not a frontline store ({reason}); choose another --db or --out")]
    NotAStore { path: String, reason: String },
    #[error("{path}: no store here yet; `frontline ingest BUNDLE --out DIR` creates one")]
    Missing { path: String },
    #[error("{path}: store: {source}")]
    Sqlite {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    wait: Duration,
    /// Places written by this process (each is upserted once per process).
    places_written: std::collections::HashSet<String>,
}

/// A claim row as `export` streams it: borrowed from the database row.
pub struct ClaimRow<'r> {
    /// The claim's row id (as [`Store::facts_with_ids`] gives them).
    pub id: i64,
    pub place_id: &'r str,
    /// `Some(Sector)` when read from a sector phrase.
    pub kind: Option<PlaceKind>,
    pub event: Event,
    pub actor: Side,
    pub claimed_by: ClaimedBy,
    pub status: Status,
    pub historical: bool,
    pub date: Option<&'r str>,
    pub published: Option<&'r str>,
    pub article: &'r str,
    pub source: Option<&'r str>,
    pub evidence: &'r str,
    pub span: (usize, usize),
    pub confidence: f64,
}

/// A mention row as `export` streams it.
pub struct MentionRow<'r> {
    pub place_id: &'r str,
    pub article: &'r str,
    /// Spellings separated by U+001F.
    pub surfaces: &'r str,
    pub count: usize,
    /// `Some(Sector)` for a sector phrase; `None`: the place's own kind.
    pub kind: Option<PlaceKind>,
    pub alternatives: Option<crate::model::Alternatives>,
}

/// Counts for `frontline stats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    pub schema_version: i64,
    pub runs: usize,
    pub unfinished_runs: usize,
    pub articles: usize,
    pub mentions: usize,
    pub claims: usize,
    pub places: usize,
    pub places_with_claims: usize,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    pub claims_by_event: Vec<(String, usize)>,
    pub claims_by_status: Vec<(String, usize)>,
    pub claims_by_claimant: Vec<(String, usize)>,
    pub outlets: Vec<(String, usize)>,
    pub bytes: u64,
}

/// One claim with its article, for `frontline timeline`.
#[derive(Debug, Clone)]
pub struct TimelineClaim {
    pub claim: Claim,
    pub source: Option<String>,
    pub url: Option<String>,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The content hash that identifies an article: BLAKE3 of the text spans
/// refer to (headline + "\n" + body), first 16 bytes.
pub fn content_hash(text: &str) -> [u8; 16] {
    let h = blake3::hash(text.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.as_bytes()[..16]);
    out
}

/// Parse `YYYY-MM-DD` quickly (dates are written by this module).
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn day_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// A kind as stored (an unknown one reads as a settlement).
fn parse_kind(s: &str) -> PlaceKind {
    PlaceKind::parse(s).unwrap_or(PlaceKind::Settlement)
}

/// A precision as stored (an unknown one reads as exact).
fn parse_precision(s: &str) -> Precision {
    Precision::parse(s).unwrap_or(Precision::Exact)
}

/// A value in a column that this build cannot read.
fn bad_value(column: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unexpected {column} {value:?}").into(),
    )
}

impl Store {
    /// The store file for an output folder: `DIR/frontline.db`.
    pub fn path_in(out: &Path) -> PathBuf {
        out.join("frontline.db")
    }

    /// Open a store, creating it (and its folder) if needed, and bring its
    /// schema up to date. `wait` is how long to wait for another writer.
    pub fn open(path: &Path, wait: Duration) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                source: e,
            })?;
        }
        Store::connect(path, wait)
    }

    /// Open a store that must exist already (for reading).
    pub fn open_existing(path: &Path, wait: Duration) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        Store::connect(path, wait)
    }

    fn connect(path: &Path, wait: Duration) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| classify(path, wait, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            wait,
            places_written: Default::default(),
        };
        store.conn.busy_timeout(wait).map_err(|e| store.err(e))?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long this connection waits for another writer.
    pub fn wait(&self) -> Duration {
        self.wait
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, self.wait, e)
    }

    /// Check what the file is and apply the migrations it lacks, in one
    /// transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let app: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if app != APPLICATION_ID && (tables > 0 || version > 0) {
            return Err(StoreError::NotAStore {
                path: self.path.display().to_string(),
                reason: "an SQLite database written by something else".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.display().to_string(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| classify(&self.path, self.wait, e))?;
            // another process may have migrated while we waited for the lock
            let now_version: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| classify(&self.path, self.wait, e))?;
            for step in &MIGRATIONS[now_version as usize..] {
                tx.execute_batch(step)
                    .map_err(|e| classify(&self.path, self.wait, e))?;
            }
            tx.execute_batch(&format!(
                "PRAGMA user_version = {SCHEMA_VERSION}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .map_err(|e| classify(&self.path, self.wait, e))?;
            tx.commit()
                .map_err(|e| classify(&self.path, self.wait, e))?;
        }
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(|e| self.err(e))?;
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // a read-only or in-memory location keeps its own journal; still consistent
            log_mode(&self.path, &mode);
        }
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Record the start of a run; returns its id.
    pub fn begin_run(&mut self, bundles: &[PathBuf]) -> Result<i64, StoreError> {
        let names: Vec<String> = bundles.iter().map(|b| b.display().to_string()).collect();
        self.conn
            .execute(
                "INSERT INTO runs(started, version, bundles) VALUES (?1, ?2, ?3)",
                params![now(), env!("CARGO_PKG_VERSION"), names.join("\n")],
            )
            .map_err(|e| self.err(e))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Record the end of a run and its totals.
    pub fn finish_run(
        &mut self,
        run: i64,
        articles: usize,
        duplicates: usize,
        skipped: usize,
        claims: usize,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE runs SET finished = ?2, articles = ?3, duplicates = ?4, skipped = ?5, claims = ?6 WHERE id = ?1",
                params![run, now(), articles as i64, duplicates as i64, skipped as i64, claims as i64],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Start writing one bundle: takes the write lock (waiting up to the
    /// busy timeout) and opens its transaction.
    pub fn begin_bundle(&mut self, run: i64, bundle: &str) -> Result<BundleWriter<'_>, StoreError> {
        let path = self.path.clone();
        let wait = self.wait;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&path, wait, e))?;
        Ok(BundleWriter {
            tx,
            run,
            bundle: bundle.to_string(),
            path,
            wait,
            places_written: &mut self.places_written,
            new_places: Default::default(),
        })
    }

    /// Every stored place, and an index from place id to position.
    pub fn places(&self) -> Result<(Vec<PlaceRef>, HashMap<String, u32>), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT place_id, name, country, admin1, kind, precision, lat, lon FROM places ORDER BY place_id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PlaceRef {
                    place_id: r.get(0)?,
                    place: r.get(1)?,
                    country: r.get(2)?,
                    admin1: r.get(3)?,
                    kind: parse_kind(r.get_ref(4)?.as_str()?),
                    precision: parse_precision(r.get_ref(5)?.as_str()?),
                    lat: r.get(6)?,
                    lon: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut places = Vec::new();
        let mut index = HashMap::new();
        for p in rows {
            let p = p.map_err(|e| self.err(e))?;
            index.insert(p.place_id.clone(), places.len() as u32);
            places.push(p);
        }
        Ok((places, index))
    }

    /// The latest published date of a stored article: the default snapshot
    /// date (`None` when no article is dated).
    pub fn latest_day(&self) -> Result<Option<NaiveDate>, StoreError> {
        let s: Option<String> = self
            .conn
            .query_row("SELECT max(published) FROM articles", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(s.as_deref().and_then(parse_day))
    }

    /// The facts of every claim that counts on or before `as_of` (all when
    /// `None`; undated claims always), in claim order. `only_places`
    /// restricts them to some places (by index into `index`).
    pub fn facts(
        &self,
        index: &HashMap<String, u32>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<Fact>, StoreError> {
        Ok(self.facts_with_ids(index, as_of)?.0)
    }

    /// [`Store::facts`] and each fact's claim row id (ascending).
    pub fn facts_with_ids(
        &self,
        index: &HashMap<String, u32>,
        as_of: Option<NaiveDate>,
    ) -> Result<(Vec<Fact>, Vec<i64>), StoreError> {
        // each article's outlet, interned (an article without one is its own)
        let mut outlet_of: Vec<u32> = Vec::new();
        {
            let mut outlets = OutletIds::default();
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, source FROM articles ORDER BY id")
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let (id, outlet) = (|| -> rusqlite::Result<(usize, u32)> {
                    let id = r.get::<_, i64>(0)? as usize;
                    Ok((id, outlets.id(r.get_ref(1)?.as_str_or_null()?, id as u32)))
                })()
                .map_err(|e| self.err(e))?;
                if outlet_of.len() <= id {
                    outlet_of.resize(id + 1, 0);
                }
                outlet_of[id] = outlet;
            }
        }
        // an index-only scan of claims_facts, then claim order
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT place_id, event, actor, claimed_by, status, historical, day, article, confidence, id
                 FROM claims INDEXED BY claims_facts
                 WHERE ?1 IS NULL OR day IS NULL OR day <= ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![day_str(as_of)])
            .map_err(|e| self.err(e))?;
        let mut found: Vec<(i64, Fact)> = Vec::new();
        let mut last_place: Option<(String, u32)> = None;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = (|| -> rusqlite::Result<(i64, Fact)> {
                let pid = r.get_ref(0)?.as_str()?;
                let place = match &last_place {
                    Some((p, i)) if p == pid => *i,
                    _ => {
                        let i = *index.get(pid).ok_or_else(|| bad_value("place_id", pid))?;
                        last_place = Some((pid.to_string(), i));
                        i
                    }
                };
                let article = r.get::<_, i64>(7)?;
                Ok((
                    r.get(9)?,
                    Fact {
                        place,
                        event: text(r, 1, Event::parse, "event")?,
                        actor: text(r, 2, Side::parse, "actor")?,
                        claimed_by: text(r, 3, ClaimedBy::parse, "claimed_by")?,
                        status: text(r, 4, Status::parse, "status")?,
                        historical: r.get::<_, i64>(5)? != 0,
                        day: r.get_ref(6)?.as_str_or_null()?.and_then(parse_day),
                        article: article as u32,
                        outlet: outlet_of
                            .get(article as usize)
                            .copied()
                            .unwrap_or(article as u32),
                        confidence: r.get::<_, f64>(8)? as f32,
                    },
                ))
            })()
            .map_err(|e| self.err(e))?;
            found.push(row);
        }
        found.sort_unstable_by_key(|(id, _)| *id);
        let (ids, facts): (Vec<i64>, Vec<Fact>) = found.into_iter().unzip();
        Ok((facts, ids))
    }

    /// Stream the claims that count on or before `as_of` (and on or after
    /// `since`; undated claims always), in claim order.
    pub fn for_each_claim(
        &self,
        as_of: Option<NaiveDate>,
        since: Option<NaiveDate>,
        mut f: impl FnMut(ClaimRow<'_>) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        const COLUMNS: &str = "c.place_id, c.event, c.actor, c.claimed_by, c.status, c.historical, c.date, c.published,
             a.article_id, a.source, c.evidence, c.span_start, c.span_end, c.confidence, c.kind, c.id";
        // with `since`, start from the claims' date index; else scan in order
        let sql = if since.is_some() {
            format!(
                "SELECT {COLUMNS}
                 FROM (SELECT id FROM claims WHERE day >= ?2 AND (?1 IS NULL OR day <= ?1)
                       UNION ALL SELECT id FROM claims WHERE day IS NULL) ids
                 JOIN claims c ON c.id = ids.id JOIN articles a ON a.id = c.article
                 ORDER BY c.id"
            )
        } else {
            format!(
                "SELECT {COLUMNS} FROM claims c JOIN articles a ON a.id = c.article
                 WHERE (?1 IS NULL OR c.day IS NULL OR c.day <= ?1) AND ?2 IS NULL
                 ORDER BY c.id"
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![day_str(as_of), day_str(since)])
            .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = (|| -> rusqlite::Result<ClaimRow<'_>> {
                Ok(ClaimRow {
                    id: r.get(15)?,
                    place_id: r.get_ref(0)?.as_str()?,
                    event: text(r, 1, Event::parse, "event")?,
                    actor: text(r, 2, Side::parse, "actor")?,
                    claimed_by: text(r, 3, ClaimedBy::parse, "claimed_by")?,
                    status: text(r, 4, Status::parse, "status")?,
                    historical: r.get::<_, i64>(5)? != 0,
                    date: r.get_ref(6)?.as_str_or_null()?,
                    published: r.get_ref(7)?.as_str_or_null()?,
                    article: r.get_ref(8)?.as_str()?,
                    source: r.get_ref(9)?.as_str_or_null()?,
                    evidence: r.get_ref(10)?.as_str()?,
                    span: (r.get::<_, i64>(11)? as usize, r.get::<_, i64>(12)? as usize),
                    confidence: r.get(13)?,
                    kind: r.get_ref(14)?.as_str_or_null()?.map(parse_kind),
                })
            })()
            .map_err(|e| self.err(e))?;
            f(row).map_err(|e| StoreError::Io {
                path: "claims.geojson".into(),
                source: e,
            })?;
        }
        Ok(())
    }

    /// The largest article row id (articles are only ever appended, so
    /// "id <= this" names the articles of a snapshot to another connection).
    pub fn max_article_row(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))
    }

    /// Stream the mentions of articles published on or before `as_of`
    /// (undated articles always), and on or after `since`, article by
    /// article, among the articles with row id at most `upto` (see
    /// [`Store::max_article_row`]).
    pub fn for_each_mention(
        &self,
        as_of: Option<NaiveDate>,
        since: Option<NaiveDate>,
        upto: i64,
        mut f: impl FnMut(MentionRow<'_>) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        const COLUMNS: &str =
            "m.place_id, a.article_id, m.surfaces, m.count, m.kind, m.score, m.runners_up, m.fuzzy";
        // with `since`, start from the articles' date index; else scan in order
        let sql = if since.is_some() {
            format!(
                "SELECT {COLUMNS}
                 FROM (SELECT id FROM articles WHERE published >= ?3 AND (?1 IS NULL OR published <= ?1)
                       UNION ALL SELECT id FROM articles WHERE published IS NULL) ids
                 CROSS JOIN mentions m ON m.article = ids.id JOIN articles a ON a.id = m.article
                 WHERE m.article <= ?2
                 ORDER BY m.article, m.seq"
            )
        } else {
            format!(
                "SELECT {COLUMNS} FROM mentions m JOIN articles a ON a.id = m.article
                 WHERE (?1 IS NULL OR a.published IS NULL OR a.published <= ?1) AND m.article <= ?2 AND ?3 IS NULL
                 ORDER BY m.article, m.seq"
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query(params![day_str(as_of), upto, day_str(since)])
            .map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let row = (|| -> rusqlite::Result<MentionRow<'_>> {
                Ok(MentionRow {
                    place_id: r.get_ref(0)?.as_str()?,
                    article: r.get_ref(1)?.as_str()?,
                    surfaces: r.get_ref(2)?.as_str()?,
                    count: r.get::<_, i64>(3)? as usize,
                    kind: r.get_ref(4)?.as_str_or_null()?.map(parse_kind),
                    alternatives: match (r.get::<_, Option<f64>>(5)?, r.get::<_, Option<i64>>(6)?) {
                        (Some(score), Some(n)) => Some(crate::model::Alternatives {
                            score,
                            runners_up: n as usize,
                            fuzzy: r.get::<_, Option<i64>>(7)?.unwrap_or(0) != 0,
                        }),
                        _ => None,
                    },
                })
            })()
            .map_err(|e| self.err(e))?;
            f(row).map_err(|e| StoreError::Io {
                path: "mentions.geojson".into(),
                source: e,
            })?;
        }
        Ok(())
    }

    /// Every claim about one place, oldest first, with its article's outlet.
    pub fn claims_of_place(&self, place: &PlaceRef) -> Result<Vec<TimelineClaim>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT c.event, c.actor, c.claimed_by, c.status, c.historical, c.date, c.published,
                        a.article_id, a.source, a.url, c.evidence, c.span_start, c.span_end, c.confidence
                 FROM claims c JOIN articles a ON a.id = c.article
                 WHERE c.place_id = ?1
                 ORDER BY c.day, c.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![place.place_id], |r| {
                Ok(TimelineClaim {
                    claim: Claim {
                        place: place.clone(),
                        event: text(r, 0, Event::parse, "event")?,
                        actor: text(r, 1, Side::parse, "actor")?,
                        claimed_by: text(r, 2, ClaimedBy::parse, "claimed_by")?,
                        status: text(r, 3, Status::parse, "status")?,
                        historical: r.get::<_, i64>(4)? != 0,
                        date: r.get_ref(5)?.as_str_or_null()?.and_then(parse_day),
                        published: r.get_ref(6)?.as_str_or_null()?.and_then(parse_day),
                        article: r.get(7)?,
                        evidence: r.get(10)?,
                        span: (r.get::<_, i64>(11)? as usize, r.get::<_, i64>(12)? as usize),
                        confidence: r.get(13)?,
                    },
                    source: r.get(8)?,
                    url: r.get(9)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// The points of the places with claims (neither denied nor about the
    /// past) in the `days` up to the latest article's date.
    pub fn recent_claim_points(&self, days: i64) -> Result<Vec<(f64, f64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT p.lat, p.lon FROM claims c JOIN places p ON p.place_id = c.place_id
                 WHERE c.day >= date((SELECT max(published) FROM articles), ?1)
                   AND c.status != 'denied' AND c.historical = 0",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![format!("-{days} days")], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// The ids of the places this run's articles gave claims about.
    pub fn places_claimed_in_run(&self, run: i64) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT DISTINCT c.place_id FROM claims c JOIN articles a ON a.id = c.article WHERE a.run = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![run], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// The smallest article row id of a run (articles of a run are
    /// contiguous: one writer at a time); `None` if it added none.
    pub fn first_article_of_run(&self, run: i64) -> Result<Option<u32>, StoreError> {
        self.conn
            .query_row(
                "SELECT min(id) FROM articles WHERE run = ?1",
                params![run],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map(|v| v.map(|v| v as u32))
            .map_err(|e| self.err(e))
    }

    /// Totals for `frontline stats`.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let count = |sql: &str| -> Result<usize, StoreError> {
            self.conn
                .query_row(sql, [], |r| r.get::<_, i64>(0))
                .map(|n| n as usize)
                .map_err(|e| self.err(e))
        };
        let grouped = |sql: &str| -> Result<Vec<(String, usize)>, StoreError> {
            let mut stmt = self.conn.prepare(sql).map_err(|e| self.err(e))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
                })
                .map_err(|e| self.err(e))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
        };
        let (first, last): (Option<String>, Option<String>) = self
            .conn
            .query_row(
                "SELECT min(published), max(published) FROM articles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))?;
        Ok(Stats {
            schema_version: self.schema_version()?,
            runs: count("SELECT count(*) FROM runs")?,
            unfinished_runs: count("SELECT count(*) FROM runs WHERE finished IS NULL")?,
            articles: count("SELECT count(*) FROM articles")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            claims: count("SELECT count(*) FROM claims")?,
            places: count("SELECT count(*) FROM places")?,
            places_with_claims: count("SELECT count(DISTINCT place_id) FROM claims")?,
            first_published: first,
            last_published: last,
            claims_by_event: grouped(
                "SELECT event, count(*) FROM claims GROUP BY event ORDER BY count(*) DESC, event",
            )?,
            claims_by_status: grouped(
                "SELECT status, count(*) FROM claims GROUP BY status ORDER BY count(*) DESC, status",
            )?,
            claims_by_claimant: grouped(
                "SELECT claimed_by, count(*) FROM claims GROUP BY claimed_by ORDER BY count(*) DESC, claimed_by",
            )?,
            outlets: grouped(
                "SELECT coalesce(source, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10",
            )?,
            bytes: std::fs::metadata(&self.path).map_or(0, |m| m.len()),
        })
    }

    /// Find stored places by id or by name (case-insensitive).
    pub fn find_places(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT place_id FROM places WHERE place_id = ?1 OR lower(name) = lower(?1) ORDER BY place_id")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![name], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Hold one read snapshot until the guard drops: every query in between
    /// sees the same committed state, whatever other processes commit.
    pub fn read_snapshot(&self) -> Result<ReadSnapshot<'_>, StoreError> {
        self.conn.execute_batch("BEGIN").map_err(|e| self.err(e))?;
        Ok(ReadSnapshot(&self.conn))
    }

    /// Run SQLite's own consistency check ("ok" when sound).
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// See [`Store::read_snapshot`].
pub struct ReadSnapshot<'c>(&'c Connection);

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        let _ = self.0.execute_batch("COMMIT");
    }
}

fn text<T>(
    r: &rusqlite::Row<'_>,
    i: usize,
    parse: impl Fn(&str) -> Option<T>,
    column: &str,
) -> rusqlite::Result<T> {
    let s = r.get_ref(i)?.as_str()?;
    parse(s).ok_or_else(|| bad_value(column, s))
}

fn log_mode(path: &Path, mode: &str) {
    eprintln!(
        "note: {}: journal mode is {mode}, not WAL; readers wait for writers",
        path.display()
    );
}

/// The `kind` column of a mention or claim: set only for sector phrases.
fn sector(p: &PlaceRef) -> Option<&'static str> {
    (p.kind == PlaceKind::Sector).then_some("sector")
}

/// Turn SQLite's errors into the ones a user can act on.
fn classify(path: &Path, wait: Duration, e: rusqlite::Error) -> StoreError {
    let path_s = path.display().to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => StoreError::Busy {
            path: path_s,
            waited_s: wait.as_secs(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::NotAStore {
            path: path_s,
            reason: "the file is not an SQLite database".into(),
        },
        _ => StoreError::Sqlite {
            path: path_s,
            source: e,
        },
    }
}

/// Writes one bundle's articles inside its transaction. Dropping it without
/// [`BundleWriter::commit`] rolls the bundle back.
pub struct BundleWriter<'s> {
    tx: rusqlite::Transaction<'s>,
    run: i64,
    bundle: String,
    path: PathBuf,
    wait: Duration,
    /// Places written by earlier, committed bundles of this process.
    places_written: &'s mut std::collections::HashSet<String>,
    /// Places this bundle wrote (known to the store only once it commits).
    new_places: std::collections::HashSet<String>,
}

impl BundleWriter<'_> {
    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, self.wait, e)
    }

    /// Whether an article with this content hash is stored already.
    pub fn contains(&self, hash: &[u8; 16]) -> Result<bool, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT 1 FROM articles WHERE hash = ?1")
            .map_err(|e| self.err(e))?;
        stmt.query_row(params![&hash[..]], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    fn upsert_place(&mut self, p: &PlaceRef) -> Result<(), StoreError> {
        if self.places_written.contains(&p.place_id) || self.new_places.contains(&p.place_id) {
            return Ok(());
        }
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO places(place_id, name, country, admin1, kind, precision, lat, lon)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(place_id) DO UPDATE SET name = excluded.name, country = excluded.country,
                   admin1 = excluded.admin1, kind = excluded.kind, precision = excluded.precision,
                   lat = excluded.lat, lon = excluded.lon",
            )
            .map_err(|e| self.err(e))?;
        // a sector phrase names a town: the place keeps the town's own kind
        let kind = match p.kind {
            PlaceKind::Sector => PlaceKind::Settlement,
            k => k,
        };
        stmt.execute(params![
            p.place_id,
            p.place,
            p.country,
            p.admin1,
            kind.as_str(),
            p.precision.as_str(),
            p.lat,
            p.lon
        ])
        .map_err(|e| self.err(e))?;
        drop(stmt);
        self.new_places.insert(p.place_id.clone());
        Ok(())
    }

    /// Store one article with its mentions and claims. Returns false (and
    /// stores nothing) when an article with the same content is stored.
    pub fn add(
        &mut self,
        hash: &[u8; 16],
        article: &Article,
        mentions: &[MentionRecord],
        claims: &[Claim],
    ) -> Result<bool, StoreError> {
        let inserted = {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO articles(hash, article_id, bundle, title, published, source, url, lang, run)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(hash) DO NOTHING",
                )
                .map_err(|e| self.err(e))?;
            stmt.execute(params![
                &hash[..],
                article.id,
                self.bundle,
                article.title,
                day_str(article.published),
                article.source,
                article.url,
                article.lang,
                self.run
            ])
            .map_err(|e| self.err(e))?
        };
        if inserted == 0 {
            return Ok(false);
        }
        let row = self.tx.last_insert_rowid();
        for m in mentions {
            self.upsert_place(&m.place)?;
        }
        for c in claims {
            self.upsert_place(&c.place)?;
        }
        {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO mentions(article, seq, place_id, surfaces, count, kind, score, runners_up, fuzzy)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(|e| self.err(e))?;
            for (seq, m) in mentions.iter().enumerate() {
                stmt.execute(params![
                    row,
                    seq as i64,
                    m.place.place_id,
                    m.surfaces.join("\u{1f}"),
                    m.count as i64,
                    sector(&m.place),
                    m.alternatives.map(|a| a.score),
                    m.alternatives.map(|a| a.runners_up as i64),
                    m.alternatives.map(|a| a.fuzzy as i64)
                ])
                .map_err(|e| self.err(e))?;
            }
        }
        let mut stmt = self
            .tx
            .prepare_cached(
                "INSERT INTO claims(article, place_id, event, actor, claimed_by, status, historical, date, published, day,
                                    evidence, span_start, span_end, confidence, kind)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )
            .map_err(|e| self.err(e))?;
        for c in claims {
            stmt.execute(params![
                row,
                c.place.place_id,
                c.event.as_str(),
                c.actor.as_str(),
                c.claimed_by.as_str(),
                c.status.as_str(),
                c.historical as i64,
                day_str(c.date),
                day_str(c.published),
                day_str(c.date.or(c.published)),
                c.evidence,
                c.span.0 as i64,
                c.span.1 as i64,
                c.confidence,
                sector(&c.place)
            ])
            .map_err(|e| self.err(e))?;
        }
        Ok(true)
    }

    /// Make the bundle's articles durable and visible.
    pub fn commit(self) -> Result<(), StoreError> {
        let (path, wait) = (self.path.clone(), self.wait);
        self.tx.commit().map_err(|e| classify(&path, wait, e))?;
        self.places_written.extend(self.new_places);
        Ok(())
    }
}
