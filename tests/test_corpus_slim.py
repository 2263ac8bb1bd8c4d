"""The text held once: the stored analysis JSON has no text, readers give it back (migration 6 too)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from rawi.corpus.export import export_jsonl
from rawi.corpus.store import SCHEMA_VERSION, Store

from .test_corpus_store import corpus_analyses


def stored_docs(s: Store) -> list[dict]:
    with s.engine.connect() as c:
        return [json.loads(x) for x in c.execute(sa.text("SELECT analysis FROM articles ORDER BY id")).scalars()]


def test_analysis_stored_without_text_and_read_whole(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/slim.db")
    analyses = corpus_analyses()
    ids = [s.add_analysis(a) for a in analyses]
    assert all("text" not in d for d in stored_docs(s))
    for aid, a in zip(ids, analyses):
        got = s.get_article(aid)["analysis"]
        assert got == json.loads(a.model_dump_json())
        assert list(got)[:3] == ["schema_version", "meta", "text"]  # where the schema puts it
    export_jsonl(s, tmp_path / "out.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["analysis"]["text"] for x in lines] == [a.text for a in analyses]
    s.close()


def test_migration_six_strips_the_text(tmp_path):
    url = f"sqlite:///{tmp_path}/v5.db"
    s = Store(url)
    analyses = corpus_analyses()
    ids = [s.add_analysis(a) for a in analyses]
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # a version-5 file: the text inside the JSON as well
        for aid, a in zip(ids, analyses):
            c.execute(sa.text("UPDATE articles SET analysis = :d WHERE id = :i"), {"d": a.model_dump_json(), "i": aid})
        c.exec_driver_sql("UPDATE rawi_meta SET value = '5' WHERE key = 'schema_version'")
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    assert all("text" not in d for d in stored_docs(s))
    assert s.get_article(ids[1])["analysis"] == json.loads(analyses[1].model_dump_json())
    s.close()
