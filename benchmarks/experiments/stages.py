#!/usr/bin/env python
"""Per-stage ms/article without NER, optionally against another checkout in the same command.

    python benchmarks/experiments/stages.py                                  # this checkout, 200 articles
    python benchmarks/experiments/stages.py --against /tmp/rawi_base --repeats 3

The NER model (rawi.ner, another engineer's) is replaced by a replay of its entities from
the cache benchmarks/experiments/golden.py writes, so "entities" is the stage's own work (gazetteer
places → entities, NORP lexicon, merge) and "analyze (no NER)" is the whole pipeline minus
the CRF. With --against, each checkout runs in its own subprocess, alternating, --repeats
times; each figure is the minimum over repeats, so both see the same machine load and the
ratio is what to quote (the machine is shared: absolute figures drift). --warm other articles
are analysed first, so lazily compiled lexicon regexes are not charged to the timed stages.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import pickle
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]  # benchmarks/: run.py and golden.py


def worker(root: str, n: int, cache_path: str, warm: int) -> dict[str, float]:
    sys.path.insert(0, root)
    sys.path.insert(1, str(HERE))
    import run as bench  # the benchmark's article set

    import rawi.ner as ner
    from rawi.doc import Doc
    from rawi.pipeline import COMPONENTS, _component, analyze
    from rawi.schema import Entity

    assert Path(ner.__file__).resolve().is_relative_to(Path(root).resolve()), ner.__file__
    items, _ = bench.load_articles(n + warm, 5.0)
    items, warmup = items[:n], items[n:]
    cache = pickle.loads(Path(cache_path).read_bytes())
    held: dict[str, list] = {}
    for it in items + warmup:
        d = Doc.from_raw(it["text"])
        k = hashlib.sha1(d.text.encode("utf-8")).hexdigest()
        held[d.text] = [Entity(**e) for e in cache[k]]
    ner.annotate_entities = lambda doc: list(held[doc.text])

    texts = [it["text"] for it in items]
    for it in warmup:  # other articles: lexicon regexes compile lazily, on first use
        analyze(it["text"])
    per: dict[str, float] = {}
    gc.collect()  # before every timed step: a full collection over the 200 Docs held here
    t0 = time.perf_counter()  # would otherwise land in whichever stage happens to be running
    docs = [Doc.from_raw(t) for t in texts]
    per["normalise (Doc.from_raw)"] = time.perf_counter() - t0
    gc.collect()
    t0 = time.perf_counter()
    for d in docs:
        d.sentences, d.tokens  # noqa: B018
    per["segment"] = time.perf_counter() - t0
    results: list[dict] = [{} for _ in docs]
    for c in COMPONENTS:
        fn = _component(c)
        gc.collect()
        t0 = time.perf_counter()
        for d, r in zip(docs, results):
            r[c.name] = fn(d, *[r.get(x) or [] for x in c.needs])
        per[c.name] = time.perf_counter() - t0
    per["sum of stages"] = sum(per.values())
    del docs, results
    gc.collect()
    t0 = time.perf_counter()
    for it in items:
        analyze(it["text"], **it["meta"])
    per["analyze (no NER)"] = time.perf_counter() - t0
    return {k: v * 1000 / len(items) for k, v in per.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--against", help="another checkout (its root directory) to time alternately")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warm", type=int, default=50, help="articles analysed first (not timed, not the timed ones)")
    ap.add_argument("--ner-cache", default="/tmp/rawi_golden_ner.pkl")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker, args.articles, args.ner_cache, args.warm)))
        return 0
    roots = [str(HERE.parent)] + ([args.against] if args.against else [])
    best: dict[str, dict[str, float]] = {r: {} for r in roots}
    for _ in range(args.repeats):
        for r in roots[::-1]:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", r, "--articles", str(args.articles), "--ner-cache", args.ner_cache,
                 "--warm", str(args.warm)],
                check=True, capture_output=True, text=True,
            ).stdout
            for k, v in json.loads(out.strip().splitlines()[-1]).items():
                best[r][k] = min(v, best[r].get(k, v))
    cur = best[roots[0]]
    if args.against:
        base = best[args.against]
        print(f"{args.articles} articles ~5 KB, ms/article (min of {args.repeats}), NER replayed")
        print(f"{'stage':28} {'before':>8} {'after':>8} {'after/before':>13}")
        for k in cur:
            print(f"{k:28} {base.get(k, float('nan')):8.3f} {cur[k]:8.3f} {cur[k] / base[k] if base.get(k) else float('nan'):12.2f}x")
    else:
        for k, v in cur.items():
            print(f"{k:28} {v:8.3f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
