"""Streaming JSON and JSONL readers that survive any one malformed record.

Why: ``json.loads`` of a whole file turns one bad record (nested 100k deep, an integer
literal over Python's 4,300-digit limit, a syntax error) into a lost file, and reads the
whole file into memory first. Here a JSONL file is read line by line, split on ``\\n``
only (U+2028, U+2029 and U+0085 are legal inside a JSON string and rawi's own JSONL
output may carry them), and a JSON array element by element; each record comes back as
its parsed value or as the reason it could not be parsed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Optional, Union

CHUNK = 1 << 20  # characters read at a time from a JSON array file
_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


class BadJSON(Exception):
    """A record that is not valid JSON, with a reason for the report."""


def loads(text: str) -> Any:
    """``json.loads`` whose every failure is a :class:`BadJSON` with a readable reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BadJSON(f"invalid JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise BadJSON("invalid JSON (nested too deeply)") from None
    except ValueError as e:  # an integer literal over sys.get_int_max_str_digits()
        raise BadJSON(f"invalid JSON ({_reason(e)})") from None


def _reason(e: ValueError) -> str:
    """Python's long message for a too-long integer, said shortly."""
    return "an integer literal over 4300 digits" if "4300" in str(e) else str(e)


def _decode_line(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from ..io import decode  # a Windows-1256 line in an old dump

        return decode(raw, name)


def iter_jsonl(path: Path) -> Iterator[tuple[int, Union[Any, BadJSON]]]:
    """(line number, value or BadJSON) for every non-blank line; OSError if unreadable.

    Files with a UTF-16/32 byte-order mark are decoded whole (a rare export format)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            from ..io import read_text

            lines: Any = (ln.encode("utf-8") for ln in read_text(path).split("\n"))
        else:
            lines = _lines(fh)
        for n, raw in enumerate(lines, 1):
            if raw is None:
                yield n, BadJSON(f"record too large (over {_max_bytes():,} bytes)")
                continue
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield n, loads(_decode_line(raw, f"{path}:{n}"))
            except BadJSON as e:
                yield n, e
            except ValueError as e:  # InputError from the line decoder
                yield n, BadJSON(getattr(e, "reason", str(e)))


def _max_bytes() -> int:
    from ..io import MAX_BYTES

    return MAX_BYTES


def _lines(fh: Any) -> Iterator[Optional[bytes]]:
    """The lines of binary file ``fh``, each read with a cap: a line over the input limit is
    skipped to its end unread and comes out as None (one giant record costs no memory)."""
    cap = _max_bytes()
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = fh.readline(1 << 20)
            yield None
            continue
        yield line


def skip_value(buf: str, pos: int) -> int:
    """End of the JSON value starting at ``buf[pos]`` without parsing it (no recursion):
    brackets are counted outside strings. -1 when the buffer ends first."""
    depth = 0
    i, n = pos, len(buf)
    while i < n:
        c = buf[i]
        if c == '"':
            i += 1
            while i < n and buf[i] != '"':
                i += 2 if buf[i] == "\\" else 1
            if i >= n:
                return -1
        elif c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:  # the end of the enclosing array: a scalar element ended
                return i
            depth -= 1
            if depth == 0:
                return i + 1
        elif depth == 0 and c == ",":
            return i
        i += 1
    return -1


class _Buffer:
    """A text file read in growing chunks, so one element is never parsed from a cut buffer."""

    def __init__(self, fh: Any):
        self.fh = fh
        self.buf = ""
        self.eof = False

    def more(self, want: int = CHUNK) -> bool:
        if self.eof:
            return False
        data = self.fh.read(max(CHUNK, want))
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def skip_ws(self, pos: int) -> int:
        while True:
            while pos < len(self.buf) and self.buf[pos] in _WS:
                pos += 1
            if pos < len(self.buf) or not self.more():
                return pos

    def compact(self, pos: int) -> int:
        if pos > CHUNK:
            self.buf = self.buf[pos:]
            return 0
        return pos


def iter_json_array(fh: Any) -> Iterator[tuple[int, Union[Any, BadJSON]]]:
    """(index, value or BadJSON) for each element of the top-level array in text file ``fh``.

    The caller has checked that the first non-blank character is ``[``. An element that is
    too deep or holds a too-long integer is skipped alone; a syntax error ends the file
    (there is no reliable place to resume), reported as the last element."""
    b = _Buffer(fh)
    pos = b.skip_ws(0) + 1  # past "["
    i = 0
    while True:
        pos = b.compact(b.skip_ws(pos))
        if pos >= len(b.buf):
            yield i, BadJSON("invalid JSON (the array is not closed)")
            return
        if b.buf[pos] == "]":
            return
        value, pos = _element(b, pos)
        yield i, value
        if isinstance(value, BadJSON) and pos < 0:
            return
        i += 1
        pos = b.skip_ws(pos)
        if pos < len(b.buf) and b.buf[pos] == ",":
            pos += 1
        elif pos < len(b.buf) and b.buf[pos] == "]":
            return
        else:
            yield i, BadJSON("invalid JSON (expected ',' or ']' after an element)")
            return


def _element(b: _Buffer, pos: int) -> tuple[Union[Any, BadJSON], int]:
    """One element at ``pos``: (value, end) or (BadJSON, end or -1 when unrecoverable)."""
    while True:
        try:
            value, end = _DECODER.raw_decode(b.buf, pos)
        except json.JSONDecodeError as e:
            if len(b.buf) - pos > _max_bytes():
                return BadJSON(f"record too large (over {_max_bytes():,} characters); the rest of the file is not read"), -1
            if not b.eof and b.more(len(b.buf)):
                continue
            return BadJSON(f"invalid JSON ({e.msg})"), -1
        except (RecursionError, ValueError) as e:
            reason = "nested too deeply" if isinstance(e, RecursionError) else _reason(e)
            end = skip_value(b.buf, pos)
            while end < 0 and b.more(len(b.buf)):
                end = skip_value(b.buf, pos)
            return BadJSON(f"invalid JSON ({reason})"), end
        # a number or literal cut at the buffer's end would parse short: make sure it ended
        if end >= len(b.buf) and not b.eof and b.more():
            continue
        return value, end


def first_char(path: Path) -> Optional[str]:
    """The first non-blank character of a UTF-8 file (None when empty or not UTF-8)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            while True:
                chunk = fh.read(4096)
                if not chunk:
                    return None
                s = chunk.lstrip()
                if s:
                    return s[0]
    except (UnicodeDecodeError, OSError):
        return None
