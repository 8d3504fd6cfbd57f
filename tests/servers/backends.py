"""Pytest plugin: the same test against every storage backend (``make_backend`` / ``backend``).

The "elasticsearch" parameter asks for the session ``es_url`` fixture only when it runs, so a
``-k sqlite`` run never starts a server. Each test gets its own SQLite file or its own index
(removed afterwards), so tests never see each other's articles; ``module_backend`` is one
store per module, for read-only tests over a corpus loaded once.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from newswatch.core.settings import CrawlSettings, Settings, StorageSettings
from search.backend import Backend
from search.factory import open_backend

BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]

MakeBackend = Callable[[], Backend]


def backend_settings(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    crawl = CrawlSettings(state_dir=tmp_path / "state")  # the story index lives there
    if kind == "sqlite":
        storage = StorageSettings(backend="sqlite", path=tmp_path / "news.db")
        return Settings(storage=storage, crawl=crawl)
    es_url: str = request.getfixturevalue("es_url")
    storage = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"nw-test-{uuid.uuid4().hex[:12]}",
        queue_path=tmp_path / "es-queue.db",
    )
    return Settings(storage=storage, crawl=crawl)


def drop_elasticsearch_store(storage: StorageSettings) -> None:
    """Delete every index and template the test's alias created (names, not wildcards)."""
    client = Elasticsearch(storage.url).options(ignore_status=404)
    try:
        indices = client.indices.get(index=f"{storage.index}*", expand_wildcards="all")
        for name in indices.body or {}:
            client.indices.delete(index=name)
        client.indices.delete_index_template(name=f"{storage.index}-template")
    finally:
        client.close()


@contextlib.contextmanager
def store_opener(settings: Settings) -> Iterator[MakeBackend]:
    """Yield a function opening (another client of) one store; close and drop it afterwards."""
    opened: list[Backend] = []

    def make() -> Backend:
        backend = open_backend(settings)
        opened.append(backend)
        return backend

    try:
        yield make
    finally:
        for backend in opened:
            backend.close()
        if settings.storage.backend == "elasticsearch":
            drop_elasticsearch_store(settings.storage)


@pytest.fixture(params=BACKENDS)
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeBackend]:
    """Open (another client of) this test's store; every call reaches the same data."""
    with store_opener(backend_settings(request.param, request, tmp_path)) as make:
        yield make


@pytest.fixture()
def backend(make_backend: MakeBackend) -> Backend:
    """A ready, empty store of the parametrised kind."""
    store = make_backend()
    store.ensure_ready()
    return store


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """A ready store shared by one module's tests: for read-only cases over a loaded corpus."""
    directory = tmp_path_factory.mktemp("store")
    with store_opener(backend_settings(request.param, request, directory)) as make:
        store = make()
        store.ensure_ready()
        yield store
