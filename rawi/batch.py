"""Analyse many inputs: expand folders, read safely, go on past bad files, report them."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Iterator, Optional

from .io import InputError, display_name, read_text_with_warnings

SUFFIXES = {".txt", ".html", ".htm"}
RECORD_FILES = (".json", ".jsonl", ".ndjson", ".warc", ".warc.gz", ".rss", ".atom")
BATCH = 25  # articles analysed together in one process (rawi.corpus.distributed.analyze_items)


def expand(paths: list[Path]) -> Iterator[tuple[str, Optional[Path]]]:
    """(name, path) for each input; folders give their .txt/.html files sorted by name."""
    for p in paths:
        if str(p) == "-":
            yield "<stdin>", None
        elif p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES):
                yield display_name(str(f)), f  # a name that is not UTF-8 cannot be written out as is
        else:
            yield display_name(str(p)), p


def _read_all(paths: list[Path], failed: list[tuple[str, str]], counter: list[int]) -> Iterator[dict[str, Any]]:
    """Readable inputs as Dask items (name, text); unreadable ones go to ``failed`` and stderr."""
    for name, path in expand(paths):
        counter[0] += 1
        if path is not None and path.name.lower().endswith(RECORD_FILES):
            reason = "holds records, not one article: read it with `rawi ingest` (JSON, JSONL, WARC, feeds)"
            failed.append((name, reason))
            print(f"rawi: skipped {name}: {reason}", file=sys.stderr)
            continue
        try:
            text, warnings = read_text_with_warnings(sys.stdin.buffer.read() if path is None else path, name)
        except InputError as e:
            failed.append((e.name, e.reason))
            print(f"rawi: skipped {e.name}: {e.reason}", file=sys.stderr)
            continue
        for w in warnings:
            print(f"rawi: warning {name}: {w}", file=sys.stderr)
        meta: dict[str, Any] = {"path": name if path else None}
        if warnings:
            meta["warnings"] = warnings
        yield {"key": name, "text": text, "meta": meta}


def _analyses(paths: list[Path], meta: dict, failed: list[tuple[str, str]], counter: list[int], *,
              as_json: bool, workers: int, scheduler: Optional[str]) -> Iterator[Any]:
    """Each readable input's Analysis (or its JSON text when ``as_json``), in input order.

    With ``workers`` > 1 or a ``scheduler`` the analysis runs on Dask
    (:func:`rawi.corpus.distributed.analyze_many`): the same function, the same output.
    """
    if workers > 1 or scheduler:
        from .corpus.distributed import analyze_many

        def items() -> Iterator[dict[str, Any]]:
            for it in _read_all(paths, failed, counter):
                it["meta"] = {**it["meta"], **meta}
                yield it

        for it, a, err in analyze_many(items(), scheduler=scheduler, workers=workers,
                                       result="json" if as_json else "analysis"):
            if a is None:
                failed.append((it["key"], err or "analysis failed"))
                print(f"rawi: skipped {it['key']}: {err}", file=sys.stderr)
                continue
            yield a
        return
    import itertools

    from .corpus.distributed import analyze_items

    read = _read_all(paths, failed, counter)
    while chunk := list(itertools.islice(read, BATCH)):
        for it in chunk:
            it["meta"] = {**it["meta"], **meta}
        for it, (a, err) in zip(chunk, analyze_items(chunk)):
            if a is None:
                failed.append((it["key"], err or "analysis failed"))
                print(f"rawi: skipped {it['key']}: {err}", file=sys.stderr)
                continue
            yield a.model_dump_json() if as_json else a


def analyze_paths(paths: list[Path], *, fmt: str = "json", output: Optional[Path] = None, meta: Optional[dict] = None,
                  workers: int = 1, scheduler: Optional[str] = None) -> int:
    """Analyse every input; return the exit code (0 all fine, 1 some skipped, 2 none analysed).

    ``workers`` > 1 (a local Dask cluster) or ``scheduler`` (``dask://HOST:PORT``) analyse on Dask.
    """
    meta = {k: v for k, v in (meta or {}).items() if v}
    results: list[Any] = []
    failed: list[tuple[str, str]] = []
    out: IO[str] = open(output, "w", encoding="utf-8") if output else sys.stdout
    counter = [0]
    try:
        for a in _analyses(paths, meta, failed, counter, as_json=fmt == "jsonl", workers=workers, scheduler=scheduler):
            if fmt == "jsonl":
                out.write(a + "\n")
                out.flush()
            elif fmt == "text":
                from .report import render

                render(a, out)
            else:
                results.append(a.model_dump(mode="json"))
        total = counter[0]
        if fmt == "json" and results:
            data = results[0] if len(results) == 1 and total == 1 else results
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    finally:
        if output:
            out.close()
    if total == 0:
        print("rawi: no .txt or .html input found", file=sys.stderr)
        return 2
    if failed:
        print(f"rawi: {total - len(failed)} analysed, {len(failed)} skipped", file=sys.stderr)
        return 2 if len(failed) == total else 1
    return 0


_ERRORS = ("raise", "skip", "none")


def _split(x: Any, as_tuples: bool, meta: dict) -> tuple[Any, dict, Any]:
    """(text, metadata, context) of one :func:`rawi.pipe` input."""
    from collections.abc import Mapping

    from .meta import check_meta_keys

    ctx = None
    if as_tuples:
        if not (isinstance(x, tuple) and len(x) == 2):
            raise TypeError(f"with as_tuples=True each input is a (text, context) pair, not {type(x).__name__}")
        x, ctx = x
    if isinstance(x, Mapping):
        rec = dict(x)
        if "text" not in rec:
            raise TypeError("a record passed to rawi.pipe() needs a 'text' key")
        text = rec.pop("text")
        check_meta_keys(rec, "rawi.pipe() record")
        return text, {**meta, **{k: v for k, v in rec.items() if v is not None}}, ctx
    return x, dict(meta), ctx


def pipe(texts: Any, *, batch_size: int = BATCH, as_tuples: bool = False, disable: tuple[str, ...] = (),
         errors: str = "raise", meta: Optional[dict] = None) -> Iterator[Any]:
    """The generator behind :func:`rawi.pipe` (documented there)."""
    import itertools

    from .meta import check_meta_keys
    from .pipeline import analyze_doc, analyze_docs, make_doc

    if errors not in _ERRORS:
        raise ValueError(f"errors must be one of {', '.join(_ERRORS)}, not {errors!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    meta = dict(meta or {})
    check_meta_keys(meta, "rawi.pipe()")

    def gen() -> Iterator[Any]:
        it = iter(texts)
        while chunk := list(itertools.islice(it, batch_size)):
            parts = [_split(x, as_tuples, meta) for x in chunk]
            docs: list[Any] = []
            for text, m, _ in parts:
                try:
                    docs.append(make_doc(text, **m))
                except InputError:
                    if errors == "raise":
                        raise
                    docs.append(None)
            ok = [d for d in docs if d is not None]
            try:
                done = iter(analyze_docs(ok, disable=disable))
            except Exception:  # noqa: BLE001 - one odd article: the others still get analysed
                if errors == "raise":
                    raise
                one: list[Any] = []
                for d in ok:
                    try:
                        one.append(analyze_doc(d, disable=disable))
                    except Exception:  # noqa: BLE001
                        one.append(None)
                done = iter(one)
            for (_, _, ctx), d in zip(parts, docs):
                a = next(done) if d is not None else None
                if a is None and errors == "skip":
                    continue
                yield (a, ctx) if as_tuples else a

    return gen()
