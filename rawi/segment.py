"""Sentences and tokens as character offsets into the normalised text.

Rules kept short on purpose (hazm-style): a sentence ends at . ! ? ؟ or a line break,
but not inside a number (۳٫۵, 3.5), an abbreviation with a single letter (آ.)
or an ellipsis followed by more of the same sentence.
"""
from __future__ import annotations

import re

# Words keep ZWNJ inside them; numbers keep their decimal/thousands separators.
TOKEN = re.compile(r"[0-9۰-۹]+(?:[٫٬.,/:][0-9۰-۹]+)*%?|\w+(?:\u200c\w+)*|[^\w\s\u200c]")
# Scraped pages often drop the space after a full stop ("... اعلام کرد.به گزارش"): a stop directly
# followed by a Persian/Arabic letter ends the sentence too (never inside a number or a Latin URL).
_SENT_END = re.compile(r"[.!?؟]+(?=[\s»\")]|$)[»\")]*|(?<=[\u0600-\u06FF\u200c»)])[.!؟]+(?=[\u0621-\u064A\u067E-\u06D3])|\n+")


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans inside text[start:end]."""
    end = len(text) if end is None else end
    return [m.span() for m in TOKEN.finditer(text, start, end)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding whitespace, never empty."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        if text[m.start()] == "." and (m.start() - pos < 3 or _initials(text, m.start())):
            continue
        _add(text, pos, end, out)
        pos = m.end()
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
