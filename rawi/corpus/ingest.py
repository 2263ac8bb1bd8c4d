"""Ingest: read articles from folders, JSON/JSONL, RSS/Atom feeds, HTML pages and WARC archives.

Every reader yields :class:`Item` (plain text + metadata) or :class:`Skipped` (a name and a
reason); nothing unreadable stops a batch. :func:`ingest` analyses each new item and stores
it in its own transaction, so re-running is idempotent (the content hash is checked before
analysing) and a killed run resumes where it stopped.

HTML goes through :func:`rawi.io.html_to_text`, which shields U+200C from trafilatura
(trafilatura 2.x drops it as "unprintable" in ``utils.remove_control_characters``).
"""
from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union
from urllib.parse import urlparse

from ..meta import implausible_date, published_problem
from .fold import content_hash

TEXT_EXT = {".txt", ".text"}  # not .md: a README in a folder is not an article
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
FEED_EXT = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass
class Item:
    name: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        m = self.meta
        return content_hash(self.text, url=m.get("url"), outlet=m.get("outlet"), title=m.get("title"))


@dataclass
class Skipped:
    name: str
    reason: str


Record = Union[Item, Skipped]


# ---------------------------------------------------------------- metadata helpers
_JALALI = re.compile(r"^\s*(1[34]\d\d)[/\-.](\d{1,2})[/\-.](\d{1,2})")
_ISO = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?")


def iso_date(value: Any) -> Optional[str]:
    """An ISO date (YYYY-MM-DD) from what feeds and files carry: ISO strings, Solar Hijri
    ``1402/10/12``, RFC 822 dates, ``time.struct_time``. None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%d", value)
    s = str(value).strip()
    s = s.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"))
    m = _ISO.match(s)
    if m:
        return f"{m.group(1)}-{m.group(2)}" + (f"-{m.group(3)}" if m.group(3) else "")
    m = _JALALI.match(s)
    if m:
        try:
            import jdatetime

            return jdatetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).togregorian().isoformat()
        except (ValueError, OverflowError):
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def outlet_from_url(url: Optional[str]) -> Optional[str]:
    """The site's host name (``farsnews.ir``) as a stable outlet label."""
    if not url or not isinstance(url, str):
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # "http://[::1/x": an invalid IPv6 host
        return None
    return host[4:] if host.startswith("www.") else (host or None)


_FARS_ID = re.compile(r"farsnews\.(?:ir|com)/.*?(?:news/|nn=)(\d{10}|\d{14})(?!\d)")


def published_from_url(url: Optional[str]) -> Optional[str]:
    """Fars News ids encode the Solar Hijri day: 8707060255 = 1387/07/06, 13911222000865 = 1391/12/22."""
    m = _FARS_ID.search(url or "")
    if not m:
        return None
    d = m.group(1)
    y, mo, da = (1300 + int(d[:2]), d[2:4], d[4:6]) if len(d) == 10 else (int(d[:4]), d[4:6], d[6:8])
    day = iso_date(f"{y}/{mo}/{da}")
    # Not every number in a Fars URL is a dated news id (6012...: 1360 = 1981, before Fars existed).
    return None if implausible_date(day, "fars", derived=True) else day


class BadRecord(ValueError):
    """A record whose fields cannot be trusted (a URL that is a number, an invalid host)."""


_STR_FIELDS = ("url", "title", "outlet", "path")


def check_url(url: Any) -> str:
    """``url`` when it is a string urllib can parse, else :class:`BadRecord`."""
    if not isinstance(url, str):
        raise BadRecord(f"the URL must be a string, not {type(url).__name__}")
    try:
        urlparse(url).hostname  # noqa: B018  (raises on "http://[::1/x")
    except ValueError as e:
        raise BadRecord(f"invalid URL {url[:80]!r} ({e})") from None
    return url


def _clean_meta(meta: dict[str, Any], *, url_hint: Optional[str] = None) -> dict[str, Any]:
    out = {k: v for k, v in meta.items() if v is not None and not (isinstance(v, str) and v == "")}
    for k in _STR_FIELDS:
        if k in out and not isinstance(out[k], str):
            raise BadRecord(f"field {k!r} must be a string, not {type(out[k]).__name__}")
    if "url" in out:
        check_url(out["url"])
    if "published" in out and not isinstance(out["published"], (str, int, float, time.struct_time)) or isinstance(out.get("published"), bool):
        raise BadRecord(f"field 'published' must be a date, not {type(out['published']).__name__}")
    if "published" in out:
        out["published"] = iso_date(out["published"])
        if out["published"] and published_problem(out["published"]):  # year 9999 from an RFC 822 date
            out["published"] = None
    url = out.get("url") or url_hint
    if url and "url" not in out:
        out["url"] = url
    if "outlet" not in out and url:
        out["outlet"] = outlet_from_url(url)
    if not out.get("published") and url:
        out["published"] = published_from_url(url)
    return {k: (str(v) if v is not None else None) for k, v in out.items() if v not in (None, "")}


