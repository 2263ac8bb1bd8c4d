"""The shipped NER model: a CRF (python-crfsuite) plus the resources its features read.

Artefact files in rawi/ner/data/ (built by scripts/train_ner.py):
  ner.crfsuite          the CRF weights
  ner_clusters.tsv.gz   word -> cluster ids at three granularities (word2vec + k-means)
  ner_gazetteer.txt.gz  place phrases (GeoNames alternate names in Arabic script + countries.txt)
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import Optional, Sequence

import pycrfsuite

from .features import Featurizer, Resources
from .lexicon import DATA, entries
from .tokens import key, split_token

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "ner_clusters.tsv.gz"
GAZETTEER_FILE = "ner_gazetteer.txt.gz"
LEXICONS = {
    "title": "titles",
    "org_head": "org_heads",
    "loc_cue": "loc_cues",
    "fac_cue": "fac_cues",
    "country": "countries",
    "given_name": "given_names",
}


def read_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            out[parts[0]] = tuple(parts[1:])
    return out


def read_gazetteer(path: Path) -> list[tuple[str, ...]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [tuple(line.split()) for line in fh if line.strip() and not line.startswith("#")]


def lexicon_keys() -> dict[str, frozenset[str]]:
    return {flag: frozenset(key(e) for e in entries(name)) for flag, name in LEXICONS.items()}


def load_resources(data_dir: Path = DATA) -> Resources:
    clusters = read_clusters(data_dir / CLUSTERS_FILE) if (data_dir / CLUSTERS_FILE).exists() else {}
    gaz = read_gazetteer(data_dir / GAZETTEER_FILE) if (data_dir / GAZETTEER_FILE).exists() else []
    return Resources(clusters=clusters, lexicons=lexicon_keys(), gazetteer=Resources.index_phrases(gaz))


class NerModel:
    """Tags token sequences with BIO labels (PER ORG LOC FAC EVENT PRO NORP DAT TIM MON PCT)."""

    def __init__(self, model_path: Path, resources: Resources) -> None:
        self.featurizer = Featurizer(resources)
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))

    @classmethod
    def load(cls, data_dir: Path = DATA, model_path: Optional[Path] = None) -> "NerModel":
        path = model_path or data_dir / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path}: NER model missing; build it with scripts/train_ner.py")
        return cls(path, load_resources(data_dir))

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for rawi-style tokens (no spaces inside)."""
        if not tokens:
            return []
        return self.tagger.tag(self.featurizer.sentence(tokens))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags for one sentence of tokens in any style (PEYMA in-token spaces allowed).

        A PEYMA multiword token ("از جمله") is tagged as its parts and gets the first
        non-O tag of its parts, so output stays one tag per input token.
        """
        pieces: list[str] = []
        owner: list[int] = []
        for i, t in enumerate(tokens):
            parts = split_token(t) or [t if t else "_"]
            pieces += parts
            owner += [i] * len(parts)
        if len(pieces) == len(tokens):
            return self.tag_tokens(pieces)
        sub = self.tag_tokens(pieces)
        out = ["O"] * len(tokens)
        seen: set[int] = set()
        for tag, i in zip(sub, owner):
            if i in seen:
                continue
            if tag != "O":
                out[i] = tag
                seen.add(i)
        for i in range(1, len(out)):  # keep IOB2 valid after merging
            t = out[i]
            if t.startswith("I-") and out[i - 1][2:] != t[2:]:
                out[i] = "B-" + t[2:]
        return out
