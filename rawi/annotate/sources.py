"""Source phrases: where the subject of a reporting verb starts and stops, and what kind it is.

Persian is SOV: the source is the first noun phrase of the clause, and the reporting verb
closes it ("منابع ویژه از انتقال ... خبر دادند"). The phrase stops at a preposition, a time
adverb or an additive particle (lexicons/source_boundaries.txt), except inside quantifiers
("برخی از منابع") and adjectives that take a preposition ("منابع وابسته به ...").

Kinds (decision, documented for analysts):
- anonymous: an unidentifiable source (منابع آگاه، یک منبع، یک مقام آمریکایی، شاهدان);
- official: a title of office, with or without a name ("رئیس‌جمهور سوریه",
  "«مصعب الحلبی»، عضو پارلمان سوریه", "مقام‌های ارشد سوریه"): the role is what lends authority;
- organization: an institution speaking as a body (وزارت خارجه، ارتش، سازمان ملل);
- media: an outlet (رویترز، خبرگزاری اسپوتنیک);
- named: a person's name without a title of office (حجت‌الاسلام علی‌محمد لروند، الحلبی).
Pronouns and anaphora (وی، این منابع، منابع مذکور، الحلبی) take the kind of their antecedent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Optional, Sequence

from ..lexicons import rows
from .cues import _FOLD as _LOOSE_FOLD
from .cues import B_END, B_START, loose

# Plural and ezafe endings a lexicon noun may carry in running text (مقام‌های، سخنگوی، منابعی).
# -یان only after a vowel (سخنگویان); امیریان is a surname, not امیر + یان.
_SUFFIX = r"(?:\u200c?(?:ها|های|هایی|ان|انی)|(?<=[وا])یانی?|ات)?(?:\u200c?ی|ٔ|\u200cای)?"


@dataclass(frozen=True)
class LexHit:
    start: int
    end: int
    phrase: str
    en: str
    kind: str  # anonymous | organization | official | media | place
    number: str = "sg"
    ambiguous: bool = False


def _sections(name: str) -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    cur = ""
    for r in rows(name):
        if r[0].startswith("@"):
            if len(r) == 1:
                cur = r[0][1:]
                continue
        out.setdefault(cur, []).append(r)
    return out


def _first_chars(phrase: str) -> Optional[frozenset[str]]:
    """Characters a match of ``loose(phrase)`` can start with (None: cannot tell, try always)."""
    if not phrase or phrase[0] in " \u200c":
        return None
    alt = _LOOSE_FOLD.get(phrase[0])
    return frozenset(alt.strip("[]()?:|\u200c")) if alt else frozenset(phrase[0])


class _Lexicon:
    """One compiled alternation per lexicon; ``match_at`` finds the longest entry at a position.

    ``pat`` is the whole alternation. Matching uses, per first character, the same pattern
    holding only the entries that can start with that character (in the same order, so the
    same entry wins): a named group around every entry keeps the regex engine from skipping
    an alternative on its first letter, and trying hundreds of them at every call was most
    of the attribution stage's regex time."""

    def __init__(self, items: Sequence[tuple[str, str, str, str, bool]], suffix: bool = True):
        self.items = sorted(items, key=lambda x: -len(x[0]))
        self._alts = [f"(?P<e{i}>{loose(p)})" for i, (p, *_rest) in enumerate(self.items)]
        self._tail = (_SUFFIX if suffix else "") + B_END
        self._firsts = [_first_chars(p) for p, *_rest in self.items]
        starts = set().union(*[f for f in self._firsts if f is not None])
        self._scan = re.compile("[" + "".join(re.escape(c) for c in sorted(starts)) + r"](?<![\w\u200c].)") if starts else None
        self._by_char: dict[str, Optional[re.Pattern[str]]] = {}

    @cached_property
    def pat(self) -> re.Pattern[str]:
        """The whole alternation (compiled on first use: matching goes through ``_pat_for``)."""
        return re.compile(B_START + "(?:" + "|".join(self._alts) + ")" + self._tail)

    def _pat_for(self, ch: str) -> Optional[re.Pattern[str]]:
        try:
            return self._by_char[ch]
        except KeyError:
            alts = [a for a, f in zip(self._alts, self._firsts) if f is None or ch in f]
            pat = re.compile(B_START + "(?:" + "|".join(alts) + ")" + self._tail) if alts else None
            self._by_char[ch] = pat
            return pat

    exclude: frozenset[str] = frozenset()  # folded words that look like an entry + ending but are not

    def _hit(self, m: re.Match[str]) -> LexHit:
        i = int(m.lastgroup[1:])  # type: ignore[index]
        p, en, kind, number, amb = self.items[i]
        return LexHit(m.start(), m.end(), p, en, kind, number, amb)

    def match_at(self, text: str, pos: int, endpos: Optional[int] = None) -> Optional[LexHit]:
        end = len(text) if endpos is None else endpos
        if pos >= end or pos >= len(text):
            return None  # no entry is empty: nothing matches at the end (and the whole alternation stays uncompiled)
        else:
            pat = self._pat_for(text[pos])
            m = pat.match(text, pos, end) if pat is not None else None
        if m is None and pat is not None and pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] == "\u200c"):
            # a word glued to the one before it (segment.glue_points: "نداریمرئیس‌جمهوری"): the
            # look-behind of the word start fails on the full text, so match on the rest alone
            m = pat.match(text[pos:end])
            if m is None or (self.exclude and fold(m.group(0)) in self.exclude):
                return None
            h = self._hit(m)
            return LexHit(h.start + pos, h.end + pos, h.phrase, h.en, h.kind, h.number, h.ambiguous)
        if m and self.exclude and fold(m.group(0)) in self.exclude:
            return None
        return self._hit(m) if m else None

    def finditer(self, text: str, start: int = 0, end: Optional[int] = None):
        """Same hits as ``pat.finditer``: candidate word starts, then ``match_at`` there."""
        end = len(text) if end is None else end
        if self._scan is None or None in self._firsts:
            for m in self.pat.finditer(text, start, end):
                yield self._hit(m)
            return
        pos = start
        while pos < end:
            c = self._scan.search(text, pos, end)
            if c is None:
                return
            at = c.start()
            pat = self._pat_for(text[at])
            m = pat.match(text, at, end) if pat is not None else None
            if m is None or m.end() == at:
                pos = at + 1
                continue
            pos = m.end()
            if self.exclude and fold(m.group(0)) in self.exclude:
                continue
            yield self._hit(m)


