"""Checks on the metadata a caller passes with an article.

Why: ``published`` anchors every relative date ("دیروز", "ماه گذشته"); a value no
calendar can hold (year 9999 plus a month, year 1) crashed the times stage, and a
value that is no date at all ("garbage") was stored as if it were one. Persian callers
write the date in the Solar Hijri calendar (``1402/10/25``, ``۲۵ دی ۱۴۰۲``): that is read,
not refused, so relative dates resolve. A misspelt keyword (``pubished=``) used to be
dropped silently and left the article undated: it is refused by name.
"""
from __future__ import annotations

import csv
import difflib
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

MIN_YEAR, MAX_YEAR = 1000, 2999  # every calendar conversion rawi does is safe in this range
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.+\-Z ]*)?")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# Solar Hijri years of news: 1200–1499 (1821–2121). Y/M/D with / - . or Persian/Arabic separators.
_JALALI_NUM = re.compile(r"(1[234]\d\d)\s*[/\-.\u066b\u060c]\s*(\d{1,2})\s*[/\-.\u066b\u060c]\s*(\d{1,2})(?:[T ,،].*)?")
_JALALI_NAME = re.compile(r"(?:[^\d]*?\s)?(\d{1,2})\s+(\S+)(?:\s+ماه)?\s+(1[234]\d\d)(?:\s.*)?")

# Metadata keys an article may carry (rawi.schema.Meta) and the ones callers pass internally.
META_KEYS = ("path", "url", "title", "outlet", "published")
_INTERNAL_KEYS = ("warnings",)


def check_meta_keys(meta: Mapping[str, Any], where: str = "analyze()") -> None:
    """Raise TypeError naming the first key that is not article metadata (``pubished=``)."""
    for k in meta:
        if k in META_KEYS or k in _INTERNAL_KEYS:
            continue
        close = difflib.get_close_matches(k, META_KEYS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise TypeError(f"{where} got an unexpected keyword argument {k!r}: article metadata is one of "
                        f"{', '.join(META_KEYS)}{hint}")


@lru_cache(maxsize=1)
def _jalali_months() -> dict[str, int]:
    """Solar Hijri month names (rawi/lexicons/months.txt, Iranian and Afghan names), ZWNJ/space-free."""
    out: dict[str, int] = {}
    path = Path(__file__).with_name("lexicons") / "months.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = line.split("#", 1)[0].rstrip().split("\t")
        if len(row) >= 3 and row[0] in ("jalali", "jalali-af"):
            out[_key(row[2])] = int(row[1])
    return out


def _key(word: str) -> str:
    return re.sub(r"[\s\u200c]", "", word).replace("ي", "ی").replace("ك", "ک")


def _jalali(y: int, mo: int, d: int, s: str) -> str:
    import jdatetime

    try:
        return jdatetime.date(y, mo, d).togregorian().isoformat()
    except (ValueError, OverflowError) as e:
        raise ValueError(f"published {s[:40]!r} is not a Solar Hijri date ({e})") from None


def iso_published(value: Any) -> str:
    """``value`` as an ISO date: ISO text is kept as written (a time may follow), a ``date`` or
    ``datetime`` is formatted, a Solar Hijri date (``1402/10/25``, ``۱۴۰۲-۱۰-۲۵``, ``۲۵ دی ۱۴۰۲``)
    is converted to its Gregorian day. ValueError says why a value is not a usable date."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        s = value.isoformat()
    else:
        s = str(value).strip().translate(_DIGITS)
        m = _JALALI_NUM.fullmatch(s)
        if m:
            s = _jalali(int(m.group(1)), int(m.group(2)), int(m.group(3)), str(value))
        else:
            m = _JALALI_NAME.fullmatch(s)
            word = _key(m.group(2)) if m else ""
            month = _jalali_months().get(word) or _jalali_months().get(word.removesuffix("ماه")) if m else None  # دی‌ماه
            if m and month:
                s = _jalali(int(m.group(3)), month, int(m.group(1)), str(value))
    m = _ISO.fullmatch(s)
    if not m:
        raise ValueError(f"published must be an ISO date (YYYY-MM-DD) or a Solar Hijri one (1402/10/25), "
                         f"not {str(value)[:40]!r}")
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(f"published year {y} is outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        date(y, mo, d)
    except ValueError as e:
        raise ValueError(f"published {s[:40]!r} is not a date ({e})") from None
    return s


def published_problem(value: Any) -> Optional[str]:
    """Why ``value`` is not a usable publication date, or None when it is one."""
    try:
        iso_published(value)
    except ValueError as e:
        return str(e)
    return None


# ------------------------------------------------------------------ plausible dates per outlet
# The earliest date any news article can carry (the first Persian news sites are later still):
# a derived date before it is an artefact (an id read as a date, a two-digit year).
EARLIEST_NEWS = "1990-01-01"


@lru_cache(maxsize=1)
def _founded() -> dict[str, int]:
    """Registry id → year the outlet started (rawi/corpus/data/outlet_founded.tsv)."""
    path = Path(__file__).parent / "corpus" / "data" / "outlet_founded.tsv"
    rows = (r for r in csv.reader((ln for ln in path.read_text(encoding="utf-8").splitlines()
                                   if ln.strip() and not ln.startswith("#")), delimiter="\t"))
    return {r[0]: int(r[1]) for r in rows if len(r) >= 2}


@lru_cache(maxsize=4096)
def founded(outlet: Optional[str]) -> Optional[int]:
    """The year ``outlet`` (a host, registry id, English or Persian name) started, when known."""
    if not outlet:
        return None
    table = _founded()
    if outlet in table:
        return table[outlet]
    from .annotate.outlets import lookup

    rec = lookup(outlet)
    return table.get(rec.id) if rec else None


def implausible_date(published: Optional[str], outlet: Optional[str] = None, *, derived: bool = False) -> Optional[str]:
    """Why ``published`` cannot be when ``outlet`` published the article, or None.

    A date before the outlet existed is flagged (the chart counts it apart instead of plotting
    it); a ``derived`` date (from a URL id) before :data:`EARLIEST_NEWS` is flagged even for an
    outlet whose start is unknown."""
    if not published:
        return None
    day = str(published)[:10]
    year = founded(outlet)
    if year and day < f"{year:04d}":
        return f"{day} is before {outlet} existed ({year})"
    if derived and day < EARLIEST_NEWS:
        return f"{day} is before {EARLIEST_NEWS[:4]}, earlier than any news site"
    return None
