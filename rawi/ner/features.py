"""CRF features for one sentence, built fast from a per-word cache.

Why a cache: tagging must run at >= 20k tokens/s in Python, so everything that depends on a
word alone (affixes, shape, clusters, lexicon flags) is computed once per distinct word and
stored as ready-made feature strings for the word itself and for each context offset.
A sentence then costs list concatenation plus one gazetteer scan.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from .tokens import key

_FA_DIGITS = set("۰۱۲۳۴۵۶۷۸۹0123456789٠١٢٣٤٥٦٧٨٩")
_PUNCT = set(".,،;؛:!?؟«»\"'()[]{}-–—/\\%٪…*+=_|<>")
_LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Inflectional endings stripped for the 'stem' feature (plural, ezafe/indefinite, adjective).
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ان", "ی")
_LEXICON_FLAGS = ("title", "org_head", "loc_cue", "fac_cue", "country", "given_name")
OFFSETS = (-2, -1, 1, 2)
WIDE_OFFSETS = (-3, -2, -1, 1, 2, 3)
BACK = 7  # how far back a cue word still counts for a long name
_CLAUSE_BREAK = frozenset(["،", ",", ".", ":", "؛", ";", "!", "?", "؟", "»", "(", ")", "-", "که", "را", "است", "شد", "کرد", "گفت"])
DOC_WINDOW = 10  # sentences either side that count as the same document
DOC_STOP_RANK = 300  # the most frequent words carry no document evidence
VEC_OFFSETS = (0,)
VEC_SCALE = 2.0


def shape(w: str) -> str:
    """Coarse word class: digits, latin, punctuation, persian, mixed."""
    kinds = set()
    for ch in w:
        if ch in _FA_DIGITS:
            kinds.add("d")
        elif ch in _PUNCT:
            kinds.add("p")
        elif ch in _LATIN:
            kinds.add("l")
        else:
            kinds.add("f")
    return "".join(sorted(kinds))


def stem(w: str) -> str:
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 2:
            return w[: -len(s)]
    return w


# Words whose features stay cached (first come, never evicted): news vocabulary is Zipfian,
# so the first tens of thousands cover nearly every token, and memory stays bounded on a
# million-article archive (each cached word costs about 7 KB).
CACHE_WORDS = 30_000


@dataclass
class Resources:
    """Everything the features look up: word clusters, lexicon keys, gazetteer phrases."""

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lexicons: dict[str, frozenset[str]] = field(default_factory=dict)
    gazetteer: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)  # first key -> (phrase, type)
    vectors: dict[str, tuple[float, ...]] = field(default_factory=dict)  # word -> dense vector
    memory: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)  # names seen in training -> label

    @staticmethod
    def index_phrases(phrases: Iterable[tuple[tuple[str, ...], str]]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
        """first key -> ((phrase, type), ...), longest first; the first type listed wins a tie."""
        by_first: dict[str, dict[tuple[str, ...], str]] = {}
        for p, typ in phrases:
            if p:
                by_first.setdefault(p[0], {}).setdefault(p, typ)
        return {k: tuple(sorted(v.items(), key=lambda x: -len(x[0]))) for k, v in by_first.items()}


class Featurizer:
    def __init__(self, res: Resources, wide: bool = False, vec_offsets: Sequence[int] = VEC_OFFSETS) -> None:
        self.res = res
        self.vec_offsets = tuple(vec_offsets)
        self.offsets = WIDE_OFFSETS if wide else OFFSETS
        self._cache: dict[str, tuple[list[str], dict[int, list[str]]]] = {}
        self._flags: dict[str, tuple[str, ...]] = {}
        self._vcache: dict[str, dict[int, dict[str, float]]] = {}
        self._empty: dict[int, dict[str, float]] = {o: {} for o in self.vec_offsets}
        self.stop = frozenset(list(res.clusters)[:DOC_STOP_RANK])

    def _vec(self, w: str) -> dict[int, dict[str, float]]:
        got = self._vcache.get(w)
        if got is None:
            v = self.res.vectors.get(w)
            if v is None and shape(w) == "f":
                v = self.res.vectors.get(stem(w))
            if v is None:
                got = self._empty
            else:
                got = {o: {f"v{j}[{o}]": x * VEC_SCALE for j, x in enumerate(v)} for o in self.vec_offsets}
            if len(self._vcache) < CACHE_WORDS:
                self._vcache[w] = got
        return got

    def _word(self, k: str) -> tuple[list[str], dict[int, list[str]]]:
        got = self._cache.get(k)
        if got is not None:
            return got
        sh = shape(k)
        w = k.lower() if "l" in sh else k
        if "d" in sh:
            w = "".join("0" if c in _FA_DIGITS else c for c in w)
        own = ["w=" + w, "sh=" + sh, "len=" + str(min(len(w), 8))]
        if sh == "f":
            own += ["p2=" + w[:2], "p3=" + w[:3], "s1=" + w[-1:], "s2=" + w[-2:], "s3=" + w[-3:], "s4=" + w[-4:]]
            st = stem(w)
            if st != w:
                own.append("st=" + st)
        cl = self.res.clusters.get(w)
        if cl is None and sh == "f":
            cl = self.res.clusters.get(stem(w))
            tagc = "cs"
        else:
            tagc = "c"
        flags = [n for n in _LEXICON_FLAGS if w in self.res.lexicons.get(n, ())]
        if cl:
            own += [f"{tagc}{j}={c}" for j, c in enumerate(cl)]
        own += ["L=" + f for f in flags]
        ctx: dict[int, list[str]] = {}
        for o in self.offsets:
            f = [f"w[{o}]={w}"]
            if cl:
                f += [f"c{j}[{o}]={c}" for j, c in enumerate(cl)]
            if abs(o) == 1:
                f.append(f"sh[{o}]={sh}")
                if sh == "f":
                    f.append(f"s2[{o}]={w[-2:]}")
            f += [f"L[{o}]={x}" for x in flags]
            ctx[o] = f
        got = (own, ctx)
        if len(self._cache) < CACHE_WORDS:
            self._cache[k] = got
            self._flags[k] = tuple(flags)
        return got

    def flags(self, k: str) -> tuple[str, ...]:
        """Lexicon flags of word key ``k`` (cached alongside its features)."""
        got = self._flags.get(k)
        if got is None:
            self._word(k)
            got = self._flags.get(k)
            if got is None:  # cache full
                got = tuple(x[2:] for x in self._word(k)[0] if x.startswith("L="))
        return got

    def gazetteer_tags(self, keys: Sequence[str], index: Optional[dict] = None) -> list[str]:
        """Greedy longest match of gazetteer phrases: 'B-type'/'I-type' per token, '' outside."""
        out = [""] * len(keys)
        gz = self.res.gazetteer if index is None else index
        if not gz:
            return out
        i, n = 0, len(keys)
        while i < n:
            cands = gz.get(keys[i])
            hit = 0
            if cands:
                for p, typ in cands:
                    m = len(p)
                    if i + m <= n and tuple(keys[i : i + m]) == p:
                        hit = m
                        break
            if hit:
                out[i] = "B-" + typ
                for j in range(i + 1, i + hit):
                    out[j] = "I-" + typ
                i += hit
            else:
                i += 1
        return out

    def sentence(self, tokens: Sequence[str], doc: Optional[list[str]] = None) -> list:
        """Features (one list, or dict with dense values, per token) for rawi-style tokens.

        ``doc``: per-token document features from :meth:`document` (or None).
        """
        keys = [key(t) for t in tokens]
        W = [self._word(k) for k in keys]
        gz = self.gazetteer_tags(keys)
        mem = self.gazetteer_tags(keys, self.res.memory)
        n = len(keys)
        feats: list[list[str]] = []
        last: dict[str, int] = {}  # lexicon flag -> index of its latest token in this clause
        inq = False
        for i in range(n):
            f = ["bias"]
            f += W[i][0]
            # Long names ("وزارت ارتباطات و فناوری اطلاعات"): how far back the clause's
            # latest cue word is, and whether we are inside «...» quotes.
            for flag, j in last.items():
                d = i - j
                if 2 < d <= BACK:
                    f.append(f"back={flag}:{d if d < 5 else 5}")
            if inq:
                f.append("inq")
            w_i = keys[i]
            if w_i in _CLAUSE_BREAK:
                last.clear()
            for x in self.flags(keys[i]):
                last[x] = i
            if w_i == "«":
                inq = True
            elif w_i == "»":
                inq = False
            for o in self.offsets:
                j = i + o
                if 0 <= j < n:
                    f += W[j][1][o]
                elif j == -1 or j == n:
                    f.append(f"edge[{o}]")
            if gz[i]:
                f.append("gz=" + gz[i])
            if mem[i]:
                f.append("mem=" + mem[i])
            if doc is not None:
                f += doc[i]
            if i > 0:
                f.append("b-=" + W[i - 1][0][0][2:] + "|" + W[i][0][0][2:])
                if gz[i - 1]:
                    f.append("gz[-1]=" + gz[i - 1])
            if i + 1 < n:
                f.append("b+=" + W[i][0][0][2:] + "|" + W[i + 1][0][0][2:])
                if gz[i + 1]:
                    f.append("gz[1]=" + gz[i + 1])
            feats.append(f)
        if self.res.vectors:
            V = [self._vec(W[i][0][0][2:]) for i in range(n)]
            items = []
            for i, f in enumerate(feats):
                d = dict.fromkeys(f, 1.0)
                for o in self.vec_offsets:
                    j = i + o
                    if 0 <= j < n:
                        d.update(V[j][o])
                items.append(d)
            return items
        return feats

    def document(self, sentences: Sequence[Sequence[str]], window: int = DOC_WINDOW) -> list[list[list[str]]]:
        """Document features: how the same word is used in nearby sentences.

        Why: a name is often introduced once with a cue ("سرلشکر حسن فیروزآبادی") and then
        repeated bare ("فیروزآبادی گفت"). For each content word we list the neighbours of its
        other occurrences within ``window`` sentences (their words and lexicon flags), so the
        bare mention inherits the evidence. Computed from the text only, never from labels.
        """
        keys = [[self._word(key(t))[0][0][2:] for t in s] for s in sentences]
        stop = self.stop
        occ: dict[str, list[tuple[int, int]]] = {}
        for si, ks in enumerate(keys):
            for pi, k in enumerate(ks):
                if k not in stop and len(k) > 1 and self._word(k)[0][1] == "sh=f":
                    occ.setdefault(k, []).append((si, pi))
        desc: dict[tuple[int, int], tuple[str, ...]] = {}

        def describe(si: int, pi: int) -> tuple[str, ...]:
            d = desc.get((si, pi))
            if d is None:
                ks = keys[si]
                out = []
                if pi > 0:
                    out.append("D-1=" + ks[pi - 1])
                    out += ["DL-1=" + x for x in self.flags(ks[pi - 1])]
                else:
                    out.append("D-1=^")
                if pi + 1 < len(ks):
                    out.append("D+1=" + ks[pi + 1])
                    out += ["DL+1=" + x for x in self.flags(ks[pi + 1])]
                d = desc[(si, pi)] = tuple(out)
            return d

        result: list[list[list[str]]] = []
        for si, ks in enumerate(keys):
            sent_feats: list[list[str]] = []
            for pi, k in enumerate(ks):
                places = occ.get(k)
                if not places or len(places) == 1:
                    sent_feats.append([])
                    continue
                feats: set[str] = set()
                n = 0
                for sj, pj in places:
                    if abs(sj - si) <= window and (sj, pj) != (si, pi):
                        n += 1
                        feats.update(describe(sj, pj))
                if n:
                    feats.add("Dn=" + ("1" if n == 1 else "2" if n <= 3 else "4"))
                sent_feats.append(sorted(feats))
            result.append(sent_feats)
        return result

    def sentences(self, sentences: Sequence[Sequence[str]], use_doc: bool = True) -> list[list]:
        """Features for consecutive sentences of one text (document features included)."""
        docf = self.document(sentences) if use_doc else [None] * len(sentences)
        return [self.sentence(s, d) for s, d in zip(sentences, docf)]
