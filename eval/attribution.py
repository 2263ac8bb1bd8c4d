"""Evaluate rawi attributions and provenance.

1. Golden set (tests/fixtures/attribution/*.gold.json, hand-annotated, incl. the example article):
   exact P/R/F1 (source, cue and content all right, compared after folding ZWNJ/spaces/hamza/
   diacritics), token-overlap P/R/F1 (cue matches and source/content token F1 >= 0.5 each, the
   lenient score of Citron/PARC papers), source-kind accuracy on matched pairs, and provenance.
2. Coverage on Fars News articles (../shared/data/farsnews-course): share of articles with an
   outlet, with at least one attribution, and share of "به گفته X" that find their X.

    python eval/attribution.py                 # golden set
    python eval/attribution.py --farsnews 300  # + coverage on a seeded sample of 300 articles
    python eval/attribution.py --no-zwnj       # golden set with the ZWNJ restorer switched off
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.annotate.attribution import annotate_attributions  # noqa: E402
from rawi.annotate.provenance import annotate_provenance  # noqa: E402
from rawi.doc import Doc  # noqa: E402
from rawi.normalize import normalize  # noqa: E402

GOLD_DIR = ROOT / "tests" / "fixtures" / "attribution"
# Invisible marks are no part of a span's identity either: diacritics, tatweel, ZWNJ/ZWJ, spaces, and
# the bidi controls and soft hyphens some pages carry (rawi's normaliser drops them from its text).
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad\\s]")
_EDGE = "،,.:؛;!؟?"
_DIGITS = str.maketrans("0123456789٠١٢٣٤٥٦٧٨٩٫", "۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹/")  # 5/3 = ۵٫۳ (decimal point)
_LET = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "ة": "ه", "ئ": "ی", "ؤ": "و"})


def fold(s: str) -> str:
    """Spelling-insensitive key: no ZWNJ/spaces/diacritics, unified letters and digits."""
    s = re.sub("[«»\"“”]", "", s).strip().strip(_EDGE).strip()  # quote marks are not part of a span's identity
    s = re.sub(r"(?<=[0-9۰-۹])[.٫/](?=[0-9۰-۹])", "/", s)  # 235.93 = ۲۳۵٫۹۳ = ۲۳۵/۹۳ (the decimal point)
    return _DIACRITICS.sub("", s.translate(_LET).translate(_DIGITS))


def tokens(s: str) -> list[str]:
    return [fold(t) for t in re.split(r"[\s،,.:؛«»()]+", s) if fold(t)]


def tok_f1(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    common = 0
    rest = list(tb)
    for t in ta:
        if t in rest:
            rest.remove(t)
            common += 1
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def make_doc(raw: str, zwnj: bool = True) -> Doc:
    if zwnj:
        return Doc.from_raw(raw)
    n = normalize(raw, zwnj=False, with_map=True)
    return Doc(raw=raw, text=n.text, cmap=n.cmap)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(golds: list[dict], pred: list) -> dict:
    """One-to-one matching of gold attributions ({source, cue, content, kind} strings) and rawi's:
    exact (all three equal after folding) and token overlap (cue equal, source and content
    token-F1 >= 0.5; an empty gold source matches an empty predicted one)."""
    used: set[int] = set()
    exact = 0
    for g in golds:
        for p in pred:
            if p.id in used:
                continue
            if (fold(p.source.text) == fold(g["source"]) and fold(p.cue.text) == fold(g["cue"])
                    and fold(p.content.text) == fold(g["content"])):
                used.add(p.id)
                exact += 1
                break
    used_o: set[int] = set()
    overlap = kind_ok = 0
    misses = []
    pairs: list[tuple[int, object]] = []  # (index of the gold attribution, the prediction it matched by overlap)
    for gi, g in enumerate(golds):
        best = None
        for p in pred:
            if p.id in used_o or fold(p.cue.text) != fold(g["cue"]):
                continue
            fs, fc = tok_f1(p.source.text, g["source"]), tok_f1(p.content.text, g["content"])
            if fs >= 0.5 and fc >= 0.5 and (best is None or fs + fc > best[0]):
                best = (fs + fc, p)
        if best is None:
            misses.append(g)
            continue
        used_o.add(best[1].id)
        pairs.append((gi, best[1]))
        overlap += 1
        kind_ok += best[1].source.kind == g["kind"]
    return {"exact": exact, "overlap": overlap, "kind_ok": kind_ok, "misses": misses, "used_exact": used,
            "used_overlap": used_o, "pairs": pairs}


def print_misses(name: str, golds: list[dict], pred: list, m: dict) -> None:
    """One line per missed gold attribution and per unmatched prediction."""
    print(f"--- {name}: gold {len(golds)} pred {len(pred)} exact {m['exact']} overlap {m['overlap']}")
    for g in m["misses"]:
        print(f"   MISSED  {g['source']!r} | {g['cue']} | {g['content'][:60]!r}")
    for p in pred:
        if p.id not in m["used_overlap"]:
            print(f"   EXTRA   {p.source.text!r} | {p.cue.text} | {p.content.text[:60]!r}")


def score_file(gold_path: Path, zwnj: bool = True, verbose: bool = False) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    raw = (gold_path.parent / gold["text"]).read_text(encoding="utf-8")
    doc = make_doc(raw, zwnj)
    if gold.get("meta"):
        doc = Doc(raw=doc.raw, text=doc.text, cmap=doc.cmap, meta=dict(gold["meta"]))
    pred = annotate_attributions(doc)
    prov = annotate_provenance(doc, pred)
    golds = gold["attributions"]
    m = match(golds, pred)
    exact, overlap, kind_ok, used, used_o = m["exact"], m["overlap"], m["kind_ok"], m["used_exact"], m["used_overlap"]
    gp = gold.get("provenance", {})
    prov_ok = {
        "outlet": (prov.outlet.name_en if prov.outlet else None) == gp.get("outlet"),
        "desk": fold(prov.desk.text) == fold(gp["desk"]) if prov.desk and gp.get("desk") else (prov.desk is None) == (gp.get("desk") is None),
        "relayed_from": len(prov.relayed_from) == len(gp.get("relayed_from", [])) and all(
            any(fold(x) in (fold(r.text), fold(r.name_en or "")) for r in prov.relayed_from) for x in gp.get("relayed_from", [])),
    }
    if verbose:
        print_misses(gold_path.name, golds, pred, m)
        for g in golds:
            for p in pred:
                if p.id in used_o and p.id not in used and fold(p.cue.text) == fold(g["cue"]) and tok_f1(p.content.text, g["content"]) >= .5:
                    if fold(p.source.text) != fold(g["source"]) or fold(p.content.text) != fold(g["content"]):
                        print(f"   PARTIAL {p.source.text!r}/{g['source']!r} | {p.cue.text} | {p.content.text[-40:]!r} / {g['content'][-40:]!r}")
                    break
        print(f"   provenance {prov_ok}")
    return {"gold": len(golds), "pred": len(pred), "exact": exact, "overlap": overlap, "kind_ok": kind_ok,
            "prov": prov_ok}


def golden(zwnj: bool, verbose: bool) -> None:
    rows = []
    for path in sorted(GOLD_DIR.glob("*.gold.json")):
        rows.append((path.name.replace(".gold.json", ""), score_file(path, zwnj, verbose)))
    print(f"\nGolden attributions (ZWNJ restorer {'on' if zwnj else 'off'})")
    print(f"{'file':32} {'gold':>4} {'pred':>4} {'exactF1':>8} {'ovlpF1':>7} {'kinds':>6}  provenance")
    tot = {"gold": 0, "pred": 0, "exact": 0, "overlap": 0, "kind_ok": 0}
    for name, r in rows:
        for k in tot:
            tot[k] += r[k]
        ef = prf(r["exact"], r["pred"], r["gold"])[2]
        of = prf(r["overlap"], r["pred"], r["gold"])[2]
        prov = " ".join(k for k, v in r["prov"].items() if v) or "-"
        print(f"{name:32} {r['gold']:4} {r['pred']:4} {ef:8.3f} {of:7.3f} {r['kind_ok']:>3}/{r['overlap']:<2}  ok: {prov}")
    for label, key in (("exact", "exact"), ("overlap", "overlap")):
        p, r, f = prf(tot[key], tot["pred"], tot["gold"])
        print(f"ALL {label:8} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"ALL source kinds right on matched pairs: {tot['kind_ok']}/{tot['overlap']}")


def shared_data() -> Path | None:
    env = os.environ.get("RAWI_SHARED_DATA")
    p = Path(env) if env else ROOT / ".." / "shared" / "data"
    return p if p.exists() else None


_BEH_GOFTEH = re.compile(r"(?<![\w\u200c])به[\s\u200c]?گفته(?![\w\u200c])(?![\s\u200c]*(?:است|اند|بود))")


def farsnews(n: int, seed: int) -> None:
    data = shared_data()
    if data is None:
        print("farsnews coverage skipped: ../shared/data not found (set RAWI_SHARED_DATA)")
        return
    arts = []
    for f in sorted((data / "farsnews-course").glob("fars-news-*.json")):
        arts += json.loads(f.read_text(encoding="utf-8"))
    random.Random(seed).shuffle(arts)
    arts = [a for a in arts if any(p.strip() for p in a["paragraphs"])][:n]
    with_outlet = with_attr = n_attr = gofteh = gofteh_found = 0
    kinds: dict[str, int] = {}
    for a in arts:
        doc = Doc.from_raw("\n".join(p.strip() for p in a["paragraphs"] if p.strip()))
        atts = annotate_attributions(doc)
        prov = annotate_provenance(doc, atts)
        with_outlet += prov.outlet is not None
        with_attr += bool(atts)
        n_attr += len(atts)
        for x in atts:
            kinds[x.source.kind] = kinds.get(x.source.kind, 0) + 1
        cue_starts = {x.cue.start for x in atts if x.cue.lemma == "به گفته"}
        for m in _BEH_GOFTEH.finditer(doc.text):
            gofteh += 1
            gofteh_found += m.start() in cue_starts
    print(f"\nFars News coverage ({len(arts)} articles, seed {seed}, body paragraphs only)")
    print(f"  outlet found        {with_outlet}/{len(arts)} = {with_outlet / len(arts):.1%}")
    print(f"  >=1 attribution     {with_attr}/{len(arts)} = {with_attr / len(arts):.1%}")
    print(f"  attributions/article {n_attr / len(arts):.2f}  by kind {dict(sorted(kinds.items()))}")
    if gofteh:
        print(f"  'به گفته X' with X found {gofteh_found}/{gofteh} = {gofteh_found / gofteh:.1%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--farsnews", type=int, default=0, help="also measure coverage on N Fars News articles")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--no-zwnj", action="store_true", help="switch the ZWNJ restorer off")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    a = ap.parse_args()
    golden(not a.no_zwnj, a.verbose)
    if a.farsnews:
        farsnews(a.farsnews, a.seed)


if __name__ == "__main__":
    main()
