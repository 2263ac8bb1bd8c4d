"""NORP lexicon and entity merging."""
from rawi.annotate.entities import annotate_entities, norp_entities
from rawi.doc import Doc


def _norp(text):
    return [(e.text, e.name_en) for e in norp_entities(Doc.from_raw(text))]


def test_nationalities_and_plurals():
    got = _norp("نیروهای آمریکایی و سوری‌ها و عراقیان با اتباع افغانستانی دیدار کردند.")
    assert ("آمریکایی", "American") in got
    assert any(en == "Syrian" for _, en in got)
    assert any(en == "Iraqi" for _, en in got)
    assert any(en == "Afghan" for _, en in got)


def test_ambiguous_kurd_needs_context():
    assert _norp("او این کار را کرد.") == []
    assert [en for _, en in _norp("شبه‌نظامیان کرد عقب‌نشینی کردند.")] == ["Kurdish"]
    assert [en for _, en in _norp("نیروهای کُرد آمدند.")] == ["Kurdish"]


def test_entities_sorted_and_inside_text(example_text):
    doc = Doc.from_raw(example_text)
    ents = annotate_entities(doc)
    assert ents == sorted(ents, key=lambda e: (e.start, -e.end))
    for e in ents:
        assert doc.text[e.start:e.end] == e.text
