"""rawi.ner: token normalisation, scorer, tagger API, `rawi ner-tag` layout, Doc entities.

The model ships inside the package, so these run without ../shared/data; the corpus
check at the end skips when the shared data is absent.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from rawi.ner import annotate_entities, corpora, tag
from rawi.ner.cli import ner_tag_cmd, tag_stream
from rawi.ner.score import chunks, score
from rawi.ner.tokens import key, split_token

ZWNJ = "\u200c"
FIXTURE = Path(__file__).parent / "fixtures" / "defapress-alsinaa-prison.txt"


def test_peyma_space_becomes_zwnj_or_split() -> None:
    assert split_token("می شود") == ["می" + ZWNJ + "شود"]
    assert split_token("برنامه های") == ["برنامه" + ZWNJ + "های"]
    assert split_token("از جمله") == ["از", "جمله"]
    assert split_token("چرا که") == ["چرا", "که"]


def test_key_ignores_zwnj_and_letter_variants() -> None:
    assert key("می شود") == key("می" + ZWNJ + "شود") == key("میشود")
    assert key("كشور") == key("کشور")  # Arabic kaf
    assert key("2019") == key("۲۰۱۹")


def test_chunks_follow_seqeval() -> None:
    assert chunks(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == {
        ("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 5), ("ORG", 5, 6)}
    res = score([["B-PER", "I-PER", "O"]], [["B-PER", "O", "O"]])
    assert res["PER"]["precision"] == 0.0 and res["PER"]["recall"] == 0.0


def test_tag_shapes_and_bio() -> None:
    toks = ["حسن", "روحانی", "رئیس" + ZWNJ + "جمهور", "ایران", "روز", "دوشنبه", "به", "مسکو", "سفر", "کرد", "."]
    tags = tag(toks)
    assert len(tags) == len(toks)
    for prev, t in zip(["O"] + tags, tags):
        assert t == "O" or t[:2] in ("B-", "I-")
        if t.startswith("I-"):
            assert prev[2:] == t[2:]
    assert tags[0] == "B-PER" and tags[1] == "I-PER"
    assert tags[3] == "B-LOC" and tags[7] == "B-LOC"
    assert tag([]) == []


def test_tag_same_with_and_without_zwnj() -> None:
    a = ["وزارت", "امور", "خارجه", "آمریکا", "اعلام", "می شود"]
    b = ["وزارت", "امور", "خارجه", "آمریکا", "اعلام", "می" + ZWNJ + "شود"]
    assert tag(a) == tag(b)
    assert tag(a)[0] == "B-ORG"


def test_ner_tag_layout_crlf_and_trailing_blanks(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes("\ufeffعلی\r\nلاریجانی\r\nگفت\r\n\r\nاز جمله\r\nتهران\r\n\r\n\r\n".encode("utf-8"))
    out = tmp_path / "out.txt"
    assert ner_tag_cmd(src, out) == 0
    lines = out.read_text(encoding="utf-8").split("\n")
    assert [l.split("\t")[0] for l in lines if l] == ["علی", "لاریجانی", "گفت", "از جمله", "تهران"]
    assert lines[3] == "" and lines[6] == "" and lines[7] == ""
    assert all(l.split("\t")[1] in ("O",) or l.split("\t")[1][:2] in ("B-", "I-") for l in lines if l)


def test_tag_stream_ignores_gold_column() -> None:
    out = io.StringIO()
    n = tag_stream(io.StringIO("تهران\tB-LOC\nگفت\tO\n"), out)
    assert n == 2
    assert out.getvalue().split("\n")[0].split("\t")[0] == "تهران"


def test_ner_tag_model_choice_matches_that_model(monkeypatch) -> None:
    """--model picks the tagger; the default (ensemble) and each kind give their own model's tags."""
    from rawi.ner import load_model

    monkeypatch.delenv("RAWI_NER_MODEL", raising=False)
    text = "علی\nلاریجانی\nدر\nتهران\nگفت\n\nسازمان\nملل\nمتحد\nاعلام\nکرد\n"
    sents = [["علی", "لاریجانی", "در", "تهران", "گفت"], ["سازمان", "ملل", "متحد", "اعلام", "کرد"]]
    for kind in ("neural", "crf", "ensemble", None):
        out = io.StringIO()
        assert tag_stream(io.StringIO(text), out, kind) == 10
        got = [l.split("\t")[1] for l in out.getvalue().split("\n") if l]
        want = [t for s in load_model(kind=kind or "ensemble").tag_sentences(sents) for t in s]
        assert got == want, kind


def test_annotate_entities_offsets_point_into_text() -> None:
    from rawi.doc import Doc

    doc = Doc.from_raw(FIXTURE.read_text(encoding="utf-8"))
    ents = annotate_entities(doc)
    assert ents, "the example article names people and places"
    for e in ents:
        assert doc.text[e.start:e.end] == e.text
        assert e.origin == "ner"
    assert any(e.label == "LOC" for e in ents)


