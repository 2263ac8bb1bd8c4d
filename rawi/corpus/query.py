"""Read-side queries over a :class:`~rawi.corpus.store.Store`: search, claims, source statistics.

Search runs on folded text (see :mod:`rawi.corpus.fold`), so a query with or without ZWNJ,
with Arabic or Persian letters, finds the same articles. Every query term is a prefix
match (``سرکرده`` finds ``سرکرده‌های``), because Persian attaches suffixes to the word.
"""
from __future__ import annotations

import re
from typing import Any, Optional

import sqlalchemy as sa

from . import aggregates as A
from .buckets import batches
from .fold import fold, tokens
from ..meta import implausible_date
from .store import articles, attributions, claims_t, entities, places

MIN_PREFIX = 3  # shorter terms match whole words only


def query_forms(query: str) -> list[list[str]]:
    """The folded token lists a query is searched as: the query as the index sees a text (normalised
    first, so "تحریم ها" and "می شود" are glued to تحریم‌ها and می‌شود like the stored bodies), then
    the query as typed when that differs (titles are folded as written)."""
    typed = tokens(query)
    if not typed:
        return []
    from ..normalize import normalize_text

    glued = tokens(normalize_text(query))
    return [glued, typed] if glued and glued != typed else [typed]


def query_terms(query: str) -> list[str]:
    """Every folded term of :func:`query_forms` (for snippets and prefix filters)."""
    out: list[str] = []
    for form in query_forms(query):
        out += [t for t in form if t not in out]
    return out


def fts_query(query: str, dialect: str) -> Optional[str]:
    """The engine's full-text query for ``query`` (all terms of one form required), or None if empty."""
    forms = query_forms(query)
    if not forms:
        return None
    if dialect == "sqlite":
        parts = [" ".join(f'"{t}"*' if len(t) >= MIN_PREFIX else f'"{t}"' for t in toks) for toks in forms]
        return parts[0] if len(parts) == 1 else " OR ".join(f"({p})" for p in parts)
    parts = [" & ".join(f"{t}:*" if len(t) >= MIN_PREFIX else t for t in toks) for toks in forms]
    return parts[0] if len(parts) == 1 else " | ".join(f"({p})" for p in parts)


def _filters(store: Any, query: str, *, outlet=None, source_kind=None, person=None, place=None,
             date_from=None, date_to=None) -> tuple[list, Optional[Any]]:
    where: list = []
    rank = None
    q = fts_query(query or "", store.dialect)
    if q is not None:
        if store.dialect == "sqlite":
            hits = sa.text("SELECT rowid AS article_id, rank AS score FROM articles_fts WHERE articles_fts MATCH :q") \
                .bindparams(q=q).columns(article_id=sa.Integer, score=sa.Float).subquery("hits")
            rank = hits.c.score.asc()  # bm25: lower is better
        else:
            hits = sa.text("SELECT article_id, ts_rank(tsv, to_tsquery('simple', :q)) AS score "
                           "FROM search_docs WHERE tsv @@ to_tsquery('simple', :q)") \
                .bindparams(q=q).columns(article_id=sa.Integer, score=sa.Float).subquery("hits")
            rank = hits.c.score.desc()
        where.append(("join", hits))
    if outlet:
        where.append(articles.c.outlet.in_(outlet_labels(store, outlet)))
    if source_kind:
        where.append(sa.exists().where(attributions.c.article_id == articles.c.id, attributions.c.source_kind == source_kind))
    if person:
        where.append(sa.exists().where(entities.c.article_id == articles.c.id, entities.c.label == "PER",
                                       _name_matches(entities.c.fold, entities.c.name_en, person)))
    if place:
        where.append(sa.exists().where(places.c.article_id == articles.c.id, _name_matches(places.c.fold, places.c.name_en, place)))
    if date_from:
        where.append(articles.c.published >= str(date_from))
    if date_to:
        where.append(articles.c.published <= str(date_to) + "\uffff")  # the whole last day
    return where, rank


def _apply(sel: Any, where: list) -> Any:
    for w in where:
        if isinstance(w, tuple):
            sel = sel.join(w[1], w[1].c.article_id == articles.c.id)
        else:
            sel = sel.where(w)
    return sel


