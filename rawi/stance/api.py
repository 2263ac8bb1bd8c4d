"""Judging the stance of an article toward a claim, with its evidence sentences.

``judge(claim, text)`` is the Python side of ``rawi stance``; ``judge_doc`` takes an already
normalised :class:`rawi.doc.Doc` (the store's articles), so evidence offsets are those of
``rawi analyze``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Sequence, Union

from .features import NAMES, Sentence, pair_features, sentence
from .model import LABELS, StanceModel, shipped


@dataclass(frozen=True)
class Judgement:
    stance: str
    confidence: float
    evidence: list[dict[str, Any]]  # {text, start, end}: offsets into the normalised text
    probs: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {"stance": self.stance, "confidence": self.confidence, "evidence": self.evidence}


def claim_sentence(claim: str) -> Sentence:
    from ..normalize import normalize_text as normalize

    return sentence(normalize(claim))


def doc_sentences(text: str, spans: Sequence[tuple[int, int]]) -> list[Sentence]:
    return [sentence(text, s, e) for s, e in spans]


def judge_sentences(claim: Sentence, text: str, sents: Sequence[Sentence], model: Optional[StanceModel] = None) -> Judgement:
    """The stance of the article whose sentences are ``sents`` (over ``text``) toward ``claim``."""
    m = model or shipped()
    pf = pair_features(claim, sents)
    p = m.proba(pf.vector)[0]
    k = int(p.argmax())
    label = LABELS[k]
    ev = [] if label == "unrelated" else [
        {"text": text[sents[i].start:sents[i].end], "start": sents[i].start, "end": sents[i].end} for i in pf.evidence]
    return Judgement(label, round(float(p[k]), 4), ev, {l: round(float(v), 4) for l, v in zip(LABELS, p)})


def judge(claim: str, text: Union[str, bytes], model: Optional[StanceModel] = None) -> Judgement:
    """Stance of ``text`` (an article: plain text, HTML or bytes, as ``rawi analyze`` takes) toward ``claim``."""
    from ..pipeline import make_doc

    doc = make_doc(text)
    return judge_doc(claim_sentence(claim), doc, model)


def judge_doc(claim: Sentence, doc: Any, model: Optional[StanceModel] = None) -> Judgement:
    return judge_sentences(claim, doc.text, doc_sentences(doc.text, doc.sentences), model)


