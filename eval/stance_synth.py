"""Rewrites that flip or keep what a Persian sentence claims, and pairs built from them.

Used twice: as extra training signal for the stance model (scripts/train_stance.py
--synthetic) and as opposite-polarity / different-number pairs for claim identity
(eval/claim_identity.py). The sentences come from ../shared/data (never shipped).

- ``negate``: the last verb negated (است→نیست، می‌…→نمی‌…، کرد→نکرد، خواهد→نخواهد);
- ``antonym``: a predicate swapped for its opposite (افزایش→کاهش، تأیید→تکذیب، موافقت→مخالفت);
- ``renumber``: the first number changed.
"""
from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"

from rawi.stance.polarity import STEMS  # noqa: E402

WORD = re.compile(r"[^\s.،؛:!?؟«»()\"]+")
SWAPS = {
    "افزایش": "کاهش", "کاهش": "افزایش", "تأیید": "تکذیب", "تایید": "تکذیب", "تکذیب": "تأیید",
    "موافقت": "مخالفت", "مخالفت": "موافقت", "موافق": "مخالف", "مخالف": "موافق", "رشد": "افت",
    "پیروزی": "شکست", "شکست": "پیروزی", "آغاز": "پایان", "پایان": "آغاز", "بیشتر": "کمتر", "کمتر": "بیشتر",
    "برگزار": "لغو", "اجازه": "ممانعت", "گران": "ارزان", "ارزان": "گران", 
}
DIGITS = re.compile(r"[0-9۰-۹]+")


def _verb_negated(w: str) -> Optional[str]:
    if w in ("است", "هست"):
        return "نیست"
    if w in ("هستند", "اند"):
        return "نیستند"
    if w.startswith("می\u200c") or w.startswith("می") and len(w) > 4 and w[2:4] in {s[:2] for s in STEMS}:
        return "ن" + w
    if w.startswith(("خواهد", "خواهند")):
        return "ن" + w
    for s in STEMS:
        if w.startswith(s) and len(s) >= 2 and len(w) - len(s) <= 3 and w[len(s):] in ("", "ند", "ه", "یم", "ید"):
            return "ن" + w
    return None


def negate(sent: str) -> Optional[str]:
    """The sentence with its last verb negated, or None when no verb is found."""
    spans = [m.span() for m in WORD.finditer(sent)]
    for k in range(len(spans) - 1, max(-1, len(spans) - 5), -1):
        s, e = spans[k]
        if k and sent[spans[k - 1][0]:spans[k - 1][1]] in ("خواهد", "خواهند"):
            s, e = spans[k - 1]  # future: نخواهد کرد
        w = sent[s:e]
        if w == "می" and e < len(sent):  # detached می
            return sent[:s] + "نمی" + sent[e:]
        neg = _verb_negated(w)
        if neg:
            return sent[:s] + neg + sent[e:]
    return None


def antonym(sent: str) -> Optional[str]:
    for m in WORD.finditer(sent):
        w = m.group(0)
        for k, v in SWAPS.items():
            if w == k or (w.startswith(k) and w[len(k):] in ("\u200cها", "\u200cهای")):
                return sent[:m.start()] + v + w[len(k):] + sent[m.end():]
    return None


def renumber(sent: str) -> Optional[str]:
    m = DIGITS.search(sent)
    if not m:
        return None
    fa = "۰۱۲۳۴۵۶۷۸۹"
    v = int(m.group(0).translate(str.maketrans(fa, "0123456789")))
    new = str(v * 2 + 3)
    if any(c in fa for c in m.group(0)):
        new = new.translate(str.maketrans("0123456789", fa))
    return sent[:m.start()] + new + sent[m.end():]


def renumber_all(text: str) -> str:
    """Every number changed: the next day's report of a template story."""
    fa = "۰۱۲۳۴۵۶۷۸۹"

    def sub(m: re.Match) -> str:
        v = int(m.group(0).translate(str.maketrans(fa, "0123456789")))
        new = str(v + 1 + v // 7)
        return new.translate(str.maketrans("0123456789", fa)) if any(c in fa for c in m.group(0)) else new

    return DIGITS.sub(sub, text)


def fars_articles(seed: int = 7) -> list[dict]:
    rows = []
    for f in sorted((SHARED / "farsnews-course").glob("fars-news-*.json")):
        rows += json.loads(f.read_text(encoding="utf-8"))
    random.Random(seed).shuffle(rows)
    return [r for r in rows if r.get("title") and len([p for p in r["paragraphs"] if p.strip()]) >= 2]


DENIED = 0.3  # share of titles also rewritten as denied


def make_pairs(n: int, seed: int = 7) -> Iterator[tuple[str, str, str]]:
    """(claim, article text, stance) from ``n`` Fars articles: the title against the body is
    agree, a negated / antonym / renumbered title disagree, the title said to be denied
    ("… تکذیب شد") disagree, the title against the negated lead disagree and the negated title
    against it agree, the title of another article unrelated."""
    from rawi.normalize import normalize_text

    arts = fars_articles(seed)[:n]
    rng = random.Random(seed)
    for i, a in enumerate(arts):
        body = "\n".join(x for x in [a.get("abstract") or "", *a["paragraphs"]] if x.strip())
        title = normalize_text(a["title"].strip())
        yield title, body, "agree"
        flipped = renumber(title) if rng.random() < 0.3 else None
        flipped = flipped or antonym(title) or negate(title)
        if flipped and flipped != title:
            yield flipped, body, "disagree"
        lead = normalize_text((a.get("abstract") or a["paragraphs"][0]).strip())
        neg_lead = " ".join(x for x in (negate(s.strip()) or s.strip() for s in re.split(r"(?<=[.!؟])\s+", lead)) if x)
        if neg_lead != lead and negate(title):
            yield title, neg_lead, "disagree"  # the article negates a positive claim
            yield negate(title), neg_lead, "agree"  # both negated
        if rng.random() < DENIED:
            yield f"خبر «{title}» تکذیب شد", body, "disagree"  # the article asserts what the claim says was denied
        other = normalize_text(arts[(i + 1 + rng.randrange(len(arts) - 1)) % len(arts)]["title"].strip())
        yield other, body, "unrelated"
