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

/// Time this thread has spent on a CPU (Linux: /proc/thread-self/schedstat),
/// in seconds; on a shared machine it is steadier than wall time.
fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

/// Wall and CPU seconds of `f`, run `runs` times: the last result, the
/// first run's (wall, CPU) and the best (wall, CPU).
fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, (f64, f64), (f64, f64)) {
    let (mut first, mut best, mut best_cpu) = (None, f64::MAX, f64::MAX);
    let mut out = None;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_secs());
        let v = f();
        let wall = t.elapsed().as_secs_f64();
        let cpu = c.zip(cpu_secs()).map_or(f64::NAN, |(a, b)| b - a);
        first.get_or_insert((wall, cpu));
        best = best.min(wall);
        best_cpu = best_cpu.min(cpu);
        out = Some(v);
    }
    let first = first.expect("runs > 0");
    (out.expect("runs > 0"), first, (best, best_cpu))
}

fn main() {
    // the first load is what a process pays (its page faults included)
    let (g, first, best) = timed(5, || Gazetteer::embedded().expect("embedded gazetteer"));
    println!(
        "gazetteer load + matcher build     first {:.0} ms ({:.0} ms on CPU), best of 5 {:.0} ms ({:.0} ms on CPU); {} places, {} forms",
        first.0 * 1e3,
        first.1 * 1e3,
        best.0 * 1e3,
        best.1 * 1e3,
        g.len(),
        g.matcher().form_count()
    );
    let engine = Engine::new(None).expect("engine");
    let articles = corpus();
    let texts: Vec<String> = articles.iter().map(Article::text).collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let n = articles.len();
    println!("{n} articles, {:.1} MB", bytes as f64 / 1e6);

    // folding alone, then fold + automaton (matching alone), best of 3 passes
    let (_, _, (best, cpu)) = timed(3, || {
        texts
            .iter()
            .map(|text| Folded::new(text).text.len())
            .sum::<usize>()
    });
    report("fold (best of 3)", n, bytes, best);
    report("fold (on CPU)", n, bytes, cpu);

    let (found, _, (best, cpu)) = timed(3, || {
        let mut found = 0usize;
        for text in &texts {
            let f = Folded::new(text);
            found += g.matcher().find(text, &f).len();
        }
        found
    });
    report("fold + match (best of 3)", n, bytes, best);
    report("fold + match (on CPU)", n, bytes, cpu);

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
