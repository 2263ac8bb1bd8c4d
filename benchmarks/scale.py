#!/usr/bin/env python
"""Does storing an article cost more as the store grows? Ingest cost, query latency and size at 1k and 10k.

    python benchmarks/scale.py                       # checkpoints 1,000, 3,000 and 10,000 articles (~5 min on 2 cores)
    python benchmarks/scale.py --sizes 500,2000 --pool 60   # quicker
    python benchmarks/scale.py --markdown out.md

The articles are **synthetic recombinations of real ones**: a pool of real Fars News articles
(``../shared/data/farsnews-course``, ``--pool`` of them) is analysed once by the full pipeline;
each stored article then takes paragraphs of three pool articles and their attributions, most of
whose contents are recombined (the first third of one content, the middle and last thirds of two
others: a new claim with real wording), some repeated as written (claims relayed across outlets), with one of
40 outlet labels and a date in 2024; one article in twenty is a copy of an earlier one under
another outlet (a story cluster). Only the store is timed (``article_rows`` and ``Store.add_rows``,
what ``rawi ingest`` runs after the analyser, whose cost per article does not depend on the store).
Without the shared data the benchmark says so and exits 0.

Reported: per-article cost (rows, SQL) in the first and last block of each size and the claim
candidates per matched claim (what grew with the store), query latencies for claims, sources,
clusters and a common-word search, DB bytes per article, and an extrapolation to 100k and 1M
articles (cost fitted as a + b·n per article; queries as a power of the store size between the
checkpoints) with the step that limits it. Ratios are the figures to read; the machine is shared.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

BLOCK = 250  # articles per timing block
COMMON_WORD = "ایران"


def pool_analyses(n: int, seed: int, cache: Path | None) -> list[Any]:
    """``n`` real articles through the full analyser (cached as JSONL when ``cache`` is given)."""
    from rawi.schema import Analysis

    if cache and cache.exists():
        out = [Analysis.model_validate_json(x) for x in cache.read_text(encoding="utf-8").splitlines()]
        if len(out) >= n:
            return out[:n]
    import rawi
    from dedup import load

    out = [rawi.analyze("\n".join(d[2:]), title=d[0]) for d in load(n, seed)]
    if cache:
        cache.write_text("\n".join(a.model_dump_json() for a in out) + "\n", encoding="utf-8")
    return out


class Synth:
    """Synthetic articles recombined from the pool (see the module docstring)."""

    def __init__(self, pool: list[Any], seed: int):
        self.pool = [a for a in pool if a.attributions]
        self.rng = random.Random(seed)
        self.contents = [at.content.text for a in self.pool for at in a.attributions]
        self.made: list[Any] = []
        self.outlets = [f"outlet-{i:02d}" for i in range(40)]

    def article(self, i: int) -> Any:
        rng = self.rng
        meta_up = {"url": f"https://synthetic.example/{i}", "outlet": rng.choice(self.outlets),
                   "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}
        if self.made and rng.random() < 0.05:  # a copy under another outlet: a story cluster
            src = rng.choice(self.made)
            return src.model_copy(update={"meta": src.meta.model_copy(update=meta_up)})
        parts = rng.sample(self.pool, 3)
        paras = [p for a in parts for p in a.text.split("\n") if p.strip() and rng.random() < 0.6]
        rng.shuffle(paras)
        text = "\n".join(paras) or parts[0].text
        atts = []
        for a in parts:
            for at in a.attributions:
                if rng.random() < 0.5:
                    continue
                content = at.content.text
                if rng.random() < 0.85:  # a new claim in real words: thirds of three contents
                    w1, w2, w3 = content.split(), rng.choice(self.contents).split(), rng.choice(self.contents).split()
                    content = " ".join(w1[:max(1, len(w1) // 3)] + w2[len(w2) // 3:2 * len(w2) // 3] + w3[2 * len(w3) // 3:])
                atts.append(at.model_copy(update={"id": len(atts), "content": at.content.model_copy(update={"text": content})}))
        base = parts[0]
        out = base.model_copy(update={"text": text, "attributions": atts, "entities": [e for a in parts for e in a.entities],
                                      "places": [p for a in parts for p in a.places], "hedges": [],
                                      "meta": base.meta.model_copy(update={**meta_up, "title": f"{base.meta.title} {i}"})})
        self.made.append(out)
        return out


def timed(fn: Callable[[], Any], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    fn()  # warm the statement cache
    xs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        xs.append((time.perf_counter() - t) * 1000)
    return statistics.median(xs)


def queries(store: Any) -> dict[str, float]:
    def search_nodates():
        try:
            return store.search(COMMON_WORD, limit=20, by_date=False)
        except TypeError:  # a store without the option
            return store.search(COMMON_WORD, limit=20)

    return {"claims": timed(lambda: store.claims(limit=50)),
            "claims --min-outlets 2": timed(lambda: store.claims(limit=50, min_outlets=2)),
            "sources": timed(lambda: store.sources()),
            "clusters": timed(lambda: store.clusters(limit=50)),
            f"search '{COMMON_WORD}' (top 20)": timed(lambda: store.search(COMMON_WORD, limit=20)),
            f"search '{COMMON_WORD}' (top 20, no counts per month)": timed(search_nodates)}


def repeat_recall(store: Any) -> float:
    """Share of verbatim repeats (an attribution whose content and source an earlier one had) put
    in the earlier one's claim: claim tracking's recall as the store grows (full buckets, ranking)."""
    import sqlalchemy as sa

    from rawi.corpus.store import attributions as t

    first: dict[tuple, int] = {}
    hit = total = 0
    with store.engine.connect() as conn:
        for content, src, cid in conn.execute(sa.select(t.c.content, t.c.source_resolved, t.c.claim_id)
                                              .where(t.c.claim_id.is_not(None)).order_by(t.c.id)):
            k = (content, src)
            if k in first:
                total += 1
                hit += first[k] == cid
            else:
                first[k] = cid
    return hit / total if total else float("nan")


def db_bytes(store: Any) -> int:
    store.checkpoint()
    return store.stats().get("size_bytes", 0)


def candidate_bound() -> int | None:
    """Most candidates a claim can have (bands × bucket cap), when the store caps its buckets."""
    try:
        from rawi.corpus.buckets import CAP
    except ImportError:
        return None
    from rawi.corpus import claims as C
    from rawi.corpus.dedup import bands_for

    return bands_for(C.LSH_THRESHOLD, C.NUM_PERM)[0] * CAP["c"]


def _scored_bound() -> int | None:
    """Most candidates a claim has scored, when the store ranks them (rawi.corpus.buckets.TOP)."""
    try:
        from rawi.corpus.buckets import TOP
    except ImportError:
        return None
    return TOP


def run(sizes: list[int], pool_n: int, seed: int, cache: Path | None) -> dict:
    from rawi.corpus.rows import article_rows
    from rawi.corpus.store import Store

    t0 = time.perf_counter()
    pool = pool_analyses(pool_n, seed, cache)
    pool_secs = time.perf_counter() - t0
    synth = Synth(pool, seed)
    cands = {"items": 0, "scored": 0}
    from rawi.corpus import claims as C

    score = C.match_score

    def scoring(a, b):  # candidates fully scored (what costs per candidate)
        cands["scored"] += 1
        return score(a, b)

    C.match_score = scoring
    out: dict = {"pool": len(pool), "pool_secs": round(pool_secs, 1), "blocks": [], "checkpoints": [],
                 "cands_bound": candidate_bound(), "scored_bound": _scored_bound()}
    with tempfile.TemporaryDirectory() as d:
        store = Store(f"sqlite:///{d}/scale.db")
        orig = store._lsh_items

        def counting(conn, kind, keys):
            found = orig(conn, kind, keys)
            if kind == "c":
                cands["items"] += len({i for s in found.values() for i in s})
            return found

        store._lsh_items = counting  # candidates per lookup (one lookup per article's claims)
        n = 0
        for target in sizes:
            while n < target:
                block = min(BLOCK, target - n)
                arts = [synth.article(n + j) for j in range(block)]
                t, c = time.perf_counter(), time.process_time()
                rows = [article_rows(a) for a in arts]
                t_rows, c_rows = time.perf_counter() - t, time.process_time() - c
                cands["items"] = cands["scored"] = 0
                n_claims = sum(1 for r in rows for c in r.claims if c is not None)
                t, c = time.perf_counter(), time.process_time()
                for r in rows:
                    store.add_rows(r)
                t_sql, c_sql = time.perf_counter() - t, time.process_time() - c
                n += block
                out["blocks"].append({"n": n, "rows_ms": 1000 * t_rows / block, "sql_ms": 1000 * t_sql / block,
                                      "rows_cpu_ms": 1000 * c_rows / block, "sql_cpu_ms": 1000 * c_sql / block,
                                      "cands_per_claim": cands["items"] / max(1, n_claims),
                                      "scored_per_claim": cands["scored"] / max(1, n_claims),
                                      "cands_per_article": cands["items"] / block})
                print(f"  {n:>7} articles: rows {1000 * t_rows / block:5.1f} ms, SQL {1000 * t_sql / block:5.1f} ms "
                      f"(CPU {1000 * c_sql / block:5.1f}) per article, {cands['items'] / max(1, n_claims):6.1f} candidates, "
                      f"{cands['scored'] / max(1, n_claims):5.1f} scored per claim", file=sys.stderr, flush=True)
            st = store.stats()
            out["checkpoints"].append({"n": n, "queries": queries(store), "bytes_per_article": db_bytes(store) / n,
                                       "repeat_recall": repeat_recall(store),
                                       "claims": st["claims"], "attributions": st["attributions"],
                                       "clusters": st["story_clusters"]})
        store.close()
    return out


def extrapolate(res: dict) -> list[dict]:
    """Per step: the cost at each checkpoint and at 100k and 1M articles."""
    blocks = res["blocks"]
    cps = res["checkpoints"]
    bound = res.get("cands_bound")
    n0, n1 = cps[0]["n"], cps[-1]["n"]
    rows = []
    # ingest: what grows is the claim candidates (bounded by bands × bucket cap when the store caps
    # them), so SQL per article is fitted as a + b·candidates over all blocks and candidates as
    # c + d·n over the last size's blocks; the rows step does not depend on the store (its mean).
    tail = [b for b in blocks if b["n"] > (cps[-2]["n"] if len(cps) > 1 else 0)] or blocks

    def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        var = sum((x - mx) ** 2 for x in xs)
        slope = max(0.0, sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var) if var else 0.0
        return my - slope * mx, slope

    c0, c1 = fit([b["n"] for b in tail], [b["cands_per_claim"] for b in tail])
    hi = bound if bound else float("inf")
    cands_at = {n: min(hi, c0 + c1 * n) for n in (1e5, 1e6)}
    s0, s1 = fit([b["cands_per_claim"] for b in blocks], [b["sql_ms"] for b in blocks])
    rows_mean = statistics.fmean(b["rows_ms"] for b in blocks)

    # "first": the two blocks ending at the first checkpoint (a store of ~1k articles, not an empty one)
    head = [b for b in blocks if b["n"] <= n0][-2:] or blocks[:2]

    def first_last(key: str) -> tuple[float, float]:
        return statistics.fmean(b[key] for b in head), statistics.fmean(b[key] for b in blocks[-2:])

    has_cpu = all("sql_cpu_ms" in b for b in blocks)
    cpu_fit = fit([b["cands_per_claim"] for b in blocks], [b["sql_cpu_ms"] for b in blocks]) if has_cpu else (0.0, 0.0)
    scored_fit = fit([b["n"] for b in tail], [b.get("scored_per_claim", 0.0) for b in tail])
    steps = [("sql_ms", "ingest SQL per article (ms)", lambda n: s0 + s1 * cands_at[n])]
    if has_cpu:
        steps.append(("sql_cpu_ms", "ingest SQL per article, CPU (ms)", lambda n: cpu_fit[0] + cpu_fit[1] * cands_at[n]))
    steps += [("rows_ms", "ingest rows per article (ms)", lambda n: rows_mean),
              ("cands_per_claim", "claim candidates per claim", lambda n: cands_at[n])]
    if has_cpu:
        # SQL CPU over the rows step's CPU in the same block: the rows step does not depend on the
        # store, so this ratio cancels what other jobs on a shared machine do to both. Fitted as
        # a + b·candidates over the blocks after the first checkpoint, times the rows step's mean.
        for b in blocks:
            b["sql_per_rows"] = b["sql_cpu_ms"] / b["rows_cpu_ms"] if b["rows_cpu_ms"] else float("nan")
        after = [b for b in blocks if b["n"] > n0] or blocks
        nf = fit([b["cands_per_claim"] for b in after], [b["sql_per_rows"] for b in after])
        rows_cpu = statistics.fmean(b["rows_cpu_ms"] for b in blocks)
        steps.append(("sql_per_rows", "ingest SQL CPU ÷ rows CPU (same block)", lambda n: nf[0] + nf[1] * cands_at[n]))
        steps.append(("rows_cpu_ms", "ingest rows per article, CPU (ms)", lambda n: rows_cpu))
    if all("scored_per_claim" in b for b in blocks):
        top = res.get("scored_bound")
        steps.append(("scored_per_claim", "candidates scored per claim",
                      lambda n: min(top or float("inf"), scored_fit[0] + scored_fit[1] * n)))
    for key, label, at in steps:
        first, last = first_last(key)
        rows.append({"step": label, "at_first": first, "at_last": last, "ratio": last / first if first else float("nan"),
                     "at_100k": at(1e5), "at_1m": at(1e6)})
    m = cps[-2]["n"] if len(cps) > 1 else n0  # queries: the power of n between the last two checkpoints
    for q in cps[0]["queries"]:
        t0, tm, t1 = cps[0]["queries"][q], cps[-2 if len(cps) > 1 else 0]["queries"][q], cps[-1]["queries"][q]
        k = math.log(t1 / tm) / math.log(n1 / m) if tm > 0 and t1 > 0 and n1 > m else 0.0
        k = max(0.0, k)
        rows.append({"step": f"{q} (ms)", "at_first": t0, "at_last": t1, "ratio": t1 / t0 if t0 else float("nan"),
                     "at_100k": t1 * (1e5 / n1) ** k, "at_1m": t1 * (1e6 / n1) ** k})
    if all("repeat_recall" in c for c in cps):
        r0, r1 = cps[0]["repeat_recall"], cps[-1]["repeat_recall"]
        rows.append({"step": "verbatim repeats in the earlier claim (recall)", "at_first": r0, "at_last": r1,
                     "ratio": r1 / r0 if r0 else float("nan"), "at_100k": float("nan"), "at_1m": float("nan")})
    b0, b1 = cps[0]["bytes_per_article"], cps[-1]["bytes_per_article"]
    rows.append({"step": "DB KiB per article", "at_first": b0 / 1024, "at_last": b1 / 1024, "ratio": b1 / b0 if b0 else float("nan"),
                 "at_100k": b1 / 1024, "at_1m": b1 / 1024})
    return rows


def markdown(res: dict, table: list[dict]) -> str:
    cps = res["checkpoints"]
    n0, n1 = cps[0]["n"], cps[-1]["n"]
    lines = [f"Store of synthetic recombinations of {res['pool']} real Fars articles (pool analysed in {res['pool_secs']} s), "
             f"SQLite; checkpoints {n0:,} and {n1:,} articles "
             f"({cps[-1]['claims']:,} claims, {cps[-1]['attributions']:,} attributions, {cps[-1]['clusters']:,} story clusters).", "",
             "Ingest rows: the two blocks of 250 articles ending at the first checkpoint and the last two blocks "
             "(CPU: this process's CPU time, steadier than wall clock on a shared machine); queries and size: at the first and the last checkpoint. Extrapolation: candidates per claim "
             "as c + d·n over the last size's blocks"
             + (f", at most {res['cands_bound']} (bands × bucket cap)" if res.get("cands_bound") else "")
             + "; SQL per article as a + b·candidates over all blocks; rows per article their mean; "
             "queries as a power of n between the last two checkpoints.", "",
             f"| step | first (ingest) / {n0:,} | last (ingest) / {n1:,} | ratio | extrapolated 100k | extrapolated 1M |",
             "|---|---|---|---|---|---|"]
    for r in table:
        lines.append(f"| {r['step']} | {r['at_first']:.2f} | {r['at_last']:.2f} | {r['ratio']:.2f} | {r['at_100k']:.2f} | {r['at_1m']:.2f} |")
    sql = next(r for r in table if r["step"].startswith("ingest SQL"))
    rows = next(r for r in table if r["step"].startswith("ingest rows"))
    qs = [r for r in table if r["step"].endswith("(ms)") and not r["step"].startswith("ingest")]
    worst = max(qs, key=lambda r: r["at_1m"])
    per_article_1m = sql["at_1m"] + rows["at_1m"]
    store_step = "ingest SQL" if sql["at_1m"] >= rows["at_1m"] else "ingest rows"
    lines += ["", f"Ingest (store only) at 1M: {per_article_1m:.1f} ms per article "
              f"(SQL {sql['at_1m']:.1f} + rows {rows['at_1m']:.1f}); SQL per article last/first blocks {sql['ratio']:.2f}. "
              f"Slowest query extrapolated to 1M: {worst['step']} at {worst['at_1m']:.0f} ms.",
              f"Limiting step at 1M: {store_step} for ingest"
              + (" (bounded: candidates at the bucket cap)" if res.get("cands_bound") and store_step == "ingest SQL" else "")
              + f"; {worst['step']} for reads."]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,3000,10000", help="checkpoints, comma-separated (default 1000,3000,10000)")
    ap.add_argument("--pool", type=int, default=120, help="real articles analysed for the recombinations")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pool-cache", type=Path, help="JSONL of the pool's analyses: read when present, else written")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    from dedup import SHARED

    if not (SHARED / "farsnews-course").exists():
        print(f"scale benchmark skipped: needs {SHARED / 'farsnews-course'}")
        return
    sizes = sorted(int(x) for x in args.sizes.split(","))
    res = run(sizes, args.pool, args.seed, args.pool_cache)
    table = extrapolate(res)
    md = markdown(res, table)
    print(md)
    if args.json:
        args.json.write_text(json.dumps({"result": res, "table": table}, indent=1), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(md + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
