"""Attribution phenomena met on outlets rawi never saw: one short sentence (written for these
tests) per phenomenon — source kinds, source boundaries, cues, content extents."""
from __future__ import annotations

import pytest

from rawi.annotate.attribution import annotate_attributions
from rawi.annotate.sources import classify
from rawi.doc import Doc


def _atts(text: str):
    return annotate_attributions(Doc.from_raw(text))


def _kind(phrase: str) -> str | None:
    return classify(phrase, 0, len(phrase)).kind


# --- source kinds -----------------------------------------------------------------------------

@pytest.mark.parametrize("phrase,kind", [
    ("این دسته از کارکنان", "anonymous"),       # people after a partitive
    ("پرسنل شرکت پیمانکار", "anonymous"),
    ("امضاکنندگان این نامه", "anonymous"),        # agentive plurals name people by what they do
    ("نمایندگان مجلس", "official"),              # ... except representatives
    ("گزارش‌ها", "anonymous"),                    # bare plural reports
    ("گزارش دادستانی کشور", "organization"),      # a document speaks with its author's voice
    ("بیانیه دادستان کل کشور", "official"),
    ("نامه نمایندگان", "official"),
    ("آمار رسمی وزارت بهداشت", "organization"),
    ("صاحب امتیاز روزنامه", "official"),
])
def test_kinds(phrase: str, kind: str) -> None:
    assert _kind(phrase) == kind


def test_demonstrative_document_takes_its_issuers_kind() -> None:
    atts = _atts("وزیران خارجه چند کشور در بیانیه‌ای اعلام کردند که حمله محکوم است. "
                 "در این بیانیه آمده است: همه طرف‌ها خویشتنداری کنند.")
    doc = [a for a in atts if a.source.text == "این بیانیه"]
    assert doc and doc[0].source.kind == "official"


def test_lead_title_and_body_name_are_one_official() -> None:
    atts = _atts("نماینده مردم شهر کوچک در مجلس گفت: بازار آرام نیست. "
                 "کامران صدیقی افزود: نظارت باید بیشتر شود.")
    assert [a.source.kind for a in atts] == ["official", "official"]
