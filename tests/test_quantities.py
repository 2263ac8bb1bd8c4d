"""Quantities: numbers in digits or words with the noun they count."""
from __future__ import annotations

import pytest

from rawi.annotate.quantities import annotate_quantities, unit_lemma
from rawi.doc import Doc

from .conftest import FIXTURES


def qs(text: str):
    return [(q.text, q.value, q.unit, q.unit_en) for q in annotate_quantities(Doc.from_raw(text))]


@pytest.mark.parametrize("text,expected", [
    ("۷۵۰ تروریست داعش را خارج کردند", ("۷۵۰ تروریست", 750, "تروریست", None)),
    ("با انفجار دو خودروی بمب‌گذاری شده", ("دو خودروی", 2, "خودرو", None)),
    ("سه هزار نفر آمدند", ("سه هزار نفر", 3000, "نفر", "person")),
    ("۱٫۵ میلیون دلار", ("۱٫۵ میلیون دلار", 1.5e6, "دلار", "dollar")),
    ("۲۰ درصد", ("۲۰ درصد", 20, "درصد", "percent")),
    ("۱۰ تن از نیروها", ("۱۰ تن", 10, "تن", "person")),
    ("۵۰۰ تن گندم", ("۵۰۰ تن", 500, "تن", "tonne")),
    ("پنج کیلومتری شهر", ("پنج کیلومتری", 5, "کیلومتر", "km")),
    ("۲۰۰ هزار تومان", ("۲۰۰ هزار تومان", 200000, "تومان", "toman")),
])
def test_number_and_unit(text, expected):
    assert qs(text) == [expected]


@pytest.mark.parametrize("text", [
    "ده‌ها نفر کشته شدند",  # vague
    "نه تنها",  # "not only"
    "در یک منطقه",  # indefinite article
    "انتهای پیام/ ۹۱۱",  # a code, no unit
    "بیست و پنجم آبان",  # ordinal day of a date
    "در سال ۱۳۹۸",  # a year is a time
    "۱۶ بهمن",  # a date without a publication date
    "پنجمین دوره",  # ordinal
])
def test_not_quantities(text):
    assert qs(text) == []


def test_unit_lemma():
    assert unit_lemma("خودروی") == "خودرو"
    assert unit_lemma("هواپیمای") == "هواپیما"
    assert unit_lemma("خانه‌ای") == "خانه"
    assert unit_lemma("تروریست") == "تروریست"


def test_example_article(example_text):
    got = qs(example_text)
    assert ("۷۵۰ تروریست", 750, "تروریست", None) in got
    assert ("دو خودروی", 2, "خودرو", None) in got
    assert not any(q[0].startswith("۱۳۹۸") or q[0] == "۹۱۱" for q in got)


def test_fixture_abadan_litres_and_percent():
    d = Doc.from_raw((FIXTURES / "places_times" / "farsnews-abadan-airport-fuel.txt").read_text(encoding="utf-8"))
    got = {(q.text, q.value, q.unit_en) for q in annotate_quantities(d)}
    assert ("یک میلیون و ۶۰۰ هزار لیتر", 1.6e6, "litre") in got
    assert ("۸ میلیون و ۳۰۰ هزار لیتر", 8.3e6, "litre") in got
    assert ("۳۴۴ فروند", 344, "aircraft/vessel") in got
    assert ("۵۷ درصدی", 57, "percent") in got
    assert not any(t.startswith("سال") for t, _, _ in got)


@pytest.mark.parametrize("text", ["روز سیام مهر جلسه برگزار شد.", "روز سی ام مهر جلسه برگزار شد.", "روز سی‌ام مهر جلسه برگزار شد."])
def test_an_ordinal_written_glued_spaced_or_with_zwnj_is_read(text):
    """The number-word pattern lets a listed ZWNJ be a space or nothing; every such spelling is read."""
    import rawi

    a = rawi.analyze(text, published="2024-10-01")
    assert a.text  # no KeyError on سیام
