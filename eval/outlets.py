"""Outlet (publisher) detection on scraped articles from 100+ outlets.

Gold: ``eval/data/outlets/gold.jsonl``, one line per article of
``../shared/data/farexstance-dev/articles.jsonl`` (research-only data: the gold holds only
article ids, character offsets into the stored text and a hash of it, never the text). The
publisher is the outlet the article names for itself in a byline, dateline or masthead, as
written; ``null`` when it names none. Articles are split dev/blind by a hash of their id
(``split``); the blind half is reported, the dev half is where rules may be studied.

A prediction is right when its span, mapped back to the raw text, overlaps the gold span, or
names the same outlet (same registry id, or the same name after folding).

    python eval/outlets.py                 # dev and blind, summary
    python eval/outlets.py --split dev --errors   # the dev misses, one line each
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import rawi  # noqa: E402
sys.path.insert(0, str(ROOT / "eval"))
from farexstance import gold_with_texts  # noqa: E402
from rawi.normalize.offsets import to_raw  # noqa: E402

GOLD = ROOT / "eval" / "data" / "outlets" / "gold.jsonl"
_LET = str.maketrans({"ي": "ی", "ك": "ک", "\u200c": "", " ": "", "«": "", "»": ""})
_TYPE_NOUNS = re.compile(r"^(?:خبرگزاری|روزنامه|پایگاه خبری(?: تحلیلی)?|سایت|شبکه|هفته‌نامه|پایگاه اطلاع‌رسانی)\s*")


def split_of(article_id: int) -> str:
    """dev or blind, fixed by the id alone (so a new annotator gets the same halves)."""
    return "dev" if hashlib.sha1(str(article_id).encode()).digest()[0] % 2 == 0 else "blind"


def _key(name: str) -> str:
    return _TYPE_NOUNS.sub("", name.strip()).translate(_LET)


def _registry_id(name: str) -> str | None:
    try:
        from rawi.annotate import outlets as R
    except ImportError:  # a rawi without the registry
        return None
    rec = R.lookup(name)
    return rec.id if rec else None


def load(split: str) -> list[tuple[dict, str]]:
    return gold_with_texts(GOLD, lambda g: split == "all" or g["split"] == split, "eval/outlets.py")


def predict(text: str) -> tuple[tuple[int, int] | None, str | None, dict]:
    a = rawi.analyze(text)
    o = a.provenance.outlet
    if o is None or o.end <= o.start:
        return None, None, {}
    s, e = to_raw(a.offset_map, o.start), to_raw(a.offset_map, o.end)
    extra = {k: getattr(o, k, None) for k in ("known", "affiliation", "name_en")}
    return (s, e), o.text, extra


def score(split: str, errors: bool = False) -> dict:
    rows = load(split)
    n_named = tp = fp = invented = known_hit = 0
    n_pred = 0
    errs = []
    for g, text in rows:
        span, ptext, extra = predict(text)
        gold = g["outlet"]
        if span is not None:
            n_pred += 1
        if gold is None:
            if span is not None:
                invented += 1
                fp += 1
                errs.append(f"{g['id']}\tINVENTED\t{ptext}")
            continue
        n_named += 1
        gs, ge = gold
        gname = text[gs:ge]
        if span is None:
            errs.append(f"{g['id']}\tMISSED\t{gname}\t[{g.get('form')}]")
            continue
        ok = (span[0] < ge and gs < span[1]) or _key(ptext) == _key(gname)
        if not ok:
            gid, pid = _registry_id(gname), _registry_id(ptext)
            ok = gid is not None and gid == pid
        if ok:
            tp += 1
            known_hit += bool(extra.get("known"))
        else:
            fp += 1
            errs.append(f"{g['id']}\tWRONG\tgold={gname}\tpred={ptext}")
    res = {
        "split": split, "articles": len(rows), "naming_publisher": n_named, "predicted": n_pred,
        "right": tp, "recall": round(tp / n_named, 3) if n_named else None,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "invented_on_unsigned": invented, "unsigned": len(rows) - n_named,
        "right_and_in_registry": known_hit,
    }
    if errors:
        for e in errs:
            print(e)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=["dev", "blind", "all", "both"], default="both")
    ap.add_argument("--errors", action="store_true", help="print each miss (dev only unless --split names another)")
    args = ap.parse_args()
    splits = ["dev", "blind"] if args.split == "both" else [args.split]
    for sp in splits:
        print(json.dumps(score(sp, errors=args.errors and (sp == "dev" or args.split != "both")), ensure_ascii=False))


if __name__ == "__main__":
    main()
