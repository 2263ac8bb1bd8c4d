"""The SQLite store opened by Datasette with the metadata rawi writes: ?_search= works on
articles, heavy columns are hidden from the table view, columns carry labels."""
from __future__ import annotations

import asyncio
import json

import pytest

from rawi.corpus.export import DATASETTE_HIDDEN_COLUMNS, datasette_metadata, export
from rawi.corpus.store import Store

from .corpus_util import text_only

A = "وزیر امور خارجه ایران گفت که تحریم‌ها باید برداشته شود."
B = "سخنگوی دولت گفت که جلسه هیئت وزیران فردا برگزار می‌شود."


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "corpus.db"
    s = Store(f"sqlite:///{path}")
    s.add_analysis(text_only(A, outlet="o1", url="http://o1/1", published="2024-01-01", title="تحریم"))
    s.add_analysis(text_only(B, outlet="o2", url="http://o2/1", published="2024-01-02", title="جلسه"))
    yield s, path
    s.close()


def test_metadata_file_is_written(db, tmp_path):
    store, path = db
    out = tmp_path / "metadata.json"
    assert export(store, "datasette-metadata", out) >= 5
    meta = json.loads(out.read_text(encoding="utf-8"))
    t = meta["databases"]["corpus"]["tables"]
    assert t["articles"]["fts_table"] == "articles_fts" and t["articles"]["fts_pk"] == "id"
    assert t["lsh"]["hidden"] and "published" in t["articles"]["columns"]
    assert "body.table-articles td.col-text" in __import__("urllib.parse").parse.unquote(meta["extra_css_urls"][0])


def test_postgres_store_is_refused():
    class Fake:
        dialect = "postgresql"

    with pytest.raises(RuntimeError, match="SQLite"):
        datasette_metadata(Fake())


def test_datasette_opens_the_store_and_search_works(db):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    store, path = db
    meta = datasette_metadata(store)

    async def run():
        ds = Datasette([str(path)], metadata=meta)
        found = (await ds.client.get("/corpus/articles.json?_search=تحریمها&_shape=array")).json()
        none = (await ds.client.get("/corpus/articles.json?_search=ناموجود&_shape=array")).json()
        prefix = (await ds.client.get("/corpus/articles.json?_search=جلس*&_searchmode=raw&_shape=array")).json()
        html = (await ds.client.get("/corpus/articles")).text
        index = (await ds.client.get("/corpus")).text
        return found, none, prefix, html, index

    found, none, prefix, html, index = asyncio.run(run())
    assert [r["title"] for r in found] == ["تحریم"] and none == []
    assert [r["title"] for r in prefix] == ["جلسه"]
    assert "data:text/css" in html and 'data-column-description="Publication date' in html
    for col in DATASETTE_HIDDEN_COLUMNS["articles"]:
        assert f'class="col-{col}' in html  # present, hidden by the stylesheet
    assert "/corpus/lsh" not in index  # internal tables hidden from the listing
