"""Speaker identity inside an article: one speaker however often named, titled or "وی".

Persian news names a speaker in many ways: a title in the lead ("وزیر امور خارجه گفت"), name and
title in the body ("محمدجواد ظریف، وزیر امور خارجه"), then a surname ("ظریف"), "وی", "این مقام"
or a dropped subject. Each attribution's source is parsed into honorific, name and title; the
mentions are then grouped:
  - a pronoun, demonstrative or dropped subject joins the speaker of its antecedent (refers_to);
  - a name joins the speaker with the same surname (and no conflicting given name);
  - "این مقام"، "این نماینده" joins the latest speaker whose title has that head noun;
  - a title alone ("وزیر امور خارجه") joins the one named speaker holding that title, else it is
    a speaker described by the title (a title without a holder never merges two people);
  - organisations, media and anonymous sources are speakers keyed by their folded text.
A name with no title in its own mention takes the title the article gives it elsewhere
("امیر حاتمی وزیر دفاع ... حاتمی گفت"), so it counts as an official.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

from ..lexicons import rows
from ..schema import Attribution, Speaker
from ..translit import name_en as romanize
from . import sources as S
from .curated import organization_en, person_role

_PUNCT = " \u200c«»\"،,:؛()"
_GENERIC_OFFICIAL = frozenset(S.fold(w) for w in ("مسئول", "مقام", "مسوول", "عضو", "نماینده", "مدیر", "فرمانده"))
_INDEFINITE = frozenset({"یک", "یکی", "چند", "چندین", "برخی", "بعضی", "شماری", "تعدادی", "عده‌ای", "عدهای"})
_WORD = re.compile(r"[\w\u200c]+")
_PRONOUNS = frozenset(S.fold(w) for w in ("وی", "او", "ایشان", "آنها", "آن‌ها", "آنان"))
_SINGULAR = frozenset(S.fold(w) for w in ("وی", "او", "ایشان"))
_MEDIA_WORDS = tuple(S.fold(w) for w in ("کانال تلگرامی", "کانال", "خبرگزاری", "روزنامه", "پایگاه خبری", "پایگاه", "شبکه",
                                          "سایت", "وب‌سایت", "تارنمای", "خبرگزاری رسمی"))
_MEDIA_HEADS = frozenset(S.fold(w) for w in ("پایگاه", "خبرگزاری", "روزنامه", "رسانه", "شبکه", "سایت", "وب‌سایت",
                                             "کانال", "نشریه", "هفته‌نامه", "ماهنامه", "تلویزیون", "رادیو"))
_DOC_ADJ = frozenset(S.fold(w) for w in ("رسمی", "جدید", "اخیر", "تازه", "روز", "امروز", "دیروز"))


@lru_cache(maxsize=1)
def _speech_nouns() -> frozenset[str]:
    return frozenset(S.fold(r[0]) for r in rows("speech_nouns.txt") if len(r[0].split()) == 1 and r[0] not in ("این", "آن"))


@lru_cache(maxsize=1)
def _documents() -> frozenset[str]:
    """Nouns for what a speaker issues (lexicons/document_nouns.txt: بیانیه، توییت، نامه): "این
    بیانیه" is the statement of the speaker just quoted."""
    return frozenset(S.fold(r[0]) for r in rows("document_nouns.txt"))


@lru_cache(maxsize=1)
def honorifics() -> S._Lexicon:
    return S._Lexicon([(r[0], r[1] if len(r) > 1 else "", "honorific", "sg", False) for r in rows("honorifics.txt")],
                      suffix=False)


@dataclass
class Parsed:
    name: Optional[tuple[int, int]] = None
    title: Optional[tuple[int, int]] = None
    honorific: Optional[str] = None
    person: bool = False  # the name is a person's (a PER entity), not a description

    def words(self, text: str) -> list[str]:
        return [S.fold(w) for w in _WORD.findall(text[self.name[0]:self.name[1]])] if self.name else []


