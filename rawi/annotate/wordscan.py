"""``finditer`` for patterns that open with a word-start look-behind, without the crawl.

Why: a pattern such as ``(?<![\\w\\u200c])(?:فروردین|اردیبهشت|...)`` gives the regex engine
no first character to skip ahead to, so it tries the look-behind and the whole alternation
at every offset of the article. :func:`finditer` reads the pattern once (``re._parser``) to
learn which characters a match can start with, and whether it must start a word there;
it then searches for those positions with a one-character scanner (which the engine *can*
skip ahead on) and runs ``pattern.match`` only there. The matches are exactly those of
``pattern.finditer`` (same spans and groups; only ``Match.pos`` differs). A pattern whose
first characters cannot be read off (a category such as ``\\d``, an optional start)
falls back to ``pattern.finditer``.
"""
from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]
from typing import Iterator, Optional

_SCAN_PREFIX = 3  # the scanner also checks the characters after the first (up to this many in all)
_WORD_START = P.parse(r"(?<![\w\u200c])").data[0]  # (ASSERT_NOT, (-1, [IN word, ZWNJ]))


def _is_word_start(op, av) -> bool:
    return op is C.ASSERT_NOT and av[0] == -1 and list(av[1].data) == list(_WORD_START[1][1].data)
_MAX_RANGE = 300  # a character range larger than this is not expanded

_Opt = set[tuple[str, bool]]  # (first character, must start a word)


def _chars(items) -> Optional[set[str]]:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] <= _MAX_RANGE:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a huge range
            return None
    return out


def _first(data, ws: bool) -> Optional[_Opt]:
    """Options for the first consumed character of the sequence ``data`` (None: unknown)."""
    for op, av in data:
        if _is_word_start(op, av):
            ws = True
            continue
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width: skipping a condition only adds candidates
        if op is C.LITERAL:
            return {(chr(av), ws)}
        if op is C.IN:
            chars = _chars(av)
            return None if chars is None else {(c, ws) for c in chars}
        if op is C.SUBPATTERN:
            sub = av[-1]
            return None if sub.getwidth()[0] == 0 else _first(sub.data, ws)
        if op is C.BRANCH:
            out: _Opt = set()
            for alt in av[1]:
                if alt.getwidth()[0] == 0:
                    return None
                got = _first(alt.data, ws)
                if got is None:
                    return None
                out |= got
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            return _first(av[2].data, ws)
        return None
    return None


_SCANNERS: dict[re.Pattern, Optional[re.Pattern]] = {}


def scanner(pattern: re.Pattern) -> Optional[re.Pattern]:
    """A regex whose matches are the only positions where ``pattern`` can match (cached).

    Per possible first character: a word-start check when every alternative starting with
    it needs one, and a look-ahead for what can follow it (from :func:`prefixes`)."""
    if pattern in _SCANNERS:
        return _SCANNERS[pattern]
    scan = None
    if isinstance(pattern.pattern, str) and not pattern.flags & (re.IGNORECASE | re.VERBOSE):
        try:
            scan = _build_scanner(P.parse(pattern.pattern, pattern.flags).data)
        except Exception:  # noqa: BLE001 - an unreadable pattern just is not sped up
            scan = None
    _SCANNERS[pattern] = scan
    return scan


def _build_scanner(data) -> Optional[re.Pattern]:
    alts = data[0][1][1] if len(data) == 1 and data[0][0] is C.BRANCH else [data]
    word: dict[str, bool] = {}  # first char -> must start a word (in every alternative)
    follow: dict[str, Optional[set[str]]] = {}  # first char -> what may follow (None: anything)
    for alt in alts:
        alt = getattr(alt, "data", alt)
        opts = _first(alt, False)
        if not opts:
            return None
        strings = _seq_strings(alt, _SCAN_PREFIX)
        for c, ws in opts:
            word[c] = word.get(c, True) and ws
            got = tails(strings, c)
            if got is None or follow.get(c, set()) is None:
                follow[c] = None
            else:
                follow[c] = follow.get(c, set()) | got
    groups: dict[tuple[bool, Optional[frozenset[str]]], list[str]] = {}
    for c in word:
        t = follow[c]
        groups.setdefault((word[c], frozenset(t) if t else None), []).append(c)
    parts = []
    for (ws, t), chars in sorted(groups.items(), key=lambda g: sorted(g[1])):
        part = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]" + (r"(?<![\w\u200c].)" if ws else "")
        if t:
            part += "(?=" + "|".join(_escape(x) for x in sorted(t, key=lambda x: (-len(x), x))) + ")"
        parts.append(part)
    return re.compile("|".join(parts))


