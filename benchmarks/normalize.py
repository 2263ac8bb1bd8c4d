"""Throughput of rawi's whole normaliser next to hazm's Normalizer, same text, same run.

Why: the normaliser runs on every article before anything else, so it has to keep up
with a corpus (target: >= 1 MB/s on one core). The text is Fars News and Varzesh3 articles
from ../shared/data with their ZWNJs stripped (the scraper case: restoration has the most
work to do), or the example article repeated when the shared data is absent. The ZWNJ
word cache is cleared before every run, so the figures include cache misses.

Usage: python benchmarks/normalize.py [--mb 2] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rawi.normalize import normalize, normalize_text  # noqa: E402
from rawi.normalize import zwnj as Z  # noqa: E402


def corpus_text(mb: float) -> tuple[str, str]:
    env = os.environ.get("RAWI_SHARED_DATA")
    shared = Path(env) if env else (REPO / ".." / "shared" / "data").resolve()
    parts: list[str] = []
    files = sorted((shared / "farsnews-course").glob("fars-news-*.json")) + sorted((shared / "varzesh3-course").glob("*.json"))
    for f in files:
        for art in json.loads(f.read_text(encoding="utf-8")):
            parts.append("\n".join([art.get("title") or "", art.get("abstract") or ""] + list(art.get("paragraphs") or [])))
    if parts:
        src = "Fars News + Varzesh3 articles (../shared/data), ZWNJ stripped"
    else:
        parts = [(REPO / "tests" / "fixtures" / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8")]
        src = "example article repeated (shared data absent)"
    text = "\n".join(parts).replace("\u200c", "")
    limit = int(mb * 1_000_000)
    while len(text.encode("utf-8")) < limit:
        text += "\n" + text
    enc = text.encode("utf-8")[:limit]
    return enc.decode("utf-8", errors="ignore"), src


def timeit(fn: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        Z.restore_word.cache_clear()
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description="normaliser throughput, rawi vs hazm")
    ap.add_argument("--mb", type=float, default=2.0, help="megabytes of text")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = ap.parse_args()
    text, src = corpus_text(args.mb)
    size_kb = len(text.encode("utf-8")) / 1000
    t0 = time.perf_counter()
    Z.model()
    load = time.perf_counter() - t0
    systems: list[tuple[str, Callable[[str], object]]] = [
        ("rawi normalize (letters, digits, spacing, ZWNJ)", lambda s: normalize_text(s)),
        ("rawi normalize + offset map", lambda s: normalize(s, with_map=True)),
        ("rawi normalize, no ZWNJ restoration", lambda s: normalize_text(s, zwnj=False)),
        ("rawi ZWNJ restore() alone", Z.restore),
    ]
    try:
        from hazm import Normalizer

        hz = Normalizer()
        systems.append(("hazm 0.10 Normalizer() defaults", hz.normalize))
    except ImportError:
        print("hazm not installed: no baseline", file=sys.stderr)
    rows = [(name, size_kb / timeit(fn, text, args.repeat)) for name, fn in systems]
    base = rows[-1][1] if rows[-1][0].startswith("hazm") else None
    print(f"text: {src}; {size_kb:,.0f} KB; best of {args.repeat}; one core; ZWNJ model load {load:.2f} s (once per process)\n")
    print("| system | KB/s | ratio to hazm |")
    print("|---|---|---|")
    for name, kbs in rows:
        ratio = f"{kbs / base:.2f}x" if base else "-"
        print(f"| {name} | {kbs:,.0f} | {ratio} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
