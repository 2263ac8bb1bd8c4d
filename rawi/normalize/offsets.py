"""Offset tracking for normalisation: every normalised character knows its raw origin.

A normalisation stage is a regex substitution. :func:`sub` applies it and, when a
character map is given, extends that map in C-speed list slices: unchanged stretches
are copied, a replacement maps each output character to the matched raw stretch.
:func:`anchors` compresses the per-character map into (normalised, raw) anchor pairs
for the JSON output; :func:`to_raw` reads them back.
"""
from __future__ import annotations

import bisect
import re
from itertools import groupby
from operator import sub as _minus
from typing import Callable, Optional, Union

Repl = Union[str, Callable[[re.Match], str]]


def sub(pattern: re.Pattern, repl: Repl, text: str, cmap: Optional[list[int]]) -> tuple[str, Optional[list[int]]]:
    """``pattern.sub(repl, text)`` that also carries the character map along."""
    if cmap is None:
        return pattern.sub(repl, text), None
    out: list[str] = []
    nmap: list[int] = []
    pos = 0
    fn = repl if callable(repl) else (lambda m, _r=repl: m.expand(_r))
    for m in pattern.finditer(text):
        s, e = m.span()
        r = fn(m)
        if r == m.group(0):
            continue
        out.append(text[pos:s])
        nmap.extend(cmap[pos:s])
        out.append(r)
        nmap.extend(_spread(cmap, s, e, len(r)))
        pos = e
    if pos == 0 and not out:
        return text, cmap
    out.append(text[pos:])
    nmap.extend(cmap[pos:])
    return "".join(out), nmap


def _spread(cmap: list[int], s: int, e: int, n: int) -> list[int]:
    """Map ``n`` output characters onto input stretch [s, e)."""
    if n == 0:
        return []
    if e == s:  # insertion: everything points at the character that follows
        anchor = cmap[s] if s < len(cmap) else (cmap[-1] + 1 if cmap else 0)
        return [anchor] * n
    if n == e - s:
        return cmap[s:e]
    return [cmap[min(s + i, e - 1)] for i in range(n)]


def align_insertions(before: str, after: str, cmap: list[int]) -> list[int]:
    """Map for ``after`` when it differs from ``before`` only by inserted ZWNJ or
    characters replaced one for one (a space turned into ZWNJ).

    Greedy, character by character; stretches up to the next ZWNJ of ``after`` that equal
    ``before`` are copied as one slice (the greedy would copy them one at a time)."""
    if len(before) == len(after):
        return cmap
    nmap: list[int] = []
    i = j = 0
    nb, na = len(before), len(after)
    while j < na:
        z = after.find("\u200c", j)
        if z < 0:
            z = na
        if z > j and before[i:i + (z - j)] == after[j:z]:
            nmap.extend(cmap[i:i + (z - j)])
            i += z - j
            j = z
            if j >= na:
                break
        # one step of the greedy rule
        ch = after[j]
        if i < nb and before[i] == ch:
            nmap.append(cmap[i])
            i += 1
        elif ch == "\u200c" and (i >= nb or before[i] != " "):
            nmap.append(cmap[i] if i < nb else (cmap[-1] + 1 if cmap else 0))
        else:  # one-for-one replacement
            nmap.append(cmap[i] if i < nb else (cmap[-1] + 1 if cmap else 0))
            i += 1
        j += 1
    return nmap


def anchors(cmap: list[int], raw_len: int) -> list[tuple[int, int]]:
    """Compress a per-character map to (normalised, raw) anchors where the shift changes.

    A shift ``cmap[p] - p`` holds over runs; each run's start is an anchor (C-level
    ``map``/``groupby``/``len(list())`` instead of a Python step per character)."""
    out: list[tuple[int, int]] = []
    p = 0
    for shift, run in groupby(map(_minus, cmap, range(len(cmap)))):
        out.append((p, p + shift))
        p += len(list(run))
    out.append((len(cmap), raw_len))
    return out


def to_raw(anchor_list: list[tuple[int, int]], pos: int) -> int:
    """Raw offset of normalised offset ``pos``."""
    if not anchor_list:
        return pos
    i = bisect.bisect_right(anchor_list, (pos, float("inf"))) - 1
    if i < 0:
        return anchor_list[0][1]
    n, r = anchor_list[i]
    if i + 1 < len(anchor_list):
        nn, nr = anchor_list[i + 1]
        return min(r + (pos - n), nr) if nr >= r else r + (pos - n)
    return r + (pos - n)
