//! Table-driven tests over invented sentences (tests/data/*.tsv): one line
//! per case, sentence → expected claims or mentions. Adding a case is adding
//! a line.
//!
//! Each test prints every failing line and asserts a floor on the share
//! that pass. The linker tables must pass whole (floor 1.0); the gazetteer
//! table has a floor below 1.0, and `linker_cases_data.tsv` (lines that
//! hang on gazetteer data still to come) only prints its pass rate. Raise a
//! floor when the rules improve; never lower it to make a change pass.

use std::sync::OnceLock;

use chrono::NaiveDate;
use frontline::model::Article;
use frontline::text::fold;
use frontline::Engine;

/// Share of linker lines that must pass.
const LINKER_FLOOR: f64 = 1.0;
/// Share of linker_cases_2.tsv lines that must pass.
const LINKER_2_FLOOR: f64 = 1.0;
/// Share of linker_cases_3.tsv lines that must pass.
const LINKER_3_FLOOR: f64 = 1.0;
/// Share of gazetteer lines that must pass: all of them.
const GAZETTEER_FLOOR: f64 = 1.0;
/// Share of gazetteer_cases_data.tsv lines that must pass: cases that need
/// data not merged yet (KATOTTG display names, pre-2016 names, Kursk border
/// villages); reported, not gated.
const GAZETTEER_DATA_FLOOR: f64 = 0.0;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(None).expect("embedded data loads"))
}

fn article(sentence: &str) -> Article {
    Article {
        id: "case.txt".into(),
        title: String::new(),
        body: sentence.to_string(),
        published: NaiveDate::from_ymd_opt(2024, 11, 20),
        source: None,
        url: None,
        lang: None,
    }
}

fn rows(tsv: &str) -> Vec<(usize, &str, &str, &str)> {
    tsv.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let mut c = l.split('\t');
            let s = c.next().unwrap_or("");
            let e = c.next().unwrap_or("-");
            let n = c.next().unwrap_or("");
            (i + 1, s, e.trim(), n)
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn check(name: &str, results: Vec<(usize, &str, Vec<String>, Vec<String>)>, floor: f64) {
    check_min(name, results, floor, 51);
}

fn check_min(
    name: &str,
    results: Vec<(usize, &str, Vec<String>, Vec<String>)>,
    floor: f64,
    min_cases: usize,
) {
    let total = results.len();
    let mut passed = 0;
    for (line, sentence, want, got) in &results {
        if want == got {
            passed += 1;
        } else {
            println!("{name}:{line}: {sentence}\n    want {want:?}\n    got  {got:?}");
        }
    }
    let share = passed as f64 / total as f64;
    println!(
        "{name}: {passed}/{total} lines pass ({:.1} %)",
        share * 100.0
    );
    assert!(total >= min_cases, "{name}: too few cases ({total})");
    assert!(
        share >= floor,
        "{name}: only {passed}/{total} pass ({:.1} % < floor {:.0} %)",
        share * 100.0,
        floor * 100.0
    );
}

#[test]
fn linker_cases() {
    linker_table(
        "linker_cases.tsv",
        include_str!("data/linker_cases.tsv"),
        LINKER_FLOOR,
    );
}

/// Written apart from the rules, after them: how the linker does on phrasings
/// it was not built from.
#[test]
fn linker_cases_2() {
    linker_table(
        "linker_cases_2.tsv",
        include_str!("data/linker_cases_2.tsv"),
        LINKER_2_FLOOR,
    );
}

/// Negatives (questions, conditionals, plans, predictions, count nouns,
/// sector phrases), statements changed by a later sentence, anaphora across
/// sentences and historical periods; a line may hold several sentences.
#[test]
fn linker_cases_3() {
    linker_table(
        "linker_cases_3.tsv",
        include_str!("data/linker_cases_3.tsv"),
        LINKER_3_FLOOR,
    );
}

/// Lines whose outcome hangs on gazetteer data (old names, Russian
/// spellings, small villages, display names) rather than on the linker's
/// rules. Not gated until that data lands: prints its pass rate only.
#[test]
fn linker_cases_data() {
    linker_table(
        "linker_cases_data.tsv",
        include_str!("data/linker_cases_data.tsv"),
        0.0,
    );
}

fn linker_table(name: &str, tsv: &str, floor: f64) {
    let mut results = Vec::new();
    for (line, sentence, expected, _) in rows(tsv) {
        let want: Vec<String> = if expected == "-" {
            vec![]
        } else {
            expected
                .split(';')
                .map(|e| {
                    let f: Vec<&str> = e.split('|').collect();
                    let mut f: Vec<String> = f.iter().map(|s| s.trim().to_string()).collect();
                    f[0] = fold(&f[0]);
                    f.join("|")
                })
                .collect()
        };
        let a = engine().analyse(&article(sentence));
        let got: Vec<String> = a
            .claims
            .iter()
            .map(|c| {
                format!(
                    "{}|{}|{}|{}|{}|{}",
                    fold(&c.place.place),
                    c.event.as_str(),
                    c.actor.as_str(),
                    c.claimed_by.as_str(),
                    c.status.as_str(),
                    c.historical
                )
            })
            .collect();
        results.push((line, sentence, sorted(want), sorted(got)));
    }
    // a gated table needs a real sample; the data table may be small
    let min_cases = if floor > 0.0 { 51 } else { 1 };
    check_min(name, results, floor, min_cases);
}

#[test]
fn gazetteer_cases() {
    let tsv = include_str!("data/gazetteer_cases.tsv");
    let results = gazetteer_table(tsv);
    assert!(results.len() >= 300, "the gazetteer table needs 300 cases");
    check("gazetteer_cases.tsv", results, GAZETTEER_FLOOR);
}

#[test]
fn gazetteer_cases_data() {
    let tsv = include_str!("data/gazetteer_cases_data.tsv");
    check_min(
        "gazetteer_cases_data.tsv",
        gazetteer_table(tsv),
        GAZETTEER_DATA_FLOOR,
        1,
    );
}

fn gazetteer_table(tsv: &str) -> Vec<(usize, &str, Vec<String>, Vec<String>)> {
    let mut results = Vec::new();
    for (line, sentence, expected, _) in rows(tsv) {
        // compare the set of (place, country, kind) per sentence
        let want: Vec<String> = if expected == "-" {
            vec![]
        } else {
            expected
                .split(';')
                .map(|e| {
                    let f: Vec<&str> = e.split('|').map(str::trim).collect();
                    format!("{}|{}|{}", fold(f[1]), f[2], f[3])
                })
                .collect()
        };
        let mut want = sorted(want);
        want.dedup();
        let a = engine().analyse(&article(sentence));
        let got: Vec<String> = a
            .mentions
            .iter()
            .map(|m| {
                format!(
                    "{}|{}|{}",
                    fold(&m.place.place),
                    m.place.country,
                    m.place.kind.as_str()
                )
            })
            .collect();
        results.push((line, sentence, want, sorted(got)));
    }
    results
}
