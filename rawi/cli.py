"""The `rawi` command line. Each command mirrors a Python API; heavy imports stay inside
the commands so that `rawi --help` and start-up stay fast."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    name="rawi",
    help="rawi (راوی): who claims what, on whose authority, about whom, where and when — for Persian news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


class Digits(str, Enum):
    fa = "fa"
    latin = "latin"
    keep = "keep"


# Examples shown under each command's --help (one per paragraph: typer folds single newlines).
EXAMPLES: dict[str, list[str]] = {
    "analyze": ["rawi analyze article.txt --format text", "rawi analyze pages/ --format jsonl -o out.jsonl --workers 2"],
    "normalize": ["rawi normalize article.txt", "echo 'می شود' | rawi normalize --digits latin"],
    "schema": ["rawi schema -o analysis.schema.json"],
    "ner-tag": ["rawi ner-tag tokens.txt -o tagged.tsv --model ensemble"],
    "serve": ["RAWI_TOKEN=secret rawi serve --db fars.db --port 8000"],
    "stance": ["rawi stance pairs.jsonl -o stances.jsonl"],
    "check": ['rawi check "ایران آماده خرید تسلیحات است" --db fars.db'],
    "ingest": ["rawi ingest ../shared/data/farsnews-course --db fars.db", "rawi ingest https://example.com/feed.rss crawl.warc.gz --db news.db"],
    "search": ['rawi search "تحریم ها" --db fars.db', "rawi search داعش --outlet Fars --source-kind anonymous --from 2014-01-01 --db fars.db"],
    "claims": ["rawi claims --min-outlets 2 --db news.db", "rawi claims --id 42 --db news.db"],
    "sources": ["rawi sources --db news.db", "rawi sources --by affiliation --db news.db"],
    "clusters": ["rawi clusters --db news.db"],
    "export": ["rawi export --format parquet -o attributions.parquet --db fars.db",
               "rawi export --format datasette-metadata -o metadata.json --db fars.db"],
}


def epilog(name: str) -> str | None:
    """The examples of a command as a --help epilog."""
    return "Examples:\n\n" + "\n\n".join(EXAMPLES[name]) if name in EXAMPLES else None


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


@app.command("analyze", epilog=epilog("analyze"))
def analyze_cmd(
    paths: List[Path] = typer.Argument(..., help="Files or folders (every .txt/.html inside, sorted by name); '-' reads stdin."),
    format: OutFormat = typer.Option(OutFormat.json, "--format", "-f", help="json: one object (a list for several inputs); jsonl: one line per input; text: a report."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    outlet: Optional[str] = typer.Option(None, help="The outlet, when the byline does not say."),
    published: Optional[str] = typer.Option(None, help="Publication date (ISO), to resolve relative dates."),
    url: Optional[str] = typer.Option(None, help="The article's URL."),
    workers: int = typer.Option(1, "--workers", help="Analyse on a local Dask cluster of N worker processes (1 = in this process)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Analyse on an existing Dask cluster: dask://HOST:PORT (or tcp://)."),
) -> None:
    """Analyse articles: attributions, provenance, entities, places, dates, quantities, framing, events."""
    from .batch import analyze_paths

    if workers < 1:
        _err("rawi: --workers must be at least 1")
        raise typer.Exit(2)
    code = analyze_paths(paths, fmt=format.value, output=output, meta={"outlet": outlet, "published": published, "url": url},
                         workers=workers, scheduler=scheduler)
    raise typer.Exit(code)


@app.command("normalize", epilog=epilog("normalize"))
def normalize_cmd(
    paths: List[Path] = typer.Argument(None, help="Files to normalise; none or '-' reads stdin."),
    digits: Digits = typer.Option(Digits.fa, help="Digits to write: fa (Persian), latin, keep."),
    no_zwnj: bool = typer.Option(False, "--no-zwnj", help="Do not restore zero-width non-joiners."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Normalise Persian text: letters, digits, spacing, ZWNJ restored; one output line per input line."""
    from .normalize.cli import normalize_cmd as run

    raise typer.Exit(run(list(paths or []), digits=digits.value, no_zwnj=no_zwnj, output=output) or 0)


