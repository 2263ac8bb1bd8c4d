#!/usr/bin/env python3
"""Pseudo-label unlabelled news with the NER ensemble (self-training data for train_ner_nn.py --pseudo).

Text is tokenised exactly as rawi does at inference (Doc.from_raw, then doc.sentence_tokens per
sentence, as rawi.ner.annotate_entities does), so the student learns on inference-style tokens.
The teacher is an ensemble (rawi.ner.ensemble.MultiNerModel): the mean scores of one or more
neural models (--nn A.npz B.npz ...) + --crf-weight x the CRF's marginals.

  # dev protocol: the teacher must not have seen PEYMA dev -> train-only models
  python scripts/pseudo_label_ner.py --nn build/ner_nn/recipe_dev.npz --crf build/ner/dev.crfsuite \
      --out build/ner_nn/pseudo_dev.jsonl
  # ship: the shipped ensemble (train+dev)
  python scripts/pseudo_label_ner.py --out build/ner_nn/pseudo_ship.jsonl

  # second round: the seed ensemble of round-1 students labels all the unlabelled news
  python scripts/pseudo_label_ner.py --nn build/ner_nn/student_s13.npz build/ner_nn/student_s14.npz \
      --crf rawi/ner/data/ner.crfsuite --sources farsnews-course,varzesh3-course,sci2lab-farsi-news \
      --limit 0 --out build/ner_nn/pseudo2_ship.jsonl

Output: one JSON line per article: {"src": file#index, "sents": [[tokens, tags], ...]}.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rawi.doc import Doc  # noqa: E402
from rawi.ner import corpora  # noqa: E402
from rawi.ner.lexicon import DATA  # noqa: E402


def articles(root: Path, sources: list[str], limit: int):
    n = 0
    for src in sources:
        for f in sorted((root / src).glob("*.json")):
            for i, a in enumerate(json.load(open(f, encoding="utf-8"))):
                parts = [a.get("title", ""), a.get("abstract", "") or a.get("summary", "")]
                parts += list(a.get("paragraphs", []))
                text = "\n\n".join(p.strip() for p in parts if p and p.strip())
                if text:
                    yield f"{src}/{f.name}#{i}", text
                    n += 1
                    if limit and n >= limit:
                        return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nn", type=Path, nargs="+", default=None, help="neural teacher(s) .npz (default: shipped)")
    ap.add_argument("--crf", type=Path, default=None, help="CRF teacher .crfsuite (default: shipped)")
    ap.add_argument("--sources", default="farsnews-course", help="comma-separated dirs of ../shared/data")
    ap.add_argument("--limit", type=int, default=1200, help="articles (0: all)")
    ap.add_argument("--crf-weight", type=float, default=2.0, help="weight of the CRF marginals")
    ap.add_argument("--no-end", type=int, default=0,
                    help="1: spans may not end on a conjunction/comma (off for the shipped models' labels)")
    ap.add_argument("--max-len", type=int, default=100, help="drop longer sentences")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args()
    from rawi.ner.model import NerModel
    from rawi.ner.ensemble import MultiNerModel
    from rawi.ner.neural import NeuralNerModel

    nns = [NeuralNerModel.load(model_path=p) for p in args.nn] if args.nn else [NeuralNerModel.load(DATA)]
    crf = NerModel.load(model_path=args.crf) if args.crf else NerModel.load(DATA)
    teacher = MultiNerModel(nns, crf, crf_weight=args.crf_weight, no_end=bool(args.no_end))
    root = args.data or corpora.shared_data()
    t0 = time.time()
    n_art = n_sent = n_tok = n_ent = 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for src, text in articles(root, args.sources.split(","), args.limit):
            doc = Doc.from_raw(text)
            t = doc.text
            sents = [[t[s:e] for s, e in doc.sentence_tokens(i)] for i in range(len(doc.sentences))]
            sents = [s for s in sents if 0 < len(s) <= args.max_len]
            if not sents:
                continue
            tags = teacher.tag_rawi_sentences(sents)
            out.write(json.dumps({"src": src, "sents": [[s, g] for s, g in zip(sents, tags)]},
                                 ensure_ascii=False) + "\n")
            n_art += 1
            n_sent += len(sents)
            n_tok += sum(map(len, sents))
            n_ent += sum(x.startswith("B-") for g in tags for x in g)
    print(f"{n_art} articles, {n_sent} sentences, {n_tok} tokens, {n_ent} entities "
          f"-> {args.out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