def search(store: Any, query: str = "", *, outlet=None, source_kind=None, person=None, place=None,
           date_from=None, date_to=None, limit: int = 50, offset: int = 0, by_date: bool = True) -> dict:
    """Articles matching ``query`` and the filters, best first, ``limit`` of them from ``offset``.

    A text query without other filters is answered from the full-text index alone: the count, and
    the top ``limit + offset`` hits by rank before any join (exact: when the hit after them ties on
    rank, the whole ordering is used). ``by_date=False`` skips the counts per month, the one part
    that reads every hit."""
    where, rank = _filters(store, query, outlet=outlet, source_kind=source_kind, person=person, place=place,
                           date_from=date_from, date_to=date_to)
    month = sa.func.substr(articles.c.published, 1, 7)
    cols = (articles.c.id, articles.c.url, articles.c.title, articles.c.outlet, articles.c.published,
            articles.c.n_attributions, articles.c.cluster_id, articles.c.text)
    order = ([rank] if rank is not None else []) + [sa.nulls_last(articles.c.published.desc()), articles.c.id.desc()]
    terms = query_terms(query or "")
    only_text = len(where) == 1 and isinstance(where[0], tuple)
    with store.engine.connect() as conn:
        rows = None
        if only_text:
            hits = where[0][1]
            total = conn.execute(sa.select(sa.func.count()).select_from(hits)).scalar() or 0
            n = limit + offset
            top = sa.select(hits.c.article_id, hits.c.score).order_by(rank).limit(n + 1).subquery("top")
            by_score = top.c.score.asc() if store.dialect == "sqlite" else top.c.score.desc()
            got = conn.execute(sa.select(*cols, top.c.score).select_from(articles.join(top, top.c.article_id == articles.c.id))
                               .order_by(by_score, *order[1:])).mappings().all()
            if n and (len(got) <= n or got[n - 1]["score"] != got[n]["score"]):  # no tie across the cut
                rows = got[offset:n]
        else:
            total = conn.execute(sa.select(sa.func.count()).select_from(
                _apply(sa.select(articles.c.id).select_from(articles), where).subquery())).scalar() or 0
        if rows is None:
            sel = _apply(sa.select(*cols).select_from(articles), where).order_by(*order).limit(limit).offset(offset)
            rows = conn.execute(sel).mappings().all()
        dates: list[dict] = []
        undated = implausible = 0
        if by_date:
            by_date_q = _apply(sa.select(month.label("m"), articles.c.outlet, sa.func.count().label("n")).select_from(articles), where) \
                .where(articles.c.published.is_not(None)).group_by(month, articles.c.outlet).order_by(month)
            per_month: dict[str, int] = {}
            dated = 0
            for r in conn.execute(by_date_q):
                dated += r.n
                if implausible_date(r.m, r.outlet):  # before the outlet existed: counted apart, not plotted
                    implausible += r.n
                else:
                    per_month[r.m] = per_month.get(r.m, 0) + r.n
            dates = [{"date": m, "count": n} for m, n in sorted(per_month.items())]
            undated = total - dated
    results = []
    for r in rows:
        d = {k: r[k] for k in ("id", "url", "title", "outlet", "published", "n_attributions", "cluster_id")}
        d["snippet"] = snippet(r["text"], terms)
        results.append(d)
    out = {"total": total, "results": results, "by_date": dates}
    if by_date:
        out.update(undated=undated, implausible_dates=implausible)
    return out


_SENT = re.compile(r"[^.!؟?\n]+[.!؟?]?")


def snippet(text: str, terms: list[str], width: int = 240) -> str:
    """The first sentence of ``text`` holding a query term (as written, ZWNJ intact)."""
    if terms:
        for m in _SENT.finditer(text):
            ft = fold(m.group(0))
            words = ft.split()
            if any(w.startswith(t) for t in terms for w in words):
                s = m.group(0).strip()
                return s if len(s) <= width else s[:width].rsplit(" ", 1)[0] + " …"
    s = text.strip()
    return s if len(s) <= width else s[:width].rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------------- claims
