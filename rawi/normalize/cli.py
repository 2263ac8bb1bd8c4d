"""`rawi normalize`: normalise files or stdin, one output line per input line.

Why a separate module: the typer command in rawi/cli.py stays a thin wrapper, and this
function can be called and tested without a terminal. Unreadable inputs (binary, invalid
UTF-8 that is not Windows-1256 either, empty, missing) are reported on stderr with their
name and reason, and the other inputs are still processed.
"""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import IO, Optional

from ..io import InputError, read_text
from . import normalize_text


def normalize_lines(text: str, *, digits: str = "fa", zwnj: bool = True) -> str:
    """Normalise ``text`` keeping exactly its number of newline-separated lines."""
    text = text.replace("\r\n", "\n")
    out = normalize_text(text, digits=digits, zwnj=zwnj)
    if out.count("\n") != text.count("\n"):  # never expected; kept as a guarantee
        out = "\n".join(normalize_text(line, digits=digits, zwnj=zwnj).replace("\n", " ") for line in text.split("\n"))
    return out


def normalize_cmd(paths: list[Path], digits: str = "fa", no_zwnj: bool = False, output: Optional[Path] = None) -> int:
    """Run the command; return the exit code (0 ok, 1 some inputs skipped, 2 nothing read)."""
    if digits not in ("fa", "latin", "keep"):
        print(f"rawi normalize: --digits must be fa, latin or keep, not {digits!r}", file=sys.stderr)
        return 2
    sources: list[tuple[str, Optional[Path]]] = []
    for p in paths or [Path("-")]:
        sources.append(("<stdin>", None) if str(p) == "-" else (str(p), p))
    try:
        # UTF-8 whatever the terminal's locale says (a C locale must not crash on Persian)
        out: IO[str] = (open(output, "w", encoding="utf-8", newline="\n") if output
                        else io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=True)
                        if hasattr(sys.stdout, "buffer") else sys.stdout)
    except OSError as e:
        print(f"rawi normalize: cannot write {output}: {e.strerror or e}", file=sys.stderr)
        return 2
    try:
        return _run(sources, out, digits, no_zwnj, output)
    except BrokenPipeError:  # `rawi normalize big.txt | head`: the reader left, not an error
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0


def _run(sources: list[tuple[str, Optional[Path]]], out: IO[str], digits: str, no_zwnj: bool, output: Optional[Path]) -> int:
    ok = failed = 0
    try:
        for name, path in sources:
            try:
                data = sys.stdin.buffer.read() if path is None else path
                text = read_text(data, name)
            except InputError as e:
                print(f"rawi normalize: skipped {e.name}: {e.reason}", file=sys.stderr)
                failed += 1
                continue
            result = normalize_lines(text, digits=digits, zwnj=not no_zwnj)
            out.write(result)
            if not result.endswith("\n"):
                out.write("\n")
            ok += 1
    finally:
        if output:
            out.close()
        else:
            out.flush()
            if out is not sys.stdout:
                out.detach()  # leave sys.stdout usable
    if failed and not ok:
        return 2
    return 1 if failed else 0