def _html_item(name: str, html: str, meta: dict[str, Any]) -> Record:
    from ..io import InputError, html_to_text

    try:
        text, page = html_to_text(html, name)
    except InputError as e:
        return Skipped(e.name, e.reason)
    page_url = page.get("url")
    try:
        page_url = check_url(page_url) if page_url else None
    except BadRecord:  # a broken canonical link in the page: the article is still fine
        page_url = None
    merged = {"title": page.get("title"), "published": page.get("date"), "url": page_url, "outlet": page.get("sitename")}
    merged.update({k: v for k, v in meta.items() if v})
    return Item(name, text, _clean_meta(merged))


def _text_item(name: str, text: str, meta: dict[str, Any]) -> Record:
    from ..io import looks_like_html

    if looks_like_html(text):
        return _html_item(name, text, meta)
    if not text.strip():
        return Skipped(name, "empty text")
    return Item(name, text, _clean_meta(meta))


# ---------------------------------------------------------------- readers
def read_text_file(path: Path) -> Iterator[Record]:
    from ..io import InputError, read_text

    try:
        text = read_text(path)
    except InputError as e:
        yield Skipped(e.name, e.reason)
        return
    yield guarded(str(path), _text_item, str(path), text, {"path": str(path)})


_TEXT_KEYS = ("text", "content", "body", "article", "html", "summary", "description")  # RSS dumps carry only a summary
_REC_STR_FIELDS = ("url", "link", "abstract", "title", "outlet", "source")


def _record_to_item(name: str, rec: Any, path: str) -> Record:
    """One JSON record: {text|content|body|html, url, title, outlet, published|date}, or the
    course layout {title, abstract, paragraphs, link}."""
    if not isinstance(rec, dict):
        return Skipped(name, f"expected a JSON object, got {type(rec).__name__}")
    for k in _REC_STR_FIELDS:
        if rec.get(k) is not None and not isinstance(rec[k], str):
            return Skipped(name, f"field {k!r} must be a string, not {type(rec[k]).__name__}")
    text = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
    if text is None and isinstance(rec.get("paragraphs"), list):
        parts = [rec.get("abstract") or ""] + [p for p in rec["paragraphs"] if isinstance(p, str)]
        text = "\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        return Skipped(name, "no article text (expected 'text', 'content', 'body', 'summary' or 'paragraphs')")
    meta = {"url": rec.get("url") or rec.get("link"), "title": rec.get("title"), "outlet": rec.get("outlet") or rec.get("source"),
            "published": rec.get("published") or rec.get("date"), "path": path}
    return guarded(name, _text_item, name, text, meta)


