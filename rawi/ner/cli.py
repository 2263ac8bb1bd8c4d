"""`rawi ner-tag`: CoNLL-style tagging so that any corpus can be scored.

Input: one token per line, a blank line between sentences (UTF-8, BOM and CRLF tolerated).
A token may contain spaces (PEYMA writes "می شود" as one token); text after a TAB is not
part of the token (tokens never contain TABs), so `token<TAB>gold` files can be fed too.
Output: `token<TAB>tag` per token line, and every blank input line kept, so output lines
align one-for-one with input lines.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Iterable, Iterator, Optional, TextIO


def _blocks(lines: Iterable[str]) -> Iterator[tuple[list[str], int]]:
    """(tokens of a sentence, number of blank lines that follow it)."""
    toks: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            if toks:
                yield toks, 0
                toks = []
            yield [], 1
            continue
        toks.append(line.split("\t", 1)[0].strip())
    if toks:
        yield toks, 0


CHUNK = 2000  # sentences tagged together (they share document evidence)


DEFAULT_MODEL = "ensemble"  # the most accurate shipped model (rawi/ner/ensemble.py; README "Named entities" for its speed)


def tag_stream(src: TextIO, dst: TextIO, model_kind: Optional[str] = None) -> int:
    """Tag every sentence of ``src`` into ``dst``; returns the number of tokens.

    ``model_kind``: neural | crf | ensemble | a model file; None means $RAWI_NER_MODEL when
    set, else the ensemble. (``rawi analyze`` uses the neural model by default for speed.)
    """
    import os

    from . import load_model

    model = load_model(kind=model_kind or os.environ.get("RAWI_NER_MODEL") or DEFAULT_MODEL)
    n = 0
    pending: list[tuple[list[str], int]] = []

    def flush() -> None:
        tags = iter(model.tag_sentences([t for t, b in pending if not b]))
        for toks, blank in pending:
            if blank:
                dst.write("\n")
            else:
                dst.write("".join(f"{t}\t{g}\n" for t, g in zip(toks, next(tags))))
        pending.clear()

    sents = 0
    for toks, blank in _blocks(src):
        pending.append((toks, blank))
        if not blank:
            n += len(toks)
            sents += 1
            if sents % CHUNK == 0:
                flush()
    flush()
    return n


def ner_tag_cmd(input: Optional[Path], output: Optional[Path], model: Optional[str] = None) -> int:
    """Entry point wired into `rawi ner-tag`; returns an exit code."""
    if model is not None and model.lower() not in ("neural", "crf", "ensemble") \
            and not (model.endswith((".npz", ".crfsuite")) and Path(model).is_file()):
        sys.stderr.write(f"rawi ner-tag: unknown model {model!r}: neural, crf, ensemble or a .npz/.crfsuite file\n")
        return 2
    own = input is not None and str(input) != "-"
    try:
        if not own:
            src: TextIO = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="replace", newline="")
        else:
            src = open(input, encoding="utf-8-sig", errors="replace", newline="")
    except OSError as e:
        print(f"rawi ner-tag: cannot read {input}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        if output is None:
            dst: TextIO = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False)
            tag_stream(src, dst, model)
            dst.flush()
            dst.detach()
        else:
            with open(output, "w", encoding="utf-8", newline="\n") as dst:
                tag_stream(src, dst, model)
    finally:
        if own:
            src.close()
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m rawi.ner.cli", description=__doc__)
    ap.add_argument("input", nargs="?", type=Path)
    ap.add_argument("-o", "--output", type=Path)
    ap.add_argument("--model", default=None, help="neural | crf | ensemble (default) | a .npz/.crfsuite file")
    a = ap.parse_args(argv)
    return ner_tag_cmd(a.input, a.output, a.model)


if __name__ == "__main__":
    raise SystemExit(main())
