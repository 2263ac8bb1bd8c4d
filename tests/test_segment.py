"""Sentence and token offsets."""
from rawi.segment import sentences, tokens


def _sents(t):
    return [t[s:e] for s, e in sentences(t)]


def test_sentences_split_on_stops_and_lines():
    t = "حمله شد. این جمله دوم است؟ سوم!\nسطر دیگر"
    assert _sents(t) == ["حمله شد.", "این جمله دوم است؟", "سوم!", "سطر دیگر"]


def test_initials_and_numbers_do_not_split():
    t = "خبرنگار بی. بی. سی گفت که ۳.۵ درصد و 2.5 میلیون بود. بعد رفت."
    assert _sents(t) == ["خبرنگار بی. بی. سی گفت که ۳.۵ درصد و 2.5 میلیون بود.", "بعد رفت."]


def test_closing_quote_stays_with_sentence():
    t = "او گفت: «حمله شد.» سپس رفت."
    assert _sents(t) == ["او گفت: «حمله شد.»", "سپس رفت."]


def test_tokens_keep_zwnj_and_decimals():
    t = "سرکرده‌های داعش ۳٫۵ درصد، 1,000 نفر"
    assert [t[s:e] for s, e in tokens(t)] == ["سرکرده‌های", "داعش", "۳٫۵", "درصد", "،", "1,000", "نفر"]
