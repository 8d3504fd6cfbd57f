"""The daemon's queue flush job drains what an outage left queued, on its own: it backs off
while Elasticsearch stays down and indexes every queued article once it is back; ``/healthz``
shows the queue meanwhile."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newswatch.api.app import create_app
from newswatch.core.settings import Settings, StorageSettings
from scheduler.drain import QueueDrainer
from search.backend import SearchRequest
from search.factory import flush_queued, open_backend
from tests.elastic.test_crawl_outage import crawl, storage
from tests.servers.elasticsearch import free_port

pytestmark = pytest.mark.elasticsearch
storage = storage  # the outage test's store fixture, shared by name


def test_the_drainer_backs_off_while_down_and_drains_once_back(
    replay_settings: Callable[..., Settings], storage: StorageSettings, tmp_path: Path
) -> None:
    base = replay_settings(["vir"])
    down_storage = storage.model_copy(update={"url": f"http://127.0.0.1:{free_port()}"})
    down = base.model_copy(update={"storage": down_storage})
    queued = crawl(down, tmp_path).queued
    assert queued > 0

    with TestClient(create_app(down)) as client:
        health = client.get("/healthz")
    assert (health.status_code, health.json()["queued"]) == (503, queued)

    drainer = QueueDrainer(down, flush_queued)
    assert drainer.tick() is None  # tried and failed: backs off
    assert drainer.failures == 1 and drainer.next_try > time.monotonic()
    assert drainer.tick() is None  # within the backoff: not tried again

    up = base.model_copy(update={"storage": storage})
    drainer = QueueDrainer(up, flush_queued)
    assert drainer.tick() == 0
    backend = open_backend(up)
    try:
        assert backend.search(SearchRequest(size=0)).total == queued
    finally:
        backend.close()
    with TestClient(create_app(up)) as client:
        assert client.get("/healthz").json()["queued"] == 0
