//! The `frontline` command: parses arguments, calls the library, prints a
//! summary, maps errors to exit codes. Nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

/// `println!` that ends the process quietly when the reader has gone
/// (`frontline gazetteer lookup X | head`), instead of panicking.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

const EXAMPLES: &str = "\
Examples:
  frontline run examples/bundle                 analyse the bundled example into output/
  frontline run news/2024-10-03 --out maps      add one day's articles to the project in maps/
  frontline run a/ b/ --date 2024-10-03         two bundles; undated articles get 2024-10-03
  frontline run news/ --gazetteer extra.csv     add or override places from a CSV
  frontline ingest news/2024-10-04 --out maps   only add articles to maps/frontline.db
  frontline export --as-of 2024-09-01 --out maps/sep1 --db maps/frontline.db
  frontline timeline Vuhledar --out maps        a place's history, with its sources
  frontline stats --out maps                    what the store holds

An output folder is a project: its store (DIR/frontline.db) keeps every article
ingested into it, so running today's bundle into yesterday's folder adds to it.

Exit codes:
  0  success
  1  finished, but some input files (or JSONL lines) were skipped: see the summary
  2  usage error or fatal error (nothing usable could be produced)
  3  the store is busy (another frontline process is writing it): try again later

Data: contains data from GeoNames (geonames.org), CC BY 4.0, filtered and extended;
made with Natural Earth (public domain).";

#[derive(Parser)]
#[command(name = "frontline", version, about = "Turns bundles of war news into maps: place mentions, control-change claims, GeoJSON and PNG", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the store is.
#[derive(clap::Args, Clone)]
struct StoreArgs {
    /// Output folder (a project: its store is DIR/frontline.db)
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// The store file, if not DIR/frontline.db
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Seconds to wait for another process writing the store before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    wait: u64,
}

impl StoreArgs {
    fn db(&self) -> PathBuf {
        self.db
            .clone()
            .unwrap_or_else(|| frontline::store::Store::path_in(&self.out))
    }
    fn wait(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.wait)
    }
}

/// What to read, for `run` and `ingest`.
#[derive(clap::Args, Clone)]
struct InputArgs {
    /// Folders (searched recursively) or single article files
    #[arg(required = true, value_name = "BUNDLE")]
    bundles: Vec<PathBuf>,
    /// Date (YYYY-MM-DD) for articles without one (for `run`, also the snapshot date)
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Extra gazetteer CSV (same columns as data/gazetteer.csv) merged over the embedded one
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads for extraction (default: one per core)
    #[arg(long, short, value_name = "N", default_value_t = 0)]
    jobs: usize,
}

