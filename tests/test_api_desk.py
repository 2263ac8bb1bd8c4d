"""The Python API behaves as a user expects: rawi.normalize stays callable, metadata is checked
and Solar Hijri dates are read, rawi.pipe analyses many inputs like rawi.analyze one by one."""
from __future__ import annotations

import subprocess
import sys

import pytest

import rawi
from rawi.io import InputError
from rawi.meta import implausible_date, iso_published


def test_normalize_is_callable_after_analyze_in_a_fresh_process() -> None:
    code = ("import rawi; rawi.analyze('وزیر گفت که سدها پر است.'); "
            "print(rawi.normalize('کتاب ها'), rawi.normalize.normalize('کتاب ها', with_map=True).text)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["کتاب\u200cها", "کتاب\u200cها"]


def test_normalize_module_and_function_are_one_name() -> None:
    import rawi.normalize as mod

    assert mod is rawi.normalize and callable(rawi.normalize)
    assert rawi.normalize("می شود") == mod.normalize_text("می شود")


def test_a_misspelt_metadata_keyword_is_a_type_error_naming_it() -> None:
    with pytest.raises(TypeError, match="'pubished'.*did you mean 'published'"):
        rawi.analyze("وزیر گفت.", pubished="2024-01-15")
    with pytest.raises(TypeError, match="'auther'"):
        list(rawi.pipe(["وزیر گفت."], auther="x"))
    with pytest.raises(TypeError, match="'date'"):
        list(rawi.pipe([{"text": "وزیر گفت.", "date": "2024-01-15"}]))


@pytest.mark.parametrize("value", ["1402/10/25", "۱۴۰۲/۱۰/۲۵", "1402-10-25", "۲۵ دی ۱۴۰۲", "۲۵ دی ماه ۱۴۰۲",
                                   "25 دی 1402", "۲۵ دی‌ماه ۱۴۰۲", "دوشنبه ۲۵ دی ۱۴۰۲ - ۱۰:۳۰", "1402/10/25 10:30", "2024-01-15"])
def test_solar_hijri_published_is_read(value: str) -> None:
    assert iso_published(value) == "2024-01-15"


def test_bad_published_values_are_refused() -> None:
    for bad in ("1402/13/40", "garbage", "۳۲ فروردین ۱۴۰۲"):
        with pytest.raises(ValueError):
            iso_published(bad)
    with pytest.raises(InputError):
        rawi.analyze("وزیر گفت.", published="1402/13/40")


def test_relative_dates_resolve_from_a_solar_hijri_published() -> None:
    a = rawi.analyze("سخنگوی دولت دیروز گفت که جلسه برگزار شد.", published="۱۴۰۲/۱۰/۲۵")
    assert a.meta.published == "2024-01-15"
    assert any(t.text == "دیروز" and t.value == "2024-01-14" for t in a.times)


def test_pipe_equals_analyze_one_by_one() -> None:
    texts = ["وزیر نیرو گفت سدها پر است.", {"text": "سخنگوی دولت دیروز گفت.", "published": "1402/10/25", "title": "t"},
             "به گزارش خبرگزاری فارس، یک مقام آگاه گفت که ۳ نفر بازداشت شدند."]
    got = [a.model_dump_json() for a in rawi.pipe(texts, batch_size=2)]
    want = [rawi.analyze(t).model_dump_json() if isinstance(t, str)
            else rawi.analyze(t["text"], published=t["published"], title=t["title"]).model_dump_json() for t in texts]
    assert got == want


def test_pipe_tuples_errors_and_laziness() -> None:
    pairs = [("وزیر گفت.", 1), ("   ", 2), ("سخنگو گفت.", 3)]
    with pytest.raises(InputError):
        list(rawi.pipe(pairs, as_tuples=True))
    assert [c for _, c in rawi.pipe(pairs, as_tuples=True, errors="skip")] == [1, 3]
    got = list(rawi.pipe(pairs, as_tuples=True, errors="none"))
    assert [a is None for a, _ in got] == [False, True, False]

    def endless():
        while True:
            yield "وزیر گفت."

    import itertools

    assert len(list(itertools.islice(rawi.pipe(endless(), batch_size=3), 4))) == 4
    with pytest.raises(ValueError):
        rawi.pipe([], errors="ignore")


def test_dates_before_an_outlet_existed_are_implausible() -> None:
    from rawi.corpus.ingest import published_from_url

    assert implausible_date("1981-12-01", "farsnews.ir")
    assert implausible_date("2008-09-27", "farsnews.ir") is None
    assert implausible_date("1985-01-01", "unknown.example", derived=True)
    assert implausible_date("1985-01-01", "unknown.example") is None
    assert published_from_url("https://www.farsnews.ir/news/8707060255/x") == "2008-09-27"
    assert published_from_url("https://www.farsnews.ir/news/6012100255/x") is None  # 1360 = 1981
