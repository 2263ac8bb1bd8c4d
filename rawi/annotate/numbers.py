"""Persian numbers in digits or words, as character spans with their value.

Shared by the ``times`` and ``quantities`` annotators. Numbers are read the way Persian
composes them: tens, units and hundreds joined by "و" (بیست و پنج = 25), scale words
multiplying what precedes (سه هزار = 3000, ۱٫۵ میلیون = 1.5e6), ordinals ending in م
(بیست و پنجم = 25th). The word list lives in ``rawi/lexicons/number_words.tsv``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from . import wordscan

LEXICON = Path(__file__).resolve().parents[1] / "lexicons" / "number_words.tsv"
ZWNJ = "\u200c"
DIGIT = "0-9۰-۹٠-٩"
_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")

# A digit run with optional thousands separators and a decimal part, never a piece of a
# longer run such as a date 1398٫8٫25 or a phone number.
DIGITS_RE = (
    rf"(?<![{DIGIT}٫٬])(?<![{DIGIT}][.,/])"
    rf"[{DIGIT}]+(?:[٬,][{DIGIT}]{{3}})*(?:[٫.][{DIGIT}]+)?"
    rf"(?![{DIGIT}])(?![٫٬.,/][{DIGIT}])"
)
# Vague plurals of round numbers: ده‌ها "tens of", صدها, هزاران, میلیون‌ها, چندین.
VAGUE_RE = rf"(?:ده|صد|هزار|میلیون|میلیارد)[{ZWNJ} ]?ها|هزاران|صدها|چندین|چند ده|ده‌ها"


@dataclass(frozen=True)
class Word:
    value: int
    kind: str  # unit | teen | ten | hundred | scale
    ordinal: bool = False
    ambiguous: bool = False


@dataclass(frozen=True)
class NumberMatch:
    """One number expression: ``text[start:end]`` means ``value``."""

    start: int
    end: int
    value: float
    ordinal: bool = False
    words: bool = False  # written (partly) in words
    ambiguous: bool = False  # a lone ambiguous word such as نه or ده
    scaled: bool = False  # contains a scale word (هزار, میلیون ...)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Word]:
    """Number words and their ordinal forms (regular ordinals are derived, not listed)."""
    words: dict[str, Word] = {}
    ordinals: dict[str, Word] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        form, value, kind = parts[0], int(parts[1]), parts[2]
        flags = parts[3:] if len(parts) > 3 else []
        if kind == "ordinal":
            k = "unit" if value < 10 else "teen" if value < 20 else "ten" if value < 100 else "hundred"
            ordinals[form] = Word(value, k, ordinal=True)
        else:
            words[form] = Word(value, kind, ambiguous="ambiguous" in flags)
    out = dict(words)
    for form, w in words.items():
        if w.value in (1, 3, 30):  # یکم/سوم/سی‌ام are listed explicitly
            continue
        out.setdefault(form + "م", Word(w.value, w.kind, ordinal=True))
        out.setdefault(form + "مین", Word(w.value, w.kind, ordinal=True))
    for form, w in ordinals.items():
        out[form] = w
    out.setdefault("سومین", Word(3, "unit", ordinal=True))
    out.setdefault("اولین", Word(1, "unit", ordinal=True))
    out.setdefault("نخستین", Word(1, "unit", ordinal=True))
    out.setdefault("یکمین", Word(1, "unit", ordinal=True))
    return out


@lru_cache(maxsize=1)
def _atom_re() -> re.Pattern:
    forms = sorted(lexicon(), key=len, reverse=True)
    alts = "|".join(re.escape(f).replace(ZWNJ, f"[{ZWNJ} ]?") for f in forms)
    return re.compile(
        rf"(?P<vague>(?<![\w{ZWNJ}])(?:{VAGUE_RE})(?![\w{ZWNJ}]))"
        rf"|(?P<digits>{DIGITS_RE})"
        rf"|(?P<word>(?<![\w{ZWNJ}])(?:{alts})(?![\w{ZWNJ}]))"
    )


def parse_digits(s: str) -> Optional[float]:
    """Value of a digit string in any script: ۱٬۲۵۰٫۵ -> 1250.5, 3,000 -> 3000."""
    t = s.translate(_TO_LATIN).replace("٬", "").replace("٫", ".")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return v if math.isfinite(v) else None  # 309+ digits: beyond a float, not a quantity


def to_latin(s: str) -> str:
    """Persian/Arabic-Indic digits to ASCII."""
    return s.translate(_TO_LATIN)


@lru_cache(maxsize=1)
def _by_bare_form() -> dict[str, Word]:
    """The lexicon keyed by forms without spaces or ZWNJ: the atom pattern lets a listed ZWNJ be
    a space or nothing (سی‌ام, سی ام, سیام), so every spelling it matches must be found here."""
    out: dict[str, Word] = {}
    for form, w in lexicon().items():
        out.setdefault(form.replace(" ", "").replace(ZWNJ, ""), w)
    return out


def _word(form: str) -> Word:
    lex = lexicon()
    w = lex.get(form)
    if w is None:
        w = lex.get(form.replace(" ", ZWNJ)) or _by_bare_form()[form.replace(" ", "").replace(ZWNJ, "")]
    return w


def _can_join(prev: tuple, nxt: tuple, sep: str) -> bool:
    """May atom ``nxt`` continue the number ending in ``prev``? ``sep`` is the text between."""
    _, _, pv, pkind, pord = prev
    _, _, nv, nkind, _ = nxt
    if pord:
        return False
    if sep.strip() == "":  # juxtaposition: only a scale word may follow (سه هزار, ۱٫۵ میلیون)
        return nkind == "scale" and (pkind != "scale" or nv > pv)
    if sep.strip() != "و":
        return False
    if pkind == "digits" or nkind == "digits":  # ۳ هزار و ۵۰۰
        return pkind == "scale" and nv < pv
    if pkind == "ten":
        return nkind == "unit"
    if pkind == "hundred":
        return nkind in ("unit", "teen", "ten")
    if pkind == "scale":
        return nkind in ("unit", "teen", "ten", "hundred") or (nkind == "scale" and nv < pv)
    return False


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in ``text``, longest first, left to right, non-overlapping."""
    return _find_numbers(text)


