#!/usr/bin/env python3
"""Pack extra neural NER models into rawi/ner/data/ner_ensemble.npz (read by rawi.ner.ensemble).

The first member is always the shipped rawi/ner/data/ner_nn.npz; the models given here are the
others (same architecture, other seeds). Their word-vector table must be the one of ner_nn.npz
(the same build/ner_nn/w2v.npz): it is stored once, there. The hashed-feature table is stored
as int8 rows with a float16 scale each (--no-quantize keeps float16).

  python scripts/pack_ner_ensemble.py build/ner_nn/ship_s14.npz build/ner_nn/ship_s15.npz \
      --weights 1,1,1 --crf-weight 2

--weights: one per member, the shipped ner_nn.npz first (chosen on PEYMA dev with the
train-only models of the same recipe: scripts/tune_ner_ensemble.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from rawi.ner.ensemble import ENSEMBLE_FILE, SHARED, quantize_rows  # noqa: E402
from rawi.ner.lexicon import DATA  # noqa: E402
from rawi.ner.neural import MODEL_FILE  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("members", type=Path, nargs="*")
    ap.add_argument("--first", type=Path, default=DATA / MODEL_FILE, help="the shipped neural model")
    ap.add_argument("--weights", default="", help="comma list, first member first (default: equal)")
    ap.add_argument("--crf-weight", type=float, default=2.0)
    ap.add_argument("--crf-mode", default="marginal", choices=("marginal", "viterbi"),
                    help="the CRF's contribution: marginal probabilities, or its best path one-hot (faster)")
    ap.add_argument("--no-end", type=int, default=1, help="1: spans never end on a conjunction or comma")
    ap.add_argument("--no-quantize", dest="quantize", action="store_false")
    ap.add_argument("--out", type=Path, default=DATA / ENSEMBLE_FILE)
    a = ap.parse_args()
    n = 1 + len(a.members)
    weights = [float(x) for x in a.weights.split(",")] if a.weights else [1.0] * n
    if len(weights) != n:
        sys.exit(f"--weights needs {n} values")
    with np.load(a.first) as z:
        first = {k: z[k] for k in SHARED}
    out: dict = {}
    prefixes = []
    for i, path in enumerate(a.members, 1):
        p = f"m{i}/"
        prefixes.append(p)
        with np.load(path) as z:
            for k in z.files:
                v = z[k]
                if k in SHARED:
                    if v.shape == first[k].shape and np.array_equal(v, first[k]):
                        continue  # stored once, in ner_nn.npz
                    print(f"{path}: {k} differs from {a.first}; stored with the member")
                if k == "hash_emb" and a.quantize:
                    out[p + "hash_emb_q"], out[p + "hash_emb_scale"] = quantize_rows(v)
                    continue
                out[p + k] = v
    meta = {"members": prefixes, "weights": weights, "crf_weight": a.crf_weight, "crf_mode": a.crf_mode, "no_end": bool(a.no_end),
            "sources": [str(m) for m in a.members]}
    out["ensemble"] = np.array(json.dumps(meta))
    with open(a.out, "wb") as fh:
        np.savez_compressed(fh, **out)
    print(f"wrote {a.out} ({a.out.stat().st_size / 1e6:.2f} MB): {meta}")


if __name__ == "__main__":
    main()
