//! The `frontline` command: parses arguments, calls the library, prints a
//! summary, maps errors to exit codes. Nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  frontline run examples/bundle                 analyse the bundled example into output/
  frontline run news/2024-10-03 --out maps/oct3 one day's articles into maps/oct3/
  frontline run a/ b/ --date 2024-10-03         two bundles; undated articles get 2024-10-03
  frontline run news/ --gazetteer extra.csv     add or override places from a CSV
  frontline run news/ --size 2400x1800          a larger map.png

Exit codes:
  0  success
  1  finished, but some input files (or JSONL lines) were skipped: see the summary
  2  usage error or fatal error (nothing usable could be produced)

Data: contains data from GeoNames (geonames.org), CC BY 4.0, filtered and extended;
made with Natural Earth (public domain).";

#[derive(Parser)]
#[command(name = "frontline", version, about = "Turns bundles of war news into maps: place mentions, control-change claims, GeoJSON and PNG", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read bundles of articles and write claims, mentions, places, front line and map.png
    #[command(after_help = EXAMPLES)]
    Run {
        /// Folders (searched recursively) or single article files
        #[arg(required = true, value_name = "BUNDLE")]
        bundles: Vec<PathBuf>,
        /// Output folder
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Date (YYYY-MM-DD) for articles without one, and the snapshot date
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Extra gazetteer CSV (same columns as data/gazetteer.csv) merged over the embedded one
        #[arg(long, value_name = "FILE")]
        gazetteer: Option<PathBuf>,
        /// Size of map.png as WIDTHxHEIGHT
        #[arg(long, default_value = "1600x1200", value_parser = parse_size)]
        size: (u32, u32),
        /// No progress bar
        #[arg(long, short)]
        quiet: bool,
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
                println!("no place is spelled {:?}", frontline::display_safe(&name));
                return Ok(ExitCode::from(1));
            }
            println!(
                "{} place(s) spelled {:?}:",
                found.len(),
                frontline::display_safe(&name)
            );
            for p in found {
                println!(
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
                println!("no place is spelled {:?}", frontline::display_safe(&name));
                return Ok(ExitCode::from(1));
            }
            for &i in found {
                let p = g.place(i as usize);
                let forms = Matcher::forms_of(p);
                println!(
                    "{} {} ({}, {}): {} spellings",
                    p.id,
                    p.name,
                    p.admin1.as_deref().unwrap_or(&p.country),
                    p.kind.as_str(),
                    forms.len()
                );
                println!("  {}", forms.join(" | "));
            }
            Ok(ExitCode::SUCCESS)
        }
        GazetteerCommand::Check { file } => {
            let report = check_csv(&file)?;
            for p in &report.problems {
                println!("{}", frontline::display_safe(p));
            }
            println!(
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
        Command::Run {
            bundles,
            out,
            date,
            gazetteer,
            size,
            quiet,
        } => {
            let opts = frontline::RunOptions {
                bundles,
                out,
                date,
                gazetteer,
                size,
                progress: !quiet && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            };
            match frontline::run(&opts) {
                Ok(summary) => {
                    print_summary(&summary);
                    if summary.skipped.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => exit_code(Err(e.into())),
            }
        }
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
        println!("{}", serde_json::to_string_pretty(&report)?);
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

fn print_summary(s: &frontline::RunSummary) {
    let safe = frontline::display_safe;
    println!(
        "Read {} article{}; skipped {} file{}.",
        s.articles,
        if s.articles == 1 { "" } else { "s" },
        s.skipped.len(),
        if s.skipped.len() == 1 { "" } else { "s" }
    );
    for f in &s.skipped {
        println!("  skipped {}: {}", safe(&f.path), safe(&f.reason));
    }
    let total: usize = s.claims_by_event.values().sum();
    println!("Mentions: {} (article, place) pairs", s.mentions);
    let by_event: Vec<String> = s
        .claims_by_event
        .iter()
        .map(|(e, n)| format!("{} {n}", e.as_str()))
        .collect();
    if by_event.is_empty() {
        println!("Claims: 0");
    } else {
        println!("Claims: {total} ({})", by_event.join(", "));
    }
    match s.as_of {
        Some(d) => println!("Places with claims: {} as of {d}", s.places),
        None => println!("Places with claims: {} (undated)", s.places),
    }
    println!("Wrote:");
    for f in &s.files {
        println!("  {}", f.display());
    }
    println!("Done in {:.2} s.", s.elapsed.as_secs_f64());
}