def guarded(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)``, or a :class:`Skipped` naming the record when its data breaks it:
    one malformed record is reported and the batch goes on."""
    try:
        return fn(*args)
    except BadRecord as e:
        return Skipped(name, str(e))
    except RecursionError:
        return Skipped(name, "record nested too deeply")
    except Exception as e:  # noqa: BLE001 - any surprise in one record must not lose the rest
        return Skipped(name, f"unreadable record ({type(e).__name__}: {e})")


def read_jsonl(path: Path) -> Iterator[Record]:
    """One record per line, read as a stream (see :mod:`rawi.corpus.jsonstream`)."""
    from .jsonstream import BadJSON, iter_jsonl

    try:
        for n, rec in iter_jsonl(path):
            name = f"{path}:{n}"
            yield Skipped(name, str(rec)) if isinstance(rec, BadJSON) else _record_to_item(name, rec, name)
    except OSError as e:
        yield Skipped(str(path), e.strerror or str(e))
    except ValueError as e:  # InputError of a UTF-16 file that does not decode
        yield Skipped(str(path), getattr(e, "reason", str(e)))


def read_json(path: Path) -> Iterator[Record]:
    """A JSON array of articles (streamed element by element), an object holding one
    (``articles``/``items``/``data``), or one article object."""
    from .jsonstream import BadJSON, first_char, iter_json_array, loads

    if first_char(path) == "[":
        try:
            with open(path, encoding="utf-8-sig") as fh:
                for i, rec in iter_json_array(fh):
                    name = f"{path}[{i}]"
                    yield Skipped(name, str(rec)) if isinstance(rec, BadJSON) else _record_to_item(name, rec, name)
        except OSError as e:
            yield Skipped(str(path), e.strerror or str(e))
        except UnicodeDecodeError as e:
            yield Skipped(str(path), f"invalid UTF-8 ({e.reason} at byte {e.start} of a chunk); the rest of the file is not read")
        return
    from ..io import InputError, read_text

    try:
        data = loads(read_text(path))
    except InputError as e:
        yield Skipped(e.name, e.reason)
        return
    except BadJSON as e:
        yield Skipped(str(path), str(e))
        return
    if isinstance(data, dict):
        data = next((data[k] for k in ("articles", "items", "data") if isinstance(data.get(k), list)), [data])
    if not isinstance(data, list):
        yield Skipped(str(path), "expected a JSON array of articles")
        return
    for i, rec in enumerate(data):
        yield _record_to_item(f"{path}[{i}]", rec, f"{path}[{i}]")


def read_feed(source: Union[Path, str]) -> Iterator[Record]:
    """RSS/Atom from a file or URL (feedparser). Entries with full content are extracted as HTML."""
    import feedparser

    name = str(source)
    try:
        if isinstance(source, Path):
            from ..io import InputError

            try:
                raw = source.read_bytes()
            except OSError as e:
                raise InputError(name, e.strerror or str(e))
            feed = feedparser.parse(raw)
        else:
            feed = feedparser.parse(source)
    except Exception as e:  # feedparser wraps most errors in bozo; be safe about the rest
        yield Skipped(name, f"unreadable feed ({type(e).__name__}: {e})")
        return
    status = feed.get("status")
    if isinstance(status, int) and status >= 400:
        yield Skipped(name, f"feed not fetched (HTTP {status})")
        return
    if not feed.entries:
        why = f"{type(feed.bozo_exception).__name__}: {feed.bozo_exception}" if feed.get("bozo") else "no entries"
        yield Skipped(name, f"broken feed ({why})")
        return
    outlet = (feed.feed.get("title") or None) if feed.get("feed") else None
    for i, e in enumerate(feed.entries):
        link = e.get("link")
        ename = f"{name}#{link if isinstance(link, str) and link else i}"
        yield guarded(ename, _feed_entry, ename, e, outlet)


def _feed_entry(ename: str, e: Any, outlet: Optional[str]) -> Record:
    body = ""
    if e.get("content"):
        body = max((c.get("value") or "" for c in e.content), key=len)
    body = body or e.get("summary") or ""
    if not body.strip():
        return Skipped(ename, "feed entry has no text")
    meta = {"url": e.get("link"), "title": e.get("title"), "outlet": outlet or outlet_from_url(e.get("link")),
            "published": e.get("published_parsed") or e.get("updated_parsed") or e.get("published")}
    if meta["published"] is not None:
        meta["published"] = iso_date(meta["published"])
    if "<" in body and re.search(r"<[a-zA-Z/][^>]*>", body):
        item = _html_item(ename, f"<html><body><article>{body}</article></body></html>", meta)
        if isinstance(item, Skipped):  # a short summary trafilatura will not take: strip the tags
            text = re.sub(r"<[^>]+>", " ", body)
            item = Item(ename, text, _clean_meta(meta)) if text.strip() else item
        return item
    return Item(ename, body, _clean_meta(meta))


def read_warc(path: Path) -> Iterator[Record]:
    """HTML responses in a WARC (or ARC) archive (warcio); other records are ignored."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from ..io import InputError, decode

    name = str(path)
    try:
        fh = open(path, "rb")
    except OSError as e:
        yield Skipped(name, e.strerror or str(e))
        return
    with fh:
        try:
            records = ArchiveIterator(fh, arc2warc=True)
            _tolerate_missing_uri(records)
            for n, rec in enumerate(records):
                if rec.rec_type != "response":
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                if not uri:
                    yield Skipped(f"{name}#record {n}", "WARC response without WARC-Target-URI")
                    continue
                out = guarded(f"{name}#{uri}", _warc_response, name, uri, rec)
                if out is not None:  # not an HTML page
                    yield out
        except ArchiveLoadFailed as e:
            yield Skipped(name, f"corrupt WARC archive ({e})")
        except (OSError, EOFError, ValueError) as e:  # truncated gzip member and the like
            yield Skipped(name, f"corrupt WARC archive ({type(e).__name__}: {e})")


