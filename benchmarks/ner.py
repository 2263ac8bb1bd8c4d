#!/usr/bin/env python3
"""NER speed on one core: model load time and tokens/s, shipped neural model vs the earlier CRF.

  python benchmarks/ner.py            # PEYMA test tokens when ../shared/data exists,
                                      # else the example article tokenised by rawi
  python benchmarks/ner.py --no-crf   # the shipped model only
  python benchmarks/ner.py --analyze 300   # also full rawi.analyze on 300 Fars articles, neural vs CRF

Models: the shipped neural model, the earlier CRF and the ensemble `rawi ner-tag` uses by
default (rawi/ner/ensemble.py: several neural taggers and the CRF).
Rows per model: load (fresh process state for the first model loaded; the second shares the
already imported normaliser), tagging PEYMA test through ``tag_sentences`` (the whole text at
once, as `rawi ner-tag` does) with a cold per-word cache (first pass, the honest figure for
new text) and warm (second pass), and the pipeline setting: each article of the Fars sample
(or the example article) tagged in one ``tag_rawi_sentences`` call per article, as
`rawi analyze` does, after a warm-up pass over the same articles (ms per article, tokens/s).
"""
from __future__ import annotations

import argparse
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
    arts, _ = articles()
    return [s for a in arts for s in a] * 20, "example article x20"


def articles(n: int = 200) -> tuple[list[list[list[str]]], str]:
    """Articles as rawi's Doc segments them: Fars sample when available, else the example."""
    import json

    from rawi.doc import Doc
    from rawi.ner import corpora

    texts: list[str] = []
    what = "example article"
    root = corpora.shared_data()
    if root is not None:
        f = sorted((root / "farsnews-course").glob("*.json"))[-1]
        for a in json.load(open(f, encoding="utf-8"))[:n]:
            texts.append("\n".join([a.get("title", "")] + list(a.get("paragraphs", []))))
        what = f"{len(texts)} Fars articles ({f.name})"
    else:
        texts.append((ROOT / "tests" / "fixtures" / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8"))
    out = []
    for t in texts:
        doc = Doc.from_raw(t)
        sents = [[doc.text[s:e] for s, e in doc.sentence_tokens(i)] for i in range(len(doc.sentences))]
        out.append([s for s in sents if s])
    return out, what


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def measure(name: str, path, sents, arts) -> list[tuple[str, str]]:
    from rawi.ner import load_model

    t0 = time.perf_counter()
    model = load_model(kind="ensemble") if path == "ensemble" else load_model(path)
    load_s = time.perf_counter() - t0
    n = sum(map(len, sents))
    cold = timed(lambda: model.tag_sentences(sents))
    warm = timed(lambda: model.tag_sentences(sents))
    na = sum(len(s) for a in arts for s in a)
    for a in arts:  # warm-up: the per-word caches fill as they would in a long ingest
        model.tag_rawi_sentences(a)
    pipe = timed(lambda: [model.tag_rawi_sentences(a) for a in arts])
    return [
        (f"{name}: model load (s)", f"{load_s:.3f}"),
        (f"{name}: tag_sentences, cold cache (tok/s)", f"{n / cold:,.0f}"),
        (f"{name}: tag_sentences, warm cache (tok/s)", f"{n / warm:,.0f}"),
        (f"{name}: per-article calls (tok/s)", f"{na / pipe:,.0f}"),
        (f"{name}: per-article calls (ms/article, {na / len(arts):.0f} tokens)", f"{1000 * pipe / len(arts):.2f}"),
    ]


def analyze_rows(n: int) -> list[tuple[str, str]]:
    """Full rawi.analyze with the shipped NER model and with RAWI_NER_MODEL=crf, same articles."""
    import json

    import rawi
    import rawi.ner
    from rawi.ner import corpora

    root = corpora.shared_data()
    if root is None:
        return [("rawi.analyze", "needs ../shared/data")]
    f = sorted((root / "farsnews-course").glob("*.json"))[-1]
    texts = ["\n".join([x.get("title", "")] + list(x.get("paragraphs", []))) for x in json.load(open(f, encoding="utf-8"))[:n]]
    rows = []
    for name, env in (("neural", ""), ("CRF", "crf")):
        os.environ["RAWI_NER_MODEL"] = env
        rawi.ner._MODEL = None
        for t in texts[:30]:
            rawi.analyze(t)
        dt = timed(lambda: [rawi.analyze(t) for t in texts])
        rows.append((f"rawi.analyze with {name} NER, {len(texts)} Fars articles (articles/s)", f"{len(texts) / dt:.1f}"))
    os.environ.pop("RAWI_NER_MODEL", None)
    rawi.ner._MODEL = None
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-crf", action="store_true", help="skip the earlier CRF and the ensemble")
    ap.add_argument("--analyze", type=int, default=0, metavar="N",
                    help="also time rawi.analyze on N Fars articles with each model (after 30 warm-up articles)")
    a = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from rawi.ner.lexicon import DATA
    from rawi.ner.neural import MODEL_FILE

    sents, what = sentences()
    arts, awhat = articles()
    rows = measure("neural (shipped)", DATA / MODEL_FILE, sents, arts)
    if not a.no_crf:
        crf = measure("CRF (earlier)", DATA / "ner.crfsuite", sents, arts)
        rows += crf
        rows += measure("ensemble (RAWI_NER_MODEL=ensemble)", "ensemble", sents, arts)
        speed = {r[0].split(": ", 1)[1]: float(r[1].replace(",", "")) for r in rows[:5]}
        old = {r[0].split(": ", 1)[1]: float(r[1].replace(",", "")) for r in crf}
        for k in ("tag_sentences, cold cache (tok/s)", "per-article calls (tok/s)"):
            rows.append((f"speed-up neural/CRF, {k.split(' (')[0]}", f"{speed[k] / old[k]:.2f}x"))
    if a.analyze:
        rows += analyze_rows(a.analyze)
    n = sum(map(len, sents))
    print(f"NER benchmark on one core: {what}, {len(sents):,} sentences, {n:,} tokens; pipeline rows: {awhat}")
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'value':>10}")
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:>10}")


if __name__ == "__main__":
    main()
