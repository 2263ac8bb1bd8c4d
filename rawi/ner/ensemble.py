"""The NER ensemble `rawi ner-tag` uses by default: several neural taggers and the CRF.

Members (all in rawi/ner/data/):
  ner_nn.npz        the neural tagger `rawi analyze` uses (rawi/ner/neural.py)
  ner_ensemble.npz  further neural taggers of the same architecture trained with other seeds
                    (scripts/train_ner_nn.py --seed N; packed by scripts/pack_ner_ensemble.py): each
                    member's own arrays under a prefix ``mN/``; the word-vector table (pre_words,
                    pre_vecs) is the same file for every member and is stored once, in ner_nn.npz
  ner.crfsuite      the CRF (rawi/ner/model.py)

Combination: the weighted mean of the neural members' emission scores plus a weight x the
CRF's output per token (its marginal probabilities, or, cheaper, its best path as one-hot
rows: crf_mode "viterbi"), decoded by Viterbi with the weighted mean of the members'
transition scores; a span may not end on a conjunction or comma (NO_END). The weights are stored in ner_ensemble.npz (chosen on PEYMA dev
with train-only models: scripts/tune_ner_ensemble.py). Each neural member is an unchanged
NeuralNerModel: only its scores are combined.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .lexicon import DATA
from .neural import MODEL_FILE, NeuralNerModel, load_flags, load_gazetteer, viterbi
from .tokens import TaggerMethods

ENSEMBLE_FILE = "ner_ensemble.npz"
SHARED = ("pre_words", "pre_vecs")  # arrays stored once (in the first member's file)
CRF_WEIGHT = 2.0  # default when the packed file names none
# Tokens an entity never ends on (PEYMA train: 3 of 16,081 entities end on "و", none on a
# comma): the decoder may not close a span on them. Without this the tagger sometimes stops a
# long name at its conjunction ("شرکت ملی پالایش و" | "پخش").
NO_END = frozenset(("و", "،", ",", "؛", ";"))


def viterbi_no_end(emit: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray,
                   block: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """rawi.ner.neural.viterbi with one more constraint: where ``block`` (B, T) is set, a token
    inside an entity must be followed by the same entity's I- tag (it cannot end the span)."""
    B, T, K = emit.shape
    pen = np.zeros((K, K), dtype=np.float32)  # from an entity tag at t-1 (blocked) to tag at t
    for i, a in enumerate(labels):
        if a == "O":
            continue
        for j, b in enumerate(labels):
            if b != "I-" + a[2:]:
                pen[i, j] = -1e4
    last_pen = np.array([0.0 if a == "O" else -1e4 for a in labels], dtype=np.float32)
    order = np.argsort(-lengths, kind="stable")
    L = lengths[order]
    em = np.ascontiguousarray(emit[order].transpose(1, 0, 2))  # T, B, K
    blk = np.ascontiguousarray(block[order].T)  # T, B
    score = start[None, :] + em[0]
    bps = np.empty((max(T - 1, 0), B, K), dtype=np.intp)
    bps[:] = np.arange(K)
    alive = np.searchsorted(-L, -np.arange(T), side="left")
    for t in range(1, T):
        n = alive[t]
        s = score[:n, :, None] + trans
        b = blk[t - 1, :n]
        if b.any():
            s[b] += pen
        bp = s.argmax(1)
        bps[t - 1, :n] = bp
        score[:n] = np.take_along_axis(s, bp[:, None, :], 1)[:, 0] + em[t, :n]
    score += end
    lastb = blk[L - 1, np.arange(B)]
    if lastb.any():
        score[lastb] += last_pen
    out = np.empty((B, T), dtype=np.intp)
    cur = score.argmax(1)
    out[:, T - 1] = cur
    b = np.arange(B)
    for t in range(T - 1, 0, -1):
        cur = bps[t - 1][b, cur]
        out[:, t - 1] = cur
    res = np.empty_like(out)
    res[order] = out
    return res


def member_arrays(z, prefix: str) -> dict:
    """The arrays of one packed member (``prefix`` = 'm1/' ...), without the shared ones.

    The hashed-feature table may be stored as int8 with one scale per row (``hash_emb_q``,
    ``hash_emb_scale``: half the size); it is restored to the float16 table NeuralNerModel reads.
    """
    a = {k[len(prefix):]: z[k] for k in z.files if k.startswith(prefix)}
    if "hash_emb_q" in a:
        q, scale = a.pop("hash_emb_q"), a.pop("hash_emb_scale")
        a["hash_emb"] = (q.astype(np.float32) * scale.astype(np.float32)[:, None]).astype(np.float16)
    return a


