"""Entities: the trained NER model merged with gazetteer and lexicon matches.

Merging rules:
1. Places from the gazetteer (GeoNames + curated supplement) are kept with their
   boundaries and English names (label LOC, or FAC for facilities such as prisons).
2. Nationality and group words (rawi/lexicons/nationalities.tsv) are NORP.
3. NER entities (rawi.ner, origin "ner") are added where they overlap no gazetteer or
   lexicon match; where an NER entity strictly contains a gazetteer match and is labelled
   ORG/FAC/EVENT ("دانشگاه تهران"), the NER entity wins, since it is the larger name.
4. ``name_en`` comes from the gazetteers when they know the name.
"""
from __future__ import annotations

import bisect

from functools import lru_cache

from ..lexicons import rows, words
from ..schema import Entity

ZWNJ = "\u200c"
_PLURAL = ("\u200cهای", "\u200cها", "های", "ها", "یان", "ان")
_FAC = {"facility", "prison", "airport", "port", "base", "building", "dam", "plant"}


@lru_cache(maxsize=1)
def _norp() -> dict[str, tuple[str, bool]]:
    return {r[0].replace(ZWNJ, ""): (r[1], len(r) > 3 and r[3] == "?") for r in rows("nationalities.tsv")}


@lru_cache(maxsize=1)
def _groups() -> frozenset[str]:
    return frozenset(w.replace(ZWNJ, "") for w in words("group_nouns.txt"))


def _norp_lookup(tok: str) -> tuple[str, bool, bool] | None:
    """(English, ambiguous, plural) for a nationality token, its plural or ezafe form."""
    table = _norp()
    key = tok.replace(ZWNJ, "")
    if key in table:
        return (*table[key], False)
    for suf in _PLURAL:
        s = suf.replace(ZWNJ, "")
        if key.endswith(s) and len(key) > len(s) + 1:
            stem = key[: -len(s)]
            if s in ("یان",) and stem + "ی" in table:
                return (*table[stem + "ی"], True)
            if stem in table:
                return (*table[stem], True)
    return None


@lru_cache(maxsize=1)
def _norp_forms() -> dict[str, tuple[str, bool, bool]]:
    """``_norp_lookup`` for every token that has a hit, keyed by the token without ZWNJ.

    Built once from the lexicon (each entry, its plural forms, -ی + یان) with
    ``_norp_lookup`` itself, so a token is one dict probe instead of a suffix loop."""
    keys = set()
    for k in _norp():
        keys.add(k)
        for suf in _PLURAL:
            keys.add(k + suf.replace(ZWNJ, ""))
        if k.endswith("ی"):
            keys.add(k[:-1] + "یان")
    return {k: hit for k in keys if (hit := _norp_lookup(k)) is not None}


def norp_entities(doc) -> list[Entity]:
    out: list[Entity] = []
    groups = _groups()
    toks = doc.tokens
    text = doc.text
    forms = _norp_forms()
    # One replace over the joined tokens (Doc.joined_tokens) gives every lookup key.
    keys = doc.joined_tokens.replace(ZWNJ, "").split("\n")
    for i in [i for i, k in enumerate(keys) if k in forms]:
        s, e = toks[i]
        tok = text[s:e]
        name_en, ambiguous, plural = forms[keys[i]]
        if ambiguous and not plural:
            prev = doc.text[toks[i - 1][0]:toks[i - 1][1]].replace(ZWNJ, "") if i else ""
            rs, re_ = doc.raw_span(s, e)
            vowel = "\u064f" in doc.raw[rs:re_] or "\u064e" in doc.raw[rs:re_]
            if not (prev in groups or vowel):
                continue
        out.append(Entity(text=tok, start=s, end=e, label="NORP", name_en=name_en, origin="gazetteer"))
    return out


