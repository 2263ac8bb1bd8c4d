"""Dask runs give exactly the single-process output, in input order, and survive bad items.

Runs against a real ``LocalCluster`` (2 worker processes); nothing is timed here
(speed lives in benchmarks/run.py).
"""
from __future__ import annotations

import json

import pytest

from rawi.corpus.distributed import analyze_many, analyze_many_local, scheduler_address

from .conftest import EXAMPLE

distributed = pytest.importorskip("distributed")


def _articles() -> list[dict]:
    """~30 distinct articles from the committed example: paragraph subsets and rotations,
    some in Arabic letters (ي ك, as old archives write) and some as Windows-1256 bytes."""
    paras = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    n = len(paras)
    out: list[dict] = []
    for i in range(30):
        k = 2 + i % (n - 1)
        chosen = [paras[(i + j) % n] for j in range(k)]
        text = "\n".join(chosen)
        if i % 5 == 1:
            text = text.replace("ی", "ي").replace("ک", "ك")
        item: dict = {"key": f"a{i:02d}", "text": text, "meta": {"url": f"https://example.org/{i}", "outlet": "Defa Press"}}
        if i % 7 == 3:
            item["text"] = text.replace("\u200c", " ").encode("cp1256", errors="ignore")
        out.append(item)
    out.insert(11, {"key": "binary", "text": b"\x00\x01\x02\x03 PK\x03\x04\xff\xfe\x00\x00garbage", "meta": {}})
    out.insert(20, {"key": "empty", "text": "   \n ", "meta": {}})
    return out


def _as_json(results) -> list[tuple[str, str | None, str | None]]:
    return [(it["key"], a.model_dump_json() if a is not None else None, err) for it, a, err in results]


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    return _articles()


@pytest.fixture(scope="module")
def reference(articles):
    return _as_json(analyze_many_local(articles))


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
    yield c
    c.close()


def test_reference_reports_bad_items(reference):
    by_key = {k: (j, e) for k, j, e in reference}
    assert by_key["binary"][0] is None and "binary" in by_key["binary"][1]
    assert by_key["empty"][0] is None and "empty" in by_key["empty"][1]
    analysed = [k for k, j, _ in reference if j is not None]
    assert len(analysed) == 30


def test_existing_cluster_gives_identical_output_in_order(cluster, articles, reference):
    addr = cluster.scheduler_address.replace("tcp://", "dask://")
    got = _as_json(analyze_many(articles, scheduler=addr, batch_size=3, max_in_flight=4))
    assert [k for k, _, _ in got] == [it["key"] for it in articles]
    assert got == reference


def test_json_and_rows_results(cluster, articles, reference):
    """result="json" hands back the very JSON a serial run writes; result="rows" the store's rows."""
    from rawi.corpus.rows import ArticleRows
    from rawi.corpus.slim import unpack

    got = [(it["key"], j, err) for it, j, err in analyze_many(articles, scheduler=cluster.scheduler_address,
                                                                 batch_size=4, result="json")]
    assert got == reference
    rows = list(analyze_many(articles[:3], scheduler=cluster.scheduler_address, result="rows"))
    # the store's rows hold the analysis without its text (rawi.corpus.slim)
    assert all(isinstance(r, ArticleRows) and r.article["text"] == json.loads(reference[i][1])["text"]
               and json.loads(unpack(r.article["analysis_z"])) == {k: v for k, v in json.loads(reference[i][1]).items() if k != "text"}
               for i, (_, r, _) in enumerate(rows))
    with pytest.raises(ValueError):
        next(analyze_many(articles, scheduler=cluster.scheduler_address, result="pickle"))


