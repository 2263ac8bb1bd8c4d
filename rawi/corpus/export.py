"""Exports of a corpus store: JSONL (analyses), CSV and Parquet (one row per attribution),
GeoJSON (places), GraphML (chains of sources: outlet ← relayed outlet ← source).

Why attributions as the flat table: "who claims what, on whose authority" is one row per
attribution; article metadata and the claim id ride along so a spreadsheet can pivot.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator
from xml.sax.saxutils import escape

import sqlalchemy as sa

from .slim import full_analysis, stored_doc
from .store import articles, attributions, places

FORMATS = ("jsonl", "csv", "parquet", "geojson", "graphml")

ATTRIBUTION_COLUMNS = ["article_id", "url", "title", "outlet", "published", "attribution", "source", "source_resolved", "source_kind",
                       "source_name_en", "cue", "cue_lemma", "stance", "hedged", "mode", "content", "content_start",
                       "content_end", "claim_id", "chain"]


def _attribution_rows(store: Any) -> Iterator[dict]:
    j = attributions.join(articles, articles.c.id == attributions.c.article_id)
    q = sa.select(attributions.c.article_id, articles.c.url, articles.c.title, articles.c.outlet, articles.c.published,
                  attributions.c.idx.label("attribution"), attributions.c.source, attributions.c.source_resolved,
                  attributions.c.source_kind,
                  attributions.c.source_name_en, attributions.c.cue, attributions.c.cue_lemma, attributions.c.stance,
                  attributions.c.hedged, attributions.c.mode, attributions.c.content, attributions.c.content_start,
                  attributions.c.content_end, attributions.c.claim_id, attributions.c.chain) \
        .select_from(j).order_by(attributions.c.article_id, attributions.c.idx)
    with store.engine.connect() as conn:
        for r in conn.execute(q).mappings():
            d = dict(r)
            d["hedged"] = bool(d["hedged"])
            yield d


def export_jsonl(store: Any, path: Path) -> int:
    """One line per article: metadata, cluster and the full Analysis JSON."""
    n = 0
    q = sa.select(articles.c.id, articles.c.url, articles.c.title, articles.c.outlet, articles.c.published,
                  articles.c.cluster_id, articles.c.dup_of, articles.c.analysis, articles.c.analysis_z,
                  articles.c.text).order_by(articles.c.id)
    with store.engine.connect() as conn, open(path, "w", encoding="utf-8") as out:
        for r in conn.execute(q).mappings():
            rec = {k: r[k] for k in ("id", "url", "title", "outlet", "published", "cluster_id", "dup_of")}
            rec["analysis"] = full_analysis(stored_doc(r["analysis"], r["analysis_z"]), r["text"])
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def export_csv(store: Any, path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as out:  # BOM: Excel opens Persian right
        w = csv.DictWriter(out, fieldnames=ATTRIBUTION_COLUMNS)
        w.writeheader()
        for row in _attribution_rows(store):
            w.writerow(row)
            n += 1
    return n


def export_parquet(store: Any, path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise RuntimeError(f"Parquet export needs a working pyarrow ({e})") from None

    types = {"article_id": pa.int64(), "attribution": pa.int64(), "content_start": pa.int64(), "content_end": pa.int64(),
             "claim_id": pa.int64(), "hedged": pa.bool_()}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in ATTRIBUTION_COLUMNS])
    rows = list(_attribution_rows(store))
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)


def export_geojson(store: Any, path: Path) -> int:
    """One Point feature per place mention with coordinates."""
    q = sa.select(places.c.article_id, places.c.text, places.c.name_en, places.c.lat, places.c.lon, places.c.country_code,
                  places.c.start, places.c.end, articles.c.title, articles.c.outlet, articles.c.published, articles.c.url) \
        .select_from(places.join(articles, articles.c.id == places.c.article_id)) \
        .where(places.c.lat.is_not(None), places.c.lon.is_not(None)).order_by(places.c.article_id, places.c.start)
    feats = []
    with store.engine.connect() as conn:
        for r in conn.execute(q).mappings():
            props = {k: r[k] for k in ("article_id", "text", "name_en", "country_code", "start", "end", "title", "outlet", "published", "url")}
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": props})
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    return len(feats)


def export_graphml(store: Any, path: Path) -> int:
    """Directed graph of who passed claims to whom: source → relayed outlet → outlet.

    Nodes are labels of the chains (outlet first, source last, as in ClaimChain); edge
    weights count the attributions that travelled along them. Attributions without a
    chain contribute source → outlet.
    """
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str], int] = {}
    for row in _attribution_rows(store):
        chain = json.loads(row["chain"]) if row["chain"] else None
        if not chain:
            chain = [row["outlet"] or "?", row["source_name_en"] or row["source_resolved"] or row["source"] or "(unnamed)"]
            kinds = ["outlet", row["source_kind"]]
        else:
            kinds = ["outlet"] + ["relay"] * (len(chain) - 2) + [row["source_kind"]]
        for label, kind in zip(chain, kinds):
            nodes.setdefault(label, kind)
        for a, b in zip(chain[1:], chain[:-1]):  # information flows from the source towards the outlet
            edges[(a, b)] = edges.get((a, b), 0) + 1
    ids = {label: f"n{i}" for i, label in enumerate(sorted(nodes))}
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                  '  <key id="label" for="node" attr.name="label" attr.type="string"/>\n'
                  '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>\n'
                  '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
                  '  <graph id="sources" edgedefault="directed">\n')
        for label in sorted(nodes):
            out.write(f'    <node id="{ids[label]}"><data key="label">{escape(label)}</data>'
                      f'<data key="kind">{escape(nodes[label] or "")}</data></node>\n')
        for i, ((a, b), w) in enumerate(sorted(edges.items())):
            out.write(f'    <edge id="e{i}" source="{ids[a]}" target="{ids[b]}"><data key="weight">{w}</data></edge>\n')
        out.write("  </graph>\n</graphml>\n")
    return len(edges)


def export(store: Any, fmt: str, path: str | Path) -> int:
    """Write ``store`` as ``fmt`` to ``path``; return the number of records written."""
    fn = {"jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet,
          "geojson": export_geojson, "graphml": export_graphml}.get(fmt)
    if fn is None:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fn(store, Path(path))
