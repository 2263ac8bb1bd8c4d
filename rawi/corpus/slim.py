"""The stored Analysis JSON without its text: the text is held once, in ``articles.text``.

Why: the text was stored in ``articles.text`` and again inside the analysis JSON (a quarter of
a store's bytes for 5 KB articles). The JSON keeps every other field; readers put the text back
(:func:`full_analysis`) where it was, after ``meta``.
"""
from __future__ import annotations

import json
from typing import Any


def slim_json(analysis: Any) -> str:
    """The analysis (an :class:`~rawi.schema.Analysis`) as JSON, without its text."""
    return analysis.model_dump_json(exclude={"text"})


def strip_text(doc: str) -> str:
    """A stored analysis JSON without its ``text`` (unchanged when it has none)."""
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