@lru_cache(maxsize=None)
def outlets() -> _Lexicon:
    """Every spelling of the outlet registry (rawi/annotate/outlets.py); longest match wins."""
    from .outlets import spelling_items
    return _Lexicon(spelling_items(), suffix=False)


@lru_cache(maxsize=None)
def source_nouns() -> _Lexicon:
    return _Lexicon([(r[0], r[2], r[1], r[3] if len(r) > 3 else "sg", False) for r in rows("source_nouns.txt")])


@lru_cache(maxsize=None)
def officials() -> _Lexicon:
    lex = _Lexicon([(r[0], r[1], "official", "sg", False) for r in rows("officials.txt") if not r[0].startswith("@")])
    # رئیسی is Raisi, not "a head"; امیری, وزیری ... are surnames (lexicons/title_surnames.txt)
    lex.exclude = frozenset(fold(r[0]) for r in rows("title_surnames.txt"))
    return lex


@lru_cache(maxsize=None)
def places() -> _Lexicon:
    return _Lexicon([(r[1], r[2], "place", "sg", False) for r in rows("officials.txt") if r[0] == "@place"])


@lru_cache(maxsize=None)
def boundaries() -> dict[str, list[tuple[str, ...]]]:
    return _sections("source_boundaries.txt")


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    return frozenset(r[0] for r in boundaries()["stop"])


@lru_cache(maxsize=None)
def section_lexicon(name: str) -> _Lexicon:
    return _Lexicon([(r[0], r[1] if len(r) > 1 else "", name, r[2] if len(r) > 2 else "sg", False)
                     for r in boundaries()[name]], suffix=False)


