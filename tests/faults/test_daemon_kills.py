"""Seeded fault injection on the daemon: ``newswatch schedule run`` SIGKILLed at a random moment
of a manual crawl (start-up of the child, mid-fetch, mid-store), then started again. The run cut
short must be recorded as killed and retried by the next daemon on its own; the store must then
hold exactly the ids one uninterrupted crawl stores (0 lost, 0 duplicated) and pass SQLite's
integrity check. ``NEWSWATCH_FAULT_SEED`` replays a failing moment."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scheduler.runs import RunStore
from tests.scheduler.test_daemon import (  # noqa: F401  (fixtures)
    SLOW_SOURCE,
    Daemon,
    configure,
    launch,
    reference,
    runs,
    sites,
    stored,
    wait_until,
)
from tests.servers.replay_server import ReplaySites

SEED = int(os.environ.get("NEWSWATCH_FAULT_SEED", "20261202"))
KILLS = 2
CRAWLED = {"ok", "partial"}  # partial: the slow source's stalling page times out on each try
pytestmark = pytest.mark.timeout(150)


@pytest.mark.parametrize("kill", range(KILLS))
def test_a_daemon_killed_at_a_random_moment_records_retries_and_stores_each_once(
    sites: ReplaySites,  # noqa: F811
    tmp_path: Path,
    launch: Callable[..., Daemon],  # noqa: F811
    reference: set[str],  # noqa: F811
    kill: int,
) -> None:
    after = random.Random(SEED + kill).uniform(0.2, 8.0)
    settings, config = configure(sites, tmp_path, [SLOW_SOURCE])
    first = launch(config)
    first.wait_started()
    RunStore(settings.schedule.runs_path).request([], "manual trigger")
    wait_until(lambda: any(run.child_pid for run in runs(settings)), 20, "the crawl child")
    time.sleep(after)
    (cut,) = runs(settings)
    first.proc.kill()
    first.proc.wait()
    if cut.child_pid is not None:
        orphan = Path(f"/proc/{cut.child_pid}")
        wait_until(lambda: not orphan.exists(), 10, "the orphaned child to die")

    second = launch(config)
    second.wait_started()

    def served() -> bool:  # the cut run ended in time, or a later run crawled the source again
        recorded = runs(settings)
        done = [r for r in recorded if r.id != cut.id and r.status in CRAWLED]
        return any(r.id == cut.id and r.status in CRAWLED for r in recorded) or bool(done)

    wait_until(served, 90, "the retried run")
    assert second.stop() == 0
    recorded = {run.id: run for run in runs(settings)}
    where = f"kill {after:.2f} s into the crawl (seed {SEED + kill})"
    print(f"{where}: cut run {recorded[cut.id].status}, {len(recorded)} runs")
    if recorded[cut.id].status not in CRAWLED:  # cut short: recorded so, and retried
        assert recorded[cut.id].status == "killed", where
        retried = [r for r in recorded.values() if r.id != cut.id]
        assert [r.sources for r in retried] == [[SLOW_SOURCE]], where
        assert retried[0].status in CRAWLED, where
    articles = stored(settings)
    ids = [article_id for article_id, _ in articles]
    assert set(ids) == reference, f"lost {sorted(reference - set(ids))}; {where}"
    assert len(ids) == len(set(ids)), f"duplicated; {where}"
    with sqlite3.connect(settings.storage.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
