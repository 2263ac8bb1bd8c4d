"""Hand-built Analysis records for the web tests (spans located with str.find, so the
renderer is tested on exact offsets without depending on the annotators' progress).

The text is a short Persian report in the style of the Defa Press fixture, written for these
tests, with an injected ``<script>`` and ``<img onerror>`` to prove that article text never runs.
"""
from __future__ import annotations

from rawi.schema import (Analysis, Attribution, ClaimChain, Cue, Entity, Meta, Outlet, Place, Provenance, Source,
                         Span, TimeExpr)

XSS = '<script>document.title="pwned";window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
TEXT = ("به گزارش دفاع پرس به نقل از اسپوتنیک، منابع ویژه روز سه‌شنبه ۱۸ آذر ۱۴۰۳ اعلام کردند که "
        "سرکرده‌های داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند. "
        + XSS +
        "\nفرهاد شامی سخنگوی نیروهای دموکراتیک سوریه گفت: «وضعیت در دیرالزور آرام است».")


def _span(cls, needle: str, **kw):
    start = TEXT.index(needle)
    return cls(text=needle, start=start, end=start + len(needle), **kw)


def article_analysis() -> Analysis:
    a1 = Attribution(
        id=0, mode="indirect", sentence=0,
        source=_span(Source, "منابع ویژه", kind="anonymous", name_en="special sources"),
        cue=_span(Cue, "اعلام کردند", lemma="اعلام کرد", lemma_en="announce", stance="neutral"),
        content=_span(Span, "سرکرده‌های داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند"),
        via=[_span(Span, "اسپوتنیک")],
    )
    a2 = Attribution(
        id=1, mode="direct", sentence=2,
        source=_span(Source, "فرهاد شامی", kind="named", name_en="Farhad Shami"),
        cue=_span(Cue, "گفت", lemma="گفت", lemma_en="say"),
        content=_span(Span, "وضعیت در دیرالزور آرام است"),
    )
    return Analysis(
        meta=Meta(title="انتقال سرکرده‌های داعش <b>test</b>", outlet="Defa Press", published="2024-12-08",
                  url="javascript:alert(1)"),
        text=TEXT,
        attributions=[a1, a2],
        provenance=Provenance(
            outlet=_span(Outlet, "دفاع پرس", name_en="Defa Press"),
            relayed_from=[_span(Outlet, "اسپوتنیک", name_en="Sputnik")],
            chains=[ClaimChain(attribution=0, chain=["Defa Press", "Sputnik", "special sources"], source_kind="anonymous"),
                    ClaimChain(attribution=1, chain=["Defa Press", "Sputnik", "Farhad Shami"], source_kind="named")],
        ),
        entities=[_span(Entity, "داعش", label="ORG", name_en="ISIS"),
                  _span(Entity, "فرهاد شامی", label="PER", name_en="Farhad Shami")],
        places=[_span(Place, "حسکه", name_en="Al-Hasakah", lat=36.5, lon=40.75, country_code="SY", feature="city"),
                _span(Place, "عراق", name_en="Iraq", lat=33.0, lon=44.0, country_code="IQ", feature="country"),
                _span(Place, "دیرالزور", name_en="Deir ez-Zor", lat=35.34, lon=40.14, country_code="SY", feature="city")],
        times=[_span(TimeExpr, "روز سه‌شنبه ۱۸ آذر ۱۴۰۳", value="2024-12-08", calendar="jalali")],
    )


def relay_analysis() -> Analysis:
    """A second outlet repeating the first article's anonymous claim, a day later."""
    claim = "سرکرده‌های داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند"
    text = f"خبرگزاری تسنیم: یک منبع آگاه گفت که {claim}."
    s = text.index("یک منبع آگاه")
    c = text.index("گفت")
    k = text.index(claim)
    return Analysis(
        meta=Meta(title="انتقال زندانیان", outlet="Tasnim", published="2024-12-09"),
        text=text,
        attributions=[Attribution(
            id=0, mode="indirect",
            source=Source(text="یک منبع آگاه", start=s, end=s + 12, kind="anonymous", name_en="an informed source"),
            cue=Cue(text="گفت", start=c, end=c + 3, lemma="گفت", lemma_en="say"),
            content=Span(text=claim, start=k, end=k + len(claim)))],
    )
