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

LEXICON = "hedges.txt"
KINDS = ("hedge", "booster", "denial", "distancing")


def attribution_at(start: int, end: int, attributions: Sequence[Attribution], *, cue: bool = True) -> Optional[int]:
    """Id of the innermost attribution whose content (or cue) covers [start, end)."""
    best: Optional[Attribution] = None
    for a in attributions:
        spans = [a.content] + ([a.cue] if cue else [])
        for s in spans:
            if s.start <= start and end <= s.end and s.end > s.start:
                if best is None or (s.end - s.start) < (best.content.end - best.content.start):
                    best = a
    return best.id if best is not None else None


def annotate_hedges(doc: Doc, attributions: Sequence[Attribution] = ()) -> list[Hedge]:
    """Every certainty cue in ``doc`` with its kind, gloss and attribution (None = the outlet's)."""
    out: list[Hedge] = []
    for h in lexmatch.find(doc.text, lexmatch.load(LEXICON)):
        kind, gloss = (list(h.entry.fields) + ["", ""])[:2]
        if kind not in KINDS:
            raise ValueError(f"{LEXICON}:{h.entry.line}: unknown kind {kind!r}")
        out.append(Hedge(text=doc.text[h.start:h.end], start=h.start, end=h.end, kind=kind,
                         gloss_en=gloss or None, attribution=attribution_at(h.start, h.end, attributions)))
    return out
