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


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from .fuzz import SNIPPETS  # noqa: E402

_json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                                      st.sampled_from(SNIPPETS)),
                            lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                            max_leaves=12)
_bodies = st.one_of(
    st.fixed_dictionaries({"text": st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=60))},
                          optional={"published": _json_values, "outlet": _json_values, "url": _json_values, "title": _json_values}),
    _json_values,
)


def test_fuzzed_requests_never_500(client):
    import json

    @settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(body=_bodies, ctype=st.sampled_from(["application/json", "text/plain", "text/html", "application/x-www-form-urlencoded"]))
    def one(body, ctype):
        data = json.dumps(body, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
        r = client.post("/api/analyze", content=data, headers={"content-type": ctype})
        assert r.status_code < 500, (r.status_code, r.text[:300])
        assert r.headers.get("x-content-type-options") == "nosniff"

    one()


def test_an_analysis_past_the_time_budget_is_a_503(tmp_path, monkeypatch):
    import time

    import rawi.pipeline as pipeline

    s = Store(f"sqlite:///{tmp_path / 't.db'}")
    slow = lambda *a, **k: time.sleep(0.5)  # noqa: E731  (an analysis that cannot finish in the budget)
    monkeypatch.setattr(pipeline, "analyze", slow)
    c = TestClient(create_app(store=s, token="t", max_seconds=0.05))
    r = c.post("/api/analyze", json={"text": SENTENCE})
    assert r.status_code == 503 and "budget" in r.json()["detail"]
    assert r.headers.get("x-content-type-options") == "nosniff"
    s.close()
