"""Reporting cues: the verbs and phrases that introduce what someone said.

The lexicon (rawi/lexicons/cues.txt) lists lemmas with their stems; this module turns
each into one regex that matches every person, tense and spelling found in news text:
گفت / گفتند / می‌گوید / می گوید / میگوید / گفته است / گفته‌اند / گفته بود / خواهد گفت / نگفت,
compound verbs with loose spacing (تأکید کرد / تاکید کرده‌اند / تأکید می‌کند / اظهارداشت),
adjective + copula (معتقد است / معتقدند) and fixed phrases (به گفته، به نقل از ...).
Matching is loose on ZWNJ because scrapers strip it and restorers are imperfect.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..lexicons import rows
from . import wordscan

ZWNJ = "\u200c"
# A word boundary that treats ZWNJ as part of the word.
B_START = r"(?<![\w\u200c])"
B_END = r"(?![\w\u200c])"
SEP = r"[\u200c ]?"          # ZWNJ, a space or nothing (inside a verb form)
LOOSE = r"[\s\u200c]?"       # between parts of a compound (اظهارداشت / اظهار داشت)
MI = r"(?:می" + SEP + ")"    # the durative prefix می‌
PAST_END = r"(?:م|ی|یم|ید|ند)?"
PRES_END = r"(?:م|ی|د|یم|ید|ند)"
AUX = (
    r"(?:است|اند|ام|ای|ایم|اید|ست|"
    r"بود(?:م|ی|یم|ید|ند)?|باشد|باشند|باشم)"
)  # passives (گفته شد، گفته می‌شود) are agentless and deliberately absent
_FOLD = {"أ": "[أا]", "ا": "[اأ]", "ؤ": "[ؤو]", "ئ": "[ئیؤ]", "ی": "[یئ]", "ۀ": "(?:ۀ|ه\u200c?ی)"}


def loose(phrase: str) -> str:
    """Regex for a lexicon phrase: spaces/ZWNJ between parts are optional, hamza folded."""
    out = []
    for ch in phrase:
        if ch in " \u200c":
            out.append(LOOSE)
        elif ch in _FOLD:
            out.append(_FOLD[ch])
        else:
            out.append(re.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class CueEntry:
    lemma: str
    type: str  # verb | compound | adj | phrase
    spec: str
    lemma_en: str
    stance: str
    frames: tuple[str, ...]

    @property
    def pre_prep(self) -> str | None:
        """The preposition that opens a content before the verb (خبر داد: از)."""
        for f in self.frames:
            if f.startswith("pre:"):
                return f[4:]
        return None

    @property
    def needs(self) -> tuple[str, ...]:
        """Words the content must hold for the verb to report speech (need:را for "X را Y خواند")."""
        return tuple(f[5:] for f in self.frames if f.startswith("need:"))

    @property
    def allows_pre(self) -> bool:
        return any(f == "pre" or f.startswith("pre:") for f in self.frames)


def _verb_forms(past: str, present: str, now_without_mi: bool = False) -> str:
    """Every finite form of a verb from its past and present stems."""
    p = loose(past)
    mi = f"(?:{MI})?" if now_without_mi else MI
    dur = "" if present == "--" else f"(?:{MI})?"  # "--": the durative (می‌خواست 'wanted') is no report
    forms = [
        rf"(?:ن)?{dur}{p}ه{SEP}{AUX}",                 # perfect, pluperfect: گفته است، گفته بود
        rf"(?:ن)?{dur}{p}{PAST_END}",                   # past, imperfect: گفت، می‌گفتند، نگفت
    ]
    if present not in ("-", "--"):  # "-": the present means something else (می‌خواهد 'wants', می‌داند 'knows')
        forms.insert(0, rf"(?:ن)?خواه{PRES_END}{LOOSE}{p}")  # future: خواهد گفت
        forms.insert(2, rf"(?:ن)?{mi}{loose(present)}{PRES_END}")  # present: می‌گوید، نمی‌گویند
    return "(?:" + "|".join(forms) + ")"


@lru_cache(maxsize=None)
def entries() -> tuple[CueEntry, ...]:
    out = []
    for r in rows("cues.txt"):
        if r[0].startswith("@"):
            continue
        lemma, typ, spec, en, stance = r[:5]
        frames = tuple(r[5].split()) if len(r) > 5 else ("post",)
        out.append(CueEntry(lemma, typ, spec, en, stance, frames))
    return tuple(out)


@lru_cache(maxsize=None)
def light_verbs() -> dict[str, tuple[str, str, bool]]:
    out = {}
    for r in rows("cues.txt"):
        if r[0] == "@light":
            past, pres = r[2].split("/")
            out[r[1]] = (past, pres, len(r) > 3 and r[3] == "yes")
    return out


def _copula() -> str:
    return (
        rf"(?:{LOOSE}(?:است|بود(?:ند|م|یم)?|هست(?:ند|م|یم)?|نیست(?:ند)?|می{SEP}باشد|می{SEP}باشند|باشد)"
        rf"|{SEP}(?:اند|ند|یم|م|ست))"
    )


def _entry_regex(e: CueEntry) -> str:
    if e.type == "verb":
        past, pres = e.spec.split("/")
        if "participle" in e.frames:  # "دادستانی گفته و ..."، "X را Y خوانده و ...": the auxiliary elided
            return "(?:" + _verb_forms(past, pres) + rf"|(?:ن)?{loose(past)}ه(?=\s*(?:،|و\s|ولی\s|اما\s|که\s)))"
        return _verb_forms(past, pres)
    if e.type == "compound":
        nonverbal, light = e.spec.split("|")
        past, pres, bare = light_verbs()[light]
        # A bare participle with its auxiliary elided before و / ولی / ، ("خبر داده ولی ...").
        participle = rf"(?:ن)?{loose(past)}ه(?=\s*(?:،|و\s|ولی\s|اما\s|که\s))"
        return loose(nonverbal) + LOOSE + "(?:" + _verb_forms(past, pres, bare) + "|" + participle + ")"
    if e.type == "adj":
        return loose(e.spec) + _copula()
    if e.type in ("phrase", "adjunct"):
        return loose(e.spec)
    if e.type == "locative":  # "آمده است" / "آمده:" / "آمده که" (the auxiliary elided)
        if "noaux" in e.frames:
            return loose(e.spec)
        return loose(e.spec) + "(?:" + SEP + "(?:است|بود)|(?=\\s*:|\\s+که\\s))"
    raise ValueError(f"cues.txt: unknown cue type {e.type!r} for {e.lemma}")


# "گفت‌وگو" / "گفت و گو" (conversation) is not the verb گفت.
_NOT_AFTER = r"(?![\s\u200c]?و[\s\u200c]?گو)"


@lru_cache(maxsize=None)
def _compiled() -> tuple[re.Pattern[str], tuple[CueEntry, ...]]:
    es = sorted(entries(), key=lambda e: -len(e.spec))  # longer compounds first
    alts = [f"(?P<c{i}>{_entry_regex(e)})" for i, e in enumerate(es)]
    pat = re.compile(B_START + "(?:" + "|".join(alts) + ")" + B_END + _NOT_AFTER)
    return pat, tuple(es)


def _first_letters(e: CueEntry) -> set[str]:
    """Letters a match of entry ``e`` can start with (prefixes ن / می / خواه included)."""
    if e.type == "verb":
        past, pres = e.spec.split("/")
        heads = {past[0], "ن", "م", "خ"} | ({pres[0]} if pres not in ("-", "--") else set())
    else:
        heads = {e.spec[0]}
    out = set()
    for h in heads:
        alt = _FOLD.get(h)
        out |= set(alt.strip("[]()?:|\u200c")) if alt else {h}
    return out


@lru_cache(maxsize=None)
def _by_letter() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """A scanner for word starts whose letter can begin a cue, and per letter the alternation of
    only the cues that can start with it (in the order of ``_compiled``, so the same one wins).

    A pattern opening with a look-behind is tried at every offset; a leading character class lets
    the engine skip ahead, and the per-letter split keeps each try to a few alternatives."""
    _pat, es = _compiled()
    groups: dict[str, list[str]] = {}
    for i, e in enumerate(es):
        for ch in _first_letters(e):
            groups.setdefault(ch, []).append(f"(?P<c{i}>{_entry_regex(e)})")
    subs: dict[str, re.Pattern[str]] = {}
    alternatives = []
    for ch in sorted(groups):
        # parsed once, for the regex and for the characters that may follow ch
        parsed = wordscan.parse("(?:" + "|".join(groups[ch]) + ")" + B_END + _NOT_AFTER)
        subs[ch] = wordscan.compile_parsed(parsed)
        alternatives.append(_scan_alternative(ch, parsed))
    return re.compile("|".join(alternatives)), subs


_SCAN_PREFIX = 4


def _scan_alternative(ch: str, sub_pattern) -> str:
    """``ch`` at a word start, followed by what can follow it in a match of ``sub_pattern``
    (its next two characters, read off the pattern): the scanner then stops only where a
    cue can begin, not at every word that starts with a cue letter."""
    head = re.escape(ch) + r"(?<![\w\u200c].)"
    follow = wordscan.tails(wordscan.prefixes(sub_pattern, _SCAN_PREFIX), ch)
    if follow is None:
        return head
    return head + "(?=" + "|".join(wordscan._escape(t) for t in sorted(follow, key=lambda t: (-len(t), t))) + ")"


def find_cues(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, CueEntry]]:
    """All cue matches in ``text[start:end]``, left to right, longest first at each position.

    Same matches as ``_compiled()[0].finditer`` (checked on Fars articles), found faster."""
    _pat, es = _compiled()
    scan, subs = _by_letter()
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        c = scan.search(text, pos, end)
        if c is None:
            return
        at = c.start()
        m = subs[text[at]].match(text, at, end)
        if m is None or m.end() == at:
            pos = at + 1
            continue
        pos = m.end()
        name = m.lastgroup
        if name is None:
            continue
        yield at, m.end(), es[int(name[1:])]
