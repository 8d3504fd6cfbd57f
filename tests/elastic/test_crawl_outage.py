"""A real crawl while Elasticsearch is down: articles wait in the durable queue, then
``newswatch index flush`` indexes them once, and the next crawl fetches none of them again."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings, StorageSettings
from search.backend import SearchRequest
from search.factory import open_backend
from tests.servers.backends import drop_elasticsearch_store
from tests.servers.child import newswatch
from tests.servers.elasticsearch import free_port

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def storage(es_url: str, tmp_path: Path) -> Iterator[StorageSettings]:
    store = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"nw-outage-{uuid.uuid4().hex[:10]}",
        queue_path=tmp_path / "queue.db",
    )
    yield store
    drop_elasticsearch_store(store)


def crawl(settings: Settings, workdir: Path) -> CrawlSummary:
    summary_path = workdir / f"summary-{uuid.uuid4().hex[:6]}.json"
    done = newswatch(settings, workdir, "crawl", "--summary-json", str(summary_path))
    assert done.returncode == 0, done.stdout + done.stderr
    return CrawlSummary.from_dict(json.loads(summary_path.read_text()))


def test_crawl_during_outage_queues_then_flush_indexes_each_article_once(
    replay_settings: Callable[..., Settings], storage: StorageSettings, tmp_path: Path
) -> None:
    base = replay_settings(["vir"])
    down = storage.model_copy(update={"url": f"http://127.0.0.1:{free_port()}"})

    during_outage = crawl(base.model_copy(update={"storage": down}), tmp_path)
    assert during_outage.queued > 0
    assert during_outage.new == 0

    up = base.model_copy(update={"storage": storage})
    flushed = newswatch(up, tmp_path, "index", "flush")
    assert flushed.returncode == 0, flushed.stdout + flushed.stderr
    backend = open_backend(up)
    try:
        assert backend.search(SearchRequest(size=0)).total == during_outage.queued
        after_outage = crawl(up, tmp_path)
        assert after_outage.new == 0, "nothing queued is fetched or stored a second time"
        assert backend.search(SearchRequest(size=0)).total == during_outage.queued
    finally:
        backend.close()
