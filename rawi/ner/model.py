"""The shipped NER model: a CRF (python-crfsuite) plus the resources its features read.

Artefact files in rawi/ner/data/ (built by scripts/train_ner.py):
  ner.crfsuite          the CRF weights
  ner_clusters.tsv.gz   word -> cluster ids at three granularities (word2vec + k-means)
  ner.memory.txt.gz     names seen in the training data with their majority label (memory feature)
  ner.json              which feature groups the model was trained with
  ner_vectors.bin       word -> 32-d unit vector (same word2vec, PCA), dense features
  ner_phrases.txt.gz    typed phrases: media (rawi/lexicons/outlets.tsv), person
                        (rawi/lexicons/names_en.tsv), geo (GeoNames names in Arabic script + countries.txt)
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Optional, Sequence

import pycrfsuite

from .features import VEC_OFFSETS, Featurizer, Resources
from .lexicon import DATA, entries
from .tokens import TaggerMethods, key

MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "ner_clusters.tsv.gz"
GAZETTEER_FILE = "ner_phrases.txt.gz"
VECTORS_FILE = "ner_vectors.bin"  # a NumPy .npz archive; .bin so package-data ships it

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


def read_gazetteer(path: Path) -> list[tuple[tuple[str, ...], str]]:
    """(phrase keys, type) from 'type<TAB>key key ...' lines."""
    out: list[tuple[tuple[str, ...], str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                typ, _, phrase = line.rstrip("\n").partition("\t")
                out.append((tuple(phrase.split()), typ))
    return out


def read_vectors(path: Path) -> dict[str, tuple[float, ...]]:
    import numpy as np

    z = np.load(path)
    vecs = z["vectors"].astype("float32").round(3).tolist()
    return {w: tuple(v) for w, v in zip(z["words"].tolist(), vecs)}


def memory_path(model_path: Path) -> Path:
    return model_path.parent / (model_path.stem + ".memory.txt.gz")


def lexicon_keys() -> dict[str, frozenset[str]]:
    return {flag: frozenset(key(e) for e in entries(name)) for flag, name in LEXICONS.items()}


def load_resources(data_dir: Path = DATA) -> Resources:
    clusters = read_clusters(data_dir / CLUSTERS_FILE) if (data_dir / CLUSTERS_FILE).exists() else {}
    gaz = read_gazetteer(data_dir / GAZETTEER_FILE) if (data_dir / GAZETTEER_FILE).exists() else []
    vectors = read_vectors(data_dir / VECTORS_FILE) if (data_dir / VECTORS_FILE).exists() else {}
    return Resources(clusters=clusters, lexicons=lexicon_keys(), gazetteer=Resources.index_phrases(gaz), vectors=vectors)


class NerModel(TaggerMethods):
    """Tags token sequences with BIO labels (PER ORG LOC FAC EVENT PRO NORP DAT TIM MON PCT)."""

    def __init__(self, model_path: Path, resources: Resources, config: Optional[dict] = None) -> None:
        self.config = {"doc": True, "vectors": True, "memory": False, **(config or {})}
        if not self.config["vectors"]:
            resources.vectors = {}
        if not self.config["memory"]:
            resources.memory = {}
        self.featurizer = Featurizer(resources, wide=self.config.get("wide", False),
                                     vec_offsets=self.config.get("vec_offsets", VEC_OFFSETS))
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))

    @classmethod
    def load(cls, data_dir: Path = DATA, model_path: Optional[Path] = None) -> "NerModel":
        """The model at ``model_path`` (default data/ner.crfsuite) with its config sidecar."""
        path = model_path or data_dir / MODEL_FILE
        if not path.exists():
            raise FileNotFoundError(f"{path}: NER model missing; build it with scripts/train_ner.py")
        cfg_path = path.with_suffix(".json")
        config = json.loads(cfg_path.read_text(encoding="utf-8")) if cfg_path.exists() else {}
        res = load_resources(data_dir)
        mem_path = memory_path(path)
        if config.get("memory") and mem_path.exists():
            res.memory = Resources.index_phrases(read_gazetteer(mem_path))
        return cls(path, res, config)

    def tag_rawi_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for consecutive sentences of rawi-style tokens (no spaces inside)."""
        feats = self.featurizer.sentences(sentences, use_doc=self.config["doc"])
        return [self.tagger.tag(f) if f else [] for f in feats]


