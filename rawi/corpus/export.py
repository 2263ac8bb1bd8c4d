"""Exports of a corpus store: JSONL (analyses), CSV and Parquet (one row per attribution),
GeoJSON (places), entities (CSV, one row per entity per article with its mention count),
GraphML and GEXF (chains of sources: outlet ← relayed outlet ← source).

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
from .store import articles, attributions, entities, places

FORMATS = ("jsonl", "csv", "parquet", "geojson", "graphml", "gexf", "entities", "datasette-metadata")

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


def _day(value: Any) -> Any:
    """A stored ``published`` (ISO date, datetime or year-month text) as a date, or None."""
    from datetime import date

    if not value:
        return None
    v = str(value)
    try:
        return date.fromisoformat(v[:10]) if len(v) >= 10 else date.fromisoformat(f"{v[:7]}-01") if len(v) == 7 else None
    except ValueError:
        return None


def export_parquet(store: Any, path: Path) -> int:
    """Attributions with real types: ``published`` a date (day precision; a month-only date is its
    first day, the text as stored is ``published_text``) and ``chain`` a list of strings, so pandas,
    DuckDB or Spark filter and explode them without parsing."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise RuntimeError(f"Parquet export needs a working pyarrow ({e})") from None

    types = {"article_id": pa.int64(), "attribution": pa.int64(), "content_start": pa.int64(), "content_end": pa.int64(),
             "claim_id": pa.int64(), "hedged": pa.bool_(), "published": pa.date32(), "chain": pa.list_(pa.string())}
    schema = pa.schema([(c, types.get(c, pa.string())) for c in ATTRIBUTION_COLUMNS] + [("published_text", pa.string())])
    rows = []
    for r in _attribution_rows(store):
        r["published_text"] = r["published"]
        r["published"] = _day(r["published"])
        r["chain"] = json.loads(r["chain"]) if r["chain"] else None
        rows.append(r)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)


def _place_details(analysis_json: str) -> dict[tuple, dict]:
    """(start, end) → the gazetteer id and feature type of each place in a stored analysis."""
    try:
        a = json.loads(analysis_json)
    except (TypeError, ValueError):
        return {}
    return {(p.get("start"), p.get("end")): {"gazetteer_id": p.get("gazetteer_id"), "feature": p.get("feature")}
            for p in a.get("places") or [] if isinstance(p, dict)}


