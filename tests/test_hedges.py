"""Hedges, boosters, denial and distancing cues (rawi.annotate.hedges)."""
from __future__ import annotations

import pytest

from rawi.annotate import lexmatch
from rawi.annotate.hedges import KINDS, annotate_hedges
from rawi.doc import Doc

from .framing_util import attribution, example_attributions


def kinds(text: str) -> list[tuple[str, str]]:
    return [(h.text, h.kind) for h in annotate_hedges(Doc.from_raw(text))]


def test_lexicon_is_well_formed():
    entries = lexmatch.load("hedges.txt")
    assert len(entries) > 80
    for e in entries:
        assert e.fields[0] in KINDS, e
        assert e.fields[1], f"line {e.line} has no English gloss"


@pytest.mark.parametrize("text", ["گفته می\u200cشود که او رفت", "گفته میشود که او رفت", "گفته می شود که او رفت"])
def test_zwnj_written_stripped_or_spaced(text):
    assert [k for _, k in kinds(text)] == ["hedge"]


@pytest.mark.parametrize("text,kind", [
    ("وزیر تأکید کرد که مذاکرات ادامه دارد", "booster"),
    ("وزیر تاکید کرد که مذاکرات ادامه دارد", "booster"),
    ("سخنگو این خبر را تکذیب کرد", "denial"),
    ("این گزارش تائید نشده است", "hedge"),
    ("او مدعی شد که ارتش عقب نشسته است", "distancing"),
    ("احتمالاً فردا باران می‌بارد", "hedge"),
    ("شبه‌نظامیان موسوم به نیروهای دموکراتیک", "distancing"),
])
def test_kinds(text, kind):
    assert kind in [k for _, k in kinds(text)]


def test_no_match_inside_words():
    # رد (rejected) must not fire inside کرد / برگرداند; ادعا not inside an unrelated word
    assert kinds("او به خانه برگشت و کار را تمام کرد") == []


def test_hedge_is_tied_to_its_attribution(example_text):
    doc = Doc.from_raw(example_text)
    atts = example_attributions(doc) + [
        attribution(doc, 6, "منابع مذکور", "تأکید کردند",
                    "هواپیماهای شناسایی وابسته به ائتلاف آمریکا نیز این مسیر را پوشش دادند")]
    hs = annotate_hedges(doc, atts)
    boost = [h for h in hs if h.kind == "booster" and h.text.startswith("ت")]
    by_text = {h.text.replace("\u200c", ""): h for h in boost}
    assert by_text["تأکید کردند"].attribution == 6       # the cue of attribution 6
    assert by_text["تاکید کرد"].attribution == 12        # al-Halabi's cue
    distancing = {h.text for h in hs if h.kind == "distancing"}
    assert any("موسوم" in t for t in distancing) and any("وانمود" in t for t in distancing)


def test_outlet_hedge_has_no_attribution():
    doc = Doc.from_raw("گفته می‌شود نیروهای ارتش عقب‌نشینی کرده‌اند.")
    (h,) = annotate_hedges(doc, [])
    assert h.attribution is None and h.gloss_en
