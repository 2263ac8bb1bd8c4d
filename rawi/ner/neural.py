"""The neural NER model at run time, in pure numpy (trained by scripts/train_ner_nn.py).

Architecture (one artefact, data/ner_nn.npz):
  word input   word2vec vector trained here on ../shared/data text (frozen; a stem's vector
               for unknown inflected forms) + an OOV flag + a hashed bag of the word itself and
               its affixes (prefix 2-3, suffix 1-4, stem, length) + shape + lexicon flags
               (titles, org heads, place/facility cues, countries, given names)
  + gazetteer  the typed phrase list (geo/media/person) matched greedily, B/I per token
  encoder      linear projection, then dilated residual convolutions (kernel 3), ReLU
  document     for every content word, the mean encoder state of its other occurrences in
               nearby sentences is concatenated (a bare "فیروزآبادی" inherits the evidence
               of "سرلشکر حسن فیروزآبادی" two sentences earlier)
  output       linear -> tag scores, decoded with CRF transitions (Viterbi)

Everything that depends on a word alone is computed once per distinct word and cached as one
projected row, so a text costs a row gather, a few matrix products over all its tokens at
once (sentences laid end to end with zero gaps), and a batched Viterbi.
"""
from __future__ import annotations

import zlib
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .features import Resources, shape, stem
from .lexicon import DATA
from .tokens import key, tag_any_style

MODEL_FILE = "ner_nn.npz"
LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-DAT", "I-DAT",
          "B-TIM", "I-TIM", "B-MON", "I-MON", "B-PCT", "I-PCT")
GAZ_TAGS = ("", "B-geo", "I-geo", "B-media", "I-media", "B-person", "I-person")
SHAPES = ("f", "d", "l", "p", "other")
FLAGS = ("title", "org_head", "loc_cue", "fac_cue", "country", "given_name")
HASH_BUCKETS = 1 << 16
DOC_SENTENCES = 16  # sentences that count as one document for the occurrence pooling
STOP_RANK = 300  # the most frequent words carry no document evidence
_DIGITS = set("۰۱۲۳۴۵۶۷۸۹0123456789٠١٢٣٤٥٦٧٨٩")
CACHE_WORDS = 200_000


def word_form(k: str) -> tuple[str, str]:
    """(the form the model sees, shape): latin lower-cased, every digit 0."""
    sh = shape(k)
    w = k.lower() if "l" in sh else k
    if "d" in sh:
        w = "".join("0" if c in _DIGITS else c for c in w)
    return w, sh


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (HASH_BUCKETS - 1)


def hashed_features(w: str, sh: str) -> list[int]:
    """Bucket ids of the word and its affixes (stable across processes: crc32)."""
    feats = ["w=" + w, "len=" + str(min(len(w), 8))]
    if sh == "f":
        feats += ["p2=" + w[:2], "p3=" + w[:3], "s1=" + w[-1:], "s2=" + w[-2:], "s3=" + w[-3:], "s4=" + w[-4:]]
        st = stem(w)
        if st != w:
            feats.append("st=" + st)
    else:
        feats += ["sh=" + sh, "p1=" + w[:1], "s1=" + w[-1:]]
    return [_h(f) for f in feats]


def shape_id(sh: str) -> int:
    return SHAPES.index(sh) if sh in SHAPES else len(SHAPES) - 1


def gazetteer_tags(keys: Sequence[str], index: dict) -> list[int]:
    """Greedy longest match of typed phrases: GAZ_TAGS ids per token (0 outside)."""
    out = [0] * len(keys)
    i, n = 0, len(keys)
    while i < n:
        cands = index.get(keys[i])
        hit = 0
        typ = ""
        if cands:
            for p, t in cands:
                m = len(p)
                if i + m <= n and tuple(keys[i : i + m]) == p:
                    hit, typ = m, t
                    break
        if hit:
            b = GAZ_TAGS.index("B-" + typ) if ("B-" + typ) in GAZ_TAGS else 0
            if b:
                out[i] = b
                for j in range(i + 1, i + hit):
                    out[j] = b + 1
            i += hit
        else:
            i += 1
    return out


def load_gazetteer(data_dir: Path = DATA) -> dict:
    from .model import GAZETTEER_FILE, read_gazetteer

    return Resources.index_phrases(read_gazetteer(data_dir / GAZETTEER_FILE))


