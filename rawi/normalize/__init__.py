"""Persian text normalisation: letters, digits, marks, punctuation spacing, ZWNJ restored.

``normalize(text)`` returns a :class:`Normalized` with the clean text and, on request,
the offset map back to the raw input. Every step is one-for-one or tracked, so a span in
the clean text can always be shown in the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import chars as C
from . import presentation as _P
from .offsets import align_insertions, anchors, sub, to_raw

__all__ = ["normalize", "normalize_text", "Normalized", "to_raw"]


@dataclass(frozen=True)
class Normalized:
    raw: str
    text: str
    cmap: Optional[list[int]] = field(default=None, repr=False)

    @property
    def offset_map(self) -> list[tuple[int, int]]:
        if self.cmap is None:
            return []
        return anchors(self.cmap, len(self.raw))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw-input stretch behind normalised [start, end)."""
        if self.cmap is None:
            raise ValueError("normalised without an offset map (with_map=False)")
        if start >= end:
            r = self.cmap[start] if start < len(self.cmap) else len(self.raw)
            return r, r
        return self.cmap[start], self.cmap[end - 1] + 1


# A run of digits not glued to a Latin word (ICT2, COVID-19). The look-behinds come after the
# first digit (same matches as "(?<![A-Za-z_0-9٠-٩۰-۹])(?<![A-Za-z_]-)[0-9٠-٩۰-۹]+(?![A-Za-z_])")
# so the regex engine skips to digits instead of trying every offset.
_DIGIT_RUN = re.compile(r"[0-9٠-٩۰-۹](?<![A-Za-z_0-9٠-٩۰-۹].)(?<![A-Za-z_]-.)[0-9٠-٩۰-۹]*(?![A-Za-z_])")
_NOT_FA_DIGIT = re.compile("[0-9٠-٩]")
_PRE = [C.INVISIBLE, C.ZWSP, C.TATWEEL, C.DIACRITICS, C.TA_MARBUTA]
_SPACING = [
    C.QUOTES, C.COMMA, C.QMARK, C.SEMICOLON,
    C.ZWNJ_REPEAT, C.ZWNJ_STRAY,
    C.SPACES, C.OPEN_SPACE, C.CLOSE_SPACE, C.SPACE_BEFORE_PUNCT,
    C.SPACE_AFTER_PUNCT, C.SPACE_AFTER_COLON, C.SPACE_AFTER_STOP, C.SPACE_BEFORE_OPEN,
    C.SPACES, C.LINE_EDGES,
]
_DIGIT_TABLES = {k: C.digit_table(k) for k in ("fa", "latin", "keep")}


def normalize(text: str, *, digits: str = "fa", zwnj: bool = True, with_map: bool = False) -> Normalized:
    """Normalise Persian ``text``.

    digits: 'fa' (Persian digits), 'latin', or 'keep' (Arabic-Indic become Persian, others kept).
    zwnj: restore zero-width non-joiners that scrapers stripped.
    with_map: keep a per-character map back to ``text`` (needed for stand-off spans).
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() needs str, not {type(text).__name__}")
    raw = text
    cmap: Optional[list[int]] = list(range(len(text))) if with_map else None
    s = text.replace("\r\n", "\n") if not with_map else text
    if with_map and "\r" in s:
        s, cmap = sub(re.compile("\r\n"), "\n", s, cmap)
    s, cmap = _repair(s, cmap)
    s = C.unify_letters(s)  # s.translate(C.LETTERS), one-for-one: the map is unchanged
    for pat, rep in _PRE:
        s, cmap = sub(pat, rep, s, cmap)
    table = _DIGIT_TABLES[digits]
    if digits != "fa" or _NOT_FA_DIGIT.search(s):  # Persian digits alone stay as they are
        s = _DIGIT_RUN.sub(lambda m: m.group(0).translate(table), s)  # one-for-one
    if digits == "fa":
        for pat, rep in (C.DECIMAL_FA, C.THOUSANDS_FA):
            s, cmap = sub(pat, rep, s, cmap)
    elif digits == "latin":
        for pat, rep in (C.DECIMAL_LATIN, C.THOUSANDS_LATIN):
            s, cmap = sub(pat, rep, s, cmap)
    for pat, rep in _SPACING:
        s, cmap = sub(pat, rep, s, cmap)
    if zwnj:
        from . import zwnj as _z

        restored = _z.restore(s)
        if cmap is not None and restored != s:
            cmap = align_insertions(s, restored, cmap)
        s = restored
    return Normalized(raw=raw, text=s, cmap=cmap)


_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_SEPS = str.maketrans("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n" * 8)
_LINE_SEP = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]+")


def _repair(s: str, cmap: Optional[list[int]]) -> tuple[str, Optional[list[int]]]:
    """What must go before any rule sees the text: lone surrogates (a str from JSON or
    Python, never valid UTF-8) become U+FFFD, NUL and other control characters go, Unicode
    line separators become newlines (each one for one), and Arabic presentation forms
    become standard letters (rawi/normalize/presentation.py)."""
    if s.isascii():
        return (_CONTROL.sub("", s), None) if cmap is None else sub(_CONTROL, "", s, cmap)
    if _SURROGATE.search(s):
        s = _SURROGATE.sub("\ufffd", s)
    if _LINE_SEP.search(s):
        s = s.translate(_LINE_SEPS)
    if _CONTROL.search(s):
        s, cmap = sub(_CONTROL, "", s, cmap)
    if _P.PRESENTATION.search(s):
        s, cmap = sub(_P.PRESENTATION, _P.replace, s, cmap)
    return s, cmap


def normalize_text(text: str, **kw) -> str:
    """Just the normalised string (the fast path: no offset map)."""
    return normalize(text, **kw).text
