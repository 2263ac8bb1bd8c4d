"""The Doc: immutable normalised text plus its segmentation, shared by every stage."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Optional, TypeVar

from . import segment
from .normalize import Normalized, normalize
from .normalize.offsets import anchors
from .schema import Span

T = TypeVar("T")


@dataclass(frozen=True)
class Doc:
    raw: str
    text: str
    cmap: Optional[list[int]] = field(default=None, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what reading the input repaired (Analysis.warnings)

    @classmethod
    def from_raw(cls, raw: str, **meta: Any) -> "Doc":
        n: Normalized = normalize(raw, with_map=True)
        doc = cls(raw=raw, text=n.text, cmap=n.cmap, meta={k: v for k, v in meta.items() if v is not None})
        doc.offset_anchors  # noqa: B018  (now, while the map is still in the CPU cache: see below)
        return doc

    @cached_property
    def offset_anchors(self) -> list[tuple[int, int]]:
        """The offset map as anchors (``Analysis.offset_map``; rawi.normalize.offsets.anchors).

        :meth:`from_raw` builds it right after normalising: the per-character map (~3,000 int
        objects for a 5 KB article) is then still in the CPU cache; read again at the end of
        the pipeline it costs 0.3 ms instead of 0.13 ms."""
        return anchors(self.cmap, len(self.raw)) if self.cmap is not None else []

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return segment.sentences(self.text)

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        return segment.tokens(self.text)

    @cached_property
    def joined_tokens(self) -> str:
        """Every token's text joined by newlines (a token never holds one): stages fold or
        look up all tokens in one string operation, then ``split("\\n")``."""
        text = self.text
        return "\n".join([text[a:b] for a, b in self.tokens])

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing character ``pos``."""
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()`` once per Doc: derived data several stages read (bylines, folded tokens).

        Stored beside the cached properties (the instance dict), so equality and the
        frozen fields are untouched; callers must treat the value as read-only."""
        d = self.__dict__.get("_memo")
        if d is None:
            d = self.__dict__["_memo"] = {}
        if key not in d:
            d[key] = build()
        return d[key]

    def span(self, start: int, end: int) -> Span:
        return Span(text=self.text[start:end], start=start, end=end)

    def sentence_tokens(self, i: int) -> list[tuple[int, int]]:
        lo, hi = self.sentence_token_range(i)
        return self.tokens[lo:hi]

    def sentence_token_range(self, i: int) -> tuple[int, int]:
        """Indices into ``tokens`` of sentence ``i``'s first and after-last token."""
        s, e = self.sentences[i]
        return bisect.bisect_left(self.tokens, (s, -1)), bisect.bisect_left(self.tokens, (e, -1))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.cmap is None:
            return start, end
        if start >= end:
            r = self.cmap[start] if start < len(self.cmap) else len(self.raw)
            return r, r
        return self.cmap[start], self.cmap[end - 1] + 1
