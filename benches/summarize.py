#!/usr/bin/env python3
"""Turn the raw output of benches/run_bench.sh into a results file (Markdown).

Usage: summarize.py WORKDIR RESULTS.md [DIRTY]
WORKDIR holds `meta` (key=value lines), `lscpu`, and raw/LABEL-I.{cmd,stdout,time,rc}.
Prints the summary to stdout as well.
"""

import json
import os
import re
import statistics
import sys

TARGET = 2000  # articles per second on one core, end to end (the first target)

LABELS = [
    ("core1", "big", "one core (taskset -c 0)"),
    ("allcores", "big", "all cores (no taskset)"),
    ("small1", "small", "one core, small corpus"),
    ("fixed1", "one", "one core, 1-article bundle (fixed cost)"),
]


def wall_seconds(s):
    parts = [float(x) for x in s.split(":")]
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


def parse_time(text):
    get = lambda key: re.search(re.escape(key) + r":\s*(.+)", text).group(1).strip()
    return {
        "wall_s": wall_seconds(get("Elapsed (wall clock) time (h:mm:ss or m:ss)")),
        "user_s": float(get("User time (seconds)")),
        "sys_s": float(get("System time (seconds)")),
        "cpu_pct": get("Percent of CPU this job got"),
        "maxrss_kb": int(get("Maximum resident set size (kbytes)")),
        "minor_faults": int(get("Minor (reclaiming a frame) page faults")),
        "vol_cs": int(get("Voluntary context switches")),
        "invol_cs": int(get("Involuntary context switches")),
    }


def parse_stdout(text):
    m = re.search(r"Read (\d+) articles?; skipped (\d+) files?", text)
    done = re.search(r"Done in ([\d.]+) s", text)
    return {
        "articles": int(m.group(1)) if m else None,
        "skipped": int(m.group(2)) if m else None,
        "internal_s": float(done.group(1)) if done else None,
    }