def annotate_entities(doc, places=None) -> list[Entity]:
    """Entities of ``doc``; ``places`` are the places stage's output when already computed."""
    gaz: list[Entity] = []
    try:
        if places is None:
            from .places import annotate_places

            places = annotate_places(doc)
        for p in places:
            label = "FAC" if (p.feature or "") in _FAC else "LOC"
            gaz.append(Entity(text=p.text, start=p.start, end=p.end, label=label, name_en=p.name_en, origin="gazetteer"))
    except ModuleNotFoundError as e:
        if e.name != "rawi.annotate.places":
            raise
    gaz += norp_entities(doc)
    try:
        from ..ner import annotate_entities as ner_entities
    except ImportError:
        ner_entities = None
    ner = ner_entities(doc) if ner_entities else []
    overlapping = _Overlaps(gaz)
    added: list[Entity] = []
    drop: set[int] = set()  # identity: the same objects (pydantic == compares fields, slowly)
    for e in ner:
        over = overlapping(e.start, e.end)
        if not over:
            added.append(e)
        elif e.label in ("ORG", "FAC", "EVENT") and all(e.start <= g.start and g.end <= e.end and (g.end - g.start) < (e.end - e.start) for g in over):
            drop.update(id(g) for g in over)
            added.append(e)
    out = _with_curated(doc.text, [g for g in gaz if id(g) not in drop] + added)
    out = _with_composed(doc.text, out)
    from .furniture import find_boilerplate, inside
    furniture = find_boilerplate(doc)
    if furniture:  # a site name in its tagline, a date line: page furniture, not the article's entities
        out = [e for e in out if not inside(furniture, e.start, e.end)]
    out.sort(key=lambda e: (e.start, -e.end))
    return out


def _with_curated(text: str, ents: list[Entity]) -> list[Entity]:
    """Curated people and organisations (rawi/annotate/curated.py) written in the text: an entity
    the NER missed is added, one it cut short or split ("بانک مرکزی" + "ایران") is replaced by the
    whole name, and each carries its curated English name."""
    from .curated import find

    hits = find(text)
    if not hits:
        return ents
    overlapping = _Overlaps(ents)
    drop: set[int] = set()
    out_new: list[Entity] = []
    for s, e, label, en in hits:
        over = [x for x in overlapping(s, e) if id(x) not in drop]
        longer = [x for x in over if x.start < s or x.end > e]
        if longer and label == "PER" and len(text[s:e].split()) == 1 and any(x.label == "PER" for x in longer):
            continue  # a lone surname inside a longer name is another person's
        if longer and all(x.label in ("ORG", "FAC") and x.origin == "ner" and not x.name_en and x.start <= s and e <= x.end
                          for x in longer) and (label == "PER" or len(text[s:e].split()) < len(text[longer[0].start:longer[0].end].split()) - 2):
            # a known body or person inside a longer name no list knows ("پایگاه اطلاع رسانی وزارت کشور",
            # "دولت پرزیدنت بایدن"): both are kept, the inner one with its curated English
            out_new.append(Entity(text=text[s:e], start=s, end=e, label=label, name_en=en,  # type: ignore[arg-type]
                                  origin="curated", name_en_method="curated"))
            continue
        if longer and not all(x.origin == "ner" and not x.name_en and len(text[x.start:x.end].split())
                              - len(text[s:e].split()) <= 2 for x in longer):
            continue  # inside a longer name: leave it (a NER span one or two words longer is trusted less)
        if any(x.label not in ("PER", "ORG", "LOC", "FAC", "NORP") for x in over):
            continue
        drop.update(id(x) for x in over)
        out_new.append(Entity(text=text[s:e], start=s, end=e, label=label, name_en=en,  # type: ignore[arg-type]
                              origin="curated", name_en_method="curated"))
    return [x for x in ents if id(x) not in drop] + out_new


def _with_composed(text: str, ents: list[Entity]) -> list[Entity]:
    """An institution head before a place or body ("نیروی هوایی" + "اسرائیل") is an organisation
    (rawi/annotate/curated.py: find_composed), unless an entity already covers it; the place
    stays inside it."""
    from .curated import find_composed

    hits = find_composed(text, [(e.start, e.end) for e in ents if e.label in ("LOC", "ORG")])
    if not hits:
        return ents
    overlapping = _Overlaps(ents)
    out = list(ents)
    for s, e, en in hits:
        if any(x.start <= s and e <= x.end and x.label in ("ORG", "FAC", "PER") for x in overlapping(s, e)):
            continue
        if any(x.start < s < x.end or x.start < e < x.end for x in overlapping(s, e)):
            continue  # crosses another name
        out.append(Entity(text=text[s:e], start=s, end=e, label="ORG", name_en=en, origin="curated",
                          name_en_method="translated"))
    return out


class _Overlaps:
    """The gazetteer entities overlapping a span, found by bisection (testing every one of
    them for every NER entity was quadratic in the length of the text)."""

    def __init__(self, spans: list[Entity]):
        self.spans = sorted(spans, key=lambda g: g.start)
        self.starts = [g.start for g in self.spans]
        self.longest = max((g.end - g.start for g in spans), default=0)

    def __call__(self, start: int, end: int) -> list[Entity]:
        lo = bisect.bisect_right(self.starts, start - self.longest - 1)
        hi = bisect.bisect_left(self.starts, end)
        return [g for g in self.spans[lo:hi] if g.start < end and start < g.end]
