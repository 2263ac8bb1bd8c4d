"""A local cache of the loaded ZWNJ model, so a new process skips parsing the lexicon.

Why: building the model's tables from the shipped gzip files is ~0.25 s of every process's
start-up (hundreds of thousands of dict entries parsed from text); the same tables read back
with ``marshal`` take ~0.1 s. The cache file is keyed by the data files' and the loader's
content and the exact Python version, written atomically, and any problem (no writable cache
directory, a stale or damaged file) just means the tables are built from the data as before.

Location: ``$RAWI_CACHE_DIR``, else ``$XDG_CACHE_HOME/rawi``, else ``~/.cache/rawi``.
``RAWI_NO_CACHE=1`` turns it off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Optional

_FORMAT = 1
_INPUTS = ("zwnj_forms.tsv.gz", "zwnj_bigrams.tsv.gz", "zwnj_boundary.tsv.gz", "verb_stems.tsv.gz", "zwnj_rules.txt")


def _dir() -> Optional[Path]:
    if os.environ.get("RAWI_NO_CACHE"):
        return None
    base = os.environ.get("RAWI_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "rawi"


def _path() -> Optional[Path]:
    d = _dir()
    if d is None:
        return None
    h = hashlib.sha1(f"{_FORMAT} {sys.version}".encode())
    data = resources.files("rawi.normalize") / "data"
    for name in _INPUTS:
        f = data / name
        h.update(name.encode())
        h.update(f.read_bytes() if f.is_file() else b"-")
    h.update((resources.files("rawi.normalize") / "zwnj.py").read_bytes())
    return d / f"zwnj-{h.hexdigest()[:20]}.marshal"


def load() -> Optional[dict[str, Any]]:
    """The cached tables, or None."""
    try:
        p = _path()
        if p is None or not p.is_file():
            return None
        state = marshal.loads(p.read_bytes())
        return state if isinstance(state, dict) else None
    except Exception:  # noqa: BLE001 - a cache problem only means building from the data
        return None


def save(state: dict[str, Any]) -> None:
    """Write the tables for the next process (atomically; silently skipped on any error)."""
    try:
        p = _path()
        if p is None:
            return
        blob = marshal.dumps(state)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=p.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, p)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for old in p.parent.glob("zwnj-*.marshal"):  # tables of other data or Python versions
            if old != p:
                old.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001
        return
