"""Corpus commands (plain typer-compatible functions): ingest, search, claims, sources, export.

Wired into ``rawi`` by rawi/cli.py; also runnable alone as ``python -m rawi.corpus``.
Heavy imports (SQLAlchemy, datasketch, the analyser) happen inside the functions.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, List, Optional

import typer

DbOpt = Annotated[Optional[str], typer.Option("--db", help="Database URL or SQLite path (default sqlite:///rawi.db, or $RAWI_DB).")]
FormatOpt = Annotated[str, typer.Option("--format", help="table, json or csv (UTF-8 with a BOM)")]


def _store(db: Optional[str], must_exist: bool = False):
    """The store at ``db``. Reading commands (``must_exist``) refuse a SQLite file that is not there
    rather than create an empty store and answer "0 articles"; an unreachable or unsupported URL is
    one line, not a traceback."""
    import os

    from .store import DEFAULT_URL, Store

    url = db or os.environ.get("RAWI_DB") or DEFAULT_URL
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else (url if "://" not in url else None)
    if must_exist and path is not None and path != ":memory:" and not os.path.exists(path):
        raise typer.BadParameter(f"no store at {path}: build one with `rawi ingest SOURCE --db {url}`", param_hint="--db")
    if "://" in url and not url.split("://", 1)[0].startswith(("sqlite", "postgres")):
        raise typer.BadParameter(f"{url.split('://', 1)[0]}:// is not supported: use sqlite:///FILE or postgresql://…",
                                 param_hint="--db")
    try:
        return Store(db)
    except Exception as e:  # a server that cannot be reached, a missing driver: say so in one line
        raise typer.BadParameter(f"cannot open {url}: {type(e).__name__}: {str(e).splitlines()[0][:200]}",
                                 param_hint="--db") from None


def _emit(data: Any, fmt: str, table: Any, rows: Any = None) -> None:
    """JSON, CSV (``rows(data)``: a list of flat dicts; UTF-8 with a BOM, like ``rawi export csv``) or a table."""
    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter(f"{fmt!r}: one of table, json, csv", param_hint="--format")
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        import csv
        import io

        flat = list(rows(data)) if rows else (data if isinstance(data, list) else [data])
        buf = io.StringIO(newline="")
        w = csv.DictWriter(buf, fieldnames=list(flat[0]) if flat else ["id"], extrasaction="ignore")
        w.writeheader()
        for r in flat:
            w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
        sys.stdout.write("\ufeff" + buf.getvalue())
    else:
        from rich.console import Console

        Console().print(table(data))


def ingest_cmd(
    sources: Annotated[List[str], typer.Argument(help="Folders, files (.txt .html .json .jsonl .rss .atom .xml .warc[.gz]) or feed URLs.")],
    db: DbOpt = None,
    disable: Annotated[str, typer.Option("--disable", help="Pipeline components to skip, comma-separated.")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run the analysis on an existing Dask cluster: dask://HOST:PORT (or tcp://).")] = None,
    workers: Annotated[int, typer.Option("--workers", help="Run the analysis on a local Dask cluster of N worker processes (1 = in this process).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per Dask task.")] = 50,
) -> None:
    """Analyse and store articles; re-running adds nothing new, a killed run resumes."""
    from rich.console import Console

    err = Console(stderr=True)
    store = _store(db)
    disabled = [d.strip() for d in disable.split(",") if d.strip()]
    if scheduler or workers > 1:
        from .distributed import ingest_many

        report = ingest_many(sources, store, scheduler=scheduler, workers=workers, batch_size=batch_size,
                             disable=disabled, progress=not quiet)
    else:
        from .ingest import ingest

        report = ingest(sources, store, progress=not quiet, disable=disabled)
    _report_skipped(err, report.skipped)
    store.checkpoint()
    st = store.stats()
    size = f", {st['size_bytes'] / 1e6:.1f} MB" if "size_bytes" in st else ""
    err.print(f"added {report.added}, already stored {report.existing}, skipped {len(report.skipped)} "
              f"in {report.seconds:.1f}s ({report.rate:.2f} articles/s); store: {st['articles']} articles{size}",
              highlight=False, soft_wrap=True)
    if report.skipped:
        raise typer.Exit(code=1)


def _report_skipped(err: Any, skipped: list, per_reason: int = 10) -> None:
    """Every skipped input by name with its reason; a reason shared by many is shown once
    with its first names (1,500 articles failing alike should not bury the other reasons)."""
    from collections import defaultdict

    from rich.markup import escape

    by_reason: dict[str, list[str]] = defaultdict(list)
    for s in skipped:
        by_reason[s.reason].append(s.name)
    for reason, names in by_reason.items():
        for name in names[:per_reason]:
            err.print(f"[yellow]skipped[/] {escape(name)}: {escape(reason)}", highlight=False, soft_wrap=True)
        if len(names) > per_reason:
            err.print(f"[yellow]skipped[/] … and {len(names) - per_reason} more: {escape(reason)}", highlight=False, soft_wrap=True)


def search_cmd(
    query: Annotated[str, typer.Argument(help="Words to find (ZWNJ and Arabic/Persian letter variants do not matter).")] = "",
    db: DbOpt = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", help="an outlet: host (farsnews.ir), registry or English name (Fars), or Persian spelling")] = None,
    source_kind: Annotated[Optional[str], typer.Option("--source-kind", help="anonymous, named, official, organization, media")] = None,
    person: Annotated[Optional[str], typer.Option("--person", help="articles naming this person or organisation (Persian or English: ظریف, Zarif)")] = None,
    place: Annotated[Optional[str], typer.Option("--place", help="articles naming this place (Persian or English: حسکه, Hasakah)")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="YYYY-MM-DD")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    format: FormatOpt = "table",
) -> None:
    """Full-text search with filters."""
    import datetime as _dt

    for name, value in (("--from", date_from), ("--to", date_to)):
        if value:
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None
    if source_kind and source_kind not in ("anonymous", "named", "official", "organization", "media"):
        raise typer.BadParameter(f"{source_kind!r}: one of anonymous, named, official, organization, media",
                                 param_hint="--source-kind")
    res = _store(db, must_exist=True).search(query, outlet=outlet, source_kind=source_kind, person=person, place=place,
                            date_from=date_from, date_to=date_to, limit=limit, by_date=format != "table")

    def table(r: dict):
        from rich.table import Table

        t = Table(title=f"{r['total']} articles", show_lines=False)
        for c in ("id", "published", "outlet", "title", "snippet"):
            t.add_column(c, overflow="fold")
        for x in r["results"]:
            t.add_row(str(x["id"]), x["published"] or "", x["outlet"] or "", x["title"] or "", x["snippet"])
        return t

    _emit(res, format, table, rows=lambda r: ({k: x.get(k) for k in ("id", "published", "outlet", "url", "title", "snippet")}
                                              for x in r["results"]))


def claims_cmd(
    query: Annotated[Optional[str], typer.Argument(help="Only claims containing these words.")] = None,
    db: DbOpt = None,
    claim_id: Annotated[Optional[int], typer.Option("--id", help="Show one claim: every appearance, relays, changes.")] = None,
    min_outlets: Annotated[int, typer.Option("--min-outlets")] = 1,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    format: FormatOpt = "table",
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Match every stored attribution again first.")] = False,
) -> None:
    """Claims repeated across articles and outlets, or one claim's history."""
    store = _store(db, must_exist=True)
    if rebuild:
        n = store.rebuild_claims()
        typer.echo(f"rebuilt {n} claims", err=True)
    if claim_id is not None:
        c = store.claim(claim_id)
        if c is None:
            typer.echo(f"no claim {claim_id}", err=True)
            raise typer.Exit(code=1)

        def one(c: dict):
            from rich.table import Table

            t = Table(title=f"claim {c['id']}: {c['content'][:120]}")
            for col in ("published", "outlet", "article", "source", "kind", "hedged", "text"):
                t.add_column(col, overflow="fold")
            for a in c["appearances"]:
                t.add_row(a["published"] or "", a["outlet"] or "", str(a["article_id"]), a["source"], a["source_kind"],
                          "yes" if a["hedged"] else "", a["text"])
            if c["changes"]:
                t.caption = "; ".join(f"{x['change']} in article {x['to_article']}" for x in c["changes"])
            return t

        _emit(c, format, one)
        return
    rows = store.claims(limit=limit, query=query, min_outlets=min_outlets)

    def table(rows: list):
        from rich.table import Table

        t = Table(title="claims")
        for col in ("id", "outlets", "articles", "first", "content"):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(str(r["id"]), str(r["n_outlets"]), str(r["n_articles"]), r["first_published"] or "", r["content"])
        return t

    _emit(rows, format, table)