@dataclass
class _Speaker:
    id: int
    kind: str
    name: Optional[tuple[int, int]] = None
    title: Optional[tuple[int, int]] = None
    honorific: Optional[str] = None
    key: str = ""
    person: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    en: Optional[str] = None  # the curated English name of an organisation or medium


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _PUNCT:
        s += 1
    while e > s and text[e - 1] in _PUNCT:
        e -= 1
    return s, e


def _skip_honorifics(text: str, s: int, e: int) -> tuple[int, Optional[str]]:
    found = []
    for _ in range(4):
        s = _trim(text, s, e)[0]
        h = honorifics().match_at(text, s, e)
        if not h:
            break
        found.append(h.en)
        s = h.end
    return s, (" ".join(found) or None)


def parse(text: str, s: int, e: int, per: Sequence[tuple[int, int]], kind: str) -> Parsed:
    """Honorific, name and title of the source phrase text[s:e]."""
    s, e = _trim(text, s, e)
    out = Parsed()
    if e <= s or kind in ("anonymous", "organization", "media"):
        return out
    names = [(a, b) for a, b in per if a < e and s < b]
    title = next(iter(S.officials().finditer(text, s, e)), None)
    if title is not None:  # "امام جمعه" tagged as a person is the title, not a name
        names = [(a, b) for a, b in names if not (title.start <= max(a, s) and min(b, e) <= title.end)]
    if names:
        a, b = max(names, key=lambda x: x[1] - x[0])
        a, b = max(a, s), min(b, e)
        a, out.honorific = _skip_honorifics(text, a, b)
        out.name = _trim(text, a, b) if b > a else None
        out.person = out.name is not None
        outside = [t for t in S.officials().finditer(text, s, e) if t.end <= a or t.start >= b]
        after = [t for t in outside if t.start >= b]
        title = after[0] if after else (outside[0] if outside else None)  # "سردار X فرمانده سپاه": the office after the name
        if title is not None:
            ts = title.start
            te = a if title.start < a else e
            out.title = _trim(text, ts, te)
    elif title is not None:
        ts = title.start
        if ts > s:  # "علی لاریجانی رئیس مجلس": the name stands before the title
            a, out.honorific = _skip_honorifics(text, s, ts)
            words = [S.fold(w) for w in _WORD.findall(text[a:ts])]
            if ts > a and words and not all(w in S.folded_set("demonstrative") or w in _INDEFINITE or w == "از"
                                            for w in words):
                out.name = _trim(text, a, ts)  # ("این مقام" has no name: "این" is a demonstrative)
        out.title = _trim(text, ts, e)
    elif kind == "named":
        a, out.honorific = _skip_honorifics(text, s, e)
        ws = [S.fold(w) for w in _WORD.findall(text[a:e])]
        if e > a and not (ws and (ws[0] in _PRONOUNS or ws[0] in S.folded_set("demonstrative") or ws[0] in _INDEFINITE)):
            out.name = _trim(text, a, e)  # "وی" with nobody before it is not a name
    if out.name and out.name[1] <= out.name[0]:
        out.name = None
    return out


def _title_in_context(text: str, name: tuple[int, int]) -> Optional[tuple[int, int]]:
    """A title the article gives this name elsewhere: "X، وزیر دفاع" or "وزیر دفاع X"."""
    words = _WORD.findall(text[name[0]:name[1]])
    if not words:
        return None
    key = re.escape(words[-1])
    for m in re.finditer(r"(?<![\w\u200c])" + key + r"(?![\w\u200c])", text):
        p = m.end()
        while p < len(text) and text[p] in " \u200c،,«»":
            p += 1
        t = S.officials().match_at(text, p)
        if t:
            end = re.compile(r"[،,.:؛\n]|\s(?:گفت|افزود|اظهار|اعلام|تاکید|تأکید|در\s|با\s|که\s|و\s)").search(text, t.end, t.end + 60)
            return t.start, (end.start() if end else t.end)
        before = text[max(0, m.start() - 60):m.start()]
        for t in S.officials().finditer(before, 0):
            gap = before[t.end:]
            if len(_WORD.findall(gap)) <= 4 and not re.search(r"[.،:؛]", gap):
                off = m.start() - len(before)
                return off + t.start, off + t.end
    return None


