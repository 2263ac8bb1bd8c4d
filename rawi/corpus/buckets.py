"""Bounded LSH lookups: batched IN lists and capped buckets.

Why: a claim's candidates are the stored items sharing one of its LSH band keys. Left alone,
a bucket keyed by common terms keeps every claim that hashes there, so the candidates of a new
claim grow with the store (ingest quadratic overall). A bucket therefore takes at most
:data:`CAP` items (the first ones: later items are not filed under that key and must be found
through their other bands), so a lookup returns at most ``bands × CAP`` items whatever the
store size. And no statement carries an ``IN (…)`` list longer than :data:`BATCH`, so no SQL
variable limit (SQLite's 32,766 or 250,000, PostgreSQL's 65,535) can be reached.

Capped buckets bound the candidates, but not low enough for the cost per article to stay flat
while buckets fill (a claim gathers 8 candidates in a young store, up to ``bands × CAP`` = 144 in
a large one), and scoring a candidate (its key fetched, decoded and weighed) is what costs. So
only a claim's :data:`TOP` candidates sharing the most band keys with it are scored
(:func:`ranked`): a true repeat shares most of its bands, a bucket-mate typically one.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")

BATCH = 500  # values per IN (...) list
CAP = {"c": 8, "a": 16}  # items per LSH bucket, per kind (claims, articles)
TOP = 8  # candidates scored per claim: those sharing the most band keys (ties: less crowded buckets, then the oldest)


def batches(values: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size`` (default :data:`BATCH`)."""
    size = size or BATCH
    for i in range(0, len(values), size):
        yield values[i:i + size]


def open_keys(keys: Iterable[int], filled: dict[int, set], kind: str) -> list[int]:
    """The keys (in order, once each) whose bucket still has room for one more item."""
    cap = CAP[kind]
    out: list[int] = []
    seen: set[int] = set()
    for k in keys:
        if k not in seen and len(filled.get(k, ())) < cap:
            out.append(k)
        seen.add(k)
    return out


def capped_bands(items: Iterable[tuple[int, Sequence[int]]], filled: dict[int, set], kind: str) -> list[dict]:
    """LSH rows for ``(item id, band keys)`` taken in order, each bucket up to its cap (``filled`` is updated)."""
    out: list[dict] = []
    for item, keys in items:
        for k in open_keys(keys, filled, kind):
            filled.setdefault(k, set()).add(item)
            out.append({"kind": kind, "key": k, "item_id": item})
    return out


def ranked(keys: Iterable[int], found: dict[int, set[T]], top: int | None = None) -> list[T]:
    """The ``top`` (default :data:`TOP`) items sharing the most of ``keys``, returned in item order.

    Ties go to the items sharing the less crowded buckets (the sum of 1 / bucket size: a claim
    filed only where there was room when it was new, met again, is in a small bucket, while the
    mates of a full bucket share nothing else), then to the oldest."""
    shared: dict[T, int] = {}
    spread: dict[T, float] = {}
    for k in sorted(set(keys)):  # a fixed order: the sums are the same in every process
        items = found.get(k, ())
        for item in items:
            shared[item] = shared.get(item, 0) + 1
            spread[item] = spread.get(item, 0.0) + 1.0 / len(items)
    best = sorted(shared, key=lambda i: (-shared[i], -spread[i], i))[:top or TOP]
    return sorted(best)