@lru_cache(maxsize=None)
def coordinated_names() -> _Lexicon:
    """Names with "و" or "،" inside (سازمان برنامه و بودجه، کمیسیون امنیت ملی و سیاست خارجی): the
    source_boundaries section and every such spelling of the curated organisations list."""
    items = [(r[0], r[1] if len(r) > 1 else "", "coordinated_name", "sg", False) for r in boundaries()["coordinated_name"]]
    from ..lexicons import HERE
    if (HERE / "organizations.tsv").exists():
        for r in rows("organizations.tsv"):
            fa = r[0].rstrip("?").strip()
            if len(r) > 1 and (" و " in fa or "،" in fa):
                items.append((fa, r[1], "coordinated_name", "sg", False))
    return _Lexicon(items, suffix=False)


@lru_cache(maxsize=None)
def media_nouns() -> _Lexicon:
    return _Lexicon([(r[0], r[1], "media", "sg", False) for r in boundaries()["media"]])


@lru_cache(maxsize=None)
def word_set(section: str) -> frozenset[str]:
    return frozenset(r[0] for r in boundaries()[section])


@lru_cache(maxsize=None)
def folded_set(section: str) -> frozenset[str]:
    """``word_set`` folded once (the rules test every token against these)."""
    return frozenset(fold(w) for w in word_set(section))


_FOLD_TABLE = str.maketrans({"\u200c": None, "أ": "ا", "ؤ": "و", "ئ": "ی"})


_FOLD_PAIRS = (("\u200c", ""), ("أ", "ا"), ("ؤ", "و"), ("ئ", "ی"))
assert str.maketrans({a: b or None for a, b in _FOLD_PAIRS}) == _FOLD_TABLE


def fold_text(text: str) -> str:
    """``fold`` of a long text: ``str.replace`` for the few letters present is much faster
    than a dict-table ``translate`` over every character (no replacement makes another's source)."""
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


@lru_cache(maxsize=50_000)  # bounded: tokens of a large archive must not grow memory
def fold(word: str) -> str:
    """Compare words without ZWNJ or hamza variation."""
    return word.translate(_FOLD_TABLE)


@dataclass
class SourceInfo:
    kind: Optional[str]          # None: a pronoun/anaphor whose kind comes from its antecedent
    name_en: Optional[str]
    anaphoric: bool = False      # وی، این منابع، منابع مذکور
    head: Optional[str] = None   # the lexicon head that matched (for antecedent matching)
    number: str = "sg"


def _place_after(text: str, pos: int, end: int) -> Optional[str]:
    """English name of a country right after a title (عضو پارلمان سوریه -> Syria)."""
    while pos < end and text[pos] in " \u200c":
        pos += 1
    h = places().match_at(text, pos, end)
    return h.en if h else None


def media_at(text: str, pos: int, end: int) -> Optional[LexHit]:
    """An outlet at ``pos``, optionally after a media noun (خبرگزاری اسپوتنیک، شبکه المیادین)."""
    h = outlets().match_at(text, pos, end)
    if h and not h.ambiguous:
        return h
    mn = media_nouns().match_at(text, pos, end)
    if mn and mn.phrase not in ("خبرنگار", "خبرنگاران"):  # a reporter is a person, not the medium
        p = mn.end
        for _ in range(3):  # "شبکه خبری العربیه", "روزنامه پاکستانی نیشن": up to two words between
            while p < end and text[p] in " \u200c«":
                p += 1
            h2 = outlets().match_at(text, p, end)
            if h2 and h2.ambiguous and mn.phrase.startswith(("رسانه", "کانال", "صفحه")):
                h2 = None  # "رسانه‌های ایران" is Iran's media, not the newspaper Iran
            if h2:
                return LexHit(pos, h2.end, h2.phrase, h2.en, "media", "sg", False)
            nxt = text.find(" ", p)
            if nxt < 0 or nxt >= end:
                break
            p = nxt
        if h and h.end >= mn.end:  # the lexicon spells the whole name (خبرگزاری فارس)
            return LexHit(h.start, h.end, h.phrase, h.en, "media")
    return None