def quantize_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and their float16 scales (max |value| / 127 per row)."""
    x = x.astype(np.float32)
    scale = np.abs(x).max(1) / 127.0
    scale = np.where(scale > 0, scale, 1.0).astype(np.float16)
    q = np.clip(np.rint(x / scale.astype(np.float32)[:, None]), -127, 127).astype(np.int8)
    return q, scale


class MultiNerModel(TaggerMethods):
    """Weighted mean of neural members' scores + crf_weight x CRF marginals; Viterbi decoding."""

    def __init__(self, members: Sequence[NeuralNerModel], crf=None, weights: Optional[Sequence[float]] = None,
                 crf_weight: float = CRF_WEIGHT, no_end: bool = True, crf_mode: str = "marginal") -> None:
        if not members:
            raise ValueError("an ensemble needs at least one neural member")
        self.members = list(members)
        labels = self.members[0].labels
        for m in self.members:
            if m.labels != labels:
                raise ValueError("ensemble members must share labels")
        w = np.array(weights if weights is not None else [1.0] * len(self.members), dtype=np.float32)
        self.weights = w / w.sum()
        self.crf = crf if crf_weight else None
        self.crf_weight = float(crf_weight) if crf is not None else 0.0
        self.labels = labels
        self.no_end = no_end
        if crf_mode not in ("marginal", "viterbi"):
            raise ValueError(f"crf_mode: marginal or viterbi, not {crf_mode!r}")
        self.crf_mode = crf_mode
        self.trans = sum(wi * m.trans for wi, m in zip(self.weights, self.members))
        self.start = sum(wi * m.start for wi, m in zip(self.weights, self.members))
        self.end = sum(wi * m.end for wi, m in zip(self.weights, self.members))
        trained = set()
        for m in self.members + ([crf] if crf is not None else []):
            trained |= set(m.config.get("trained_on", []))
        self.config = {"kind": "ensemble", "members": len(self.members), "crf_weight": self.crf_weight,
                       "weights": [round(float(x), 4) for x in self.weights], "trained_on": sorted(trained)}
        if self.crf is not None:
            known = set(self.crf.tagger.labels())
            self._cols = [(j, lab) for j, lab in enumerate(labels) if lab in known]

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, data_dir: Path = DATA, path: Optional[Path] = None) -> "MultiNerModel":
        """The shipped ensemble: ner_nn.npz + the members of ner_ensemble.npz + the CRF."""
        from .model import NerModel

        path = path or data_dir / ENSEMBLE_FILE
        gaz, flags = load_gazetteer(data_dir), load_flags()
        with np.load(data_dir / MODEL_FILE, allow_pickle=False) as z:
            first = {k: z[k] for k in z.files}
        members = [NeuralNerModel(first, gaz, flags)]
        weights = [1.0]
        crf_weight = CRF_WEIGHT
        if path.exists():
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["ensemble"]))
                for prefix in meta["members"]:
                    arrays = member_arrays(z, prefix)
                    for k in SHARED:
                        arrays.setdefault(k, first[k])
                    members.append(NeuralNerModel(arrays, gaz, flags))
            weights = meta["weights"]
            crf_weight = meta["crf_weight"]
            no_end = meta.get("no_end", True)
            crf_mode = meta.get("crf_mode", "marginal")
        else:
            no_end, crf_mode = True, "marginal"
        crf = NerModel.load(data_dir) if crf_weight else None
        return cls(members, crf, weights, crf_weight, no_end, crf_mode)

    # ------------------------------------------------------------------ scoring
    def components(self, sentences: Sequence[Sequence[str]]):
        """Each member's emission scores (same layout), the CRF marginals (or None), lengths, starts."""
        Es = []
        lengths = starts = None
        for m in self.members:
            E, lengths, starts = m.scores(sentences)
            Es.append(E)
        M = None
        if self.crf is not None:
            M = np.zeros_like(Es[0])
            feats = self.crf.featurizer.sentences(sentences, use_doc=self.crf.config["doc"])
            tagger = self.crf.tagger
            if self.crf_mode == "viterbi":  # the CRF's best path as one-hot rows (cheaper than marginals)
                col = {lab: j for j, lab in enumerate(self.labels)}
                for f, p in zip(feats, starts.tolist()):
                    for t, lab in enumerate(tagger.tag(f)):
                        M[p + t, col[lab]] = 1.0
                return Es, M, lengths, starts
            for f, p in zip(feats, starts.tolist()):
                tagger.set(f)
                n = len(f)
                for j, lab in self._cols:
                    M[p : p + n, j] = [tagger.marginal(lab, t) for t in range(n)]
        return Es, M, lengths, starts

    def decode(self, E: np.ndarray, lengths: list[int], starts: np.ndarray, trans=None, start=None, end=None,
               sentences: Optional[Sequence[Sequence[str]]] = None) -> list[list[str]]:
        """Viterbi over the combined scores; with ``sentences``, spans never end on NO_END tokens."""
        L = np.array(lengths)
        T = int(L.max())
        gather = np.minimum(starts[:, None] + np.arange(T)[None, :], E.shape[0] - 1)
        args = (E[gather], L, self.trans if trans is None else trans,
                self.start if start is None else start, self.end if end is None else end)
        block = None
        if sentences is not None and self.no_end:
            block = np.zeros((len(lengths), T), dtype=bool)
            for i, s in enumerate(sentences):
                for j, t in enumerate(s):
                    if t in NO_END:
                        block[i, j] = True
        ids = viterbi_no_end(*args, block, self.labels) if block is not None and block.any() else viterbi(*args)
        labels = self.labels
        return [[labels[i] for i in row[:n]] for row, n in zip(ids.tolist(), lengths)]

    def combine(self, Es, M) -> np.ndarray:
        E = self.weights[0] * Es[0]
        for wi, Ei in zip(self.weights[1:], Es[1:]):
            E += wi * Ei
        if M is not None and self.crf_weight:
            E += self.crf_weight * M
        return E

    def tag_rawi_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        sentences = [list(s) for s in sentences]
        live = [s for s in sentences if s]
        if not live:
            return [[] for _ in sentences]
        Es, M, lengths, starts = self.components(live)
        tagged = iter(self.decode(self.combine(Es, M), lengths, starts, sentences=live))
        return [next(tagged) if s else [] for s in sentences]