#[derive(Subcommand)]
enum Command {
    /// Read bundles of articles and write claims, mentions, places, front line and map.png
    #[command(after_help = EXAMPLES)]
    Run {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// Size of map.png as WIDTHxHEIGHT
        #[arg(long, default_value = "1600x1200", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// Add bundles' articles (their mentions and claims) to the store; articles stored already are skipped
    #[command(
        after_help = "Examples:\n  frontline ingest news/2024-10-03 --out maps\n  frontline ingest a/ b/ --db project.db --date 2024-10-03\n\nEach bundle is stored in one transaction: a run that is interrupted stores\nwhole bundles only, and running it again adds what is missing. An article\nwhose text is stored already (same content hash) is counted as a duplicate."
    )]
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Write claims, mentions, places, front line and map.png from the store as of a date
    #[command(
        after_help = "Examples:\n  frontline export --out maps\n  frontline export --as-of 2024-09-01 --db maps/frontline.db --out maps/2024-09-01\n\nClaims count from their event date (else their article's date); mentions\nfrom their article's date. Without --as-of, the store's latest date."
    )]
    Export {
        #[command(flatten)]
        store: StoreArgs,
        /// Snapshot date (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        as_of: Option<NaiveDate>,
        /// Only write claims (and mentions) dated on or after this date; place states still weigh every claim
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        since: Option<NaiveDate>,
        /// Size of map.png as WIDTHxHEIGHT
        #[arg(long, default_value = "1600x1200", value_parser = parse_size)]
        size: (u32, u32),
    },
    /// A place's history: each event with its date, actor, claimants, status, sources and the state after it
    #[command(
        after_help = "Examples:\n  frontline timeline Vuhledar --out maps\n  frontline timeline Ugledar --db project.db\n  frontline timeline gn:689558 --out maps\n\nThe place is a name in any spelling the gazetteer knows, or a place id."
    )]
    Timeline {
        place: String,
        #[command(flatten)]
        store: StoreArgs,
        /// Extra gazetteer CSV (to find the place by its spellings)
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
    /// What the store holds: runs, articles, claims by event and status, outlets
    #[command(
        after_help = "Examples:\n  frontline stats --out maps\n  frontline stats --db project.db"
    )]
    Stats {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Show, sentence by sentence, the places found and the claims read, with the rule that fired
    #[command(
        after_help = "Examples:\n  frontline explain examples/bundle/01_selydove.txt\n  frontline explain news/2024-10-03/ --date 2024-10-03\n\nFor each sentence that names a place: the places (and which are read as a\ngovernment, not a location), then each claim with event, actor, claimant,\nstatus, date and confidence, the trigger and its line in data/lexicon.tsv,\nand how the place, actor and attribution were found."
    )]
    Explain {
        /// Article files or folders
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Date (YYYY-MM-DD) for articles without one
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Extra gazetteer CSV merged over the embedded one
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
    /// Look names up in the gazetteer, show their spellings, check a user CSV
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Score the pipeline on a bundle against hand labels (FORMATS.md §3)
    #[command(
        after_help = "Examples:\n  frontline eval --gold examples/gold.json examples/bundle\n  frontline eval --gold gold.json news/ --json > scores.json\n\nThe figures agree with shared/tools/score.py run on the files `frontline run` writes."
    )]
    Eval {
        /// Gold labels (JSON, FORMATS.md §3)
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// Folders or files to analyse
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        /// Date (YYYY-MM-DD) for articles without one
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Extra gazetteer CSV merged over the embedded one
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
        /// Print the report as JSON (the keys of score.py --json)
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum GazetteerCommand {
    /// Every place a name can mean, in any spelling, with region, point and population
    #[command(
        after_help = "Examples:\n  frontline gazetteer lookup Katerynivka\n  frontline gazetteer lookup Ugledar\n  frontline gazetteer lookup 'Donetsk region'"
    )]
    Lookup {
        name: String,
        /// Extra gazetteer CSV merged over the embedded one
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
    /// The spellings the matcher looks for, for every place a name can mean
    #[command(after_help = "Example:\n  frontline gazetteer variants Vuhledar")]
    Variants {
        name: String,
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
    },
    /// Validate a gazetteer CSV: every bad row with its line, field and reason
    #[command(
        after_help = "Example:\n  frontline gazetteer check my-places.csv\n\nExit code 1 when any problem is found."
    )]
    Check { file: PathBuf },
}

