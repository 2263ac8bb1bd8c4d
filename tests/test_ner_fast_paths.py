"""The NER's fast paths give what the plain definitions give (speed work must not change tags)."""
from __future__ import annotations

ZWNJ = "\u200c"


def test_key_fast_path_for_zwnj_words_matches_the_normaliser() -> None:
    """Plain letters + ZWNJ/space skip the normaliser in key(): same key as through it."""
    from rawi.ner.tokens import key, norm

    words = ["می" + ZWNJ + "شود", "می شود", ZWNJ + "می", "می" + ZWNJ, "می" + ZWNJ * 2 + "شود",
             "خبرگزاری" + ZWNJ + "ها", "۱۲" + ZWNJ + "م", "آ" + ZWNJ + "ء", "ئ ؤ", ZWNJ, " "]
    for w in words:
        assert key.__wrapped__(w) == norm(w.replace(" ", ZWNJ)).replace(ZWNJ, ""), w


def test_one_pass_gazetteer_matches_per_sentence_tags() -> None:
    """NeuralNerModel._gazetteer_ids over sentences laid end to end == gazetteer_tags per sentence."""
    from rawi.ner.neural import NeuralNerModel, gazetteer_tags

    m = NeuralNerModel.__new__(NeuralNerModel)
    m.gazetteer = {"a": ((("a", "b", "c"), "geo"), (("a", "b"), "media")),
                   "b": ((("b",), "person"),), "x": ((("x", "y"), "unknown"),)}
    sents = [["a", "b", "c", "a", "b"], ["a"], ["b", "a", "b"], ["x", "y", "b"], ["a", "b", "c"], ["q", "a"]]
    flat = [k for s in sents for k in s]
    want = [t for s in sents for t in gazetteer_tags(s, m.gazetteer)]
    assert m._gazetteer_ids(flat, [len(s) for s in sents]) == want


def test_word_cache_start_over_keeps_the_current_text(monkeypatch) -> None:
    """Past CACHE_WORDS the cache starts over; the text being tagged keeps all its rows."""
    import rawi.ner.neural as neural
    from rawi.ner.neural import NeuralNerModel

    a = [["علی", "لاریجانی", "رئیس", "مجلس", "گفت", "."]]
    b = [["رئیس", "مجلس", "شورای", "اسلامی", "در", "تهران", "گفت", "."]]
    want = NeuralNerModel.load().tag_rawi_sentences(b)
    m = NeuralNerModel.load()
    monkeypatch.setattr(neural, "CACHE_WORDS", 8)
    m.tag_rawi_sentences(a)
    assert m.tag_rawi_sentences(b) == want  # 4 new words + 6 cached > 8: start over
    assert m._n == len(set(b[0]))