def list_claims(store: Any, *, limit: int = 50, offset: int = 0, query: Optional[str] = None, min_outlets: int = 1) -> list[dict]:
    """Claims, the most widely repeated first (counts kept at ingest: :mod:`rawi.corpus.aggregates`)."""
    st = A.claim_stats
    sel = sa.select(claims_t.c.id, claims_t.c.content, st.c.n_appearances, st.c.n_articles, st.c.n_outlets,
                    st.c.first_published, st.c.last_published).select_from(st.join(claims_t, claims_t.c.id == st.c.claim_id))
    if min_outlets > 1:
        sel = sel.where(st.c.n_outlets >= min_outlets)
    forms = query_forms(query or "")
    for t in forms[0] if forms else []:  # claims are folded from the normalised text: the glued form
        sel = sel.where(sa.or_(claims_t.c.fold.startswith(t, autoescape=True), claims_t.c.fold.contains(" " + t, autoescape=True)))
    sel = sel.order_by(st.c.n_outlets.desc(), st.c.n_articles.desc(), st.c.n_appearances.desc(), st.c.claim_id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sel).mappings()]


def get_claim(store: Any, claim_id: int) -> Optional[dict]:
    """One claim with every appearance in time order, its first appearance, relays and changes."""
    from .claims import history

    with store.engine.connect() as conn:
        c = conn.execute(sa.select(claims_t.c.id, claims_t.c.content).where(claims_t.c.id == claim_id)).mappings().first()
        if c is None:
            return None
        rows = conn.execute(
            sa.select(attributions.c.article_id, articles.c.outlet, articles.c.published, articles.c.title, articles.c.url,
                      attributions.c.source, attributions.c.source_resolved, attributions.c.source_kind, attributions.c.source_name_en,
                      attributions.c.stance, attributions.c.hedged, attributions.c.cue, attributions.c.mode,
                      attributions.c.content.label("text"), attributions.c.claim_score.label("score"), attributions.c.idx)
            .select_from(attributions.join(articles, articles.c.id == attributions.c.article_id))
            .where(attributions.c.claim_id == claim_id)
            .order_by(sa.nulls_last(articles.c.published.asc()), attributions.c.article_id, attributions.c.idx)).mappings().all()
    apps = [dict(r) for r in rows]
    for a in apps:
        a["hedged"] = bool(a["hedged"])
    out = dict(c)
    out["appearances"] = apps
    out["n_outlets"] = len({a["outlet"] for a in apps})
    out.update(history(apps))
    return out


# ---------------------------------------------------------------------- outlets
def outlet_labels(store: Any, name: str) -> list[str]:
    """The stored outlet labels that name the same outlet as ``name``: a host (farsnews.ir), a
    registry id or English name (fars, Fars), a Persian spelling (خبرگزاری فارس) or the label itself."""
    from ..annotate import outlets as R

    want = R.lookup(name)
    with store.engine.connect() as conn:
        labels = [r[0] for r in conn.execute(sa.select(articles.c.outlet).distinct()) if r[0]]
    out = [lab for lab in labels if lab == name or lab.lower() == name.strip().lower()
           or (want is not None and R.lookup(lab) == want)]
    return out or [name]


def _affiliation(label: Optional[str]) -> str:
    from ..annotate import outlets as R

    rec = R.lookup(label) if label else None
    return rec.affiliation if rec else "unknown"


def _by_affiliation(rows: list[dict], top: int) -> list[dict]:
    """``source_stats`` rows summed per outlet affiliation (state, irgc-basij, reformist ...)."""
    out: dict[str, dict] = {}
    for d in rows:
        g = out.setdefault(d["affiliation"], {"affiliation": d["affiliation"], "outlets": [], "articles": 0, "claims": 0,
                                               "by_kind": {}, "anonymous": 0, "top_sources": []})
        g["outlets"].append(d["outlet"])
        for k in ("articles", "claims", "anonymous"):
            g[k] += d[k]
        for k, n in d["by_kind"].items():
            g["by_kind"][k] = g["by_kind"].get(k, 0) + n
        for t in d["top_sources"]:
            m = next((x for x in g["top_sources"] if x["source"] == t["source"] and x["kind"] == t["kind"]), None)
            if m:
                m["count"] += t["count"]
            else:
                g["top_sources"].append(dict(t))
    for g in out.values():
        g["top_sources"] = sorted(g["top_sources"], key=lambda t: (-t["count"], t["source"] or ""))[:top]
        g["anonymous_share"] = round(g["anonymous"] / g["claims"], 4) if g["claims"] else 0.0
        g["outlet"] = g["affiliation"]  # the group's label where a table expects an outlet column
    return sorted(out.values(), key=lambda d: (-d["claims"], -d["articles"], d["affiliation"]))


