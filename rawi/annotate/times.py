"""Time expressions: Solar Hijri, lunar Hijri and Gregorian dates, years, weekdays, relative days.

Every expression becomes a :class:`rawi.schema.TimeExpr` whose ``value`` is a Gregorian ISO
date ``YYYY-MM-DD`` or an inclusive interval ``YYYY-MM-DD/YYYY-MM-DD`` (a month, a year, a
week). ``calendar`` is the calendar the text is written in. Expressions that need the
publication date (دیروز, هفته گذشته, a weekday, a month without a year) are resolved against
``doc.meta['published']`` and marked ``relative=True``; without that date they are dropped,
because a value we cannot compute would be a guess.

Word lists: rawi/lexicons/months.txt, weekdays.tsv, relative_times.tsv, calendar_markers.tsv.
Lunar Hijri dates use the tabular calendar (see :mod:`rawi.annotate.calendars`).
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ..schema import TimeExpr
from . import calendars as cal
from . import wordscan
from .intervals import Disjoint
from .numbers import DIGIT, NumberMatch, doc_numbers, to_latin

LEX = Path(__file__).resolve().parents[1] / "lexicons"
ZWNJ = "\u200c"
_B = rf"(?<![\w{ZWNJ}])"  # word start
_E = rf"(?![\w{ZWNJ}])"  # word end
_GAP = rf"[\s{ZWNJ}]*"


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in (LEX / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("#") else ""
        if line.strip():
            out.append(line.split("\t"))
    return out


def _flex(form: str) -> str:
    """Regex for ``form`` where a space or ZWNJ may be a space, a ZWNJ or nothing."""
    parts = re.split(f"[ {ZWNJ}]", form)
    return f"[ {ZWNJ}]?".join(re.escape(p) for p in parts)


def _alt(forms) -> str:
    return "|".join(_flex(f) for f in sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class _Month:
    calendar: str  # jalali | hijri | gregorian
    number: int
    guarded: bool
    strict: bool


@lru_cache(maxsize=1)
def _months() -> dict[str, _Month]:
    out = {}
    for r in _rows("months.txt"):
        flags = r[3:] if len(r) > 3 else []
        c = "jalali" if r[0].startswith("jalali") else r[0]
        out[_key(r[2])] = _Month(c, int(r[1]), "guarded" in flags, "strict" in flags)
    return out


def _key(s: str) -> str:
    return s.replace(" ", "").replace(ZWNJ, "").replace("ٔ", "")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    months = [r[2] for r in _rows("months.txt")]
    markers = [r[0] for r in _rows("calendar_markers.tsv")]
    rel = [r[0] for r in _rows("relative_times.tsv")]
    wds = [r[0] for r in _rows("weekdays.tsv")]
    year = rf"(?<![{DIGIT}٫٬])[{DIGIT}]{{2,4}}(?![{DIGIT}٫٬])"
    def marker(name: str = "cal") -> str:
        return rf"(?P<{name}>{_alt(markers)})(?![\w{ZWNJ}])"
    return {
        "month": re.compile(rf"{_B}(?P<m>{_alt(months)})(?P<mah>[ {ZWNJ}]?ماه)?{_E}"),
        "year_after": re.compile(rf"\s*(?:،\s*)?(?:سال\s+)?(?P<y>{year})(?:\s*{marker()})?"),
        "rel_after": re.compile(rf"\s+(?P<r>امسال|سال[ {ZWNJ}]?(?:جاری|گذشته|قبل|پیش|آینده|بعد))"),
        "numeric": re.compile(
            rf"(?<![{DIGIT}٫٬./-])(?:(?P<a>[{DIGIT}]{{4}})[/٫.\-](?P<b>[{DIGIT}]{{1,2}})[/٫.\-](?P<c>[{DIGIT}]{{1,2}})"
            rf"|(?P<d>[{DIGIT}]{{1,2}})[/٫.\-](?P<e>[{DIGIT}]{{1,2}})[/٫.\-](?P<f>[{DIGIT}]{{4}}))"
            rf"(?![{DIGIT}]|[/٫.\-][{DIGIT}])(?:\s*{marker()})?"
        ),
        "year": re.compile(
            rf"{_B}(?:(?P<sal>سال(?:[ {ZWNJ}]?های)?)\s+(?P<y1>{year})(?:\s*(?:تا|و|-|–)\s*(?P<y2>{year}))?(?:\s*{marker()})?"
            rf"|(?P<y3>{year})\s*{marker('cal2')})"
        ),
        "season": re.compile(
            rf"{_B}(?P<s>بهار|تابستان|پاییز|پائیز|زمستان)(?:[ {ZWNJ}]?سال)?\s+(?P<y>{year})(?:\s*{marker()})?"),
        "decade": re.compile(rf"{_B}دهه(?:[ {ZWNJ}]?(?:ی|های))?\s+(?P<y>[{DIGIT}]{{2,4}})(?![{DIGIT}])(?:\s*{marker()})?"),
        "relative": re.compile(rf"{_B}(?P<r>{_alt(rel)}){_E}"),
        "ago": re.compile(rf"\s*(?P<u>روز|هفته|ماه|سال)\s+(?P<dir>پیش|قبل|گذشته|اخیر|آینده|بعد){_E}"),
        "weekday": re.compile(rf"{_B}(?P<w>{_alt(wds)}){_E}(?P<rel>\s+(?:گذشته|آینده|قبل|بعد|پیش))?"),
    }


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict, dict, dict]:
    markers = {_key(r[0]): r[1] for r in _rows("calendar_markers.tsv")}
    rel = {_key(r[0]): (r[1], int(r[2])) for r in _rows("relative_times.tsv")}
    wds = {_key(r[0]): int(r[1]) for r in _rows("weekdays.tsv")}
    return markers, rel, wds


def _published(doc: Any) -> Optional[date]:
    p = (getattr(doc, "meta", None) or {}).get("published")
    if not p:
        return None
    try:
        return date.fromisoformat(str(p)[:10])
    except ValueError:
        return None


def _iso(a: date, b: Optional[date] = None) -> str:
    return a.isoformat() if b is None or b == a else f"{a.isoformat()}/{b.isoformat()}"


def _year_calendar(y: int, marker: Optional[str], default: Optional[str] = None) -> Optional[str]:
    """Which calendar a bare year is in: a marker wins, else its range.

    Solar Hijri years in news are below ~1420 (2041); lunar Hijri years 1421-1499 are
    2000-2076; 1500-2199 are Gregorian.
    """
    if marker:
        return marker
    if default:
        return default
    if 1200 <= y <= 1420:
        return "jalali"
    if 1421 <= y <= 1499:
        return "hijri"
    if 1500 <= y <= 2199:
        return "gregorian"
    return None


def _full_year(y: str, calendar: str) -> int:
    v = int(to_latin(y))
    if len(y) == 2 and calendar == "jalali":  # آبان ۹۸ = 1398, سال ۰۲ = 1402
        return 1400 + v if v < 30 else 1300 + v
    return v


@dataclass
class _Cand:
    start: int
    end: int
    value: str
    calendar: str
    relative: bool = False


def annotate_times(doc: Any) -> list[TimeExpr]:
    """Time expressions in ``doc.text`` (see the module docstring)."""
    text: str = doc.text
    pub = _published(doc)
    nums = doc_numbers(doc)
    cands: list[_Cand] = []
    cands += _month_dates(text, nums, pub)
    cands += _numeric_dates(text)
    cands += _years(text)
    cands += _seasons_decades(text)
    if pub is not None:
        cands += _relatives(text, nums, pub)
        cands += _weekdays(text, pub)
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken = Disjoint()
    out: list[TimeExpr] = []
    for c in cands:
        if not taken.take(c.start, c.end):
            continue
        out.append(TimeExpr(text=text[c.start:c.end], start=c.start, end=c.end,
                            value=c.value, calendar=c.calendar, relative=c.relative))
    out.sort(key=lambda t: t.start)
    return out


def _day_before(text: str, pos: int, nums: list[NumberMatch], ends: list[int]) -> Optional[NumberMatch]:
    """The day number ending just before ``pos`` (only spaces between).

    ``nums`` is in text order and non-overlapping, so their ends are sorted: only the few
    ending in [pos - 3, pos] are looked at (a scan of all of them per month name was
    quadratic on long texts). ``ends`` is ``[n.end for n in nums]``."""
    for n in nums[bisect.bisect_left(ends, pos - 3):bisect.bisect_right(ends, pos)]:
        if n.end <= pos and text[n.end:pos].strip() == "" and n.end >= pos - 3:
            if n.value == int(n.value) and 1 <= n.value <= 31 and not n.scaled:
                if n.words or n.end - n.start <= 2:
                    return n
    return None


def _range_before(text: str, pos: int, nums: list[NumberMatch], ends: list[int]) -> Optional[NumberMatch]:
    """The first day of a range "۸ تا ۱۰" / "۸ الی ۱۰" / "۸-۱۰" ending at ``pos``."""
    m = re.search(r"\s*(?:تا|الی|-|–)\s*$", text[max(0, pos - 8):pos])
    return _day_before(text, pos - len(m.group(0)), nums, ends) if m else None


def _weekday_before(text: str, pos: int) -> int:
    """Start of a weekday name (with روز "day" before it) just before ``pos``, else ``pos``."""
    m = re.search(rf"(?:روز\s+)?(?:{_alt(r[0] for r in _rows('weekdays.tsv'))})[\s،,]*$", text[max(0, pos - 25):pos])
    if m and (m.start() + max(0, pos - 25) == 0 or not (text[m.start() + max(0, pos - 25) - 1].isalpha())):
        return pos - (len(text[max(0, pos - 25):pos]) - m.start())
    return pos


def _month_dates(text: str, nums: list[NumberMatch], pub: Optional[date]) -> list[_Cand]:
    P = _patterns()
    markers, rel, _ = _lookup()
    out = []
    ends = [n.end for n in nums]
    for m in wordscan.finditer(P["month"], text):
        info = _months()[_key(m.group("m"))]
        c = info.calendar
        start, end = m.start(), m.end()
        day = _day_before(text, start, nums, ends)
        y = None
        ym = P["year_after"].match(text, end)
        if ym:
            mk = markers.get(_key(ym.group("cal"))) if ym.group("cal") else None
            if mk and mk != c:
                ym = None
            elif len(ym.group("y")) == 2 and c != "jalali":
                ym = None
        if ym:
            y = _full_year(ym.group("y"), c)
            end = ym.end()
        if info.strict and not (day and y):
            continue
        rm = P["rel_after"].match(text, end) if y is None else None
        pre = re.search(rf"ماه(?:[ {ZWNJ}]+(?:مبارک|پربرکت))?[ {ZWNJ}]+$", text[max(0, start - 14):start])
        if info.guarded and not (day or y or m.group("mah") or rm or pre):
            continue  # ماه رمضان, ماه مبارک رمضان, ماه محرم: the month word makes it a month
        if pre and not day:
            start -= len(pre.group(0))
        relative = False
        if y is None:
            if pub is None:
                continue
            py = cal.from_gregorian(c, pub)[0]
            if rm:
                r = _key(rm.group("r"))
                y = py + (rel[r][1] if r in rel else 0)
                end = rm.end()
            else:  # the occurrence nearest the publication date, not far in the future
                y = py
                try:
                    if cal.to_gregorian(c, y, info.number, 1) > pub + timedelta(days=62):
                        y -= 1
                except ValueError:
                    continue
            relative = True
        try:
            if day and re.search(r"(?:نیمه|دهه|هفته)\s*$", text[max(0, day.start - 8):day.start]):
                day = None  # نیمه دوم آبان "the second half of Aban": the month, not the 2nd
            rng = _range_before(text, day.start, nums, ends) if day else None
            if day and rng:  # از ۸ تا ۱۰ آبان
                a = cal.to_gregorian(c, y, info.number, int(rng.value))
                b = cal.to_gregorian(c, y, info.number, int(day.value))
                if a >= b:
                    raise ValueError("empty range")
                value, start = _iso(a, b), rng.start
            elif day:
                g = cal.to_gregorian(c, y, info.number, int(day.value))
                value = _iso(g)
                start = _weekday_before(text, day.start)
            else:
                value = _iso(*cal.month_interval(c, y, info.number))
        except ValueError:
            continue
        out.append(_Cand(start, end, value, c, relative))
    return out


def _numeric_dates(text: str) -> list[_Cand]:
    markers, _, _ = _lookup()
    out = []
    for m in wordscan.finditer(_patterns()["numeric"], text):
        if m.group("a"):
            y, mo, d = (int(to_latin(m.group(k))) for k in "abc")
        else:
            d, mo, y = (int(to_latin(m.group(k))) for k in "def")
        mk = markers.get(_key(m.group("cal"))) if m.group("cal") else None
        c = _year_calendar(y, mk)
        if c is None:
            continue
        if c == "gregorian" and mo > 12 and d <= 12:  # 11/16/2019, month first
            mo, d = d, mo
        try:
            g = cal.to_gregorian(c, y, mo, d)
        except ValueError:
            continue
        out.append(_Cand(m.start(), m.end(), _iso(g), c))
    return out


def _years(text: str) -> list[_Cand]:
    markers, _, _ = _lookup()
    out = []
    for m in wordscan.finditer(_patterns()["year"], text):
        mk_s = m.group("cal") or m.group("cal2")
        mk = markers.get(_key(mk_s)) if mk_s else None
        y1s = m.group("y1") or m.group("y3")
        if m.group("y3") and len(y1s) < 4:
            continue
        if len(y1s) == 2:
            c = mk or "jalali"
        else:
            c = _year_calendar(int(to_latin(y1s)), mk)
        if c is None:
            continue
        try:
            y1 = _full_year(y1s, c)
            a, b = cal.year_interval(c, y1)
            if m.group("y2"):
                y2 = _full_year(m.group("y2"), c)
                if y2 <= y1:
                    continue
                b = cal.year_interval(c, y2)[1]
        except ValueError:
            continue
        out.append(_Cand(m.start(), m.end(), _iso(a, b), c))
    return out


_SEASON = {"بهار": 1, "تابستان": 4, "پاییز": 7, "پائیز": 7, "زمستان": 10}


def _seasons_decades(text: str) -> list[_Cand]:
    """پاییز ۱۳۹۴ (Solar Hijri seasons are months 1-3, 4-6, 7-9, 10-12); دهه ۱۹۷۰, دهه ۶۰."""
    markers, _, _ = _lookup()
    P = _patterns()
    out = []
    for m in wordscan.finditer(P["season"], text):
        ys = m.group("y")
        mk = markers.get(_key(m.group("cal"))) if m.group("cal") else None
        c = mk or ("jalali" if len(ys) == 2 else _year_calendar(int(to_latin(ys)), None))
        if c != "jalali":
            continue  # Gregorian seasons differ by hemisphere and convention
        y, first = _full_year(ys, c), _SEASON[m.group("s")]
        try:
            out.append(_Cand(m.start(), m.end(), _iso(cal.month_interval(c, y, first)[0],
                                                      cal.month_interval(c, y, first + 2)[1]), c))
        except ValueError:
            continue
    for m in wordscan.finditer(P["decade"], text):
        ys = to_latin(m.group("y"))
        mk = markers.get(_key(m.group("cal"))) if m.group("cal") else None
        if len(ys) == 2 and int(ys) % 10 == 0:  # دهه ۶۰: the 1360s (Solar Hijri)
            c, y = "jalali", 1300 + int(ys)
        elif len(ys) == 4 and int(ys) % 10 == 0:
            c, y = mk or _year_calendar(int(ys), None), int(ys)
        else:
            continue
        if c is None:
            continue
        try:
            out.append(_Cand(m.start(), m.end(), _iso(cal.year_interval(c, y)[0], cal.year_interval(c, y + 9)[1]), c))
        except ValueError:
            continue
    return out


def _shift(pub: date, unit: str, k: int) -> tuple[date, date]:
    """The day, Saturday-Friday week, Solar Hijri month or year ``k`` units from ``pub``."""
    if unit == "day":
        d = pub + timedelta(days=k)
        return d, d
    if unit == "week":
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7) + timedelta(weeks=k)
        return sat, sat + timedelta(days=6)
    jy, jm, _ = cal.gregorian_to_jalali(pub)
    if unit == "month":
        y, mth = cal.add_months(jy, jm, k)
        return cal.month_interval("jalali", y, mth)
    return cal.year_interval("jalali", jy + k)


def _relatives(text: str, nums: list[NumberMatch], pub: date) -> list[_Cand]:
    P = _patterns()
    _, rel, _ = _lookup()
    out = []
    for m in wordscan.finditer(P["relative"], text):
        unit, k = rel[_key(m.group("r"))]
        out.append(_Cand(m.start(), m.end(), _iso(*_shift(pub, unit, k)), "jalali", True))
    units = {"روز": "day", "هفته": "week", "ماه": "month", "سال": "year"}
    for n in nums:  # سه روز پیش "three days ago", ۱۰ روز گذشته "the past ten days"
        if n.ordinal or n.ambiguous and not n.value or n.value != int(n.value) or not 0 < n.value <= 400:
            continue
        m = P["ago"].match(text, n.end)
        if not m:
            continue
        unit, k, d = units[m.group("u")], int(n.value), m.group("dir")
        if d in ("پیش", "قبل"):
            a, b = _shift(pub, unit, -k)
        elif d in ("گذشته", "اخیر"):  # a span reaching back to the publication date
            a, b = _shift(pub, unit, -k)[0], pub
        else:
            a, b = pub, _shift(pub, unit, k)[1]
        out.append(_Cand(n.start, m.end(), _iso(a, b), "jalali", True))
    return out


_NOT_WEEKDAY_BEFORE = ("نماز", "امام", "خطبه", "خطبه‌های", "خطیب", "ائمه", "آدینه")


def _weekdays(text: str, pub: date) -> list[_Cand]:
    _, _, wds = _lookup()
    out = []
    for m in wordscan.finditer(_patterns()["weekday"], text):
        before = text[max(0, m.start() - 12):m.start()].split()
        if before and before[-1] in _NOT_WEEKDAY_BEFORE:
            continue
        wd = wds[_key(m.group("w"))]
        r = (m.group("rel") or "").strip()
        if r in ("آینده", "بعد"):
            d = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
        else:
            back = (pub.weekday() - wd) % 7
            if r in ("گذشته", "قبل", "پیش") and back == 0:
                back = 7
            d = pub - timedelta(days=back)
        out.append(_Cand(m.start(), m.end(), _iso(d), "jalali", True))
    return out
