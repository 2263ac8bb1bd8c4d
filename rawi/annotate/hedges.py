"""Certainty cues: hedges, boosters, denial and distancing, tied to the attribution they sit in.

Why: "US forces transferred 750 ISIS members" reads differently after ادعا کرد (claimed),
گفته می‌شود (it is said) or تأکید کرد (stressed). The cue inventory is data
(rawi/lexicons/hedges.txt); this module finds it and says whose statement it qualifies:
a cue inside an attribution's cue or content belongs to that attribution, any other cue
is the outlet's own.
"""
from __future__ import annotations

from typing import Optional, Sequence

from ..doc import Doc
from ..schema import Attribution, Hedge
from . import lexmatch
from .intervals import SpanIndex

LEXICON = "hedges.txt"
KINDS = ("hedge", "booster", "denial", "distancing")


def attribution_at(start: int, end: int, attributions: Sequence[Attribution], *, cue: bool = True) -> Optional[int]:
    """Id of the innermost attribution whose content (or cue) covers [start, end)."""
    a = AttributionIndex(attributions, cue=cue).at(start, end)
    return a.id if a is not None else None


class AttributionIndex:
    """:func:`attribution_at` for many spans of one text: the attributions near a span are
    found by bisection, then chosen by the same rule in the same order (a scan of every
    attribution per cue made hedges and framing quadratic in the article's length)."""

    def __init__(self, attributions: Sequence[Attribution], *, cue: bool = True):
        self.atts = list(attributions)
        self.cue = cue
        spans = [(i, a.content) for i, a in enumerate(self.atts)] + ([(i, a.cue) for i, a in enumerate(self.atts)] if cue else [])
        self.index = SpanIndex(spans, lambda p: (p[1].start, p[1].end))

    def at(self, start: int, end: int) -> Optional[Attribution]:
        near = sorted({i for i, _ in self.index.overlapping(start - 1, end + 1)})  # a superset of the covering ones
        best: Optional[Attribution] = None
        for a in (self.atts[i] for i in near):
            spans = [a.content] + ([a.cue] if self.cue else [])
            for s in spans:
                if s.start <= start and end <= s.end and s.end > s.start:
                    if best is None or (s.end - s.start) < (best.content.end - best.content.start):
                        best = a
        return best


def annotate_hedges(doc: Doc, attributions: Sequence[Attribution] = ()) -> list[Hedge]:
    """Every certainty cue in ``doc`` with its kind, gloss and attribution (None = the outlet's)."""
    out: list[Hedge] = []
    index = AttributionIndex(attributions)
    for h in lexmatch.find(doc.text, lexmatch.load(LEXICON)):
        kind, gloss = (list(h.entry.fields) + ["", ""])[:2]
        if kind not in KINDS:
            raise ValueError(f"{LEXICON}:{h.entry.line}: unknown kind {kind!r}")
        out.append(Hedge(text=doc.text[h.start:h.end], start=h.start, end=h.end, kind=kind,
                         gloss_en=gloss or None, attribution=_id(index.at(h.start, h.end))))
    return out


def _id(a: Optional[Attribution]) -> Optional[int]:
    return a.id if a is not None else None