def _holder_in_context(text: str, title: tuple[int, int], per: Sequence[tuple[int, int]]) -> Optional[tuple[int, int]]:
    """A person named right beside the same title elsewhere ("X، نماینده مردم تهران" or
    "نماینده مردم تهران X"): the holder of a title a source used alone."""
    t = text[title[0]:title[1]]
    if len(t) < 4:
        return None
    for m in re.finditer(re.escape(t), text):
        for a, b in per:
            gap_after = text[m.end():a]
            gap_before = text[b:m.start()]
            if 0 <= a - m.end() <= 3 and not gap_after.strip(" ،,\u200c"):
                return a, b
            if 0 <= m.start() - b <= 3 and not gap_before.strip(" ،,\u200c"):
                return a, b
    for m in re.finditer(re.escape(t), text):  # "X، سخنگوی کمیسیون انرژی و نماینده مردم نهبندان": a second title
        for a, b in per:
            gap = text[b:m.start()]
            if 0 < m.start() - b <= 80 and not re.search(r"[.:؛!?؟\n«»]", gap):
                rest = gap.strip(" ،,\u200c")
                if S.officials().match_at(rest, 0) is not None and re.search(r"(?:\s|،)و?\s*$", gap):
                    return a, b
    return None


_COUNTRY_TAILS = tuple(tuple(S.fold(w) for w in t.split()) for t in (
    "جمهوری اسلامی ایران", "این کشور", "آن کشور", "کشورمان", "ایران", "کشور", "شورای اسلامی"))


def _core(title: str) -> tuple[list[str], bool]:
    """The words of a title without a trailing reference to the country ("وزیر امور خارجه
    کشورمان" is "وزیر امور خارجه"), and whether one was removed."""
    ws = [S.fold(re.sub("\u200cکل$", "", w)) for w in _WORD.findall(title)]  # "فرمانده‌کل" is "فرمانده"
    ws = [w for w in ws if w not in ("و", "کل")]  # "فرمانده‌کل سپاه" is "فرمانده سپاه"
    cut = False
    changed = True
    while changed and ws:
        changed = False
        for t in _COUNTRY_TAILS:
            if len(ws) > len(t) and tuple(ws[-len(t):]) == t:
                ws, cut, changed = ws[:-len(t)], True, True
                break
    return ws, cut


def compatible(a: str, b: str) -> bool:
    """Do two titles name one office? Equal, or one is the other cut short ("وزیر علوم" and
    "وزیر علوم، تحقیقات و فناوری", "نماینده مردم علی آباد کتول در مجلس" and the same with
    "شورای اسلامی"), spaces aside; the shorter names more than a bare head noun ("معاون" is
    not "معاون وزیر") unless it ends on the country ("دادستان این کشور")."""
    (wa, ca), (wb, cb) = _core(a), _core(b)
    if not wa or not wb:
        return False
    ja, jb = "".join(wa).replace("امور", ""), "".join(wb).replace("امور", "")  # "وزیر خارجه" = "وزیر امور خارجه"
    if ja == jb:
        return True
    (short, sw, sc), (long_, lw, _) = sorted(((ja, wa, ca), (jb, wb, cb)), key=lambda x: len(x[0]))
    if long_.startswith(short) and (len(sw) >= 2 or sc) and wa[0] == wb[0]:
        return True
    # a modifier inserted ("معاون وزیر امور خارجه" and "معاون سیاسی وزیر امور خارجه"): the shorter's
    # words in order inside the longer, the same head, at most two words more
    sw = [w.replace("امور", "") for w in sw if w != "امور"]
    lw = [w.replace("امور", "") for w in lw if w != "امور"]
    it = iter(lw)
    return len(sw) >= 2 and sw[0] == lw[0] and (len(lw) - len(sw) <= 2 or len(sw) >= 3) and all(w in it for w in sw)


