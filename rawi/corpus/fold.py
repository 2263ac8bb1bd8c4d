"""Folding Persian text into a search/match key that survives scraper damage.

Why: the same word reaches a corpus as ``سرکرده‌های`` (ZWNJ), ``سرکردههای`` (ZWNJ stripped),
``سركرده‌هاي`` (Arabic kaf and yeh), with harakat or tatweel. Search, dedup and claim
matching must see one form. Folding is lossy and only ever used for keys and indexes; the
stored text is never folded.

Rules (one place, used for the index *and* the query):
- ZWNJ, ZWJ, bidi marks, tatweel, diacritics: removed (so ZWNJ-joined and ZWNJ-stripped meet);
- Arabic letter variants to Persian (ي ى→ی, ك→ک, ة ۀ→ه, أ إ ٱ آ→ا, ؤ→و, ئ→ی), hamza dropped;
- Persian/Arabic-Indic digits to ASCII, Latin lower-cased, presentation forms via NFKC;
- everything that is not a letter or digit becomes a space.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_TABLE = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ێ": "ی", "ۍ": "ی", "ے": "ی", "ئ": "ی",
    "ك": "ک", "ڪ": "ک", "ګ": "گ",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ہ": "ه",
    "أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و",
    "ء": None,
    "\u200c": None, "\u200d": None, "\u200b": None, "\u200e": None, "\u200f": None,
    "\u202a": None, "\u202b": None, "\u202c": None, "\u202d": None, "\u202e": None,
    "\u2066": None, "\u2067": None, "\u2068": None, "\u2069": None, "\ufeff": None,
    "\u00ad": None, "\u061c": None, "\u0640": None,
    **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat, tanwin, shadda, sukun ...
    "\u0670": None,
    **{d: str(i) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹")},
    **{d: str(i) for i, d in enumerate("٠١٢٣٤٥٦٧٨٩")},
})
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """The folded form of ``text``: one space between folded words."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).translate(_TABLE).lower()
    return _NON_WORD.sub(" ", s).strip()


def tokens(text: str) -> list[str]:
    """Folded word tokens."""
    return _WORD.findall(fold(text))


def content_hash(text: str, *, url: str | None = None, outlet: str | None = None, title: str | None = None) -> str:
    """Identity of one article for idempotent ingest.

    The same text from another outlet or URL is a different article (a relay, which claim
    tracking needs); the same text with ZWNJ or letter variants changed is the same one.
    """
    h = hashlib.sha256()
    for part in (outlet or "", url or "", fold(title or ""), fold(text)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Folded Persian function words (rawi/corpus/data/stopwords.txt)."""
    path = Path(__file__).with_name("data") / "stopwords.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.update(tokens(entry))
    return frozenset(words)


STEM_LEN = 5


def content_terms(text: str) -> list[str]:
    """Content words of a claim, folded, without function words, truncated to a stem.

    Why truncation: Persian inflects by suffixes (ها، های، ان، ی، ترین ...); keeping the
    first five letters of a word is a crude but language-agnostic stemmer that lets
    ``تروریست‌ها`` meet ``تروریستهای`` and paraphrases share more terms.
    """
    stop = stopwords()
    out = []
    for t in tokens(text):
        if t in stop or (len(t) < 2 and not t.isdigit()):
            continue
        out.append(t if t.isdigit() else t[:STEM_LEN])
    return out


def numbers(text: str) -> set[str]:
    """The numbers in ``text`` (folded to ASCII digits)."""
    return {t for t in tokens(text) if t.isdigit()}
