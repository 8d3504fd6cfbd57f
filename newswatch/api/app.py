"""``create_app(settings)``: the FastAPI application behind ``newswatch serve``.

The lifespan opens the configured backend once and hands it to every request through the
lifespan state. A backend that is down at start-up does not stop the server: ``/healthz``
answers 503 and searches answer 503 until the store is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from newswatch.api import errors
from newswatch.api.body_limit import BodyLimit
from newswatch.api.routes import (
    alerts,
    articles,
    export,
    feeds,
    health,
    page,
    projects,
    revisions,
    runs,
    search,
    sources,
    stats,
)
from newswatch.core.settings import Settings
from search.backend import BackendUnavailable
from search.factory import open_backend, open_revisions

log = logging.getLogger(__name__)

DESCRIPTION = """\
Search news about Hải Phòng's industrial zones (KCN) and economic zones (KKT).

Reads are open unless `[api] open_read = false`; writes (alert rules) need the API key from
`NEWSWATCH_API__API_KEY`, sent as `X-API-Key` or `Authorization: Bearer`. Errors are JSON with
a `detail` sentence: 422 for bad parameters, 503 while the storage backend is unavailable.
"""


DOCS_PATHS = frozenset({"/docs", "/redoc"})
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:; connect-src 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
"""Swagger UI and ReDoc (from the fastapi-offline package) need their inline bootstrap; every
fetch stays on this server (ReDoc's "powered by" logo from its CDN is refused, not loaded)."""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
    settings: Settings = app.state.settings
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
    except BackendUnavailable as exc:
        log.warning("storage not ready at start-up (serving 503 until it is): %s", exc)
    edits = open_revisions(settings)
    try:
        yield {"backend": backend, "revisions": edits}
    finally:
        backend.close()
        edits.close()


def create_app(settings: Settings) -> FastAPI:
    # /docs and /redoc from assets in the fastapi-offline package: they work without internet.
    app = FastAPIOffline(
        title="newswatch",
        version=version("newswatch"),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)
    routers = (
        search,
        export,
        articles,
        revisions,
        sources,
        stats,
        runs,
        alerts,
        feeds,
        health,
        page,
        projects,
    )
    for module in routers:
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("newswatch.api", "static")]), name="static")

    @app.middleware("http")
    async def docs_policy(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        if request.url.path in DOCS_PATHS:
            response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    return app
