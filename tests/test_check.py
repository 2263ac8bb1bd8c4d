"""`rawi check`, Store.check and /api/check on a store of short articles written for the test,
on SQLite and on PostgreSQL (skipped without a server: ``source scripts/ci_postgres.sh``)."""
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from .corpus_util import backends, make_store_url, text_only
from rawi.cli import app
from rawi.corpus.store import Store
from rawi.web.app import create_app

CLAIM = "نماز جمعه این هفته در شهر کرج برگزار نمی‌شود"
ARTICLES = [
    ("خبرگزاری الف", "2024-01-03", "ستاد نماز جمعه کرج اعلام کرد نماز جمعه این هفته در شهر کرج برگزار نمی‌شود. دلیل آن آلودگی هوا است."),
    ("روزنامه ب", "2024-01-02", "به گزارش روزنامه ب، نماز جمعه این هفته در شهر کرج با حضور مردم برگزار می‌شود. خطیب آن اعلام شد."),
    ("سایت ج", "2024-01-04", "ستاد نماز جمعه کرج گفت نماز جمعه این هفته در شهر کرج برگزار نمی‌شود. مردم در خانه بمانند."),
    ("سایت د", "2024-01-01", "قیمت گوجه فرنگی در بازار تره‌بار تهران افزایش یافت. فروشندگان از کمبود خبر دادند."),
]


@pytest.fixture(params=backends())
def url(request, tmp_path):
    gen = make_store_url(request.param, tmp_path)
    yield next(gen)
    for _ in gen:
        pass


def _store(url):
    s = Store(url)
    for outlet, date, text in ARTICLES:
        s.add_analysis(text_only(text, outlet=outlet, published=date, url=f"https://{outlet}.example/1"))
    return s


def test_check_orders_by_date_and_keeps_evidence(url):
    s = _store(url)
    res = s.check(CLAIM)
    outlets = [r["outlet"] for r in res["results"]]
    assert "سایت د" not in outlets
    assert [r["published"] for r in res["results"]] == sorted(r["published"] for r in res["results"])
    by = {r["outlet"]: r for r in res["results"]}
    assert by["روزنامه ب"]["stance"] == "disagree"
    assert by["خبرگزاری الف"]["stance"] == "agree"
    for r in res["results"]:
        text = s.get_article(r["article_id"])["text"]
        assert r["evidence"] and all(text[e["start"]:e["end"]] == e["text"] for e in r["evidence"])
    assert res["first"]["outlet"] == "خبرگزاری الف"
    assert [d["outlet"] for d in res["denied_by"]] == ["روزنامه ب"]


def test_check_cli_and_api(url):
    s = _store(url)
    out = CliRunner().invoke(app, ["check", CLAIM, "--db", url, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["claim"] == CLAIM
    s.close()
    client = TestClient(create_app(store=Store(url)))
    r = client.get("/api/check", params={"q": CLAIM})
    assert r.status_code == 200 and r.json()["results"]
    page = client.get("/check", params={"q": CLAIM})
    assert page.status_code == 200 and "Denied by" in page.text
    assert client.get("/check").status_code == 200
    assert client.get("/api/check").status_code == 422


def test_check_finds_words_written_with_or_without_zwnj(url):
    """The index holds folded text on both backends: a claim typed without ZWNJ finds the articles."""
    s = _store(url)
    res = s.check(CLAIM.replace("\u200c", " "))
    assert {r["outlet"] for r in res["results"]} >= {"خبرگزاری الف", "روزنامه ب", "سایت ج"}
    assert s.check("")["results"] == []
