"""Hand-built attributions and places for the framing/hedge/event tests.

Why: those stages take attributions as input; building them by hand from quoted strings
keeps the tests independent of the attribution stage (tested on its own elsewhere).
"""
from __future__ import annotations

import re

from rawi.doc import Doc
from rawi.schema import Attribution, Cue, Place, Source, Span


def find(doc: Doc, s: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``s`` in doc.text, tolerant to ZWNJ/space spelling."""
    chars = [c for c in s if c not in " \u200c"]
    m = re.compile(r"[\s\u200c]*".join(re.escape(c) for c in chars)).search(doc.text, after)
    assert m, f"{s!r} not in text"
    return m.start(), m.end()


def attribution(doc: Doc, i: int, source: str, cue: str, content: str, kind: str = "anonymous") -> Attribution:
    cs, ce = find(doc, content)
    ss, se = find(doc, source, max(0, cs - 200))
    qs, qe = find(doc, cue, min(ss, cs))
    return Attribution(id=i, source=Source(text=doc.text[ss:se], start=ss, end=se, kind=kind),
                       cue=Cue(text=doc.text[qs:qe], start=qs, end=qe, lemma=cue),
                       content=Span(text=doc.text[cs:ce], start=cs, end=ce), mode="indirect",
                       sentence=doc.sentence_index(cs))


def example_attributions(doc: Doc) -> list[Attribution]:
    """The attributions an analyst marks in the Defa Press example (a subset)."""
    return [
        attribution(doc, 1, "منابع ویژه", "خبر دادند",
                    "از انتقال شماری از سرکردههای گروه تروریستی داعش توسط نظامیان تروریست آمریکایی در شمال شرق سوریه"),
        attribution(doc, 2, "این منابع", "گفتند",
                    "نیروهای آمریکایی از هرجومرج و درگیریهای زندان «الصناعه» در شهر الحسکه سوء استفاده کرده و ۷۵۰ تروریست داعش را از این زندان خارج کردند"),
        attribution(doc, 3, "منابع محلی", "خبر دادند", "نظامیان آمریکایی شماری از تروریستها را فراری دادند"),
        attribution(doc, 7, "این منابع", "به گفته",
                    "انتقال عناصر داعش، طی چند مرحله و با استفاده از خودرو و چند اتوبوس صورت گرفت"),
        attribution(doc, 11, "منابع ویژه", "گفتند",
                    "آمریکاییها قصد دارند داعش را مجدداً احیا کنند تا بتوانند باقی ماندن خود در شرق سوریه را توجیه کنند و به غارت نفت سوریه، ادامه دهند"),
        attribution(doc, 12, "مصعب الحلبی", "تاکید کرد",
                    "اطلاعات آمریکا در حمله داعش به زندان الصناعه در شهر الحسکه در شمال شرق سوریه دست داشت", "named"),
        attribution(doc, 14, "مصعب الحلبی", "افزود",
                    "آمریکا به دنبال اجرای توطئه ترسیم مجدد نقشه خاورمیانه و تجزیه منطقه و به خصوص منطقه شمال سوریه است", "named"),
    ]


def places(doc: Doc, names: dict[str, str]) -> list[Place]:
    """Every occurrence of each name as a Place with the given gazetteer feature."""
    out = []
    for name, feature in names.items():
        pos = 0
        while True:
            try:
                s, e = find(doc, name, pos)
            except AssertionError:
                break
            out.append(Place(text=doc.text[s:e], start=s, end=e, feature=feature))
            pos = e
    return out
