"""Checks on the metadata a caller passes with an article (today: the publication date).

Why: ``published`` anchors every relative date ("دیروز", "ماه گذشته"); a value no
calendar can hold (year 9999 plus a month, year 1) crashed the times stage, and a
value that is no date at all ("garbage") was stored as if it were one.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Optional

MIN_YEAR, MAX_YEAR = 1000, 2999  # every calendar conversion rawi does is safe in this range
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.+\-Z ]*)?")


def published_problem(value: Any) -> Optional[str]:
    """Why ``value`` is not a usable publication date, or None when it is one."""
    s = str(value).strip()
    m = _ISO.fullmatch(s)
    if not m:
        return f"published must be an ISO date (YYYY-MM-DD), not {s[:40]!r}"
    y, mo, d = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return f"published year {y} is outside {MIN_YEAR}-{MAX_YEAR}"
    try:
        date(y, mo, d)
    except ValueError as e:
        return f"published {s[:40]!r} is not a date ({e})"
    return None
