"""Aggregates kept at ingest time: per claim, per outlet, per outlet's speaker, per story cluster.

Why: ``rawi claims``, ``rawi sources`` and ``rawi clusters`` (and their web pages) used to
group every attribution or article on each call, so a read cost grew with the store. Each new
article now adds its counts to these rows in its own transaction (a few upserts), and the
readers (:mod:`rawi.corpus.query`) order and cut them with an index. Deleting an article or
rebuilding the claims recomputes the rows of the keys touched from the base tables
(:func:`recompute`), which is also how migration 5 fills them for an existing store.

Counts follow the SQL the readers used before: ``count(DISTINCT outlet)`` ignores articles
without an outlet, ``min``/``max`` of ``published`` ignore missing dates, and an article without
an outlet forms its own group in ``sources`` (stored under :data:`NO_OUTLET`).
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional

import sqlalchemy as sa

from .buckets import batches

NO_OUTLET = "\uffff"  # (a noncharacter) the key of articles without an outlet (NULL cannot be part of a primary key)

md = sa.MetaData()

claim_stats = sa.Table(
    "claim_stats", md,
    sa.Column("claim_id", sa.Integer, primary_key=True),
    sa.Column("n_appearances", sa.Integer, nullable=False),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("n_outlets", sa.Integer, nullable=False),
    sa.Column("first_published", sa.String(40)),
    sa.Column("last_published", sa.String(40)),
    sa.Index("ix_claim_stats_rank", "n_outlets", "n_articles", "n_appearances", "claim_id"),
)
claim_outlets = sa.Table(
    "claim_outlets", md,
    sa.Column("claim_id", sa.Integer, primary_key=True),
    sa.Column("outlet", sa.String(200), primary_key=True),
)
outlet_stats = sa.Table(
    "outlet_stats", md,
    sa.Column("outlet", sa.String(200), primary_key=True),
    sa.Column("n_articles", sa.Integer, nullable=False),
)
outlet_kinds = sa.Table(
    "outlet_kinds", md,
    sa.Column("outlet", sa.String(200), primary_key=True),
    sa.Column("source_kind", sa.String(20), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
outlet_sources = sa.Table(
    "outlet_sources", md,
    sa.Column("outlet", sa.String(200), primary_key=True),
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("source_kind", sa.String(20), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Index("ix_outlet_sources_rank", "outlet", "n"),
)
cluster_stats = sa.Table(
    "cluster_stats", md,
    sa.Column("cluster_id", sa.Integer, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False, index=True),
    sa.Column("n_outlets", sa.Integer, nullable=False),
    sa.Column("first_published", sa.String(40)),
)
cluster_outlets = sa.Table(
    "cluster_outlets", md,
    sa.Column("cluster_id", sa.Integer, primary_key=True),
    sa.Column("outlet", sa.String(200), primary_key=True),
)
TABLES = [claim_stats, claim_outlets, outlet_stats, outlet_kinds, outlet_sources, cluster_stats, cluster_outlets]


def outlet_key(outlet: Optional[str]) -> str:
    return NO_OUTLET if outlet is None else outlet


def outlet_of(key: str) -> Optional[str]:
    return None if key == NO_OUTLET else key


def source_name(resolved: Optional[str], source: Optional[str], name_en: Optional[str]) -> str:
    """The speaker ``rawi sources`` counts: as ``coalesce(nullif(resolved, ''), nullif(source, ''), name_en, '(unnamed)')``."""
    return resolved or source or (name_en if name_en is not None else "(unnamed)")


def _min(a: Optional[str], b: Optional[str]) -> Optional[str]:
    return b if a is None else a if b is None else min(a, b)


def _max(a: Optional[str], b: Optional[str]) -> Optional[str]:
    return b if a is None else a if b is None else max(a, b)


def _get(conn: sa.Connection, table: sa.Table, cols: list[str], keys: list[tuple]) -> dict[tuple, Any]:
    """Existing rows of ``table`` by primary key (one query per batch of keys)."""
    pk = [c for c in table.primary_key.columns]
    out: dict[tuple, Any] = {}
    for chunk in batches(sorted(set(keys))):
        if len(pk) == 1:
            where = pk[0].in_([k[0] for k in chunk])
        else:
            where = sa.tuple_(*pk).in_(list(chunk))
        for r in conn.execute(sa.select(*pk, *(table.c[c] for c in cols)).where(where)):
            out[tuple(r[:len(pk)])] = r
    return out


def _write(conn: sa.Connection, table: sa.Table, rows: dict[tuple, dict], existing: dict[tuple, Any]) -> None:
    """Insert the new keys, update the existing ones (values already merged)."""
    pk = [c.name for c in table.primary_key.columns]
    new = [dict(zip(pk, k), **v) for k, v in rows.items() if k not in existing]
    old = [dict({"_" + n: x for n, x in zip(pk, k)}, **v) for k, v in rows.items() if k in existing]
    if new:
        conn.execute(table.insert(), new)
    if old:
        cols = [c for c in old[0] if not c.startswith("_")]
        stmt = table.update().where(*(table.c[n] == sa.bindparam("_" + n) for n in pk)).values(
            {c: sa.bindparam(c) for c in cols})
        conn.execute(stmt, old)


def add_article(conn: sa.Connection, outlet: Optional[str], published: Optional[str], cluster_id: int,
                attributions: Iterable[dict], claim_ids: Iterable[Optional[int]]) -> None:
    """Add one newly stored article's counts (same transaction as the article)."""
    okey = outlet_key(outlet)
    atts = list(attributions)
    # outlets
    ex = _get(conn, outlet_stats, ["n_articles"], [(okey,)])
    _write(conn, outlet_stats, {(okey,): {"n_articles": (ex[(okey,)].n_articles if ex else 0) + 1}}, ex)
    kinds = Counter(at["source_kind"] for at in atts)
    if kinds:
        ex = _get(conn, outlet_kinds, ["n"], [(okey, k) for k in kinds])
        _write(conn, outlet_kinds, {(okey, k): {"n": n + (ex[(okey, k)].n if (okey, k) in ex else 0)} for k, n in kinds.items()}, ex)
    srcs: dict[tuple, dict] = {}
    for at in atts:
        k = (okey, source_name(at.get("source_resolved"), at.get("source"), at.get("source_name_en")), at["source_kind"])
        d = srcs.setdefault(k, {"n": 0, "name_en": None})
        d["n"] += 1
        d["name_en"] = _max(d["name_en"], at.get("source_name_en"))
    if srcs:
        ex = _get(conn, outlet_sources, ["n", "name_en"], list(srcs))
        for k, d in srcs.items():
            if k in ex:
                d["n"] += ex[k].n
                d["name_en"] = _max(d["name_en"], ex[k].name_en)
        _write(conn, outlet_sources, srcs, ex)
    # claims
    per_claim = Counter(c for c in claim_ids if c is not None)
    if per_claim:
        keys = [(c,) for c in per_claim]
        ex = _get(conn, claim_stats, ["n_appearances", "n_articles", "n_outlets", "first_published", "last_published"], keys)
        seen = _get(conn, claim_outlets, [], [(c, outlet) for c in per_claim]) if outlet is not None else {}
        rows = {}
        for c, n in per_claim.items():
            e = ex.get((c,))
            new_outlet = outlet is not None and (c, outlet) not in seen
            rows[(c,)] = {"n_appearances": n + (e.n_appearances if e else 0), "n_articles": 1 + (e.n_articles if e else 0),
                          "n_outlets": int(new_outlet) + (e.n_outlets if e else 0),
                          "first_published": _min(e.first_published if e else None, published),
                          "last_published": _max(e.last_published if e else None, published)}
        _write(conn, claim_stats, rows, ex)
        if outlet is not None:
            fresh = [{"claim_id": c, "outlet": outlet} for c in per_claim if (c, outlet) not in seen]
            if fresh:
                conn.execute(claim_outlets.insert(), fresh)
    # story cluster
    ex = _get(conn, cluster_stats, ["n", "n_outlets", "first_published"], [(cluster_id,)])
    e = ex.get((cluster_id,))
    new_outlet = outlet is not None and not _get(conn, cluster_outlets, [], [(cluster_id, outlet)])
    _write(conn, cluster_stats, {(cluster_id,): {"n": 1 + (e.n if e else 0), "n_outlets": int(new_outlet) + (e.n_outlets if e else 0),
                                                  "first_published": _min(e.first_published if e else None, published)}}, ex)
    if new_outlet:
        conn.execute(cluster_outlets.insert().values(cluster_id=cluster_id, outlet=outlet))


