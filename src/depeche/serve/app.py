"""The FastAPI application: the JSON API under /api (OpenAPI at /docs, its
assets served locally by fastapi-offline), the HTML pages, the static assets.

Security: read-only unless started with a token; POST needs
`Authorization: Bearer TOKEN` (401 otherwise); request bodies are capped
(413) and must arrive within a time (408); every query is parameterised (store/queries.py); no CORS unless
origins are given.
"""
from __future__ import annotations

import asyncio
import os
import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from fastapi_offline import FastAPIOffline

from .. import __version__
from .db import Database

HERE = Path(__file__).parent
MAX_BODY = 2_000_000  # bytes: a long article as HTML is a few hundred kB
BODY_TIMEOUT = 30.0  # seconds for a whole request body: 2 MB arrive in far less on any working link


def create_app(db_path: str, token: str | None = None, cors: list[str] | None = None,
               max_body: int = MAX_BODY, body_timeout: float | None = BODY_TIMEOUT, watch: list[str] | None = None,
               watch_interval: float = 300.0, watch_limits=None, workers: int = 0, warm: bool = False) -> FastAPI:
    """`watch`: sources this process follows and stores (it is then the
    base's writer, token or not); `workers`: extraction processes (0: in
    this process); `warm`: load the models at startup rather than at the
    first article (the CLI does; tests that never extract do not)."""
    app = FastAPIOffline(
        title="depeche",
        version=__version__,
        description="Who said what, how many, where and when, from news articles: the knowledge base's API.",
    )
    app.state.db = Database(db_path, writable=bool(token) or bool(watch))
    app.state.token = token
    app.state.max_body = max_body

    # A plain ASGI middleware, not @app.middleware("http"): Starlette's
    # BaseHTTPMiddleware ignores the request handed to call_next, and after the
    # middleware has read request.stream() it sends the endpoint an empty body.
    app.add_middleware(BodyLimit, max_body=max_body, timeout=body_timeout)

    if cors:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors, allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    from . import api, pages

    app.include_router(api.router, prefix="/api")
    app.add_exception_handler(RequestValidationError, api.validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    app.state.desk = app.state.pool = None

    @app.on_event("startup")
    def _start() -> None:
        _start_writer(app, watch, watch_interval, watch_limits, workers, warm)

    @app.on_event("shutdown")
    def _close() -> None:
        from . import desk

        if app.state.desk is not None:
            desk.stop(app.state.desk)
        if app.state.pool is not None:
            app.state.pool.shutdown(wait=True, cancel_futures=True)
        app.state.db.close()

    return app


def _start_writer(app, watch, interval, limits, workers: int, warm: bool) -> None:
    """Before the first request: the models loaded (in the worker processes,
    or here), then the watcher started."""
    import sys
    import time

    db = app.state.db
    if db.writable and (warm or workers):
        from ..scale import workers as pool

        t0 = time.monotonic()
        if workers:
            app.state.pool, langs = pool.start(workers)
            db.extract = lambda articles: pool.extract(app.state.pool, articles)
            db.parse_feed = lambda body: pool.parse_feed(app.state.pool, body)
            where = f"{workers} extraction worker{'s' if workers > 1 else ''}"
        else:
            langs, where = pool.warm(), "this process"
        print(f"depeche: models loaded ({', '.join(langs)}) in {where}, {time.monotonic() - t0:.1f} s",
              file=sys.stderr, flush=True)
    if watch:
        from ..watch.fetch import Limits
        from . import desk

        app.state.desk = desk.start(db, watch, interval, limits or Limits())
        print(f"depeche: watching {len(watch)} source{'s' if len(watch) > 1 else ''} (every {interval:g} s "
              "at least; health at /sources)", file=sys.stderr, flush=True)


class BodyLimit:
    """Refuse request bodies over `max_body` bytes with 413: by the declared
    length first, then by what actually arrives (a chunked or lying client);
    a body within the limit is handed on whole. A body not all there within
    `timeout` seconds gets 408: a client that sends half a body and waits
    (or one byte a minute) would otherwise hold its connection for ever."""

    def __init__(self, app, max_body: int = MAX_BODY, timeout: float | None = BODY_TIMEOUT):
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_body:
            await _too_large(self.max_body)(scope, receive, send)
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks, size = [], 0
        clock = asyncio.get_running_loop().time
        deadline = clock() + self.timeout if self.timeout else None  # None, 0: no limit
        while True:
            try:
                message = await asyncio.wait_for(receive(), None if deadline is None else max(0.0, deadline - clock()))
            except asyncio.TimeoutError:
                await _too_slow(self.timeout)(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _too_large(self.max_body)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # then whatever comes: a disconnect

        await self.app(scope, replay, send)


async def http_error(request: Request, exc: StarletteHTTPException):
    """JSON under /api (and for the assets), an HTML page elsewhere: a
    browser asking for a page that is not there gets a page."""
    from fastapi.exception_handlers import http_exception_handler

    if request.url.path.startswith(("/api/", "/static/", "/docs", "/openapi", "/redoc")):
        return await http_exception_handler(request, exc)
    from .pages import error_page

    return error_page(request, exc.status_code, [str(exc.detail)])


def _too_slow(timeout: float) -> JSONResponse:
    return JSONResponse(status_code=408, content={"detail": f"request body not received within {timeout:g} s"},
                        headers={"Connection": "close"})


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(status_code=413, content={"detail": f"request body too large (limit {limit} bytes)"})


def check_token(request: Request) -> None:
    """Raise 401 unless the request carries the server's token."""
    from fastapi import HTTPException

    expected = request.app.state.token
    header = request.headers.get("authorization", "")
    given = header[7:] if header.lower().startswith("bearer ") else None
    if not expected:
        raise HTTPException(status_code=403, detail="this server accepts no articles: start it with --token to "
                                                    "accept them" if request.app.state.db.writable else
                                                    "this server is read-only: start it with --token to accept "
                                                    "articles")
    if not given or not secrets.compare_digest(given, expected):
        raise HTTPException(status_code=401, detail="missing or wrong token (send Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


def token_from_env(given: str | None) -> str | None:
    return given or os.environ.get("DEPECHE_TOKEN") or None
