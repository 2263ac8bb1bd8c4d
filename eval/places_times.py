#!/usr/bin/env python3
"""Silver evaluation of places, times and quantities against PEYMA's entity tags.

PEYMA (news, research use) tags LOC, DAT (dates), MON (money) and PCT (percent). They are
not our task exactly, so the numbers are *silver*:
- places vs LOC: PEYMA's LOC also covers streets, squares and landmarks that no gazetteer
  has (recall ceiling), while our places include regions and seas PEYMA may tag ORG or not at all;
- times vs DAT: dates like "امروز" or "سه‌شنبه" are only reported by rawi with a
  publication date, which PEYMA sentences lack, so relative dates count as misses;
- quantities vs MON+PCT: we also report counts (۷۵۰ تروریست) which PEYMA leaves untagged,
  so only recall is meaningful there.
A prediction matches a gold span when they overlap. Also prints throughput.

Usage: python eval/places_times.py [--split test] [--limit N] [--published 2015-06-01]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.annotate.places import annotate_places  # noqa: E402
from rawi.annotate.quantities import annotate_quantities  # noqa: E402
from rawi.annotate.times import annotate_times  # noqa: E402
from rawi.doc import Doc  # noqa: E402
from rawi.ner.corpora import shared_data  # noqa: E402


def read_peyma(path: Path) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    """Sentences as (text, {type: [(start, end)]}) with tokens joined by single spaces."""
    out, toks = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if toks:
                text, spans, pos, cur = "", {}, 0, None
                for w, tag in toks:
                    s = len(text) + (1 if text else 0)
                    text = (text + " " + w) if text else w
                    tag = tag.replace("_", "-")
                    if tag.startswith("B-") or (tag.startswith("I-") and (cur is None or cur[0] != tag[2:])):
                        cur = [tag[2:], s, len(text)]
                        spans.setdefault(cur[0], []).append(cur)
                    elif tag.startswith("I-") and cur:
                        cur[2] = len(text)
                    else:
                        cur = None
                out.append((text, {k: [(a, b) for _, a, b in v] for k, v in spans.items()}))
                toks = []
            continue
        w, _, tag = line.rpartition("|")
        toks.append((w, tag))
    return out


def prf(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    tp_p = sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
    tp_g = sum(any(s < ge and gs < e for s, e in pred) for gs, ge in gold)
    return tp_p, len(pred), tp_g, len(gold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--published", default=None,
                    help="pretend every sentence was published on this ISO date, to measure how many "
                         "relative dates are *found* (their values cannot be checked)")
    args = ap.parse_args()
    data = shared_data()
    if data is None or not (data / "peyma" / f"{args.split}.txt").exists():
        print("../shared/data/peyma not found (set RAWI_SHARED_DATA); nothing to evaluate")
        return
    sents = read_peyma(data / "peyma" / f"{args.split}.txt")
    if args.limit:
        sents = sents[: args.limit]
    tallies = {k: [0, 0, 0, 0] for k in ("places/LOC", "times/DAT", "quantities/MON+PCT")}
    t_ann = 0.0
    chars = 0
    for text, gold in sents:
        doc = Doc.from_raw(text, published=args.published)
        chars += len(text)
        t0 = time.perf_counter()
        pl = annotate_places(doc)
        tm = annotate_times(doc)
        qu = annotate_quantities(doc, tm)
        t_ann += time.perf_counter() - t0
        raw = lambda xs: [doc.raw_span(x.start, x.end) for x in xs]  # noqa: E731
        for name, pred, g in (
            ("places/LOC", raw([p for p in pl if p.feature != "metonym"]), gold.get("LOC", [])),
            ("times/DAT", raw(tm), gold.get("DAT", [])),
            ("quantities/MON+PCT", raw([q for q in qu if q.unit_en in ("percent",) or _money(q.unit_en)]),
             gold.get("MON", []) + gold.get("PCT", [])),
        ):
            for i, v in enumerate(prf(pred, g)):
                tallies[name][i] += v
    print(f"PEYMA {args.split}: {len(sents)} sentences, {chars} characters"
          + (f", published={args.published}" if args.published else ", no publication date"))
    print(f"{'stage/gold':22} {'precision':>9} {'recall':>7} {'pred':>6} {'gold':>6}")
    for name, (tp_p, n_p, tp_g, n_g) in tallies.items():
        p = tp_p / n_p if n_p else 0.0
        r = tp_g / n_g if n_g else 0.0
        print(f"{name:22} {p:9.3f} {r:7.3f} {n_p:6d} {n_g:6d}")
    print(f"annotators: {t_ann:.2f} s, {chars / max(t_ann, 1e-9) / 1000:.0f} k chars/s (places+times+quantities)")


def _money(unit_en: str | None) -> bool:
    return unit_en in {"dollar", "euro", "pound", "toman", "rial", "dirham", "dinar", "rouble", "yuan", "yen",
                       "lira", "rupee", "afghani"}


if __name__ == "__main__":
    main()
