"""Near-duplicate detection measured on edited real articles (Fars News, ../shared/data/farsnews-course).

The set: N originals (sampled with a fixed seed, pairwise distinct: exact shingle Jaccard < 0.3)
and, for each, 1-3 copies edited the way outlets and scrapers change wire copy: paragraphs
shuffled, a byline/credit added, a paragraph dropped, ZWNJ stripped, ZWNJ turned into spaces,
Arabic letter variants (ي ك). Truth: a copy and its original (and two copies of one original)
are duplicates; nothing else is.

Systems, each scored by pair precision/recall/F1 over all pairs of the set:
- rawi: the corpus store itself (MinHash-LSH over folded, affix-glued word 3-grams; clusters);
- raw-tokens: the same MinHash-LSH on whitespace tokens without folding (what folding buys);
- exact: identical folded text (what a content hash alone finds).

Usage: python eval/dedup.py [--n 300] [--seed 7]
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("RAWI_SHARED_DATA", ROOT.parent / "shared" / "data"))

ZWNJ = "\u200c"
BYLINES = ["به گزارش خبرگزاری {o}، ", "به نقل از {o}، "]
CREDITS = ["\nانتهای پیام/", "\nخبرنگار: {o}", "\nکد خبر: {n}", "\nمنبع: {o}"]
OUTLETS = ["ایسنا", "ایرنا", "مهر", "تسنیم", "دفاع‌پرس", "باشگاه خبرنگاران جوان"]


def load(n: int, seed: int) -> list[list[str]]:
    """``n`` articles as [title, abstract, *paragraphs], pairwise distinct."""
    from rawi.corpus.dedup import shingles

    rows = []
    for f in sorted((SHARED / "farsnews-course").glob("fars-news-*.json")):
        rows += json.loads(f.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    rng.shuffle(rows)
    chosen, sets = [], []
    for r in rows:
        paras = [p.strip() for p in r["paragraphs"] if p.strip()]
        if len(paras) < 3:
            continue
        doc = [r["title"].strip(), (r.get("abstract") or "").strip(), *paras]
        sh = shingles("\n".join(doc))
        if any(len(sh & s) / max(1, len(sh | s)) >= 0.3 for s in sets):
            continue
        chosen.append(doc)
        sets.append(sh)
        if len(chosen) == n:
            break
    return chosen


def edit(doc: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    title, abstract, *paras = doc
    ops = rng.sample(["shuffle", "byline", "drop", "zwnj-strip", "zwnj-space", "arabic-letters"], rng.randint(2, 4))
    if "zwnj-strip" in ops and "zwnj-space" in ops:
        ops.remove("zwnj-space")
    paras = list(paras)
    o = rng.choice(OUTLETS)
    if "shuffle" in ops:
        rng.shuffle(paras)
    if "drop" in ops and len(paras) > 3:
        paras.pop(rng.randrange(len(paras)))
    if "byline" in ops:
        paras[0] = rng.choice(BYLINES).format(o=o) + paras[0]
        paras.append(rng.choice(CREDITS).format(o=o, n=rng.randint(100000, 999999)).strip())
    out = [title, abstract, *paras]
    if "zwnj-strip" in ops:
        out = [s.replace(ZWNJ, "") for s in out]
    if "zwnj-space" in ops:
        out = [s.replace(ZWNJ, " ") for s in out]
    if "arabic-letters" in ops:
        out = [s.replace("ی", "ي").replace("ک", "ك") for s in out]
    return out, ops


def build(n: int, seed: int):
    rng = random.Random(seed + 1)
    docs, group, ops_of = [], [], []
    for g, d in enumerate(load(n, seed)):
        docs.append(d), group.append(g), ops_of.append([])
        for _ in range(rng.randint(1, 3)):
            e, ops = edit(d, rng)
            docs.append(e), group.append(g), ops_of.append(ops)
    order = list(range(len(docs)))
    rng.shuffle(order)  # copies may arrive before their original
    return [docs[i] for i in order], [group[i] for i in order], [ops_of[i] for i in order]


def pairs_from_clusters(labels: list[int]) -> set[tuple[int, int]]:
    by: dict[int, list[int]] = {}
    for i, c in enumerate(labels):
        by.setdefault(c, []).append(i)
    return {p for m in by.values() for p in itertools.combinations(sorted(m), 2)}


def score(pred: set, truth: set) -> tuple[float, float, float]:
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_rawi(texts: list[str]) -> tuple[list[int], float]:
    from rawi.corpus.store import Store
    from rawi.pipeline import COMPONENTS, analyze

    off = [c.name for c in COMPONENTS]
    with tempfile.TemporaryDirectory() as d:
        store = Store(f"sqlite:///{d}/eval.db")
        ids = []
        t0 = time.perf_counter()
        for i, t in enumerate(texts):
            a = analyze(t, disable=off, outlet=f"o{i}", url=f"u{i}")
            ids.append(store.add_analysis(a))
        secs = time.perf_counter() - t0
        labels = [store.get_article(i)["cluster_id"] for i in ids]
        store.close()
    return labels, secs


def run_minhash(texts: list[str], tokenise) -> list[int]:
    """Same MinHash-LSH and threshold, in memory, with another tokenisation."""
    from datasketch import MinHash, MinHashLSH

    from rawi.corpus.dedup import NUM_PERM, SHINGLE, THRESHOLD

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    labels, sigs = [], []
    for i, t in enumerate(texts):
        toks = tokenise(t)
        sh = {" ".join(toks[j:j + SHINGLE]) for j in range(max(1, len(toks) - SHINGLE + 1))}
        m = MinHash(num_perm=NUM_PERM, seed=1)
        m.update_batch([s.encode() for s in sh])
        best = None
        for c in lsh.query(m):
            s = m.jaccard(sigs[c])
            if s >= THRESHOLD and (best is None or s > best[1]):
                best = (c, s)
        labels.append(labels[best[0]] if best else i)
        lsh.insert(i, m)
        sigs.append(m)
    return labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="originals")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not (SHARED / "farsnews-course").exists():
        sys.exit(f"needs {SHARED / 'farsnews-course'}")
    from rawi.corpus.fold import fold

    docs, group, ops = build(args.n, args.seed)
    texts = ["\n".join(d) for d in docs]
    truth = pairs_from_clusters(group)
    print(f"set: {args.n} originals, {len(docs) - args.n} edited copies, {len(docs)} articles, {len(truth)} duplicate pairs "
          f"(seed {args.seed})\n")
    labels, secs = run_rawi(texts)
    rows = [("rawi (store: folded, glued 3-gram MinHash-LSH)", labels),
            ("raw-tokens MinHash-LSH (no folding)", run_minhash(texts, str.split)),
            ("exact folded text", [hash(fold(t)) for t in texts])]
    print(f"{'system':50} {'precision':>9} {'recall':>7} {'F1':>6}")
    for name, lab in rows:
        p, r, f = score(pairs_from_clusters(lab), truth)
        print(f"{name:50} {p:9.3f} {r:7.3f} {f:6.3f}")
    print(f"\nrawi store: {len(texts) / secs:.0f} articles/s (text-only analysis + store + LSH)")
    # recall per edit, for copies: found in the same cluster as their original?
    orig = {g: i for i, (g, o) in enumerate(zip(group, ops)) if not o}
    per: dict[str, list[int]] = {}
    for i, (g, o) in enumerate(zip(group, ops)):
        for op in o:
            per.setdefault(op, []).append(int(labels[i] == labels[orig[g]]))
    print("\ncopy found with its original, by edit (rawi):")
    for op in sorted(per):
        print(f"  {op:16} {sum(per[op]) / len(per[op]):.3f}  (n={len(per[op])})")


if __name__ == "__main__":
    main()