def _head(text: str, span: tuple[int, int]) -> str:
    ws = _WORD.findall(text[span[0]:span[1]])
    return S.fold(ws[0]) if ws else ""


def _title_en(text: str, span: Optional[tuple[int, int]]) -> Optional[str]:
    if span is None:
        return None
    info = S.classify(text, span[0], span[1])
    return info.name_en if info.kind == "official" else None


_YEAR_RANGE = re.compile(r"\((?:(?:since|from)\s+(\d{4})|(\d{4})\s*[–-]\s*(\d{4}))\)")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def article_year(text: str) -> Optional[int]:
    """The latest year the article mentions (Gregorian, or Solar Hijri + 621): when it was written."""
    years = []
    for m in re.finditer(r"(?<![0-9])(1[34]\d\d|19\d\d|20\d\d)(?![0-9])", text.translate(_DIGITS)):
        y = int(m.group(1))
        if 1370 <= y <= 1420:
            years.append(y + 621)
        elif 1980 <= y <= 2035:
            years.append(y)
    return max(years) if years else None


# A curated role whose first clause describes the person, not an office ("Iraqi Shia cleric,
# leader of ...", "grand ayatollah in Qom", "Iranian footballer"): such a person speaks as
# ``named`` unless the article gives a title.
_NOT_OFFICE = re.compile(r"\b(?:former|cleric|ayatollah|imam|prophet|footballer|coach|player|actor|actress|singer|"
                         r"poet|writer|novelist|director|journalist|activist|dissident|daughter|son|grandson|wife|"
                         r"founder|professor|economist|analyst|scholar|politician|businessman|philosopher)\b", re.I)
_OFFICE = re.compile(r"\b(?:minister|president|spokes\w*|MP|senator|commander|chief|head|chairman|chair|king|"
                     r"prince|emir|ambassador|envoy|governor|mayor|secretary|adviser|speaker|judge|prosecutor|"
                     r"Friday prayer leader|Supreme Leader|general|director-general|CEO|representative)\b")


_KIN_OR_PAST = re.compile(r"^\s*(?:former|late|ex-)|\b(?:son|daughter|grandson|granddaughter|wife|husband|brother)\s+of\b", re.I)


def is_office(role: str) -> bool:
    """Whether a curated role names an office the person holds, not only who the person is.

    A clause names one when it holds an office word and is not past ("former MP") or kinship
    ("son of Supreme Leader ..."); a role with no such clause and a descriptive word ("cleric",
    "footballer") names none; a role with neither ("leader of Ansarullah") counts as one."""
    clauses = [c.split("(")[0] for c in role.split(",")]
    if any(_OFFICE.search(c) and not _KIN_OR_PAST.search(c) for c in clauses):
        return True
    return _NOT_OFFICE.search(role) is None and not any(_KIN_OR_PAST.search(c) for c in clauses)


def holds_office(role: str, year: Optional[int]) -> bool:
    """Does the curated role hold at the article's time? ("US president (2021–2025)" in 2006: no)."""
    if not is_office(role):
        return False
    m = _YEAR_RANGE.search(role)
    if m is None:
        return True  # no dates: a standing role
    if year is None:
        return m.group(1) is not None  # an open range ("since 2021") without a date: still in office
    if m.group(1):
        return year >= int(m.group(1))
    return int(m.group(2)) <= year <= int(m.group(3))


