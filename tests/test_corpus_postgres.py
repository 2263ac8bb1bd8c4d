"""PostgreSQL and SQLite hold the same corpus after the same ingest (one SQLAlchemy code path).

Needs a server: ``source scripts/ci_postgres.sh`` exports RAWI_TEST_PG_URL; skipped without it.
"""
from __future__ import annotations

import threading

import pytest

from rawi.corpus.ingest import ingest
from rawi.corpus.store import Store

from .conftest import EXAMPLE, FIXTURES
from .corpus_util import dump, make_store_url, text_only
from .test_corpus_store import corpus_analyses

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(tmp_path):
    gen = make_store_url("postgresql", tmp_path)
    url = next(gen)
    yield url
    for _ in gen:
        pass


def test_same_rows_as_sqlite(pg, tmp_path):
    sources = [FIXTURES / "corpus" / "fars-sample.json", EXAMPLE]
    lite, post = Store(f"sqlite:///{tmp_path / 'l.db'}"), Store(pg)
    for s in (lite, post):
        rep = ingest(sources, s, analyzer=text_only, progress=False)
        assert rep.added == 5 and not rep.skipped
        for a in corpus_analyses():
            s.add_analysis(a)
    a, b = dump(lite), dump(post)
    for table in ("articles", "attributions", "claims", "entities", "places", "lsh"):
        assert a[table] == b[table], table
    assert lite.search("سرکرده‌های")["total"] == post.search("سرکردههای")["total"] == 1
    assert lite.claims() == post.claims()
    assert lite.sources() == post.sources()
    assert ingest(sources, post, analyzer=text_only, progress=False).added == 0


def test_concurrent_writers_store_each_article_once(pg):
    """Two processes' worth of writers racing on the same articles: the unique hash wins."""
    Store(pg).close()  # schema first
    analyses = [text_only(EXAMPLE.read_text(encoding="utf-8"), outlet=f"o{i}") for i in range(4)]
    ids: list[list[int]] = [[], []]

    def work(k: int) -> None:
        s = Store(pg)
        for a in analyses:
            ids[k].append(s.add_analysis(a))
        s.close()

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ids[0] == ids[1]
    assert Store(pg).stats()["articles"] == 4
