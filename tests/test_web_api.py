"""The web app through FastAPI's TestClient: API status codes, auth, JSON pages, escaping.

The corpus is a real SQLite Store in a temporary folder, filled with hand-built analyses
(tests/web_fixtures.py) so these tests do not depend on the annotators' current quality.
The analyse/ingest tests run the real pipeline.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_fixtures import TEXT, XSS, article_analysis, relay_analysis  # noqa: E402

from rawi.corpus.store import Store  # noqa: E402
from rawi.web.app import create_app  # noqa: E402

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "defapress-alsinaa-prison.txt"


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'web.db'}")
    s.add_analysis(article_analysis())
    s.add_analysis(relay_analysis())
    yield s
    s.close()


@pytest.fixture()
def client(store):
    return TestClient(create_app(store=store, token=TOKEN, max_body=20_000))


def _article_id(client, outlet: str) -> int:
    rows = client.get("/api/articles", params={"outlet": outlet}).json()
    assert rows, outlet
    return rows[0]["id"]


# ---- article page: highlights, escaping, CSP ------------------------------------------------
def test_article_page_highlights_escaped_and_csp(client):
    aid = _article_id(client, "Defa Press")
    r = client.get(f"/articles/{aid}", headers={"accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    # The injected markup is shown as text, never as tags.
    assert "<script>document.title" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.title=&#34;pwned&#34;" in html or "&lt;script&gt;document.title" in html
    assert "<b>test</b>" not in html  # the title is untrusted too
    assert 'href="javascript:' not in html  # a javascript: URL in meta is not linked
    # No inline script anywhere on the page: only our own files.
    assert all(re.search(r'src="/static/', tag) for tag in re.findall(r"<script[^>]*>", html))
    # RTL article with every kind of highlight and English glosses on hover.
    assert re.search(r'<article id="article-text"[^>]*dir="rtl"', html)
    for cls in ("hl-source-anonymous", "hl-source-named", "hl-cue", "hl-content", "hl-place", "hl-time", "hl-ent-ORG",
                "hl-ent-PER", "hl-via", "hl-outlet"):
        assert cls in html, cls
    assert 'title="source · anonymous · special sources · claim #0"' in html
    assert "place · Al-Hasakah · city · SY" in html
    # The text survives highlighting exactly: concatenating the pieces gives it back.
    body = html.split('<article id="article-text"', 1)[1].split(">", 1)[1].split("</article>", 1)[0]
    plain = re.sub(r"<[^>]+>", "", body)
    import html as H

    assert H.unescape(plain) == TEXT
    # Scorecard, chain graph and map data.
    assert "50%" in html and "on anonymous sources" in html
    assert 'id="chain-graph"' in html and "Sputnik" in html and "special sources" in html
    places = json.loads(H.unescape(re.search(r'data-places="([^"]*)"', html).group(1)))
    assert {p["name_en"] for p in places} == {"Al-Hasakah", "Iraq", "Deir ez-Zor"}


def test_pages_are_also_json(client):
    aid = _article_id(client, "Defa Press")
    a = client.get(f"/articles/{aid}?format=json")
    b = client.get(f"/articles/{aid}.json")
    assert a.status_code == b.status_code == 200
    assert a.json() == b.json()
    d = a.json()
    assert d["analysis"]["text"] == TEXT and d["scorecard"]["anonymous_share"] == 0.5
    assert [n["role"] for n in d["chain_graph"]["nodes"]].count("outlet") == 1
    for path in ("/search.json?q=داعش", "/claims.json", "/outlets.json", "/articles.json", "/index.json"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("application/json"), path


def test_search_claims_outlets_pages(client):
    r = client.get("/search", params={"q": "زندان"}, headers={"accept": "text/html"})
    assert r.status_code == 200 and 'id="total">2<' in r.text
    assert 'id="by-date"' in r.text  # counts over time
    j = client.get("/api/search", params={"q": "زندان", "outlet": "Tasnim"}).json()
    assert j["total"] == 1 and j["results"][0]["outlet"] == "Tasnim"
    assert client.get("/api/search", params={"source_kind": "named"}).json()["total"] == 1

    claims = client.get("/api/claims").json()
    shared = [c for c in claims if c["n_outlets"] == 2]
    assert shared, claims
    cid = shared[0]["id"]
    page = client.get(f"/claims/{cid}", headers={"accept": "text/html"})
    assert page.status_code == 200 and 'id="timeline"' in page.text
    assert page.text.count('<circle class="dot') == 2
    c = client.get(f"/api/claims/{cid}").json()
    assert [x["outlet"] for x in c["appearances"]] == ["Defa Press", "Tasnim"]

    out = client.get("/outlets?format=json").json()
    by = {o["outlet"]: o for o in out["sources"]}
    assert by["Tasnim"]["anonymous"] == 1 and by["Defa Press"]["claims"] == 2
    html = client.get("/outlets", headers={"accept": "text/html"}).text
    assert "100%" in html and "50%" in html
    assert client.get("/sources", headers={"accept": "text/html"}).status_code == 200


def test_docs_and_openapi_offline(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in r.text
    assert "cdn" not in r.text.lower()
    spec = client.get("/openapi.json").json()
    for p in ("/api/analyze", "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/claims",
              "/api/claims/{claim_id}", "/api/sources"):
        assert p in spec["paths"], p
    assert client.get("/static/vendor/leaflet/leaflet.js").status_code == 200


# ---- status codes for bad requests: never 500 -----------------------------------------------
@pytest.mark.parametrize("kwargs,status", [
    ({"content": b"abc", "headers": {"content-type": "application/octet-stream"}}, 415),
    ({"content": b"abc", "headers": {"content-type": "image/png"}}, 415),
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ({"content": b"[1, 2]", "headers": {"content-type": "application/json"}}, 422),
    ({"json": {"text": 5}}, 422),
    ({"json": {"text": "سلام", "outlet": ["x"]}}, 422),
    ({"json": {"title": "no text"}}, 422),
    ({"content": b"\xff\xfe\x00\x00garbage\x00\x00", "headers": {"content-type": "application/json"}}, 422),
    ({"content": "   ".encode(), "headers": {"content-type": "text/plain"}}, 422),  # empty input
    ({"content": b"\x00\x01\x02\x03" * 50, "headers": {"content-type": "text/plain"}}, 422),  # binary
    ({"content": b"--x\r\nbroken", "headers": {"content-type": "multipart/form-data"}}, 422),  # no boundary
    ({"data": {"title": "no text"}}, 422),  # a form without text or file
    ({"content": b'{"text": "\\ud800"}', "headers": {"content-type": "application/json"}}, 422),  # lone surrogate
    ({"json": {"text": "متن", "published": "last week"}}, 422),
])
def test_analyze_bad_input_status(client, kwargs, status):
    r = client.post("/api/analyze", **kwargs)
    assert r.status_code == status, r.text
    assert "detail" in r.json()


def test_body_limits(client):
    big = ("متن " * 10_000).encode()  # > 20 KB limit of this app
    r = client.post("/api/analyze", content=big, headers={"content-type": "text/plain"})
    assert r.status_code == 413
    # No Content-Length (chunked): the bytes actually received are counted.
    r = client.post("/api/analyze", content=iter([big[:8000], big[8000:16000], big[16000:]]),
                    headers={"content-type": "text/plain"})
    assert r.status_code == 413
    # The same for a multipart upload, and for an ingest.
    r = client.post("/api/analyze", files={"file": ("a.txt", big, "text/plain")})
    assert r.status_code == 413
    r = client.post("/api/articles", content=big, headers={"content-type": "text/plain", **AUTH})
    assert r.status_code == 413
    r = client.post("/api/analyze", content=b"x", headers={"content-type": "text/plain", "content-length": "abc"})
    assert r.status_code == 400


def test_not_found_and_validation(client):
    assert client.get("/api/articles/999999").status_code == 404
    assert client.get("/articles/999999", headers={"accept": "text/html"}).status_code == 404
    assert client.get("/api/articles/abc").status_code == 422
    assert client.get("/api/claims/999999").status_code == 404
    assert client.get("/claims/999999").status_code == 404
    assert client.get("/api/nothing-here").status_code == 404
    assert client.get("/api/search", params={"source_kind": "bogus"}).status_code == 422
    assert client.get("/api/search", params={"date_from": "2024-13-45"}).status_code == 422
    assert client.get("/api/search", params={"limit": "0"}).status_code == 422
    assert client.get("/api/articles", params={"limit": "many"}).status_code == 422
    assert client.get("/search", params={"date_to": "yesterday"}, headers={"accept": "text/html"}).status_code == 422
    assert client.delete("/api/articles/abc", headers=AUTH).status_code == 422
    assert client.put("/api/articles/1", headers=AUTH).status_code == 405
    # Ids and offsets beyond a 64-bit integer are the client's error, not a driver overflow.
    for path in ("/api/articles/99999999999999999999999", "/articles/99999999999999999999999",
                 "/api/claims/99999999999999999999999", "/api/articles?offset=99999999999999999999999"):
        assert client.get(path).status_code == 422, path
    # Odd search strings reach the full-text engine safely.
    for q in ('"', "*", "NEAR(a b)", "AND OR NOT", "()", "-x", "\x00"):
        assert client.get("/api/search", params={"q": q}).status_code == 200, q


# ---- auth ----------------------------------------------------------------------------------
def test_writes_need_token(client, store):
    aid = _article_id(client, "Tasnim")
    assert client.delete(f"/api/articles/{aid}").status_code == 401
    r = client.delete(f"/api/articles/{aid}", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 403
    assert client.post("/api/articles", content="متن".encode(), headers={"content-type": "text/plain"}).status_code == 401
    assert client.delete(f"/api/articles/{aid}", headers=AUTH).status_code == 204
    assert client.get(f"/api/articles/{aid}").status_code == 404
    assert client.delete(f"/api/articles/{aid}", headers=AUTH).status_code == 404


def test_no_token_configured_means_no_writes(store, monkeypatch):
    monkeypatch.delenv("RAWI_TOKEN", raising=False)
    c = TestClient(create_app(store=store))
    assert c.delete("/api/articles/1", headers={"Authorization": "Bearer anything"}).status_code == 403
    assert c.get("/api/articles").status_code == 200


def test_token_from_environment_and_protected_reads(store, monkeypatch):
    monkeypatch.setenv("RAWI_TOKEN", "from-env")
    c = TestClient(create_app(store=store, read_token_required=True))
    assert c.get("/api/articles").status_code == 401
    assert c.get("/api/articles", headers={"Authorization": "Bearer nope"}).status_code == 403
    assert c.get("/api/articles", headers={"Authorization": "Bearer from-env"}).status_code == 200
    assert c.get("/articles/1", headers={"accept": "text/html"}).status_code == 401
    assert c.get("/static/rawi.css").status_code == 200
    # A browser signs in once; the HttpOnly cookie then opens reads but never writes.
    assert c.post("/login", data={"token": "wrong"}).status_code == 403
    r = c.post("/login", data={"token": "from-env"}, follow_redirects=False)
    assert r.status_code == 303 and "httponly" in r.headers["set-cookie"].lower()
    assert c.get("/api/articles").status_code == 200
    assert c.delete("/api/articles/1").status_code == 401


# ---- the real pipeline ---------------------------------------------------------------------
def test_analyze_three_ways_and_ingest(client):
    text = FIXTURE.read_text(encoding="utf-8")
    a = client.post("/api/analyze", content=text.encode(), headers={"content-type": "text/plain; charset=utf-8"},
                    params={"outlet": "Defa Press"})
    assert a.status_code == 200, a.text
    doc = a.json()
    assert doc["meta"]["outlet"] == "Defa Press" and doc["text"] and doc["schema_version"]
    b = client.post("/api/analyze", json={"text": text, "outlet": "Defa Press"})
    assert b.status_code == 200 and b.json()["text"] == doc["text"]
    c = client.post("/api/analyze", files={"file": ("article.txt", text.encode(), "text/plain")})
    assert c.status_code == 200 and c.json()["text"] == doc["text"] and c.json()["meta"]["path"] == "article.txt"
    # The HTML form posts multipart to /analyze and gets the article view.
    page = client.post("/analyze", data={"text": text, "outlet": "Defa Press"}, headers={"accept": "text/html"})
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'id="map"' in page.text
    # Ingest with the token, then read it back as a page.
    r = client.post("/api/articles", json={"text": text, "outlet": "Defa Press", "published": "2024-12-08"}, headers=AUTH)
    assert r.status_code == 201, r.text
    new = r.json()["id"]
    got = client.get(f"/api/articles/{new}").json()
    assert got["analysis"]["text"] == doc["text"]
    assert client.get(f"/articles/{new}", headers={"accept": "text/html"}).status_code == 200


def test_fixture_xss_constants_are_consistent():
    """Guard for the browser test: the injected markup really is in the fixture text."""
    assert XSS in TEXT and "<script>" in TEXT


def test_csv_downloads(client, store):
    import csv
    import io

    def text(r):  # as a spreadsheet reads it: the BOM of `rawi export csv` says UTF-8
        assert r.content.startswith(b"\xef\xbb\xbf")
        return r.content.decode("utf-8-sig")

    r = client.get("/search.csv", params={"q": "زندان"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text(r))))
    assert {x["outlet"] for x in rows} == {"Defa Press", "Tasnim"}
    assert "analysis" not in rows[0]
    claims = list(csv.DictReader(io.StringIO(text(client.get("/claims?format=csv")))))
    cid = next(c["id"] for c in claims if c["n_outlets"] == "2")
    apps = list(csv.DictReader(io.StringIO(text(client.get(f"/claims/{cid}.csv")))))
    assert [a["outlet"] for a in apps] == ["Defa Press", "Tasnim"] and apps[0]["text"]
    outlets = list(csv.DictReader(io.StringIO(text(client.get("/outlets.csv")))))
    assert {o["outlet"] for o in outlets} == {"Defa Press", "Tasnim"}
    aid = _article_id(client, "Defa Press")
    assert client.get(f"/articles/{aid}.csv").status_code == 404  # an article is not a table


def test_csv_cells_cannot_become_formulas():
    from rawi.web.app import to_csv

    out = to_csv([{"title": "=HYPERLINK(\"http://x\")", "n": -3, "outlet": "@cmd"}])
    assert out.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",-3,'@cmd"
