"""Two real daemons (``newswatch schedule run``) on one real PostgreSQL: one leads, one stands
by; SIGKILL the leader mid-crawl and the standby takes over within the lease, resumes the
interrupted run once and the crawl's articles are stored once."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from newswatch.core.settings import Settings, StateSettings
from newswatch.core.state_db import runs_url
from scheduler.leader import takeover_bound
from scheduler.runs import Run, RunStore
from tests.scheduler import write_config
from tests.scheduler.test_daemon import (  # noqa: F401  (fixtures)
    SLOW_SOURCE,
    Daemon,
    configure,
    fetched_articles,
    launch,
    reference,
    sites,
    stored,
    wait_until,
)
from tests.servers.replay_server import ReplaySites

pytestmark = pytest.mark.timeout(180)
LEASE = 6.0


def shared(settings: Settings, url: str, path: Path) -> Path:
    settings.state = StateSettings(url=url, lease_seconds=LEASE)
    return write_config(settings, path)


def all_runs(settings: Settings) -> list[Run]:
    store = RunStore(runs_url(settings))
    try:
        return list(reversed(store.recent(1000)))
    finally:
        store.close()


def logged(daemon: Daemon, message: str) -> datetime | None:
    for record in daemon.records():
        if record.get("message") == message:
            return datetime.fromisoformat(record["timestamp"])
    return None


def test_sigkill_the_leader_mid_crawl_the_standby_resumes_it_once(
    sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
    launch: Callable[..., Daemon],  # noqa: F811
    reference: set[str],  # noqa: F811
    pg_url: str,
) -> None:
    settings, _ = configure(sites, tmp_path, [SLOW_SOURCE])
    config = shared(settings, pg_url, tmp_path / "newswatch.toml")
    leader = launch(config)
    leader.wait_started()
    standby = launch(config)
    wait_until(lambda: logged(standby, "standing by: another scheduler daemon is the leader"), 20)
    site = sites[SLOW_SOURCE]
    seen = len(site.log)
    RunStore(runs_url(settings)).request([], "manual trigger")
    wait_until(lambda: fetched_articles(site, seen), 30, "the crawl to fetch an article")
    (interrupted,) = all_runs(settings)
    assert interrupted.status == "running" and interrupted.daemon_pid == leader.pid
    leader.proc.kill()
    killed_at = time.time()
    leader.proc.wait()

    standby.wait_started(timeout=LEASE + 10)
    took_over = logged(standby, "scheduler lease taken")
    assert took_over is not None
    takeover = took_over.timestamp() - killed_at
    print(f"takeover {takeover:.2f} s after SIGKILL (lease {LEASE} s)")
    # 0.5 s for the standby to log it and the machine's load (2 cores shared by the suite)
    assert takeover <= takeover_bound(LEASE) + 0.5, "the standby must lead within the bound"
    wait_until(lambda: len(all_runs(settings)) >= 2 and all_runs(settings)[-1].ended_at, 60)
    assert standby.stop() == 0

    history = all_runs(settings)
    assert [(run.status, run.daemon_pid) for run in history] == [
        ("killed", leader.pid),
        ("partial", standby.pid),  # the slow source's stalling page times out: partial
    ], "one interrupted run, resumed exactly once by the new leader"
    assert "daemon stopped before this run ended" in history[0].message
    assert history[1].sources == [SLOW_SOURCE]
    articles = stored(settings)
    assert {article_id for article_id, _ in articles} == reference
    assert len(articles) == len(reference) == len({url for _, url in articles})


def test_a_standby_never_runs_jobs_while_the_leader_lives(
    sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
    launch: Callable[..., Daemon],  # noqa: F811
    pg_url: str,
) -> None:
    settings, _ = configure(sites, tmp_path, ["vir"], daily_every_seconds=3)
    config = shared(settings, pg_url, tmp_path / "newswatch.toml")
    first = launch(config)
    first.wait_started()
    second = launch(config)
    wait_until(lambda: len([r for r in all_runs(settings) if r.ended_at]) >= 2, 90, "two runs")
    assert logged(second, "scheduler daemon started") is None
    assert {run.daemon_pid for run in all_runs(settings)} == {first.pid}
    assert first.stop() == 0  # a clean stop releases the lease: no wait for its expiry
    stopped = time.time()
    second.wait_started(timeout=LEASE)
    took_over = logged(second, "scheduler lease taken")
    assert took_over is not None and took_over.timestamp() - stopped < LEASE / 6 + 1.0
    assert second.stop() == 0
