"""Backends on the real Elasticsearch test server, one fresh alias and queue file per test."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newswatch.core.article import Article
from newswatch.core.settings import StorageSettings
from search.elastic.backend import ElasticBackend
from tests.servers.backends import drop_elasticsearch_store

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MakeBackend = Callable[..., ElasticBackend]


def article(n: int, title: str = "Tin KCN", text: str = "", **fields: object) -> Article:
    values: dict[str, object] = {
        "id": f"art{n:05d}",
        "url": f"https://baohaiphong.vn/tin-{n}.html",
        "canonical_url": f"https://baohaiphong.vn/tin-{n}.html",
        "source": "baohaiphong",
        "title": title,
        "text": text or f"Bài {n}: khu công nghiệp Đình Vũ thu hút đầu tư.",
        "published_at": datetime(2025, 3, 1 + n % 28, 9, 30, tzinfo=TZ),
        "fetched_at": datetime(2025, 3, 29, tzinfo=UTC),
    }
    values.update(fields)
    return Article.model_validate(values)


@pytest.fixture()
def storage(es_url: str, tmp_path: Path) -> StorageSettings:
    return StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"test-{uuid.uuid4().hex[:10]}",
        queue_path=tmp_path / "es-queue.db",
    )


@pytest.fixture()
def make_backend(storage: StorageSettings) -> Iterator[MakeBackend]:
    opened: list[ElasticBackend] = []

    def make(**changes: object) -> ElasticBackend:
        backend = ElasticBackend(storage.model_copy(update=changes), TZ)
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()
    drop_elasticsearch_store(storage)


@pytest.fixture()
def backend(make_backend: MakeBackend) -> ElasticBackend:
    ready = make_backend()
    ready.ensure_ready()
    return ready
