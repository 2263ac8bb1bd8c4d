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


_TITLE_WORDS = {"آیت‌الله", "آیت", "الله", "حجت‌الاسلام", "والمسلمین", "سردار", "سرلشکر", "سرتیپ", "امیر", "دریادار", "شهید",
                "حضرت", "امام", "دکتر", "مهندس", "شیخ", "حاج", "آقای", "خانم", "رهبر", "استاد", "انقلاب", "سپهبد", "ملک",
                "معظم", "مقام", "ملا", "مولوی", "سید", "سیده", "علامه"}


def _parts_from_people() -> dict[str, str]:
    """Name parts learnt from the curated people list (lexicons/people_en.tsv): where a Persian
    full name and its English spelling have as many words, each Persian word is spelt like its
    English word ("حسین" Hossein, "موسوی" Mousavi, "شریعتمداری" Shariatmadari). A part spelt two
    ways in the list is left to the rules."""
    from .lexicons import HERE
    if not (HERE / "people_en.tsv").exists():
        return {}
    seen: dict[str, set[str]] = {}
    for r in rows("people_en.tsv"):
        if len(r) < 4 or r[3] not in ("IR", "AF", "TJ"):
            continue  # only Persian names align word for word ("احمد داوود اوغلو" is not "Ahmet Davutoglu")
        fa = [w for w in r[0].rstrip("?").split() if w not in _TITLE_WORDS]
        en = [w for w in re.sub(r"\([^)]*\)", " ", r[1]).replace("-", " - ").split()]
        en = [w for w in en if w != "-"]
        if len(fa) != len(en) or not fa:
            continue
        for a, b in zip(fa, en):
            if a.startswith("ال") or not re.fullmatch(r"[A-Z][a-z'’]+", b):
                continue
            seen.setdefault(a.replace(ZWNJ, ""), set()).add(b)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    from .lexicons import HERE
    out = _parts_from_people()  # learnt parts lose to both hand lists
    if (HERE / "name_parts.tsv").exists():
        out.update({r[0].replace(ZWNJ, ""): r[1] for r in rows("name_parts.tsv") if len(r) > 1})
    out.update({r[0].replace(ZWNJ, ""): r[1] for r in rows("names_en.tsv") if len(r) > 1})  # the first hand list wins
    return out


_ENDINGS = (("زاده", "zadeh"), ("نژاد", "nejad"), ("پور", "pour"), ("فر", "far"), ("نیا", "nia"), ("راد", "rad"),
            ("یی", "ei"))  # a bare -ی is not split off: حمدی is Hamdi, not Hamad + i


def _word(w: str) -> str:
    known = _known().get(w.replace(ZWNJ, ""))
    if known:
        return known
    bare = w.replace(ZWNJ, "")
    for fa, en in _ENDINGS:  # "حسین‌زاده" = Hossein + zadeh, "رضایی" = Reza + i
        root = bare[: -len(fa)]
        if bare.endswith(fa) and len(root) >= 2:
            base = _known().get(root)
            if base:
                return base + en
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
