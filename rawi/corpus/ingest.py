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
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union
from urllib.parse import urlparse

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
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else (host or None)


_FARS_ID = re.compile(r"farsnews\.(?:ir|com)/.*?(?:news/|nn=)(\d{10}|\d{14})(?!\d)")


def published_from_url(url: Optional[str]) -> Optional[str]:
    """Fars News ids encode the Solar Hijri day: 8707060255 = 1387/07/06, 13911222000865 = 1391/12/22."""
    m = _FARS_ID.search(url or "")
    if not m:
        return None
    d = m.group(1)
    y, mo, da = (1300 + int(d[:2]), d[2:4], d[4:6]) if len(d) == 10 else (int(d[:4]), d[4:6], d[6:8])
    return iso_date(f"{y}/{mo}/{da}")


def _clean_meta(meta: dict[str, Any], *, url_hint: Optional[str] = None) -> dict[str, Any]:
    out = {k: v for k, v in meta.items() if v not in (None, "")}
    if "published" in out:
        out["published"] = iso_date(out["published"])
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
    merged = {"title": page.get("title"), "published": page.get("date"), "url": page.get("url"), "outlet": page.get("sitename")}
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
    yield _text_item(str(path), text, {"path": str(path)})


_TEXT_KEYS = ("text", "content", "body", "article", "html", "summary", "description")  # RSS dumps carry only a summary


def _record_to_item(name: str, rec: Any, path: str) -> Record:
    """One JSON record: {text|content|body|html, url, title, outlet, published|date}, or the
    course layout {title, abstract, paragraphs, link}."""
    if not isinstance(rec, dict):
        return Skipped(name, f"expected a JSON object, got {type(rec).__name__}")
    text = next((rec[k] for k in _TEXT_KEYS if isinstance(rec.get(k), str) and rec[k].strip()), None)
    if text is None and isinstance(rec.get("paragraphs"), list):
        parts = [rec.get("abstract") or ""] + [p for p in rec["paragraphs"] if isinstance(p, str)]
        text = "\n".join(p.strip() for p in parts if p and p.strip())
    if not text:
        return Skipped(name, "no article text (expected 'text', 'content', 'body', 'summary' or 'paragraphs')")
    meta = {"url": rec.get("url") or rec.get("link"), "title": rec.get("title"), "outlet": rec.get("outlet") or rec.get("source"),
            "published": rec.get("published") or rec.get("date"), "path": path}
    return _text_item(name, text, meta)


def read_jsonl(path: Path) -> Iterator[Record]:
    from ..io import InputError, read_text

    try:
        data = read_text(path)
    except InputError as e:
        yield Skipped(e.name, e.reason)
        return
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        name = f"{path}:{n}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped(name, f"invalid JSON ({e.msg} at column {e.colno})")
            continue
        yield _record_to_item(name, rec, f"{path}:{n}")


def read_json(path: Path) -> Iterator[Record]:
    from ..io import InputError, read_text

    try:
        data = json.loads(read_text(path))
    except InputError as e:
        yield Skipped(e.name, e.reason)
        return
    except json.JSONDecodeError as e:
        yield Skipped(str(path), f"invalid JSON ({e.msg} at line {e.lineno} column {e.colno})")
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
        ename = f"{name}#{e.get('link') or i}"
        body = ""
        if e.get("content"):
            body = max((c.get("value") or "" for c in e.content), key=len)
        body = body or e.get("summary") or ""
        if not body.strip():
            yield Skipped(ename, "feed entry has no text")
            continue
        meta = {"url": e.get("link"), "title": e.get("title"), "outlet": outlet or outlet_from_url(e.get("link")),
                "published": e.get("published_parsed") or e.get("updated_parsed") or e.get("published")}
        if meta["published"] is not None:
            meta["published"] = iso_date(meta["published"])
        if "<" in body and re.search(r"<[a-zA-Z/][^>]*>", body):
            item = _html_item(ename, f"<html><body><article>{body}</article></body></html>", meta)
            if isinstance(item, Skipped):  # a short summary trafilatura will not take: strip the tags
                text = re.sub(r"<[^>]+>", " ", body)
                item = Item(ename, text, _clean_meta(meta)) if text.strip() else item
            yield item
        else:
            yield Item(ename, body, _clean_meta(meta))


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
            for rec in ArchiveIterator(fh, arc2warc=True):
                if rec.rec_type != "response":
                    continue
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else "") or ""
                if "html" not in ctype.lower():
                    continue
                rname = f"{name}#{uri}"
                data = rec.content_stream().read()
                m = re.search(r"charset=([\w-]+)", ctype, re.I)
                try:
                    html = data.decode(m.group(1)) if m else decode(data, rname)
                except (LookupError, UnicodeDecodeError):
                    try:
                        html = decode(data, rname)
                    except InputError as e:
                        yield Skipped(e.name, e.reason)
                        continue
                except InputError as e:
                    yield Skipped(e.name, e.reason)
                    continue
                date = rec.rec_headers.get_header("WARC-Date")
                item = _html_item(rname, html, {"url": uri})
                if isinstance(item, Item) and not item.meta.get("published") and date:
                    item.meta["published"] = iso_date(date)
                yield item
        except ArchiveLoadFailed as e:
            yield Skipped(name, f"corrupt WARC archive ({e})")
        except (OSError, EOFError, ValueError) as e:  # truncated gzip member and the like
            yield Skipped(name, f"corrupt WARC archive ({type(e).__name__}: {e})")


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
    """Every article in one source: a URL (feed), a folder (recursively) or a file."""
    s = str(source)
    if re.match(r"^https?://", s):
        yield from read_feed(s)
        return
    path = Path(s)
    if path.is_dir():
        for p in sorted(x for x in path.rglob("*") if x.is_file() and not any(part.startswith(".") for part in x.relative_to(path).parts)):
            reader = _sniff(p)
            if reader is not None:  # other files in a folder (README, images) are not articles
                yield from reader(p)
        return
    if not path.exists():
        yield Skipped(s, "no such file or folder")
        return
    reader = _sniff(path) or read_text_file  # a named file of unknown type: try it as text
    yield from reader(path)


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
    records: list[Record] = []
    for src in sources:
        records.extend(read_source(src))
    items = [r for r in records if isinstance(r, Item)]
    report.skipped.extend(r for r in records if isinstance(r, Skipped))
    t0 = time.perf_counter()
    with _progress(progress, len(items)) as advance:
        if analyzer is None:
            _ingest_batches(items, store, report, advance, tuple(disable), max(1, batch_size))
        else:
            _ingest_each(items, store, report, advance, analyzer)
    report.seconds = time.perf_counter() - t0
    return report


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
        report.ids.append(store.add_analysis(analysis, raw=it.text, content_hash=h))
        report.added += 1
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
            report.ids.append(store.add_analysis(analysis, raw=it.text, content_hash=h))
            report.added += 1
            advance(True)


class _progress:
    """A rich progress bar (count, rate of new articles, ETA) on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int):
        self.enabled = enabled
        self.total = total
        self._p = None

    def __enter__(self) -> Callable[[bool], None]:
        if not self.enabled:
            return lambda added: None
        from rich.console import Console
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

    def __exit__(self, *exc: Any) -> None:
        if self._p is not None:
            self._p.__exit__(*exc)
