"""Times: Solar Hijri, lunar Hijri and Gregorian dates, years, relative expressions."""
from __future__ import annotations

from datetime import date

import pytest

from rawi.annotate import calendars as cal
from rawi.annotate.numbers import find_numbers
from rawi.annotate.times import annotate_times
from rawi.doc import Doc

from .conftest import FIXTURES

PT = FIXTURES / "places_times"


def times(text: str, published: str | None = None):
    return [(t.text, t.value, t.calendar, t.relative) for t in annotate_times(Doc.from_raw(text, published=published))]


def test_example_article_jalali_month_is_exact(example_text):
    got = annotate_times(Doc.from_raw(example_text))
    assert [(t.text, t.value, t.calendar) for t in got] == [("آبان ۱۳۹۸", "2019-10-23/2019-11-21", "jalali")]


@pytest.mark.parametrize("text,value,calendar", [
    ("در ۲۵ آبان ۱۳۹۸ گفت", "2019-11-16", "jalali"),
    ("تاریخ ۱۳۹۸/۸/۲۵ ثبت شد", "2019-11-16", "jalali"),
    ("روز 2019-11-16 بود", "2019-11-16", "gregorian"),
    ("بیست و پنجم آبان ماه سال ۹۸", "2019-11-16", "jalali"),
    ("۱۶ نوامبر ۲۰۱۹ میلادی", "2019-11-16", "gregorian"),
    ("۱۵ مه ۲۰۲۱", "2021-05-15", "gregorian"),
    ("اول فروردین ۱۴۰۰", "2021-03-21", "jalali"),
    ("۱۰ محرم ۱۴۴۵", "2023-07-28", "hijri"),
    ("در سال ۱۳۹۸", "2019-03-21/2020-03-19", "jalali"),
    ("در سال ۲۰۱۹", "2019-01-01/2019-12-31", "gregorian"),
    ("سال ۱۴۴۵ قمری", "2023-07-19/2024-07-07", "hijri"),
    ("سال‌های ۱۳۹۰ تا ۱۳۹۵", "2011-03-21/2017-03-20", "jalali"),
    ("اسفند ۱۳۹۹", "2021-02-19/2021-03-20", "jalali"),
    ("از ۸ تا ۱۰ آبان ۱۳۹۸", "2019-10-30/2019-11-01", "jalali"),
    ("۱۵ میزان ۱۴۰۰", "2021-10-07", "jalali"),
])
def test_absolute_expressions(text, value, calendar):
    got = times(text)
    assert len(got) == 1, got
    assert got[0][1:3] == (value, calendar)
    assert got[0][3] is False


def test_spans_point_into_the_text():
    d = Doc.from_raw("رئیس‌جمهور سوریه آبان ۱۳۹۸ گفته بود")
    (t,) = annotate_times(d)
    assert d.text[t.start:t.end] == t.text == "آبان ۱۳۹۸"


@pytest.mark.parametrize("text,value", [
    ("دیروز", "2021-01-29"),
    ("روز گذشته", "2021-01-29"),
    ("پریروز", "2021-01-28"),
    ("امروز", "2021-01-30"),
    ("هفته گذشته", "2021-01-23/2021-01-29"),  # Saturday to Friday
    ("ماه آینده", "2021-02-19/2021-03-20"),  # Esfand 1399
    ("امسال", "2020-03-20/2021-03-20"),  # 1399
    ("سال گذشته", "2019-03-21/2020-03-19"),  # 1398
    ("سه روز پیش", "2021-01-27"),
    ("شنبه گذشته", "2021-01-23"),
    ("در ۱۲ تیر", "2020-07-02"),
    ("آبان امسال", "2020-10-22/2020-11-20"),
])
def test_relative_expressions_resolve_against_publication(text, value):
    got = times(text, published="2021-01-30")  # a Saturday, 11 Bahman 1399
    assert got and got[-1][1] == value and got[-1][3] is True, got


def test_relative_expressions_need_a_publication_date():
    assert times("دیروز و هفته گذشته و ۱۲ تیر") == []


@pytest.mark.parametrize("text", [
    "تیر خلاص", "بهمن گفت", "می توان گفت", "نماز جمعه تهران", "صفر کیلومتر", "مه غلیظ", "اسد گفت",
])
def test_month_and_weekday_words_need_context(text):
    assert times(text, published="2021-01-30") == []


def test_hijri_tabular_conversion_round_trips():
    assert cal.hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)
    for o in range(730000, 740000, 37):
        g = date.fromordinal(o)
        assert cal.hijri_to_gregorian(*cal.gregorian_to_hijri(g)) == g


def test_number_words():
    vals = [(m.value, m.ordinal) for m in find_numbers("بیست و پنجم و سه هزار و پانصد و ۱٫۵ میلیون")]
    assert vals == [(25, True), (3500, False), (1.5e6, False)]
    assert [m.value for m in find_numbers("۱۵۰ هزار میلیارد")] == [1.5e14]
    assert [m.value for m in find_numbers("یک میلیون و دویست هزار")] == [1.2e6]


def test_fixture_abadan_years_and_relatives():
    d = Doc.from_raw((PT / "farsnews-abadan-airport-fuel.txt").read_text(encoding="utf-8"), published="2014-04-13")
    got = {(t.text, t.value) for t in annotate_times(d)}
    assert ("بهار سال ۹۱", "2012-03-20/2012-06-20") in got  # فصل بهار سال 91: spring 1391
    assert ("سال ۱۳۹۲", "2013-03-21/2014-03-20") in got
    assert ("شهریورماه سال ۹۲", "2013-08-23/2013-09-22") in got
    assert ("صبح امروز", "2014-04-13") in got


def test_fixture_moscow_weekday_and_day_month():
    d = Doc.from_raw((PT / "farsnews-moscow-uk-airstrikes.txt").read_text(encoding="utf-8"), published="2015-12-03")
    got = {(t.text, t.value) for t in annotate_times(d)}
    assert {("پنجشنبه", "2015-12-03"), ("۱۲ آذر", "2015-12-03"), ("دیروز", "2015-12-02")} <= got


def test_fixture_karabakh_gregorian_year():
    d = Doc.from_raw((PT / "farsnews-karabakh-pompeo.txt").read_text(encoding="utf-8"), published="2020-10-16")
    got = {(t.text, t.value, t.calendar) for t in annotate_times(d)}
    assert ("سال ۱۹۹۲", "1992-01-01/1992-12-31", "gregorian") in got
    assert ("پنجشنبه", "2020-10-15", "jalali") in got


@pytest.mark.parametrize("text,value", [
    ("پاییز ۱۳۹۴", "2015-09-23/2015-12-21"),
    ("زمستان سال ۹۹", "2020-12-21/2021-03-20"),
    ("دهه ۱۹۷۰", "1970-01-01/1979-12-31"),
    ("دهه ۶۰", "1981-03-21/1991-03-20"),
])
def test_seasons_and_decades(text, value):
    got = times(text)
    assert [g[1] for g in got] == [value]


def test_lunar_month_named_with_mah():
    assert times("در ماه مبارک رمضان", published="2024-03-20") == [
        ("ماه مبارک رمضان", "2024-03-11/2024-04-09", "hijri", True)]
    assert times("رمضان گفت", published="2024-03-20") == []  # a given name
