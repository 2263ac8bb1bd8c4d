"""The shipped stance model over :mod:`rawi.stance.features`, run in numpy alone
(trained by scripts/train_stance.py): gradient-boosted trees, a small feed-forward network,
or both with their probabilities averaged.

Why so small: 584 annotated pairs cannot fit more than a few thousand parameters, and the
features already carry the linguistics; the file is a few tens of KB and loads in a
millisecond. Why trees as well: the useful signals are conjunctions of a few features ("the
claim is negated and the sentence next to its words is not"), which shallow trees find with
little data, and they need no standardisation of counts and shares.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

LABELS = ("agree", "disagree", "discuss", "unrelated")
MODEL_PATH = Path(__file__).with_name("data") / "stance.npz"


@dataclass(frozen=True)
class Trees:
    """Complete binary trees of one depth, one class each: a row's score for class ``cls[t]``
    adds ``leaf[t, j]`` of the leaf ``j`` it reaches. A node with feature −1 sends every row left."""

    cls: np.ndarray  # (T,) class of each tree
    feat: np.ndarray  # (T, 2**depth - 1) feature of each inner node, level by level
    thr: np.ndarray  # (T, 2**depth - 1) go right when x > thr
    leaf: np.ndarray  # (T, 2**depth)

    @property
    def depth(self) -> int:
        return int(np.log2(self.leaf.shape[1]))

    def scores(self, x: np.ndarray) -> np.ndarray:
        """(n, features) -> (n, classes) summed leaf values; all trees walked at once (a pair is
        judged alone in `rawi check` and `rawi stance`, so a loop over trees would dominate)."""
        x = np.atleast_2d(x)
        n, t = len(x), len(self.cls)
        trees = np.arange(t)
        feat = np.maximum(self.feat, 0)
        pos = np.zeros((n, t), dtype=np.int64)
        for lvl in range(self.depth):
            node = (1 << lvl) - 1 + pos  # (n, T)
            f = self.feat[trees, node]
            v = np.take_along_axis(x, feat[trees, node], axis=1)
            v = np.where(f >= 0, v, -np.inf)
            pos = 2 * pos + (v > self.thr[trees, node])
        vals = self.leaf[trees, pos]  # (n, T)
        out = np.zeros((n, len(LABELS)))
        for c in range(len(LABELS)):
            out[:, c] = vals[:, self.cls == c].sum(axis=1)
        return out


@dataclass(frozen=True)
class StanceModel:
    """Standardise, then tanh hidden layers (none: multinomial logistic regression), softmax;
    and/or boosted trees on the raw features. With both, the two probabilities are averaged."""

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    names: tuple[str, ...]
    trees: Optional[Trees] = None

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, rows of ``x`` (n, features) -> (n, 4) in :data:`LABELS` order."""
        x = np.atleast_2d(x)
        parts = []
        if self.weights:
            h = (x - self.mean) / self.scale
            for w, b in zip(self.weights[:-1], self.biases[:-1]):
                h = np.tanh(h @ w + b)
            parts.append(_softmax(h @ self.weights[-1] + self.biases[-1]))
        if self.trees is not None:
            parts.append(_softmax(self.trees.scores(x)))
        return sum(parts) / len(parts)

    def save(self, path: Path) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "names": np.array(self.names)}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"w{i}"] = w.astype(np.float32)
            arrays[f"b{i}"] = b.astype(np.float32)
        if self.trees is not None:
            arrays.update(t_cls=self.trees.cls.astype(np.int8), t_feat=self.trees.feat.astype(np.int16),
                          t_thr=self.trees.thr.astype(np.float32), t_leaf=self.trees.leaf.astype(np.float32))
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "StanceModel":
        with np.load(path or MODEL_PATH) as z:
            n = sum(1 for k in z.files if k.startswith("w"))
            trees = None
            if "t_cls" in z.files:
                # Thresholds are midpoints between training values, so float32 keeps every
                # training row on its side.
                trees = Trees(z["t_cls"].astype(np.int64), z["t_feat"].astype(np.int64),
                              z["t_thr"].astype(np.float64), z["t_leaf"].astype(np.float64))
            return cls(z["mean"], z["scale"], tuple(z[f"w{i}"].astype(np.float64) for i in range(n)),
                       tuple(z[f"b{i}"].astype(np.float64) for i in range(n)), tuple(str(s) for s in z["names"]),
                       trees)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def shipped() -> StanceModel:
    return StanceModel.load()
