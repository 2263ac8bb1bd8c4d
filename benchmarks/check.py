"""Speed of `rawi check` as the store grows: median seconds per claim at each store size.

Articles come from ../shared/data (Fars News, Hamshahri/Radio Farda, Varzesh3) through the
real ingest (full analyser); claims to check are titles of stored articles (so candidates
exist). The store grows by corpus: Fars (1,500), + Hamshahri/Radio Farda (~4,000), + Varzesh3.
Usage: python benchmarks/check.py [--claims 20] [--db sqlite:///existing.db]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=20)
    ap.add_argument("--db", help="reuse this SQLite store (its articles are the largest size)")
    args = ap.parse_args()
    from rawi.corpus.ingest import ingest
    from rawi.corpus.store import Store
    import sqlalchemy as sa
    from rawi.corpus.store import articles

    with tempfile.TemporaryDirectory() as d:
        store = Store(args.db or f"sqlite:///{d}/check.db")
        for name in ("farsnews-course", "sci2lab-farsi-news", "varzesh3-course"):
            if not args.db:
                t0 = time.perf_counter()
                ingest([str(SHARED / name)], store, progress=False)
                print(f"+ {name}: {store.stats()['articles']} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
            n = store.stats()["articles"]
            with store.engine.connect() as c:
                titles = [r[0] for r in c.execute(sa.select(articles.c.title).where(articles.c.title.is_not(None))
                                                   .order_by(articles.c.id).limit(args.claims))]
            times = []
            for t in titles:
                t0 = time.perf_counter()
                store.check(t)
                times.append(time.perf_counter() - t0)
            print(f"store {n:5d} articles: check median {statistics.median(times):.3f} s, max {max(times):.3f} s ({len(times)} claims)",
                  flush=True)
            if args.db:
                break
        store.close()


if __name__ == "__main__":
    main()
