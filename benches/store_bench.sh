#!/usr/bin/env bash
# Benchmark of the store (issue 6): ingest of a large generated corpus, then
# export as of a date over a store of over a million claims.
#
#   1. ingest ARTICLES generated articles (benches/gen_corpus.py) into a fresh
#      store on all cores: wall time, articles/s, peak RSS;
#   2. ingest the same corpus again: every article is a duplicate (hash check only);
#   3. grow a copy of that store to CLAIMS claims (benches/grow_store.py,
#      replicating its articles with shifted dates);
#   4. export as of the latest date, all layers (every claim and mention is written);
#   5. export as of the latest date with --since 7 days before (the daily map:
#      place states, zones and map still weigh every claim).
# Writes benches/results/YYYY-MM-DD-store-<commit>.md. Figures are recorded,
# not asserted.
#
# Environment (optional): ARTICLES=100000 CLAIMS=1000000 SEED=1
#   FRONTLINE_BENCH_CACHE (default ~/.cache/frontline-bench), CARGO_TARGET_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-100000}
CLAIMS=${CLAIMS:-1000000}
SEED=${SEED:-1}
CACHE=${FRONTLINE_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/frontline-bench}
BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/frontline
[ -x /usr/bin/time ] || { echo "store_bench: install GNU time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet
KEY=$(cat benches/gen_corpus.py data/gazetteer.csv | sha256sum | cut -c1-10)
CORPUS=$CACHE/corpus-n$ARTICLES-s$SEED-$KEY
if [ ! -f "$CORPUS.stats.json" ]; then
    echo "== generating $ARTICLES articles into $CORPUS" >&2
    mkdir -p "$CACHE"
    python3 benches/gen_corpus.py --out "$CORPUS" --articles "$ARTICLES" --seed "$SEED" --force >/dev/null
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/frontline-store-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cat "$CORPUS"/*/* >/dev/null 2>&1 || true   # warm the page cache

timed() { # timed LABEL CMD... -> prints "LABEL wall_s rss_mib" and keeps stdout
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$@" >"$WORK/$label.out"
    read -r wall rss <"$WORK/$label.time"
    echo "$label $wall $((rss / 1024))"
}

DB=$WORK/store/frontline.db
echo "== ingest" >&2
I1=$(timed ingest "$BIN" ingest -q "$CORPUS" --db "$DB")
I2=$(timed reingest "$BIN" ingest -q "$CORPUS" --db "$DB")
STORED=$(sqlite3 -version >/dev/null 2>&1 && sqlite3 "$DB" 'select count(*) from claims' || python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from claims').fetchone()[0])" "$DB")
echo "== growing a copy to $CLAIMS claims" >&2
cp "$DB" "$WORK/big.db"
GROWN=$(python3 benches/grow_store.py "$WORK/big.db" --claims "$CLAIMS" 2>/dev/null)
LATEST=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select max(published) from articles').fetchone()[0])" "$WORK/big.db")
SINCE=$(date -u -d "$LATEST - 7 days" +%F)
echo "== export" >&2
"$BIN" export --db "$WORK/big.db" --out "$WORK/warm" >/dev/null   # warm the store's pages
E1=$(timed export_all "$BIN" export --db "$WORK/big.db" --out "$WORK/all" --as-of "$LATEST")
E2=$(timed export_since "$BIN" export --db "$WORK/big.db" --out "$WORK/since" --as-of "$LATEST" --since "$SINCE")
OUTBYTES=$(du -sb "$WORK/all" | cut -f1)

SHORT=$(git rev-parse --short=8 HEAD)
RESULTS=${RESULTS:-benches/results/$(date -u +%F)-store-$SHORT.md}
rate() { python3 -c "print(f'{$1/$2:,.0f}')"; }
{
    echo "# Store benchmark, $(date -u +%FT%TZ), commit $(git rev-parse HEAD)"
    echo
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), load before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Corpus: $ARTICLES generated articles ($(du -sh "$CORPUS" | cut -f1)), seed $SEED."
    echo
    echo "| step | wall s | peak RSS MiB | figure |"
    echo "| --- | ---: | ---: | --- |"
    read -r _ w r <<<"$I1"; echo "| ingest $ARTICLES articles, fresh store, all cores | $w | $r | $(rate "$ARTICLES" "$w") articles/s; $STORED claims stored |"
    read -r _ w r <<<"$I2"; echo "| ingest the same again (all duplicates) | $w | $r | $(rate "$ARTICLES" "$w") articles/s |"
    read -r _ w r <<<"$E1"; echo "| export as of $LATEST over $GROWN claims, every layer | $w | $r | $(tail -n +1 "$WORK/export_all.out" | head -1); $((OUTBYTES / 1048576)) MiB written |"
    read -r _ w r <<<"$E2"; echo "| export as of $LATEST, --since $SINCE | $w | $r | $(head -1 "$WORK/export_since.out") |"
    echo
    echo "Raw ingest summary:"
    echo
    sed 's/^/    /' "$WORK/ingest.out"
} >"$RESULTS"
cat "$RESULTS"
