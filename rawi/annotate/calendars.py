"""Calendar arithmetic: Solar Hijri (via jdatetime) and tabular lunar Hijri, to Gregorian.

The lunar Hijri conversion is the *tabular* (arithmetical, civil-epoch) Islamic calendar
with the common 2,5,7,10,13,16,18,21,24,26,29 leap-year cycle. Real months begin with the
sighting of the moon (Iran) or follow Umm al-Qura (Saudi Arabia); both differ from the
tabular calendar by at most one or two days, which is what this module promises.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

import jdatetime

# 1 Muharram AH 1 = 16 July 622 Julian = 19 July 622 proleptic Gregorian (civil epoch).
_HIJRI_EPOCH = date(622, 7, 19).toordinal()


def hijri_to_ordinal(y: int, m: int, d: int) -> int:
    return _HIJRI_EPOCH + (d - 1) + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30


def hijri_is_leap(y: int) -> bool:
    return (14 + 11 * y) % 30 < 11


def hijri_month_days(y: int, m: int) -> int:
    if m == 12:
        return 30 if hijri_is_leap(y) else 29
    return 30 if m % 2 == 1 else 29


def hijri_to_gregorian(y: int, m: int, d: int) -> date:
    if not (1 <= m <= 12 and 1 <= d <= hijri_month_days(y, m)):
        raise ValueError(f"no such Hijri date {y}-{m}-{d}")
    return date.fromordinal(hijri_to_ordinal(y, m, d))


def gregorian_to_hijri(g: date) -> tuple[int, int, int]:
    o = g.toordinal()
    y = (30 * (o - _HIJRI_EPOCH) + 10646) // 10631
    m = min(12, math.ceil((o - (29 + hijri_to_ordinal(y, 1, 1)) + 1) / 29.5) + 1)
    m = max(1, m)
    while m > 1 and hijri_to_ordinal(y, m, 1) > o:
        m -= 1
    return y, m, o - hijri_to_ordinal(y, m, 1) + 1


def jalali_month_days(y: int, m: int) -> int:
    if m <= 6:
        return 31
    if m <= 11:
        return 30
    return 30 if jdatetime.date(y, 1, 1).isleap() else 29


def jalali_to_gregorian(y: int, m: int, d: int) -> date:
    if not (1 <= m <= 12 and 1 <= d <= jalali_month_days(y, m)):
        raise ValueError(f"no such Solar Hijri date {y}-{m}-{d}")
    return jdatetime.date(y, m, d).togregorian()


def gregorian_to_jalali(g: date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=g)
    return j.year, j.month, j.day


def month_days(calendar: str, y: int, m: int) -> int:
    if calendar == "jalali":
        return jalali_month_days(y, m)
    if calendar == "hijri":
        return hijri_month_days(y, m)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def to_gregorian(calendar: str, y: int, m: int, d: int) -> date:
    if calendar == "jalali":
        return jalali_to_gregorian(y, m, d)
    if calendar == "hijri":
        return hijri_to_gregorian(y, m, d)
    return date(y, m, d)


def from_gregorian(calendar: str, g: date) -> tuple[int, int, int]:
    if calendar == "jalali":
        return gregorian_to_jalali(g)
    if calendar == "hijri":
        return gregorian_to_hijri(g)
    return g.year, g.month, g.day


def month_interval(calendar: str, y: int, m: int) -> tuple[date, date]:
    """First and last Gregorian day of month ``m`` of year ``y``."""
    return to_gregorian(calendar, y, m, 1), to_gregorian(calendar, y, m, month_days(calendar, y, m))


def year_interval(calendar: str, y: int) -> tuple[date, date]:
    """First and last Gregorian day of year ``y``."""
    return to_gregorian(calendar, y, 1, 1), to_gregorian(calendar, y, 12, month_days(calendar, y, 12))


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1
