"""Request hygiene as plain ASGI middleware: body limits, security headers, ``.json`` pages.

Why ASGI and not Starlette's BaseHTTPMiddleware: the body limit must count the bytes as
they stream in (a client may lie in Content-Length or send chunked data without one), and
that needs a wrapped ``receive``.
"""
from __future__ import annotations

import json
import logging
from typing import Optional
from urllib.parse import urlsplit

from fastapi import HTTPException

log = logging.getLogger("rawi.web")


class BodyTooLarge(HTTPException):
    """Raised from inside ``receive``; being an HTTPException, FastAPI and Starlette turn it
    into a 413 response wherever the body is read (our own handlers, form parsing)."""

    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=f"request body too large (limit {limit:,} bytes)")


async def _send_json(send, status: int, detail: str, headers: Optional[list] = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())] + (headers or [])})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """413 when Content-Length or the bytes actually received exceed ``max_body``."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                n = int(cl)
                if n < 0:
                    raise ValueError
            except ValueError:
                return await _send_json(send, 400, "invalid Content-Length header")
            if n > self.max_body:
                return await _send_json(send, 413, f"request body too large ({n:,} bytes; limit {self.max_body:,})",
                                        [(b"connection", b"close")])
        received = 0
        started = False

        async def limited_receive():
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body") or b"")
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return msg

        async def tracking_send(msg):
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge as e:  # read outside a handler that converts it
            if not started:
                await _send_json(send, 413, str(e.detail), [(b"connection", b"close")])


def csp_for(tiles_url: Optional[str]) -> str:
    """A strict Content-Security-Policy: only our own scripts, no inline script at all."""
    img = ["'self'", "data:"]
    if tiles_url:
        parts = urlsplit(tiles_url.replace("{s}.", "*.").replace("{s}", "*"))
        if parts.scheme in ("http", "https") and parts.netloc:
            img.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {' '.join(img)}",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ])


class SecurityHeaders:
    """CSP and friends on every response (the API included: a JSON body opened in a tab
    must not become a page that runs scripts either)."""

    def __init__(self, app, csp: str, docs_csp: str):
        self.app = app
        self.csp = csp.encode()
        self.docs_csp = docs_csp.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = self.docs_csp if scope.get("path") == "/docs" else self.csp

        async def add_headers(msg):
            if msg["type"] == "http.response.start":
                hs = [(k, v) for k, v in msg.get("headers", []) if k.lower() not in (b"content-security-policy",)]
                hs += [
                    (b"content-security-policy", csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
                msg = {**msg, "headers": hs}
            await send(msg)

        started = False

        async def tracking(msg):
            nonlocal started
            started = started or msg["type"] == "http.response.start"
            await add_headers(msg)

        try:
            await self.app(scope, receive, tracking)
        except Exception:  # noqa: BLE001 - a bug must still answer with the security headers
            log.exception("unhandled error on %s", scope.get("path"))
            if not started:
                body = json.dumps({"detail": "internal server error"}).encode()
                await add_headers({"type": "http.response.start", "status": 500,
                                   "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})


_NOT_PAGES = ("/api/", "/static/", "/openapi.json")


class JsonSuffix:
    """``/articles/3.json`` is ``/articles/3?format=json`` (Datasette's habit); ``.csv`` likewise
    for the list pages."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            path: str = scope.get("path") or ""
            for ext in ("json", "csv"):
                suffix = "." + ext
                if path.endswith(suffix) and len(path) > len(suffix) + 1 and not path.startswith(_NOT_PAGES):
                    new_path = path[: -len(suffix)]
                    if new_path == "/index":
                        new_path = "/"
                    qs = scope.get("query_string") or b""
                    scope = {**scope, "path": new_path, "raw_path": new_path.encode(),
                             "query_string": (qs + b"&" if qs else b"") + b"format=" + ext.encode()}
                    break
        await self.app(scope, receive, send)
