"""API test fixtures (a pytest plugin, listed in tests/conftest.py): the app over a real store.

``corpus_client`` is module-scoped (one store per module and backend, holding the 30-article
search corpus) for tests that only read; ``empty_client`` gives each test an empty store of its
own for tests that write. Both are parametrised over SQLite and Elasticsearch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newswatch.api.app import create_app
from newswatch.core.article import Article
from newswatch.core.settings import Settings, Source, StorageSettings
from search.factory import open_backend
from tests.servers.backends import BACKENDS, backend_settings, drop_elasticsearch_store

CORPUS = Path(__file__).parents[1] / "fixtures" / "search" / "corpus.json"
API_KEY = "kcn-test-key-7f3a"
WRITE = {"X-API-Key": API_KEY}
MAX_PAGE_SIZE = 50
MAX_QUERY_LENGTH = 120
CONFIGURED_SOURCES = ("baohaiphong", "vnexpress", "tuoitre", "haiphong-gov")
"""``vir`` is stored but not configured; ``haiphong-gov`` is configured but has no article."""


def corpus() -> list[Article]:
    return [Article.model_validate(item) for item in json.loads(CORPUS.read_text("utf-8"))]


def storage_for(kind: str, request: pytest.FixtureRequest, folder: Path) -> StorageSettings:
    return backend_settings(kind, request, folder).storage


def api_settings(storage: StorageSettings, folder: Path, **api: Any) -> Settings:
    """Everything the app writes lives under ``folder``; webhooks may go to 127.0.0.1."""
    return Settings(
        storage=storage,
        api={  # type: ignore[arg-type]
            "api_key": API_KEY,
            "max_page_size": MAX_PAGE_SIZE,
            "max_query_length": MAX_QUERY_LENGTH,
            **api,
        },
        crawl={"state_dir": folder / "state"},  # type: ignore[arg-type]  # the story index too
        schedule={"runs_path": folder / "runs.db", "log_dir": folder / "logs"},  # type: ignore[arg-type]
        alerts={"outbox_path": folder / "outbox.db", "webhook_allowlist": ["127.0.0.1"]},  # type: ignore[arg-type]
        sources=[Source(name=name, allowed_domains=[f"{name}.vn"]) for name in CONFIGURED_SOURCES],
    )


def drop_store(storage: StorageSettings) -> None:
    if storage.backend == "elasticsearch":
        drop_elasticsearch_store(storage)


def fill(settings: Settings, articles: list[Article]) -> None:
    backend = open_backend(settings)
    try:
        backend.ensure_ready()
        result = backend.upsert(articles)
        assert result.new == len(articles), result.errors
    finally:
        backend.close()


def serve(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    folder = tmp_path_factory.mktemp("api")
    storage = storage_for(request.param, request, folder)
    settings = api_settings(storage, folder)
    fill(settings, corpus())
    yield settings
    drop_store(storage)


@pytest.fixture(scope="module")
def corpus_client(corpus_settings: Settings) -> Iterator[TestClient]:
    """Read-only: the app over the 30-article corpus (one store per module and backend)."""
    yield from serve(corpus_settings)


@pytest.fixture(params=BACKENDS)
def empty_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    storage = storage_for(request.param, request, tmp_path)
    yield api_settings(storage, tmp_path)
    drop_store(storage)


@pytest.fixture()
def empty_client(empty_settings: Settings) -> Iterator[TestClient]:
    """The app over an empty store of its own, for tests that write."""
    yield from serve(empty_settings)
