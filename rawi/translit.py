"""English labels for Persian and Arabic names.

A curated list (rawi/lexicons/names_en.tsv) wins; otherwise a rule-based romanisation.
Persian script leaves short vowels unwritten, so the rules guess them the way
Arabic-origin names usually go (a between consonants: حلبی → Halabi, مصعب → Masab):
a reader's aid, not a scholarly transliteration; records keep the Persian span.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import rows

ZWNJ = "\u200c"
_CONS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "ع": "'",
    "غ": "gh", "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "'",
    "ئ": "'", "ؤ": "'", "أ": "a", "إ": "e",
}
_VOWELS = {"ا": "a", "آ": "a", "و": "u", "ی": "i"}


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    return {r[0].replace(ZWNJ, ""): r[1] for r in rows("names_en.tsv") if len(r) > 1}


def _word(w: str) -> str:
    known = _known().get(w.replace(ZWNJ, ""))
    if known:
        return known
    prefix = ""
    if w.startswith("ال") and len(w) > 4:
        inner = _known().get(w[2:])
        if inner:
            return "al-" + inner
        prefix, w = "al-", w[2:]
    seq: list[tuple[str, bool]] = []  # (letters, is_consonant)
    n = len(w)
    for i, ch in enumerate(w):
        if ch == ZWNJ:
            continue
        if ch in _VOWELS:
            glide = (ch == "و" and (i == 0 or (i + 1 < n and w[i + 1] in _VOWELS))) or \
                    (ch == "ی" and (i == 0 or (i + 1 < n and w[i + 1] in "او") or (w[i - 1] in "اآ" and i + 1 < n)))
            if glide:
                seq.append(("v" if ch == "و" else "y", True))
            else:
                seq.append(("o" if ch == "و" and i + 1 == n and i > 0 else _VOWELS[ch], False))
        elif ch == "ه" and i + 1 == n and i > 0:
            seq.append(("eh", False))
        elif ch in _CONS:
            seq.append((_CONS[ch], True))
        else:
            seq.append((ch, False))
    # Unwritten short vowels: after a word-initial consonant cluster, and inside runs of
    # three consonants (Persian syllables are CV, CVC or CVCC).
    out: list[str] = []
    run = 0
    for j, (sym, cons) in enumerate(seq):
        nxt_cons = j + 1 < len(seq) and seq[j + 1][1]
        out.append(sym)
        if cons:
            run += 1
            if nxt_cons and (j == 0 or run == 2):
                out.append("a")
                run = 0
        else:
            run = 0
    s = "".join(out).strip("'")
    return prefix + (s[:1].upper() + s[1:] if s else s)


_WORD = re.compile(r"[\u0600-\u06ff\u200c]+")


def name_en(name: str) -> str:
    """English label of a person's name: the curated spelling or a romanisation."""
    clean = " ".join(name.replace("«", " ").replace("»", " ").split())
    whole = _known().get(clean.replace(ZWNJ, ""))
    if whole:
        return whole
    return _WORD.sub(lambda m: _word(m.group(0)), clean)
