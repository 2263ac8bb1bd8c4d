"""Event records (PLOVER category, actor, action, target, place, time) linked to their sources.

Why: "US forces transferred 750 ISIS members" must be stored as a claim of the anonymous
sources who said it, not as a fact the outlet asserts, and an analyst wants it in the
shape event data sets use (PLOVER categories, ACLED precision codes). Triggers and their
participant frames are data (rawi/lexicons/events.txt); this module reads the clause
around each trigger with Persian word-order rules:

- active verb (act): the subject is the noun phrase opening the clause (after adverbs and
  an opening "به گزارش …،"), the target the را-object or the به/علیه-object;
- passive or unaccusative (pass): the noun phrase right before the verb is the target,
  the agent follows توسط / به دست / از سوی;
- event noun: its ezafe complement is the actor (حمله داعش) or the target (ترور سفیر),
  به/علیه after it the target, توسط/از سوی the actor.

Place is the gazetteer place in the same sentence (the one after "در" in the clause
first), time the nearest time expression in the sentence.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Optional, Sequence

from ..doc import Doc
from ..schema import Attribution, Entity, Event, Place, Span, TimeExpr
from . import lexmatch
from .intervals import SpanIndex

LEXICON = "events.txt"
FRAMES = ("act", "intr", "pass", "n-agent", "n-patient", "n-none")
# Function words that end a noun phrase (و is allowed inside: "آمریکا و انگلیس").
STOP = frozenset("از به در با بر برای را که یا تا توسط علیه طی پس پیش درباره بین میان مقابل نزد "
                 "هم نیز است بود شد کرد کردند می".split())
PREP = frozenset("از به در با بر برای تا طی پس پیش درباره علیه مقابل".split())
MAX_NP = 6
# ACLED-style precision from the gazetteer feature of the place.
GEO_PRECISION = {"city": 1, "town": 1, "village": 1, "facility": 1, "neighbourhood": 1, "district": 2,
                 "region": 2, "desert": 2, "mountain": 2, "river": 2, "area": 2, "border": 2,
                 "province": 3, "state": 3, "country": 3, "continent": 3}

Tok = tuple[int, int]


def _section(name: str) -> tuple[lexmatch.Entry, ...]:
    return lexmatch.load(LEXICON, name)


def _is(doc: Doc, tok: Tok, section: str) -> bool:
    return _word_is(doc.text[tok[0]:tok[1]], section)


@lru_cache(maxsize=65536)
def _word_is(word: str, section: str) -> bool:
    """Does ``word`` belong to a word-list section of the lexicon (cached: called per token)?"""
    return lexmatch.fullmatch_any(word, _section(section))


def _stop(doc: Doc, tok: Tok) -> bool:
    """Function word, punctuation, verb or clause opener: a noun phrase ends here."""
    w = doc.text[tok[0]:tok[1]]
    return (w in STOP or not w[0].isalnum() or _is(doc, tok, "verb") or _is(doc, tok, "clause")
            or (not w[0].isdigit() and _is(doc, tok, "adverb")))


def _span(doc: Doc, toks: Sequence[Tok]) -> Optional[Span]:
    while toks and (doc.text[toks[-1][0]:toks[-1][1]] == "و" or _stop(doc, toks[-1])):
        toks = toks[:-1]
    while toks and doc.text[toks[0][0]:toks[0][1]] == "و":
        toks = toks[1:]
    return doc.span(toks[0][0], toks[-1][1]) if toks else None


def _forward(doc: Doc, toks: Sequence[Tok], i: int, *, limit: int = MAX_NP, quantifier_of: bool = True,
             skip_modifiers: bool = False) -> list[Tok]:
    """Noun phrase starting at toks[i], read rightwards until a function word or punctuation."""
    out: list[Tok] = []
    extra = 0  # "از" after a quantifier does not count towards the limit
    while skip_modifiers and i < len(toks) and _is(doc, toks[i], "modifier"):
        i += 1
    while i < len(toks) and len(out) < limit + extra:
        t = toks[i]
        w = doc.text[t[0]:t[1]]
        if w == "از" and quantifier_of and out and _is(doc, out[-1], "quantifier"):
            out.append(t)
            extra += 1
            i += 1
            continue
        if _stop(doc, t):
            break
        out.append(t)
        i += 1
    return out


def _backward(doc: Doc, toks: Sequence[Tok], j: int, lo: int = 0) -> list[Tok]:
    """Noun phrase ending at toks[j], read leftwards; stops after a determiner or number."""
    out: list[Tok] = []
    while j >= lo and len(out) < MAX_NP:
        t = toks[j]
        w = doc.text[t[0]:t[1]]
        if w == "از" and j - 1 >= lo and _is(doc, toks[j - 1], "quantifier"):
            out.insert(0, t)
            j -= 1
            continue
        if (_stop(doc, t) and not w[0].isdigit()) or w == "و":
            break
        out.insert(0, t)
        if w[0].isdigit() or _is(doc, t, "determiner") or _is(doc, t, "quantifier"):
            break
        j -= 1
    return out


def _clause_start(doc: Doc, sent: tuple[int, int], pos: int, attributions: Sequence[Attribution]) -> int:
    """Where the clause holding ``pos`` begins: sentence, attributed content, after که or a colon."""
    start = sent[0]
    for a in attributions:
        if a.content.start <= pos < a.content.end:
            start = max(start, a.content.start)
    return max(start, _clause_scan(doc, pos)[0])


def _clause_scan(doc: Doc, pos: int) -> tuple[int, list[tuple[int, int]]]:
    """Start of the clause holding ``pos`` and the closed relative clauses inside it.

    که after a verb (گفت که، است که) or a colon/semicolon opens a new clause. که after a noun
    opens a relative clause, and the next comma closes it ("زندان الصناعه که محل نگهداری
    عناصر این گروه است، به این زندان حمله کردند"): its words belong to no participant.
    """
    toks = [t for t in doc.sentence_tokens(doc.sentence_index(pos)) if t[1] <= pos]
    start, open_rel, closed = 0, [], []
    for k, t in enumerate(toks):
        w = doc.text[t[0]:t[1]]
        if w in (":", "؛") or _is(doc, t, "clause"):
            start, open_rel, closed = t[1], [], []
        elif w == "که":
            prev = toks[k - 1] if k else None
            if prev is None or _is(doc, prev, "verb") or doc.text[prev[0]:prev[1]] in ("،", ","):
                start, open_rel, closed = t[1], [], []
            else:
                open_rel.append(t[0])
        elif w in ("،", ",") and open_rel:
            closed.append((open_rel.pop(), t[1]))
    if open_rel:  # an unclosed که: the trigger is inside that relative clause
        start = max(start, doc.text.index("که", open_rel[-1]) + 2)
        closed = [c for c in closed if c[0] >= start]
    return start, closed


def _subject(doc: Doc, toks: Sequence[Tok], end_pos: int) -> list[Tok]:
    """The noun phrase opening the clause ``toks`` (tokens before the trigger), or []."""
    i = 0
    while i < len(toks):
        t = toks[i]
        hit = next((e for e in _section("adverb") if (m := e.regex.match(doc.text, t[0])) and m.end() <= end_pos), None)
        if hit is not None:
            m = hit.regex.match(doc.text, t[0])
            while i < len(toks) and toks[i][0] < m.end():
                i += 1
            continue
        w = doc.text[t[0]:t[1]]
        if w in ("،", ",", "و"):
            i += 1
            continue
        if _is(doc, t, "temporal"):  # "دقایقی قبل از این عملیات، صهیونیست‌ها …": subject after the comma
            comma = next((k for k in range(i, len(toks)) if doc.text[toks[k][0]:toks[k][1]] in ("،", ",")), None)
            if comma is not None:
                i = comma + 1
                continue
        if w in PREP:  # an opening prepositional phrase: the subject may follow its comma
            comma = next((k for k in range(i, len(toks)) if doc.text[toks[k][0]:toks[k][1]] in ("،", ",")), None)
            if comma is None:
                return []
            i = comma + 1
            continue
        break
    return _forward(doc, toks, i)


def _after_prep(doc: Doc, toks: Sequence[Tok], words: Sequence[str]) -> Optional[list[Tok]]:
    """NP after the last of ``words`` (a preposition) in ``toks``."""
    for k in range(len(toks) - 1, -1, -1):
        if doc.text[toks[k][0]:toks[k][1]] in words:
            np = _forward(doc, toks, k + 1)
            return np or None
    return None


def _agent(doc: Doc, toks: Sequence[Tok], lo: int, hi: int, trig: tuple[int, int]) -> Optional[Span]:
    """NP after توسط / به دست / از سوی within [lo, hi), never running into the trigger."""
    for e in _section("agent"):
        for m in e.regex.finditer(doc.text, lo, hi):
            side = [t for t in toks if (t[1] <= trig[0]) == (m.end() <= trig[0]) and not (t[0] < trig[1] and t[1] > trig[0])]
            toks_side = side
            k = next((i for i, t in enumerate(toks_side) if t[0] >= m.end()), None)
            if k is not None:
                sp = _span(doc, _forward(doc, toks_side, k))
                if sp is not None:
                    return sp
    return None


def _roles(doc: Doc, frame: str, before: list[Tok], after: list[Tok], sent_toks: list[Tok],
           trig: tuple[int, int], clause_lo: int, places: Sequence[Place] = ()) -> tuple[Optional[Span], Optional[Span]]:
    actor = target = None
    sent_end = sent_toks[-1][1] if sent_toks else trig[1]
    if frame == "act":
        rak = max((k for k, t in enumerate(before) if doc.text[t[0]:t[1]] == "را"), default=None)
        obj_start = trig[0]
        if rak is not None:
            np = _backward(doc, before, rak - 1)
            target = _span(doc, np)
            obj_start = np[0][0] if np else before[rak][0]
        else:
            k = max((k for k, t in enumerate(before) if doc.text[t[0]:t[1]] in ("به", "علیه", "با")
                     and not (k + 1 < len(before) and _is(doc, before[k + 1], "not_target"))), default=None)
            if k is not None:
                target = _span(doc, _forward(doc, before, k + 1))
                obj_start = before[k][0]
        actor = _span(doc, [t for t in _subject(doc, before, trig[0]) if t[1] <= obj_start])
    elif frame in ("pass", "intr"):
        agent = _agent(doc, sent_toks, clause_lo, sent_end, trig)
        np = _backward(doc, before, len(before) - 1)
        k0 = before.index(np[0]) if np else 0
        if (not np or (k0 > 0 and doc.text[before[k0 - 1][0]:before[k0 - 1][1]] in PREP)
                or (agent is not None and agent.start <= np[0][0] < agent.end)):
            # a prepositional phrase or the agent itself sits before the verb: read the clause subject
            np = [t for t in _subject(doc, before, trig[0]) if agent is None or t[1] <= agent.start]
        if not np:  # "سربازانی که … کشته شده‌اند": the noun the relative clause hangs on
            k = next((i for i in range(len(sent_toks) - 1, -1, -1) if sent_toks[i][1] <= clause_lo), None)
            if k is not None and k > 0 and doc.text[sent_toks[k][0]:sent_toks[k][1]] == "که":
                np = _backward(doc, sent_toks, k - 1)
        if frame == "pass":
            target = _span(doc, np)
            actor = agent
        else:
            actor = _span(doc, np)
        if frame == "pass" and target is None:
            target = _span(doc, _after_prep(doc, before, ("به",)) or [])
    elif frame in ("n-agent", "n-patient"):
        comp = _forward(doc, after, 0, skip_modifiers=True)
        if before and _is(doc, before[-1], "determiner") and not _is(doc, before[-1], "quantifier"):
            comp = []  # "این حمله": an anaphoric mention, what follows is not its complement
        if comp and _is(doc, comp[0], "temporal"):
            comp = []  # "درگیری‌ها بعد از آن …": a time phrase, not a participant
        if len(comp) == 1 and (_is(doc, comp[0], "quantifier") or (
                len(after) > 1 and after.index(comp[0]) + 1 < len(after) and _is(doc, after[after.index(comp[0]) + 1], "verb"))):
            comp = []  # a lone word before a verb is its predicate or preverb (گزارش شده است), not a complement
        nxt = len(comp) + next((i for i, t in enumerate(after) if not _is(doc, t, "modifier")), 0) if comp else 0
        obj = None
        if nxt < len(after) and doc.text[after[nxt][0]:after[nxt][1]] in ("به", "علیه"):
            obj = _span(doc, _forward(doc, after, nxt + 1))
        elif not comp and after and doc.text[after[0][0]:after[0][1]] in ("به", "علیه"):
            obj = _span(doc, _forward(doc, after, 1))
        if frame == "n-agent":
            located = comp and (_is(doc, comp[0], "location") or any(p.start < comp[-1][1] and comp[0][0] < p.end for p in places))
            actor, target = (None if located else _span(doc, comp)), obj
        else:
            target = _span(doc, comp) or obj
        agent = _agent(doc, sent_toks, trig[1], sent_end, trig)
        if agent is not None:
            actor = agent
    return actor, target


def _irrealis_before(doc: Doc, pos: int) -> bool:
    """Is the event noun at ``pos`` governed by plan/purpose/wish words (one word back, or two over به/از)?"""
    prev = doc.text[max(0, pos - 40):pos].split()[-2:]
    if prev and prev[-1] in ("به", "از") and len(prev) == 2:
        prev = prev[:1]
    return bool(prev) and lexmatch.fullmatch_any(prev[-1], _section("irrealis"))


def _word_in(word: str, section: str) -> bool:
    return lexmatch.fullmatch_any(word, _section(section))


def _subjunctive_after(doc: Doc, start: int, end: int) -> bool:
    """Is the event noun followed by a present-subjunctive light verb (حمله کند، توقیف کنند)?

    Persian marks unrealised events (purpose, attempt, intention, wish) with the subjunctive;
    a realised ability (توانستند او را مهار کنند "they managed to stop him") is the exception.
    """
    m = _NEXT_WORD.match(doc.text, end)
    if not m or not _word_in(m.group(1), "subjunctive"):
        return False
    prev = doc.text[max(0, start - 60):start].split()[-6:]
    return not any(_word_in(w, "realised_modal") for w in prev)


def _failed_attempt(doc: Doc, start: int, sent_end: int) -> bool:
    """"موفق به حمله به کنست نشد" (did not manage to attack): the negated verb closes the phrase."""
    prev = doc.text[max(0, start - 20):start].split()[-2:]
    if prev != ["موفق", "به"]:
        return False
    m = _FAILED.search(doc.text, start, min(sent_end, start + 60))
    return m is not None


_FAILED = re.compile(r"(?<![\w\u200c])(?:نشد|نشدند|نشده|نگردید|نگردیدند|نمی‌شود|نمی‌شوند)(?![\w\u200c])")


def _modal_before(doc: Doc, start: int, clause_lo: int) -> bool:
    """A modal or intention word (باید، قرار است، قصد دارد) a few words back in the same clause."""
    prev = doc.text[max(clause_lo, start - 50):start].split()[-5:]
    return any(_word_in(w, "modal") for w in prev)


def _non_event_context(doc: Doc, category: str, start: int, end: int, sent: tuple[int, int]) -> bool:
    """A cue word near the trigger that gives it a non-event reading (see @context in the lexicon):
    a gun salute (شلیک … به افتخار), an earthquake (در اثر زلزله … تخریب شد), a prison visit
    (ملاقات با اسرا), a sports fixture, a verbal or media "attack" (حمله لفظی)."""
    lo, hi = max(sent[0], start - CONTEXT_REACH), min(sent[1], end + CONTEXT_REACH)
    window = doc.text[lo:hi]
    for e in _section("context"):
        cat = e.fields[0] if e.fields else ""
        if cat in (category, "*") and e.regex.search(window):
            return True
    return False


def _with_media(doc: Doc, pos: int) -> bool:
    m = re.compile(r"[\s\u200c]+با[\s\u200c]+([\w\u200c]+)").match(doc.text, pos)
    return bool(m) and lexmatch.fullmatch_any(m.group(1), _section("media"))


def _adjectival_participle(doc: Doc, start: int, end: int) -> bool:
    """A bare participle (… شده، … کرده) with no auxiliary after it and a noun before it."""
    if not re.search(r"(?:شده|کرده|داده)$", doc.text[start:end]):
        return False
    m = _NEXT_WORD.match(doc.text, end)
    nxt = m.group(1) if m else ""
    if nxt in ("است", "بود", "بودند", "اند", "باشد", "باشند", "و") or doc.text[end:end + 1] in "،.؛":
        return False
    prev = doc.text[max(0, start - 30):start].split()
    return bool(prev) and prev[-1] not in STOP and prev[-1] != "را"


def _next_word_end(doc: Doc, pos: int, word: str) -> int:
    """End of the next word when it is ``word``, else ``pos`` (so callers see no participle)."""
    m = _NEXT_WORD.match(doc.text, pos)
    return m.end() if m and m.group(1) == word else pos


def _negated_light_verb(doc: Doc, pos: int) -> bool:
    """Is the word after ``pos`` a negated light verb (نکرد، نشد، نمی‌کند …)?"""
    m = _NEXT_WORD.match(doc.text, pos)
    return bool(m) and lexmatch.fullmatch_any(m.group(1), _section("negated"))


_NEXT_WORD = re.compile(r"[\s\u200c]+([\w\u200c]+)")


def _geo_precision(place: Place) -> int:
    return GEO_PRECISION.get((place.feature or "").lower(), 2 if place.feature else 1)


def time_precision(t: Optional[TimeExpr]) -> int:
    """ACLED-style: 1 a day, 2 within a month, 3 wider or unknown."""
    if t is None:
        return 3
    v = t.value
    try:
        if "/" in v:
            a, b = (date.fromisoformat(x) for x in v.split("/", 1))
            n = (b - a).days
            return 1 if n <= 1 else 2 if n <= 31 else 3
        return {10: 1, 7: 2}.get(len(v), 3)
    except ValueError:
        return 3


CONTEXT_REACH = 60  # characters either side of a trigger where a @context cue counts
PLACE_REACH = 40  # characters after the trigger/target where a در-place still belongs to the event
LOCATIVE = ("در", "مقابل", "نزدیکی", "اطراف", "حومه", "داخل", "کنار")


def _place(doc: Doc, places: Sequence[Place], sent: tuple[int, int], clause_lo: int, trig: tuple[int, int],
           actor: Optional[Span] = None, target: Optional[Span] = None) -> Optional[Place]:
    """Where the event happened: a place after در/مقابل/… in the clause, else the place attacked
    (the target), else another place of the clause. Places standing for an actor (واشنگتن as
    the US government, the actor's own country) are skipped."""
    def overlaps(p: Place, s: Optional[Span]) -> bool:
        return s is not None and p.start < s.end and s.start < p.end

    inside = [p for p in places if sent[0] <= p.start and p.end <= sent[1]
              and (p.feature or "") != "metonym" and not overlaps(p, actor)]
    if not inside:
        return None
    near = lambda p: (p.start < trig[0], abs(p.start - trig[0]))  # noqa: E731  after the trigger first
    clause = [p for p in inside if p.start >= clause_lo]
    located = [p for p in clause if set(doc.text[max(0, p.start - 14):p.start].split()[-2:]) & set(LOCATIVE)]
    reach = max(trig[1], target.end if target else 0) + PLACE_REACH
    close = [p for p in located if trig[0] <= p.start <= reach]
    if close:  # "حمله داعش به زندان الصناعه در شهر الحسکه"
        return min(close, key=near)
    hit = [p for p in clause if overlaps(p, target)]
    if hit:  # the place attacked
        return hit[0]
    if located:
        return min(located, key=near)
    # a bare country name is more often an actor or an affiliation (وابسته به آمریکا) than a venue
    rest = [p for p in clause if GEO_PRECISION.get((p.feature or "").lower()) != 3]
    return min(rest, key=near) if rest else None


class _BySentence:
    """Per sentence: the attributions whose content overlaps it, the places overlapping it
    and the times inside it (in their given order), each computed once by bisection.

    Every use below only looks at records of the trigger's own sentence, so these lists
    give the same results as the whole lists did, without a scan per trigger."""

    def __init__(self, doc: Doc, attributions: Sequence[Attribution], places: Sequence[Place], times: Sequence[TimeExpr]):
        self.doc = doc
        self.atts = SpanIndex(attributions, lambda a: (a.content.start, a.content.end))
        self.places = SpanIndex(places)
        self.times = SpanIndex(times)
        self.cache: dict[int, tuple[list, list, list]] = {}

    def __call__(self, si: int) -> tuple[list, list, list]:
        hit = self.cache.get(si)
        if hit is None:
            s, e = self.doc.sentences[si]
            hit = self.cache[si] = (self.atts.overlapping(s, e), self.places.overlapping(s, e), self.times.within(s, e))
        return hit


def annotate_events(doc: Doc, attributions: Sequence[Attribution] = (), entities: Sequence[Entity] = (),
                    places: Sequence[Place] = (), times: Sequence[TimeExpr] = ()) -> list[Event]:
    """PLOVER events in ``doc``, each linked to the attributions whose content holds its trigger."""
    out: list[Event] = []
    by_sentence = _BySentence(doc, attributions, places, times)
    for h in lexmatch.find(doc.text, lexmatch.load(LEXICON)):
        category, frame, gloss = (list(h.entry.fields) + ["", "", ""])[:3]
        if frame not in FRAMES:
            raise ValueError(f"{LEXICON}:{h.entry.line}: unknown frame {frame!r}")
        if frame.startswith("n-") and _negated_light_verb(doc, h.end):
            continue  # "حمله نکرد": a denied event is not an event
        if frame.startswith("n-") and _irrealis_before(doc, h.start):
            continue  # "طرح حمله به ایران": a planned or wanted event has not happened
        word = doc.text[h.start:h.end]
        if _word_in(word, "not_trigger") or _word_in(word.split()[-1], "not_trigger"):
            continue  # "خبرنگار اعزامی": an adjective or agent noun built on the event stem
        m = _NEXT_WORD.match(doc.text, h.end)
        if frame.startswith("n-") and m and _word_in(m.group(1), "compound_head"):
            continue  # "ملاقات کنندگان" visitors, "حمله لفظی" a verbal attack
        if frame.startswith("n-") and _subjunctive_after(doc, h.start, h.end):
            continue  # "سعی کرده تا به کنست حمله کند": attempted or intended, not reported
        if _non_event_context(doc, category, h.start, h.end, doc.sentences[doc.sentence_index(h.start)]):
            continue
        if frame.startswith("n-") and _failed_attempt(doc, h.start, doc.sentences[doc.sentence_index(h.start)][1]):
            continue
        if category == "CONSULT" and _with_media(doc, h.end):
            continue  # "در گفت‌وگو با خبرنگار …": an interview, not a meeting
        if frame.startswith("n-") and _adjectival_participle(doc, h.start, _next_word_end(doc, h.end, "شده")):
            continue  # "خودروی بمب‌گذاری شده": a booby-trapped car, not a bombing
        if frame in ("act", "pass") and _adjectival_participle(doc, h.start, h.end):
            continue  # "اسرای آزاد شده": a participle describing a noun
        if frame in ("act", "pass", "intr") and re.search(r"(?:دن|تن)$", doc.text[h.start:h.end]):
            frame = "n-patient"  # an infinitive (کشته شدن کودکان) is a noun: its complement is the patient
        si = doc.sentence_index(h.start)
        sent = doc.sentences[si]
        sent_toks = doc.sentence_tokens(si)
        s_atts, s_places, s_times = by_sentence(si)
        lo = _clause_start(doc, sent, h.start, s_atts)
        if _modal_before(doc, h.start, lo):
            continue  # "یا باید با اشغالگران مذاکره می‌کرد": an option or obligation, not an event
        closed = _clause_scan(doc, h.start)[1]
        before = [t for t in sent_toks if t[0] >= lo and t[1] <= h.start
                  and not any(a <= t[0] < b for a, b in closed)]
        after = [t for t in sent_toks if t[0] >= h.end]
        actor, target = _roles(doc, frame, before, after, sent_toks, (h.start, h.end), lo, s_places)
        place = _place(doc, s_places, sent, lo, (h.start, h.end), actor, target)
        in_sent = s_times
        tm = min(in_sent, key=lambda t: abs(t.start - h.start)) if in_sent else None
        atts = sorted(a.id for a in s_atts if a.content.start <= h.start and h.end <= a.content.end)
        out.append(Event(
            category=category, trigger=doc.span(h.start, h.end), action_en=gloss or None,
            actor=actor, target=target,
            place=doc.span(place.start, place.end) if place else None,
            time=doc.span(tm.start, tm.end) if tm else None,
            geo_precision=_geo_precision(place) if place else None,
            time_precision=time_precision(tm),
            attributions=atts, asserted_by="source" if atts else "outlet"))
    return out
