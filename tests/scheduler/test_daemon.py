"""The real daemon (``newswatch schedule run``) in a subprocess, on a schedule compressed to
seconds, crawling the local replay sites with real ``newswatch crawl`` children."""

from __future__ import annotations

import itertools
import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newswatch.cli import app
from newswatch.core.settings import Settings
from scheduler.runs import Run, RunStore
from search.factory import open_backend
from tests.scheduler import write_config
from tests.servers.replay_server import ReplaySite, ReplaySites, default_sites_root, serve_sites
from tests.servers.sites import replay_settings_for

pytestmark = pytest.mark.timeout(120)

CLEAN_ENV = {key: value for key, value in os.environ.items() if not key.startswith("NEWSWATCH_")}
SLOW_SOURCE = "baohaiphong"  # ~9 s: its slow page stalls each of three tries


@pytest.fixture(scope="module")
def sites() -> Iterator[ReplaySites]:
    running = serve_sites(default_sites_root())  # replay.toml names every site
    try:
        yield running
    finally:
        running.stop()


class Daemon:
    """``newswatch schedule run`` in a subprocess; its JSON log goes to a file."""

    def __init__(self, config: Path, *args: str) -> None:
        self.log_path = config.parent / f"daemon-{time.monotonic_ns()}.jsonl"
        argv = [sys.executable, "-m", "newswatch", "--config", str(config), "schedule", "run"]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [*argv, *args], cwd=config.parent, env=CLEAN_ENV, stdout=log, stderr=log
            )
        self.pid = self.proc.pid

    def records(self) -> list[dict[str, Any]]:
        found = []
        for line in self.log_path.read_text("utf-8").splitlines():
            try:
                found.append(json.loads(line))
            except ValueError:
                continue
        return found

    def wait_started(self, timeout: float = 20) -> datetime:
        """When the daemon said it was running its jobs."""
        wait_until(lambda: self.started_time() is not None or self.proc.poll() is not None, timeout)
        started = self.started_time()
        assert started is not None, self.log_path.read_text("utf-8")
        return started

    def first_due(self, job_id: str) -> datetime:
        """The next run time the daemon logged for ``job_id`` when it started."""
        for record in self.records():
            if record.get("message") == "job scheduled" and record.get("job_id") == job_id:
                return datetime.fromisoformat(record["next_run_time"])
        raise AssertionError(f"job {job_id} not scheduled: {self.log_path.read_text('utf-8')}")

    def started_time(self) -> datetime | None:
        for record in self.records():
            if record.get("message") == "scheduler daemon started":
                return datetime.fromisoformat(record["timestamp"])
        return None

    def stop(self, timeout: float = 30) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)


@pytest.fixture
def launch() -> Iterator[Callable[..., Daemon]]:
    """Start daemons; any left running at the end of the test is killed."""
    started: list[Daemon] = []

    def start(config: Path, *args: str) -> Daemon:
        daemon = Daemon(config, *args)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        if daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.proc.wait()


def configure(
    sites: ReplaySites,
    tmp_path: Path,
    names: list[str],
    crawl: dict[str, Any] | None = None,
    **schedule: Any,
) -> tuple[Settings, Path]:
    """Replay settings with a compressed schedule (nothing due for an hour unless asked)."""
    settings = replay_settings_for(sites, tmp_path, names)
    settings.crawl = settings.crawl.model_copy(update=crawl or {})
    settings.schedule = settings.schedule.model_copy(
        update={
            "daily_every_seconds": 3600,
            "trigger_poll_seconds": 0.5,
            "kill_grace_seconds": 3,
            "misfire_grace_seconds": 60,
            **schedule,
        }
    )
    return settings, write_config(settings, tmp_path / "newswatch.toml")


