"""A write block never outlives its migration: a real ``newswatch index migrate`` SIGKILLed
mid-copy is repaired by the next backend open (crawl or daemon start), while the block of a
migration still running stays and the writes it holds back are counted as queued."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newswatch.core.settings import StorageSettings
from search.elastic.backend import ElasticBackend
from search.elastic.migrate import current_index, mark_running, write_blocked
from tests.elastic.conftest import MakeBackend, article
from tests.servers.elasticsearch import SwitchableProxy

pytestmark = pytest.mark.elasticsearch
REPO = Path(__file__).resolve().parents[2]


def _next_version(live: str) -> str:
    alias, version = live.rsplit("-v", 1)
    return f"{alias}-v{int(version) + 1}"


def _wait_blocked(backend: ElasticBackend, live: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not write_blocked(backend.client, live):
        assert time.monotonic() < deadline, "the migration never blocked writes"
        time.sleep(0.1)


def test_a_killed_migration_is_repaired_when_the_backend_opens(
    backend: ElasticBackend, make_backend: MakeBackend, storage: StorageSettings, es_url: str,
    tmp_path: Path,
) -> None:  # fmt: skip
    backend.upsert([article(n) for n in (1, 2, 3)])
    live = current_index(backend.client, backend.alias)
    assert live is not None
    proxy = SwitchableProxy(es_url, bulk_delay=60.0)  # the copy's bulk never arrives in time
    proxy.start()
    config = tmp_path / "newswatch.toml"
    config.write_text(
        f'[storage]\nbackend = "elasticsearch"\nurl = "{proxy.url}"\n'
        f'index = "{storage.index}"\nqueue_path = "{tmp_path / "migrate-queue.db"}"\n',
        "utf-8",
    )
    command = [sys.executable, "-m", "newswatch", "-c", str(config), "index", "migrate"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.DEVNULL)
    try:
        _wait_blocked(backend, live)
        time.sleep(0.5)  # inside the held copy
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        proxy.stop()
    assert write_blocked(backend.client, live)  # the state a SIGKILL leaves

    reopened = make_backend()
    result = reopened.upsert([article(4)])
    assert (result.new, result.queued) == (1, 0)
    assert not write_blocked(reopened.client, live)
    assert not reopened.client.indices.exists(index=_next_version(live))
    assert {a.id for a in reopened.stored_after(None).articles} == {
        "art00001", "art00002", "art00003", "art00004"
    }  # fmt: skip


def test_writes_held_by_a_running_migration_are_counted_as_queued(
    backend: ElasticBackend, make_backend: MakeBackend
) -> None:
    backend.upsert([article(1)])
    live = current_index(backend.client, backend.alias)
    assert live is not None
    mark_running(backend.client, backend.alias, _next_version(live))  # this process: alive
    backend.client.indices.add_block(index=live, block="write")
    writer = make_backend()
    result = writer.upsert([article(2)])
    assert (result.new, result.queued) == (0, 1)
    assert write_blocked(writer.client, live)  # a running migration's block stays
    assert writer.queue.pending_count() == 1
