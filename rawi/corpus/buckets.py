"""Bounded LSH lookups: batched IN lists and capped buckets.

Why: a claim's candidates are the stored items sharing one of its LSH band keys. Left alone,
a bucket keyed by common terms keeps every claim that hashes there, so the candidates of a new
claim grow with the store (ingest quadratic overall). A bucket therefore takes at most
:data:`CAP` items (the first ones: later items are not filed under that key and must be found
through their other bands), so a lookup returns at most ``bands × CAP`` items whatever the
store size. And no statement carries an ``IN (…)`` list longer than :data:`BATCH`, so no SQL
variable limit (SQLite's 32,766 or 250,000, PostgreSQL's 65,535) can be reached.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")

BATCH = 500  # values per IN (...) list
CAP = {"c": 8, "a": 16}  # items per LSH bucket, per kind (claims, articles)


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
