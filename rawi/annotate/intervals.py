"""Greedy selection of non-overlapping spans in O(log n) per candidate.

Why: annotators pick the longest candidates first and drop any that overlaps one already
taken; testing each candidate against every taken span made that step quadratic (a 1 MB
article has tens of thousands of candidates). Taken spans never overlap one another, so
sorted by start their ends are sorted too, and only the last span starting before a
candidate's end can overlap it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable, Sequence

_BEFORE_ALL = float("-inf")


class Disjoint:
    """A set of pairwise non-overlapping half-open spans (start, end)."""

    __slots__ = ("_spans",)

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some taken (s, e) has ``s < end and start < e`` (the annotators' test)."""
        k = bisect_left(self._spans, (end, _BEFORE_ALL))
        return k > 0 and self._spans[k - 1][1] > start

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))

    def take(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps a taken one; whether it was added."""
        if self.overlaps(start, end):
            return False
        self.add(start, end)
        return True


class SpanIndex:
    """Records with ``start``/``end`` found by bisection instead of a scan of all of them.

    Why: the events stage looked through every place, time and attribution of the article
    for each trigger, which is quadratic in the article's length. Results keep the order
    of the records as given, so ``min``/first-match choices are the same as with a scan."""

    def __init__(self, items: Sequence[Any], span: Callable[[Any], tuple[int, int]] = lambda x: (x.start, x.end)):
        rows = sorted(((span(x), i, x) for i, x in enumerate(items)), key=lambda r: r[0][0])
        self._rows = rows
        self._starts = [r[0][0] for r in rows]
        self._longest = max((e - s for (s, e), _, _ in rows), default=0)

    def _starting(self, lo: float, hi: float) -> list[tuple[tuple[int, int], int, Any]]:
        """Rows with ``lo <= start <= hi``, in input order."""
        found = self._rows[bisect_left(self._starts, lo):bisect_right(self._starts, hi)]
        found.sort(key=lambda r: r[1])
        return found

    def overlapping(self, start: int, end: int) -> list[Any]:
        """Records with ``s < end and start < e``."""
        return [x for (s, e), _, x in self._starting(start - self._longest, end) if s < end and start < e]

    def within(self, start: int, end: int) -> list[Any]:
        """Records with ``start <= s and e <= end``."""
        return [x for (s, e), _, x in self._starting(start, end) if e <= end]
