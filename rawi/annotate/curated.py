"""Curated English names: organisations (lexicons/organizations.tsv), frequently named people
(lexicons/people_en.tsv) and outlets (the outlet registry).

A reader who does not read Persian must be able to trust an English label, so a name the
lists know is printed as the English press prints it ("Lloyd Austin", not a romanisation of
لوید آستین; "UN Security Council", not "Shuray-e Amniyat"). Names the lists do not know fall
back to translation (titles) or romanisation (people) and say so (``name_en_method``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..lexicons import HERE, rows
from . import outlets as R

_FOLD = str.maketrans({"\u200c": "", " ": "", "ي": "ی", "ك": "ک", "ى": "ی", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی",
                       "ۀ": "ه", "ة": "ه", "«": "", "»": "", "\u064b": "", "\u064c": "", "\u064d": "", "\u064e": "",
                       "\u064f": "", "\u0650": "", "\u0651": "", "\u0652": ""})
_HONORIFIC = re.compile(r"^(?:(?:آیت[\u200c ]?الله(?:[\u200c ]العظمی)?|حجت[\u200c ]?الاسلام(?:[\u200c ]?و[\u200c ]?المسلمین)?|"
                        r"سید|سیده|دکتر|مهندس|آقای|خانم|حاج|شیخ|سردار|سرلشکر|سرتیپ|امیر|دریادار)\s+)+")


def key(name: str) -> str:
    """Spacing-, ZWNJ-, letter-variant- and diacritic-insensitive key."""
    return name.strip(" ،,.:؛\"").translate(_FOLD)


def _table(name: str) -> dict[str, tuple[str, ...]]:
    if not (HERE / name).exists():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for r in rows(name):
        if len(r) < 2 or not r[1]:
            continue
        fa = r[0][:-1] if r[0].endswith("?") else r[0]
        out.setdefault(key(fa), r[1:])
    return out


@lru_cache(maxsize=1)
def organizations() -> dict[str, tuple[str, ...]]:
    """key(Persian spelling) -> (English, type, country)."""
    return _table("organizations.tsv")


@lru_cache(maxsize=1)
def people() -> dict[str, tuple[str, ...]]:
    """key(Persian name) -> (English, role, country)."""
    return _table("people_en.tsv")


def organization_en(name: str) -> Optional[str]:
    """The English name of an organisation or outlet, if a curated list knows it."""
    k = key(name)
    hit = organizations().get(k)
    if hit:
        return hit[0]
    rec = R.by_spelling(name)
    if rec:
        return rec.name_en
    return None


def _person(name: str) -> Optional[tuple[str, ...]]:
    if not name:
        return None
    bare = _HONORIFIC.sub("", name.strip())
    return people().get(key(bare)) or people().get(key(name))


@lru_cache(maxsize=1)
def _canonical() -> dict[str, str]:
    """English name -> the first Persian full name (two words or more) the list gives it."""
    out: dict[str, str] = {}
    for r in rows("people_en.tsv") if (HERE / "people_en.tsv").exists() else []:
        fa = r[0].rstrip("?")
        if len(r) > 1 and r[1] and len(fa.split()) > 1 and not _HONORIFIC.match(fa + " "):
            out.setdefault(r[1], fa)
    return out


def canonical_person(name: str) -> Optional[str]:
    """One Persian spelling for every way news writes a curated person ("احمدی نژاد",
    "محمود احمدی‌نژاد", "دکتر احمدی‌نژاد" -> "محمود احمدی‌نژاد"): the corpus key of a speaker."""
    en = person_en(name)
    return _canonical().get(en) if en else None


def person_en(name: str) -> Optional[str]:
    """The English name of a person the curated list knows (honorifics ignored)."""
    rec = _person(name)
    return rec[0] if rec else None


def person_role(name: str) -> Optional[str]:
    """The role the curated list gives a person ("Iranian foreign minister (2013–2021)")."""
    rec = _person(name)
    return rec[1] if rec and len(rec) > 1 and rec[1] else None


_FOLD1 = str.maketrans({"\u200c": " ", "ي": "ی", "ك": "ک", "ى": "ی", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", "ة": "ه"})
_WORDCH = re.compile(r"[\w\u200c]")


@lru_cache(maxsize=1)
def _automaton():
    """Every unambiguous curated spelling in one Aho-Corasick automaton (pyahocorasick), over
    text folded one character for one (ZWNJ as a space, Arabic letter variants as Persian):
    people with two or more words, a lone surname the list gives alone (بایدن، خامنه‌ای: rows
    without "?", which marks a surname that is also an ordinary word), organisations of any length."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    n = 0
    for fname, label in (("organizations.tsv", "ORG"), ("people_en.tsv", "PER")):
        if not (HERE / fname).exists():
            continue
        for r in rows(fname):
            if len(r) < 2 or r[0].endswith("?") or len(r[0]) < 3:
                continue
            if label == "PER" and len(r[0].split()) < 2 and len(r[0].replace("\u200c", "")) < 4:
                continue
            k = " ".join(r[0].translate(_FOLD1).split())
            if k not in auto:
                auto.add_word(k, (len(k), label, r[1]))
                n += 1
    if n:
        auto.make_automaton()
    return auto if n else None


