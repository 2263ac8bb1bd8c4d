"""Normaliser: character rules, offsets back to the raw text, ZWNJ restoration, CLI."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from rawi.normalize import normalize, normalize_text
from rawi.normalize.cli import normalize_cmd, normalize_lines
from rawi.normalize.zwnj import ZWNJ, restore

from .conftest import FIXTURES, need_shared

N = lambda s, **kw: normalize_text(s, **kw)  # noqa: E731


# -- character rules ------------------------------------------------------------------

def test_arabic_letters_become_persian():
    assert N("كتاب علي", zwnj=False) == "کتاب علی"
    assert N("الحسكة", zwnj=False) == "الحسکه"


def test_digits_configurable():
    assert N("سال 1398 و ٢٠٢٠") == "سال ۱۳۹۸ و ۲۰۲۰"
    assert N("سال ۱۳۹۸", digits="latin") == "سال 1398"
    assert N("سال 1398 و ٢٠", digits="keep") == "سال 1398 و ۲۰"


def test_diacritics_tatweel_and_tanwin():
    assert N("بِسْمِ اللَّهِ", zwnj=False) == "بسم الله"
    assert N("ســـلام", zwnj=False) == "سلام"
    assert N("اخیراً و مجدداً", zwnj=False) == "اخیراً و مجدداً"


@pytest.mark.parametrize("raw,clean", [
    ("۳.۵ درصد", "۳٫۵ درصد"),
    ("۳٫۵ درصد", "۳٫۵ درصد"),
    ("3.5 درصد", "۳٫۵ درصد"),
    ("۲/۵ درصد", "۲٫۵ درصد"),
    ("۱۴۰۰/۰۱/۱۵", "۱۴۰۰/۰۱/۱۵"),  # a date is not a decimal
    ("ساعت ۱۰:۳۰", "ساعت ۱۰:۳۰"),
    ("۱,۰۰۰,۰۰۰ تومان", "۱٬۰۰۰٬۰۰۰ تومان"),
])
def test_numbers_stay_whole(raw, clean):
    assert N(raw) == clean


def test_decimal_is_one_token():
    assert re.findall(r"\S+", N("رشد ۳.۵ درصدی")) == ["رشد", "۳٫۵", "درصدی"]


def test_punctuation_spacing_and_quotes():
    assert N("سلام ,دنیا ! چطوری ?خوبم .") == "سلام، دنیا! چطوری؟ خوبم."
    assert N('او گفت:"این خوب است"و رفت') == "او گفت: «این خوب است» و رفت"
    assert N("«  سلام  » ( تست )") == "«سلام» (تست)"
    assert N("ساعت ۱۰ ق.ظ") == "ساعت ۱۰ ق.ظ"


def test_invisible_marks_and_stray_zwnj():
    assert N("\u200fسلام\u200e \u200cدنیا\u200c") == "سلام دنیا"
    assert N("می\u200c\u200cشود") == "می\u200cشود"


def test_line_count_never_changes():
    raw = "سطر اول\n\n  \nکتاب ها\r\nمي شود  \n"
    out = N(raw)
    assert out.count("\n") == raw.count("\n")
    assert normalize_lines("الف\r\nب\n\nج").count("\n") == 3


def test_bad_argument_type():
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]


# -- offsets ---------------------------------------------------------------------------

def _fold(s: str) -> str:
    return re.sub("[\u064b-\u0652\u0670\u0640]", "", s.translate(str.maketrans("يكى", "یکی"))).replace(ZWNJ, "")


def test_offsets_map_back_to_raw(example_text):
    n = normalize(example_text, with_map=True)
    assert len(n.cmap) == len(n.text)
    for m in re.finditer(r"[\u0621-\u06cc\u200c]+", n.text):
        rs, re_ = n.raw_span(m.start(), m.end())
        assert _fold(n.raw[rs:re_]) == _fold(m.group(0))


def test_offsets_with_deletions_and_insertions():
    raw = "ســـلام  كتابها\r\nبِسْمِ ۳.۵"
    n = normalize(raw, with_map=True)
    for m in re.finditer(r"\S+", n.text):
        rs, re_ = n.raw_span(m.start(), m.end())
        assert raw[rs:re_].strip(), (m.group(0), raw[rs:re_])
    i = n.text.index("کتاب")
    rs, re_ = n.raw_span(i, i + len("کتاب‌ها"))
    assert raw[rs:re_] == "كتابها"


# -- ZWNJ restoration ------------------------------------------------------------------

# The glued words a scraper left in the example article, with the edited spelling.
EXAMPLE_BROKEN = {
    "سرکردههای": "سرکرده‌های", "بینالملل": "بین‌الملل", "دفاعپرس": "دفاع‌پرس",
    "شبهنظامیان": "شبه‌نظامیان", "عقبنشینی": "عقب‌نشینی", "رئیسجمهور": "رئیس‌جمهور",
    "تروریستها": "تروریست‌ها", "تروریستهای": "تروریست‌های", "برنامهریزی": "برنامه‌ریزی",
    "صحنهگردان": "صحنه‌گردان", "درگیریهای": "درگیری‌های", "بمبگذاری": "بمب‌گذاری",
    "ساعتهای": "ساعت‌های", "آمریکاییها": "آمریکایی‌ها", "مقامهای": "مقام‌های",
    "نگاهها": "نگاه‌ها", "هرجومرج": "هرج‌ومرج",
}


def test_example_article_broken_words_restored(example_text):
    out = normalize_text(example_text)
    words = set(re.findall(r"[\u0621-\u06cc\u200c]+", out))
    for glued, edited in EXAMPLE_BROKEN.items():
        assert glued in example_text
        assert edited in words, edited
        assert glued not in words, glued
    assert sum(out.count(e) for e in EXAMPLE_BROKEN.values()) >= 24


def _only_zwnj_added(before: str, after: str) -> bool:
    """The restore() contract: ZWNJ inserted, or a space turned into ZWNJ; nothing else."""
    i = 0
    for ch in after:
        if i < len(before) and before[i] == ch:
            i += 1
        elif ch == ZWNJ:
            if i < len(before) and before[i] == " ":
                i += 1
        else:
            return False
    return i == len(before)


def test_restore_contract(example_text):
    for text in (example_text, "کتاب ها و می شود و شده اند", "abc 123 ؟!", ""):
        assert _only_zwnj_added(text, restore(text))


def test_nothing_glued_that_was_separate(example_text):
    out = normalize_text(example_text)
    assert len(re.findall(r"\s+", out)) >= len(re.findall(r"\s+", N(example_text, zwnj=False))) - 5
    # two-word phrases keep their space (only می/نمی and ها/اند-type pieces may attach)
    for phrase in ("سوء استفاده", "شبه نظامیان", "به دنبال", "از جمله", "به خصوص"):
        assert phrase in out or phrase not in example_text, phrase


@pytest.mark.parametrize("glued,edited", [
    ("میشود", "می‌شود"), ("نمیتوانند", "نمی‌توانند"), ("برمیگردد", "برمی‌گردد"),
    ("کتابها", "کتاب‌ها"), ("خانههایشان", "خانه‌هایشان"), ("رفتهاند", "رفته‌اند"),
    ("نامهای", "نامه‌ای"), ("بزرگترین", "بزرگ‌ترین"), ("بینالمللی", "بین‌المللی"),
])
def test_productive_patterns(glued, edited):
    assert restore(glued) == edited


@pytest.mark.parametrize("word", [
    "بهشت", "مهار", "همایش", "میدان", "میز", "میوه", "کارها", "روزهای", "آنها", "تنها",
    "بیشتر", "دفتر", "دکتر", "دنیای", "بماند", "رساند", "شانگهای", "انتهای", "بیمار",
])
def test_real_joined_words_untouched(word):
    assert restore(word) == word


@pytest.mark.parametrize("glued,edited", [
    ("جنگلزدایی", "جنگل‌زدایی"),    # a productive compound head (‌زدایی) after a known word
    ("خسارتزا", "خسارت‌زا"),
    ("دیپلماتهای", "دیپلمات‌های"),  # plural of a loanword
])
def test_unseen_compounds_split(glued, edited):
    assert restore(glued) == edited


@pytest.mark.parametrize("name", ["میرسلیم", "البوکمال", "دیرالزور", "اسپوتنیک"])
def test_names_not_split(name):
    assert restore(name) == name


def test_spaced_pieces_take_zwnj():
    assert restore("می شود") == "می‌شود"
    assert restore("نمی توان") == "نمی‌توان"
    assert restore("کتاب ها") == "کتاب‌ها"
    assert restore("گفته اند") == "گفته‌اند"
    assert restore("می گوید") == "می‌گوید"
    assert restore("ای کاش") == "ای کاش"


def _sites(gold: str) -> set[int]:
    out, k = set(), 0
    for ch in gold:
        if ch == ZWNJ:
            out.add(k)
        elif not ch.isspace():
            k += 1
    return out


def test_restoration_quality_on_edited_sample():
    lines = [l for l in (FIXTURES / "perdt-dev-sample.txt").read_text(encoding="utf-8").splitlines()
             if l.strip() and not l.startswith("#")]
    tp = fp = fn = 0
    for gold in lines:
        sys_ = _sites(restore(gold.replace(ZWNJ, "")))
        g = _sites(gold)
        tp, fp, fn = tp + len(g & sys_), fp + len(sys_ - g), fn + len(g - sys_)
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.90, (tp, fp, fn)


@pytest.mark.shared
def test_restoration_quality_on_ud_test():
    p = need_shared("ud-perdt/fa_perdt-ud-test.text.txt")
    lines = [l for l in p.read_text(encoding="utf-8").splitlines() if l.strip()][:400]
    tp = fp = fn = 0
    for gold in lines:
        sys_ = _sites(restore(gold.replace(ZWNJ, "")))
        g = _sites(gold)
        tp, fp, fn = tp + len(g & sys_), fp + len(sys_ - g), fn + len(g - sys_)
    p_, r = tp / (tp + fp), tp / (tp + fn)
    assert p_ >= 0.96 and 2 * p_ * r / (p_ + r) >= 0.93, (p_, r)


# -- CLI -------------------------------------------------------------------------------

def _run(tmp_path, monkeypatch, paths, stdin=b"", **kw):
    out = tmp_path / "out.txt"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = normalize_cmd(paths, output=out, **{"digits": "fa", "no_zwnj": False, **kw})
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


def test_cli_files_and_stdin(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("می شود\n\nسرکردههای گروه 12", encoding="utf-8")
    code, text = _run(tmp_path, monkeypatch, [f])
    assert code == 0 and text == "می‌شود\n\nسرکرده‌های گروه ۱۲\n"
    code, text = _run(tmp_path, monkeypatch, [Path("-")], stdin="کتابها\r\nدوم\n".encode())
    assert code == 0 and text == "کتاب‌ها\nدوم\n"
    code, text = _run(tmp_path, monkeypatch, [f], digits="latin", no_zwnj=True)
    assert text.splitlines()[2] == "سرکردههای گروه 12"


@pytest.mark.parametrize("data,ok", [
    (b"", False),
    (bytes(range(256)) * 4, False),
    (b"abc \xff\xfe\xfd def", False),
    ("سلام کتابها\nدوم".encode("cp1256"), True),
    (b"\xff\xfe" + "سلام کتابها".encode("utf-16-le"), True),
])
def test_cli_bad_input_is_an_error_not_a_traceback(tmp_path, monkeypatch, capsys, data, ok):
    f = tmp_path / "in.txt"
    f.write_bytes(data)
    code, text = _run(tmp_path, monkeypatch, [f])
    if ok:
        assert code == 0 and "کتاب‌ها" in text
    else:
        assert code == 2 and "in.txt" in capsys.readouterr().err


def test_cli_goes_on_past_a_bad_file(tmp_path, monkeypatch, capsys):
    good, bad = tmp_path / "good.txt", tmp_path / "missing.txt"
    good.write_text("کتابها", encoding="utf-8")
    code, text = _run(tmp_path, monkeypatch, [bad, good])
    assert code == 1 and text == "کتاب‌ها\n"
    assert "missing.txt" in capsys.readouterr().err