def _tolerate_missing_uri(records: Any) -> None:
    """warcio reads a response's HTTP headers only for http(s) URIs and crashes on a record
    with no WARC-Target-URI (``None.startswith``): treat a missing URI as no URI, so the
    archive iterator survives and the record is reported by :func:`read_warc`."""
    loader = getattr(records, "loader", None)
    orig = getattr(loader, "load_http_headers", None)
    if orig is None:
        return

    def load_http_headers(rec_type: str, uri: Optional[str], stream: Any, length: Any) -> Any:
        return orig(rec_type, uri or "", stream, length)

    loader.load_http_headers = load_http_headers


def _warc_response(name: str, uri: str, rec: Any) -> Optional[Record]:
    from ..io import InputError, decode

    ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else "") or ""
    if "html" not in ctype.lower():
        return None
    rname = f"{name}#{uri}"
    data = rec.content_stream().read()
    m = re.search(r"charset=([\w-]+)", ctype, re.I)
    try:
        html = data.decode(m.group(1)) if m else decode(data, rname)
    except (LookupError, UnicodeDecodeError):
        try:
            html = decode(data, rname)
        except InputError as e:
            return Skipped(e.name, e.reason)
    except InputError as e:
        return Skipped(e.name, e.reason)
    date = rec.rec_headers.get_header("WARC-Date")
    item = _html_item(rname, html, {"url": uri})
    if isinstance(item, Item) and not item.meta.get("published") and date:
        item.meta["published"] = iso_date(date)
    return item


def _sniff(path: Path) -> Optional[Callable[[Path], Iterator[Record]]]:
    n = path.name.lower()
    if n.endswith(WARC_SUFFIXES):
        return read_warc
    ext = path.suffix.lower()
    if ext in TEXT_EXT or ext in HTML_EXT:
        return read_text_file
    if ext in JSONL_EXT:
        return read_jsonl
    if ext in JSON_EXT:
        return read_json
    if ext in FEED_EXT:
        return read_feed
    return None


def read_source(source: Union[str, Path]) -> Iterator[Record]:
    """Every article in one source: a URL (feed), a folder (recursively) or a file.

    A reader that fails part-way (a bug, a file system error) costs the rest of that file
    only: it is reported as one more :class:`Skipped` and the next file is read."""
    s = str(source)
    if re.match(r"^https?://", s):
        yield from _safely(s, read_feed, s)
        return
    path = Path(s)
    if path.is_dir():
        for p in sorted(x for x in path.rglob("*") if x.is_file() and not any(part.startswith(".") for part in x.relative_to(path).parts)):
            reader = _sniff(p)
            if reader is not None:  # other files in a folder (README, images) are not articles
                yield from _safely(str(p), reader, p)
        return
    if not path.exists():
        yield Skipped(s, "no such file or folder")
        return
    reader = _sniff(path) or read_text_file  # a named file of unknown type: try it as text
    yield from _safely(s, reader, path)


def _safely(name: str, reader: Callable[[Any], Iterator[Record]], arg: Any) -> Iterator[Record]:
    from ..io import display_name

    try:
        for rec in reader(arg):
            rec.name = display_name(rec.name)
            if isinstance(rec, Item) and "path" in rec.meta:
                rec.meta["path"] = display_name(rec.meta["path"])
            yield rec
    except Exception as e:  # noqa: BLE001 - one broken file never ends the batch
        yield Skipped(display_name(name), f"reading stopped ({type(e).__name__}: {e})")


# ---------------------------------------------------------------- the ingest loop
@dataclass
class IngestReport:
    added: int = 0
    existing: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    ids: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.added / self.seconds if self.seconds else 0.0


def ingest(sources: Iterable[Union[str, Path]], store: Any, *, analyzer: Optional[Callable[..., Any]] = None,
           progress: bool = True, disable: Iterable[str] = (), batch_size: int = 25) -> IngestReport:
    """Analyse and store every new article from ``sources``; see the module docstring.

    Without a custom ``analyzer`` the new articles are analysed ``batch_size`` at a time
    (:func:`rawi.corpus.distributed.analyze_items`: each component over the whole batch, the
    same output) and stored one by one, in input order.
    """
    report = IngestReport()
    size = max(1, batch_size)
    t0 = time.perf_counter()
    with _progress(progress, None) as advance:
        for chunk in _item_batches(sources, report, size):
            if analyzer is None:
                _ingest_batches(chunk, store, report, advance, tuple(disable), size)
            else:
                _ingest_each(chunk, store, report, advance, analyzer)
    report.seconds = time.perf_counter() - t0
    return report