def wait_until(condition: Callable[[], object], timeout: float, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


def runs(settings: Settings) -> list[Run]:
    """Every recorded run, oldest first."""
    store = RunStore(settings.schedule.runs_path)
    try:
        return list(reversed(store.recent(1000)))
    finally:
        store.close()


def finished(settings: Settings) -> list[Run]:
    return [run for run in runs(settings) if run.status != "running"]


def fetched_articles(site: ReplaySite, since: int) -> list[str]:
    """Article pages the site served after its ``since``-th logged request, its slow page
    aside: that one is logged when its stall ends, seconds after the request, so the previous
    test's crawl could log one after this test's ``since`` (its daemon not even started)."""
    return [
        entry.path
        for entry in list(site.log)[since:]
        if entry.status == 200
        and entry.path.endswith(".html")
        and "slow" not in (site.route(entry.path) or ("", {}))[1]
    ]


def at(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


def on_grid(offset: timedelta, period: float) -> bool:
    """Up to 1 s after a multiple of ``period`` (recording a run takes a moment)."""
    return offset.total_seconds() % period <= 1.0


def stored(settings: Settings) -> list[tuple[str, str]]:
    """(id, url) of every stored article, in storage order."""
    backend = open_backend(settings)
    try:
        found: list[tuple[str, str]] = []
        cursor = None
        while True:
            batch = backend.stored_after(cursor, limit=500)
            found += [(article.id, str(article.url)) for article in batch.articles]
            if not batch.articles or batch.cursor is None:
                return found
            cursor = batch.cursor
    finally:
        backend.close()


@pytest.fixture(scope="module")
def reference(sites: ReplaySites, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Article ids one uninterrupted crawl of the slow source stores."""
    tmp = tmp_path_factory.mktemp("reference")
    settings, config = configure(sites, tmp, [SLOW_SOURCE])
    argv = [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"]
    subprocess.run(argv, cwd=tmp, env=CLEAN_ENV, check=True, capture_output=True, timeout=90)
    ids = {article_id for article_id, _ in stored(settings)}
    assert ids, "the reference crawl stored nothing"
    return ids


def test_scheduled_runs_happen_on_time_and_are_recorded(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(sites, tmp_path, ["vir"], daily_every_seconds=3)
    daemon = launch(config)
    daemon.wait_started()
    due = daemon.first_due("crawl:all@every-3s")
    wait_until(lambda: len(finished(settings)) >= 2, 40, "two scheduled runs")
    assert daemon.stop() == 0
    first, second = finished(settings)[:2]
    assert [first.job_id, second.job_id] == ["crawl:all@every-3s"] * 2
    assert [first.status, second.status] == ["ok", "ok"]
    assert first.sources == ["vir"]
    assert timedelta(0) <= at(first.started_at) - due <= timedelta(seconds=1), "first run on time"
    # A run still going at a due time lets that time pass (max_instances=1): the second run
    # starts at a later due time, on the same 3-second grid.
    assert on_grid(at(second.started_at) - due, period=3), second.started_at
    assert at(second.started_at) >= at(first.ended_at or ""), "runs of one job never overlap"
    assert first.new > 0 and first.pages_fetched > 0
    assert second.new == 0, "the second run found nothing new on an unchanged site"
    assert first.daemon_pid == daemon.pid and first.child_pid not in (None, daemon.pid)
    assert first.log_file and "newswatch" in Path(first.log_file).read_text("utf-8")
    assert first.after_crawl == "ok"


def test_trigger_runs_the_crawl_in_the_daemon_not_in_the_cli(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(sites, tmp_path, ["heza", "vir"])
    daemon = launch(config)
    daemon.wait_started()
    cli = CliRunner()
    result = cli.invoke(
        app, ["--config", str(config), "schedule", "trigger", "-s", "heza", "--wait"]
    )
    assert result.exit_code == 0, result.output
    (run,) = runs(settings)
    assert (run.job_id, run.sources, run.status) == ("trigger:1", ["heza"], "ok")
    assert run.daemon_pid == daemon.pid
    assert f"run #{run.id} heza: ok" in result.output
    history = cli.invoke(app, ["--config", str(config), "schedule", "runs", "--json"])
    assert [entry["id"] for entry in json.loads(history.output)] == [run.id]
    listing = cli.invoke(app, ["--config", str(config), "schedule", "list"])
    assert "daemon: running" in listing.output and "crawl:all@every-60m" in listing.output
    assert daemon.stop() == 0


def test_sigkill_mid_crawl_then_restart_loses_nothing_and_duplicates_nothing(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon], reference: set[str]
) -> None:
    settings, config = configure(sites, tmp_path, [SLOW_SOURCE])
    first = launch(config)
    first.wait_started()
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    wait_until(lambda: any(run.child_pid for run in runs(settings)), 15, "the crawl child")
    time.sleep(2)  # mid-way: the child has fetched pages, its slow page is stalling
    (killed,) = runs(settings)
    first.proc.kill()
    first.proc.wait()
    assert killed.child_pid is not None
    wait_until(lambda: not Path(f"/proc/{killed.child_pid}").exists(), 5, "the orphan to die")

    second = launch(config)
    second.wait_started()
    wait_until(lambda: len(finished(settings)) >= 2, 40, "the resumed run")
    assert second.stop() == 0
    interrupted, resumed = runs(settings)
    assert interrupted.id == killed.id and interrupted.status == "killed"
    assert "daemon stopped before this run ended" in interrupted.message
    # Its slow page times out on each try: some requests failed, so the source is ``partial``.
    assert resumed.status == "partial" and resumed.sources == [SLOW_SOURCE]
    assert resumed.outcomes == {SLOW_SOURCE: "partial"}
    articles = stored(settings)
    assert {article_id for article_id, _ in articles} == reference
    assert len(articles) == len(reference) == len({url for _, url in articles})


# Under load this lost the pages in extraction at the stop: the daemon's SIGTERM reached the
# whole process group, killed the extraction workers, and their pages were remembered as
# unextractable. The SIGTERM now goes to the crawl alone (scheduler/child.py).
def test_sigterm_mid_crawl_stops_it_cleanly_and_the_next_start_finishes_it(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon], reference: set[str]
) -> None:
    settings, config = configure(sites, tmp_path, [SLOW_SOURCE])
    first = launch(config)
    first.wait_started()
    site = sites[SLOW_SOURCE]
    seen = len(site.log)
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    # Mid-crawl whatever the machine's speed: Scrapy runs (its SIGTERM handler is in place),
    # has read the feeds and fetches articles, and the slow page will hold it for seconds.
    wait_until(lambda: fetched_articles(site, seen), 30, "the crawl to fetch an article")
    assert [run.status for run in runs(settings)] == ["running"]
    assert first.stop() == 0
    (stopped,) = runs(settings)
    assert (stopped.status, stopped.message) == ("killed", "stopped by daemon shutdown")

    second = launch(config)
    second.wait_started()
    wait_until(lambda: len(finished(settings)) >= 2, 40, "the resumed run")
    assert second.stop() == 0
    resumed = runs(settings)[1]
    assert (resumed.status, resumed.job_id) == ("partial", "trigger:2")  # the slow page
    articles = stored(settings)
    assert {article_id for article_id, _ in articles} == reference
    assert len(articles) == len(reference)


def test_downtime_across_several_due_times_yields_one_coalesced_run(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(sites, tmp_path, ["vir"], daily_every_seconds=4)
    first = launch(config)
    first.wait_started()
    assert first.stop() == 0  # before the first due time: the store keeps it
    assert runs(settings) == []
    time.sleep(12.5)  # three due times pass while no daemon runs

    second = launch(config)
    began = second.wait_started()
    kept = second.first_due("crawl:all@every-4s")
    assert kept < began - timedelta(seconds=8), "the stored, missed due time is kept"
    wait_until(lambda: len(finished(settings)) >= 1, 60, "the catch-up run")
    catch_up = finished(settings)[0]
    time.sleep(0.5)  # without coalescing, the other missed runs would follow right away
    assert second.stop() == 0
    assert catch_up.status == "ok"
    assert at(catch_up.started_at) - began < timedelta(seconds=1.5), "caught up at once"
    # Uncoalesced, the missed runs would follow the first at once, before the next due time.
    ended = at(catch_up.ended_at or "")
    next_due = kept + timedelta(seconds=4 * math.ceil((ended - kept).total_seconds() / 4))
    repeats = [run for run in runs(settings) if ended <= at(run.started_at) < next_due]
    assert repeats == [], "three missed due times, one run"


@pytest.fixture(scope="module")
def stalling_sites() -> Iterator[ReplaySites]:
    """The replay sites with a slow page that stalls for a minute."""
    running = serve_sites(default_sites_root(), slow_seconds=60)
    try:
        yield running
    finally:
        running.stop()


LIMIT = 20
"""A child crawl's time limit: short enough for a test, long enough that the healthy source's
child (interpreter start-up included) finishes inside it on a loaded 2-core machine."""


def test_a_slow_source_hits_its_time_limit_and_the_next_source_still_runs(
    stalling_sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(
        stalling_sites,
        tmp_path,
        [SLOW_SOURCE, "heza"],
        crawl={"download_timeout": 120},  # the slow page holds the crawl past its time limit
        crawl_time_limit_seconds=LIMIT,
        kill_grace_seconds=2,
    )
    daemon = launch(config)
    daemon.wait_started()
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    wait_until(lambda: len(finished(settings)) == 2, 3 * LIMIT + 30, "both sources")
    assert daemon.stop() == 0
    slow, fast = runs(settings)
    assert (slow.sources, slow.status, slow.message) == (
        [SLOW_SOURCE],
        "timeout",
        f"time limit of {LIMIT} s hit",
    )
    assert at(slow.ended_at or "") - at(slow.started_at) < timedelta(seconds=LIMIT + 2 + 2)
    assert (fast.sources, fast.status) == (["heza"], "ok")
    assert fast.new > 0


def test_a_second_daemon_on_the_same_store_refuses_and_a_waiting_one_takes_over(
    sites: ReplaySites, tmp_path: Path, launch: Callable[..., Daemon]
) -> None:
    settings, config = configure(sites, tmp_path, ["vir"], daily_every_seconds=3)
    first = launch(config)
    first.wait_started()
    refused = launch(config)
    assert refused.proc.wait(20) == 3
    assert f"another scheduler daemon (pid {first.pid})" in refused.log_path.read_text("utf-8")
    standby = launch(config, "--wait")
    wait_until(lambda: len(finished(settings)) >= 1, 20, "a run by the first daemon")
    assert standby.started_time() is None, "the standby must not run jobs while the first runs"
    assert first.stop() == 0
    standby.wait_started()
    wait_until(
        lambda: any(run.daemon_pid == standby.pid for run in finished(settings)), 20, "takeover"
    )
    assert standby.stop() == 0
    history = finished(settings)
    assert {run.daemon_pid for run in history} == {first.pid, standby.pid}
    for earlier, later in itertools.pairwise(history):
        assert at(later.started_at) >= at(earlier.ended_at or ""), "two runs overlapped"
