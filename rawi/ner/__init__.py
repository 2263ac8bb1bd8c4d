"""Persian named-entity recognition, shipped in data/: a small neural tagger (dilated CNN +
CRF transitions) trained by scripts/train_ner_nn.py and run in pure numpy (rawi/ner/neural.py);
the earlier CRF (scripts/train_ner.py, rawi/ner/model.py) remains loadable for comparison.

``tag(tokens)`` gives BIO tags for one sentence; ``annotate_entities(doc)`` gives
:class:`rawi.schema.Entity` spans (origin="ner") for a :class:`rawi.doc.Doc`.
Labels: PER ORG LOC FAC EVENT PRO NORP DAT TIM MON PCT. The model loads lazily, once.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Optional, Sequence

from .score import chunks

if TYPE_CHECKING:
    from pathlib import Path

    from ..doc import Doc
    from ..schema import Entity
    from .model import NerModel

__all__ = ["tag", "tag_sentences", "annotate_entities", "get_model", "load_model"]

_MODEL: Optional["NerModel"] = None
_LOCK = threading.Lock()


KINDS = ("neural", "crf", "ensemble")


def load_model(path: Optional["Path"] = None, kind: Optional[str] = None) -> "NerModel":
    """A fresh model: ``path`` ending .npz is a neural model, .crfsuite a CRF; default the shipped one.

    ``kind`` (or $RAWI_NER_MODEL when ``kind`` is None) picks a shipped model: ``neural`` (the
    default: fastest), ``crf`` (the earlier CRF) or ``ensemble`` (several neural taggers and the
    CRF combined, rawi/ner/ensemble.py: most accurate, slower); a file path there (.npz or
    .crfsuite) selects that model.
    """
    import os
    from pathlib import Path

    from .lexicon import DATA

    choice = kind if kind is not None else os.environ.get("RAWI_NER_MODEL", "")
    if path is None and choice.lower() == "ensemble":
        from .ensemble import MultiNerModel

        return MultiNerModel.load()  # type: ignore[return-value]
    if path is None and choice.endswith((".npz", ".crfsuite")):
        path = Path(choice)
    if path is None:
        from .neural import MODEL_FILE

        nn_path = DATA / MODEL_FILE
        if choice.lower() != "crf" and nn_path.exists():
            path = nn_path
    if path is not None and Path(path).suffix == ".npz":
        from .neural import NeuralNerModel

        return NeuralNerModel.load(model_path=Path(path))  # type: ignore[return-value]
    from .model import NerModel

    return NerModel.load(model_path=Path(path) if path else None)


def get_model() -> "NerModel":
    """The shipped model, loaded on first use and cached for the process."""
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                _MODEL = load_model()
    return _MODEL


def tag(tokens: Sequence[str]) -> list[str]:
    """BIO tags (e.g. 'B-PER') for one sentence of tokens, one tag per token."""
    return get_model().tag(list(tokens))


def tag_sentences(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """Tags for consecutive sentences of one text (they share document evidence)."""
    return get_model().tag_sentences([list(s) for s in sentences])


def _name_en(text: str, label: str) -> Optional[str]:
    """English name for places the curated country/city list knows (LOC only)."""
    if label != "LOC":
        return None
    from .tokens import key

    return _gloss_keys().get(key(text))


_GLOSS_KEYS: Optional[dict[str, str]] = None


def _gloss_keys() -> dict[str, str]:
    global _GLOSS_KEYS
    if _GLOSS_KEYS is None:
        from .lexicon import glosses
        from .tokens import key

        _GLOSS_KEYS = {key(k): v for k, v in glosses("countries").items()}
    return _GLOSS_KEYS


def annotate_entities(doc: "Doc") -> list["Entity"]:
    """Entities found by the NER model in each sentence of ``doc`` (char offsets into doc.text)."""
    from ..schema import Entity

    model = get_model()
    out: list[Entity] = []
    text = doc.text
    toks = doc.tokens
    # Token strings from the Doc's joined tokens (one split; the NORP lookup built it already)
    # instead of one slice of the text per token.
    words = doc.joined_tokens.split("\n")
    ranges = [doc.sentence_token_range(si) for si in range(len(doc.sentences))]
    ranges = [(lo, hi) for lo, hi in ranges if hi > lo]
    all_tags = model.tag_rawi_sentences([words[lo:hi] for lo, hi in ranges])
    for (lo, _), tags in zip(ranges, all_tags):
        if tags.count("O") == len(tags):
            continue
        for label, a, b in sorted(chunks(tags), key=lambda c: c[1]):
            start, end = toks[lo + a][0], toks[lo + b - 1][1]
            span = text[start:end]
            out.append(Entity(text=span, start=start, end=end, label=label,
                              name_en=_name_en(span, label), origin="ner"))
    return out
