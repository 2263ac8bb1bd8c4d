#!/usr/bin/env python3
"""Train rawi's neural NER model (rawi/ner/data/ner_nn.npz; run time in rawi/ner/neural.py).

Steps:
  1. vectors   word2vec (gensim, skip-gram, 100-d, single thread, fixed seed) on the unlabelled
               text of ../shared/data plus the labelled corpora's text, never PEYMA test
               (the same text list as scripts/train_ner.py) -> build/ner_nn/w2v.npz
  2. train     torch (CPU): hashed affix bag + frozen word2vec + shape/lexicon/gazetteer inputs,
               dilated residual CNN, document occurrence pooling, CRF loss; Adam; the weights
               are exported as plain arrays and every epoch is scored by the numpy runtime
               itself (so the export is what is measured)

Usage:
  python scripts/train_ner_nn.py --dev            # tune: train on PEYMA train, score PEYMA dev per epoch
  python scripts/train_ner_nn.py --threads 2      # ship: PEYMA train+dev (+ Arman on its own head) -> rawi/ner/data/ner_nn.npz
  python scripts/train_ner_nn.py --arman 1 --out build/ner_nn/folds/fold1.npz   # Arman fold model (eval/ner.py --arman --folds)
  python scripts/train_ner_nn.py --arman ""       # PEYMA only
  python scripts/train_ner_nn.py --dev --pseudo build/ner_nn/pseudo_dev.jsonl   # self-training on
                                                  # ensemble-labelled news (scripts/pseudo_label_ner.py)
  python scripts/train_ner_nn.py --dev --pseudo build/ner_nn/pseudo_dev.jsonl \
      --pretrain build/ner_nn/pretrain/mlm_e2.npz # optional, off by default and NOT in the recipe:
                                                  # initialise the input layer + convolutions from
                                                  # masked-word pretraining on the unlabelled text
                                                  # (built first if the file is missing; --pretrain-only
                                                  # builds it and stops). Tried on PEYMA dev, seed 13:
                                                  # 0.801 -> 0.798 (2 epochs), 0.791 (5); see PROFILE.md

Defaults are the recipe chosen on PEYMA dev: 10 epochs, weights averaged from epoch 4 on,
dropout 0.4, word dropout 0.15, Arman (all three folds' text) through a second output head.
Needs the `train` extra (torch, gensim). Reproducible: fixed seeds, deterministic CPU ops.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from rawi.ner import corpora  # noqa: E402
from rawi.ner.lexicon import DATA  # noqa: E402
from rawi.ner.neural import (  # noqa: E402
    DOC_SENTENCES, FLAGS, GAZ_TAGS, HASH_BUCKETS, LABELS, MODEL_FILE, SHAPES, STOP_RANK, NeuralNerModel,
    gazetteer_tags, hashed_features, load_flags, load_gazetteer, shape_id, word_form)
from rawi.ner.features import stem  # noqa: E402
from rawi.ner.tokens import key  # noqa: E402

WORK = ROOT / "build" / "ner_nn"
MAX_HASH = 10  # hashed features per word (padded)
ARMAN_LABELS = ("O",) + tuple(f"{b}-{t}" for t in ("PER", "ORG", "LOC", "FAC", "PRO", "EVENT") for b in "BI")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ---------------------------------------------------------------- 1. vectors
def build_vectors(root: Path, out: Path, seed: int) -> None:
    from gensim.models import Word2Vec
    from train_ner import digits_to_zero, unlabelled_sentences

    sents = [[digits_to_zero(w.lower()) for w in s] for s in unlabelled_sentences(root)]
    log(f"vectors: {len(sents):,} sentences, {sum(map(len, sents)):,} tokens; word2vec")
    w2v = Word2Vec(sents, vector_size=100, window=5, min_count=3, sg=1, negative=8, epochs=8,
                   workers=1, seed=seed)
    words = list(w2v.wv.index_to_key)
    counts = np.array([w2v.wv.get_vecattr(w, "count") for w in words])
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, words=np.array(words), vectors=w2v.wv.vectors.astype(np.float32), counts=counts)
    log(f"vectors: {len(words):,} words -> {out}")


# ---------------------------------------------------------------- data
class Words:
    """Word types seen in the data, with their word-only inputs (as the runtime computes them)."""

    def __init__(self, pre_index: dict[str, int], flags: dict[str, int], stop: frozenset[str]) -> None:
        self.pre_index, self.flags, self.stop = pre_index, flags, stop
        self.ids: dict[str, int] = {}
        self.rows: list[tuple] = []

    def id(self, k: str) -> int:
        i = self.ids.get(k)
        if i is None:
            w, sh = word_form(k)
            j = self.pre_index.get(w)
            if j is None and sh == "f":
                j = self.pre_index.get(stem(w))
            m = self.flags.get(w, 0)
            fl = [float(m >> b & 1) for b in range(len(FLAGS))]
            hs = hashed_features(w, sh)
            content = sh == "f" and len(w) > 1 and w not in self.stop
            i = self.ids[k] = len(self.rows)
            self.rows.append((-1 if j is None else j, shape_id(sh), fl, hs, content))
        return i

    def tensors(self):
        """Two rows per word: as is, and 'dropped' (no word vector, no whole-word hash: only affixes)."""
        import torch

        U = len(self.rows)
        pre = np.zeros(2 * U, dtype=np.int64)
        oov = np.ones(2 * U, dtype=np.float32)
        shp = np.zeros(2 * U, dtype=np.int64)
        flg = np.zeros((2 * U, len(FLAGS)), dtype=np.float32)
        hsh = np.full((2 * U, MAX_HASH), HASH_BUCKETS, dtype=np.int64)
        for i, (j, sh, fl, hs, _) in enumerate(self.rows):
            for r, drop in ((i, False), (i + U, True)):
                if j >= 0 and not drop:
                    pre[r], oov[r] = j, 0.0
                shp[r] = sh
                flg[r] = fl
                h = hs[1:] if drop else hs  # hs[0] is the whole word
                hsh[r, : len(h)] = h[:MAX_HASH]
        t = torch.from_numpy
        return t(pre), t(oov), t(shp), t(flg), t(hsh)


def load_vectors() -> tuple[list[str], np.ndarray, dict[str, int]]:
    """The word2vec table (build/ner_nn/w2v.npz): words, unit vectors rounded through float16 so
    that training sees exactly what ships, and word -> row."""
    z = np.load(WORK / "w2v.npz")
    pre_words = z["words"].tolist()
    pre_vecs = z["vectors"].astype(np.float32)
    pre_vecs /= np.linalg.norm(pre_vecs, axis=1, keepdims=True).clip(1e-6)
    pre_vecs = pre_vecs.astype(np.float16).astype(np.float32)
    return pre_words, pre_vecs, {w: i for i, w in enumerate(pre_words)}


def to_rawi(sent):
    from train_ner import to_rawi_tokens

    return to_rawi_tokens(sent)


def encode_docs(groups, words: Words, gaz: dict, labels=LABELS) -> list:
    """Corpus groups -> documents of DOC_SENTENCES consecutive sentences, as id arrays."""
    lab = {t: i for i, t in enumerate(labels)}
    docs = []
    for g in groups:
        for d0 in range(0, len(g), DOC_SENTENCES):
            sents = []
            for toks, tags in g[d0 : d0 + DOC_SENTENCES]:
                ks = [key(t) for t in toks]
                sents.append((
                    [words.id(k) for k in ks],
                    gazetteer_tags(ks, gaz),
                    [lab.get(t, 0) for t in tags],
                ))
            docs.append(sents)
    return docs


# ---------------------------------------------------------------- model
def build_net(pre_vecs: np.ndarray, args):
    import torch
    from torch import nn

    H, E, K = args.hidden, args.hash_dim, len(LABELS)

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.pre = nn.Embedding.from_pretrained(torch.from_numpy(pre_vecs), freeze=True)
            self.W_pre = nn.Linear(pre_vecs.shape[1], H, bias=False)
            self.w_oov = nn.Parameter(torch.zeros(H))
            self.hash = nn.Embedding(HASH_BUCKETS + 1, E, padding_idx=HASH_BUCKETS)
            nn.init.normal_(self.hash.weight, std=0.1)
            with torch.no_grad():
                self.hash.weight[HASH_BUCKETS].zero_()
            self.W_hash = nn.Linear(E, H, bias=False)
            self.shape = nn.Embedding(len(SHAPES), H)
            self.W_flags = nn.Linear(len(FLAGS), H, bias=False)
            self.b0 = nn.Parameter(torch.zeros(H))
            self.gaz = nn.Embedding(len(GAZ_TAGS), H)
            nn.init.normal_(self.shape.weight, std=0.1)
            nn.init.normal_(self.gaz.weight, std=0.1)
            self.dil = [int(x) for x in args.dilations.split(",")]
            self.convs = nn.ModuleList([nn.Conv1d(H, H, 3, dilation=d, padding=d) for d in self.dil])
            self.out = nn.Linear(2 * H + 1 if args.doc else H, K)
            self.trans = nn.Parameter(torch.zeros(K, K))
            self.start = nn.Parameter(torch.zeros(K))
            self.end = nn.Parameter(torch.zeros(K))
            # second head for a corpus with other conventions (Arman): shares everything else
            K2 = len(ARMAN_LABELS)
            self.out2 = nn.Linear(2 * H + 1 if args.doc else H, K2)
            self.trans2 = nn.Parameter(torch.zeros(K2, K2))
            self.start2 = nn.Parameter(torch.zeros(K2))
            self.end2 = nn.Parameter(torch.zeros(K2))
            self.drop = nn.Dropout(args.dropout)

        def word_rows(self, pre, oov, shp, flg, hsh):
            return (self.W_pre(self.pre(pre)) * (1 - oov)[:, None] + oov[:, None] * self.w_oov
                    + self.W_hash(self.hash(hsh).sum(1)) + self.shape(shp) + self.W_flags(flg) + self.b0)

        def emissions(self, rows, wid, gz, mask, grp, head=0):
            """rows: (U', H) word rows; wid/gz: (B, T) ids; mask (B, T); grp (B, T) doc-word group or -1."""
            X = (rows[wid] + self.gaz(gz)) * mask[..., None]
            X = self.drop(X)
            X = X.transpose(1, 2)  # B H T
            m = mask[:, None, :]
            for conv in self.convs:
                X = (X + torch.relu(conv(X))) * m
                X = self.drop(X) if conv is not self.convs[-1] else X
            X = X.transpose(1, 2)  # B T H
            if args.doc:
                B, T, Hh = X.shape
                flat = X.reshape(B * T, Hh)
                g = grp.reshape(-1)
                sel = (g >= 0).nonzero().squeeze(1)
                P = torch.zeros(B * T, Hh + 1)
                if len(sel):
                    gs = g[sel]
                    G = int(gs.max()) + 1
                    sums = torch.zeros(G, Hh).index_add(0, gs, flat[sel])
                    cnt = torch.zeros(G).index_add(0, gs, torch.ones(len(sel)))
                    others = cnt[gs] - 1
                    has = (others > 0).float()
                    pooled = (sums[gs] - flat[sel]) / others.clamp(min=1)[:, None] * has[:, None]
                    P = P.index_copy(0, sel, torch.cat([pooled, has[:, None]], 1))
                X = torch.cat([X, self.drop(P.reshape(B, T, Hh + 1))], 2)
            return self.out2(X) if head else self.out(X)

        def nll(self, emit, tags, mask, head=0):
            B, T, K_ = emit.shape
            trans, start, end = (self.trans2, self.start2, self.end2) if head else (self.trans, self.start, self.end)
            lengths = mask.sum(1).long()
            b = torch.arange(B)
            gold = start[tags[:, 0]] + emit[b, 0, tags[:, 0]]
            if T > 1:
                e = emit[:, 1:].gather(2, tags[:, 1:, None]).squeeze(2)
                tr = trans[tags[:, :-1], tags[:, 1:]]
                gold = gold + ((e + tr) * mask[:, 1:]).sum(1)
            gold = gold + end[tags[b, lengths - 1]]
            alpha = start[None] + emit[:, 0]
            for t in range(1, T):
                nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + emit[:, t, None, :], 1)
                alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
            logz = torch.logsumexp(alpha + end[None], 1)
            return (logz - gold).sum()

    return Net()


