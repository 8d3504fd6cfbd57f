"""A crawl child killed from outside, or over its time limit, is retried soon with backoff by
the real daemon, not left for the next scheduled run (which here is an hour away)."""

from __future__ import annotations

import itertools
import os
import signal
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from scheduler.runs import RunStore
from tests.scheduler import test_daemon
from tests.scheduler.test_daemon import (
    SLOW_SOURCE,
    Daemon,
    at,
    configure,
    finished,
    runs,
    stored,
    wait_until,
)
from tests.servers.replay_server import ReplaySites

# The real-daemon fixtures of test_daemon, shared by name.
sites, stalling_sites = test_daemon.sites, test_daemon.stalling_sites
launch, reference = test_daemon.launch, test_daemon.reference

pytestmark = pytest.mark.timeout(120)


def test_a_child_killed_by_sigkill_is_retried_soon_and_loses_nothing(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon], reference: set[str]
) -> None:
    settings, config = configure(sites, tmp_path, [SLOW_SOURCE], retry_after_seconds=1)
    daemon = launch(config)
    daemon.wait_started()
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    wait_until(lambda: any(run.child_pid for run in runs(settings)), 15, "the crawl child")
    time.sleep(2)  # mid-crawl
    (running,) = runs(settings)
    assert running.child_pid is not None
    os.kill(running.child_pid, signal.SIGKILL)
    wait_until(lambda: len(finished(settings)) >= 2, 60, "the retry")
    assert daemon.stop() == 0
    killed, retried = runs(settings)[:2]
    assert (killed.status, killed.message) == ("killed", "crawl killed by SIGKILL")
    # "partial": the replay site serves its deliberate faults (404, 500, …) on every crawl.
    assert (retried.status, retried.sources) == ("partial", [SLOW_SOURCE])
    assert at(retried.started_at) - at(killed.ended_at or "") < timedelta(seconds=5)
    articles = stored(settings)
    assert {article_id for article_id, _ in articles} == reference
    assert len(articles) == len({url for _, url in articles})


def test_timeouts_are_retried_with_doubling_waits_up_to_the_limit(
    stalling_sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(
        stalling_sites,
        tmp_path,
        [SLOW_SOURCE],
        crawl={"download_timeout": 120},
        crawl_time_limit_seconds=3,
        kill_grace_seconds=1,
        retry_after_seconds=1,
        retry_limit=2,
    )
    daemon = launch(config)
    daemon.wait_started()
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    wait_until(lambda: len(finished(settings)) >= 3, 60, "two retries")
    time.sleep(6)  # past the wait a third retry would have had (4 s): none comes
    assert daemon.stop() == 0
    done = finished(settings)
    assert [run.status for run in done] == ["timeout"] * 3
    gaps = [at(b.started_at) - at(a.ended_at or "") for a, b in itertools.pairwise(done)]
    assert timedelta(seconds=1) <= gaps[0] < timedelta(seconds=2 + 1)
    assert timedelta(seconds=2) <= gaps[1] < timedelta(seconds=2 + 2)