def assign_speakers(text: str, attributions: list[Attribution], entities: Sequence[tuple[int, int, str]],
                    year: Optional[int] = None) -> None:
    """Give every attribution's source a ``speaker`` (in place); a named source whose speaker
    holds a title becomes ``official``."""
    per = [(s, e) for s, e, lab in entities if lab == "PER"]
    speakers: list[_Speaker] = []
    by_mention: dict[int, _Speaker] = {}
    assigned: dict[int, _Speaker] = {}

    def new(kind: str, p: Parsed, key: str) -> _Speaker:
        sp = _Speaker(id=len(speakers) + 1, kind=kind, name=p.name, title=p.title, honorific=p.honorific, key=key,
                      person=p.person)
        if kind in ("organization", "media"):
            sp.en = organization_en(key)
        speakers.append(sp)
        return sp

    last: Optional[_Speaker] = None
    order: list[_Speaker] = []
    for a in attributions:
        src = a.source
        ref = src.refers_to
        sp: Optional[_Speaker] = None
        words = [S.fold(w) for w in _WORD.findall(src.text)]
        doc_ref = len(words) == 2 and words[0] in S.folded_set("demonstrative") and words[1] in _documents()
        if doc_ref and (ref is None or ref.kind == "media"):
            # "این بیانیه"، "این توییت": the statement of the speaker just quoted (not of a medium relaying it)
            sp = next((_root(x) for x in reversed(order) if _root(x).kind != "media"), None)
            ref = None if sp is not None else ref
        if ref is not None:
            sp = by_mention.get(ref.start)
            if sp is None:  # the antecedent was never a source itself ("... گفت: X. وی افزود")
                p = parse(text, ref.start, ref.end, per, ref.kind or src.kind)
                sp = _match(text, speakers, p, ref.kind or src.kind, ref.text) or new(ref.kind or src.kind, p,
                                                                                      S.fold(ref.text))
                by_mention[ref.start] = sp
        if (sp is not None and ref is not None and (not words or (len(words) == 1 and words[0] in _SINGULAR))
                and not _person_like(text, _root(sp))):
            # "وی" or a dropped subject whose antecedent the grammar took from a phrase that is no
            # person ("مسئولان دولتی", "لزوم برخورد جدی"): the person quoted just before, if any
            prev = next((_root(x) for x in reversed(order) if _person_like(text, _root(x))), None)
            sp = prev or sp
        if sp is None and ref is None and (not words or (len(words) == 1 and words[0] in _PRONOUNS)):
            # "وی گفت" or a dropped subject the grammar left unresolved: the speaker just quoted (a
            # singular pronoun: the person just quoted, never a group or a medium)
            singular = bool(words) and words[0] in _SINGULAR
            sp = next((_root(x) for x in reversed(order) if not singular or _root(x).kind in ("named", "official")), None)
            if singular and sp is not None and sp.name is None and sp.title is None:
                sp = None
        elif sp is None and len(words) > 1 and (words[0] in _documents() or words[0] in _speech_nouns()):
            # "بیانیه وزارت خارجه"، "گزارش دادستانی بحرین": the body that issued it
            rest = [w for w in words[1:] if w not in _DOC_ADJ]
            sp = next((x for x in speakers if rest and x.key.split() == rest or x.key == "".join(rest)), None)
        if sp is None and src.text.strip():
            p = parse(text, src.start, src.end, per, src.kind)
            demonstrative = _WORD.findall(src.text)[:1] and S.fold(_WORD.findall(src.text)[0]) in S.folded_set("demonstrative")
            if demonstrative and len(words) > 1 and (words[1] in _MEDIA_HEADS or words[1] == S.fold("منبع")):
                # "این پایگاه خبری"، "این روزنامه"، "این منبع عراقی": the medium last quoted
                kinds = ("media",) if words[1] in _MEDIA_HEADS else ("media", "anonymous")
                sp = next((_root(x) for x in reversed(order) if _root(x).kind in kinds), None)
            if sp is None and demonstrative and src.kind == "anonymous" and len(words) > 1:  # "این مقام" after "یک مقام سودانی"
                sp = next((x for x in reversed(speakers) if x.kind in ("anonymous", "official") and words[1] in
                           [S.fold(w) for w in _WORD.findall(x.key)]), None)
            if demonstrative and src.kind in ("official", "named"):
                head = _WORD.findall(src.text)
                hk = S.fold(head[1]) if len(head) > 1 else ""
                sp = next((x for x in reversed(speakers) if (x.title and (_head(text, x.title) == hk or
                                                                           hk in S.fold(text[x.title[0]:x.title[1]])))
                           or (hk and hk in x.key.split())), None)
                if sp is None and hk in _GENERIC_OFFICIAL:  # "این مسئول": the official last named
                    sp = next((x for x in reversed(speakers) if x.kind in ("official", "named") and (x.name or x.title)), None)
            if sp is None:
                sp = _match(text, speakers, p, src.kind, src.text) or new(src.kind, p, S.fold(src.text))
            else:
                sp.mentions.append((src.start, src.end))
        if sp is None:
            continue
        if src.text.strip():
            by_mention.setdefault(src.start, sp)
            sp.mentions.append((src.start, src.end))
        assigned[a.id] = sp
        last = sp
        order.append(sp)
    for sp in speakers:
        if sp.name is not None and sp.title is None and sp.kind in ("named", "official") and sp.person:
            sp.title = _title_in_context(text, sp.name)
    _merge_titles(text, speakers)
    for sp in speakers:
        if sp.name is None and sp.title is not None and sp.kind == "official" and getattr(sp, "_into", None) is None:
            holder = _holder_in_context(text, sp.title, per)
            if holder is not None:
                sp.name, sp.person = holder, True
    _merge_names(text, speakers)
    _merge_roles(text, speakers, year if year is not None else article_year(text))
    _merge_lead(text, speakers)
    roles: dict[int, str] = {}
    for sp in speakers:
        if sp.name is not None and sp.title is None and sp.kind in ("named", "official"):
            role = person_role(text[sp.name[0]:sp.name[1]])
            if role:  # a frequently named office holder ("بایدن"): the curated list gives the role
                roles[sp.id] = role
                if holds_office(role, year if year is not None else article_year(text)):
                    sp.kind = "official"
        if sp.title is not None and sp.kind == "named":
            sp.kind = "official"
    records: dict[int, Speaker] = {}
    for a in attributions:
        if a.id not in assigned:
            continue
        sp = _root(assigned[a.id])
        rec = records.get(sp.id)
        if rec is None:
            name = text[sp.name[0]:sp.name[1]] if sp.name else None
            title = text[sp.title[0]:sp.title[1]] if sp.title else None
            rec = records[sp.id] = Speaker(
                id=len(records) + 1, name=name, title=title, kind=sp.kind,  # type: ignore[arg-type]
                name_en=(romanize(name) if name else None), title_en=_title_en(text, sp.title) or roles.get(sp.id),
                honorific_en=sp.honorific)
            if name is None and title is None:  # an unnamed or institutional speaker: its first mention
                first = a.source.refers_to or (a.source if a.source.text.strip() else None)
                if first is not None:
                    rec.description = first.text
                    rec.description_en = a.source.name_en if first is a.source else (a.source.name_en or None)
        a.source.speaker = rec
        if rec.kind == "official" and a.source.kind == "named":
            a.source.kind = "official"
        words = _WORD.findall(a.source.text)
        if rec.kind == "anonymous" and words and S.fold(words[0]) in S.folded_set("demonstrative"):
            a.source.kind = "anonymous"  # "این مقام" after "یک مقام سودانی" is still unnamed


