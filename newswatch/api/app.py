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

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newswatch.api import errors
from newswatch.api.body_limit import BodyLimit
from newswatch.api.routes import alerts, articles, health, page, runs, search, sources, stats
from newswatch.core.settings import Settings
from search.backend import BackendUnavailable
from search.factory import open_backend

log = logging.getLogger(__name__)

DESCRIPTION = """\
Search news about Hải Phòng's industrial zones (KCN) and economic zones (KKT).

Reads are open unless `[api] open_read = false`; writes (alert rules) need the API key from
`NEWSWATCH_API__API_KEY`, sent as `X-API-Key` or `Authorization: Bearer`. Errors are JSON with
a `detail` sentence: 422 for bad parameters, 503 while the storage backend is unavailable.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
    settings: Settings = app.state.settings
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
    except BackendUnavailable as exc:
        log.warning("storage not ready at start-up (serving 503 until it is): %s", exc)
    try:
        yield {"backend": backend}
    finally:
        backend.close()


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="newswatch",
        version=version("newswatch"),
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.api.max_body_bytes)
    for module in (search, articles, sources, stats, runs, alerts, health, page):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(packages=[("newswatch.api", "static")]), name="static")
    return app
