"""What besides shared words makes two contents one claim: polarity, modality, dates, speaker.

Why: word overlap alone merged "the Friday prayer will be held" with "will not be held", and
"Iran is ready to buy arms" with "the US will not allow Iran to buy arms". Each content gets
marks (short strings stored with its claim key):

- ``!neg`` negated (verb prefix, negators, negative quantifiers), ``^CLASS±`` antonym
  predicates (rise/fall, confirm/deny, allow/prevent ...), ``~MODALITY`` (possible, necessary,
  planned, future): :mod:`rawi.stance.polarity`;
- ``@m:CAL:N`` month names and ``@d:N`` weekdays: with the numbers (already compared by
  :func:`rawi.corpus.claims.match_score`) they make the date, and another date is another claim;
- ``@s:WORD`` the words of a named speaker's name (a name without a title: see
  :func:`rawi.corpus.rows.claim_speaker`): "X said" and "Y said" are two claims.

Two contents are compatible when polarity and modality are equal, the dates of the one with
fewer date marks are all in the other, and named speakers, when both have one, share a word.
Precision first: a relay that changes a date or drops "may" starts a new claim.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..stance.polarity import contradicts, glue, polarity_of_words, Polarity
from .fold import stopwords, tokens

MARK_PREFIXES = ("!", "^", "~", "@")


@lru_cache(maxsize=None)
def _dates() -> tuple[dict[str, tuple[str, bool]], dict[str, str]]:
    """Folded month forms -> (mark, guarded), weekday forms (spaces removed) -> mark."""
    from ..lexicons import table

    months: dict[str, tuple[str, bool]] = {}
    for r in table("months.txt"):
        cal, num, form = r[0].strip(), r[1].strip(), r[2].strip()
        flags = r[3].strip() if len(r) > 3 else ""
        if flags == "strict":
            continue
        months["".join(tokens(form))] = (f"@m:{cal.split('-')[0]}:{num}", flags == "guarded")
    days = {"".join(tokens(r[0])): f"@d:{r[1].strip()}" for r in table("weekdays.tsv")}
    return months, days


def date_marks(words: list[str]) -> set[str]:
    months, days = _dates()
    out: set[str] = set()
    i = 0
    while i < len(words):
        w, nxt = words[i], (words[i + 1] if i + 1 < len(words) else "")
        pair = w + nxt
        if nxt and pair in days:
            out.add(days[pair])
            i += 2
            continue
        if nxt and pair in months and not months[pair][1]:
            out.add(months[pair][0])
            i += 2
            continue
        if w in days:
            out.add(days[w])
        elif w in months:
            mark, guarded = months[w]
            prev = words[i - 1] if i else ""
            if not guarded or prev.isdigit() or nxt == "ماه" or nxt.isdigit():
                out.add(mark)
        i += 1
    return out


def speaker_marks(speaker: str) -> set[str]:
    stop = stopwords()
    return {f"@s:{w}" for w in tokens(speaker) if len(w) >= 3 and w not in stop}


def marks(content: str, speaker: str = "") -> list[str]:
    """The identity marks of a claim content (and of its named speaker, when given)."""
    words = tokens(content)
    out = set(polarity_of_words(glue(words)).marks())
    out |= date_marks(words)
    out |= speaker_marks(speaker)
    return sorted(out)


def compatible(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two mark sets can belong to one claim."""
    a, b = set(a), set(b)
    pa, pb = Polarity.from_marks(a), Polarity.from_marks(b)
    if contradicts(pa, pb) or pa.modality != pb.modality:
        return False
    da = {m for m in a if m.startswith(("@m:", "@d:"))}
    db = {m for m in b if m.startswith(("@m:", "@d:"))}
    if da and db:
        fewer, more = sorted((da, db), key=len)
        if fewer - more:
            return False
    sa = {m for m in a if m.startswith("@s:")}
    sb = {m for m in b if m.startswith("@s:")}
    if sa and sb and not sa & sb:
        ja, jb = "".join(sorted(m[3:] for m in sa)), "".join(sorted(m[3:] for m in sb))
        if not any(m[3:] in jb for m in sa) and not any(m[3:] in ja for m in sb):
            return False  # سیفی‌مازندرانی and سیفی مازندرانی are one name
    return True

