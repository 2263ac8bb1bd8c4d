"""rawi's web app: a JSON API and HTML pages over the analyser and the corpus store.

Every HTML page is also JSON (``?format=json`` or a ``.json`` suffix), as in Datasette.
Writes need a bearer token; reads can be made to need it too. Article text is untrusted:
templates autoescape every piece of it and a strict Content-Security-Policy allows only our
own script files, so markup inside an article is shown, never run.
"""
from __future__ import annotations

import hmac
import json
import asyncio
import logging
import os
import threading
from pathlib import Path
from typing import Any, Callable, Optional, Union

from fastapi import FastAPI, HTTPException, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import render
from .security import BodyLimit, JsonSuffix, SecurityHeaders, csp_for

log = logging.getLogger("rawi.web")
HERE = Path(__file__).resolve().parent
META_KEYS = ("url", "title", "outlet", "published")
SOURCE_KINDS = ("anonymous", "named", "official", "organization", "media")
TEXT_TYPES = ("text/plain", "text/html", "application/xhtml+xml")
# Per-request analysis budget: analysis costs ~4 ms of CPU per KB (benchmarks/scaling.py), so
# 200,000 characters (~380 KB of Persian) stay within about 1.5 s; a longer article is a 413.
MAX_TEXT = 200_000
MAX_SECONDS = 20.0  # ~10x the worst case at MAX_TEXT: only a starved or hostile server reaches it
MAX_INT = 2**63 - 1  # SQLite/PostgreSQL BIGINT: larger ids are a 422, not a driver overflow


class _StoreHolder:
    """Opens the corpus store on first use (the analyser works without one) and serialises
    calls, since one SQLite connection pool is shared by the server's worker threads."""

    def __init__(self, db_url: Optional[str], store: Any = None):
        self.db_url = db_url
        self._store = store
        self._lock = threading.RLock()

    def get(self) -> Any:
        with self._lock:
            if self._store is None:
                from rawi.corpus.store import Store

                self._store = Store(self.db_url)
            return self._store

    async def call(self, method: str, *args: Any, **kw: Any) -> Any:
        def run() -> Any:
            with self._lock:
                return getattr(self.get(), method)(*args, **kw)

        return await run_in_threadpool(run)