def _root(sp: _Speaker) -> _Speaker:
    while getattr(sp, "_into", None) is not None:
        sp = sp._into  # type: ignore[attr-defined]
    return sp


def _match(text: str, speakers: list[_Speaker], p: Parsed, kind: str, phrase: str) -> Optional[_Speaker]:
    if kind in ("anonymous", "organization", "media") or (p.name is None and p.title is None):
        key = S.fold(phrase)
        if kind == "anonymous" and (not phrase.split() or S.fold(phrase.split()[0]) in _INDEFINITE):
            return None  # two "a source" are not known to be one; "منابع ویژه" twice are the same sources
        if kind == "media":  # "کانال تلگرامی «صابرین‌نیوز»" and "صابرین‌نیوز" are one medium
            key = _media_key(key)
        hit = next((x for x in speakers if (x.key == key or (kind == "media" and _media_key(x.key) == key))
                    and x.kind == kind), None)
        if hit is None and kind == "organization" and re.search(r"(?:این|آن)\s+کشور$", phrase.strip()):
            # "وزارت خارجه این کشور" after "وزارت خارجه سودان": the one such body already quoted
            near = {id(_root(x)): _root(x) for x in speakers if x.kind == "organization" and compatible(x.key, key)}
            hit = next(iter(near.values())) if len(near) == 1 else None
        if hit is None and kind in ("organization", "media"):  # "خبرگزاری فارس" and "فارس": one curated body
            en = organization_en(phrase)
            hit = next((x for x in speakers if en and x.kind in ("organization", "media") and x.en == en), None)
        return hit
    if p.name is not None:
        ws = p.words(text)
        for x in reversed(speakers):
            if x.name is None:
                continue
            xw = [S.fold(w) for w in _WORD.findall(text[x.name[0]:x.name[1]])]
            if ws and xw and ws[-1] == xw[-1] and (len(ws) == 1 or len(xw) == 1 or ws[0] == xw[0]):
                if x.title is None and p.title is not None:
                    x.title = p.title
                if x.honorific is None:
                    x.honorific = p.honorific
                if len(ws) > len(xw):
                    x.name = p.name
                return x
        return None
    tk = S.fold(text[p.title[0]:p.title[1]])  # type: ignore[index]
    held = [x for x in speakers if x.title and S.fold(text[x.title[0]:x.title[1]]) == tk]
    if held:
        return held[-1]
    near = {id(_root(x)): _root(x) for x in speakers if x.title and compatible(text[x.title[0]:x.title[1]], tk)}
    return next(iter(near.values())) if len(near) == 1 else None


