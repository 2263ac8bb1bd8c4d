#!/usr/bin/env python
"""Attribution + provenance speed on one core, with hazm's tokenisers as the same-process baseline.

    python benchmarks/attribution.py                # 200 articles of ~5 KB (benchmarks/run.py set)
    python benchmarks/attribution.py --articles 50

Docs are built (normalised, segmented) before timing, so the rows time the two stages alone.
The baseline row runs hazm's sent_tokenize + word_tokenize over the same texts: a cheap pass
over the text that any Persian pipeline pays, to give the ratio a fixed yardstick.
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
    from rawi.annotate.provenance import annotate_provenance
    from rawi.doc import Doc

    items, source = bench.load_articles(args.articles, args.size_kb)
    texts = [it["text"] for it in items]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    docs = [Doc.from_raw(t) for t in texts]
    for d in docs:
        d.sentences, d.tokens  # segment outside the timed region
    annotate_attributions(docs[0])  # compile lexicons outside the timed region

    t0 = time.perf_counter()
    atts = [annotate_attributions(d) for d in docs]
    t1 = time.perf_counter()
    for d, a in zip(docs, atts):
        annotate_provenance(d, a)
    t2 = time.perf_counter()

    rows = [("attributions", t1 - t0), ("provenance", t2 - t1), ("attributions+provenance", t2 - t0)]
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

    n_att = sum(len(a) for a in atts)
    print(f"{len(texts)} articles, {kb:.0f} KB ({source}); {n_att} attributions")
    print(f"{'stage':36} {'s':>7} {'ms/article':>11} {'KB/s':>8} {'x hazm':>7}")
    for name, sec in rows:
        ratio = f"{sec / base:7.2f}" if base else "      -"
        print(f"{name:36} {sec:7.2f} {1000 * sec / len(texts):11.2f} {kb / sec:8.0f} {ratio}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
