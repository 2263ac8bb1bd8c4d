"""English labels a reader can trust: curated names first, then translation, then romanisation.

- people (PER entities, named and official sources, speakers): the curated list of frequently
  named people (lexicons/people_en.tsv, "Lloyd Austin" for لوید آستین), else the romaniser
  (rawi/translit.py) — and only for names: a description or title is never romanised;
- organisations (ORG entities, organisation and media sources): the curated organisations list
  and the outlet registry, else the translated description the source rules gave;
- every label records how it was made (``name_en_method``: curated | translated | romanized).
Runs after attribution; fills labels only, never changes spans."""
from __future__ import annotations

import re
import unicodedata
from typing import Optional

from . import sources as S
from ..translit import name_en as romanize
from .curated import compose_organization, organization_en, person_en


def title_en(title: str) -> Optional[str]:
    """A title translated whole: the office from lexicons/officials.txt and the body, place or
    constituency after it from the curated lists ("سخنگوی کمیسیون انرژی مجلس" spokesperson of
    Parliament's Energy Committee, "نماینده مردم تهران در مجلس" MP for Tehran, "امام جمعه بوشهر"
    Friday prayer leader of Bushehr); None when the rest is not something the lists know."""
    from .places import lookup_place

    t = title.strip(" ،,.:؛«»")
    m = S.officials().match_at(t, 0)
    if m is None or not m.en:
        return None
    rest = re.sub(r"^[\s\u200c،,]+", "", t[m.end:])
    if not rest:
        return None
    mp = re.match(r"مردم\s+(.+?)(?:\s+در\s+(?:مجلس|خانه ملت).*)?$", rest)
    if mp and S.fold(t[:m.end]).startswith(S.fold("نماینده")):
        parts = [lookup_place(p.strip()) for p in re.split(r"\s+(?:و|،)\s+|،", mp.group(1))]
        if parts and all(parts):
            return "MP for " + " and ".join(_plain(p["name_en"].replace(" Province", "")) for p in parts)  # type: ignore[index]
        return None
    rest = re.sub(r"^کل\s+", "", rest)
    words = rest.split()
    for n in range(len(words), 0, -1):  # the longest known beginning ("کمیسیون انرژی مجلس" of "... شورای اسلامی")
        part = " ".join(words[:n])
        place = lookup_place(part) if n == len(words) else None
        body = organization_en(part) or compose_organization(part) or (place["name_en"] if place else None)
        if body:
            return f"{m.en} of {_plain(body)}"
        if n < len(words) - 2:
            break
    return None


def _plain(s: str) -> str:
    """GeoNames' accents and ʿ marks out of an English label ("Nehbandān" Nehbandan)."""
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode() or s


def _whole_title(text: str) -> Optional[str]:
    """The English of a text that is only a title or honorific ("امام جمعه", "سردار")."""
    t = text.strip(" ،,.:؛«»")
    m = S.officials().match_at(t, 0)
    if m is not None and m.end >= len(t) and m.en:
        return title_en(t) or m.en
    from .speakers import honorifics
    h = honorifics().match_at(t, 0, len(t))
    if h is not None and h.end >= len(t) and h.en:
        return h.en
    return None


def _person(name: str) -> tuple[str, str]:
    en = person_en(name)
    return (en, "curated") if en else (romanize(name), "romanized")


def annotate_english(doc, entities, attributions) -> int:
    """Fill English names in place; return how many labels were set."""
    n = 0
    # A surname written alone refers to the full name met in the article ("نفتالی بنت" ... "بنت").
    full: dict[str, tuple[str, str]] = {}
    for e in entities:
        if e.label == "PER" and len(e.text.split()) > 1:
            en = person_en(e.text) or (e.name_en if e.name_en_method == "curated" else None)
            if en:
                full.setdefault(e.text.split()[-1], (en, "curated"))
    for e in entities:
        if e.label == "PER" and len(e.text.split()) == 1 and e.text in full and not person_en(e.text):
            e.name_en, e.name_en_method = full[e.text]
            continue
        if e.label == "PER":
            if not e.name_en or e.name_en_method is None:
                curated = person_en(e.text)
                title = None if curated else _whole_title(e.text)
                if curated:
                    e.name_en, e.name_en_method = curated, "curated"
                elif title:  # "امام جمعه" tagged as a person: a title, translated, never romanised
                    e.name_en, e.name_en_method = title, "translated"
                elif not e.name_en and len(e.text.replace("\u200c", "").replace(" ", "")) > 2:
                    e.name_en, e.name_en_method = romanize(e.text), "romanized"
                n += 1
        elif e.label in ("ORG", "FAC") and e.name_en_method is None:
            curated = organization_en(e.text)
            composed = None if curated or e.name_en else compose_organization(e.text)
            if curated:
                e.name_en, e.name_en_method = curated, "curated"
                n += 1
            elif e.name_en:
                e.name_en_method = "curated"  # from the gazetteer
            elif composed:  # "نیروی هوایی اسرائیل": a head translated, the place or body from the lists
                e.name_en, e.name_en_method = composed, "translated"
                n += 1
        elif e.name_en and e.name_en_method is None:
            e.name_en_method = "curated"  # gazetteer places and nationalities
    titles: dict[int, Optional[str]] = {}
    for a in attributions:
        sp = a.source.speaker
        if sp is not None and sp.title and id(sp) not in titles:
            titles[id(sp)] = title_en(sp.title)
            if titles[id(sp)]:
                sp.title_en = titles[id(sp)]
    for a in attributions:
        src = a.source
        sp = src.speaker
        if sp is not None and sp.name is None and sp.title_en and titles.get(id(sp)) and src.kind == "official":
            src.name_en, src.name_en_method = sp.title_en, "translated"
            continue
        if sp is not None and sp.name and sp.kind in ("named", "official"):
            sp.name_en, sp.name_en_method = _person(sp.name)
        elif sp is not None and sp.name is None and sp.title_en:
            sp.name_en_method = "translated"
        if src.kind in ("organization", "media"):
            curated = organization_en(src.text)
            composed = None if curated else compose_organization(src.text)
            if curated:
                src.name_en, src.name_en_method = curated, "curated"
            elif composed:
                src.name_en, src.name_en_method = composed, "translated"
            elif src.name_en:
                src.name_en_method = "translated"
        elif src.kind == "named":
            if sp is not None and sp.name and sp.name_en:
                src.name_en, src.name_en_method = sp.name_en, sp.name_en_method
            elif not src.name_en:
                base = src.refers_to.text if src.refers_to is not None else src.text
                words = base.replace("«", " ").replace("»", " ").split()
                first = S.fold(words[0]) if words else ""
                if first and not (first in S.folded_set("pronoun") or first in S.folded_set("demonstrative")):
                    src.name_en, src.name_en_method = _person(base)  # "وی" with no antecedent: no name to romanise
            n += 1
        elif src.kind == "official":
            if sp is not None and sp.name and sp.name_en:
                title = sp.title_en or src.name_en
                src.name_en = f"{sp.name_en}, {title}" if title and title != sp.name_en else sp.name_en
                src.name_en_method = sp.name_en_method
            elif src.name_en:
                src.name_en_method = "translated"
        elif src.name_en:
            src.name_en_method = "translated"
    return n
