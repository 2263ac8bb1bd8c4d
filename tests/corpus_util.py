"""Helpers for the corpus tests: stores on SQLite and PostgreSQL, analyses with chosen attributions."""
from __future__ import annotations

import os
import uuid
from typing import Iterator, Optional

import pytest

from rawi.schema import Analysis, Attribution, Cue, Entity, Hedge, Place, Span, Source

PG_URL = os.environ.get("RAWI_TEST_PG_URL")


def text_only(text: str, **meta) -> Analysis:
    """The real pipeline with every annotator off: decoded, normalised, segmented text."""
    from rawi.pipeline import COMPONENTS, analyze

    return analyze(text, disable=[c.name for c in COMPONENTS], **meta)


def span(text: str, piece: str, start: int = 0) -> tuple[int, int]:
    i = text.find(piece, start)
    assert i >= 0, f"{piece!r} not in text"
    return i, i + len(piece)


def with_records(a: Analysis, *, attributions=(), entities=(), places=(), hedged=()) -> Analysis:
    """``a`` with attributions (source, kind, cue, stance, content[, name_en]), entities (text, label[, name_en])
    and places (text, name_en, lat, lon, cc) located in its text."""
    t = a.text
    ats = []
    for i, spec in enumerate(attributions):
        src, kind, cue, stance, content = spec[:5]
        name_en = spec[5] if len(spec) > 5 else None
        s0, s1 = span(t, src)
        c0, c1 = span(t, cue)
        k0, k1 = span(t, content)
        ats.append(Attribution(id=i, source=Source(text=src, start=s0, end=s1, kind=kind, name_en=name_en),
                               cue=Cue(text=cue, start=c0, end=c1, lemma=cue, stance=stance),
                               content=Span(text=content, start=k0, end=k1), mode="indirect"))
    ents = []
    for spec in entities:
        e0, e1 = span(t, spec[0])
        ents.append(Entity(text=spec[0], start=e0, end=e1, label=spec[1], name_en=spec[2] if len(spec) > 2 else None))
    pls = []
    for text, name_en, lat, lon, cc in places:
        p0, p1 = span(t, text)
        pls.append(Place(text=text, start=p0, end=p1, name_en=name_en, lat=lat, lon=lon, country_code=cc))
    hs = []
    for att_id, marker in hedged:
        h0, h1 = span(t, marker)
        hs.append(Hedge(text=marker, start=h0, end=h1, kind="hedge", attribution=att_id))
    return a.model_copy(update={"attributions": ats, "entities": ents, "places": pls, "hedges": hs})


def backends() -> list:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def make_store_url(kind: str, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL; PostgreSQL gets its own schema, dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not PG_URL:
        pytest.skip("RAWI_TEST_PG_URL not set (run: source scripts/ci_postgres.sh)")
    import sqlalchemy as sa

    schema = "t_" + uuid.uuid4().hex[:12]
    eng = sa.create_engine(PG_URL)
    with eng.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with eng.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        eng.dispose()


def dump(store, *, ids: bool = True) -> dict:
    """Every stored row, in a canonical order (to compare two databases)."""
    import sqlalchemy as sa

    from rawi.corpus import store as S

    out = {}
    with store.engine.connect() as c:
        for t in (S.articles, S.attributions, S.claims_t, S.entities, S.places, S.lsh):
            cols = [col for col in t.c if ids or col.name != "id"]
            rows = c.execute(sa.select(*cols)).all()
            out[t.name] = sorted(tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in rows)
        if store.dialect == "sqlite":
            out["fts"] = fts_index(c)
    return out


def open_store(kind: str, tmp_path) -> Iterator:
    """A fresh :class:`~rawi.corpus.store.Store` on ``kind`` (a ``backends()`` value), closed and
    dropped afterwards: the body of every parametrised ``store`` fixture (``yield from``)."""
    from rawi.corpus.store import Store

    gen = make_store_url(kind, tmp_path)
    s = Store(next(gen))
    yield s
    s.close()
    for _ in gen:
        pass


def fts_index(conn) -> list[tuple]:
    """Every (article id, term, column, position) of SQLite's full-text index (its folded words)."""
    conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, articles_fts, instance)")
    return sorted((doc, term, col, off) for term, doc, col, off in conn.exec_driver_sql("SELECT term, doc, col, offset FROM temp.fts_terms"))


def optional_pg(kind: str) -> Optional[str]:
    return PG_URL if kind == "postgresql" else None


def canonical(store) -> dict:
    """Every stored fact with ids replaced by content (article hash, attribution index, claim
    members): two databases with the same content compare equal even when PostgreSQL
    sequences skipped ids consumed by killed transactions."""
    import sqlalchemy as sa

    from rawi.corpus import store as S

    with store.engine.connect() as c:
        arts = {r.id: r for r in c.execute(sa.select(S.articles))}
        h = {i: r.content_hash for i, r in arts.items()}
        atts = c.execute(sa.select(S.attributions)).mappings().all()
        members: dict = {}
        for a in atts:
            if a["claim_id"] is not None:
                members.setdefault(a["claim_id"], []).append((h[a["article_id"]], a["idx"]))
        claim_key = {cid: tuple(sorted(m)) for cid, m in members.items()}
        out = {
            "articles": sorted((r.content_hash, r.url, r.title, r.outlet, r.published, r.text, r.raw, r.analysis,
                                h.get(r.cluster_id), h.get(r.dup_of), r.dup_similarity, bytes(r.minhash))
                               for r in arts.values()),
            "attributions": sorted((h[a["article_id"]], a["idx"], a["source"], a["source_kind"], a["source_resolved"],
                                    a["content"], a["hedged"], claim_key.get(a["claim_id"]), a["claim_score"]) for a in atts),
            "claims": sorted((claim_key.get(r.id, ()), r.content, r.terms, r.numbers, r.entities)
                             for r in c.execute(sa.select(S.claims_t))),
            "entities": sorted((h[r.article_id], r.label, r.text, r.start, r.end) for r in c.execute(sa.select(S.entities))),
            "places": sorted((h[r.article_id], r.text, r.lat, r.lon, r.start) for r in c.execute(sa.select(S.places))),
        }
        lsh_rows = c.execute(sa.select(S.lsh)).all()
        out["lsh"] = sorted((r.kind, r.key, h[r.item_id] if r.kind == "a" else claim_key.get(r.item_id, ())) for r in lsh_rows)
        if store.dialect == "postgresql":
            out["search"] = sorted((h[r.article_id], r.body) for r in c.execute(sa.select(S.search_docs)))
        else:
            out["search"] = sorted((h[doc], term, col, off) for doc, term, col, off in fts_index(c))
    return out