@pytest.mark.skipif(corpora.shared_data() is None, reason="../shared/data absent")
def test_peyma_test_quality() -> None:
    """A slice of PEYMA test (never trained or tuned on): a regression guard, not the benchmark."""
    sents = corpora.load("peyma", "test")[:300]
    res = score([g for _, g in sents], [tag(t) for t, _ in sents])
    assert res["PER+ORG+LOC"]["f1"] > 0.7


def test_plain_fast_path_matches_normaliser() -> None:
    """Tokens of plain Persian letters skip the normaliser: they must be in its normal form."""
    from rawi.normalize import normalize_text
    from rawi.ner.tokens import _PLAIN, norm

    words = ["".join(sorted(_PLAIN))[i:i + 5] for i in range(0, len(_PLAIN), 5)]
    words += ["مسئول", "مؤسسه", "رئیس", "تهران", "۱۴۰۲"]
    for w in words:
        assert normalize_text(w, zwnj=False) == w
        assert norm(w) == w


def test_shipped_model_is_neural_and_loads_fast() -> None:
    import time

    from rawi.ner import get_model, load_model
    from rawi.ner.neural import NeuralNerModel

    assert isinstance(get_model(), NeuralNerModel)
    t0 = time.perf_counter()
    load_model()
    assert time.perf_counter() - t0 < 3.0  # < 1 s on the development machine; slack for busy CI


def test_viterbi_matches_brute_force() -> None:
    import itertools

    import numpy as np

    from rawi.ner.neural import viterbi

    rng = np.random.default_rng(0)
    K = 3
    emit = rng.normal(size=(3, 4, K)).astype(np.float32)
    lengths = np.array([4, 2, 1])
    trans, start, end = (rng.normal(size=s).astype(np.float32) for s in ((K, K), K, K))
    got = viterbi(emit, lengths, trans, start, end)
    for b, n in enumerate(lengths):
        def total(path):
            s = start[path[0]] + emit[b, 0, path[0]] + end[path[-1]]
            return s + sum(trans[path[t - 1], path[t]] + emit[b, t, path[t]] for t in range(1, n))
        best = max(itertools.product(range(K), repeat=int(n)), key=total)
        assert tuple(got[b, :n]) == best


def test_neural_sentences_do_not_leak_into_each_other() -> None:
    """Sentences laid end to end score as if alone (no word is shared, so no document pooling)."""
    import numpy as np

    from rawi.ner import get_model

    m = get_model()
    a = ["علی", "لاریجانی", "رئیس", "مجلس", "گفت"]
    b = ["سازمان", "ملل", "در", "نیویورک", "."]
    together, _, starts = m.scores([a, b])
    alone, _, s0 = m.scores([b])
    np.testing.assert_allclose(together[starts[1]:starts[1] + 5], alone[s0[0]:s0[0] + 5], rtol=1e-4, atol=1e-4)


def test_document_pooling_shares_evidence() -> None:
    """A repeated name gets the other mention's state: its scores change with the context."""
    import numpy as np

    from rawi.ner import get_model

    m = get_model()
    bare = ["فیروزآبادی", "گفت", "."]
    alone, _, s0 = m.scores([bare])
    with_cue, _, s1 = m.scores([["سرلشکر", "حسن", "فیروزآبادی", "آمد", "."], bare])
    assert not np.allclose(alone[s0[0]], with_cue[s1[1]])


def test_every_tag_is_iob2_on_odd_input() -> None:
    from rawi.ner import tag_sentences

    sents = [["x"], ["«", "»", "123", "abc", "؟"], [""], ["از جمله", "می شود"]]
    out = tag_sentences(sents)
    assert [len(t) for t in out] == [len(s) for s in sents]
    for tags in out:
        for prev, t in zip(["O"] + tags, tags):
            assert t == "O" or (t[:2] in ("B-", "I-") and (t[0] == "B" or prev[2:] == t[2:]))


def test_ensemble_mode_tags_like_the_others(monkeypatch) -> None:
    from rawi.ner import load_model
    from rawi.ner.ensemble import MultiNerModel

    monkeypatch.setenv("RAWI_NER_MODEL", "ensemble")
    m = load_model()
    assert isinstance(m, MultiNerModel)
    toks = ["حسن", "روحانی", "رئیس" + ZWNJ + "جمهور", "ایران", "به", "مسکو", "سفر", "کرد", "."]
    tags = m.tag_sentences([toks, [], ["از جمله", "تهران"]])
    assert [len(t) for t in tags] == [9, 0, 2]
    assert tags[0][0] == "B-PER" and tags[0][5] == "B-LOC"
