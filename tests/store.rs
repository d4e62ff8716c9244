//! The store across runs, as a user drives it: ingest bundle A, then B, then
//! A again; exports as of different dates; a timeline; an ingest killed with
//! SIGKILL; two processes on one store; files that are not (or not yet) ours.
//!
//! Bundles A and B are in tests/data/store/ (written for these tests); the
//! large bundle is generated here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use frontline::store::Store;
use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/store")
        .join(name)
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn frontline(args: &[&str], db: &Path) -> Output {
    bin()
        .args(args)
        .arg("--db")
        .arg(db)
        .arg("-q")
        .output()
        .unwrap()
}

/// `frontline ingest BUNDLE --db DB -q`, which must succeed.
fn ingest_ok(bundle: &Path, db: &Path) -> Output {
    let o = bin()
        .arg("ingest")
        .arg(bundle)
        .arg("--db")
        .arg(db)
        .arg("-q")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    o
}

fn stats(db: &Path) -> frontline::store::db::Stats {
    Store::open_existing(db, Duration::from_secs(5))
        .unwrap()
        .stats()
        .unwrap()
}

fn geojson(path: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    v["features"].as_array().unwrap().clone()
}

/// place name -> properties, from places.geojson
fn places(dir: &Path) -> std::collections::BTreeMap<String, Value> {
    geojson(&dir.join("places.geojson"))
        .into_iter()
        .map(|f| {
            (
                f["properties"]["place"].as_str().unwrap().to_string(),
                f["properties"].clone(),
            )
        })
        .collect()
}

fn export(db: &Path, out: &Path, as_of: &str) {
    let o = bin()
        .args(["export", "--as-of", as_of, "--out"])
        .arg(out)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn ingesting_a_then_b_then_a_again_counts_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("project.db");
    let a = data("a");
    let b = data("b");

    ingest_ok(&a, &db);
    let s = stats(&db);
    assert_eq!((s.articles, s.claims, s.runs), (2, 2, 1));

    let o = ingest_ok(&b, &db);
    assert!(text(&o).contains("Stored 2 new articles"), "{}", text(&o));
    let after_b = stats(&db);
    assert_eq!((after_b.articles, after_b.claims), (4, 4));

    for _ in 0..2 {
        let o = ingest_ok(&a, &db);
        let t = text(&o);
        assert!(t.contains("Stored 0 new articles"), "{t}");
        assert!(t.contains("(2 already stored)"), "{t}");
        assert!(t.contains("New claims: 0"), "{t}");
        let s = stats(&db);
        assert_eq!(
            (s.articles, s.claims, s.mentions, s.places),
            (
                after_b.articles,
                after_b.claims,
                after_b.mentions,
                after_b.places
            )
        );
    }
    // the same text under another name is the same article
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(b.join("vuhledar.txt"), copy.join("renamed.txt")).unwrap();
    let o = frontline(&["ingest", copy.to_str().unwrap()], &db);
    assert!(text(&o).contains("(1 already stored)"), "{}", text(&o));
    assert_eq!(stats(&db).articles, 4);
}

