"""Speaker grouping: are the attributions of one speaker given one speaker identity?

Gold: ``eval/data/attribution/multi_outlet.jsonl`` (batches A1-A3 over
``../shared/data/farexstance-dev``): each gold attribution carries a ``speaker`` label ("s1",
"s2", ...) shared by every attribution of that speaker in the article, annotated blind. rawi's
attributions are matched to the gold ones as ``eval/attribution_multi.py`` matches them (cue equal,
source and content token-F1 >= 0.5; a verbatim-repeated attribution counts once). Then, over every
pair of matched gold attributions in the same article:
  - gold-positive when both have the same gold speaker label;
  - predicted-positive when rawi gives both the same ``source.speaker.id``.
Precision, recall and F1 are over those pairs (pooled over the articles of a batch). A gold
attribution rawi did not find is left out: this scores grouping, not finding
(`eval/attribution_multi.py` scores that).

    python eval/speakers.py                 # batches A1, A2, A3
    python eval/speakers.py --batch A1 -v   # one batch, with every wrong pair
"""
from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import rawi  # noqa: E402
from attribution import match, prf  # noqa: E402
from attribution_multi import _dedupe, load  # noqa: E402


def _sid(p) -> object:
    sp = getattr(p.source, "speaker", None)
    return sp.id if sp is not None else None


def score(batch: str, verbose: bool = False) -> dict:
    tot = {"articles": 0, "gold": 0, "matched": 0, "pairs": 0, "gold_pos": 0, "pred_pos": 0, "both": 0}
    for g, t in load(batch):
        golds = [{k: t[a[k][0]:a[k][1]] for k in ("source", "cue", "content")} | {"kind": a["kind"], "speaker": a["speaker"]}
                 for a in g["attributions"]]
        golds = _dedupe(golds, lambda x: (x["source"], x["cue"], x["content"]))
        pred = _dedupe(rawi.analyze(t).attributions, lambda p: (p.source.text, p.cue.text, p.content.text))
        pairs = match(golds, pred)["pairs"]
        tot["articles"] += 1
        tot["gold"] += len(golds)
        tot["matched"] += len(pairs)
        wrong = []
        for (gi, p), (gj, q) in combinations(pairs, 2):
            gp = golds[gi]["speaker"] == golds[gj]["speaker"]
            pp = _sid(p) is not None and _sid(p) == _sid(q)
            tot["pairs"] += 1
            tot["gold_pos"] += gp
            tot["pred_pos"] += pp
            tot["both"] += gp and pp
            if verbose and gp != pp:
                wrong.append(("SPLIT " if gp else "JOINED") + f"  {golds[gi]['source']!r} ({golds[gi]['speaker']}, rawi "
                             f"{_sid(p)})  ~  {golds[gj]['source']!r} ({golds[gj]['speaker']}, rawi {_sid(q)})")
        if verbose and wrong:
            print(f"--- {g['id']}: {len(pairs)} of {len(golds)} matched")
            for w in wrong:
                print("   " + w)
    p, r, f = prf(tot["both"], tot["pred_pos"], tot["gold_pos"])
    return {"batch": batch, **tot, "P": round(p, 3), "R": round(r, 3), "F1": round(f, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--batch", choices=["A1", "A2", "A3", "A4", "all"], default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    for b in ([args.batch] if args.batch else ["A1", "A2", "A3"]):
        print(json.dumps(score(b, args.verbose), ensure_ascii=False))


if __name__ == "__main__":
    main()