def _country_en(name: str) -> Optional[str]:
    """English name of a country written alone ("بریتانیا"), from the lexicon or the gazetteer."""
    h = places().match_at(name, 0)
    if h is not None and h.end >= len(name) - 1:
        return h.en
    from .places import lookup_place  # the gazetteer: loaded only for lists of names
    p = lookup_place(name)
    return p["name_en"] if p and p.get("feature") == "country" else None


_PEOPLE_NOUNS = frozenset(fold(w) for w in ("دانشمندان", "کارشناسان", "پژوهشگران", "محققان", "ساکنان", "ساکنین", "مردم",
                                             "شهروندان", "کاربران", "معترضان", "معترضین", "فعالان", "تحلیلگران", "ناظران",
                                             "کارکنان", "کارگران", "دانشجویان", "پزشکان", "بیماران", "مسافران", "اهالی",
                                             "خانواده‌ها", "شاهدان", "کشاورزان", "بازاریان", "فعالین", "پرسنل",
                                             "کارمندان", "داوطلبان", "پناهجویان", "زندانیان"))
_COUNT_WORDS = frozenset({"دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "صدها", "هزاران", "ده‌ها", "دهها",
                          "میلیون‌ها", "میلیونها", "چندین", "تعدادی", "شماری", "جمعی", "گروهی"})


@lru_cache(maxsize=None)
def _pronoun_numbers() -> dict[str, str]:
    """Folded pronoun -> number (sg/pl), built once (classify used to rebuild it per call)."""
    return {fold(r[0]): (r[2] if len(r) > 2 else "sg") for r in boundaries()["pronoun"]}


# Documents that speak for their authors ("بیانیه وزارت خارجه"، "نامه نمایندگان"); group 2: a plural.
_DOC_HEAD = re.compile(r"(گزارش|خبر|اخبار|بیانیه|اطلاعیه|اعلامیه|نامه|پیام|توییت|توئیت|تحقیقات|آمار|اظهارات|سخنان|یادداشت|"
                       r"مصوبه|قطعنامه)(\u200c?(?:ها|های|هایی))?(?:\u200c?ی)?(?![\w\u200c])")
# Agentive plurals that name people by what they do (امضاکنندگان، نگارندگان، شرکت‌کنندگان).
_AGENTIVE_PL = re.compile(r"(?:کنندگان|دهندگان|نگارندگان|نویسندگان|گیرندگان|شوندگان|گان)$")


_GENERIC_TITLES = frozenset({"مقام", "مسئول", "مسوول", "عضو", "منبع", "کارمند", "دیپلمات", "مقامات", "مقامی"})


def _body_after(text: str, pos: int, end: int) -> bool:
    """Is an organisation (lexicon) named within the next three words after ``pos``?"""
    for _ in range(3):
        while pos < end and text[pos] in " \u200c":
            pos += 1
        if pos >= end:
            return False
        h = source_nouns().match_at(text, pos, end)
        if h is not None and h.kind == "organization":
            return True
        nxt = text.find(" ", pos)
        if nxt < 0 or nxt >= end:
            return False
        pos = nxt
    return False


def _people_noun(word: str) -> bool:
    """Is ``word`` (folded) a plural noun for unnamed people ("کارکنان"، "امضاکنندگان")?"""
    if word in _PEOPLE_NOUNS:
        return True
    # نمایندگان (representatives) are officials; خبرنگاران are reporters of a medium
    return bool(_AGENTIVE_PL.search(word)) and len(word) > 6 and not word.startswith(("نمایند", "خبرنگار", "رزمندگان"))


def _owner_kind(text: str, pos: int, end: int, entity_labels: Sequence[tuple[int, int, str]]) -> Optional[SourceInfo]:
    """Kind of the author named after a document noun ("گزارش دادستانی بحرین" -> organization):
    the first word from which a source phrase of a known kind starts (adjectives skipped)."""
    for _ in range(4):
        while pos < end and text[pos] in " \u200c«»":
            pos += 1
        if pos >= end:
            return None
        w = fold(text[pos:end].split()[0])
        if w in ("در", "به"):  # "گزارش‌های منتشره در شبکه X"، "خبرهای رسیده به X": a channel, not the author
            return None
        if w in ("توسط", "از"):  # "منتشر شده توسط X": the author follows
            pass
        else:
            info = classify(text, pos, end, entity_labels)
            if info.kind in ("official", "organization", "media", "anonymous"):
                return info
            if any(s0 <= pos < e0 and lab == "PER" for s0, e0, lab in entity_labels):
                return SourceInfo("named", None, False, w)
        nxt = text.find(" ", pos)
        if nxt < 0 or nxt >= end:
            return None
        pos = nxt
    return None


