"""Provenance: which outlet publishes the article, which desk, whom it relays, and per-claim chains.

Persian agencies sign an article in its first sentence or two:
  "به گزارش گروه بین‌الملل دفاع‌پرس، ..."        outlet + desk
  "به گزارش خبرنگار سیاسی خبرگزاری تسنیم، ..."   outlet + reporter desk
  "به گزارش خبرگزاری فارس از قزوین به نقل از روابط عمومی ...، ..."  outlet + bureau + relay
  "تهران- ایرنا- ..."  /  "خبرگزاری فارس: ..."   dateline
A claim's chain is outlet ← relayed outlet(s) ← the medium it passed through ← its source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..doc import Doc
from ..lexicons import rows
from ..schema import Attribution, ClaimChain, Desk, Outlet, Provenance
from . import sources as S
from . import wordscan
from .cues import B_END, B_START, loose

BYLINE_WINDOW = 3  # bylines sit in the first sentences (a title line may come first)
_BEH_GOZARESH = re.compile(B_START + loose("به گزارش") + B_END)
_BEH_NAGHL = re.compile(B_START + loose("به نقل از") + B_END)
_DESK_NOUN = re.compile(B_START + r"(?:گروه|سرویس|خبرنگار(?:ان)?|دبیرخانه|میز|تحریریه)" + B_END)
_DASH = r"\s*[-–—]\s*"
_AZ = re.compile(r"\s+از\s+")
_PR_OFFICE = re.compile(loose("روابط عمومی") + "|" + loose("پایگاه اطلاع‌رسانی") + "|" + loose("مرکز اطلاع‌رسانی")
                        + "|" + loose("دفتر رسانه"))
_REPORTER = re.compile(B_START + r"خبرنگار(?:ان)?" + B_END)


@dataclass
class Byline:
    start: int
    end: int
    outlet: Optional[S.LexHit] = None
    desk: Optional[tuple[int, int]] = None
    desk_en: Optional[str] = None
    relays: list[tuple[int, int, Optional[str]]] = field(default_factory=list)


@lru_cache(maxsize=None)
def _desks() -> S._Lexicon:
    return S._Lexicon([(r[0], r[1], "desk", "sg", False) for r in rows("desks.tsv")], suffix=False)


def _outlet_in(text: str, s: int, e: int, allow_ambiguous: bool) -> Optional[S.LexHit]:
    """The first unambiguous outlet in text[s:e]; an ambiguous name (فارس، حوزه، مهر) only when
    there is none: "به گزارش خبرنگار حوزه دولت خبرگزاری تسنیم" is Tasnim's government desk."""
    first_ambiguous = None
    for h in S.outlets().finditer(text, s, e):
        if not h.ambiguous:
            return h
        if allow_ambiguous and first_ambiguous is None:
            first_ambiguous = h
    return first_ambiguous


def _clause_end(text: str, s: int, limit: int) -> int:
    """End of the byline clause: the first comma, colon or sentence end."""
    m = re.compile(r"[،,:؛]|\.(?:\s|$)").search(text, s, limit)
    return m.start() if m else limit


def find_bylines(doc: Doc) -> list[Byline]:
    """The signature(s) of the publishing outlet near the top of the article.

    Computed once per Doc (attribution and provenance both read it); do not mutate."""
    return doc.memo("bylines", lambda: _find_bylines(doc))


