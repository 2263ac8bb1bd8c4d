"""Template stories: near-duplicate wording, different facts (daily prices, results, weather).

Why: MinHash on word 3-grams sees two daily gold-price reports as copies ("the price of a
full Bahar Azadi coin ... today ... rials"), but one says the coin fell and the other that it
rose, at other prices. A copy or relay keeps the numbers (it may drop a paragraph, so the
smaller side is compared) and the direction of its title and lead.

Numbers are compared where the wording is the same, not only as bare sets: small numbers
recur in any article (۱، ۲، ۵), so a report whose every figure moved by one still shares half
its bare numbers with yesterday's; but at the same place of the same wording (the two words
before and after a number) a copy prints the same number and a template story another one.
Places whose wording a relay edited are simply not compared, so edits never split a story.
"""
from __future__ import annotations

from .fold import numbers, tokens
from ..stance.polarity import Polarity, polarity

MIN_NUMBERS = 2  # fewer number mentions on either side: nothing to compare
MIN_SHARED = 0.5  # share of the smaller number set found in the other
MAX_CHANGED = 0.5  # share of the places found on both sides that may print another number
CONTEXT = 2  # words each side of a number that make its place
LEAD_CHARS = 400  # title and lead: where a report states its direction


def places(text: str) -> dict[tuple[str, ...], set[str]]:
    """The numbers of ``text`` (folded, ASCII digits) by their place: the words around them,
    other numbers masked."""
    toks = tokens(text)
    masked = ["#" if t.isdigit() else t for t in toks]
    pad = [""] * CONTEXT
    masked = pad + masked + pad
    out: dict[tuple[str, ...], set[str]] = {}
    for i, t in enumerate(toks):
        if t.isdigit():
            j = i + CONTEXT
            out.setdefault(tuple(masked[j - CONTEXT:j] + masked[j + 1:j + 1 + CONTEXT]), set()).add(t)
    return out


def changed_places(a: str, b: str) -> tuple[int, int]:
    """(places found on both sides, places of those where the two print no number in common)."""
    pa, pb = places(a), places(b)
    common = pa.keys() & pb.keys()
    return len(common), sum(1 for c in common if not pa[c] & pb[c])


def same_story(title_a: str, text_a: str, title_b: str, text_b: str) -> bool:
    """False when two near-duplicates report different numbers or opposite directions."""
    a, b = title_a + "\n" + text_a, title_b + "\n" + text_b
    na, nb = numbers(a), numbers(b)
    if min(len(na), len(nb)) >= MIN_NUMBERS and len(na & nb) / min(len(na), len(nb)) < MIN_SHARED:
        return False
    common, changed = changed_places(a, b)
    if changed and changed / common >= MAX_CHANGED:
        return False  # the same wording with other figures: the next day's report
    if _opposite(polarity(title_a), polarity(title_b)):
        return False  # the titles say rose / fell, held / cancelled
    pa = polarity(title_a + " " + text_a[:LEAD_CHARS])
    pb = polarity(title_b + " " + text_b[:LEAD_CHARS])
    return not _opposite(pa, pb)


def _opposite(a: Polarity, b: Polarity) -> bool:
    """A predicate class each side uses with one sign only, and not the same one (rose / fell).

    Signs, not counts: where the lead is cut shifts with spelling, so counts may differ in a copy."""
    sa: dict[str, set[str]] = {}
    sb: dict[str, set[str]] = {}
    for c, s in a.preds:
        sa.setdefault(c, set()).add(s)
    for c, s in b.preds:
        sb.setdefault(c, set()).add(s)
    return any(len(sa[c]) == 1 and len(sb[c]) == 1 and sa[c] != sb[c] for c in sa.keys() & sb.keys())