def classify(text: str, start: int, end: int, entity_labels: Sequence[tuple[int, int, str]] = ()) -> SourceInfo:
    """Kind and English label of the source phrase ``text[start:end]``."""
    words = text[start:end].replace("«", " ").replace("»", " ").split()
    if not words:
        return SourceInfo(None, None, anaphoric=True)
    first = fold(words[0])
    pron = _pronoun_numbers()
    if len(words) == 1 and first in pron:
        return SourceInfo(None, None, anaphoric=True, head=words[0], number=pron[first])
    p = start
    while p < end and text[p] in "«» \u200c":
        p += 1
    demonstrative = first in folded_set("demonstrative")
    if demonstrative:
        p = text.index(words[0], p) + len(words[0])
        while p < end and text[p] in "«» \u200c":
            p += 1
    anaphoric_adj = folded_set("anaphoric_adj")
    anaphoric = demonstrative or any(fold(w) in anaphoric_adj for w in words)
    q = section_lexicon("quantifier").match_at(text, p, end)
    quant = None
    if q:
        quant = q.en.replace(" of", "")
        p = q.end
        while p < end and text[p] in " \u200c":
            p += 1
    indefinite = False
    if not demonstrative and first in ("یک", "چند") and len(words) > 1:
        # "یک منبع"، "یک منابع آگاه"، "چند دیپلمات غربی": an unnamed source whatever the noun.
        indefinite = True
        p = text.index(words[0], p) + len(words[0])
        while p < end and text[p] in " ‌":
            p += 1
    ws = [fold(w.strip("«»")) for w in text[p:end].split()[:4]]
    if len(ws) > 2 and ws[0] in ("دسته", "گروه", "تن", "نفر", "قشر") and ws[1] == "از":
        ws = ws[2:]  # "این دسته از کارکنان": the people after the partitive
    head_word = ws[0] if ws else ""
    if re.search(r"ناشناس|نخواست\s+نام", text[start:end]):
        # "این مقام که با شرط ناشناس ماندن صحبت کرد": unnamed on purpose
        return SourceInfo("anonymous", None, anaphoric, head_word)
    if _people_noun(head_word) and not any(s0 < end and e0 > start and lab in ("PER", "ORG")
                                            for s0, e0, lab in entity_labels):
        # "این دسته از کارکنان"، "پرسنل پیمانکاری نفت"، "امضاکنندگان نامه": unnamed people
        return SourceInfo("anonymous", None, anaphoric, head_word, "pl")
    doc = _DOC_HEAD.match(text, p, end)
    if doc:
        owner = _owner_kind(text, doc.end(), end, entity_labels)
        if owner is not None:  # "بیانیه دادستان کل بحرین": a document speaks with its author's voice
            return SourceInfo(owner.kind, owner.name_en, anaphoric, owner.head, owner.number)
        if (doc.group(2) or doc.group(1) == "اخبار") and not demonstrative:
            return SourceInfo("anonymous", "reports", anaphoric, doc.group(1), "pl")  # "گزارش‌ها حاکی است"
        if demonstrative or doc.end() >= end - 1:
            # "این بیانیه"، "این نامه": whose document it is comes from the article (attribution._resolve)
            return SourceInfo(None, None, True, doc.group(1), "pl" if doc.group(2) else "sg")
    m = media_at(text, p, end)
    if m:
        return SourceInfo("media", m.en, anaphoric, m.phrase)
    mn = media_nouns().match_at(text, p, end)
    if mn and mn.phrase not in ("خبرنگار", "خبرنگاران"):
        return SourceInfo("media", None, anaphoric, mn.phrase)  # "رادیو آزاد آسیا": a medium not in the lexicon
    hit_off = officials().match_at(text, p, end)
    hit_src = source_nouns().match_at(text, p, end)
    if hit_src and (not hit_off or hit_src.end >= hit_off.end):
        en = hit_src.en
        place = _place_after(text, hit_src.end, end)
        if hit_src.kind == "anonymous":
            # "منابع وابسته به نیروهای دموکراتیک" -> affiliated sources (Syrian Democratic Forces)
            pos = hit_src.end
            while pos < end:
                org = source_nouns().match_at(text, pos, end) or media_at(text, pos, end)
                if org and org.kind != "anonymous":
                    en = f"{en} ({org.en})"
                    break
                nxt = text.find(" ", pos)
                if nxt < 0 or nxt >= end:
                    break
                pos = nxt + 1
        if quant:
            en = f"{quant} {en}"
        if place and place not in en:
            en = f"{en} ({place})"
        if indefinite and hit_src.kind == "anonymous" and not en.startswith(("a ", "an ")):
            en = f"unnamed {en}"
        if demonstrative and hit_src.kind == "anonymous":
            en = f"these {en}" if hit_src.number == "pl" else f"this {en}"
        return SourceInfo(hit_src.kind, en, anaphoric, hit_src.phrase, hit_src.number)
    if hit_off:
        place = _place_after(text, hit_off.end, end)
        en = hit_off.en + (f" ({place})" if place else "")
        body = " " in hit_off.phrase.strip() or _body_after(text, hit_off.end, end)
        if indefinite and not (body and fold(hit_off.phrase.split()[0]) not in _GENERIC_TITLES):
            return SourceInfo("anonymous", f"an unnamed {en}", anaphoric, hit_off.phrase)
        # ("یک سخنگوی وزارت خارجه آمریکا": a post in a named body is identifiable; "یک مقام آمریکایی" is not)
        if quant:
            en = f"{quant} {en}"
        return SourceInfo("official", en, anaphoric, hit_off.phrase)
    pl = places().match_at(text, p, end)
    if pl and pl.end >= end - 1:
        # A country as speaker ("سوریه به آمریکا گفت") is its government speaking.
        return SourceInfo("organization", f"{pl.en} (government)", anaphoric, pl.phrase)
    # A name first, a title later ("«بشار اسد»، رئیس‌جمهور سوریه"; "علی لاریجانی رئیس مجلس").
    for h in officials().finditer(text, p, end):
        place = _place_after(text, h.end, end)
        return SourceInfo("official", h.en + (f" ({place})" if place else ""), anaphoric, h.phrase)
    for s, e, lab in entity_labels:
        if s < end and e > start and lab == "ORG":
            return SourceInfo("organization", None, anaphoric)
    if anaphoric and demonstrative:
        return SourceInfo(None, None, True, words[-1])
    parts = [x.strip(" \u200c«»") for x in re.split(r"[،,]|\s+و\s+", text[start:end]) if x.strip(" \u200c«»")]
    states = [_country_en(x) for x in parts] if len(parts) > 1 else []
    if states and all(states):
        # "آمریکا، بریتانیا و رومانی": states speaking together
        return SourceInfo("organization", ", ".join(states) + " (governments)", anaphoric, words[-1], "pl")
    plural_noun = words[0].endswith(("\u200cها", "\u200cهای", "\u200cهایی")) or first in _PEOPLE_NOUNS
    if plural_noun and not any(s0 < end and e0 > start and lab in ("PER", "ORG") for s0, e0, lab in entity_labels):
        return SourceInfo("anonymous", None, anaphoric, words[-1], "pl")  # "دانشمندان"، "صرافی‌ها": unnamed people
    if quant or indefinite or first.isdigit() or first in _COUNT_WORDS:
        # "هزاران نفر از پرسنل ..."، "دو کارمند بهداشتی": an unnamed group, not a name
        return SourceInfo("anonymous", None, anaphoric, words[-1], "pl")
    return SourceInfo("named", None, anaphoric, words[-1])
