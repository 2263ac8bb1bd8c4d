"""Counts kept at ingest (rawi.corpus.aggregates) give what aggregating every row gave."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from rawi.corpus import aggregates
from rawi.corpus.store import SCHEMA_VERSION, Store

from . import agg_reference as ref
from .corpus_util import backends, open_store, text_only, with_records
from .test_corpus_store import A, B, C, D, corpus_analyses

E = "سخنگوی دولت گفت بودجه سال آینده برای ساخت مدرسه در روستاهای کرمان افزایش می‌یابد."
F = "او گفت بودجه سال آینده برای ساخت مدرسه در روستاهای کرمان افزایش می‌یابد و کار از بهار آغاز می‌شود."


def more_analyses() -> list:
    """Besides the four reports: copies (a story cluster), an article without outlet or date, a pronoun source."""
    e_content = "بودجه سال آینده برای ساخت مدرسه در روستاهای کرمان افزایش می‌یابد"
    e = with_records(text_only(E, outlet="outlet-b", url="http://b/2", published="2024-02-03"),
                     attributions=[("سخنگوی دولت", "official", "گفت", "neutral", e_content, "Government Spokesman")])
    f = with_records(text_only(F, url="http://n/1"),  # no outlet, no date
                     attributions=[("او", "anonymous", "گفت", "neutral", e_content)])
    copy_a = text_only(A + "\n" + A, outlet="outlet-d", url="http://d/1", published="2024-01-09")
    copy_b = text_only(A + "\n" + A, outlet="outlet-e", url="http://e/1", published="2024-01-13")
    copy_c = text_only(A + "\n" + A, url="http://n/2")
    d2 = with_records(text_only(D + "\nصادرات نیز افزایش یافت.", outlet="outlet-c", url="http://c/2", published="2024-02-02"),
                      attributions=[("وزیر نفت", "official", "گفت", "neutral",
                                     "تولید نفت ایران به سه میلیون و هشتصد هزار بشکه در روز رسید", "Oil Minister")])
    return [e, f, copy_a, copy_b, copy_c, d2]


def views(s: Store) -> dict:
    return {"claims": s.claims(limit=100), "claims2": s.claims(min_outlets=2), "claims_q": s.claims(query="سرکرده"),
            "sources": s.sources(), "sources_b": s.sources(outlet="outlet-b"), "aff": s.sources(by="affiliation"),
            "clusters": s.clusters(), "clusters1": s.clusters(min_size=1, limit=100),
            "stats": {k: v for k, v in s.stats().items() if k != "size_bytes"}}


def reference(s: Store) -> dict:
    return {"claims": ref.list_claims(s, limit=100), "claims2": ref.list_claims(s, min_outlets=2),
            "claims_q": ref.list_claims(s, query="سرکرده"), "sources": ref.source_stats(s),
            "sources_b": ref.source_stats(s, outlet="outlet-b"), "aff": ref.source_stats(s, by="affiliation"),
            "clusters": ref.story_clusters(s), "clusters1": ref.story_clusters(s, min_size=1, limit=100)}


def same(s: Store) -> None:
    got, want = views(s), reference(s)
    for k, v in want.items():
        assert got[k] == v, k
    assert got["stats"]["story_clusters"] == len(ref.story_clusters(s, limit=10**6))


@pytest.fixture(params=backends())
def store(request, tmp_path):
    yield from open_store(request.param, tmp_path)


def test_counts_kept_at_ingest_equal_the_full_queries(store):
    ids = [store.add_analysis(a) for a in corpus_analyses() + more_analyses()]
    v = views(store)
    assert any(c["n_outlets"] >= 2 for c in v["claims"]) and v["clusters"] and v["clusters"][0]["size"] >= 3
    assert any(d["outlet"] is None for d in v["sources"])
    same(store)
    store.delete_article(ids[4 + 2])  # the first copy: its cluster is renamed
    same(store)
    store.delete_article(ids[1])  # a named source and a claim shared by two outlets
    same(store)
    store.rebuild_claims()
    same(store)


def test_migration_five_fills_the_counts(tmp_path):
    url = f"sqlite:///{tmp_path}/v4.db"
    s = Store(url)
    for a in corpus_analyses() + more_analyses():
        s.add_analysis(a)
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # a version-4 file: no aggregate tables
        for t in aggregates.TABLES:
            c.exec_driver_sql(f"DROP TABLE {t.name}")
        c.exec_driver_sql("UPDATE rawi_meta SET value = '4' WHERE key = 'schema_version'")
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    same(s)
    s.close()


def test_search_top_k(store):
    for a in corpus_analyses() + more_analyses():
        store.add_analysis(a)
    full = store.search("داعش", limit=100)
    for k in (1, 2, 3):
        top = store.search("داعش", limit=k)
        assert top["total"] == full["total"] and top["results"] == full["results"][:k]
        assert store.search("داعش", limit=k, offset=1)["results"] == full["results"][1:1 + k]
