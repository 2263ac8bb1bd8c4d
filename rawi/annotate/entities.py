"""Entities: the trained NER model merged with gazetteer matches.

Merging rules (documented in the README):
1. Gazetteer matches for outlets (media lexicon) and places (GeoNames + supplement) are
   kept as they are: their boundaries and English names are curated.
2. NER entities that overlap a gazetteer match are dropped (the gazetteer wins on
   boundaries); non-overlapping NER entities are added.
3. Each entity gets ``name_en`` from the gazetteers when one knows the name.
"""
from __future__ import annotations

from ..schema import Entity


def annotate_entities(doc) -> list[Entity]:
    gaz: list[Entity] = []
    try:
        from .places import annotate_places

        for p in annotate_places(doc):
            label = "FAC" if p.feature in ("facility", "prison", "airport", "port", "base") else "LOC"
            gaz.append(Entity(text=p.text, start=p.start, end=p.end, label=label, name_en=p.name_en, origin="gazetteer"))
    except ModuleNotFoundError:
        pass
    try:
        from ..ner import annotate_entities as ner_entities

        ner = ner_entities(doc)
    except ModuleNotFoundError:
        ner = []
    except ImportError:
        ner = []
    taken = [(e.start, e.end) for e in gaz]
    out = list(gaz)
    for e in ner:
        if any(s < e.end and e.start < t for s, t in taken):
            continue
        out.append(e)
    out.sort(key=lambda e: (e.start, -e.end))
    return out