def test_cli_analyze_workers_matches_serial(tmp_path):
    """`rawi analyze DIR --format jsonl --workers 2` writes what the serial command writes, and
    skips the same unreadable file."""
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir()
    for it in [a for a in _articles() if a["key"] != "empty"][:7] + [a for a in _articles() if a["key"] == "binary"]:
        text = it["text"]
        (src / f"{it['key']}.txt").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    outs = []
    for extra in ([], ["--workers", "2"]):
        out = tmp_path / f"out{len(outs)}.jsonl"
        proc = subprocess.run([sys.executable, "-m", "rawi.cli", "analyze", str(src), "-f", "jsonl", "-o", str(out),
                               "--outlet", "Defa Press", *extra], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 1, proc.stderr  # one input skipped
        assert "binary" in proc.stderr and "7 analysed, 1 skipped" in proc.stderr
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and outs[0].count("\n") == 7


def test_local_cluster_started_by_workers(articles, reference):
    got = _as_json(analyze_many(iter(articles[:12]), workers=2, batch_size=5))
    assert got == reference[:12]


def test_scheduler_address_spellings():
    assert scheduler_address("dask://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address("tls://h:1") == "tls://h:1"


def _rows(store) -> list[tuple]:
    import sqlalchemy as sa

    from rawi.corpus import store as S

    with store.engine.connect() as conn:
        arts = [tuple(r) for r in conn.execute(sa.select(S.articles).order_by(S.articles.c.id))]
        for t in (S.attributions, S.claims_t, S.entities, S.places):
            arts += [tuple(r) for r in conn.execute(sa.select(t).order_by(t.c.id))]
        arts += sorted(tuple(r) for r in conn.execute(sa.select(S.lsh)))
    return arts


def test_ingest_on_dask_stores_what_a_serial_ingest_stores(cluster, tmp_path):
    """Same sources → same article rows (ids, hashes, analysis JSON, clusters) and counts."""
    import shutil

    from rawi.corpus.distributed import ingest_many
    from rawi.corpus.ingest import ingest
    from rawi.corpus.store import Store

    from .conftest import FIXTURES

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURES / "corpus" / "fars-sample.json", src / "fars.json")
    shutil.copy(EXAMPLE, src / "example.txt")
    (src / "copy-of-example.txt").write_bytes(EXAMPLE.read_bytes())  # stored once
    (src / "broken.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary")
    serial = Store(f"sqlite:///{tmp_path / 'serial.db'}")
    dist = Store(f"sqlite:///{tmp_path / 'dask.db'}")
    r1 = ingest([src], serial, progress=False)
    r2 = ingest_many([src], dist, scheduler=cluster.scheduler_address, batch_size=2)
    assert (r2.added, r2.existing, len(r2.skipped)) == (r1.added, r1.existing, len(r1.skipped))
    assert r2.added >= 5 and [s.name for s in r2.skipped] == [s.name for s in r1.skipped]
    assert _rows(dist) == _rows(serial)
    assert dist.stats() | {"size_bytes": 0} == serial.stats() | {"size_bytes": 0}
    again = ingest_many([src], dist, scheduler=cluster.scheduler_address)
    assert again.added == 0 and again.existing == r1.added + r1.existing
    serial.close()
    dist.close()


def _die_on_poison(items, disable=(), result="analysis"):
    """A batch function whose worker process dies on one article (as a C crash would)."""
    import os

    from rawi.corpus.distributed import _analyze_batch

    if any(it.get("key") == "poison" for it in items):
        os._exit(1)
    return _analyze_batch(items, disable, result)


def test_a_worker_crash_costs_one_article(articles, reference, monkeypatch):
    """A worker process that dies on one article: that article is reported, the rest analysed."""
    import dask
    from distributed import LocalCluster

    from rawi.corpus import distributed as D

    items = articles[:6] + [{"key": "poison", "text": "متن", "meta": {}}] + articles[6:9]
    monkeypatch.setattr(D, "_analyze_batch", _die_on_poison)
    # allowed-failures 0: a task fails at the first worker death (the default retries 3 times)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50)
    try:
        got = list(D.analyze_many(items, scheduler=c.scheduler_address, batch_size=4))
    finally:
        c.close()
    assert [it["key"] for it, _, _ in got] == [it["key"] for it in items]
    bad = [err for it, _, err in got if it["key"] == "poison"]
    assert bad[0].startswith("worker failed")
    ok = [(it["key"], a.model_dump_json() if a else None, err) for it, a, err in got if it["key"] != "poison"]
    assert ok == reference[:9]


def test_cli_ingest_workers_matches_serial(tmp_path):
    """`rawi ingest --workers 2` stores what the serial command stores."""
    import shutil
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "corpus" / "fars-sample.json", src)
    dbs = []
    for extra in ([], ["--workers", "2"]):
        db = tmp_path / f"db{len(dbs)}.sqlite"
        proc = subprocess.run([sys.executable, "-m", "rawi.cli", "ingest", str(src), "--db", str(db), "-q", *extra],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        dbs.append(db)
    q_articles = "select id, title, outlet, published, analysis from articles order by id"
    q_attr = "select * from attributions order by id"
    a, b = (sqlite3.connect(d) for d in dbs)
    assert a.execute(q_articles).fetchall() == b.execute(q_articles).fetchall()
    assert a.execute(q_attr).fetchall() == b.execute(q_attr).fetchall()


def test_batches_in_process_match_one_at_a_time(articles, reference, monkeypatch):
    """analyze_items (the workers' batch path: components over the whole batch) gives what
    analysing one article at a time gives, bad items included; a component that raises on
    one article costs that article only."""
    from rawi import pipeline
    from rawi.corpus.distributed import analyze_items

    got = _as_json(analyze_many_local(articles, batch_size=7))
    assert got == reference
    real = pipeline.analyze_docs

    def fragile(docs, disable=()):
        if any("poison-marker" in d.text for d in docs):
            raise RuntimeError("component failed")
        return real(docs, disable=disable)

    monkeypatch.setattr(pipeline, "analyze_docs", fragile)
    items = articles[:3] + [{"key": "poison", "text": "poison-marker متن خبر", "meta": {}}]
    monkeypatch.setattr(pipeline, "analyze_doc", lambda d, disable=(): (_ for _ in ()).throw(RuntimeError("boom"))
                        if "poison-marker" in d.text else real([d], disable=disable)[0])
    res = analyze_items(items)
    assert [a.model_dump_json() if a else None for a, _ in res[:3]] == [r[1] for r in reference[:3]]
    assert res[3][0] is None and res[3][1].startswith("internal error: RuntimeError")
