"""Reading rawi/ner/data/*.txt lexicons (entry, TAB, '# gloss'; '#' lines are comments)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def entries(name: str) -> tuple[str, ...]:
    """The entries of data/<name>.txt, in file order, comments and glosses dropped."""
    out: list[str] = []
    with open(DATA / f"{name}.txt", encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return tuple(out)


@lru_cache(maxsize=None)
def glosses(name: str) -> dict[str, str]:
    """entry -> English gloss of data/<name>.txt (entries without a gloss are left out)."""
    out: dict[str, str] = {}
    with open(DATA / f"{name}.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.lstrip().startswith("#") or "#" not in line:
                continue
            entry, gloss = line.split("#", 1)
            if entry.strip() and gloss.strip():
                out[entry.strip()] = gloss.strip()
    return out
