#!/usr/bin/env python3
"""Choose the NER ensemble's composition on PEYMA dev (train-only models; never test).

Every member's scores on PEYMA dev are computed once; then each subset of the neural members
(equal weights) is combined with each CRF weight and scored.

  python scripts/tune_ner_ensemble.py --nn build/ner_nn/pseudo_dev_s13.npz build/ner_nn/pseudo_dev_s14.npz \
      build/ner_nn/pseudo_dev_s15.npz --crf build/ner/dev.crfsuite

Prints one line per (members, CRF weight): PER+ORG+LOC F1 (PER ORG LOC), all types.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.ner import corpora  # noqa: E402
from rawi.ner.ensemble import MultiNerModel  # noqa: E402
from rawi.ner.score import score  # noqa: E402
from rawi.ner.tokens import tag_any_style  # noqa: E402


class Cached:
    """tag_rawi_sentences over cached member scores, combined with the weights set on it."""

    def __init__(self, ens: MultiNerModel) -> None:
        self.ens, self.parts = ens, None
        self.use: list[int] = []
        self.crf_weight = 0.0
        self.no_end = True

    def tag_rawi_sentences(self, sentences):
        if self.parts is None:
            self.parts = self.ens.components(sentences)
        Es, M, lengths, starts = self.parts
        ms = [self.ens.members[i] for i in self.use]
        w = 1.0 / len(ms)
        E = sum(w * Es[i] for i in self.use)
        if M is not None and self.crf_weight:
            E = E + self.crf_weight * M
        trans = sum(w * m.trans for m in ms)
        start = sum(w * m.start for m in ms)
        end = sum(w * m.end for m in ms)
        return self.ens.decode(E, lengths, starts, trans, start, end, sentences if self.no_end else None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nn", type=Path, nargs="+", required=True)
    ap.add_argument("--crf", type=Path)
    ap.add_argument("--split", default="dev", choices=("dev",), help="dev only: tuning never sees test")
    ap.add_argument("--corpus", default="peyma", choices=("peyma", "parstwiner"),
                    help="parstwiner: a second dev set (tweets, never used to choose the neural recipe)")
    ap.add_argument("--crf-weights", default="0,1,1.5,2,2.5,3,4")
    ap.add_argument("--min-members", type=int, default=1)
    ap.add_argument("--crf-mode", default="marginal", choices=("marginal", "viterbi"))
    ap.add_argument("--max-members", type=int, default=0)
    ap.add_argument("--no-end", default="1", help="comma list of 0/1: decode with the NO_END constraint or not")
    a = ap.parse_args()
    a.no_end = [bool(int(x)) for x in a.no_end.split(",")]
    from rawi.ner import load_model
    from rawi.ner.model import NerModel

    members = [load_model(p) for p in a.nn]
    crf = NerModel.load(model_path=a.crf) if a.crf else None
    ens = MultiNerModel(members, crf, crf_mode=a.crf_mode)
    sents = corpora.load(a.corpus, a.split)
    gold = [g for _, g in sents]
    toks = [t for t, _ in sents]
    c = Cached(ens)
    names = [p.stem for p in a.nn]
    for r in range(a.min_members, (a.max_members or len(members)) + 1):
        for use in itertools.combinations(range(len(members)), r):
            for cw, ne in itertools.product([float(x) for x in a.crf_weights.split(",")] if crf else [0.0], a.no_end):
                c.use, c.crf_weight, c.no_end = list(use), cw, ne
                res = score(gold, tag_any_style(c, toks))
                print(f"{'+'.join(names[i] for i in use):<60} crf {cw:<4g} no_end {ne:d} PER+ORG+LOC {res['PER+ORG+LOC']['f1']:.4f} "
                      f"(PER {res['PER']['f1']:.3f} ORG {res['ORG']['f1']:.3f} LOC {res['LOC']['f1']:.3f}) "
                      f"all {res['micro']['f1']:.4f}", flush=True)


if __name__ == "__main__":
    main()
