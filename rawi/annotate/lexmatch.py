"""Find lexicon phrases in normalised Persian text, robust to stripped or spaced ZWNJ.

Why its own module: hedges, framing and event triggers all read the same kind of data
file (one phrase a line, ``|``-separated columns, ``#`` comments) and must match it on
text whose zero-width non-joiners a scraper may have dropped (``سرکردههای``) or turned
into spaces (``می شود``). A phrase is compiled once into a regex in which

- a ZWNJ inside a word is optional and may also be a space or nothing,
- a space between words is one or more spaces/ZWNJs,
- a final ``*`` lets the last word run on (inflection: ``تروریست*`` → ``تروریستهای``); when
  that word is the past stem of a light verb (``کرد*``, ``شد*``, ``داد*`` …) the present
  forms with می‌ match too (not the bare subjunctive کنند) (``حمله کرد*`` → ``حمله می‌کنند``), so one line covers a verb,
- alef may carry the tanwin (``احتمالا`` / ``احتمالاً``) or a hamza (``تاکید`` / ``تأکید``, ``تایید`` / ``تائید``),
- the match starts and ends on a word boundary (no ``رد`` inside ``کرد``).

A line whose phrase starts with ``re:`` is a raw regex (for the rare pattern that needs it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..normalize import normalize_text
from .intervals import Disjoint

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"
ZWNJ = "\u200c"
# Spelling variants the normaliser keeps apart: alef with hamza or tanwin.
_CHAR = {"ا": "[اأإ]\u064b?", "أ": "[اأ]", "إ": "[اإ]", "ی": "[یئ]"}


@dataclass(frozen=True)
class Entry:
    """One lexicon line: the phrase as written, its compiled regex and the other columns."""

    phrase: str
    fields: tuple[str, ...]
    line: int
    hint: str = ""  # a literal the text must contain for the regex to match (a cheap prefilter)

    @cached_property
    def regex(self) -> re.Pattern:
        """Compiled on first use: most entries never meet their hint in a run, and
        compiling hundreds of patterns up front was a third of the start-up time."""
        return compile_phrase(self.phrase)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: Entry


@lru_cache(maxsize=4096)  # lexicon phrases: read for the hint, the start spellings and the regex
def _norm(phrase: str) -> str:
    return normalize_text(phrase, zwnj=False).replace("\u064b", "")


# Past stem → present stem of the light verbs of Persian compound verbs.
LIGHT_VERBS = {"کرد": "کن", "شد": "شو", "داد": "ده", "زد": "زن", "گرفت": "گیر", "برد": "بر",
               "کشید": "کش", "آورد": "آور", "رساند": "رسان", "رسید": "رس", "یافت": "یاب", "داشت": "دار"}


_SEP = r"[\s\u200c]+"


def _word(w: str) -> str:
    return "[\u200c ]?".join("".join(_CHAR.get(ch, re.escape(ch)) for ch in c) for c in w.split(ZWNJ))


def compile_phrase(phrase: str) -> re.Pattern:
    """Regex for one lexicon phrase (see the module docstring for the syntax)."""
    return re.compile(phrase_pattern(phrase))


def phrase_pattern(phrase: str) -> str:
    """The source of :func:`compile_phrase`'s regex."""
    if phrase.startswith("re:"):
        return phrase[3:]
    star = phrase.endswith("*")
    words = _norm(phrase.rstrip("*")).split()
    parts = [_word(w) for w in words]
    if star and len(words) > 1 and words[-1] in LIGHT_VERBS:
        # past or present stem + a verbal ending only (بمباران شدید "heavy bombing" is no verb)
        past, pres = parts[-1], _word(LIGHT_VERBS[words[-1]])
        parts[-1] = (f"(?:{past}(?:ه(?:[\u200c ]?(?:اند|است|ایم|ای))?|ند|ن|م|ی|یم)?"
                     f"|می[\u200c ]?{pres}(?:د|ند|م|ی|یم|ید))")  # bare کند/کنند is subjunctive: not a fact
        body = _SEP.join(parts)
        return _word_start(words[0], body) + r"(?![\w])"
    body = _SEP.join(parts)
    tail = r"(?:\u200c?\w)*" if star else ""
    return _word_start(words[0], body) + rf"{tail}(?![\w])"