def export_geojson(store: Any, path: Path) -> int:
    """One Point feature per place mention with coordinates, with its gazetteer id and feature
    type (city, country, region, ...: country centroids can be filtered out)."""
    q = sa.select(places.c.article_id, places.c.text, places.c.name_en, places.c.lat, places.c.lon, places.c.country_code,
                  places.c.start, places.c.end, articles.c.title, articles.c.outlet, articles.c.published, articles.c.url) \
        .select_from(places.join(articles, articles.c.id == places.c.article_id)) \
        .where(places.c.lat.is_not(None), places.c.lon.is_not(None)).order_by(places.c.article_id, places.c.start)
    feats = []
    details: dict[tuple, dict] = {}
    current = None
    with store.engine.connect() as conn:
        for r in conn.execute(q).mappings():
            if r["article_id"] != current:  # the stored analysis holds what the places table does not
                current = r["article_id"]
                stored = conn.execute(sa.select(articles.c.analysis, articles.c.analysis_z).where(articles.c.id == current)).first()
                details = _place_details(stored_doc(stored[0], stored[1]) if stored else None)
            props = {k: r[k] for k in ("article_id", "text", "name_en", "country_code", "start", "end", "title", "outlet", "published", "url")}
            props.update(details.get((r["start"], r["end"])) or {"gazetteer_id": None, "feature": None})
            feats.append({"type": "Feature", "id": f"{r['article_id']}:{r['start']}",
                          "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}, "properties": props})
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    return len(feats)


ENTITY_COLUMNS = ["article_id", "url", "title", "outlet", "published", "label", "text", "name_en", "mentions", "first_start", "first_end"]


def export_entities(store: Any, path: Path) -> int:
    """One row per entity per article (mentions of the same folded name counted, not repeated),
    with the article's metadata: who is named where and how often. CSV with a BOM like ``csv``."""
    from collections import Counter

    q = sa.select(entities.c.article_id, articles.c.url, articles.c.title, articles.c.outlet, articles.c.published,
                  entities.c.label, entities.c.text, entities.c.fold, entities.c.name_en, entities.c.start, entities.c.end) \
        .select_from(entities.join(articles, articles.c.id == entities.c.article_id)) \
        .order_by(entities.c.article_id, entities.c.start)
    n = 0
    with store.engine.connect() as conn, open(path, "w", encoding="utf-8-sig", newline="") as out:
        w = csv.DictWriter(out, fieldnames=ENTITY_COLUMNS)
        w.writeheader()
        groups: dict[tuple, dict] = {}
        current = None

        def flush() -> int:
            for g in groups.values():
                g["text"] = g.pop("forms").most_common(1)[0][0]
                w.writerow(g)
            k = len(groups)
            groups.clear()
            return k

        for r in conn.execute(q).mappings():
            if r["article_id"] != current:
                n += flush()
                current = r["article_id"]
            g = groups.setdefault((r["label"], r["fold"]), {
                **{k: r[k] for k in ("article_id", "url", "title", "outlet", "published", "label", "name_en")},
                "mentions": 0, "first_start": r["start"], "first_end": r["end"], "forms": Counter()})
            g["mentions"] += 1
            g["forms"][r["text"]] += 1
            g["name_en"] = g["name_en"] or r["name_en"]
        n += flush()
    return n


def _chain_graph(store: Any) -> tuple[dict[str, str], dict[tuple[str, str], int]]:
    """Node labels with their kind, and weighted edges source → relay → outlet."""
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
    return nodes, edges


def export_gexf(store: Any, path: Path) -> int:
    """The GraphML graph as GEXF (Gephi's own format), written by networkx."""
    try:
        import networkx as nx
    except ImportError as e:
        raise RuntimeError(f"GEXF export needs networkx (pip install 'rawi[graph]'): {e}") from None
    nodes, edges = _chain_graph(store)
    g = nx.DiGraph()
    ids = {label: f"n{i}" for i, label in enumerate(sorted(nodes))}
    for label in sorted(nodes):
        g.add_node(ids[label], label=label, kind=nodes[label] or "")
    for (a, b), w in sorted(edges.items()):
        g.add_edge(ids[a], ids[b], weight=w)
    nx.write_gexf(g, path)
    return len(edges)


def export_graphml(store: Any, path: Path) -> int:
    """Directed graph of who passed claims to whom: source → relayed outlet → outlet.

    Nodes are labels of the chains (outlet first, source last, as in ClaimChain); edge
    weights count the attributions that travelled along them. Attributions without a
    chain contribute source → outlet.
    """
    nodes, edges = _chain_graph(store)
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


# ---------------------------------------------------------------------------------- Datasette
# Columns that hold whole texts, JSON or binary: hidden from Datasette's table views (the row page
# still shows them), so a page of articles is a page, not 15,000 px of text.
DATASETTE_HIDDEN_COLUMNS = {
    "articles": ["text", "raw", "analysis", "analysis_z", "raw_z", "minhash", "content_hash"],
    "claims": ["fold", "terms", "numbers", "entities", "minhash"],
    "attributions": ["source_fold"],
    "entities": ["fold"],
    "places": ["fold"],
}
# Internal tables nobody browses: MinHash bands, the schema version.
DATASETTE_HIDDEN_TABLES = ("lsh", "rawi_meta", "search_docs")
DATASETTE_COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "id": "Article id (the web app's /articles/ID)", "title": "Headline",
        "outlet": "Publisher label (a host such as farsnews.ir, or the outlet's name)",
        "published": "Publication date, ISO (YYYY-MM-DD), Gregorian", "path": "File (or file#record) it was ingested from",
        "n_attributions": "Attributed claims in the article",
        "cluster_id": "Story cluster: the id of the cluster's first article", "dup_of": "The most similar earlier article, when a near-duplicate",
        "dup_similarity": "Estimated Jaccard similarity to dup_of",
    },
    "attributions": {
        "article_id": "Article the attribution is in", "idx": "Attribution number inside the article",
        "source": "Who is said to claim it, as written", "source_kind": "official, named, anonymous, organization or media",
        "source_name_en": "The source in English", "source_resolved": "What a pronoun source (وی) refers to, else the source",
        "cue": "Reporting verb as written", "cue_lemma": "Reporting verb, dictionary form", "stance": "Stance of the cue (neutral, hedged, ...)",
        "hedged": "1 when a hedge qualifies the claim", "mode": "direct, indirect or mixed quotation", "content": "What is attributed",
        "content_start": "Start offset of the content in the article text", "content_end": "End offset of the content",
        "chain": "Chain of provenance as JSON: outlet, relayed outlets, source", "claim_id": "The same claim across articles",
        "claim_score": "Similarity to the claim's first wording",
    },
    "claims": {"content": "The claim's first wording", "id": "Claim id (the web app's /claims/ID)"},
    "claim_stats": {"n_appearances": "Attributions of the claim", "n_articles": "Articles repeating it",
                    "n_outlets": "Outlets repeating it", "first_published": "First appearance", "last_published": "Last appearance"},
    "entities": {"label": "PER, ORG, LOC, NORP, EVENT, ...", "text": "Entity as written", "name_en": "Entity in English",
                 "start": "Start offset in the article text", "end": "End offset"},
    "places": {"text": "Place as written", "name_en": "Place in English", "lat": "Latitude (WGS 84)", "lon": "Longitude (WGS 84)",
               "country_code": "ISO 3166-1 alpha-2", "start": "Start offset in the article text", "end": "End offset"},
}