def batch_tensors(docs: list, U: int, word_drop: float, rng: random.Random):
    sents = [s for d in docs for s in d]
    T = max(len(s[0]) for s in sents)
    B = len(sents)
    wid = np.zeros((B, T), dtype=np.int64)
    gz = np.zeros((B, T), dtype=np.int64)
    tags = np.zeros((B, T), dtype=np.int64)
    mask = np.zeros((B, T), dtype=np.float32)
    grp = np.full((B, T), -1, dtype=np.int64)
    return sents, T, B, wid, gz, tags, mask, grp


def make_batch(docs, words: Words, word_drop: float, rng: random.Random):
    import torch

    sents, T, B, wid, gz, tags, mask, grp = batch_tensors(docs, len(words.rows), word_drop, rng)
    U = len(words.rows)
    groups: dict[tuple[int, int], int] = {}
    si = 0
    for di, d in enumerate(docs):
        for w, g, t in d:
            n = len(w)
            ww = [x + U if word_drop and rng.random() < word_drop else x for x in w]
            wid[si, :n] = ww
            gz[si, :n] = g
            tags[si, :n] = t
            mask[si, :n] = 1
            for j, x in enumerate(w):
                if words.rows[x][4]:
                    grp[si, j] = groups.setdefault((di, x), len(groups))
            si += 1
    # word rows needed by this batch only
    uniq, inv = np.unique(wid, return_inverse=True)
    t = torch.from_numpy
    return t(uniq), t(inv.reshape(B, T)), t(gz), t(tags), t(mask), t(grp)


