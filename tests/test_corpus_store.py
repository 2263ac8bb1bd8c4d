"""The corpus store on SQLite and (marked ``postgres``) PostgreSQL: idempotence, search, claims, sources."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from rawi.corpus.store import MIGRATIONS, SCHEMA_VERSION, Store

from .conftest import EXAMPLE
from .corpus_util import backends, fts_index, open_store, text_only, with_records

# Three outlets report on one event; the first hedges and hides its source, the second names it,
# the third gives another number (a different claim), the fourth is about something else.
A = ("به گزارش خبرگزاری الف، منابع آگاه گفتند احتمالاً ۱۲ سرکرده داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند.\n"
     "این منابع جزئیات بیشتری ارائه نکردند.")
B = ("فرهاد شامی سخنگوی نیروهای سوریه دموکراتیک اعلام کرد ۱۲ سرکرده گروه داعش از زندان الصناعه حسکه به خاک عراق منتقل شدند.\n"
     "او افزود که تحقیقات ادامه دارد.")
C = ("یک مقام محلی گفت ۴۰ سرکرده داعش از زندان الصناعه حسکه به عراق منتقل شدند.\n"
     "این مقام نامش را فاش نکرد.")
D = "وزیر نفت گفت تولید نفت ایران به سه میلیون و هشتصد هزار بشکه در روز رسید و صادرات افزایش یافت."


def corpus_analyses():
    a = with_records(text_only(A, outlet="outlet-a", url="http://a/1", published="2024-01-10", title="انتقال سرکردگان"),
                     attributions=[("منابع آگاه", "anonymous", "گفتند", "hedged",
                                    "۱۲ سرکرده داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند")],
                     places=[("حسکه", "Al-Hasakah", 36.5, 40.75, "SY")], hedged=[(0, "احتمالاً")])
    b = with_records(text_only(B, outlet="outlet-b", url="http://b/1", published="2024-01-11"),
                     attributions=[("فرهاد شامی", "named", "اعلام کرد", "neutral",
                                    "۱۲ سرکرده گروه داعش از زندان الصناعه حسکه به خاک عراق منتقل شدند", "Farhad Shami")],
                     entities=[("فرهاد شامی", "PER", "Farhad Shami"), ("داعش", "ORG", "ISIS")],
                     places=[("حسکه", "Al-Hasakah", 36.5, 40.75, "SY"), ("عراق", "Iraq", 33.0, 44.0, "IQ")])
    c = with_records(text_only(C, outlet="outlet-c", url="http://c/1", published="2024-01-12"),
                     attributions=[("یک مقام محلی", "anonymous", "گفت", "neutral",
                                    "۴۰ سرکرده داعش از زندان الصناعه حسکه به عراق منتقل شدند")])
    d = with_records(text_only(D, outlet="outlet-a", url="http://a/2", published="2024-02-01"),
                     attributions=[("وزیر نفت", "official", "گفت", "neutral",
                                    "تولید نفت ایران به سه میلیون و هشتصد هزار بشکه در روز رسید", "Oil Minister")],
                     entities=[("ایران", "LOC", "Iran")])
    return [a, b, c, d]


@pytest.fixture(params=backends())
def store(request, tmp_path):
    yield from open_store(request.param, tmp_path)


@pytest.fixture
def filled(store):
    ids = [store.add_analysis(a) for a in corpus_analyses()]
    return store, ids


def test_schema_version_and_idempotent_add(store):
    assert store.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
    a = corpus_analyses()[0]
    first = store.add_analysis(a)
    assert store.add_analysis(a) == first
    assert store.add_analysis(a, content_hash="x" * 64) != first  # a different identity is a new row
    assert store.stats()["articles"] == 2


def test_reopen_does_not_migrate_again(store):
    store.add_analysis(corpus_analyses()[3])
    again = Store(store.url)
    assert again.schema_version() == SCHEMA_VERSION
    assert again.stats()["articles"] == 1
    again.close()


def test_migrates_an_old_version_one_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    eng = sa.create_engine(url)
    from rawi.corpus import store as S

    with eng.begin() as c:  # a database written by schema version 1 (no search index yet)
        S._m1_core(c)
        c.execute(S.rawi_meta.insert().values(key="schema_version", value="1"))
        c.execute(S.articles.insert().values(id=1, content_hash="h", text="سرکرده‌های داعش", analysis="{}", n_attributions=0))
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    assert s.search("سرکردههای")["total"] == 1  # migration 2 indexed the existing row


def test_get_and_list_articles(filled):
    store, ids = filled
    art = store.get_article(ids[0])
    assert art["outlet"] == "outlet-a" and art["published"] == "2024-01-10" and art["url"] == "http://a/1"
    assert art["analysis"]["attributions"][0]["source"]["kind"] == "anonymous"
    assert store.get_article(10_000) is None
    listed = store.list_articles()
    assert [x["published"] for x in listed] == sorted((x["published"] for x in listed), reverse=True)
    assert {x["id"] for x in store.list_articles(outlet="outlet-a")} == {ids[0], ids[3]}
    assert len(store.list_articles(limit=2, offset=1)) == 2


@pytest.mark.parametrize("q", ["سرکرده‌های", "سرکردههای", "سركرده", "سرکرده", "زندان الصناعه"])
def test_search_persian_with_and_without_zwnj(store, q):
    text = EXAMPLE.read_text(encoding="utf-8")
    aid = store.add_analysis(text_only(text, outlet="defapress", published="2024-01-01"))
    other = store.add_analysis(text_only(D, outlet="outlet-x", published="2024-01-02"))
    res = store.search(q)
    ids = [r["id"] for r in res["results"]]
    assert aid in ids and other not in ids
    assert res["total"] == len(ids)
    hit = res["results"][0]
    assert hit["snippet"] and hit["published"] == "2024-01-01"


def test_search_zwnj_in_stored_text_found_without(store):
    aid = store.add_analysis(text_only("خبرنگاران از افزایش قیمت‌ها در بازارهای تهران گزارش دادند.", outlet="o"))
    assert [r["id"] for r in store.search("قیمتها")["results"]] == [aid]
    assert [r["id"] for r in store.search("قيمت‌ها")["results"]] == [aid]  # Arabic yeh, ZWNJ


def test_search_filters(filled):
    store, (a, b, c, d) = filled
    ids = lambda res: sorted(r["id"] for r in res["results"])  # noqa: E731
    assert ids(store.search("داعش")) == [a, b, c]
    assert ids(store.search("داعش", outlet="outlet-b")) == [b]
    assert ids(store.search("", source_kind="anonymous")) == [a, c]
    assert ids(store.search("", source_kind="official")) == [d]
    assert ids(store.search("", person="Farhad Shami")) == [b]
    assert ids(store.search("", person="فرهاد")) == [b]
    assert ids(store.search("", place="Hasakah")) == [a, b]
    assert ids(store.search("", place="عراق")) == [b]
    for wildcard in ("%", "_", "H_sakah", "%%"):  # LIKE wildcards are literal characters
        assert ids(store.search("", person=wildcard)) == [] and ids(store.search("", place=wildcard)) == []
    assert ids(store.search("", date_from="2024-01-11", date_to="2024-01-12")) == [b, c]
    assert ids(store.search("داعش", date_to="2024-01-10")) == [a]
    res = store.search("")
    assert res["total"] == 4
    assert res["by_date"] == [{"date": "2024-01", "count": 3}, {"date": "2024-02", "count": 1}]
    assert store.search("داعش", limit=1)["total"] == 3 and len(store.search("داعش", limit=1)["results"]) == 1
    assert store.search("کلمه‌ای‌که‌نیست")["total"] == 0


def test_claim_tracked_across_outlets(filled):
    store, (a, b, c, d) = filled
    claims = store.claims()
    top = claims[0]
    assert top["n_outlets"] == 2 and top["n_articles"] == 2
    claim = store.claim(top["id"])
    assert [x["article_id"] for x in claim["appearances"]] == [a, b]
    assert claim["first"]["article_id"] == a and claim["first"]["outlet"] == "outlet-a"
    assert [r["outlet"] for r in claim["relays"]] == ["outlet-b"]
    changes = {x["change"] for x in claim["changes"]}
    assert changes == {"anonymous→named", "hedged→stated"}
    # 40 commanders is another claim; the oil figure is unrelated
    assert len(claims) == 3
    assert all(x["n_outlets"] == 1 for x in claims[1:])
    assert store.claim(99_999) is None
    assert [x["id"] for x in store.claims(query="نفت")] != [top["id"]]
    assert len(store.claims(min_outlets=2)) == 1


def test_sources_per_outlet(filled):
    store, _ = filled
    rows = {r["outlet"]: r for r in store.sources()}
    assert rows["outlet-a"]["claims"] == 2 and rows["outlet-a"]["anonymous_share"] == 0.5
    assert rows["outlet-c"]["anonymous_share"] == 1.0
    assert rows["outlet-b"]["top_sources"][0] == {"source": "فرهاد شامی", "kind": "named", "count": 1, "name_en": "Farhad Shami"}
    only = store.sources(outlet="outlet-b")
    assert len(only) == 1 and only[0]["articles"] == 1


def test_delete_article_cleans_up(filled):
    store, (a, b, c, d) = filled
    before = store.stats()
    assert store.delete_article(d)
    assert not store.delete_article(d)
    after = store.stats()
    assert after["articles"] == before["articles"] - 1
    assert after["claims"] == before["claims"] - 1  # the oil claim had only this article
    assert store.search("نفت")["total"] == 0
    assert store.delete_article(a)
    claim = store.claim(store.claims()[0]["id"])
    assert all(x["article_id"] != a for x in claim["appearances"])


def test_near_duplicate_cluster(store):
    text = EXAMPLE.read_text(encoding="utf-8")
    first = store.add_analysis(text_only(text, outlet="defapress"))
    copy = store.add_analysis(text_only("کد خبر: ۱۲۳۴\n" + text.replace("\u200c", ""), outlet="another"))
    other = store.add_analysis(text_only(D, outlet="another"))
    art = store.get_article(copy)
    assert art["dup_of"] == first and art["cluster_id"] == first and art["dup_similarity"] >= 0.5
    assert store.get_article(other)["cluster_id"] == other
    clusters = store.clusters()
    assert len(clusters) == 1 and clusters[0]["size"] == 2 and clusters[0]["outlets"] == 2
    st = store.stats()
    assert st["near_duplicates"] == 1 and st["story_clusters"] == 1


def test_rebuild_claims_gives_the_same_grouping(filled):
    store, _ = filled

    def partition():
        with store.engine.connect() as c:
            rows = c.execute(sa.text("SELECT id, claim_id FROM attributions ORDER BY id")).all()
        groups: dict = {}
        for aid, cid in rows:
            groups.setdefault(cid, set()).add(aid)
        return sorted(sorted(g) for k, g in groups.items() if k is not None)

    before = partition()
    assert store.rebuild_claims() == 3
    assert partition() == before
    assert store.claims()[0]["n_outlets"] == 2


def test_migration_three_backfills_resolved_sources(tmp_path):
    url = f"sqlite:///{tmp_path / 'v2.db'}"
    s = Store(url)
    a = corpus_analyses()[1]
    from rawi.schema import SourceRef

    ref = SourceRef.model_validate({"text": "فرهاد شامی", "start": 0, "end": 10, "kind": "named"})
    src = a.attributions[0].source.model_copy(update={"refers_to": ref})
    a = a.model_copy(update={"attributions": [a.attributions[0].model_copy(update={"source": src})]})
    s.add_analysis(a)
    s.close()
    eng = sa.create_engine(url)
    with eng.begin() as c:  # make it a version-2 file: no source_resolved column yet
        c.exec_driver_sql("ALTER TABLE attributions DROP COLUMN source_resolved")
        c.exec_driver_sql("UPDATE rawi_meta SET value = '2' WHERE key = 'schema_version'")
    eng.dispose()
    s = Store(url)
    assert s.schema_version() == SCHEMA_VERSION
    with s.engine.connect() as c:
        assert c.exec_driver_sql("SELECT source_resolved FROM attributions").scalar() == "فرهاد شامی"


def test_claims_started_and_matched_inside_one_article(store):
    """Two attributions of one article repeating one claim share it, as one-at-a-time matching
    (``rebuild_claims``) would decide; a claim with another number stays apart."""
    text = A + "\n" + B + "\n" + C
    a = with_records(text_only(text, outlet="outlet-x"), attributions=[
        ("منابع آگاه", "anonymous", "گفتند", "hedged", "۱۲ سرکرده داعش از زندان الصناعه در حسکه به عراق منتقل شده‌اند"),
        ("فرهاد شامی", "named", "اعلام کرد", "neutral", "۱۲ سرکرده گروه داعش از زندان الصناعه حسکه به خاک عراق منتقل شدند"),
        ("یک مقام محلی", "anonymous", "گفت", "neutral", "۴۰ سرکرده داعش از زندان الصناعه حسکه به عراق منتقل شدند")])
    store.add_analysis(a)

    def claim_ids():
        with store.engine.connect() as c:
            return [r[0] for r in c.execute(sa.text("SELECT claim_id FROM attributions ORDER BY idx"))]

    first, second, third = claim_ids()
    assert first == second and third not in (None, first)
    assert store.rebuild_claims() == 2  # one attribution at a time, claims renumbered
    first, second, third = claim_ids()
    assert first == second and third not in (None, first)


def test_rows_computed_elsewhere_store_the_same(tmp_path):
    """ArticleRows (what a Dask worker computes) survive pickling and store what add_analysis stores."""
    import pickle

    from rawi.corpus.rows import article_rows

    def dump(s: Store) -> list:
        with s.engine.connect() as c:
            return [c.execute(sa.text(f"SELECT * FROM {t} ORDER BY 1")).all()
                    for t in ("articles", "claims", "attributions", "entities", "places")] + [
                c.execute(sa.text("SELECT kind, key, item_id FROM lsh ORDER BY 1, 2, 3")).all(),
                fts_index(c)]

    one, two = Store(f"sqlite:///{tmp_path}/one.db"), Store(f"sqlite:///{tmp_path}/two.db")
    for a in corpus_analyses():
        one.add_analysis(a, raw="raw text")
        rows = pickle.loads(pickle.dumps(article_rows(a, raw="raw text")))
        assert two.add_rows(rows) == two.add_rows(rows)  # idempotent on the content hash
    assert dump(one) == dump(two)
    assert len(dump(two)[1]) == 3  # claims
