"""Folding, near-duplicate signatures and claim matching on Persian text damaged the usual ways."""
from __future__ import annotations

import json
import random

from rawi.corpus import claims as C
from rawi.corpus import dedup
from rawi.corpus.fold import content_hash, content_terms, fold, tokens

from .conftest import EXAMPLE, FIXTURES

ZWNJ = "\u200c"
FARS = json.loads((FIXTURES / "corpus" / "fars-sample.json").read_text(encoding="utf-8"))


def _doc(r: dict) -> list[str]:
    return [r["title"], r["abstract"], *r["paragraphs"]]


def test_fold_unifies_scraper_variants():
    forms = ["سرکرده‌های", "سرکردههای", "سركرده‌هاي", "سرکرده\u200dهای", "سرکــرده‌های", "سَرکرده‌های"]
    assert {fold(f) for f in forms} == {"سرکردههای"}
    assert fold("۱۲ و ١٢ و 12") == "12 و 12 و 12"
    assert tokens("«الصناعه»، (حسکه)!") == ["الصناعه", "حسکه"]
    assert fold("Sputnik") == "sputnik"


def test_content_hash_identity():
    t = EXAMPLE.read_text(encoding="utf-8")
    assert content_hash(t, outlet="a") == content_hash(t.replace(ZWNJ, ""), outlet="a")  # scraper damage: same article
    assert content_hash(t, outlet="a") != content_hash(t, outlet="b")  # a relay by another outlet is a new article
    assert content_hash(t, url="u1") != content_hash(t, url="u2")


def test_glued_tokens_meet_across_zwnj_forms():
    assert dedup.glued_tokens("می‌شود") == dedup.glued_tokens("میشود") == dedup.glued_tokens("می شود") == ["میشود"]
    assert dedup.glued_tokens("کتاب‌ها و کتاب ها") == ["کتابها", "و", "کتابها"]


def test_edited_copies_are_near_duplicates_and_others_are_not():
    rng = random.Random(3)
    for r in FARS:
        doc = _doc(r)
        paras = doc[2:]
        rng.shuffle(paras)
        copy = [doc[0].replace(ZWNJ, ""), "به گزارش خبرگزاری مهر، " + doc[1], *paras, "انتهای پیام/"]
        copy = [s.replace("ی", "ي").replace("ک", "ك").replace(ZWNJ, " ") for s in copy]
        s = dedup.similarity(dedup.article_signature("\n".join(doc)), dedup.article_signature("\n".join(copy)))
        assert s >= dedup.THRESHOLD, (r["link"], s)
    sigs = [dedup.article_signature("\n".join(_doc(r))) for r in FARS]
    for i in range(len(sigs)):
        for j in range(i + 1, len(sigs)):
            assert dedup.similarity(sigs[i], sigs[j]) < 0.2


def test_lsh_band_keys_collide_only_for_similar_signatures():
    doc = "\n".join(_doc(FARS[0]))
    a = dedup.band_keys(dedup.article_signature(doc), kind="a", threshold=dedup.THRESHOLD)
    b = dedup.band_keys(dedup.article_signature(doc.replace(ZWNJ, "")), kind="a", threshold=dedup.THRESHOLD)
    c = dedup.band_keys(dedup.article_signature("\n".join(_doc(FARS[1]))), kind="a", threshold=dedup.THRESHOLD)
    assert set(a) & set(b) and not set(a) & set(c)
    assert len(a) == dedup.bands_for(dedup.THRESHOLD, dedup.NUM_PERM)[0]
    # band keys are stable across processes (no Python hash randomisation): same input, same keys
    assert a == dedup.band_keys(dedup.article_signature(doc), kind="a", threshold=dedup.THRESHOLD)


def test_claim_paraphrases_match_and_contradictions_do_not():
    k = C.ClaimKey.build
    orig = k("۱۲ سرکرده داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند")
    para = k("دوازده تن از سرکرده‌های داعش را از زندان الصناعه حسکه به خاک عراق منتقل کردند و ۱۲ نفر بودند")
    shorter = k("انتقال ۱۲ سرکرده داعش از زندان الصناعه")
    other_number = k("۴۰ سرکرده داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند")
    unrelated = k("تولید نفت ایران به سه میلیون بشکه در روز رسید")
    assert C.match_score(orig, para) is not None
    assert C.match_score(orig, shorter) is not None
    assert C.match_score(orig, other_number) is None
    assert C.match_score(orig, unrelated) is None
    named = C.ClaimKey.build("نیروهای آمریکایی ۱۲ سرکرده داعش را از زندان الصناعه منتقل کردند", ["نیروهای آمریکایی"])
    other_actor = C.ClaimKey.build("نیروهای روسی ۱۲ سرکرده داعش را از زندان الصناعه منتقل کردند", ["نیروهای روسی"])
    assert C.match_score(named, other_actor) is None
    assert not k("او گفت").usable


def test_content_terms_drop_function_words_and_stem():
    terms = content_terms("وی گفت که این تروریست‌ها از زندان فرار کرده‌اند")
    assert "که" not in terms and "این" not in terms and "وی" not in terms
    assert content_terms("تروریست‌ها")[0] == content_terms("تروریستهای")[0]


def test_history_changes():
    apps = [
        {"article_id": 1, "outlet": "a", "published": "2024-01-01", "source": "منابع", "source_kind": "anonymous", "hedged": True},
        {"article_id": 2, "outlet": "a", "published": "2024-01-02", "source": "منابع", "source_kind": "anonymous", "hedged": True},
        {"article_id": 3, "outlet": "b", "published": "2024-01-03", "source": "وزیر", "source_kind": "official", "hedged": False},
        {"article_id": 4, "outlet": "c", "published": "2024-01-04", "source": "منابع", "source_kind": "anonymous", "hedged": False},
    ]
    h = C.history(apps)
    assert h["first"]["article_id"] == 1
    assert [r["outlet"] for r in h["relays"]] == ["b", "c"]
    assert [(x["change"], x["to_article"]) for x in h["changes"]] == [
        ("anonymous→named", 3), ("hedged→stated", 3), ("named→anonymous", 4)]
    assert C.history([]) == {"first": None, "relays": [], "changes": []}
