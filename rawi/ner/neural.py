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
once (sentences laid end to end), and a batched Viterbi.
"""
from __future__ import annotations

import itertools
import zlib
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .features import Resources, shape, stem
from .lexicon import DATA
from .tokens import TaggerMethods, key

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
CACHE_WORDS = 1 << 15  # 2 KB each (input row + the first layer's three products): at most 64 MiB


def word_form(k: str) -> tuple[str, str]:
    """(the form the model sees, shape): latin lower-cased, every digit 0."""
    sh = shape(k)
    w = k.lower() if "l" in sh else k
    if "d" in sh:
        w = "".join("0" if c in _DIGITS else c for c in w)
    return w, sh


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (HASH_BUCKETS - 1)


_AFFIX_BUCKETS: dict[str, int] = {}  # affix feature -> bucket: affixes recur across words


def _affix_buckets(feats: list[str]) -> list[int]:
    get = _AFFIX_BUCKETS.get
    out = [get(f) for f in feats]
    if None in out:
        if len(_AFFIX_BUCKETS) > 1 << 18:
            _AFFIX_BUCKETS.clear()  # bounded (there are only so many 1-4 letter affixes)
        out = [_AFFIX_BUCKETS.setdefault(f, _h(f)) if b is None else b for f, b in zip(feats, out)]
    return out


def hashed_features(w: str, sh: str) -> list[int]:
    """Bucket ids of the word and its affixes (stable across processes: crc32)."""
    head = [_h("w=" + w)]
    if sh == "f":
        head += _affix_buckets(["len=" + str(min(len(w), 8)), "p2=" + w[:2], "p3=" + w[:3], "s1=" + w[-1:],
                                "s2=" + w[-2:], "s3=" + w[-3:], "s4=" + w[-4:]])
        st = stem(w)
        if st != w:
            head.append(_h("st=" + st))
        return head
    return head + _affix_buckets(["len=" + str(min(len(w), 8)), "sh=" + sh, "p1=" + w[:1], "s1=" + w[-1:]])


_GAZ_B = {t[2:]: i for i, t in enumerate(GAZ_TAGS) if t.startswith("B-")}  # phrase type -> its B- tag id


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
    Each step is a handful of numpy calls on tiny (B, K, K) arrays, so their count and kind
    is the cost: scores are laid out [sentence, to, from] so that the arg-max runs along the
    contiguous last axis, and the best score is gathered at the arg-max (``take``) instead of a
    second reduction (numpy's ``max`` over such small arrays costs twice an ``argmax``). The
    values are the same float32 sums as a plain max, and ties go to the first tag either way.
    """
    B, T, K = emit.shape
    order = np.argsort(-lengths, kind="stable")
    L = lengths[order]
    em = np.ascontiguousarray(emit[order].transpose(1, 0, 2))  # T, B, K
    score = start[None, :] + em[0]
    bps = np.empty((max(T - 1, 0), B, K), dtype=np.intp)
    bps[:] = np.arange(K)
    alive = np.searchsorted(-L, -np.arange(T), side="left").tolist()  # alive[t] = #sentences with length > t
    to_from = np.ascontiguousarray(trans.T)
    s = np.empty((B, K, K), dtype=np.result_type(score, trans))  # s[b, to, from]
    flat = s.reshape(-1)
    base = np.arange(B * K, dtype=np.intp).reshape(B, K) * K  # flat offset of s[b, to, 0]
    at = np.empty((B, K), dtype=np.intp)
    n = -1
    for t in range(1, T):
        if alive[t] != n:  # the views change only when a sentence ends (slicing costs per step too)
            n = alive[t]
            st, a, sc, sc3, bs = s[:n], at[:n], score[:n], score[:n, None, :], base[:n]
        bp = bps[t - 1, :n]
        np.add(sc3, to_from, out=st)
        st.argmax(2, out=bp)
        np.add(bs, bp, out=a)
        np.add(flat.take(a), em[t, :n], out=sc)
    score += end
    out = np.empty((T, B), dtype=np.intp)
    cur = score.argmax(1)
    out[T - 1] = cur
    b = np.arange(B)
    for t in range(T - 1, 0, -1):
        cur = bps[t - 1][b, cur]
        out[t - 1] = cur
    res = np.empty((B, T), dtype=np.intp)
    res[order] = out.T
    return res


