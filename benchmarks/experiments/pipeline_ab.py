#!/usr/bin/env python
"""Full analysis (NER included) of two checkouts against hazm, alternating, in one command.

    mkdir /tmp/base && git archive <commit> rawi | tar -x -C /tmp/base
    python benchmarks/experiments/pipeline_ab.py /tmp/base .                 # wall clock, as run.py
    python benchmarks/experiments/pipeline_ab.py /tmp/base . --cpu --repeats 4

Each checkout runs in its own fresh process (so the NER's word cache and the ZWNJ cache start
cold, as in `rawi analyze`), checkouts alternate ``--repeats`` times, and inside each process
hazm and rawi alternate slice by slice on the same articles (as run.py's row "rawi.analyze +
JSON output", one call per article; the loop is written out here so old checkouts run it too). The figure to quote is the ratio to hazm, per run and its
median: the machine is shared, so absolute times move with its load. ``--cpu`` times process
CPU seconds instead of the wall clock (less noise from waiting for a core; still not immune to
a neighbour sharing caches and execution units). ``--skip N`` starts N articles into the set.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]  # benchmarks/: run.py and golden.py


def worker(root: str, n: int, skip: int, cpu: bool) -> None:
    sys.path.insert(0, str(Path(root).resolve()))
    sys.path.insert(1, str(HERE))
    import run as bench  # the benchmark's article set, hazm runner and interleaving

    import rawi
    from rawi.pipeline import analyze

    assert Path(rawi.__file__).resolve().is_relative_to(Path(root).resolve()), rawi.__file__
    items = bench.load_articles(n + skip, 5.0)[0][skip:]
    analyze(items[0]["text"])  # models load here, as in run.py
    hazm, secs = interleaved(items, bench.hazm_runner(), analyze, time.process_time if cpu else time.perf_counter)
    print(json.dumps({"hazm": hazm / n * 1000, "rawi": secs / n * 1000}))


def interleaved(items: list[dict], hz: Any, analyze: Any, clock: Any, rounds: int = 10) -> tuple[float, float]:
    """run.py's row "rawi.analyze + JSON output" (one call per article), hazm alternating slice
    by slice; written out here so that older checkouts are timed with the same loop."""
    texts = [it["text"] for it in items]
    hz(texts[: max(1, len(texts) // 20)])  # warm up (lazy regex compilation inside hazm)
    step = max(1, -(-len(items) // rounds))
    base = secs = 0.0
    kept: list[str] = []
    gc.collect()
    for i in range(0, len(items), step):
        t0 = clock()
        hz(texts[i:i + step])
        base += clock() - t0
        t0 = clock()
        kept.extend(analyze(it["text"], **it["meta"]).model_dump_json() for it in items[i:i + step])
        secs += clock() - t0
    return base, secs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="*", help="checkout roots (directories holding rawi/)")
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--skip", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cpu", action="store_true", help="process CPU time instead of wall clock")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker, args.articles, args.skip, args.cpu)
        return 0
    if not args.roots:
        ap.error("give one or more checkout roots")
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    res: dict[str, list[dict]] = {r: [] for r in args.roots}
    for _ in range(args.repeats):
        for r in args.roots:
            cmd = [sys.executable, __file__, "--worker", r, "--articles", str(args.articles), "--skip", str(args.skip)]
            out = subprocess.run(cmd + (["--cpu"] if args.cpu else []), capture_output=True, text=True, env=env)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            d = json.loads(out.stdout.strip().splitlines()[-1])
            res[r].append(d)
            print(f"{r:30} hazm {d['hazm']:.2f}  rawi {d['rawi']:.2f} ms/article  ratio {d['rawi'] / d['hazm']:.2f}  "
                  f"(load {os.getloadavg()[0]:.2f})", flush=True)
    print()
    for r, ds in res.items():
        ratios = [d["rawi"] / d["hazm"] for d in ds]
        print(f"{r:30} ratio median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f}); "
              f"rawi median {statistics.median(d['rawi'] for d in ds):.2f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
