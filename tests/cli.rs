//! Integration tests that run the real binary, as a user would: on the
//! bundled example, on the seed articles in ../shared (CI has it beside the
//! checkout), on broken input, and with bad arguments.
//!
//! External checkers are used when present: GDAL's `ogrinfo` (required when
//! FRONTLINE_REQUIRE_OGR=1, which .ci/run sets after installing gdal-bin)
//! and the independent scorer and contract checker in ../shared/tools.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_frontline"))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// ../shared beside the checkout, or FRONTLINE_SHARED.
fn shared() -> Option<PathBuf> {
    let p = std::env::var_os("FRONTLINE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    p.join("seeds").is_dir().then_some(p)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const FILES: [&str; 5] = [
    "claims.geojson",
    "mentions.geojson",
    "places.geojson",
    "frontline.geojson",
    "map.png",
];

fn decimals(v: f64) -> usize {
    let s = format!("{v}");
    s.split_once('.').map_or(0, |(_, d)| d.len())
}

fn ring_area(ring: &[Value]) -> f64 {
    let pts: Vec<(f64, f64)> = ring
        .iter()
        .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect();
    pts.windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum::<f64>()
        / 2.0
}

/// RFC 7946 as FORMATS.md §2 spells it out, checked on the written file.
fn check_geojson(path: &Path) {
    let v: Value = serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()));
    assert_eq!(v["type"], "FeatureCollection", "{}", path.display());
    assert!(v.get("crs").is_none(), "{}: has crs", path.display());
    for f in v["features"].as_array().unwrap() {
        assert_eq!(f["type"], "Feature");
        let g = &f["geometry"];
        let mut points: Vec<&Value> = Vec::new();
        match g["type"].as_str().unwrap() {
            "Point" => points.push(&g["coordinates"]),
            "LineString" => points.extend(g["coordinates"].as_array().unwrap()),
            "MultiLineString" => {
                for l in g["coordinates"].as_array().unwrap() {
                    points.extend(l.as_array().unwrap());
                }
            }
            "MultiPolygon" | "Polygon" => {
                let polys: Vec<&Value> = if g["type"] == "Polygon" {
                    vec![&g["coordinates"]]
                } else {
                    g["coordinates"].as_array().unwrap().iter().collect()
                };
                for poly in polys {
                    for (i, ring) in poly.as_array().unwrap().iter().enumerate() {
                        let r = ring.as_array().unwrap();
                        assert!(r.len() >= 4 && r[0] == r[r.len() - 1], "ring not closed");
                        let area = ring_area(r);
                        // right-hand rule: exterior counter-clockwise, holes clockwise
                        assert!(
                            if i == 0 { area > 0.0 } else { area < 0.0 },
                            "{}: ring {i} has the wrong winding",
                            path.display()
                        );
                        points.extend(r);
                    }
                }
            }
            other => panic!("unexpected geometry {other}"),
        }
        for p in points {
            let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            assert!(
                (15.0..=60.0).contains(&lon) && (40.0..=60.0).contains(&lat),
                "{lon},{lat} is not [lon, lat] in the theatre"
            );
            assert!(
                decimals(lon) <= 6 && decimals(lat) <= 6,
                "more than 6 decimals: {lon},{lat}"
            );
        }
    }
}

