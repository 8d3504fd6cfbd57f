"""Elasticsearch faults during a real ``newswatch crawl``: SIGKILL while a bulk write is in
flight, the server refusing connections, hanging (accepts, never answers) or slow (answers
each request late: within the client's timeout, or past it). After
each, the crawl is finished (or the queue flushed) against the real server, and the index must
hold exactly the ids one clean crawl stores: 0 lost, 0 duplicated."""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newswatch.core.settings import Settings, StorageSettings
from search.factory import open_backend
from tests.alerts import BlackHole
from tests.faults.test_crawl_kills import SOURCE, crawl_argv, reference, stored_ids
from tests.servers.backends import drop_elasticsearch_store
from tests.servers.child import REPO
from tests.servers.delaying_proxy import delaying_proxy
from tests.servers.elasticsearch import SwitchableProxy, free_port

__all__ = ["reference"]  # the clean crawl's ids, a module fixture shared with the kill tests
pytestmark = [pytest.mark.elasticsearch, pytest.mark.timeout(300)]


@pytest.fixture()
def on_es(
    replay_settings: Callable[..., Settings], es_url: str, tmp_path: Path
) -> Iterator[Settings]:
    """Replay settings writing to a fresh index of the real server (dropped afterwards)."""
    base = replay_settings([SOURCE])
    storage = StorageSettings(
        backend="elasticsearch",
        url=es_url,
        index=f"nw-fault-{uuid.uuid4().hex[:10]}",
        queue_path=tmp_path / "es-queue.db",
        request_timeout=2.0,
    )
    yield base.model_copy(update={"storage": storage})
    drop_elasticsearch_store(storage)


def run_crawl(settings: Settings, workdir: Path) -> subprocess.CompletedProcess[str]:
    argv, env = crawl_argv(settings, workdir)
    return subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)


def assert_exactly(settings: Settings, expected: set[str]) -> None:
    ids = stored_ids(settings)
    backend = open_backend(settings)
    try:
        count = backend.count()
    finally:
        backend.close()
    assert set(ids) == expected, f"lost {sorted(expected - set(ids))}"
    assert len(ids) == len(set(ids)) == count


def test_a_crawl_killed_mid_bulk_write_loses_and_doubles_nothing(
    on_es: Settings, reference: set[str], es_url: str, tmp_path: Path
) -> None:
    proxy = SwitchableProxy(es_url, bulk_delay=30.0)
    proxy.start()
    slow = on_es.model_copy(update={"storage": on_es.storage.model_copy(update={"url": proxy.url})})
    argv, env = crawl_argv(slow, tmp_path)
    child = subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        assert proxy.bulk_held.wait(120), "the crawl never wrote to Elasticsearch"
        time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        proxy.stop()
    done = run_crawl(on_es, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert_exactly(on_es, reference)


SLOW = {"slow": 0.5, "too_slow": 3.0}
"""Seconds a slow server takes per request: within the client's 2 s timeout, or past it (the
request still reaches the server, late: a write the client gave up on may land anyway)."""


@contextmanager
def broken(fault: str, es_url: str) -> Iterator[str]:
    """The URL of a server with ``fault``: refusing, hanging, or the real one answering late."""
    if fault in SLOW:
        with delaying_proxy(es_url, SLOW[fault]) as proxy:
            yield proxy.url
            assert proxy.held, "the crawl met the slow server"
        return
    hole = BlackHole() if fault == "hanging" else None
    try:
        yield f"http://127.0.0.1:{hole.port if hole else free_port()}"
    finally:
        if hole:
            hole.close()


@pytest.mark.parametrize("fault", ["refused", "hanging", "slow", "too_slow"])
def test_a_crawl_against_a_broken_server_queues_then_flush_stores_each_once(
    on_es: Settings, reference: set[str], es_url: str, tmp_path: Path, fault: str
) -> None:
    with broken(fault, es_url) as url:
        down = on_es.model_copy(update={"storage": on_es.storage.model_copy(update={"url": url})})
        started = time.monotonic()
        during = run_crawl(down, tmp_path)
        took = time.monotonic() - started
    print(f"crawl against a {fault} server: {took:.1f} s, exit {during.returncode}")
    assert during.returncode in (0, 1), during.stdout + during.stderr
    assert took < 200, f"a {fault} server stalled the crawl {took:.0f} s"
    argv, env = crawl_argv(on_es, tmp_path)
    flush = subprocess.run(
        [*argv[:-1], "index", "flush"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert flush.returncode == 0, flush.stdout + flush.stderr
    done = run_crawl(on_es, tmp_path)  # whatever the outage kept from being fetched
    assert done.returncode == 0, done.stdout + done.stderr
    assert_exactly(on_es, reference)
