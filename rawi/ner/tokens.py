"""Token normalisation shared by training and inference.

Why: PEYMA writes a space inside a token where a ZWNJ belongs ("می شود"), Arman glues
plural ها, rawi's inference text has ZWNJ restored. The tagger therefore sees every token
through :func:`key`, its normalised form with ZWNJ removed, so "می شود", "می‌شود" and
"میشود" are the same word to the model.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from ..normalize import normalize_text
from .lexicon import entries

ZWNJ = "\u200c"


def _split_words() -> tuple[frozenset[str], frozenset[str]]:
    left, right = set(), set()
    for e in entries("multiword_split"):
        if e.startswith("right:"):
            right.add(e[6:])
        else:
            left.add(e)
    return frozenset(left), frozenset(right)


_LEFT, _RIGHT = _split_words()


def split_token(tok: str) -> list[str]:
    """PEYMA-style token -> the tokens rawi's segmenter would produce.

    An in-token space becomes a ZWNJ ("می شود" -> "می‌شود") unless a function word
    marks a real word boundary ("از جمله" -> ["از", "جمله"]).
    """
    tok = tok.strip()
    if " " not in tok:
        return [tok] if tok else []
    parts = tok.split()
    out = [parts[0]]
    for p in parts[1:]:
        prev_last = out[-1].rsplit(ZWNJ, 1)[-1]
        if prev_last in _LEFT or p in _RIGHT:
            out.append(p)
        else:
            out[-1] = out[-1] + ZWNJ + p
    return out


# Tokens made only of these characters are already in rawi's normal form (plain Persian
# letters, Persian digits): the normaliser is skipped for them, which is most of the speed
# of tagging new text. Checked against the full normaliser in tests/test_ner.py.
_PLAIN = frozenset("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءئؤأإ۰۱۲۳۴۵۶۷۸۹")


@lru_cache(maxsize=200_000)
def norm(tok: str) -> str:
    """rawi's character normalisation of one token (letters, digits to Persian).

    ZWNJ restoration is skipped: :func:`key` drops ZWNJ anyway, and the restorer's
    lexicon would cost seconds at model load.
    """
    if _PLAIN.issuperset(tok):
        return tok
    s = normalize_text(tok, zwnj=False)
    if " " in s or "\n" in s:  # normaliser spacing rules must not split a token
        s = "".join(s.split())
    return s or tok


@lru_cache(maxsize=200_000)
def key(tok: str) -> str:
    """The identity the model sees: normalised, ZWNJ removed, in-token spaces removed.

    Plain letters with ZWNJs (می‌شود, the usual multi-part word) skip the normaliser: on
    such a token it only drops or merges ZWNJs, which the key removes anyway (a normaliser
    call costs ~15 us, ~9 new ones per article; checked in tests/test_ner.py).
    """
    s = tok.replace(" ", ZWNJ)
    bare = s.replace(ZWNJ, "")
    if bare and _PLAIN.issuperset(bare):
        return bare
    return norm(s).replace(ZWNJ, "")


def tag_any_style(model, sentences) -> list[list[str]]:
    """Tags for tokens in any style (PEYMA in-token spaces allowed), one tag per input token.

    Each token is split as rawi's segmenter would (``split_token``), ``model.tag_rawi_sentences``
    tags the pieces, and a multiword token gets the first non-O tag of its parts. Shared by
    every model kind (CRF, neural, ensemble).
    """
    pieces_all: list[list[str]] = []
    owners: list[list[int]] = []
    for tokens in sentences:
        pieces: list[str] = []
        owner: list[int] = []
        for i, t in enumerate(tokens):
            parts = split_token(t) or [t if t else "_"]
            pieces += parts
            owner += [i] * len(parts)
        pieces_all.append(pieces)
        owners.append(owner)
    subs = model.tag_rawi_sentences(pieces_all)
    return [merge_tags(sub, owner, len(tokens)) for sub, owner, tokens in zip(subs, owners, sentences)]


class TaggerMethods:
    """``tag_tokens``, ``tag_sentences`` and ``tag`` for any model with ``tag_rawi_sentences``
    (the CRF, the neural tagger and the ensemble share them)."""

    def tag_rawi_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:  # pragma: no cover
        raise NotImplementedError

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence of rawi-style tokens."""
        return self.tag_rawi_sentences([tokens])[0] if tokens else []

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for consecutive sentences of tokens in any style (PEYMA in-token spaces allowed).

        Nearby sentences share document evidence, so pass a whole text at once. A PEYMA
        multiword token ("از جمله") is tagged as its parts and gets the first non-O tag of its
        parts, so output stays one tag per input token (IOB2 kept).
        """
        return tag_any_style(self, sentences)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence (see :meth:`tag_sentences`)."""
        return self.tag_sentences([tokens])[0]


def merge_tags(sub: list[str], owner: list[int], n: int) -> list[str]:
    """Tags of split pieces back to one tag per original token, IOB2 kept valid."""
    if len(sub) == n:
        return sub
    out = ["O"] * n
    seen: set[int] = set()
    for tag, i in zip(sub, owner):
        if i in seen:
            continue
        if tag != "O":
            out[i] = tag
            seen.add(i)
    for i in range(1, n):  # keep IOB2 valid after merging
        t = out[i]
        if t.startswith("I-") and out[i - 1][2:] != t[2:]:
            out[i] = "B-" + t[2:]
    return out
