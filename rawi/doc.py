"""The Doc: immutable normalised text plus its segmentation, shared by every stage."""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Optional, TypeVar

from . import segment
from .normalize import Normalized, normalize
from .schema import Span


@dataclass(frozen=True)
class Doc:
    raw: str
    text: str
    cmap: Optional[list[int]] = field(default=None, repr=False)
    meta: dict[str, Any] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_raw(cls, raw: str, **meta: Any) -> "Doc":
        n: Normalized = normalize(raw, with_map=True)
        return cls(raw=raw, text=n.text, cmap=n.cmap, meta={k: v for k, v in meta.items() if v is not None})

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Per-document cache: a stage that another stage also needs runs once per Doc.

        (Entities reads the places gazetteer matches that the places stage computes too.)
        The cached value is shared: callers must not mutate it.
        """
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return segment.sentences(self.text)

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        return segment.tokens(self.text)

    @cached_property
    def _sent_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing character ``pos``."""
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def span(self, start: int, end: int) -> Span:
        return Span(text=self.text[start:end], start=start, end=end)

    def sentence_tokens(self, i: int) -> list[tuple[int, int]]:
        s, e = self.sentences[i]
        lo = bisect.bisect_left(self.tokens, (s, -1))
        hi = bisect.bisect_left(self.tokens, (e, -1))
        return self.tokens[lo:hi]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if self.cmap is None:
            return start, end
        if start >= end:
            r = self.cmap[start] if start < len(self.cmap) else len(self.raw)
            return r, r
        return self.cmap[start], self.cmap[end - 1] + 1


F = TypeVar("F", bound=Callable[..., Any])


def per_doc(fn: F) -> F:
    """Decorator: memoise an annotator ``fn(doc)`` on its Doc (see :meth:`Doc.memo`).

    Calls with extra arguments, or with an object that is not a Doc, are not cached.
    """
    key = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(doc: Any, *args: Any, **kw: Any) -> Any:
        if args or kw or not isinstance(doc, Doc):
            return fn(doc, *args, **kw)
        return doc.memo(key, lambda: fn(doc))

    return wrapper  # type: ignore[return-value]
