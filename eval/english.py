"""English labels of named people, organisations and places, judged against a blind gold.

Gold: ``eval/data/english/gold.jsonl``: for articles of ``../shared/data/farexstance-dev`` (research
use; the gold holds article ids, mention offsets, a hash of the text and the English names, never
the Persian text), every distinct named person, organisation and place with the English name a
careful English-language newspaper prints and the other acceptable forms. For each gold entity the
labels rawi gives to spans overlapping its mentions (entities, places, sources and their speakers,
the outlet) are collected, and for each mention only the labels of the spans that fit it best (the
highest overlap over union: the organisation's own span, not the country named inside it nor the
longer source phrase around it); the entity is right when the most frequent label is an acceptable form
(after folding case, accents and punctuation; for organisations and places, one form containing
the other when the shorter is at least 60 % of the longer).
No label at all counts as wrong.

    python eval/english.py            # share right per type
    python eval/english.py --errors   # every wrong or missing label
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import rawi  # noqa: E402
from rawi.normalize.offsets import to_raw  # noqa: E402

sys.path.insert(0, str(ROOT / "eval"))
from farexstance import gold_with_texts  # noqa: E402

GOLD = ROOT / "eval" / "data" / "english" / "gold.jsonl"
BLIND = ROOT / "eval" / "data" / "english" / "blind.jsonl"  # held out: scored, never studied


def norm(label: str) -> str:
    """Case, accents, punctuation, hyphens, "the" and a trailing "(XYZ)" do not matter."""
    s = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\([^)]*\)", " ", s)
    s = re.sub(r"\b(the|al|el)\b", " ", s)
    s = re.sub(r"[^a-z0-9]+", "", s)
    return s


def _acceptable(got: str, forms: set[str], kind: str) -> bool:
    """Equal after normalising; for organisations and places also one containing the other when
    the shorter is most of the longer ("Iranian Interior Ministry" for "Interior Ministry")."""
    if got in forms:
        return True
    if kind == "PER" or not got:
        return False
    return any(f and (f in got or got in f) and min(len(f), len(got)) >= 0.6 * max(len(f), len(got)) for f in forms)


def _labels(a, text_len: int) -> list[tuple[int, int, str]]:
    """(raw start, raw end, English label) of every labelled span rawi produced."""
    out = []

    def add(s: int, e: int, en) -> None:
        if en and e > s:
            out.append((to_raw(a.offset_map, s), to_raw(a.offset_map, e), en))

    for e in a.entities:
        add(e.start, e.end, e.name_en)
    for p in a.places:
        add(p.start, p.end, p.name_en)
    for x in a.attributions:
        sp = getattr(x.source, "speaker", None)
        add(x.source.start, x.source.end, (sp.name_en if sp is not None and sp.name_en else None) or x.source.name_en)
    o = a.provenance.outlet
    if o is not None:
        add(o.start, o.end, o.name_en)
    for r in a.provenance.relayed_from:
        add(r.start, r.end, r.name_en)
    return out


def _best(labels: list[tuple[int, int, str]], ms: int, me: int) -> list[str]:
    """The labels of the spans overlapping the mention [ms, me) with the highest overlap over union."""
    fit = [(min(e, me) - max(s, ms)) / (max(e, me) - min(s, ms)) for s, e, _ in labels]
    top = max((f for f in fit if f > 0), default=0)
    return [en for (s, e, en), f in zip(labels, fit) if top and f == top]


def score(errors: bool = False, gold: Path = GOLD) -> dict:
    tot: Counter = Counter()
    right: Counter = Counter()
    for g, text in gold_with_texts(gold, lambda g: True, "eval/english.py"):
        labels = _labels(rawi.analyze(text), len(text))
        for ent in g["entities"]:
            tot[ent["type"]] += 1
            got = Counter(en for ms, me in ent["mentions"] for en in _best(labels, ms, me))
            ok_forms = {norm(ent["en"])} | {norm(x) for x in ent.get("alt", [])}
            best = got.most_common(1)[0][0] if got else None
            if best is not None and _acceptable(norm(best), ok_forms, ent["type"]):
                right[ent["type"]] += 1
            elif errors:
                print(f"{g['id']}\t{ent['type']}\t{ent['en']!r}\t<- {best!r}")
    res = {t: {"right": right[t], "of": tot[t], "share": round(right[t] / tot[t], 3) if tot[t] else None}
           for t in ("PER", "ORG", "LOC")}
    n = sum(tot.values())
    res["all"] = {"right": sum(right.values()), "of": n, "share": round(sum(right.values()) / n, 3) if n else None}
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--set", choices=["dev", "blind"], default="dev",
                    help="dev: eval/data/english/gold.jsonl; blind: blind.jsonl (report its score, do not study its errors)")
    args = ap.parse_args()
    print(json.dumps(score(args.errors, GOLD if args.set == "dev" else BLIND), ensure_ascii=False))


if __name__ == "__main__":
    main()