def _datasette_css() -> str:
    rules = []
    for table, cols in DATASETTE_HIDDEN_COLUMNS.items():
        rules += [f"body.table-{table} th.col-{c}, body.table-{table} td.col-{c}" for c in cols]
    return ",\n".join(rules) + " { display: none; }\n"


def datasette_metadata(store: Any, name: str | None = None) -> dict:
    """Datasette metadata for a rawi SQLite store: column labels, heavy columns hidden from the
    table views, internal tables hidden, ``?_search=`` on ``articles`` through the FTS table.

    Why the FTS table by metadata (``fts_table``/``fts_pk``) and not as external content: the
    index holds the *folded* text (ZWNJ removed, Arabic letters folded: rawi/corpus/fold.py),
    which is not a column of ``articles``, so it cannot be external content without breaking its
    updates; Datasette only needs to know which table to MATCH."""
    from urllib.parse import quote

    if getattr(store, "dialect", "sqlite") != "sqlite":
        raise RuntimeError("Datasette opens SQLite files: export from a sqlite:/// store")
    if name is None:
        db = store.engine.url.database or "rawi"
        name = Path(db).stem
    tables_present = set(sa.inspect(store.engine).get_table_names())
    tables: dict[str, dict] = {}
    for t in DATASETTE_HIDDEN_TABLES:
        if t in tables_present:
            tables[t] = {"hidden": True}
    for t, cols in DATASETTE_COLUMNS.items():
        if t in tables_present:
            tables.setdefault(t, {})["columns"] = cols
    tables["articles"].update({
        "label_column": "title", "sort_desc": "published", "size": 25, "facets": ["outlet"],
        "fts_table": "articles_fts", "fts_pk": "id",
        "description_html": ("One row per article. The text (<code>text</code>), the text as read (<code>raw</code>) and "
                             "the analysis JSON (<code>analysis</code>; zlib-compressed in <code>analysis_z</code>, <code>raw_z</code>) are hidden here. Search (<code>?_search=</code>) runs on folded text: type words without ZWNJ "
                             "(تحریمها, میشود); add <code>&amp;_searchmode=raw</code> to use FTS5 syntax such as "
                             "<code>تحریم*</code> for prefixes. <code>rawi search</code> and the rawi web app fold the query "
                             "for you."),
    })
    if "attributions" in tables:
        tables["attributions"].update({"facets": ["source_kind", "mode", "stance"], "label_column": "content",
                                       "description_html": "One row per attribution: who claims what, on whose authority."})
    if "claims" in tables:
        tables["claims"].update({"label_column": "content"})
    if "entities" in tables:
        tables["entities"].update({"facets": ["label"]})
    if "places" in tables:
        tables["places"].update({"facets": ["country_code"]})
    return {
        "title": "rawi corpus",
        "description": "Persian news: who claims what, on whose authority, about whom, where and when.",
        "extra_css_urls": ["data:text/css;charset=utf-8," + quote(_datasette_css())],
        "databases": {name: {"tables": tables}},
    }


def export_datasette_metadata(store: Any, path: Path) -> int:
    """Write :func:`datasette_metadata` for ``store``; the database is named by its file's stem, as
    Datasette names it (``datasette rawi.db -m metadata.json``). Returns the tables described."""
    meta = datasette_metadata(store)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(meta, out, ensure_ascii=False, indent=2)
        out.write("\n")
    return len(next(iter(meta["databases"].values()))["tables"])


def export(store: Any, fmt: str, path: str | Path) -> int:
    """Write ``store`` as ``fmt`` to ``path``; return the number of records written."""
    fn = {"jsonl": export_jsonl, "csv": export_csv, "parquet": export_parquet, "geojson": export_geojson,
          "graphml": export_graphml, "gexf": export_gexf, "entities": export_entities,
          "datasette-metadata": export_datasette_metadata}.get(fmt)
    if fn is None:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return fn(store, Path(path))
