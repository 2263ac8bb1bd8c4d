"""Bylines, datelines and mastheads: where an article names its own publisher.

A publisher is recognised by position and form, with its name as an open slot (outlet names
are an open class; the registry only tells which ones rawi knows):
  "به گزارش [time] [desk/reporter] OUTLET [از CITY] [به نقل از RELAY]،"   signature clause
  "CITY - OUTLET -", "OUTLET:", "OUTLET؛ گروه ...", "OUTLET/ ...", "گروه ورزش/OUTLET،"  datelines
  "TAGLINE (domain) : RELAY: ..."                                     a site's masthead
  "OUTLET، گروه استان‌ها - reporter:"  /  "در گفت‌وگو با [خبرنگار] OUTLET"
The name slot is a registry spelling, an outlet-type noun with its name (خبرگزاری X، روزنامه X،
پایگاه خبری X) or a short name in a signature position. A wire agency in the slot of a
signature ("به گزارش رویترز،" on a page that names no publisher of its own) is a source relayed,
not the publisher. Only the top of the page is read: headline, lead, date and tagline come
first, the byline soon after.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..doc import Doc
from ..translit import name_en as romanize
from . import outlets as R
from . import sources as S
from . import wordscan
from .cues import B_END, B_START, loose

TOP_CHARS = 900       # the byline sits after headline, lead, date and tagline, not further
SIG_CHARS = 1200      # "به گزارش X،" is unmistakable enough to be looked for a little further
TOP_MIN_SENTS = 3
TOP_MAX_SENTS = 8

_SIG = re.compile(r"(?:" + B_START + r"(?:(?:به\s?|[هیب]ه?\s)گزا?رش|(?<![\w\u200c] )گزارش(?=\s+(?:گروه|سرویس|خبرنگار)))"
                  + r"|(?:(?<=[^\W\d_]ه)|(?<=[^\W\d_]ه\u200c))به\s?گزارش"  # "... شدهبه گزارش X": a lost space
                  + r"|(?:بر\s+اساس|بر\s+پایه|بنا\s+(?:به|بر)|طبق)\s+(?:گزارش|اطلاعات|خبر)(?:[\s\u200c]?(?:ها|های))?"
                  + r"\s+(?:رسیده|دریافتی|واصله|ارسالی)\s+به)" + B_END)
# "بنا بر گزارش رسیده به X" / "بر اساس اطلاعات دریافتی X": a rights group's or local site's signature
# (distinctive enough to be read even glued to the word before it, as scrapers leave it)
# به گزارش / به گزرش / ه گزارش / یه گزارش (typos); a bare "گزارش گروه سیاسی X" opening a sentence
_NAGHL = re.compile(B_START + loose("به نقل از") + B_END)
_AZ = re.compile(r"\s+از\s+")
_DAR = re.compile(r"\s+در\s+(?=(?:شهر|شهرستان|استان)\s)")
_TIME_WORDS = re.compile(r"(?:(?:روز|عصر|صبح|ظهر|شامگاه|بامداد)\s+)?(?:امروز|دیروز|(?:یک|دو|سه|چهار|پنج)?\s?شنبه|جمعه)"
                         r"(?:\s+شب)?\s+")
_DESK_HEAD = re.compile(B_START + r"(?:گروه|سرویس|خبرنگار(?:ان)?|دبیرخانه|میز|تحریریه|دفتر|بخش|واحد|پایگاه خبری استان)"
                        + B_END)
_BEAT = re.compile(B_START + r"(?:حوزه|منطقه‌ای|منطقه ای|استان(?:\u200c?ها|\u200c?های)?|اعزامی|ویژه|مستقر|افتخاری)" + B_END)
_TYPE_NOUN = re.compile(B_START + "(?:" + "|".join(loose(p) for p in (
    "باشگاه خبرنگاران", "باشگاه خبری", "خبرگزاری", "پایگاه خبری تحلیلی", "پایگاه خبری", "پایگاه اطلاع‌رسانی", "پایگاه اینترنتی",
    "پایگاه تحلیلی خبری", "روزنامه", "هفته‌نامه", "ماهنامه", "دوهفته‌نامه", "نشریه", "شبکه خبری", "شبکه",
    "رادیو", "تلویزیون", "وب‌سایت", "وبسایت", "وب سایت", "سایت خبری", "سایت", "پرتال", "پورتال", "کانال خبری", "مرکز خبر",
    "پایگاه",
)) + ")" + B_END)
_NAME_SUFFIX = re.compile(r"(?:نیوز|پرس|آنلاین|آنلاين|پلاس|online|news|press|tv)$", re.I)
_PR_OFFICE = re.compile(loose("روابط عمومی") + "|" + loose("پایگاه اطلاع‌رسانی") + "|" + loose("مرکز اطلاع‌رسانی")
                        + "|" + loose("دفتر رسانه") + "|" + loose("مرکز رسانه"))
_CLAUSE_END = re.compile(r"[،,:؛]|\s[-–—ـ](?:\s|$)|\.(?:\s|$)|\n")
_DASH = r"\s*[-–—ـ]+\s*"
_DOMAIN = re.compile(r"\(\s*((?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\s*\)")
_INTERVIEW = re.compile(B_START + r"(?:در\s+)?(?:" + loose("گفت و گو") + r"|مصاحبه)(?:ی)?\s+(?:اختصاصی\s+)?(?:با|به)\s+"
                        + r"|" + B_START + loose("گفتگو") + r"(?:ی)?\s+(?:اختصاصی\s+)?(?:با|به)\s+"
                        + r"|" + B_START + r"به\s+(?=خبرنگار)")
_WORD = re.compile(r"[\w\u200c]+")
# A wire or foreign private outlet in a signature slot is a relayed source, not the page's publisher.
_PERSIAN_COUNTRIES = {"IR", "AF", "TJ"}


@dataclass(frozen=True)
class OutletName:
    start: int
    end: int
    name_en: str
    record: Optional[R.OutletRecord] = None
    domain: Optional[str] = None

    @property
    def known(self) -> bool:
        return self.record is not None


@dataclass
class Byline:
    start: int
    end: int
    form: str
    outlet: Optional[OutletName] = None
    desk: Optional[tuple[int, int]] = None
    desk_en: Optional[str] = None
    relays: list[OutletName] = field(default_factory=list)


def english_name(name: str) -> str:
    """A readable English name for an outlet the registry does not know."""
    m = _TYPE_NOUN.match(name)
    rest = name[m.end():].strip(" «»\u200c") if m else name.strip(" «»")
    rest = re.sub(r"^(?:رسمی|خبری|تحلیلی|اطلاع‌رسانی)\s+", "", rest)  # "وب سایت رسمی X" → X
    latin = re.findall(r"[A-Za-z][A-Za-z0-9.\- ]*", rest)
    core = latin[0].strip() if latin else " ".join(_romanize_word(w) for w in rest.split())
    kind = m.group(0).replace("\u200c", "").replace(" ", "") if m else ""
    suffix = {"خبرگزاری": " News Agency", "روزنامه": " (newspaper)", "هفته‌نامه".replace("\u200c", ""): " (weekly)",
              "شبکه": " (TV)", "شبکهخبری": " (TV)", "رادیو": " Radio", "تلویزیون": " TV",
              "باشگاهخبرنگاران": " Young Journalists Club"}.get(kind, "")
    return (core or romanize(name)) + suffix


_EN_SUFFIX = {"نیوز": "News", "پرس": "Press", "آنلاین": "Online", "آنلاين": "Online", "پلاس": "Plus", "خبر": "Khabar"}


def _romanize_word(w: str) -> str:
    """"رمزگشانیوز" → "Ramzagsha News": the Latin loan word kept as English; a place keeps its
    English name ("ایران پرس" → "Iran Press", "سبزوارنیوز" → "Sabzevar News")."""
    for fa, en in _EN_SUFFIX.items():
        if w.endswith(fa) and len(w) > len(fa) + 1 and en != "Khabar":
            return _place_or_romanized(w[: -len(fa)].rstrip("\u200c")) + " " + en
        if w == fa:
            return en
    return _place_or_romanized(w)


def _place_or_romanized(w: str) -> str:
    from .places import lookup_place
    pl = lookup_place(w) if len(w) > 2 else None
    ok = pl and pl.get("feature") in ("country", "capital", "city", "province", "region") and str(pl["name_en"]).isascii()
    return pl["name_en"] if ok else romanize(w)


def _name_hit(text: str, s: int, e: int, domain: Optional[str] = None) -> OutletName:
    name = text[s:e]
    rec = R.by_spelling(name) or (R.by_domain(domain) if domain else None) or R.lookup(name)
    return OutletName(s, e, rec.name_en if rec else english_name(name), rec,
                      domain or (rec.domains[0] if rec and rec.domains else None))


def _registry_at(text: str, pos: int, end: int, allow_ambiguous: bool) -> Optional[OutletName]:
    """A registry outlet starting at ``pos`` (after an optional type noun)."""
    h = S.media_at(text, pos, end)
    if h is None:
        h = S.outlets().match_at(text, pos, end)
        if h and h.ambiguous and not allow_ambiguous:
            h = None
    if h is None:
        return None
    return _name_hit(text, h.start, h.end)


def _skip_spaces(text: str, p: int, end: int) -> int:
    while p < end and text[p] in " \u200c«\"":
        p += 1
    return p


def _words(text: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text, s, e)]


def _plausible(text: str, s: int, e: int, strict: bool) -> bool:
    """Could text[s:e] be an outlet's name? (not a person, title, pronoun, place or common noun)"""
    ws = _words(text, s, e)
    if not ws or len(ws) > 4:
        return False
    first = text[ws[0][0]:ws[0][1]]
    if S.fold(first) in S.stop_words() or S.fold(first) in S.folded_set("demonstrative") or first.isdigit():
        return False
    if first in ("رسانه", "رسانه‌ها", "رسانه‌های", "منابع", "منبع", "وی", "او", "این", "آن", "یک", "برخی", "مردم", "ما", "شما"):
        return False
    if first in _NUMBER_WORDS or S.fold(first) in _ORG_HEADS:
        return False  # "سه ساعت قبل"; "بانک جهانی"، "دیده‌بان حقوق بشر": a body reporting, not a news outlet
    if _DESK_HEAD.match(text, ws[0][0]):
        return False  # "تحریریه خبر-", "گروه سیاسی:" name a desk, not an outlet
    if re.search(r"[0-9۰-۹]", text[s:e]) or any(_is_common(text[a:b]) for a, b in ws):
        return False
    if S.source_nouns().match_at(text, ws[0][0], e) or S.officials().match_at(text, ws[0][0], e):
        return False
    pl = S.places().match_at(text, ws[0][0], e)
    if (pl and pl.end >= ws[-1][1]) or _is_place(text[s:e]):
        return False
    if strict:
        last = text[ws[-1][0]:ws[-1][1]]
        return bool(_NAME_SUFFIX.search(last)) or bool(re.search(r"[A-Za-z]", text[s:e]))
    return True


