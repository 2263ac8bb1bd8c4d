"""English labels for people: entities labelled PER and sources of kind "named" get a
``name_en`` (curated spelling or romanisation, see rawi/translit.py) where no gazetteer
gave one. Runs after attribution; fills labels only, never changes spans."""
from __future__ import annotations

from ..translit import name_en


def annotate_english(doc, entities, attributions) -> int:
    """Fill missing English names in place; return how many were filled."""
    n = 0
    for e in entities:
        if e.label == "PER" and not e.name_en:
            e.name_en = name_en(e.text)
            n += 1
    for a in attributions:
        src = a.source
        if src.kind == "named" and not src.name_en:
            base = src.refers_to.text if src.refers_to is not None else src.text
            src.name_en = name_en(base)
            n += 1
    return n
