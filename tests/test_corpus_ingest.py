"""Ingest readers (folders, JSON, JSONL, RSS/Atom, HTML, WARC), bad input by name, idempotence, CLI exit codes."""
from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path


from rawi.corpus.ingest import (Item, Skipped, ingest, iso_date, published_from_url, read_source)
from rawi.corpus.store import Store

from .conftest import EXAMPLE, FIXTURES
from .corpus_util import text_only

FARS = FIXTURES / "corpus" / "fars-sample.json"
ZWNJ = "\u200c"

PAGE = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>انتقال سرکرده‌های داعش</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-01-15T10:00:00+03:30">
</head><body><nav>خانه | درباره ما</nav><article><h1>انتقال سرکرده‌های داعش</h1>
<p>به گزارش خبرنگار ما، منابع محلی از انتقال شماری از سرکرده‌های گروه تروریستی داعش از زندان الصناعه خبر دادند و گفتند این کار شبانه انجام شده است.</p>
<p>این منابع افزودند که نیروهای آمریکایی در این عملیات می&zwnj;خواستند هیچ خبرنگاری حضور نداشته باشد و گزارش&#8204;ها نیز تأیید می&#x200c;کنند که درگیری‌ها ادامه دارد.</p>
<p>مقام‌های محلی هنوز درباره شمار زندانیان منتقل‌شده اظهار نظر نکرده‌اند و قرار است فردا بیانیه‌ای منتشر شود.</p>
</article><footer>همه حقوق محفوظ است</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>خبرگزاری نمونه</title><link>https://news.example/</link><description>d</description>
<item><title>خبر یک</title><link>https://news.example/1</link><pubDate>Mon, 15 Jan 2024 08:00:00 GMT</pubDate>
<description>خلاصه</description>
<content:encoded><![CDATA[<p>وزیر نفت امروز گفت تولید نفت ایران افزایش یافته است و صادرات به بازارهای آسیایی ادامه دارد.</p><p>وی افزود قراردادهای تازه‌ای امضا می‌شود.</p>]]></content:encoded></item>
<item><title>خبر دو</title><link>https://news.example/2</link><pubDate>Tue, 16 Jan 2024 08:00:00 GMT</pubDate>
<description>سخنگوی دولت گفت نشست هیئت وزیران فردا برگزار می‌شود.</description></item>
</channel></rss>"""


def _names(records):
    return {type(r).__name__ for r in records}


def test_iso_dates():
    assert iso_date("2024-01-15T10:00:00+03:30") == "2024-01-15"
    assert iso_date("۱۴۰۲/۱۰/۲۵") == "2024-01-15"
    assert iso_date("Mon, 15 Jan 2024 08:00:00 GMT") == "2024-01-15"
    assert iso_date("not a date") is None
    assert published_from_url("https://www.farsnews.ir/news/8707060255") == "2008-09-27"  # 1387/07/06
    assert published_from_url("https://www.farsnews.ir/news/13911222000865/x") == "2013-03-12"  # 1391/12/22
    assert published_from_url("https://example.com/news/8707060255") is None


def test_course_json_layout():
    recs = list(read_source(FARS))
    assert len(recs) == 4 and all(isinstance(r, Item) for r in recs)
    first = json.loads(FARS.read_text(encoding="utf-8"))[0]
    it = recs[0]
    assert it.meta["title"] == first["title"] and it.meta["url"] == first["link"]
    assert it.meta["outlet"] == "farsnews.ir" and it.meta["published"].startswith("20")
    assert it.text.startswith(first["abstract"].strip()) and first["paragraphs"][-1].strip() in it.text


def test_html_keeps_zwnj(tmp_path):
    """trafilatura 2.x deletes U+200C (utils.remove_control_characters); our reader keeps it,
    written as a character, as &zwnj;, &#8204; or &#x200c;."""
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    (it,) = list(read_source(p))
    assert isinstance(it, Item)
    for word in ("سرکرده" + ZWNJ + "های", "می" + ZWNJ + "خواستند", "گزارش" + ZWNJ + "ها", "می" + ZWNJ + "کنند", "درگیری" + ZWNJ + "ها"):
        assert word in it.text, word
    assert "\ua66e" not in it.text  # the shield never leaks
    assert it.meta["title"] == "انتقال سرکرده" + ZWNJ + "های داعش"
    assert it.meta["published"] == "2024-01-15" and it.meta["outlet"] == "Example News"
    assert "خانه | درباره ما" not in it.text  # boilerplate gone


def test_feed_file_and_broken_feed(tmp_path):
    good = tmp_path / "feed.rss"
    good.write_text(RSS, encoding="utf-8")
    recs = list(read_source(good))
    assert [type(r) for r in recs] == [Item, Item]
    assert recs[0].meta == {"url": "https://news.example/1", "title": "خبر یک", "outlet": "خبرگزاری نمونه", "published": "2024-01-15"}
    assert "قراردادهای تازه" + ZWNJ + "ای" in recs[0].text
    assert "سخنگوی دولت" in recs[1].text
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"\x00\x01 this is not a feed <<<")
    (s,) = list(read_source(bad))
    assert isinstance(s, Skipped) and s.name == str(bad) and "broken feed" in s.reason


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers))