# ---------------------------------------------------------------- 1b. encoder pretraining (optional)
PRETRAIN_SHARED = ("W_pre.", "w_oov", "hash.", "W_hash.", "shape.", "W_flags.", "b0", "gaz.", "convs.")


def pretrain(args, root: Path, out: Path) -> None:
    """Masked-word pretraining of the tagger's input layer + convolutions on unlabelled text.

    The same Net (build_net) reads every allowed sentence of unlabelled_sentences() (never PEYMA
    test) in windows of <= 48 tokens; 15 % of the tokens are hidden (80 % a learned mask row with
    no gazetteer tag, 10 % a random word, 10 % unchanged) and the convolution output at each must
    predict the hidden word among the word2vec vocabulary (full softmax); the other tokens get the
    tagger's word dropout (affixes only). Only the shared input/encoder weights are saved."""
    import torch
    from torch import nn
    from train_ner import unlabelled_sentences

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    pre_words, pre_vecs, pre_index = load_vectors()
    gaz, flags = load_gazetteer(), load_flags()
    words = Words(pre_index, flags, frozenset(pre_words[:STOP_RANK]))
    W = 48
    chunks = []
    for s in unlabelled_sentences(root):
        for a in range(0, len(s), W):
            ks = s[a : a + W]
            if len(ks) >= 3:
                chunks.append(ks)
    ids, gzs, tgt = [], [], []
    for ks in chunks:
        ids.append(np.array([words.id(k) for k in ks], dtype=np.int64))
        gzs.append(np.array(gazetteer_tags(ks, gaz), dtype=np.int64))
        tgt.append(np.array([words.rows[i][0] for i in ids[-1]], dtype=np.int64))  # word2vec id or -1
    U = len(words.rows)
    V = len(pre_words)
    n_tok = sum(map(len, ids))
    log(f"pretrain: {len(chunks):,} windows, {n_tok:,} tokens, {U:,} word types; predict {V:,} words")
    pre, oov, shp, flg, hsh = words.tensors()
    net = build_net(pre_vecs, args)
    mask_row = nn.Parameter(torch.zeros(args.hidden))
    head = nn.Linear(args.hidden, V)
    drop = nn.Dropout(args.pretrain_dropout)
    params = [p for p in net.parameters() if p.requires_grad] + [mask_row] + list(head.parameters())
    opt = torch.optim.Adam(params, lr=args.pretrain_lr)
    order = np.argsort([len(x) for x in ids], kind="stable")
    B = args.pretrain_batch
    batches = [order[b : b + B] for b in range(0, len(order), B)]
    steps = len(batches) * args.pretrain_epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / 200) * max(0.05, 1 - k / steps))
    t0 = time.time()
    for epoch in range(1, args.pretrain_epochs + 1):
        rng.shuffle(batches)
        tot, cnt, hit = 0.0, 0, 0
        for bi in batches:
            T = max(len(ids[i]) for i in bi)
            n = len(bi)
            wid = np.zeros((n, T), dtype=np.int64)
            gz = np.zeros((n, T), dtype=np.int64)
            tg = np.full((n, T), -1, dtype=np.int64)
            mask = np.zeros((n, T), dtype=np.float32)
            for r, i in enumerate(bi):
                L = len(ids[i])
                wid[r, :L], gz[r, :L], mask[r, :L] = ids[i], gzs[i], 1
                tg[r, :L] = tgt[i]
            real = mask > 0
            hide = real & (rng.random((n, T)) < 0.15)
            u = rng.random((n, T))
            use_mask = hide & (u < 0.8)
            rand = hide & (u >= 0.8) & (u < 0.9)
            wid = np.where(rand, rng.integers(0, U, (n, T)), wid)
            wd = real & ~hide & (rng.random((n, T)) < args.word_drop)
            wid = np.where(wd, wid + U, wid)
            gz = np.where(use_mask, 0, gz)
            tg = np.where(hide, tg, -1)
            uniq, inv = np.unique(wid, return_inverse=True)
            tt = torch.from_numpy
            rows = net.word_rows(pre[tt(uniq)], oov[tt(uniq)], shp[tt(uniq)], flg[tt(uniq)], hsh[tt(uniq)])
            m = tt(mask)
            X = rows[tt(inv.reshape(n, T))]
            um = tt(use_mask)[..., None]
            X = torch.where(um, mask_row.expand_as(X), X)
            X = (X + net.gaz(tt(gz))) * m[..., None]
            X = drop(X).transpose(1, 2)
            mm = m[:, None, :]
            for conv in net.convs:
                X = (X + torch.relu(conv(X))) * mm
                X = drop(X) if conv is not net.convs[-1] else X
            X = X.transpose(1, 2)
            sel = tt(tg.reshape(-1) >= 0).nonzero().squeeze(1)
            if not len(sel):
                continue
            logits = head(X.reshape(n * T, -1)[sel])
            y = tt(tg.reshape(-1))[sel]
            loss = nn.functional.cross_entropy(logits, y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            sched.step()
            tot += float(loss.detach()) * len(sel)
            cnt += len(sel)
            hit += int((logits.argmax(1) == y).sum())
        log(f"pretrain epoch {epoch}: loss {tot / max(cnt, 1):.3f}, accuracy {hit / max(cnt, 1):.3f} "
            f"on {cnt:,} hidden words ({time.time() - t0:.0f}s)")
    state = {k: v.detach().numpy().copy() for k, v in net.state_dict().items()
             if k.startswith(PRETRAIN_SHARED)}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, **state)
    log(f"pretrain: wrote {out} ({len(state)} arrays, {time.time() - t0:.0f}s)")