def _person_like(text: str, sp: _Speaker) -> bool:
    """A speaker "وی" can stand for: a named person, or an official whose title is singular."""
    if sp.kind not in ("named", "official"):
        return False
    if sp.person:
        return True
    if sp.title is not None:  # "مسئولان دولتی", "فرماندهان", "مقامات": plural, not "وی"
        head = _WORD.findall(text[sp.title[0]:sp.title[1]])[:1]
        return not (head and _plural(head[0]))
    return False


def _plural(word: str) -> bool:
    """A plural title noun: without its plural ending it is a title ("مسئولان" مسئول, "مقامات"
    مقام, "فرماندهان" فرمانده); "دادستان" is singular."""
    w = word.replace("\u200c", "")
    for suf in ("های", "ها", "یان", "گان", "ان", "ات"):
        stem = w[:-len(suf)] + ("ه" if suf == "گان" else "")
        if w.endswith(suf) and len(stem) >= 2:
            m = S.officials().match_at(stem, 0)
            if m is not None and m.end == len(stem):
                return True
    return False


def _media_key(key: str) -> str:
    """A medium's folded name without the word for what it is ("کانال تلگرامی", "خبرگزاری")."""
    k = key.replace("«", "").replace("»", "").strip()
    for w in sorted(_MEDIA_WORDS, key=len, reverse=True):
        if k.startswith(w + " "):
            return k[len(w) + 1:].strip()
    return k


