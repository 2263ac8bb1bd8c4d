"""Analyse many inputs: expand folders, read safely, go on past bad files, report them."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Iterator, Optional

from .io import InputError, read_text

SUFFIXES = {".txt", ".html", ".htm"}


def expand(paths: list[Path]) -> Iterator[tuple[str, Optional[Path]]]:
    """(name, path) for each input; folders give their .txt/.html files sorted by name."""
    for p in paths:
        if str(p) == "-":
            yield "<stdin>", None
        elif p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUFFIXES):
                yield str(f), f
        else:
            yield str(p), p


def analyze_paths(paths: list[Path], *, fmt: str = "json", output: Optional[Path] = None, meta: Optional[dict] = None) -> int:
    """Analyse every input; return the exit code (0 all fine, 1 some skipped, 2 none analysed)."""
    from .pipeline import analyze

    meta = {k: v for k, v in (meta or {}).items() if v}
    results: list[Any] = []
    failed: list[tuple[str, str]] = []
    out: IO[str] = open(output, "w", encoding="utf-8") if output else sys.stdout
    total = 0
    try:
        for name, path in expand(paths):
            total += 1
            try:
                if path is None:
                    text = read_text(sys.stdin.buffer.read(), name)
                else:
                    text = read_text(path, name)
                a = analyze(text, path=name if path else None, **meta)
            except InputError as e:
                failed.append((e.name, e.reason))
                print(f"rawi: skipped {e.name}: {e.reason}", file=sys.stderr)
                continue
            if fmt == "jsonl":
                out.write(a.model_dump_json() + "\n")
                out.flush()
            elif fmt == "text":
                from .report import render

                render(a, out)
            else:
                results.append(a.model_dump(mode="json"))
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
