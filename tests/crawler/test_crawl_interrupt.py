"""SIGTERM mid-crawl: the crawl stops cleanly, what was extracted is stored (the store pipeline
flushes its batch on close) and the summary says ``partial``."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from crawler.summary import CrawlSummary
from search.sqlite.store import SqliteBackend
from tests.servers.child import started_newswatch
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for, replay_sites  # noqa: F401


def test_sigterm_stores_what_was_extracted_and_reports_partial(
    replay_sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
) -> None:
    settings = replay_settings_for(replay_sites, tmp_path, ["baohaiphong"])
    # The slow page now answers after its 5 s stall instead of timing out: the crawl is
    # still busy when the signal arrives.
    settings.crawl.download_timeout = 30
    site = replay_sites["baohaiphong"]
    start = len(site.log)
    summary_path = tmp_path / "summary.json"
    child = started_newswatch(settings, tmp_path, "crawl", "--summary-json", str(summary_path))
    try:
        deadline = time.monotonic() + 30
        while len(site.log) - start < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)

    summary = CrawlSummary.from_dict(json.loads(summary_path.read_text()))
    store = SqliteBackend(settings.storage.path, settings.crawl.tz)
    try:
        stored = store.count()
    finally:
        store.close()
    assert summary.status == "partial"
    assert stored >= 1
    assert summary.new == stored
