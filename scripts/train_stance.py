"""Train the stance model (rawi/stance/data/stance.npz) on FarExStance dev pairs, in numpy.

The pairs and articles (../shared/data/farexstance-dev, research-only) are read here and never
copied: only the weights are written. Optional extra signal (``--synthetic N``) comes from Fars
News articles (../shared/data/farsnews-course): a sentence of an article as the claim (agree),
the same sentence with its main verb negated (disagree), a sentence of another article (unrelated).

The network: standardised features -> tanh hidden layer (``--hidden``, 0 = logistic regression)
-> softmax; full-batch Adam with L2 and class weights inversely proportional to frequency
(macro-F1 counts the rare "discuss" class as much as the others).

Usage: python scripts/train_stance.py [--hidden 16] [--epochs 600] [--seed 1] [--out PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
FAREX = SHARED / "farexstance-dev"

from rawi.stance.features import NAMES, pair_features, sentence  # noqa: E402
from rawi.stance.model import LABELS, MODEL_PATH, StanceModel  # noqa: E402


def load_pairs() -> tuple[list[dict], dict[int, str]]:
    pairs = [json.loads(l) for l in open(FAREX / "pairs.jsonl", encoding="utf-8")]
    arts = {}
    for line in open(FAREX / "articles.jsonl", encoding="utf-8"):
        a = json.loads(line)
        arts[a["id"]] = a["text"]
    return pairs, arts


def featurize(pairs: list[dict], arts: dict[int, str]) -> tuple[np.ndarray, np.ndarray, list[int], list[str]]:
    """Feature matrix, labels, article group and claim of each pair (articles normalised once)."""
    from rawi.doc import Doc
    from rawi.normalize import normalize_text as normalize

    docs: dict[int, list] = {}
    claims: dict[str, object] = {}
    X, y, groups, cl = [], [], [], []
    for p in pairs:
        nid = p["news_id"]
        if nid not in docs:
            d = Doc.from_raw(arts[nid])
            docs[nid] = [sentence(d.text, s, e) for s, e in d.sentences]
        c = p["claim"]
        if c not in claims:
            claims[c] = sentence(normalize(c))
        X.append(pair_features(claims[c], docs[nid]).vector)
        y.append(LABELS.index(p["stance"]))
        groups.append(nid)
        cl.append(c)
    return np.array(X), np.array(y), groups, cl


def fit(X: np.ndarray, y: np.ndarray, *, hidden: int = 16, epochs: int = 600, l2: float = 1e-3,
        lr: float = 0.03, seed: int = 1, sample_weight: np.ndarray | None = None) -> StanceModel:
    """Full-batch Adam on class-weighted cross-entropy."""
    rng = np.random.default_rng(seed)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale < 1e-6] = 1.0
    Z = (X - mean) / scale
    n, d = Z.shape
    k = len(LABELS)
    counts = np.bincount(y, minlength=k).astype(float)
    cw = counts.sum() / (k * np.maximum(counts, 1))
    sw = cw[y] * (sample_weight if sample_weight is not None else 1.0)
    sw = sw / sw.sum()
    Y = np.eye(k)[y]
    sizes = [d] + ([hidden] if hidden else []) + [k]
    Ws = [rng.normal(0, 1 / np.sqrt(a), (a, b)) for a, b in zip(sizes, sizes[1:])]
    bs = [np.zeros(b) for b in sizes[1:]]
    params = Ws + bs
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    for t in range(1, epochs + 1):
        hs = [Z]
        for w, b in zip(Ws[:-1], bs[:-1]):
            hs.append(np.tanh(hs[-1] @ w + b))
        z = hs[-1] @ Ws[-1] + bs[-1]
        z -= z.max(axis=1, keepdims=True)
        P = np.exp(z)
        P /= P.sum(axis=1, keepdims=True)
        g = (P - Y) * sw[:, None]
        gW, gb = [None] * len(Ws), [None] * len(bs)
        for i in range(len(Ws) - 1, -1, -1):
            gW[i] = hs[i].T @ g + l2 * Ws[i]
            gb[i] = g.sum(axis=0)
            if i:
                g = (g @ Ws[i].T) * (1 - hs[i] ** 2)
        grads = gW + gb
        for j, (p, gr) in enumerate(zip(params, grads)):
            m1[j] = 0.9 * m1[j] + 0.1 * gr
            m2[j] = 0.999 * m2[j] + 0.001 * gr * gr
            p -= lr * (m1[j] / (1 - 0.9 ** t)) / (np.sqrt(m2[j] / (1 - 0.999 ** t)) + 1e-8)
    return StanceModel(mean, scale, tuple(Ws), tuple(bs), tuple(NAMES))


def synthetic(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Pairs built from Fars News articles: agree (a sentence of the article, lightly
    reworded), disagree (the same with a negated verb or an antonym), unrelated (a sentence of another article)."""
    from rawi.doc import Doc

    sys.path.insert(0, str(ROOT / "eval"))
    from stance_synth import make_pairs  # noqa: E402

    X, y = [], []
    for claim, text, label in make_pairs(n, seed):
        d = Doc.from_raw(text)
        sents = [sentence(d.text, s, e) for s, e in d.sentences]
        X.append(pair_features(sentence(claim), sents).vector)
        y.append(LABELS.index(label))
    return np.array(X), np.array(y)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--synthetic", type=int, default=0, help="Fars articles to build extra pairs from (0: none)")
    ap.add_argument("--synthetic-weight", type=float, default=0.3)
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    args = ap.parse_args()
    random.seed(args.seed)
    pairs, arts = load_pairs()
    X, y, _, _ = featurize(pairs, arts)
    w = np.ones(len(y))
    if args.synthetic:
        Xs, ys = synthetic(args.synthetic)
        X, y = np.vstack([X, Xs]), np.concatenate([y, ys])
        w = np.concatenate([w, np.full(len(ys), args.synthetic_weight)])
    model = fit(X, y, hidden=args.hidden, epochs=args.epochs, l2=args.l2, seed=args.seed, sample_weight=w)
    model.save(args.out)
    print(f"{args.out}: {args.out.stat().st_size} bytes, {len(y)} pairs, {len(NAMES)} features, hidden {args.hidden}")


if __name__ == "__main__":
    main()
