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
from typing import Any, Callable, Iterable, Optional

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


def _max(a: Optional[str], b: Optional[str]) -> Optional[str]:
    return b if a is None else a if b is None else max(a, b)


def _insert(conn: sa.Connection, table: sa.Table) -> Any:
    """The engine's INSERT with ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _least(old: Any, new: Any) -> Any:
    """``min`` as an aggregate takes it: a missing value never wins."""
    return sa.case((new.is_(None), old), (sa.or_(old.is_(None), new < old), new), else_=old)


def _greatest(old: Any, new: Any) -> Any:
    return sa.case((new.is_(None), old), (sa.or_(old.is_(None), new > old), new), else_=old)


def _upsert(conn: sa.Connection, table: sa.Table, rows: list[dict], merge: Callable[[Any], dict]) -> None:
    """Insert ``rows``; a row whose key exists is merged into it by ``merge(excluded)`` instead."""
    if not rows:
        return
    ins = _insert(conn, table)
    conn.execute(ins.on_conflict_do_update(index_elements=[c.name for c in table.primary_key.columns],
                                           set_=merge(ins.excluded)), rows)


def _new_pairs(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> set:
    """Insert (key, outlet) pairs not stored yet; the keys of those that were new."""
    if not rows:
        return set()
    key = table.primary_key.columns.values()[0]
    ins = _insert(conn, table).values(rows).on_conflict_do_nothing().returning(key)
    return set(conn.execute(ins).scalars())


def add_article(conn: sa.Connection, outlet: Optional[str], published: Optional[str], cluster_id: int,
                attributions: Iterable[dict], claim_ids: Iterable[Optional[int]]) -> None:
    """Add one newly stored article's counts (same transaction as the article): one upsert per table."""
    okey = outlet_key(outlet)
    atts = list(attributions)
    t = outlet_stats
    _upsert(conn, t, [{"outlet": okey, "n_articles": 1}], lambda x: {"n_articles": t.c.n_articles + x.n_articles})
    kinds = Counter(at["source_kind"] for at in atts)
    t = outlet_kinds
    _upsert(conn, t, [{"outlet": okey, "source_kind": k, "n": n} for k, n in sorted(kinds.items())],
            lambda x: {"n": outlet_kinds.c.n + x.n})
    srcs: dict[tuple, dict] = {}
    for at in atts:
        k = (source_name(at.get("source_resolved"), at.get("source"), at.get("source_name_en")), at["source_kind"])
        d = srcs.setdefault(k, {"outlet": okey, "source": k[0], "source_kind": k[1], "n": 0, "name_en": None})
        d["n"] += 1
        d["name_en"] = _max(d["name_en"], at.get("source_name_en"))
    t = outlet_sources
    _upsert(conn, t, [srcs[k] for k in sorted(srcs)],
            lambda x: {"n": outlet_sources.c.n + x.n, "name_en": _greatest(outlet_sources.c.name_en, x.name_en)})
    per_claim = Counter(c for c in claim_ids if c is not None)
    if per_claim:
        fresh = _new_pairs(conn, claim_outlets, [{"claim_id": c, "outlet": outlet} for c in sorted(per_claim)]) \
            if outlet is not None else set()
        t = claim_stats
        _upsert(conn, t, [{"claim_id": c, "n_appearances": n, "n_articles": 1, "n_outlets": int(c in fresh),
                           "first_published": published, "last_published": published} for c, n in sorted(per_claim.items())],
                lambda x: {"n_appearances": t.c.n_appearances + x.n_appearances, "n_articles": t.c.n_articles + 1,
                           "n_outlets": t.c.n_outlets + x.n_outlets,
                           "first_published": _least(t.c.first_published, x.first_published),
                           "last_published": _greatest(t.c.last_published, x.last_published)})
    fresh = _new_pairs(conn, cluster_outlets, [{"cluster_id": cluster_id, "outlet": outlet}]) if outlet is not None else set()
    t = cluster_stats
    _upsert(conn, t, [{"cluster_id": cluster_id, "n": 1, "n_outlets": int(cluster_id in fresh), "first_published": published}],
            lambda x: {"n": t.c.n + 1, "n_outlets": t.c.n_outlets + x.n_outlets,
                       "first_published": _least(t.c.first_published, x.first_published)})


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
