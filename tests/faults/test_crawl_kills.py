"""Seeded fault injection: ``newswatch crawl`` SIGKILLed at random moments, then crawled again
to the end; the store must then hold exactly the ids one clean crawl stores (0 lost, 0
duplicated) and pass SQLite's integrity check. ``KILLS`` moments per run, drawn from ``SEED``
(``NEWSWATCH_FAULT_SEED`` to replay a failure); ``bench.soak`` runs many more."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newswatch.core.settings import Settings
from search.factory import open_backend
from tests.servers.child import REPO, environment
from tests.servers.replay_server import ReplaySites
from tests.servers.sites import replay_settings_for

SOURCE = "baohaiphong"  # has a slow page: a kill often lands mid-fetch or mid-store
SEED = int(os.environ.get("NEWSWATCH_FAULT_SEED", "20261202"))
KILLS = 3
pytestmark = pytest.mark.timeout(300)


def crawl_argv(settings: Settings, workdir: Path) -> tuple[list[str], dict[str, str]]:
    env, config = environment(settings, workdir)
    return [sys.executable, "-m", "newswatch", "--config", str(config), "crawl"], env


def stored_ids(settings: Settings) -> list[str]:
    backend = open_backend(settings)
    try:
        return [article.id for article in backend.stored_after(None, limit=10_000).articles]
    finally:
        backend.close()


def kill_then_finish(settings: Settings, workdir: Path, after: float) -> None:
    argv, env = crawl_argv(settings, workdir)
    child = subprocess.Popen(
        argv, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(after)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def reference(replay_sites: ReplaySites, tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    work = tmp_path_factory.mktemp("clean")
    settings = replay_settings_for(replay_sites, work, [SOURCE])
    argv, env = crawl_argv(settings, work)
    subprocess.run(argv, cwd=REPO, env=env, check=True, capture_output=True, timeout=180)
    ids = stored_ids(settings)
    assert ids
    return set(ids)


@pytest.mark.parametrize("kill", range(KILLS))
def test_a_crawl_killed_at_a_random_moment_loses_and_doubles_nothing(
    replay_settings: Callable[..., Settings], reference: set[str], kill: int
) -> None:
    after = random.Random(SEED + kill).uniform(0.5, 8.0)  # start-up to mid-crawl
    settings = replay_settings([SOURCE])
    kill_then_finish(settings, settings.storage.path.parent, after)
    ids = stored_ids(settings)
    assert set(ids) == reference, f"kill after {after:.2f} s (seed {SEED + kill})"
    assert len(ids) == len(set(ids))
    with sqlite3.connect(settings.storage.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
