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
from typing import Optional

from ..doc import Doc
from ..schema import Attribution, ClaimChain, Desk, Outlet, Provenance
from . import outlets as R
from . import sources as S
from . import wordscan
from .bylines import Byline, OutletName, desks_lexicon, find_bylines
from .cues import B_END, B_START, loose

__all__ = ["Byline", "annotate_provenance", "byline_spans", "desks_lexicon", "find_bylines"]

def _clause_end(text: str, s: int, limit: int) -> int:
    """End of the byline clause: the first comma, colon or sentence end."""
    m = re.compile(r"[،,:؛]|\.(?:\s|$)").search(text, s, limit)
    return m.start() if m else limit


# "به گزارش خبرنگار ما،" (our reporter) signs for the outlet itself anywhere in the text.
_OUR_REPORTER = re.compile(B_START + loose("به گزارش") + r"\s+(?:خبرنگار(?:ان)?\s+)?(?:\S+\s+)?ما" + B_END)


def byline_spans(doc: Doc) -> list[tuple[int, int]]:
    """Spans that sign for the outlet: not attributions."""
    # A wire in a signature slot with no publisher ("به گزارش آسوشیتدپرس،") after the lead stays an
    # attribution; opening the article it is the relay byline of an archive that dropped its own.
    first = doc.sentences[0][1] if doc.sentences else 0
    spans = [(b.start, b.end) for b in find_bylines(doc) if b.outlet is not None or b.start < first]
    for m in wordscan.finditer(_OUR_REPORTER, doc.text):  # = _OUR_REPORTER.finditer, without the crawl
        if not any(s <= m.start() < e for s, e in spans):
            spans.append((m.start(), _clause_end(doc.text, m.end(), min(len(doc.text), m.end() + 5))))
    return spans


def outlet_record(text: str, o: OutletName) -> Outlet:
    """The JSON record of an outlet found in the text (registry fields when it is known)."""
    rec = o.record
    return Outlet(text=text[o.start:o.end], start=o.start, end=o.end, name_en=o.name_en, known=rec is not None,
                  registry_id=rec.id if rec else None, domain=o.domain,
                  affiliation=rec.affiliation if rec else None, country=rec.country if rec else None)


def _label(a: Attribution) -> str:
    """The chain's last label: the speaker's name when it has one; an office without a holder keeps
    its Persian wording beside the English ("head «رئیس سازمان هواشناسی»"), so that two unnamed
    office holders of different bodies never become one node of the source graph."""
    src = a.source
    sp = src.speaker
    if sp is not None and sp.name and sp.name_en and src.kind in ("named", "official"):
        return f"{sp.name_en} ({src.kind})"
    name = src.name_en
    if not name and src.refers_to is not None:
        name = src.refers_to.text
    if not name:
        name = src.text or "?"
    if src.kind == "official" and (sp is None or not sp.name):
        words = (sp.title if sp is not None and sp.title else (src.refers_to.text if src.refers_to else src.text)) or ""
        if words and words not in name:
            name = f"{name} «{words}»"
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
            outlet = outlet_record(text, b.outlet)
        if desk is None and b.desk is not None:
            desk = Desk(text=text[b.desk[0]:b.desk[1]], start=b.desk[0], end=b.desk[1],
                        name_en=(f"{b.desk_en} desk" if b.desk_en else None))
        for r in b.relays:
            if not any(x.start == r.start for x in relayed):
                relayed.append(outlet_record(text, r))
    meta_outlet = str(doc.meta.get("outlet") or "").strip()
    if meta_outlet:
        rec = R.lookup(meta_outlet)
        en = rec.name_en if rec else meta_outlet
        same = outlet is not None and ((rec is not None and outlet.registry_id == rec.id) or outlet.name_en == en
                                       or outlet.text == meta_outlet)
        if not same:
            if outlet is not None:  # the byline names another outlet: the publisher relays it
                relayed.insert(0, outlet)
            pos = text.find(meta_outlet)
            span = (pos, pos + len(meta_outlet)) if pos >= 0 else (0, 0)  # not in the text: an empty span
            outlet = Outlet(text=text[span[0]:span[1]], start=span[0], end=span[1], name_en=en,
                            known=rec is not None, registry_id=rec.id if rec else None,
                            domain=(R.host_of(meta_outlet) if "." in meta_outlet else (rec.domains[0] if rec and rec.domains else None)),
                            affiliation=rec.affiliation if rec else None, country=rec.country if rec else None)
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
                relayed.append(outlet_record(text, OutletName(m.start, m.end, m.en, R.by_spelling(m.phrase))))
        if a.source.kind == "media" and a.source.refers_to is None and a.source.text:
            key = a.source.name_en or a.source.text
            if not any((r.name_en or r.text) == key for r in relayed) and key != (outlet.name_en if outlet else None):
                rec = R.by_spelling(a.source.text) or R.lookup(a.source.text)
                relayed.append(outlet_record(text, OutletName(a.source.start, a.source.end,
                                                              a.source.name_en or (rec.name_en if rec else a.source.text), rec)))
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
