"""Train the stance model (rawi/stance/data/stance.npz) on FarExStance dev pairs, in numpy.

The pairs and articles (../shared/data/farexstance-dev, research-only) are read here and never
copied: only the weights are written. Extra signal (``--synthetic N``, default 400) comes from
Fars News articles (../shared/data/farsnews-course) through eval/stance_synth.py: the title as
the claim (agree), rewritten negated, with an antonym, renumbered or said to be denied
(disagree), another article's title (unrelated).

The models (``--model``): gradient-boosted trees (complete depth-3 trees, Newton leaves on the
softmax loss, row and feature subsampling), a network (standardised features -> tanh hidden
layer, ``--hidden``, 0 = logistic regression -> softmax; full-batch Adam with L2), or both with
their probabilities averaged (the default). Class weights are inversely proportional to
frequency (macro-F1 counts the rare "discuss" class as much as the others).

Usage: python scripts/train_stance.py [--model trees|mlp|both] [--rounds 150] [--hidden 32]
       [--synthetic 400] [--synthetic-weight 0.6] [--seed 1] [--out PATH]
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
from rawi.stance.model import LABELS, MODEL_PATH, StanceModel, Trees  # noqa: E402


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


def _cuts(x: np.ndarray, bins: int) -> np.ndarray:
    """Candidate thresholds of one feature: quantile edges moved to the midpoint between the
    training values on either side (so a float32 copy keeps every row on its side)."""
    u = np.unique(x)
    if len(u) < 2:
        return np.zeros(0)
    mids = (u[:-1] + u[1:]) / 2
    if len(mids) <= bins:
        return mids
    q = np.quantile(x, np.linspace(0, 1, bins + 1)[1:-1])
    return np.unique(mids[np.clip(np.searchsorted(mids, q), 0, len(mids) - 1)])


def fit_trees(X: np.ndarray, y: np.ndarray, *, rounds: int = 300, depth: int = 3, lr: float = 0.05,
              lam: float = 1.0, min_hess: float = 1.0, bins: int = 32, subsample: float = 0.8,
              colsample: float = 0.6, seed: int = 1, sample_weight: np.ndarray | None = None) -> Trees:
    """Gradient boosting of complete depth-``depth`` regression trees on the softmax loss
    (Newton leaves, one tree per class and round, row and feature subsampling), class-weighted."""
    rng = np.random.default_rng(seed)
    n, d = X.shape
    k = len(LABELS)
    cuts = [_cuts(X[:, j], bins) for j in range(d)]
    B = np.stack([np.searchsorted(cuts[j], X[:, j]) for j in range(d)], axis=1)  # x > cut[b-1], x < cut[b]
    nb = bins + 1
    sw = np.ones(n) if sample_weight is None else sample_weight
    counts = np.bincount(y, weights=sw, minlength=k)
    w = sw * (counts.sum() / (k * np.maximum(counts, 1e-9)))[y]
    w = w * n / w.sum()
    Y = np.eye(k)[y]
    F = np.zeros((n, k))
    n_inner = 2 ** depth - 1
    T_cls, T_feat, T_thr, T_leaf = [], [], [], []
    for _ in range(rounds):
        P = np.exp(F - F.max(axis=1, keepdims=True))
        P /= P.sum(axis=1, keepdims=True)
        sample = np.arange(n) if subsample >= 1 else np.sort(rng.choice(n, max(2, int(n * subsample)), replace=False))
        for c in range(k):
            g = (P[:, c] - Y[:, c]) * w
            h = np.maximum(P[:, c] * (1 - P[:, c]), 1e-6) * w
            feats = np.arange(d) if colsample >= 1 else np.sort(rng.choice(d, max(1, int(d * colsample)), replace=False))
            off = np.arange(len(feats)) * nb
            feat = np.full(n_inner, -1)
            thr = np.full(n_inner, np.inf)
            leaf = np.zeros(2 ** depth)
            nodes = [sample]
            for lvl in range(depth):
                nxt = []
                for pos, rows in enumerate(nodes):
                    ni = (1 << lvl) - 1 + pos
                    split = None
                    if len(rows) >= 4:
                        G, H = g[rows].sum(), h[rows].sum()
                        idx = (B[np.ix_(rows, feats)] + off).ravel()
                        gh = np.bincount(idx, np.repeat(g[rows], len(feats)), len(feats) * nb).reshape(len(feats), nb)
                        hh = np.bincount(idx, np.repeat(h[rows], len(feats)), len(feats) * nb).reshape(len(feats), nb)
                        GL, HL = np.cumsum(gh, 1)[:, :-1], np.cumsum(hh, 1)[:, :-1]
                        gain = GL ** 2 / (HL + lam) + (G - GL) ** 2 / (H - HL + lam) - G ** 2 / (H + lam)
                        gain[(HL < min_hess) | (H - HL < min_hess)] = -1
                        fi, b = np.unravel_index(int(np.argmax(gain)), gain.shape)
                        if gain[fi, b] > 1e-6 and b < len(cuts[feats[fi]]):
                            split = (int(feats[fi]), int(b))
                    if split is None:
                        nxt += [rows, rows[:0]]
                        continue
                    j, b = split
                    feat[ni], thr[ni] = j, cuts[j][b]
                    right = B[rows, j] > b
                    nxt += [rows[~right], rows[right]]
                nodes = nxt
            for pos, rows in enumerate(nodes):
                if len(rows):
                    leaf[pos] = -lr * g[rows].sum() / (h[rows].sum() + lam)
            T_cls.append(c)
            T_feat.append(feat)
            T_thr.append(thr)
            T_leaf.append(leaf)
            one = Trees(np.array([c]), feat[None], thr[None], leaf[None])
            F[:, c] += one.scores(X)[:, c]
    return Trees(np.array(T_cls), np.array(T_feat), np.array(T_thr), np.array(T_leaf))


def bag_trees(X: np.ndarray, y: np.ndarray, *, bags: int = 3, seed: int = 1, **kw) -> Trees:
    """``bags`` boosted forests on other row and feature samples, their scores averaged (one
    forest of all their trees, leaves divided by ``bags``): less variance on 584 pairs."""
    parts = [fit_trees(X, y, seed=seed * 10 + b, **kw) for b in range(bags)]
    return Trees(np.concatenate([p.cls for p in parts]), np.concatenate([p.feat for p in parts]),
                 np.concatenate([p.thr for p in parts]), np.concatenate([p.leaf for p in parts]) / bags)


def fit_model(X: np.ndarray, y: np.ndarray, *, kind: str = "trees", hidden: int = 32, seed: int = 1,
              sample_weight: np.ndarray | None = None, bags: int = 1, **kw) -> StanceModel:
    """``kind``: trees, mlp or both (probabilities averaged)."""
    if kind == "mlp":
        return fit(X, y, hidden=hidden, seed=seed, sample_weight=sample_weight)
    trees = bag_trees(X, y, bags=bags, seed=seed, sample_weight=sample_weight, **kw)
    if kind == "trees":
        return StanceModel(np.zeros(X.shape[1]), np.ones(X.shape[1]), (), (), tuple(NAMES), trees)
    m = fit(X, y, hidden=hidden, seed=seed, sample_weight=sample_weight)
    return StanceModel(m.mean, m.scale, m.weights, m.biases, m.names, trees)


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


def add_model_args(ap: argparse.ArgumentParser) -> None:
    """Model options shared by this trainer and eval/stance.py (defaults: the shipped model)."""
    ap.add_argument("--model", choices=("trees", "mlp", "both"), default="both")
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--rounds", type=int, default=150)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--bags", type=int, default=3, help="boosted forests averaged")
    ap.add_argument("--lr", type=float, default=0.1, help="shrinkage of the trees")
    ap.add_argument("--synthetic", type=int, default=400, help="Fars articles to build extra pairs from (0: none)")
    ap.add_argument("--synthetic-weight", type=float, default=0.6)


def train(X: np.ndarray, y: np.ndarray, w: np.ndarray, args: argparse.Namespace, seed: int) -> StanceModel:
    if args.model == "mlp":
        return fit(X, y, hidden=args.hidden, epochs=args.epochs, l2=args.l2, seed=seed, sample_weight=w)
    return fit_model(X, y, kind=args.model, hidden=args.hidden, seed=seed, sample_weight=w,
                     rounds=args.rounds, depth=args.depth, lr=args.lr, bags=args.bags)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_model_args(ap)
    ap.add_argument("--seed", type=int, default=1)
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
    model = train(X, y, w, args, args.seed)
    model.save(args.out)
    print(f"{args.out}: {args.out.stat().st_size} bytes, {len(y)} pairs, {len(NAMES)} features, model {args.model}")


if __name__ == "__main__":
    main()