def _item_batches(sources: Iterable[Union[str, Path]], report: IngestReport, size: int) -> Iterator[list[Item]]:
    """Items in lists of ``size`` as the readers produce them (a large archive is never
    held whole); skipped records go straight to the report."""
    chunk: list[Item] = []
    for src in sources:
        for rec in read_source(src):
            if isinstance(rec, Skipped):
                report.skipped.append(rec)
                continue
            chunk.append(rec)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _ingest_each(items: list[Item], store: Any, report: IngestReport, advance: Callable[[bool], None],
                 analyzer: Callable[..., Any]) -> None:
    for it in items:
        h = it.hash
        if store.has(h) is not None:
            report.existing += 1
            advance(False)
            continue
        try:
            analysis = analyzer(it.text, **it.meta)
        except Exception as e:  # one bad article never stops a batch
            report.skipped.append(Skipped(it.name, f"analysis failed ({type(e).__name__}: {e})"))
            advance(False)
            continue
        _store_one(store, report, it, analysis, h)
        advance(True)


def _ingest_batches(items: list[Item], store: Any, report: IngestReport, advance: Callable[[bool], None],
                    disable: tuple[str, ...], size: int) -> None:
    from .distributed import analyze_items

    for i in range(0, len(items), size):
        todo = []
        for it in items[i:i + size]:
            h = it.hash
            if store.has(h) is not None:
                report.existing += 1
                advance(False)
            else:
                todo.append((it, h))
        analysed = analyze_items([{"key": it.name, "text": it.text, "meta": dict(it.meta)} for it, _ in todo], disable)
        for (it, h), (analysis, err) in zip(todo, analysed):
            if analysis is None:
                report.skipped.append(Skipped(it.name, f"analysis failed ({err})"))
                advance(False)
                continue
            if store.has(h) is not None:  # the same article twice in one batch
                report.existing += 1
                advance(False)
                continue
            _store_one(store, report, it, analysis, h)
            advance(True)


def _store_one(store: Any, report: IngestReport, it: Item, analysis: Any, h: str) -> None:
    """Store one analysis in its own transaction; a record the database refuses is reported."""
    try:
        report.ids.append(store.add_analysis(analysis, raw=it.text, content_hash=h))
    except Exception as e:  # noqa: BLE001 - the store rolls this article back; the batch goes on
        report.skipped.append(Skipped(it.name, f"not stored ({type(e).__name__}: {e})"))
        return
    if getattr(store, "last_add_new", True):
        report.added += 1
    else:  # a concurrent ingest stored the same article between our check and our insert
        report.existing += 1


class _progress:
    """A rich progress bar (count, rate of new articles, ETA) on stderr, or nothing.

    When stderr is not a terminal (a log file, a batch job) a bar would only be drawn at the
    end, so a plain line is written every :data:`LOG_EVERY` seconds instead: a long ingest of
    one large file shows how far it got."""

    LOG_EVERY = 30.0

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled
        self.total = total
        self._p = None

    def __enter__(self) -> Callable[[bool], None]:
        if not self.enabled:
            return lambda added: None
        from rich.console import Console

        if not Console(stderr=True).is_terminal:
            return self._log_lines()
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        class Rate(TextColumn):
            def render(self, task):  # type: ignore[override]
                from rich.text import Text

                return Text(f"{task.speed:.1f} art/s" if task.speed else "– art/s")

        self._p = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), Rate(""), TimeElapsedColumn(),
                           TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self._p.__enter__()
        task = self._p.add_task("ingest", total=self.total)
        return lambda added: self._p.advance(task)

    def _log_lines(self) -> Callable[[bool], None]:
        t0 = last = time.monotonic()
        seen = added = 0

        def advance(new: bool) -> None:
            nonlocal last, seen, added
            seen += 1
            added += bool(new)
            now = time.monotonic()
            if now - last >= self.LOG_EVERY:
                last = now
                print(f"ingest: {seen:,} records read, {added:,} added, {added / (now - t0):.1f} art/s, "
                      f"{now - t0:,.0f} s", file=sys.stderr, flush=True)

        return advance

    def __exit__(self, *exc: Any) -> None:
        if self._p is not None:
            self._p.__exit__(*exc)