# ---------------------------------------------------------------------- sources
def source_stats(store: Any, *, outlet: Optional[str] = None, top: int = 10, by: str = "outlet") -> list[dict]:
    """Per outlet (or per outlet affiliation, ``by="affiliation"``): attributed claims, the share
    resting on anonymous sources, top sources. Reads the counts kept at ingest
    (:mod:`rawi.corpus.aggregates`): a few rows per outlet, whatever the store size."""
    keys = None
    if outlet:
        keys = [A.outlet_key(x) for x in outlet_labels(store, outlet)]
    n_art = sa.select(A.outlet_stats.c.outlet, A.outlet_stats.c.n_articles.label("n"))
    per = sa.select(A.outlet_kinds.c.outlet, A.outlet_kinds.c.source_kind, A.outlet_kinds.c.n)
    if keys is not None:
        n_art = n_art.where(A.outlet_stats.c.outlet.in_(keys))
        per = per.where(A.outlet_kinds.c.outlet.in_(keys))
    src = A.outlet_sources
    out: dict[Any, dict] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(n_art):
            o = A.outlet_of(r.outlet)
            out[o] = {"outlet": o, "articles": r.n, "claims": 0, "by_kind": {}, "anonymous": 0, "top_sources": []}
        for r in conn.execute(per):
            o = A.outlet_of(r.outlet)
            d = out.setdefault(o, {"outlet": o, "articles": 0, "claims": 0, "by_kind": {}, "anonymous": 0, "top_sources": []})
            d["by_kind"][r.source_kind] = r.n
            d["claims"] += r.n
            if r.source_kind == "anonymous":
                d["anonymous"] += r.n
        for o, d in out.items():  # the top sources of each outlet from its index, not from every row
            rows = conn.execute(sa.select(src.c.source, src.c.source_kind, src.c.n, src.c.name_en)
                                .where(src.c.outlet == A.outlet_key(o))
                                .order_by(src.c.n.desc(), src.c.source, src.c.source_kind).limit(top)).all()
            d["top_sources"] = [{"source": r.source, "kind": r.source_kind, "count": r.n, "name_en": r.name_en}
                                for r in sorted(rows, key=lambda r: (-r.n, r.source or ""))]
    for d in out.values():
        d["anonymous_share"] = round(d["anonymous"] / d["claims"], 4) if d["claims"] else 0.0
        d["affiliation"] = _affiliation(d["outlet"])
    rows = sorted(out.values(), key=lambda d: (-d["claims"], -d["articles"], str(d["outlet"])))
    if by == "affiliation":
        return _by_affiliation(rows, top)
    return rows


def story_clusters(store: Any, *, min_size: int = 2, limit: int = 50) -> list[dict]:
    """Stories told by several articles (near-duplicate clusters), largest first (counts kept at ingest)."""
    cs = A.cluster_stats
    agg = sa.select(cs.c.cluster_id, cs.c.n, cs.c.n_outlets.label("outlets"), cs.c.first_published.label("first")) \
        .where(cs.c.n >= min_size).order_by(cs.c.n.desc(), cs.c.cluster_id).limit(limit)
    members: dict[int, list[dict]] = {}
    with store.engine.connect() as conn:
        rows = conn.execute(agg).all()
        for chunk in batches([r.cluster_id for r in rows]):  # the members of all of them in one query per batch
            # sorted here: with ORDER BY id, SQLite walks the whole table in id order instead of the cluster index
            for m in conn.execute(sa.select(articles.c.cluster_id, articles.c.id, articles.c.title, articles.c.outlet,
                                            articles.c.published, articles.c.dup_similarity, articles.c.url, articles.c.path)
                                  .where(articles.c.cluster_id.in_(list(chunk)))).mappings():
                d = dict(m)
                members.setdefault(d.pop("cluster_id"), []).append(d)
    for ms in members.values():
        ms.sort(key=lambda d: d["id"])
    return [{"cluster_id": r.cluster_id, "size": r.n, "outlets": r.outlets, "first_published": r.first,
             "articles": members.get(r.cluster_id, [])} for r in rows]


def _name_matches(fold_col: Any, en_col: Any, name: str) -> Any:
    """A person/place filter: the folded name or the English name contains ``name``, with
    ``%`` and ``_`` taken literally; a name that folds to nothing ("%") matches by its
    English form only (an empty pattern would match every row)."""
    conds = [sa.func.lower(en_col).contains(name.lower(), autoescape=True)]
    folded = fold(name)
    if folded.strip():
        conds.append(fold_col.contains(folded, autoescape=True))
    return sa.or_(*conds)
