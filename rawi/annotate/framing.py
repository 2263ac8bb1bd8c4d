"""Loaded language and labels, with a SemEval-2023 technique and whose voice they are in.

Why: a Persian state outlet frames as much as it reports ("نظامیان تروریست آمریکایی",
"توطئه", "غارت نفت سوریه"), and an analyst must know whether the outlet says it in its own
narration or relays it inside someone's quoted or reported words. Terms, techniques and
glosses live in rawi/lexicons/framing.txt; this module finds them, applies the one
context rule that data alone cannot express (is "terrorist" a label or the conventional
term for a designated group?) and assigns the voice from the attributions.
"""
from __future__ import annotations

from typing import Sequence, Union

from ..doc import Doc
from ..schema import Attribution, Framing
from . import lexmatch
from .hedges import AttributionIndex

LEXICON = "framing.txt"
BLOCKER = "-"
TERROR_FRAME = "terror_label"
# Words that end a noun phrase: prepositions, postpositions, conjunctions, complementiser.
NP_STOP = frozenset("از به در با بر برای را که و یا تا توسط علیه طی پس پیش درباره دربارهٔ بین میان".split())
NP_REACH = 3  # tokens on each side of "terrorist" inside its noun phrase


def _np_window(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character span of the noun phrase around [start, end): stops at prepositions and punctuation."""
    toks = doc.sentence_tokens(doc.sentence_index(start))
    idx = [i for i, (s, e) in enumerate(toks) if s < end and e > start]
    if not idx:
        return start, end
    lo, hi = idx[0], idx[-1]

    def ok(i: int) -> bool:
        s, e = toks[i]
        w = doc.text[s:e]
        return (w not in NP_STOP and (w[0].isalnum() or w[0] == "\u200c")
                and not lexmatch.fullmatch_any(w, lexmatch.load("events.txt", "verb")))

    for _ in range(NP_REACH):
        if lo - 1 >= 0 and ok(lo - 1):
            lo -= 1
        else:
            break
    for _ in range(NP_REACH):
        if hi + 1 < len(toks) and ok(hi + 1):
            hi += 1
        else:
            break
    return toks[lo][0], toks[hi][1]


def is_terror_label(doc: Doc, start: int, end: int) -> bool:
    """Is "terrorist" at [start, end) a label rather than the usual name of a designated group?

    "Terrorist" after an act noun (terrorist attack) describes the deed: not a label.
    Designated group in the same noun phrase → conventional term. A state actor word there
    (army, forces, American, Zionist ...) → label. Otherwise a label unless the article
    mentions a designated group at all (then bare "the terrorists" most likely means it).
    """
    lo, hi = _np_window(doc, start, end)
    before = doc.text[max(lo, start - 30):start].split()
    if before and lexmatch.fullmatch_any(before[-1], lexmatch.load(LEXICON, "act")):
        return False  # "عملیات تروریستی": a deed described, no actor labelled
    designated = lexmatch.load(LEXICON, "designated")
    if lexmatch.any_match(doc.text, designated, lo, hi):
        return False
    if lexmatch.any_match(doc.text, lexmatch.load(LEXICON, "state"), lo, hi):
        return True
    return not lexmatch.any_match(doc.text, designated)


def is_nominal_report(doc: Doc, a: Attribution) -> bool:
    """Is the content a noun phrase the outlet wrote ("منابع از انتقال … خبر دادند")?

    "Sources reported the transfer of X by Y" wraps the sources' news in the outlet's own
    nominalisation: the wording, labels included, is the outlet's. A که-clause or a quote
    keeps the source's wording.
    """
    if a.content.start > a.cue.start:
        return False
    before = doc.text[max(0, a.content.start - 4):a.content.start].split()
    first = doc.text[a.content.start:a.content.end].split()[:1]
    return (bool(before) and before[-1] == "از") or first == ["از"]


def _state_in_np(doc: Doc, start: int, end: int) -> bool:
    lo, hi = _np_window(doc, start, end)
    return lexmatch.any_match(doc.text, lexmatch.load(LEXICON, "state"), lo, hi)


def voice_of(doc: Doc, start: int, end: int, attributions: Union[Sequence[Attribution], AttributionIndex]) -> tuple[str, int | None]:
    """("attributed", id) inside an attribution's content, ("outlet", id) inside a nominalised
    report the outlet worded itself, ("outlet", None) in the outlet's narration."""
    index = attributions if isinstance(attributions, AttributionIndex) else AttributionIndex(attributions, cue=False)
    a = index.at(start, end)
    if a is None:
        return "outlet", None
    return ("outlet" if is_nominal_report(doc, a) else "attributed"), a.id


def annotate_framing(doc: Doc, attributions: Sequence[Attribution] = ()) -> list[Framing]:
    """Labels and loaded terms in ``doc`` with technique, frame, gloss and voice."""
    out: list[Framing] = []
    index = AttributionIndex(attributions, cue=False)
    for h in lexmatch.find(doc.text, lexmatch.load(LEXICON)):
        technique, frame, gloss = (list(h.entry.fields) + ["", "", ""])[:3]
        if technique == BLOCKER:
            continue
        if frame == TERROR_FRAME and h.entry.phrase.startswith("تروریست") and not is_terror_label(doc, h.start, h.end):
            continue
        start, end = h.start, h.end
        if frame == TERROR_FRAME and h.entry.phrase.startswith("تروریست"):
            if out and doc.text[out[-1].end:h.start].strip() == "" and out[-1].technique == technique:
                # "گروهک‌های تروریستی": one labelling phrase, not two
                prev = out.pop()
                start = prev.start
            elif _state_in_np(doc, h.start, h.end):
                start, end = _np_window(doc, h.start, h.end)  # "نظامیان تروریست آمریکایی": the labelled phrase
        voice, att = voice_of(doc, start, end, index)
        out.append(Framing(text=doc.text[start:end], start=start, end=end, technique=technique,
                           voice=voice, attribution=att, gloss_en=gloss or None, frame=frame or None))
    return out


def summary_lines(framing: Sequence[Framing], hedges: Sequence = (), events: Sequence = (), limit: int = 6) -> list[str]:
    """English lines for the text report: who frames, how sure, and which events rest on sources.

    Why here: the report must separate the outlet's own framing from what it relays, and
    the events it asserts from those only its sources claim; this keeps that logic next to
    the stage that decides voice.
    """
    lines: list[str] = []
    own = [f for f in framing if f.voice == "outlet"]
    rel = [f for f in framing if f.voice == "attributed"]
    lines.append(f"Framing: {len(framing)} loaded/labelling spans, {len(own)} in the outlet's own voice, "
                 f"{len(rel)} inside attributed content.")
    for label, group in (("outlet", own), ("attributed", rel)):
        for f in group[:limit]:
            who = "outlet" if label == "outlet" else f"attribution #{f.attribution}"
            lines.append(f"  [{who}] «{f.text}» {f.technique}" + (f" ({f.gloss_en})" if f.gloss_en else ""))
    if hedges:
        kinds: dict[str, int] = {}
        for h in hedges:
            kinds[h.kind] = kinds.get(h.kind, 0) + 1
        outlet_h = sum(1 for h in hedges if h.attribution is None)
        lines.append("Certainty cues: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
                     + f" ({outlet_h} in the outlet's voice).")
    if events:
        src = [e for e in events if e.asserted_by == "source"]
        lines.append(f"Events: {len(events)} ({len(src)} asserted only by sources, {len(events) - len(src)} by the outlet).")
        for e in list(events)[: 2 * limit]:
            who = f"claimed by attribution(s) {', '.join(map(str, e.attributions))}" if e.attributions else "outlet"
            parts = [e.category, f"«{e.trigger.text}»" + (f" ({e.action_en})" if e.action_en else "")]
            if e.actor:
                parts.append(f"actor «{e.actor.text}»")
            if e.target:
                parts.append(f"target «{e.target.text}»")
            if e.place:
                parts.append(f"at «{e.place.text}» (geo {e.geo_precision})")
            if e.time:
                parts.append(f"on «{e.time.text}» (time {e.time_precision})")
            lines.append("  " + " ".join(parts) + f" [{who}]")
    return lines
