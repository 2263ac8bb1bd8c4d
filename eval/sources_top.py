"""The most cited sources of a store, and which of them are not speakers a reader can use.

A top list of `rawi sources` should hold people, bodies and described groups, never a pronoun
("وی"), a demonstrative phrase ("این مقام") or a title that names nobody ("رئیس"). This lists the
top N source keys over all outlets (as `rawi sources` counts them: the speaker's name, else its
description; summed over the outlets' counts kept at ingest) and marks each offending one.

    rawi ingest ../shared/data/farsnews-course ../shared/data/sci2lab-farsi-news --db sqlite:///corpus.db
    python eval/sources_top.py --db sqlite:///corpus.db --n 50
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from rawi.annotate import sources as S  # noqa: E402
from rawi.corpus import aggregates as A  # noqa: E402
from rawi.corpus.rows import names_nobody  # noqa: E402
from rawi.corpus.store import Store  # noqa: E402


def problem(key: str) -> str | None:
    """Why a source key is not a usable speaker, or None (an article-scoped key, "نماینده · 3f2a91c0",
    is judged by its text)."""
    key = key.split(" · ")[0]
    words = key.replace("«", " ").replace("»", " ").split()
    if not words:
        return "empty"
    first = S.fold(words[0])
    if len(words) == 1 and first in S.folded_set("pronoun"):
        return "pronoun"
    if first in S.folded_set("demonstrative"):
        return "demonstrative"
    if names_nobody(key):
        return "description without holder"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=50)
    args = ap.parse_args()
    store = Store(args.db)
    c: Counter = Counter()
    kinds: dict[str, str] = {}
    t = A.outlet_sources
    with store.engine.connect() as conn:  # every source of every outlet, as `rawi sources` counts them
        for r in conn.execute(sa.select(t.c.source, t.c.source_kind, sa.func.sum(t.c.n).label("n"))
                              .group_by(t.c.source, t.c.source_kind)):
            c[r.source] += int(r.n)
            kinds.setdefault(r.source, r.source_kind)
    bad = 0
    for key, n in c.most_common(args.n):
        why = problem(key)
        bad += why is not None
        print(f"{n:6d}  {kinds[key]:12}  {key}" + (f"   <- {why}" if why else ""))
    print(f"{bad} of the top {min(args.n, len(c))} are not usable speakers")


if __name__ == "__main__":
    main()