def _escape(t: str) -> str:
    return "".join(r"\s" if c == ANY_SPACE else re.escape(c) for c in t)


def finditer(pattern: re.Pattern, text: str, pos: int = 0, endpos: Optional[int] = None) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text, pos, endpos)``, found faster (see the module doc)."""
    end = len(text) if endpos is None else min(endpos, len(text))
    scan = scanner(pattern)
    if scan is None:
        yield from pattern.finditer(text, pos, end)
        return
    search, match = scan.search, pattern.match
    while pos < end:
        c = search(text, pos, end)
        if c is None:
            return
        at = c.start()
        m = match(text, at, end)
        if m is None:
            pos = at + 1
        elif m.end() == at:  # cannot happen (a match consumes its first character); be safe
            yield from pattern.finditer(text, at, end)
            return
        else:
            yield m
            pos = m.end()


# --------------------------------------------------------------------------- prefixes
_MAX_STRINGS = 20_000
_MAX_CLASS = 8  # a character class larger than this is not spelled out: it becomes ANY
ANY_SPACE = "\0"  # stands for any character of \s in the strings of :func:`prefixes`
ANY = "\1"  # any character at all; a string holding it says nothing from there on


def _close(s: str, k: int) -> str:
    """Cut ``s`` to ``k`` characters; once it holds ANY, nothing after it counts (pad with ANY)."""
    s = s[:k]
    i = s.find(ANY)
    return s if i < 0 else s[:i].ljust(k, ANY)


def _class_chars(items) -> set[str]:
    out: set[str] = set()
    for op, av in items:
        if op is C.CATEGORY and av is C.CATEGORY_SPACE:
            out.add(ANY_SPACE)
        else:
            got = _chars([(op, av)])
            if got is None:
                return {ANY}
            out |= got
    return out if len(out) <= _MAX_CLASS else {ANY}


def _seq_strings(data, k: int) -> Optional[set[str]]:
    out = {""}
    for op, av in data:
        if all(len(s) >= k for s in out):
            break
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width: ignoring it only adds strings
        nxt = _op_strings(op, av, k)
        if nxt is None:
            return None
        out = {s if len(s) >= k else _close(s + t, k) for s in out for t in nxt}
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _op_strings(op, av, k: int) -> Optional[set[str]]:
    if op is C.LITERAL:
        return {chr(av)}
    if op is C.IN:
        return _class_chars(av)
    if op is C.ANY:
        return {ANY}
    if op is C.SUBPATTERN:
        return _seq_strings(av[-1].data, k)
    if op is C.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _seq_strings(alt.data, k)
            if got is None:
                return None
            out |= got
        return out
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        lo, hi, item = av
        if item.getwidth()[0] == 0:
            return None
        one = _seq_strings(item.data, k)
        if one is None:
            return None
        acc, out = {""}, ({""} if lo == 0 else set())
        for r in range(1, min(hi, k) + 1):
            acc = {s if len(s) >= k else _close(s + t, k) for s in acc for t in one}
            if r >= lo or all(len(s) >= k for s in acc):
                out |= acc
            if len(acc) > _MAX_STRINGS:
                return None
        return out
    return None


def tails(strings: Optional[set[str]], c: str) -> Optional[set[str]]:
    """What may follow a first character ``c`` in a match, from :func:`prefixes`' strings;
    None when anything may (so no look-ahead can be built)."""
    if strings is None:
        return None
    out = set()
    for x in strings:
        if x[:1] == ANY:
            return None
        if x[:1] == c:
            t = x[1:].split(ANY, 1)[0]
            if not t:
                return None
            out.add(t)
    return out or None


def parse(pattern: str):
    """The parsed pattern (``re._parser``), for :func:`prefixes` and :func:`compile_parsed`."""
    return P.parse(pattern)


def compile_parsed(parsed) -> re.Pattern:
    """``re.compile`` of an already parsed pattern (parsing is most of compiling a large
    alternation; its ``.pattern`` is then None)."""
    from re import _compiler  # type: ignore[attr-defined]

    return _compiler.compile(parsed)


def prefixes(pattern, k: int, flags: int = 0) -> Optional[set[str]]:
    """Every string a match of ``pattern`` can begin with: its first ``k`` characters, or the
    whole match when shorter (look-arounds ignored, so a superset); ``ANY_SPACE`` in a string
    stands for any ``\\s`` character, ``ANY`` for any character (a large or open class, ``.``).
    None when the pattern holds something else unreadable, or too many strings."""
    try:
        parsed = P.parse(pattern, flags) if isinstance(pattern, str) else pattern
        return _seq_strings(parsed.data, k)
    except Exception:  # noqa: BLE001 - an unreadable pattern gets no prefilter
        return None