_NUMBER_WORDS = frozenset("دو سه چهار پنج شش هفت هشت نه ده یازده دوازده بیست سی صد هزار چند".split())
# Head nouns of institutions: named without an outlet-type noun, they are sources, not outlets (an
# institution's own press office, "روابط عمومی X", is read before this check).
_ORG_HEADS = frozenset(S.fold(w) for w in (
    "بانک", "صندوق", "دیده‌بان", "سازمان", "وزارت", "وزارتخانه", "نهاد", "انجمن", "کمیسیون", "شورا", "شورای",
    "دانشگاه", "اتحادیه", "کمیته", "عفو", "پلیس", "ارتش", "سپاه", "دولت", "مجلس", "دادگاه", "دادستانی", "ستاد",
    "اداره", "شرکت", "بنیاد", "موسسه", "مؤسسه", "پژوهشگاه", "پژوهشکده", "فدراسیون", "جمعیت", "حزب", "جبهه",
    "نیروی", "فرماندهی", "قرارگاه", "استانداری", "فرمانداری", "شهرداری", "سفارت", "کنسولگری", "دفتر", "اتاق",
    "گمرک", "مرکز", "کانون", "هیئت", "هیات", "آژانس", "کنفدراسیون", "مجمع",
))


def _is_common(word: str) -> bool:
    """A weekday, month, given name or curated person name: not an outlet's name."""
    return S.fold(word) in _common_words()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    from ..lexicons import rows as _rows
    from pathlib import Path
    out = {S.fold(r[0]) for r in _rows("weekdays.tsv")}
    out |= {S.fold(r[2]) for r in _rows("months.txt") if len(r) > 2}
    given = Path(__file__).resolve().parents[1] / "ner" / "data" / "given_names.txt"
    if given.exists():
        out |= {S.fold(w.strip()) for w in given.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")}
    out |= {S.fold(w) for r in _rows("names_en.tsv") for w in r[0].split()[-1:]}
    return frozenset(out)


def _is_place(name: str) -> bool:
    from .places import lookup_place
    return lookup_place(name.strip(" «»\u200c")) is not None


@lru_cache(maxsize=1)
def _persian_services() -> frozenset[str]:
    from ..lexicons import words
    return words("persian_services.txt")


@lru_cache(maxsize=1)
def _foreign_adjectives() -> frozenset[str]:
    from ..lexicons import rows as _rows
    return frozenset(S.fold(r[0]) for r in _rows("nationalities.tsv") if r and not r[0].startswith(("ایرانی", "افغان", "تاجیک")))


def _is_wire(o: OutletName, text: str = "") -> bool:
    """A foreign outlet without a Persian service: quoted by Persian pages, never their publisher.
    An unknown outlet introduced with a foreign nationality ("روزنامه بحرینی الوطن") is one too."""
    if o.record is None and text:
        ws = _WORD.findall(text[o.start:o.end])
        return len(ws) > 1 and S.fold(ws[1]) in _foreign_adjectives()
    rec = o.record
    return rec is not None and rec.country not in _PERSIAN_COUNTRIES and rec.id not in _persian_services()


def _slot(text: str, s: int, e: int, after_desk: bool, strict: bool) -> Optional[OutletName]:
    """The outlet named in text[s:e] (a signature's own part, desks included)."""
    s0 = _skip_spaces(text, s, e)
    if _PR_OFFICE.match(text, s0, e) and not after_desk:
        # "به گزارش روابط عمومی فرمانداری تهران": an institution's own press office signs its release
        e0 = len(text[:e].rstrip())
        en = S.classify(text, s0, e0).name_en
        return OutletName(s0, e0, en or english_name(text[s0:e0]))
    first_amb = None
    for h in S.outlets().finditer(text, s, e):
        if not h.ambiguous:
            return _registry_at(text, h.start, e, True) or _name_hit(text, h.start, h.end)
        if first_amb is None:
            first_amb = h
    m = _TYPE_NOUN.search(text, s, e)
    if m:
        ws = _words(text, m.end(), e)[:4]
        if ws:
            reg = _registry_at(text, m.start(), e, True)
            if reg:
                return reg
            return _name_hit(text, m.start(), ws[-1][1])
    if first_amb is not None and after_desk and len(_WORD.findall(text, s, first_amb.start)) <= 2 \
            and not text[s:first_amb.start].strip(" \u200c«").startswith(("رسانه", "منابع")):
        # "به گزارش خبرنگار سینمایی فارس": an unlisted beat word between the reporter and the name
        return _name_hit(text, first_amb.start, first_amb.end)
    if first_amb is not None and not text[s:first_amb.start].strip(" \u200c«"):
        return _name_hit(text, first_amb.start, first_amb.end)  # "فارس"، "ایران" only in the name slot itself
    s2 = _skip_spaces(text, s, e)
    e2 = len(text[:e].rstrip(" \u200c»\""))
    if e2 > s2 and _plausible(text, s2, e2, strict and not after_desk):
        return _name_hit(text, s2, e2)
    return None


def _desk_end(text: str, s: int, e: int) -> int:
    """End of a desk/reporter phrase starting at ``s`` ("گروه سیاسی"، "خبرنگار حوزه دولت")."""
    m = _DESK_HEAD.match(text, s, e)
    if not m:
        return s
    p = m.end()
    for _ in range(4):
        q = _skip_spaces(text, p, e)
        d = desks_lexicon().match_at(text, q, e)
        if d:
            p = d.end
            continue
        b = _BEAT.match(text, q, e)
        if b:
            p = b.end()
            if text[b.start():b.end()] == "حوزه":  # a beat names its field: "حوزه دولت", "حوزه انرژی"
                w = _WORD.match(text, _skip_spaces(text, p, e), e)
                if w and not (S.outlets().match_at(text, w.start(), e) and not S.outlets().match_at(text, w.start(), e).ambiguous) \
                        and not _TYPE_NOUN.match(text, w.start(), e):
                    p = w.end()
            continue
        m2 = _DESK_HEAD.match(text, q, e)
        if m2:
            p = m2.end()
            continue
        break
    return p


@lru_cache(maxsize=None)
def desks_lexicon() -> S._Lexicon:
    """News desks and beats of bylines (lexicons/desks.tsv)."""
    from ..lexicons import rows
    return S._Lexicon([(r[0], r[1], "desk", "sg", False) for r in rows("desks.tsv")], suffix=False)




def _relay_after(text: str, pos: int, end: int) -> list[OutletName]:
    rs = _skip_spaces(text, pos, end)
    if rs >= end:
        return []
    reg = _registry_at(text, rs, end, True)
    if reg:
        return [reg]
    m = _TYPE_NOUN.match(text, rs, end)
    e = len(text[:end].rstrip())
    if m:
        return [_name_hit(text, rs, e)]
    if _PR_OFFICE.match(text, rs, end) or e - rs < 60:  # an office or body: its English from the source rules
        en = S.classify(text, rs, e).name_en
        return [OutletName(rs, e, en) if en else _name_hit(text, rs, e)]
    return []


def _signature(doc: Doc, m: re.Match, limit: int) -> Optional[Byline]:
    text = doc.text
    ce = _CLAUSE_END.search(text, m.end(), min(limit, m.end() + 150))
    end = ce.start() if ce else min(limit, m.end() + 150)
    p = _skip_spaces(text, m.end(), end)
    t = _TIME_WORDS.match(text, p, end)
    if t:
        p = t.end()
    relay = _NAGHL.search(text, p, end)
    own_end = relay.start() if relay else end
    az = None
    if relay is None:
        az = _AZ.search(text, p, end)
        if az:
            own_end = az.start()
    bureau = _DAR.search(text, p, own_end)
    if bureau and bureau.start() > p:  # "به گزارش X در شهر سقز،": the bureau, not part of the name
        own_end = bureau.start()
    desk_s, desk_e = p, _desk_end(text, p, own_end)
    after_desk = desk_e > desk_s
    strict = own_end - m.end() > 60 or (ce is None and own_end == end)
    if strict and not after_desk:  # no comma: only a known outlet or a name-like word right after the cue
        w = _WORD.match(text, p, own_end)
        if not w:
            return None
        hit = _registry_at(text, p, own_end, True)
        if hit is None:
            tn = _TYPE_NOUN.match(text, p, own_end)
            if tn:
                ws = _words(text, tn.end(), own_end)[:2]
                hit = _name_hit(text, p, ws[-1][1]) if ws else None
            elif _plausible(text, w.start(), w.end(), True):
                hit = _name_hit(text, w.start(), w.end())
        if hit is None:
            return None
        end = own_end = hit.end
    else:
        hit = _slot(text, desk_e, own_end, after_desk, strict)
        if hit is None and after_desk:  # "به گزارش خبرنگار ایرنا" where the desk word ate the name
            hit = _slot(text, p, own_end, True, strict)
            if hit and hit.start < desk_e:
                desk_e = hit.start
    if hit is None:
        return None
    b = Byline(m.start(), end, "beh-gozaresh", outlet=hit)
    if after_desk and desk_e > desk_s and hit.start >= desk_e - 1:
        de = len(text[:min(desk_e, hit.start)].rstrip())
        if not re.fullmatch(r"خبرنگار(?:ان)?", text[desk_s:de]):
            b.desk = (desk_s, de)
            d = desks_lexicon().match_at(text, _DESK_HEAD.match(text, desk_s).end() + 1, de) if _DESK_HEAD.match(text, desk_s) else None
            b.desk_en = d.en if d else None
    if relay is not None:
        if ce is None:  # no comma closes the relay: its end is unknown, the sentence is the byline's
            b.end = end = max(end, doc.sentences[doc.sentence_index(m.start())][1])
        b.relays = _relay_after(text, relay.end(), end)
    elif az is not None and (_PR_OFFICE.match(text, az.end(), end) or S.media_at(text, az.end(), end)):
        b.relays = _relay_after(text, az.end(), end)
    return b


def _dateline(doc: Doc, ls: int, le: int) -> Optional[Byline]:
    """"تهران- ایرنا-", "ایران پرس-", "اثبات نیوز؛ گروه سیاسی:", "خبرگزاری مهر، گروه ..." at a line start."""
    text = doc.text
    lim = min(le, ls + 120)
    pos = ls
    city = re.compile(r"[^\s\-–—ـ:،؛/]{2,20}(?:\s[^\s\-–—ـ:،؛/]{2,20})?(?:" + _DASH + r"|\s*/\s*)").match(text, ls, lim)
    desk_first = re.compile(r"(?:گروه|سرویس)\s+[^\s/]{2,20}(?:\s[^\s/]{2,20})?\s*/\s*").match(text, ls, lim)
    if desk_first:  # "گروه ورزش/شهرآرانیوز،"
        pos = desk_first.end()
    else:  # "سرویس جهان مشرق -": a desk, then a registry outlet before the dash
        dm = re.compile(r"(?:گروه|سرویس)\s+[^\s/\-–—ـ:]{2,20}\s+(?:[^\s/\-–—ـ:]{2,20}\s+)?").match(text, ls, lim)
        if dm:
            for q in sorted({dm.end(), _words(text, dm.start(), dm.end())[1][1] + 1} if len(_words(text, dm.start(), dm.end())) > 1 else {dm.end()}):
                h = _registry_at(text, q, lim, True)
                if h is not None and re.match(_DASH + r"|\s*[:؛]", text[h.end:h.end + 4]):
                    desk_first = dm
                    pos = q
                    break
    paren = re.compile(r"[^\s\-–—ـ:،؛/()]{2,20}\s*\(\s*").match(text, ls, lim)  # "تهران (پانا) -"
    city_comma = re.compile(r"[^\s\-–—ـ:،؛/]{2,20}\s*،\s*").match(text, ls, lim)  # "کابل، هشت صبح:"
    if city_comma and not _is_place(text[ls:city_comma.end()].strip(" ،")):
        city_comma = None
    starts = [pos] + ([city.end()] if city else []) + ([paren.end()] if paren else []) \
        + ([city_comma.end()] if city_comma else [])
    for start in starts:
        hit = _registry_at(text, start, lim, True)
        if hit is not None and start != pos and hit.record is None:
            hit = None
        if city_comma and start == city_comma.end() and start not in (pos, city.end() if city else -1):
            if hit is None or hit.record is None \
                    or not re.match(r"\s*(?:[-–—ـ]|[:؛])", text[hit.end:hit.end + 3]):
                continue  # only a known outlet, closed by a dash or colon, follows a city and a comma
        if hit is not None and start == pos and not re.match(r"\s*(?:[-–—ـ|]+|[:؛/)]|،)", text[hit.end:hit.end + 4]):
            hit = None  # "ایران پرس-": the registry's "ایران" is only the start of a longer name
        known_end = hit.end if hit else None
        if hit is None:
            tn = _TYPE_NOUN.match(text, start, lim)
            stop = re.compile(r"\s*(?:[-–—ـ|]|[:؛/)]|،(?=\s*(?:گروه|سرویس|خبرنگار)))"
                              + (r"|\s*،" if desk_first else "")).search(text, start, lim)
            named = _NAMED_COMMA.match(text, start, lim)
            if named and ls > 0 and _NAME_SUFFIX.search(named.group(1)) and (stop is None or stop.start() > named.end(1)):
                stop = re.compile(r"\s*،").match(text, named.end(1), lim)  # "جی پلاس، ..." after the headline
            if stop is None or stop.start() <= start or stop.start() - start > 45 \
                    or re.search(r"[0-9۰-۹]", text[start:stop.start()]) or (city and re.search(r"[0-9۰-۹]", city.group(0))):
                continue
            at_top = start == pos and (ls == 0 or desk_first is not None) and text[stop.start():stop.end()].strip() in "-–—ـ/"
            if tn is None and not ((city or paren) and start != pos and stop.start() - start < 25) \
                    and not _plausible(text, start, stop.start(), not (desk_first or at_top)):
                continue
            if tn is not None and not _WORD.search(text, tn.end(), stop.start()):
                continue  # "پورتال///": an outlet-type noun with no name
            if _REPORT_VERB_END.search(text, start, stop.start()):
                continue  # "روزنامه کیهان نوشت؛": a report, not a dateline
            hit = _name_hit(text, start, len(text[:stop.start()].rstrip()))
            known_end = hit.end
        if paren and start == paren.end():
            close = re.compile(r"\s*\)").match(text, known_end, lim)
            if not close:
                continue
            known_end = close.end()
        after = re.compile(r"\s*(?:[-–—ـ|]+|[:؛/]|،)").match(text, known_end, lim)
        if not after and city and start == city.end() and hit.known:
            after = re.compile(r"\s*").match(text, known_end, lim)  # "استانبول/ خبرگزاری آناتولی غلامحسین ..."
        if not after:
            continue
        if start == ls and _ambiguous_name(hit, text) and after.group(0).strip() in (":", "؛", "،") \
                and not re.match(r"\s*(?:گروه|سرویس|خبرنگار)", text[after.end():]):
            continue  # "ایران: آمریکا باید ..." is the country speaking in a headline, not the newspaper
        if not hit.known and after.group(0).strip() == "،" and not desk_first \
                and not re.match(r"\s*(?:گروه|سرویس|خبرنگار)", text[after.end():]) \
                and not (ls > 0 and _NAME_SUFFIX.search(text[hit.start:hit.end]) and len(_words(text, hit.start, hit.end)) <= 2):
            continue  # a bare "X، ..." signs only as a name-like word (… نیوز، … پلاس) after the headline
        if city and start == city.end() and not hit.known and S.places().match_at(text, start, lim):
            continue
        b = Byline(ls, after.end(), "dateline", outlet=hit)
        if desk_first:
            b.desk = (ls, len(text[:desk_first.end()].rstrip(" /")))
        return b
    return None


def _masthead(doc: Doc, s: int, limit: int) -> Optional[Byline]:
    """"پایگاه خبری تحلیلی انتخاب (Entekhab.ir) : صدا و سیما: ...": a site's own tagline."""
    text = doc.text
    m = _DOMAIN.search(text, s, limit)
    if not m:
        return None
    dom = m.group(1).lower()
    rec = R.by_domain(dom)
    he = len(text[:m.start()].rstrip())
    ns = None
    tn = None
    for tn in _TYPE_NOUN.finditer(text, max(s, m.start() - 60), he):
        pass
    if tn is not None:
        ns = tn.start()
    else:
        ws = _words(text, max(s, m.start() - 40), he)
        if ws:
            ns = ws[-1][0] if not rec else None
            if rec:
                for w in reversed(ws):
                    if R.by_spelling(text[w[0]:he]):
                        ns = w[0]
                        break
                ns = ns if ns is not None else ws[-1][0]
    if ns is None or (rec is None and not _plausible(text, ns, he, False) and tn is None):
        return None
    hit = OutletName(ns, he, rec.name_en if rec else english_name(text[ns:he]), rec, dom)
    after = re.compile(r"\s*[:：]\s*").match(text, m.end(), limit)
    b = Byline(ns, after.end() if after else m.end(), "masthead", outlet=hit)
    if after:
        nxt = _registry_at(text, after.end(), min(limit, after.end() + 40), True)
        if nxt and re.match(r"\s*[:：]", text[nxt.end:nxt.end + 3]):
            b.relays.append(nxt)
            b.end = nxt.end
    return b


_SITE_READER = re.compile(B_START + r"سایت[\s\u200c]?خوان\s+")
_SNIPPET = re.compile(r"[0-9۰-۹]{1,3}\s+(?:دقیقه|ساعت|روز|هفته)\s+(?:قبل|پیش)\s*/\s*")


def _site_reader(doc: Doc, limit: int) -> Optional[Byline]:
    """"سایت‌خوان روزنامه X": a site's reader section header names the site; what it reprints
    follows, signed "Y :" by its first publisher (a relay)."""
    text = doc.text
    m = _SITE_READER.search(text, 0, limit)
    if not m:
        return None
    p = m.end()
    end = min(len(text), p + 60)
    hit = _registry_at(text, p, end, True)
    if hit is None:
        tn = _TYPE_NOUN.match(text, p, end)
        if tn is None:
            return None
        ws = _words(text, tn.end(), end)[:2]
        if not ws:
            return None
        hit = _name_hit(text, p, ws[-1][1])
    b = Byline(m.start(), hit.end, "masthead", outlet=hit)
    for h in S.outlets().finditer(text, hit.end, min(len(text), hit.end + 400)):
        if re.match(r"\s*[:：]", text[h.end:h.end + 3]):
            b.relays.append(_name_hit(text, h.start, h.end))
            break
    return b


def _snippet(doc: Doc) -> Optional[Byline]:
    """"… ۱ ساعت قبل / تابناک / …": an aggregator's item line names the outlet after its age."""
    text = doc.text
    for m in _SNIPPET.finditer(text):
        st = _CLAUSE_END.search(text, m.end(), min(len(text), m.end() + 40))
        e = m.end() + 40
        slash = text.find("/", m.end(), min(len(text), m.end() + 40))
        if slash >= 0:
            e = slash
        elif len(text) - m.end() < 40:
            e = len(text)
        else:
            continue
        if st is not None and st.start() < e:
            e = st.start()
        e = len(text[:e].rstrip(" \u200c."))
        s = _skip_spaces(text, m.end(), e)
        if e <= s:
            continue
        hit = _registry_at(text, s, e, False)
        if hit is None and _plausible(text, s, e, False) and len(_words(text, s, e)) <= 3:
            hit = _name_hit(text, s, e)
        if hit is not None and not _is_wire(hit):
            return Byline(m.start(), e, "dateline", outlet=hit)
    return None


def _interview(doc: Doc, s: int, limit: int) -> Optional[Byline]:
    """"... در گفت‌وگو با [خبرنگار] ایسنا ...": the outlet's own reporter or desk signs."""
    text = doc.text
    for m in _INTERVIEW.finditer(text, s, limit):
        p = _skip_spaces(text, m.end(), limit)
        de = _desk_end(text, p, min(limit, p + 60))
        q = _skip_spaces(text, de, limit)
        hit = _registry_at(text, q, min(limit, q + 60), de > p)
        if hit is None and de > p:  # "با خبرنگار تئاتر باشگاه خبری فارس": up to two unlisted beat words
            for w in _words(text, q, min(limit, q + 40))[:2]:
                hit = _registry_at(text, _skip_spaces(text, w[1], limit), min(limit, w[1] + 60), True)
                if hit is not None:
                    break
        if hit is None and de > p:
            tn = _TYPE_NOUN.match(text, q, limit)
            if tn:
                ws = _words(text, tn.end(), limit)[:3]
                stop = _CLAUSE_END.search(text, tn.end(), limit)
                ws = [w for w in ws if stop is None or w[1] <= stop.start()]
                if ws and not S.places().match_at(text, ws[0][0], limit):
                    hit = _name_hit(text, q, ws[-1][1])
        if hit is None or _is_wire(hit):
            continue
        if de <= p and (hit.record is None or hit.record.country not in _PERSIAN_COUNTRIES
                        or hit.record.type != "agency"):
            continue  # "در گفت‌وگو با شبکه العالم": a channel the speaker talked to; an agency signs
        b = Byline(m.start(), hit.end, "reporter", outlet=hit)
        if de > p and not re.fullmatch(r"خبرنگار(?:ان)?", text[p:len(text[:de].rstrip())]):
            b.desk = (p, len(text[:de].rstrip()))
        return b
    return None


_REPORT_VERB_END = re.compile(r"(?<![\w\u200c])(?:نوشت|نوشته است|گفت|افزود|اعلام کرد|گزارش داد|مدعی شد|خبر داد)\s*$")
_NAMED_COMMA = re.compile(r"([\w\u200c]+(?:\s[\w\u200c]+)?)\s*،")
_GLUED = re.compile(r"\s*(?:[-–—ـ]+|[:؛])\s*")
_PREP_BEFORE = re.compile(r"(?:^|\s)(?:به|از|با|و|در|برای|مانند|مثل|نظیر)\s*$")


def _glued_dateline(doc: Doc, s: int, limit: int) -> Optional[Byline]:
    """A dateline glued to the headline before it ("... ستایش می‌کنند ایسنا : فرمانده سپاه گفت"):
    a registry outlet, or a name-like word (… نیوز، … آنلاین), right before a dash, colon or ؛."""
    text = doc.text
    for h in S.outlets().finditer(text, s, limit):
        if h.ambiguous or _PREP_BEFORE.search(text, max(0, h.start - 12), h.start):
            continue
        g = _GLUED.match(text, h.end, limit)
        if g and g.end() < len(text) and text[g.end()] not in "«\"":
            hit = _registry_at(text, h.start, limit, False) or _name_hit(text, h.start, h.end)
            if hit.end == h.end or _GLUED.match(text, hit.end, limit):
                return Byline(hit.start, g.end(), "dateline", outlet=hit)
    for m in re.finditer(r"([\w\u200c]+(?:\s[\w\u200c]+)?)(?=\s*(?:[-–—ـ]+|[:؛])\s)", text[s:limit]):
        ws, we = s + m.start(1), s + m.end(1)
        words = text[ws:we].split()
        if not _NAME_SUFFIX.search(words[-1]) or len(words[-1]) < 4 or _PREP_BEFORE.search(text, max(0, ws - 12), ws):
            continue
        if len(words) == 2 and not _NAME_SUFFIX.fullmatch(words[-1]):
            ws = we - len(words[-1])  # "… سیاسی رمزگشانیوز:" → the name-like word alone
        if _plausible(text, ws, we, True):
            g = _GLUED.match(text, we, limit)
            return Byline(ws, g.end() if g else we, "dateline", outlet=_name_hit(text, ws, we))
    return None


_PROMO = re.compile(r"([^\s.،:؛!؟][^.،:؛!؟\n]{1,40}?)\s+را\s+(?:در|از طریق)\s+(?:اینستاگرام|تلگرام|توییتر|توئیتر|فیسبوک|یوتیوب|کانال)"
                    r"[^.\n]{0,40}?دنبال\s+کنید")
_JOIN = re.compile(r"به\s+کانال\s+([^.\n]{2,40}?)\s+در\s+(?:تلگرام|اینستاگرام|یوتیوب|واتساپ)\s+بپیوندید")
_NEGARESH = re.compile(B_START + r"(?:نگارش از|نوشته)\s+([^•\n]{2,40}?)\s*(?=•|$|\n)")


# The site describing itself in its furniture: "X یک سازمان بین‌المللی خبری ... است"، "X اخبار خود را از
# طریق ... ارسال می‌کند"، a podcast box "از پادکست رد شوید ... از X. ... پایان پادکست".
_SELF_DESC = re.compile(r"\s+(?:یک\s+(?:سازمان|رسانه|شبکه|خبرگزاری|پایگاه|وب[\s\u200c]?سایت|سایت)[^.\n]{0,60}?"
                        r"(?:خبری|رسانه[\u200c\s]?ای|اطلاع[\u200c\s]?رسانی)[^.\n]{0,100}?است|اخبار\s+خود(?:\s+را)?\s)")
_PODCAST = re.compile(r"از\s+پادکست\s+رد\s+شوید[^\n]{0,400}?پایان\s+پادکست")


def _self_described(doc: Doc) -> Optional[Byline]:
    text = doc.text
    for m in _SELF_DESC.finditer(text):  # the description first, then the outlet right before it
        for h in S.outlets().finditer(text, max(0, m.start() - 60), m.start()):
            if h.ambiguous or h.end != m.start():
                continue
            hit = _registry_at(text, h.start, h.end + 30, True) or _name_hit(text, h.start, h.end)
            if not _is_wire(hit):
                return Byline(h.start, m.end(), "promo", outlet=hit)
    for m in _PODCAST.finditer(text):
        for h in S.outlets().finditer(text, m.start(), m.end()):
            hit = _registry_at(text, h.start, m.end(), False) if not h.ambiguous else None
            if hit is not None and not _is_wire(hit):
                return Byline(m.start(), m.end(), "promo", outlet=hit)
    return None


def _promo(doc: Doc) -> Optional[Byline]:
    """"دویچه وله فارسی را در اینستاگرام دنبال کنید", "نگارش از یورونیوز فارسی •": the page names
    itself only in its own furniture."""
    text = doc.text
    for rx in (_PROMO, _JOIN, _NEGARESH):
        for m in wordscan.finditer(rx, text) if rx is _PROMO else rx.finditer(text):
            s, e = m.span(1)
            hit = _registry_at(text, _skip_spaces(text, s, e), e, False)
            if hit is None:
                for h in S.outlets().finditer(text, s, e):
                    if not h.ambiguous:
                        hit = _registry_at(text, h.start, e, True)
                        break
            if hit is not None and not _is_wire(hit):
                return Byline(m.start(), m.end(), "promo", outlet=hit)
    return None


_WROTE = re.compile(r"\s*نوشت(?:ه است)?\s*[:：]")


def _wrote(doc: Doc, ls: int, le: int) -> Optional[Byline]:
    """"اعتماد آنلاین نوشت: ..." opening the body: a republished piece signed by its outlet."""
    text = doc.text
    hit = _registry_at(text, ls, min(le, ls + 60), True)
    if hit is not None and not _WROTE.match(text, hit.end, le):
        hit = None  # "اعتماد آنلاین نوشت": a longer name than the registry's "اعتماد"
    if hit is None:
        m = re.compile(r"[\w\u200c]+(?:\s[\w\u200c]+){0,2}?(?=\s*نوشت)").match(text, ls, min(le, ls + 60))
        if not m or not (_TYPE_NOUN.match(text, ls) or _plausible(text, ls, m.end(), True)):
            return None
        hit = _name_hit(text, ls, m.end())
    w = _WROTE.match(text, hit.end, le)
    if not w or _is_wire(hit):
        return None
    return Byline(ls, w.end(), "wrote", outlet=hit)


DEEP_CHARS = 2500


def _service_signature(doc: Doc) -> Optional[Byline]:
    """"به گزارش صدای آمریکا" past the top on a page that names no publisher there: foreign Persian
    services sign late, after a lead and a background paragraph; only they are read so deep."""
    text = doc.text
    rm = _READ_MORE.search(text, 0, min(len(text), DEEP_CHARS))
    for m in _SIG.finditer(text, 0, rm.start() if rm else min(len(text), DEEP_CHARS)):
        b = _signature(doc, m, len(text))
        if b is not None and b.outlet is not None and b.outlet.record is not None \
                and b.outlet.record.country not in _PERSIAN_COUNTRIES and b.outlet.record.id in _persian_services() \
                and not _described(text, b.outlet):
            return b
    return None


_DATE_TAIL = re.compile(r"[\s\-–—/|,،0-9۰-۹A-Za-z]*")


def _after_page_date(doc: Doc) -> Optional[Byline]:
    """"تاریخ انتشار: … پایگاه X؛ …": a page's date stamp opens the article, its dateline follows even
    below an earlier block of the page; only an outlet-type noun with its name is read there."""
    from .furniture import find_boilerplate
    text = doc.text
    for s, e, k in find_boilerplate(doc):
        if s > DEEP_CHARS:
            break
        if k != "datetime":
            continue
        p = _DATE_TAIL.match(text, e).end()
        if not _TYPE_NOUN.match(text, p):
            continue
        b = _dateline(doc, p, min(len(text), p + 200))
        if b is not None and b.outlet is not None and b.outlet.start == p:
            return b
    return None


_OFFICIAL_SITE = re.compile(r"(?:" + loose("وب‌سایت") + r"|" + loose("پایگاه اطلاع‌رسانی") + r"|سایت|پرتال|پورتال)\s+رسمی\s+")
_REPORTING = re.compile(r"(?<![\w\u200c])(?:اعلام\s+کرد|نوشت|گزارش\s+داد|خبر\s+داد|منتشر\s+کرد|آمده\s+است|افزود)")


def _official_site(doc: Doc) -> Optional[Byline]:
    """"وب سایت رسمی X" opening the page, before its headline: the site's own tagline."""
    text = doc.text
    m = _OFFICIAL_SITE.match(text)
    if m is None or _REPORTING.search(text, m.end(), min(len(text), m.end() + 70)):
        return None  # "وب‌سایت رسمی وزارت خارجه اعلام کرد": a source, not a tagline
    ws = _words(text, m.end(), min(len(text), m.end() + 60))[:4]
    if not ws:
        return None
    return Byline(0, ws[-1][1], "masthead", outlet=_name_hit(text, 0, ws[-1][1]))


def top_limit(doc: Doc) -> int:
    sents = doc.sentences
    if not sents:
        return 0
    lim = sents[min(len(sents), TOP_MIN_SENTS) - 1][1]
    for i, (s, e) in enumerate(sents[:TOP_MAX_SENTS]):
        if s <= TOP_CHARS:
            lim = max(lim, e)
    return lim


def find_bylines(doc: Doc) -> list[Byline]:
    """The publisher's signature(s) near the top of the article (computed once per Doc)."""
    return doc.memo("bylines", lambda: _find(doc))


def _line_starts(doc: Doc, limit: int) -> list[tuple[int, int]]:
    """Sentence and line starts in the top of the page (a dateline may follow a headline)."""
    text = doc.text
    out = [(s, e) for s, e in doc.sentences if s < limit]
    for m in re.finditer(r"(?:[.!؟?]\s*|\n\s*|\s[-–—ـ]\s)(?=\S)", text[:limit]):
        p = m.end()
        if not any(s == p for s, _ in out):
            out.append((p, min(len(text), p + 200)))
    return sorted(out)


# "… ادامه خبر" (read more) closes a teaser: what follows on a listing page is another item, signed by its own.
_READ_MORE = re.compile(B_START + r"ادامه\s+خبر" + B_END)


def _find(doc: Doc) -> list[Byline]:
    text = doc.text
    limit = top_limit(doc)
    if not limit:
        return []
    cands: list[Byline] = []
    rm = _READ_MORE.search(text, 0, max(limit, min(len(text), SIG_CHARS)))
    sig_end = rm.start() if rm else max(limit, min(len(text), SIG_CHARS))
    if rm:
        limit = min(limit, rm.start())
    for m in _SIG.finditer(text, 0, sig_end):
        b = _signature(doc, m, len(text))
        if b is not None:
            cands.append(b)
            break
    for ls, le in _line_starts(doc, limit):
        b = _dateline(doc, ls, le)
        if b is not None:
            cands.append(b)
            break
    mh = _masthead(doc, 0, limit) or _site_reader(doc, max(limit, min(len(text), SIG_CHARS)))
    if mh is not None:
        cands.append(mh)
    from .furniture import find_boilerplate
    furniture = [(s, e) for s, e, k in find_boilerplate(doc) if k not in ("masthead", "share", "repeated_lead")]
    cands = [b for b in cands if b.outlet is None or not any(s < b.outlet.end and b.outlet.start < e for s, e in furniture)]
    first = min((b.start for b in cands), default=limit)
    gd = _glued_dateline(doc, 0, min(limit, first))
    if gd is not None:
        cands.append(gd)
    if not cands and doc.sentences:
        wr = _wrote(doc, doc.sentences[0][0], doc.sentences[0][1])
        if wr is not None:
            cands.append(wr)
    if not cands:
        iv = _interview(doc, 0, limit)
        if iv is not None:
            cands.append(iv)
    if not cands:
        pr = _promo(doc) or _self_described(doc) or _snippet(doc)
        if pr is not None:
            cands.append(pr)
    cands = [b for b in cands if b.outlet is None or not any(s < b.outlet.end and b.outlet.start < e for s, e in furniture)]
    if not cands:
        deep = _service_signature(doc) or _after_page_date(doc) or _official_site(doc)
        if deep is not None:
            cands.append(deep)
    cands.sort(key=lambda b: b.start)
    out: list[Byline] = []
    outside = None
    for b in cands:
        if b.start == 0 and b.form == "dateline" and b.outlet is not None and not _described(text, b.outlet):
            pass  # "الجزیره: ..." opening the page: the page gives that outlet as its publisher
        elif b.outlet is not None and (_is_wire(b.outlet, text) or _described(text, b.outlet)):
            # "به گزارش آسوشیتدپرس،": a wire relayed by a page that does not sign itself;
            # "به گزارش خبرگزاری دولتی X،": an outlet described from outside is cited, not signing
            b.relays.insert(0, b.outlet)
            b.outlet = None
        elif b.outlet is not None and b.form in ("beh-gozaresh", "reporter") and _domestic(b.outlet) and not b.relays:
            # (an agency relaying a foreign wire "به نقل از رویترز" keeps the wire's outside wording)
            if outside is None:
                outside = outside_view(text)
            if outside:
                # a foreign Persian service citing an Iranian agency in the byline position
                b.relays.insert(0, b.outlet)
                b.outlet = None
        out.append(b)
    named = [b for b in out if b.outlet is not None]
    if len(named) > 1 and _ambiguous_name(named[0].outlet, text) and not any(_ambiguous_name(b.outlet, text) for b in named[1:2]):
        # "تهران-ایران- ... به گزارش ایرنا،": a short name that is also a word yields to a clear signature
        first = named[0]
        first.relays.append(first.outlet)
        first.outlet = None
    return out


# An outlet described by its status ("خبرگزاری دولتی آناتولی"، "خبرگزاری نیمه‌رسمی ایسنا"، "فارس، وابسته به
# سپاه") is described for readers who do not know it: a page cites it, no outlet signs itself so.
_STATUS = r"(?:دولتی|رسمی|نیمه[\s\u200c]?رسمی|حکومتی|شبه[\s\u200c]?رسمی)"
_DESCRIBED_BEFORE = re.compile(r"(?:خبرگزاری|روزنامه|تلویزیون|شبکه|رسانه|خبرگزاری\u200cهای)\s+" + _STATUS + r"(?![\w\u200c])")
_DESCRIBED_AFTER = re.compile(r"\s*،?\s*(?:(?:وابسته|نزدیک|منتسب)\s+به|متعلق\s+به|ارگان)(?![\w\u200c])")


def _described(text: str, o: OutletName) -> bool:
    head = text[max(0, o.start - 25):o.end]
    if _DESCRIBED_BEFORE.search(head):
        return True
    return bool(_DESCRIBED_AFTER.match(text, o.end, min(len(text), o.end + 20)))


def _domestic(o: OutletName) -> bool:
    return o.record is not None and o.record.country == "IR"


def _ambiguous_name(o: Optional[OutletName], text: str) -> bool:
    return o is not None and o.record is not None and text[o.start:o.end] in o.record.ambiguous


# How pages written outside Iran name Iran's state ("حکومت ایران"، "رهبر جمهوری اسلامی"، "رسانه‌های داخل
# ایران"، "سخنگوی قوه قضائیه ایران"), against what only a domestic page writes ("کشورمان"، "رهبر معظم انقلاب").
_OUTSIDE_STRONG = re.compile("|".join((
    r"رهبر\s+جمهوری\s+اسلامی(?!\s+ایران)",
    r"(?:حکومت|مقام[\u200c\s]?های(?:\s+ارشد)?|مقامات(?:\s+ارشد)?)\s+(?:جمهوری\s+اسلامی|ایران)(?![\w\u200c])",
    r"(?:رسانه|خبرگزاری|روزنامه)[\u200c\s]?(?:ها|های)\s+(?:داخل|داخلی|حکومتی|دولتی|نیمه[\u200c\s]?رسمی)(?![\w\u200c])",
    r"رژیم\s+(?:ایران|آخوندی|ملاها|جمهوری\s+اسلامی)(?![\w\u200c])",  # the opposition's wording
)))
_OUTSIDE_WEAK = re.compile(r"(?<![\w\u200c])(?:وزیر|وزارت|سخنگوی\s+(?:قوه|دولت|وزارت)|دولت|مجلس|گمرک|قوه|رئیس[\u200c\s]?جمهوری)"
                           r"(?:\s(?!نمایندگی|هیئت|هیات|سفیر|سفارت)[\w\u200c]+){0,3}\s+ایران(?![\w\u200c])")
_QUOTED = re.compile(r"«[^»\n]{0,400}»|\"[^\"\n]{0,400}\"")
_INSIDE = re.compile(r"کشورمان|نظام\s+مقدس|رژیم\s+صهیونیستی|رهبر\s+معظم|رهبر\s+(?:فرزانه\s+)?انقلاب|\(ره\)|حضرت\s+آیت|استکبار")


def outside_view(text: str) -> bool:
    """Is the page written from outside Iran (a foreign Persian service)? Its "به گزارش ایسنا،" is then
    a citation of the agency, not the agency's own signature."""
    if _INSIDE.search(text):
        return False
    text = _QUOTED.sub(" ", text)  # a speaker's words are not the page's
    weak = [m for m in _OUTSIDE_WEAK.finditer(text) if not re.search(r"اسلامی\s*$", text[max(0, m.end() - 12):m.end() - 5])]
    score = 2 * len(_OUTSIDE_STRONG.findall(text)) + len(weak)
    return score >= 3
