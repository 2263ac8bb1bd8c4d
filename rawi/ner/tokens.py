"""Token normalisation shared by training and inference.

Why: PEYMA writes a space inside a token where a ZWNJ belongs ("می شود"), Arman glues
plural ها, rawi's inference text has ZWNJ restored. The tagger therefore sees every token
through :func:`key`, its normalised form with ZWNJ removed, so "می شود", "می‌شود" and
"میشود" are the same word to the model.
"""
from __future__ import annotations

from functools import lru_cache

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
    """The identity the model sees: normalised, ZWNJ removed, in-token spaces removed."""
    return norm(tok.replace(" ", ZWNJ)).replace(ZWNJ, "")
