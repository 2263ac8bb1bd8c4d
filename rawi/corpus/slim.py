"""The stored Analysis JSON without its text, compressed: the text is held once, in ``articles.text``.

Why: the text was stored in ``articles.text`` and again inside the analysis JSON (a quarter of
a store's bytes for 5 KB articles). The JSON keeps every other field; readers put the text back
(:func:`full_analysis`) where it was, after ``meta``. The JSON and the raw input are kept
zlib-compressed (``articles.analysis_z``, ``articles.raw_z``; schema v7): they are read whole,
one article at a time, never searched in SQL (the attribution, entity and place tables are the
queryable projections), and compress about five to one — most of a store's bytes otherwise.
"""
from __future__ import annotations

import json
import zlib
from typing import Any, Optional

LEVEL = 6  # zlib's default: 9 saves ~2 % more at twice the cost


def pack(doc: Optional[str]) -> Optional[bytes]:
    """``doc`` compressed for a ``*_z`` column (None stays None)."""
    return None if doc is None else zlib.compress(doc.encode("utf-8"), LEVEL)


def unpack(blob: Any) -> Optional[str]:
    """The text of a ``*_z`` column (bytes or memoryview; None stays None)."""
    return None if blob is None else zlib.decompress(bytes(blob)).decode("utf-8")


def stored_doc(plain: Optional[str], packed: Any) -> Optional[str]:
    """A stored value from its compressed column, or from the plain one (rows older than v7)."""
    return unpack(packed) if packed is not None else plain


def slim_json(analysis: Any) -> str:
    """The analysis (an :class:`~rawi.schema.Analysis`) as JSON, without its text."""
    return analysis.model_dump_json(exclude={"text"})


def strip_text(doc: str) -> str:
    """A stored analysis JSON without its ``text`` (unchanged when it has none, or is "": packed, v7)."""
    if not doc:
        return doc
    d = json.loads(doc)
    if "text" not in d:
        return doc
    d.pop("text")
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def full_analysis(doc: str, text: str) -> dict:
    """The analysis as a dict, with its text back after ``meta`` (older rows still hold it)."""
    d = json.loads(doc)
    if "text" in d:
        return d
    out: dict = {}
    for k, v in d.items():
        out[k] = v
        if k == "meta":
            out["text"] = text
    out.setdefault("text", text)
    return out
