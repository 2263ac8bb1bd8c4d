"""Exports read back with their own readers: JSONL, CSV, Parquet, GeoJSON, GraphML."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest

from rawi.corpus.export import export
from rawi.corpus.store import Store
from rawi.schema import ClaimChain

from .test_corpus_store import corpus_analyses


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'e.db'}")
    analyses = corpus_analyses()
    b = analyses[1]
    chain = b.provenance.model_copy(update={"chains": [ClaimChain(attribution=0, chain=["outlet-b", "Sputnik", "Farhad Shami"], source_kind="named")]})
    analyses[1] = b.model_copy(update={"provenance": chain})
    for a in analyses:
        s.add_analysis(a)
    return s


def test_jsonl(store, tmp_path):
    p = tmp_path / "a.jsonl"
    assert export(store, "jsonl", p) == 4
    recs = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()]
    assert recs[0]["outlet"] == "outlet-a" and recs[0]["analysis"]["attributions"][0]["source"]["text"] == "منابع آگاه"


def _pyarrow():
    try:
        import pyarrow.parquet as pq
    except ImportError as e:  # e.g. pyarrow >= 25 with the numpy 1.24 that hazm pins
        pytest.skip(f"pyarrow unusable here: {e}")
    return pq


def test_csv(store, tmp_path):
    c = tmp_path / "a.csv"
    assert export(store, "csv", c) == 4
    rows = list(csv.DictReader(open(c, encoding="utf-8-sig")))
    assert [r["outlet"] for r in rows] == ["outlet-a", "outlet-b", "outlet-c", "outlet-a"]
    assert rows[0]["source_kind"] == "anonymous" and rows[0]["hedged"] == "True" and rows[1]["hedged"] == "False"
    assert rows[0]["claim_id"] == rows[1]["claim_id"] != rows[2]["claim_id"]  # the relayed claim shares an id
    assert json.loads(rows[1]["chain"]) == ["outlet-b", "Sputnik", "Farhad Shami"]


def test_csv_and_parquet_agree(store, tmp_path):
    pq = _pyarrow()

    c, q = tmp_path / "a.csv", tmp_path / "a.parquet"
    assert export(store, "csv", c) == 4
    assert export(store, "parquet", q) == 4
    rows = list(csv.DictReader(open(c, encoding="utf-8-sig")))
    table = pq.read_table(q).to_pylist()
    assert [r["source"] for r in rows] == [r["source"] for r in table]
    assert rows[0]["source_kind"] == "anonymous" and rows[0]["hedged"] == "True" and table[0]["hedged"] is True
    assert rows[0]["claim_id"] == rows[1]["claim_id"] != rows[2]["claim_id"]  # the relayed claim shares an id


def test_geojson(store, tmp_path):
    p = tmp_path / "p.geojson"
    assert export(store, "geojson", p) == 3
    fc = json.loads(p.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    f = fc["features"][0]
    assert f["geometry"] == {"type": "Point", "coordinates": [40.75, 36.5]} and f["properties"]["name_en"] == "Al-Hasakah"


def test_graphml(store, tmp_path):
    p = tmp_path / "g.graphml"
    n = export(store, "graphml", p)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(p).getroot()
    labels = {node.get("id"): node.find("g:data[@key='label']", ns).text for node in root.iter("{%s}node" % ns["g"])}
    edges = {(labels[e.get("source")], labels[e.get("target")]) for e in root.iter("{%s}edge" % ns["g"])}
    assert len(edges) == n
    assert ("Farhad Shami", "Sputnik") in edges and ("Sputnik", "outlet-b") in edges  # source → relay → outlet
    assert ("منابع آگاه", "outlet-a") in edges


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError):
        export(store, "xlsx", tmp_path / "x")


def test_cli_read_commands(store, tmp_path):
    from typer.testing import CliRunner

    from rawi.corpus.cli import app

    db = store.url
    run = lambda *a: CliRunner().invoke(app(), list(a) + ["--db", db])  # noqa: E731
    r = run("claims", "--format", "json", "--min-outlets", "2")
    top = json.loads(r.output)
    assert r.exit_code == 0 and len(top) == 1 and top[0]["n_outlets"] == 2
    r = run("claims", "--id", str(top[0]["id"]), "--format", "json")
    assert r.exit_code == 0 and {c["change"] for c in json.loads(r.output)["changes"]} == {"anonymous→named", "hedged→stated"}
    assert run("claims", "--id", "999999").exit_code == 1
    r = run("sources", "--format", "json", "--outlet", "outlet-c")
    assert r.exit_code == 0 and json.loads(r.output)[0]["anonymous_share"] == 1.0
    r = run("search", "داعش", "--source-kind", "anonymous", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)["total"] == 2
    r = run("clusters", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output) == []
    out = tmp_path / "x.geojson"
    r = run("export", "--format", "geojson", "-o", str(out))
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))["features"]
    assert run("export", "--format", "xlsx", "-o", str(out)).exit_code == 2
    for name in ("search", "claims", "sources", "clusters"):  # the rich tables render too
        assert run(name).exit_code == 0


def test_graph_never_joins_two_people_or_two_unnamed_offices(tmp_path):
    import rawi

    s = Store(f"sqlite:///{tmp_path / 'g.db'}")
    texts = ["علی رضایی رئیس سازمان هواشناسی گفت باران می‌بارد و هوا سرد می‌شود.",
             "حسن کریمی رئیس سازمان بنادر گفت کشتی‌ها به بندر رسیدند و تخلیه شدند.",
             "رئیس سازمان هواشناسی گفت سیل در راه است و مردم مراقب باشند.",
             "رئیس سازمان بنادر گفت صادرات افزایش یافته است و ادامه دارد."]
    for i, t in enumerate(texts):
        s.add_analysis(rawi.analyze(t, url=f"https://example.ir/{i}", outlet="example.ir"))
    out = tmp_path / "g.graphml"
    export(s, "graphml", out)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    labels = [n.find("g:data[@key='label']", ns).text for n in ET.parse(out).getroot().iter("{%s}node" % ns["g"])]
    sources = [x for x in labels if x.endswith("(official)")]
    assert len(sources) == 4, sources  # two named heads, two unnamed heads of different bodies
    s.close()
