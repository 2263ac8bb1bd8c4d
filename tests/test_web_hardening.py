"""A hostile client gets 4xx answers, never a 500, and every answer has the security headers."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from rawi.corpus.store import Store  # noqa: E402
from rawi.web.app import create_app  # noqa: E402

SENTENCE = "سخنگوی شهرداری گفت پل تازه هفته آینده باز می‌شود."


@pytest.fixture()
def client(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    yield TestClient(create_app(store=s, token="t", max_body=400_000, max_text=3_000))
    s.close()


@pytest.mark.parametrize("kwargs, status", [
    ({"content": b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "headers": {"content-type": "application/json"}}, 422),
    ({"content": b'{"text": "x", "n": ' + b"7" * 5000 + b"}", "headers": {"content-type": "application/json"}}, 422),
    ({"json": {"text": SENTENCE, "published": "9999-12-31"}}, 422),
    ({"json": {"text": SENTENCE, "published": "garbage"}}, 422),
    ({"json": {"text": "\u200c\u200f" * 10}}, 422),
    ({"json": {"text": SENTENCE + " " * 3000}}, 413),
])
def test_hostile_requests_are_4xx(client, kwargs, status):
    r = client.post("/api/analyze", **kwargs)
    assert r.status_code == status, r.text
    assert "detail" in r.json() and r.headers.get("x-content-type-options") == "nosniff"


def test_400_digit_number_in_the_text_is_analysed(client):
    r = client.post("/api/analyze", json={"text": f"پلیس گفت {'۹' * 400} نفر آمدند. " + SENTENCE})
    assert r.status_code == 200 and all(q["value"] is not None for q in r.json()["quantities"])


def test_an_unexpected_error_is_a_500_with_security_headers(client, monkeypatch):
    import rawi.pipeline

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(rawi.pipeline, "analyze", boom)
    r = client.post("/api/analyze", json={"text": SENTENCE})
    assert r.status_code == 500 and r.json() == {"detail": "internal server error"}
    assert "default-src 'none'" in r.headers.get("content-security-policy", "")