def export(net, pre_words: list[str], pre_vecs: np.ndarray, args, head: int = 0) -> dict:
    """The numpy arrays NeuralNerModel reads (float16 tables, float32 small matrices)."""
    import torch

    with torch.no_grad():
        a = {
            "config": np.array(json.dumps({"doc": args.doc, "trained_on": args.trained_on, "hidden": args.hidden,
                                           "dilations": args.dilations, "epochs": args.epochs_done})),
            "pre_words": np.array(pre_words),
            "pre_vecs": pre_vecs.astype(np.float16),
            "W_pre": net.W_pre.weight.T.numpy().astype(np.float32),
            "w_oov": net.w_oov.numpy().astype(np.float32),
            "hash_emb": net.hash.weight[:HASH_BUCKETS].numpy().astype(np.float16),
            "W_hash": net.W_hash.weight.T.numpy().astype(np.float32),
            "shape_proj": net.shape.weight.numpy().astype(np.float32),
            "W_flags": net.W_flags.weight.T.numpy().astype(np.float32),
            "b0": net.b0.numpy().astype(np.float32),
            "gaz_proj": net.gaz.weight.numpy().astype(np.float32),
            "n_conv": np.array(len(net.convs)),
            "labels": np.array(LABELS),
            "W_out": net.out.weight.T.numpy().astype(np.float32),
            "b_out": net.out.bias.numpy().astype(np.float32),
            "trans": net.trans.numpy().astype(np.float32),
            "start": net.start.numpy().astype(np.float32),
            "end": net.end.numpy().astype(np.float32),
        }
        if head:  # the Arman head instead (fold models scored on Arman)
            a.update({"labels": np.array(ARMAN_LABELS), "W_out": net.out2.weight.T.numpy().astype(np.float32),
                      "b_out": net.out2.bias.numpy().astype(np.float32),
                      "trans": net.trans2.numpy().astype(np.float32),
                      "start": net.start2.numpy().astype(np.float32), "end": net.end2.numpy().astype(np.float32)})
        for i, (conv, d) in enumerate(zip(net.convs, net.dil)):
            w = conv.weight.numpy()  # out, in, k
            a[f"conv{i}_W"] = np.concatenate([w[:, :, k].T for k in range(3)], axis=1).astype(np.float32)
            a[f"conv{i}_b"] = conv.bias.numpy().astype(np.float32)
            a[f"conv{i}_d"] = np.array(d)
    return a


