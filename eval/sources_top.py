"""The most cited sources of a store, and which of them are not speakers a reader can use.

A top list of `rawi sources` should hold people, bodies and described groups, never a pronoun
("وی"), a demonstrative phrase ("این مقام") or a title that names nobody ("رئیس"). This lists the
top N source keys over all outlets (as `rawi sources` counts them: the speaker's name, else its
description) and marks each offending one.

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

from rawi.annotate import sources as S  # noqa: E402
from rawi.corpus.store import Store  # noqa: E402


def problem(key: str) -> str | None:
    """Why a source key is not a usable speaker, or None."""
    words = key.replace("«", " ").replace("»", " ").split()
    if not words:
        return "empty"
    first = S.fold(words[0])
    if len(words) == 1 and first in S.folded_set("pronoun"):
        return "pronoun"
    if first in S.folded_set("demonstrative"):
        return "demonstrative"
    h = S.officials().match_at(key, 0)
    if h is not None and h.end >= len(key.rstrip()) and len(words) == 1:
        return "title without holder"
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=50)
    args = ap.parse_args()
    rows = Store(args.db).sources()
    c: Counter = Counter()
    kinds: dict[str, str] = {}
    for r in rows:
        for t in r["top_sources"]:
            c[t["source"]] += t["count"]
            kinds.setdefault(t["source"], t["kind"])
    bad = 0
    for key, n in c.most_common(args.n):
        why = problem(key)
        bad += why is not None
        print(f"{n:6d}  {kinds[key]:12}  {key}" + (f"   <- {why}" if why else ""))
    print(f"{bad} of the top {min(args.n, len(c))} are not usable speakers")


if __name__ == "__main__":
    main()
