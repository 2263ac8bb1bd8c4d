"""Near-duplicate articles: MinHash (datasketch) over Persian word shingles, LSH bands in SQL.

Why this tokenisation: wire copy repeated by many outlets differs in ZWNJ (kept, stripped,
or turned into a space), Arabic/Persian letter variants, bylines and paragraph order.
Tokens are folded (:mod:`rawi.corpus.fold`), affixes that scrapers detach (``می شود``,
``کتاب ها``) are glued back to their word, and the article becomes a set of word 3-grams.

Why LSH bands live in the database and not in an in-memory ``MinHashLSH``: the index must
survive a killed ingest and grow in the same transaction as the article (resumable and
idempotent), and it must work the same on SQLite and PostgreSQL. The band layout is the
one datasketch's ``MinHashLSH`` chooses for the threshold (``_optimal_param``).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Iterable, Sequence

from .fold import tokens

NUM_PERM = 128
SHINGLE = 3
THRESHOLD = 0.5  # estimated Jaccard of shingle sets at which two articles are one story

# Detached Persian affixes (written with a space instead of a ZWNJ) glued to their word.
_PREFIXES = frozenset({"می", "نمی", "بی"})
_SUFFIXES = frozenset({"ها", "های", "هایی", "ای", "ی", "تر", "ترین", "اند", "ام", "ایم", "اید", "اش", "شان"})


def glued_tokens(text: str) -> list[str]:
    """Folded tokens with detached affixes glued back (``می شود`` → ``میشود``)."""
    out: list[str] = []
    pending = ""
    for t in tokens(text):
        if t in _PREFIXES:
            pending += t
            continue
        if t in _SUFFIXES and out and not pending:
            out[-1] += t
            continue
        out.append(pending + t)
        pending = ""
    if pending:
        out.append(pending)
    return out


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    toks = glued_tokens(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


@lru_cache(maxsize=None)
def _permutations(num_perm: int):
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=1)
    return m.permutations, m.scheme


def signature(items: Iterable[str], num_perm: int = NUM_PERM) -> bytes:
    """MinHash signature (datasketch) of a set of strings, as little-endian uint64 bytes."""
    from datasketch import MinHash

    # Drawing the random permutations costs more than hashing a claim: draw them once.
    perms, scheme = _permutations(num_perm)
    m = MinHash(num_perm=num_perm, seed=1, permutations=perms, scheme=scheme)
    batch = [s.encode("utf-8") for s in items]
    if batch:
        m.update_batch(batch)
    return m.hashvalues.astype("<u8").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    import numpy as np

    x = np.frombuffer(a, dtype="<u8")
    y = np.frombuffer(b, dtype="<u8")
    if len(x) != len(y) or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / len(x)


@lru_cache(maxsize=None)
def bands_for(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising false positives + negatives at ``threshold`` (datasketch's choice)."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_keys(sig: bytes, *, kind: str, threshold: float) -> list[int]:
    """One signed 64-bit key per LSH band; equal keys mean a candidate pair."""
    num_perm = len(sig) // 8
    b, r = bands_for(threshold, num_perm)
    keys = []
    for i in range(b):
        chunk = sig[i * r * 8:(i + 1) * r * 8]
        d = hashlib.blake2b(kind.encode() + i.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(d, "little", signed=True))
    return keys


def article_signature(text: str) -> bytes:
    return signature(shingles(text))


def best_match(sig: bytes, candidates: Sequence[tuple[int, bytes]], threshold: float = THRESHOLD) -> tuple[int, float] | None:
    """The most similar candidate (id, similarity) at or above ``threshold``."""
    best: tuple[int, float] | None = None
    for cid, csig in candidates:
        s = similarity(sig, csig)
        if s >= threshold and (best is None or s > best[1] or (s == best[1] and cid < best[0])):
            best = (cid, s)
    return best
