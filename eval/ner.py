#!/usr/bin/env python3
"""Entity-level NER evaluation (seqeval conventions, rawi.ner.score) on PEYMA and Arman.

  python eval/ner.py                       # PEYMA test with the shipped model
  python eval/ner.py --split dev           # PEYMA dev
  python eval/ner.py --arman               # Arman test folds with the shipped model
  python eval/ner.py --arman --folds build/ner   # ... with fold models fold{1,2,3}.npz (or .crfsuite)
  python eval/ner.py --model rawi/ner/data/ner.crfsuite   # the earlier CRF (any .npz/.crfsuite)
  python eval/ner.py --kind ensemble       # the model `rawi ner-tag` uses by default (neural|crf|ensemble)
  python eval/ner.py --file PRED.tsv --gold peyma:test   # score `rawi ner-tag` output

The shipped model (neural, rawi/ner/neural.py) is trained on PEYMA only, so Arman's three test folds are an out-of-domain
test for it (Arman's FAC/PRO/EVENT types are beyond its label set and score 0). A model
trained with Arman (train_ner.py --arman) must be scored with fold models instead
(--folds DIR, built by train_ner.py --arman-fold N): --arman refuses otherwise.
Gold tokens are fed as they are in the corpus (PEYMA's in-token spaces included),
exactly as `rawi ner-tag` would receive them.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rawi.ner import corpora  # noqa: E402
from rawi.ner.score import score, table  # noqa: E402


def read_pred(path: Path) -> list[list[str]]:
    """Tags from `token<TAB>tag` lines, sentences split by blank lines."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\r\n")
        if not line.strip():
            if cur:
                out.append(cur)
                cur = []
            continue
        cur.append(line.rsplit("\t", 1)[1])
    if cur:
        out.append(cur)
    return out


def run(model, sents: list[corpora.Sentence]) -> tuple[list[list[str]], float]:
    t0 = time.perf_counter()
    pred = model.tag_sentences([toks for toks, _ in sents])
    return pred, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", help="PEYMA split to score (test, dev)")
    ap.add_argument("--corpus", default="peyma", choices=("peyma", "parstwiner"),
                    help="parstwiner: tweets, an out-of-domain check (POG->ORG, NAT->NORP, EVE->EVENT)")
    ap.add_argument("--model", type=Path, help="a .npz (neural) or .crfsuite (CRF) file instead of the shipped one")
    ap.add_argument("--kind", choices=("neural", "crf", "ensemble"), help="a shipped model kind (default: $RAWI_NER_MODEL, else neural)")
    ap.add_argument("--arman", action="store_true", help="score Arman's three test folds")
    ap.add_argument("--folds", type=Path, help="folder with fold1..3.npz (or .crfsuite) for --arman")
    ap.add_argument("--file", type=Path, help="score a `rawi ner-tag` output file against --gold")
    ap.add_argument("--gold", default="peyma:test", help="corpus:split for --file")
    a = ap.parse_args()
    if corpora.shared_data() is None:
        print("../shared/data not found (set RAWI_SHARED_DATA); nothing to evaluate")
        return 0
    if a.file:
        name, split = a.gold.split(":")
        gold = [g for _, g in corpora.load(name, split)]
        print(table(score(gold, read_pred(a.file)), f"{a.file} vs {a.gold}"))
        return 0
    from rawi.ner import load_model

    def fold_model(f: int):
        for name in (f"fold{f}_arman.npz", f"fold{f}.npz", f"fold{f}.crfsuite"):  # _arman: the Arman output head
            if (a.folds / name).exists():
                return load_model(a.folds / name)
        raise FileNotFoundError(f"{a.folds}/fold{f}.*: no fold model")

    if a.arman:
        total_g: list[list[str]] = []
        total_p: list[list[str]] = []
        shipped = None
        if not a.folds:
            shipped = load_model(a.model, kind=a.kind)
            if any(c.startswith("arman") for c in shipped.config.get("trained_on", ["arman?"])):
                print("this model was trained on Arman: score Arman with --folds")
                return 1
        for f in (1, 2, 3):
            m = shipped or fold_model(f)
            sents = corpora.load("arman", f"test_fold{f}")
            pred, dt = run(m, sents)
            gold = [g for _, g in sents]
            print(table(score(gold, pred), f"Arman test_fold{f} ({sum(map(len, gold)):,} tokens, {dt:.1f}s)"))
            print()
            total_g += gold
            total_p += pred
        print(table(score(total_g, total_p), "Arman, 3 folds pooled"))
        return 0
    t0 = time.perf_counter()
    m = load_model(a.model, kind=a.kind)
    load_s = time.perf_counter() - t0
    sents = corpora.load(a.corpus, a.split)
    pred, dt = run(m, sents)
    gold = [g for _, g in sents]
    n = sum(map(len, gold))
    print(table(score(gold, pred), f"{a.corpus} {a.split} ({n:,} tokens; load {load_s:.2f}s, tag {dt:.1f}s)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
