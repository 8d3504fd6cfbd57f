"""Pytest plugin: the same test against every storage backend (``make_backend`` / ``backend``).

The "elasticsearch" parameter asks for the session ``es_url`` fixture only when it runs, so a
``-k sqlite`` run never starts a server. Each test gets its own SQLite file or its own index
(removed afterwards), so tests never see each other's articles.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from newswatch.config import Settings, StorageSettings
from search.backend import Backend
from search.factory import open_backend

BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]

MakeBackend = Callable[[], Backend]


def backend_settings(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if kind == "sqlite":
        return Settings(storage=StorageSettings(backend="sqlite", path=tmp_path / "news.db"))
    es_url: str = request.getfixturevalue("es_url")
    storage = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"nw-test-{uuid.uuid4().hex[:12]}",
        queue_path=tmp_path / "es-queue.db",
    )
    return Settings(storage=storage)


def _drop_elasticsearch_store(storage: StorageSettings) -> None:
    """Delete every index and template the test's alias created (names, not wildcards)."""
    client = Elasticsearch(storage.url).options(ignore_status=404)
    try:
        indices = client.indices.get(index=f"{storage.index}*", expand_wildcards="all")
        for name in indices.body or {}:
            client.indices.delete(index=name)
        client.indices.delete_index_template(name=f"{storage.index}-template")
    finally:
        client.close()


@pytest.fixture(params=BACKENDS)
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeBackend]:
    """Open (another client of) this test's store; every call reaches the same data."""
    settings = backend_settings(request.param, request, tmp_path)
    opened: list[Backend] = []

    def make() -> Backend:
        backend = open_backend(settings)
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()
    if settings.storage.backend == "elasticsearch":
        _drop_elasticsearch_store(settings.storage)


@pytest.fixture()
def backend(make_backend: MakeBackend) -> Backend:
    """A ready, empty store of the parametrised kind."""
    store = make_backend()
    store.ensure_ready()
    return store