#[test]
fn exports_as_of_three_dates_differ_as_the_claims_say() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.db");
    for b in ["a", "b"] {
        ingest_ok(&data(b), &db);
    }
    let (before, sept, oct) = (
        dir.path().join("aug"),
        dir.path().join("sep"),
        dir.path().join("oct"),
    );
    export(&db, &before, "2024-08-01");
    export(&db, &sept, "2024-09-15");
    export(&db, &oct, "2024-10-15");

    assert!(places(&before).is_empty());
    assert!(geojson(&before.join("claims.geojson")).is_empty());

    // September: two outlets report one recapture: one event, two sources
    let p = places(&sept);
    assert_eq!(p.len(), 1, "{p:?}");
    let r = &p["Robotyne"];
    assert_eq!(r["controller"], "UA");
    assert_eq!(r["since"], "2024-09-02");
    assert_eq!(
        (r["claims"].as_u64(), r["sources"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (r["events"].as_u64(), r["outlets"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(r["as_of"], "2024-09-15");
    let claims = geojson(&sept.join("claims.geojson"));
    assert_eq!(claims.len(), 2);
    for c in &claims {
        assert_eq!(c["properties"]["sources"], 2, "{c}");
        assert!(c["properties"]["evidence"]
            .as_str()
            .unwrap()
            .contains("Robotyne"));
    }
    let one_source = claims
        .iter()
        .map(|c| c["properties"]["confidence"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert!(
        r["confidence"].as_f64().unwrap() > one_source,
        "corroboration raises confidence"
    );

    // October: Robotyne lost again, Vuhledar taken
    let p = places(&oct);
    assert_eq!(p["Robotyne"]["controller"], "RU");
    assert_eq!(p["Robotyne"]["since"], "2024-10-10");
    assert_eq!(p["Vuhledar"]["controller"], "RU");
    assert_eq!(geojson(&oct.join("claims.geojson")).len(), 4);
    let mentioned = |d: &Path| -> Vec<String> {
        geojson(&d.join("mentions.geojson"))
            .iter()
            .map(|f| f["properties"]["place"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!mentioned(&sept).contains(&"Vuhledar".to_string()));
    assert!(mentioned(&oct).contains(&"Vuhledar".to_string()));
    assert!(mentioned(&oct).len() > mentioned(&sept).len());
    // --since keeps the claim and mention layers to the period, the states whole
    let recent = dir.path().join("recent");
    let o = bin()
        .args([
            "export",
            "--as-of",
            "2024-10-15",
            "--since",
            "2024-10-01",
            "--out",
        ])
        .arg(&recent)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(geojson(&recent.join("claims.geojson")).len(), 2);
    assert!(mentioned(&recent).contains(&"Vuhledar".to_string()));
    assert_eq!(
        mentioned(&recent).len(),
        mentioned(&oct).len() - mentioned(&sept).len()
    );
    assert_eq!(places(&recent), places(&oct));
    for d in [&before, &sept, &oct] {
        for f in ["frontline.geojson", "map.png"] {
            assert!(d.join(f).is_file(), "{} missing", f);
        }
    }
}

#[test]
fn timeline_shows_each_event_with_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let o = bin()
        .args(["run", "-q", "--out"])
        .arg(out)
        .arg(data("a"))
        .arg(data("b"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(out.join("frontline.db").is_file());
    let o = bin()
        .args(["timeline", "Robotyne", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("Robotyne") && t.contains("2 events"), "{t}");
    let lines: Vec<&str> = t.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.contains("capture") && l.contains(" UA "))
        .unwrap();
    let second = lines
        .iter()
        .position(|l| l.contains("capture") && l.contains(" RU "))
        .unwrap();
    assert!(first < second, "oldest first: {t}");
    assert!(
        lines[first].ends_with("-> UA") && lines[second].ends_with("-> RU"),
        "{t}"
    );
    for article in [
        "robotyne-north.txt",
        "robotyne-south.txt",
        "robotyne-lost.txt",
    ] {
        assert!(t.contains(article), "{article} missing: {t}");
    }
    assert!(
        t.contains("[Northwire]") && t.contains("[Southwire]"),
        "{t}"
    );
    // any spelling the gazetteer knows
    let o = bin()
        .args(["timeline", "Ugledar", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        o.status.success() && text(&o).contains("Vuhledar"),
        "{}",
        text(&o)
    );
    let o = bin()
        .args(["timeline", "Kherson", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // stats
    let o = bin().args(["stats", "--out"]).arg(out).output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Articles: 4"), "{}", text(&o));
}

/// Padding that makes each generated article about 2 KB, as wire copy is.
const FILLER: &str = "The regional administration reported that water and power supplies \
had been restored in several districts overnight, while engineers continued to repair \
damaged substations. Volunteers delivered food and medicine to families who had stayed \
in their homes despite the shelling, and schools in the district moved their lessons \
online for the rest of the month. Officials urged residents to heed air-raid warnings \
and to keep documents and a supply of water ready in case they had to leave at short \
notice. A convoy of buses was due to take those who wished to go to safer towns further \
from the front, local authorities said, adding that the evacuation would continue as \
long as the roads stayed open. Aid groups said demand for generators, warm clothing \
and building materials had risen sharply as the weather turned colder, and appealed \
for donations to help repair roofs and windows before the winter. Analysts said the \
pace of the fighting was unlikely to change before the ground froze.";

/// A bundle of `n` distinct articles of about 2 KB in one JSONL file.
fn big_bundle(dir: &Path, n: usize) -> PathBuf {
    use std::io::Write;
    let towns = [
        "Pokrovsk",
        "Kupiansk",
        "Toretsk",
        "Chasiv Yar",
        "Kurakhove",
        "Vovchansk",
    ];
    let b = dir.join("big");
    std::fs::create_dir_all(&b).unwrap();
    let mut f = std::io::BufWriter::new(std::fs::File::create(b.join("wire.jsonl")).unwrap());
    for i in 0..n {
        let town = towns[i % towns.len()];
        let day = 1 + i % 28;
        let line = serde_json::json!({
            "title": format!("Bulletin {i}"),
            "body": format!("Report {i}: fighting continued near {town}, officials said. Russian forces attacked positions west of {town} for the {i}th time this year. {FILLER}"),
            "published": format!("2024-11-{day:02}"),
            "source": format!("Wire {}", i % 7),
        });
        writeln!(f, "{line}").unwrap();
    }
    b
}

/// Wait until a second run is recorded in the store: the ingest that
/// recorded it holds (or is about to take) the write lock.
fn wait_for_second_run(db: &Path, child: &mut std::process::Child) {
    let start = Instant::now();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest ended too early"
        );
        if let Ok(s) = Store::open_existing(db, Duration::from_secs(5)).and_then(|s| s.stats()) {
            if s.runs >= 2 {
                return;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "ingest never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn spawn_ingest(bundle: &Path, db: &Path) -> std::process::Child {
    bin()
        .args(["ingest", "-q", "--jobs", "1"])
        .arg(bundle)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn an_ingest_killed_midway_leaves_the_store_consistent_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.db");
    let big = big_bundle(dir.path(), 12_000);
    ingest_ok(&data("a"), &db);

    let mut child = spawn_ingest(&big, &db);
    wait_for_second_run(&db, &mut child);
    // the bundle's transaction is under way once its pages spill to the WAL
    let wal = dir.path().join("frontline.db-wal");
    let start = Instant::now();
    while std::fs::metadata(&wal).map_or(0, |m| m.len()) < 1 << 20 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ingest finished before the kill: make the bundle larger"
        );
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let store = Store::open_existing(&db, Duration::from_secs(5)).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let s = store.stats().unwrap();
    assert_eq!(
        (s.articles, s.claims),
        (2, 2),
        "the killed bundle stored nothing"
    );
    assert_eq!(s.unfinished_runs, 1);
    drop(store);

    let o = ingest_ok(&big, &db);
    assert!(
        text(&o).contains("Stored 12000 new articles"),
        "{}",
        text(&o)
    );
    let done = stats(&db);
    assert_eq!(done.articles, 12_002);
    let o = frontline(&["ingest", big.to_str().unwrap()], &db);
    assert!(text(&o).contains("(12000 already stored)"), "{}", text(&o));
    let again = stats(&db);
    assert_eq!(
        (again.articles, again.claims, again.mentions),
        (done.articles, done.claims, done.mentions)
    );
}

#[test]
fn a_second_writer_is_told_the_store_is_busy_or_waits_and_readers_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.db");
    ingest_ok(&data("a"), &db);

    // another process holds the write lock
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let o = bin()
        .args(["ingest", "-q", "--wait", "0"])
        .arg(data("b"))
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("the store is busy"), "{}", text(&o));

    // readers see the last committed state meanwhile
    let out = dir.path().join("snapshot");
    let o = bin()
        .args(["export", "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(geojson(&out.join("claims.geojson")).len(), 2);

    // with a wait, the writer goes ahead once the lock is released
    let waiter = bin()
        .args(["ingest", "-q", "--wait", "60"])
        .arg(data("b"))
        .arg("--db")
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    holder.execute_batch("ROLLBACK").unwrap();
    let o = waiter.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(stats(&db).articles, 4);
}

#[test]
fn two_ingests_at_once_store_everything_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.db");
    let big = big_bundle(dir.path(), 3_000);
    let first = spawn_ingest(&big, &db);
    let second = spawn_ingest(&data("a"), &db);
    let third = spawn_ingest(&big, &db);
    for mut c in [first, second, third] {
        assert!(c.wait().unwrap().success());
    }
    let store = Store::open_existing(&db, Duration::from_secs(5)).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let s = store.stats().unwrap();
    assert_eq!(s.articles, 3_002);
    assert_eq!((s.runs, s.unfinished_runs), (3, 0));
}

#[test]
fn newer_and_foreign_files_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("frontline.db");
    ingest_ok(&data("a"), &db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(conn);
    let o = bin().args(["stats", "--db"]).arg(&db).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("newer frontline (store schema version 99"),
        "{}",
        text(&o)
    );
    let o = frontline(&["ingest", data("b").to_str().unwrap()], &db);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"these bytes are not a database at all, not even close...........................................").unwrap();
    let o = bin().args(["stats", "--db"]).arg(&junk).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("not a frontline store"), "{}", text(&o));

    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t(x)").unwrap();
    drop(conn);
    let o = frontline(&["ingest", data("a").to_str().unwrap()], &other);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("written by something else"),
        "{}",
        text(&o)
    );

    let o = bin()
        .args(["export", "--out"])
        .arg(dir.path().join("nothing"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no store here yet"), "{}", text(&o));
}

#[test]
fn recent_claims_in_the_store_choose_among_same_named_places() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, published: &str, body: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(
            d.join("1.txt"),
            format!("---\npublished: {published}\n---\nFront update\n\n{body}\n"),
        )
        .unwrap();
        d
    };
    // the first bundle places its Katerynivka clearly (west of Vuhledar)
    let first = write(
        "first",
        "2024-10-01",
        "Russian forces captured Katerynivka, a village west of Vuhledar in the Donetsk region.",
    );
    // the second names it bare: on its own, the largest Katerynivka (Luhansk) wins
    let second = write(
        "second",
        "2024-10-05",
        "Ukrainian troops have recaptured Katerynivka, officials said on Saturday.",
    );
    let alone = dir.path().join("alone.db");
    ingest_ok(&second, &alone);
    let db = dir.path().join("project.db");
    for b in [&first, &second] {
        ingest_ok(b, &db);
    }
    let region_of = |db: &Path| -> Vec<String> {
        let o = bin()
            .args(["timeline", "Katerynivka", "--db"])
            .arg(db)
            .output()
            .unwrap();
        text(&o)
            .lines()
            .filter(|l| l.starts_with("Katerynivka ("))
            .map(|l| l.split(", ").nth(1).unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(region_of(&alone), ["Luhansk Oblast"]);
    // with the store's recent claim near Vuhledar, the bare name is that village
    assert_eq!(region_of(&db), ["Donetsk Oblast"]);
}
