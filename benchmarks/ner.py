#!/usr/bin/env python3
"""NER speed on one core: model load time and tokens/s, printed as a table.

  python benchmarks/ner.py            # PEYMA test tokens when ../shared/data exists,
                                      # else the example article tokenised by rawi
Tagging goes through ``tag_sentences`` (the whole text at once, as `rawi ner-tag` does).
Rows: load (fresh process state), tagging with a cold per-word feature cache (first pass,
the honest figure for new text), warm cache (second pass), CRF decoding alone (features
prebuilt), and hazm's word_tokenize on the same text as an in-process reference.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sentences() -> tuple[list[list[str]], str]:
    from rawi.ner import corpora

    if corpora.shared_data() is not None:
        return [t for t, _ in corpora.load("peyma", "test")], "PEYMA test"
    from rawi.doc import Doc

    doc = Doc.from_raw((ROOT / "tests" / "fixtures" / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8"))
    sents = [[doc.text[s:e] for s, e in doc.sentence_tokens(i)] for i in range(len(doc.sentences))]
    return [s for s in sents if s] * 20, "example article x20"


def main() -> None:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    t0 = time.perf_counter()
    from rawi.ner.model import NerModel

    model = NerModel.load()
    load_s = time.perf_counter() - t0
    sents, what = sentences()
    n = sum(map(len, sents))

    def timed(fn) -> float:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t

    cold = timed(lambda: model.tag_sentences(sents))
    warm = timed(lambda: model.tag_sentences(sents))
    feats = model.featurizer.sentences(sents, use_doc=model.config["doc"])
    crf = timed(lambda: [model.tagger.tag(f) for f in feats])
    rows = [("model load (s)", f"{load_s:.3f}", "")]
    rows.append(("rawi.ner tag, cold cache (tok/s)", f"{n/cold:,.0f}", ""))
    rows.append(("rawi.ner tag, warm cache (tok/s)", f"{n/warm:,.0f}", ""))
    rows.append(("CRF decode only (tok/s)", f"{n/crf:,.0f}", ""))
    try:
        from hazm import word_tokenize

        text = "\n".join(" ".join(s) for s in sents)
        hz = timed(lambda: [word_tokenize(line) for line in text.split("\n")])
        rows.append(("hazm word_tokenize, reference (tok/s)", f"{n/hz:,.0f}", ""))
        rows = [(a, b, f"{(n/cold)/(n/hz):.2f}x hazm" if "cold" in a else c) for a, b, c in rows]
    except ImportError:
        pass
    print(f"NER benchmark on one core: {what}, {len(sents):,} sentences, {n:,} tokens")
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'value':>10}  ratio")
    for a, b, c in rows:
        print(f"{a:<{w}}  {b:>10}  {c}")


if __name__ == "__main__":
    main()
