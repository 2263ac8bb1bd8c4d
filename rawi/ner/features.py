"""CRF features for one sentence, built fast from a per-word cache.

Why a cache: tagging must run at >= 20k tokens/s in Python, so everything that depends on a
word alone (affixes, shape, clusters, lexicon flags) is computed once per distinct word and
stored as ready-made feature strings for the word itself and for each context offset.
A sentence then costs list concatenation plus one gazetteer scan.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .tokens import key

_FA_DIGITS = set("۰۱۲۳۴۵۶۷۸۹0123456789٠١٢٣٤٥٦٧٨٩")
_PUNCT = set(".,،;؛:!?؟«»\"'()[]{}-–—/\\%٪…*+=_|<>")
_LATIN = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# Inflectional endings stripped for the 'stem' feature (plural, ezafe/indefinite, adjective).
_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ان", "ی")
_LEXICON_FLAGS = ("title", "org_head", "loc_cue", "fac_cue", "country", "given_name")
OFFSETS = (-2, -1, 1, 2)


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


@dataclass
class Resources:
    """Everything the features look up: word clusters, lexicon keys, gazetteer phrases."""

    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lexicons: dict[str, frozenset[str]] = field(default_factory=dict)
    gazetteer: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # first key -> phrases

    @staticmethod
    def index_phrases(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for p in phrases:
            if p:
                by_first.setdefault(p[0], set()).add(p)
        return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


class Featurizer:
    def __init__(self, res: Resources) -> None:
        self.res = res
        self._cache: dict[str, tuple[list[str], dict[int, list[str]]]] = {}

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
        for o in OFFSETS:
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
        if len(self._cache) < 500_000:
            self._cache[k] = got
        return got

    def gazetteer_tags(self, keys: Sequence[str]) -> list[str]:
        """Greedy longest match of gazetteer phrases: 'B'/'I' per token, '' outside."""
        out = [""] * len(keys)
        gz = self.res.gazetteer
        i, n = 0, len(keys)
        while i < n:
            cands = gz.get(keys[i])
            hit = 0
            if cands:
                for p in cands:
                    m = len(p)
                    if i + m <= n and tuple(keys[i : i + m]) == p:
                        hit = m
                        break
            if hit:
                out[i] = "B"
                for j in range(i + 1, i + hit):
                    out[j] = "I"
                i += hit
            else:
                i += 1
        return out

    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists (one per token) for a sentence of rawi-style tokens."""
        keys = [key(t) for t in tokens]
        W = [self._word(k) for k in keys]
        gz = self.gazetteer_tags(keys)
        n = len(keys)
        feats: list[list[str]] = []
        for i in range(n):
            f = ["bias"]
            f += W[i][0]
            for o in OFFSETS:
                j = i + o
                if 0 <= j < n:
                    f += W[j][1][o]
                elif j == -1 or j == n:
                    f.append(f"edge[{o}]")
            if gz[i]:
                f.append("gz=" + gz[i])
            if i > 0:
                f.append("b-=" + W[i - 1][0][0][2:] + "|" + W[i][0][0][2:])
                if gz[i - 1]:
                    f.append("gz[-1]=" + gz[i - 1])
            if i + 1 < n:
                f.append("b+=" + W[i][0][0][2:] + "|" + W[i + 1][0][0][2:])
                if gz[i + 1]:
                    f.append("gz[1]=" + gz[i + 1])
            feats.append(f)
        return feats
