#!/usr/bin/env python
"""Does the cost of one article grow with its length? ms per KB and peak RSS by input size.

    python benchmarks/scaling.py                   # 1 KB, 50 KB, 1 MB
    python benchmarks/scaling.py --sizes 1k,50k,1m,5m --stages

Times are CPU seconds of the analysing process (the machine is shared: wall time is shown
too). Each size runs in a fresh process (so peak RSS is that size's own); the text is the
repository's example article (tests/fixtures) repeated to the size, its paragraphs in a
rotating order so that no stage can profit from a period. ``--stages`` adds the seconds of
each pipeline component (rawi/pipeline.py) at each size: the place to look when ms/KB is
not flat.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "defapress-alsinaa-prison.txt"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def make_text(n_bytes: int) -> str:
    """About ``n_bytes`` of UTF-8 made of the example article's paragraphs."""
    paras = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    out: list[str] = []
    size, i = 0, 0
    while size < n_bytes:
        p = paras[(i + i // len(paras)) % len(paras)]
        out.append(p)
        size += len(p.encode("utf-8")) + 1
        i += 1
    text = "\n".join(out)
    b = text.encode("utf-8")[:n_bytes]
    return b.decode("utf-8", "ignore")


def _child(n_bytes: int, stages: bool) -> None:
    sys.path.insert(0, str(ROOT))
    import rawi
    from rawi import pipeline

    rawi.analyze(make_text(4096))  # load every lexicon and model first
    text = make_text(n_bytes)
    times: dict[str, float] = {}
    if stages:
        for c in pipeline.COMPONENTS:
            fn = pipeline._component(c)

            def timed(*a, _fn=fn, _n=c.name, **k):
                t = time.process_time()
                try:
                    return _fn(*a, **k)
                finally:
                    times[_n] = times.get(_n, 0.0) + time.process_time() - t

            pipeline._LOADED[c.name] = timed
    reps, dt, t_doc, wall = 0, 0.0, 0.0, 0.0
    while dt < 1.0 or reps < 1:  # small texts: repeat for a stable figure (the mean is reported)
        t0, w0 = time.process_time(), time.perf_counter()
        doc = pipeline.make_doc(text)
        t_doc += time.process_time() - t0
        a = pipeline.analyze_doc(doc)
        dt += time.process_time() - t0
        wall += time.perf_counter() - w0
        reps += 1
    dt, t_doc, wall = dt / reps, t_doc / reps, wall / reps
    times = {k: v / reps for k, v in times.items()}
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"bytes": len(text.encode("utf-8")), "seconds": dt, "wall": wall, "rss_mb": rss, "normalise": t_doc,
                      "stages": times, "attributions": len(a.attributions), "windows": sum("window" in w for w in a.warnings)}))


def _size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1024, "m": 1024 * 1024}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "km" else s) * mult)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1k,50k,1m", help="comma-separated sizes (1k, 50k, 1m, 5m)")
    ap.add_argument("--stages", action="store_true", help="seconds per pipeline component")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        _child(args.child, args.stages)
        return 0
    rows = []
    for s in args.sizes.split(","):
        n = _size(s)
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--stages"] if args.stages else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        r = json.loads(out)
        r["label"] = s
        rows.append(r)
        kb = r["bytes"] / 1024
        print(f"{s:>6}  {kb:9.0f} KB  CPU {r['seconds']:8.2f} s  {1000 * r['seconds'] / kb:7.2f} ms/KB  wall {r['wall']:8.2f} s  "
              f"peak RSS {r['rss_mb']:6.0f} MB  attributions {r['attributions']}", flush=True)
    if args.stages:
        names = ["normalise"] + list(rows[0]["stages"])
        print("\nms per KB by stage")
        print("stage        " + "".join(f"{r['label']:>9}" for r in rows))
        for name in names:
            vals = [(r["normalise"] if name == "normalise" else r["stages"].get(name, 0.0)) * 1000 / (r["bytes"] / 1024) for r in rows]
            print(f"{name:12} " + "".join(f"{v:9.3f}" for v in vals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