fn gazetteer_command(cmd: GazetteerCommand) -> anyhow::Result<ExitCode> {
    use frontline::gazetteer::{check_csv, Gazetteer, Matcher};
    let load = |extra: Option<PathBuf>| -> anyhow::Result<Gazetteer> {
        Ok(match extra {
            Some(p) => Gazetteer::with_overrides(&p)?,
            None => Gazetteer::embedded()?,
        })
    };
    match cmd {
        GazetteerCommand::Lookup { name, gazetteer } => {
            let g = load(gazetteer)?;
            let mut found: Vec<&frontline::gazetteer::Place> = g
                .matcher()
                .lookup(&name)
                .iter()
                .map(|&i| g.place(i as usize))
                .collect();
            found.sort_by(|a, b| {
                b.feature_rank()
                    .cmp(&a.feature_rank())
                    .then(b.population.cmp(&a.population))
                    .then(a.id.cmp(&b.id))
            });
            if found.is_empty() {
                say!("no place is spelled {:?}", frontline::display_safe(&name));
                return Ok(ExitCode::from(1));
            }
            say!(
                "{} place(s) spelled {:?}:",
                found.len(),
                frontline::display_safe(&name)
            );
            for p in found {
                say!(
                    "  {:<14} {:<28} {:<10} {:<6} {:<26} {:<24} {:>9.5} {:>9.5}  pop {:<8} {}",
                    p.id,
                    p.name,
                    p.kind.as_str(),
                    p.feature_code,
                    p.admin1.as_deref().unwrap_or("-"),
                    p.admin2.as_deref().unwrap_or("-"),
                    p.lat,
                    p.lon,
                    p.population.map_or("-".to_string(), |n| n.to_string()),
                    p.country
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Variants { name, gazetteer } => {
            let g = load(gazetteer)?;
            let found = g.matcher().lookup(&name);
            if found.is_empty() {
                say!("no place is spelled {:?}", frontline::display_safe(&name));
                return Ok(ExitCode::from(1));
            }
            for &i in found {
                let p = g.place(i as usize);
                let forms = Matcher::forms_of(p);
                say!(
                    "{} {} ({}, {}): {} spellings",
                    p.id,
                    p.name,
                    p.admin1.as_deref().unwrap_or(&p.country),
                    p.kind.as_str(),
                    forms.len()
                );
                say!("  {}", forms.join(" | "));
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Check { file } => {
            let report = check_csv(&file)?;
            for p in &report.problems {
                say!("{}", frontline::display_safe(p));
            }
            say!(
                "{}: {} rows read, {} problem(s)",
                file.display(),
                report.rows_ok,
                report.problems.len()
            );
            Ok(if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, got {s:?}"))
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("expected WIDTHxHEIGHT such as 1600x1200, got {s:?}");
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(err)?;
    let w: u32 = w.trim().parse().map_err(|_| err())?;
    let h: u32 = h.trim().parse().map_err(|_| err())?;
    if !(200..=10_000).contains(&w) || !(200..=10_000).contains(&h) {
        return Err(format!(
            "map size {w}x{h} is out of range (200..=10000 on each side)"
        ));
    }
    Ok((w, h))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { input, store, size } => {
            let opts = frontline::RunOptions {
                bundles: input.bundles,
                out: store.out.clone(),
                db: store.db.clone(),
                date: input.date,
                gazetteer: input.gazetteer,
                size,
                progress: progress(input.quiet),
                wait: store.wait(),
                jobs: input.jobs,
            };
            exit_code(frontline::run(&opts).map_err(Into::into).map(|s| {
                print_ingest(&s.ingest, &s.db);
                print_export(&s.export);
                say!("Done in {:.2} s.", s.elapsed.as_secs_f64());
                skipped_code(&s.ingest)
            }))
        }
        Command::Ingest { input, store } => exit_code((|| {
            let InputArgs {
                bundles,
                date,
                gazetteer,
                quiet,
                jobs,
            } = input;
            let engine = frontline::Engine::new(gazetteer.as_deref())?;
            let db = store.db();
            let mut st = frontline::pipeline::open_store(&db, store.wait(), true)?;
            let opts = frontline::IngestOptions {
                bundles,
                date,
                progress: progress(quiet),
                jobs,
            };
            let s = frontline::ingest(&engine, &mut st, &opts)?;
            print_ingest(&s, &db);
            say!("Done in {:.2} s.", s.elapsed.as_secs_f64());
            Ok(skipped_code(&s))
        })()),
        Command::Export {
            store,
            as_of,
            since,
            size,
        } => exit_code((|| {
            let st = frontline::pipeline::open_store(&store.db(), store.wait(), false)?;
            let s = frontline::export(
                &st,
                &frontline::ExportOptions {
                    out: store.out.clone(),
                    as_of,
                    since,
                    size,
                },
            )?;
            print_export(&s);
            say!("Done in {:.2} s.", s.elapsed.as_secs_f64());
            Ok(ExitCode::SUCCESS)
        })()),
        Command::Timeline {
            place,
            store,
            gazetteer,
        } => exit_code(timeline(&place, &store, gazetteer)),
        Command::Stats { store } => exit_code(stats(&store)),
        Command::Explain {
            files,
            date,
            gazetteer,
        } => exit_code(explain(files, date, gazetteer)),
        Command::Gazetteer(cmd) => exit_code(gazetteer_command(cmd)),
        Command::Eval {
            gold,
            bundles,
            date,
            gazetteer,
            json,
        } => exit_code(eval(gold, bundles, date, gazetteer, json)),
    }
}

fn eval(
    gold: PathBuf,
    bundles: Vec<PathBuf>,
    date: Option<NaiveDate>,
    gazetteer: Option<PathBuf>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let gold = frontline::eval::Gold::load(&gold)?;
    let engine = frontline::Engine::new(gazetteer.as_deref())?;
    let collected = frontline::pipeline::collect(&engine, &bundles, date, |_| {})?;
    let report = frontline::eval::score(&gold, &collected.claims, &collected.mentions);
    if json {
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.to_table());
    }
    for f in &collected.skipped {
        eprintln!(
            "skipped {}: {}",
            frontline::display_safe(&f.path),
            frontline::display_safe(&f.reason)
        );
    }
    Ok(if collected.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn explain(
    files: Vec<PathBuf>,
    date: Option<NaiveDate>,
    gazetteer: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let safe = frontline::display_safe;
    let engine = frontline::Engine::new(gazetteer.as_deref())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut skipped = 0;
    for f in &files {
        for entry in frontline::corpus::read_bundle(f, date)? {
            let article = match entry {
                frontline::corpus::Entry::Article(a) => a,
                frontline::corpus::Entry::Skipped { path, reason } => {
                    eprintln!("skipped {}: {}", safe(&path), safe(&reason));
                    skipped += 1;
                    continue;
                }
            };
            let published = article
                .published
                .map_or("undated".to_string(), |d| d.to_string());
            writeln!(out, "== {} ({published})", safe(&article.id))?;
            for s in engine.explain(&article) {
                writeln!(out, "\n[{}..{}] {}", s.span.0, s.span.1, safe(&s.text))?;
                let places: Vec<String> = s
                    .places
                    .iter()
                    .map(|(surface, p, government)| {
                        let role = if *government { ", government" } else { "" };
                        let region = p.admin1.as_deref().unwrap_or(&p.country);
                        format!(
                            "{} = {} ({}, {}{role})",
                            safe(surface),
                            p.place,
                            p.kind.as_str(),
                            region
                        )
                    })
                    .collect();
                writeln!(out, "  places: {}", places.join("; "))?;
                for (c, t) in &s.claims {
                    writeln!(
                        out,
                        "  -> {} {}{}  actor {}  claimed_by {}  {}  date {}  confidence {:.2}",
                        c.event.as_str(),
                        c.place.place,
                        if c.historical { " (historical)" } else { "" },
                        c.actor.as_str(),
                        c.claimed_by.as_str(),
                        c.status.as_str(),
                        c.date.map_or("-".to_string(), |d| d.to_string()),
                        c.confidence
                    )?;
                    writeln!(
                        out,
                        "     trigger \"{}\" (data/lexicon.tsv:{}); place: {}; actor: {}; attribution: {}",
                        t.trigger,
                        t.lexicon_line,
                        t.place_by,
                        t.actor_by,
                        t.attribution
                            .as_deref()
                            .unwrap_or("none, the outlet's own voice")
                    )?;
                }
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(if skipped == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The exit code of a command: its own on success, 2 on an error (printed
/// with its context); a reader closing the pipe (`... | head`) is no error.
fn exit_code(result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) if closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if store_busy(&e) => {
            eprintln!("frontline: error: {e:#}");
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("frontline: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader closing the pipe (`frontline explain ... | head`) is no error.
fn closed_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Another process holds the store's write lock.
fn store_busy(e: &anyhow::Error) -> bool {
    use frontline::store::StoreError;
    matches!(
        e.downcast_ref::<frontline::Error>(),
        Some(frontline::Error::Store(StoreError::Busy { .. }))
    ) || matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::Busy { .. })
    )
}

/// A progress bar only when asked for and stderr is a terminal.
fn progress(quiet: bool) -> bool {
    !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())
}

fn skipped_code(s: &frontline::IngestSummary) -> ExitCode {
    if s.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn print_ingest(s: &frontline::IngestSummary, db: &std::path::Path) {
    let safe = frontline::display_safe;
    say!(
        "Read {}; skipped {}.",
        plural(s.articles + s.duplicates, "article", "articles"),
        plural(s.skipped.len(), "file", "files"),
    );
    say!(
        "Stored {} in {} ({} already stored).",
        plural(s.articles, "new article", "new articles"),
        db.display(),
        s.duplicates,
    );
    for f in &s.skipped {
        say!("  skipped {}: {}", safe(&f.path), safe(&f.reason));
    }
    let total: usize = s.claims_by_event.values().sum();
    let by_event: Vec<String> = s
        .claims_by_event
        .iter()
        .map(|(e, n)| format!("{} {n}", e.as_str()))
        .collect();
    say!("New mentions: {} (article, place) pairs", s.mentions);
    if by_event.is_empty() {
        say!("New claims: 0");
    } else {
        say!("New claims: {total} ({})", by_event.join(", "));
    }
    let when = s
        .as_of
        .map_or("undated".to_string(), |d| format!("as of {d}"));
    say!("Places whose state changed ({when}): {}", s.changed.len());
    const SHOWN: usize = 20;
    for c in s.changed.iter().take(SHOWN) {
        say!(
            "  {}: {} -> {}",
            c.place,
            c.before.as_str(),
            c.after.as_str()
        );
    }
    if s.changed.len() > SHOWN {
        say!("  ... and {} more", s.changed.len() - SHOWN);
    }
}

fn print_export(s: &frontline::ExportSummary) {
    let when = s
        .as_of
        .map_or("undated".to_string(), |d| format!("as of {d}"));
    let states: Vec<String> = s
        .controllers
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    say!(
        "Exported {when}: {}, {}, {} with claims ({}).",
        plural(s.claims, "claim", "claims"),
        plural(s.mentions, "mention", "mentions"),
        plural(s.places, "place", "places"),
        if states.is_empty() {
            "none".to_string()
        } else {
            states.join(", ")
        }
    );
    say!("Wrote:");
    for f in &s.files {
        say!("  {}", f.display());
    }
}

fn timeline(name: &str, store: &StoreArgs, gazetteer: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    use frontline::gazetteer::Gazetteer;
    let safe = frontline::display_safe;
    let st = frontline::pipeline::open_store(&store.db(), store.wait(), false)?;
    let (places, index) = st.places()?;
    // by id or stored name first, then every spelling the gazetteer knows
    let mut ids = st.find_places(name)?;
    if ids.is_empty() {
        let g = match gazetteer {
            Some(p) => Gazetteer::with_overrides(&p)?,
            None => Gazetteer::embedded()?,
        };
        ids = g
            .matcher()
            .lookup(name)
            .iter()
            .map(|&i| g.place(i as usize).id.clone())
            .filter(|id| index.contains_key(id))
            .collect();
    }
    let mut shown = 0;
    for id in &ids {
        let place = &places[index[id] as usize];
        let history = frontline::store::history(place, st.claims_of_place(place)?);
        if history.is_empty() {
            continue;
        }
        shown += 1;
        say!(
            "{} ({}, {}, {}): {}",
            place.place,
            place.place_id,
            place.admin1.as_deref().unwrap_or(&place.country),
            place.kind.as_str(),
            plural(history.len(), "event", "events")
        );
        for e in &history {
            let date = match (e.first, e.last) {
                (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
                (_, Some(b)) => b.to_string(),
                _ => "undated".to_string(),
            };
            let claimants: Vec<&str> = e.claimants.iter().map(|c| c.as_str()).collect();
            say!(
                "  {date:<22} {:<10} {}  claimed by {:<10} {:<9} {}conf {:.2}  -> {}",
                e.event.as_str(),
                e.actor.as_str(),
                claimants.join("+"),
                e.status.as_str(),
                if e.historical { "historical " } else { "" },
                e.confidence,
                e.state_after.as_str()
            );
            for t in &e.sources {
                say!(
                    "      {} [{}]{}: {}",
                    safe(&t.claim.article),
                    safe(t.source.as_deref().unwrap_or("outlet unknown")),
                    t.claim.published.map_or(String::new(), |d| format!(" {d}")),
                    safe(&t.claim.evidence)
                );
            }
        }
    }
    if shown == 0 {
        say!(
            "no claims about {:?} in {}",
            safe(name),
            st.path().display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(store: &StoreArgs) -> anyhow::Result<ExitCode> {
    let st = frontline::pipeline::open_store(&store.db(), store.wait(), false)?;
    let s = st.stats()?;
    let list = |v: &[(String, usize)]| {
        v.iter()
            .map(|(k, n)| format!("{} {n}", frontline::display_safe(k)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    say!(
        "Store {} (schema version {}, {:.1} MB)",
        st.path().display(),
        s.schema_version,
        s.bytes as f64 / 1e6
    );
    say!(
        "Runs: {}{}",
        s.runs,
        if s.unfinished_runs > 0 {
            format!(
                " ({} interrupted; their unfinished bundles stored nothing)",
                s.unfinished_runs
            )
        } else {
            String::new()
        }
    );
    say!(
        "Articles: {} (published {} .. {})",
        s.articles,
        s.first_published.as_deref().unwrap_or("-"),
        s.last_published.as_deref().unwrap_or("-")
    );
    say!(
        "Mentions: {} (article, place) pairs; places known: {}",
        s.mentions,
        s.places
    );
    say!("Claims: {} about {} places", s.claims, s.places_with_claims);
    say!("  by event: {}", list(&s.claims_by_event));
    say!("  by status: {}", list(&s.claims_by_status));
    say!("  by claimant: {}", list(&s.claims_by_claimant));
    say!("Outlets (top 10 by articles): {}", list(&s.outlets));
    Ok(ExitCode::SUCCESS)
}
