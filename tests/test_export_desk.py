"""Typed Parquet, GeoJSON with feature type and gazetteer id, the entities export and GEXF,
each read back by its own reader (pyarrow, a GeoJSON validator, csv, networkx)."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest

from rawi.corpus.export import FORMATS, export
from rawi.corpus.store import Store
from rawi.schema import ClaimChain, Entity, Place

from .corpus_util import text_only
from .test_corpus_store import corpus_analyses

TEXT = "نیروهای ارتش در حسکه مستقر شدند. سوریه اعلام کرد داعش و باز داعش در حسکه حمله کردند."


def _places_and_entities():
    a = text_only(TEXT, outlet="outlet-p", url="http://p/1", published="2024-03")
    t = a.text
    pls = []
    for name, en, lat, lon, cc, gid, feat in (("حسکه", "Al-Hasakah", 36.5, 40.75, "SY", "geonames:173140", "city"),
                                               ("سوریه", "Syria", 35.0, 38.0, "SY", "geonames:163843", "country")):
        for m in re.finditer(name, t):
            pls.append(Place(text=name, start=m.start(), end=m.end(), name_en=en, lat=lat, lon=lon, country_code=cc,
                             gazetteer_id=gid, feature=feat))
    ents = [Entity(text="داعش", start=m.start(), end=m.end(), label="ORG", name_en="ISIS") for m in re.finditer("داعش", t)]
    return a.model_copy(update={"places": pls, "entities": ents})


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'x.db'}")
    analyses = corpus_analyses()
    b = analyses[1]
    analyses[1] = b.model_copy(update={"provenance": b.provenance.model_copy(update={"chains": [
        ClaimChain(attribution=0, chain=["outlet-b", "Sputnik", "Farhad Shami"], source_kind="named")]})})
    for a in analyses:
        s.add_analysis(a)
    s.add_analysis(_places_and_entities())
    s.add_analysis(text_only("وزیر گفت که جلسه برگزار شد.", outlet="outlet-u", url="http://u/1"))  # undated
    yield s
    s.close()


def test_formats_are_added_never_renamed():
    assert set(("jsonl", "csv", "parquet", "geojson", "graphml")) <= set(FORMATS)
    assert {"gexf", "entities"} <= set(FORMATS)


def test_parquet_has_a_date_and_a_list(store, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "a.parquet"
    n = export(store, "parquet", p)
    t = pq.read_table(p)
    assert t.schema.field("published").type == pa.date32()
    assert t.schema.field("chain").type == pa.list_(pa.string())
    rows = t.to_pylist()
    assert len(rows) == n == 4
    assert rows[0]["published"] == dt.date(2024, 1, 10) and rows[0]["published_text"] == "2024-01-10"
    assert rows[1]["chain"] == ["outlet-b", "Sputnik", "Farhad Shami"]
    # filter on the typed column without parsing text
    import pyarrow.compute as pc

    assert t.filter(pc.greater_equal(t["published"], pa.scalar(dt.date(2024, 1, 11)))).num_rows == 3


def test_geojson_features_carry_type_and_gazetteer_id(store, tmp_path):
    p = tmp_path / "p.geojson"
    n = export(store, "geojson", p)
    text = p.read_text(encoding="utf-8")
    fc = json.loads(text)
    geojson = pytest.importorskip("geojson")
    obj = geojson.loads(text)
    assert obj.is_valid, obj.errors()
    mine = [f for f in fc["features"] if f["properties"]["outlet"] == "outlet-p"]
    assert len(mine) == 3 and n == len(fc["features"])
    hasakah = [f for f in mine if f["properties"]["name_en"] == "Al-Hasakah"]
    assert {f["properties"]["gazetteer_id"] for f in hasakah} == {"geonames:173140"}
    assert {f["properties"]["feature"] for f in mine} == {"city", "country"}
    cities = [f for f in mine if f["properties"]["feature"] != "country"]  # country centroids filtered out
    assert len(cities) == 2
    assert all("feature" in f["properties"] and "gazetteer_id" in f["properties"] for f in fc["features"])


def test_entities_export_counts_mentions(store, tmp_path):
    p = tmp_path / "e.csv"
    n = export(store, "entities", p)
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(open(p, encoding="utf-8-sig")))
    assert len(rows) == n
    isis = [r for r in rows if r["outlet"] == "outlet-p"]
    assert len(isis) == 1 and isis[0]["mentions"] == "2" and isis[0]["name_en"] == "ISIS" and isis[0]["label"] == "ORG"
    assert {r["text"] for r in rows} >= {"داعش", "فرهاد شامی", "ایران"}


def test_gexf_read_back_by_networkx(store, tmp_path):
    nx = pytest.importorskip("networkx")
    p, g = tmp_path / "g.gexf", tmp_path / "g.graphml"
    n = export(store, "gexf", p)
    assert export(store, "graphml", g) == n
    G = nx.read_gexf(p)
    H = nx.read_graphml(g)
    assert G.is_directed() and G.number_of_edges() == n == H.number_of_edges()
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert {"Sputnik", "Farhad Shami", "outlet-b"} <= labels
    by_label = {d["label"]: k for k, d in G.nodes(data=True)}
    assert G.has_edge(by_label["Sputnik"], by_label["outlet-b"])
    assert {d["label"]: d["kind"] for _, d in G.nodes(data=True)} == {d["label"]: d["kind"] for _, d in H.nodes(data=True)}