def recompute(conn: sa.Connection, *, claims: Optional[list[int]] = None, outlets: Optional[list[Optional[str]]] = None,
              clusters: Optional[list[int]] = None) -> None:
    """Rebuild the rows of the given keys from the base tables (``None``: every key; ``[]``: none)."""
    from .store import articles, attributions

    j = attributions.join(articles, articles.c.id == attributions.c.article_id)
    ok = sa.func.coalesce(articles.c.outlet, NO_OUTLET)

    def redo(tables: list[sa.Table], col_of: list[Any], keys: Optional[list], selects: list[Any]) -> None:
        chunks = [None] if keys is None else list(batches(list(keys)))
        for chunk in chunks:
            for t, col, sel in zip(tables, col_of, selects):
                if chunk is None:
                    conn.execute(t.delete())
                else:
                    conn.execute(t.delete().where(t.c[col].in_(list(chunk))))
                    sel = sel.where(sel.selected_columns[0].in_(list(chunk)))
                conn.execute(t.insert().from_select([c.name for c in t.columns], sel))

    if claims is None or claims:
        cid = attributions.c.claim_id
        redo([claim_stats, claim_outlets], ["claim_id", "claim_id"], claims, [
            sa.select(cid, sa.func.count(), sa.func.count(sa.distinct(attributions.c.article_id)),
                      sa.func.count(sa.distinct(articles.c.outlet)), sa.func.min(articles.c.published),
                      sa.func.max(articles.c.published)).select_from(j).where(cid.is_not(None)).group_by(cid),
            sa.select(cid, articles.c.outlet).select_from(j).where(cid.is_not(None), articles.c.outlet.is_not(None))
            .group_by(cid, articles.c.outlet)])
    if outlets is None or outlets:
        src = sa.func.coalesce(sa.func.nullif(attributions.c.source_resolved, ""), sa.func.nullif(attributions.c.source, ""),
                               attributions.c.source_name_en, sa.literal("(unnamed)"))
        redo([outlet_stats, outlet_kinds, outlet_sources], ["outlet"] * 3,
             None if outlets is None else [outlet_key(o) for o in outlets], [
                 sa.select(ok, sa.func.count()).select_from(articles).group_by(ok),
                 sa.select(ok, attributions.c.source_kind, sa.func.count()).select_from(j).group_by(ok, attributions.c.source_kind),
                 sa.select(ok, src, attributions.c.source_kind, sa.func.count(), sa.func.max(attributions.c.source_name_en))
                 .select_from(j).group_by(ok, src, attributions.c.source_kind)])
    if clusters is None or clusters:
        cl = articles.c.cluster_id
        redo([cluster_stats, cluster_outlets], ["cluster_id", "cluster_id"], clusters, [
            sa.select(cl, sa.func.count(), sa.func.count(sa.distinct(articles.c.outlet)), sa.func.min(articles.c.published))
            .where(cl.is_not(None)).group_by(cl),
            sa.select(cl, articles.c.outlet).where(cl.is_not(None), articles.c.outlet.is_not(None)).group_by(cl, articles.c.outlet)])
