"""Polarity, antonym predicates and modality of a short Persian statement.

Why: two contents that share nearly every word can still say opposite things ("the prayer will
be held" / "will not be held"; "the coin rose" / "fell"; "X confirmed" / "X denied"). Claim
identity (:mod:`rawi.corpus.claims`) must not merge them, and the stance model
(:mod:`rawi.stance.features`) needs to see the mismatch. Everything works on folded words
(:func:`rawi.corpus.fold.tokens`), so ZWNJ, spacing and Arabic letters do not matter.

Negation is read three ways: the verb prefix (نمی‌…، ن + a verb stem + a person ending:
نکرد، ندارد، نخواهد، نیامد), negator words and negative quantifiers (هرگز، هیچ، عدم، نیست) from
``rawi/lexicons/predicates.tsv``, and "نه" unless it starts "نه تنها" (not only). Persian has
negative concord (هیچ‌کس نیامد: one negation), so a statement is negated when any of them occurs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from ..corpus.fold import tokens as folded_tokens

# Verb stems (folded: آ→ا) whose negated forms are ن + stem + ending. Hand-picked from news
# usage; stems that would make ordinary words look negated are left out (زد: نزد "at",
# برد: نبرد "battle", وشت: نوشت "wrote").
STEMS = (
    "کرد", "کن", "شد", "شو", "داشت", "دار", "بود", "باش", "خواست", "خواه", "توانست", "توان",
    "گفت", "گوی", "داد", "ده", "رسید", "رس", "گرفت", "گیر", "رفت", "رو", "دید", "بین",
    "یافت", "یاب", "ماند", "کشید", "کش", "گذاشت", "گذار", "دانست", "دان", "پذیرفت", "پذیر",
    "ساخت", "ساز", "شناخت", "شناس", "خورد", "خور", "باید", "بایست", "فرستاد", "پرداخت",
    "پرداز", "خواند", "خوان", "شنید", "شنو", "بست", "نوشت", "نویس", "کاست", "کاه",
)
A_STEMS = ("امد", "اید", "اورد", "اور", "افت", "انداخت", "انداز")  # negated with ی: نیامد، نیاورد، نیفتاد
ENDINGS = frozenset({"", "م", "ی", "د", "یم", "ید", "ند", "ه", "ن", "هاند", "هاست", "هایم", "های", "هام",
                     "ست", "ستند", "نده", "یده"})
MI = ("می", "نمی")


@dataclass(frozen=True)
class Polarity:
    """``negations`` counts negated verbs and negators; ``counts`` the antonym predicates.

    Counts, not flags: a sentence with "without" in one clause and a negated verb in another
    is not the same statement as the one with only "without"."""

    negations: int
    preds: frozenset[tuple[str, str]]  # (class, "+"/"-") as written, before negation
    modality: frozenset[str]
    counts: tuple[tuple[str, str, int], ...] = ()  # (class, sign, occurrences)

    @property
    def negated(self) -> bool:
        return self.negations > 0

    def marks(self) -> list[str]:
        """Short codes stored with a claim key: ``!neg1``, ``^rise+1``, ``~possible``."""
        out = [f"!neg{min(self.negations, 9)}"] if self.negations else []
        counts = self.counts or tuple((c, s, 1) for c, s in sorted(self.preds))
        out += [f"^{c}{s}{min(n, 9)}" for c, s, n in counts]
        out += [f"~{m}" for m in sorted(self.modality)]
        return out

    @classmethod
    def from_marks(cls, marks: Iterable[str]) -> "Polarity":
        marks = list(marks)
        neg = next((int(m[4:] or 1) for m in marks if m.startswith("!neg")), 0)
        counts = tuple(sorted((m[1:-2], m[-2], int(m[-1])) for m in marks if m.startswith("^")))
        return cls(neg, frozenset((c, s) for c, s, _ in counts), frozenset(m[1:] for m in marks if m.startswith("~")), counts)


@lru_cache(maxsize=None)
def _lexicon() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], tuple[str, str]]]:
    """Single words and two-word phrases -> (kind, value)."""
    from ..lexicons import rows

    one: dict[str, tuple[str, str]] = {}
    two: dict[tuple[str, str], tuple[str, str]] = {}
    for r in rows("predicates.tsv"):
        words = folded_tokens(r[0])
        if len(words) == 1:
            one[words[0]] = (r[1], r[2])
        elif len(words) == 2:
            two[(words[0], words[1])] = (r[1], r[2])
    return one, two


SUFFIXES = ("", "ی", "ها", "های", "هایی", "یها", "یهای", "ش", "شان", "ه", "تر", "ترین", "ند", "د")


def _lookup(word: str, one: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The lexicon entry a word inflects (کاهش، کاهشی، کاهش‌ها), or None."""
    if word in one:
        return one[word]
    for suf in SUFFIXES[1:]:
        if len(word) > len(suf) + 2 and word.endswith(suf) and word[: -len(suf)] in one:
            return one[word[: -len(suf)]]
    return None


