"""The outlet registry: Persian-language and foreign media, their spellings, domains and affiliation.

One data file (``rawi/lexicons/outlet_registry.tsv``) is the source of truth for every outlet
name rawi knows: the byline grammar matches its spellings, the corpus maps a URL's host to it,
and the outlet filters of search and the web accept any of its names. An outlet missing from
the registry is still an outlet (``known: false``): names are an open class, and the byline
grammar finds them by position and form (``rawi/annotate/bylines.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..lexicons import rows

AFFILIATIONS = ("state", "semi-official", "irgc-basij", "clerical", "principlist", "reformist", "independent",
                "foreign-state", "diaspora-private", "private", "unknown")
_FOLD = str.maketrans({"\u200c": "", " ": "", "ي": "ی", "ك": "ک", "ى": "ی", "أ": "ا", "إ": "ا", "ۀ": "ه", "ة": "ه",
                       "-": "", "«": "", "»": ""})


@dataclass(frozen=True)
class OutletRecord:
    id: str
    name_en: str
    spellings: tuple[str, ...]
    ambiguous: frozenset[str]  # spellings that are also ordinary words: only inside a byline
    domains: tuple[str, ...]
    country: str
    type: str
    affiliation: str
    basis: str


def fold(name: str) -> str:
    """Spacing-, ZWNJ- and letter-variant-insensitive key of a name."""
    return name.translate(_FOLD).lower()


def _split(cell: str) -> list[str]:
    return [c.strip() for c in cell.split("|") if c.strip() and c.strip() != "-"]


@lru_cache(maxsize=None)
def records() -> tuple[OutletRecord, ...]:
    out = []
    for r in rows("outlet_registry.tsv"):
        if len(r) < 8:
            continue
        spellings, amb = [], set()
        for s in _split(r[2]):
            if s.endswith("?"):
                s = s[:-1].strip()
                amb.add(s)
            spellings.append(s)
        out.append(OutletRecord(id=r[0], name_en=r[1], spellings=tuple(spellings), ambiguous=frozenset(amb),
                                domains=tuple(d.lower() for d in _split(r[3])), country=r[4], type=r[5],
                                affiliation=r[6] if r[6] in AFFILIATIONS else "unknown", basis=r[7]))
    return tuple(out)


@lru_cache(maxsize=None)
def _index() -> tuple[dict[str, OutletRecord], dict[str, OutletRecord], dict[str, OutletRecord]]:
    by_spelling: dict[str, OutletRecord] = {}
    by_domain: dict[str, OutletRecord] = {}
    by_key: dict[str, OutletRecord] = {}
    for rec in records():
        for s in rec.spellings:
            by_spelling.setdefault(fold(s), rec)
        for d in rec.domains:
            by_domain.setdefault(d, rec)
        by_key.setdefault(rec.id.lower(), rec)
        by_key.setdefault(fold(rec.name_en), rec)
    return by_spelling, by_domain, by_key


def by_spelling(name: str) -> Optional[OutletRecord]:
    """The outlet a Persian spelling names (exact after folding)."""
    return _index()[0].get(fold(name))


def host_of(url_or_host: str) -> str:
    """``https://www.farsnews.ir/news/1`` → ``farsnews.ir``."""
    h = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url_or_host.strip().lower()).split("/")[0].split(":")[0]
    return h[4:] if h.startswith("www.") else h


def by_domain(url_or_host: str) -> Optional[OutletRecord]:
    """The outlet a URL or host belongs to (subdomains included: ``en.farsnews.ir``)."""
    host = host_of(url_or_host)
    idx = _index()[1]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        rec = idx.get(".".join(parts[i:]))
        if rec:
            return rec
    return None


def lookup(name: str) -> Optional[OutletRecord]:
    """Any name a user may type: registry id, English name, Persian spelling, domain or URL."""
    if not name or not name.strip():
        return None
    _, _, by_key = _index()
    n = name.strip()
    rec = by_key.get(n.lower()) or by_key.get(fold(n)) or by_spelling(n)
    if rec is None and re.search(r"\.[a-z]{2,}", n.lower()):
        rec = by_domain(n)
    if rec is None:  # "خبرگزاری فارس" when only "فارس" is listed, "Fars News Agency"
        core = re.sub(r"^(?:خبرگزاری|روزنامه|پایگاه خبری|سایت|شبکه)\s*", "", n)
        core_en = re.sub(r"\s+(?:news agency|agency|newspaper|daily)$", "", n.lower())
        rec = by_spelling(core) if core != n else (by_key.get(fold(core_en)) if core_en != n.lower() else None)
    return rec


def spelling_items() -> list[tuple[str, str, str, str, bool]]:
    """Lexicon items (phrase, English, kind, number, ambiguous) for the shared matcher."""
    items = []
    seen = set()
    for rec in records():
        for s in rec.spellings:
            k = fold(s)
            if k in seen:
                continue
            seen.add(k)
            items.append((s, rec.name_en, "media", "sg", s in rec.ambiguous))
    return items
