"""A slow Elasticsearch (it answers, but each read takes longer than a page download may) must
not stall the crawl: the spider's store reads (``known_ids``, ``latest_published``) run off the
reactor, so while one source's discovery page waits on the store, the other source's pages are
fetched in their own time. Real server behind ``DelayingProxy``; replay sites."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crawler.summary import CrawlSummary
from newswatch.core.settings import Settings, StorageSettings
from tests.faults.test_crawl_kills import stored_ids
from tests.servers.backends import drop_elasticsearch_store
from tests.servers.child import newswatch
from tests.servers.delaying_proxy import READS, delaying_proxy

pytestmark = [pytest.mark.elasticsearch, pytest.mark.timeout(300)]
SOURCES = ["vir", "vnexpress"]
READ_DELAY = 2.5
"""Longer than the replay sites' ``download_timeout`` (2 s): a read on the reactor thread
would hold every download in flight past its time; well inside the client's timeout."""
STALL_BOUND = 6
"""Reads a slow crawl may wait out in turn: each source's own chain (its newest date, then
its discovery pages' ``known_ids``). Read on the reactor, every read of every source waited in
turn: 11 reads, 32.7 s more than the fast crawl (13 x the delay) in one measured run."""


@pytest.fixture()
def on_index(
    replay_settings: Callable[..., Settings], es_url: str, tmp_path: Path
) -> Iterator[Callable[[str], Settings]]:
    """Factory: replay settings writing to a fresh index through ``url`` (dropped after)."""
    made: list[StorageSettings] = []

    def make(url: str) -> Settings:
        storage = StorageSettings(
            backend="elasticsearch",
            url=url,
            index=f"nw-slowread-{uuid.uuid4().hex[:8]}",
            queue_path=tmp_path / f"queue-{len(made)}.db",
            request_timeout=4 * READ_DELAY,
        )
        made.append(storage)
        return replay_settings(SOURCES).model_copy(update={"storage": storage})

    yield make
    for storage in made:  # through the server itself: a proxy is gone by now
        drop_elasticsearch_store(storage.model_copy(update={"url": es_url}))


def crawl(settings: Settings, workdir: Path) -> tuple[CrawlSummary, float]:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "summary.json"
    started = time.monotonic()
    done = newswatch(settings, workdir, "crawl", "--summary-json", str(path))
    took = time.monotonic() - started
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return CrawlSummary.from_dict(json.loads(path.read_text())), took


def test_slow_store_reads_hold_no_other_page_past_its_time(
    on_index: Callable[[str], Settings], es_url: str, tmp_path: Path
) -> None:
    fast = on_index(es_url)
    reference, fast_took = crawl(fast, tmp_path / "fast")
    with delaying_proxy(es_url, READ_DELAY, READS) as proxy:
        slow = on_index(proxy.url)
        summary, took = crawl(slow, tmp_path / "slow")
    print(
        f"fast store: {fast_took:.1f} s; reads {READ_DELAY} s each: {took:.1f} s,"
        f" {proxy.held} reads held, errors {summary.error_kinds} (fast: {reference.error_kinds})"
    )
    assert proxy.held >= len(SOURCES), "the store's reads were really slow"
    assert summary.error_kinds.get("timeout", 0) <= reference.error_kinds.get("timeout", 0)
    assert took - fast_took < STALL_BOUND * READ_DELAY, "the reads held up the other fetches"
    direct = slow.model_copy(update={"storage": slow.storage.model_copy(update={"url": es_url})})
    assert set(stored_ids(direct)) == set(stored_ids(fast))