def _word_start(first_word: str, body: str) -> str:
    r"""``body`` with a word-start check placed after its first character.

    Same meaning as a leading ``(?<![\w\u200c])``, but a pattern that begins with a
    character (class) lets the regex engine skip ahead to candidate positions instead of
    trying every offset: about ten times faster on an article.
    """
    first = _CHAR.get(first_word[0], re.escape(first_word[0]))
    head = first[:-len("\u064b?")] if first.endswith("\u064b?") else first
    if not body.startswith(head):
        return rf"(?<![\w\u200c]){body}"
    return head + r"(?<![\w\u200c].)" + body[len(head):]


def literal_hint(phrase: str) -> str:
    """Longest stretch of the phrase that every match spells the same way (no variable letters)."""
    if phrase.startswith("re:"):
        return ""
    words = _norm(phrase.rstrip("*")).split()
    if phrase.endswith("*") and len(words) > 1 and words[-1] in LIGHT_VERBS:
        words = words[:-1]  # the light verb may appear in its present form (می‌کند for کرد)
    best = ""
    for run in re.split(r"[\s\u200c" + "".join(_CHAR) + "]+", " ".join(words)):
        if len(run) > len(best):
            best = run
    return best if len(best) >= 2 else ""


def read_lines(name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-comment lines of a lexicon file as lists of stripped ``|`` columns."""
    path = LEXICON_DIR / name
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("re:") else line.strip()
        if not line:
            continue
        yield i, [c.strip() for c in line.split("|")]


def check(name: str, section: str = "") -> None:
    """Compile every entry now: a bad line names itself (the tests call this)."""
    for e in load(name, section):
        try:
            e.regex
        except re.error as err:
            raise ValueError(f"{name}:{e.line}: bad pattern {e.phrase!r}: {err}") from err


@lru_cache(maxsize=None)
def load(name: str, section: str = "") -> tuple[Entry, ...]:
    """Entries of lexicon ``name``; ``section`` selects lines starting with ``@section``."""
    out = []
    for i, cols in read_lines(name):
        if cols[0].startswith("@"):
            if cols[0][1:] != section:
                continue
            cols = cols[1:]
        elif section:
            continue
        out.append(Entry(cols[0], tuple(cols[1:]), i, literal_hint(cols[0])))
    return tuple(out)


# A match starts with one spelling of its first word's first few letters (only the
# letters of _CHAR vary), so an Aho-Corasick pass over the text for every such spelling of
# every entry gives each entry's candidate start positions; the entry's regex is then tried
# only there (``regex.match`` at each candidate, skipping those inside the previous hit,
# exactly what ``finditer`` returns). Most entries start with the most frequent Persian
# letters (ا, ی) and short hints are in every article, so scanning each surviving regex over
# the whole text was ~2 ms of an article for hedges + framing + events.
_PREFIX_LEN = 4
_VARIANTS = {"ا": ("ا", "ا\u064b", "أ", "أ\u064b", "إ", "إ\u064b"), "أ": ("ا", "أ"), "إ": ("ا", "إ"), "ی": ("ی", "ئ")}


def start_spellings(phrase: str) -> tuple[str, ...]:
    """Every way a match of ``phrase`` can begin (its first letters); () for a raw regex."""
    if phrase.startswith("re:"):
        return ()
    first = _norm(phrase.rstrip("*")).split()[0].split(ZWNJ)[0][:_PREFIX_LEN]
    out = [""]
    for ch in first:
        out = [p + v for p in out for v in _VARIANTS.get(ch, (ch,))]
    return tuple(o for o in out if o)


class _Index:
    """Candidate start positions of every entry of one lexicon tuple, from one automaton pass.

    Entries with the same start spellings (the many ``به ...`` phrases) form a group; at a
    candidate position the group's patterns joined in one alternation are tried first, and
    only when that matches are its entries tried one by one."""

    def __init__(self, entries: tuple[Entry, ...]):
        import ahocorasick

        self.entries = entries
        self.scan: list[int] = []  # entries without start spellings: scanned with finditer
        by_spelling: dict[tuple[str, ...], list[int]] = {}
        for i, e in enumerate(entries):
            keys = start_spellings(e.phrase)
            if keys:
                by_spelling.setdefault(keys, []).append(i)
            else:
                self.scan.append(i)
        self.groups: list[tuple[int, ...]] = []
        self._joined: dict[int, Optional[re.Pattern]] = {}  # compiled on first use, big groups only
        by_key: dict[str, list[int]] = {}
        for keys, ids in by_spelling.items():
            for k in keys:
                by_key.setdefault(k, []).append(len(self.groups))
            self.groups.append(tuple(ids))
        self.automaton = ahocorasick.Automaton()
        for k, gs in by_key.items():
            self.automaton.add_word(k, (len(k) - 1, tuple(gs)))
        self.automaton.make_automaton()

    def candidates(self, text: str, start: int, end: int) -> dict[int, list[int]]:
        """Group index -> candidate start positions (unsorted, maybe repeated)."""
        out: dict[int, list[int]] = {}
        for last, (back, gs) in self.automaton.iter(text, start, end):
            s = last - back
            for g in gs:
                lst = out.get(g)
                if lst is None:
                    out[g] = [s]
                else:
                    lst.append(s)
        return out

    def hits(self, text: str, start: int, end: int) -> dict[int, list[Hit]]:
        """Entry index -> its hits, the same as ``regex.finditer(text, start, end)`` gives."""
        entries = self.entries
        out: dict[int, list[Hit]] = {}
        for g, pos in self.candidates(text, start, end).items():
            members = self.groups[g]
            joined = None
            if len(members) >= _JOIN_MIN:
                if g not in self._joined:
                    self._joined[g] = _joined([entries[i] for i in members])
                joined = self._joined[g]
            last: dict[int, int] = {}
            for s in sorted(set(pos)):
                if joined is not None and joined.match(text, s, end) is None:
                    continue  # no member matches here
                for i in members:
                    if s < last.get(i, -1):
                        continue  # inside this entry's previous hit: finditer went past it
                    m = entries[i].regex.match(text, s, end)
                    if m is not None and m.end() > s:
                        out.setdefault(i, []).append(Hit(s, m.end(), entries[i]))
                        last[i] = m.end()
        return out


_JOIN_MIN = 4  # a smaller group is cheaper to try member by member than to compile joined


def _joined(entries: list[Entry]) -> Optional[re.Pattern]:
    """The entries' patterns as one alternation (None when they cannot be joined safely):
    it matches at a position iff one of them does."""
    pats = [phrase_pattern(e.phrase) for e in entries]
    if not pats or any(re.search(r"\\[0-9]|\(\?P=|\(\?[aiLmsux]", p) for p in pats):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in pats))
    except re.error:  # e.g. the same group name twice
        return None


_INDEXES: dict[int, _Index] = {}


def _index(entries: Iterable[Entry]) -> _Index | None:
    if not isinstance(entries, tuple):
        return None
    ix = _INDEXES.get(id(entries))
    if ix is None or ix.entries is not entries:
        ix = _INDEXES[id(entries)] = _Index(entries)
    return ix


def find(text: str, entries: Iterable[Entry], start: int = 0, end: int | None = None) -> list[Hit]:
    """All non-overlapping hits, longest first, then earliest line in the file."""
    end = len(text) if end is None else end
    window = text[start:end]
    ix = _index(entries)
    if ix is None:
        hits = [Hit(m.start(), m.end(), e) for e in entries if not e.hint or e.hint in window
                for m in e.regex.finditer(text, start, end) if m.end() > m.start()]
    else:
        hits = []
        found = ix.hits(text, start, end)
        scan = set(ix.scan)
        for i, e in enumerate(ix.entries):
            if i in scan:
                if not e.hint or e.hint in window:
                    hits += [Hit(m.start(), m.end(), e) for m in e.regex.finditer(text, start, end) if m.end() > m.start()]
            elif i in found and (not e.hint or e.hint in window):  # the hint is implied; kept as before
                hits += found[i]
    hits.sort(key=lambda h: (-(h.end - h.start), h.entry.line, h.start))
    taken: list[Hit] = []
    spans = Disjoint()
    for h in hits:
        if spans.take(h.start, h.end):
            taken.append(h)
    taken.sort(key=lambda h: h.start)
    return taken


_WORD_RES: dict[int, tuple[tuple[Entry, ...], Optional[re.Pattern]]] = {}


def fullmatch_any(word: str, entries: tuple[Entry, ...]) -> bool:
    """``any(e.regex.fullmatch(word) for e in entries)`` with one regex: the entries' patterns
    as one alternation (a word fullmatches the alternation iff it fullmatches one of them).
    Entries whose patterns could not be joined (back-references) are tried one by one."""
    got = _WORD_RES.get(id(entries))
    if got is None or got[0] is not entries:
        got = _WORD_RES[id(entries)] = (entries, _joined(list(entries)))
    joined = got[1]
    if joined is None:
        return any(e.regex.fullmatch(word) for e in entries)
    return joined.fullmatch(word) is not None


def any_match(text: str, entries: Iterable[Entry], start: int = 0, end: int | None = None) -> bool:
    end = len(text) if end is None else end
    window = text[start:end]
    return any(e.regex.search(text, start, end) for e in entries if not e.hint or e.hint in window)
