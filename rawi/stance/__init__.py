"""Stance of an article toward a claim: agree, disagree, discuss or unrelated, with evidence.

The names below load on first use (:mod:`rawi.stance.api`), so that :mod:`rawi.corpus.claims`
can read :mod:`rawi.stance.polarity` without importing the model and its features.
"""
from __future__ import annotations

from typing import Any

_JUDGE = ("Judgement", "judge", "judge_doc", "judge_sentences", "claim_sentence", "doc_sentences", "LABELS", "NAMES")


def __getattr__(name: str) -> Any:
    if name in _JUDGE:
        from . import api as _j

        return getattr(_j, name)
    raise AttributeError(name)


__all__ = list(_JUDGE)
