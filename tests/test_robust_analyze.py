"""Odd input through rawi.analyze: no crash, no untrue span, strict JSON out, InputError when refused."""
from __future__ import annotations

import json

import pytest

import rawi
from rawi.io import InputError, decode_with_warnings
from rawi.normalize import normalize
from rawi.normalize.offsets import to_raw
from rawi.normalize.presentation import to_presentation_forms

from .fuzz import check

CLAIM = "منابع محلی روز دوشنبه گفتند که نیروهای آمریکایی از زندان حسکه در سوریه خارج شدند."


def _strict_json(a) -> dict:
    def refuse(c):
        raise ValueError(c)

    return json.loads(a.model_dump_json(), parse_constant=refuse)


@pytest.mark.parametrize("digits", ["9" * 309, "۹" * 400, "۱" + "۰" * 330 + " میلیارد"])
def test_numbers_beyond_a_float_are_not_quantities(digits):
    a = rawi.analyze(f"پلیس گفت {digits} نفر در میدان شهر جمع شدند.")
    data = _strict_json(a)
    assert all(q["value"] is not None for q in data["quantities"])
    assert not check(a, a.text)


def test_lone_surrogate_becomes_replacement_character():
    raw = "وزیر نیرو گفت\ud800 سد پر است و \udc00 آب کافی است."
    a = rawi.analyze(raw)
    assert "\ud800" not in a.text and "\ufffd" in a.text
    assert not check(a, raw)


@pytest.mark.parametrize("raw", ["\u200c" * 7, "\u200f\u200e\u200c", "\u064e\u0651", "\ufeff\ufeff", "\x00\x00 \u200b"])
def test_text_of_invisible_marks_only_is_refused(raw):
    with pytest.raises(InputError):
        rawi.analyze(raw)


def test_nul_and_controls_are_dropped_with_a_true_map():
    raw = "وزیر\x00 نیرو\x07 گفت سد پر است."
    a = rawi.analyze(raw)
    assert "\x00" not in a.text and "\x07" not in a.text and not check(a, raw)


def test_unicode_line_separators_split_sentences():
    a = rawi.analyze("وزیر نیرو گفت سد پر است\u2028رئیس شورا گفت آب کافی است")
    assert len(a.sentences) == 2


def test_straight_quotes_pair_left_to_right():
    n = normalize('او گفت "A" و "B" را دید.')
    assert n.text == 'او گفت "A" و "B" را دید.'
    n = normalize('او گفت "ما آماده‌ایم" و "آنها نیستند".')
    assert n.text == "او گفت «ما آماده‌ایم» و «آنها نیستند»."


def test_straight_quotes_with_inner_spaces_keep_the_offset_map():
    raw = 'سخنگو گفت "   ما آماده‌ایم   " و رفت.'
    n = normalize(raw, with_map=True)
    assert "«ما آماده‌ایم»" in n.text
    for p, c in enumerate(n.text):
        if c not in "«» ":
            assert raw[to_raw(n.offset_map, p)] == c, p


def test_presentation_forms_read_as_letters():
    shaped = to_presentation_forms(CLAIM)
    assert shaped != CLAIM and not any("\u0621" <= c <= "\u06ff" for c in shaped.replace(" ", "").replace(".", ""))
    a, b = rawi.analyze(CLAIM), rawi.analyze(shaped)
    assert b.text == a.text
    assert [x.source.text for x in b.attributions] == [x.source.text for x in a.attributions] and b.attributions
    assert [p.name_en for p in b.places] == [p.name_en for p in a.places] and b.places
    assert not check(b, shaped)


def test_ligatures_map_back_to_their_one_raw_character():
    raw = "ﻻ ﷲ گفت"
    n = normalize(raw, with_map=True)
    assert n.text.startswith("لا الله")
    assert [to_raw(n.offset_map, p) for p in range(3)] == [0, 0, 1]


def test_utf8_cut_mid_character_drops_it_with_a_warning():
    data = "وزیر نیرو گفت سد پر است".encode("utf-8")[:-1]
    text, warnings = decode_with_warnings(data)
    assert text == "وزیر نیرو گفت سد پر اس" and warnings
    a = rawi.analyze(data)
    assert a.text.endswith("اس") and any("UTF-8" in w for w in a.warnings)


def test_metadata_outlet_not_in_text_gets_an_honest_span():
    a = rawi.analyze("وزیر نیرو گفت سد پر است.", outlet="خبرگزاری نمونه")
    o = a.provenance.outlet
    assert o is not None and o.text == a.text[o.start:o.end] and o.name_en == "خبرگزاری نمونه"


@pytest.mark.parametrize("published", ["garbage", "9999-12-31", "0001-01-01", "2024-13-45", "1402/13/12"])
def test_unusable_publication_dates_are_refused(published):
    with pytest.raises(InputError):
        rawi.analyze("وزیر نیرو دیروز گفت سد پر است.", published=published)


def test_a_solar_hijri_publication_date_is_read():
    assert rawi.analyze("وزیر نیرو دیروز گفت سد پر است.", published="1402/10/12").meta.published == "2024-01-02"


def test_publication_date_at_the_edge_of_the_range_is_fine():
    a = rawi.analyze("وزیر نیرو دیروز گفت سد تا ماه آینده پر می‌شود.", published="2999-12-31")
    assert not check(a, a.text)


def test_html_analysis_carries_the_text_its_offsets_point_into():
    import rawi
    from rawi.normalize.offsets import to_raw

    page = ("<html><head><title>t</title></head><body><article><p>وزیر نیرو گفت سدها تا پاییز آبگیری می‌شوند و "
            "برق کافی است.</p><p>به گزارش ایسنا، او افزود که بارش‌ها کم بوده است.</p></article></body></html>")
    a = rawi.analyze(page)
    assert a.source_text and "<" not in a.source_text
    x = a.attributions[0]
    assert a.source_text[to_raw(a.offset_map, x.content.start):to_raw(a.offset_map, x.content.end)] == x.content.text
    assert rawi.analyze("وزیر نیرو گفت سدها آماده‌اند.").source_text is None
