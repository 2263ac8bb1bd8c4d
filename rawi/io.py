"""Reading input safely: bytes to text with a clear error that names the input.

Order of trust: a BOM (UTF-8/UTF-16/UTF-32) wins; then strict UTF-8; then UTF-16
without BOM when every other byte is NUL-heavy; then Windows-1256 (the Arabic/Persian
Windows code page still met in old archives) when the result is mostly Persian letters.
Binary data (NUL bytes, control characters) is refused rather than guessed.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Union

MAX_BYTES = 50 * 1024 * 1024  # one article above 50 MB is not an article


class InputError(ValueError):
    """An input rawi cannot read, with the input's name and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


_SURROGATE = re.compile("[\ud800-\udfff]")


def display_name(name: str) -> str:
    """``name`` made printable and storable: a file name that is not valid UTF-8 reaches
    Python as lone surrogates (PEP 383), which no UTF-8 writer accepts; they become U+FFFD."""
    return name if name.isascii() else _SURROGATE.sub("\ufffd", name)


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode ``data`` or raise :class:`InputError` saying why not."""
    return decode_with_warnings(data, name)[0]


def decode_with_warnings(data: bytes, name: str = "<input>") -> tuple[str, list[str]]:
    """:func:`decode`, and what was repaired on the way (for ``Analysis.warnings``).

    UTF-8 cut in the middle of its last character (a truncated download, a byte limit) is
    UTF-8 with the partial character dropped, not another encoding: read as Windows-1256
    every Persian letter of it would turn into mojibake."""
    try:
        return _decode(data, name), []
    except _Truncated as t:
        return t.text, [f"input ends inside a UTF-8 character: {t.dropped} byte(s) dropped"]


class _Truncated(Exception):
    def __init__(self, text: str, dropped: int):
        super().__init__(dropped)
        self.text, self.dropped = text, dropped


def _decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise InputError(name, f"too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if not data.strip():
        raise InputError(name, "empty input")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check(data.decode(enc), name, enc)
            except UnicodeDecodeError as e:
                if enc == "utf-8-sig" and e.reason == "unexpected end of data" and len(data) - e.start < 4:
                    raise _Truncated(_check(data[:e.start].decode(enc), name, enc), len(data) - e.start) from None
                raise InputError(name, f"starts with a {enc} byte-order mark but does not decode: {e.reason} at byte {e.start}") from None
    try:
        return _check(data.decode("utf-8"), name, "utf-8")
    except UnicodeDecodeError as e:
        utf8_error = f"invalid UTF-8 ({e.reason} at byte {e.start})"
        if e.reason == "unexpected end of data" and len(data) - e.start < 4:
            raise _Truncated(_check(data[:e.start].decode("utf-8"), name, "utf-8"), len(data) - e.start) from None
    if len(data) % 2 == 0:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return _check(text, name, enc)
    if b"\x00" in data:
        raise InputError(name, f"binary data, not text ({utf8_error}; contains NUL bytes)")
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise InputError(name, f"{utf8_error}, and not Windows-1256 either") from None
    letters = sum(1 for c in text if c.isalpha())
    if letters and len(_ARABIC.findall(text)) / letters > 0.5:
        return _check(text, name, "cp1256")
    raise InputError(name, f"{utf8_error}; not recognisable as Windows-1256 Persian either")


_PLAIN = re.compile(r"[\u0600-\u06ff\u200c\s\x20-\x7e\u00a0-\u00ff\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]")


def _plausible(text: str) -> bool:
    """Most characters are Arabic-script, ASCII or common punctuation (not mojibake)."""
    sample = text[:4000]
    return bool(sample) and len(_PLAIN.findall(sample)) / len(sample) > 0.95 and bool(_ARABIC.search(sample))


def _check(text: str, name: str, enc: str) -> str:
    if not text.strip():
        raise InputError(name, "empty input")
    bad = len(_CONTROL.findall(text[:100000]))
    if bad > max(3, len(text[:100000]) // 100):
        raise InputError(name, f"binary data, not text (decoded as {enc} but {bad} control characters)")
    return _CONTROL.sub("", text) if bad else text


def read_text(source: Union[str, Path, bytes], name: str | None = None) -> str:
    """Text of a file path or of raw bytes; :class:`InputError` for anything unreadable."""
    return read_text_with_warnings(source, name)[0]


def read_text_with_warnings(source: Union[str, Path, bytes], name: str | None = None) -> tuple[str, list[str]]:
    """:func:`read_text` and the repairs made while decoding (:func:`decode_with_warnings`)."""
    if isinstance(source, (bytes, bytearray)):
        return decode_with_warnings(bytes(source), name or "<bytes>")
    path = Path(source)
    label = name or str(path)
    try:
        if path.is_dir():
            raise InputError(label, "is a directory")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(label, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(label, "no such file") from None
    except PermissionError:
        raise InputError(label, "permission denied") from None
    except IsADirectoryError:
        raise InputError(label, "is a directory") from None
    except OSError as e:
        raise InputError(label, e.strerror or str(e)) from None
    return decode_with_warnings(data, label)


_TAG = re.compile(r"<[a-zA-Z!/?][^>]*>")
_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.S | re.I)


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<div" in head or "<!doctype" in head


def html_to_text(html: str, name: str = "<html>") -> tuple[str, dict]:
    """Main text and metadata of an HTML page (trafilatura, with ZWNJ kept).

    trafilatura removes U+200C as "unprintable"; we shield it with a printable
    character that it keeps, then put it back.
    """
    shield = "\ua66e"  # a printable letter never met in Persian news (U+A66E)
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a run-time dependency
        raise InputError(name, "trafilatura is not installed") from None
    protected = html.replace("\u200c", shield).replace("&zwnj;", shield).replace("&#8204;", shield).replace("&#x200c;", shield).replace("&#x200C;", shield)
    try:
        doc = trafilatura.bare_extraction(protected, with_metadata=True, include_comments=False, favor_recall=True)
    except Exception as e:  # trafilatura raises many things on broken markup
        raise InputError(name, f"malformed HTML ({type(e).__name__}: {e})") from None
    if doc is None:
        text = _TAG.sub(" ", _SCRIPT.sub(" ", protected))
        meta: dict = {}
    else:
        d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        text = d.get("text") or ""
        meta = {k: d.get(k) for k in ("title", "date", "url", "sitename") if d.get(k)}
    text = text.replace(shield, "\u200c")
    if not text.strip():
        raise InputError(name, "no article text found in the HTML")
    meta = {k: (v.replace(shield, "\u200c") if isinstance(v, str) else v) for k, v in meta.items()}
    return text, meta
