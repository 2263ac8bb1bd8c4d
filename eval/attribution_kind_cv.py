"""Cross-batch check of a learned source-kind classifier against the rules (docs/attribution.md).

A multinomial logistic regression over features the rules compute, trained on two multi-outlet
batches and tested on the third; prints rule and model accuracy on the overlap-matched
attributions. Needs ../shared/data (research-only text). Nothing it trains is shipped.

    python eval/attribution_kind_cv.py
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import numpy as np  # noqa: E402
import rawi  # noqa: E402
from attribution import match  # noqa: E402
from attribution_multi import _dedupe, load  # noqa: E402
from rawi.annotate import sources as S  # noqa: E402
from rawi.annotate.attribution import _descriptors  # noqa: E402
from rawi.annotate.curated import person_role  # noqa: E402
from rawi.annotate.speakers import is_office  # noqa: E402
KINDS = ["official", "named", "organization", "media", "anonymous"]

def feats(a, text: str, ents: list) -> dict:
    """Features of one predicted attribution's source (the rules' own decisions among them)."""
    src = a.source
    f = {}
    f["rule=" + src.kind] = 1
    sp = src.speaker
    if sp is not None:
        f["sp=" + sp.kind] = 1
        f["sp_name"] = int(bool(sp.name)); f["sp_title"] = int(bool(sp.title))
        r = person_role(sp.name) if sp.name else None
        if r: f["role"] = 1; f["role_office"] = int(is_office(r))
    t = src.text
    f["empty"] = int(not t.strip())
    f["refers"] = int(src.refers_to is not None)
    if src.refers_to is not None: f["ref=" + (src.refers_to.kind or "none")] = 1
    ws = [S.fold(w) for w in re.findall(r"[\w\u200c]+", t)]
    if ws:
        f["pron"] = int(ws[0] in S.folded_set("pronoun"))
        f["dem"] = int(ws[0] in S.folded_set("demonstrative"))
        f["desc"] = int(any(w in _descriptors() for w in ws))
        f["people"] = int(any(S._people_noun(w) for w in ws))
        f["len1"] = int(len(ws) == 1); f["len3"] = int(len(ws) >= 3)
        s0, e0 = src.start, src.end
        f["off"] = int(bool(S.officials().match_at(text, s0, e0)))
        f["off_any"] = int(next(iter(S.officials().finditer(text, s0, e0)), None) is not None)
        h = S.source_nouns().match_at(text, s0, e0)
        if h: f["sn=" + h.kind] = 1
        f["media"] = int(S.media_at(text, s0, e0) is not None)
        f["place"] = int(S.places().match_at(text, s0, e0) is not None)
        for es, ee, lab in ents:
            if es < e0 and ee > s0: f["ent=" + lab] = 1
        f["pl"] = int(bool(re.search(r"(ها|های|ان|ات)$", ws[0])))
    return f

rows = []
for g, t in load("all"):  # noqa: E305
    an = rawi.analyze(t)
    ents = [(e.start, e.end, e.label) for e in an.entities]
    golds = [{k: t[a[k][0]:a[k][1]] for k in ("source", "cue", "content")} | {"kind": a["kind"]} for a in g["attributions"]]
    pred = _dedupe(an.attributions, lambda p: (p.source.text, p.cue.text, p.content.text))
    golds = _dedupe(golds, lambda x: (x["source"], x["cue"], x["content"]))
    m = match(golds, pred)
    for gi, p in m["pairs"]:
        rows.append((g["batch"], feats(p, an.text, ents), golds[gi]["kind"], p.source.kind))
names = sorted({k for _, f, _, _ in rows for k in f})
idx = {n: i for i, n in enumerate(names)}
def X(fs: list) -> np.ndarray:  # noqa: N802
    x = np.zeros((len(fs), len(names) + 1)); x[:, -1] = 1
    for r, f in enumerate(fs):
        for k, v in f.items():
            if k in idx: x[r, idx[k]] = v
    return x
def train(x: np.ndarray, y: np.ndarray, l2: float = 1.0, it: int = 800, lr: float = 0.5) -> np.ndarray:
    """Softmax regression by gradient descent (deterministic: zero start, full batch)."""
    W = np.zeros((x.shape[1], len(KINDS)))
    Y = np.eye(len(KINDS))[y]
    for _ in range(it):
        z = x @ W; z -= z.max(1, keepdims=True); p = np.exp(z); p /= p.sum(1, keepdims=True)
        grad = x.T @ (p - Y) / len(x) + l2 * W / len(x)
        W -= lr * grad
    return W
for l2 in (0.5, 2.0, 8.0):
    tot_r = tot_m = tot = 0
    for held in ("A1", "A2", "A3"):
        tr = [r for r in rows if r[0] != held]; te = [r for r in rows if r[0] == held]
        W = train(X([r[1] for r in tr]), np.array([KINDS.index(r[2]) for r in tr]), l2)
        pm = (X([r[1] for r in te]) @ W).argmax(1)
        acc_m = np.mean([KINDS[i] == r[2] for i, r in zip(pm, te)]); acc_r = np.mean([r[3] == r[2] for r in te])
        tot_r += sum(r[3] == r[2] for r in te); tot_m += sum(KINDS[i] == r[2] for i, r in zip(pm, te)); tot += len(te)
        print(f"l2={l2} held {held}: n={len(te)} rules {acc_r:.3f} model {acc_m:.3f}")
    print(f"l2={l2} pooled: rules {tot_r/tot:.3f} model {tot_m/tot:.3f}")
