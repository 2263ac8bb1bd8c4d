"""Sentences and tokens as character offsets into the normalised text.

Rules kept short on purpose (hazm-style): a sentence ends at . ! ? ؟ or a line break,
but not inside a number (۳٫۵, 3.5), an abbreviation with a single letter (آ.)
or an ellipsis followed by more of the same sentence.

Scraped pages often glue a headline or subheading to the next paragraph with no stop and no
space ("... پاسخی در پی داردآنتونی بلینکن گفت"): a word the lexicon does not know that splits
into a known finite verb and a known word ends a sentence there (``glue_points``), and is two
tokens; so does a closing » glued to the next word ("«نه به رای»نامزد ...").
"""
from __future__ import annotations

import re

# Words keep ZWNJ inside them; numbers keep their decimal/thousands separators.
TOKEN = re.compile(r"[0-9۰-۹]+(?:[٫٬.,/:][0-9۰-۹]+)*%?|\w+(?:\u200c\w+)*|[^\w\s\u200c]")
# Scraped pages often drop the space after a full stop ("... اعلام کرد.به گزارش"): a stop directly
# followed by a Persian/Arabic letter ends the sentence too (never inside a number or a Latin URL).
_SENT_END = re.compile(r"(?:[.!?؟]+|…)(?=[\s»\")]|$)[»\")]*|(?<=[\u0600-\u06FF\u200c»)])[.!؟]+(?=«)|(?<=[\u0600-\u06FF\u200c»)])[.!؟]+(?=[\u0621-\u064A\u067E-\u06D3])|\n+")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans inside text[start:end] (a glued word is two tokens)."""
    end = len(text) if end is None else end
    out = [m.span() for m in TOKEN.finditer(text, start, end)]
    glue = [g for g in glue_points(text) if start <= g < end]
    if not glue:
        return out
    split: list[tuple[int, int]] = []
    gi = 0
    for a, b in out:
        while gi < len(glue) and glue[gi] <= a:
            gi += 1
        if gi < len(glue) and a < glue[gi] < b:
            split += [(a, glue[gi]), (glue[gi], b)]
        else:
            split.append((a, b))
    return split


_LETTER_RUN = re.compile(r"(?<![\w\u200c])[\u0621-\u064A\u067E-\u06D3]{7,}")
# Finite forms that close a headline or sentence (3rd person, copulas, auxiliaries): the left part
# of a glued word. A closed list: "آمدنیوز" (an outlet) or "زیست‌محیطی" must not split.
_SENTENCE_FINAL = frozenset("""
است نیست هست هستند نیستند بود بودند نبود نبودند دارد دارند ندارد ندارند داریم نداریم شد شدند نشد نشدند
کرد کردند نکرد نکردند باشد باشند نباشد شود شوند نشود نشوند کند کنند نکند نکنند دهد دهند ندهد بدهد بدهند
گیرد گیرند بگیرند بکنند بکند بشود ماند ماندند رسید رسیدند داد دادند گفت گفتند کردیم شدیم دهیم کنیم
یافت یافتند گرفت گرفتند
""".split())
_ZWNJ_GLUE = re.compile(r"(?<![\w\u200c])([\u0621-\u064A\u067E-\u06D3]{3,})\u200c([\u0621-\u064A\u067E-\u06D3]{3,})")
_SUFFIXES = frozenset({"های", "هایی", "هایش", "هایم", "ایم", "اید", "اند", "ترین", "تری", "شان", "تان", "مان", "هاست"})
_QUOTE_GLUE = re.compile(r"»(?=[\u0621-\u064A\u067E-\u06D3])(?!(?:ها|های|ی|ای)(?![\w\u200c]))")


def _known(word: str) -> float:
    from .normalize.zwnj import model  # the restorer's word evidence (already loaded by normalisation)
    return model().ev.get(word, 0.0)


def _verb_form(word: str) -> bool:
    return word in _SENTENCE_FINAL


def glue_points(text: str) -> list[int]:
    """Offsets where a glued headline ends inside a word: "داردآنتونی" -> after "دارد" (a word rawi
    has no evidence for: a sentence-final finite verb, then a known word of 4+ letters), and after
    a » followed directly by a letter."""
    out = [m.start() + 1 for m in _QUOTE_GLUE.finditer(text)]
    for m in _ZWNJ_GLUE.finditer(text):  # the ZWNJ restorer may have joined the two with a ZWNJ
        a, b = m.group(1), m.group(2)
        if len(b) >= 4 and b not in _SUFFIXES and b not in _SENTENCE_FINAL and _verb_form(a) and _known(b) >= 5 and _known(a + b) == 0:
            out.append(m.start(2))
    for m in _LETTER_RUN.finditer(text):
        w = m.group(0)
        if _known(w) > 0:
            continue
        best = None
        for i in range(3, len(w) - 3):
            a, b = w[:i], w[i:]
            if _verb_form(a) and b not in _SENTENCE_FINAL and _known(b) >= 5 and (best is None or _known(b) > best[1]):
                best = (i, _known(b))
        if best is not None:
            out.append(m.start() + best[0])
    return sorted(out)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding whitespace, never empty."""
    out: list[tuple[int, int]] = []
    pos = 0
    ends = [(m.start(), m.end(), m.group(0)) for m in _SENT_END.finditer(text)]
    ends += [(g, g, "") for g in glue_points(text)]
    for ms, me, g in sorted(ends):
        if ms < pos:
            continue
        end = me if not g.startswith("\n") else ms
        if g and text[ms] == "." and (ms - pos < 3 or _initials(text, ms)):
            continue
        _add(text, pos, end, out)
        pos = me
    _add(text, pos, len(text), out)
    return out


_INITIAL = re.compile(r"(?:^|(?<=\s))\w{1,2}$")
_INITIAL_CHAIN_BEFORE = re.compile(r"(?:^|(?<=\s))\w{1,3}\.[ ]*\w{1,2}$")
_INITIAL_NEXT = re.compile(r"[ ]*\w{1,3}\.")


def _initials(text: str, dot: int) -> bool:
    """A dot inside a chain of initials ("بی. بی. سی", "آ. ب.") ends no sentence:
    a short word before it and another initial right after, or an initial before it."""
    lo = max(0, dot - 12)
    if _INITIAL.search(text, max(0, dot - 3), dot) and _INITIAL_NEXT.match(text, dot + 1):
        return True
    return bool(_INITIAL_CHAIN_BEFORE.search(text, lo, dot))


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))
