#!/usr/bin/env python3
"""Grow a frontline store to at least N claims by replicating its articles.

Benchmark helper for `frontline export` over a large store: it copies every
article (with a fresh content hash, its dates shifted by whole years so the
copies spread over time) together with its mentions and claims, until the
store holds at least --claims claims. The copies are marked as belonging to a
bench run. Only for benchmarking: the result is a valid store, but its
articles are repeats.

Usage: python3 benches/grow_store.py STORE.db --claims 1000000
"""

import argparse
import sqlite3
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--claims", type=int, default=1_000_000)
    args = ap.parse_args()
    con = sqlite3.connect(args.db)
    (n,) = con.execute("SELECT count(*) FROM claims").fetchone()
    if n == 0:
        sys.exit("grow_store: the store has no claims to replicate")
    (max_article,) = con.execute("SELECT max(id) FROM articles").fetchone()
    copy = 0
    while n < args.claims:
        copy += 1
        shift = f"-{copy} years"
        off = max_article * copy
        with con:
            con.execute(
                "INSERT INTO runs(started, finished, version, bundles) VALUES (0, 0, 'bench', 'grow_store.py')"
            )
            run = con.execute("SELECT last_insert_rowid()").fetchone()[0]
            con.execute(
                f"""INSERT INTO articles(id, hash, article_id, bundle, title, published, source, url, lang, run)
                    SELECT id + {off}, randomblob(16), 'copy{copy}/' || article_id, bundle, title,
                           date(published, '{shift}'), source, url, lang, {run}
                    FROM articles WHERE id <= {max_article}"""
            )
            con.execute(
                f"""INSERT INTO mentions(article, seq, place_id, surfaces, count)
                    SELECT article + {off}, seq, place_id, surfaces, count FROM mentions WHERE article <= {max_article}"""
            )
            con.execute(
                f"""INSERT INTO claims(article, place_id, event, actor, claimed_by, status, historical, date,
                                       published, day, evidence, span_start, span_end, confidence)
                    SELECT article + {off}, place_id, event, actor, claimed_by, status, historical,
                           date(date, '{shift}'), date(published, '{shift}'), date(day, '{shift}'),
                           evidence, span_start, span_end, confidence
                    FROM claims WHERE article <= {max_article}"""
            )
        (n,) = con.execute("SELECT count(*) FROM claims").fetchone()
        print(f"copy {copy}: {n} claims", file=sys.stderr)
    con.close()
    print(n)


if __name__ == "__main__":
    main()
