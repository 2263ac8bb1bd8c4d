#!/usr/bin/env python
"""One article at a time (rawi.analyze) vs stage by stage over batches (rawi.pipeline.analyze_docs).

    python benchmarks/experiments/stage_order.py                      # 500 fresh articles, batches of 25 and 500
    python benchmarks/experiments/stage_order.py --batch 25 --repeats 3 --warm-pass

Each run is a fresh process (models loaded and 50 other articles analysed first, untimed);
the runs alternate, CPU seconds of the process are timed (the machine is shared), and every run
hashes its JSON output: the hashes must agree (the order of work never changes a result).
``--warm-pass`` analyses the timed articles once before timing them (the NER's word cache and the
ZWNJ cache then hold every word: the difference to a fresh run is the cost of new words).
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]  # benchmarks/: run.py and golden.py
ROOT = HERE.parent


def worker(n: int, batch: int, warm_pass: bool) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(1, str(HERE))
    import run as bench

    from rawi.pipeline import analyze, analyze_docs, make_doc

    items = bench.load_articles(n + 50, 5.0)[0]
    other, items = items[n:], items[:n]
    for it in other:
        analyze(it["text"], **it["meta"]).model_dump_json()
    if warm_pass:
        for it in items:
            analyze(it["text"], **it["meta"]).model_dump_json()
    h = hashlib.sha256()
    gc.collect()
    t0 = time.process_time()
    if batch <= 1:
        for it in items:
            h.update(analyze(it["text"], **it["meta"]).model_dump_json().encode())
    else:
        for i in range(0, n, batch):
            docs = [make_doc(it["text"], **it["meta"]) for it in items[i:i + batch]]
            for a in analyze_docs(docs):
                h.update(a.model_dump_json().encode())
    secs = time.process_time() - t0
    print(json.dumps({"ms": secs / n * 1000, "sha256": h.hexdigest()[:16]}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--batch", type=int, action="append", help="batch sizes to compare with 1 (default 25 and 500)")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--warm-pass", action="store_true")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker is not None:
        worker(args.articles, args.worker, args.warm_pass)
        return 0
    sizes = [1] + (args.batch or [25, 500])
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    res: dict[int, list[float]] = {b: [] for b in sizes}
    hashes = set()
    for _ in range(args.repeats):
        for b in sizes:
            cmd = [sys.executable, __file__, "--worker", str(b), "--articles", str(args.articles)]
            out = subprocess.run(cmd + (["--warm-pass"] if args.warm_pass else []), capture_output=True, text=True, env=env)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            d = json.loads(out.stdout.strip().splitlines()[-1])
            res[b].append(d["ms"])
            hashes.add(d["sha256"])
            print(f"{'one article at a time' if b == 1 else f'stage by stage, batches of {b}':36} {d['ms']:6.2f} ms/article CPU  "
                  f"output {d['sha256']}", flush=True)
    print()
    base = statistics.median(res[1])
    for b, ms in res.items():
        m = statistics.median(ms)
        print(f"batch {b:4}: median {m:.2f} ms/article ({m / base:.2f}x one at a time)")
    print("outputs identical" if len(hashes) == 1 else f"OUTPUTS DIFFER: {sorted(hashes)}")
    return 0 if len(hashes) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
