#!/usr/bin/env python
"""Where the time goes: the full pipeline under cProfile on the benchmark articles.

    python benchmarks/experiments/hotspots.py                  # 200 Fars articles of ~5 KB
    python benchmarks/experiments/hotspots.py --articles 500 --top 40 --save /tmp/rawi.prof

Prints (1) time per pipeline component and per rawi module (own time), (2) the functions
with the most own time, (3) the rawi functions with the most cumulative time. Models are
loaded before profiling starts and --warm other articles are analysed first (lexicon regexes
compile lazily, on first use), so the figures are steady-state throughput.
Findings and recommendations live in benchmarks/PROFILE.md.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/: run.py

import run as bench  # noqa: E402  (benchmarks/run.py: the same article set)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--size-kb", type=float, default=5.0)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--warm", type=int, default=50, help="other articles analysed first, not timed")
    ap.add_argument("--save", type=Path, help="write the raw profile here (for snakeviz/pstats)")
    args = ap.parse_args(argv)

    # Start-up, piece by piece (this process has loaded nothing of rawi yet).
    boot: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    from rawi.doc import Doc
    from rawi.pipeline import COMPONENTS, _component, analyze
    boot.append(("import rawi.pipeline (schema, pydantic, normaliser rules)", time.perf_counter() - t0))
    t0 = time.perf_counter()
    small = Doc.from_raw(bench.SAMPLE_SENTENCE)
    small.sentences, small.tokens  # noqa: B018
    boot.append(("first Doc.from_raw (ZWNJ lexicon load)", time.perf_counter() - t0))
    res: dict = {}
    for c in COMPONENTS:
        t0 = time.perf_counter()
        try:
            res[c.name] = _component(c)(small, *[res.get(x) or [] for x in c.needs])
        except ModuleNotFoundError:
            continue
        boot.append((f"first call of component {c.name} (import + models)", time.perf_counter() - t0))

    items, source = bench.load_articles(args.articles + args.warm, args.size_kb)
    items, warmup = items[:args.articles], items[args.articles:]
    texts = [it["text"] for it in items]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    analyze(texts[0])  # load every model first
    for it in warmup:  # other articles: lexicon regexes compile lazily, on first use
        analyze(it["text"])

    # Per component, without the profiler's overhead.
    per: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    docs = [Doc.from_raw(t) for t in texts]
    per["normalise (Doc.from_raw)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in docs:
        d.sentences, d.tokens  # noqa: B018
    per["segment"] = time.perf_counter() - t0
    results = [{} for _ in docs]
    for c in COMPONENTS:
        try:
            fn = _component(c)
        except ModuleNotFoundError:
            continue
        t0 = time.perf_counter()
        for d, r in zip(docs, results):
            r[c.name] = fn(d, *[r.get(x) or [] for x in c.needs])
        per[c.name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for it in items:
        analyze(it["text"], **it["meta"])
    whole = time.perf_counter() - t0

    prof = cProfile.Profile()
    prof.enable()
    for it in items:
        analyze(it["text"], **it["meta"])
    prof.disable()
    if args.save:
        prof.dump_stats(str(args.save))

    n = len(items)
    print(f"{n} articles, {kb / n:.1f} KB mean, from {source}")
    print(f"whole pipeline: {whole * 1000 / n:.1f} ms/article ({n / whole:.1f} art/s, {kb / whole:.0f} KB/s) without profiler\n")
    print(f"start-up in this process: {sum(t for _, t in boot) * 1000:.0f} ms")
    for name, secs in boot:
        print(f"  {name:60} {secs * 1000:8.1f} ms")
    print()
    print("per stage (run alone on the same Docs, no profiler):")
    for name, secs in sorted(per.items(), key=lambda x: -x[1]):
        print(f"  {name:28} {secs * 1000 / n:8.2f} ms/article  {100 * secs / whole:5.1f} %")

    st = pstats.Stats(prof)
    own: dict[str, float] = defaultdict(float)
    for (file, _line, _fn), (_cc, _nc, tt, _ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        if "/rawi/" in file:
            key = "rawi/" + file.split("/rawi/", 1)[1]
        elif "site-packages/" in file:
            key = file.split("site-packages/", 1)[1].split("/", 1)[0]
        else:
            key = "builtins / stdlib"
        own[key] += tt
    total = sum(own.values())
    print("\nown time by module (under cProfile):")
    for key, tt in sorted(own.items(), key=lambda x: -x[1])[:20]:
        print(f"  {key:45} {tt * 1000 / n:8.2f} ms/article  {100 * tt / total:5.1f} %")
    print()
    st.sort_stats("tottime").print_stats(args.top)
    st.sort_stats("cumulative").print_stats("/rawi/", args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
