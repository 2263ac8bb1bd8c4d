#!/usr/bin/env python
"""Where rawi.analyze spends its time in place: a timer around each component inside the real
pipeline, on fresh articles, then on the same articles again (warm word caches).

    python benchmarks/stage_times.py                 # 400 articles of ~5 KB
    python benchmarks/stage_times.py --root /tmp/base

Unlike the stage rows of run.py and hotspots.py (each stage alone over all the Docs, on articles
already analysed), every figure here is taken while the stages alternate article by article as
in `rawi analyze`, so it includes what a stage loses when the others have used the CPU caches
in between, and the first sight of each article's words (NER rows, ZWNJ decisions). CPU time of
the process (the machine is shared). "NER" is the part of "entities" spent in rawi.ner.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--warm", type=int, default=50, help="other articles analysed first, not timed")
    ap.add_argument("--root", default=str(HERE.parent), help="checkout to measure")
    args = ap.parse_args(argv)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    sys.path.insert(0, str(Path(args.root).resolve()))
    sys.path.insert(1, str(HERE))
    import run as bench

    import rawi.ner as ner
    import rawi.pipeline as P
    from rawi.doc import Doc

    items = bench.load_articles(args.articles + args.warm, 5.0)[0]
    items, other = items[:args.articles], items[args.articles:]
    spent: dict[str, float] = {}
    clock = time.process_time

    def timer(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            t0 = clock()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + clock() - t0
        return timed

    P.analyze(other[0]["text"])  # models load
    for c in P.COMPONENTS:
        P._LOADED[c.name] = timer(c.name, P._component(c))
    ner.annotate_entities = timer("  of which NER", ner.annotate_entities)
    Doc.from_raw = classmethod(timer("normalise (Doc.from_raw)", Doc.from_raw.__func__))  # type: ignore[method-assign]
    for prop in ("sentences", "tokens"):
        cp = Doc.__dict__[prop]
        cp.func = timer("segment (inside the first stage)", cp.func)
    P._analysis = timer("Analysis object", P._analysis) if hasattr(P, "_analysis") else P._analysis
    for it in other:
        P.analyze(it["text"], **it["meta"]).model_dump_json()

    rounds: dict[str, tuple[float, dict[str, float]]] = {}
    for rnd in ("fresh", "warm"):
        spent.clear()
        gc.collect()
        t0 = clock()
        for it in items:
            a = P.analyze(it["text"], **it["meta"])
            t1 = clock()
            a.model_dump_json()
            spent["JSON"] = spent.get("JSON", 0.0) + clock() - t1
        rounds[rnd] = (clock() - t0, dict(spent))
    n = len(items)
    print(f"{n} articles (ms/article, CPU)      fresh    warm")
    print(f"  {'whole rawi.analyze + JSON':32} {rounds['fresh'][0] * 1000 / n:6.2f}  {rounds['warm'][0] * 1000 / n:6.2f}")
    for name in sorted(rounds["fresh"][1], key=lambda k: -rounds["fresh"][1][k]):
        f, w = rounds["fresh"][1][name], rounds["warm"][1].get(name, 0.0)
        print(f"  {name:32} {f * 1000 / n:6.2f}  {w * 1000 / n:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
