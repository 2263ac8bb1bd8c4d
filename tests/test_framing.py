"""Loaded language and labels with technique and voice (rawi.annotate.framing)."""
from __future__ import annotations

import pytest

from rawi.annotate import lexmatch
from rawi.annotate.framing import annotate_framing
from rawi.doc import Doc

from .framing_util import attribution, example_attributions

SEMEVAL_2023 = {
    "Name_Calling-Labeling", "Loaded_Language", "Doubt", "Exaggeration-Minimisation", "Appeal_to_Fear-Prejudice",
    "Flag_Waving", "Causal_Oversimplification", "Appeal_to_Authority", "Questioning_the_Reputation", "Slogans",
    "Repetition", "Obfuscation-Vagueness-Confusion", "Appeal_to_Hypocrisy", "Appeal_to_Popularity",
    "Appeal_to_Values", "False_Dilemma-No_Choice", "Consequential_Oversimplification", "Straw_Man",
    "Red_Herring", "Whataboutism", "Appeal_to_Time", "Conversation_Killer", "Guilt_by_Association",
}


def spans(text: str, atts=()):
    return annotate_framing(Doc.from_raw(text), list(atts))


def test_lexicon_uses_semeval_names():
    for e in lexmatch.load("framing.txt"):
        assert e.fields[0] in SEMEVAL_2023 | {"-"}, f"line {e.line}: {e.fields[0]}"
        assert e.fields[-1], f"line {e.line} has no English gloss"


@pytest.fixture(scope="module")
def example(example_text):
    doc = Doc.from_raw(example_text)
    atts = example_attributions(doc)
    return doc, atts, annotate_framing(doc, atts)


def _one(found, word):
    hits = [f for f in found if word in f.text.replace("\u200c", "")]
    assert hits, f"{word} not found in {[f.text for f in found]}"
    return hits[0]


def test_us_as_terrorists_is_a_label_in_the_outlets_voice(example):
    _, _, found = example
    f = _one(found, "نظامیان تروریست آمریکایی")
    assert f.technique == "Name_Calling-Labeling" and f.frame == "terror_label"
    # sentence 1 wraps the sources' news in the outlet's own noun phrase ("sources reported the transfer of …")
    assert f.voice == "outlet"


def test_looting_oil_is_in_the_anonymous_sources_voice(example):
    _, _, found = example
    f = _one(found, "غارت")
    assert f.technique == "Loaded_Language" and f.voice == "attributed" and f.attribution == 11


def test_conspiracy_is_in_al_halabis_quote(example):
    _, _, found = example
    f = _one(found, "توطئه")
    assert f.technique == "Causal_Oversimplification" and f.frame == "conspiracy"
    assert f.voice == "attributed" and f.attribution == 14


def test_grouplet_label_and_conventional_isis_terrorists(example):
    doc, _, found = example
    assert _one(found, "گروهک").technique == "Name_Calling-Labeling"
    # "۷۵۰ تروریست داعش" names a designated group: the conventional term, not a frame
    s = doc.text.index("۷۵۰")
    assert not [f for f in found if s <= f.start < s + 20]


def test_outlet_narration_label():
    (f,) = spans("رژیم صهیونیستی دیروز غزه را بمباران کرد.")
    assert (f.technique, f.voice, f.attribution) == ("Name_Calling-Labeling", "outlet", None)


def test_voice_inside_a_quote():
    doc = Doc.from_raw("سخنگوی حماس گفت: «رژیم اشغالگر قدس جنایات وحشیانه‌ای مرتکب شده است».")
    att = attribution(doc, 5, "سخنگوی حماس", "گفت", "«رژیم اشغالگر قدس جنایات وحشیانه‌ای مرتکب شده است»", "named")
    found = annotate_framing(doc, [att])
    assert {f.voice for f in found} == {"attributed"} and {f.attribution for f in found} == {5}
    assert {"Name_Calling-Labeling", "Loaded_Language"} <= {f.technique for f in found}


@pytest.mark.parametrize("text,labelled", [
    ("ارتش تروریستی آمریکا به این روستا حمله کرد.", True),
    ("گروه تروریستی داعش مسئولیت این انفجار را پذیرفت.", False),
    ("در این عملیات تروریستی سه نفر کشته شدند و داعش مسئولیت را پذیرفت.", False),
    ("تروریست‌ها به مواضع ارتش سوریه در حومه حلب حمله کردند.", True),
])
def test_terrorist_label_rule(text, labelled):
    got = [f for f in spans(text) if f.frame == "terror_label"]
    assert bool(got) is labelled, [f.text for f in got]


def test_blockers_keep_neutral_terms_out():
    assert spans("بازرسان به دنبال سلاح‌های کشتار جمعی بودند.") == []
    assert spans("کنفرانس مبارزه با تروریسم در وین برگزار شد.") == []


def test_robust_to_stripped_zwnj():
    with_zwnj = spans("او از جنگ‌طلبان انتقاد کرد.")
    without = spans("او از جنگطلبان انتقاد کرد.")
    assert [f.technique for f in with_zwnj] == [f.technique for f in without] == ["Name_Calling-Labeling"]


def test_with_the_real_attribution_stage(example_text):
    attribution_mod = pytest.importorskip("rawi.annotate.attribution")
    doc = Doc.from_raw(example_text)
    found = annotate_framing(doc, attribution_mod.annotate_attributions(doc))
    assert _one(found, "غارت").voice == "attributed"
    assert _one(found, "توطئه").voice == "attributed"
    assert _one(found, "نظامیان تروریست آمریکایی").voice == "outlet"


def test_every_lexicon_line_compiles():
    """Regexes compile lazily at run time; here every line of every section is compiled."""
    import re as _re

    from rawi.annotate import lexmatch

    for name in ("hedges.txt", "framing.txt", "events.txt"):
        text = (lexmatch.LEXICON_DIR / name).read_text(encoding="utf-8")
        sections = {""} | set(_re.findall(r"^@(\w+)", text, _re.M))
        for sec in sections:
            lexmatch.check(name, sec)
            assert lexmatch.load(name, sec) or sec
