"""Entity-level precision/recall/F1 with seqeval's default (non-strict) IOB conventions.

A chunk starts at B-X, or at I-X that does not continue an X chunk; it ends before O,
before any B-, or before a tag of another type. An entity counts as correct only when
type, start and end all match. Written here so that evaluation needs no extra package.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence


def chunks(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """{(type, start, end_exclusive)} of one sentence.

    Only the non-O tags are visited (a gap between two of them is an O: it closes a chunk),
    so a sentence of mostly O costs one comparison per token."""
    out: set[tuple[str, int, int]] = set()
    typ, start, prev = None, 0, -2
    for i, t in [(i, t) for i, t in enumerate(tags) if t != "O"]:
        bio, _, ty = t.partition("-")
        if typ is not None and (i != prev + 1 or bio in ("O", "B") or ty != typ):
            out.add((typ, start, prev + 1))
            typ = None
        if bio in ("B", "I") and typ is None:
            typ, start = ty, i
        prev = i
    if typ is not None:
        out.add((typ, start, prev + 1))
    return out


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Per-type and micro-averaged P/R/F1 over sentences."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences vs {len(pred)} predicted")
    tp: Counter[str] = Counter()
    ng: Counter[str] = Counter()
    np_: Counter[str] = Counter()
    for g, p in zip(gold, pred):
        if len(g) != len(p):
            raise ValueError("sentence length mismatch between gold and prediction")
        cg, cp = chunks(g), chunks(p)
        for c in cg:
            ng[c[0]] += 1
        for c in cp:
            np_[c[0]] += 1
        for c in cg & cp:
            tp[c[0]] += 1
    res: dict[str, dict[str, float]] = {}

    def prf(t: int, g: int, p: int) -> dict[str, float]:
        P = t / p if p else 0.0
        R = t / g if g else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        return {"precision": P, "recall": R, "f1": F, "support": g}

    for ty in sorted(set(ng) | set(np_)):
        res[ty] = prf(tp[ty], ng[ty], np_[ty])
    core = ("PER", "ORG", "LOC")
    res["PER+ORG+LOC"] = prf(sum(tp[t] for t in core), sum(ng[t] for t in core), sum(np_[t] for t in core))
    res["micro"] = prf(sum(tp.values()), sum(ng.values()), sum(np_.values()))
    return res


def table(res: dict[str, dict[str, float]], title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"{'type':<12}{'P':>8}{'R':>8}{'F1':>8}{'support':>9}")
    for ty, m in res.items():
        lines.append(f"{ty:<12}{m['precision']:>8.4f}{m['recall']:>8.4f}{m['f1']:>8.4f}{int(m['support']):>9}")
    return "\n".join(lines)
