#!/usr/bin/env python
"""Golden outputs for speed work: the full pipeline's JSON on many Fars articles.

    python benchmarks/experiments/golden.py --write /tmp/golden.jsonl      # baseline (before a change)
    python benchmarks/experiments/golden.py --check /tmp/golden.jsonl      # after: byte-identical or the diffs

Optimisations must not change any output. The articles are every unique Fars News article
as published (--natural, default 1491) plus the benchmark's ~5 KB shaped set (--shaped, default
300). The NER model belongs to another engineer and may change under us, so its output is
held fixed: the first --write tags every article with rawi.ner and caches the entities
(--ner-cache); later runs replay that cache instead of running the model. Everything else
(normalise, segment, every other stage, the pydantic models, the JSON) runs for real.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/: run.py

import run as bench  # noqa: E402  (the benchmark's article set)


def _articles(natural: int, shaped: int) -> list[dict]:
    items = bench.load_articles(natural, 0)[0] if natural else []
    items += bench.load_articles(shaped, 5.0)[0] if shaped else []
    return items


def _hold_ner(cache_path: Path, texts_needed: int) -> dict:
    """Replace rawi.ner.annotate_entities by a replay of cached entities (keyed by text)."""
    import rawi.ner as ner
    from rawi.schema import Entity

    cache: dict[str, list[dict]] = {}
    if cache_path.exists():
        cache = pickle.loads(cache_path.read_bytes())
    real = ner.annotate_entities
    state = {"new": 0}

    def replay(doc):
        k = hashlib.sha1(doc.text.encode("utf-8")).hexdigest()
        hit = cache.get(k)
        if hit is None:
            ents = real(doc)
            cache[k] = hit = [e.model_dump() for e in ents]
            state["new"] += 1
        return [Entity(**d) for d in hit]

    ner.annotate_entities = replay
    state["save"] = lambda: cache_path.write_bytes(pickle.dumps(cache)) if state["new"] else None
    return state


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path)
    g.add_argument("--check", type=Path)
    ap.add_argument("--natural", type=int, default=1491)
    ap.add_argument("--shaped", type=int, default=300)
    ap.add_argument("--ner-cache", type=Path, default=Path("/tmp/rawi_golden_ner.pkl"))
    args = ap.parse_args(argv)

    from rawi.pipeline import analyze

    items = _articles(args.natural, args.shaped)
    state = _hold_ner(args.ner_cache, len(items))
    t0 = time.perf_counter()
    lines = [analyze(it["text"], **it["meta"]).model_dump_json() for it in items]
    secs = time.perf_counter() - t0
    state["save"]()
    print(f"{len(lines)} articles analysed in {secs:.1f} s ({state['new']} newly NER-tagged)")
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {args.write}")
        return 0
    old = args.check.read_text(encoding="utf-8").rstrip("\n").split("\n")
    if len(old) != len(lines):
        print(f"DIFFERENT: {len(old)} golden lines, {len(lines)} now")
        return 1
    bad = [i for i, (a, b) in enumerate(zip(old, lines)) if a != b]
    if not bad:
        print(f"IDENTICAL: {len(lines)}/{len(lines)}")
        return 0
    print(f"DIFFERENT: {len(bad)} of {len(lines)} articles")
    for i in bad[:5]:
        a, b = json.loads(old[i]), json.loads(lines[i])
        for key in a:
            if a[key] != b.get(key):
                print(f"  article {i} field {key}:")
                print(f"    golden: {json.dumps(a[key], ensure_ascii=False)[:600]}")
                print(f"    now:    {json.dumps(b.get(key), ensure_ascii=False)[:600]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
