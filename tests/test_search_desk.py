"""A query typed with a space before a suffix or after می finds what the glued spelling finds:
the query is folded the way the index folds the stored (normalised) text."""
from __future__ import annotations

import pytest

from rawi.corpus.query import fts_query, query_forms

from .corpus_util import backends, open_store, text_only

GLUED = "خبرنگاران نوشتند تحریم‌ها ادامه دارد و این کار انجام می‌شود."
SPLIT = "خبرنگاران نوشتند تحریم ها ادامه دارد و این کار انجام می شود."
OTHER = "وزیر نفت گفت تولید نفت ایران افزایش یافت."


@pytest.fixture(params=backends())
def store(request, tmp_path):
    yield from open_store(request.param, tmp_path)


def test_the_query_is_glued_like_the_index() -> None:
    assert query_forms("تحریم ها")[0] == ["تحریمها"]
    assert query_forms("می شود")[0] == ["میشود"]
    assert query_forms("تحریم‌ها") == [["تحریمها"]]
    assert fts_query("", "sqlite") is None


@pytest.mark.parametrize("q", ["تحریم ها", "تحریم‌ها", "تحریمها", "می شود", "می‌شود", "میشود", "تحریم ها ادامه"])
def test_split_and_glued_queries_find_the_same(store, q) -> None:
    a = store.add_analysis(text_only(GLUED, outlet="o1", url="http://o/1"))
    b = store.add_analysis(text_only(SPLIT, outlet="o2", url="http://o/2"))  # normalised: glued in the index too
    store.add_analysis(text_only(OTHER, outlet="o3", url="http://o/3"))
    res = store.search(q)
    assert sorted(r["id"] for r in res["results"]) == sorted([a, b]) and res["total"] == 2
    assert all(r["snippet"] for r in res["results"])


def test_a_title_written_with_a_space_is_found(store) -> None:
    a = store.add_analysis(text_only(OTHER, outlet="o1", url="http://o/4", title="ادامه تحریم ها"))
    assert [r["id"] for r in store.search("تحریم ها")["results"]] == [a]
