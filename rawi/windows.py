"""Long texts analysed in bounded windows, so time and memory grow linearly with length.

Why: several stages keep per-text structures (NER features, token and sentence caches,
attribution candidates) whose size and cost grow with the whole text; a 1 MB text took
6 s and 730 MB in one piece. A text longer than :data:`WINDOW` characters is cut at line
breaks (sentences never cross one) into windows analysed one after another; their records
are shifted back into whole-text offsets, attribution ids and sentence numbers renumbered,
and provenance is computed once on the whole text (the byline is at its top).

Each window after the first is analysed with the :data:`CONTEXT` characters before it, and
what is found in that context is left to the previous window: a window's first paragraph is
not read as an article's opening, and a pronoun finds an antecedent a paragraph or two back.
What a window still cannot see is context further back than that.
Texts up to :data:`WINDOW` characters, every normal article, are analysed in one piece.
"""
from __future__ import annotations

import bisect
import gc
from typing import Any, Callable, Optional

from .doc import Doc

WINDOW = 100_000  # characters of normalised text per window
CONTEXT = 2_000  # characters of the text before a window analysed with it, for context


def cut_points(text: str, size: Optional[int] = None) -> list[tuple[int, int]]:
    """Windows [s, e) of at most ``size`` (default :data:`WINDOW`) characters, cut after a
    line break when there is one in the window's second half, else after a sentence end or
    a space."""
    size = WINDOW if size is None else size
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


def shift(record: Any, d: int, ids: Callable[[int], Optional[int]] = lambda i: i, sentences: int = 0) -> Any:
    """``record`` (a pydantic model) moved ``d`` characters right, its attribution id and
    references renumbered by ``ids`` (a reference ``ids`` maps to None is dropped), its
    sentence number moved up by ``sentences``."""
    data = _shift_spans(record.model_dump(), d)
    if "id" in data and "cue" in data:  # an Attribution
        data["id"] = ids(data["id"])
        data["sentence"] += sentences
    if isinstance(data.get("attribution"), int):
        data["attribution"] = ids(data["attribution"])
    if isinstance(data.get("attributions"), list):
        data["attributions"] = [j for j in (ids(i) for i in data["attributions"]) if j is not None]
    return type(record).model_validate(data)


def anchor(record: Any) -> int:
    """Where a record sits, to tell which window owns it: its cue (attributions), its trigger
    (events) or its own span."""
    for name in ("cue", "trigger"):
        sub = getattr(record, name, None)
        if sub is not None:
            return sub.start
    return getattr(record, "start", 0)


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

    A window after the first is analysed with up to :data:`CONTEXT` characters of the text
    before it (from a line start), so that its first paragraph is not read as an article's
    opening (a byline) and a pronoun can find an antecedent just before; records anchored
    in that context belong to the previous window and are dropped, references to its
    attributions are mapped to the previous window's copy (same cue span).

    After each window the records kept so far are frozen out of the garbage collector's
    view (``gc.freeze``; unfrozen when done): they only grow, and rescanning them at every
    full collection cost ~18 % of a 1 MB text."""
    sent_starts = [a for a, _ in doc.sentences]
    by_cue: dict[tuple[int, int], int] = {}  # whole-text cue span -> merged attribution id
    next_id: Optional[int] = None
    for k, (s, e) in enumerate(windows):
        c = s if k == 0 else context_start(doc.text, s, windows[k - 1][0])
        wdoc = window_doc(doc, c, e)
        res, warns = run(wdoc, skip | set(WHOLE_TEXT))
        for w in warns:
            if w not in warnings:
                warnings.append(w)
        own = [a for a in res.get("attributions") or [] if a.cue.start + c >= s]
        delta = 0 if next_id is None or not own else next_id - min(a.id for a in own)
        idmap: dict[int, Optional[int]] = {a.id: a.id + delta for a in own}
        for a in res.get("attributions") or []:
            if a.id not in idmap:  # in the context: the previous window's attribution, if it has it
                idmap[a.id] = by_cue.get((a.cue.start + c, a.cue.end + c))
        sentences = bisect.bisect_left(sent_starts, c)
        for name, value in res.items():
            if isinstance(value, list):
                kept = merged.setdefault(name, [])
                for r in value:
                    if not hasattr(r, "model_dump"):
                        kept.append(r)
                    elif anchor(r) + c >= s:
                        kept.append(shift(r, c, idmap.get, sentences))
            elif isinstance(value, int):
                merged[name] = merged.get(name, 0) + value
        for a in own:
            by_cue[(a.cue.start + c, a.cue.end + c)] = a.id + delta
        if own:
            next_id = max(a.id for a in own) + delta + 1
        del wdoc, res
        gc.freeze()


def context_start(text: str, s: int, lo: int) -> int:
    """Where the context before window start ``s`` begins: about :data:`CONTEXT` characters
    back, at a line start, never before ``lo`` (the previous window's start)."""
    want = max(lo, s - CONTEXT)
    nl = text.rfind("\n", lo, want)
    return nl + 1 if nl >= 0 else want
