#!/usr/bin/env bash
# End-to-end benchmark of `frontline run` over a generated corpus.
#
# Builds the release binary, generates (or reuses) a seeded corpus of ARTICLES
# articles of about 3 KB (benches/gen_corpus.py), then times:
#   1. RUNS runs on one core:   taskset -c 0 /usr/bin/time -v frontline run CORPUS --out OUT -q
#   2. RUNS runs on all cores:  /usr/bin/time -v frontline run CORPUS --out OUT -q
#   3. RUNS runs on one core over a SMALL-article corpus (does peak RSS grow with input?)
#   4. RUNS runs on one core over a 1-article bundle (the fixed cost: startup + writing)
# and writes benches/results/YYYY-MM-DD-<shortcommit>.md with the commands, versions,
# machine, corpus, every run's raw figures and a summary. Figures are recorded, not
# asserted: the script fails only if a run fails.
#
# Environment (all optional):
#   ARTICLES=20000 SMALL=5000 RUNS=3 SEED=1
#   FRONTLINE_BENCH_CACHE=~/.cache/frontline-bench   where corpora are kept between runs
#   CARGO_TARGET_DIR                                 as for cargo (default: ./target)
#   RESULTS=path.md                                  where to write the results file
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
ARTICLES=${ARTICLES:-20000}
SMALL=${SMALL:-5000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
CACHE=${FRONTLINE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/frontline-bench}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET/release/frontline

for tool in taskset python3 git cargo; do
    command -v "$tool" >/dev/null || { echo "run_bench: $tool not found" >&2; exit 2; }
done
if [ ! -x /usr/bin/time ]; then
    echo "run_bench: /usr/bin/time missing; installing GNU time" >&2
    apt-get install -y time >/dev/null || { echo "run_bench: install GNU time (apt-get install time)" >&2; exit 2; }
fi

echo "== cargo build --release" >&2
cargo build --release --quiet

# A corpus is identified by its size, seed and the generator and gazetteer it came from.
KEY=$(cat benches/gen_corpus.py data/gazetteer.csv | sha256sum | cut -c1-10)
corpus() { # corpus N -> path (generated if absent)
    local dir=$CACHE/corpus-n$1-s$SEED-$KEY
    if [ ! -f "$dir.stats.json" ]; then
        echo "== generating $1 articles into $dir" >&2
        mkdir -p "$CACHE"
        python3 benches/gen_corpus.py --out "$dir" --articles "$1" --seed "$SEED" --force >/dev/null
    fi
    echo "$dir"
}
BIG=$(corpus "$ARTICLES")
SMALLC=$(corpus "$SMALL")
ONE=$(corpus 1)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/frontline-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw
mkdir -p "$RAW"

# run LABEL I CORPUS [taskset args...]: one timed run, raw output kept in $RAW
run() {
    local label=$1 i=$2 dir=$3
    shift 3
    local out=$WORK/out-$label
    rm -rf "$out"
    local cmd=("$@" /usr/bin/time -v "$BIN" run "$dir" --out "$out" -q)
    echo "${cmd[*]}" >"$RAW/$label-$i.cmd"
    echo "== $label run $i: ${cmd[*]}" >&2
    local rc=0
    cut -d' ' -f1-3 /proc/loadavg >"$RAW/$label-$i.load"
    "${cmd[@]}" >"$RAW/$label-$i.stdout" 2>"$RAW/$label-$i.time" || rc=$?
    echo "$rc" >"$RAW/$label-$i.rc"
    if [ "$rc" -ne 0 ]; then
        echo "run_bench: $label run $i exited $rc" >&2
        cat "$RAW/$label-$i.stdout" "$RAW/$label-$i.time" >&2
        exit 1
    fi
}

# Warm the page cache so that every timed run reads the corpus from memory.
echo "== warm-up (untimed)" >&2
"$BIN" run "$BIG" --out "$WORK/warm" -q >/dev/null
"$BIN" run "$SMALLC" --out "$WORK/warm" -q >/dev/null

for i in $(seq "$RUNS"); do run core1 "$i" "$BIG" taskset -c 0; done
for i in $(seq "$RUNS"); do run allcores "$i" "$BIG"; done
for i in $(seq "$RUNS"); do run small1 "$i" "$SMALLC" taskset -c 0; done
for i in $(seq "$RUNS"); do run fixed1 "$i" "$ONE" taskset -c 0; done

COMMIT=$(git rev-parse HEAD)
SHORT=$(git rev-parse --short=8 HEAD)
DIRTY=$(git status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock data | head -c 2000)
RESULTS=${RESULTS:-benches/results/$(date -u +%F)-$SHORT.md}
mkdir -p "$(dirname "$RESULTS")"

{
    echo "date_utc=$(date -u +%FT%TZ)"
    echo "commit=$COMMIT"
    echo "dirty=${DIRTY:+yes}"
    echo "rustc=$(rustc -V)"
    echo "cargo=$(cargo -V)"
    echo "python=$(python3 -V 2>&1)"
    echo "time=$(/usr/bin/time --version 2>&1 | head -1)"
    echo "taskset=$(taskset --version 2>&1 | head -1)"
    echo "kernel=$(uname -srm)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "cpus=$(nproc)"
    echo "mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "hypervisor=$(lscpu | sed -n 's/^Hypervisor vendor: *//p' | head -1)"
    echo "big=$BIG"
    echo "small=$SMALLC"
    echo "one=$ONE"
    echo "runs=$RUNS"
    echo "bin=$BIN"
} >"$WORK/meta"
lscpu >"$WORK/lscpu"

python3 benches/summarize.py "$WORK" "$RESULTS" "$DIRTY"
echo "== wrote $RESULTS" >&2
