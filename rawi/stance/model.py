"""The shipped stance model: a small feed-forward network over :mod:`rawi.stance.features`,
run in numpy alone (trained by scripts/train_stance.py).

Why so small: 584 annotated pairs cannot fit more than a few thousand weights, and the
features already carry the linguistics; the file is a few KB and loads in a millisecond.
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
class StanceModel:
    """Standardise, then tanh hidden layers (none: multinomial logistic regression), softmax."""

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    names: tuple[str, ...]

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Class probabilities, rows of ``x`` (n, features) -> (n, 4) in :data:`LABELS` order."""
        h = (np.atleast_2d(x) - self.mean) / self.scale
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            h = np.tanh(h @ w + b)
        z = h @ self.weights[-1] + self.biases[-1]
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        arrays = {"mean": self.mean, "scale": self.scale, "names": np.array(self.names)}
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            arrays[f"w{i}"] = w.astype(np.float32)
            arrays[f"b{i}"] = b.astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "StanceModel":
        with np.load(path or MODEL_PATH) as z:
            n = sum(1 for k in z.files if k.startswith("w"))
            return cls(z["mean"], z["scale"], tuple(z[f"w{i}"].astype(np.float64) for i in range(n)),
                       tuple(z[f"b{i}"].astype(np.float64) for i in range(n)), tuple(str(s) for s in z["names"]))


@lru_cache(maxsize=1)
def shipped() -> StanceModel:
    return StanceModel.load()
