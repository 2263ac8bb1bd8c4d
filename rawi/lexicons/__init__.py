"""Reading the commented lexicon files shipped in this folder."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Non-comment, non-blank lines of lexicon ``name`` split on tabs (stripped)."""
    out = []
    with open(HERE / name, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            out.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(out)


def words(name: str) -> frozenset[str]:
    return frozenset(r[0] for r in rows(name))


def table(name: str) -> list[list[str]]:
    """Rows of lexicon ``name`` split on tabs, with ``#`` comments (whole-line or trailing)
    removed and cells left as written."""
    out = []
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            out.append(line.split("\t"))
    return out
