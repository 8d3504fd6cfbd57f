"""Open the configured backend; the only place that knows which classes exist."""

from __future__ import annotations

from newswatch.core.settings import Settings
from search.backend import Backend


def open_backend(settings: Settings) -> Backend:
    tz = settings.crawl.tz
    if settings.storage.backend == "elasticsearch":
        from search.elastic.backend import ElasticBackend

        return ElasticBackend(settings.storage, tz)
    from search.sqlite.store import SqliteBackend

    return SqliteBackend(settings.storage.path, tz)
