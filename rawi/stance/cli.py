"""``rawi stance PAIRS.jsonl [-o FILE]``: the batch contract other tools depend on.

Each input line ``{"claim": ..., "text": ...}`` (other keys passed through) gives one output
line, in input order, with ``stance`` (agree | disagree | discuss | unrelated), ``confidence``
(0-1) and ``evidence`` [{text, start, end}] (offsets into the normalised text, as in
``rawi analyze``). A line that cannot be judged still gives its output line, with ``error``
instead of the three keys, and is reported on stderr; the exit code is then 1.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Optional


def judge_line(line: str) -> dict[str, Any]:
    """The output object of one input line (raises ValueError with a reason)."""
    from ..io import InputError
    from .api import judge

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"invalid JSON ({e.msg})") from None
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    claim, text = obj.get("claim"), obj.get("text")
    if not isinstance(claim, str) or not claim.strip():
        raise ValueError("no claim", obj)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no text", obj)
    try:
        j = judge(claim, text)
    except InputError as e:
        raise ValueError(e.reason if hasattr(e, "reason") else str(e), obj) from None
    return {**obj, **j.as_dict()}


def run_lines(lines: Iterable[str], name: str, out: IO[str]) -> int:
    """Judge every non-blank line; returns how many could not be judged."""
    bad = 0
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            res = judge_line(line)
        except ValueError as e:
            bad += 1
            reason = e.args[0]
            obj = e.args[1] if len(e.args) > 1 and isinstance(e.args[1], dict) else {}
            print(f"rawi: skipped {name}:{n}: {reason}", file=sys.stderr)
            res = {**obj, "error": reason}
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
    return bad


def stance_cmd(path: Path, output: Optional[Path]) -> int:
    src = sys.stdin if str(path) == "-" else open(path, encoding="utf-8-sig")
    dst = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        bad = run_lines(src, str(path), dst)
    finally:
        if src is not sys.stdin:
            src.close()
        if output:
            dst.close()
    return 1 if bad else 0

