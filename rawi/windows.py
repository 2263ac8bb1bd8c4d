"""Long texts analysed in bounded windows, so time and memory grow linearly with length.

Why: several stages keep per-text structures (NER features, token and sentence caches,
attribution candidates) whose size and cost grow with the whole text; a 1 MB text took
6 s and 730 MB in one piece. A text longer than :data:`WINDOW` characters is cut at line
breaks (sentences never cross one) into windows analysed one after another; their records
are shifted back into whole-text offsets, attribution ids and sentence numbers renumbered,
and provenance is computed once on the whole text (the byline is at its top).

What a window cannot see: context across a boundary (a pronoun whose antecedent is in the
previous window; a paragraph opening a window is read as if it opened an article).
Texts up to :data:`WINDOW` characters, every normal article, are analysed in one piece.
"""
from __future__ import annotations

import gc
from typing import Any, Callable, Optional

from .doc import Doc

WINDOW = 100_000  # characters of normalised text per window


def cut_points(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Windows [s, e) of at most ``size`` characters, cut after a line break when there is
    one in the window's second half, else after a sentence end or a space."""
    out: list[tuple[int, int]] = []
    s, n = 0, len(text)
    while n - s > size:
        lo, hi = s + size // 2, s + size
        cut = text.rfind("\n", lo, hi) + 1
        if cut <= 0:
            cut = max(text.rfind(". ", lo, hi), text.rfind("؟ ", lo, hi), text.rfind("! ", lo, hi)) + 2
        if cut <= 1:
            cut = text.rfind(" ", lo, hi) + 1
        if cut <= 0:
            cut = hi
        out.append((s, cut))
        s = cut
    out.append((s, n))
    return out


def window_doc(doc: Doc, s: int, e: int) -> Doc:
    """The Doc of ``doc.text[s:e]``; ``raw_span`` still points into the whole raw input."""
    return Doc(raw=doc.raw, text=doc.text[s:e], cmap=doc.cmap[s:e] if doc.cmap is not None else None, meta=doc.meta)


def _shift_spans(obj: Any, d: int) -> Any:
    if isinstance(obj, dict):
        if "start" in obj and "end" in obj and isinstance(obj["start"], int):
            obj["start"] += d
            obj["end"] += d
        for v in obj.values():
            if isinstance(v, (dict, list)):
                _shift_spans(v, d)
    elif isinstance(obj, list):
        for v in obj:
            _shift_spans(v, d)
    return obj


def shift(record: Any, d: int, ids: int = 0, sentences: int = 0) -> Any:
    """``record`` (a pydantic model) moved ``d`` characters right, its attribution ids and
    references moved up by ``ids``, its sentence number by ``sentences``."""
    data = _shift_spans(record.model_dump(), d)
    if "id" in data and "cue" in data:  # an Attribution
        data["id"] += ids
        data["sentence"] += sentences
    if isinstance(data.get("attribution"), int):
        data["attribution"] += ids
    if isinstance(data.get("attributions"), list):
        data["attributions"] = [i + ids for i in data["attributions"]]
    return type(record).model_validate(data)


WHOLE_TEXT = ("provenance",)  # components run once on the whole text after the windows


def analyze_windows(doc: Doc, run: Callable[[Doc, set[str]], tuple[dict[str, Any], list[str]]],
                    skip: set[str]) -> tuple[dict[str, Any], list[str]]:
    """Results of every component for a long ``doc``, computed window by window.

    ``run(doc, skip)`` runs the pipeline's components (except those in ``skip``) on one Doc
    and returns (results, warnings)."""
    merged: dict[str, Any] = {}
    warnings: list[str] = []
    windows = cut_points(doc.text)
    try:
        _windows(doc, windows, run, skip, merged, warnings)
    finally:
        gc.unfreeze()
    warnings.append(f"long text analysed in {len(windows)} windows of up to {WINDOW:,} characters")
    _seed_memos(doc, merged)
    return merged, warnings


def _seed_memos(doc: Doc, merged: dict[str, Any]) -> None:
    """Give the whole Doc the per-Doc data its whole-text components would otherwise
    recompute over the whole text: the page-furniture spans (rawi/annotate/furniture.py),
    which the bylines read, cost as much as a stage."""
    if "boilerplate" in merged:
        spans = [(b.start, b.end, b.kind) for b in merged["boilerplate"]]
        doc.memo("boilerplate", lambda: spans)


def _windows(doc: Doc, windows: list[tuple[int, int]], run: Callable[[Doc, set[str]], tuple[dict[str, Any], list[str]]],
             skip: set[str], merged: dict[str, Any], warnings: list[str]) -> None:
    """Each window's results shifted into ``merged``.

    After each window the records kept so far are frozen out of the garbage collector's
    view (``gc.freeze``; unfrozen when done): they only grow, and rescanning them at every
    full collection cost ~18 % of a 1 MB text."""
    ids = sentences = 0
    last_id: Optional[int] = None
    for s, e in windows:
        wdoc = window_doc(doc, s, e)
        res, warns = run(wdoc, skip | set(WHOLE_TEXT))
        own = [a.id for a in res.get("attributions") or []]
        if own and last_id is not None:  # continue the numbering where the last window ended
            ids = last_id + 1 - min(own)
        if own:
            last_id = max(own) + ids
        for w in warns:
            if w not in warnings:
                warnings.append(w)
        for name, value in res.items():
            if isinstance(value, list):
                merged.setdefault(name, []).extend(shift(r, s, ids, sentences) if hasattr(r, "model_dump") else r for r in value)
            elif isinstance(value, int):
                merged[name] = merged.get(name, 0) + value
        sentences += len(wdoc.sentences)
        del wdoc, res
        gc.freeze()