def _find_bylines(doc: Doc) -> list[Byline]:
    text = doc.text
    out: list[Byline] = []
    sents = doc.sentences[:BYLINE_WINDOW]
    if not sents:
        return out
    limit = sents[-1][1]
    # Dateline: "تهران- ایرنا-" or "خبرگزاری فارس:" at the start of a line.
    for ls, le in sents:
        m = re.compile(r"(?:[^\s\-–—:،]{2,20}(?:\s[^\s\-–—:،]{2,20})?" + _DASH + r")?").match(text, ls)
        pos = m.end() if m else ls
        h = S.media_at(text, pos, le) or _outlet_in(text, pos, min(le, pos + 40), True)
        if h and h.start == pos:
            after = text[h.end:h.end + 3]
            if re.match(_DASH, after) or after.lstrip().startswith(":"):
                dash_end = h.end + len(re.match(r"\s*[-–—:]\s*", after).group(0))
                out.append(Byline(ls, dash_end, outlet=h))
                break
    for m in _BEH_GOZARESH.finditer(text, sents[0][0], limit):
        end = _clause_end(text, m.end(), limit)
        b = Byline(m.start(), end)
        relay = _BEH_NAGHL.search(text, m.end(), end)
        own_end = relay.start() if relay else end
        desk_m = _DESK_NOUN.search(text, m.end(), own_end)
        b.outlet = S.media_at(text, m.end() + 1, own_end) if text[m.end():m.end() + 1] == " " else None
        if b.outlet is None:
            b.outlet = _outlet_in(text, desk_m.end() if desk_m else m.end(), own_end, True)
            if b.outlet and desk_m is None:
                gap = text[m.end():b.outlet.start].split()
                if len(gap) > 1 or (gap and S.media_nouns().match_at(gap[0], 0) is None):
                    b.outlet = None  # "به گزارش رویترز" far from the start is an attribution
        if b.outlet is None:
            continue
        if desk_m and desk_m.start() < b.outlet.start:
            ds, de = desk_m.start(), b.outlet.start
            mn = S.media_nouns().finditer(text, desk_m.end(), de)
            for x in mn:
                if x.phrase not in ("خبرنگار", "خبرنگاران"):
                    de = x.start
                    break
            de = len(text[:de].rstrip())
            if _REPORTER.fullmatch(text, ds, de):
                de = ds  # a bare "خبرنگار" names no desk
        if desk_m and desk_m.start() < b.outlet.start and de > ds:
            b.desk = (ds, de)
            d = _desks().match_at(text, desk_m.end() + 1, de) if desk_m.end() < de else None
            b.desk_en = (d.en if d else None)
        if relay is None:
            # "به گزارش ایرنا از روابط عمومی وزارت بهداشت": از + an office or medium (not a city) relays.
            m_az = _AZ.match(text, b.outlet.end, end)
            if m_az and (_PR_OFFICE.match(text, m_az.end(), end) or S.media_at(text, m_az.end(), end)):
                relay = m_az
        if relay:
            rs = relay.end() + 1 if relay.re is _BEH_NAGHL else relay.end()
            r_out = S.media_at(text, rs, end) or _outlet_in(text, rs, min(end, rs + 30), True)
            if r_out and r_out.start == rs:
                b.relays.append((r_out.start, r_out.end, r_out.en))
            elif rs < end:
                b.relays.append((rs, end, S.classify(text, rs, end).name_en))
        b.end = end
        out.append(b)
        break  # the first signature is the outlet's own
    if not any(b.outlet for b in out):
        # "... در گفت‌وگو با خبرنگار اقتصادی خبرگزاری فارس ...": the outlet's own reporter.
        for m in _REPORTER.finditer(text, sents[0][0], limit):
            stop = min(_clause_end(text, m.end(), limit), m.end() + 60)
            h = _outlet_in(text, m.end(), stop, True)
            if h is None:
                continue
            b = Byline(m.start(), h.end, outlet=h)
            de = len(text[:h.start].rstrip())
            mn = next(iter(S.media_nouns().finditer(text, m.end(), de)), None)
            if mn is not None:
                de = len(text[:mn.start].rstrip())
            if de > m.end():
                b.desk = (m.start(), de)
                d = _desks().match_at(text, m.end() + 1, de)
                b.desk_en = d.en if d else None
            out.append(b)
            break
    return out


# "به گزارش خبرنگار ما،" (our reporter) signs for the outlet itself anywhere in the text.
_OUR_REPORTER = re.compile(B_START + loose("به گزارش") + r"\s+(?:خبرنگار(?:ان)?\s+)?(?:\S+\s+)?ما" + B_END)


