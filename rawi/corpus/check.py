"""Check a claim against the store: who said it first, who repeated it, who denied it.

Why in two steps: the stance model reads every sentence of an article, too slow for 4,000
articles per query, so the full-text index first picks the articles that share the claim's
rarest words (any of them, ranked by BM25 / ts_rank), then the model judges those few. Each
judged article brings its evidence sentences (offsets into the stored normalised text, as in
``rawi analyze``) and the attributions whose content overlaps them: the source behind the
sentence. Results are in date order; unrelated articles are dropped.
"""
from __future__ import annotations

from typing import Any, Optional

import sqlalchemy as sa

from .claims import term_weights
from .fold import tokens
from .store import articles, attributions

MAX_TERMS = 8  # rarest claim words sent to the index
CANDIDATES = 30  # articles judged per query
MIN_PREFIX = 3


def query_terms(claim: str) -> list[str]:
    """The claim's rarest folded words (function words and common words last, then dropped)."""
    from .fold import stopwords

    stop = stopwords()
    w = term_weights()
    seen: dict[str, float] = {}
    for t in tokens(claim):
        if t in stop or len(t) < 2 or t.isdigit():
            continue
        seen.setdefault(t, w.get(t[:5], 1.0))
    ranked = sorted(seen, key=lambda t: (-seen[t], t))
    return [t for t in ranked if seen[t] >= 0.3][:MAX_TERMS] or ranked[:MAX_TERMS]


def candidate_ids(conn: sa.Connection, dialect: str, claim: str, limit: int = CANDIDATES) -> list[int]:
    """Articles sharing any of the claim's rare words, best ranked first."""
    terms = query_terms(claim)
    if not terms:
        return []
    if dialect == "sqlite":
        q = " OR ".join(f'"{t}"*' if len(t) >= MIN_PREFIX else f'"{t}"' for t in terms)
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q ORDER BY rank LIMIT :n"
    else:
        q = " | ".join(f"{t}:*" if len(t) >= MIN_PREFIX else t for t in terms)
        sql = ("SELECT article_id FROM search_docs WHERE tsv @@ to_tsquery('simple', :q) "
               "ORDER BY ts_rank(tsv, to_tsquery('simple', :q)) DESC LIMIT :n")
    return [r[0] for r in conn.execute(sa.text(sql), {"q": q, "n": limit})]


def check(store: Any, claim: str, *, limit: int = CANDIDATES) -> dict[str, Any]:
    """The articles of the store that agree with, deny or discuss ``claim``, in date order."""
    from ..segment import sentences
    from ..stance import claim_sentence, doc_sentences, judge_sentences

    cs = claim_sentence(claim)
    results: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        ids = candidate_ids(conn, store.dialect, claim, limit)
        if ids:
            rows = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.published,
                                          articles.c.url, articles.c.text).where(articles.c.id.in_(ids))).all()
            atts = conn.execute(sa.select(attributions.c.article_id, attributions.c.source, attributions.c.source_kind,
                                          attributions.c.cue, attributions.c.content, attributions.c.content_start,
                                          attributions.c.content_end, attributions.c.claim_id)
                                .where(attributions.c.article_id.in_(ids))).all()
        else:
            rows, atts = [], []
    by_article: dict[int, list] = {}
    for a in atts:
        by_article.setdefault(a.article_id, []).append(a)
    for r in rows:
        text = r.text or ""
        j = judge_sentences(cs, text, doc_sentences(text, sentences(text)))
        if j.stance == "unrelated":
            continue
        behind = []
        for a in by_article.get(r.id, ()):
            if a.content_start is None:
                continue
            if any(a.content_start < e["end"] and e["start"] < a.content_end for e in j.evidence):
                behind.append({"source": a.source, "source_kind": a.source_kind, "cue": a.cue, "content": a.content,
                               "claim_id": a.claim_id})
        results.append({"article_id": r.id, "title": r.title, "outlet": r.outlet, "published": r.published, "url": r.url,
                        "stance": j.stance, "confidence": j.confidence, "evidence": j.evidence, "attributions": behind})
    results.sort(key=lambda x: (x["published"] or "\uffff", x["article_id"]))
    return {"claim": claim, "results": results, **summary(results)}


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """First appearance (the earliest agreeing article), who repeated it, who denied it."""
    agree = [r for r in results if r["stance"] == "agree"]
    first: Optional[dict] = agree[0] if agree else None
    brief = lambda r: {"article_id": r["article_id"], "outlet": r["outlet"], "published": r["published"],  # noqa: E731
                       "sources": [a["source"] for a in r["attributions"]]}
    return {
        "first": brief(first) if first else None,
        "repeated_by": [brief(r) for r in agree[1:]],
        "denied_by": [brief(r) for r in results if r["stance"] == "disagree"],
        "discussed_by": [brief(r) for r in results if r["stance"] == "discuss"],
        "counts": {s: sum(1 for r in results if r["stance"] == s) for s in ("agree", "disagree", "discuss")},
    }


def print_report(data: dict[str, Any]) -> None:
    """The terminal form of ``rawi check``: one block per article, in date order."""
    from rich.console import Console

    con = Console()
    first = data.get("first")
    con.print(f"[bold]{data['claim']}[/bold]")
    con.print(f"agree {data['counts']['agree']} · deny {data['counts']['disagree']} · discuss {data['counts']['discuss']}"
              + (f" · first: #{first['article_id']} {first['outlet'] or ''} {first['published'] or ''}" if first else ""))
    for r in data["results"]:
        con.print(f"\n[bold]{r['stance']}[/bold] {r['confidence']:.2f}  #{r['article_id']} {r['outlet'] or ''} "
                  f"{r['published'] or ''}  {r['title'] or ''}", markup=True, highlight=False)
        for e in r["evidence"]:
            con.print(f"  « {e['text']} »  [{e['start']}:{e['end']}]", markup=False, highlight=False)
        for a in r["attributions"]:
            con.print(f"  ← {a['source']} ({a['source_kind']}) {a['cue']}", markup=False, highlight=False)
