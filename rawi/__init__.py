"""rawi (راوی, "narrator"): who claims what, on whose authority, about whom, where and when."""
from __future__ import annotations

__version__ = "0.1.0"


def analyze(text, **meta):
    """Analyse one article (str or bytes) and return an :class:`rawi.schema.Analysis`."""
    from .pipeline import analyze as _analyze

    return _analyze(text, **meta)


def normalize(text: str, **kw) -> str:
    """Normalised text (letters, digits, spacing, ZWNJ restored)."""
    from .normalize import normalize_text

    return normalize_text(text, **kw)
