"""The same claim across articles and outlets: matching and its history.

A claim is the *content* of an attribution ("12 ISIS commanders escaped al-Sina'a prison").
Two contents are one claim when their content words (folded, function words dropped,
stemmed by truncation: :func:`rawi.corpus.fold.content_terms`) overlap enough, and they
do not contradict on the hard facts: when both mention numbers, the one with fewer numbers
has none the other lacks; when both name entities they share one; and they agree in polarity,
modality, dates and speaker (:mod:`rawi.corpus.identity`). Candidates come from MinHash-LSH on the term sets (stored
in SQL, see :mod:`rawi.corpus.dedup`), so matching stays sub-linear in corpus size.

Why an overlap coefficient and not plain Jaccard: a relay often shortens or extends the
original ("... said on Monday, according to Sputnik"), so the smaller term set being mostly
inside the larger one is the signal; a Jaccard floor keeps tiny contents from matching
everything.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from .fold import content_terms, fold, numbers
from .identity import MARK_PREFIXES, compatible, marks

LSH_THRESHOLD = 0.25  # datasketch picks 18 bands x 2 rows: P(candidate) 0.99 at Jaccard 0.47, 0.9 at 0.35
NUM_PERM = 64
MIN_TERMS = 3  # fewer content words than this cannot identify a claim
MIN_WEIGHT = 2.0  # shared evidence needed: two rare words, or a rare word and a few common ones
NUMBER_WEIGHT = 0.5  # a shared number alone ("2", "80") is weak evidence; a differing one vetoes
MIN_OVERLAP = 0.6  # weighted |A∩B| / min(|A|,|B|)
MIN_JACCARD = 0.3  # weighted |A∩B| / |A∪B|
# Terms weighing less than this (common words, lone numbers) stay out of the LSH signature, so
# a band is keyed by rare words and its bucket does not fill with every claim saying "کشور".
# Tuned on eval/claims.py --n 250: 0 (all terms) recall 0.922, precision 1.000, 12.3 bucket-mates
# per claim, largest bucket 3.2 % of claims; 0.6: 0.909, 0.998, 6.7 and 1.0 %.
SIG_MIN_WEIGHT = 0.6
MIN_SIG_TERMS = 2  # fewer rare terms than this: the signature takes all terms

NAMED_KINDS = frozenset({"named", "official", "organization", "media"})


@dataclass(frozen=True)
class ClaimKey:
    terms: frozenset[str]
    numbers: frozenset[str] = field(default_factory=frozenset)
    entities: frozenset[str] = field(default_factory=frozenset)
    # Polarity, modality, dates and speaker (rawi.corpus.identity): stored in the numbers column
    # after the numbers, each with its prefix (! ^ ~ @), so no schema change was needed.
    marks: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def build(cls, content: str, entity_texts: Iterable[str] = (), speaker: str = "") -> "ClaimKey":
        words, nums = split_numbers(content.translate(_ARABIC_LETTERS))
        nums |= numbers(words)  # digits the parser leaves (۸۷.۰۰۰.۰۰۰): still numbers to compare
        return cls(frozenset(content_terms(words)) | {NUM + n for n in nums}, frozenset(nums),
                   frozenset(e for e in (fold(t) for t in entity_texts) if e), frozenset(marks(content, speaker)))

    @cached_property
    def total_weight(self) -> float:
        """``weight(terms)``, computed once: a key is scored against many candidates."""
        return weight(self.terms)

    @property
    def usable(self) -> bool:
        return len(self.terms) >= MIN_TERMS and self.total_weight >= MIN_WEIGHT

    def dump(self) -> dict[str, str]:
        return {"terms": " ".join(sorted(self.terms)), "numbers": " ".join(sorted(self.numbers) + sorted(self.marks)),
                "entities": "|".join(sorted(self.entities))}

    @classmethod
    def load(cls, terms: str, nums: str, ents: str) -> "ClaimKey":
        parts = (nums or "").split()
        return cls(frozenset((terms or "").split()), frozenset(p for p in parts if not p.startswith(MARK_PREFIXES)),
                   frozenset(e for e in (ents or "").split("|") if e), frozenset(p for p in parts if p.startswith(MARK_PREFIXES)))


_ARABIC_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})  # so the number parser reads ميليارد as میلیارد
NUM = "#"  # prefix of number terms ("#12", "#5000000000")


def split_numbers(content: str) -> tuple[str, set[str]]:
    """``content`` without its numbers, and their values as canonical strings.

    Why: one claim is written "۱۲ سرکرده" by one outlet and "دوازده سرکرده" by another,
    "۵ میلیارد" and "پنج میلیارد"; the number parser reads digits and words alike
    (:func:`rawi.annotate.numbers.find_numbers`). A lone "یک" (mostly the indefinite
    article, "an official") and ambiguous words (نه "no"/"nine") are not numbers here.
    """
    try:
        from ..annotate.numbers import find_numbers
    except ImportError:  # the parser is part of rawi; keep claims working without it
        return content, numbers(content)
    out, vals, last = [], set(), 0
    for m in find_numbers(content):
        if m.ambiguous or m.ordinal or (m.words and m.value == 1 and not m.scaled):
            continue
        v = m.value
        vals.add(str(int(v)) if float(v).is_integer() else f"{v:g}")
        out.append(content[last:m.start])
        out.append(" ")
        last = m.end
    out.append(content[last:])
    return "".join(out), vals


@lru_cache(maxsize=None)
def term_weights() -> dict[str, float]:
    """Weight of common terms (data/term_weights.tsv, from word frequency); others weigh 1."""
    out: dict[str, float] = {}
    path = Path(__file__).with_name("data") / "term_weights.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            t, w = line.split("\t")
            out[t] = float(w)
    return out


def weight(terms: Iterable[str]) -> float:
    w = term_weights()
    # fsum is exact, so the total does not depend on set iteration order, which changes with
    # each process's string-hash seed: a killed and restarted ingest must decide as the first run did.
    return math.fsum(NUMBER_WEIGHT if t.startswith(NUM) or t.isdigit() else w.get(t, 1.0) for t in terms)


def match_score(a: ClaimKey, b: ClaimKey) -> Optional[float]:
    """Similarity of two claim keys, or None when they are not the same claim.

    Overlaps are weighted by term rarity: sharing "الصناعه" and "حسکه" is evidence,
    sharing "کشور" and "هنوز مشخص نشده" is not.
    """
    shared = a.terms & b.terms
    sw = weight(shared)
    if len(shared) < 2 or sw < MIN_WEIGHT:
        return None
    overlap = sw / min(a.total_weight, b.total_weight)
    if overlap < MIN_OVERLAP:  # decided before the union is weighed: most candidates stop here
        return None
    jaccard = sw / weight(a.terms | b.terms)
    if jaccard < MIN_JACCARD:
        return None
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return None  # "12 escaped" and "40 escaped" (or "2 and 7") are different claims; another number is another claim
    if a.entities and b.entities and not (a.entities & b.entities):
        return None
    if (a.marks or b.marks) and not compatible(a.marks, b.marks):
        return None  # opposite polarity, another modality, another date or another speaker
    return round((overlap + jaccard) / 2, 4)


def signature_terms(key: ClaimKey) -> frozenset[str]:
    """The terms the LSH signature is drawn from: the rare ones (matching still weighs all)."""
    w = term_weights()
    rare = frozenset(t for t in key.terms
                     if (NUMBER_WEIGHT if t.startswith(NUM) or t.isdigit() else w.get(t, 1.0)) >= SIG_MIN_WEIGHT)
    return rare if len(rare) >= MIN_SIG_TERMS else key.terms


def signature(key: ClaimKey) -> bytes:
    from .dedup import signature as minhash

    return minhash(signature_terms(key), num_perm=NUM_PERM)


def is_hedged(stance: Optional[str], hedged_by_marker: bool = False) -> bool:
    return stance == "hedged" or hedged_by_marker


def history(appearances: list[dict[str, Any]]) -> dict[str, Any]:
    """First appearance, relays and attribution changes of one claim.

    ``appearances`` are sorted by time; each has article_id, outlet, published,
    source, source_kind, hedged.
    """
    if not appearances:
        return {"first": None, "relays": [], "changes": []}
    first = appearances[0]
    seen_outlets = {first.get("outlet")}
    relays = []
    for a in appearances[1:]:
        if a.get("outlet") not in seen_outlets:
            relays.append({"article_id": a["article_id"], "outlet": a.get("outlet"), "published": a.get("published")})
            seen_outlets.add(a.get("outlet"))
    changes = []
    for prev, cur in zip(appearances, appearances[1:]):
        pk, ck = prev.get("source_kind"), cur.get("source_kind")
        if pk == "anonymous" and ck in NAMED_KINDS:
            changes.append(_change("anonymous→named", prev, cur))
        elif pk in NAMED_KINDS and ck == "anonymous":
            changes.append(_change("named→anonymous", prev, cur))
        if prev.get("hedged") and not cur.get("hedged"):
            changes.append(_change("hedged→stated", prev, cur))
        elif not prev.get("hedged") and cur.get("hedged"):
            changes.append(_change("stated→hedged", prev, cur))
    return {"first": {"article_id": first["article_id"], "outlet": first.get("outlet"), "published": first.get("published")},
            "relays": relays, "changes": changes}


def _change(kind: str, prev: dict[str, Any], cur: dict[str, Any]) -> dict[str, Any]:
    return {"change": kind, "from_article": prev["article_id"], "to_article": cur["article_id"],
            "from_source": prev.get("source"), "to_source": cur.get("source"),
            "outlet": cur.get("outlet"), "published": cur.get("published")}
