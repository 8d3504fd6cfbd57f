"""Elasticsearch that accepts connections and never answers (issue 12.4): a crawl is not held
up by it. Writes run off the reactor and, once a call has timed out, the backend stops waiting
on the server (``search.elastic.breaker``): the articles wait in the local queue, none lost."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from crawler.summary import CrawlSummary
from newswatch.core.article import Article
from newswatch.core.settings import Settings, StorageSettings
from search.elastic.backend import ElasticBackend
from tests.servers.child import newswatch
from tests.servers.hanging import hanging_server

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TIMEOUT = 1.0
CRAWL_BOUND = 30.0
"""Seconds a crawl of one small replay site may take with the store hanging: its own few
seconds plus one timed-out readiness probe (the same crawl took minutes before)."""


def hanging_storage(url: str, tmp_path: Path) -> StorageSettings:
    return StorageSettings(
        backend="elasticsearch",
        url=url,
        index=f"nw-hang-{uuid.uuid4().hex[:8]}",
        queue_path=tmp_path / "queue.db",
        request_timeout=TIMEOUT,
    )


def article(n: int) -> Article:
    url = f"https://baohaiphong.vn/kcn-{n}.html"
    return Article(
        id=f"hang{n}",
        url=url,
        canonical_url=url,
        source="baohaiphong",
        title="KCN Đình Vũ",
        fetched_at=datetime.now(UTC),
    )


def test_after_one_timeout_the_backend_stops_waiting_and_queues(tmp_path: Path) -> None:
    with hanging_server() as url:
        backend = ElasticBackend(hanging_storage(url, tmp_path), TZ)
        try:
            started = time.monotonic()
            assert backend.known_ids(["hang1"]) == set()
            first = time.monotonic() - started
            started = time.monotonic()
            result = backend.upsert([article(1), article(2)])
            known = backend.known_ids(["hang1", "hang3"])
            later = time.monotonic() - started
        finally:
            backend.close()

    assert first >= TIMEOUT  # it did wait once, for the client's timeout
    assert later < TIMEOUT / 2, "a timed-out server is not waited on again"
    assert (result.queued, result.new) == (2, 0)
    assert known == {"hang1"}  # answered from the local queue


def test_a_crawl_against_a_hanging_elasticsearch_finishes_and_queues_every_article(
    replay_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    base = replay_settings(["vir"])
    summary_path = tmp_path / "summary.json"
    with hanging_server() as url:
        settings: Settings = base.model_copy(update={"storage": hanging_storage(url, tmp_path)})
        started = time.monotonic()
        done = newswatch(settings, tmp_path, "crawl", "--summary-json", str(summary_path))
        took = time.monotonic() - started
    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text()))
    backend = ElasticBackend(settings.storage, TZ)
    try:
        pending = backend.queue.pending_ids()
    finally:
        backend.close()

    print(f"crawl with a hanging store: {took:.1f} s, exit {done.returncode}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert took < CRAWL_BOUND, f"crawl took {took:.1f} s with the store hanging"
    assert summary.queued > 0 and summary.new == 0
    assert len(pending) == summary.queued, "every queued article is in the durable queue"
    assert "timeout" not in summary.error_kinds, "no healthy page timed out"