fn has_ogrinfo() -> bool {
    Command::new("ogrinfo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn check_with_ogr(dir: &Path) {
    if !has_ogrinfo() {
        assert!(
            std::env::var("FRONTLINE_REQUIRE_OGR").is_err(),
            "FRONTLINE_REQUIRE_OGR is set but ogrinfo is missing"
        );
        eprintln!("note: ogrinfo not installed; GDAL check skipped (install gdal-bin)");
        return;
    }
    for name in &FILES[..4] {
        let o = Command::new("ogrinfo")
            .args(["-al", "-so"])
            .arg(dir.join(name))
            .output()
            .unwrap();
        let out = text(&o);
        assert!(o.status.success(), "ogrinfo failed on {name}: {out}");
        assert!(
            !out.contains("ERROR"),
            "ogrinfo reported an error on {name}: {out}"
        );
    }
}

fn check_run_folder(dir: &Path) {
    for f in FILES {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    for f in &FILES[..4] {
        check_geojson(&dir.join(f));
    }
    let png = std::fs::read(dir.join("map.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert!(w >= 1600 && h >= 1200, "map.png is {w}x{h}");
    check_with_ogr(dir);
    // no temporary files left behind
    for e in std::fs::read_dir(dir).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(!n.ends_with(".tmp"), "left a temporary file {n}");
    }
}

fn score_py(shared: &Path, gold: &Path, dir: &Path) -> Option<Value> {
    let o = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg(gold)
        .arg(dir)
        .arg("--json")
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| serde_json::from_slice(&o.stdout).unwrap())
}

#[test]
fn example_bundle_runs_and_scores() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "run",
        "examples/bundle",
        "--out",
        out.path().to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let summary = text(&o);
    assert!(
        summary.contains("Read 14 articles; skipped 0 files"),
        "{summary}"
    );
    assert!(summary.contains("New claims:"), "{summary}");
    check_run_folder(out.path());

    // our own scoring of our own hand labels: a floor at today's level
    let o = run(&[
        "eval",
        "--gold",
        "examples/gold.json",
        "examples/bundle",
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let claims_f1 = r["claims"]["f1"].as_f64().unwrap();
    let mentions_f1 = r["mentions"]["f1"].as_f64().unwrap();
    assert!(claims_f1 >= 0.70, "claims F1 {claims_f1}");
    assert!(mentions_f1 >= 0.80, "mentions F1 {mentions_f1}");

    // and frontline eval agrees with the independent scorer on the written files
    if let Some(shared) = shared() {
        if let Some(py) = score_py(&shared, &repo().join("examples/gold.json"), out.path()) {
            assert_eq!(py["claims"], r["claims"]);
            assert_eq!(py["mentions"], r["mentions"]);
        }
    }
}

#[test]
fn seeds_meet_the_acceptance_figures() {
    let Some(shared) = shared() else {
        eprintln!("note: ../shared not found; seed test skipped");
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let seeds = shared.join("seeds");
    let o = bin()
        .args(["run", "-q", "--out"])
        .arg(out.path())
        .arg(&seeds)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    check_run_folder(out.path());
    let gold = shared.join("seeds-gold.json");
    let Some(py) = score_py(&shared, &gold, out.path()) else {
        eprintln!("note: python3 unavailable; scorer check skipped");
        return;
    };
    let claims_f1 = py["claims"]["f1"].as_f64().unwrap();
    let mentions_f1 = py["mentions"]["f1"].as_f64().unwrap();
    assert!(mentions_f1 >= 0.85, "mentions F1 {mentions_f1}");
    assert!(claims_f1 >= 0.6, "claims F1 {claims_f1}");
    let o = bin()
        .args(["eval", "--json", "--gold"])
        .arg(&gold)
        .arg(&seeds)
        .output()
        .unwrap();
    let ours: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(ours, py, "frontline eval disagrees with score.py");
    let o = Command::new("python3")
        .arg(shared.join("tools/check_run.py"))
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "check_run.py: {}", text(&o));
}

#[test]
fn broken_files_are_reported_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("bundle");
    std::fs::create_dir(&b).unwrap();
    std::fs::write(b.join("empty.txt"), "").unwrap();
    std::fs::write(b.join("blob.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(b.join("bad.json"), "{\"title\": \"x\", ").unwrap();
    std::fs::write(b.join("photo.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    std::fs::write(
        b.join("2024-11-02_good.txt"),
        "Village falls\nRussian troops captured the village of Zhovte, the Russian Defence Ministry said.\n",
    )
    .unwrap();
    // Windows-1252 bytes: "Kiev – café"
    std::fs::write(
        b.join("latin1.txt"),
        b"Shelling in Kiev \x96 caf\xe9 hit\nUkrainian forces repelled an assault near Toretsk.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&b)
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exit 1 when inputs were skipped: {t}"
    );
    assert!(t.contains("Read 2 articles; skipped 4 files"), "{t}");
    for name in ["empty.txt", "blob.txt", "bad.json", "photo.jpg"] {
        assert!(
            t.contains(&format!("skipped {name}: ")),
            "{name} not reported: {t}"
        );
    }
    check_run_folder(&out);
    let claims: Value =
        serde_json::from_slice(&std::fs::read(out.join("claims.geojson")).unwrap()).unwrap();
    let places: Vec<&str> = claims["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["place"].as_str().unwrap())
        .collect();
    assert!(places.contains(&"Zhovte"), "{places:?}");
    assert!(places.contains(&"Toretsk"), "{places:?}");
}

#[test]
fn usage_errors_exit_2_with_a_clear_message() {
    let o = run(&["run", "/definitely/not/here"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("/definitely/not/here"), "{}", text(&o));
    let o = run(&["run", "examples/bundle", "--size", "huge"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("WIDTHxHEIGHT"), "{}", text(&o));
    let o = run(&["run", "examples/bundle", "--date", "yesterday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("YYYY-MM-DD"), "{}", text(&o));
    let o = run(&["eval", "--gold", "/no/gold.json", "examples/bundle"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("/no/gold.json"), "{}", text(&o));
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let o = run(&["run", "--help"]);
    let t = text(&o);
    assert!(o.status.success());
    assert!(t.contains("Examples:") && t.contains("Exit codes:"), "{t}");
    assert!(t.contains("GeoNames"), "{t}");
}

#[test]
fn a_user_gazetteer_adds_places() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("extra.csv");
    std::fs::write(
        &csv,
        "id,name,name_uk,name_ru,alternates,lat,lon,kind,feature_code,country,admin1,admin2,population,precision\n\
         user:1,Zzyzxivka,,,Zzyzxivka,48.1,37.5,settlement,PPL,UA,Donetsk Oblast,,,exact\n",
    )
    .unwrap();
    let b = dir.path().join("a.txt");
    std::fs::write(&b, "Title\nRussian forces captured Zzyzxivka on Monday.\n").unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["run", "-q", "--gazetteer"])
        .arg(&csv)
        .arg("--out")
        .arg(&out)
        .arg(&b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let claims = std::fs::read_to_string(out.join("claims.geojson")).unwrap();
    assert!(claims.contains("Zzyzxivka"), "{claims}");

    std::fs::write(&csv, "id,name\nx,y\n").unwrap();
    let o = bin()
        .args(["run", "-q", "--gazetteer"])
        .arg(&csv)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("extra.csv") && text(&o).contains("missing column"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_16_mb_single_line_article_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("bundle");
    std::fs::create_dir(&b).unwrap();
    let sentence = "Russian forces attacked near Toretsk while Ukrainian troops repelled assaults near Chasiv Yar, officials in Kramatorsk said. ";
    let mut body = String::with_capacity(16 << 20);
    body.push_str("One line\n");
    while body.len() < 16 << 20 {
        body.push_str(sentence);
    }
    std::fs::write(b.join("huge.txt"), body.trim_end()).unwrap();
    std::fs::write(
        b.join("small.txt"),
        "Small\nUkrainian troops left Kurakhove.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = bin()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&b)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Read 2 articles"), "{}", text(&o));
    check_run_folder(&out);
}

#[test]
fn explain_shows_the_rule_behind_each_claim() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("2024-11-20_a.txt");
    std::fs::write(
        &a,
        "Headline\nRussia's Defence Ministry said its forces had captured the village of Zhovte. Moscow said more would follow.\n",
    )
    .unwrap();
    let o = bin().arg("explain").arg(&a).output().unwrap();
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("-> capture Zhovte"), "{t}");
    assert!(
        t.contains("actor RU") && t.contains("claimed_by RU") && t.contains("claimed"),
        "{t}"
    );
    assert!(t.contains("trigger \"captured\" (data/lexicon.tsv:"), "{t}");
    assert!(
        t.contains("Moscow = Moscow (settlement, Moscow, government)"),
        "{t}"
    );
}

#[test]
fn gazetteer_tools_look_up_spell_and_check() {
    let o = run(&["gazetteer", "lookup", "Ugledar"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Vuhledar") && text(&o).contains("Donetsk Oblast"),
        "{}",
        text(&o)
    );
    let o = run(&["gazetteer", "lookup", "Zzyzxivka"]);
    assert_eq!(o.status.code(), Some(1));

    let o = run(&["gazetteer", "variants", "Vuhledar"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("ugledar") && text(&o).contains("вугледар"),
        "{}",
        text(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("mine.csv");
    std::fs::write(
        &csv,
        "id,name,name_uk,name_ru,alternates,lat,lon,kind,feature_code,country,admin1,admin2,population,precision\n\
         u:1,Good,,,,48.1,37.5,settlement,PPL,UA,,,,exact\n\
         u:2,Swapped,,,,37.5,48.1,settlement,PPL,UA,,,,exact\n\
         u:1,Again,,,,48.2,37.6,settlement,PPL,UA,,,,exact\n\
         u:4,BadLat,,,,north,37.6,settlement,PPL,UA,,,,exact\n\
         u:5,,,,,48.2,37.6,settlement,PPL,UA,,,,exact\n",
    )
    .unwrap();
    let o = bin()
        .args(["gazetteer", "check"])
        .arg(&csv)
        .output()
        .unwrap();
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("mine.csv:3") && t.contains("swapped"), "{t}");
    assert!(
        t.contains("mine.csv:4") && t.contains("duplicate id"),
        "{t}"
    );
    assert!(t.contains("mine.csv:5") && t.contains("\"lat\""), "{t}");
    assert!(t.contains("mine.csv:6") && t.contains("\"name\""), "{t}");
    assert!(t.contains("3 rows read, 4 problem(s)"), "{t}");
}
