"""A webhook that accepts and never answers, met by the real daemon: its alerts go out after
each source's crawl, between that source and the next, so every alert waiting out the timeout
in turn would hold the next crawl up by (alerts x timeout). One timeout per pass is the bound;
the alerts stay pending and each reaches the receiver once it is back."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newswatch.alerts.rules import example_rule_fields, rule_from_dict
from newswatch.alerts.service import add_rule, deliver_pending, opened_outbox
from newswatch.core.settings import Settings
from scheduler.runs import Run, RunStore, run_log_path
from tests.alerts import BlackHole, WebhookReceiver
from tests.faults.test_daemon_kills import CRAWLED
from tests.scheduler import write_config
from tests.scheduler.test_daemon import (  # noqa: F401  (fixtures)
    Daemon,
    configure,
    finished,
    launch,
    sites,
    wait_until,
)
from tests.servers.replay_server import ReplaySites

pytestmark = pytest.mark.timeout(150)
TIMEOUT = 2.0
SOURCES = ["vir", "vnexpress"]
CHILD_EXIT = 4.0
"""Seconds from a crawl child's summary to its exit and the run's record, under load."""


def hook_seconds(settings: Settings, run: Run) -> float:
    """How long the run's after-crawl hook took, and the child's exit: from the child's
    summary (written as its crawl ends) to the run's end (recorded once the hook is done)."""
    summary = run_log_path(settings.schedule.log_dir, run.id).with_suffix(".summary.json")
    crawled = datetime.fromtimestamp(summary.stat().st_mtime, UTC)
    return (datetime.fromisoformat(run.ended_at or "") - crawled).total_seconds()


def test_a_hanging_webhook_holds_each_crawl_up_one_timeout_at_most(
    sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
    launch: Callable[..., Daemon],  # noqa: F811
) -> None:
    hole = BlackHole()
    settings, _ = configure(sites, tmp_path, SOURCES)
    settings.alerts = settings.alerts.model_copy(
        update={
            "outbox_path": tmp_path / "outbox.db",
            "webhook_allowlist": ["127.0.0.1"],
            "webhook_timeout_seconds": TIMEOUT,
        }
    )
    config = write_config(settings, tmp_path / "newswatch.toml")
    url = f"http://127.0.0.1:{hole.port}/hook"
    fields = {**example_rule_fields(), "query": "khu công nghiệp", "channels": [url]}
    add_rule(settings, rule_from_dict({**fields, "max_age_days": 3650}))
    try:
        daemon = launch(config)
        daemon.wait_started()
        RunStore(settings.schedule.runs_path).request([], "manual trigger")
        wait_until(lambda: len(finished(settings)) >= len(SOURCES), 120, "both crawls")
        assert daemon.stop() == 0
    finally:
        hole.close()
    runs = sorted(finished(settings), key=lambda run: run.started_at)
    with opened_outbox(settings) as outbox:
        pending = [row for row in outbox.rows() if row.status == "pending"]
    hooks = [hook_seconds(settings, run) for run in runs]
    print(f"{len(pending)} alerts pending; after-crawl alerts took {hooks} s")
    assert {run.status for run in runs} <= CRAWLED
    assert len(pending) >= 3, "enough alerts that waiting on each would show"
    # Each pass tried one send, which waited out the timeout; the rest waited for the peer.
    tries = hole.connections
    assert 1 <= tries <= len(runs), f"{tries} sends waited on the hanging webhook"
    assert max(hooks) < 2 * TIMEOUT + CHILD_EXIT, "one timeout per pass, not one per alert"

    receiver = WebhookReceiver(hole.port).start()
    try:
        later = datetime.now(UTC) + timedelta(minutes=10)  # past the failed send's backoff
        assert deliver_pending(settings, later).sent == len(pending)
    finally:
        receiver.stop()
    sent = Counter(json.loads(body)["articles"][0]["id"] for _, body in receiver.requests)
    assert set(sent.values()) == {1} and len(sent) == len(pending), "each alert once"