def test_warc_and_corrupt_warc(tmp_path):
    good = tmp_path / "crawl.warc.gz"
    _warc(good, [("https://news.example/a", PAGE)])
    (it,) = list(read_source(good))
    assert isinstance(it, Item) and it.meta["url"] == "https://news.example/a"
    assert "سرکرده" + ZWNJ + "های" in it.text
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(gzip.compress(b"WARC/1.0\r\nthis is not a warc header\r\n\r\n") + b"garbage")
    recs = list(read_source(bad))
    assert recs and isinstance(recs[-1], Skipped) and recs[-1].name == str(bad)


def test_jsonl_bad_lines_named(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": "متن خبر اول درباره بازار.", "url": "https://x.ir/1", "outlet": "x", "published": "2024-01-02"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "بدون متن"}, ensure_ascii=False),
        json.dumps({"title": "خبر فید", "summary": "خلاصه خبر از فید.", "link": "https://www.radiofarda.com/a/1.html"}, ensure_ascii=False),
    ]), encoding="utf-8")
    recs = list(read_source(p))
    assert isinstance(recs[0], Item) and recs[0].meta["outlet"] == "x"
    assert [r.name for r in recs[1:3]] == [f"{p}:2", f"{p}:3"]
    assert isinstance(recs[3], Item) and recs[3].meta["outlet"] == "radiofarda.com" and recs[3].text == "خلاصه خبر از فید."
    assert "invalid JSON" in recs[1].reason and "no article text" in recs[2].reason


def _mixed_folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(EXAMPLE, d / "defapress.txt")
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    shutil.copy(FARS, d / "fars.json")
    (d / "corrupt.txt").write_bytes(bytes(range(256)) * 4)  # binary, not text
    # Windows-1256 has only the Arabic yeh (U+064A), as old Persian archives do
    (d / "cp1256.txt").write_bytes("خبرگزاري فارس: رئيس سازمان گفت برنامه ادامه دارد.".encode("cp1256"))
    (d / "image.png").write_bytes(b"\x89PNG\r\n")  # not an article: ignored in a folder
    return d


def test_ingest_folder_idempotent_with_bad_input(tmp_path):
    d = _mixed_folder(tmp_path)
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    rep = ingest([d], store, analyzer=text_only, progress=False)
    assert rep.added == 1 + 1 + 4 + 1
    assert [s.name for s in rep.skipped] == [str(d / "corrupt.txt")]
    assert "binary" in rep.skipped[0].reason
    again = ingest([d], store, analyzer=text_only, progress=False)
    assert again.added == 0 and again.existing == rep.added
    assert store.stats()["articles"] == rep.added
    # the Windows-1256 file was decoded, the HTML kept its ZWNJ in the store
    hits = store.search("رئیس سازمان")["results"]
    assert hits and hits[0]["outlet"] is None
    page = [a for a in store.list_articles(limit=100) if (a["title"] or "").startswith("انتقال")][0]
    assert "سرکرده" + ZWNJ + "های" in store.get_article(page["id"])["text"]


def test_ingest_reports_analysis_failure_and_goes_on(tmp_path):
    def flaky(text, **meta):
        if "نفت" in text:
            raise ValueError("annotator crashed")
        return text_only(text, **meta)

    p = tmp_path / "feed.rss"
    p.write_text(RSS, encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    rep = ingest([p], store, analyzer=flaky, progress=False)
    assert rep.added == 1 and len(rep.skipped) == 1
    assert rep.skipped[0].name == f"{p}#https://news.example/1" and "annotator crashed" in rep.skipped[0].reason


def test_cli_exit_code_and_messages(tmp_path):
    from typer.testing import CliRunner

    from rawi.corpus.cli import app
    from rawi.pipeline import COMPONENTS

    d = _mixed_folder(tmp_path)
    db = str(tmp_path / "cli.db")
    off = ",".join(c.name for c in COMPONENTS)
    r = CliRunner().invoke(app(), ["ingest", str(d), "--db", db, "--disable", off, "--quiet"])
    assert r.exit_code == 1
    assert "corrupt.txt" in r.output and "binary" in r.output
    (d / "corrupt.txt").unlink()
    r = CliRunner().invoke(app(), ["ingest", str(d), "--db", db, "--disable", off, "--quiet"])
    assert r.exit_code == 0 and "added 0" in r.output
    r = CliRunner().invoke(app(), ["search", "سرکرده‌ها", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["total"] >= 2
    r = CliRunner().invoke(app(), ["ingest", str(tmp_path / "missing"), "--db", db, "--quiet"])
    assert r.exit_code == 1 and "no such file" in r.output


def test_feed_url_from_a_local_server(tmp_path):
    """The URL path of the feed reader, against a server on 127.0.0.1 (no internet needed)."""
    import functools
    import http.server
    import threading

    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        recs = list(read_source(f"{base}/feed.rss"))
        assert [type(r) for r in recs] == [Item, Item] and recs[0].meta["url"] == "https://news.example/1"
        (missing,) = list(read_source(f"{base}/nothing.rss"))
        assert isinstance(missing, Skipped) and missing.name == f"{base}/nothing.rss" and "404" in missing.reason
    finally:
        server.shutdown()
        server.server_close()
