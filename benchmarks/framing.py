#!/usr/bin/env python
"""Hedge, framing and event stages: speed on one core, hazm's tokenisers as the same-process baseline.

    python benchmarks/framing.py                # 200 articles of ~5 KB (benchmarks/run.py set)
    python benchmarks/framing.py --articles 50

Docs are built and attributions found before timing, so the rows time the three stages alone
(each is a pass of compiled lexicon regexes plus clause rules around the hits).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run as bench  # noqa: E402  (benchmarks/run.py: the same article set)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--size-kb", type=float, default=5.0)
    args = ap.parse_args(argv)

    from rawi.annotate.attribution import annotate_attributions
    from rawi.annotate.events import annotate_events
    from rawi.annotate.framing import annotate_framing
    from rawi.annotate.hedges import annotate_hedges
    from rawi.doc import Doc

    items, source = bench.load_articles(args.articles, args.size_kb)
    texts = [it["text"] for it in items]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    docs = [Doc.from_raw(t) for t in texts]
    atts = [annotate_attributions(d) for d in docs]  # upstream stage, outside the timed region
    annotate_hedges(docs[0]), annotate_framing(docs[0]), annotate_events(docs[0])  # compile lexicons

    rows, counts = [], {}
    for name, fn in (("hedges", annotate_hedges), ("framing", annotate_framing), ("events", annotate_events)):
        t0 = time.perf_counter()
        out = [fn(d, a) for d, a in zip(docs, atts)]
        rows.append((name, time.perf_counter() - t0))
        counts[name] = sum(len(o) for o in out)
    rows.append(("hedges+framing+events", sum(s for _, s in rows)))
    base = None
    try:
        from hazm import sent_tokenize, word_tokenize

        b0 = time.perf_counter()
        for t in texts:
            for s in sent_tokenize(t):
                word_tokenize(s)
        base = time.perf_counter() - b0
        rows.append(("baseline: hazm sent+word tokenize", base))
    except ImportError:  # pragma: no cover - hazm is a dev dependency
        pass

    print(f"{len(texts)} articles, {kb:.0f} KB ({source}); " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    print(f"{'stage':36} {'s':>7} {'ms/article':>11} {'KB/s':>8} {'x hazm':>7}")
    for name, sec in rows:
        ratio = f"{sec / base:7.2f}" if base else "      -"
        print(f"{name:36} {sec:7.2f} {1000 * sec / len(texts):11.2f} {kb / sec:8.0f} {ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
