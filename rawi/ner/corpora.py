"""Readers for the NER corpora in ../shared/data, mapped to rawi's one label scheme.

Scheme: PER ORG LOC FAC EVENT PRO NORP DAT TIM MON PCT (BIO, "B-PER").
Mapping: Arman pers/org/loc/fac/pro/event; PEYMA as is (B_ORG -> B-ORG);
ParsTwiNER EVE -> EVENT, POG (political groups) -> ORG, NAT (nationalities) -> NORP.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional

Sentence = tuple[list[str], list[str]]

ARMAN = {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "FAC", "pro": "PRO", "event": "EVENT"}
TWINER = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "EVE": "EVENT", "POG": "ORG", "NAT": "NORP"}
PEYMA = {t: t for t in ("PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT")}


def shared_data() -> Optional[Path]:
    """../shared/data next to the repo, or $RAWI_SHARED_DATA; None when absent."""
    env = os.environ.get("RAWI_SHARED_DATA")
    p = Path(env) if env else Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    return p.resolve() if p.is_dir() else None


def _map(tag: str, table: dict[str, str]) -> str:
    tag = tag.strip().replace("_", "-")
    if tag == "O" or "-" not in tag:
        return "O"
    bio, typ = tag.split("-", 1)
    t = table.get(typ)
    return f"{bio.upper()}-{t}" if t else "O"


def _repair(tags: list[str]) -> list[str]:
    """IOB2 repair: an I- that does not continue its type starts an entity."""
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read(path: Path, fmt: str) -> Iterator[Sentence]:
    """Sentences of (tokens, tags) from one file; fmt is 'peyma', 'arman' or 'twiner'."""
    table = {"peyma": PEYMA, "arman": ARMAN, "twiner": TWINER}[fmt]
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip():
                if toks:
                    yield toks, _repair(tags)
                toks, tags = [], []
                continue
            if fmt == "peyma":
                tok, tag = line.rsplit("|", 1)
            elif fmt == "arman":
                tok, tag = line.rsplit(" ", 1)
            else:
                tok, tag = line.rsplit("\t", 1)
            toks.append(tok)
            tags.append(_map(tag, table))
    if toks:
        yield toks, _repair(tags)


def load(name: str, split: str, root: Optional[Path] = None) -> list[Sentence]:
    """e.g. load('peyma', 'test'), load('arman', 'test_fold1'), load('parstwiner', 'train')."""
    root = root or shared_data()
    if root is None:
        raise FileNotFoundError("../shared/data not found (set RAWI_SHARED_DATA)")
    fmt = {"peyma": "peyma", "arman": "arman", "parstwiner": "twiner"}[name]
    return list(read(root / name / f"{split}.txt", fmt))
