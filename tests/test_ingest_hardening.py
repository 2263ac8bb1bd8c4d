"""One malformed record never costs the batch: it is named with its reason, the rest is stored."""
from __future__ import annotations

import io
import json
from pathlib import Path

from rawi.corpus.ingest import Item, Skipped, ingest, read_source
from rawi.corpus.jsonstream import iter_json_array, skip_value
from rawi.corpus.store import Store

from .corpus_util import text_only

GOOD = {"text": "سخنگوی شهرداری گفت پل تازه هفته آینده باز می‌شود.", "url": "https://news.example/ok"}
GOOD2 = {"text": "رئیس کتابخانه گفت ساعت کار تالار مطالعه بیشتر می‌شود.", "url": "https://news.example/ok2"}
BAD_RECORDS = [
    ('{"text": "یک خبر کوتاه درباره باران.", "url": 5}', "'url' must be a string"),
    ('{"paragraphs": ["بند نخست خبر درباره برف."], "abstract": 7}', "'abstract' must be a string"),
    ('{"text": "خبری درباره قطار شهری.", "link": ["https://x"]}', "'link' must be a string"),
    ('{"text": "خبری درباره پارک تازه.", "url": "http://[::1/x"}', "invalid URL"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "خبری با عدد بسیار بلند.", "n": ' + "7" * 5000 + "}", "4300 digits"),
]


def _jsonl(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_jsonl_bad_records_named_and_skipped(tmp_path):
    lines = [json.dumps(GOOD, ensure_ascii=False)] + [r for r, _ in BAD_RECORDS] + [json.dumps(GOOD2, ensure_ascii=False)]
    p = _jsonl(tmp_path, lines)
    recs = list(read_source(p))
    assert isinstance(recs[0], Item) and isinstance(recs[-1], Item)
    skipped = recs[1:-1]
    assert [s.name for s in skipped] == [f"{p}:{n}" for n in range(2, 2 + len(BAD_RECORDS))]
    for s, (_, why) in zip(skipped, BAD_RECORDS):
        assert isinstance(s, Skipped) and why in s.reason, (s, why)


def test_ingest_stores_the_good_records_of_a_bad_file(tmp_path):
    lines = [r for r, _ in BAD_RECORDS] + [json.dumps(GOOD, ensure_ascii=False), json.dumps(GOOD2, ensure_ascii=False)]
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    rep = ingest([_jsonl(tmp_path, lines)], store, analyzer=text_only, progress=False)
    assert rep.added == 2 and len(rep.skipped) == len(BAD_RECORDS)


def test_jsonl_splits_on_newline_only(tmp_path):
    rec = {"text": "خط نخست\u2028ادامه\u2029بند\u0085پایان خبر درباره باغ.", "url": "https://news.example/ls"}
    p = tmp_path / "ls.jsonl"
    p.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    recs = list(read_source(p))
    assert len(recs) == 1 and isinstance(recs[0], Item) and recs[0].text == rec["text"]


def test_json_array_streams_past_bad_elements(tmp_path):
    elems = [json.dumps(GOOD, ensure_ascii=False), "[" * 50_000 + "]" * 50_000, "9" * 5000,
             '{"text": "خبری درباره ایستگاه.", "url": 3}', json.dumps(GOOD2, ensure_ascii=False)]
    p = tmp_path / "arr.json"
    p.write_text("[\n" + ",\n".join(elems) + "\n]", encoding="utf-8")
    recs = list(read_source(p))
    assert [type(r).__name__ for r in recs] == ["Item", "Skipped", "Skipped", "Skipped", "Item"]
    assert recs[1].name == f"{p}[1]" and "nested too deeply" in recs[1].reason
    assert "4300" in recs[2].reason and "'url'" in recs[3].reason


def test_json_array_reader_across_small_chunks(monkeypatch):
    import rawi.corpus.jsonstream as js

    monkeypatch.setattr(js, "CHUNK", 7)
    data = '[{"a": "x,]y"}, 12345678901234, [1, [2]], "s\\"]", {"b": null}]'
    got = [v for _, v in iter_json_array(io.StringIO(data))]
    assert got == [{"a": "x,]y"}, 12345678901234, [1, [2]], 's"]', {"b": None}]


def test_json_array_syntax_error_ends_the_file_after_good_elements():
    got = list(iter_json_array(io.StringIO('[{"a": 1}, {"b": oops}, {"c": 3}]')))
    assert got[0] == (0, {"a": 1}) and "invalid JSON" in str(got[1][1]) and len(got) == 2


def test_skip_value_counts_brackets_outside_strings():
    assert skip_value('[["]"], 1], 2', 0) == 10
    assert skip_value("123, 4", 0) == 3
    assert skip_value("123]", 0) == 3
    assert skip_value('["open', 0) == -1


def _warc(path: Path, uris: list) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, uri in enumerate(uris):
            body = f"<html><body><article><p>{'شورای شهر امروز گفت ساخت کتابخانه تازه آغاز شده است. ' * 4}{i}</p></article></body></html>"
            hh = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            rec = w.create_warc_record(uri or "https://placeholder.example/", "response", payload=io.BytesIO(body.encode()), http_headers=hh)
            if uri is None:
                rec.rec_headers.remove_header("WARC-Target-URI")
            w.write_record(rec)


def test_warc_response_without_target_uri_is_skipped_alone(tmp_path):
    p = tmp_path / "a.warc.gz"
    _warc(p, [None, "https://news.example/w2"])
    recs = list(read_source(p))
    assert isinstance(recs[0], Skipped) and recs[0].name == f"{p}#record 0" and "WARC-Target-URI" in recs[0].reason
    assert isinstance(recs[1], Item) and recs[1].meta["url"] == "https://news.example/w2"


def test_feed_entry_with_invalid_link_is_skipped_alone(tmp_path):
    rss = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>نمونه</title>
<item><title>یک</title><link>http://[::1/bad</link><description>وزیر راه گفت جاده تازه باز شد.</description></item>
<item><title>دو</title><link>https://news.example/f2</link><description>وزیر آموزش گفت مدرسه‌ها باز است.</description></item>
</channel></rss>"""
    p = tmp_path / "f.rss"
    p.write_text(rss, encoding="utf-8")
    recs = list(read_source(p))
    assert [type(r).__name__ for r in recs] == ["Skipped", "Item"]
    assert "invalid URL" in recs[0].reason


def test_a_reader_crash_costs_only_its_file(tmp_path, monkeypatch):
    import rawi.corpus.ingest as ing

    def broken(path):
        yield Item(str(path), "خبری درباره بازار میوه.", {})
        raise RuntimeError("disk went away")

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.jsonl").write_text("{}", encoding="utf-8")
    (d / "b.txt").write_text("خبری درباره هوای سرد.", encoding="utf-8")
    monkeypatch.setattr(ing, "read_jsonl", broken)
    recs = list(read_source(d))
    assert [type(r).__name__ for r in recs] == ["Item", "Skipped", "Item"]
    assert "disk went away" in recs[1].reason


def test_non_utf8_file_name_is_reported_printably(tmp_path):
    import os

    d = tmp_path / "in"
    d.mkdir()
    bad = os.fsdecode(b"bad-\xff.txt")
    (d / bad).write_text("خبری درباره کتاب تازه.", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    rep = ingest([d], store, analyzer=text_only, progress=False)
    assert rep.added == 1 and not rep.skipped
    assert store.list_articles(limit=5)[0]["path"].endswith("bad-\ufffd.txt")


def test_an_article_stored_meanwhile_by_another_ingest_is_not_counted_as_added(tmp_path):
    p = _jsonl(tmp_path, [json.dumps(GOOD, ensure_ascii=False)])
    url = f"sqlite:///{tmp_path / 'c.db'}"
    store, other = Store(url), Store(url)

    def racing(text, **meta):  # another process stores the same article while we analyse it
        a = text_only(text, **meta)
        item = next(r for r in read_source(p) if isinstance(r, Item))
        other.add_analysis(a, raw=text, content_hash=item.hash)
        return a

    rep = ingest([p], store, analyzer=racing, progress=False)
    assert rep.added == 0 and rep.existing == 1 and store.stats()["articles"] == 1


def test_a_giant_jsonl_line_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    import rawi.io

    monkeypatch.setattr(rawi.io, "MAX_BYTES", 2000)
    big = json.dumps({"text": "خبر " * 2000}, ensure_ascii=False)
    p = _jsonl(tmp_path, [big, json.dumps(GOOD, ensure_ascii=False)])
    recs = list(read_source(p))
    assert isinstance(recs[0], Skipped) and "too large" in recs[0].reason and recs[0].name == f"{p}:1"
    assert isinstance(recs[1], Item) and recs[1].name == f"{p}:2"