def main():
    work, results = sys.argv[1], sys.argv[2]
    dirty = sys.argv[3] if len(sys.argv) > 3 else ""
    meta = dict(line.rstrip("\n").split("=", 1) for line in open(os.path.join(work, "meta")))
    raw = os.path.join(work, "raw")
    runs = {}
    for label, _, _ in LABELS:
        i = 1
        while os.path.exists(os.path.join(raw, f"{label}-{i}.time")):
            base = os.path.join(raw, f"{label}-{i}")
            r = parse_time(open(base + ".time").read())
            r.update(parse_stdout(open(base + ".stdout").read()))
            r["cmd"] = open(base + ".cmd").read().strip()
            r["rc"] = int(open(base + ".rc").read())
            r["load"] = open(base + ".load").read().strip() if os.path.exists(base + ".load") else "?"
            r["stdout"] = open(base + ".stdout").read()
            r["time_raw"] = open(base + ".time").read()
            r["aps"] = r["articles"] / r["wall_s"] if r["articles"] and r["wall_s"] else 0.0
            cpu = r["user_s"] + r["sys_s"]
            r["aps_cpu"] = r["articles"] / cpu if r["articles"] and cpu else 0.0
            runs.setdefault(label, []).append(r)
            i += 1
    corpora = {k: json.load(open(meta[k].rstrip("/") + ".stats.json"))
               for k in ("big", "small", "one")}

    def med(label, key):
        return statistics.median(r[key] for r in runs[label])

    fixed = med("fixed1", "wall_s")
    big_n = corpora["big"]["articles"]
    core1_aps = med("core1", "aps")
    marginal = big_n / (med("core1", "wall_s") - fixed)
    summary = [
        f"corpus: {big_n} articles, {corpora['big']['files']} files, "
        f"{corpora['big']['bytes'] / 1e6:.1f} MB",
        f"one core:  median {core1_aps:,.0f} articles/s end to end "
        f"(wall {med('core1', 'wall_s'):.2f} s; target {TARGET:,}: "
        f"{'met' if core1_aps >= TARGET else 'MISSED'})",
        f"one core, by CPU time (user+sys, less sensitive to other load on the machine): "
        f"median {med('core1', 'aps_cpu'):,.0f} articles/s",
        f"all cores ({meta['cpus']}): median {med('allcores', 'aps'):,.0f} articles/s "
        f"(wall {med('allcores', 'wall_s'):.2f} s)",
        f"fixed cost (1-article bundle, one core): {fixed:.2f} s; "
        f"articles/s on one core net of it: {marginal:,.0f}",
        f"peak RSS: {max(r['maxrss_kb'] for r in runs['core1']) / 1024:,.0f} MiB at "
        f"{big_n} articles, {max(r['maxrss_kb'] for r in runs['small1']) / 1024:,.0f} MiB at "
        f"{corpora['small']['articles']}, {max(r['maxrss_kb'] for r in runs['fixed1']) / 1024:,.0f} "
        f"MiB at 1",
        f"load average (1 min) before the one-core runs: "
        f"{', '.join(r['load'].split()[0] for r in runs['core1'])}",
    ]

    out = []
    w = out.append
    w(f"# frontline run benchmark, {meta['date_utc'][:10]}, commit {meta['commit'][:8]}")
    w("")
    w("Recorded by `benches/run_bench.sh` (figures are recorded, not asserted).")
    w("")
    w("## Summary")
    w("")
    for line in summary:
        w(f"- {line}")
    w("")
    w("Articles/s = articles read (from frontline's summary) / wall-clock seconds "
      "(from `/usr/bin/time -v`), end to end: process start, gazetteer build, reading, "
      "matching, linking, writing the 4 GeoJSON files and map.png. Peak RSS = "
      "`Maximum resident set size`. The machine may be shared: CPU below ~99% or a "
      "load average above the core count means other work competed for the core, and "
      "the wall-clock figures are then pessimistic.")
    w("")
    w("## Build and machine")
    w("")
    w("| | |")
    w("| --- | --- |")
    w(f"| commit | `{meta['commit']}`{' (src/ had uncommitted changes)' if dirty else ''} |")
    for k in ("rustc", "cargo", "python", "time", "taskset", "kernel", "cpu", "cpus", "mem",
              "hypervisor"):
        w(f"| {k} | {meta[k]} |")
    w(f"| date (UTC) | {meta['date_utc']} |")
    w("| build | `cargo build --release` (profile.release of Cargo.toml at that commit) |")
    w("")
    w("## Corpora")
    w("")
    w("Generated by `python3 benches/gen_corpus.py --out DIR --articles N --seed "
      f"{corpora['big']['seed']}` (generator version {corpora['big']['generator_version']}); "
      "one warm-up run over each before timing, so the files are read from the page cache.")
    w("")
    w("| corpus | articles | files | bytes | mean bytes/article | .txt | .md | .txt, no front matter | .json | .jsonl | .html |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for k in ("big", "small", "one"):
        c = corpora[k]
        bk = lambda kind: c["by_kind"].get(kind, {}).get("articles", 0)
        w(f"| `{os.path.basename(meta[k])}` | {c['articles']} | {c['files']} | {c['bytes']} | "
          f"{c['mean_bytes_per_article']} | {bk('txt')} | {bk('md')} | {bk('bare')} | "
          f"{bk('json')} | {bk('jsonl')} | {bk('html')} |")
    w("")
    w("## Runs")
    w("")
    for label, ck, title in LABELS:
        w(f"### {title}")
        w("")
        w("```")
        w(runs[label][0]["cmd"].replace(meta[ck], "CORPUS").replace(meta["bin"], "target/release/frontline").replace(work, "WORK"))
        w("```")
        w("")
        w("| run | articles | wall s | user s | sys s | CPU | max RSS KiB | minor faults | "
          "frontline's own `Done in` s | articles/s (wall) | articles/s (user+sys) | "
          "loadavg before | exit |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for i, r in enumerate(runs[label], 1):
            w(f"| {i} | {r['articles']} | {r['wall_s']:.2f} | {r['user_s']:.2f} | "
              f"{r['sys_s']:.2f} | {r['cpu_pct']} | {r['maxrss_kb']} | {r['minor_faults']} | "
              f"{r['internal_s']} | {r['aps']:,.0f} | {r['aps_cpu']:,.0f} | {r['load']} | "
              f"{r['rc']} |")
        w("")
    w("## frontline's output (first one-core run)")
    w("")
    w("```")
    w(runs["core1"][0]["stdout"].rstrip().replace(work, "WORK"))
    w("```")
    w("")
    w("<details><summary>Raw <code>/usr/bin/time -v</code> output of every run</summary>")
    w("")
    for label, _, _ in LABELS:
        for i, r in enumerate(runs[label], 1):
            w(f"{label} run {i}:")
            w("```")
            w(r["time_raw"].rstrip())
            w("```")
    w("")
    w("</details>")
    w("")
    w("<details><summary>lscpu</summary>")
    w("")
    w("```")
    w(open(os.path.join(work, "lscpu")).read().rstrip())
    w("```")
    w("")
    w("</details>")
    with open(results, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
