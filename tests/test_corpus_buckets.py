"""Bounded claim matching: capped LSH buckets, rare-term signatures, batched IN lists, migration 4."""
from __future__ import annotations

import sqlite3

import sqlalchemy as sa

from rawi.corpus import buckets
from rawi.corpus.claims import ClaimKey, signature_terms
from rawi.corpus.store import SCHEMA_VERSION, Store

from .corpus_util import text_only, with_records

# One report template with another figure each time: different claims with the same rare words.
TEMPLATE = "مدیرعامل فولاد خوزستان گفت تولید شمش فولاد در کارخانه اهواز به {n} هزار تن رسید."
FIGURES = ["۱۲", "۱۳", "۱۴", "۱۵", "۱۶"]


def steel(i: int, n: str, outlet: str = "outlet-s"):
    text = TEMPLATE.format(n=n)
    content = text.split("گفت ", 1)[1].rstrip(".")
    return with_records(text_only(text, outlet=outlet, url=f"http://s/{i}", published=f"2024-03-{i + 1:02d}"),
                        attributions=[("مدیرعامل فولاد خوزستان", "official", "گفت", "neutral", content)])


def claim_of(store: Store, article_id: int) -> int:
    with store.engine.connect() as c:
        return c.execute(sa.text("SELECT claim_id FROM attributions WHERE article_id = :a"), {"a": article_id}).scalar()


def test_common_terms_stay_out_of_the_signature():
    key = ClaimKey.build("وزیر گفت که این کشور در سال آینده پالایشگاه بندرعباس را توسعه می‌دهد")
    sig = signature_terms(key)
    assert sig < key.terms  # fewer terms, all of them in the key
    assert not {"این", "که", "در"} & sig
    tiny = ClaimKey.build("این کار را کرد و آن کار را کرد")
    assert signature_terms(tiny) == tiny.terms  # too few rare terms: all of them


def test_open_keys_and_capped_bands(monkeypatch):
    monkeypatch.setitem(buckets.CAP, "c", 2)
    filled = {1: {10, 11}, 2: {10}}
    assert buckets.open_keys([1, 2, 3, 2], filled, "c") == [2, 3]
    rows = buckets.capped_bands([(20, [2, 3]), (21, [2, 3]), (22, [3])], {2: {10}}, "c")
    assert [(r["key"], r["item_id"]) for r in rows] == [(2, 20), (3, 20), (3, 21)]
    assert list(buckets.batches(list(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_full_buckets_take_no_more_claims(tmp_path, monkeypatch):
    monkeypatch.setitem(buckets.CAP, "c", 2)
    s = Store(f"sqlite:///{tmp_path}/cap.db")
    ids = [s.add_analysis(steel(i, n)) for i, n in enumerate(FIGURES)]
    claims = [claim_of(s, a) for a in ids]
    assert len(set(claims)) == len(FIGURES)  # another figure, another claim
    with s.engine.connect() as c:
        sizes = c.execute(sa.text("SELECT count(*) FROM lsh WHERE kind = 'c' GROUP BY key")).scalars().all()
    assert sizes and max(sizes) <= 2
    again = s.add_analysis(steel(9, FIGURES[0], outlet="outlet-t"))  # a relay of the first: still found
    assert claim_of(s, again) == claims[0]
    s.close()


def test_no_sql_variable_limit(tmp_path, monkeypatch):
    """Lookups of more keys than SQLite allows variables in one statement still answer."""
    s = Store(f"sqlite:///{tmp_path}/vars.db")
    s.add_analysis(steel(0, FIGURES[0]))
    sa.event.listen(s.engine, "connect", lambda dbapi, _r: dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 600))
    s.engine.dispose()
    with s.engine.connect() as c:
        stored = c.execute(sa.text("SELECT key FROM lsh WHERE kind = 'c'")).scalars().all()
        keys = list(range(-3000, 0)) + stored
        found = s._lsh_items(c, "c", keys)
    assert set(found) == set(stored)
    monkeypatch.setattr(buckets, "BATCH", 50)
    assert claim_of(s, s.add_analysis(steel(1, FIGURES[0], outlet="outlet-t"))) == 1
    s.close()


def test_migration_four_rebuilds_bands(tmp_path, monkeypatch):
    """A version-3 file (bands of all terms, unbounded buckets) gets the bands a new store writes."""
    def lsh_rows(st: Store) -> list:
        with st.engine.connect() as c:
            return c.execute(sa.text("SELECT kind, key, item_id FROM lsh ORDER BY 1, 2, 3")).all()

    fresh, old = Store(f"sqlite:///{tmp_path}/fresh.db"), Store(f"sqlite:///{tmp_path}/old.db")
    for i, n in enumerate(FIGURES):
        fresh.add_analysis(steel(i, n))
        old.add_analysis(steel(i, n))
    want = lsh_rows(fresh)
    with old.writer.begin() as c:
        c.exec_driver_sql("DELETE FROM lsh WHERE kind = 'c'")
        c.exec_driver_sql("INSERT INTO lsh(kind, key, item_id) VALUES ('c', 7, 1), ('c', 7, 2)")
        c.exec_driver_sql("INSERT INTO lsh(kind, key, item_id) SELECT 'a', 99, id FROM articles")
        c.exec_driver_sql("UPDATE rawi_meta SET value = '3' WHERE key = 'schema_version'")
    old.close()
    monkeypatch.setitem(buckets.CAP, "a", 3)
    again = Store(old.url)
    assert again.schema_version() == SCHEMA_VERSION
    got = lsh_rows(again)
    assert [r for r in got if r[0] == "c"] == [r for r in want if r[0] == "c"]
    assert [r.item_id for r in got if r.key == 99] == [1, 2, 3]  # the first three articles kept
    again.close()
    fresh.close()


def test_ranked_prefers_more_shared_bands_then_emptier_buckets_then_the_oldest():
    found = {1: {5, 6, 7, 8}, 2: {7}, 3: {8, 5, 6}, 4: {9}}
    # 5, 6, 7 and 8 share two keys each, 7 in the emptier buckets; 9 shares one (alone in its bucket)
    assert buckets.ranked([1, 2, 3, 4], found, top=1) == [7]
    assert buckets.ranked([1, 2, 3, 4], found, top=2) == [5, 7]  # 5, 6 and 8 tie: the oldest
    assert buckets.ranked([1, 2, 3, 4], found, top=4) == [5, 6, 7, 8]
    assert buckets.ranked([9], found) == []  # no shared key, no candidate


def test_only_the_best_ranked_candidates_are_scored(tmp_path, monkeypatch):
    from rawi.corpus import claims as C

    monkeypatch.setattr(buckets, "TOP", 2)
    s = Store(f"sqlite:///{tmp_path}/top.db")
    ids = [s.add_analysis(steel(i, n)) for i, n in enumerate(FIGURES)]
    calls = []
    score = C.match_score
    monkeypatch.setattr(C, "match_score", lambda a, b: calls.append(1) or score(a, b))
    again = s.add_analysis(steel(9, FIGURES[0], outlet="outlet-t"))  # a relay of the first: still found
    assert claim_of(s, again) == claim_of(s, ids[0])
    assert 0 < len(calls) <= 2  # five stored claims share its bands; two are scored
    s.close()