def glue(words: Sequence[str]) -> list[str]:
    """Detached می/نمی joined to their verb (``نمی شود`` → ``نمیشود``), as in the fold of ZWNJ text."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in MI and i + 1 < len(words):
            out.append(w + words[i + 1])
            i += 2
            continue
        out.append(w)
        i += 1
    return out


def negated_verb(word: str) -> bool:
    """Whether a folded word is a negated verb form (نمی‌شود، نکرد، ندارند، نیامد، نخواهد)."""
    if len(word) < 3 or word[0] != "ن":
        return False
    if word.startswith("نمی"):
        return True
    rest = word[1:]
    for stem in STEMS:
        if rest.startswith(stem) and rest[len(stem):] in ENDINGS:
            return True
    if rest.startswith("ی"):  # نیامد (ن ی آمد), نیفتاد (ن ی افتاد)
        for alt in (rest[1:], "ا" + rest[1:]):
            for stem in A_STEMS:
                if alt.startswith(stem) and alt[len(stem):] in ENDINGS:
                    return True
    return False


def polarity(text: str) -> Polarity:
    """The polarity marks of ``text`` (a claim or a sentence)."""
    return polarity_of_words(glue(folded_tokens(text)))


def polarity_of_words(words: Sequence[str]) -> Polarity:
    one, two = _lexicon()
    neg = 0
    preds: dict[tuple[str, str], int] = {}
    mods: set[str] = set()
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "نه":
            if nxt != "تنها":
                neg += 1
            continue
        hit = two.get((w, nxt)) or two.get((w, nxt[:-2])) or two.get((w, nxt[:-1])) if nxt else None
        if hit is None:
            hit = _lookup(w, one)
        if hit is None and negated_verb(w):
            neg += 1
            base = w[3:] if w.startswith("نمی") else w[1:]
            hit = _lookup(base, one) or _lookup("می" + base, one)
        if hit is None and w.startswith("می"):
            hit = _lookup(w, one)
        if hit is None:
            continue
        kind, value = hit
        if kind == "neg":
            neg += 1
        elif kind == "pred":
            key = (value[:-1], value[-1])
            preds[key] = preds.get(key, 0) + 1
        elif kind == "mod":
            mods.add(value)
    return Polarity(neg, frozenset(preds), frozenset(mods), tuple(sorted((c, s, n) for (c, s), n in preds.items())))


def contradicts(a: Polarity, b: Polarity) -> bool:
    """Whether two statements on the same words say different things: another number of
    negations, or a predicate class both use with other signs (rose/fell, confirmed/denied)."""
    if a.negations != b.negations:
        return True
    sa, sb = _signs(a), _signs(b)
    return any(sa[c] != sb[c] for c in sa.keys() & sb.keys())


def _signs(p: Polarity) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for c, s, n in (p.counts or tuple((c, s, 1) for c, s in p.preds)):
        out.setdefault(c, {})[s] = n
    return out


def same_modality(a: Polarity, b: Polarity) -> bool:
    """Whether two statements have the same modality ("may happen" is not "happened")."""
    return a.modality == b.modality