def find(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, label, English) of curated names written in ``text``, longest first, never
    overlapping one another, on word boundaries."""
    auto = _automaton()
    if auto is None:
        return []
    folded = text.translate(_FOLD1)
    hits = []
    for end, (n, label, en) in auto.iter(folded):
        s, e = end - n + 1, end + 1
        if (s > 0 and _WORDCH.match(text, s - 1)) or (e < len(text) and _WORDCH.match(text, e)):
            continue
        hits.append((s, e, label, en))
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for h in hits:
        if any(a < h[1] and h[0] < b for a, b in taken):
            continue
        taken.append((h[0], h[1]))
        out.append(h)
    return sorted(out)


# What the press calls some composed names ("US Foreign Ministry" is the State Department).
_PRESS_NAMES = {"US Foreign Ministry": "US State Department", "US Defence Ministry": "Pentagon",
                "US Justice Ministry": "US Justice Department", "British Foreign Ministry": "British Foreign Office",
                "US Health Ministry": "US Department of Health", "US Interior Ministry": "US Department of the Interior"}
_ADJ_OVERRIDE = {"US": "US", "GB": "British", "AE": "UAE", "KR": "South Korean", "KP": "North Korean"}


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, str]:
    """ISO-2 country code -> the English adjective (lexicons/nationalities.tsv, first row)."""
    out: dict[str, str] = dict(_ADJ_OVERRIDE)
    for r in rows("nationalities.tsv"):
        if len(r) > 2 and len(r[2]) == 2 and r[2].isupper():
            out.setdefault(r[2], r[1])
    return out


@lru_cache(maxsize=1)
def _heads() -> list[tuple[str, str]]:
    """(folded head, template) of lexicons/org_heads.tsv, longest head first."""
    if not (HERE / "org_heads.tsv").exists():
        return []
    out = [(" ".join(r[0].translate(_FOLD1).split()), r[1]) for r in rows("org_heads.tsv") if len(r) > 1]
    return sorted(out, key=lambda h: -len(h[0]))


def compose_organization(name: str) -> Optional[str]:
    """The English of an institution no list knows whole, from a head and the place or body it
    belongs to ("نیروی هوایی اسرائیل" Israeli Air Force, "سازمان زندان‌های خوزستان" Khuzestan
    Province Prisons Organisation, "پایگاه اطلاع‌رسانی وزارت کشور" Iranian Interior Ministry
    website); None when the rest is not a known place or body."""
    from .places import lookup_place

    folded = " ".join(name.strip(" ،,.:؛«»").translate(_FOLD1).split())
    for head, tpl in _heads():
        if not folded.startswith(head + " "):
            continue
        rest = folded[len(head) + 1:]
        if rest.startswith("استان ") and "{X}" in tpl:
            rest = rest[len("استان "):]
        place = lookup_place(rest)
        if head == "دولت":  # "دولت پرزیدنت بایدن": the Biden administration
            who = person_en(re.sub(r"^(?:پرزیدنت|آقای|خانم)\s+", "", rest))
            if who:
                return f"{who.split()[-1]} administration"
        if "{A}" in tpl:
            adj = _adjectives().get(place["country_code"]) if place and place.get("feature") == "country" else None
            if adj is None and rest in ("کشورمان", "جمهوری اسلامی", "جمهوری اسلامی ایران"):
                adj = "Iranian"
            out = tpl.replace("{A}", adj) if adj else None
            return _PRESS_NAMES.get(out, out) if out else None
        x = organization_en(rest) or (place["name_en"] if place else None) or person_en(rest)
        if x:
            return tpl.replace("{X}", x)
        return None
    return None


def find_composed(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, English) of an institution head written right before a place or body the
    text names at ``spans`` ("نیروی هوایی" + "اسرائیل"): names the NER often leaves out."""
    heads = _heads()
    if not heads:
        return []
    folded = text.translate(_FOLD1)
    out = []
    for s, e in spans:
        for head, _ in heads:
            a = s - len(head) - 1
            if a < 0 or folded[a:s - 1] != head or (a > 0 and _WORDCH.match(text, a - 1)) or not text[s - 1].isspace():
                continue
            en = compose_organization(text[a:e])
            if en:
                out.append((a, e, en))
            break
    return out