def sources_cmd(
    db: DbOpt = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", help="an outlet: host, registry or English name, Persian spelling")] = None,
    by: Annotated[str, typer.Option("--by", help="group by outlet or by outlet affiliation (state, irgc-basij, reformist ...)")] = "outlet",
    format: FormatOpt = "table",
) -> None:
    """Per outlet: claims, share resting on anonymous sources, top sources."""
    if by not in ("outlet", "affiliation"):
        raise typer.BadParameter("--by must be outlet or affiliation")
    rows = _store(db, must_exist=True).sources(outlet=outlet, by=by)

    def table(rows: list):
        from rich.table import Table

        t = Table(title=f"sources per {by}")
        for col in ("outlet", "articles", "claims", "anonymous %", "top sources"):
            t.add_column(col, overflow="fold")
        for r in rows:
            top = ", ".join(f"{s['source']} ({s['kind']}, {s['count']})" for s in r["top_sources"][:5])
            t.add_row(str(r["outlet"]), str(r["articles"]), str(r["claims"]), f"{100 * r['anonymous_share']:.1f}", top)
        return t

    _emit(rows, format, table)


def clusters_cmd(
    db: DbOpt = None,
    min_size: Annotated[int, typer.Option("--min-size")] = 2,
    limit: Annotated[int, typer.Option("--limit")] = 20,
    format: FormatOpt = "table",
) -> None:
    """Stories told by several articles (near-duplicate clusters: wire copy, re-publications)."""
    rows = _store(db, must_exist=True).clusters(min_size=min_size, limit=limit)

    def table(rows: list):
        from rich.table import Table

        t = Table(title="story clusters")
        for col in ("cluster", "articles", "outlets", "first", "titles"):
            t.add_column(col, overflow="fold")
        for r in rows:
            titles = " | ".join(f"{a['id']}: {a['title'] or ''}" for a in r["articles"][:3])
            t.add_row(str(r["cluster_id"]), str(r["size"]), str(r["outlets"]), r["first_published"] or "", titles)
        return t

    _emit(rows, format, table)


