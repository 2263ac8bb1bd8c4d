"""The aggregate queries as they ran before the counts were kept at ingest: the reference that
:mod:`rawi.corpus.aggregates` must reproduce (tests/test_corpus_aggregates.py)."""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

from rawi.corpus.fold import tokens
from rawi.corpus.query import _affiliation, _by_affiliation, outlet_labels
from rawi.corpus.store import articles, attributions, claims_t


def _claim_agg():
    return (sa.select(
        attributions.c.claim_id.label("cid"),
        sa.func.count().label("n_appearances"),
        sa.func.count(sa.distinct(attributions.c.article_id)).label("n_articles"),
        sa.func.count(sa.distinct(articles.c.outlet)).label("n_outlets"),
        sa.func.min(articles.c.published).label("first_published"),
        sa.func.max(articles.c.published).label("last_published"),
    ).select_from(attributions.join(articles, articles.c.id == attributions.c.article_id))
        .where(attributions.c.claim_id.is_not(None)).group_by(attributions.c.claim_id).subquery("agg"))


def list_claims(store: Any, *, limit: int = 50, offset: int = 0, query: Optional[str] = None, min_outlets: int = 1) -> list[dict]:
    """Claims, the most widely repeated first."""
    agg = _claim_agg()
    sel = sa.select(claims_t.c.id, claims_t.c.content, agg.c.n_appearances, agg.c.n_articles, agg.c.n_outlets,
                    agg.c.first_published, agg.c.last_published).select_from(claims_t.join(agg, agg.c.cid == claims_t.c.id))
    if min_outlets > 1:
        sel = sel.where(agg.c.n_outlets >= min_outlets)
    for t in tokens(query or ""):
        sel = sel.where(sa.or_(claims_t.c.fold.startswith(t, autoescape=True), claims_t.c.fold.contains(" " + t, autoescape=True)))
    sel = sel.order_by(agg.c.n_outlets.desc(), agg.c.n_articles.desc(), agg.c.n_appearances.desc(), claims_t.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sel).mappings()]


def source_stats(store: Any, *, outlet: Optional[str] = None, top: int = 10, by: str = "outlet") -> list[dict]:
    """Per outlet (or per outlet affiliation, ``by="affiliation"``): attributed claims, the share
    resting on anonymous sources, top sources."""
    j = attributions.join(articles, articles.c.id == attributions.c.article_id)
    per = sa.select(articles.c.outlet, attributions.c.source_kind, sa.func.count().label("n")).select_from(j) \
        .group_by(articles.c.outlet, attributions.c.source_kind)
    n_art = sa.select(articles.c.outlet, sa.func.count().label("n")).group_by(articles.c.outlet)
    # Pronoun sources ("وی") count for the person they refer to; an empty one is "(unnamed)".
    src_name = sa.func.coalesce(sa.func.nullif(attributions.c.source_resolved, ""), sa.func.nullif(attributions.c.source, ""),
                                attributions.c.source_name_en, sa.literal("(unnamed)"))
    tops = sa.select(articles.c.outlet, src_name.label("source"), attributions.c.source_kind, sa.func.count().label("n"),
                     sa.func.max(attributions.c.source_name_en).label("name_en")) \
        .select_from(j).group_by(articles.c.outlet, src_name, attributions.c.source_kind)
    if outlet:
        labels = outlet_labels(store, outlet)
        per, n_art, tops = (q.where(articles.c.outlet.in_(labels)) for q in (per, n_art, tops))
    out: dict[Any, dict] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(n_art):
            out[r.outlet] = {"outlet": r.outlet, "articles": r.n, "claims": 0, "by_kind": {}, "anonymous": 0, "top_sources": []}
        for r in conn.execute(per):
            d = out.setdefault(r.outlet, {"outlet": r.outlet, "articles": 0, "claims": 0, "by_kind": {}, "anonymous": 0, "top_sources": []})
            d["by_kind"][r.source_kind] = r.n
            d["claims"] += r.n
            if r.source_kind == "anonymous":
                d["anonymous"] += r.n
        top_rows = sorted(conn.execute(tops), key=lambda r: (-r.n, r.source or ""))
    for r in top_rows:
        d = out[r.outlet]
        if len(d["top_sources"]) < top:
            d["top_sources"].append({"source": r.source, "kind": r.source_kind, "count": r.n, "name_en": r.name_en})
    for d in out.values():
        d["anonymous_share"] = round(d["anonymous"] / d["claims"], 4) if d["claims"] else 0.0
        d["affiliation"] = _affiliation(d["outlet"])
    rows = sorted(out.values(), key=lambda d: (-d["claims"], -d["articles"], str(d["outlet"])))
    if by == "affiliation":
        return _by_affiliation(rows, top)
    return rows


def story_clusters(store: Any, *, min_size: int = 2, limit: int = 50) -> list[dict]:
    """Stories told by several articles (near-duplicate clusters), largest first."""
    agg = sa.select(articles.c.cluster_id, sa.func.count().label("n"), sa.func.count(sa.distinct(articles.c.outlet)).label("outlets"),
                    sa.func.min(articles.c.published).label("first")).group_by(articles.c.cluster_id) \
        .having(sa.func.count() >= min_size).order_by(sa.desc("n"), articles.c.cluster_id).limit(limit)
    with store.engine.connect() as conn:
        rows = conn.execute(agg).all()
        out = []
        for r in rows:
            members = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published, articles.c.dup_similarity,
                                             articles.c.url, articles.c.path)
                                   .where(articles.c.cluster_id == r.cluster_id).order_by(articles.c.id)).mappings().all()
            out.append({"cluster_id": r.cluster_id, "size": r.n, "outlets": r.outlets, "first_published": r.first,
                        "articles": [dict(m) for m in members]})
    return out