def create_app(
    db_url: Optional[str] = None,
    *,
    token: Optional[str] = None,
    read_token_required: bool = False,
    tiles_url: Optional[str] = None,
    max_body: int = 2_000_000,
    max_text: int = MAX_TEXT,
    max_seconds: Optional[float] = None,
    store: Any = None,
) -> FastAPI:
    """Build the app. ``token`` defaults to $RAWI_TOKEN, ``tiles_url`` to $RAWI_TILES_URL
    (e.g. ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``); without tiles the map draws a
    vendored world outline and a lat/lon grid. ``store`` lets a caller pass an open Store."""
    token = token if token is not None else (os.environ.get("RAWI_TOKEN") or None)
    if max_seconds is None:  # per-request time budget of /api/analyze (503 past it); $RAWI_ANALYZE_SECONDS
        max_seconds = float(os.environ.get("RAWI_ANALYZE_SECONDS") or MAX_SECONDS)
    tiles_url = tiles_url if tiles_url is not None else (os.environ.get("RAWI_TILES_URL") or None)
    db_url = db_url if db_url is not None else (os.environ.get("RAWI_DB") or None)
    from rawi import __version__ as version  # noqa: PLC0415

    app = FastAPI(
        title="rawi",
        version=str(version),
        description="Who claims what, on whose authority, about whom, where and when — Persian news analysis. "
        "Every HTML page is also JSON: add `?format=json` or `.json`. Writes need `Authorization: Bearer <token>`.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    stores = _StoreHolder(db_url, store)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(tiles_url=tiles_url or "", version=version)
    templates.env.filters["pct"] = lambda x: "–" if x is None else f"{100 * x:.0f}%"
    from rawi.meta import implausible_date  # noqa: PLC0415

    templates.env.globals["implausible_date"] = implausible_date
    templates.env.filters["display_url"] = render.display_url
    templates.env.filters["article_label"] = render.article_label
    app.state.stores = stores
    app.state.token = token
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # ---- auth -------------------------------------------------------------------------
    def _token_ok(request: Request, *, cookie: bool) -> None:
        """Bearer header; for reads also the ``rawi_token`` cookie set by /login. Writes never
        accept the cookie, so another site cannot make a logged-in browser write (CSRF)."""
        if token is None:
            raise HTTPException(403, "writes are disabled: the server has no token (set RAWI_TOKEN)")
        scheme, _, cred = (request.headers.get("authorization") or "").partition(" ")
        given = cred.strip() if scheme.lower() == "bearer" else ""
        if not given and cookie:
            given = request.cookies.get("rawi_token", "")
        if not given:
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(403, "invalid token")

    def require_write(request: Request) -> None:
        _token_ok(request, cookie=False)

    def require_read(request: Request) -> None:
        if read_token_required:
            _token_ok(request, cookie=True)

    # ---- errors: JSON for the API and for ?format=json, a page otherwise ---------------
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.query_params.get("format") == "json" \
            or "text/html" not in (request.headers.get("accept") or "")

    def error_response(request: Request, status: int, detail: Any, headers: Optional[dict] = None) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(detail)}, status_code=status, headers=headers)
        return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail}, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return error_response(request, 422, errors)

    # ---- input ---------------------------------------------------------------------------
    async def read_input(request: Request) -> tuple[Union[str, bytes], dict]:
        """Text and metadata from a text/plain|html body, a JSON object or a form/upload."""
        meta = {k: v for k in META_KEYS if (v := request.query_params.get(k))}
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if ctype in TEXT_TYPES:
            return await request.body(), meta
        if ctype == "application/json" or ctype.endswith("+json"):
            body = await request.body()
            try:
                data = json.loads(body)
            except (ValueError, UnicodeDecodeError) as e:  # an integer over 4,300 digits too
                raise HTTPException(422, f"malformed JSON: {e}") from None
            except RecursionError:
                raise HTTPException(422, "malformed JSON: nested too deeply") from None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise HTTPException(422, "the JSON body must be an object with a string field 'text'")
            for k in META_KEYS + ("path",):
                v = data.get(k)
                if v is not None and not isinstance(v, str):
                    raise HTTPException(422, f"field '{k}' must be a string")
                if v:
                    meta[k] = v
            return data["text"], meta
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            try:
                form = await request.form(max_files=2, max_fields=20, max_part_size=max_body)
            except HTTPException as e:
                if e.status_code == 413:
                    raise
                raise HTTPException(422, f"malformed form data: {e.detail}") from None
            except Exception as e:  # the multipart parser raises several kinds
                raise HTTPException(422, f"malformed form data: {type(e).__name__}") from None
            for k in META_KEYS:
                v = form.get(k)
                if isinstance(v, str) and v.strip():
                    meta[k] = v.strip()
            up = form.get("file")
            if isinstance(up, UploadFile) and up.filename:
                data = await up.read()
                if data.strip():
                    meta.setdefault("path", up.filename)
                    return data, meta
            text = form.get("text")
            if isinstance(text, str) and text.strip():
                return text, meta
            raise HTTPException(422, "no text: send a 'text' field or a non-empty 'file' upload")
        raise HTTPException(415, f"unsupported content type {ctype or '(none)'}: send text/plain, "
                                 "application/json {\"text\": ...} or multipart/form-data with a 'file'")

    async def run_analysis(data: Union[str, bytes], meta: dict) -> Any:
        from rawi.io import InputError
        from rawi.pipeline import analyze

        for k, v in [("text", data), *meta.items()]:
            if isinstance(v, str):
                try:
                    v.encode("utf-8")
                except UnicodeEncodeError:
                    raise HTTPException(422, f"field '{k}' is not valid Unicode (unpaired surrogate)") from None
        if meta.get("published"):
            from rawi.meta import published_problem

            why = published_problem(meta["published"])
            if why:
                raise HTTPException(422, why)
        size = len(data)
        if size > max_text:
            raise HTTPException(413, f"article too long for one request ({size:,} characters or bytes; the limit is "
                                     f"{max_text:,}): analyse it with the rawi command")

        try:
            return await asyncio.wait_for(run_in_threadpool(lambda: analyze(data, **meta)), timeout=max_seconds)
        except asyncio.TimeoutError:
            # The thread finishes on its own; the client is told now instead of waiting on it.
            raise HTTPException(503, f"analysis took longer than this server's budget of {max_seconds:g} s: "
                                     "analyse the article with the rawi command") from None
        except InputError as e:
            raise HTTPException(422, {"error": "unreadable input", "name": e.name, "reason": e.reason}) from None

    # ---- views ---------------------------------------------------------------------------
    def page(request: Request, template: str, data: dict, *, view: Optional[Callable[[dict], dict]] = None,
             status_code: int = 200, rows: Optional[str] = None) -> Response:
        """The page as HTML, or its data as JSON (or its table as CSV) when asked for."""
        fmt = request.query_params.get("format")
        if fmt == "json":
            return JSONResponse(jsonable_encoder(data), status_code=status_code)
        if fmt == "csv":
            if rows is None:
                raise HTTPException(404, "this page has no CSV form; try format=json")
            name = request.url.path.strip("/").replace("/", "-") or "rawi"
            # The BOM, as in `rawi export csv`: spreadsheets then read the Persian as UTF-8.
            return Response("\ufeff" + to_csv(_dig(data, rows)), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        ctx = dict(data)
        ctx["csv"] = rows is not None
        if view:
            ctx.update(view(data))
        return templates.TemplateResponse(request, template, ctx, status_code=status_code)

    def analysis_view(a: dict) -> dict:
        atts = []
        for x in a.get("attributions") or []:
            s, c, t = x.get("source") or {}, x.get("cue") or {}, x.get("content") or {}
            atts.append({"id": x.get("id"), "source": s.get("text"), "source_en": s.get("name_en"), "kind": s.get("kind"),
                         "refers_to": (s.get("refers_to") or {}).get("text"), "cue": c.get("text"),
                         "cue_en": c.get("lemma_en") or c.get("lemma"), "stance": c.get("stance"), "mode": x.get("mode"),
                         "content": t.get("text"), "via": [v.get("text") for v in x.get("via") or []]})
        return {
            "segments": render.highlight_segments(a),
            "score": render.scorecard(a),
            "graph": render.chain_graph(a),
            "places": render.map_places(a),
            "places_json": json.dumps(render.map_places(a), ensure_ascii=False),
            "entities_grouped": render.grouped_entities(a),
            "places_grouped": render.grouped_places(a),
            "times_grouped": render.grouped_times(a),
            "atts": atts,
            "a": a,
        }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def index(request: Request) -> Response:
        recent: list = []
        try:
            recent = await stores.call("list_articles", limit=10)
        except ImportError:
            pass
        return page(request, "index.html", {"recent": recent})

    @app.get("/analyze", include_in_schema=False)
    async def analyze_get() -> Response:
        return RedirectResponse("/", status_code=303)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def analyze_page(request: Request) -> Response:
        data, meta = await read_input(request)
        a = (await run_analysis(data, meta)).model_dump(mode="json")
        return page(request, "analysis.html", {"analysis": a, "article": None}, view=lambda d: analysis_view(d["analysis"]))

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def articles_page(request: Request, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_INT),
                            outlet: Optional[str] = None) -> Response:
        rows = await stores.call("list_articles", limit=limit, offset=offset, outlet=outlet)
        return page(request, "articles.html", {"articles": rows, "limit": limit, "offset": offset, "outlet": outlet},
                    rows="articles")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def article_page(request: Request, article_id: int = PathParam(..., ge=0, le=MAX_INT)) -> Response:
        rec = await stores.call("get_article", article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id}")
        a = rec.get("analysis") or {}
        data = {"article": {k: v for k, v in rec.items() if k != "analysis"}, "analysis": a,
                "scorecard": render.scorecard(a), "places": render.map_places(a), "chain_graph": render.chain_graph(a)}
        return page(request, "analysis.html", data, view=lambda d: analysis_view(d["analysis"]))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def search_page(request: Request, q: str = "", outlet: Optional[str] = None, source_kind: Optional[str] = None,
                          person: Optional[str] = None, place: Optional[str] = None, date_from: Optional[str] = None,
                          date_to: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_INT)) -> Response:
        filters = _search_filters(outlet, source_kind, person, place, date_from, date_to)
        res = await stores.call("search", q, limit=limit, offset=offset, **filters)
        data = {"q": q, "filters": filters, "limit": limit, "offset": offset, **res}
        return page(request, "search.html", data, rows="results",
                    view=lambda d: {"chart": render.bars(d.get("by_date") or [], undated=d.get("undated") or 0,
                                                     implausible=d.get("implausible_dates") or 0), "kinds": SOURCE_KINDS})

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def claims_page(request: Request, q: Optional[str] = None, limit: int = Query(50, ge=1, le=500),
                          offset: int = Query(0, ge=0, le=MAX_INT)) -> Response:
        rows = await stores.call("claims", limit=limit, offset=offset, query=q or None)
        return page(request, "claims.html", {"claims": rows, "q": q, "limit": limit, "offset": offset}, rows="claims")

    @app.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def claim_page(request: Request, claim_id: int = PathParam(..., ge=0, le=MAX_INT)) -> Response:
        c = await stores.call("claim", claim_id)
        if c is None:
            raise HTTPException(404, f"no claim {claim_id}")
        return page(request, "claim.html", {"claim": c}, rows="claim.appearances",
                    view=lambda d: {"tl": render.timeline(d["claim"].get("appearances") or [])})

    async def outlets_view(request: Request, outlet: Optional[str], by: str = "outlet") -> Response:
        if by not in ("outlet", "affiliation"):
            raise HTTPException(422, "by must be outlet or affiliation")
        rows = await stores.call("sources", outlet=outlet, by=by)
        return page(request, "outlets.html", {"sources": rows, "outlet": outlet}, rows="sources",
                    view=lambda d: {"outlets": render.outlet_shares(d["sources"])})

    @app.get("/clusters", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def clusters_page(request: Request, min_size: int = Query(2, ge=1, le=1_000_000),
                            limit: int = Query(50, ge=1, le=500)) -> Response:
        rows = await stores.call("clusters", min_size=min_size, limit=limit)
        return page(request, "clusters.html", {"clusters": rows, "min_size": min_size, "limit": limit}, rows="clusters")

    @app.get("/check", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def check_page(request: Request, q: str = Query("", max_length=2000)) -> Response:
        data = await stores.call("check", q) if q.strip() else {"claim": "", "results": [], "first": None,
                                                                   "repeated_by": [], "denied_by": [], "discussed_by": [], "counts": {}}
        return page(request, "check.html", {"q": q, **data}, rows="results")

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def outlets_page(request: Request, outlet: Optional[str] = None, by: str = "outlet") -> Response:
        return await outlets_view(request, outlet, by)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False, dependencies=[_dep(require_read)])
    async def sources_page(request: Request, outlet: Optional[str] = None, by: str = "outlet") -> Response:
        return await outlets_view(request, outlet, by)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_form(request: Request) -> Response:
        return templates.TemplateResponse(request, "login.html", {"error": None})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        """Browsers cannot send a bearer header: keep the read token in an HttpOnly cookie."""
        try:
            form = await request.form(max_fields=5)
        except Exception:
            raise HTTPException(422, "malformed form data") from None
        given = form.get("token")
        if token is None or not isinstance(given, str) or not hmac.compare_digest(given.encode(), token.encode()):
            return templates.TemplateResponse(request, "login.html", {"error": "wrong token"}, status_code=403)
        resp = RedirectResponse("/", status_code=303)
        resp.set_cookie("rawi_token", given, httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return resp

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "docs.html", {})

    # ---- JSON API ------------------------------------------------------------------------
    text_body = {"requestBody": {"required": True, "content": {
        "text/plain": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
            "text": {"type": "string"}, **{k: {"type": "string"} for k in META_KEYS}}}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "text": {"type": "string"},
            **{k: {"type": "string"} for k in META_KEYS}}}},
    }}}

    @app.post("/api/analyze", tags=["analyse"], openapi_extra=text_body, dependencies=[_dep(require_read)],
              summary="Analyse one article (not stored)")
    async def api_analyze(request: Request) -> JSONResponse:
        data, meta = await read_input(request)
        return JSONResponse((await run_analysis(data, meta)).model_dump(mode="json"))

    @app.get("/api/articles", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_articles(limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_INT), outlet: Optional[str] = None) -> Any:
        return await stores.call("list_articles", limit=limit, offset=offset, outlet=outlet)

    @app.post("/api/articles", tags=["corpus"], status_code=201, openapi_extra=text_body,
              dependencies=[_dep(require_write)], summary="Analyse and store one article (token)")
    async def api_ingest(request: Request) -> JSONResponse:
        data, meta = await read_input(request)
        a = await run_analysis(data, meta)
        raw = data if isinstance(data, str) else None
        new_id = await stores.call("add_analysis", a, raw=raw)
        return JSONResponse({"id": new_id, "url": f"/articles/{new_id}", "api": f"/api/articles/{new_id}"}, status_code=201)

    @app.get("/api/articles/{article_id}", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_article(article_id: int = PathParam(..., ge=0, le=MAX_INT)) -> Any:
        rec = await stores.call("get_article", article_id)
        if rec is None:
            raise HTTPException(404, f"no article {article_id}")
        return rec

    @app.delete("/api/articles/{article_id}", tags=["corpus"], status_code=204, dependencies=[_dep(require_write)])
    async def api_delete(article_id: int = PathParam(..., ge=0, le=MAX_INT)) -> Response:
        if not await stores.call("delete_article", article_id):
            raise HTTPException(404, f"no article {article_id}")
        return Response(status_code=204)

    @app.get("/api/search", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_search(q: str = "", outlet: Optional[str] = None, source_kind: Optional[str] = None,
                         person: Optional[str] = None, place: Optional[str] = None, date_from: Optional[str] = None,
                         date_to: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_INT)) -> Any:
        filters = _search_filters(outlet, source_kind, person, place, date_from, date_to)
        return await stores.call("search", q, limit=limit, offset=offset, **filters)

    @app.get("/api/claims", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_claims(q: Optional[str] = None, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_INT)) -> Any:
        return await stores.call("claims", limit=limit, offset=offset, query=q or None)

    @app.get("/api/clusters", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_clusters(min_size: int = Query(2, ge=1, le=1_000_000), limit: int = Query(50, ge=1, le=500)) -> Any:
        """Stories told by several articles (near-duplicate clusters), largest first, with their members."""
        return await stores.call("clusters", min_size=min_size, limit=limit)

    @app.get("/api/check", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_check(q: str = Query(..., min_length=1, max_length=2000), limit: int = Query(30, ge=1, le=200)) -> Any:
        """Articles and attributions that agree with, deny or discuss claim ``q``, with evidence, by date."""
        return await stores.call("check", q, limit=limit)

    @app.get("/api/claims/{claim_id}", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_claim(claim_id: int = PathParam(..., ge=0, le=MAX_INT)) -> Any:
        c = await stores.call("claim", claim_id)
        if c is None:
            raise HTTPException(404, f"no claim {claim_id}")
        return c

    @app.get("/api/sources", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_sources(outlet: Optional[str] = None) -> Any:
        return await stores.call("sources", outlet=outlet)

    @app.get("/api/stats", tags=["corpus"], dependencies=[_dep(require_read)])
    async def api_stats() -> Any:
        return await stores.call("stats")

    # Outermost last: security headers wrap everything, the body limit sees raw bytes.
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders, csp=csp_for(tiles_url),
                       docs_csp=csp_for(tiles_url).replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"))
    return app


def _dig(data: dict, path: str) -> list:
    for part in path.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data if isinstance(data, list) else []


def to_csv(rows: list) -> str:
    """Rows of dicts as CSV; nested values as JSON; cells that a spreadsheet would run as a
    formula (=, +, -, @ first) get a leading apostrophe, since titles and sources are untrusted."""
    import csv
    import io

    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols and k not in ("analysis", "raw"):
                cols.append(k)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols)
    for r in rows:
        out = []
        for c in cols:
            v = r.get(c)
            untrusted = isinstance(v, str)
            if isinstance(v, (dict, list)):
                v = json.dumps(v, ensure_ascii=False)
            v = "" if v is None else str(v)
            if untrusted and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
                v = "'" + v
            out.append(v)
        w.writerow(out)
    return buf.getvalue()


def _dep(fn: Callable) -> Any:
    from fastapi import Depends

    return Depends(fn)


def _search_filters(outlet, source_kind, person, place, date_from, date_to) -> dict:
    """Validated search filters (422 for a bad kind or date, never a store error)."""
    from datetime import date

    if source_kind and source_kind not in SOURCE_KINDS:
        raise HTTPException(422, f"source_kind must be one of {', '.join(SOURCE_KINDS)}")
    for name, v in (("date_from", date_from), ("date_to", date_to)):
        if v:
            try:
                date.fromisoformat(v)
            except ValueError:
                raise HTTPException(422, f"{name} must be an ISO date YYYY-MM-DD") from None
    out = {"outlet": outlet or None, "source_kind": source_kind or None, "person": person or None,
           "place": place or None, "date_from": date_from or None, "date_to": date_to or None}
    return out