def byline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Spans that sign for the outlet: not attributions."""
    spans = [(b.start, b.end) for b in find_bylines(doc)]
    for m in wordscan.finditer(_OUR_REPORTER, doc.text):  # = _OUR_REPORTER.finditer, without the crawl
        if not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), _clause_end(doc.text, m.end(), min(len(doc.text), m.end() + 5))))
    return spans


def _label(a: Attribution) -> str:
    src = a.source
    name = src.name_en
    if not name and src.refers_to is not None:
        name = src.refers_to.text
    if not name:
        name = src.text or "?"
    return f"{name} ({src.kind})"


def annotate_provenance(doc: Doc, attributions: list[Attribution]) -> Provenance:
    """Outlet, desk, relayed media and one chain per attribution."""
    text = doc.text
    bylines = find_bylines(doc)
    outlet: Optional[Outlet] = None
    desk: Optional[Desk] = None
    relayed: list[Outlet] = []
    for b in bylines:
        if outlet is None and b.outlet is not None:
            outlet = Outlet(text=text[b.outlet.start:b.outlet.end], start=b.outlet.start, end=b.outlet.end,
                            name_en=b.outlet.en)
        if desk is None and b.desk is not None:
            desk = Desk(text=text[b.desk[0]:b.desk[1]], start=b.desk[0], end=b.desk[1],
                        name_en=(f"{b.desk_en} desk" if b.desk_en else None))
        for rs, re_, en in b.relays:
            relayed.append(Outlet(text=text[rs:re_], start=rs, end=re_, name_en=en))
    meta_outlet = doc.meta.get("outlet")
    if meta_outlet:
        h = S.outlets().match_at(str(meta_outlet), 0)
        en = h.en if h and h.end == len(str(meta_outlet)) else str(meta_outlet)
        if outlet is None or (outlet.name_en != en and outlet.text != meta_outlet):
            if outlet is not None:  # the byline names another outlet: the publisher relays it
                relayed.insert(0, outlet)
            pos = text.find(str(meta_outlet))
            outlet = Outlet(text=str(meta_outlet) if pos < 0 else text[pos:pos + len(str(meta_outlet))],
                            start=max(pos, 0), end=(pos + len(str(meta_outlet))) if pos >= 0 else 0, name_en=en)
    byline_relays = list(relayed)
    # Media a claim passed through ("به خبرگزاری اسپوتنیک گفتند") or media quoted as sources.
    per_claim: dict[int, list[str]] = {}
    for a in attributions:
        hops: list[str] = []
        for v in a.via:
            m = next((h for h in S.outlets().finditer(text, v.start, v.end)), None)
            if m is None:
                continue
            if outlet is not None and m.en == outlet.name_en:
                continue  # the outlet's own reporter is not a relay
            hops.append(m.en)
            if not any(r.name_en == m.en for r in relayed):
                relayed.append(Outlet(text=text[m.start:m.end], start=m.start, end=m.end, name_en=m.en))
        if a.source.kind == "media" and a.source.refers_to is None and a.source.text:
            key = a.source.name_en or a.source.text
            if not any((r.name_en or r.text) == key for r in relayed) and key != (outlet.name_en if outlet else None):
                relayed.append(Outlet(text=a.source.text, start=a.source.start, end=a.source.end, name_en=a.source.name_en))
        per_claim[a.id] = hops
    chains = []
    head = [outlet.name_en or outlet.text] if outlet else []
    relay_labels = [r.name_en or r.text for r in byline_relays]
    for a in attributions:
        chain = head + relay_labels + per_claim.get(a.id, [])
        label = _label(a)
        if a.source.kind == "media" and chain and a.source.name_en == chain[-1]:
            chain = chain[:-1]
        chains.append(ClaimChain(attribution=a.id, chain=chain + [label], source_kind=a.source.kind))
    return Provenance(outlet=outlet, desk=desk, relayed_from=relayed, chains=chains)
