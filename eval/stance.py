"""Stance (agree / disagree / discuss / unrelated) cross-validated on FarExStance dev pairs.

Folds are grouped by article (no article in both a training and a test fold), as the
benchmark's held-out articles are; ``--group claim`` groups by claim instead (no claim text in
both), the stricter setting. Each fold trains the model of scripts/train_stance.py from scratch.

Usage: python eval/stance.py [--folds 5] [--group article|claim|both] [--model trees|mlp|both] [--seeds 1,2,3]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_stance import FAREX, add_model_args, featurize, load_pairs, synthetic, train  # noqa: E402

from rawi.stance.model import LABELS  # noqa: E402


def folds_by_group(groups: list, k: int, seed: int) -> list[np.ndarray]:
    """Test indices of k folds; every group falls in exactly one fold (groups shuffled, then dealt by size)."""
    rng = np.random.default_rng(seed)
    uniq = sorted(set(groups), key=str)
    rng.shuffle(uniq)
    size: dict = {}
    for g in groups:
        size[g] = size.get(g, 0) + 1
    load = [0] * k
    fold_of = {}
    for g in sorted(uniq, key=lambda g: -size[g]):  # stable: ties keep the shuffled order
        j = int(np.argmin(load))
        fold_of[g] = j
        load[j] += size[g]
    idx = np.arange(len(groups))
    return [idx[[fold_of[g] == j for g in groups]] for j in range(k)]


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    out = {"accuracy": float((y == p).mean())}
    f1s = []
    for c, name in enumerate(LABELS):
        tp = int(((p == c) & (y == c)).sum())
        prec = tp / max(1, int((p == c).sum()))
        rec = tp / max(1, int((y == c).sum()))
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = f1
        f1s.append(f1)
    out["macro_f1"] = float(np.mean(f1s))
    return out


def cross_validate(X, y, groups, Xs, ys, args) -> tuple[dict[str, float], list[dict[str, float]], np.ndarray]:
    runs = []
    confusion = np.zeros((4, 4), dtype=int)
    for seed in (int(s) for s in args.seeds.split(",")):
        pred = np.zeros_like(y)
        for test in folds_by_group(groups, args.folds, seed):
            train_idx = np.setdiff1d(np.arange(len(y)), test)
            Xt, yt, w = X[train_idx], y[train_idx], np.ones(len(train_idx))
            if Xs is not None:
                Xt, yt = np.vstack([Xt, Xs]), np.concatenate([yt, ys])
                w = np.concatenate([w, np.full(len(ys), args.synthetic_weight)])
            m = train(Xt, yt, w, args, seed)
            pred[test] = m.proba(X[test]).argmax(axis=1)
        runs.append(scores(y, pred))
        for a, b in zip(y, pred):
            confusion[a, b] += 1
    mean = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    return mean, runs, confusion


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--group", choices=("article", "claim", "both"), default="both")
    ap.add_argument("--seeds", default="1,2,3", help="fold shuffles; figures are their mean")
    add_model_args(ap)
    args = ap.parse_args()
    if not FAREX.exists():
        sys.exit(f"needs {FAREX}")
    pairs, arts = load_pairs()
    X, y, art_groups, claims = featurize(pairs, arts)
    Xs = ys = None
    if args.synthetic:
        Xs, ys = synthetic(args.synthetic)
    print(f"FarExStance dev: {len(y)} pairs, {len(set(art_groups))} articles, {len(set(claims))} claims; "
          f"{args.folds}-fold CV, mean of {len(args.seeds.split(','))} shuffles; model {args.model}"
          + (f", +{len(ys)} synthetic pairs (weight {args.synthetic_weight}) in every training fold" if Xs is not None else ""))
    for group in (("article", "claim") if args.group == "both" else (args.group,)):
        mean, runs, confusion = cross_validate(X, y, art_groups if group == "article" else claims, Xs, ys, args)
        print(f"\ngrouped by {group}: macro-F1 {mean['macro_f1']:.3f}  accuracy {mean['accuracy']:.3f}  "
              + "  ".join(f"{l} F1 {mean[l]:.3f}" for l in LABELS))
        print("macro-F1 per shuffle: " + ", ".join(f"{r['macro_f1']:.3f}" for r in runs))
        print("confusion (rows gold, columns predicted, summed over shuffles): " + " ".join(LABELS))
        for l, row in zip(LABELS, confusion):
            print(f"  {l:9s} " + " ".join(f"{v:5d}" for v in row))


if __name__ == "__main__":
    main()
