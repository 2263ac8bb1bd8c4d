"""The web renderer's pure functions: highlight pieces, scorecard, chain tree, map, timeline."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_fixtures import TEXT, article_analysis  # noqa: E402

from rawi.web import render  # noqa: E402


def _a() -> dict:
    return article_analysis().model_dump(mode="json")


def test_segments_cover_text_exactly_and_nest_overlaps():
    a = _a()
    segs = render.highlight_segments(a)
    assert "".join(s["text"] for s in segs) == TEXT
    hasakah = next(s for s in segs if s["text"] == "حسکه")
    # A place inside a claim keeps both layers and both glosses, innermost first.
    assert "hl-place" in hasakah["classes"] and "hl-content" in hasakah["classes"]
    assert hasakah["title"].splitlines()[0].startswith("place · Al-Hasakah")
    assert "claim #0" in hasakah["title"].splitlines()[1]
    assert all(not s["classes"] for s in segs if "<script>" in s["text"])


def test_segments_ignore_bad_offsets_and_unsafe_class_tokens():
    a = {"text": "abc", "entities": [{"text": "x", "start": 2, "end": 99, "label": 'ORG" onclick="x'},
                                     {"text": "y", "start": 5, "end": 9, "label": "PER"},
                                     {"text": "z", "start": "0", "end": 1, "label": "PER"}]}
    segs = render.highlight_segments(a)
    assert "".join(s["text"] for s in segs) == "abc"
    assert [s["classes"] for s in segs] == ["", "hl hl-ent hl-ent-ORGonclickx"]
    assert render.highlight_segments({"text": ""}) == []


def test_scorecard_and_empty_analysis():
    sc = render.scorecard(_a())
    assert sc["total"] == 2 and sc["anonymous_share"] == 0.5
    assert {r["kind"]: r["count"] for r in sc["by_kind"]}["named"] == 1
    empty = {"text": "متن"}
    assert render.scorecard(empty)["anonymous_share"] is None
    assert render.chain_graph(empty)["nodes"] == []
    assert render.map_places(empty) == []


def test_chain_graph_is_a_tree_and_falls_back_without_provenance():
    g = render.chain_graph(_a())
    roles = sorted(n["role"] for n in g["nodes"])
    assert roles == ["outlet", "relay", "source", "source"] and len(g["edges"]) == 3
    outlet = next(n for n in g["nodes"] if n["role"] == "outlet")
    assert all(n["x"] < outlet["x"] for n in g["nodes"] if n is not outlet)  # outlet right-most
    a = _a()
    a["provenance"]["chains"] = []
    g2 = render.chain_graph(a)  # rebuilt from outlet, relayed_from and the sources
    assert {n["full"] for n in g2["nodes"]} == {"Defa Press", "Sputnik", "special sources", "Farhad Shami"}
    # The same source directly and through a relay appears on both branches.
    a["provenance"]["chains"] = [{"attribution": 0, "chain": ["A", "B", "S"], "source_kind": "anonymous"},
                                 {"attribution": 1, "chain": ["A", "S"], "source_kind": "anonymous"},
                                 {"attribution": 2, "chain": ["A", "S"], "source_kind": "anonymous"}]
    g3 = render.chain_graph(a)
    assert [n["full"] for n in g3["nodes"]].count("S") == 2
    assert any(n["label"] == "S ×2" for n in g3["nodes"])


def test_map_places_dedups_and_drops_bad_coordinates():
    a = {"places": [{"text": "حسکه", "name_en": "H", "lat": 36.5, "lon": 40.7}, {"text": "حسکه", "name_en": "H", "lat": 36.5, "lon": 40.7},
                    {"text": "x", "lat": None, "lon": 3}, {"text": "y", "lat": 95, "lon": 0}]}
    pts = render.map_places(a)
    assert len(pts) == 1 and pts[0]["count"] == 2


def test_timeline_orders_by_date_and_rows_by_outlet():
    tl = render.timeline([
        {"article_id": 2, "outlet": "Tasnim", "published": "2024-12-09", "source_kind": "anonymous"},
        {"article_id": 1, "outlet": "Defa Press", "published": "2024-12-08", "source_kind": "anonymous"},
        {"article_id": 3, "outlet": "Tasnim", "published": None, "source_kind": "named"},
    ])
    assert tl["first"]["article_id"] == 1
    assert [r["label"] for r in tl["rows"]] == ["Defa Press", "Tasnim"]
    xs = {d["article_id"]: d["cx"] for d in tl["dots"]}
    assert xs[1] < xs[2]
    assert 3 not in xs and tl["undated"] == 1  # counted, not put at the right edge


def test_timeline_leaves_dates_before_the_outlet_existed_off_the_axis():
    tl = render.timeline([
        {"article_id": 1, "outlet": "farsnews.ir", "published": "1981-12-01", "source_kind": "named"},
        {"article_id": 2, "outlet": "farsnews.ir", "published": "2012-05-01", "source_kind": "named"},
        {"article_id": 3, "outlet": "farsnews.ir", "published": "2013-05-01", "source_kind": "named"},
    ])
    assert [d["article_id"] for d in tl["dots"]] == [2, 3] and tl["implausible"] == 1
    assert tl["ticks"][0]["label"] == "2012-05-01"


def test_outlet_shares_from_store_rows():
    rows = [{"outlet": "A", "articles": 3, "claims": 4, "anonymous": 3, "by_kind": {"anonymous": 3, "named": 1}, "top_sources": []},
            {"outlet": "B", "articles": 1, "claims": 0, "anonymous": 0, "by_kind": {}, "top_sources": []}]
    out = render.outlet_shares(rows)
    assert out[0]["outlet"] == "A" and out[0]["share"] == 0.75 and out[0]["by_kind"] == {"anonymous": 3, "named": 1}
    assert out[1]["share"] is None
