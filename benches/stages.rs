//! Per-stage throughput, in memory (no file IO): gazetteer build, matching
//! alone, the gazetteer stage (matching + resolving), and the whole analysis
//! (gazetteer + linker). Recorded, not asserted.
//!
//! Targets the issues name: the linker keeps throughput within 2x of the
//! gazetteer-only pass (issue 5); gazetteer load and matcher build <= 100 ms
//! and matching >= 200 MB/s on one core (issue 4).
//!
//! Run: `cargo bench --bench stages -- [BUNDLE]` (default: the 20,000-article
//! corpus of benches/run_bench.sh if it exists, else examples/bundle repeated).
//! Pin to one core with `taskset -c 0 cargo bench --bench stages`.

use std::path::PathBuf;
use std::time::Instant;

use frontline::corpus::{read_bundle, Entry};
use frontline::gazetteer::{self, Gazetteer};
use frontline::model::Article;
use frontline::text::{sentences, Folded};
use frontline::Engine;

fn corpus() -> Vec<Article> {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let cache = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache/frontline-bench"))
        .and_then(|d| {
            let mut v: Vec<PathBuf> = std::fs::read_dir(d)
                .ok()?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir() && p.to_string_lossy().contains("corpus-n20000"))
                .collect();
            v.sort();
            v.pop()
        });
    let root = arg.map(PathBuf::from).or(cache);
    let mut articles = Vec::new();
    match root {
        Some(r) => {
            eprintln!("corpus: {}", r.display());
            for e in read_bundle(&r, None).expect("bundle opens") {
                if let Entry::Article(a) = e {
                    articles.push(a);
                }
            }
        }
        None => {
            eprintln!(
                "corpus: examples/bundle x 500 (run benches/run_bench.sh for the 20k corpus)"
            );
            let base: Vec<Article> = read_bundle(std::path::Path::new("examples/bundle"), None)
                .expect("examples")
                .filter_map(|e| match e {
                    Entry::Article(a) => Some(a),
                    _ => None,
                })
                .collect();
            for _ in 0..500 {
                articles.extend(base.iter().cloned());
            }
        }
    }
    articles
}

fn report(name: &str, n: usize, bytes: usize, secs: f64) {
    println!(
        "{name:<34} {:>9.0} articles/s {:>8.1} MB/s  ({secs:.3} s)",
        n as f64 / secs,
        bytes as f64 / secs / 1e6
    );
}

fn main() {
    let t = Instant::now();
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let load = t.elapsed().as_secs_f64();
    println!(
        "gazetteer load + matcher build     {:.0} ms ({} places, {} forms)",
        load * 1e3,
        g.len(),
        g.matcher().form_count()
    );
    let engine = Engine::new(None).expect("engine");
    let articles = corpus();
    let texts: Vec<String> = articles.iter().map(Article::text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let n = articles.len();
    println!("{n} articles, {:.1} MB", bytes as f64 / 1e6);

    // matching alone: fold + automaton
    let t = Instant::now();
    let mut found = 0usize;
    for text in &texts {
        let f = Folded::new(text);
        found += g.matcher().find(text, &f).len();
    }
    report("fold + match", n, bytes, t.elapsed().as_secs_f64());

    // the gazetteer stage: + sentences + resolve
    let t = Instant::now();
    let mut mentions = 0usize;
    for text in &texts {
        let f = Folded::new(text);
        let s = sentences(text);
        let raw = g.matcher().find(text, &f);
        mentions += gazetteer::resolve(&g, text, &f, &raw, &s).len();
    }
    let gaz = t.elapsed().as_secs_f64();
    report("gazetteer stage (match+resolve)", n, bytes, gaz);

    // the whole analysis: + linker
    let t = Instant::now();
    let mut claims = 0usize;
    for a in &articles {
        claims += engine.analyse(a).claims.len();
    }
    let full = t.elapsed().as_secs_f64();
    report("analysis (gazetteer + linker)", n, bytes, full);
    println!(
        "linker cost: analysis takes {:.2}x the gazetteer-only pass (target <= 2x)",
        full / gaz
    );
    println!("({found} raw matches, {mentions} mentions, {claims} claims)");
}
