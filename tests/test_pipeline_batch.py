"""analyze_docs (stage by stage over several Docs) gives what analyze_doc gives one by one."""
from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "defapress-alsinaa-prison.txt"


def _texts() -> list[str]:
    paras = [p for p in FIXTURE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return ["\n".join(paras[i:] + paras[:i]) for i in range(0, len(paras), max(1, len(paras) // 4))] + [
        "به گزارش خبرگزاری فارس، سخنگوی وزارت خارجه روز دوشنبه در تهران گفت که ۳ نفر بازداشت شدند."]


def test_analyze_docs_equals_one_by_one() -> None:
    from rawi.pipeline import analyze_doc, analyze_docs, make_doc

    texts = _texts()
    one = [analyze_doc(make_doc(t, title=f"t{i}")).model_dump_json() for i, t in enumerate(texts)]
    batch = [a.model_dump_json() for a in analyze_docs([make_doc(t, title=f"t{i}") for i, t in enumerate(texts)])]
    assert batch == one


def test_analyze_docs_disable_and_empty() -> None:
    from rawi.pipeline import analyze_doc, analyze_docs, make_doc

    assert analyze_docs([]) == []
    t = _texts()[-1]
    got = analyze_docs([make_doc(t)], disable=["events", "attributions"])[0]
    assert got.model_dump_json() == analyze_doc(make_doc(t), disable=["events", "attributions"]).model_dump_json()
    assert got.events == [] and got.attributions == []
