"""Template stories: near-duplicate wording, different facts (daily prices, results, weather).

Why: MinHash on word 3-grams sees two daily gold-price reports as copies ("the price of a
full Bahar Azadi coin ... today ... rials"), but one says the coin fell and the other that it
rose, at other prices. A copy or relay keeps the numbers (it may drop a paragraph, so the
smaller set is compared) and the direction of its lead.
"""
from __future__ import annotations

from .fold import numbers
from ..stance.polarity import Polarity, polarity

MIN_NUMBERS = 2  # fewer numbers on either side: nothing to compare
MIN_SHARED = 0.5  # share of the smaller number set found in the other
LEAD_CHARS = 400  # title and lead: where a report states its direction


def same_story(title_a: str, text_a: str, title_b: str, text_b: str) -> bool:
    """False when two near-duplicates report different numbers or opposite directions."""
    na, nb = numbers(title_a + " " + text_a), numbers(title_b + " " + text_b)
    if min(len(na), len(nb)) >= MIN_NUMBERS and len(na & nb) / min(len(na), len(nb)) < MIN_SHARED:
        return False
    pa = polarity(title_a + " " + text_a[:LEAD_CHARS])
    pb = polarity(title_b + " " + text_b[:LEAD_CHARS])
    return not _opposite(pa, pb)


def _opposite(a: Polarity, b: Polarity) -> bool:
    """A predicate class each lead uses with one sign only, and not the same one (rose / fell).

    Signs, not counts: where the lead is cut shifts with spelling, so counts may differ in a copy."""
    sa: dict[str, set[str]] = {}
    sb: dict[str, set[str]] = {}
    for c, s in a.preds:
        sa.setdefault(c, set()).add(s)
    for c, s in b.preds:
        sb.setdefault(c, set()).add(s)
    return any(len(sa[c]) == 1 and len(sb[c]) == 1 and sa[c] != sb[c] for c in sa.keys() & sb.keys())