def export_cmd(
    format: Annotated[str, typer.Option("--format", help="jsonl, csv, parquet, geojson, entities, graphml, gexf or datasette-metadata")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    db: DbOpt = None,
) -> None:
    """Export the store: analyses (jsonl), attributions (csv, parquet), places (geojson), entities (csv),
    source chains (graphml, gexf), a Datasette metadata file (datasette-metadata).

    Examples: rawi export --format parquet -o attributions.parquet --db fars.db;
    rawi export --format datasette-metadata -o metadata.json && datasette fars.db -m metadata.json"""
    from .export import FORMATS, export

    if format not in FORMATS:
        typer.echo(f"unknown format {format!r}; choose from {', '.join(FORMATS)}", err=True)
        raise typer.Exit(code=2)
    try:
        n = export(_store(db, must_exist=True), format, output)
    except RuntimeError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(code=1)
    typer.echo(f"wrote {n} records to {output}", err=True)


COMMANDS = {"ingest": ingest_cmd, "search": search_cmd, "claims": claims_cmd, "sources": sources_cmd,
            "clusters": clusters_cmd, "export": export_cmd}


def app() -> typer.Typer:
    """A stand-alone typer app with the corpus commands (``python -m rawi.corpus``)."""
    a = typer.Typer(add_completion=False, no_args_is_help=True)
    for name, fn in COMMANDS.items():
        a.command(name)(fn)
    return a


def main() -> None:
    app()()