def evaluate(arrays: dict, gaz, flags, dev) -> dict:
    from rawi.ner.score import score

    m = NeuralNerModel(arrays, gaz, flags)
    pred = m.tag_sentences([t for t, _ in dev])
    return score([g for _, g in dev], pred)


def train(args, root: Path) -> None:
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    pre_words, pre_vecs, pre_index = load_vectors()
    gaz = load_gazetteer()
    flags = load_flags()
    words = Words(pre_index, flags, frozenset(pre_words[:STOP_RANK]))
    names = [("peyma", "train")] + ([] if args.dev else [("peyma", "dev")])
    args.trained_on = [f"{n}:{s}" for n, s in names]
    groups = [[to_rawi(s) for s in corpora.load(n, s, root)] for n, s in names]
    docs = encode_docs(groups, words, gaz)
    dev = corpora.load("peyma", "dev", root) if args.dev else []
    arman_docs = []
    if args.arman:
        splits = [f"test_fold{i}" for i in (1, 2, 3)] if args.arman == "all" else [f"train_fold{args.arman}"]
        args.trained_on += [f"arman:{x} (own head)" for x in splits]
        ag = [[to_rawi(s) for s in corpora.load("arman", x, root)] for x in splits]
        arman_docs = encode_docs(ag, words, gaz, ARMAN_LABELS)
        log(f"arman: {sum(map(len, arman_docs)):,} sentences on a second output head")
    pseudo_docs = []
    if args.pseudo:
        # self-training: sentences of unlabelled news tagged by the ensemble (scripts/pseudo_label_ner.py),
        # already in rawi's inference tokenisation; grouped per article like the PEYMA documents
        with open(args.pseudo, encoding="utf-8") as fh:
            pg = [[(toks, tags) for toks, tags in json.loads(line)["sents"]] for line in fh]
        args.trained_on += [f"pseudo:{Path(args.pseudo).name} (ensemble labels, share {args.pseudo_share}, "
                            f"weight {args.pseudo_weight})"]
        pseudo_docs = encode_docs(pg, words, gaz)
        log(f"pseudo: {sum(map(len, pseudo_docs)):,} sentences in {len(pseudo_docs):,} documents; "
            f"{args.pseudo_share:g} x the PEYMA documents per epoch, loss weight {args.pseudo_weight:g}")
    log(f"train: {sum(map(len, docs)):,} sentences in {len(docs):,} documents, {len(words.rows):,} word types")
    pre, oov, shp, flg, hsh = words.tensors()
    net = build_net(pre_vecs, args)
    if args.pretrain:
        z = np.load(args.pretrain)
        sd = net.state_dict()
        for k in z.files:
            sd[k] = torch.from_numpy(z[k])
        net.load_state_dict(sd)
        args.trained_on += [f"encoder pretrained: {Path(args.pretrain).name}"]
        log(f"encoder initialised from {args.pretrain} ({len(z.files)} arrays)")
    if args.pretrain and args.pretrain_lr_scale != 1.0:
        shared = [p for k, p in net.named_parameters() if p.requires_grad and k.startswith(PRETRAIN_SHARED)]
        rest = [p for k, p in net.named_parameters() if p.requires_grad and not k.startswith(PRETRAIN_SHARED)]
        opt = torch.optim.Adam([{"params": shared, "lr": args.lr * args.pretrain_lr_scale}, {"params": rest}], lr=args.lr)
    else:
        opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1.0 / (1 + args.decay * e))
    best = (-1.0, 0)
    swa, n_swa = None, 0

    def export_avg(head: int = 0) -> dict:
        if swa is None:
            return export(net, pre_words, pre_vecs, args, head)
        keep = {k: v.detach().clone() for k, v in net.state_dict().items()}
        net.load_state_dict(swa)
        a = export(net, pre_words, pre_vecs, args, head)
        net.load_state_dict(keep)
        return a

    pseudo_ids = {id(d) for d in pseudo_docs}

    for epoch in range(1, args.epochs + 1):
        net.train()
        rng.shuffle(docs)
        rng.shuffle(arman_docs)
        rng.shuffle(pseudo_docs)
        t0 = time.time()
        total = 0.0
        n_arman = int(len(arman_docs) * args.arman_share) if epoch <= args.arman_epochs else 0
        n_pseudo = min(len(pseudo_docs), int(len(docs) * args.pseudo_share))
        batches = [(docs[b : b + args.batch_docs], 0, 1.0) for b in range(0, len(docs), args.batch_docs)]
        batches += [(arman_docs[b : b + args.batch_docs], 1, 1.0) for b in range(0, n_arman, args.batch_docs)]
        batches += [(pseudo_docs[b : min(b + args.batch_docs, n_pseudo)], 0, args.pseudo_weight)
                    for b in range(0, n_pseudo, args.batch_docs)]
        rng.shuffle(batches)
        for bd, head, weight in batches:
            uniq, wid, gz, tags, mask, grp = make_batch(bd, words, args.word_drop, rng)
            rows = net.word_rows(pre[uniq], oov[uniq], shp[uniq], flg[uniq], hsh[uniq])
            emit = net.emissions(rows, wid, gz, mask, grp, head)
            loss = net.nll(emit, tags, mask, head) * weight
            if head or id(bd[0]) in pseudo_ids:  # the logged loss is PEYMA's alone
                total -= float(loss.detach())
            opt.zero_grad()
            (loss / mask.shape[0]).backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        sched.step()
        args.epochs_done = epoch
        msg = f"epoch {epoch}: loss {total / sum(map(len, docs)):.3f} ({time.time() - t0:.0f}s)"
        if args.swa_from and epoch >= args.swa_from:
            # average of the weights after each epoch from swa_from on: a free ensemble
            cur = {k: v.detach().clone() for k, v in net.state_dict().items()}
            if swa is None:
                swa, n_swa = cur, 1
            else:
                n_swa += 1
                for k in swa:
                    swa[k] += (cur[k] - swa[k]) / n_swa
            msg += f" [weights averaged over {n_swa} epochs]"
        if dev and (epoch >= args.eval_from or epoch == args.epochs):
            net.eval()
            res = evaluate(export_avg(), gaz, flags, dev)
            f = res["PER+ORG+LOC"]["f1"]
            msg += (f"; dev PER+ORG+LOC F1 {f:.4f} (PER {res['PER']['f1']:.3f} ORG {res['ORG']['f1']:.3f} "
                    f"LOC {res['LOC']['f1']:.3f}) all {res['micro']['f1']:.4f}")
            if f > best[0]:
                best = (f, epoch)
        log(msg)
    if dev:
        log(f"best dev PER+ORG+LOC F1 {best[0]:.4f} at epoch {best[1]}")
    net.eval()
    out = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        np.savez_compressed(fh, **export_avg())
    log(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    if args.arman and args.arman != "all":
        arman_out = out.with_name(out.stem + "_arman.npz")
        with open(arman_out, "wb") as fh:
            np.savez_compressed(fh, **export_avg(head=1))
        log(f"wrote {arman_out} (the same encoder with the Arman output head)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--dev", action="store_true", help="train on PEYMA train only and score PEYMA dev each epoch")
    ap.add_argument("--rebuild-vectors", action="store_true")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--hash-dim", type=int, default=64)
    ap.add_argument("--dilations", default="1,2,4")
    ap.add_argument("--no-doc", dest="doc", action="store_false")
    ap.add_argument("--dropout", type=float, default=0.4)
    ap.add_argument("--word-drop", type=float, default=0.15)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--decay", type=float, default=0.1)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--eval-from", type=int, default=5)
    ap.add_argument("--batch-docs", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--arman", default="all", help="'all' or a fold number: Arman sentences train the shared encoder through a second output head")
    ap.add_argument("--arman-share", type=float, default=1.0, help="share of Arman documents used per epoch")
    ap.add_argument("--arman-epochs", type=int, default=1000, help="use Arman only in the first N epochs")
    ap.add_argument("--pseudo", default="", help="JSONL of ensemble-labelled sentences (scripts/pseudo_label_ner.py) to self-train on")
    ap.add_argument("--pseudo-share", type=float, default=0.5, help="pseudo documents per epoch, as a multiple of the PEYMA documents (a fresh sample each epoch)")
    ap.add_argument("--pseudo-weight", type=float, default=1.0, help="loss weight of the pseudo-labelled sentences")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--pretrain", default="", help="encoder weights from masked-word pretraining (built first if missing)")
    ap.add_argument("--pretrain-only", action="store_true", help="build --pretrain and stop")
    ap.add_argument("--pretrain-epochs", type=int, default=2)
    ap.add_argument("--pretrain-lr", type=float, default=2e-3)
    ap.add_argument("--pretrain-batch", type=int, default=64, help="windows per pretraining step")
    ap.add_argument("--pretrain-dropout", type=float, default=0.1)
    ap.add_argument("--pretrain-lr-scale", type=float, default=1.0, help="learning rate of the pretrained weights, x --lr")
    ap.add_argument("--swa-from", type=int, default=4, help="average the weights of every epoch from this one on (0: off)")
    args = ap.parse_args()
    if os.environ.get("PYTHONHASHSEED") != "0":  # word2vec reproducible run to run (gensim's advice)
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    random.seed(args.seed)
    np.random.seed(args.seed)
    root = args.data or corpora.shared_data()
    if root is None:
        sys.exit("../shared/data not found; set RAWI_SHARED_DATA")
    if args.out is None:
        args.out = WORK / "dev.npz" if args.dev else DATA / MODEL_FILE
    t0 = time.time()
    if args.rebuild_vectors or not (WORK / "w2v.npz").exists():
        build_vectors(root, WORK / "w2v.npz", args.seed)
    if args.pretrain and (args.pretrain_only or not Path(args.pretrain).exists()):
        pretrain(args, root, Path(args.pretrain))
    if args.pretrain_only:
        return
    train(args, root)
    log(f"done in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
