"""Long texts: analysed in windows with true spans and renumbered ids; too long is refused."""
from __future__ import annotations

import pytest

import rawi
from rawi import pipeline, windows
from rawi.io import InputError
from rawi.windows import cut_points

from .fuzz import check, raw_text

PARAS = [
    "سخنگوی شهرداری روز دوشنبه گفت پل تازه هفته آینده در تهران باز می‌شود.",
    "به گفته یک مقام محلی، ۲۵۰ نفر در مراسم افتتاح شرکت می‌کنند و احتمالاً وزیر راه هم می‌آید.",
    "رئیس شورای شهر افزود: «این پل ترافیک را کم می‌کند.»",
    "پلیس اعلام کرد که دو خودرو در بزرگراه با هم برخورد کردند.",
]


def _text(n_paras: int) -> str:
    return "\n".join(PARAS[i % len(PARAS)] + f" شماره {i}." for i in range(n_paras))


def test_cut_points_cover_the_text_at_line_breaks():
    text = _text(200)
    cuts = cut_points(text, 1000)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(cuts, cuts[1:]))
    assert all(e - s <= 1000 for s, e in cuts) and all(text[e - 1] == "\n" for _, e in cuts[:-1])


def test_cut_points_without_line_breaks():
    text = "کلمه " * 1000
    cuts = cut_points(text, 700)
    assert cuts[-1][1] == len(text) and all(e - s <= 700 for s, e in cuts)


def test_windowed_analysis_keeps_every_invariant(monkeypatch):
    text = _text(120)
    whole = rawi.analyze(text)
    monkeypatch.setattr(windows, "WINDOW", 1500)
    a = rawi.analyze(text)
    assert any("analysed in 7 windows" in w for w in a.warnings), a.warnings
    assert not check(a, text)
    assert [x.id for x in a.attributions] == [x.id for x in whole.attributions]
    ids = {x.id for x in a.attributions}
    assert all(h.attribution in ids for h in a.hedges if h.attribution is not None)
    assert all(set(e.attributions) <= ids for e in a.events)
    assert a.sentences == whole.sentences
    for x in a.attributions:
        s = a.sentences[x.sentence]
        assert s.start <= x.cue.start < s.end
    # every window's paragraphs are alike, so the windowed records match the whole text's
    assert len(a.attributions) == len(whole.attributions)
    assert [p.start for p in a.places] == [p.start for p in whole.places]


def test_too_long_is_refused_up_front(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_CHARS", 1000)
    with pytest.raises(InputError, match="too long"):
        rawi.analyze(_text(50))
    with pytest.raises(InputError, match="too long"):
        rawi.analyze(_text(50).encode("utf-8") * 4)


@pytest.mark.parametrize("seed", range(6))
def test_windowed_analysis_of_mutated_text_keeps_every_invariant(monkeypatch, seed):
    import random

    from .fuzz import _mutate, _seed_texts

    rng = random.Random(seed)
    texts = _seed_texts()
    raw = "\n".join(_mutate(rng.choice(texts), rng) for _ in range(12))
    monkeypatch.setattr(windows, "WINDOW", rng.choice([500, 1500, 4000]))
    try:
        a = rawi.analyze(raw, published="2024-03-01")
    except InputError:
        return
    assert not check(a, raw_text(raw, a))
    ids = [x.id for x in a.attributions]
    assert len(ids) == len(set(ids))
