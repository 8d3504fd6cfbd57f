"""A scheduled all-sources crawl cut by SIGKILL between its sources: the next daemon resumes
every source it had not finished, not only the one that was running (real daemons, real
crawl children, replay sites)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.runs import RunStore
from scheduler.runs_schema import triggers_t
from tests.scheduler.test_daemon import (  # noqa: F401  (fixtures)
    SLOW_SOURCE,
    Daemon,
    configure,
    launch,
    runs,
    sites,
    wait_until,
)
from tests.servers.replay_server import ReplaySites

pytestmark = pytest.mark.timeout(150)
LATER_SOURCE = "vir"  # after baohaiphong in replay.toml: not started when the daemon dies


CRAWLED = {"ok", "partial"}


def test_sigkill_during_the_first_source_the_later_sources_are_resumed_too(
    sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
    launch: Callable[..., Daemon],  # noqa: F811
) -> None:
    settings, config = configure(
        sites, tmp_path, [SLOW_SOURCE, LATER_SOURCE], daily_every_seconds=5
    )
    first = launch(config)
    first.wait_started()
    wait_until(lambda: any(run.child_pid for run in runs(settings)), 20, "the scheduled crawl")
    time.sleep(1.5)
    (cut,) = runs(settings)
    assert cut.sources == [SLOW_SOURCE] and cut.status == "running"
    first.proc.kill()
    first.proc.wait()

    second = launch(config)
    second.wait_started()
    store = RunStore(settings.schedule.runs_path)
    assert cut.request_id is not None, "a scheduled run serves a request of its own"
    reason = f"resume of request #{cut.request_id}"
    with store.engine.connect() as connection:
        resumes = list(connection.execute(select(triggers_t).where(triggers_t.c.reason == reason)))
    assert [json.loads(request.sources) for request in resumes] == [[SLOW_SOURCE, LATER_SOURCE]]
    done = {LATER_SOURCE, SLOW_SOURCE}

    def crawled_by_second() -> set[str]:
        # ``partial``: the slow source's stalling page times out, the rest is crawled.
        done = [r for r in runs(settings) if r.daemon_pid == second.pid and r.status in CRAWLED]
        return {source for run in done for source in run.sources}

    # Served by the resume, or by the job's next due run when it got there first (the resume
    # then records that source as skipped: "already being crawled"): crawled either way.
    wait_until(lambda: crawled_by_second() >= done, 60, "both sources crawled again")

    def resume_settled() -> bool:
        # A run serving the resume may still be crawling after the due run covered its source;
        # stopping then would record it "killed" by the test, not by the daemon.
        served = store.runs_for(resumes[0].id)
        return len(served) == 2 and all(run.status != "running" for run in served)

    wait_until(resume_settled, 60, "the resume's runs ended")
    assert second.stop() == 0
    served = store.runs_for(resumes[0].id)
    assert {run.status for run in served} <= {*CRAWLED, "skipped"} and len(served) == 2
    assert store.get(cut.id).status == "killed"
