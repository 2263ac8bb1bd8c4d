"""The text held once: the stored analysis JSON has no text, readers give it back (migration 6 too);
the JSON and the raw input compressed, the full-text index without a copy (migration 7)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from rawi.corpus.export import export_jsonl
from rawi.corpus.slim import stored_doc
from rawi.corpus.store import SCHEMA_VERSION, Store

from .corpus_util import fts_index
from .test_corpus_store import corpus_analyses


def stored_docs(s: Store) -> list[dict]:
    with s.engine.connect() as c:
        return [json.loads(stored_doc(r.analysis, r.analysis_z))
                for r in c.execute(sa.text("SELECT analysis, analysis_z FROM articles ORDER BY id"))]


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
            c.execute(sa.text("UPDATE articles SET analysis = :d, analysis_z = NULL WHERE id = :i"), {"d": a.model_dump_json(), "i": aid})
        c.exec_driver_sql("UPDATE rawi_meta SET value = '5' WHERE key = 'schema_version'")
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    assert all("text" not in d for d in stored_docs(s))
    assert s.get_article(ids[1])["analysis"] == json.loads(analyses[1].model_dump_json())
    s.close()


def test_migration_seven_compresses_and_keeps_everything(tmp_path):
    """A version-6 file (plain JSON and raw, an FTS5 table holding a copy of the folded text)
    reads the same after migration 7, searches the same, and forgets a deleted article."""
    url = f"sqlite:///{tmp_path}/v6.db"
    s = Store(url)
    analyses = corpus_analyses()
    ids = [s.add_analysis(a, raw=f"raw input {i}") for i, a in enumerate(analyses)]
    before = {aid: s.get_article(aid) for aid in ids}
    hits = s.search("داعش")["total"]
    index = _index(s)
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # undo v7: plain columns, and an FTS5 table with its own copy of the text
        for aid in ids:
            r = c.execute(sa.text("SELECT analysis_z, raw_z FROM articles WHERE id = :i"), {"i": aid}).one()
            c.execute(sa.text("UPDATE articles SET analysis = :d, raw = :r, analysis_z = NULL, raw_z = NULL WHERE id = :i"),
                      {"d": stored_doc(None, r.analysis_z), "r": stored_doc(None, r.raw_z), "i": aid})
        c.exec_driver_sql("DROP TABLE articles_fts")
        c.exec_driver_sql("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
        from rawi.corpus.fold import fold
        for aid in ids:
            r = c.execute(sa.text("SELECT title, text FROM articles WHERE id = :i"), {"i": aid}).one()
            c.execute(sa.text("INSERT INTO articles_fts(rowid, title, body) VALUES (:i, :t, :b)"),
                      {"i": aid, "t": fold(r.title or ""), "b": fold(r.text)})
        c.exec_driver_sql("UPDATE rawi_meta SET value = '6' WHERE key = 'schema_version'")
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    assert {aid: s.get_article(aid) for aid in ids} == before
    with s.engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM articles WHERE analysis != '' OR raw IS NOT NULL").scalar() == 0
        assert c.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts_content'").scalar() == 0
        assert "content='articles'" in c.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").scalar()
    assert _index(s) == index and s.search("داعش")["total"] == hits
    assert s.delete_article(ids[0])
    assert {doc for doc, *_ in _index(s)} == {doc for doc, *_ in index} - {ids[0]}
    s.close()


def _index(s: Store) -> list[tuple]:
    with s.engine.connect() as c:
        return fts_index(c)