@app.command("schema", epilog=epilog("schema"))
def schema_cmd(output: Optional[Path] = typer.Option(None, "--output", "-o")) -> None:
    """Print the JSON schema of an analysis (the pydantic models are its source of truth)."""
    import json

    from .schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)


@app.command("ner-tag", epilog=epilog("ner-tag"))
def ner_tag_cmd(
    input: Optional[Path] = typer.Argument(None, help="One token per line, a blank line between sentences; stdin when absent."),
    output: Optional[Path] = typer.Option(None, "--output", "-o"),
    model: Optional[str] = typer.Option(None, "--model", help="neural | crf | ensemble | a .npz/.crfsuite file. Default: $RAWI_NER_MODEL, else ensemble (the most accurate; `rawi analyze` uses neural, the fastest)."),
) -> None:
    """Tag tokens with named-entity labels: prints token<TAB>BIO-tag in the same layout."""
    from .ner.cli import ner_tag_cmd as run

    raise typer.Exit(run(input, output, model) or 0)


@app.command("serve", epilog=epilog("serve"))
def serve_cmd(
    db: Optional[str] = typer.Option(None, "--db", help="Database URL or SQLite path (default sqlite:///rawi.db, or $RAWI_DB)."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port."),
    token: Optional[str] = typer.Option(None, envvar="RAWI_TOKEN", help="Token required for writes (ingest, delete)."),
) -> None:
    """Serve the web app and JSON API (FastAPI + uvicorn)."""
    from .web.cli import serve_cmd as run

    run(db, host=host, port=port, token=token)


@app.command("stance", epilog=epilog("stance"))
def stance_cmd(
    pairs: Path = typer.Argument(..., help='JSONL, one {"claim": ..., "text": ...} a line (other keys passed through); "-" reads stdin.'),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Stance of each text toward its claim: agree | disagree | discuss | unrelated, confidence, evidence."""
    from .stance.cli import stance_cmd as run

    raise typer.Exit(run(pairs, output))


@app.command("check", epilog=epilog("check"))
def check_cmd(
    claim: str = typer.Argument(..., help="The claim, in Persian."),
    db: Optional[str] = typer.Option(None, "--db", help="Database URL or SQLite path (default sqlite:///rawi.db, or $RAWI_DB)."),
    format: str = typer.Option("text", "--format", help="text or json"),
    limit: int = typer.Option(30, "--limit", help="Articles judged (the best full-text matches)."),
) -> None:
    """The stored articles that agree with, deny or discuss a claim, with evidence, in date order."""
    import json

    from .corpus.check import print_report
    from .corpus.cli import _store

    data = _store(db, must_exist=True).check(claim, limit=limit)
    if format == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_report(data)


def _register_corpus() -> None:
    from .corpus.cli import COMMANDS

    for name, fn in COMMANDS.items():
        app.command(name, epilog=epilog(name))(fn)


_register_corpus()


BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """Ask numpy's BLAS for one thread unless the user said otherwise (before numpy loads).

    Why: the NER's matrices are small; a multi-threaded OpenBLAS spins a second core for them
    and gains nothing (600 Fars articles: 7.5 ms/article wall and 15.0 ms CPU with the
    default, 7.8 ms wall and 7.8 ms CPU with one thread), which halves the throughput of
    parallel `rawi` processes. Dask workers get the same setting from Dask itself.
    """
    import os

    for var in BLAS_THREAD_VARS:
        os.environ.setdefault(var, "1")


def main() -> None:
    one_blas_thread()
    try:
        app()
    except BrokenPipeError:  # `rawi ... | head`
        sys.stderr.close()


if __name__ == "__main__":
    main()
