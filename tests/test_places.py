"""Places: folded gazetteer matches, features, regions, metonyms, on the example and Fars fixtures."""
from __future__ import annotations

import math

import pytest

from rawi.annotate.places import annotate_places, compact, fold, lookup_place
from rawi.doc import Doc

from .conftest import FIXTURES

PT = FIXTURES / "places_times"


def km(a: float, b: float, c: float, d: float) -> float:
    p = math.pi / 180
    h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def places(text: str):
    return annotate_places(Doc.from_raw(text))


def test_folding_keeps_offsets_and_unifies_spellings():
    assert len(fold("الحسكة")) == len("الحسكة")
    assert compact("البو كمال")[0] == compact("البوکمال")[0] == compact("البو\u200cکمال")[0]
    assert compact("الحسكة")[0] == compact("الحسکه")[0]
    assert compact("دير الزور")[0] == compact("دیرالزور")[0]


@pytest.mark.parametrize("name,en,cc", [
    ("الحسكة", "Al-Hasakah", "SY"), ("البو كمال", "Abu Kamal", "SY"), ("دير الزور", "Deir ez-Zor", "SY"),
    ("سوریه", "Syria", "SY"), ("ایالات متحده", "United States", "US"), ("تهران", "Tehran", "IR"),
    ("آبادان", "Abadan", "IR"), ("اصفهان", "Isfahan", "IR"),
])
def test_lookup_place(name, en, cc):
    r = lookup_place(name)
    assert r is not None and r["country_code"] == cc and en.lower() in r["name_en"].lower()


def test_nationality_adjectives_and_plain_words_are_not_places():
    assert places("نیروهای سوری و عراقی و آمریکایی‌ها و ایرانیان") == []
    assert places("این کار انجام شد و بود و نبود سر میدان") == []


# Expected places in the example article: (text, lat, lon, feature); within 40 km.
EXAMPLE = [
    ("الحسکه", 36.50, 40.75, "city"),
    ("زندان «الصناعه»", 36.48, 40.76, "facility"),
    ("صحرای «البوکمال»", 34.45, 40.92, "desert"),
    ("ارتفاعات «البشری»", 35.35, 39.35, "mountain"),
    ("دیرالزور", 35.34, 40.14, "city"),
    ("سوریه", None, None, "country"),
    ("عراق", None, None, "country"),
    ("شمال شرق سوریه", 36.3, 40.5, "region"),
    ("شرق سوریه", 35.0, 40.5, "region"),
    ("خاورمیانه", None, None, "region"),
]


def test_example_article_places(example_text):
    got = places(example_text)
    by_text = {}
    for p in got:
        by_text.setdefault(p.text, p)
    for text, lat, lon, feature in EXAMPLE:
        assert text in by_text, (text, sorted(by_text))
        p = by_text[text]
        assert p.feature == feature, (text, p.feature)
        assert p.country_code in ("SY", "IQ", None)
        if lat is not None:
            assert km(lat, lon, p.lat, p.lon) <= 40, (text, p.lat, p.lon)
    # Washington as the US government: kept, but never on the map
    wash = [p for p in got if p.text == "واشنگتن"]
    assert wash and all(p.feature == "metonym" and p.lat is None for p in wash)
    assert not any(p.text in ("سوری", "الحلبی", "بشار", "اسد") for p in got)


def test_region_of_country_and_relation_to_city():
    (p,) = places("در شمال شرق سوریه")
    assert p.feature == "region" and p.name_en == "northeastern Syria" and p.lat > 35.5 and p.lon > 39.5
    got = places("در جنوب دیرالزور")
    assert [(p.text, p.feature) for p in got] == [("دیرالزور", "city")]


def test_capital_as_place_or_metonym():
    (p,) = places("او در تهران زندگی می‌کند")
    assert p.feature == "capital" and p.lat is not None
    (p,) = places("حمایت واشنگتن از این گروه")
    assert p.feature == "metonym" and p.lat is None


def test_fixture_karabakh():
    got = annotate_places(Doc.from_raw((PT / "farsnews-karabakh-pompeo.txt").read_text(encoding="utf-8")))
    names = {p.name_en for p in got}
    assert {"Nagorno-Karabakh", "Azerbaijan", "Armenia", "Turkey", "United States", "Russia", "France"} <= names
    kara = next(p for p in got if p.name_en == "Nagorno-Karabakh")
    assert km(39.9, 46.7, kara.lat, kara.lon) < 40
    # «گروه مینسک» is the OSCE Minsk Group, «دبلیو‌اس‌بی آتلانتا» a TV station, انبار باروت a powder keg
    assert not {"Minsk", "Atlanta"} & names
    assert not any(p.country_code == "IQ" for p in got)


def test_fixture_abadan_airport():
    got = annotate_places(Doc.from_raw((PT / "farsnews-abadan-airport-fuel.txt").read_text(encoding="utf-8")))
    airports = [p for p in got if p.text == "فرودگاه آبادان"]
    assert airports and all(p.feature == "facility" and p.country_code == "IR" for p in airports)
    assert km(30.34, 48.30, airports[0].lat, airports[0].lon) < 30
    assert {p.country_code for p in got} == {"IR"}


def test_fixture_moscow_metonyms_and_surnames():
    got = annotate_places(Doc.from_raw((PT / "farsnews-moscow-uk-airstrikes.txt").read_text(encoding="utf-8")))
    first = got[0]
    assert first.text == "مسکو" and first.feature == "metonym" and first.lat is None  # «مسکو: ...» headline
    names = {p.name_en for p in got}
    assert {"Syria", "United Kingdom", "Russia"} <= names
    assert "Cameroon" not in names and "Pskov" not in names  # دیوید کامرون, «دیمیتری پسکوف»


def test_adjective_with_a_space_and_org_names_are_not_places():
    assert [p.text for p in places("تیم‌های ایتالیایی و ترکیه ای وارد یونان شدند")] == ["یونان"]
    assert places("اعضای گروه مینسک و روزنامه نیویورک تایمز") == []


def test_two_letter_city_from_the_supplement():
    (p,) = places("در شهر قم")
    assert p.name_en == "Qom" and p.country_code == "IR"


def _lexicon_rows(name: str):
    from rawi.annotate.places import LEX

    for line in (LEX / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line.split("#", 1)[0].rstrip().split("\t")


def test_shipped_gazetteer_matches_the_curated_lexicons():
    """Fails when a lexicon was edited without re-running scripts/build_gazetteer.py."""
    for r in _lexicon_rows("places_supplement.tsv"):
        for name in r[1].split("|"):
            got = lookup_place(name)
            assert got is not None and got["name_en"] == r[2], (name, got)
    for r in _lexicon_rows("places_countries.tsv"):
        for name in r[1].split("|"):
            got = lookup_place(name)
            assert got is not None and got["country_code"] == r[0] and got["feature"] == "country", (name, got)