class NeuralNerModel(TaggerMethods):
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
        # each layer's (left, centre, right) weights as separate contiguous blocks: see scores()
        self._taps = []
        for d, W, b in self.convs:
            h = W.shape[1] // 3
            left, mid, right = (np.ascontiguousarray(W[:, i * h : (i + 1) * h]) for i in range(3))
            self._taps.append((d, left, mid, right, b))
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
        self._reset_cache()

    @classmethod
    def load(cls, data_dir: Path = DATA, model_path: Optional[Path] = None) -> "NeuralNerModel":
        path = model_path or data_dir / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path}: neural NER model missing; build it with scripts/train_ner_nn.py")
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        return cls(arrays, load_gazetteer(data_dir), load_flags())

    # ------------------------------------------------------------------ word rows
    def _reset_cache(self) -> None:
        """Empty per-word cache: row id per key and per token as written, the projected rows,
        and per row its key, the id of the form the model sees (document pooling groups by
        form), whether it is a content word and whether a gazetteer phrase starts with it.
        Plain arrays, str lists and str -> int dicts: nothing for the garbage collector to walk."""
        self._rows: dict[str, int] = {}
        self._tok_rows: dict[str, int] = {}  # token as written -> row of its key()
        self._keys: list[str] = []  # row -> key
        self._n = 0  # rows in use
        self._cache = np.zeros((1024, self.H), dtype=np.float32)
        # the first convolution's three tap products of each word's row (as if outside any
        # gazetteer phrase): that layer then costs row gathers instead of matrix products
        self._tap0 = [np.zeros((1024, self.H), dtype=np.float32) for _ in range(3 if self._taps else 0)]
        self._form = np.zeros(1024, dtype=np.int64)
        self._content = np.zeros(1024, dtype=bool)
        self._gaz_start = np.zeros(1024, dtype=bool)
        self._form_ids: dict[str, int] = {}

    def _row_ids(self, flat: list[str]) -> list[int]:
        """Cache row of every token in ``flat`` (tokens as written), computing the rows of
        keys not seen before.

        Tokens already seen map straight to their row (one C-level ``map`` over the text);
        :func:`key` runs only for tokens not seen before. The words computed together are
        exactly the text's keys without a row, sorted, as when every token was keyed first.
        """
        ids = list(map(self._tok_rows.get, flat))
        if None in ids:
            keys = {t: key(t) for t in {t for t, i in zip(flat, ids) if i is None}}
            rows = self._rows
            new = {k for k in keys.values() if k not in rows}
            if self._n + len(new) > CACHE_WORDS or len(self._tok_rows) > 2 * CACHE_WORDS:
                self._reset_cache()  # bounded memory on endless streams: start over
                keys = {t: key(t) for t in set(flat)}  # this text's other words were dropped too
                new = set(keys.values())
            if new:
                self._add_words(sorted(new))
            rows = self._rows
            self._tok_rows.update((t, rows[k]) for t, k in keys.items())
            ids = list(map(self._tok_rows.__getitem__, flat))
        return ids

    def _grow(self, need: int) -> None:
        if need <= self._cache.shape[0]:
            return
        size = max(need, 2 * self._cache.shape[0])
        def grown(old: np.ndarray) -> np.ndarray:
            new = np.zeros((size,) + old.shape[1:], dtype=old.dtype)
            new[: self._n] = old[: self._n]
            return new

        for name in ("_cache", "_form", "_content", "_gaz_start"):
            setattr(self, name, grown(getattr(self, name)))
        self._tap0 = [grown(t) for t in self._tap0]

    def _add_words(self, ks: list[str]) -> None:
        """Compute and cache the projected word-only input row of each new key.

        The per-word Python work fills plain lists; numpy sees each input once, as a whole
        array (setting numpy elements one at a time costs more than the features themselves).
        """
        n = len(ks)
        pre_get, flags_get, stop, form_ids = self.pre_index.get, self.flags.get, self.stop, self._form_ids
        pre: list[int] = []
        oov: list[float] = []
        shp: list[int] = []
        masks: list[int] = []
        hidx: list[list[int]] = []
        forms: list[int] = []
        content: list[bool] = []
        pad = [HASH_BUCKETS] * 12  # HASH_BUCKETS: the zero row
        for k in ks:
            w, sh = word_form(k)
            j = pre_get(w)
            if j is None and sh == "f":
                j = pre_get(stem(w))
            pre.append(0 if j is None else j)
            oov.append(1.0 if j is None else 0.0)
            shp.append(shape_id(sh))
            masks.append(flags_get(w, 0))
            hs = hashed_features(w, sh)
            hidx.append(hs + pad[len(hs):])
            forms.append(form_ids.setdefault(w, len(form_ids)))
            content.append(sh == "f" and len(w) > 1 and w not in stop)
        oov_a = np.array(oov, dtype=np.float32)
        flg = ((np.array(masks, dtype=np.int64)[:, None] >> np.arange(len(FLAGS))) & 1).astype(np.float32)
        vec = self.pre_vecs[np.array(pre, dtype=np.int64)].astype(np.float32) * (1.0 - oov_a)[:, None]
        hb = self.hash_emb[np.array(hidx, dtype=np.int64)].astype(np.float32).sum(1)
        rows = vec @ self.W_pre + oov_a[:, None] * self.w_oov[None, :] + hb @ self.W_hash
        rows += self.shape_proj[np.array(shp, dtype=np.int64)] + flg @ self.W_flags + self.b0
        base = self._n
        need = base + n
        self._grow(need)
        self._cache[base:need] = rows
        if self._tap0:
            X0 = rows + self.gaz_proj[0]  # the layer input of a word outside any phrase
            for tap, W in zip(self._tap0, self._taps[0][1:4]):
                tap[base:need] = X0 @ W
        self._form[base:need] = forms
        self._content[base:need] = content
        gaz = self.gazetteer
        self._gaz_start[base:need] = [k in gaz for k in ks] if gaz else False
        self._rows.update(zip(ks, range(base, need)))
        self._keys += ks
        self._n = need

    def _gazetteer_ids(self, flat: list[str], lengths: list[int], cand: Optional[list[int]] = None) -> list[int]:
        """:func:`gazetteer_tags` of every sentence, for all sentences' keys laid end to end.

        Only tokens that start some phrase are looked at (``cand``, their positions in
        order; :meth:`scores` reads them off a per-row flag); a match never crosses a sentence
        end, and matches are taken left to right, longest first, exactly as
        :func:`gazetteer_tags` takes them.
        """
        out = [0] * len(flat)
        index = self.gazetteer
        if not index:
            return out
        if cand is None:
            cand = [i for i, k in enumerate(flat) if k in index]
        if not cand:
            return out
        ends = list(itertools.accumulate(lengths))
        si = 0
        free = 0  # first position not covered by an earlier match
        for i in cand:
            if i < free:
                continue
            while ends[si] <= i:
                si += 1
            n = ends[si]
            for p, typ in index[flat[i]]:
                m = len(p)
                if i + m <= n and tuple(flat[i : i + m]) == p:
                    b = _GAZ_B.get(typ, 0)
                    if b:
                        out[i] = b
                        out[i + 1 : i + m] = [b + 1] * (m - 1)
                    free = i + m
                    break
        return out

    # ------------------------------------------------------------------ tagging
    def scores(self, sentences: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int], np.ndarray]:
        """Emission scores of all tokens laid end to end: (N_tokens, K), lengths, sentence starts.

        Sentences are laid end to end with no gap: each convolution tap is one product over
        all tokens, and the rows of a shifted tap that would reach across a sentence end (the
        first/last ``d`` tokens of each sentence) are zeroed before they are added, which is
        what zero padding between the sentences gives, without multiplying the padding.
        The first layer's products come from the word cache (:meth:`_add_words`), except for
        tokens inside a gazetteer phrase, whose input row differs.
        """
        lengths = [len(s) for s in sentences]
        row_list = self._row_ids(list(itertools.chain.from_iterable(sentences)))
        rows = np.array(row_list, dtype=np.int64)
        N = len(row_list)
        L = np.array(lengths, dtype=np.int64)
        ends = np.cumsum(L)
        starts = ends - L
        cand = np.flatnonzero(self._gaz_start[rows]).tolist()
        if cand:  # keys only where a phrase may start, and for the tokens after it
            gz = self._gazetteer_ids(list(map(self._keys.__getitem__, row_list)), lengths, cand)
        else:
            gz = [0] * N
        X = self._cache[rows]
        X += self.gaz_proj[np.array(gz, dtype=np.int64)]
        idx = np.arange(N, dtype=np.int64)
        from_start = idx - np.repeat(starts, L)  # position inside its sentence
        to_end = np.repeat(ends, L) - 1 - idx  # tokens after it in its sentence
        H = self.H
        last = len(self.convs) - 1
        XP = None
        in_phrase = np.flatnonzero(np.array(gz, dtype=bool)) if cand else None
        for li, (d, W_left, W_mid, W_right, b) in enumerate(self._taps):
            # one product per tap, each into its own contiguous array: the adds and the ReLU then
            # run over contiguous rows (a tap sliced out of one X @ W is strided: 2-3x slower)
            if li == 0:  # the word rows' products, cached; tokens inside a phrase done here
                t_left, t_mid, t_right = (t[rows] for t in self._tap0)
                if in_phrase is not None and in_phrase.size:
                    Xg = X[in_phrase]
                    for t, W in ((t_left, W_left), (t_mid, W_mid), (t_right, W_right)):
                        t[in_phrase] = Xg @ W
                out = t_mid
            else:
                out = X @ W_mid
            out += b
            if d < N:
                tap = t_left[:-d] if li == 0 else X[:-d] @ W_left  # row t feeds token t + d
                tap[from_start[d:] < d] = 0.0
                out[d:] += tap
                tap = t_right[d:] if li == 0 else X[d:] @ W_right  # row t + d feeds token t
                tap[to_end[:-d] < d] = 0.0
                out[:-d] += tap
            np.maximum(out, 0.0, out=out)
            if li == last and self.doc:  # the last layer writes into the output layer's input
                XP = np.zeros((N, 2 * H + 1), dtype=np.float32)
                X = np.add(X, out, out=XP[:, :H])
            else:
                X = X + out
        if self.doc:
            if XP is None:  # no convolution layers
                XP = np.zeros((N, 2 * H + 1), dtype=np.float32)
                XP[:, :H] = X
            self._pooled(XP, rows, idx, L)
            X = XP
        E = X @ self.W_out + self.b_out
        return E, lengths, starts

    def _pooled(self, XP: np.ndarray, rows: np.ndarray, tokpos: np.ndarray, lengths: np.ndarray) -> None:
        """Mean state of each content word's other occurrences within its document chunk.

        ``XP[:, :H]`` holds the encoder states; the means go to ``XP[:, H:2H]`` and a 1 to
        the last column of every token that has another occurrence. Tokens are grouped by
        (chunk of DOC_SENTENCES sentences, form) with one stable sort, so each group's rows
        are summed in text order.
        """
        H = self.H
        sel = np.flatnonzero(self._content[rows])
        if not sel.size:
            return
        chunk = np.repeat(np.arange(len(lengths), dtype=np.int64) // DOC_SENTENCES, lengths)
        grp = chunk[sel] * (len(self._form_ids) + 1) + self._form[rows[sel]]
        order = np.argsort(grp, kind="stable")
        grp, pos = grp[order], tokpos[sel[order]]
        first = np.flatnonzero(np.r_[True, grp[1:] != grp[:-1]])
        n = np.diff(np.r_[first, len(grp)])
        multi = n > 1  # words seen once have no other occurrence to pool
        if not multi.any():
            return
        pos = pos[np.repeat(multi, n)]
        n = n[multi]
        first = np.r_[0, np.cumsum(n)[:-1]]
        Xp = XP[pos, :H]
        sums = np.add.reduceat(Xp, first, axis=0)
        which = np.repeat(np.arange(len(n)), n)
        others = (n[which] - 1).astype(np.float32)
        XP[pos, H:-1] = (sums[which] - Xp) / others[:, None]
        XP[pos, -1] = 1.0

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
