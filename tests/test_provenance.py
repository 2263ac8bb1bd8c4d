"""Provenance: bylines (outlet, desk, relay), meta outlet, per-claim chains, Fars coverage."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rawi.annotate.attribution import annotate_attributions
from rawi.annotate.provenance import annotate_provenance
from rawi.doc import Doc

FIX = Path(__file__).resolve().parent / "fixtures"


def _prov(text: str, **meta):
    doc = Doc.from_raw(text, **meta)
    atts = annotate_attributions(doc)
    return annotate_provenance(doc, atts), atts


@pytest.mark.parametrize("text,outlet", [
    ("به گزارش گروه بین‌الملل دفاع‌پرس، ارتش سوریه وارد شهر شد.", "Defa Press"),
    ("تهران- ایرنا- وزیر امور خارجه امروز به مسکو رفت.", "IRNA"),
    ("به گزارش خبرنگار سیاسی خبرگزاری تسنیم، جلسه مجلس برگزار شد.", "Tasnim"),
    ("به گزارش ایسنا، قیمت طلا کاهش یافت.", "ISNA"),
    ("به گزارش خبرگزاری مهر، بارش برف ادامه دارد.", "Mehr"),
    ("به گزارش باشگاه خبرنگاران جوان، نمایشگاه کتاب آغاز شد.", "YJC"),
    ("خبرگزاری فارس: رئیس پلیس گفت: ترافیک کم شد.", "Fars"),
    ("سعید کریمی در گفت‌وگو با خبرنگار اقتصادی خبرگزاری فارس اظهار داشت: تورم کاهش یافت.", "Fars"),
])
def test_byline_outlets(text: str, outlet: str) -> None:
    p, _ = _prov(text)
    assert p.outlet is not None and p.outlet.name_en == outlet
    assert text.find(p.outlet.text) >= 0 or p.outlet.text in Doc.from_raw(text).text


def test_desk_and_relay() -> None:
    p, _ = _prov("به گزارش گروه بین‌الملل خبرگزاری فارس به نقل از رویترز، نفت گران شد.")
    assert p.outlet.name_en == "Fars"
    assert p.desk is not None and p.desk.text == "گروه بین‌الملل" and p.desk.name_en == "International desk"
    assert [r.name_en for r in p.relayed_from] == ["Reuters"]


def test_relay_of_a_press_office() -> None:
    p, atts = _prov("به گزارش خبرگزاری فارس از قزوین به نقل از روابط عمومی استانداری، استاندار گفت: "
                    "جاده‌ها باز است.")
    assert p.outlet.name_en == "Fars"
    assert [r.text for r in p.relayed_from] == ["روابط عمومی استانداری"]
    assert p.chains[0].chain[:2] == ["Fars", "public relations office"]


def test_later_reuters_is_an_attribution_not_the_outlet() -> None:
    p, atts = _prov("به گزارش ایسنا، جلسه برگزار شد. به گزارش رویترز، دو نفر کشته شدند.")
    assert p.outlet.name_en == "ISNA"
    assert any(a.source.kind == "media" and a.source.name_en == "Reuters" for a in atts)
    assert any(r.name_en == "Reuters" for r in p.relayed_from)


def test_meta_outlet_wins() -> None:
    p, _ = _prov("به گزارش ایسنا، قیمت طلا کاهش یافت.", outlet="ایرنا")
    assert p.outlet.name_en == "IRNA"


def test_no_byline_no_outlet() -> None:
    p, _ = _prov("قیمت طلا امروز کاهش یافت و بازار آرام بود.")
    assert p.outlet is None and p.desk is None and p.relayed_from == []


def test_example_article_chains() -> None:
    doc = Doc.from_raw((FIX / "defapress-alsinaa-prison.txt").read_text(encoding="utf-8"))
    atts = annotate_attributions(doc)
    p = annotate_provenance(doc, atts)
    assert p.outlet.name_en == "Defa Press"
    assert p.desk.name_en == "International desk"
    assert [r.name_en for r in p.relayed_from] == ["Sputnik"]
    chains = {c.attribution: c for c in p.chains}
    assert len(chains) == len(atts)
    sputnik = [c for c in p.chains if "Sputnik" in c.chain]
    assert sputnik and sputnik[0].chain == ["Defa Press", "Sputnik", "special sources (anonymous)"]
    assert sum(c.source_kind == "anonymous" for c in p.chains) >= 10
    # The closing line is never content.
    assert not any("انتهای پیام" in a.content.text for a in atts)


def _shared() -> Path | None:
    env = os.environ.get("RAWI_SHARED_DATA")
    p = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
    return p if (p / "farsnews-course").exists() else None


@pytest.mark.shared
@pytest.mark.skipif(_shared() is None, reason="../shared/data/farsnews-course not available")
def test_farsnews_coverage() -> None:
    """Most real Fars articles get an outlet and at least one attribution."""
    arts = json.loads((_shared() / "farsnews-course" / "fars-news-2.json").read_text(encoding="utf-8"))[:60]
    n = outlets = with_att = 0
    for a in arts:
        body = "\n".join(x.strip() for x in a["paragraphs"] if x.strip())
        if not body:
            continue
        p, atts = _prov(body)
        n += 1
        outlets += p.outlet is not None and p.outlet.name_en == "Fars"
        with_att += bool(atts)
    assert outlets / n >= 0.8, (outlets, n)
    assert with_att / n >= 0.6, (with_att, n)


def test_az_public_relations_is_a_relay_but_a_city_is_not() -> None:
    p, _ = _prov("به گزارش ایرنا از روابط عمومی وزارت بهداشت، وزیر بهداشت گفت: واکسن توزیع می‌شود.")
    assert p.outlet.name_en == "IRNA" and len(p.relayed_from) == 1
    assert p.relayed_from[0].text.startswith("روابط عمومی وزارت بهداشت")
    p, _ = _prov("به گزارش خبرگزاری فرانسه از مسکو، گورباچف گفت: مذاکره بهترین راه است.")
    # AFP publishes no Persian: the page relays it ("از مسکو" is a dateline place, not a relay)
    assert p.outlet is None and [r.name_en for r in p.relayed_from] == ["AFP"]


def test_ambiguous_outlet_word_inside_a_desk_yields_to_the_named_agency() -> None:
    p, _ = _prov("به گزارش خبرنگار حوزه دولت خبرگزاری تسنیم، معاون اول رئیس جمهور گفت: صادرات رکورد زد.")
    assert p.outlet.name_en == "Tasnim" and p.desk.text == "خبرنگار حوزه دولت"