def doc_numbers(doc: Any) -> list[NumberMatch]:
    """``find_numbers(doc.text)``, computed once per Doc: times and quantities both read it."""
    memo = getattr(doc, "memo", None)
    if memo is None:
        return find_numbers(doc.text)
    return list(memo("numbers", lambda: tuple(find_numbers(doc.text))))


def _find_numbers(text: str) -> list[NumberMatch]:
    atoms: list[tuple] = []  # (start, end, value, kind, ordinal, ambiguous, vague)
    for m in wordscan.finditer(_atom_re(), text):  # same matches, without trying every offset
        if m.group("vague"):
            atoms.append((m.start(), m.end(), None, "vague", False, False))
        elif m.group("digits"):
            v = parse_digits(m.group(0))
            if v is not None:
                atoms.append((m.start(), m.end(), v, "digits", False, False))
        else:
            w = _word(m.group(0))
            atoms.append((m.start(), m.end(), w.value, w.kind, w.ordinal, w.ambiguous))
    out: list[NumberMatch] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if a[3] == "vague":
            out.append(NumberMatch(a[0], a[1], 0.0, words=True, ambiguous=True))
            i += 1
            continue
        group = [a]
        j = i + 1
        while j < len(atoms) and atoms[j][3] != "vague":
            prev, nxt = group[-1], atoms[j]
            if not _can_join(prev[:3] + (prev[3], prev[4]), nxt[:3] + (nxt[3], nxt[4]), text[prev[1]:nxt[0]]):
                break
            group.append(nxt)
            j += 1
        total = current = top = 0.0
        for g in group:
            if g[3] == "scale":
                if g[2] > top:  # a larger scale multiplies everything so far: ۱۵۰ هزار میلیارد
                    total = (total + (current or (0.0 if total else 1.0))) * g[2]
                    top = g[2]
                else:  # a smaller one only the part after the last scale: یک میلیون و دویست هزار
                    total += (current or 1.0) * g[2]
                current = 0.0
            else:
                current += g[2]
        if not math.isfinite(total + current):  # ۱۰۰...۰ میلیارد beyond a float
            i = j
            continue
        kinds = {g[3] for g in group}
        lone_ambiguous = len(group) == 1 and a[5]
        out.append(NumberMatch(
            start=group[0][0], end=group[-1][1], value=total + current,
            ordinal=group[-1][4], words=kinds != {"digits"}, ambiguous=lone_ambiguous,
            scaled="scale" in kinds,
        ))
        i = j
    return out
