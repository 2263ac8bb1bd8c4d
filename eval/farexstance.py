"""Reading a gold set over ../shared/data/farexstance-dev: the gold keeps ids, offsets and a hash
of each article's text (the text is research-only and stays in ../shared), so every scorer joins
the two the same way and refuses an article whose text changed."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "farexstance-dev" / "articles.jsonl"


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def gold_with_texts(gold: Path, keep: Callable[[dict], bool], who: str) -> list[tuple[dict, str]]:
    """(gold record, article text) for every record ``keep`` accepts; exits with a message when
    ../shared is absent or an article's text is not the one annotated."""
    if not ARTICLES.exists():
        sys.exit(f"{who}: {ARTICLES} not found (needs ../shared/data)")
    texts = {}
    with open(ARTICLES, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            texts[a["id"]] = a["text"]
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        if not keep(g):
            continue
        text = texts[g["id"]]
        if text_hash(text) != g["sha1"]:
            sys.exit(f"{who}: article {g['id']} differs from the annotated text")
        out.append((g, text))
    return out
