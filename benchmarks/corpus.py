"""Corpus store speed: storing analysed articles and searching them, SQLite and PostgreSQL.

Baseline (same process, same analyses): one plain ``sqlite3`` INSERT of the Analysis JSON per
article in its own transaction, i.e. what any "save the JSON" script costs. The ratio shows
what rawi's rows, full-text index, near-duplicate bands and claim matching add.

Analyses come from an existing store (``--from-db fars.db``, e.g. after
``rawi ingest ../shared/data/farsnews-course --db fars.db``) or are made here with the full
analyser from the first ``--n`` Fars News articles (not timed).

Usage: python benchmarks/corpus.py [--from-db fars.db] [--n 300]
PostgreSQL is measured when RAWI_TEST_PG_URL is set (``source scripts/ci_postgres.sh``).
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))
QUERIES = ["سرکرده", "اقتصاد مقاومتی", "بانک", "خبرگزاری فارس", "آمریکا", "مي شود"]


def load(args) -> list:
    from rawi.schema import Analysis

    if args.from_db:
        con = sqlite3.connect(f"file:{args.from_db}?mode=ro", uri=True)
        rows = con.execute("SELECT analysis, raw, content_hash FROM articles ORDER BY id LIMIT ?", (args.n,)).fetchall()
        return [(Analysis.model_validate_json(a), r, h) for a, r, h in rows]
    import rawi
    from rawi.corpus.ingest import Item, read_source

    items = [r for r in read_source(SHARED / "farsnews-course") if isinstance(r, Item)][: args.n]
    return [(rawi.analyze(it.text, **it.meta), it.text, it.hash) for it in items]


def bench_store(url: str, data: list) -> tuple[float, float, int]:
    from rawi.corpus.store import Store

    s = Store(url)
    t = time.perf_counter()
    for a, raw, h in data:
        s.add_analysis(a, raw=raw, content_hash=h)
    store_s = time.perf_counter() - t
    t = time.perf_counter()
    for q in QUERIES:
        s.search(q)
    search_ms = (time.perf_counter() - t) * 1000 / len(QUERIES)
    n = s.stats()["claims"]
    s.close()
    return store_s, search_ms, n


def bench_baseline(path: str, data: list) -> float:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, hash TEXT UNIQUE, raw TEXT, analysis TEXT)")
    t = time.perf_counter()
    for a, raw, h in data:
        con.execute("BEGIN")
        con.execute("INSERT INTO a (hash, raw, analysis) VALUES (?, ?, ?)", (h, raw, a.model_dump_json()))
        con.execute("COMMIT")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from-db")
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()
    if not args.from_db and not (SHARED / "farsnews-course").exists():
        sys.exit("needs --from-db or ../shared/data/farsnews-course")
    data = load(args)
    n = len(data)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        base = bench_baseline(f"{d}/baseline.db", data)
        rows.append(("baseline: sqlite3 INSERT of the JSON", n / base, None, "1.00"))
        s, q, c = bench_store(f"sqlite:///{d}/rawi.db", data)
        rows.append((f"rawi Store, SQLite ({c} claims)", n / s, q, f"{base / s:.2f}"))
    pg = os.environ.get("RAWI_TEST_PG_URL")
    if pg:
        import sqlalchemy as sa

        eng = sa.create_engine(pg)
        with eng.begin() as c:
            c.exec_driver_sql("DROP SCHEMA IF EXISTS bench_corpus CASCADE")
            c.exec_driver_sql("CREATE SCHEMA bench_corpus")
        try:
            s, q, c = bench_store(pg + ("&" if "?" in pg else "?") + "options=-csearch_path%3Dbench_corpus", data)
            rows.append((f"rawi Store, PostgreSQL ({c} claims)", n / s, q, f"{base / s:.2f}"))
        finally:
            with eng.begin() as c:
                c.exec_driver_sql("DROP SCHEMA IF EXISTS bench_corpus CASCADE")
    print(f"{n} analysed articles (attributions: {sum(len(a.attributions) for a, _, _ in data)})\n")
    print(f"{'system':42} {'articles/s':>10} {'search ms':>9} {'speed vs baseline':>17}")
    for name, rate, q, ratio in rows:
        print(f"{name:42} {rate:10.1f} {('%.1f' % q) if q is not None else '-':>9} {ratio:>17}")


if __name__ == "__main__":
    main()