def load_flags() -> dict[str, int]:
    """word key -> bitmask of lexicon flags (FLAGS order)."""
    from .model import lexicon_keys

    lex = lexicon_keys()
    out: dict[str, int] = {}
    for bit, name in enumerate(FLAGS):
        for w in lex.get(name, ()):
            out[w] = out.get(w, 0) | (1 << bit)
    return out


def allowed_transitions(labels: Sequence[str] = LABELS) -> np.ndarray:
    """K x K mask: I-X only after B-X or I-X (IOB2), so decoding never breaks a span."""
    K = len(labels)
    ok = np.ones((K, K), dtype=bool)
    for j, t in enumerate(labels):
        if t.startswith("I-"):
            for i, s in enumerate(labels):
                ok[i, j] = s[2:] == t[2:] and s != "O"
    return ok


def viterbi(emit: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Best tag ids (B, T) for padded emission scores (B, T, K); positions past a length are junk.

    Sentences are visited longest first, so step t works on the prefix still running.
    """
    B, T, K = emit.shape
    order = np.argsort(-lengths, kind="stable")
    L = lengths[order]
    em = np.ascontiguousarray(emit[order].transpose(1, 0, 2))  # T, B, K
    score = start[None, :] + em[0]
    bps = np.empty((max(T - 1, 0), B, K), dtype=np.intp)
    bps[:] = np.arange(K)
    alive = np.searchsorted(-L, -np.arange(T), side="left")  # alive[t] = #sentences with length > t
    for t in range(1, T):
        n = alive[t]
        s = score[:n, :, None] + trans
        bp = s.argmax(1)
        bps[t - 1, :n] = bp
        score[:n] = np.take_along_axis(s, bp[:, None, :], 1)[:, 0] + em[t, :n]
    score += end
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


class NeuralNerModel:
    """Tags token sequences with BIO labels; the same interface as rawi.ner.model.NerModel."""

    def __init__(self, arrays: dict, gazetteer: dict, flags: dict[str, int]) -> None:
        a = arrays
        self.config = {"kind": "neural", **__import__("json").loads(str(a["config"]))}
        words = a["pre_words"].tolist()
        self.pre_index = {w: i for i, w in enumerate(words)}
        self.stop = frozenset(words[:STOP_RANK])
        f32 = np.float32
        self.pre_vecs = a["pre_vecs"]  # float16, projected per new word
        self.W_pre = a["W_pre"].astype(f32)
        self.w_oov = a["w_oov"].astype(f32)
        # one zero row at the end: a word's hashed features are gathered padded to a fixed width
        self.hash_emb = np.concatenate([a["hash_emb"], np.zeros((1, a["hash_emb"].shape[1]), a["hash_emb"].dtype)])
        self.W_hash = a["W_hash"].astype(f32)
        self.shape_proj = a["shape_proj"].astype(f32)
        self.W_flags = a["W_flags"].astype(f32)
        self.b0 = a["b0"].astype(f32)
        self.gaz_proj = a["gaz_proj"].astype(f32)
        self.convs = []
        for i in range(int(a["n_conv"])):
            self.convs.append((int(a[f"conv{i}_d"]), a[f"conv{i}_W"].astype(f32), a[f"conv{i}_b"].astype(f32)))
        self.W_out = a["W_out"].astype(f32)
        self.b_out = a["b_out"].astype(f32)
        self.doc = bool(self.config.get("doc", True))
        self.labels = tuple(a["labels"].tolist()) if "labels" in a else LABELS
        ok = allowed_transitions(self.labels)
        neg = np.float32(-1e4)
        self.trans = np.where(ok, a["trans"].astype(f32), neg)
        self.start = np.where(np.array([not t.startswith("I-") for t in self.labels]), a["start"].astype(f32), neg)
        self.end = a["end"].astype(f32)
        self.gazetteer = gazetteer
        self.flags = flags
        self.H = self.b0.shape[0]
        self.gap = max([d for d, _, _ in self.convs] or [1])
        self._rows: dict[str, int] = {}
        self._cache = np.zeros((1024, self.H), dtype=f32)
        self._info: list[tuple[str, bool]] = []  # row -> (form, content word?)

    @classmethod
    def load(cls, data_dir: Path = DATA, model_path: Optional[Path] = None) -> "NeuralNerModel":
        path = model_path or data_dir / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path}: neural NER model missing; build it with scripts/train_ner_nn.py")
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return cls(arrays, load_gazetteer(data_dir), load_flags())

    # ------------------------------------------------------------------ word rows
    def _add_words(self, ks: list[str]) -> None:
        """Compute and cache the projected word-only input row of each new key."""
        n = len(ks)
        pre = np.zeros(n, dtype=np.int64)
        oov = np.zeros(n, dtype=np.float32)
        shp = np.zeros(n, dtype=np.int64)
        flg = np.zeros((n, len(FLAGS)), dtype=np.float32)
        hidx = np.full((n, 12), HASH_BUCKETS, dtype=np.int64)  # HASH_BUCKETS: the zero row
        info = []
        for i, k in enumerate(ks):
            w, sh = word_form(k)
            j = self.pre_index.get(w)
            if j is None and sh == "f":
                j = self.pre_index.get(stem(w))
            if j is None:
                oov[i] = 1.0
            else:
                pre[i] = j
            shp[i] = shape_id(sh)
            m = self.flags.get(w, 0)
            if m:
                for bit in range(len(FLAGS)):
                    if m >> bit & 1:
                        flg[i, bit] = 1.0
            hs = hashed_features(w, sh)
            hidx[i, : len(hs)] = hs
            info.append((w, sh == "f" and len(w) > 1 and w not in self.stop))
        vec = self.pre_vecs[pre].astype(np.float32) * (1.0 - oov)[:, None]
        hb = self.hash_emb[hidx].astype(np.float32).sum(1)
        rows = vec @ self.W_pre + oov[:, None] * self.w_oov[None, :] + hb @ self.W_hash
        rows += self.shape_proj[shp] + flg @ self.W_flags + self.b0
        base = len(self._info)
        if len(self._info) + n > CACHE_WORDS:  # bounded memory on endless streams: start over
            self._rows.clear()
            self._info.clear()
            base = 0
        need = base + n
        if need > self._cache.shape[0]:
            grown = np.zeros((max(need, 2 * self._cache.shape[0]), self.H), dtype=np.float32)
            grown[:base] = self._cache[:base]
            self._cache = grown
        self._cache[base:need] = rows
        for i, k in enumerate(ks):
            self._rows[k] = base + i
        self._info += info

    # ------------------------------------------------------------------ tagging
    def scores(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int], np.ndarray]:
        """Emission scores of all tokens laid end to end: (N_total_with_gaps, K), lengths, row index."""
        keyed = [[key(t) for t in s] for s in sentences]
        rows_get = self._rows.get
        new = {k for ks in keyed for k in ks if rows_get(k) is None}
        if new:
            self._add_words(sorted(new))
        g = self.gap
        lengths = [len(ks) for ks in keyed]
        total = g + sum(n + g for n in lengths)
        idx = np.zeros(total, dtype=np.int64)
        gz = np.zeros(total, dtype=np.int64)
        mask = np.zeros((total, 1), dtype=np.float32)
        pos = g
        starts = []
        rows = self._rows
        for ks, n in zip(keyed, lengths):
            starts.append(pos)
            idx[pos : pos + n] = [rows[k] for k in ks]
            if self.gazetteer:
                gz[pos : pos + n] = gazetteer_tags(ks, self.gazetteer)
            mask[pos : pos + n] = 1.0
            pos += n + g
        X = self._cache[idx] + self.gaz_proj[gz]
        X *= mask
        for d, W, b in self.convs:
            Y = X @ W
            H = self.H
            out = Y[:, H : 2 * H] + b
            out[d:] += Y[:-d, :H]
            out[:-d] += Y[d:, 2 * H :]
            np.maximum(out, 0.0, out=out)
            X = (X + out) * mask
        if self.doc:
            X = np.concatenate([X, self._pooled(X, keyed, starts, idx)], axis=1)
        E = X @ self.W_out + self.b_out
        return E, lengths, np.array(starts, dtype=np.int64)

    def _pooled(self, X: np.ndarray, keyed: list[list[str]], starts: list[int], idx: np.ndarray) -> np.ndarray:
        """Mean state of each content word's other occurrences within its document chunk."""
        info = self._info
        groups: dict[tuple[int, str], int] = {}
        tok_pos: list[int] = []
        tok_grp: list[int] = []
        for si, (ks, p) in enumerate(zip(keyed, starts)):
            chunk = si // DOC_SENTENCES
            for j in range(len(ks)):
                w, content = info[idx[p + j]]
                if content:
                    tok_pos.append(p + j)
                    tok_grp.append(groups.setdefault((chunk, w), len(groups)))
        P = np.zeros((X.shape[0], X.shape[1] + 1), dtype=np.float32)
        if not tok_pos:
            return P
        grp = np.array(tok_grp)
        cnt = np.bincount(grp)
        keep = cnt[grp] > 1  # words seen once have no other occurrence to pool
        if not keep.any():
            return P
        pos = np.array(tok_pos)[keep]
        grp = grp[keep]
        order = np.argsort(grp, kind="stable")
        pos, grp = pos[order], grp[order]
        first = np.flatnonzero(np.r_[True, grp[1:] != grp[:-1]])
        Xp = X[pos]
        sums = np.add.reduceat(Xp, first, axis=0)
        n = np.diff(np.r_[first, len(grp)])
        which = np.repeat(np.arange(len(first)), n)
        others = (n[which] - 1).astype(np.float32)
        P[pos, :-1] = (sums[which] - Xp) / others[:, None]
        P[pos, -1] = 1.0
        return P

    def tag_rawi_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for consecutive sentences of rawi-style tokens (no spaces inside)."""
        sentences = [list(s) for s in sentences]
        live = [s for s in sentences if s]
        if not live:
            return [[] for _ in sentences]
        tagged = iter(self.decode(*self.scores(live)))
        return [next(tagged) if s else [] for s in sentences]

    def decode(self, E: np.ndarray, lengths: list[int], starts: np.ndarray) -> list[list[str]]:
        """Viterbi over emission rows laid end to end (as :meth:`scores` returns them)."""
        L = np.array(lengths)
        T = int(L.max())
        gather = np.minimum(starts[:, None] + np.arange(T)[None, :], E.shape[0] - 1)
        ids = viterbi(E[gather], L, self.trans, self.start, self.end)
        labels = self.labels
        return [[labels[i] for i in row[:n]] for row, n in zip(ids.tolist(), lengths)]

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_rawi_sentences([tokens])[0] if tokens else []

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for consecutive sentences of tokens in any style (PEYMA in-token spaces allowed).

        Same contract as NerModel.tag_sentences: one tag per input token, IOB2 kept.
        """
        return tag_any_style(self, sentences)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_sentences([tokens])[0]


ENSEMBLE_WEIGHT = 2.0  # CRF marginals added to the neural scores; chosen on PEYMA dev (plateau 1.5-3)


class EnsembleNerModel:
    """The neural model's scores plus ENSEMBLE_WEIGHT x the CRF's per-token marginal
    probabilities, decoded with the neural transitions. More accurate, ~5x slower than the
    neural model alone (the CRF's features dominate). Selected by $RAWI_NER_MODEL=ensemble.
    """

    def __init__(self, nn: NeuralNerModel, crf, weight: float = ENSEMBLE_WEIGHT) -> None:
        self.nn, self.crf, self.weight = nn, crf, weight
        self.config = {"kind": "ensemble", "trained_on": sorted(set(nn.config.get("trained_on", []))
                                                                | set(crf.config.get("trained_on", [])))}
        self.labels = nn.labels
        known = set(crf.tagger.labels())
        self._cols = [(j, lab) for j, lab in enumerate(self.labels) if lab in known]

    @classmethod
    def load(cls, data_dir: Path = DATA) -> "EnsembleNerModel":
        from .model import NerModel

        return cls(NeuralNerModel.load(data_dir), NerModel.load(data_dir))

    def tag_rawi_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        sentences = [list(s) for s in sentences]
        live = [s for s in sentences if s]
        if not live:
            return [[] for _ in sentences]
        E, lengths, starts = self.nn.scores(live)
        E = E.copy()
        feats = self.crf.featurizer.sentences(live, use_doc=self.crf.config["doc"])
        tagger = self.crf.tagger
        w = self.weight
        for f, p in zip(feats, starts.tolist()):
            tagger.set(f)
            for j, lab in self._cols:
                E[p : p + len(f), j] += [w * tagger.marginal(lab, t) for t in range(len(f))]
        tagged = iter(self.nn.decode(E, lengths, starts))
        return [next(tagged) if s else [] for s in sentences]

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_rawi_sentences([tokens])[0] if tokens else []

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return tag_any_style(self, sentences)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        return self.tag_sentences([tokens])[0]
