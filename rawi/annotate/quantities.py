"""Quantities: a number (digits or words) and the noun it counts or measures.

Persian puts the counted noun, in the singular, right after the number: ۷۵۰ تروریست,
دو خودروی بمب‌گذاری‌شده, سه هزار نفر, ۱٫۵ میلیون دلار, ۲۰ درصد. The unit is that noun as
written, minus the ezafe or indefinite ending that only links it to what follows
(خودروی -> خودرو, هواپیمای -> هواپیما, خانهٔ -> خانه); ``unit_en`` is filled for the units in
``rawi/lexicons/units.tsv``. Not reported: ordinals, vague plurals (ده‌ها, هزاران: no value
to give), the indefinite یک "a" before an ordinary noun, bare numbers without a unit (codes,
page numbers), and anything inside a time expression (years, dates).
"""
from __future__ import annotations

from ..lexicons import table

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..schema import Quantity, TimeExpr
from .numbers import doc_numbers

LEX = Path(__file__).resolve().parents[1] / "lexicons"
ZWNJ = "\u200c"
_TOKEN = re.compile(rf"[٪%]|[\w{ZWNJ}]+")
# تن counts people when followed by از "of" or a casualty word: ۱۰ تن از ..., ۵ تن کشته شدند.
_TAN_PERSON = re.compile(rf"\s*(?:از|کشته|زخمی|مجروح|شهید|جان|دستگیر|بازداشت|اسیر|ربوده|نیرو|عضو|سرنشین)(?![\w])")


def _rows(name: str) -> list[list[str]]:
    return table(name)


def _k(s: str) -> str:
    return s.replace(" ", "").replace(ZWNJ, "")


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, tuple[str, str]], re.Pattern]:
    rows = _rows("units.tsv")
    table = {_k(r[0]): (r[1], r[2]) for r in rows}
    forms = sorted((r[0] for r in rows if " " in r[0]), key=len, reverse=True)
    multi = re.compile("|".join(f"[ {ZWNJ}]?".join(map(re.escape, f.split(" "))) for f in forms)
                       + rf"(?![\w{ZWNJ}])")
    return table, multi


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(_k(r[0]) for r in _rows("quantity_stopwords.txt"))


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(_k(r[2]) for r in _rows("months.txt"))


def _is_month(token: str) -> bool:
    """۱۶ بهمن, ۲۱ اسفندماه: a date the times stage could not resolve, not a quantity."""
    t = _k(token)
    return t in _months() or (t.endswith("ماه") and t[:-3] in _months())


def unit_lemma(token: str) -> str:
    """Strip the ezafe / indefinite ending: خودروی -> خودرو, خانه‌ای -> خانه, نفرات stays."""
    t = token.replace("ٔ", "")
    for suf in (ZWNJ + "های", ZWNJ + "ها", ZWNJ + "ای", ZWNJ + "ی"):
        if t.endswith(suf) and len(t) > len(suf) + 1:
            return t[: -len(suf)]
    if t.endswith("ی") and len(t) > 2 and t[-2] in "وا":  # خودروی, هواپیمای
        return t[:-1]
    return t


def annotate_quantities(doc: Any, times: Optional[list[TimeExpr]] = None) -> list[Quantity]:
    """Quantities in ``doc.text``; ``times`` (from annotate_times) are excluded, computed if None."""
    text: str = doc.text
    if times is None:
        from .times import annotate_times

        times = annotate_times(doc)
    busy = [(t.start, t.end) for t in times]
    table, multi = _units()
    stop = _stop()
    out: list[Quantity] = []
    for n in doc_numbers(doc):
        if n.ordinal or (n.ambiguous and n.value == 0):  # ordinals, vague plurals
            continue
        if any(n.start < e and s < n.end for s, e in busy):
            continue
        unit = unit_en = None
        end = n.end
        m = multi.match(text, n.end + 1) if text[n.end:n.end + 1] == " " else None
        tm = _TOKEN.match(text, n.end) if text[n.end:n.end + 1] in "٪%" else None
        if tm is None and text[n.end:n.end + 1] in (" ", ZWNJ):
            tm = _TOKEN.match(text, n.end + 1)
        if m:
            unit, (unit_en, _) = m.group(0), table[_k(m.group(0))]
            end = m.end()
        elif tm and not tm.group(0)[0].isdigit():
            tok = tm.group(0)
            lem = unit_lemma(tok)
            if _k(tok) in stop or _k(lem) in stop or tok.isdigit() or _is_month(tok):
                tm = None
            else:
                if _k(lem) not in table and lem.endswith("ی") and _k(lem[:-1]) in table:
                    lem = lem[:-1]  # پنج کیلومتری "five-kilometre", ۳۰ متری
                unit, end = lem, tm.end()
                hit = table.get(_k(lem)) or table.get(_k(tok))
                unit_en = hit[0] if hit else None
                if _k(lem) == "تن" and _TAN_PERSON.match(text, end):
                    unit_en = "person"
        if any(n.start < e and s < end for s, e in busy):
            unit, unit_en, end = None, None, n.end
        if unit is None and not n.scaled:
            continue  # a bare number: a code, a page, a count we cannot name
        if (n.ambiguous or (n.value == 1 and n.words and not n.scaled)) and unit_en is None:
            continue  # نه "no", ده "village", یک "a" before an ordinary noun
        out.append(Quantity(text=text[n.start:end], start=n.start, end=end, value=round(n.value, 6),
                            unit=unit, unit_en=unit_en))
    return out