def _merge_titles(text: str, speakers: list[_Speaker]) -> None:
    """A speaker known only by a title ("وزیر امور خارجه", often the lead) is the one named
    speaker with that title, when there is exactly one."""
    for x in speakers:
        if x.name is not None or x.title is None:
            continue
        tk = S.fold(text[x.title[0]:x.title[1]])
        holders = [y for y in speakers if y is not x and y.name is not None and y.title is not None
                   and S.fold(text[y.title[0]:y.title[1]]) == tk]
        if not holders:  # "وزیر علوم" in the lead, "غلامی، وزیر علوم، تحقیقات و فناوری" in the body
            holders = list({id(_root(y)): _root(y) for y in speakers if y is not x and y.name is not None
                            and y.title is not None and compatible(text[y.title[0]:y.title[1]], tk)}.values())
        if len(holders) == 1 and _root(holders[0]) is not x:
            x._into = holders[0]  # type: ignore[attr-defined]


def _tokens_en(s: str) -> set[str]:
    s = re.sub(r"\((?:since|from)?\s*\d{4}[^)]*\)", " ", s.lower())
    return {w for w in re.findall(r"[a-z]+", s) if w not in ("of", "the", "and")}


def _merge_roles(text: str, speakers: list[_Speaker], year: Optional[int]) -> None:
    """A title alone ("رئیس جمهور آمریکا") is the one named speaker whose curated role, held in
    the article's year, says the same ("Biden": "US president (2021–2025)")."""
    for x in speakers:
        if x.name is not None or x.title is None or _root(x) is not x:
            continue
        ten = _title_en(text, x.title)
        if not ten:
            continue
        want = _tokens_en(ten) | ({"iranian"} if any(w in _WORD.findall(text[x.title[0]:x.title[1]]) for w in ("کشورمان",)) else set())
        cands = {}
        for y in speakers:
            y = _root(y)
            if y is x or y.name is None or not y.person:
                continue
            role = person_role(text[y.name[0]:y.name[1]])
            if role and holds_office(role, year) and want <= _tokens_en(role):
                cands[id(y)] = y
        if len(cands) == 1:
            x._into = next(iter(cands.values()))  # type: ignore[attr-defined]


def _merge_lead(text: str, speakers: list[_Speaker]) -> None:
    """News opens on a title ("نماینده مردم X در مجلس گفت") and names its holder in the body: a
    title alone in the first sentence with no holder found joins the one named person of the
    article whose title is not known, when there is exactly one."""
    end = re.search(r"[.!؟?\n]", text)
    lead_end = end.end() if end else len(text)
    for x in speakers:
        if x.name is not None or x.title is None or _root(x) is not x or x.kind != "official":
            continue
        if not x.mentions or min(m[0] for m in x.mentions) >= lead_end:
            continue
        cands = {id(_root(y)): _root(y) for y in speakers if _root(y) is not x and _root(y).name is not None
                 and _root(y).person}
        untitled = [y for y in cands.values() if y.title is None]
        if len(untitled) == 1:
            x._into = untitled[0]  # type: ignore[attr-defined]
            untitled[0].title = x.title


def _merge_names(text: str, speakers: list[_Speaker]) -> None:
    """Two speakers that turn out to carry one person's name (a title alone whose holder the
    article names beside it elsewhere, and that person's own mentions) are one speaker."""
    for i, x in enumerate(speakers):
        if x.name is None or not x.person or _root(x) is not x:
            continue
        xw = [S.fold(w) for w in _WORD.findall(text[x.name[0]:x.name[1]])]
        for y in speakers[:i]:
            y = _root(y)
            if y is x or y.name is None or not y.person:
                continue
            yw = [S.fold(w) for w in _WORD.findall(text[y.name[0]:y.name[1]])]
            if xw and yw and xw[-1] == yw[-1] and (len(xw) == 1 or len(yw) == 1 or xw[0] == yw[0]):
                x._into = y  # type: ignore[attr-defined]
                if y.title is None:
                    y.title = x.title
                break
