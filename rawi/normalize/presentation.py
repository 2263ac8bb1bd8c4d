"""Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) to standard letters.

Why: text copied out of PDFs and some old sites spells every letter in its contextual
glyph (ﻣﻨﺎﺑﻊ for منابع); no lexicon, gazetteer or cue matches it, so such an article came
out with no attributions and no places. The mapping is Unicode's compatibility
decomposition (NFKC) of each character alone, so a ligature (ﻻ, ﷲ) becomes several
letters that all map back to the one raw character, and the offset map stays true.
U+FEFF (the byte-order mark) is left to the invisible-character rule.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


@lru_cache(maxsize=4096)
def standard(ch: str) -> str:
    """The standard letters of one presentation-form character (itself when it has none).

    An isolated harakat form (U+FE70 ﹰ) decomposes to a space and the mark: the space is
    dropped, so the mark sits on its letter as in ordinary text."""
    out = unicodedata.normalize("NFKC", ch)
    if out != ch and out.startswith(" ") and len(out) > 1:
        out = out.lstrip(" ")
    return out or ch


def replace(m: re.Match) -> str:
    return standard(m.group(0))


# ---------------------------------------------------------------- the reverse, for tests
_FORMS: dict[str, dict[str, str]] = {}


def _forms() -> dict[str, dict[str, str]]:
    """letter -> {isolated|initial|medial|final: presentation form}, from the Unicode data."""
    if not _FORMS:
        for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
            d = unicodedata.decomposition(chr(cp)).split()
            if len(d) == 2 and d[0] in ("<isolated>", "<initial>", "<medial>", "<final>"):
                _FORMS.setdefault(chr(int(d[1], 16)), {}).setdefault(d[0][1:-1], chr(cp))
    return _FORMS


_NON_JOINING = set("اآأإٱدذرزژوؤءةۀ")


def to_presentation_forms(text: str) -> str:
    """``text`` rewritten in contextual presentation forms (how a PDF extractor emits it)."""
    forms = _forms()
    out = []
    for i, c in enumerate(text):
        f = forms.get(c)
        if not f:
            out.append(c)
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        joins_prev = prev in forms and prev not in _NON_JOINING
        joins_next = c not in _NON_JOINING and nxt in forms
        key = ("medial" if joins_next else "final") if joins_prev else ("initial" if joins_next else "isolated")
        out.append(f.get(key) or f.get("isolated") or c)
    return "".join(out)
